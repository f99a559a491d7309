"""Measure the Indicators budgets on ten years of the demo partnership.

1. Every indicator (meetings, attendance by partner, attendance trend by quarter, actions, conflicts, notices,
   escalations) over the whole ten years, for the partnership and for each forum; budget under 300 ms.
2. The year in review of the last full year: the document model built from the file, then written as PDF and as
   DOCX; budget under 2 s each (the PDF's fonts are built once per machine beforehand and not counted).

Run: ``uv run python bench/indicators.py [--runs 5] [--rebuild]``. Files go to bench/out/ (not committed); the
ten-year demo is kept as bench/out/indicators-10-years.sqlite and reused while it can be read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

from common import OUT, build_demo_file, emit, environment
from common import median_ms as _median_ms

INDICATORS_BUDGET_MS = 300.0
REPORT_BUDGET_MS = 2000.0
DEMO = OUT / "indicators-10-years.sqlite"


def _usable(path: Path) -> bool:
    from facilitator.errors import KnownError
    from facilitator.meetings import Meeting
    from facilitator.storage import open_partnership

    if not path.exists():
        return False
    try:
        with open_partnership(path, read_only=True) as store:
            return len(store.all(Meeting)) > 500
    except KnownError:  # made by an older version, or damaged: build it again
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    options = parser.parse_args()

    from facilitator import indicators
    from facilitator.entities import Forum
    from facilitator.exports.docx_writer import docx_bytes
    from facilitator.exports.fonts import ensure_fonts
    from facilitator.exports.pdf_writer import pdf_bytes
    from facilitator.meetings import Meeting
    from facilitator.storage import open_partnership
    from facilitator.year_review import year_in_review

    print(f"Indicators bench · {environment()}")
    if options.rebuild or not _usable(DEMO):
        print(f"building the ten-year demo in {DEMO} … {build_demo_file(DEMO, 10):.1f} s")
    ensure_fonts()
    failures = 0
    with open_partnership(DEMO, read_only=True) as store:
        meetings = store.all(Meeting)
        first = min(m.starts_at.date() for m in meetings)
        last = max(m.starts_at.date() for m in meetings)
        whole = indicators.Period(first, last)
        forums: list[str | None] = [None, *(f.id for f in store.all(Forum))]
        print(f"{len(meetings)} meetings from {first} to {last}, {len(forums) - 1} forums")

        def every_indicator(forum_id: str | None) -> Callable[[], object]:
            def work() -> object:
                return (
                    indicators.meeting_counts(store, whole, forum_id),
                    indicators.attendance_by_partner(store, whole, forum_id),
                    indicators.attendance_trend(store, whole, forum_id, months_per_step=3),
                    indicators.actions_by_partner(store, whole, forum_id),
                    indicators.conflict_counts(store, whole, forum_id),
                    indicators.notice_counts(store, whole, forum_id),
                    indicators.escalation_counts(store, whole, forum_id),
                )

            return work

        names = {f.id: f.name for f in store.all(Forum)}
        for forum_id in forums:
            took = _median_ms(every_indicator(forum_id), options.runs)
            ok = took < INDICATORS_BUDGET_MS
            failures += not ok
            label = names.get(forum_id or "", "the whole partnership")
            print(f"every indicator, ten years, {label}: {took:.0f} ms {'ok' if ok else 'OVER BUDGET'}")
            if forum_id is None:
                emit("indicators.all", took)
        for name in ("meeting_counts", "attendance_by_partner", "attendance_trend", "actions_by_partner"):
            function = getattr(indicators, name)
            took = _median_ms(lambda f=function: f(store, whole, None), max(1, options.runs // 2))
            print(f"  {name}: {took:.0f} ms")

        year = last.year - 1 if last.month < 12 else last.year
        period = indicators.Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
        built = _median_ms(lambda: year_in_review(store, period, "en"), options.runs)
        model = year_in_review(store, period, "en")
    pdf = _median_ms(lambda: pdf_bytes(model), options.runs)
    word = _median_ms(lambda: docx_bytes(model), options.runs)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "review.pdf").write_bytes(pdf_bytes(model))
    for label, took in (("PDF", built + pdf), ("DOCX", built + word)):
        ok = took < REPORT_BUDGET_MS
        emit(f"indicators.review_{label.lower()}", took)
        failures += not ok
        print(
            f"year in review {year} as {label}: {took:.0f} ms (model {built:.0f} ms + writing "
            f"{(pdf if label == 'PDF' else word):.0f} ms) {'ok' if ok else 'OVER BUDGET'}"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
