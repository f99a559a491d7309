"""Dialogs of the Meetings screen: a meeting's time and place, planning a series, moving, cancelling, an agenda
item, and the roll (substitutes, arrival and departure, representatives, guests and observers).

Like the other record dialogs, each hands what was entered to a ``submit`` callback that runs the core operation;
a refusal is shown in the dialog, which stays open.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QWidget,
)

from facilitator import clock, i18n
from facilitator.entities import Partner, Representative
from facilitator.errors import KnownError
from facilitator.i18n import _, ngettext
from facilitator.meetings import (
    AgendaItem,
    Attendance,
    AttendeeRole,
    Confidentiality,
    ItemKind,
    Meeting,
    MeetingKind,
    Presence,
    UsualItem,
    is_known_timezone,
)
from facilitator.ui.dialogs import RecordDialog, Submit, checklist, chosen, enum_combo, restricted_to
from facilitator.ui.region import follow_region, timezone_combo

#: Where Linux and macOS say the machine's zone (a link into the zoneinfo database); Windows has none.
LOCALTIME = Path("/etc/localtime")


def local_timezone() -> str:
    """This computer's IANA time zone: the clock's own, ``TZ``, else where ``/etc/localtime`` points, else what
    Qt says (on Windows, Qt maps the Windows zone, "W. Europe Standard Time", to its IANA name), else UTC."""
    known = clock.current().zone_name()
    if known:
        return known
    zone = os.environ.get("TZ", "").strip().lstrip(":")
    if zone and is_known_timezone(zone):
        return zone
    localtime = LOCALTIME
    targets: list[str] = []
    with contextlib.suppress(OSError):
        targets.append(str(localtime.readlink()))
    with contextlib.suppress(OSError):
        targets.append(str(localtime.resolve()))
    for target in targets:
        if "zoneinfo/" in target:
            zone = target.split("zoneinfo/", 1)[1]
            if zone.startswith(("posix/", "right/")):
                zone = zone.split("/", 1)[1]
            if is_known_timezone(zone):
                return zone
    from PySide6.QtCore import QTimeZone  # noqa: PLC0415 - Windows, or a Linux without /etc/localtime

    zone = bytes(QTimeZone.systemTimeZoneId().data()).decode("ascii", "replace")
    return zone if zone and is_known_timezone(zone) else "UTC"


def date_edit(value: dt.date) -> QDateEdit:
    """A date field with a calendar pop-up."""
    edit = QDateEdit(QDate(value.year, value.month, value.day))
    edit.setCalendarPopup(True)
    follow_region(edit)
    return edit


def time_edit(value: dt.time) -> QTimeEdit:
    """A time field, on the region's clock."""
    edit = QTimeEdit(QTime(value.hour, value.minute))
    follow_region(edit)
    return edit


def date_of(edit: QDateEdit) -> dt.date:
    """The date in a date field."""
    day = edit.date()
    return dt.date(day.year(), day.month(), day.day())


def time_of(edit: QTimeEdit) -> dt.time:
    """The time in a time field."""
    value = edit.time()
    return dt.time(value.hour(), value.minute())


def minutes_spin(value: int, low: int, high: int, step: int = 5) -> QSpinBox:
    """A number of minutes."""
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setSingleStep(step)
    spin.setSuffix(" " + _("min"))
    spin.setValue(value)
    return spin


def _row(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return holder


def person_text(person: Representative) -> str:
    """A person with their role, for choosing among colleagues."""
    return f"{person.name} — {person.role}" if person.role else person.name


class MeetingDialog(RecordDialog):
    """A new meeting's (or an existing one's) date, time, kind, length, venue and time zone."""

    def __init__(
        self,
        parent: QWidget | None,
        meeting: Meeting,
        submit: Submit,
        *,
        new: bool,
        people: Sequence[Representative] = (),
        partners: Sequence[Partner] = (),
    ) -> None:
        super().__init__(parent, _("New meeting") if new else _("Edit meeting"), submit)
        self._original = meeting
        m = meeting
        self.chair = self._person_choice(people, partners, m.chair_id)
        self.minute_taker = self._person_choice(people, partners, m.minute_taker_id)
        self.date = date_edit(m.starts_at.date())
        self.time = time_edit(m.starts_at.time())
        self.kind = enum_combo(MeetingKind, m.kind)
        self.duration = minutes_spin(m.duration_minutes, 5, 24 * 60, 15)
        self.venue = QLineEdit(m.venue)
        self.title_edit = QLineEdit(m.title)
        self.title_edit.setPlaceholderText(_("Optional, for example: Extra meeting on the night shelter"))
        self.timezone = timezone_combo(m.timezone)  # "London (United Kingdom Time)", not "Europe/London"
        self.add_row("starts_at", _("Date and time:"), _row(self.date, self.time))
        self.add_row("kind", _("Kind:"), self.kind)
        self.add_row("duration_minutes", _("Length:"), self.duration)
        self.add_row("venue", _("Venue:"), self.venue)
        if not new:  # a new meeting is named after its forum; a title can be given later
            self.add_row("title", _("Title:"), self.title_edit)
        self.add_row("timezone", _("Time zone:"), self.timezone)
        if not new:  # who chairs and who takes the minutes is settled nearer the day
            self.add_row("chair_id", _("Chair:"), self.chair)
            self.add_row("minute_taker_id", _("Minutes taken by:"), self.minute_taker)

    @staticmethod
    def _person_choice(
        people: Sequence[Representative], partners: Sequence[Partner], current: str | None
    ) -> QComboBox:
        """Everyone the partnership knows, by organisation (someone who has left stays if already chosen)."""
        names = {p.id: p.display_name for p in partners}
        box = QComboBox()
        box.addItem(_("Nobody named"), None)
        shown = [p for p in people if not p.archived or p.id == current]
        for person in sorted(
            shown, key=lambda p: (names.get(p.partner_id, "").casefold(), p.name.casefold())
        ):
            organisation = names.get(person.partner_id, "")
            box.addItem(f"{person.name} — {organisation}" if organisation else person.name, person.id)
        box.setCurrentIndex(max(0, box.findData(current)) if current else 0)
        return box

    def record(self) -> Meeting:
        return replace(
            self._original,
            starts_at=dt.datetime.combine(date_of(self.date), time_of(self.time)),
            kind=chosen(self.kind, MeetingKind),
            duration_minutes=self.duration.value(),
            venue=self.venue.text().strip(),
            title=self.title_edit.text().strip(),
            timezone=str(self.timezone.currentData() or self._original.timezone),
            chair_id=self.chair.currentData(),
            minute_taker_id=self.minute_taker.currentData(),
        )


class PlanDialog(RecordDialog):
    """How many meetings to plan ahead, from which date; shows which meetings that would create."""

    def __init__(
        self,
        parent: QWidget | None,
        forum_name: str,
        first: dt.date,
        preview: Callable[[dt.date, int], list[Meeting]],
        submit: Submit,
    ) -> None:
        super().__init__(parent, _("Plan the next meetings of {forum}").format(forum=forum_name), submit)
        self._preview = preview
        self.count = QSpinBox()
        self.count.setRange(1, 52)
        self.count.setValue(4)
        self.first = date_edit(first)
        self.outcome = QLabel()
        self.outcome.setObjectName("planOutcome")
        self.outcome.setWordWrap(True)
        self.add_row("count", _("Number of meetings:"), self.count)
        self.add_row("after", _("From:"), self.first)
        self.add_row("outcome", _("Will create:"), self.outcome)
        self.count.valueChanged.connect(lambda _v: self.update_outcome())
        self.first.dateChanged.connect(lambda _d: self.update_outcome())
        self.update_outcome()

    def update_outcome(self) -> None:
        """Say how many meetings planning would create now, and when the first and last are."""
        try:
            meetings = self._preview(date_of(self.first), self.count.value())
        except KnownError as error:
            self.outcome.setText(str(error))
            return
        t = i18n.active()
        text = ngettext("{count} meeting", "{count} meetings", len(meetings)).format(count=len(meetings))
        if meetings:
            first, last = meetings[0].starts_at, meetings[-1].starts_at
            text = _("{meetings}, from {first} to {last}").format(
                meetings=text,
                first=t.format_date(first.date(), "full"),
                last=t.format_date(last.date(), "full"),
            )
        skipped = self.count.value() - len(meetings)
        if skipped > 0:
            text += " " + ngettext(
                "({count} date already has a meeting.)", "({count} dates already have a meeting.)", skipped
            ).format(count=skipped)
        self.outcome.setText(text)

    def record(self) -> tuple[dt.date, int]:
        """The first date and the number of meetings."""
        return date_of(self.first), self.count.value()


class MoveDialog(RecordDialog):
    """Move one meeting to another date and time."""

    def __init__(self, parent: QWidget | None, meeting: Meeting, submit: Submit) -> None:
        super().__init__(parent, _("Move meeting"), submit)
        when = i18n.active().format_datetime(meeting.starts_at, "full")
        self.current = QLabel(_("Now: {when}").format(when=when))
        self.current.setWordWrap(True)
        self.date = date_edit(meeting.starts_at.date())
        self.time = time_edit(meeting.starts_at.time())
        self.form.addRow(self.current)
        self.add_row("starts_at", _("New date and time:"), _row(self.date, self.time))

    def record(self) -> dt.datetime:
        """The new start, local time."""
        return dt.datetime.combine(date_of(self.date), time_of(self.time))


class CancelDialog(RecordDialog):
    """Cancel one meeting, with the reason (it stays on record)."""

    def __init__(self, parent: QWidget | None, meeting: Meeting, submit: Submit) -> None:
        super().__init__(parent, _("Cancel meeting"), submit)
        when = i18n.active().format_datetime(meeting.starts_at, "full")
        self.what = QLabel(
            _("Cancel the meeting of {when}? The other meetings stay as they are.").format(when=when)
        )
        self.what.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(110)
        self.form.addRow(self.what)
        self.add_row("cancelled_reason", _("Reason:"), self.reason)

    def record(self) -> str:
        """The reason given."""
        return self.reason.toPlainText().strip()


class ItemDialog(RecordDialog):
    """An agenda item (or an item of a forum's usual agenda): title, kind, presenter, time, confidentiality."""

    def __init__(
        self,
        parent: QWidget | None,
        item: AgendaItem | UsualItem,
        partners: Sequence[Partner],
        people: Sequence[Representative],
        submit: Submit,
        *,
        new: bool,
    ) -> None:
        super().__init__(parent, _("New agenda item") if new else _("Edit agenda item"), submit)
        self._original = item
        self._people = [p for p in people if not p.archived]
        self.title_edit = QLineEdit(item.title)
        self.title_edit.setPlaceholderText(item.kind.label)
        self.kind = enum_combo(ItemKind, item.kind)
        self.kind.currentIndexChanged.connect(
            lambda _i: self.title_edit.setPlaceholderText(chosen(self.kind, ItemKind).label)
        )
        self.partner = QComboBox()
        self.partner.addItem(_("No presenter"), None)
        for partner in partners:
            self.partner.addItem(partner.name, partner.id)
        self.partner.setCurrentIndex(max(0, self.partner.findData(item.presenter_partner_id)))
        self.person = QComboBox()
        self.minutes = minutes_spin(item.minutes_allowed, 0, 8 * 60)
        self.confidentiality = enum_combo(Confidentiality, item.confidentiality)
        self.restricted = checklist([(p.name, p.id) for p in partners], set(item.restricted_to))
        self.add_row("title", _("Title:"), self.title_edit)
        self.add_row("kind", _("Kind:"), self.kind)
        self.add_row("presenter_partner_id", _("Presented by:"), self.partner)
        if isinstance(item, AgendaItem):
            self.add_row("presenter_id", _("Person presenting:"), self.person)
        self.add_row("minutes_allowed", _("Time allowed:"), self.minutes)
        self.add_row("confidentiality", _("Who may see it:"), self.confidentiality)
        self.add_row("restricted_to", _("Only these partners:"), self.restricted)
        self.partner.currentIndexChanged.connect(lambda _i: self._fill_people(None))
        self._fill_people(item.presenter_id if isinstance(item, AgendaItem) else None)
        self.show_restricted_row(self.confidentiality, self.restricted)

    def _fill_people(self, current: str | None) -> None:
        partner_id = self.partner.currentData()
        self.person.clear()
        self.person.addItem(_("Nobody named"), None)
        for person in self._people:
            if partner_id and person.partner_id == partner_id:
                self.person.addItem(person_text(person), person.id)
        self.person.setCurrentIndex(max(0, self.person.findData(current)) if current else 0)
        self.person.setEnabled(partner_id is not None)

    def record(self) -> AgendaItem | UsualItem:
        values: dict[str, object] = {
            "title": self.title_edit.text().strip(),
            "kind": chosen(self.kind, ItemKind),
            "presenter_partner_id": self.partner.currentData(),
            "minutes_allowed": self.minutes.value(),
            "confidentiality": chosen(self.confidentiality, Confidentiality),
            "restricted_to": restricted_to(self.confidentiality, self.restricted),
        }
        if isinstance(self._original, AgendaItem):
            values["presenter_id"] = self.person.currentData() if values["presenter_partner_id"] else None
        return replace(self._original, **values)  # type: ignore[arg-type]


class SubstituteDialog(RecordDialog):
    """Name the colleague (of the same partner) a representative stands in for."""

    def __init__(
        self,
        parent: QWidget | None,
        line: Attendance,
        person: Representative,
        colleagues: Sequence[Representative],
        submit: Submit,
    ) -> None:
        super().__init__(parent, _("{name} stands in for…").format(name=person.name), submit)
        self._line = line
        self.colleague = QComboBox()
        for colleague in colleagues:
            self.colleague.addItem(person_text(colleague), colleague.id)
        if line.substitute_for_id:
            self.colleague.setCurrentIndex(max(0, self.colleague.findData(line.substitute_for_id)))
        self.add_row("substitute_for_id", _("Colleague:"), self.colleague)

    def record(self) -> Attendance:
        return replace(
            self._line, presence=Presence.SUBSTITUTE, substitute_for_id=self.colleague.currentData()
        )


class TimeDialog(RecordDialog):
    """When someone arrived late or left early (or clear it)."""

    def __init__(
        self,
        parent: QWidget | None,
        line: Attendance,
        name: str,
        *,
        leaving: bool,
        default: dt.time,
        submit: Submit,
    ) -> None:
        title = _("{name} left early") if leaving else _("{name} arrived late")
        super().__init__(parent, title.format(name=name), submit)
        self._line = line
        self._leaving = leaving
        current = line.left_at if leaving else line.arrived_at
        self.known = QCheckBox(_("Left at") if leaving else _("Arrived at"))
        self.known.setChecked(True)
        self.time = time_edit(current or default)
        self.known.toggled.connect(self.time.setEnabled)
        self.add_row("left_at" if leaving else "arrived_at", _("Time:"), _row(self.known, self.time))

    def record(self) -> Attendance:
        value = time_of(self.time) if self.known.isChecked() else None
        if self._leaving:
            return replace(self._line, left_at=value)
        present = self._line.presence in (Presence.PRESENT, Presence.SUBSTITUTE)
        presence = self._line.presence if present or value is None else Presence.PRESENT
        return replace(self._line, arrived_at=value, presence=presence)


class AddRepresentativeDialog(RecordDialog):
    """Put another representative of a member partner on the roll, present or standing in for a colleague."""

    def __init__(
        self,
        parent: QWidget | None,
        meeting_id: str,
        partners: Sequence[Partner],
        people: Sequence[Representative],
        submit: Submit,
        *,
        colleagues: Sequence[Representative] | None = None,
    ) -> None:
        """``people`` may be added; ``colleagues`` (default: the same) may be stood in for."""
        super().__init__(parent, _("Add a representative"), submit)
        self._meeting_id = meeting_id
        self._people = list(people)
        self._colleagues = list(people if colleagues is None else colleagues)
        self.partner = QComboBox()
        for partner in partners:
            self.partner.addItem(partner.name, partner.id)
        self.person = QComboBox()
        self.substitute_for = QComboBox()
        self.add_row("partner_id", _("Partner:"), self.partner)
        self.add_row("representative_id", _("Person:"), self.person)
        self.add_row("substitute_for_id", _("Stands in for:"), self.substitute_for)
        self.partner.currentIndexChanged.connect(lambda _i: self._fill_people())
        self.person.currentIndexChanged.connect(lambda _i: self._fill_colleagues())
        self._fill_people()

    def _fill_people(self) -> None:
        partner_id = self.partner.currentData()
        self.person.clear()
        for person in self._people:
            if person.partner_id == partner_id:
                self.person.addItem(person_text(person), person.id)
        self._fill_colleagues()

    def _fill_colleagues(self) -> None:
        partner_id, person_id = self.partner.currentData(), self.person.currentData()
        self.substitute_for.clear()
        self.substitute_for.addItem(_("Nobody: attends in their own right"), None)
        for person in self._colleagues:
            if person.partner_id == partner_id and person.id != person_id:
                self.substitute_for.addItem(person_text(person), person.id)

    def record(self) -> Attendance:
        colleague = self.substitute_for.currentData()
        return Attendance(
            meeting_id=self._meeting_id,
            partner_id=self.partner.currentData(),
            representative_id=self.person.currentData(),
            presence=Presence.SUBSTITUTE if colleague else Presence.PRESENT,
            substitute_for_id=colleague,
        )


class GuestDialog(RecordDialog):
    """Put a guest or an observer on the roll: name, organisation and why they are there."""

    def __init__(self, parent: QWidget | None, meeting_id: str, submit: Submit) -> None:
        super().__init__(parent, _("Add a guest or observer"), submit)
        self._meeting_id = meeting_id
        self.name = QLineEdit()
        self.organisation = QLineEdit()
        self.role = QComboBox()
        for role in (AttendeeRole.GUEST, AttendeeRole.OBSERVER):
            self.role.addItem(role.label, role)
        self.add_row("guest_name", _("Name:"), self.name)
        self.add_row("guest_organisation", _("Organisation:"), self.organisation)
        self.add_row("role", _("Attends as:"), self.role)

    def record(self) -> Attendance:
        return Attendance(
            meeting_id=self._meeting_id,
            guest_name=self.name.text().strip(),
            guest_organisation=self.organisation.text().strip(),
            role=chosen(self.role, AttendeeRole),
            presence=Presence.PRESENT,
        )
