"""Attendance: the meeting's roll, the quorum in large letters, and each partner's standing.

Whether the meeting is quorate and whether a partner can decide are the core's answers
(``facilitator.live.meeting_standings``); this view marks the roll and shows what the core concludes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMessageBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator import clock, i18n
from facilitator.entities import Forum, Membership, Partner, Representative, by_name
from facilitator.frozen import frozen
from facilitator.i18n import N_, _, ngettext
from facilitator.meeting_ops import remove_from_roll as remove_line
from facilitator.meeting_ops import roll, set_attendance
from facilitator.meetings import Attendance, AttendeeRole, Meeting, MeetingStatus, Presence
from facilitator.operations import Changes, Edit, members
from facilitator.quorum import (
    PRESENT,
    PartnerStanding,
    QuorumResult,
    Standing,
    needs_attention,
    standings_now,
)
from facilitator.ui.agenda_editor import size_columns_to_text
from facilitator.ui.context import AppContext
from facilitator.ui.meeting_dialogs import AddRepresentativeDialog, GuestDialog, SubstituteDialog, TimeDialog
from facilitator.ui.models import ID_ROLE, AnyIndex, Column, RecordTableModel
from facilitator.ui.palette import app_palette, tint
from facilitator.ui.widgets import button, wrapping_row

#: Colours that stay readable on a projector: strong for the banner, pale with dark text for rows.
QUORATE_STYLE = "background: #1e6b34; color: white;"
NOT_QUORATE_STYLE = "background: #b3261e; color: white;"
BANNER_STYLE = "QLabel#quorumBanner {{ {colours} font-size: 17pt; font-weight: 600; padding: 10px 14px; }}"
ROW_TINTS = {  # ui/palette.py gives each its colours, light or dark
    Standing.CANNOT_DECIDE: "caution",
    Standing.NOT_PRESENT: "bad",
}
PRESENCE_TINTS = {
    Presence.PRESENT: "good",
    Presence.SUBSTITUTE: "good",
    Presence.APOLOGIES: "caution",
    Presence.ABSENT: "bad",
}


@frozen
class RollLine:
    """A line of the roll with the names it refers to looked up once."""

    line: Attendance
    partner: str
    person: str
    may_decide: bool | None
    substitute_for: str

    @property
    def id(self) -> str:
        """The attendance line's id."""
        return self.line.id


def _time(value: dt.time | None) -> str:
    return i18n.active().format_time(value) if value else ""


def _may_decide(line: RollLine) -> str:
    if line.may_decide is None:
        return ""
    return _("Yes") if line.may_decide else _("No")


class RollModel(RecordTableModel[RollLine]):
    """Who is expected, who came, for whom, and when."""

    columns = (
        Column[RollLine](N_("Partner"), lambda r: r.partner),
        Column[RollLine](N_("Person"), lambda r: r.person),
        Column[RollLine](N_("Attends as"), lambda r: r.line.role.label),
        Column[RollLine](N_("Presence"), lambda r: r.line.presence.label),
        Column[RollLine](N_("May decide"), _may_decide),
        Column[RollLine](N_("Stands in for"), lambda r: r.substitute_for),
        Column[RollLine](N_("Arrived"), lambda r: _time(r.line.arrived_at)),
        Column[RollLine](N_("Left"), lambda r: _time(r.line.left_at)),
    )

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and index.column() == 3 and 0 <= index.row() < self.rowCount():
            state = PRESENCE_TINTS.get(self.record(index.row()).line.presence)
            colours = tint(app_palette(), state) if state else None
            if colours and role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(colours[0])
            if colours and role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(colours[1])
        return super().data(index, role)


def _present_names(standing: PartnerStanding) -> str:
    return ", ".join(p.name for p in standing.present) or "—"


class StandingsModel(RecordTableModel[PartnerStanding]):
    """Every member partner: who is here for it, and whether they can decide (from the core)."""

    columns = (
        Column[PartnerStanding](N_("Partner"), lambda s: s.partner.display_name),
        Column[PartnerStanding](N_("Here for it"), _present_names),
        Column[PartnerStanding](N_("Standing"), lambda s: s.explanation()),
    )

    flagged: frozenset[str] | set[str] = frozenset()  # partners the core says need the chair's attention

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and 0 <= index.row() < self.rowCount():
            standing = self.record(index.row())
            # Red and amber only where the core says the chair should act; the rest in plain colours.
            state = ROW_TINTS.get(standing.standing) if standing.partner.id in self.flagged else None
            colours = tint(app_palette(), state) if state else None
            if colours and role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(colours[0])
            if colours and role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(colours[1])
            if (
                role == Qt.ItemDataRole.FontRole
                and standing.partner.id in self.flagged
                and index.column() == 2
            ):
                font = QFont()
                font.setBold(True)
                return font
            if role == ID_ROLE:
                return standing.partner.id
        return super().data(index, role)


def _table(model: RecordTableModel[Any], multi: bool = False) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi
        else QAbstractItemView.SelectionMode.NoSelection
    )
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)  # Tab leaves the roll; arrows move in it
    view.setWordWrap(False)
    view.setMinimumSize(120, 48)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(False)
    return view


class AttendanceView(QWidget):
    """The roll of one meeting with the quorum banner above and the partners' standings below."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("attendanceView")
        self.context = context
        self._meeting_id: str | None = None
        self.quorum: QuorumResult | None = None
        self.flagged: set[str] = set()
        self.meeting_status: MeetingStatus | None = None
        self.roll_taken = False
        self.banner = QLabel()
        self.banner.setObjectName("quorumBanner")
        self.banner.setWordWrap(True)
        self.roll = RollModel(self)
        self.standings = StandingsModel(self)
        self.roll_table = _table(self.roll, multi=True)
        self.roll_table.setObjectName("rollTable")
        self.roll_table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.standings_table = _table(self.standings)
        self.standings_table.setObjectName("standingsTable")
        self.standings_title = QLabel()
        self.standings_title.setObjectName("sectionTitle")

        self.present_button = button("")
        self.apologies_button = button("")
        self.absent_button = button("")
        self.substitute_button = button("")
        self.arrived_button = button("")
        self.left_button = button("")
        self.add_person_button = button("")
        self.add_guest_button = button("")
        self.remove_button = button("")
        self.present_button.clicked.connect(lambda: self.mark(Presence.PRESENT))
        self.apologies_button.clicked.connect(lambda: self.mark(Presence.APOLOGIES))
        self.absent_button.clicked.connect(lambda: self.mark(Presence.ABSENT))
        self.substitute_button.clicked.connect(self.mark_substitute)
        self.arrived_button.clicked.connect(lambda: self.mark_time(leaving=False))
        self.left_button.clicked.connect(lambda: self.mark_time(leaving=True))
        self.add_person_button.clicked.connect(self.add_representative)
        self.add_guest_button.clicked.connect(self.add_guest)
        self.remove_button.clicked.connect(self.remove_from_roll)

        # One row of buttons that wraps when the roll is narrow (French on a laptop at 125 %), each keeping its
        # whole label, rather than a grid that squeezed them to the middle of their words.
        buttons = wrapping_row(
            self.present_button,
            self.apologies_button,
            self.absent_button,
            self.substitute_button,
            self.arrived_button,
            self.left_button,
            self.add_person_button,
            self.add_guest_button,
            self.remove_button,
        )
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(buttons)
        top_layout.addWidget(self.roll_table, 1)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.standings_title)
        bottom_layout.addWidget(self.standings_table, 1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        context.changed.connect(self._on_changed)
        self.retranslate()

    def set_meeting(self, meeting_id: str | None) -> None:
        """Show the roll of ``meeting_id`` (or nothing)."""
        if meeting_id != self._meeting_id:
            self.roll_table.clearSelection()
        self._meeting_id = meeting_id
        self.reload()

    def meeting(self) -> Meeting | None:
        """The meeting shown."""
        return self.context.store.find(Meeting, self._meeting_id) if self._meeting_id else None

    def reload(self) -> None:
        """Read the roll again and ask the core for the quorum and the partners' standings."""
        keep = self.selected_ids()
        meeting = self.meeting()
        if meeting is None:
            self.roll.reset_records([])
            self.standings.reset_records([])
            self.quorum = None
            self._show_banner()
            self._update_buttons()
            return
        store = self.context.store
        partners = {p.id: p for p in store.all(Partner, include_archived=True)}
        people = {r.id: r for r in store.all(Representative, include_archived=True)}
        lines = []
        for line in roll(store, meeting.id):
            person = people.get(line.representative_id or "")
            partner = partners.get(line.partner_id or "")
            colleague = people.get(line.substitute_for_id or "")
            lines.append(
                RollLine(
                    line,
                    partner.display_name if partner else line.guest_organisation,
                    person.name if person else line.guest_name,
                    person.may_decide if person else None,
                    colleague.name if colleague else "",
                )
            )
        lines.sort(
            key=lambda r: (r.line.role is not AttendeeRole.MEMBER, r.partner.casefold(), r.person.casefold())
        )
        # While the meeting runs: who is in the room now (arrivals and departures counted); before or after it,
        # everyone marked present.
        standings, self.quorum = standings_now(store, meeting, clock.now())
        self.meeting_status = meeting.status
        quorum = self.quorum
        taken = any(r.line.presence in PRESENT for r in lines)
        self.roll_taken = taken
        self.flagged = {
            s.partner.id for s in standings if needs_attention(s, meeting, quorum, roll_taken=taken)
        }
        self.standings.flagged = self.flagged
        # The partners the chair must look at come first; otherwise the core's order (by name) stands.
        standings = sorted(standings, key=lambda s: s.partner.id not in self.flagged)
        self.roll.reset_records(lines)
        self.standings.reset_records(standings)
        # Every column fits its texts, and one takes the room left.
        size_columns_to_text(self.roll_table, self.roll, stretch=len(RollModel.columns) - 1)
        size_columns_to_text(self.standings_table, self.standings, stretch=2)
        self._select(keep)
        self._show_banner()
        self._update_buttons()

    def _show_banner(self) -> None:
        if self.quorum is None:
            self.banner.setText(_("Choose a meeting to take attendance."))
            self.banner.setStyleSheet(BANNER_STYLE.format(colours=""))
            return
        waiting = self.meeting_status is MeetingStatus.PLANNED and not self.roll_taken
        if self.quorum.applies and waiting:  # nothing to act on before anyone is marked: no red alarm yet
            needed = self.quorum.partners_needed
            self.banner.setText(
                ngettext(
                    "Roll not taken yet: the quorum needs {count} partner present.",
                    "Roll not taken yet: the quorum needs {count} partners present.",
                    needed,
                ).format(count=needed)
            )
            style = ""
        elif self.quorum.applies:
            self.banner.setText(self.quorum.summary())
            style = QUORATE_STYLE if self.quorum.quorate else NOT_QUORATE_STYLE
        else:  # a forum without a quorum rule (a public meeting): who came, and not a word of quorum
            here = self.quorum.partners_here
            self.banner.setText(
                ngettext("{count} partner present", "{count} partners present", here).format(count=here)
            )
            style = ""
        self.banner.setStyleSheet(BANNER_STYLE.format(colours=style))
        flagged = len(self.flagged)
        records = self.standings.records()
        here = sum(1 for s in records if s.here)
        if flagged:
            text = ngettext(
                "Partners: {count} needs attention (the quorum needs it)",
                "Partners: {count} need attention (the quorum needs them)",
                flagged,
            ).format(count=flagged)
        elif self.meeting_status is MeetingStatus.PLANNED and not here:
            text = _("Partners: mark who came when the meeting starts")
        else:
            text = ngettext(
                "Partners: {here} of {count} here", "Partners: {here} of {count} here", len(records)
            ).format(here=here, count=len(records))
        self.standings_title.setText(text)

    def _on_changed(self, changes: Changes) -> None:
        kinds = (Attendance, Meeting, Partner, Representative, Membership, Forum)
        if self._meeting_id is not None and any(changes.touches(kind) for kind in kinds):
            self.reload()

    # -- selection ---------------------------------------------------------------------------------------------------
    def selected_ids(self) -> list[str]:
        """The ids of the selected roll lines, in table order."""
        rows = sorted(i.row() for i in self.roll_table.selectionModel().selectedRows())
        return [self.roll.record(r).id for r in rows]

    def _select(self, ids: Sequence[str]) -> None:
        self.roll_table.clearSelection()
        wanted = set(ids)
        model = self.roll_table.selectionModel()
        for row, line in enumerate(self.roll.records()):
            if line.id in wanted:
                flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
                model.select(self.roll.index(row, 0), flags)

    def select_person(self, name: str) -> None:
        """Select the line of the person called ``name`` (for the keyboard-less and for tests)."""
        for row, line in enumerate(self.roll.records()):
            if line.person == name:
                # Not selectRow: in a multi-selection table it adds to the selection when Ctrl is held.
                flags = (
                    QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                )
                self.roll_table.selectionModel().select(self.roll.index(row, 0), flags)
                return
        raise LookupError(name)

    def _selected_lines(self) -> list[Attendance]:
        return [self.roll.record(r.row()).line for r in self.roll_table.selectionModel().selectedRows()]

    def _update_buttons(self) -> None:
        writable = self._meeting_id is not None and not self.context.read_only
        lines = self._selected_lines() if writable else []
        members_only = bool(lines) and all(line.role is AttendeeRole.MEMBER for line in lines)
        for push in (self.present_button, self.apologies_button, self.absent_button):
            push.setEnabled(bool(lines))
        self.substitute_button.setEnabled(members_only and len(lines) == 1)
        self.arrived_button.setEnabled(len(lines) == 1)
        self.left_button.setEnabled(len(lines) == 1)
        self.remove_button.setEnabled(bool(lines))
        self.add_person_button.setEnabled(writable)
        self.add_guest_button.setEnabled(writable)

    # -- marking -----------------------------------------------------------------------------------------------------
    def _run(self, make: Callable[[], Edit]) -> bool:
        return bool(self.context.apply(self, make))  # mypy sees facilitator.ui.* as Any

    def _together(self, edits: Sequence[Edit], text: str) -> Edit:
        """Several lines marked at once are one user action: one undo step."""
        if len(edits) == 1:
            return edits[0]
        return Edit(text, tuple(step for edit in edits for step in edit.steps))

    def mark(self, presence: Presence) -> None:
        """Mark every selected line present, with apologies or absent."""
        lines = self._selected_lines()
        if not lines:
            return
        store = self.context.store

        def make() -> Edit:
            edits = [
                set_attendance(store, replace(line, presence=presence, substitute_for_id=None))
                for line in lines
            ]
            text = ngettext(
                "Mark {count} person as {presence}", "Mark {count} people as {presence}", len(lines)
            ).format(count=len(lines), presence=presence.label)
            return self._together(edits, text)

        self._run(make)

    def mark_substitute(self) -> None:
        """The selected representative stands in for a colleague of the same partner."""
        lines = self._selected_lines()
        if len(lines) != 1 or not lines[0].representative_id:
            return
        line = lines[0]
        store = self.context.store
        person = store.get(Representative, line.representative_id or "")
        colleagues = [
            r for r in store.where(Representative, {"partner_id": person.partner_id}) if r.id != person.id
        ]
        if not colleagues:
            QMessageBox.information(
                self,
                _("Nobody to stand in for"),
                _("{name} has no colleague at this partner to stand in for.").format(name=person.name),
            )
            return
        SubstituteDialog(
            self, line, person, colleagues, lambda r: self.context.run(set_attendance(store, r))
        ).exec()

    def mark_time(self, *, leaving: bool) -> None:
        """Note when the selected person arrived (late) or left (early)."""
        lines = self._selected_lines()
        meeting = self.meeting()
        if len(lines) != 1 or meeting is None:
            return
        line = lines[0]
        name = self.roll.record(self.roll.row_of(line.id)).person
        try:
            default = clock.local_now(meeting.timezone).time().replace(second=0)
        except (KeyError, ValueError):
            default = meeting.starts_at.time()
        store = self.context.store
        TimeDialog(
            self,
            line,
            name,
            leaving=leaving,
            default=default,
            submit=lambda r: self.context.run(set_attendance(store, r)),
        ).exec()

    def add_representative(self) -> None:
        """Put another representative of a member partner on the roll."""
        meeting = self.meeting()
        if meeting is None:
            return
        store = self.context.store
        on_roll = {line.representative_id for line in roll(store, meeting.id)}
        partners = [p for p, _m in members(store, meeting.forum_id) if not p.archived]
        mine = {p.id for p in partners}
        colleagues = by_name(r for r in store.all(Representative) if r.partner_id in mine)
        people = [r for r in colleagues if r.id not in on_roll]
        partners = [p for p in partners if any(r.partner_id == p.id for r in people)]
        if not partners:
            QMessageBox.information(
                self, _("Nobody to add"), _("Every representative of the member partners is on the roll.")
            )
            return
        AddRepresentativeDialog(
            self,
            meeting.id,
            partners,
            people,
            lambda r: self.context.run(set_attendance(store, r)),
            colleagues=colleagues,
        ).exec()

    def add_guest(self) -> None:
        """Put a guest or an observer on the roll."""
        meeting = self.meeting()
        if meeting is None:
            return
        store = self.context.store
        GuestDialog(self, meeting.id, lambda r: self.context.run(set_attendance(store, r))).exec()

    def remove_from_roll(self) -> None:
        """Take the selected lines off the roll (added by mistake); undo puts them back."""
        ids = self.selected_ids()
        if not ids:
            return
        store = self.context.store

        def make() -> Edit:
            edits = [remove_line(store, line_id) for line_id in ids]
            text = ngettext(
                "Take {count} person off the roll", "Take {count} people off the roll", len(ids)
            ).format(count=len(ids))
            return self._together(edits, text)

        self._run(make)

    def retranslate(self) -> None:
        """Show every label in the current language."""
        # Spoken names of the two tables (screen readers).
        self.roll_table.setAccessibleName(_("Attendance"))
        self.standings_table.setAccessibleName(_("Quorum"))
        self.present_button.setText(_("Present"))
        self.apologies_button.setText(_("Apologies"))
        self.absent_button.setText(_("Absent"))
        self.substitute_button.setText(_("Substitute for…"))
        self.arrived_button.setText(_("Arrived late…"))
        self.left_button.setText(_("Left early…"))
        self.add_person_button.setText(_("Add representative…"))
        self.add_guest_button.setText(_("Add guest or observer…"))
        self.remove_button.setText(_("Take off the roll"))
        self.standings_title.setText(_("Partners"))
        self.roll.retranslate()
        self.standings.retranslate()
        self.reload()
