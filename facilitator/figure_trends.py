"""Totals and trends of the street figures, step by step through a period, against last year and targets.

The arithmetic is pure (``step_values``, ``target_over``, ``change``) so that it can be checked on any series;
``figure_trend`` reads a figure's readings, expected reports and targets from a store and applies it.

- A report is assigned to the step holding the last day it covers.
- A step's value is the total of its reports (``Combine.TOTAL``) or their average (``Combine.AVERAGE``); a step
  where nothing was reported has no value (None: missing, printed as "—"), never zero.
- Expected reports are counted too (one per meeting held for a figure reported at every meeting, one per month
  or quarter otherwise), so that a total of fewer reports than expected says so.
- A target agreed for a period is shared out over its days (a total) or holds on each of them (an average); a
  later agreement replaces an earlier one on the days both cover. A step has a target only when targets cover
  every one of its days.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

from facilitator.figure_ops import readings_of, sitting_days, targets_of
from facilitator.figures import Combine, Frequency, TrackedFigure
from facilitator.frozen import frozen
from facilitator.indicators import Period
from facilitator.store import Store


@frozen
class Report:
    """A reading as the arithmetic sees it: the last day it covers and its value (None: not available)."""

    day: dt.date
    value: float | None


@frozen
class Span:
    """A target over some days (both included)."""

    starts: dt.date
    ends: dt.date
    value: float

    @property
    def days(self) -> int:
        """How many days the target covers."""
        return (self.ends - self.starts).days + 1


@frozen
class StepValue:
    """A figure over one step of a period: its value, how many reports it rests on, and its target."""

    period: Period
    value: float | None
    reported: int
    expected: int
    target: float | None = None

    @property
    def missing(self) -> int:
        """Reports expected and not given with a value."""
        return max(0, self.expected - self.reported)

    @property
    def complete(self) -> bool:
        """Whether the value rests on every report expected (and on at least one)."""
        return self.reported > 0 and self.missing == 0


@frozen
class Change:
    """How a value moved from one period to another."""

    absolute: float
    relative: float | None  # None when the earlier value was zero

    def better(self, higher_is_better: bool) -> bool | None:
        """Whether the move is for the better (None: no change)."""
        if self.absolute == 0:
            return None
        return (self.absolute > 0) == higher_is_better


def period_steps(period: Period, months: int) -> list[Period]:
    """``period`` cut into steps of ``months`` calendar months (the first and last may be shorter)."""
    steps = []
    start = period.start
    while start <= period.end:
        month = start.month - 1 + months
        end = dt.date(start.year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        steps.append(Period(start, min(end, period.end)))
        start = steps[-1].end + dt.timedelta(days=1)
    return steps


def combined(values: Sequence[float], how: Combine) -> float | None:
    """The total or the average of ``values``; None when there are none."""
    if not values:
        return None
    total = math.fsum(values)
    return total if how is Combine.TOTAL else total / len(values)


def target_over(period: Period, targets: Sequence[Span], how: Combine) -> float | None:
    """The target for ``period`` from ``targets`` (later ones replace earlier ones on the days both cover), or
    None when some day of the period has none."""
    shares = []
    day = period.start
    while day <= period.end:
        covering = [t for t in targets if t.starts <= day <= t.ends]
        if not covering:
            return None
        target = covering[-1]
        shares.append(target.value / target.days if how is Combine.TOTAL else target.value)
        day += dt.timedelta(days=1)
    return combined(shares, Combine.TOTAL if how is Combine.TOTAL else Combine.AVERAGE)


def step_values(
    reports: Sequence[Report],
    expected: Sequence[dt.date],
    steps: Sequence[Period],
    how: Combine,
    targets: Sequence[Span] = (),
) -> list[StepValue]:
    """Each step's value from the reports whose last day falls in it, with the reports expected there and the
    step's target."""
    found = []
    for step in steps:
        values = [r.value for r in reports if r.day in step and r.value is not None]
        found.append(
            StepValue(
                step,
                combined(values, how),
                len(values),
                sum(1 for day in expected if day in step),
                target_over(step, targets, how) if targets else None,
            )
        )
    return found


def change(now: float | None, before: float | None) -> Change | None:
    """How ``now`` differs from ``before``; None when either is missing."""
    if now is None or before is None:
        return None
    return Change(now - before, (now - before) / before if before else None)


def year_before(period: Period) -> Period:
    """The same days a year earlier (29 February becomes the 28th)."""

    def back(day: dt.date) -> dt.date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:
            return day.replace(year=day.year - 1, day=28)

    return Period(back(period.start), back(period.end))


# --- from the records -------------------------------------------------------------------------------------------


def expected_reports(store: Store, figure: TrackedFigure, period: Period) -> list[dt.date]:
    """The last days of the reports the forum expected in ``period``: the day before each meeting held, or the
    end of each month or quarter once a meeting after it was held (where it would have been reported)."""
    sitting = [start.date() for start, _id in sitting_days(store, figure.forum_id)]
    if figure.frequency is Frequency.EVERY_MEETING:
        days = [day - dt.timedelta(days=1) for day in sitting]
    else:
        quarterly = figure.frequency is Frequency.QUARTERLY
        ends = [step.end for step in period_steps(Period(period.start.replace(day=1), period.end), 1)]
        days = [
            day
            for day in ends
            if (day + dt.timedelta(days=1)).day == 1 and (not quarterly or day.month % 3 == 0)
        ]
        latest = max(sitting, default=None)
        days = [day for day in days if latest is not None and day < latest]
    return [day for day in days if day in period]


@frozen
class FigureTrend:
    """A figure through a period: its steps, the whole period, the same period a year before."""

    figure: TrackedFigure
    steps: list[StepValue]
    whole: StepValue
    last_year: StepValue

    @property
    def change(self) -> Change | None:
        """How the whole period compares with the same period a year before."""
        return change(self.whole.value, self.last_year.value)

    @property
    def has_target(self) -> bool:
        """Whether a target covers any step or the whole period."""
        return self.whole.target is not None or any(s.target is not None for s in self.steps)


def figure_trend(store: Store, figure: TrackedFigure, period: Period, months: int) -> FigureTrend:
    """``figure`` through ``period`` in steps of ``months``, with the whole period and the year before."""
    reports = [Report(r.covers_to, r.value) for r in readings_of(store, figure.id)]
    targets = [Span(a.target.starts, a.target.ends, a.target.value) for a in targets_of(store, figure.id)]
    earlier = year_before(period)
    expected = expected_reports(store, figure, Period(earlier.start, period.end))
    steps = step_values(reports, expected, period_steps(period, months), figure.combine, targets)
    (whole,) = step_values(reports, expected, [period], figure.combine, targets)
    (last_year,) = step_values(reports, expected, [earlier], figure.combine, targets)
    return FigureTrend(figure, steps, whole, last_year)
