"""What a table's header shows over each column: light enough for models the window builds before its first
paint (the search results, the exchange's decisions), which may not load the core's records that ``ui.models``
reads."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt

from facilitator.i18n import _


def column_title(
    titles: Sequence[str], section: int, orientation: Qt.Orientation, role: int, *, translate: bool = False
) -> str | None:
    """What a table's horizontal header shows over column ``section``: its title (translated when ``translate``,
    for titles marked ``N_``); None for any other orientation, role or column."""
    horizontal = orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
    if not horizontal or not 0 <= section < len(titles):
        return None
    return _(titles[section]) if translate else titles[section]
