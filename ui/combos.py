"""Filling the choice lists (combo boxes) that screens fill again when records or the language change."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtWidgets import QComboBox

from facilitator import i18n

#: ``refill``'s default: keep what the box has chosen now.
CHOSEN_NOW: Any = object()


def refill(box: QComboBox, items: Iterable[tuple[str, Any]], choose: Any = CHOSEN_NOW) -> None:
    """Put ``items`` (text, data) in ``box`` again and choose the item whose data is ``choose`` (by default the
    one chosen before), or the first when it is not there. The box's signals wait meanwhile: nothing reacts to
    the list being emptied and filled, only to what its owner does after."""
    keep = box.currentData() if choose is CHOSEN_NOW else choose
    blocked = box.blockSignals(True)
    box.clear()
    for text, data in items:
        box.addItem(text, data)
    box.setCurrentIndex(max(0, box.findData(keep)) if keep is not None else 0)
    box.blockSignals(blocked)


def languages_by_name(codes: Iterable[str]) -> list[tuple[str, str]]:
    """The languages of ``codes`` as (name in the window's language, code), in the order of their names."""
    t = i18n.active()
    return sorted(((t.language_name(code), code) for code in codes), key=lambda named: named[0].casefold())
