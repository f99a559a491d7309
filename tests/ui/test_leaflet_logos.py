"""The leaflet tab keeps a chosen logo inside the partnership file; a disguised file is refused in words."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from facilitator.leaflets import build_leaflet, leaflet_of, logo_files
from tests.conftest import leaflet_file_at
from tests.storage.test_stored_files import _png


def test_the_leaflet_tab_copies_a_chosen_logo_in_and_refuses_a_disguised_file(
    qtbot, tmp_path: Path, settings, modals
) -> None:
    from facilitator.ui.app import create_application
    from facilitator.ui.main_window import MainWindow
    from facilitator.ui.meetings_screen import MeetingsScreen

    path, data = leaflet_file_at(tmp_path / "leaflets.sqlite")
    create_application()
    window = MainWindow(settings)
    qtbot.addWidget(window)
    assert window.open_path(path)
    window.navigation.setCurrentRow(1)
    meetings = window.findChild(MeetingsScreen)
    meetings.show_meeting(data.meeting_id)
    meetings.tabs.setCurrentWidget(meetings.leaflet)
    tab = meetings.leaflet
    logo = tmp_path / "our logo.png"
    logo.write_bytes(_png())
    tab.add_logo([str(logo)])
    store = window.context.store
    assert [f.name for f in logo_files(store, leaflet_of(store, data.meeting_id))] == ["our logo.png"]
    assert tab.logos.count() == 1 and tab.logos.item(0).text() == "our logo.png"
    logo.unlink()  # the leaflet no longer needs the file on disk
    assert build_leaflet(store, data.meeting_id, "en").logos == (_png(),)
    window.context.undo_stack.undo()
    assert leaflet_of(store, data.meeting_id).logo_ids == ()  # type: ignore[union-attr]

    disguised = tmp_path / "logo.png"
    disguised.write_text("this is a text file", encoding="utf-8")
    modals.expect_message("is not a PNG or JPEG image")
    tab.add_logo([str(disguised)])
    box = modals.opened[-1]
    assert isinstance(box, QMessageBox) and "not a PNG or JPEG" in box.text()
    assert leaflet_of(store, data.meeting_id).logo_ids == ()  # type: ignore[union-attr]
    window.close()
