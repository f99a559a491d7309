"""One clock: nothing but ``facilitator/clock.py`` reads the time, and the rules hold at the calendar's edges."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from facilitator import clock as app_clock
from facilitator.actions import Action, ActionFilter
from facilitator.clock import FrozenClock
from facilitator.entities import Cadence, Forum, Partner, touched
from facilitator.live import live_state
from facilitator.meeting_ops import agenda, end_meeting, new_meeting, start_item, start_meeting
from facilitator.operations import save_forum
from facilitator.personal_data import months_before
from facilitator.planning import planned_dates
from tests.core.fakes import MemoryStore

ROOT = Path(__file__).resolve().parent.parent
#: Ways to read the real date or time. Only the clock module may use them.
REAL_TIME = re.compile(
    r"date\.today\(|datetime\.now\(|datetime\.utcnow\(|datetime\.today\(|(?<![.\w])time\.time\(\)|(?<![.\w])time\.localtime\("
    r"|QDate\.currentDate\(|QDateTime\.currentDateTime|QTime\.currentTime\("
)
#: Where reading the machine's time is the point: the clock itself, and the lock's age of a file on disk.
ALLOWED = {"facilitator/clock.py", "storage/lock.py"}


def _sources(*folders: str) -> list[Path]:
    return [p for folder in folders for p in (ROOT / folder).rglob("*.py")]


def test_only_the_clock_reads_the_time() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in _sources("facilitator", "storage", "exports", "ui", "tests")
        if str(path.relative_to(ROOT)) not in ALLOWED and path.name != "test_clock.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if REAL_TIME.search(line)
    ]
    assert offenders == []


def test_the_suite_runs_on_a_frozen_clock(clock: FrozenClock) -> None:
    assert app_clock.current() is clock
    first = app_clock.now()
    assert app_clock.now() == first  # it does not move by itself
    clock.advance(minutes=5)
    assert app_clock.now() - first == dt.timedelta(minutes=5)


def test_today_is_the_laptops_date_not_utcs(clock: FrozenClock) -> None:
    # 23:30 in London on 31 May is 22:30 UTC: still 31 May. 00:30 on 1 June in London is 23:30 UTC on 31 May.
    clock.set(dt.datetime(2027, 5, 31, 23, 30))
    assert app_clock.today() == dt.date(2027, 5, 31)
    clock.advance(hours=1)
    assert app_clock.today() == dt.date(2027, 6, 1)
    assert app_clock.now().date() == dt.date(2027, 5, 31)
    assert app_clock.today_in("Asia/Tokyo") == dt.date(2027, 6, 1)


def test_a_frozen_clock_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(app_clock.ENVIRONMENT_VARIABLE, "2028-02-29T23:59 Europe/Paris")
    frozen = app_clock._from_environment()
    assert isinstance(frozen, FrozenClock)
    assert frozen.now() == dt.datetime(2028, 2, 29, 22, 59, tzinfo=dt.UTC)
    monkeypatch.delenv(app_clock.ENVIRONMENT_VARIABLE)
    assert isinstance(app_clock._from_environment(), app_clock.SystemClock)


# --- the calendar's edges ----------------------------------------------------------------------------------------


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


def _forum(store: MemoryStore, **fields: object) -> Forum:
    forum = Forum(name="Weekly round", cadence=Cadence.WEEKLY, usual_weekday=0, usual_time=dt.time(10), **fields)
    save_forum(store, forum).apply(store)  # with its standing items
    return forum


def test_a_meeting_across_midnight_keeps_counting(store: MemoryStore, clock: FrozenClock) -> None:
    forum = _forum(store, usual_duration_minutes=120)
    edit, meeting = new_meeting(store, forum.id, dt.datetime(2026, 12, 31, 23, 0), timezone="Europe/London")
    edit.apply(store)
    clock.set(dt.datetime(2026, 12, 31, 23, 0))
    start_meeting(store, meeting.id, app_clock.now()).apply(store)
    clock.set(dt.datetime(2027, 1, 1, 0, 40))
    state = live_state(store, meeting.id, app_clock.now())
    assert state.meeting_elapsed == dt.timedelta(minutes=100)
    end_meeting(store, meeting.id, app_clock.now()).apply(store)
    state = live_state(store, meeting.id, app_clock.now() + dt.timedelta(hours=3))
    assert state.meeting_elapsed == dt.timedelta(minutes=100)  # an ended meeting's clock stands still


def test_the_item_timer_counts_real_time_across_a_clock_change(store: MemoryStore, clock: FrozenClock) -> None:
    # London goes from 01:00 GMT to 02:00 BST on 28 March 2027: 00:50 to 02:10 on the wall is 20 minutes.
    forum = _forum(store)
    edit, meeting = new_meeting(store, forum.id, dt.datetime(2027, 3, 28, 0, 45), timezone="Europe/London")
    edit.apply(store)
    clock.set(dt.datetime(2027, 3, 28, 0, 50))
    start_meeting(store, meeting.id, app_clock.now()).apply(store)
    items = agenda(store, meeting.id)
    start_item(store, items[1].id, app_clock.now()).apply(store)
    clock.set(dt.datetime(2027, 3, 28, 2, 10))
    state = live_state(store, meeting.id, app_clock.now())
    assert state.meeting_elapsed == dt.timedelta(minutes=20)
    assert state.item_elapsed == dt.timedelta(minutes=20)


def test_weekly_meetings_keep_their_wall_time_across_daylight_saving() -> None:
    forum = Forum(name="Round", cadence=Cadence.WEEKLY, usual_weekday=0, usual_time=dt.time(10))
    dates = planned_dates(forum, dt.date(2027, 3, 20), 3)
    assert [d.time() for d in dates] == [dt.time(10)] * 3
    assert [d.date() for d in dates] == [dt.date(2027, 3, 22), dt.date(2027, 3, 29), dt.date(2027, 4, 5)]


@pytest.mark.parametrize(
    ("due", "today", "overdue"),
    [
        (dt.date(2026, 12, 31), dt.date(2026, 12, 31), False),  # due today is not overdue
        (dt.date(2026, 12, 31), dt.date(2027, 1, 1), True),  # the year turned
        (dt.date(2027, 1, 31), dt.date(2027, 2, 1), True),  # the month turned
        (dt.date(2028, 2, 29), dt.date(2028, 2, 29), False),  # a leap day
        (dt.date(2028, 2, 29), dt.date(2028, 3, 1), True),
        (dt.date(2027, 2, 28), dt.date(2027, 3, 1), True),  # no 29 February in 2027
    ],
)
def test_overdue_at_the_ends_of_months_and_years(
    clock: FrozenClock, due: dt.date, today: dt.date, overdue: bool
) -> None:
    clock.set(dt.datetime.combine(today, dt.time(8)))
    action = Action(forum_id="f", title="Lights", owner_partner_id="p", due=due)
    assert action.is_overdue(app_clock.today()) is overdue


def test_due_this_week_reaches_across_the_year_end(clock: FrozenClock) -> None:
    clock.set(dt.datetime(2027, 12, 29, 9))
    week = ActionFilter(due_within_days=7)
    soon = Action(forum_id="f", title="Soon", owner_partner_id="p", due=dt.date(2028, 1, 4))
    later = Action(forum_id="f", title="Later", owner_partner_id="p", due=dt.date(2028, 1, 6))
    assert week.accepts(soon, app_clock.today())
    assert not week.accepts(later, app_clock.today())


def test_monthly_planning_and_retention_on_the_29th_of_february() -> None:
    forum = Forum(name="Monthly", cadence=Cadence.MONTHLY, usual_weekday=3, usual_time=dt.time(18))
    dates = planned_dates(forum, dt.date(2028, 2, 1), 2)
    assert [d.date() for d in dates] == [dt.date(2028, 2, 3), dt.date(2028, 3, 2)]  # first Thursdays
    assert months_before(dt.date(2028, 2, 29), 12) == dt.date(2027, 2, 28)
    assert months_before(dt.date(2028, 3, 31), 1) == dt.date(2028, 2, 29)


def test_records_are_stamped_by_the_clock(clock: FrozenClock) -> None:
    clock.set(dt.datetime(2028, 2, 29, 12, 0, 30))
    partner = Partner(name="Housing")
    assert partner.created == dt.datetime(2028, 2, 29, 12, 0, 30, tzinfo=dt.UTC)
    clock.advance(days=1)
    assert touched(partner).updated == dt.datetime(2028, 3, 1, 12, 0, 30, tzinfo=dt.UTC)
