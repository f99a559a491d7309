"""The README's performance table is what ``bench/run_all.py --write-readme`` writes: its rows name exactly the
measurements ``bench/budgets.py`` declares, in order, with the same budgets, and each names a script that is in
bench/. No timing here (speed is measured by bench/, never asserted in tests)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _block(text: str, start: str, end: str) -> list[str]:
    assert text.count(start) == 1 and text.count(end) == 1, f"the README needs one {start} … {end}"
    inside = text.split(start, 1)[1].split(end, 1)[0]
    return [line for line in inside.splitlines() if line.startswith("|")]


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def test_the_readme_table_lists_every_budget_declared_in_bench() -> None:
    budgets = _load("budgets")
    rows = _block((ROOT / "README.md").read_text(encoding="utf-8"), "<!-- bench:table -->", "<!-- /bench:table -->")
    assert rows, "the README's performance table is empty: run bench/run_all.py --write-readme"
    header, _rule, *body = rows
    assert _cells(header) == ["what", "measured", "budget", "script"]
    in_readme = [(cells[0], cells[2], cells[3]) for cells in map(_cells, body)]
    declared = [(b.what, b.budget_text(), f"`bench/{b.script}`") for b in budgets.BUDGETS]
    assert in_readme == declared
    for cells in map(_cells, body):
        assert cells[1] and cells[1] != "not measured", f"{cells[0]} has no figure in the README"


def test_every_budget_names_a_script_of_bench_and_a_key_of_its_own() -> None:
    budgets = _load("budgets")
    keys = [b.key for b in budgets.BUDGETS]
    assert len(keys) == len(set(keys))
    for budget in budgets.BUDGETS:
        script = BENCH / budget.script
        assert script.exists(), budget.script
        source = script.read_text(encoding="utf-8")
        # The key (or its family, for keys built from a loop) is reported by that script.
        family = budget.key.split(".")[0]
        assert f'"{budget.key}"' in source or f'f"{family}.' in source or f'"{family}.' in source, budget.key


def test_the_growth_table_has_a_row_for_each_measure_and_a_column_for_each_age() -> None:
    budgets = _load("budgets")
    rows = _block(
        (ROOT / "README.md").read_text(encoding="utf-8"), "<!-- bench:growth -->", "<!-- /bench:growth -->"
    )
    header, _rule, *body = rows
    assert len(_cells(header)) == 1 + len(budgets.GROWTH_YEARS)
    assert [_cells(line)[0] for line in body] == list(budgets.GROWTH.values())
