"""Every document the app writes, in English, French, Arabic and Polish, from the demo partnership, into one folder.

    uv run python bench/render_documents.py [--out FOLDER] [--no-libreoffice] [--languages en,fr,ar,pl]

For the demo's last held weekly round, its next planned round, a held and a planned public meeting and a
partners-only meeting of the strategic forum: minutes and agendas for each audience that reads them, the
conflict and notice registers, a partner's promises, the year in review (partners and public), and the
leaflet of the next public meeting on every paper offered (A4, A5, large print, a folded A4 in four languages),
each as PDF and Word. Then each PDF's pages as PNG (``pdftoppm``, 50 dpi) and each Word file converted by
LibreOffice (when installed) with its pages as PNG too, so that a person can look at them all, and a summary
(``summary.txt``) of page counts, pages left more than a third empty, and anything refused. The demo is built
fresh each time on a frozen day (2026-12-07), so the set is the same from one run to the next.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from common import OUT

DAY = dt.date(2026, 12, 7)
LANGUAGES = ("en", "fr", "ar", "pl")
#: Text below this height (points from the foot of the page) is the footer.
FOOTER = 60.0


def _freeze() -> None:
    from facilitator import clock

    clock.use(clock.FrozenClock(dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.UTC)))


def _meetings(store: object) -> dict[str, str]:
    """The meetings the set is made of, by what they are."""
    from facilitator.entities import Forum, Tier
    from facilitator.meeting_ops import meetings_of
    from facilitator.meetings import MeetingKind, MeetingStatus

    forums = {f.tier: f for f in store.all(Forum)}  # type: ignore[attr-defined]
    weekly = meetings_of(store, forums[Tier.OPERATIONAL].id)  # type: ignore[arg-type]
    strategic = meetings_of(store, forums[Tier.STRATEGIC].id)  # type: ignore[arg-type]
    public = meetings_of(store, forums[Tier.PUBLIC].id)  # type: ignore[arg-type]
    held = [m for m in weekly if m.status is MeetingStatus.HELD]
    planned = [m for m in weekly if m.status is MeetingStatus.PLANNED]
    public_held = [m for m in public if m.status is MeetingStatus.HELD and m.kind is MeetingKind.PUBLIC]
    public_planned = [m for m in public if m.status is MeetingStatus.PLANNED and m.kind is MeetingKind.PUBLIC]
    strategic_held = [m for m in strategic if m.status is MeetingStatus.HELD]
    return {
        "held": held[-1].id,
        "planned": planned[0].id,
        "public-held": public_held[-1].id,
        "public-planned": public_planned[0].id,
        "partners-only": strategic_held[-1].id,
    }


def _jobs(store: object, language: str) -> list[tuple[str, Callable[[], object]]]:
    """(file name without its ending, a function building the document model) for one language."""
    from facilitator.audience import Audience
    from facilitator.entities import Partner, Sector
    from facilitator.indicators import Period
    from facilitator.minutes import build_agenda, build_minutes
    from facilitator.register_docs import conflict_register, notice_register, partner_promises
    from facilitator.year_review import year_in_review

    found = _meetings(store)
    police = next(p for p in store.all(Partner) if p.sector is Sector.POLICE)  # type: ignore[attr-defined]
    period = Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    jobs: list[tuple[str, Callable[[], object]]] = []
    for meeting, audiences in (
        ("held", ("partners", "full", "public")),
        ("partners-only", ("partners", "full")),
        ("public-held", ("public",)),
    ):
        for audience in audiences:
            who = getattr(Audience, audience)()
            jobs.append(
                (
                    f"minutes-{meeting}-{audience}",
                    lambda m=found[meeting], a=who: build_minutes(store, m, a, language),
                )
            )
    for meeting, audience in (("planned", "partners"), ("planned", "public"), ("public-planned", "public")):
        who = getattr(Audience, audience)()
        jobs.append(
            (
                f"agenda-{meeting}-{audience}",
                lambda m=found[meeting], a=who: build_agenda(store, m, a, language),
            )
        )
    jobs += [
        ("register-conflicts", lambda: conflict_register(store, Audience.partners(), language, DAY)),
        ("register-notices", lambda: notice_register(store, Audience.partners(), language, DAY)),
        ("promises-police", lambda: partner_promises(store, police.id, DAY, language)),
        ("year-in-review-partners", lambda: year_in_review(store, period, language)),
        (
            "year-in-review-public",
            lambda: year_in_review(store, period, language, audience=Audience.public()),
        ),
    ]
    return jobs


def _leaflets(store: object, language: str, folder: Path, refused: list[str]) -> list[Path]:
    from facilitator.errors import KnownError
    from facilitator.exports.leaflet_docx import leaflet_docx_bytes
    from facilitator.exports.leaflet_pdf import leaflet_pdf_bytes
    from facilitator.leaflets import Folding, PageSize, build_leaflet

    meeting = _meetings(store)["public-planned"]
    others = [code for code in ("en", "pl", "ar", "tr") if code != language][:3]
    written = []
    for name, languages, size, large, folding in (
        ("leaflet-a4", (language,), PageSize.A4, False, Folding.SET),
        ("leaflet-a5", (language,), PageSize.A5, False, Folding.SET),
        ("leaflet-a4-large", (language,), PageSize.A4, True, Folding.SET),
        ("leaflet-folded-4", (language, *others), PageSize.A4, False, Folding.FOLDED),
    ):
        model = build_leaflet(store, meeting, *languages)  # type: ignore[arg-type]
        for suffix, write in (("pdf", leaflet_pdf_bytes), ("docx", leaflet_docx_bytes)):
            target = folder / f"{name}.{suffix}"
            try:
                target.write_bytes(write(model, size, large_print=large, folding=folding))
            except KnownError as error:
                refused.append(f"{language}/{target.name}: {error}")
                continue
            written.append(target)
    return written


def _heights(page: object) -> list[float]:
    """Where a page's lines of text stand above its footer (the footer is on every page: it says nothing of
    how full the page is)."""
    found: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], *_font_and_size: object) -> None:
        y = tm[5] * cm[3] + cm[5]
        if text.strip() and y > FOOTER:
            found.append(y)

    page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return found


def _pages(pdf: Path, png_folder: Path) -> list[float]:
    """Render ``pdf``'s pages as PNG and return how much of each page's height is used (0 to 1)."""
    from pypdf import PdfReader

    png_folder.mkdir(parents=True, exist_ok=True)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(png_folder / pdf.stem)], check=True)
    used = []
    for page in PdfReader(str(pdf)).pages:
        height = float(page.mediabox.height)
        lowest = [height, *_heights(page)]
        used.append(1 - min(lowest) / height)
    return used


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT / "documents")
    parser.add_argument("--no-libreoffice", action="store_true")
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    options = parser.parse_args()
    _freeze()
    from facilitator.demo import build_demo
    from facilitator.errors import KnownError
    from facilitator.exports.docx_writer import docx_bytes
    from facilitator.exports.pdf_writer import pdf_bytes
    from facilitator.storage import open_partnership

    out: Path = options.out
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    started = time.perf_counter()
    refused: list[str] = []
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch, open_partnership(Path(scratch) / "demo.sqlite") as store:
        build_demo(store, years=1, today=DAY)
        for language in options.languages.split(","):
            folder = out / language
            folder.mkdir()
            for name, build in _jobs(store, language):
                try:
                    model = build()
                    (folder / f"{name}.pdf").write_bytes(pdf_bytes(model))  # type: ignore[arg-type]
                    (folder / f"{name}.docx").write_bytes(docx_bytes(model))  # type: ignore[arg-type]
                except KnownError as error:
                    refused.append(f"{language}/{name}: {error}")
                    continue
                written += [folder / f"{name}.pdf", folder / f"{name}.docx"]
            written += _leaflets(store, language, folder, refused)
    lines = [f"Documents from the demo of {DAY}, made in {time.perf_counter() - started:.1f} s", ""]
    office = shutil.which("soffice") and not options.no_libreoffice
    for path in sorted(written):
        pdfs = [path] if path.suffix == ".pdf" else []
        if path.suffix == ".docx" and office:
            converted = path.parent / "libreoffice"
            subprocess.run(
                ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(converted), str(path)],
                check=True,
                capture_output=True,
                timeout=300,
            )
            pdfs = [converted / f"{path.stem}.pdf"]
        for pdf in pdfs:
            used = _pages(
                pdf, path.parent / "pages" / ("libreoffice" if pdf.parent.name == "libreoffice" else "pdf")
            )
            # A page before the last that is mostly empty means a break where a reader would not expect one.
            near_empty = [n + 1 for n, share in enumerate(used[:-1]) if share < 2 / 3]
            label = str(path.relative_to(out)) + (" (LibreOffice)" if pdf != path else "")
            lines.append(
                f"{label:58} {len(used):3} pages, the last {used[-1]:4.0%} full"
                + (f"  pages more than a third empty: {near_empty}" if near_empty else "")
            )
    lines += ["", "Refused:" if refused else "Nothing was refused.", *refused]
    (out / "summary.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    print(f"\nWritten to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
