"""PySide6's look at each imported module answered from the file's bytes (``ui/pyside_imports.py``)."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import facilitator.ui.app  # noqa: F401 - the window's modules, with the package that replaces the check
from facilitator.ui import pyside_imports
from facilitator.ui.pyside_imports import names_pyside


def test_the_window_packages_replace_pysides_check() -> None:
    feature = sys.modules["PySide6.support.feature"]
    assert feature._mod_uses_pyside is names_pyside
    assert pyside_imports.pyside_own_check is not None
    assert pyside_imports.answer_from_bytes() is True  # again: harmless, and PySide's own is still kept
    assert pyside_imports.pyside_own_check is not names_pyside


def test_the_answer_is_pysides_own_for_every_module_loaded() -> None:
    own = pyside_imports.pyside_own_check
    assert own is not None
    modules = [module for module in list(sys.modules.values()) if isinstance(module, types.ModuleType)]
    assert len(modules) > 200
    differ = [module.__name__ for module in modules if own(module) != names_pyside(module)]
    assert differ == []
    # Both answers occur: the window's modules name PySide6, the core's do not.
    assert names_pyside(sys.modules["facilitator.ui.main_window"]) is True
    assert names_pyside(sys.modules["facilitator.entities"]) is False


def test_modules_without_a_readable_source(tmp_path: Path) -> None:
    assert names_pyside(sys) is False  # built in
    gone = types.ModuleType("gone")
    gone.__file__ = str(tmp_path / "gone.py")  # its file was removed
    assert names_pyside(gone) is False
    cached = types.ModuleType("cached")
    source = tmp_path / "cached.py"
    source.write_text("import PySide6\n", encoding="utf-8")
    cached.__file__ = str(
        tmp_path / "__pycache__" / "cached.cpython-311.pyc"
    )  # as a sourceless loader names it
    assert names_pyside(cached) is True
