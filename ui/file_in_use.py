"""Writing a file the user chose, when another program holds the old one open.

On Windows a document open in Word or a PDF reader cannot be replaced (``facilitator.safe_files`` raises
``FileInUse`` after waiting briefly for antivirus scanners). The window then says so in plain words and offers
to write the new file beside the open one under a free name (``minutes (2).pdf``), or to try again once the
other program has closed it. Every export of the window goes through ``write_chosen`` (written here, on the
window's thread) or asks ``where_instead`` when a worker's job failed that way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.errors import FileInUse, KnownError
from facilitator.i18n import _
from facilitator.ui.errors import tell

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


def where_instead(parent: QWidget | None, error: FileInUse) -> Path | None:
    """Ask what to do about a file held open by another program: the free name beside it, the same path to
    try again (after closing it there), or None to leave it."""
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - see ui/errors.py

    box = QMessageBox(parent)
    box.setObjectName("fileInUseBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("The file is open in another program"))
    box.setText(error.message)
    box.setInformativeText(error.hint)
    beside = box.addButton(
        _("Save as “{name}”").format(name=error.beside.name), QMessageBox.ButtonRole.AcceptRole
    )
    again = box.addButton(_("Try again"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(beside)
    box.exec()
    clicked = box.clickedButton()
    if clicked is beside:
        return error.beside
    if clicked is again:
        return error.path
    return None


def write_chosen(
    parent: QWidget | None, target: Path, write: Callable[[Path], object], title: str = ""
) -> Path | None:
    """``write(target)`` on this thread; where the file is open in another program, ask (``where_instead``) and
    write where the user says. Known errors are told under ``title``. The path written, or None."""
    while True:
        try:
            write(target)
        except FileInUse as error:
            instead = where_instead(parent, error)
            if instead is None:
                return None
            target = instead
            continue
        except KnownError as error:
            tell(parent, error, title)
            return None
        except OSError as error:
            tell(parent, KnownError(str(error), hint=_("Choose another folder.")), title)
            return None
        return target


def write_bytes_chosen(
    parent: QWidget | None, target: Path, data: bytes, suffix: str, say: Callable[[str], object]
) -> Path | None:
    """Write ``data`` at ``target`` (ending in ``suffix`` when it has no ending of its own) safely, as
    ``write_chosen`` does, and ``say`` where it was written. The path written, or None."""
    from facilitator.exports.files import write_atomically  # noqa: PLC0415 - only when exporting

    if not target.suffix:
        target = target.with_suffix(suffix)
    written = write_chosen(
        parent, target, lambda to: write_atomically(to, data), _("The file was not written")
    )
    if written is not None:
        say(_("Written to {path}").format(path=written))
    return written
