"""Where a dialog saves the document it is about to write: a list of formats, the file's path and a "Choose…"
button beside it; the path given always ends as the chosen format does."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from facilitator.errors import ValidationError
from facilitator.exports import Format
from facilitator.i18n import _
from facilitator.ui.widgets import button


class SaveAs:
    """The format list (``format``) and, in ``row``, the path (``path``) with its "Choose…" button (``browse``);
    ``typed`` is True once the user has typed or chosen a path of their own."""

    def __init__(self, dialog: QWidget, formats: Iterable[tuple[str, str]]) -> None:
        self._dialog = dialog
        self.format = QComboBox()
        for code, label in formats:
            self.format.addItem(_(label), code)
        self.path = QLineEdit()
        self.typed = False
        self.path.textEdited.connect(self._typed)
        self.browse = button(_("Choose…"))
        self.browse.clicked.connect(lambda _checked=False: self.choose())
        self.row = QWidget()
        row = QHBoxLayout(self.row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)

    def _typed(self, _text: str) -> None:
        self.typed = True

    def suffix(self) -> str:
        """The ending of the chosen format (".docx")."""
        return "." + str(self.format.currentData())

    def choose(self) -> None:
        """Ask where to save, starting from the path shown."""
        from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415 - see ui/errors.py

        chosen, _filter = QFileDialog.getSaveFileName(
            self._dialog, _("Save as"), self.path.text(), _(Format(self.format.currentData()).file_filter)
        )
        if chosen:
            self.typed = True
            self.path.setText(chosen)

    def target(self) -> Path:
        """The file to write: the path given, ending as the format does. Raises ``ValidationError`` without one."""
        text = self.path.text().strip()
        if not text:
            raise ValidationError("path", _("choose where to save the file"))
        path = Path(text).expanduser()
        if path.suffix.lower() != self.suffix():
            path = path.with_name(path.name + self.suffix())
        return path
