"""Measure the Meetings budgets on the 10-year demo partnership.

A meeting with 30 agenda items and 40 people on its roll is added to a copy of the 10-year demo (about 700
meetings, 8,000 agenda items, 6,500 roll lines). Then, median of several runs:

1. the core loading that meeting as the screens do: its agenda, its roll, every partner's standing with the
   quorum (``meeting_standings``) and the chair's live state (``live_state``); budget under 100 ms;
2. if the window's Meetings screen exists, opening that meeting in it (offscreen, painted), and switching
   between it and another meeting, on each tab (agenda, attendance, live); budget under 100 ms each.

Run: ``uv run python bench/meetings.py [--runs 15] [--rebuild]``. Files go to bench/out/ (not committed).
The 10-year demo is reused when bench/out/demo-10-years.sqlite already holds meetings (``--rebuild`` makes it
fresh, as bench/open_and_filter.py does).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import math
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from common import DEMO_10_YEARS, OUT, build_demo_file, emit, environment, remove_file_and_companions

BUDGET_MS = 100.0
ITEMS, ATTENDEES = 30, 40


def _holds_meetings(path: Path) -> bool:
    """Whether ``path`` is a partnership file of this version that holds meetings."""
    from facilitator.errors import KnownError
    from facilitator.meetings import Meeting
    from facilitator.storage import open_partnership

    if not path.exists():
        return False
    try:
        with open_partnership(path, read_only=True) as store:
            return len(store.where(Meeting, {})) > 500
    except KnownError:  # an older file (no meetings table yet) or a damaged one: build a fresh one
        return False


def demo_file(rebuild: bool) -> tuple[Path, float | None]:
    """The 10-year demo file, built unless a usable one is there; and the seconds building took."""
    if not rebuild and _holds_meetings(DEMO_10_YEARS):
        return DEMO_10_YEARS, None
    return DEMO_10_YEARS, build_demo_file(DEMO_10_YEARS, 10)


def add_big_meeting(path: Path) -> tuple[str, str, str]:
    """Add tomorrow's extraordinary strategic round with 30 items and 40 on the roll, under way at item 6.

    Returns its id, the id of another meeting of the same forum with a full record (the last one held), and
    that of the last meeting held by the street round (another forum).
    """
    from facilitator.entities import Forum, Representative, Tier
    from facilitator.meeting_ops import (
        agenda,
        ask_to_speak,
        meetings_of,
        new_meeting,
        record_decision,
        roll,
        save_item,
        set_attendance,
        start_item,
        start_meeting,
    )
    from facilitator.meetings import (
        AgendaItem,
        Attendance,
        AttendeeRole,
        Confidentiality,
        DecisionMethod,
        ItemKind,
        MeetingKind,
        MeetingStatus,
        Presence,
        Stance,
    )
    from facilitator.operations import members
    from facilitator.planning import to_utc
    from facilitator.storage import open_partnership

    with open_partnership(path) as store:
        forum = next(f for f in store.all(Forum) if f.tier is Tier.STRATEGIC)
        held = [m for m in meetings_of(store, forum.id) if m.status is MeetingStatus.HELD][-1]
        weekly = next(f for f in store.all(Forum) if f.tier is Tier.OPERATIONAL)
        elsewhere = [m for m in meetings_of(store, weekly.id) if m.status is MeetingStatus.HELD][-1]
        starts = dt.datetime.combine(dt.date.today() + dt.timedelta(days=1), dt.time(14, 0))
        edit, meeting = new_meeting(
            store,
            forum.id,
            starts,
            timezone="Europe/London",
            kind=MeetingKind.EXTRAORDINARY,
            duration_minutes=300,
        )
        edit.apply(store)
        partners = [p for p, _seat in members(store, forum.id)]
        kinds = (ItemKind.DISCUSSION, ItemKind.INFORMATION, ItemKind.DECISION)
        number = len(agenda(store, meeting.id))
        while number < ITEMS:
            restricted = number % 9 == 0
            item = AgendaItem(
                meeting_id=meeting.id,
                position=number,
                title=f"Item {number + 1}: the underpass, the shelter and the station, part {number}",
                kind=kinds[number % 3],
                minutes_allowed=8,
                presenter_partner_id=partners[number % len(partners)].id,
                confidentiality=Confidentiality.RESTRICTED if restricted else Confidentiality.PARTNERS,
                restricted_to=(partners[0].id,) if restricted else (),
            )
            save_item(store, item).apply(store)
            number += 1
        on_roll = {line.representative_id for line in roll(store, meeting.id)}
        for line in roll(store, meeting.id):
            set_attendance(store, replace(line, presence=Presence.PRESENT)).apply(store)
        seated = {p.id for p in partners}
        for person in store.all(Representative):
            if len(roll(store, meeting.id)) >= ATTENDEES:
                break
            if person.id not in on_roll and person.partner_id in seated:
                line = Attendance(
                    meeting_id=meeting.id,
                    partner_id=person.partner_id,
                    representative_id=person.id,
                    presence=Presence.PRESENT,
                )
                set_attendance(store, line).apply(store)
        guest = 0
        while len(roll(store, meeting.id)) < ATTENDEES:
            guest += 1
            line = Attendance(
                meeting_id=meeting.id,
                guest_name=f"Guest {guest}",
                guest_organisation="Neighbouring partnership",
                role=AttendeeRole.OBSERVER if guest % 2 else AttendeeRole.GUEST,
                presence=Presence.PRESENT,
            )
            set_attendance(store, line).apply(store)
        moment = to_utc(starts, "Europe/London")
        start_meeting(store, meeting.id, now=moment).apply(store)
        items = agenda(store, meeting.id)
        for step, item in enumerate(items[:6]):
            start_item(store, item.id, now=moment + dt.timedelta(minutes=8 * step)).apply(store)
        decided = items[4]
        positions = {p.id: (Stance.AGREE, "") for p in partners}
        record_decision(store, decided.id, "Agreed as proposed.", DecisionMethod.CONSENSUS, positions).apply(
            store
        )
        for offset, partner in enumerate(partners[:4]):
            when = moment + dt.timedelta(minutes=41 + offset)
            ask_to_speak(store, items[5].id, partner.id, now=when).apply(store)
        assert len(agenda(store, meeting.id)) == ITEMS and len(roll(store, meeting.id)) == ATTENDEES
        return meeting.id, held.id, elsewhere.id


def median_ms(work: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and worst milliseconds of ``work`` over ``runs`` runs (after one warm-up run)."""
    work()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), max(samples)


def time_core(path: Path, meeting_id: str, runs: int) -> list[tuple[str, float, float]]:
    """The core's loading of the meeting, part by part and as a whole."""
    from facilitator.live import live_state
    from facilitator.meeting_ops import agenda, roll
    from facilitator.meetings import Meeting
    from facilitator.quorum import meeting_standings
    from facilitator.storage import open_partnership

    now = dt.datetime.now(dt.UTC)
    with open_partnership(path, read_only=True) as store:
        meeting = store.get(Meeting, meeting_id)

        def everything() -> None:
            agenda(store, meeting_id)
            roll(store, meeting_id)
            meeting_standings(store, store.get(Meeting, meeting_id))
            live_state(store, meeting_id, now)

        rows = [
            ("core: agenda (30 items)", *median_ms(lambda: agenda(store, meeting_id), runs)),
            ("core: roll (40 lines)", *median_ms(lambda: roll(store, meeting_id), runs)),
            ("core: meeting_standings + quorum", *median_ms(lambda: meeting_standings(store, meeting), runs)),
            ("core: live_state", *median_ms(lambda: live_state(store, meeting_id, now), runs)),
            ("core: all four (opening a meeting)", *median_ms(everything, runs)),
        ]
    return rows


def _quiet(_kind: object, _context: object, message: str) -> None:
    """Qt's messages, less the offscreen platform's note on every top-level window."""
    if "propagateSizeHints" not in message:
        print(message)


def _switcher(show: Callable[[str], None], first: str, second: str) -> Callable[[], None]:
    """A function that shows ``second`` when ``first`` is on show, and the other way round."""
    shown = [first]

    def switch() -> None:
        target = second if shown[-1] == first else first
        show(target)
        shown.append(target)

    return switch


def time_window(
    path: Path, big_id: str, other_id: str, elsewhere_id: str, runs: int
) -> list[tuple[str, float, float]]:
    """Opening the meeting in the Meetings screen, and switching between it and another, tab by tab."""
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from facilitator.ui.app import build_main_window, create_application
    from facilitator.ui.main_window import SCREENS
    from facilitator.ui.settings import Settings

    app = create_application()
    qInstallMessageHandler(_quiet)
    settings = Path(tempfile.mkdtemp(prefix="bench-settings-"))
    window = build_main_window(Settings(settings), path, "en")
    window.resize(1400, 900)
    window.show()
    window.navigation.setCurrentRow([name for name, *_rest in SCREENS].index("meetings"))
    app.processEvents()
    screen = window.screens["meetings"]

    def show(meeting_id: str) -> None:
        screen.show_meeting(meeting_id)
        app.processEvents()

    rows = []
    show(elsewhere_id)
    started = time.perf_counter()
    show(big_id)
    rows.append(
        ("window: open it, coming from another forum", (time.perf_counter() - started) * 1000, float("nan"))
    )
    tabs = getattr(screen, "tabs", None)
    count = tabs.count() if tabs is not None else 1
    for index in range(count):
        if tabs is not None:
            tabs.setCurrentIndex(index)
            app.processEvents()
        name = tabs.tabText(index).replace("&", "") if tabs is not None else "screen"
        switch = _switcher(show, big_id, other_id)
        rows.append((f"window: switch meetings, {name} tab", *median_ms(switch, runs)))
        rows.append(
            (
                f"window: switch forum and meeting, {name} tab",
                *median_ms(_switcher(show, big_id, elsewhere_id), runs),
            )
        )
    window.close()
    QApplication.processEvents()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--rebuild", action="store_true", help="build the 10-year demo fresh")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    demo, built_in = demo_file(args.rebuild)
    work = OUT / "meetings-bench.sqlite"
    remove_file_and_companions(work)
    shutil.copyfile(demo, work)
    big_id, other_id, elsewhere_id = add_big_meeting(work)

    rows = time_core(work, big_id, args.runs)
    if importlib.util.find_spec("facilitator.ui.meetings_screen") is not None:
        rows += time_window(work, big_id, other_id, elsewhere_id, args.runs)
    else:
        print("facilitator.ui.meetings_screen is not there yet: the window is not measured")

    print(f"# {environment()}; median of {args.runs} runs (worst in brackets), offscreen")
    if built_in is not None:
        print(f"# 10-year demo built in {built_in:.1f} s")
    width = max(len(label) for label, *_r in rows)
    for label, median, worst in rows:
        verdict = "ok" if median < BUDGET_MS else "OVER BUDGET"
        extra = "" if math.isnan(worst) else f" (worst {worst:6.1f})"  # NaN: measured once
        print(f"{label:<{width}}  {median:7.1f} ms{extra:<17}  budget {BUDGET_MS:.0f} ms: {verdict}")
    emit("meetings.core", max(median for label, median, _w in rows if not label.startswith("window")))
    window_rows = [median for label, median, _w in rows if label.startswith("window")]
    if window_rows:
        emit("meetings.window", max(window_rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
