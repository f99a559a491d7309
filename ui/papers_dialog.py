"""The papers of one agenda item: listed with name, type, size and who added them; added, saved and removed.

Every paper is copied into the partnership file when it is added (``facilitator.papers``), so it travels with
backups, exports and the exchange between laptops; who may receive it follows the item. Adding and removing are
core operations on the undo stack; a file that is too large is refused in the core's plain words.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from facilitator import i18n
from facilitator.errors import KnownError
from facilitator.i18n import N_, _
from facilitator.meetings import AgendaItem, Confidentiality
from facilitator.operations import Changes
from facilitator.papers import (
    MAX_TOTAL_BYTES,
    Paper,
    attach_paper,
    file_of,
    format_size,
    papers_of,
    papers_total,
    remove_paper,
)
from facilitator.stored_files import MAX_PAPER_BYTES, StoredFile
from facilitator.ui.context import AppContext
from facilitator.ui.errors import tell
from facilitator.ui.models import Column, RecordTableModel
from facilitator.ui.widgets import button, fit_columns, record_table, selected_id


def _when(paper: Paper) -> str:
    return i18n.active().format_date(paper.created.date(), "medium")


class PapersModel(RecordTableModel[Paper]):
    """The papers of an item."""

    columns = (
        Column[Paper](N_("Paper"), lambda p: p.name),
        Column[Paper](N_("Size"), lambda p: format_size(i18n.active(), p.size), lambda p: p.size),
        Column[Paper](N_("Added by"), lambda p: p.added_by),
        Column[Paper](N_("Added on"), _when, lambda p: p.created),
        Column[Paper](N_("Kind of file"), lambda p: p.media_type),
    )


class PapersDialog(QDialog):
    """The papers of one agenda item; every change is saved at once and can be undone (Edit → Undo)."""

    def __init__(self, context: AppContext, item: AgendaItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("papersDialog")
        self.context = context
        self.item = item
        self.setWindowTitle(_("Papers of {item}").format(item=item.display_title))
        self.resize(760, 420)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.who = QLabel()
        self.who.setWordWrap(True)
        self.who.setProperty("showsData", True)  # names partners
        self.model = PapersModel(self)
        self.table = record_table(self.model)
        self.table.setObjectName("papersTable")
        self.table.setAccessibleName(self.windowTitle())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.usage = QLabel()
        self.usage.setObjectName("papersUsage")
        self.usage.setProperty("showsData", True)
        self.add_button = button(_("Add paper…"))
        self.save_button = button(_("Save a copy…"))
        self.remove_button = button(_("Remove"))
        self.add_button.clicked.connect(lambda _c=False: self.add_paper())
        self.save_button.clicked.connect(lambda _c=False: self.save_copy())
        self.remove_button.clicked.connect(lambda _c=False: self.remove_selected())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        bar = QHBoxLayout()
        for push in (self.add_button, self.save_button, self.remove_button):
            bar.addWidget(push)
        bar.addStretch(1)
        bar.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.who)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.usage)
        layout.addLayout(bar)
        self.explanation.setText(
            _(
                "Papers are kept inside the partnership file, so backups, exports and the exchange between laptops "
                "carry them. PDF papers are appended to the agenda pack; other files travel beside it in the "
                "e-mail. Each paper may be up to {limit} MB."
            ).format(limit=MAX_PAPER_BYTES // (1024 * 1024))
        )
        context.changed.connect(self._on_changed)
        self.reload()

    def reload(self) -> None:
        """Read the item's papers again."""
        store = self.context.store
        found = store.find(AgendaItem, self.item.id)
        if found is not None:
            self.item = found
        self.model.reset_records(papers_of(store, self.item.id))
        fit_columns(self.table)
        t = i18n.active()
        self.usage.setText(
            _("All papers of the partnership: {used} of {limit}.").format(
                used=format_size(t, papers_total(store)), limit=format_size(t, MAX_TOTAL_BYTES)
            )
        )
        self.who.setText(self._who_receives())
        self._update_buttons()

    def _who_receives(self) -> str:
        confidentiality = self.item.confidentiality
        if confidentiality is Confidentiality.PUBLIC:
            return _(
                "This item is public: its papers go to everyone the agenda goes to, the public included."
            )
        if confidentiality is Confidentiality.PARTNERS:
            return _("This item is for partners only: its papers never go into a public pack.")
        names = []
        for partner_id in self.item.restricted_to:
            from facilitator.entities import Partner  # noqa: PLC0415

            partner = self.context.store.find(Partner, partner_id)
            names.append(partner.display_name if partner else "?")
        return _("This item is restricted: its papers go only to {partners}.").format(
            partners=", ".join(names)
        )

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(Paper) or changes.touches(AgendaItem):
            self.reload()

    def _update_buttons(self) -> None:
        writable = not self.context.read_only
        chosen = selected_id(self.table) is not None
        self.add_button.setEnabled(writable)
        self.save_button.setEnabled(chosen)
        self.remove_button.setEnabled(writable and chosen)

    def selected(self) -> Paper | None:
        """The paper selected in the list."""
        paper_id = selected_id(self.table)
        return self.context.store.find(Paper, paper_id) if paper_id else None

    def add_paper(self, path: str | Path | None = None) -> bool:
        """Copy a file the user chooses into the partnership file as a paper of the item."""
        if path is None:
            chosen, _filter = QFileDialog.getOpenFileName(self, _("Add a paper"), "", _("All files (*)"))
            if not chosen:
                return False
            path = chosen
        from facilitator.storage.chosen_files import read_chosen_file  # noqa: PLC0415

        try:
            name, content = read_chosen_file(
                path,
                MAX_PAPER_BYTES,
                hint=_("Papers may be up to {limit} MB.").format(limit=MAX_PAPER_BYTES // (1024 * 1024)),
            )
            self.context.run(attach_paper(self.context.store, self.item.id, name, content, self._author()))
        except KnownError as error:
            tell(self, error, _("The paper was not added"))
            return False
        return True

    def _author(self) -> str:
        coordinator: str = self.context.settings.preferences().coordinator_name
        author: Any = self.context.store.author
        return coordinator or str(getattr(author, "user", ""))

    def save_copy(self, path: str | Path | None = None) -> Path | None:
        """Write the selected paper to a file the user chooses (never over the partnership's own files)."""
        paper = self.selected()
        if paper is None:
            return None
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(self, _("Save a copy of the paper"), paper.name)
            if not chosen:
                return None
            path = chosen
        from facilitator.exports.files import write_atomically  # noqa: PLC0415
        from facilitator.storage.outputs import check_chosen  # noqa: PLC0415

        try:
            stored: StoredFile = file_of(self.context.store, paper)
            target: Path = check_chosen(path, self.context.store.path)
            write_atomically(target, stored.content)
        except KnownError as error:
            tell(self, error, _("The copy was not written"))
            return None
        except OSError as error:
            tell(
                self, KnownError(str(error), hint=_("Choose another folder.")), _("The copy was not written")
            )
            return None
        return target

    def remove_selected(self) -> bool:
        """Take the selected paper off the item (Edit → Undo puts it back)."""
        paper = self.selected()
        if paper is None or self.context.read_only:
            return False
        try:
            self.context.run(remove_paper(self.context.store, paper.id))
        except KnownError as error:
            tell(self, error, _("The paper was not removed"))
            return False
        return True
