"""Dates of a forum's next meetings, by its cadence, in local wall time."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Sequence

from facilitator.entities import Cadence, Forum
from facilitator.errors import ValidationError
from facilitator.i18n import _

DEFAULT_TIME = dt.time(10, 0)
MAX_PLANNED = 120


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    """The ``nth`` (1-4, or -1 for the last) ``weekday`` of a month."""
    days = [
        d
        for d in calendar.Calendar().itermonthdates(year, month)
        if d.month == month and d.weekday() == weekday
    ]
    return days[-1] if nth < 0 else days[nth - 1]


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def planned_dates(forum: Forum, after: dt.date, count: int) -> list[dt.datetime]:
    """The next ``count`` meeting times of ``forum`` on or after ``after``, as naive local times.

    Weekly and fortnightly forums meet on their usual weekday; monthly and quarterly ones on the same nth
    weekday of the month as the first date (the 2nd Tuesday, or the last Thursday when the first date is a
    fifth one); daily forums on working days. The time of day is the forum's usual time, so it stays the
    same wall-clock time across daylight-saving changes.
    """
    if not 1 <= count <= MAX_PLANNED:
        raise ValidationError(
            "count", _("plan between 1 and {most} meetings at a time").format(most=MAX_PLANNED)
        )
    if forum.cadence is Cadence.AS_NEEDED:
        raise ValidationError(
            "cadence", _("this forum meets as needed, so its meetings cannot be planned ahead")
        )
    at = forum.usual_time or DEFAULT_TIME
    weekday = forum.usual_weekday if forum.usual_weekday is not None else after.weekday()
    first = after + dt.timedelta(days=(weekday - after.weekday()) % 7)
    days: list[dt.date] = []
    if forum.cadence is Cadence.DAILY:
        day = after
        while len(days) < count:
            if day.weekday() < 5:
                days.append(day)
            day += dt.timedelta(days=1)
    elif forum.cadence in (Cadence.WEEKLY, Cadence.FORTNIGHTLY):
        step = 7 if forum.cadence is Cadence.WEEKLY else 14
        days = [first + dt.timedelta(days=step * i) for i in range(count)]
    else:
        step = 1 if forum.cadence is Cadence.MONTHLY else 3
        nth = (first.day - 1) // 7 + 1
        nth = -1 if nth == 5 else nth
        days = []
        for i in range(count):
            year, month = _add_months(first.year, first.month, step * i)
            days.append(_nth_weekday(year, month, first.weekday(), nth))
    return [dt.datetime.combine(day, at) for day in days]


def plan_from(forum: Forum, meeting_days: Sequence[dt.date], today: dt.date) -> dt.date:
    """The day from which ``forum``'s next meetings are proposed for planning (``planned_dates``' ``after``): where
    its series goes on after its latest meeting (``meeting_days``, any order), never before ``today``.

    The day after the latest meeting is right for daily forums, but not for the others: a fortnightly forum would
    meet again one week later, and a monthly one on the 2nd Thursday would go on on the 3rd (the nth weekday is
    read from the first date planned). So a weekly series goes on the week after its latest meeting, a
    fortnightly one a fortnight later, and a monthly or quarterly one on the same nth weekday a month or a quarter
    later. A meeting moved a few days off the series (a Monday meeting held on the Friday before a bank holiday)
    keeps the place of the date it was moved from (``_series_slots``): the series goes on after that date, rather
    than bringing it back as a second meeting in the same week or month.
    """
    if not meeting_days:
        return today
    if forum.cadence is Cadence.DAILY:
        return max(today, max(meeting_days) + dt.timedelta(days=1))
    if forum.cadence in (Cadence.MONTHLY, Cadence.QUARTERLY):
        return _next_monthly(forum, meeting_days, today)
    last = max(_weekly_slot(forum, day) for day in meeting_days)
    if forum.cadence is Cadence.FORTNIGHTLY:
        day = last + dt.timedelta(days=14)
        while day < today:
            day += dt.timedelta(days=14)
        return day
    return max(today, last + dt.timedelta(days=1))


def _weekly_slot(forum: Forum, day: dt.date) -> dt.date:
    """The date of a weekly or fortnightly series that a meeting on ``day`` stands for: its own on the usual
    weekday (or when the forum has none); else the usual weekday nearest to it, at most three days away."""
    if forum.usual_weekday is None or day.weekday() == forum.usual_weekday:
        return day
    ahead = (forum.usual_weekday - day.weekday()) % 7
    return day + dt.timedelta(days=ahead if ahead <= 3 else ahead - 7)


def _nth(day: dt.date) -> int:
    """Which of its month's weekdays ``day`` is: 1 to 4, or -1 for a fifth (the series is then on the last)."""
    nth = (day.day - 1) // 7 + 1
    return -1 if nth == 5 else nth


def _next_monthly(forum: Forum, meeting_days: Sequence[dt.date], today: dt.date) -> dt.date:
    """The next date of a monthly or quarterly series, from today on: the series is the nth weekday most of its
    meetings on the usual weekday fall on (the latest one's, when as many fall on another); a meeting off it
    stands for the date of the series nearest to it."""
    step = 1 if forum.cadence is Cadence.MONTHLY else 3
    usual = sorted(d for d in meeting_days if d.weekday() == forum.usual_weekday) or sorted(meeting_days)
    counts = Counter(_nth(d) for d in usual)
    nth = max(counts, key=lambda n: (counts[n], max(d for d in usual if _nth(d) == n)))
    reference = max(d for d in usual if _nth(d) == nth)

    def series(k: int) -> dt.date:  # the k-th date of the series after (or before) the reference
        year, month = _add_months(reference.year, reference.month, step * k)
        return _nth_weekday(year, month, reference.weekday(), nth)

    def slot(day: dt.date) -> int:
        months = (day.year - reference.year) * 12 + day.month - reference.month
        near = round(months / step)
        return min((near - 1, near, near + 1), key=lambda k: (abs((series(k) - day).days), k))

    k = max(slot(day) for day in meeting_days) + 1
    while series(k) < today:
        k += 1
    return series(k)


def to_utc(local: dt.datetime, timezone: str) -> dt.datetime:
    """The UTC instant of a local wall time in ``timezone`` (for calendars and timers)."""
    from zoneinfo import ZoneInfo  # noqa: PLC0415

    return local.replace(tzinfo=ZoneInfo(timezone)).astimezone(dt.UTC)
