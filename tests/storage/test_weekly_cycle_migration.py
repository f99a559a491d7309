"""Migration 0010_weekly_cycle on a file made by the version before it (everything up to 0009 applied, rows as
that version wrote them): forums get their standing items, planned meetings drop the copies made when they were
planned and derive again, meetings that started keep what they tabled, planned public meetings lose the
partners-only items nobody touched, and a notice tabled only on such a copy is given again."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import sqlite_utils

from facilitator.actions import Action, ActionReview, ActionStatus
from facilitator.carried import carried
from facilitator.entities import AnyRecord, Forum, Partner, Sector, Tier
from facilitator.escalation import Direction, Escalation, EscalationReview, EscalationStatus
from facilitator.meeting_ops import agenda, usual_agenda
from facilitator.meetings import (
    LEGACY_CLOSING_ITEMS,
    LEGACY_STANDING_ITEMS,
    AgendaItem,
    Decision,
    DecisionMethod,
    ItemKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    UsualItem,
)
from facilitator.notices import Notice, NoticeStatus
from facilitator.storage import open_partnership, schema
from facilitator.tablings import Tabling
from tests.conftest import stand_on
from tests.storage.conftest import write_as_older_version

BEFORE = "0010_weekly_cycle"
TODAY = dt.date(2027, 3, 1)


def _agenda(meeting: Meeting, *titled: tuple[ItemKind, str]) -> list[AgendaItem]:
    """What the older version put on every meeting: the standing items around the usual ones."""
    kinds = [(kind, "") for kind, _m in LEGACY_STANDING_ITEMS] + list(titled)
    kinds += [(kind, "") for kind, _m in LEGACY_CLOSING_ITEMS]
    return [
        AgendaItem(meeting_id=meeting.id, position=n, title=title, kind=kind)
        for n, (kind, title) in enumerate(kinds)
    ]


def test_an_older_file_is_upgraded_to_forums_that_decide_and_meetings_that_derive(db_path: Path) -> None:
    stand_on(TODAY)
    db = sqlite_utils.Database(db_path)
    schema.migrations.apply(db, stop_before=BEFORE)
    police = Partner(name="City Police", sector=Sector.POLICE)
    street = Forum(name="Street round", tier=Tier.OPERATIONAL)
    residents = Forum(name="Residents' meeting", tier=Tier.PUBLIC)
    street_usual = UsualItem(forum_id=street.id, position=0, title="Street picture", minutes_allowed=20)
    public_usual = UsualItem(
        forum_id=residents.id, position=0, title="Residents' questions", minutes_allowed=40
    )
    held = Meeting(
        forum_id=street.id,
        starts_at=dt.datetime(2027, 2, 22, 10),
        status=MeetingStatus.HELD,
        started_at=dt.datetime(2027, 2, 22, 10, tzinfo=dt.UTC),
        ended_at=dt.datetime(2027, 2, 22, 11, tzinfo=dt.UTC),
    )
    planned = Meeting(forum_id=street.id, starts_at=dt.datetime(2027, 3, 8, 10))
    public = Meeting(forum_id=residents.id, starts_at=dt.datetime(2027, 3, 10, 18), kind=MeetingKind.PUBLIC)
    held_items = _agenda(held, (ItemKind.DISCUSSION, "Street picture"))
    planned_items = _agenda(planned, (ItemKind.DISCUSSION, "Street picture"))
    public_items = _agenda(public, (ItemKind.DISCUSSION, "Residents' questions"))
    # On the public meeting the coordinator titled the conflicts item and decided on the notices item.
    public_items = [
        replace(item, title="What the police did on the square") if item.kind is ItemKind.CONFLICT else item
        for item in public_items
    ]
    notice_item = next(i for i in public_items if i.kind is ItemKind.NOTICE)
    decided = Decision(item_id=notice_item.id, text="Noted.", method=DecisionMethod.CONSENSUS)
    action = Action(forum_id=street.id, title="Find ten shelter beds", owner_partner_id=police.id)
    heard, copied = (
        Notice(
            partner_id=police.id,
            title=title,
            given_on=given_on,
            takes_effect_on=dt.date(2027, 4, 1),
            affected_forums=(street.id,),
            status=NoticeStatus.TABLED,
        )
        for title, given_on in (
            ("Heard at the held round", dt.date(2027, 2, 15)),
            ("Copied onto the planned round only", dt.date(2027, 2, 25)),
        )
    )
    escalation = Escalation(
        subject_kind="actions",
        subject_id=action.id,
        subject_title=action.title,
        from_forum_id=residents.id,
        to_forum_id=street.id,
        reason="Residents ask for beds",
        raised_on=dt.date(2027, 2, 20),
    )

    def item(items: list[AgendaItem], kind: ItemKind) -> str:
        return next(i.id for i in items if i.kind is kind)

    def reviewed_and_tabled(meeting: Meeting, items: list[AgendaItem], notice: Notice) -> list[AnyRecord]:
        """What the round copied onto a meeting's agenda: the open action to review, the notice to table."""
        return [
            ActionReview(
                meeting_id=meeting.id,
                item_id=item(items, ItemKind.REVIEW_OF_ACTIONS),
                action_id=action.id,
                position=0,
                status_then=ActionStatus.OPEN,
            ),
            Tabling(
                meeting_id=meeting.id,
                item_id=item(items, ItemKind.NOTICE),
                subject_kind="notices",
                subject_id=notice.id,
                state_then="given",
            ),
        ]

    copies = [
        *reviewed_and_tabled(held, held_items, heard),
        *reviewed_and_tabled(planned, planned_items, copied),
        EscalationReview(
            meeting_id=planned.id,
            item_id=item(planned_items, ItemKind.REPORT_BACK),
            escalation_id=escalation.id,
            direction=Direction.INCOMING,
            status_then=EscalationStatus.OPEN,
        ),
    ]
    write_as_older_version(db, police, street, residents, street_usual, public_usual, held, planned, public)
    write_as_older_version(
        db, *held_items, *planned_items, *public_items, decided, action, heard, copied, escalation, *copies
    )
    db.conn.close()

    with open_partnership(db_path) as store:
        assert BEFORE in store.schema_version()
        assert store.migrated_from is not None and BEFORE in store.migrated_from.name
        # Forums decide their agendas now: the standing items every agenda had, a public one none of the partners'.
        street_agenda = [(u.kind, u.title, u.minutes_allowed) for u in usual_agenda(store, street.id)]
        assert street_agenda == [
            *((kind, "", minutes) for kind, minutes in LEGACY_STANDING_ITEMS),
            (ItemKind.DISCUSSION, "Street picture", 20),
            *((kind, "", minutes) for kind, minutes in LEGACY_CLOSING_ITEMS),
        ]
        assert [u.kind for u in usual_agenda(store, residents.id)] == [
            ItemKind.ATTENDANCE,
            ItemKind.MINUTES,
            ItemKind.DISCUSSION,
            ItemKind.OTHER_BUSINESS,
        ]
        # The held round keeps what it tabled; the planned one derives it again from the registers.
        assert len(store.where(ActionReview, {"meeting_id": held.id})) == 1
        assert len(store.where(Tabling, {"meeting_id": held.id})) == 1
        for kind in (ActionReview, Tabling, EscalationReview):
            assert store.where(kind, {"meeting_id": planned.id}) == []
        ahead = carried(store, planned)
        assert not ahead.fixed
        assert [r.action_id for r in ahead.actions] == [action.id]
        assert [t.subject_id for t in ahead.notices] == [copied.id]  # not yet heard: the next round hears it
        assert [r.escalation_id for r in ahead.incoming] == [escalation.id]
        assert store.get(Notice, heard.id).status is NoticeStatus.TABLED
        assert store.get(Notice, copied.id).status is NoticeStatus.GIVEN
        # The planned public meeting lost the partners-only items nobody touched, and is numbered again.
        kept = agenda(store, public.id)
        assert [(i.kind, i.title) for i in kept] == [
            (ItemKind.ATTENDANCE, ""),
            (ItemKind.MINUTES, ""),
            (ItemKind.NOTICE, ""),
            (ItemKind.CONFLICT, "What the police did on the square"),
            (ItemKind.DISCUSSION, "Residents' questions"),
            (ItemKind.OTHER_BUSINESS, ""),
        ]
        assert [i.position for i in kept] == list(range(len(kept)))
        assert len(agenda(store, held.id)) == len(held_items)  # started meetings are not touched
        assert store.integrity() == "ok"
