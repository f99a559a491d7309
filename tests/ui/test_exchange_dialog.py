"""File → Exchange… in the window: a shared folder chosen once, an exchange off the window's thread, and the
changes made on two laptops listed on Home and in the dialog for the coordinator to decide."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import QApplication

from facilitator.entities import Partner
from facilitator.operations import save_partner
from facilitator.storage import open_partnership
from facilitator.storage.database import copy_database
from facilitator.storage.exchange_sync import sync_folder
from facilitator.ui.main_window import MainWindow


def _police(store: object) -> Partner:
    return next(p for p in store.all(Partner) if p.short_name == "Police")  # type: ignore[attr-defined]


def test_a_shared_folder_brings_the_other_laptops_changes_and_the_conflict_is_decided_here(
    window: MainWindow, qtbot, tmp_path: Path
) -> None:
    context = window.context
    assert context is not None
    store = context.store
    folder = tmp_path / "shared"
    folder.mkdir()
    # The deputy's laptop: a copy of the same file, edited there and exchanged through the folder.
    other_path = tmp_path / "deputy.sqlite"
    copy_database(store.db.conn, other_path)
    with open_partnership(other_path) as other:
        other.author = replace(other.author, laptop="Deputy's laptop", coordinator="Noor")
        police = _police(other)
        save_partner(other, replace(police, name="Station Ward Police", contact="Desk: 101")).apply(other)
        save_partner(other, Partner(name="Night shelter")).apply(other)
        sync_folder(other, folder)
    # Here, meanwhile, the coordinator edits the same name.
    context.run(save_partner(store, replace(_police(store), name="City Police Service")))

    dialog = window.exchange.show_dialog()
    assert dialog is not None and dialog.isVisible()
    dialog.laptop.setText("Coordinator's laptop")
    dialog.folder.setText(str(folder))
    with qtbot.waitSignal(window.exchange.finished, timeout=30000):
        dialog.now_button.click()  # saves, then exchanges on a worker
    QApplication.processEvents()

    names = {p.name for p in store.all(Partner)}
    assert "Night shelter" in names
    assert _police(store).contact == "Desk: 101"
    assert (folder / next(f.name for f in folder.iterdir() if "coordinator" in f.name)).exists()
    assert store.author.laptop == "Coordinator's laptop"
    assert window.settings.preferences().laptop_name == "Coordinator's laptop"

    # Home tells the coordinator; the dialog lists the field edited on both laptops.
    home = window.screens["home"]
    home.reload()
    assert home.exchange_conflicts.isVisibleTo(home)
    assert "1 change made on two laptops" in home.exchange_conflicts.text()
    assert home.open_exchange_conflicts() is dialog
    assert dialog.model.rowCount() == 1
    assert dialog.model.index(0, 1).data() == "name"
    dialog.table.selectRow(0)
    standing = _police(store).name
    dialog.other_button.click()
    chosen = _police(store).name
    assert chosen != standing and chosen in ("Station Ward Police", "City Police Service")
    assert dialog.model.rowCount() == 0 or dialog.model.rows[0][0].field != "name"
    assert window.undo_action.isEnabled()  # choosing is an ordinary edit, which can be undone


def test_the_exchange_is_off_the_window_thread_and_a_wrong_passphrase_is_told(
    window: MainWindow, qtbot, tmp_path: Path, modals
) -> None:
    context = window.context
    assert context is not None
    folder = tmp_path / "shared"
    folder.mkdir()
    other_path = tmp_path / "other.sqlite"
    copy_database(context.store.db.conn, other_path)
    with open_partnership(other_path) as other:
        save_partner(other, Partner(name="Sealed")).apply(other)
        sync_folder(other, folder, passphrase="right")
    dialog = window.exchange.show_dialog()
    assert dialog is not None
    dialog.folder.setText(str(folder))
    dialog.passphrase.setText("wrong")
    with qtbot.waitSignal(window.exchange.finished, timeout=30000) as waited:
        dialog.now_button.click()
        assert window.exchange.running is not None  # started, not finished: the window was not blocked
        assert window.exchange.progress is not None and window.exchange.progress.isVisible()
    done = waited.args[0]
    assert any("passphrase is wrong" in problem for problem in done.refused)
    assert "Sealed" not in {p.name for p in context.store.all(Partner)}
    assert "passphrase is wrong" in dialog.last.text()
