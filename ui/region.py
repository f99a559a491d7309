"""Where the user is: the region the window writes dates, times and numbers for, and the fields that follow it.

The window follows the system's region (``QLocale.system()``) unless the user chose another in Settings; the
formats themselves come from Babel through ``facilitator.i18n``, so that a table, a date field and a document
of the same region agree. Documents follow the partnership's region (``facilitator.profile``), not this one.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale

from facilitator import i18n
from facilitator.i18n import _
from facilitator.ui.settings import Settings

if (
    TYPE_CHECKING
):  # the fields are imported where they are made: the window's region is read before its first paint
    from PySide6.QtWidgets import QComboBox, QDateEdit, QTimeEdit


def known_regions() -> frozenset[str]:
    """The country codes Babel knows (``profile.known_regions``: reading them loads Babel's English data, so a
    window with no region to check starts without it)."""
    from facilitator.profile import known_regions as babel_regions  # noqa: PLC0415 - the core loads after paint

    return babel_regions()


def system_region() -> str:
    """The country code of the system's region ("GB" for en_GB), or "" when the system names none."""
    name = QLocale.system().name()  # "en_GB"
    code = name.split("_")[1] if "_" in name else ""
    return code if code and code in known_regions() else ""


def window_region(settings: Settings) -> str:
    """The region the window formats for: the user's choice, else the system's."""
    chosen = settings.preferences().region
    return chosen if chosen and chosen in known_regions() else system_region()


def region_names() -> list[tuple[str, str]]:
    """Every region as (code, name in the window's language), by name."""
    names = i18n.active().locale.territories
    return sorted(
        ((code, str(names.get(code, code))) for code in known_regions()), key=lambda pair: pair[1].casefold()
    )


def qt_date_format() -> str:
    """The window's date pattern as a Qt display format (``dd/MM/yyyy`` in Britain)."""
    return _qt_pattern(i18n.active().date_pattern)


def qt_time_format() -> str:
    """The window's time of day as a Qt display format (``HH:mm``, or ``h:mm AP`` on a 12-hour clock)."""
    return "HH:mm" if i18n.active().uses_24_hours else "h:mm AP"


def _qt_pattern(pattern: str) -> str:
    """A CLDR date pattern in Qt's words: the year in full; quoted text and d/M runs as they are."""
    parts = re.split(r"('[^']*')", pattern)
    return "".join(part if part.startswith("'") else re.sub(r"y+", "yyyy", part) for part in parts)


def follow_region(edit: QDateEdit | QTimeEdit) -> None:
    """Make a date or time field write its value as the window's tables do."""
    from PySide6.QtWidgets import QTimeEdit  # noqa: PLC0415 - see the imports

    edit.setDisplayFormat(qt_time_format() if isinstance(edit, QTimeEdit) else qt_date_format())


# --- time zones, named as people say them ------------------------------------------------------------------------

_AREAS = (
    "Africa/",
    "America/",
    "Antarctica/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)


@cache
def _zones() -> tuple[str, ...]:
    from zoneinfo import available_timezones  # noqa: PLC0415

    return tuple(sorted(z for z in available_timezones() if z.startswith(_AREAS) and "/Etc" not in z))


def timezone_label(zone: str) -> str:
    """``Europe/London`` as people say it, in the window's language: "London (United Kingdom Time)"."""
    from babel.dates import get_timezone, get_timezone_location  # noqa: PLC0415

    locale = i18n.active().locale
    try:
        tz = get_timezone(zone)
        city = str(get_timezone_location(tz, locale=locale, return_city=True))
        where = str(get_timezone_location(tz, locale=locale))
    except (LookupError, ValueError):
        return zone
    return _("{city} ({where})").format(city=city, where=where) if city and city not in where else where


def timezone_combo(current: str) -> QComboBox:
    """A list of time zones in the users' words, ``current`` chosen (kept even if unknown here)."""
    from PySide6.QtWidgets import QComboBox  # noqa: PLC0415 - see the imports

    combo = QComboBox()
    combo.setObjectName("timezoneChoice")
    labels = [(timezone_label(z), z) for z in _zones()]
    if current and current not in _zones():
        labels.append((current, current))
    for label, zone in sorted(labels, key=lambda pair: pair[0].casefold()):
        combo.addItem(label, zone)
        combo.setItemData(combo.count() - 1, zone, 3)  # the IANA name as the item's tooltip
    index = combo.findData(current)
    combo.setCurrentIndex(max(index, 0))
    return combo


def sample_date() -> str:
    """How the window writes a date now (shown beside the region setting)."""
    t = i18n.active()
    return f"{t.format_date(dt.date(2026, 12, 7))} {t.format_time(dt.time(10, 0))} {t.format_number(1234.5)}"
