"""Measure every budget in bench/ and check it: ``uv run python bench/run_all.py [--runs 5] [--write-readme]``.

Runs each script that ``budgets.BUDGETS`` names (each in its own process), reads the measurements they report
(``common.emit``), prints every one against its budget with the machine it was measured on, and exits 1 when
one is over its budget (or was not measured). ``--write-readme`` puts the same table, and the growth table
(``bench/growth.py``), into the README's performance section; ``tests/test_bench_budgets.py`` fails when that
table and ``budgets.BUDGETS`` disagree. ``--only SCRIPT`` runs one script; its figures replace that script's in
the last run's (kept in bench/out/last-run.json), and ``--write-readme`` then writes the tables from both.
When ``growth.py`` gives no figures (it failed, or ``--only`` ran another script and no earlier run had them), the
README's growth table is left as it was, never replaced by dashes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from budgets import BUDGETS, GROWTH, GROWTH_YEARS, Budget
from common import environment

HERE = Path(__file__).resolve().parent
README = HERE.parent / "README.md"
TABLE_START, TABLE_END = "<!-- bench:table -->", "<!-- /bench:table -->"
GROWTH_START, GROWTH_END = "<!-- bench:growth -->", "<!-- /bench:growth -->"
SCRIPTS = list(dict.fromkeys(b.script for b in BUDGETS))
LAST_RUN = HERE / "out" / "last-run.json"


def run_script(script: str, runs: int | None) -> tuple[dict[str, float], float]:
    """The measurements ``script`` reports, and the seconds it ran; its own output is shown as it goes."""
    argv = [sys.executable, str(HERE / script)]
    if runs is not None:
        argv += ["--runs", str(runs)]
    print(f"\n== {script}", flush=True)
    started = time.perf_counter()
    child = subprocess.Popen(argv, cwd=HERE, stdout=subprocess.PIPE, text=True)
    found: dict[str, float] = {}
    assert child.stdout is not None
    for line in child.stdout:
        if line.startswith("BENCH "):
            record = json.loads(line[6:])
            found[record["key"]] = float(record["value"])
        else:
            print("   " + line.rstrip(), flush=True)
    child.wait()
    if child.returncode not in (0, 1):  # 1: the script's own verdict "over budget"; judged here again
        print(f"   {script} failed with exit code {child.returncode}")
    return found, time.perf_counter() - started


def machine() -> str:
    """The machine's words for the README: cores, Python, system, and how loaded it was."""
    load = ""
    if hasattr(os, "getloadavg"):
        load = f", load average {os.getloadavg()[0]:.1f} at the end"
    return f"{environment()}, {platform.system()} {platform.machine()}{load}"


def budget_rows(measured: dict[str, float]) -> tuple[list[tuple[Budget, str, str]], list[str]]:
    """Each budget with its measured text and verdict; and the keys over budget or not measured."""
    rows, failed = [], []
    for budget in BUDGETS:
        if budget.key not in measured:
            rows.append((budget, "not measured", "MISSING"))
            failed.append(budget.key)
            continue
        value = measured[budget.key]
        verdict = "OVER" if budget.over(value) else ("ok" if budget.limit is not None else "")
        if verdict == "OVER":
            failed.append(budget.key)
        rows.append((budget, budget.value_text(value), verdict))
    return rows, failed


def table(rows: list[tuple[Budget, str, str]]) -> str:
    lines = ["| what | measured | budget | script |", "|---|---|---|---|"]
    for budget, value, verdict in rows:
        shown = f"**{value} (over)**" if verdict == "OVER" else value
        lines.append(f"| {budget.what} | {shown} | {budget.budget_text()} | `bench/{budget.script}` |")
    return "\n".join(lines)


def growth_table(measured: dict[str, float]) -> str:
    lines = ["| " + " | ".join(["", *(f"{y} year{'s' if y > 1 else ''}" for y in GROWTH_YEARS)]) + " |"]
    lines.append("|---" * (len(GROWTH_YEARS) + 1) + "|")
    for key, words in GROWTH.items():
        cells = []
        for years in GROWTH_YEARS:
            value = measured.get(f"growth.{years}.{key}")
            unit = "" if key in ("records", "window_rss") else " ms"
            cells.append("–" if value is None else f"{value:,.0f}{unit}")
        lines.append(f"| {words} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def replace_between(text: str, start: str, end: str, body: str) -> str:
    before, rest = text.split(start, 1)
    _old, after = rest.split(end, 1)
    return f"{before}{start}\n{body}\n{end}{after}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=None, help="runs per measurement (each script's default)")
    parser.add_argument("--only", choices=SCRIPTS, help="run only this script")
    parser.add_argument("--write-readme", action="store_true", help="write the tables into README.md")
    args = parser.parse_args()
    measured: dict[str, float] = {}
    took: dict[str, float] = {}
    for script in [args.only] if args.only else SCRIPTS:
        found, seconds = run_script(script, args.runs)
        measured.update(found)
        took[script] = seconds
    if args.only and LAST_RUN.exists():
        measured = {**json.loads(LAST_RUN.read_text(encoding="utf-8")), **measured}
    LAST_RUN.parent.mkdir(exist_ok=True)
    LAST_RUN.write_text(json.dumps(measured, indent=1), encoding="utf-8")
    rows, failed = budget_rows(measured)
    print(f"\n# {machine()}")
    width = max(len(budget.what) for budget, *_rest in rows)
    for budget, value, verdict in rows:
        print(f"{budget.what:<{width}}  {value:>14}  {budget.budget_text():>10}  {verdict}")
    print("\n" + growth_table(measured))
    print("\n" + ", ".join(f"{script} {seconds:.0f} s" for script, seconds in took.items()))
    if args.write_readme:
        note = (
            f"Measured by `uv run python bench/run_all.py --write-readme` on {machine()}; medians of "
            f"{'each script' + chr(39) + 's default number of' if args.runs is None else args.runs} runs."
        )
        text = README.read_text(encoding="utf-8")
        text = replace_between(text, TABLE_START, TABLE_END, note + "\n\n" + table(rows))
        if any(key.startswith("growth.") for key in measured):
            text = replace_between(text, GROWTH_START, GROWTH_END, growth_table(measured))
        else:  # never a table of dashes over the last measured one (growth.py failed, or was not run)
            print("the growth table is left as it was: growth.py gave no figures")
        README.write_text(text, encoding="utf-8")
        print(f"wrote the tables into {README}")
    if failed:
        print("OVER BUDGET or not measured: " + ", ".join(failed))
        return 1
    print("every budget met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
