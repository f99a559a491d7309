"""Backups, history and personal data in the window, on real files, with modal dialogs answered by the test."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from facilitator.entities import Partner, Representative
from facilitator.operations import save_partner
from facilitator.storage import open_partnership
from facilitator.storage.backup import BackupKind, list_backups
from facilitator.storage.lock import lock_path, read_holder
from facilitator.ui.backup_dialogs import RestoreDialog, restore_from_backup, save_copy_as
from facilitator.ui.history_dialog import HistoryDialog
from facilitator.ui.main_window import MainWindow
from facilitator.ui.personal_data_dialogs import PersonalDataDialog
from tests.ui.conftest import ModalAnswers


@pytest.fixture(autouse=True)
def _screens_really_go() -> Iterator[None]:
    """Reopening files replaces the screens; delete the old ones now, so no later test finds them."""
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _click(text: str):  # type: ignore[no-untyped-def]
    """A filler for a message box: press the button whose text starts with ``text``."""

    def fill(box: QMessageBox) -> None:
        button = next(b for b in box.buttons() if b.text().startswith(text))
        button.click()

    return fill


def _names(path: Path) -> set[str]:
    with open_partnership(path, read_only=True) as store:
        return {p.name for p in store.all(Partner)}


def test_file_menu_offers_copies_and_restores(window: MainWindow) -> None:
    texts = [a.text() for a in window.file_menu.actions()]
    assert "Save a &copy as…" in texts and "Restore from &backup…" in texts
    assert "Export the &audit trail…" in texts
    assert window.data_menu.save_copy.isEnabled() and window.data_menu.restore.isEnabled()


def test_opening_the_file_made_todays_backup_and_save_a_copy_writes_one(
    window: MainWindow, seeded_db: Path, tmp_path: Path
) -> None:
    (daily,) = list_backups(seeded_db)
    assert daily.kind is BackupKind.DAILY and daily.intact and daily.summary.partners == 3
    target = save_copy_as(window, tmp_path / "for the archive.sqlite")
    assert target == tmp_path / "for the archive.sqlite"
    assert _names(target) == {"City Police", "Outreach North", "Residents of Station Square"}
    assert "A copy was saved" in window.statusBar().currentMessage()


def test_restore_lists_backups_asks_and_reopens(window: MainWindow, modals, seeded_db: Path) -> None:
    store = window.context.store
    window.context.run(save_partner(store, Partner(name="Added after the backup")))
    shown: list[list[str]] = []

    def pick_newest(dialog: RestoreDialog) -> None:
        shown.append([dialog.list.item(i).text() for i in range(dialog.list.count())])
        dialog.accept()

    modals.fill["RestoreDialog"] = pick_newest
    modals.fill["QMessageBox"] = _click("Restore")
    assert restore_from_backup(window)
    assert len(shown[0]) == 1 and "3 partners" in shown[0][0] and "automatic" in shown[0][0]
    confirm = modals.opened[-1]
    assert "partners added since" in confirm.informativeText()
    assert window.context is not None and window.context.store.path == seeded_db
    assert "Added after the backup" not in {p.name for p in window.context.store.all(Partner)}
    assert "Restored" in window.statusBar().currentMessage()
    kinds = {i.kind for i in list_backups(seeded_db)}
    assert BackupKind.BEFORE_RESTORE in kinds


@pytest.mark.parametrize("when", ["chosen", "as the window starts"])
def test_a_damaged_file_offers_its_newest_good_backup(
    window: MainWindow, modals: ModalAnswers, seeded_db: Path, qtbot, when: str
) -> None:
    """Opened from the File menu, or as the app starts (checked on a worker while the window paints, opened
    after): told the same way."""
    window.set_context(None)
    size = seeded_db.stat().st_size
    with seeded_db.open("r+b") as file:  # overwrite the schema page and a few after it
        file.seek(4096)
        file.write(b"\x13" * min(size - 4096, 4 * 4096))
    modals.fill["QMessageBox"] = _click("Restore the backup of")
    if when == "chosen":
        assert window.open_path(seeded_db)
    else:
        window.open_soon(seeded_db)
        window.repaint()
        qtbot.waitUntil(lambda: window.context is not None, timeout=20_000)
    box = modals.opened[0]
    assert "damaged" in box.text() and "newest good backup" in box.informativeText()
    assert {p.name for p in window.context.store.all(Partner)} >= {"City Police"}
    assert any(i.kind is BackupKind.DAMAGED for i in list_backups(seeded_db))


def test_a_lock_from_another_machine_can_be_taken_over(
    window: MainWindow, modals, seeded_db: Path, settings
) -> None:
    window.set_context(None)
    lock_path(seeded_db).write_text(
        json.dumps({"user": "maria", "host": "laptop-of-maria", "pid": 1, "since": "2025-03-14T09:00:00"}),
        encoding="utf-8",
    )
    modals.fill["QMessageBox"] = _click("Take over the lock")
    assert window.open_path(seeded_db)
    box = modals.opened[0]
    assert "maria@laptop-of-maria" in box.text()
    assert "two copies writing one file" in box.informativeText()
    assert not window.context.read_only
    assert read_holder(seeded_db).host == socket.gethostname()  # type: ignore[union-attr]


def test_history_dialog_shows_who_changed_what(window: MainWindow, settings) -> None:
    settings.set_coordinator_name("Maria Santos")
    path = window.context.store.path
    window.set_context(None)
    assert window.open_path(path)  # the name is taken when a file is opened
    store = window.context.store
    partner = next(p for p in store.all(Partner) if p.name == "City Police")
    from dataclasses import replace

    window.context.run(save_partner(store, replace(partner, contact="Desk 4")))
    dialog = HistoryDialog(window, store, "partners", partner.id)
    model = dialog.model
    assert model.rowCount() == 2
    last = [model.index(1, c).data() for c in range(6)]
    assert last[1].startswith("Maria Santos (") and last[2:] == ["changed", "contact", "", "Desk 4"]
    out = dialog.export(Path(store.path).with_name("history.csv"))
    assert out is not None and "Desk 4" in out.read_text(encoding="utf-8-sig")


def test_history_model_passes_qt_checks(window: MainWindow, qtmodeltester) -> None:
    store = window.context.store
    partner = next(p for p in store.all(Partner) if p.name == "City Police")
    dialog = HistoryDialog(window, store, "partners", partner.id)
    qtmodeltester.check(dialog.model)


def test_erase_a_person_after_a_preview_and_undo(window: MainWindow, modals, tmp_path: Path) -> None:
    store = window.context.store
    anna = next(r for r in store.all(Representative) if r.name == "Anna Kowalska")
    dialog = PersonalDataDialog(window, window.context)
    dialog.person.setCurrentIndex(dialog.person.findData(anna.id))
    exported = dialog.export("json", tmp_path / "anna.json")
    assert (
        exported is not None
        and json.loads(exported.read_text(encoding="utf-8"))["person"]["name"] == "Anna Kowalska"
    )

    previews: list[str] = []

    def confirm(preview) -> None:  # type: ignore[no-untyped-def]
        previews.append(preview.text.toPlainText())
        preview.accept()

    modals.fill["PreviewDialog"] = confirm
    # then it says what was done and offers to delete the older backup still holding the details: kept here
    modals.expect_message("older backup still holds the details", answer="Keep them")
    assert dialog.erase()
    assert "Representative of Police, 1" in previews[0]
    assert store.get(Representative, anna.id).name == "Representative of Police, 1"
    window.context.undo_stack.undo()
    assert store.get(Representative, anna.id).name == "Anna Kowalska"


def test_retention_reports_and_nothing_changes_when_cancelled(window: MainWindow, modals) -> None:
    import datetime as dt
    from dataclasses import replace

    store = window.context.store
    yusuf = next(r for r in store.all(Representative) if r.name == "Yusuf Demir")
    store.put(replace(yusuf, email="yusuf@outreach.example", active_to=dt.date(2020, 1, 31)))
    dialog = PersonalDataDialog(window, window.context, start="retention")
    dialog.months.setValue(12)
    modals.expect("PreviewDialog")
    assert not dialog.retention()  # the preview was cancelled (an expected dialog without a filler is)
    assert "Yusuf Demir" in modals.opened[-1].text.toPlainText()
    assert store.get(Representative, yusuf.id).email == "yusuf@outreach.example"
    modals.fill["PreviewDialog"] = lambda preview: preview.accept()
    assert dialog.retention()
    assert store.get(Representative, yusuf.id).email == ""
    assert window.settings.preferences().retention_months == 12


def test_erasure_asks_about_a_shared_name_says_what_backups_hold_and_replaces_them(
    window: MainWindow, modals
) -> None:
    import datetime as dt

    from facilitator.entities import Forum
    from facilitator.meetings import AgendaItem, Meeting

    store = window.context.store
    anna = next(r for r in store.all(Representative) if r.name == "Anna Kowalska")
    police = store.get(Partner, anna.partner_id)
    store.put(Representative(name="Anna Berg", partner_id=police.id))
    assert list_backups(store.path)  # the day's automatic copy, made when the window opened the file
    meeting = Meeting(forum_id=store.all(Forum)[0].id, starts_at=dt.datetime(2026, 12, 1, 10))
    item = AgendaItem(
        meeting_id=meeting.id, position=0, title="Follow-up", notes="Anna said Kowalska agreed."
    )
    store.put(meeting)
    store.put(item)
    dialog = PersonalDataDialog(window, window.context)
    dialog.person.setCurrentIndex(dialog.person.findData(anna.id))
    seen: list[str] = []

    def choose_anna_too(preview) -> None:  # type: ignore[no-untyped-def]
        seen.append(preview.text.toPlainText())
        assert list(preview.choices) == ["Anna"]
        preview.choices["Anna"].setChecked(True)
        seen.append(preview.text.toPlainText())
        preview.accept()

    def delete_backups(box) -> None:  # type: ignore[no-untyped-def]
        (button,) = [b for b in box.buttons() if b.text() == "Delete older backups"]
        button.click()

    modals.fill["PreviewDialog"] = choose_anna_too
    modals.fill["QMessageBox"] = delete_backups
    before = list_backups(store.path)
    assert dialog.erase()
    assert "“Anna” alone is also part of the name of Anna Berg" in seen[0]
    assert "backup of this file still holds the details" in seen[0]
    assert "“Anna” alone" not in seen[1]  # chosen: replaced, no longer asked about
    label = store.get(Representative, anna.id).name
    assert store.get(AgendaItem, item.id).notes == f"{label} said {label} agreed."
    after = list_backups(store.path)
    assert len(after) == 1 and after[0].path not in {b.path for b in before}
    assert after[0].kind.value == "manual"


def test_save_dialogs_never_write_over_the_partnership_or_a_backup(window: MainWindow, modals) -> None:
    from facilitator.ui.personal_data_dialogs import PersonalDataDialog as Dialog

    store = window.context.store
    (backup,) = [b.path for b in list_backups(store.path)]
    before = {p: p.read_bytes() for p in (store.path, backup)}
    modals.expect_message("Choose another file name")  # each refusal is told, in words
    for target in (store.path, Path(str(store.path) + "-wal"), backup):
        assert save_copy_as(window, target) is None
        assert window.data_menu.export_audit(target) is None
        anna = next(r for r in store.all(Representative) if r.name == "Anna Kowalska")
        dialog = Dialog(window, window.context)
        dialog.person.setCurrentIndex(dialog.person.findData(anna.id))
        assert dialog.export("json", target) is None
    told = [box.text() for box in modals.opened if isinstance(box, QMessageBox)]
    assert len(told) == 9 and all("written over" in t or "destroy" in t or "damage" in t for t in told), told
    assert {p: p.read_bytes() for p in before} == before
