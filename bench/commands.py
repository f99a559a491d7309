"""Whole-process budgets of the command line, on the 10-year demo (issue 17).

1. Read-only commands (``--version``, ``--help``, ``meetings --json``, ``check``, ``backups``): at most 0.2 s each,
   from launch to exit.
2. Minutes of a 20-item meeting as PDF and as DOCX: at most a third of what LibreOffice takes to convert that
   meeting's DOCX to PDF (``soffice --headless --convert-to pdf``), alternating runs in the same loop.
3. The first PDF on a fresh machine (empty font cache): at most 3 s (the bold is cut afterwards, in the
   background; that process is stopped here so that it does not load the next measurement).
4. Peak resident memory of each command (the child's own high-water mark).

Run: ``uv run python bench/commands.py [--runs 5]``. Files go to bench/out/ (not committed).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import (
    emit,
    environment,
    run_measured,
)

FACILITATOR = [sys.executable, "-m", "facilitator"]


def _stop_background_fonts(cache: Path) -> None:
    """Stop the font-cutting process a first PDF left behind for ``cache`` (only that one: its command and its
    cache folder say it is ours)."""
    import psutil

    for process in psutil.process_iter(["cmdline"]):
        try:
            if "facilitator.exports.fonts" in (process.info["cmdline"] or []) and process.environ().get(
                "FACILITATOR_CACHE_DIR"
            ) == str(cache):
                process.kill()
                process.wait(5)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from documents import demo_with_twenty_items

    # Fonts ready, as on a machine that made a PDF before (the fresh machine is measured apart).
    db, meeting = demo_with_twenty_items("commands-bench.sqlite")
    work = Path(tempfile.mkdtemp(prefix="bench-commands-"))
    minutes = [*FACILITATOR, "minutes", "--db", str(db), "--meeting", meeting, "--audience", "partners"]
    minutes += ["--lang", "en", "--force", "--format"]
    docx = work / "minutes.docx"
    run_measured([*minutes, "docx", "--out", str(docx)])
    office = shutil.which("soffice") or shutil.which("libreoffice")
    profile = f"-env:UserInstallation=file://{work / 'office-profile'}"
    soffice = [office or "soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(work / "o")]
    soffice.append(str(docx))
    commands: dict[str, list[str]] = {
        "python": [sys.executable, "-c", "pass"],
        "version": [*FACILITATOR, "--version"],
        "help": [*FACILITATOR, "--help"],
        "meetings": [*FACILITATOR, "meetings", "--db", str(db), "--json"],
        "check": [*FACILITATOR, "check", "--db", str(db)],
        "backups": [*FACILITATOR, "backups", "--db", str(db)],
        "minutes_pdf": [*minutes, "pdf", "--out", str(work / "m.pdf")],
        "minutes_docx": [*minutes, "docx", "--out", str(work / "m.docx")],
    }
    if office is not None:
        commands["soffice"] = soffice
        run_measured(soffice)  # LibreOffice's first start makes its profile: not counted
    for argv in commands.values():  # warm the file cache for everyone
        run_measured(argv)
    times: dict[str, list[float]] = {name: [] for name in commands}
    memory: dict[str, float] = {}
    for run in range(args.runs):
        order = list(commands) if run % 2 == 0 else list(reversed(commands))  # alternating pairs
        for name in order:
            took, rss, _out = run_measured(commands[name])
            times[name].append(took * 1000)
            memory[name] = max(memory.get(name, 0.0), rss)
    first: list[float] = []
    for run in range(args.runs):
        cache = work / f"fresh-{run}"
        env = {**os.environ, "FACILITATOR_CACHE_DIR": str(cache)}
        took, _rss, said = run_measured([*minutes, "pdf", "--out", str(work / f"first-{run}.pdf")], env=env)
        _stop_background_fonts(cache)
        assert "regular weight" in said, said
        first.append(took * 1000)
        time.sleep(0.2)

    print(f"# {environment()}; whole processes, median of {args.runs} alternating runs")
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, value in medians.items():
        print(f"{name:<14} {value:7.0f} ms   peak {memory[name]:5.0f} MB")
        emit(f"cli.{name}", value)
    for name in ("meetings", "check", "minutes_pdf", "minutes_docx"):
        emit(f"rss.{name}", memory[name])
    if office is not None:
        for name in ("minutes_pdf", "minutes_docx"):
            pairs = [mine / theirs for mine, theirs in zip(times[name], times["soffice"], strict=True)]
            ratio = medians[name] / medians["soffice"]
            print(f"{name} / LibreOffice: {ratio:.2f} (pairs {min(pairs):.2f}–{max(pairs):.2f}; budget 0.33)")
            emit(f"cli.{name}_ratio", ratio)
    else:
        print("LibreOffice is not installed: the comparison was not run")
    print(f"first PDF, empty font cache: {statistics.median(first):.0f} ms (budget 3000 ms)")
    emit("cli.first_pdf", statistics.median(first))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
