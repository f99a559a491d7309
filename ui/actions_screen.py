"""The actions register: every action of every forum, filtered, sorted, changed several at once, with its
history, escalation, the per-partner list of promises and a CSV of what is shown.

The rules (what passes a filter, what a status change warns about, what an action's history is) are the
core's; this screen gathers choices and shows results. Its rows, model and proxy are in ``actions_model``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from facilitator import clock, i18n
from facilitator.actions import (
    Action,
    ActionFilter,
    ActionOverride,
    ActionReview,
    ActionStatus,
    ActionUpdate,
    PrerequisitesNotDone,
    save_action,
    set_status,
)
from facilitator.entities import Forum, Partner, Representative
from facilitator.errors import KnownError
from facilitator.escalation import escalate, escalation_targets, nowhere_to_escalate
from facilitator.exports import Format
from facilitator.i18n import N_, _
from facilitator.meetings import Meeting
from facilitator.operations import Changes, Edit
from facilitator.ui.action_dialogs import (
    ActionChoice,
    ActionDialog,
    EscalateDialog,
    HistoryDialog,
    OverrideDialog,
    PromisesChoice,
    PromisesDialog,
    show_history,
)
from facilitator.ui.actions_model import ActionRow, ActionsModel, ActionsProxy, register_rows
from facilitator.ui.context import AppContext
from facilitator.ui.empty_state import EmptyState, elsewhere
from facilitator.ui.errors import tell
from facilitator.ui.export_worker import ExportJob
from facilitator.ui.file_in_use import write_chosen
from facilitator.ui.jobs import Job, JobsPanel
from facilitator.ui.widgets import button, fit_columns, labelled, record_table, wrapping_row

CSV_FILTER = N_("CSV files (*.csv);;All files (*)")
#: Records whose change alters what the register shows.
SHOWN_KINDS = (Action, ActionReview, ActionUpdate, ActionOverride, Forum, Partner, Representative, Meeting)
STILL_OPEN = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})


# --- the screen -----------------------------------------------------------------------------------------------------

STATUS_CHOICES: tuple[tuple[str, frozenset[ActionStatus]], ...] = (
    (N_("Not closed"), STILL_OPEN),
    (N_("Any status"), frozenset()),
    *((status.value, frozenset({status})) for status in ActionStatus),
)


class ActionsScreen(QWidget, JobsPanel):
    """The actions register."""

    export_finished = Signal(object)  # Path
    export_failed = Signal(object)  # Exception

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("actionsScreen")
        self.context = context
        self.last_export: Path | None = None
        self._stale = True
        self._closed = False
        self._fitted = False
        self._jobs: set[Job] = set()

        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.forum_label, self.forum = QLabel(), QComboBox()
        self.partner_label, self.partner = QLabel(), QComboBox()
        self.status_label, self.status = QLabel(), QComboBox()
        self.forum.setObjectName("forumFilter")
        self.partner.setObjectName("partnerFilter")
        self.status.setObjectName("statusFilter")
        for code, _statuses in STATUS_CHOICES:
            self.status.addItem("", code)
        for label, box in (
            (self.forum_label, self.forum),
            (self.partner_label, self.partner),
            (self.status_label, self.status),
        ):
            label.setBuddy(box)
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(18)
            box.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.overdue_only = QCheckBox()
        self.due_this_week = QCheckBox()
        self.overdue_only.toggled.connect(lambda _c: self.apply_filter())
        self.due_this_week.toggled.connect(lambda _c: self.apply_filter())
        self.search = QLineEdit()
        self.search.setObjectName("actionSearch")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.apply_filter())
        self.count = QLabel()
        self.count.setObjectName("actionCount")

        self.model = ActionsModel(self)
        self.proxy = ActionsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = record_table(self.proxy)
        self.table.setObjectName("actionsTable")
        self.empty_state = EmptyState(
            self.table,
            N_(
                "No actions yet. An action is what a partner agrees to do, and by when; most are agreed in meetings."
            ),
            N_("New action…"),
            self.new_action,
            needs=(
                (lambda: self.forum.count() < 2, N_("New forum…"), elsewhere(self, "forums", "create_forum")),
                (
                    lambda: self.partner.count() < 2,
                    N_("New partner…"),
                    elsewhere(self, "partners", "create_partner"),
                ),
            ),
            clear_filters=self.clear_filters,
            may_write=lambda: not context.read_only,
        )
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.sortByColumn(ActionsModel.DUE, Qt.SortOrder.AscendingOrder)  # the most pressing first
        self.table.doubleClicked.connect(lambda _i: self.edit_action())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())

        self.new_button = button("")
        self.edit_button = button("")
        self.mark_button = button("")
        self.history_button = button("")
        self.escalate_button = button("")
        self.promises_button = button("")
        self.csv_button = button("")
        self.new_button.clicked.connect(self.new_action)
        self.edit_button.clicked.connect(self.edit_action)
        self.history_button.clicked.connect(self.show_history)
        self.escalate_button.clicked.connect(self.escalate_selected)
        self.promises_button.clicked.connect(lambda _c=False: self.export_promises())
        self.csv_button.clicked.connect(lambda _c=False: self.export_csv())
        self.mark_menu = QMenu(self.mark_button)
        self.mark_actions: dict[ActionStatus, QAction] = {}
        for status in ActionStatus:
            act = self.mark_menu.addAction("")
            act.triggered.connect(lambda _c=False, s=status: self.mark_selected(s))
            self.mark_actions[status] = act
        self.mark_button.setMenu(self.mark_menu)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: how long the fonts take is not known
        self.progress.setMaximumWidth(160)
        self.progress_label = QLabel()
        self.progress_label.setProperty("showsData", True)  # a file name and the writer's own words
        self.progress.hide()
        self.progress_label.hide()

        filters = wrapping_row(
            labelled(self.forum_label, self.forum),
            labelled(self.partner_label, self.partner),
            labelled(self.status_label, self.status),
            spacing=12,
        )
        narrowing = wrapping_row(self.search, self.overdue_only, self.due_this_week, self.count, spacing=12)
        self.search.setMinimumWidth(200)
        actions = wrapping_row(
            self.new_button, self.edit_button, self.mark_button, self.history_button, self.escalate_button
        )
        documents = wrapping_row(self.promises_button, self.csv_button, self.progress_label, self.progress)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(filters)
        layout.addLayout(narrowing)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        layout.addLayout(documents)

        context.changed.connect(self._on_changed)
        context.closing.connect(self._file_closing)
        self.retranslate()
        self._fill_choices()
        self.reload()

    # -- reading -----------------------------------------------------------------------------------------------------
    def _fill_choices(self) -> None:
        store = self.context.store
        for box, records, everyone in (
            (self.forum, sorted(store.all(Forum), key=lambda f: f.name.casefold()), _("All forums")),
            (self.partner, sorted(store.all(Partner), key=lambda p: p.name.casefold()), _("All partners")),
        ):
            keep = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(everyone, None)
            for record in records:
                box.addItem(record.name, record.id)
            box.setCurrentIndex(max(0, box.findData(keep)) if keep else 0)
            box.blockSignals(False)
        self.empty_state.refresh()  # a first forum or partner changes what the empty list's button does

    def reload(self) -> None:
        """Read every action again (keeping the selection and the filter)."""
        keep = self.selected_ids()
        self.model.reset_rows(register_rows(self.context.store, clock.today()))
        self.proxy.set_rule(self.filter_rule(), clock.today())
        self._stale = False
        if not self._fitted and self.model.rowCount():
            self._fit()
        self.select_ids(keep)
        self._show_count()
        self._update_buttons()

    def _fit(self) -> None:
        fit_columns(self.table, 250)
        header = self.table.horizontalHeader()
        for column in (1, 2, 5):  # forum, owner and prerequisites: long, and the title matters more
            header.resizeSection(column, min(header.sectionSize(column), 150))
        self._fitted = True

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(Forum) or changes.touches(Partner):
            self._fill_choices()
        if any(changes.touches(kind) for kind in SHOWN_KINDS):
            if self.isVisible():
                self.reload()
            else:
                self._stale = True  # read again when shown: a hidden register costs nothing

    def _file_closing(self) -> None:
        self._closed = True  # screens are shown one last time while the window takes them down

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and not self._closed:
            self.reload()

    # -- filtering ------------------------------------------------------------------------------------------------
    def filter_rule(self) -> ActionFilter:
        """The filter the widgets describe (the rule itself is ``ActionFilter``'s)."""
        code = self.status.currentData()
        statuses = next((s for c, s in STATUS_CHOICES if c == code), frozenset())
        return ActionFilter(
            forum_id=self.forum.currentData(),
            partner_id=self.partner.currentData(),
            statuses=statuses,
            overdue_only=self.overdue_only.isChecked(),
            due_within_days=7 if self.due_this_week.isChecked() else None,
            text=self.search.text(),
        )

    def apply_filter(self) -> None:
        """Show the actions that pass the chosen filter."""
        self.proxy.set_rule(self.filter_rule(), clock.today())
        self._show_count()
        self._update_buttons()

    def clear_filters(self) -> None:
        """Show every action: any forum, partner and status, no search."""
        for box in (self.forum, self.partner):
            box.setCurrentIndex(0)
        self.set_status_filter(frozenset())
        self.overdue_only.setChecked(False)
        self.due_this_week.setChecked(False)
        self.search.clear()

    def set_status_filter(self, statuses: frozenset[ActionStatus]) -> None:
        """Choose the status filter showing ``statuses`` (empty: any status)."""
        for row, (_code, shown) in enumerate(STATUS_CHOICES):
            if shown == statuses:
                self.status.setCurrentIndex(row)
                return

    def _show_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        self.count.setText(
            i18n.ngettext("{shown} of {total} action", "{shown} of {total} actions", total).format(
                shown=i18n.active().format_number(shown), total=i18n.active().format_number(total)
            )
        )

    # -- selection ------------------------------------------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        """The ids of the actions selected, top to bottom."""
        selection = self.table.selectionModel()
        rows = sorted(selection.selectedRows(), key=lambda i: i.row()) if selection else []
        return [self.model.record(self.proxy.mapToSource(i).row()).id for i in rows]

    def selected_actions(self) -> list[Action]:
        """The actions selected, as stored now."""
        store = self.context.store
        found = [store.find(Action, i) for i in self.selected_ids()]
        return [a for a in found if a is not None]

    def select_ids(self, ids: Sequence[str]) -> None:
        """Select the rows of ``ids`` that are shown."""
        wanted = set(ids)
        selection = self.table.selectionModel()
        selection.clearSelection()
        if not wanted:
            return
        from PySide6.QtCore import QItemSelection, QItemSelectionModel  # noqa: PLC0415

        chosen = QItemSelection()
        first: QModelIndex | None = None
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.model.record(self.proxy.mapToSource(index).row()).id in wanted:
                chosen.select(index, index)
                first = first or index
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        selection.select(chosen, flags)
        if first is not None:
            selection.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(first)

    def shown_rows(self) -> list[ActionRow]:
        """The rows shown, in the order shown."""
        return [
            self.model.record(self.proxy.mapToSource(self.proxy.index(row, 0)).row())
            for row in range(self.proxy.rowCount())
        ]

    def _update_buttons(self) -> None:
        writable = not self.context.read_only
        count = len(self.table.selectionModel().selectedRows())
        self.new_button.setEnabled(writable and self.forum.count() > 1 and self.partner.count() > 1)
        self.edit_button.setEnabled(writable and count == 1)
        self.mark_button.setEnabled(writable and count > 0)
        self.history_button.setEnabled(count == 1)
        self.escalate_button.setEnabled(writable and count == 1 and self.forum.count() > 2)
        self.promises_button.setEnabled(self.partner.count() > 1)
        self.csv_button.setEnabled(self.proxy.rowCount() > 0)

    # -- operations ---------------------------------------------------------------------------------------------
    def _run(self, make: Callable[[], Edit]) -> bool:
        return bool(self.context.apply(self, make))  # mypy sees facilitator.ui.* as Any

    def _submit(self, record: object) -> None:
        assert isinstance(record, ActionChoice)
        edit = save_action(self.context.store, record.action, override_reason=record.override_reason)
        self.context.run(edit)

    def new_action(self) -> None:
        """Create an action for the forum (and partner) chosen in the filter."""
        if self.context.read_only:
            return
        made: list[str] = []

        def submit(record: object) -> None:
            self._submit(record)
            assert isinstance(record, ActionChoice)
            made.append(record.action.id)

        dialog = ActionDialog(self, self.context.store, None, submit, forum_id=self.forum.currentData())
        if self.partner.currentData():
            dialog.partner.setCurrentIndex(max(0, dialog.partner.findData(self.partner.currentData())))
        dialog.exec()
        if made:
            self.select_ids(made)

    def edit_action(self) -> None:
        """Change the selected action."""
        chosen = self.selected_actions()
        if len(chosen) != 1 or self.context.read_only:
            return
        ActionDialog(self, self.context.store, chosen[0], self._submit).exec()

    def mark_selected(self, status: ActionStatus) -> bool:
        """Give every selected action ``status``. One that would start or close while what it waits for is not
        done is refused by the core; the coordinator may then go ahead with a reason, which is recorded."""
        chosen = self.selected_actions()
        if not chosen or self.context.read_only:
            return False
        store = self.context.store
        ids = [a.id for a in chosen]
        try:
            change = set_status(store, ids, status, clock.today())
        except PrerequisitesNotDone as refused:
            done: list[bool] = []

            def submit(reason: object) -> None:
                forced = set_status(store, ids, status, clock.today(), override_reason=str(reason))
                self.context.run(forced.edit)
                done.append(True)

            OverrideDialog(self, refused, submit).exec()
            return bool(done)
        except KnownError as error:
            tell(self, error, _("Not changed"))
            return False
        return self._run(lambda: change.edit)

    def show_history(self) -> HistoryDialog | None:
        """Every meeting the selected action was tabled at, what was said there, what it waits for and each time
        it went ahead before that was done."""
        chosen = self.selected_actions()
        if len(chosen) != 1:
            return None
        return show_history(self, self.context.store, chosen[0].id)

    def escalate_selected(self) -> None:
        """Send the selected action to another forum, with a reason."""
        chosen = self.selected_actions()
        if len(chosen) != 1 or self.context.read_only:
            return
        action = chosen[0]
        store = self.context.store
        origin = store.get(Forum, action.forum_id)

        def submit(choice: object) -> None:
            assert isinstance(choice, tuple)
            target, reason = choice
            self.context.run(
                escalate(
                    store,
                    subject_kind="actions",
                    subject_id=action.id,
                    subject_title=action.title,
                    from_forum_id=action.forum_id,
                    to_forum_id=target,
                    reason=reason,
                    today=clock.today(),
                )
            )

        targets = escalation_targets(store, origin.id)
        if not targets:
            tell(self, KnownError(nowhere_to_escalate(origin).problem), _("Not escalated"))
            return
        EscalateDialog(self, action.title, origin, targets, submit).exec()

    # -- documents ------------------------------------------------------------------------------------------------
    def export_promises(self, folder: Path | None = None) -> Job | None:
        """Ask whose promises, then write them as DOCX or PDF on a worker thread."""
        from facilitator.register_docs import partner_promises  # noqa: PLC0415 - only when exporting

        store = self.context.store
        partners = sorted(store.all(Partner), key=lambda p: p.name.casefold())
        chosen: list[PromisesChoice] = []

        def submit(choice: object) -> None:
            assert isinstance(choice, PromisesChoice)
            chosen.append(choice)

        start = folder or (self.last_export.parent if self.last_export else None)
        PromisesDialog(self, partners, submit, partner_id=self.partner.currentData(), folder=start).exec()
        if not chosen:
            return None
        choice = chosen[0]
        # The document is read from the file here, on the window's thread; only the writing moves away.
        model = partner_promises(store, choice.partner_id, clock.today(), choice.language)
        return self.start_job(ExportJob(model, Format(choice.format), choice.path), choice.path)

    def csv_table(self) -> tuple[list[str], list[dict[str, str]]]:
        """The header and rows of the list as shown: translated titles, the window's date format."""
        header = [_(c.title) for c in self.model.columns]
        rows = [
            {title: column.text(row) for title, column in zip(header, self.model.columns, strict=True)}
            for row in self.shown_rows()
        ]
        return header, rows

    def export_csv(self, path: Path | None = None) -> Path | None:
        """Write the actions shown, in the order shown, to a CSV file."""
        from facilitator.exports.csv_export import write_actions_csv  # noqa: PLC0415 - only when exporting

        if path is None:
            from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415 - see ui/errors.py

            chosen, _filter = QFileDialog.getSaveFileName(
                self, _("Export list as CSV"), _("Actions") + ".csv", _(CSV_FILTER)
            )
            if not chosen:
                return None
            path = Path(chosen)
        if path.suffix == "":
            path = path.with_suffix(".csv")
        header, rows = self.csv_table()
        written: Path | None = write_chosen(
            self, path, lambda to: write_actions_csv(to, rows, header), _("The file was not written")
        )
        if written is None:
            return None
        path = written
        self.last_export = path
        self._say(
            i18n.ngettext(
                "{count} action written to {name}", "{count} actions written to {name}", len(rows)
            ).format(count=len(rows), name=path.name)
        )
        return path

    # -- language -----------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Show every label in the current language."""
        # Spoken names: what a screen reader announces for fields that have no label beside them.
        self.table.setAccessibleName(_("Actions"))
        self.search.setAccessibleName(_("Search in titles and details"))
        self.title.setText(_("Actions"))
        self.forum_label.setText(_("&Forum:"))
        self.partner_label.setText(_("&Partner:"))
        self.status_label.setText(_("&Status:"))
        values = {s.value for s in ActionStatus}
        for row, (code, _statuses) in enumerate(STATUS_CHOICES):
            self.status.setItemText(row, ActionStatus(code).label if code in values else _(code))
        for box, everyone in ((self.forum, _("All forums")), (self.partner, _("All partners"))):
            if box.count():
                box.setItemText(0, everyone)
        self.overdue_only.setText(_("&Overdue only"))
        self.due_this_week.setText(_("Due &within a week"))
        self.search.setPlaceholderText(_("Search in titles and details"))
        self.new_button.setText(_("New action…"))
        self.empty_state.refresh()
        self.edit_button.setText(_("Edit…"))
        self.mark_button.setText(_("Mark as"))
        for status, act in self.mark_actions.items():
            act.setText(status.label)
        self.history_button.setText(_("History…"))
        self.escalate_button.setText(_("Escalate…"))
        self.promises_button.setText(_("What a partner promised…"))
        self.csv_button.setText(_("Export list as CSV…"))
        self.model.retranslate()
        self._show_count()
