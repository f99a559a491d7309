"""A partnership file opened from a network drive or a synchronised folder: tell why that is dangerous, and
offer to keep the working file on this laptop.

Storage recognises the place (``storage/shared_places.py``) and already keeps such a file without a write-ahead
log. The window says where the file is and why that is dangerous, and offers "Save a copy on this laptop and
open it": a consistent copy (SQLite's online backup) in the user's own data folder, which no sync client and
no network drive holds. The shared folder is then for the exchange between laptops, or for backup copies. A
user who keeps working there may say so once for that file.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.errors import KnownError
from facilitator.i18n import _
from facilitator.ui.errors import tell

if TYPE_CHECKING:
    from facilitator.storage.database import Partnership
    from facilitator.ui.main_window import MainWindow


def local_copy_target(path: Path) -> Path | None:
    """Where the laptop's own copy of ``path`` goes: the user's data folder (never synchronised, never on a
    network drive), under a free name; None when that folder is itself in a shared place."""
    from facilitator.safe_files import free_name_beside  # noqa: PLC0415
    from facilitator.storage.shared_places import place_of  # noqa: PLC0415
    from facilitator.ui.settings import default_database  # noqa: PLC0415

    folder = default_database().parent
    target = folder / path.name
    if target.exists():
        target = free_name_beside(target)
    return None if place_of(target).shared else target


def warn_about_shared_place(window: MainWindow, store: Partnership) -> Path | None:
    """Tell the user that ``store`` is in a shared place and why that is dangerous; offer a copy on this
    laptop. Returns the copy opened instead, or None when the user keeps working where the file is."""
    from PySide6.QtWidgets import QCheckBox, QMessageBox  # noqa: PLC0415 - see ui/errors.py

    place = store.place
    if window.settings.kept_in_shared_place(store.path):
        window.statusBar().showMessage(place.where(store.path), 8000)
        return None
    box = QMessageBox(window)
    box.setObjectName("sharedPlaceBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("This file is in a shared place"))
    box.setText(place.where(store.path))
    box.setInformativeText(
        place.why_dangerous()
        + "\n\n"
        + _(
            "Keep the working file on this laptop. To work with others, exchange your changes through the "
            "shared folder with the app's exchange between laptops, or put a backup copy there (File → Save "
            "a copy as…)."
        )
    )
    copy = box.addButton(_("Save a copy on this laptop and open it"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Keep working here"), QMessageBox.ButtonRole.RejectRole)
    remember = QCheckBox(_("Do not ask again for this file"))
    box.setCheckBox(remember)
    box.setDefaultButton(copy)
    box.exec()
    if box.clickedButton() is not copy:
        if remember.isChecked():
            window.settings.keep_in_shared_place(store.path)
        return None
    return open_local_copy(window, store)


def open_local_copy(window: MainWindow, store: Partnership) -> Path | None:
    """Copy the open partnership into this laptop's data folder and open the copy; the shared file is left as
    it is. Asks where to put it when the data folder is itself in a shared place."""
    from facilitator.storage.database import copy_database  # noqa: PLC0415

    source = store.path
    target = local_copy_target(source)
    if target is None:
        from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415

        from facilitator.ui.main_window import FILE_FILTER  # noqa: PLC0415 - it imports this module's callers

        chosen, _filter = QFileDialog.getSaveFileName(
            window, _("Save a copy on this laptop"), str(Path.home() / source.name), _(FILE_FILTER)
        )
        if not chosen:
            return None
        target = Path(chosen)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        copy_database(store.db.conn, target)
    except KnownError as error:
        tell(window, error, _("The copy was not made"))
        return None
    except OSError as error:
        tell(window, KnownError(str(error), hint=_("Choose another folder.")), _("The copy was not made"))
        return None
    if not window.open_path(target):
        return None
    window.statusBar().showMessage(
        _(
            "You are working on a copy on this laptop: {copy}. The file in the shared folder was not changed."
        ).format(copy=target)
    )
    return target
