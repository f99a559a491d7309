"""Translations of a meeting's own texts (item titles and notes, decisions) into a document language.

Source and translation side by side, with each text's state: missing, draft, reviewed, or stale when the
original changed after it was translated. Translations are typed in place or travel to an outside translator
as a PO file; every change is a core operation (``set_translation``) on the undo stack.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator import i18n
from facilitator.content_translation import (
    PoEntryProblem,
    PoImport,
    TranslationRow,
    TranslationStatus,
    export_po,
    import_po,
    set_translation,
    translatable_texts,
    translation_rows,
)
from facilitator.entities import Forum
from facilitator.errors import KnownError
from facilitator.i18n import N_, _
from facilitator.meetings import Meeting
from facilitator.operations import Changes
from facilitator.safe_files import file_name_for
from facilitator.ui.column_titles import column_title
from facilitator.ui.combos import languages_by_name, refill
from facilitator.ui.context import AppContext
from facilitator.ui.errors import tell
from facilitator.ui.file_in_use import write_bytes_chosen
from facilitator.ui.palette import app_palette, tint
from facilitator.ui.widgets import button, key_name

AnyIndex = QModelIndex | QPersistentModelIndex
WHERE, ORIGINAL, TRANSLATION, STATE = range(4)
HEADERS = (N_("Where"), N_("Original"), N_("Translation"), N_("State"))
#: Background and text colour of each state (light enough to read black text on, told apart by words too).
STATE_TINTS = {  # ui/palette.py gives each its colours, light or dark
    TranslationStatus.MISSING: "bad",
    TranslationStatus.DRAFT: "caution",
    TranslationStatus.REVIEWED: "good",
    TranslationStatus.STALE: "stale",
}
PO_FILTER = N_("PO files (*.po);;All files (*)")
PROBLEM_TEXTS = {
    PoEntryProblem.UNKNOWN: N_("not part of this meeting (any more); left out"),
    PoEntryProblem.SOURCE_CHANGED: N_("the original changed after the file was exported; left out"),
    PoEntryProblem.EMPTY: N_("no translation given; left out"),
}


def _state_count(status: TranslationStatus, n: int) -> str:
    """How many texts are in ``status``, e.g. "2 missing" (written out so that the catalogs have each one)."""
    if status is TranslationStatus.MISSING:
        text = i18n.ngettext("{n} missing", "{n} missing", n)
    elif status is TranslationStatus.DRAFT:
        text = i18n.ngettext("{n} draft", "{n} drafts", n)
    elif status is TranslationStatus.REVIEWED:
        text = i18n.ngettext("{n} reviewed", "{n} reviewed", n)
    else:
        text = i18n.ngettext("{n} stale", "{n} stale", n)
    return text.format(n=n)


class TranslationModel(QAbstractTableModel):
    """Rows of ``TranslationRow``: where, original, translation (editable) and state."""

    edited = Signal(int, str)  # row, new translation: the tab runs the core operation

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TranslationRow] = []
        self.editable = True

    def set_rows(self, rows: Sequence[TranslationRow]) -> None:
        """Show ``rows``; when the same texts are shown, only their contents change (an open editor stays)."""
        rows = list(rows)
        if [r.text.key for r in rows] == [r.text.key for r in self._rows]:
            self._rows = rows
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(HEADERS) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row(self, number: int) -> TranslationRow:
        """The row ``number``."""
        return self._rows[number]

    def rows(self) -> list[TranslationRow]:
        """Every row shown."""
        return list(self._rows)

    def retranslate(self) -> None:
        """Headers and states follow a new language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(HEADERS) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(HEADERS) - 1))

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_title(HEADERS, section, orientation, role, translate=True)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == TRANSLATION and self.editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.EditRole):
            if column == WHERE:
                return row.text.where
            if column == ORIGINAL:
                return row.text.source
            if column == TRANSLATION:
                return row.translation
            if column == STATE:
                return row.status.label
        if column == STATE and role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(tint(app_palette(), STATE_TINTS[row.status])[0])
        if column == STATE and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(tint(app_palette(), STATE_TINTS[row.status])[1])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != TRANSLATION:
            return False
        if not self.editable or not 0 <= index.row() < len(self._rows):
            return False
        text = str(value or "")
        if text == self._rows[index.row()].translation:
            return False
        self.edited.emit(index.row(), text)
        return True


class MultiLineDelegate(QStyledItemDelegate):
    """Edits a translation in a multi-line box; Ctrl+Enter (or leaving the box) keeps it, Escape drops it."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        editor = QPlainTextEdit(parent)
        editor.setTabChangesFocus(True)
        editor.installEventFilter(self)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QPlainTextEdit):
            model.setData(index, editor.toPlainText(), Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> None:
        rect = option.rect
        rect.setHeight(max(rect.height(), 96))
        editor.setGeometry(rect)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            isinstance(watched, QPlainTextEdit)
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.commitData.emit(watched)
            self.closeEditor.emit(watched, QStyledItemDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(watched, event)


class TranslationTab(QWidget):
    """A meeting's texts beside their translation into one language, with states, PO export and import."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("translationTab")
        self.context = context
        self._meeting_id: str | None = None
        self._forum_id: str | None = None
        self.last_po: Path | None = None

        self.language_label = QLabel()
        self.language = QComboBox()
        self.language_label.setBuddy(self.language)
        self.language.currentIndexChanged.connect(lambda _i: self.reload())
        self.summary = QLabel()
        self.summary.setObjectName("translationSummary")
        self.summary.setProperty("showsData", True)
        self.summary.setWordWrap(True)
        self.model = TranslationModel(self)
        self.model.edited.connect(self._edited)
        self.table = QTableView()
        self.table.setObjectName("translationTable")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(TRANSLATION, MultiLineDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(WHERE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ORIGINAL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(TRANSLATION, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(STATE, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.review_button = button("")
        self.export_button = button("")
        self.import_button = button("")
        self.review_button.clicked.connect(self.mark_reviewed)
        self.export_button.clicked.connect(self.export_po)
        self.import_button.clicked.connect(self.import_po)

        top = QHBoxLayout()
        top.addWidget(self.language_label)
        top.addWidget(self.language)
        top.addSpacing(12)
        top.addWidget(self.summary, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.review_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)

        context.changed.connect(self._on_changed)
        self.retranslate()

    # -- what is shown -----------------------------------------------------------------------------------------------
    def set_meeting(self, meeting_id: str | None) -> None:
        """Show the texts of ``meeting_id`` (None empties the tab)."""
        meeting = self.context.store.find(Meeting, meeting_id) if meeting_id else None
        self._meeting_id = meeting.id if meeting else None
        if meeting is not None and meeting.forum_id != self._forum_id:
            self._forum_id = meeting.forum_id
            self._fill_languages(None)
        self.reload()

    def working_language(self) -> str:
        """The language the forum writes its content in."""
        forum = self.context.store.find(Forum, self._forum_id) if self._forum_id else None
        return forum.working_language if forum else i18n.SOURCE_LANGUAGE

    def target_language(self) -> str:
        """The language chosen to translate into."""
        return str(self.language.currentData() or "")

    def set_language(self, code: str) -> None:
        """Translate into ``code``."""
        self.language.setCurrentIndex(self.language.findData(code))

    def _fill_languages(self, keep: str | None) -> None:
        forum = self.context.store.find(Forum, self._forum_id) if self._forum_id else None
        working = self.working_language()
        codes = [c for c in i18n.DOCUMENT_LANGUAGES if c != working]
        if keep is None:  # the forum's other languages come first to mind
            preferred = [c for c in (forum.other_languages if forum else ()) if c in codes]
            keep = preferred[0] if preferred else codes[0]
        refill(self.language, languages_by_name(codes), keep)

    def reload(self) -> None:
        """Read the texts and their translations again."""
        self.model.editable = not self.context.read_only
        if self._meeting_id is None or not self.target_language():
            self.model.set_rows([])
        else:
            self.model.set_rows(
                translation_rows(self.context.store, self._meeting_id, self.target_language())
            )
        self._show_summary()
        self._update_buttons()

    def _on_changed(self, _changes: Changes) -> None:
        if self._meeting_id is None:
            return
        if self.context.store.find(Meeting, self._meeting_id) is None:
            self.set_meeting(None)
            return
        self.reload()

    def _show_summary(self) -> None:
        rows = self.model.rows()
        if self._meeting_id is None:
            self.summary.setText("")
            return
        counts = {status: sum(1 for r in rows if r.status is status) for status in TranslationStatus}
        parts = [_state_count(status, counts[status]) for status in TranslationStatus if counts[status]]
        total = i18n.ngettext("{n} text", "{n} texts", len(rows)).format(n=len(rows))
        self.summary.setText(
            _("{total}: {states}").format(total=total, states=", ".join(parts)) if parts else total
        )

    def selected_rows(self) -> list[int]:
        """The rows selected, in order."""
        selection = self.table.selectionModel()
        return sorted({index.row() for index in selection.selectedRows()}) if selection else []

    def _update_buttons(self) -> None:
        writable = not self.context.read_only
        shown = self._meeting_id is not None and self.model.rowCount() > 0
        reviewable = [
            r
            for r in self.selected_rows()
            if self.model.row(r).translation.strip()
            and self.model.row(r).status is not TranslationStatus.REVIEWED
        ]
        self.review_button.setEnabled(writable and bool(reviewable))
        self.export_button.setEnabled(shown)
        self.import_button.setEnabled(writable and shown)
        self.language.setEnabled(self._meeting_id is not None)

    # -- editing -----------------------------------------------------------------------------------------------------
    def _edited(self, row: int, text: str) -> None:
        found = self.model.row(row)
        try:
            self.context.run(set_translation(self.context.store, found.text, self.target_language(), text))
        except KnownError as error:
            tell(self, error, _("Not changed"))

    def mark_reviewed(self) -> int:
        """Mark the selected translations as reviewed (one undo step); returns how many were marked."""
        store = self.context.store
        language = self.target_language()
        chosen = [
            self.model.row(r)
            for r in self.selected_rows()
            if self.model.row(r).translation.strip()
            and self.model.row(r).status is not TranslationStatus.REVIEWED
        ]
        if not chosen or self.context.read_only:
            return 0
        stack = self.context.undo_stack
        stack.beginMacro(
            i18n.ngettext(
                "Mark {n} translation reviewed", "Mark {n} translations reviewed", len(chosen)
            ).format(n=len(chosen))
        )
        try:
            for row in chosen:
                self.context.run(set_translation(store, row.text, language, row.translation, reviewed=True))
        except KnownError as error:
            tell(self, error, _("Not changed"))
        finally:
            stack.endMacro()
        return len(chosen)

    # -- PO files ----------------------------------------------------------------------------------------------------
    def _suggested_po(self) -> str:
        meeting = self.context.store.find(Meeting, self._meeting_id or "")
        forum = self.context.store.find(Forum, meeting.forum_id) if meeting else None
        day = f"{meeting.starts_at:%Y-%m-%d}" if meeting else ""
        name = (
            file_name_for(f"{forum.name if forum else ''} {day} ({self.target_language()})".strip()) + ".po"
        )
        return str(self.last_po.parent / name) if self.last_po else name

    def export_po(self) -> Path | None:
        """Save the meeting's texts for the chosen language as a PO file for an outside translator."""
        if self._meeting_id is None:
            return None
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export for a translator"), self._suggested_po(), _(PO_FILTER)
        )
        if not path:
            return None
        data = export_po(self.context.store, self._meeting_id, self.target_language())
        written = write_bytes_chosen(self, Path(path), data, ".po", self._say)
        if written is not None:
            self.last_po = written
        return written

    def import_po(self) -> int:
        """Read a translated PO file, show what it would change and what it leaves out, and apply it only
        when the user agrees. Returns how many translations were applied."""
        if self._meeting_id is None or self.context.read_only:
            return 0
        start = str(self.last_po.parent) if self.last_po else ""
        path, _filter = QFileDialog.getOpenFileName(self, _("Import translations"), start, _(PO_FILTER))
        if not path:
            return 0
        source = Path(path)
        try:
            data = source.read_bytes()
        except OSError as error:
            tell(self, KnownError(_("{path} could not be read.").format(path=source), hint=str(error)))
            return 0
        try:
            result = import_po(self.context.store, self._meeting_id, self.target_language(), data)
        except KnownError as error:
            tell(self, error, _("Not imported"))
            return 0
        self.last_po = source
        if not self._confirm(result):
            return 0
        try:
            self.context.run(result.edit)
        except KnownError as error:
            tell(self, error, _("Not imported"))
            return 0
        self._say(
            i18n.ngettext("{n} translation imported", "{n} translations imported", result.applied).format(
                n=result.applied
            )
        )
        return result.applied

    def problem_lines(self, result: PoImport) -> list[str]:
        """Each entry the import leaves out, in plain words."""
        assert self._meeting_id is not None
        where = {text.key: text.where for text in translatable_texts(self.context.store, self._meeting_id)}
        return [
            _("{where}: {problem}").format(
                where=where.get(key, _("An entry")), problem=_(PROBLEM_TEXTS[problem])
            )
            for key, problem in result.problems
        ]

    def _confirm(self, result: PoImport) -> bool:
        box = QMessageBox(self)
        box.setWindowTitle(_("Import translations"))
        if result.applied:
            box.setIcon(QMessageBox.Icon.Question)
            box.setText(
                i18n.ngettext(
                    "{n} translation will be applied as a draft.",
                    "{n} translations will be applied as drafts.",
                    result.applied,
                ).format(n=result.applied)
            )
            box.setStandardButtons(QMessageBox.StandardButton.Apply | QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(QMessageBox.StandardButton.Apply)
        else:
            box.setIcon(QMessageBox.Icon.Information)
            box.setText(_("Nothing in this file can be applied."))
            box.setStandardButtons(QMessageBox.StandardButton.Close)
        problems = self.problem_lines(result)
        if problems:
            heading = i18n.ngettext(
                "{n} entry is left out:", "{n} entries are left out:", len(problems)
            ).format(n=len(problems))
            box.setInformativeText("\n".join([heading, *("• " + line for line in problems)]))
        if not result.applied:
            box.exec()
            return False
        return bool(box.exec() == QMessageBox.StandardButton.Apply)

    def _say(self, text: str) -> None:
        self.hint.setText(text)
        status = getattr(self.window(), "statusBar", None)
        if callable(status):
            status().showMessage(text, 8000)

    def retranslate(self) -> None:
        """Show every label in the current language."""
        self.table.setAccessibleName(_("Translations"))  # spoken by screen readers
        self.language_label.setText(_("&Translate into:"))
        self._fill_languages(self.target_language() or None)
        self.review_button.setText(_("Mark reviewed"))
        self.export_button.setText(_("Export PO…"))
        self.import_button.setText(_("Import PO…"))
        self.hint.setText(
            _(
                "Double-click a translation to edit it; {keys} keeps it. Texts without a translation "
                "are printed in the original language."
            ).format(keys=key_name("Ctrl+Return"))
        )
        self.model.retranslate()
        self._show_summary()
