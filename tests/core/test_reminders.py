"""Reminders before a forum's next meeting: one draft per partner with its open actions for that forum, overdue
first, with due dates and what they wait for, and what it has not answered; only what that partner may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.actions import Action, ActionStatus, save_action
from facilitator.meetings import Confidentiality
from facilitator.notices import Notice, give_notice
from facilitator.reminders import plan_reminders
from facilitator.storage import open_partnership
from tests.reach_world import Reach, build_reach

BEFORE = dt.date(2025, 6, 4)  # the Wednesday before the next meeting (Monday 9 June 2025)


@pytest.fixture
def reach(db_path: Path) -> Iterator[Reach]:
    with open_partnership(db_path) as store:
        yield build_reach(store)


def _action(reach: Reach, title: str, partner_id: str, due: dt.date | None, **fields: object) -> Action:
    r = reach.round
    action = Action(forum_id=r.forum.id, title=title, owner_partner_id=partner_id, due=due, **fields)  # type: ignore[arg-type]
    save_action(r.store, action, override_reason="started before", today=BEFORE).apply(r.store)
    return action


def test_each_partner_is_reminded_of_its_own_actions_overdue_first(reach: Reach) -> None:
    r = reach.round
    late = _action(reach, "Send the needle-find counts", r.housing.id, dt.date(2025, 5, 20))
    later = _action(reach, "Book the hall", r.housing.id, dt.date(2025, 6, 30))
    first = _action(
        reach, "Ask the council about lamps", r.housing.id, dt.date(2025, 5, 1), waits_for=(later.id,)
    )
    _action(reach, "Done already", r.housing.id, dt.date(2025, 5, 1), status=ActionStatus.DONE,
            completed_on=dt.date(2025, 5, 2))  # fmt: skip
    secret = _action(
        reach,
        "Nightjar patrol rota RESTRICTEDACTION",
        r.police.id,
        dt.date(2025, 6, 1),
        confidentiality=Confidentiality.RESTRICTED,
        restricted_to=(r.police.id,),
    )
    plan = plan_reminders(r.store, r.forum.id, today=BEFORE)
    assert plan.meeting is not None and plan.meeting.id == r.following.id
    reminders = {x.partner.id: x for x in plan.reminders}
    housing = reminders[r.housing.id]
    assert [a.id for a in housing.overdue] == [first.id, late.id] and [a.id for a in housing.open] == [
        later.id
    ]
    body = housing.draft.body
    assert body.index("Overdue actions") < body.index("Ask the council") < body.index("Send the needle")
    assert body.index("Send the needle") < body.index("Open actions") < body.rindex("Book the hall")
    assert (
        "34 days overdue" in body and "Book the hall" in body.split("Ask the council")[1]
    )  # what it waits for
    assert "Done already" not in body
    assert housing.draft.to[0].email == "dora.dee@housing.example.org"
    assert housing.draft.subject == "Station Quarter Group: reminder before the meeting of June 9, 2025"
    assert [a.id for a in reminders[r.police.id].overdue] == [secret.id]
    for reminder in plan.reminders:
        if reminder.partner.id != r.police.id:
            assert "RESTRICTEDACTION" not in reminder.draft.body + reminder.draft.subject
    assert r.outreach.id in {p.id for p in plan.nothing_to_remind}


def test_a_notice_waiting_for_the_partner_s_answer_is_listed(reach: Reach) -> None:
    r = reach.round
    notice = Notice(
        partner_id=r.police.id,
        title="Custody suite closing at night",
        given_on=dt.date(2025, 5, 28),
        takes_effect_on=dt.date(2025, 7, 1),
        affected_partners=(r.outreach.id,),
        affected_forums=(r.forum.id,),
    )
    give_notice(r.store, notice).apply(r.store)
    plan = plan_reminders(r.store, r.forum.id, today=BEFORE)
    outreach = next(x for x in plan.reminders if x.partner.id == r.outreach.id)
    assert [n.id for n in outreach.notices] == [notice.id]
    assert "Custody suite closing at night, from Police" in outreach.draft.body
    assert "waiting for your answer" in outreach.draft.body
