"""Figures about the street, as a coordinator works with them: which figures a forum tracks, where in a meeting
they are entered, what was reported last time, and the operations that enter them and agree targets.

Where a figure is entered is derived, never stored on the meeting: under the agenda item whose title is (or
starts with) the figure's ``reported_under``; failing that, under an item the reporting partner presents;
failing that, under the first item of the meeting's own business. So a meeting made before the figure was
chosen, or an item renamed, still shows the figure somewhere, and never twice.

Every operation returns an ``Edit``. A target is agreed at a meeting as a decision on an item of its own, in
the same edit, recorded by ``record_decision`` under the decisions' rules; withdrawing it removes the decision
too. Figures entered at a meeting whose minutes are approved are locked with the rest of its record
(``guard_figures``, listed in ``facilitator.rules.EDIT_GUARDS``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import cast

from facilitator import clock, i18n
from facilitator.approval import MinutesStatus, minutes_status
from facilitator.approval import _meeting_of as meeting_of_record
from facilitator.entities import AnyRecord, Cadence, Forum, Partner, R, touched
from facilitator.errors import MinutesLocked, ValidationError
from facilitator.figures import (
    FigureReading,
    FigureTarget,
    Frequency,
    TrackedFigure,
    fits_figure,
    format_figure,
    validate_figure,
    validate_reading,
    validate_target,
)
from facilitator.frozen import frozen
from facilitator.i18n import N_, _, translator
from facilitator.meeting_ops import agenda, record_decision, remove_decision
from facilitator.meetings import (
    STANDING_KINDS,
    AgendaItem,
    Confidentiality,
    Decision,
    DecisionMethod,
    ItemKind,
    Meeting,
    MeetingStatus,
    Position,
    Stance,
)
from facilitator.operations import Edit
from facilitator.profile import partnership_profile
from facilitator.quorum import vote_outcome
from facilitator.store import Store

Step = tuple[AnyRecord | None, AnyRecord | None]
#: Meetings whose figures count: held, or under way.
SITTING = frozenset({MeetingStatus.HELD, MeetingStatus.IN_PROGRESS})
#: How far back a forum's first meeting's figures reach, by cadence, when there is no earlier meeting.
_CADENCE_DAYS = {
    Cadence.DAILY: 1,
    Cadence.WEEKLY: 7,
    Cadence.FORTNIGHTLY: 14,
    Cadence.MONTHLY: 30,
    Cadence.QUARTERLY: 91,
    Cadence.AS_NEEDED: 30,
}


def _window_name(figure: TrackedFigure) -> str:
    return figure.name_in(i18n.active())


# --- queries ----------------------------------------------------------------------------------------------------


def figures_of(
    store: Store, forum_id: str | None = None, *, include_archived: bool = False
) -> list[TrackedFigure]:
    """The figures a forum tracks (or every forum's), in the forum's order."""
    found = (
        store.where(TrackedFigure, {"forum_id": forum_id}, include_archived=include_archived)
        if forum_id
        else store.all(TrackedFigure, include_archived=include_archived)
    )
    return sorted(found, key=lambda f: (f.forum_id, f.position))


def readings_of(store: Store, figure_id: str) -> list[FigureReading]:
    """Every reading of a figure, by the last day it covers."""
    return sorted(
        store.where(FigureReading, {"figure_id": figure_id}), key=lambda r: (r.covers_to, r.covers_from)
    )


def reading_at(store: Store, meeting_id: str, figure_id: str) -> FigureReading | None:
    """The reading of ``figure_id`` entered at ``meeting_id``, if any."""
    for reading in store.where(FigureReading, {"meeting_id": meeting_id}):
        if reading.figure_id == figure_id:
            return reading
    return None


def _title_key(title: str) -> str:
    return " ".join(title.casefold().split())


def home_item(items: Sequence[AgendaItem], figure: TrackedFigure) -> AgendaItem | None:
    """The item of a meeting's agenda where ``figure`` is entered (see the module's docstring)."""
    ordered = sorted(items, key=lambda i: i.position)
    wanted = _title_key(figure.reported_under)
    if wanted:
        for exact in (True, False):
            for item in ordered:
                title = _title_key(item.title)
                if title == wanted if exact else title.startswith(wanted):
                    return item
    own_business = [i for i in ordered if i.kind not in STANDING_KINDS]
    for item in own_business:
        if (
            item.presenter_partner_id == figure.partner_id
            and item.confidentiality is not Confidentiality.RESTRICTED
        ):
            return item
    if own_business:
        return own_business[0]
    closing = [i for i in ordered if i.kind is ItemKind.OTHER_BUSINESS]
    return closing[0] if closing else None


def sitting_days(store: Store, forum_id: str) -> list[tuple[dt.datetime, str]]:
    """When the forum's meetings held or under way started (local time) and their ids, in order. Read as two
    columns, not as records: a forum of ten years has hundreds of meetings, and figures ask for them often."""
    codes = {status.value for status in SITTING}
    rows = store.values(Meeting, ("starts_at", "status", "id"), {"forum_id": forum_id})
    # SQLite hands back the stored text, a store in memory the value itself: both read as the same moment.
    found = [
        (start if isinstance(start, dt.datetime) else dt.datetime.fromisoformat(str(start)), str(meeting_id))
        for start, status, meeting_id in rows
        if status in codes
    ]
    return sorted(found)


def _previous_sitting(store: Store, meeting: Meeting) -> Meeting | None:
    earlier = [
        meeting_id for start, meeting_id in sitting_days(store, meeting.forum_id) if start < meeting.starts_at
    ]
    return store.get(Meeting, earlier[-1]) if earlier else None


def _month_start(day: dt.date, back: int) -> dt.date:
    month = day.year * 12 + day.month - 1 - back
    return dt.date(month // 12, month % 12 + 1, 1)


def default_covers(store: Store, meeting: Meeting, figure: TrackedFigure) -> tuple[dt.date, dt.date]:
    """The days a figure reported at ``meeting`` covers unless the partner says otherwise: since the last
    meeting (up to the day before this one), or the last whole month or quarter."""
    day = meeting.starts_at.date()
    if figure.frequency is Frequency.MONTHLY:
        return _month_start(day, 1), _month_start(day, 0) - dt.timedelta(days=1)
    if figure.frequency is Frequency.QUARTERLY:
        this_quarter = _month_start(day, (day.month - 1) % 3)
        return _month_start(this_quarter, 3), this_quarter - dt.timedelta(days=1)
    last = day - dt.timedelta(days=1)
    previous = _previous_sitting(store, meeting)
    if previous is not None:
        first = previous.starts_at.date()
    else:
        forum = store.get(Forum, meeting.forum_id)
        first = day - dt.timedelta(days=_CADENCE_DAYS[forum.cadence])
    return min(first, last), last


@frozen
class LastTime:
    """What a figure was the time before: the reading (None: missing) and where it was due or reported."""

    reading: FigureReading | None
    meeting: Meeting | None


def last_time(store: Store, meeting: Meeting, figure: TrackedFigure) -> LastTime:
    """The figure as reported the time before ``meeting``: at the previous meeting for a figure reported at every
    meeting (missing there shows as missing), otherwise the latest report before the days this one covers."""
    if figure.frequency is Frequency.EVERY_MEETING:
        previous = _previous_sitting(store, meeting)
        if previous is not None:
            return LastTime(reading_at(store, previous.id, figure.id), previous)
    current = reading_at(store, meeting.id, figure.id)
    start = current.covers_from if current else default_covers(store, meeting, figure)[0]
    earlier = [r for r in readings_of(store, figure.id) if r.covers_to < start and r.meeting_id != meeting.id]
    if not earlier:
        return LastTime(None, None)
    reading = earlier[-1]
    return LastTime(reading, store.find(Meeting, reading.meeting_id) if reading.meeting_id else None)


@frozen
class FigureEntry:
    """One line of a meeting's figures: the figure, this meeting's reading, the days it covers, last time."""

    figure: TrackedFigure
    reading: FigureReading | None
    covers: tuple[dt.date, dt.date]
    last: LastTime

    @property
    def id(self) -> str:
        """The figure's id."""
        return self.figure.id

    @property
    def missing(self) -> bool:
        """Whether no value was given at this meeting (with or without a reason)."""
        return self.reading is None or self.reading.value is None


def entries_under(store: Store, meeting_id: str, item_id: str | None = None) -> list[FigureEntry]:
    """The figures entered under ``item_id`` at ``meeting_id`` (every figure of the meeting when None), in the
    forum's order. A figure reported once a month or quarter is due at one meeting only: where it was given, or,
    until it is, wherever the days it would cover are not reported yet."""
    meeting = store.get(Meeting, meeting_id)
    items = agenda(store, meeting_id)
    found = []
    for figure in figures_of(store, meeting.forum_id):
        home = home_item(items, figure)
        if item_id is not None and (home is None or home.id != item_id):
            continue
        reading = reading_at(store, meeting_id, figure.id)
        covers = (
            (reading.covers_from, reading.covers_to) if reading else default_covers(store, meeting, figure)
        )
        if reading is None and _reported_elsewhere(store, figure, covers, meeting_id):
            continue  # a monthly figure already given at the month's first meeting is not due again
        found.append(FigureEntry(figure, reading, covers, last_time(store, meeting, figure)))
    return found


def _reported_elsewhere(
    store: Store, figure: TrackedFigure, covers: tuple[dt.date, dt.date], meeting_id: str
) -> bool:
    if figure.frequency is Frequency.EVERY_MEETING:
        return False
    return any(
        r.meeting_id != meeting_id and r.covers_from <= covers[1] and covers[0] <= r.covers_to
        for r in readings_of(store, figure.id)
    )


@frozen
class AgreedTarget:
    """A target in force: agreed by a decision that stands, on ``agreed_on``."""

    target: FigureTarget
    agreed_on: dt.date
    item: AgendaItem


def targets_of(store: Store, figure_id: str) -> list[AgreedTarget]:
    """The targets of a figure whose decision stands (reached by consensus, or by a vote carried), oldest
    agreement first: where two cover the same day, the later agreement counts."""
    found = []
    for target in store.where(FigureTarget, {"figure_id": figure_id}):
        decision = store.find(Decision, target.decision_id)
        if decision is None:
            continue
        if decision.method is DecisionMethod.VOTE:
            stances = [p.stance for p in store.where(Position, {"decision_id": decision.id})]
            if not vote_outcome(stances).carried:
                continue
        elif decision.method is not DecisionMethod.CONSENSUS:
            continue
        item = store.find(AgendaItem, decision.item_id)
        meeting = store.find(Meeting, item.meeting_id) if item else None
        if item is None or meeting is None or meeting.status is MeetingStatus.CANCELLED:
            continue
        found.append(AgreedTarget(target, meeting.starts_at.date(), item))
    return sorted(found, key=lambda a: (a.agreed_on, a.target.created))


# --- choosing figures -------------------------------------------------------------------------------------------


def save_figure(store: Store, figure: TrackedFigure) -> Edit:
    """Start tracking a figure on a forum (at the end of its list), or change one."""
    validate_figure(figure)
    forum = store.get(Forum, figure.forum_id)
    partner = store.find(Partner, figure.partner_id)
    if partner is None:
        raise ValidationError("partner_id", _("the partner does not exist"))
    before = store.find(TrackedFigure, figure.id)
    if before is None:
        if forum.archived:
            raise ValidationError("forum_id", _("{name} is archived").format(name=forum.name))
        if partner.archived:
            raise ValidationError("partner_id", _("{name} is archived").format(name=partner.name))
        figure = replace(figure, position=len(figures_of(store, forum.id)))
        text = _("Track {figure} on {forum}").format(figure=_window_name(figure), forum=forum.name)
        return Edit(text, ((None, figure),))
    if before.forum_id != figure.forum_id:
        raise ValidationError("forum_id", _("a figure stays with its forum"))
    after = touched(
        replace(figure, created=before.created, position=before.position, archived=before.archived)
    )
    return Edit(_("Edit figure {figure}").format(figure=_window_name(after)), ((before, after),))


def archive_figure(store: Store, figure_id: str, archived: bool = True) -> Edit:
    """Stop tracking a figure (its readings are kept and still count in reports), or track it again."""
    before = store.get(TrackedFigure, figure_id)
    after = touched(replace(before, archived=archived))
    message = N_("Stop tracking {figure}") if archived else N_("Track {figure} again")
    return Edit(_(message).format(figure=_window_name(before)), ((before, after),))


def move_figure(store: Store, figure_id: str, new_index: int) -> Edit:
    """Put a figure at ``new_index`` in its forum's list."""
    figure = store.get(TrackedFigure, figure_id)
    others = [f for f in figures_of(store, figure.forum_id) if f.id != figure_id]
    others.insert(max(0, min(new_index, len(others))), figure)
    steps: list[Step] = [
        (f, touched(replace(f, position=i))) for i, f in enumerate(others) if f.position != i
    ]
    return Edit(_("Move figure {figure}").format(figure=_window_name(figure)), tuple(steps))


# --- entering figures -------------------------------------------------------------------------------------------


def _when(reading: FigureReading, store: Store) -> str:
    t = i18n.active()
    span = f"{t.format_date(reading.covers_from)} – {t.format_date(reading.covers_to)}"
    meeting = store.find(Meeting, reading.meeting_id) if reading.meeting_id else None
    if meeting is None:
        return _("the figure from the partner's records for {days}").format(days=span)
    return _("the figure reported at the meeting of {date} ({days})").format(
        date=t.format_date(meeting.starts_at.date()), days=span
    )


def _check_reading(store: Store, figure: TrackedFigure, reading: FigureReading) -> None:
    validate_reading(reading)
    if reading.value is not None:
        fits_figure(reading.value, figure)
    for other in readings_of(store, figure.id):
        if other.id == reading.id:
            continue
        if other.covers_from <= reading.covers_to and reading.covers_from <= other.covers_to:
            raise ValidationError(
                "covers_from",
                _("these days are already counted in {other}").format(other=_when(other, store)),
            )


def check_reading_fits(store: Store, reading: FigureReading) -> None:
    """``record_figure``'s and ``record_past_figure``'s rules for a reading as the store holds it (a merge of copies
    checks them on every reading it writes): a reading at a meeting is its figure's forum's, its value fits the
    figure, and no day is counted twice among the figure's readings."""
    figure = store.get(TrackedFigure, reading.figure_id)
    meeting = store.find(Meeting, reading.meeting_id) if reading.meeting_id else None
    if meeting is not None and meeting.forum_id != figure.forum_id:
        raise ValidationError("figure_id", _("this figure is tracked by another forum"))
    _check_reading(store, figure, reading)


def _reading_edit(store: Store, before: FigureReading | None, after: FigureReading | None, text: str) -> Edit:
    if after is None:
        return Edit(text, ((before, None),) if before is not None else ())
    if before is None:
        return Edit(text, ((None, after),))
    return Edit(text, ((before, touched(replace(after, created=before.created))),))


def record_figure(
    store: Store,
    meeting_id: str,
    figure_id: str,
    value: float | None,
    *,
    note: str = "",
    covers: tuple[dt.date, dt.date] | None = None,
) -> Edit:
    """Enter what the reporting partner said about a figure at a meeting: its value (None: not available, with
    a ``note`` saying why), for the days it covers (by default since the last meeting, or the last whole month or
    quarter). Nothing typed and no note clears it: the figure is missing again, never zero."""
    figure = store.get(TrackedFigure, figure_id)
    meeting = store.get(Meeting, meeting_id)
    if meeting.forum_id != figure.forum_id:
        raise ValidationError("figure_id", _("this figure is tracked by another forum"))
    if meeting.status is MeetingStatus.CANCELLED:
        raise ValidationError("meeting_id", _("a cancelled meeting has no figures"))
    before = reading_at(store, meeting_id, figure_id)
    text = _("Figure {figure}").format(figure=_window_name(figure))
    if value is None and not note.strip():
        return _reading_edit(store, before, None, text)
    first, last = covers or (
        (before.covers_from, before.covers_to) if before else default_covers(store, meeting, figure)
    )
    if last > meeting.starts_at.date():
        raise ValidationError("covers_to", _("a meeting reports days up to its own, not later ones"))
    after = FigureReading(
        figure_id=figure_id,
        meeting_id=meeting_id,
        covers_from=first,
        covers_to=last,
        value=None if value is None else float(value),
        note=note.strip(),
    )
    if before is not None:
        after = replace(after, id=before.id)
    _check_reading(store, figure, after)
    return _reading_edit(store, before, after, text)


def record_past_figure(
    store: Store,
    figure_id: str,
    covers: tuple[dt.date, dt.date],
    value: float | None,
    *,
    note: str = "",
    reading_id: str | None = None,
) -> Edit:
    """Enter (or correct) a figure from the partner's own records for days no meeting reported: last year's
    figures when the forum starts tracking, or a month a meeting missed."""
    figure = store.get(TrackedFigure, figure_id)
    before = store.find(FigureReading, reading_id) if reading_id else None
    if before is not None and before.meeting_id is not None:
        raise ValidationError("meeting_id", _("this figure was reported at a meeting; change it there"))
    if covers[1] > clock.today():
        raise ValidationError("covers_to", _("cannot report days still to come"))
    after = FigureReading(
        figure_id=figure_id,
        covers_from=covers[0],
        covers_to=covers[1],
        value=None if value is None else float(value),
        note=note.strip(),
    )
    if before is not None:
        after = replace(after, id=before.id)
    _check_reading(store, figure, after)
    return _reading_edit(store, before, after, _("Past figure {figure}").format(figure=_window_name(figure)))


def remove_reading(store: Store, reading_id: str) -> Edit:
    """Take a reading away (entered by mistake): the figure is missing for those days again."""
    reading = store.get(FigureReading, reading_id)
    figure = store.get(TrackedFigure, reading.figure_id)
    return Edit(_("Remove figure {figure}").format(figure=_window_name(figure)), ((reading, None),))


# --- targets ----------------------------------------------------------------------------------------------------


def target_text(
    figure: TrackedFigure, period: tuple[dt.date, dt.date], value: float, language: str, region: str = ""
) -> str:
    """The decision that agrees a target, in ``language``, its dates and numbers written as in the partnership's
    ``region``: "Target for Needles found from 1 January 2027 to 31 December 2027: at most 300 needles." """
    t = translator(language, region)
    # Translators: document
    at_least = t.gettext("Target for {figure} from {start} to {end}: at least {value} {unit}.")
    # Translators: document
    at_most = t.gettext("Target for {figure} from {start} to {end}: at most {value} {unit}.")
    return (at_least if figure.higher_is_better else at_most).format(
        figure=figure.name_in(t),
        start=t.format_date(period[0], "long"),
        end=t.format_date(period[1], "long"),
        value=format_figure(value, figure, t),
        unit=figure.unit_in(t),
    )


class _WithItem:
    """The store as it will be once a new agenda item is written: what ``record_decision`` reads to judge the
    decision on it (its meeting's moment, quorum and who is present), the item not written yet."""

    def __init__(self, store: Store, item: AgendaItem) -> None:
        self._store = store
        self._item = item

    def atomic(self) -> AbstractContextManager[None]:
        raise TypeError("nothing is written while a decision is judged")  # a programming error

    def find(self, kind: type[R], record_id: str) -> R | None:
        if kind is AgendaItem and record_id == self._item.id:
            return cast(R, self._item)
        return self._store.find(kind, record_id)

    def get(self, kind: type[R], record_id: str) -> R:
        found = self.find(kind, record_id)
        return found if found is not None else self._store.get(kind, record_id)

    def all(self, kind: type[R], *, include_archived: bool = False) -> list[R]:
        return self.where(kind, {}, include_archived=include_archived)

    def where(self, kind: type[R], equals: dict[str, str], *, include_archived: bool = False) -> list[R]:
        found = self._store.where(kind, equals, include_archived=include_archived)
        if kind is AgendaItem and all(getattr(self._item, f) == v for f, v in equals.items()):
            found = [*found, cast(R, self._item)]
        return found

    def values(
        self, kind: type[R], fields: tuple[str, ...], equals: dict[str, str] | None = None
    ) -> list[tuple[object, ...]]:
        # Counts over stored records only: deciding asks for none over agenda items.
        return self._store.values(kind, fields, equals)

    def put(self, record: AnyRecord) -> None:
        raise TypeError("nothing is written while a decision is judged")  # a programming error

    def discard(self, kind: type[AnyRecord], record_id: str) -> None:
        raise TypeError("nothing is written while a decision is judged")  # a programming error


def agree_target(
    store: Store,
    meeting_id: str,
    figure_id: str,
    period: tuple[dt.date, dt.date],
    value: float,
    *,
    text: str = "",
    positions: Mapping[str, tuple[Stance, str]] | None = None,
    now: dt.datetime | None = None,
) -> Edit:
    """Record a target for a figure over ``period``, agreed at ``meeting_id``: a decision item right after the
    item where the figure is entered, the decision by consensus and the target, in one edit. The item is public
    only when the figure is.

    The decision is recorded by ``record_decision``, under its rules: it is taken at the live clock's moment
    ``now`` while the meeting runs (``Decision.taken_at``; over the whole meeting when it is recorded afterwards),
    quorum is judged at that moment, and ``positions`` are taken only from partners present then (more can be
    added later, like any decision's)."""
    figure = store.get(TrackedFigure, figure_id)
    meeting = store.get(Meeting, meeting_id)
    forum = store.get(Forum, meeting.forum_id)
    if meeting.forum_id != figure.forum_id:
        raise ValidationError("figure_id", _("this figure is tracked by another forum"))
    if meeting.status is MeetingStatus.CANCELLED:
        raise ValidationError("meeting_id", _("a cancelled meeting agrees nothing"))
    fits_figure(value, figure)
    items = agenda(store, meeting_id)
    home = home_item(items, figure)
    closing = [i.position for i in items if i.kind is ItemKind.OTHER_BUSINESS]
    position = home.position + 1 if home is not None else min(closing, default=len(items))
    words = translator(forum.working_language)
    item = AgendaItem(
        meeting_id=meeting_id,
        position=position,
        # Translators: document
        title=words.gettext("Target for {figure}").format(figure=figure.name_in(words)),
        kind=ItemKind.DECISION,
        minutes_allowed=5,
        presenter_partner_id=figure.partner_id,
        confidentiality=figure.confidentiality,
    )
    decided = record_decision(
        _WithItem(store, item),
        item.id,
        text.strip()
        or target_text(figure, period, value, forum.working_language, partnership_profile(store).region),
        DecisionMethod.CONSENSUS,
        positions or {},
        now=now,
    )
    decision = next(after for _before, after in decided.steps if isinstance(after, Decision))
    target = FigureTarget(
        figure_id=figure_id, decision_id=decision.id, starts=period[0], ends=period[1], value=float(value)
    )
    validate_target(target)
    steps: list[Step] = [
        (later, touched(replace(later, position=later.position + 1)))
        for later in items
        if later.position >= position
    ]
    steps += [(None, item), *decided.steps, (None, target)]
    return Edit(_("Agree a target for {figure}").format(figure=_window_name(figure)), tuple(steps))


def withdraw_target(store: Store, target_id: str) -> Edit:
    """Take back a target recorded by mistake, with the decision that agreed it (its item stays, with its
    notes)."""
    target = store.get(FigureTarget, target_id)
    figure = store.get(TrackedFigure, target.figure_id)
    steps: list[Step] = [(target, None)]
    decision = store.find(Decision, target.decision_id)
    if decision is not None:
        steps += remove_decision(store, decision.item_id).steps
    return Edit(_("Withdraw the target for {figure}").format(figure=_window_name(figure)), tuple(steps))


# --- guards -----------------------------------------------------------------------------------------------------


def _meeting_of(store: Store, record: AnyRecord) -> str | None:
    if isinstance(record, FigureReading):
        return record.meeting_id
    if isinstance(record, FigureTarget):
        decision = store.find(Decision, record.decision_id)
        return meeting_of_record(store, decision) if decision else None
    return None


def guard_figures(store: Store, edit: Edit) -> None:
    """Figures reported at a meeting with approved minutes are locked with its record; a decision that agreed a
    target is removed only with its target (``withdraw_target``)."""
    removed_targets = {b.id for b, a in edit.steps if isinstance(b, FigureTarget) and a is None}
    for before, after in edit.steps:
        for record in (before, after):
            meeting_id = _meeting_of(store, record) if record is not None else None
            if meeting_id is not None and minutes_status(store, meeting_id) is MinutesStatus.APPROVED:
                raise MinutesLocked(
                    _("The minutes of this meeting are approved, so its figures can no longer change."),
                    hint=_("Record a correction instead; it will be printed with the minutes."),
                )
        if isinstance(before, Decision) and after is None:
            for target in store.where(FigureTarget, {"decision_id": before.id}):
                if target.id not in removed_targets:
                    figure = store.find(TrackedFigure, target.figure_id)
                    raise ValidationError(
                        "decision",
                        _("this decision agreed a target for {figure}; withdraw the target instead").format(
                            figure=_window_name(figure) if figure else ""
                        ),
                    )
