"""Story S3 end to end through the window: the organiser prepares a public meeting, writes its leaflet in the
Leaflet tab, and prints it in English, Polish, Arabic and Turkish, all four on a folded A4 sheet, and in large
print.
No restricted or partners-only text and no person's name reaches any of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QDateTimeEdit, QFileDialog, QWidget

from facilitator.leaflets import Leaflet, leaflet_of
from facilitator.ui.leaflet_tab import LeafletTab
from facilitator.ui.main_window import MainWindow
from facilitator.ui.meetings_screen import MeetingsScreen
from facilitator.ui.settings import Settings
from tests.conftest import leaflet_file_at
from tests.core.test_leaflets import FORBIDDEN, Partnership
from tests.ui.conftest import ModalAnswers, meetings_on
from tests.ui.hands import choose, click_row, go_to, press, step_to, type_in_cell, type_into

DAY = dt.date(2026, 12, 16)  # a Wednesday evening, nine days after the frozen clock's Monday
VENUE = "St Mark's Community Centre, main hall"
HEADLINE = "Residents' meeting: have your say"
CONTACTS = "Station Square office\nPhone: 020 7946 0150"
DONE = "PUBLICMARK-s3 Needle bins are emptied every day."
ITEMS = (
    ("PUBLICMARK-asked Needles in the park", "Public", ""),
    ("PARTNERSMARK-s3 Budget of the outreach team", "Partners only", ""),
    ("RESTRICTEDMARK-s3 Police operation next week", "Restricted to named partners", "City Police"),
)
TRANSLATIONS = {
    "pl": "Spotkanie mieszkańców: zabierz głos",
    "ar": "اجتماع السكان: شاركونا آراءكم",
    "tr": "Sakinler toplantısı: söz sizde",
}


@pytest.fixture
def story(
    qtbot, settings: Settings, tmp_path: Path, modals: ModalAnswers
) -> Iterator[tuple[MainWindow, MeetingsScreen, Partnership]]:
    path, data = leaflet_file_at(tmp_path / "s3.sqlite")
    for window, meetings in meetings_on(qtbot, settings, path):
        yield window, meetings, data


def wait_preview(qtbot, tab: LeafletTab) -> None:
    qtbot.wait(10)
    qtbot.waitUntil(
        lambda: not tab.is_busy() and (tab.pdf is not None or tab.problem is not None), timeout=60000
    )


def export(qtbot, tab: LeafletTab, monkeypatch: pytest.MonkeyPatch, target: Path) -> bytes:
    """Export PDF…, the file named in the save dialog."""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    with qtbot.waitSignal(tab.exported, timeout=60000):
        press(qtbot, tab, "Export PDF")
    return target.read_bytes()


def plan_public_meeting(qtbot, window: MainWindow, modals: ModalAnswers) -> MeetingsScreen:  # type: ignore[no-untyped-def]
    """Meetings screen: New meeting…, its day, time and venue typed, OK; then the topics residents asked about
    (and two the partners keep to themselves), each with Add item…, typed and chosen in the item's dialog."""
    meetings = go_to(window, "Meetings")
    choose(meetings.forum, "Station Square residents")  # type: ignore[attr-defined]

    def meeting(dialog: QWidget) -> None:
        day_field, hour_field = dialog.date, dialog.time  # type: ignore[attr-defined]
        # Offered: the next day at the forum's usual time; the organiser steps to Wednesday, half past six.
        offered = dt.date(day_field.date().year(), day_field.date().month(), day_field.date().day())
        step_to(day_field, QDateTimeEdit.Section.DaySection, (DAY - offered).days)
        step_to(hour_field, QDateTimeEdit.Section.HourSection, 18 - hour_field.time().hour())
        step_to(hour_field, QDateTimeEdit.Section.MinuteSection, 30 - hour_field.time().minute())
        type_into(qtbot, dialog.venue, VENUE)  # type: ignore[attr-defined]
        assert (day_field.date(), hour_field.time()) == (QDate(DAY.year, DAY.month, DAY.day), QTime(18, 30))
        press(qtbot, dialog, "OK")

    modals.fill["MeetingDialog"] = meeting
    press(qtbot, meetings, "New meeting")
    shown = meetings.meetings.records()  # type: ignore[attr-defined]
    assert any(m.starts_at == dt.datetime.combine(DAY, dt.time(18, 30)) and m.venue == VENUE for m in shown)
    meetings.tabs.setCurrentWidget(meetings.agenda)  # type: ignore[attr-defined]
    for title, confidentiality, restricted in ITEMS:

        def item(
            dialog: QWidget, title: str = title, who: str = confidentiality, only: str = restricted
        ) -> None:
            type_into(qtbot, dialog.title_edit, title)  # type: ignore[attr-defined]
            choose(dialog.kind, "Discussion")  # type: ignore[attr-defined]
            choose(dialog.partner, "City Police")  # type: ignore[attr-defined]
            choose(dialog.person, "Anna PERSONMARK-Kowalska")  # type: ignore[attr-defined]
            choose(dialog.confidentiality, who)  # type: ignore[attr-defined]
            for row in range(dialog.restricted.count()):  # type: ignore[attr-defined]
                box = dialog.restricted.item(row)  # type: ignore[attr-defined]
                if only and box.text() == only:
                    box.setCheckState(Qt.CheckState.Checked)
            press(qtbot, dialog, "OK")

        modals.fill["ItemDialog"] = item
        press(qtbot, meetings.agenda, "Add item")  # type: ignore[attr-defined]
    return meetings  # type: ignore[return-value]


def done_for_residents(qtbot, window: MainWindow, modals: ModalAnswers) -> None:  # type: ignore[no-untyped-def]
    """Actions screen: New action…, done today by the police, public, with the words residents may read."""
    actions = go_to(window, "Actions")
    choose(actions.forum, "Station Square residents")  # type: ignore[attr-defined]

    def done(dialog: QWidget) -> None:
        type_into(qtbot, dialog.title_edit, "PARTNERSMARK-s3 action title")  # type: ignore[attr-defined]
        choose(dialog.partner, "City Police")  # type: ignore[attr-defined]
        choose(dialog.status, "Done")  # type: ignore[attr-defined]
        choose(dialog.confidentiality, "Public")  # type: ignore[attr-defined]
        type_into(qtbot, dialog.public_text, DONE)  # type: ignore[attr-defined]
        press(qtbot, dialog, "OK")

    modals.fill["ActionDialog"] = done
    press(qtbot, actions, "New action")


def translate_headline(qtbot, meetings: MeetingsScreen, headline: str) -> None:  # type: ignore[no-untyped-def]
    """Translations tab: for each language, the headline's translation typed in its cell, then Mark reviewed."""
    tab = meetings.translations
    meetings.tabs.setCurrentWidget(tab)
    for language, text in TRANSLATIONS.items():
        tab.language.setCurrentIndex(tab.language.findData(language))
        type_in_cell(qtbot, tab.table, headline, 2, text, find_in=1)
        click_row(qtbot, tab.table, headline, 1)
        press(qtbot, tab, "Mark reviewed")


def test_s3_the_public_meeting_and_its_leaflets(  # noqa: PLR0917 - pytest fixtures
    qtbot, story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, laptop, modals: ModalAnswers
) -> None:
    window, _meetings, _data = story
    laptop(window)
    store = window.context.store
    # The organiser prepares the public meeting: time and place, the topics residents asked about, and a
    # public action done since the last public meeting, all through the window.
    meetings = plan_public_meeting(qtbot, window, modals)
    done_for_residents(qtbot, window, modals)
    meetings = go_to(window, "Meetings")  # type: ignore[assignment]
    meeting = next(m for m in meetings.meetings.records() if m.venue == VENUE)
    meetings.show_meeting(meeting.id)
    assert meetings.tabs.isTabVisible(meetings.tabs.indexOf(meetings.leaflet))
    meetings.tabs.setCurrentWidget(meetings.leaflet)
    tab = meetings.leaflet
    wait_preview(qtbot, tab)
    # Accessibility and the leaflet's own texts, typed into the tab and ticked.
    type_into(qtbot, tab.texts["headline"], HEADLINE)
    type_into(qtbot, tab.texts["venue_address"], "4 Church Lane")
    for flag in ("step_free_access", "hearing_loop", "childcare", "interpreters"):
        if not tab.flags[flag].isChecked():
            qtbot.keyClick(tab.flags[flag], Qt.Key.Key_Space)  # ticked from the keyboard
        assert tab.flags[flag].isChecked(), flag
    type_into(qtbot, tab.texts["contacts"], CONTACTS)
    # Kept as typed, without a Save button (the tab saves a moment after the last key).
    qtbot.waitUntil(lambda: (leaflet_of(store, meeting.id) or Leaflet(meeting_id="")).contacts == CONTACTS)
    assert leaflet_of(store, meeting.id).headline == HEADLINE  # type: ignore[union-attr]
    wait_preview(qtbot, tab)
    assert tab.warnings == []
    translate_headline(qtbot, meetings, HEADLINE)
    meetings.tabs.setCurrentWidget(tab)

    printed: dict[str, bytes] = {}
    for language in ("en", "pl", "ar", "tr"):
        tab.language.setCurrentIndex(tab.language.findData(language))
        wait_preview(qtbot, tab)
        assert tab.problem is None, tab.problem
        printed[language] = export(qtbot, tab, monkeypatch, tmp_path / f"leaflet-{language}.pdf")
    tab.language.setCurrentIndex(tab.language.findData("en"))
    for combo, code in zip(tab.more_languages, ("pl", "ar", "tr"), strict=True):
        combo.setCurrentIndex(combo.findData(code))
    tab.folding.setCurrentIndex(tab.folding.findData("folded"))
    wait_preview(qtbot, tab)
    assert tab.problem is None, tab.problem
    printed["folded"] = export(qtbot, tab, monkeypatch, tmp_path / "leaflet-folded.pdf")
    for combo in tab.more_languages:
        combo.setCurrentIndex(0)
    tab.large_print.setChecked(True)
    wait_preview(qtbot, tab)
    assert tab.problem is None, tab.problem
    printed["large"] = export(qtbot, tab, monkeypatch, tmp_path / "leaflet-large.pdf")

    for name, pdf in printed.items():
        reader = PdfReader(BytesIO(pdf))
        assert len(reader.pages) == (2 if name == "folded" else 1), name  # four panels: both sides of A4
        text = "\n".join(page.extract_text() for page in reader.pages)
        for marker in FORBIDDEN:
            assert marker not in text, (name, marker)
        assert b"PERSONMARK" not in pdf
        if name in ("en", "folded", "large", "pl", "tr"):
            assert "PUBLICMARK-asked" in text, name
            assert "PUBLICMARK-s3 Needle bins" in text, name  # what was done since the last public meeting
    assert str(PdfReader(BytesIO(printed["ar"])).trailer["/Root"]["/Lang"]) == "ar"
    assert (
        str(PdfReader(BytesIO(printed["ar"])).trailer["/Root"]["/ViewerPreferences"]["/Direction"]) == "/R2L"
    )
    assert "Spotkanie mieszkańców" in PdfReader(BytesIO(printed["pl"])).pages[0].extract_text()
    assert "Sakinler toplantısı" in PdfReader(BytesIO(printed["tr"])).pages[0].extract_text()
