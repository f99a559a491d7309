"""What a partnership made by an older version becomes when forums decide their own agendas and meetings carry
what the registers say until they start.

Used twice, so that an upgraded file and an imported older document end up alike: by the schema migration
``0010_weekly_cycle`` and by the JSON import of documents of version 2 or older.

- Every forum's usual agenda gets the standing items every agenda had then (``LEGACY_STANDING_ITEMS``), around its
  own items and with the same minutes, so its next meetings look as before; a public forum gets none of the
  partners-only ones (review of actions, notices, conflicts, escalations). A forum that already has a standing
  item is left as it is.
- Copies of actions, escalations, conflicts and notices made when a meeting was planned are dropped from meetings
  that have not started: those meetings now derive what they carry from the registers (``facilitator.carried``).
  Meetings that started keep what they tabled.
- Planned meetings of public forums lose the partners-only standing items they were given automatically, where
  nobody touched them (no title, notes, decision, speaker or action on them).
- A notice that was "tabled" only on such a copy is "given" again; it is tabled when a meeting starts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from facilitator.actions import Action, ActionReview
from facilitator.agenda_routing import is_fixed
from facilitator.entities import AnyRecord, Forum, Tier
from facilitator.escalation import EscalationReview
from facilitator.meetings import (
    LEGACY_CLOSING_ITEMS,
    LEGACY_STANDING_ITEMS,
    PARTNERS_ONLY_KINDS,
    STANDING_KINDS,
    AgendaItem,
    Decision,
    Meeting,
    MeetingStatus,
    SpeakerTurn,
    UsualItem,
    standing_items,
)
from facilitator.notices import Notice, NoticeStatus
from facilitator.tablings import Tabling

Records = dict[type[AnyRecord], list[AnyRecord]]


def _of(records: Mapping[type[AnyRecord], Sequence[AnyRecord]], kind: type[AnyRecord]) -> list[AnyRecord]:
    return list(records.get(kind, ()))


def _forum_agendas(records: Records) -> None:
    usual: dict[str, list[UsualItem]] = {}
    for item in _of(records, UsualItem):
        assert isinstance(item, UsualItem)
        usual.setdefault(item.forum_id, []).append(item)
    result: list[AnyRecord] = []
    for forum in _of(records, Forum):
        assert isinstance(forum, Forum)
        own = sorted(usual.pop(forum.id, []), key=lambda i: i.position)
        if any(i.kind in STANDING_KINDS for i in own):
            result += own
            continue
        opening = [
            (kind, minutes)
            for kind, minutes in LEGACY_STANDING_ITEMS
            if not (forum.tier is Tier.PUBLIC and kind in PARTNERS_ONLY_KINDS)
        ]
        ordered = standing_items(forum.id, opening) + own + standing_items(forum.id, LEGACY_CLOSING_ITEMS)
        result += [replace(item, position=n) for n, item in enumerate(ordered)]
    for rest in usual.values():  # items of forums missing from the document: left as they are
        result += rest
    records[UsualItem] = result


def _planned_copies(records: Records, unstarted: set[str]) -> None:
    for kind in (ActionReview, EscalationReview, Tabling):
        records[kind] = [r for r in _of(records, kind) if getattr(r, "meeting_id", None) not in unstarted]


def _public_standing_items(records: Records, unstarted: set[str]) -> None:
    public = {f.id for f in _of(records, Forum) if isinstance(f, Forum) and f.tier is Tier.PUBLIC}
    planned = {
        m.id
        for m in _of(records, Meeting)
        if isinstance(m, Meeting) and m.id in unstarted and m.forum_id in public
    }
    used = {getattr(r, "item_id", None) for kind in (Decision, SpeakerTurn) for r in _of(records, kind)}
    used |= {a.origin_item_id for a in _of(records, Action) if isinstance(a, Action)}
    kept: list[AnyRecord] = []
    touched_meetings: set[str] = set()
    for item in _of(records, AgendaItem):
        assert isinstance(item, AgendaItem)
        untouched = not (item.title.strip() or item.notes.strip() or item.started_at or item.id in used)
        if item.meeting_id in planned and item.kind in PARTNERS_ONLY_KINDS and untouched:
            touched_meetings.add(item.meeting_id)
            continue
        kept.append(item)
    by_meeting: dict[str, list[AgendaItem]] = {}
    for item in kept:
        assert isinstance(item, AgendaItem)
        by_meeting.setdefault(item.meeting_id, []).append(item)
    result: list[AnyRecord] = []
    for meeting_id, items in by_meeting.items():
        ordered = sorted(items, key=lambda i: i.position)
        if meeting_id in touched_meetings:
            ordered = [replace(item, position=n) for n, item in enumerate(ordered)]
        result += ordered
    records[AgendaItem] = result


def _notices_given_again(records: Records) -> None:
    tabled = {t.subject_id for t in _of(records, Tabling) if isinstance(t, Tabling)}
    records[Notice] = [
        replace(n, status=NoticeStatus.GIVEN)
        if isinstance(n, Notice) and n.status is NoticeStatus.TABLED and n.id not in tabled
        else n
        for n in _of(records, Notice)
    ]


def upgrade_records(records: Mapping[type[AnyRecord], Sequence[AnyRecord]]) -> Records:
    """The records of an older partnership as this version keeps them (see the module's description)."""
    upgraded: Records = {kind: list(rows) for kind, rows in records.items()}
    unstarted = {m.id for m in _of(upgraded, Meeting) if isinstance(m, Meeting) and not is_fixed(m)}
    _forum_agendas(upgraded)
    _planned_copies(upgraded, unstarted)
    _public_standing_items(upgraded, unstarted - _cancelled(upgraded))
    _notices_given_again(upgraded)
    return upgraded


def _cancelled(records: Records) -> set[str]:
    return {
        m.id for m in _of(records, Meeting) if isinstance(m, Meeting) and m.status is MeetingStatus.CANCELLED
    }


#: The kinds ``upgrade_records`` reads or changes (the migration reads only these tables).
KINDS_UPGRADED: tuple[type[AnyRecord], ...] = (
    Forum,
    UsualItem,
    Meeting,
    AgendaItem,
    Decision,
    SpeakerTurn,
    Action,
    ActionReview,
    EscalationReview,
    Tabling,
    Notice,
)
