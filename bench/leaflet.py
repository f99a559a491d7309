"""Measure one leaflet: the demo's public meeting, built and laid out as a one-page PDF (budget 0.5 s).

The fonts are cached first (``ensure_fonts``: the bold instances are cut once per machine), as they are after
the first export in the window. Then, median of several runs, from the open partnership file to the PDF's
bytes: ``build_leaflet`` (the record, translations, public items and actions) and ``leaflet_pdf_bytes`` (layout,
measuring, shaping), for English, Arabic, English beside Arabic, and English in large print, plus the DOCX.

Run: ``uv run python bench/leaflet.py [--runs 15]``. The demo file goes to bench/out/ (not committed).
"""

from __future__ import annotations

import argparse
import statistics
import time

from common import OUT, emit, environment, remove_file_and_companions

BUDGET_S = 0.5
CASES = (("en", None, False), ("ar", None, False), ("en", "ar", False), ("en", None, True))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    options = parser.parse_args()

    import facilitator.records  # noqa: F401 - the record kinds, as the app registers them
    from facilitator.demo import build_demo
    from facilitator.demo.leaflet import add_demo_leaflet
    from facilitator.exports.fonts import ensure_fonts
    from facilitator.exports.leaflet_docx import leaflet_docx_bytes
    from facilitator.exports.leaflet_pdf import leaflet_pdf_bytes
    from facilitator.leaflets import PageSize, build_leaflet
    from facilitator.meetings import Meeting, MeetingKind, MeetingStatus
    from facilitator.storage import open_partnership

    path = OUT / "leaflet-bench.sqlite"
    remove_file_and_companions(path)
    OUT.mkdir(parents=True, exist_ok=True)
    with open_partnership(path) as store:
        build_demo(store)
        meeting = min(
            (
                m
                for m in store.all(Meeting)
                if m.kind is MeetingKind.PUBLIC and m.status is MeetingStatus.PLANNED
            ),
            key=lambda m: m.starts_at,
        )
        add_demo_leaflet(store, meeting.id)
    started = time.perf_counter()
    ensure_fonts()
    print(f"{environment()}; fonts ready in {time.perf_counter() - started:.2f} s")
    worst = 0.0
    with open_partnership(path, read_only=True) as store:
        for language, second, large in CASES:
            times = []
            for _run in range(options.runs):
                began = time.perf_counter()
                model = build_leaflet(store, meeting.id, language, second)
                leaflet_pdf_bytes(model, PageSize.A4, large_print=large)
                times.append(time.perf_counter() - began)
            median = statistics.median(times)
            worst = max(worst, median)
            name = f"{language}{'+' + second if second else ''}{' large print' if large else ''}"
            print(f"PDF  {name:<22} median {median * 1000:6.1f} ms  max {max(times) * 1000:6.1f} ms")
        times = []
        for _run in range(options.runs):
            began = time.perf_counter()
            leaflet_docx_bytes(build_leaflet(store, meeting.id, "en", "ar"))
            times.append(time.perf_counter() - began)
        print(f"DOCX en+ar                   median {statistics.median(times) * 1000:6.1f} ms")
    verdict = "within" if worst < BUDGET_S else "OVER"
    emit("leaflet.pdf", worst * 1000)
    print(f"slowest PDF {worst * 1000:.1f} ms: {verdict} the budget of {BUDGET_S * 1000:.0f} ms")
    return 0 if worst < BUDGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
