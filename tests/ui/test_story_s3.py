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
from PySide6.QtWidgets import QFileDialog

from facilitator.actions import Action, ActionStatus, save_action
from facilitator.content_translation import set_translation, translatable_texts
from facilitator.meeting_ops import new_meeting, save_item
from facilitator.meetings import AgendaItem, Confidentiality, ItemKind
from facilitator.storage import open_partnership
from facilitator.ui.app import create_application
from facilitator.ui.leaflet_tab import LeafletTab
from facilitator.ui.main_window import MainWindow
from facilitator.ui.meetings_screen import MeetingsScreen
from facilitator.ui.settings import Settings
from tests.core.test_leaflets import FORBIDDEN, Partnership, make_partnership
from tests.ui.conftest import ModalAnswers

TRANSLATIONS = {
    "pl": "Spotkanie mieszkańców: zabierz głos",
    "ar": "اجتماع السكان: شاركونا آراءكم",
    "tr": "Sakinler toplantısı: söz sizde",
}


@pytest.fixture
def story(
    qtbot, settings: Settings, tmp_path: Path, modals: ModalAnswers
) -> Iterator[tuple[MainWindow, MeetingsScreen, Partnership]]:
    path = tmp_path / "s3.sqlite"
    with open_partnership(path) as store:
        data = make_partnership(store)
    create_application()
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_path(path)
    window.resize(1400, 900)
    window.show()
    window.navigation.setCurrentRow(1)
    meetings = window.findChild(MeetingsScreen)
    assert meetings is not None
    yield window, meetings, data
    window.close()


def wait_preview(qtbot, tab: LeafletTab) -> None:
    qtbot.wait(10)
    qtbot.waitUntil(
        lambda: not tab.is_busy() and (tab.pdf is not None or tab.problem is not None), timeout=60000
    )


def export(qtbot, tab: LeafletTab, monkeypatch: pytest.MonkeyPatch, target: Path) -> bytes:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    with qtbot.waitSignal(tab.exported, timeout=60000):
        assert tab.export("pdf") is not None
    return target.read_bytes()


def test_s3_the_public_meeting_and_its_leaflets(
    qtbot, story, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, laptop
) -> None:
    window, meetings, data = story
    laptop(window)
    context = window.context
    store = context.store
    # The organiser prepares the public meeting: time and place, the topics residents asked about, and a
    # public action done since the last public meeting. Each step is an undoable operation of the window.
    edit, meeting = new_meeting(
        store,
        data.forum.id,
        dt.datetime(2025, 9, 17, 18, 30),
        timezone="Europe/London",
        venue="St Mark's Community Centre, main hall",
    )
    context.run(edit)
    for title, confidentiality, restricted in (
        ("PUBLICMARK-asked Needles in the park", Confidentiality.PUBLIC, ()),
        ("PARTNERSMARK-s3 Budget of the outreach team", Confidentiality.PARTNERS, ()),
        ("RESTRICTEDMARK-s3 Police operation next week", Confidentiality.RESTRICTED, (data.police.id,)),
    ):
        item = AgendaItem(
            meeting_id=meeting.id,
            position=0,
            title=title,
            kind=ItemKind.DISCUSSION,
            confidentiality=confidentiality,
            restricted_to=restricted,
            presenter_id=data.person.id,
        )
        context.run(save_item(store, item))
    done = Action(
        forum_id=data.forum.id,
        title="PARTNERSMARK-s3 action title",
        owner_partner_id=data.police.id,
        owner_person_id=data.person.id,
        status=ActionStatus.DONE,
        completed_on=dt.date(2025, 9, 1),
        confidentiality=Confidentiality.PUBLIC,
        public_text="PUBLICMARK-s3 Needle bins are emptied every day.",
    )
    context.run(save_action(store, done))

    meetings.show_meeting(meeting.id)
    assert meetings.tabs.isTabVisible(meetings.tabs.indexOf(meetings.leaflet))
    meetings.tabs.setCurrentWidget(meetings.leaflet)
    tab = meetings.leaflet
    wait_preview(qtbot, tab)
    # Accessibility and the leaflet's own texts, typed into the tab.
    tab.texts["headline"].setText("Residents' meeting: have your say")
    tab.texts["venue_address"].setText("4 Church Lane")
    for flag in ("step_free_access", "hearing_loop", "childcare", "interpreters"):
        tab.flags[flag].setChecked(True)
    tab.texts["contacts"].setPlainText("Station Square office\nPhone: 020 7946 0150")
    tab.save_now()
    wait_preview(qtbot, tab)
    assert tab.warnings == []
    headline = next(t for t in translatable_texts(store, meeting.id) if t.field == "headline")
    for language, text in TRANSLATIONS.items():
        context.run(set_translation(store, headline, language, text, reviewed=True))

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
    assert str(PdfReader(BytesIO(printed["ar"])).trailer["/Root"]["/Lang"]) == "ar"
    assert (
        str(PdfReader(BytesIO(printed["ar"])).trailer["/Root"]["/ViewerPreferences"]["/Direction"]) == "/R2L"
    )
    assert "Spotkanie mieszkańców" in PdfReader(BytesIO(printed["pl"])).pages[0].extract_text()
    assert "Sakinler toplantısı" in PdfReader(BytesIO(printed["tr"])).pages[0].extract_text()
