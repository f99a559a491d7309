"""Planning a forum's next meetings by its cadence, in local wall time across daylight-saving changes."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.entities import Cadence, Forum
from facilitator.errors import ValidationError
from facilitator.meeting_ops import new_meeting, planning_starts
from facilitator.meetings import MeetingKind
from facilitator.operations import save_forum
from facilitator.planning import DEFAULT_TIME, MAX_PLANNED, plan_from, planned_dates, to_utc
from facilitator.storage import open_partnership

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
LONDON = "Europe/London"


def _forum(cadence: Cadence, weekday: int | None = None, at: dt.time | None = None) -> Forum:
    return Forum(name="Station Quarter Group", cadence=cadence, usual_weekday=weekday, usual_time=at)


def _nth_of_month(day: dt.date) -> int:
    """Which occurrence of its weekday ``day`` is in its month (1 for the first Tuesday, ...)."""
    return (day.day - 1) // 7 + 1


def _is_last_of_month(day: dt.date) -> bool:
    return day.day + 7 > calendar.monthrange(day.year, day.month)[1]


# --- weekly and fortnightly ----------------------------------------------------------------------------------


@pytest.mark.parametrize("start", [dt.date(2025, 6, 2) + dt.timedelta(days=n) for n in range(7)])
def test_weekly_meets_on_the_usual_weekday_from_any_start(start: dt.date) -> None:
    dates = planned_dates(_forum(Cadence.WEEKLY, WED, dt.time(9, 30)), start, 5)
    assert [d.weekday() for d in dates] == [WED] * 5
    assert dates[0].date() >= start
    assert dates[0].date() - start < dt.timedelta(days=7)  # the first Wednesday on or after the start
    assert [b - a for a, b in itertools.pairwise(dates)] == [dt.timedelta(days=7)] * 4
    assert {d.time() for d in dates} == {dt.time(9, 30)}


def test_weekly_starting_on_the_usual_day_includes_that_day() -> None:
    dates = planned_dates(_forum(Cadence.WEEKLY, MON), dt.date(2025, 6, 2), 2)
    assert dates == [dt.datetime(2025, 6, 2, 10, 0), dt.datetime(2025, 6, 9, 10, 0)]


def test_without_usual_weekday_or_time_the_start_day_and_ten_o_clock_are_used() -> None:
    dates = planned_dates(_forum(Cadence.WEEKLY), dt.date(2025, 6, 5), 2)  # a Thursday
    assert dates == [dt.datetime(2025, 6, 5, 10, 0), dt.datetime(2025, 6, 12, 10, 0)]
    assert dt.time(10, 0) == DEFAULT_TIME


def test_fortnightly_is_every_other_week() -> None:
    dates = planned_dates(_forum(Cadence.FORTNIGHTLY, FRI, dt.time(14, 0)), dt.date(2025, 6, 1), 4)
    assert dates == [
        dt.datetime(2025, 6, 6, 14, 0),
        dt.datetime(2025, 6, 20, 14, 0),
        dt.datetime(2025, 7, 4, 14, 0),
        dt.datetime(2025, 7, 18, 14, 0),
    ]


# --- monthly, quarterly and daily ----------------------------------------------------------------------------


def _on_second_tuesday(day: dt.datetime) -> bool:
    return day.weekday() == TUE and _nth_of_month(day.date()) == 2


def _on_last_of_month(day: dt.datetime) -> bool:
    return _is_last_of_month(day.date())


def _at_six_pm(day: dt.datetime) -> bool:
    return day.time() == dt.time(18, 0)


def _at_quarter_past_eight(day: dt.datetime) -> bool:
    return day.time() == dt.time(8, 15)


def _any(day: dt.datetime) -> bool:
    return True


@pytest.mark.parametrize(
    ("forum", "start", "expected", "every"),
    [
        pytest.param(
            # 14 January 2025 is the second Tuesday of January.
            _forum(Cadence.MONTHLY, TUE),
            dt.date(2025, 1, 8),
            [(2025, 1, 14), (2025, 2, 11), (2025, 3, 11), (2025, 4, 8), (2025, 5, 13), (2025, 6, 10)],
            _on_second_tuesday,
            id="monthly_on_the_second_tuesday",
        ),
        pytest.param(
            # 30 January 2025 is the fifth Thursday; February has four Thursdays, May five, April four.
            _forum(Cadence.MONTHLY, THU),
            dt.date(2025, 1, 28),
            [(2025, 1, 30), (2025, 2, 27), (2025, 3, 27), (2025, 4, 24), (2025, 5, 29), (2025, 6, 26)],
            _on_last_of_month,
            id="monthly_from_a_fifth_thursday_is_the_last_thursday",
        ),
        pytest.param(
            # 27 February 2025 is the fourth (and last) Thursday; in May the fourth is the 22nd, not the last (29th).
            _forum(Cadence.MONTHLY, THU),
            dt.date(2025, 2, 27),
            [(2025, 2, 27), (2025, 3, 27), (2025, 4, 24), (2025, 5, 22)],
            _any,
            id="monthly_fourth_weekday_stays_fourth_in_months_with_five",
        ),
        pytest.param(
            _forum(Cadence.MONTHLY, MON),
            dt.date(2025, 11, 1),  # first Monday: 3 Nov
            [(2025, 11, 3), (2025, 12, 1), (2026, 1, 5)],
            _any,
            id="monthly_crosses_the_year",
        ),
        pytest.param(
            _forum(Cadence.QUARTERLY, WED, dt.time(18, 0)),
            dt.date(2025, 1, 15),
            [(2025, 1, 15), (2025, 4, 16), (2025, 7, 16), (2025, 10, 15), (2026, 1, 21)],
            _at_six_pm,
            id="quarterly_is_every_three_months_on_the_same_nth_weekday",
        ),
        pytest.param(
            _forum(Cadence.DAILY, at=dt.time(8, 15)),
            dt.date(2025, 6, 6),  # a Friday
            [(2025, 6, 6), (2025, 6, 9), (2025, 6, 10), (2025, 6, 11), (2025, 6, 12), (2025, 6, 13)],
            _at_quarter_past_eight,
            id="daily_skips_weekends",
        ),
    ],
)
def test_planned_days(
    forum: Forum,
    start: dt.date,
    expected: list[tuple[int, int, int]],
    every: Callable[[dt.datetime], bool],
) -> None:
    """The days planned from ``start`` (as many as expected), each of them also passing ``every``."""
    dates = planned_dates(forum, start, len(expected))
    assert [d.date() for d in dates] == [dt.date(*day) for day in expected]
    assert all(every(d) for d in dates)


# --- refused -----------------------------------------------------------------------------------------------


def test_daily_from_a_weekend_starts_on_monday() -> None:
    dates = planned_dates(_forum(Cadence.DAILY), dt.date(2025, 6, 7), 1)  # a Saturday
    assert dates == [dt.datetime(2025, 6, 9, 10, 0)]


def test_as_needed_cannot_be_planned() -> None:
    with pytest.raises(ValidationError) as caught:
        planned_dates(_forum(Cadence.AS_NEEDED, MON), dt.date(2025, 6, 2), 3)
    assert caught.value.field == "cadence"


@pytest.mark.parametrize("count", [0, -1, MAX_PLANNED + 1])
def test_count_out_of_bounds_is_refused(count: int) -> None:
    with pytest.raises(ValidationError) as caught:
        planned_dates(_forum(Cadence.WEEKLY, MON), dt.date(2025, 6, 2), count)
    assert caught.value.field == "count"


@pytest.mark.parametrize("count", [1, MAX_PLANNED])
def test_count_bounds_are_allowed(count: int) -> None:
    assert len(planned_dates(_forum(Cadence.WEEKLY, MON), dt.date(2025, 6, 2), count)) == count


# --- daylight saving ---------------------------------------------------------------------------------------


def test_weekly_london_series_keeps_ten_o_clock_across_march_change() -> None:
    # Clocks go forward on Sunday 30 March 2025: 10:00 is 10:00Z before and 09:00Z after.
    dates = planned_dates(_forum(Cadence.WEEKLY, MON, dt.time(10, 0)), dt.date(2025, 3, 20), 3)
    assert dates == [
        dt.datetime(2025, 3, 24, 10, 0),
        dt.datetime(2025, 3, 31, 10, 0),
        dt.datetime(2025, 4, 7, 10, 0),
    ]
    instants = [to_utc(d, LONDON) for d in dates]
    assert instants == [
        dt.datetime(2025, 3, 24, 10, 0, tzinfo=dt.UTC),
        dt.datetime(2025, 3, 31, 9, 0, tzinfo=dt.UTC),
        dt.datetime(2025, 4, 7, 9, 0, tzinfo=dt.UTC),
    ]
    assert all(i.utcoffset() == dt.timedelta(0) for i in instants)


def test_weekly_london_series_keeps_ten_o_clock_across_october_change() -> None:
    # Clocks go back on Sunday 26 October 2025: 10:00 is 09:00Z before and 10:00Z after.
    dates = planned_dates(_forum(Cadence.WEEKLY, MON, dt.time(10, 0)), dt.date(2025, 10, 20), 2)
    assert [d.time() for d in dates] == [dt.time(10, 0)] * 2
    assert [to_utc(d, LONDON) for d in dates] == [
        dt.datetime(2025, 10, 20, 9, 0, tzinfo=dt.UTC),
        dt.datetime(2025, 10, 27, 10, 0, tzinfo=dt.UTC),
    ]


def test_to_utc_of_another_zone() -> None:
    assert to_utc(dt.datetime(2025, 7, 1, 10, 0), "Europe/Amsterdam") == dt.datetime(
        2025, 7, 1, 8, 0, tzinfo=dt.UTC
    )
    assert to_utc(dt.datetime(2025, 7, 1, 10, 0), "UTC") == dt.datetime(2025, 7, 1, 10, 0, tzinfo=dt.UTC)


# --- properties --------------------------------------------------------------------------------------------

PLANNABLE = [c for c in Cadence if c is not Cadence.AS_NEEDED]


@settings(max_examples=300, deadline=None)
@given(
    cadence=st.sampled_from(PLANNABLE),
    weekday=st.one_of(st.none(), st.integers(0, 6)),
    at=st.one_of(st.none(), st.builds(dt.time, st.integers(0, 23), st.integers(0, 59))),
    start=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2140, 12, 31)),
    count=st.integers(1, 40),
)
def test_planned_dates_are_increasing_after_start_at_the_usual_time(
    cadence: Cadence, weekday: int | None, at: dt.time | None, start: dt.date, count: int
) -> None:
    forum = _forum(cadence, weekday, at)
    dates = planned_dates(forum, start, count)
    assert len(dates) == count
    assert all(a < b for a, b in itertools.pairwise(dates))
    assert all(d.date() >= start for d in dates)
    assert {d.time() for d in dates} == {at or DEFAULT_TIME}
    assert all(d.tzinfo is None for d in dates)
    gaps = {b - a for a, b in itertools.pairwise(dates)}
    expected_weekday = weekday if weekday is not None else start.weekday()
    if cadence is Cadence.WEEKLY:
        assert gaps <= {dt.timedelta(days=7)}
        assert dates[0].date() - start < dt.timedelta(days=7)
    if cadence is Cadence.FORTNIGHTLY:
        assert gaps <= {dt.timedelta(days=14)}
    if cadence is Cadence.DAILY:
        assert all(d.weekday() < 5 for d in dates)
        assert all(gap <= dt.timedelta(days=3) for gap in gaps)
    else:
        assert {d.weekday() for d in dates} == {expected_weekday}
    if cadence in (Cadence.MONTHLY, Cadence.QUARTERLY):
        step = 1 if cadence is Cadence.MONTHLY else 3
        months = [d.year * 12 + d.month for d in dates]
        assert all(b - a == step for a, b in itertools.pairwise(months))
        first = dates[0].date()
        if _nth_of_month(first) == 5:
            assert all(_is_last_of_month(d.date()) for d in dates)
        else:
            assert {_nth_of_month(d.date()) for d in dates} == {_nth_of_month(first)}


# --- where planning goes on after the forum's latest meeting ------------------------------------------------------
def test_plan_from_goes_on_with_each_series() -> None:
    """The day the window proposes to plan from keeps the series: same nth weekday for monthly and quarterly
    forums, a fortnight on for fortnightly ones, the next day for weekly ones; never in the past."""
    today = dt.date(2031, 1, 6)
    second_thursdays = [dt.date(2030, 12, 12), dt.date(2031, 1, 9)]
    monthly = Forum(name="Mayor's round", cadence=Cadence.MONTHLY, usual_weekday=3)
    assert plan_from(monthly, second_thursdays, today) == dt.date(2031, 2, 13)
    dates = planned_dates(monthly, plan_from(monthly, second_thursdays, today), 3)
    assert [_nth_of_month(d.date()) for d in dates] == [2, 2, 2]
    # A meeting moved to a Friday does not set the series; a series long stopped starts again from today on.
    assert plan_from(monthly, [*second_thursdays, dt.date(2031, 1, 17)], today) == dt.date(2031, 2, 13)
    assert plan_from(monthly, second_thursdays, dt.date(2031, 5, 1)) == dt.date(2031, 5, 8)
    last_thursday = Forum(name="Round", cadence=Cadence.QUARTERLY, usual_weekday=3)
    fifth = dt.date(2030, 10, 31)  # a fifth Thursday: the series is on the last one
    assert plan_from(last_thursday, [fifth], today) == dt.date(2031, 1, 30)
    fortnightly = Forum(name="Street round", cadence=Cadence.FORTNIGHTLY, usual_weekday=0)
    assert plan_from(fortnightly, [dt.date(2030, 12, 23), dt.date(2031, 1, 6)], today) == dt.date(2031, 1, 20)
    assert plan_from(fortnightly, [dt.date(2030, 11, 4)], today) == dt.date(2031, 1, 13)
    weekly = Forum(name="Weekly round", cadence=Cadence.WEEKLY, usual_weekday=0)
    assert plan_from(weekly, [dt.date(2031, 1, 13)], today) == dt.date(2031, 1, 14)
    assert plan_from(weekly, [dt.date(2030, 1, 13)], today) == today
    assert plan_from(weekly, [], today) == today


def test_a_moved_meeting_keeps_the_place_of_the_date_it_was_moved_from() -> None:
    """The latest meeting of a series moved a few days (a Monday round held on the Friday before a bank holiday):
    planning goes on after the date it was moved from, instead of bringing that date back as a second meeting in
    the same week or month."""
    today = dt.date(2031, 3, 3)
    weekly = Forum(name="Street round", cadence=Cadence.WEEKLY, usual_weekday=MON)
    mondays = [dt.date(2031, 3, 8 + 7 * n) - dt.timedelta(days=5) for n in range(2)]  # 3 and 10 March
    held_on_friday = dt.date(2031, 3, 14)  # Monday 17 March moved to the Friday before
    assert plan_from(weekly, [*mondays, held_on_friday], today) == dt.date(2031, 3, 18)
    assert planned_dates(weekly, plan_from(weekly, [*mondays, held_on_friday], today), 1)[0].date() == (
        dt.date(2031, 3, 24)
    )
    moved_to_thursday = dt.date(2031, 3, 20)  # Monday 17 March moved to the Thursday after
    assert plan_from(weekly, [*mondays, moved_to_thursday], today) == dt.date(2031, 3, 18)
    fortnightly = Forum(name="Street round", cadence=Cadence.FORTNIGHTLY, usual_weekday=MON)
    assert plan_from(fortnightly, [mondays[0], held_on_friday], today) == dt.date(2031, 3, 31)
    monthly = Forum(name="Mayor's round", cadence=Cadence.MONTHLY, usual_weekday=THU)
    second_thursdays = [dt.date(2031, 1, 9), dt.date(2031, 2, 13)]
    a_day_early = dt.date(2031, 3, 12)  # Thursday 13 March moved to the Wednesday
    assert plan_from(monthly, [*second_thursdays, a_day_early], today) == dt.date(2031, 4, 10)
    a_week_late = dt.date(2031, 3, 20)  # Thursday 13 March put off a week: the series stays on 2nd Thursdays
    assert plan_from(monthly, [*second_thursdays, a_week_late], today) == dt.date(2031, 4, 10)
    first_thursdays = Forum(name="Residents", cadence=Cadence.MONTHLY, usual_weekday=THU)
    into_february = dt.date(2031, 2, 28)  # Thursday 6 March brought forward to the Friday before, in February
    held = [dt.date(2031, 1, 2), dt.date(2031, 2, 6), into_february]
    assert plan_from(first_thursdays, held, dt.date(2031, 2, 1)) == dt.date(2031, 4, 3)


def test_planning_goes_on_after_the_series_and_not_after_an_extraordinary_meeting(db_path: Path) -> None:
    """An extraordinary meeting called on the Friday after the last Monday round is not part of the series: the
    next Monday is still proposed."""
    with open_partnership(db_path) as store:
        forum = Forum(name="Street round", cadence=Cadence.WEEKLY, usual_weekday=MON)
        save_forum(store, forum).apply(store)
        for day, kind in (
            (dt.date(2026, 12, 7), MeetingKind.REGULAR),
            (dt.date(2026, 12, 11), MeetingKind.EXTRAORDINARY),
        ):
            edit, _meeting = new_meeting(
                store, forum.id, dt.datetime.combine(day, dt.time(10)), timezone=LONDON, kind=kind
            )
            edit.apply(store)
        assert planning_starts(store, forum.id, dt.date(2026, 12, 7)) == dt.date(2026, 12, 8)
