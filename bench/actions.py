"""Budgets of the Actions issue, measured on the 10-year demo partnership.

1. A planned meeting that carries 500 open actions: deriving what it carries from the registers (what every
   screen and document does while it has not started), and starting it (fixing the reviews: built and written).
2. Filtering a register of 20,000 actions in the window: one filter change (forum, partner, status, overdue,
   due this week, a search word), offscreen.

Budget: each under 100 ms. Run: ``uv run python bench/actions.py [--runs 7]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from common import DEMO_10_YEARS, OUT, build_demo_file, emit, environment, remove_file_and_companions


def _copy_demo() -> Path:
    if not DEMO_10_YEARS.exists():
        build_demo_file(DEMO_10_YEARS, 10)
    target = OUT / "actions-bench.sqlite"
    remove_file_and_companions(target)
    shutil.copy(DEMO_10_YEARS, target)
    return target


def _add_actions(path: Path, total: int, open_in_forum: int) -> tuple[str, list[str]]:
    from facilitator.actions import Action, ActionStatus
    from facilitator.entities import Forum, Partner
    from facilitator.storage import open_partnership

    rng = random.Random(4)
    with open_partnership(path) as store:
        forums = store.all(Forum)
        weekly = next(f for f in forums if f.cadence.value == "weekly")
        partners = store.all(Partner)
        words = [
            "patrols",
            "shelter beds",
            "needle bins",
            "outreach hours",
            "CCTV",
            "lighting",
            "leaflet",
            "referrals",
        ]
        with store.atomic():
            others = [f for f in forums if f.id != weekly.id]
            for i in range(total):
                # Exactly ``open_in_forum`` open actions in the weekly forum; the rest are elsewhere or closed.
                if i < open_in_forum:
                    forum, status = weekly, ActionStatus.OPEN
                elif i % 2:
                    forum, status = weekly, rng.choice([ActionStatus.DONE, ActionStatus.DROPPED])
                else:
                    forum, status = rng.choice(others), rng.choice(list(ActionStatus))
                store.put(
                    Action(
                        forum_id=forum.id,
                        title=f"{rng.choice(words).capitalize()} at the station, #{i}",
                        owner_partner_id=rng.choice(partners).id,
                        due=dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(3650)),
                        status=status,
                    )
                )
        return weekly.id, [p.id for p in partners]


def time_carrying(path: Path, forum_id: str, runs: int) -> tuple[float, float, int]:
    """Milliseconds to derive what a planned meeting carries, and to start it (its reviews built and written)."""
    from facilitator.actions import ActionReview
    from facilitator.carried import carried
    from facilitator.meeting_ops import new_meeting, start_meeting
    from facilitator.storage import open_partnership

    derive, start = [], []
    count = 0
    with open_partnership(path) as store:
        for n in range(runs):
            when = dt.datetime(2040, 1, 1, 10) + dt.timedelta(days=7 * n)
            edit, meeting = new_meeting(store, forum_id, when, timezone="Europe/London")
            edit.apply(store)
            started = time.perf_counter()
            carried(store, meeting, dt.date(2040, 1, 1))
            derived = time.perf_counter()
            start_meeting(store, meeting.id).apply(store)
            done = time.perf_counter()
            derive.append((derived - started) * 1000)
            start.append((done - derived) * 1000)
            count = len(store.where(ActionReview, {"meeting_id": meeting.id}))
    return statistics.median(derive), statistics.median(start), count


def time_register(path: Path, partner_ids: list[str]) -> list[tuple[str, float, int]]:
    """Milliseconds per filter change on the actions register in the window."""
    from facilitator.actions import ActionFilter, ActionStatus
    from facilitator.ui.app import build_main_window, create_application
    from facilitator.ui.settings import Settings

    app = create_application()
    window = build_main_window(Settings(Path(tempfile.mkdtemp(prefix="bench-settings-"))), path, "en")
    window.show()
    window.navigation.setCurrentRow(
        [name for name, *_ in __import__("facilitator.ui.main_window").ui.main_window.SCREENS].index(
            "actions"
        )
    )
    app.processEvents()
    screen = window.screens["actions"]
    today = dt.date(2026, 6, 1)
    rules = [
        ("everything", ActionFilter()),
        ("one partner", ActionFilter(partner_id=partner_ids[0])),
        (
            "open and in progress",
            ActionFilter(statuses=frozenset({ActionStatus.OPEN, ActionStatus.IN_PROGRESS})),
        ),
        ("overdue", ActionFilter(overdue_only=True)),
        ("due this week", ActionFilter(due_within_days=7)),
        ("search 'shelter'", ActionFilter(text="shelter")),
        ("search 'shelter beds 12'", ActionFilter(text="shelter beds 12")),
        ("everything again", ActionFilter()),
    ]
    figures = []
    for label, rule in rules:
        started = time.perf_counter()
        screen.proxy.set_rule(rule, today)
        app.processEvents()
        figures.append((label, (time.perf_counter() - started) * 1000, screen.proxy.rowCount()))
    shown = screen.model.rowCount() if hasattr(screen, "model") else screen.proxy.sourceModel().rowCount()
    window.close()
    figures.append(("rows in the register", 0.0, shown))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    path = _copy_demo()
    forum_id, partner_ids = _add_actions(path, 20_000, 500)
    derive, start, carried = time_carrying(path, forum_id, args.runs)
    print(
        f"# {environment()}; 10-year demo plus 20,000 actions (500 open in the weekly forum); median of {args.runs}"
    )
    print(
        f"planned meeting carrying {carried} open actions: derived in {derive:.0f} ms, started (reviews fixed "
        f"and written) in {start:.0f} ms (budget 100 ms each)"
    )
    emit("actions.derive", derive)
    emit("actions.start", start)
    register = time_register(path, partner_ids)
    emit("actions.filter", max(ms for _label, ms, _rows in register))
    for label, ms, rows in register:
        if ms:
            print(f"register filter, {label:<28} {ms:7.1f} ms  ({rows} rows; budget 100 ms)")
        else:
            print(f"{label}: {rows}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
