"""The window driven as a coordinator would: create, edit, undo, redo, filter, switch language."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QStyle, QStyleOptionViewItem

from facilitator import safe_files
from facilitator.entities import Forum, Membership, Partner, Representative, Sector, Tier
from facilitator.storage import open_partnership
from facilitator.ui import errors as ui_errors
from facilitator.ui.crash_dialog import CrashDialog
from facilitator.ui.dialogs import ForumDialog, PartnerDialog, RepresentativeDialog, SeatDialog
from facilitator.ui.forums_screen import ForumsScreen
from facilitator.ui.main_window import SCREENS, MainWindow
from facilitator.ui.partners_screen import PartnersScreen
from facilitator.ui.widgets import select_id


def _row(name: str) -> int:
    return [screen for screen, *_rest in SCREENS].index(name)


def test_navigation_offers_only_working_screens(window: MainWindow) -> None:
    names = [window.navigation.item(i).text() for i in range(window.navigation.count())]
    assert names == [title for _name, title, _where in SCREENS]
    assert names[0] == "Home" and {"Meetings", "Forums", "Partners & representatives"} <= set(names)
    for row, (name, _title, _where) in enumerate(SCREENS):
        window.navigation.setCurrentRow(row)
        assert window.current_screen() is window.screens[name]
    window.navigation.setCurrentRow(_row("partners"))
    assert isinstance(window.current_screen(), PartnersScreen)
    window.navigation.setCurrentRow(_row("forums"))
    assert isinstance(window.current_screen(), ForumsScreen)


def test_create_forum_then_undo_and_redo(window: MainWindow, modals, seeded_db: Path) -> None:
    screen = window.screens["forums"]

    def fill(dialog: ForumDialog) -> None:
        dialog.name.setText("Mayor's monthly round")
        dialog.min_partners.setValue(5)
        dialog.accept()

    modals.fill["ForumDialog"] = fill
    screen.create_forum()
    names = sorted(f.name for f in window.context.store.all(Forum))
    assert names == ["Mayor's monthly round", "Station Square weekly round"]
    assert screen.forums.rowCount() == 2
    assert window.undo_action.isEnabled()
    assert "Mayor's monthly round" in window.undo_action.text()

    window.undo_action.trigger()
    assert [f.name for f in window.context.store.all(Forum)] == ["Station Square weekly round"]
    assert screen.forums.rowCount() == 1
    window.redo_action.trigger()
    assert screen.forums.rowCount() == 2
    # The edit is on disk, not only in the window.
    window.close()
    with open_partnership(seeded_db, read_only=True) as store:
        assert {f.name for f in store.all(Forum)} == {"Mayor's monthly round", "Station Square weekly round"}


def test_forum_editor_sets_who_counts_for_quorum_and_where_it_escalates(
    window: MainWindow, modals, seeded_db: Path
) -> None:
    screen = window.screens["forums"]
    store = window.context.store
    street = store.all(Forum)[0]

    def make_board(dialog: ForumDialog) -> None:
        dialog.name.setText("Regional drugs board")
        dialog.tier.setCurrentIndex(dialog.tier.findData(Tier.STRATEGIC))
        dialog.accept()

    modals.fill["ForumDialog"] = make_board
    screen.create_forum()
    board = next(f for f in store.all(Forum) if f.name == "Regional drugs board")
    seen: list[ForumDialog] = []

    def edit(dialog: ForumDialog) -> None:
        seen.append(dialog)
        assert not dialog.deciders_only.isChecked()
        offered = [dialog.escalates_to.itemText(i) for i in range(dialog.escalates_to.count())]
        assert offered == ["The forum above", "Regional drugs board"]  # never itself
        dialog.deciders_only.setChecked(True)
        dialog.escalates_to.setCurrentIndex(dialog.escalates_to.findData(board.id))
        dialog.accept()

    modals.fill["ForumDialog"] = edit
    select_id(screen.table, street.id)
    screen.change_forum()
    changed = store.get(Forum, street.id)
    assert changed.quorum.deciders_only and changed.quorum.min_partners == street.quorum.min_partners
    assert changed.escalates_to_id == board.id
    row = next(r for r in range(screen.forums.rowCount()) if screen.forums.record(r).id == street.id)
    assert screen.forums.index(row, 5).data() == "2 partners able to decide, including Police"
    window.close()
    with open_partnership(seeded_db, read_only=True) as stored:  # on disk, in the quorum's JSON
        assert stored.get(Forum, street.id).quorum.deciders_only


def test_refused_record_keeps_dialog_open_and_writes_nothing(window: MainWindow, modals) -> None:
    screen = window.screens["partners"]
    seen: list[str] = []

    def fill(dialog: PartnerDialog) -> None:
        dialog.name.setText("   ")
        dialog.accept()
        seen.append(dialog.error.text())
        assert dialog.result() != 1  # still open

    modals.fill["PartnerDialog"] = fill
    before = len(window.context.store.all(Partner))
    screen.create_partner()
    assert seen == ["Name: must not be empty"]
    assert len(window.context.store.all(Partner)) == before
    assert not window.undo_action.isEnabled()


def test_create_partner_and_representative_with_undo(window: MainWindow, modals) -> None:
    window.navigation.setCurrentRow(_row("partners"))
    screen = window.screens["partners"]

    def partner(dialog: PartnerDialog) -> None:
        dialog.name.setText("Station Pharmacy <Q&A>")
        dialog.sector.setCurrentIndex(dialog.sector.findData(Sector.PHARMACY))
        dialog.accept()

    def person(dialog: RepresentativeDialog) -> None:
        dialog.name.setText("Fatima El Amrani")
        dialog.role.setText("Pharmacist")
        dialog.may_decide.setChecked(True)
        dialog.email.setText("fatima@example.org")
        dialog.accept()

    modals.fill.update(PartnerDialog=partner, RepresentativeDialog=person)
    screen.create_partner()
    pharmacy = next(p for p in window.context.store.all(Partner) if p.sector is Sector.PHARMACY)
    assert screen.current() == pharmacy
    screen.create_person()
    people = [r for r in window.context.store.all(Representative) if r.partner_id == pharmacy.id]
    assert [(r.name, r.may_decide) for r in people] == [("Fatima El Amrani", True)]
    assert screen.people.rowCount() == 1

    window.undo_action.trigger()
    assert [r for r in window.context.store.all(Representative) if r.partner_id == pharmacy.id] == []
    window.undo_action.trigger()
    assert window.context.store.find(Partner, pharmacy.id) is None
    window.redo_action.trigger()
    window.redo_action.trigger()
    assert window.context.store.get(Representative, people[0].id).name == "Fatima El Amrani"


def test_search_as_you_type_filters_partners_by_name_sector_and_people(window: MainWindow, qtbot) -> None:
    screen = window.screens["partners"]
    assert screen.proxy.rowCount() == 3
    qtbot.keyClicks(screen.search, "kowal")
    assert screen.proxy.rowCount() == 1
    assert screen.proxy.index(0, 0).data() == "City Police"
    screen.search.clear()
    qtbot.keyClicks(screen.search, "outreach work")  # sector label, two words
    assert [screen.proxy.index(r, 0).data() for r in range(screen.proxy.rowCount())] == ["Outreach North"]
    screen.search.setText("nothing matches this")
    assert screen.proxy.rowCount() == 0


def test_seat_a_partner_and_archive_a_representative(window: MainWindow, modals) -> None:
    screen = window.screens["forums"]
    store = window.context.store
    outreach = next(p for p in store.all(Partner) if p.name == "Outreach North")
    worker = next(r for r in store.all(Representative) if r.partner_id == outreach.id)

    def seat(dialog: SeatDialog) -> None:
        dialog.partner.setCurrentIndex(dialog.partner.findData(outreach.id))
        dialog.main.setCurrentIndex(dialog.main.findData(worker.id))
        dialog.accept()

    modals.fill["SeatDialog"] = seat
    screen.seat_partner()
    seats = {s.partner.name: s for s in screen.seats.records()}
    assert seats["Outreach North"].main == worker
    assert screen.seats_title.text() == "Station Square weekly round: 2 partners"

    partners = window.screens["partners"]
    window.navigation.setCurrentRow(_row("partners"))
    partners.table.selectRow([partners.proxy.index(r, 0).data() for r in range(3)].index("Outreach North"))
    partners.people_table.selectRow(0)
    partners.toggle_person_archived()
    assert store.get(Representative, worker.id).archived
    membership = next(m for m in store.all(Membership) if m.partner_id == outreach.id)
    assert membership.main_representative_id is None
    window.undo_action.trigger()
    membership = next(m for m in store.all(Membership) if m.partner_id == outreach.id)
    assert membership.main_representative_id == worker.id
    assert not store.get(Representative, worker.id).archived


def test_every_screen_name_is_read_whole_in_the_navigation(window: MainWindow, laptop) -> None:
    """French and Dutch names ("Partenaires et représentants") are longer than the navigation is wide: they take
    two lines rather than ending in "…" (they were cut at 1366×768)."""
    laptop(window)
    window.show()
    for language in ("fr", "nl", "de", "en"):
        window.change_language(language)
        QApplication.processEvents()
        navigation = window.navigation
        metrics = navigation.fontMetrics()
        for row in range(navigation.count()):
            item = navigation.item(row)
            shown = navigation.visualItemRect(item).intersected(navigation.viewport().rect())  # what is seen
            # Where the style (with the style sheet's padding) puts the item's text beside its icon.
            option = QStyleOptionViewItem()
            option.initFrom(navigation)
            option.rect = shown
            option.text = item.text()
            option.icon = item.icon()
            option.decorationSize = navigation.iconSize()
            option.features = QStyleOptionViewItem.ViewItemFeature.HasDisplay | (
                QStyleOptionViewItem.ViewItemFeature.HasDecoration
            )
            text_area = navigation.style().subElementRect(
                QStyle.SubElement.SE_ItemViewItemText, option, navigation.viewport()
            )
            words = item.text().split()
            assert all(metrics.horizontalAdvance(word) <= text_area.width() for word in words), (
                language,
                item.text(),
            )
            needed = metrics.boundingRect(
                QRect(0, 0, text_area.width(), 10_000), Qt.TextFlag.TextWordWrap, item.text()
            )
            assert needed.height() <= shown.height(), (language, item.text(), needed, shown)
    window.change_language("en")


def test_the_files_path_is_whole_in_the_status_bar_when_the_file_opens(
    window: MainWindow, laptop, tmp_path: Path
) -> None:
    """Laid out as the file opens, not a turn of the event loop later: Home's first paint showed "/" of it."""
    laptop(window)
    window.show()
    QApplication.processEvents()
    other = tmp_path / "a partnership file with a longer name than the first one.sqlite"
    with open_partnership(other):
        pass
    window.open_path(other)
    label = window.path_label
    assert label.text() == str(other)
    # No turn of the event loop since the file opened.
    assert label.width() >= label.fontMetrics().horizontalAdvance(label.text())


def test_switch_language_live_including_qt_buttons(window: MainWindow) -> None:
    window.change_language("fr")
    assert window.file_menu.title() == "&Fichier"
    assert window.navigation.item(_row("forums")).text() == "Forums"
    assert window.navigation.item(_row("partners")).text() == "Partenaires et représentants"
    screen = window.screens["partners"]
    assert screen.partners.headerData(2, Qt.Orientation.Horizontal) == "Secteur"
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "Annuler"
    assert window.settings.preferences().language == "fr"
    window.change_language("de")
    assert window.file_menu.title() == "&Datei"
    window.change_language("en")
    assert (
        QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        .button(QDialogButtonBox.StandardButton.Cancel)
        .text()
        == "Cancel"
    )


def test_search_results_on_show_follow_a_language_switch(qtbot, window: MainWindow) -> None:
    """The coordinator looks something up in German, then switches the window to French: the line above the
    results stayed German ("1 Eintrag gefunden für …") under a French title and French columns."""
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search_box, "Kowalska")
    qtbot.waitUntil(lambda: window.search_results.model.rowCount() > 0, timeout=10000)
    window.change_language("de")
    german = window.search_results.summary.text()
    assert "Kowalska" in german and "gefunden" in german
    window.change_language("fr")
    french = window.search_results.summary.text()
    try:
        assert window.search_results.title.text() == "Rechercher"
        assert "Kowalska" in french and "gefunden" not in french and "trouvé" in french, french
    finally:
        window.change_language("en")


def test_window_remembers_file_and_geometry(qtbot, settings, seeded_db: Path, modals) -> None:
    first = MainWindow(settings)
    qtbot.addWidget(first)
    first.open_path(seeded_db)
    first.show()
    # A 1366 x 768 laptop leaves about 728 pixels to a maximised window: the window must stay well inside that
    # (the Meetings screen alone needs about 540, its live view having no page scroll bar any more). The offscreen
    # screen is 800 x 600: the window is given a size inside it where its minimum allows, and must remember it.
    assert first.minimumSizeHint().height() < 640
    height = max(598, first.minimumSizeHint().height())
    first.resize(760, height)
    closed_at = (first.width(), first.height())
    assert closed_at[1] == height
    first.close()
    assert settings.preferences().last_database == str(seeded_db)
    assert settings.preferences().recent_databases[0] == str(seeded_db)
    second = MainWindow(settings)
    qtbot.addWidget(second)
    # Qt keeps a restored window inside the (800 x 600 offscreen) screen, so compare what fits in it.
    assert second.height() == closed_at[1]
    assert settings.window_state()[0] is not None
    second.close()


def test_bad_files_are_told_plainly_and_nothing_changes(window: MainWindow, modals, tmp_path: Path) -> None:
    junk = tmp_path / "minutes.sqlite"
    junk.write_text("this is a text file, not a partnership", encoding="utf-8")
    before = junk.read_bytes()
    current = window.context.store.path
    modals.expect_message("is not a partnership file")
    assert not window.open_path(junk)
    box = modals.opened[-1]
    assert "is not a partnership file" in box.text()
    assert junk.read_bytes() == before
    assert window.context.store.path == current  # the open file stays open


def test_file_open_elsewhere_can_be_opened_read_only(
    window: MainWindow, modals, seeded_db: Path, settings
) -> None:
    def choose_read_only(box) -> None:
        read_only = next(b for b in box.buttons() if b.text() == "Open read-only")
        box.setProperty("clicked", True)
        read_only.click()

    modals.fill["QMessageBox"] = choose_read_only
    other = MainWindow(settings)
    assert other.open_path(seeded_db)  # the fixture's window holds the writer lock
    assert other.context.read_only
    assert "read-only" in other.windowTitle()
    assert not other.screens["partners"].new_partner.isEnabled()
    other.close()


def test_unexpected_error_reaches_crash_dialog_with_details(window: MainWindow, modals) -> None:
    ui_errors.install_exception_hook()
    modals.expect("CrashDialog")
    try:
        raise RuntimeError("a bug nobody expected")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    dialog = modals.opened[-1]
    assert isinstance(dialog, CrashDialog)
    assert "RuntimeError: a bug nobody expected" in dialog.details.toPlainText()
    assert "Traceback" in dialog.details.toPlainText()
    sys.excepthook = sys.__excepthook__


def test_a_partners_history_comes_from_the_audit_trail(window: MainWindow, modals) -> None:
    from facilitator.ui.history_dialog import HistoryDialog

    screen = window.screens["partners"]
    window.navigation.setCurrentRow(_row("partners"))
    partner = screen.current()
    assert partner is not None

    def rename(dialog: PartnerDialog) -> None:
        dialog.name.setText("City Police, Central Division")
        dialog.accept()

    modals.fill["PartnerDialog"] = rename
    screen.change_partner()
    shown: list[HistoryDialog] = []
    modals.fill["HistoryDialog"] = lambda dialog: shown.append(dialog) or dialog.reject()
    assert screen.partner_history.text() == "History…"
    screen.partner_history.click()
    (dialog,) = shown
    changes = [(e.field, e.old, e.new) for e in dialog.entries]
    assert ("name", partner.name, "City Police, Central Division") in changes


def test_as_the_window_starts_home_shows_before_the_leftovers_are_removed(
    qtbot, window: MainWindow, seeded_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opened as the app starts (after the first paint), the file shows on Home first; what killed work left
    beside it is removed right after, never skipped (the command line removes it on opening)."""
    window.set_context(None)
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    killed = seeded_db.parent / f".{seeded_db.name}.{safe_files.host_tag()}-{child.pid}-abcdef.partial"
    killed.write_bytes(b"half a copy")
    there_when_home_showed: list[bool] = []
    shown = window.set_context

    def set_context(context, **options) -> None:  # type: ignore[no-untyped-def]
        shown(context, **options)
        there_when_home_showed.append(killed.exists())

    monkeypatch.setattr(window, "set_context", set_context)
    window.open_soon(seeded_db)
    window.repaint()
    qtbot.waitUntil(lambda: window.context is not None and not killed.exists(), timeout=20_000)
    assert there_when_home_showed == [True]
    assert window.context.store.removed_leftovers == [killed]
