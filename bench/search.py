"""Measure search on the 30-year partnership: each keystroke of a word typed, as the search box asks.

1. Building: the 30-year demo, then the whole index built again (what opening a file without one costs), and the
   thorough check of the index (FTS5's integrity check).
2. Typing: every prefix of each query (``u``, ``un``, ``und``...), each asked the way the window asks it (a fresh
   ``find`` on the file, grouped by kind, newest first, at most 30 shown per kind). Budget: under 50 ms per
   keystroke, the slowest keystroke counted (median and 95th percentile printed too).
3. Editing: one edit (an item's notes) with the index kept current in the same transaction.

Run: ``uv run python bench/search.py [--years 30] [--runs 3]``. Files go to bench/out/ (not committed).
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace

from common import OUT, build_demo_file, environment

QUERIES = (
    "underpass lighting",
    "needle",
    "police",
    "Łódź",
    "outreach van",
    "shelter places",
    "naloxone",
    "zz",
)
BUDGET_MS = 50.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="reuse the demo file if it exists")
    options = parser.parse_args()

    from facilitator.meeting_ops import save_notes
    from facilitator.meetings import AgendaItem
    from facilitator.storage import open_partnership
    from facilitator.storage.search_index import ENTRIES, build_apart, find, is_sound, rebuild

    path = OUT / f"demo-{options.years}-years.sqlite"
    print(environment())
    if not (options.keep and path.exists()):
        seconds = build_demo_file(path, options.years)
        print(f"demo of {options.years} years built in {seconds:.1f} s ({path.stat().st_size / 1e6:.1f} MB)")
    with open_partnership(path) as store:
        entries = store.db.execute(f"select count(*) from {ENTRIES}").fetchone()[0]
        started = time.perf_counter()
        rebuild(store)
        print(f"index of {entries} entries built again in {time.perf_counter() - started:.2f} s")
        # What the window does instead (the index built by a job beside it): marked, then built apart.
        with store.db.atomic():
            store.db.execute("update search_state set value = '' where key = 'version'")
        started = time.perf_counter()
        build_apart(path, lambda _done: None)
        print(f"index built beside the window (build_apart) in {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        sound = is_sound(store.db)
        print(f"thorough check of the index: {sound}, {1000 * (time.perf_counter() - started):.0f} ms")

        timings: list[float] = []
        slowest = (0.0, "")
        for _run in range(options.runs):
            for query in QUERIES:
                for end in range(1, len(query) + 1):
                    typed = query[:end]
                    started = time.perf_counter()
                    groups = find(store, typed)
                    spent = 1000 * (time.perf_counter() - started)
                    timings.append(spent)
                    if spent > slowest[0]:
                        found = sum(len(g.hits) + g.more for g in groups)
                        slowest = (spent, f"{typed!r} ({found} records)")
        timings.sort()
        p95 = timings[int(0.95 * (len(timings) - 1))]
        print(
            f"{len(timings)} keystrokes: median {statistics.median(timings):.1f} ms, 95th percentile {p95:.1f} ms, "
            f"slowest {slowest[0]:.1f} ms for {slowest[1]}"
        )
        print(f"budget {BUDGET_MS:.0f} ms per keystroke: {'met' if slowest[0] < BUDGET_MS else 'NOT MET'}")

        item = store.all(AgendaItem)[-1]
        started = time.perf_counter()
        save_notes(store, item.id, item.notes + " Underpass lighting checked again.").apply(store)
        print(f"one edit with the index kept current: {1000 * (time.perf_counter() - started):.1f} ms")
        save_notes(store, item.id, replace(item).notes).apply(store)


if __name__ == "__main__":
    main()
