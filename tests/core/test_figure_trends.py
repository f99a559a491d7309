"""Totals and trends of street figures: checked by Hypothesis on random series with gaps against an oracle
written from the rules (exact fractions, day by day), and on a hand-counted street round."""

from __future__ import annotations

import datetime as dt
import itertools
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.figure_ops import agree_target, record_figure, record_past_figure
from facilitator.figure_trends import (
    Change,
    Report,
    Span,
    change,
    expected_reports,
    figure_trend,
    period_steps,
    step_values,
    target_over,
    year_before,
)
from facilitator.figures import Combine
from facilitator.indicators import Period
from tests.core.fakes import MemoryStore
from tests.core.figure_world import build_figure_world

START = dt.date(2024, 1, 1)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    start = START + dt.timedelta(days=draw(st.integers(0, 800)))
    return Period(start, start + dt.timedelta(days=draw(st.integers(0, 800))))


@st.composite
def series_with_gaps(draw: st.DrawFn, period: Period) -> list[Report]:
    """Reports on random days in and around the period: some with a value (whole or with decimals), some "not
    available", many days with nothing at all (the gaps)."""
    span = (period.end - period.start).days
    days = draw(st.lists(st.integers(-40, span + 40), max_size=60, unique=True))
    values = st.one_of(
        st.none(),
        st.integers(0, 500).map(float),
        st.decimals(0, 1000, places=2, allow_nan=False, allow_infinity=False).map(float),
    )
    return [Report(period.start + dt.timedelta(days=d), draw(values)) for d in days]


def _oracle(reports: list[Report], step: Period, how: Combine) -> tuple[Fraction | None, int]:
    found = [
        Fraction(str(r.value)) for r in reports if step.start <= r.day <= step.end and r.value is not None
    ]
    if not found:
        return None, 0
    total = sum(found, Fraction(0))
    return (total if how is Combine.TOTAL else total / len(found)), len(found)


def _close(value: float | None, exact: Fraction | None) -> bool:
    if value is None or exact is None:
        return value is None and exact is None
    return abs(Fraction(value) - exact) <= Fraction(1, 10**6) * max(1, abs(exact))


@given(data=st.data(), months=st.sampled_from([1, 3, 12]), how=st.sampled_from(list(Combine)))
def test_totals_and_averages_over_random_series_with_gaps(
    data: st.DataObject, months: int, how: Combine
) -> None:
    period = data.draw(periods())
    reports = data.draw(series_with_gaps(period))
    expected = data.draw(st.lists(st.sampled_from([r.day for r in reports] or [period.start]), max_size=20))
    steps = period_steps(period, months)
    # The steps cut the period into consecutive pieces: every day in exactly one.
    assert steps[0].start == period.start and steps[-1].end == period.end
    assert all(b.start == a.end + dt.timedelta(days=1) for a, b in itertools.pairwise(steps))
    found = step_values(reports, expected, steps, how)
    for step, value in zip(steps, found, strict=True):
        exact, reported = _oracle(reports, step, how)
        assert _close(value.value, exact), (step, value, exact)
        assert value.reported == reported
        assert value.expected == sum(1 for day in expected if step.start <= day <= step.end)
        assert value.missing == max(0, value.expected - value.reported)
        # A gap is missing, never zero: a step with nothing reported has no value at all.
        assert (value.value is None) == (reported == 0)
        assert value.complete == (reported > 0 and value.missing == 0)
    (whole,) = step_values(reports, expected, [period], how)
    if how is Combine.TOTAL:
        parts = [v.value for v in found if v.value is not None]
        assert _close(whole.value, sum((Fraction(p) for p in parts), Fraction(0)) if parts else None)
    assert whole.reported == sum(v.reported for v in found)


@given(data=st.data(), how=st.sampled_from(list(Combine)))
def test_targets_are_shared_out_over_their_days_and_later_agreements_win(
    data: st.DataObject, how: Combine
) -> None:
    spans = []
    for _n in range(data.draw(st.integers(1, 4))):
        starts = START + dt.timedelta(days=data.draw(st.integers(0, 400)))
        ends = starts + dt.timedelta(days=data.draw(st.integers(0, 400)))
        spans.append(Span(starts, ends, float(data.draw(st.integers(0, 5000)))))
    period = data.draw(periods())

    def daily(day: dt.date) -> Fraction | None:
        covering = [s for s in spans if s.starts <= day <= s.ends]
        if not covering:
            return None
        last = covering[-1]
        return Fraction(str(last.value)) / (last.days if how is Combine.TOTAL else 1)

    shares = [daily(period.start + dt.timedelta(days=d)) for d in range((period.end - period.start).days + 1)]
    found = target_over(period, spans, how)
    if any(s is None for s in shares):
        assert found is None  # a day without a target: no target for the period
    else:
        exact = sum((s for s in shares if s is not None), Fraction(0))
        assert _close(found, exact if how is Combine.TOTAL else exact / len(shares))
    # Over exactly its own days, a lone target is itself.
    alone = spans[0]
    assert _close(target_over(Period(alone.starts, alone.ends), [alone], how), Fraction(str(alone.value)))


@pytest.mark.parametrize(
    ("now", "before", "expected", "higher_is_better", "better"),
    [
        (80, 100, Change(-20, -0.2), False, True),
        (80, 100, Change(-20, -0.2), True, False),
        (120, 100, Change(20, 0.2), True, True),
        (5, 0, Change(5, None), True, True),
        (7, 7, Change(0, 0.0), True, None),
    ],
)
def test_change_against_last_year_says_better_or_worse_by_the_figure_s_direction(
    now: float, before: float, expected: Change, higher_is_better: bool, better: bool | None
) -> None:
    moved = change(now, before)
    assert moved == expected
    assert moved.better(higher_is_better) is better
    assert change(None, 3) is None and change(3, None) is None


def test_the_year_before_keeps_the_days_of_the_year() -> None:
    assert year_before(Period(dt.date(2024, 2, 29), dt.date(2024, 12, 31))) == Period(
        dt.date(2023, 2, 28), dt.date(2023, 12, 31)
    )


def test_a_street_round_s_figure_through_a_quarter_against_last_year_and_its_target() -> None:
    """Counted by hand: ten weekly meetings from 6 January 2025, needles entered at eight of them (the fifth
    missing, the ninth "not available"); December 2024 from the street cleansing's records; a target of 900 for
    2025 agreed at the first meeting."""
    store = MemoryStore()
    world = build_figure_world(store)
    needles = world.needles
    values = {0: 12, 1: 9, 2: 14, 3: 10, 5: 8, 6: 11, 7: 7, 9: 6}
    for number, value in values.items():
        record_figure(store, world.meetings[number].id, needles.id, value).apply(store)
    record_figure(store, world.meetings[8].id, needles.id, None, note="Bin log lost.").apply(store)
    record_past_figure(store, needles.id, (dt.date(2024, 1, 1), dt.date(2024, 3, 31)), 150).apply(store)
    agree_target(
        store, world.meetings[0].id, needles.id, (dt.date(2025, 1, 1), dt.date(2025, 12, 31)), 365
    ).apply(store)
    quarter = Period(dt.date(2025, 1, 1), dt.date(2025, 3, 31))
    trend = figure_trend(store, needles, quarter, 1)
    january, february, march = trend.steps
    # Meeting days minus one: 5, 12, 19, 26 Jan | 2, 9, 16, 23 Feb | 2, 9 Mar.
    assert (january.value, january.reported, january.expected) == (12 + 9 + 14 + 10, 4, 4)
    assert (february.value, february.reported, february.expected) == (8 + 11 + 7, 3, 4)  # the fifth: missing
    assert (march.value, march.reported, march.expected) == (6, 1, 2)  # the ninth: not available
    assert [s.target for s in trend.steps] == [31, 28, 31]  # 365 a year is one a day
    assert trend.whole.value == 77 and trend.whole.target == 90 and not trend.whole.complete
    assert trend.last_year.value == 150 and trend.last_year.expected == 0
    assert trend.change == Change(77 - 150, (77 - 150) / 150)
    assert trend.has_target
    assert expected_reports(store, needles, Period(dt.date(2025, 3, 1), dt.date(2025, 3, 31))) == [
        dt.date(2025, 3, 2),
        dt.date(2025, 3, 9),
    ]


def test_a_monthly_figure_is_expected_once_a_meeting_after_its_month_was_held() -> None:
    store = MemoryStore()
    world = build_figure_world(store, weeks=10, held=6)  # held until 10 February
    months = expected_reports(store, world.cycle_park, Period(dt.date(2024, 12, 1), dt.date(2025, 3, 31)))
    assert months == [dt.date(2024, 12, 31), dt.date(2025, 1, 31)]
