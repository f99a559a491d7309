"""The one clock the whole application reads: the window, the command line and the core.

Nothing else in the application asks the operating system for the date or the time. The command line and the
window run on ``SystemClock``; tests install a ``FrozenClock`` (one fixture in ``tests/conftest.py``) and move it
on explicitly, so that no test depends on the day it runs, and a test can stand just before midnight, a change
of daylight-saving time, the end of a month or the 29th of February.

Like the language of the window (``facilitator.i18n``), the clock is process-wide: it is a fact about the
process, not about one partnership, and every record stamped in one process must agree on it.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Protocol


class Clock(Protocol):
    """A source of the current moment."""

    def now(self) -> dt.datetime:
        """The current instant, aware, in UTC."""
        ...

    def local_zone(self) -> dt.tzinfo:
        """The zone of the machine's own wall clock (what "today" means to the person at the laptop)."""
        ...

    def zone_name(self) -> str | None:
        """The IANA name of that zone when the clock knows it (the window asks the system otherwise)."""
        ...


class SystemClock:
    """The operating system's clock and time zone."""

    def now(self) -> dt.datetime:
        """The current instant, aware, in UTC."""
        return dt.datetime.now(dt.UTC)

    def local_zone(self) -> dt.tzinfo:
        """The machine's local zone, as the operating system reports it now."""
        zone = dt.datetime.now(dt.UTC).astimezone().tzinfo
        return zone if zone is not None else dt.UTC

    def zone_name(self) -> str | None:
        """None: the operating system is asked by whoever needs the name."""
        return None


class FrozenClock:
    """A clock that stands still until it is moved: for tests, and for reproducible demos."""

    def __init__(self, instant: dt.datetime, zone: str = "Europe/London") -> None:
        from zoneinfo import ZoneInfo  # noqa: PLC0415 - the zone database loads when a zone is named

        self._zone_name = zone
        self._zone = ZoneInfo(zone)
        self._now = _aware(instant, self._zone)

    def now(self) -> dt.datetime:
        """The instant the clock stands at, in UTC."""
        return self._now

    def local_zone(self) -> dt.tzinfo:
        """The zone this clock's "today" is read in."""
        return self._zone

    def zone_name(self) -> str | None:
        """The IANA name of the clock's zone."""
        return self._zone_name

    def set(self, instant: dt.datetime) -> None:
        """Stand at ``instant`` (a naive value is wall time in the clock's zone)."""
        self._now = _aware(instant, self._zone)

    def advance(self, delta: dt.timedelta | None = None, **parts: float) -> None:
        """Move on by ``delta`` (or by ``days=``, ``hours=``, ``minutes=``, ``seconds=``)."""
        self._now = self._now + (delta if delta is not None else dt.timedelta(**parts))


def _aware(instant: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=zone)
    return instant.astimezone(dt.UTC)


#: ``FACILITATOR_NOW="2026-12-07T09:30 Europe/London"`` starts a process on a frozen clock: test suites hand it
#: to the processes they start, and screenshots and demos can be made for a chosen day.
ENVIRONMENT_VARIABLE = "FACILITATOR_NOW"


def _from_environment() -> Clock:
    frozen = os.environ.get(ENVIRONMENT_VARIABLE, "").strip()
    if not frozen:
        return SystemClock()
    when, _space, zone = frozen.partition(" ")
    return FrozenClock(dt.datetime.fromisoformat(when), zone.strip() or "UTC")


_clock: Clock = _from_environment()


def use(clock: Clock) -> Clock:
    """Make ``clock`` the application's clock; returns the one it replaces (to put it back)."""
    global _clock
    previous, _clock = _clock, clock
    return previous


def current() -> Clock:
    """The clock in use."""
    return _clock


def now() -> dt.datetime:
    """The current instant in UTC, to the second (what records and the live timer are stamped with)."""
    return _clock.now().astimezone(dt.UTC).replace(microsecond=0)


def now_precise() -> dt.datetime:
    """The current instant in UTC with its microseconds (the audit trail orders changes by it)."""
    return _clock.now().astimezone(dt.UTC)


def today() -> dt.date:
    """Today's date on the laptop's own wall clock."""
    return _clock.now().astimezone(_clock.local_zone()).date()


def local_now(zone: str | None = None) -> dt.datetime:
    """The wall-clock time now, naive: in the IANA ``zone`` (a meeting's), or on the laptop when None."""
    from zoneinfo import ZoneInfo  # noqa: PLC0415 - the zone database loads when a zone is named

    tz: dt.tzinfo = ZoneInfo(zone) if zone else _clock.local_zone()
    return _clock.now().astimezone(tz).replace(tzinfo=None, microsecond=0)


def today_in(zone: str) -> dt.date:
    """Today's date in the IANA ``zone`` (a meeting's own)."""
    return local_now(zone).date()
