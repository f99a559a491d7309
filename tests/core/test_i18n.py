"""The one place for language: formats per locale, language names, plurals, the pseudo language, listeners."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from facilitator import i18n
from facilitator.entities import Partner, Tier, validate_partner
from facilitator.errors import ValidationError
from facilitator.i18n import (
    N_,
    PSEUDO_CLOSE,
    PSEUDO_LANGUAGE,
    PSEUDO_OPEN,
    _,
    current_language,
    is_known_language,
    ngettext,
    on_language_changed,
    pgettext,
    set_language,
    translator,
)

PI_DAY = dt.date(2025, 3, 14)


@pytest.fixture
def heard() -> Iterator[list[str]]:
    """Languages announced to a listener while the test runs; the listener is removed afterwards."""
    calls: list[str] = []
    on_language_changed(calls.append)
    yield calls
    i18n._Active.listeners.remove(calls.append)


# --- formats ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "long", "full"),
    [
        ("en", "March 14, 2025", "Friday, March 14, 2025"),
        ("de", "14. März 2025", "Freitag, 14. März 2025"),
        ("fr", "14 mars 2025", "vendredi 14 mars 2025"),
        ("nl", "14 maart 2025", "vrijdag 14 maart 2025"),
        ("ar", "14 مارس 2025", "الجمعة، 14 مارس 2025"),
    ],
)
def test_dates_in_each_locale(language: str, long: str, full: str) -> None:
    t = translator(language)
    assert t.format_date(PI_DAY, "long") == long
    assert t.format_date(PI_DAY, "full") == full


def test_default_date_form_is_medium() -> None:
    assert (
        translator("de").format_date(PI_DAY) == translator("de").format_date(PI_DAY, "medium") == "14.03.2025"
    )
    assert translator("en").format_date(PI_DAY) == "Mar 14, 2025"


def test_numbers_use_the_locale_separators() -> None:
    assert translator("en").format_number(1234.5) == "1,234.5"
    assert translator("de").format_number(1234.5) == "1.234,5"
    french = translator("fr").format_number(1234.5)
    assert french.endswith("234,5")  # a decimal comma
    assert "." not in french
    assert french[1] in "\u202f\xa0 "  # thousands separated by a (narrow) space
    assert translator("fr").format_number(0.5) == "0,5"
    assert translator("de").format_percent(0.25).replace("\xa0", " ") == "25 %"
    assert translator("en").format_percent(0.25) == "25%"


def test_times_and_weekdays() -> None:
    assert translator("de").format_time(dt.time(9, 5)) == "09:05"
    assert translator("en").format_time(dt.time(21, 5)) == "9:05\u00a0PM"  # never the narrow space fonts lack
    assert translator("de").weekday_name(0) == "Montag"
    assert translator("fr").weekday_name(6) == "dimanche"
    assert translator("en").weekday_name(4) == "Friday"
    moment = dt.datetime(2025, 3, 14, 9, 30)
    assert "2025" in translator("de").format_datetime(moment)
    assert "09:30" in translator("de").format_datetime(moment)


@pytest.mark.parametrize(
    ("language", "rtl"),
    [("ar", True), ("fa", True), ("ur", True), ("he", True), ("en", False), ("de", False), ("tr", False)],
)
def test_direction(language: str, rtl: bool) -> None:
    assert translator(language).right_to_left is rtl


def test_language_names() -> None:
    assert translator("en").language_name("fr") == "French"
    assert translator("de").language_name("fr") == "Französisch"
    assert translator("fr").language_name("de") == "allemand"
    assert translator("nl").language_name("ar") == "Arabisch"
    assert translator("de").language_name("pt-BR") == "Portugiesisch (Brasilien)"
    assert translator("en").language_name("xx-nonsense") == "xx-nonsense"  # unknown: the code itself


def test_unknown_language_formats_like_the_source_language() -> None:
    t = translator("zz")
    assert t.language == "zz"
    assert t.format_date(PI_DAY, "long") == "March 14, 2025"
    assert t.gettext("Save") == "Save"
    assert not is_known_language("zz")
    assert is_known_language("pt-BR")
    assert is_known_language("ar")


def test_translators_are_cached() -> None:
    assert translator("de") is translator("de")
    assert translator("de") is not translator("fr")


# --- messages -----------------------------------------------------------------------------------------------


def test_english_falls_back_to_the_source_strings() -> None:
    assert current_language() == "en"
    assert _("Save changes") == "Save changes"
    assert ngettext("{n} partner", "{n} partners", 1) == "{n} partner"
    assert ngettext("{n} partner", "{n} partners", 0) == "{n} partners"
    assert ngettext("{n} partner", "{n} partners", 2) == "{n} partners"
    assert ngettext("{n} partner", "{n} partners", 21) == "{n} partners"
    assert pgettext("menu", "Open") == "Open"
    t = translator("en")
    assert t.ngettext("one meeting", "many meetings", 1) == "one meeting"
    assert t.ngettext("one meeting", "many meetings", 5) == "many meetings"
    assert N_("Marked only") == "Marked only"


def test_pseudo_language_wraps_every_string() -> None:
    pseudo = translator(PSEUDO_LANGUAGE)
    assert pseudo.gettext("Save") == f"{PSEUDO_OPEN}Save{PSEUDO_CLOSE}" == "⟦Save⟧"
    assert pseudo.ngettext("{n} partner", "{n} partners", 1) == "⟦{n} partner⟧"
    assert pseudo.ngettext("{n} partner", "{n} partners", 3) == "⟦{n} partners⟧"
    assert pseudo.pgettext("menu", "Open") == "⟦Open⟧"
    assert not pseudo.right_to_left
    assert pseudo.format_date(PI_DAY, "long") == "March 14, 2025"  # formats stay those of the source language

    set_language(PSEUDO_LANGUAGE)
    assert current_language() == PSEUDO_LANGUAGE
    assert _("Save") == "⟦Save⟧"
    assert ngettext("a", "b", 2) == "⟦b⟧"
    # Labels marked with N_ are translated when shown, so they are wrapped too.
    assert Tier.STRATEGIC.label == "⟦Strategic⟧"
    # And so are the core's messages to the user.
    with pytest.raises(ValidationError) as caught:
        validate_partner(Partner(name=" "))
    assert PSEUDO_OPEN in caught.value.problem
    assert str(caught.value).startswith(PSEUDO_OPEN)


# --- switching language -------------------------------------------------------------------------------------


def test_set_language_switches_and_notifies(heard: list[str]) -> None:
    set_language("de")
    assert current_language() == "de"
    assert i18n.active() is translator("de")
    set_language(PSEUDO_LANGUAGE)
    assert _("Save") == "⟦Save⟧"
    set_language("en")
    assert _("Save") == "Save"
    assert heard == ["de", PSEUDO_LANGUAGE, "en"]


def test_every_listener_is_told(heard: list[str]) -> None:
    second: list[str] = []

    def listener(code: str) -> None:
        second.append(code)
        assert current_language() == code  # the new language is already active when listeners run

    on_language_changed(listener)
    try:
        set_language("fr")
    finally:
        i18n._Active.listeners.remove(listener)
    assert heard == ["fr"]
    assert second == ["fr"]


def test_the_window_writes_dates_times_and_numbers_as_in_its_region() -> None:
    """en_GB gives 07/12/2026 and 10:00; en_US 12/7/2026 and 10:00 AM; fr_FR 07/12/2026 and 10:00."""
    day, time = dt.date(2026, 12, 7), dt.time(10, 0)
    expected = {
        ("en", "GB"): ("07/12/2026", "10:00", "1,234.5"),
        ("en", "US"): ("12/7/2026", "10:00\u00a0AM", "1,234.5"),
        ("fr", "FR"): ("07/12/2026", "10:00", "1\u202f234,5"),
    }
    for (language, region), (date_text, time_text, number) in expected.items():
        set_language(language, region)
        t = i18n.active()
        assert (t.format_date(day), t.format_time(time), t.format_number(1234.5)) == (date_text, time_text, number)
        assert t.format_date(day, "full").endswith("2026")  # a named form stays as asked
    set_language("en", "")
    assert i18n.active().format_date(day) == "Dec 7, 2026"  # no region: the language's own medium form
