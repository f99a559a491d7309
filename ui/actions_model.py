"""The actions register's rows: each action with its facts, a model that sorts its own list and a proxy that
filters with the core's ``ActionFilter``.

Quick on 20,000 actions: the facts are worked out once per reload from a few queries (not one history per
action), sorting is Python's ``sorted`` on the model's list rather than Qt's per-comparison callbacks, and a
filter change asks the rule once per action (only of the rows still shown while more words are typed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, ClassVar

from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush

from facilitator import clock, i18n
from facilitator.actions import Action, ActionFilter, ActionReview, ActionStatus, ActionUpdate
from facilitator.entities import Representative, forum_names, partner_names
from facilitator.frozen import frozen
from facilitator.i18n import N_, _
from facilitator.meetings import Meeting
from facilitator.prerequisites import prerequisite_parts
from facilitator.store import Store
from facilitator.ui.models import AnyIndex, Column, RecordTableModel
from facilitator.ui.palette import app_palette, warning_colour

#: Overdue actions are marked in words and in this colour (dark red: readable, and not the only sign).


# --- rows -----------------------------------------------------------------------------------------------------------


@frozen
class ActionRow:
    """An action with what the register shows beside its own fields."""

    action: Action
    forum: str
    partner: str
    person: str
    times_carried: int
    overdue: bool
    missed_updates: int
    waited: tuple[Action, ...] = ()  # what it waits for, as they stand

    @property
    def waits_for(self) -> str:
        """What it waits for and where each stands, in the window's language."""
        return "; ".join(prerequisite_parts(i18n.active(), self.waited))

    @property
    def id(self) -> str:
        """The action's id."""
        return self.action.id

    @property
    def owner(self) -> str:
        """The partner, and the person when one is named."""
        return f"{self.partner} ({self.person})" if self.person else self.partner


def register_rows(store: Store, today: dt.date) -> list[ActionRow]:
    """Every action with its facts, from one query per kind rather than one history per action.

    The counts are those of ``facilitator.actions.action_facts`` (a test holds them equal): meetings it was
    tabled at, and held meetings where it was tabled and nothing was said.
    """
    meetings = store.all(Meeting, include_archived=True)
    exists = {m.id for m in meetings}
    held = {m.id for m in meetings if m.started_at is not None}
    tabled = {(r.action_id, r.meeting_id) for r in store.all(ActionReview, include_archived=True)}
    spoken = {(u.action_id, u.meeting_id) for u in store.all(ActionUpdate, include_archived=True)}
    carried: dict[str, int] = {}
    missed: dict[str, int] = {}
    for action_id, meeting_id in tabled:
        if meeting_id not in exists:
            continue
        carried[action_id] = carried.get(action_id, 0) + 1
        if meeting_id in held and (action_id, meeting_id) not in spoken:
            missed[action_id] = missed.get(action_id, 0) + 1
    forums = forum_names(store)
    partners = partner_names(store, short=True)
    people = {r.id: r.name for r in store.all(Representative, include_archived=True)}
    actions = store.all(Action)
    by_id = {a.id: a for a in actions}
    return [
        ActionRow(
            action=a,
            forum=forums.get(a.forum_id, ""),
            partner=partners.get(a.owner_partner_id, ""),
            person=people.get(a.owner_person_id or "", ""),
            times_carried=carried.get(a.id, 0),
            overdue=a.is_overdue(today),
            missed_updates=missed.get(a.id, 0),
            waited=tuple(by_id[i] for i in a.waits_for if i in by_id),
        )
        for a in actions
    ]


def _count(n: int) -> str:
    return i18n.active().format_number(n) if n else ""


def _due(row: ActionRow) -> str:
    return i18n.active().format_date(row.action.due) if row.action.due else ""


STATUS_ORDER = {status: number for number, status in enumerate(ActionStatus)}


class ActionsModel(RecordTableModel[ActionRow]):
    """The register's rows. It sorts its own list (see the module's docstring); the proxy only filters."""

    columns = (
        Column[ActionRow](N_("Action"), lambda r: r.action.title),
        Column[ActionRow](N_("Forum"), lambda r: r.forum),
        Column[ActionRow](N_("Owner"), lambda r: r.owner),
        Column[ActionRow](
            N_("Due"), _due, lambda r: (r.action.due is None, r.action.due or dt.date.min, r.action.title)
        ),
        Column[ActionRow](
            N_("Status"), lambda r: r.action.status.label, lambda r: STATUS_ORDER[r.action.status]
        ),
        Column[ActionRow](N_("Waits for"), lambda r: r.waits_for),
        Column[ActionRow](N_("Carried"), lambda r: _count(r.times_carried), lambda r: r.times_carried),
        Column[ActionRow](
            N_("Overdue"), lambda r: _("Overdue") if r.overdue else "", lambda r: not r.overdue
        ),
        Column[ActionRow](
            N_("Missed updates"), lambda r: _count(r.missed_updates), lambda r: r.missed_updates
        ),
    )
    DUE, OVERDUE = 3, 7
    NUMBERS = (6, 8)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._sorted: tuple[int, Qt.SortOrder] | None = None
        self._test: Callable[[Action], bool] | None = None
        self.passing: list[bool] = []  # whether each row passes the proxy's filter, in row order

    def reset_rows(self, rows: Sequence[ActionRow]) -> None:
        """Show ``rows``, in the order last asked for."""
        if self._sorted is not None:
            rows = self._in_order(rows, *self._sorted)
        self.reset_records(rows)

    def reset_records(self, records: Sequence[ActionRow]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self._search = [None] * len(self._records)
        self._work_out_passing()
        self.endResetModel()

    def set_test(self, test: Callable[[Action], bool] | None, *, narrowing: bool = False) -> None:
        """Ask ``test`` (None: everything passes) of every action now, and of those shown later.

        ``narrowing``: nothing failing the test before passes this one (more words typed), so only the rows
        passing now are asked.
        """
        self._test = test
        if narrowing and test is not None:
            self.passing = [ok and test(r.action) for ok, r in zip(self.passing, self._records, strict=True)]
        else:
            self._work_out_passing()

    def _work_out_passing(self) -> None:
        test = self._test
        self.passing = (
            [True] * len(self._records) if test is None else [test(r.action) for r in self._records]
        )

    def _in_order(self, rows: Sequence[ActionRow], column: int, order: Qt.SortOrder) -> list[ActionRow]:
        if not 0 <= column < len(self.columns):
            return list(rows)
        col = self.columns[column]
        key = col.sort if col.sort else (lambda r: col.text(r).casefold())
        return sorted(rows, key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sorted = (column, order)
        old = self.records()
        positions = {id(row): number for number, row in enumerate(old)}
        self.layoutAboutToBeChanged.emit()
        new = self._in_order(old, column, order)
        moved_to = [0] * len(old)
        for number, row in enumerate(new):
            moved_to[positions[id(row)]] = number
        passing = self.passing
        self.passing = [passing[positions[id(row)]] for row in new]
        self._records = new
        self._search = [None] * len(new)
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(
            persistent, [self.index(moved_to[p.row()], p.column()) for p in persistent]
        )
        self.layoutChanged.emit()

    #: What the short column titles mean, as the headers' tooltips.
    TIPS: ClassVar[dict[int, str]] = {
        6: N_("Meetings it has been carried through"),
        8: N_("Held meetings where no update was given"),
    }

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.ToolTipRole
            and orientation == Qt.Orientation.Horizontal
            and section in self.TIPS
        ):
            return _(self.TIPS[section])
        return super().headerData(section, orientation, role)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() and index.column() in self.NUMBERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if (
            role == Qt.ItemDataRole.ForegroundRole
            and index.isValid()
            and index.column() in (self.DUE, self.OVERDUE)
            and 0 <= index.row() < self.rowCount()
            and self.record(index.row()).overdue
        ):
            return QBrush(warning_colour(app_palette()))
        return super().data(index, role)


class ActionsProxy(QSortFilterProxyModel):
    """Keeps the actions that pass the core's ``ActionFilter``; sorting is the model's own.

    The rule is asked once per action when it changes (the answers are kept by the model, beside its rows),
    so that Qt's per-row callback only reads a flag.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rule = ActionFilter()
        self._today = clock.today()
        self._model: ActionsModel | None = None

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        self._model = model if isinstance(model, ActionsModel) else None
        super().setSourceModel(model)

    def set_rule(self, rule: ActionFilter, today: dt.date) -> None:
        """Keep only the actions ``rule`` accepts on ``today``."""
        self.beginFilterChange()
        narrowing = today == self._today and _narrows(self.rule, rule)
        self.rule = rule
        self._today = today
        if self._model is not None:
            test = None if rule == ActionFilter() else lambda a: rule.accepts(a, today)
            self._model.set_test(test, narrowing=narrowing)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        return self._model is None or self._model.passing[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self._model is not None:
            self._model.sort(column, order)


def _narrows(before: ActionFilter, after: ActionFilter) -> bool:
    """Whether ``after`` only adds words to ``before`` (typing on): what failed before fails again."""
    if replace(before, text="") != replace(after, text=""):
        return False
    words = after.text.casefold().split()
    return all(any(old in new for new in words) for old in before.text.casefold().split())
