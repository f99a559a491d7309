"""The actions register: every action of every forum, filtered, sorted, changed several at once, with its
history, escalation, the per-partner list of promises and a CSV of what is shown.

The rules (what passes a filter, what a status change warns about, what an action's history is) are the
core's; this screen gathers choices and shows results. Its rows, model and proxy are in ``actions_model``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QLabel,
    QMenu,
    QProgressBar,
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
from facilitator.entities import Forum, Partner, Representative, by_name
from facilitator.errors import KnownError
from facilitator.escalation import escalate, escalation_targets, nowhere_to_escalate
from facilitator.exports import Format
from facilitator.i18n import N_, _
from facilitator.meetings import Meeting
from facilitator.operations import Edit
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
from facilitator.ui.empty_state import elsewhere
from facilitator.ui.errors import tell
from facilitator.ui.export_worker import ExportJob
from facilitator.ui.file_in_use import write_chosen
from facilitator.ui.jobs import Job, JobsPanel
from facilitator.ui.register_screen import Choice, RegisterScreen
from facilitator.ui.widgets import button, wrapping_row

CSV_FILTER = N_("CSV files (*.csv);;All files (*)")
#: Records whose change alters what the register shows.
SHOWN_KINDS = (Action, ActionReview, ActionUpdate, ActionOverride, Forum, Partner, Representative, Meeting)
STILL_OPEN = frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})


# --- the screen -----------------------------------------------------------------------------------------------------

ANY_STATUS = N_("Any status")
STATUS_CHOICES: tuple[tuple[str, frozenset[ActionStatus]], ...] = (
    (N_("Not closed"), STILL_OPEN),
    (ANY_STATUS, frozenset()),
    *((status.value, frozenset({status})) for status in ActionStatus),
)


class ActionsScreen(RegisterScreen[Action], JobsPanel):
    """The actions register."""

    export_finished = Signal(object)  # Path
    export_failed = Signal(object)  # Exception
    record_kind = Action
    shown_kinds = frozenset(SHOWN_KINDS)
    choice_kinds = frozenset({Forum, Partner})
    lazy = True
    fit_limit = 250
    narrow_columns = (1, 2, 5)  # forum, owner and prerequisites: long, and the title matters more

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, "actionsScreen", parent)
        self.last_export: Path | None = None
        self._jobs: set[Job] = set()

        self.forum_label, self.forum = self.choice_filter("forumFilter")
        self.partner_label, self.partner = self.choice_filter("partnerFilter")
        self.status_label, self.status = self.choice_filter("statusFilter", everything=ANY_STATUS)
        for code, _statuses in STATUS_CHOICES:
            self.status.addItem("", code)
        for box in (self.forum, self.partner, self.status):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(18)
        self.overdue_only = QCheckBox()
        self.due_this_week = QCheckBox()
        self.overdue_only.toggled.connect(lambda _c: self.apply_filter())
        self.due_this_week.toggled.connect(lambda _c: self.apply_filter())
        self.search = self.search_field("actionSearch")
        self.count = QLabel()
        self.count.setObjectName("actionCount")

        self.set_table(
            ActionsModel(self),
            ActionsProxy(self),
            "actionsTable",
            sort=(ActionsModel.DUE, Qt.SortOrder.AscendingOrder),  # the most pressing first
            open_record=self.edit_action,
            what=N_(
                "No actions yet. An action is what a partner agrees to do, and by when; most are agreed in meetings."
            ),
            first_step=N_("New action…"),
            do_first=self.new_action,
            needs=(
                (lambda: self.forum.count() < 2, N_("New forum…"), elsewhere(self, "forums", "create_forum")),
                (
                    lambda: self.partner.count() < 2,
                    N_("New partner…"),
                    elsewhere(self, "partners", "create_partner"),
                ),
            ),
        )
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)

        self.new_button = self.command(N_("New action…"), self.new_action)
        self.edit_button = self.command(N_("Edit…"), self.edit_action)
        self.mark_button = button("")
        self.history_button = self.command(N_("History…"), self.show_history)
        self.escalate_button = self.command(N_("Escalate…"), self.escalate_selected)
        self.promises_button = self.command(N_("What a partner promised…"), self.export_promises)
        self.csv_button = self.command(N_("Export list as CSV…"), self.export_csv)
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

        narrowing = wrapping_row(self.search, self.overdue_only, self.due_this_week, self.count, spacing=12)
        self.search.setMinimumWidth(200)
        actions = wrapping_row(
            self.new_button, self.edit_button, self.mark_button, self.history_button, self.escalate_button
        )
        documents = wrapping_row(self.promises_button, self.csv_button, self.progress_label, self.progress)
        self.lay_out([self.filter_row(spacing=12), narrowing], [actions, documents])
        self.start()

    # -- reading -----------------------------------------------------------------------------------------------------
    def filter_choices(self) -> list[tuple[QComboBox, list[Choice]]]:
        store = self.context.store
        forums = by_name(store.all(Forum))
        partners = by_name(store.all(Partner))
        return [
            (self.forum, [(_("All forums"), None), *((f.name, f.id) for f in forums)]),
            (self.partner, [(_("All partners"), None), *((p.name, p.id) for p in partners)]),
        ]

    def read(self) -> None:
        """Read every action from the file (the filter stays)."""
        assert isinstance(self.model, ActionsModel) and isinstance(self.proxy, ActionsProxy)
        self.model.reset_rows(register_rows(self.context.store, clock.today()))
        self.proxy.set_rule(self.filter_rule(), clock.today())
        self._show_count()

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
        assert isinstance(self.proxy, ActionsProxy)
        self.proxy.set_rule(self.filter_rule(), clock.today())
        self._show_count()
        self.update_buttons()

    def clear_filters(self) -> None:
        """Show every action: any forum, partner and status, no search."""
        for box in (self.overdue_only, self.due_this_week):
            box.blockSignals(True)
            box.setChecked(False)
            box.blockSignals(False)
        super().clear_filters()

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
    def selected_actions(self) -> list[Action]:
        """The actions selected, as stored now."""
        store = self.context.store
        found = [store.find(Action, i) for i in self.selected_ids()]
        return [a for a in found if a is not None]

    def shown_rows(self) -> list[ActionRow]:
        """The rows shown, in the order shown."""
        return [
            self.model.record(self.proxy.mapToSource(self.proxy.index(row, 0)).row())
            for row in range(self.proxy.rowCount())
        ]

    def update_buttons(self) -> None:
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
        partners = by_name(store.all(Partner))
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
    def translate(self) -> None:
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
        self.overdue_only.setText(_("&Overdue only"))
        self.due_this_week.setText(_("Due &within a week"))
        self.search.setPlaceholderText(_("Search in titles and details"))
        self.mark_button.setText(_("Mark as"))
        for status, act in self.mark_actions.items():
            act.setText(status.label)
