"""PySide6 takes every module imported after the window's package as one with its default names, without reading
its source (``ui/pyside_imports.py``)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import facilitator.ui.main_window  # noqa: F401 - the window's modules, with the package that answers for them
from facilitator.ui import pyside_imports
from facilitator.ui.pyside_imports import plain_names

ROOT = Path(__file__).resolve().parents[2]

# One module switches PySide6's names to snake_case; the other, which never names PySide6, is handed a widget.
SNAKE = """
from __feature__ import snake_case
def title(widget):
    widget.set_window_title("snake")
    return widget.window_title()
"""
PLAIN = """
def title(widget):
    widget.setWindowTitle("plain")
    return widget.windowTitle()
"""
PROGRAM = """
import sys
from PySide6.QtWidgets import QApplication, QWidget
if sys.argv[1] == "window":
    import facilitator.ui
app = QApplication([])
import snake, plain
widget = QWidget()
print(snake.title(widget))
try:
    print(plain.title(widget))
except AttributeError:
    print("broken")
print(snake.title(widget))
"""


def _run(code: str, *args: str, where: Path) -> list[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(where))
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, cwd=where, check=True
    )
    return done.stdout.split()


def test_the_window_package_puts_its_answer_in_place() -> None:
    feature = sys.modules["PySide6.support.feature"]
    assert feature._mod_uses_pyside is plain_names
    assert pyside_imports.every_module_plain() is True  # again: harmless
    assert feature._mod_uses_pyside is plain_names


def test_every_module_loaded_after_it_keeps_pysides_default_names(tmp_path: Path) -> None:
    listed = _run(
        "import sys\n"
        "import facilitator.ui\n"
        "before = set(sys.modules)\n"
        "from facilitator.ui.main_window import MainWindow\n"
        "from facilitator.entities import Partner\n"
        "from PySide6.support.feature import pyside_feature_dict as switches\n"
        "for name in sorted(set(sys.modules) - before): print(name, switches.get(name))\n",
        where=tmp_path,
    )
    # PySide6 records a module when an import statement hands it over (``from x import y`` hands over ``x``).
    switches = {name: value for name, value in zip(listed[::2], listed[1::2], strict=True) if value != "None"}
    assert len(switches) > 15
    # PySide6's own check said -1 ("ignore") for modules whose source does not name PySide6, such as the core's.
    assert switches["facilitator.entities"] == "0"
    assert switches["facilitator.ui.main_window"] == "0"
    assert {value for value in switches.values()} == {"0"}


@pytest.mark.parametrize(("started", "plain"), [("window", "plain"), ("pyside-only", "broken")])
def test_a_snake_case_module_no_longer_changes_the_names_others_see(
    tmp_path: Path, started: str, plain: str
) -> None:
    (tmp_path / "snake.py").write_text(SNAKE, encoding="utf-8")
    (tmp_path / "plain.py").write_text(PLAIN, encoding="utf-8")
    # With PySide6's own answer the module that never names PySide6 borrows snake_case and breaks; with the
    # window's, it keeps the documented names, and the module that asked for snake_case still has it.
    assert _run(PROGRAM, started, where=tmp_path) == ["snake", plain, "snake"]


def test_no_module_of_the_app_switches_a_pyside_feature() -> None:
    switch = re.compile(r"^\s*(from\s+__feature__\s+import|import\s+__feature__)", re.MULTILINE)
    sources = [
        path
        for folder in ("facilitator", "ui", "storage", "exports")
        for path in (ROOT / folder).rglob("*.py")
    ]
    assert len(sources) > 100
    assert [path for path in sources if switch.search(path.read_text(encoding="utf-8"))] == []
