"""Budgets of the Minutes issue, on the 10-year demo partnership.

1. Minutes of a 20-item meeting as PDF and as DOCX: under 0.5 s each.
2. Every document language (12) for three audiences, both formats: the whole set well under what LibreOffice
   takes to convert one DOCX to PDF (the path secretariats use today), when LibreOffice is installed
   (Debian: ``apt-get install -y --no-install-recommends libreoffice-writer-nogui``).

Run: ``uv run python bench/documents.py``. Fonts are built first (once per machine), outside the timings.
"""

from __future__ import annotations

import datetime as dt
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from common import DEMO_10_YEARS, OUT, build_demo_file, emit, environment, remove_file_and_companions


def twenty_item_meeting(path: Path) -> str:
    """Add a held meeting with 20 items, notes and decisions to a copy of the demo; its id."""
    from facilitator.entities import Forum
    from facilitator.meeting_ops import (
        agenda,
        end_meeting,
        new_meeting,
        record_decision,
        save_item,
        save_notes,
        start_meeting,
    )
    from facilitator.meetings import AgendaItem, DecisionMethod
    from facilitator.storage import open_partnership

    with open_partnership(path) as store:
        forum = next(f for f in store.all(Forum) if f.cadence.value == "weekly")
        edit, meeting = new_meeting(store, forum.id, dt.datetime(2041, 3, 4, 10), timezone="Europe/London")
        edit.apply(store)
        while len(agenda(store, meeting.id)) < 20:
            n = len(agenda(store, meeting.id))
            item = AgendaItem(
                meeting_id=meeting.id, position=n, title=f"Street picture, part {n}: the underpass"
            )
            save_item(store, item).apply(store)
        start = dt.datetime(2041, 3, 4, 9, tzinfo=dt.UTC)
        start_meeting(store, meeting.id, start).apply(store)
        for item in agenda(store, meeting.id):
            save_notes(store, item.id, "Outreach met 14 people; two accepted a shelter bed. " * 3).apply(
                store
            )
            if item.title:
                record_decision(
                    store, item.id, "Agreed to continue and report back.", DecisionMethod.CONSENSUS, {}
                ).apply(store)
        end_meeting(store, meeting.id, start + dt.timedelta(hours=2)).apply(store)
        return meeting.id


def demo_with_twenty_items(name: str) -> tuple[Path, str]:
    """A copy of the 10-year demo at ``bench/out/name`` with the 20-item meeting added; its path and the
    meeting's id. The PDF fonts are made ready too (as on a machine that wrote a PDF before)."""
    from facilitator.exports.fonts import ensure_fonts

    if not DEMO_10_YEARS.exists():
        build_demo_file(DEMO_10_YEARS, 10)
    path = OUT / name
    remove_file_and_companions(path)
    shutil.copy(DEMO_10_YEARS, path)
    meeting_id = twenty_item_meeting(path)
    ensure_fonts()
    return path, meeting_id


def main() -> int:
    from facilitator.audience import Audience
    from facilitator.exports.docx_writer import docx_bytes, write_docx
    from facilitator.exports.pdf_writer import pdf_bytes
    from facilitator.i18n import DOCUMENT_LANGUAGES
    from facilitator.minutes import build_minutes
    from facilitator.storage import open_partnership

    path, meeting_id = demo_with_twenty_items("documents-bench.sqlite")
    with open_partnership(path, read_only=True) as store:
        one: dict[str, list[float]] = {"pdf": [], "docx": []}
        for _ in range(5):
            for fmt, write in (("pdf", pdf_bytes), ("docx", docx_bytes)):
                started = time.perf_counter()
                write(build_minutes(store, meeting_id, Audience.partners(), "en"))
                one[fmt].append(time.perf_counter() - started)
        started = time.perf_counter()
        count = 0
        for language in DOCUMENT_LANGUAGES:
            for audience in (Audience.public(), Audience.partners(), Audience.full()):
                model = build_minutes(store, meeting_id, audience, language)
                pdf_bytes(model)
                docx_bytes(model)
                count += 2
        whole = time.perf_counter() - started
        docx_path = Path(tempfile.mkdtemp()) / "minutes.docx"
        write_docx(build_minutes(store, meeting_id, Audience.partners(), "en"), docx_path)
    print(f"# {environment()}; a 20-item meeting on the 10-year demo; building the model included")
    for fmt, times in one.items():
        print(f"minutes as {fmt.upper():<4}: median {statistics.median(times) * 1000:.0f} ms (budget 500 ms)")
        emit(f"documents.{fmt}", statistics.median(times) * 1000)
    print(
        f"all {len(DOCUMENT_LANGUAGES)} languages x 3 audiences x 2 formats ({count} documents): {whole:.1f} s"
    )
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        print("LibreOffice is not installed: the comparison was not run")
        return 0
    started = time.perf_counter()
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(docx_path.parent), str(docx_path)],
        check=True,
        capture_output=True,
    )
    print(f"LibreOffice converting that DOCX to PDF once: {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
