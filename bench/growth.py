"""How cost grows with the partnership's age: the demo's generator for 1, 10 and 30 years (same shape, more of it).

For each: the records in the file; the window from launch to Home showing the content (whole process, with
every other screen built after it) and that process's peak resident memory; Home's content computed by the
core; every indicator over the whole life; the actions register filtered in the window (slowest rule); and
``facilitator minutes --format pdf`` of the last held meeting, whole process. The window of the 30-year
partnership must stay under 300 MB.

Run: ``uv run python bench/growth.py [--runs 5] [--rebuild]``. Files go to bench/out/ (the 1- and 30-year demos
are kept there and reused; ``--rebuild`` makes them fresh).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import sys
import tempfile
from pathlib import Path

from budgets import GROWTH, GROWTH_YEARS
from common import DEMO_10_YEARS, OUT, build_demo_file, emit, environment, median_ms, run_measured
from open_and_filter import APP, interpreter_start


def demo(years: int, rebuild: bool) -> Path:
    path = DEMO_10_YEARS if years == 10 else OUT / f"demo-{years}-years.sqlite"
    if rebuild or not path.exists() or not _meetings_in(path):  # none: a build that failed
        print(f"building the {years}-year demo… {build_demo_file(path, years):.0f} s", flush=True)
    from facilitator.storage import open_partnership

    with open_partnership(path):  # a demo built by an older version is upgraded first, as a user's file is
        pass
    return path


def _meetings_in(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        try:
            return int(conn.execute("select count(*) from meetings").fetchone()[0])
        except sqlite3.Error:
            return 0


def records(path: Path) -> int:
    """The partnership's records: rows of every kind's table (``record_fields.TABLES``), not the audit trail, the
    search index, the exchange's state or SQLite's own (counting every table counted the search index the window
    builds, and the 10-year figure jumped from 25,000 to 63,000 with no record added)."""
    from facilitator.record_fields import TABLES

    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        present = {name for (name,) in conn.execute("select name from sqlite_master where type = 'table'")}
        return sum(
            conn.execute(f'select count(*) from "{name}"').fetchone()[0] for name in TABLES.values() if name in present
        )


def core_figures(path: Path, runs: int) -> tuple[float, float, str]:
    """Home's content and every indicator, in ms; the last held meeting's id."""
    from facilitator import clock, indicators
    from facilitator.entities import Forum
    from facilitator.home import attention
    from facilitator.meetings import Meeting, MeetingStatus
    from facilitator.storage import open_partnership

    with open_partnership(path, read_only=True) as store:
        held = [m for m in store.all(Meeting) if m.status is MeetingStatus.HELD]
        last = max(held, key=lambda m: m.starts_at)
        home = median_ms(lambda: attention(store, clock.today()), runs)
        first = min(m.starts_at for m in held).date()
        whole = indicators.Period(first, last.starts_at.date())
        forums = [None, *(f.id for f in store.all(Forum))]

        def every() -> None:
            for forum_id in forums[:1]:
                indicators.meeting_counts(store, whole, forum_id)
                indicators.attendance_by_partner(store, whole, forum_id)
                indicators.attendance_trend(store, whole, forum_id, months_per_step=3)
                indicators.actions_by_partner(store, whole, forum_id)
                indicators.conflict_counts(store, whole, forum_id)
                indicators.notice_counts(store, whole, forum_id)
                indicators.escalation_counts(store, whole, forum_id)

        return home, median_ms(every, runs), last.id


def register_filter(path: Path) -> float:
    """The slowest filter rule on the actions register in the window (ms)."""
    from actions import time_register

    from facilitator.entities import Partner
    from facilitator.storage import open_partnership

    with open_partnership(path, read_only=True) as store:
        partner_ids = [p.id for p in store.all(Partner)]
    return max(ms for _label, ms, _rows in time_register(path, partner_ids))


def window(path: Path, runs: int, startup: float) -> tuple[float, float]:
    """Launch to Home with content (ms, median) and the window's peak memory (MB, every screen built)."""
    settings = Path(tempfile.mkdtemp(prefix="bench-settings-"))
    times, peaks = [], []
    for _ in range(runs):
        _took, rss, out = run_measured([sys.executable, "-c", APP, str(path), str(settings)])
        times.append((float(out.strip().splitlines()[-1].split()[1]) + startup) * 1000)
        peaks.append(rss)
    return statistics.median(times), max(peaks)


def minutes_pdf(path: Path, meeting_id: str, runs: int) -> float:
    out = Path(tempfile.mkdtemp(prefix="bench-growth-")) / "minutes.pdf"
    argv = [sys.executable, "-m", "facilitator", "minutes", "--db", str(path), "--meeting", meeting_id]
    argv += ["--audience", "partners", "--lang", "en", "--format", "pdf", "--out", str(out), "--force"]
    run_measured(argv)
    return statistics.median(run_measured(argv)[0] * 1000 for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    from facilitator.exports.fonts import ensure_fonts

    ensure_fonts()
    startup = interpreter_start(args.runs)
    table: dict[int, dict[str, float]] = {}
    for years in GROWTH_YEARS:
        path = demo(years, args.rebuild)
        home, every, meeting_id = core_figures(path, args.runs)
        opened, rss = window(path, args.runs, startup)
        table[years] = {
            "records": records(path),
            "open": opened,
            "home": home,
            "indicators": every,
            "filter": register_filter(path),
            "minutes_pdf": minutes_pdf(path, meeting_id, args.runs),
            "window_rss": rss,
        }
    print(f"# {environment()}; median of {args.runs} runs; on {dt.date.today():%Y-%m-%d}")
    print(f"{'':<52}" + "".join(f"{y:>10} y" for y in GROWTH_YEARS))
    for key, words in GROWTH.items():
        print(f"{words:<52}" + "".join(f"{table[y][key]:>12.0f}" for y in GROWTH_YEARS))
        for years in GROWTH_YEARS:
            emit(f"growth.{years}.{key}", table[years][key])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
