"""The layering rule of docs/architecture.md: arrows point from ui to exports/storage to the core, never back.

Two ways: import the lower layers in a fresh interpreter where the higher layers' libraries cannot be
imported, and read every source file's import statements.
"""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
#: Composition roots beside the window: they may wire every layer together.
ROOTS = {"facilitator.__main__"}
#: The command line (``facilitator/cli/``), a composition root of its own: it may import the core, storage and the
#: writers, and of the window only the module that starts it (``ui.app.run``, when no command is given).
CLI = "facilitator.cli"
CLI_MAY_IMPORT_OF_THE_WINDOW = {"facilitator.ui", "facilitator.ui.app", "facilitator.ui.app.run"}
#: The demonstration partnership (``facilitator/demo/``): stories told through the core's operations. It imports
#: only the core; the core, storage, the writers and the window never import it (the command line does, for
#: ``demo``).
DEMO = "facilitator.demo"
QT = ("PySide6", "shiboken6")
STORAGE_AND_WRITERS = ("sqlite3", "_sqlite3", "sqlite_utils", "docx", "reportlab")


def _modules(package: str) -> list[str]:
    """``package`` and every module below it, found on disk (packages are imported to look inside)."""
    found = [package]
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        found.append(info.name)
    return found


def _layer(module: str) -> str:
    parts = module.split(".")
    if module in ROOTS:
        return "root"
    if module == CLI or module.startswith(CLI + "."):
        return "cli"
    if module == DEMO or module.startswith(DEMO + "."):
        return "demo"
    if len(parts) > 1 and parts[1] in ("storage", "exports", "ui", "translations"):
        return parts[1]
    return "core"


def _all_modules() -> dict[str, list[str]]:
    """Every module of the installed namespace except the window, by layer."""
    by_layer: dict[str, list[str]] = {}
    packages = SETUPTOOLS["packages"]
    assert {"facilitator", "facilitator.storage", "facilitator.exports", "facilitator.ui"} <= set(packages)
    for package in packages:
        if package == "facilitator.ui":
            continue
        for module in _modules(package):
            if module.startswith("facilitator.ui"):
                continue
            by_layer.setdefault(_layer(module), []).append(module)
    return {layer: sorted(set(modules)) for layer, modules in by_layer.items()}


MODULES = _all_modules()
CORE = MODULES["core"] + MODULES.get("translations", [])


def _import_with_blocked(blocked: tuple[str, ...], modules: list[str]) -> dict[str, object]:
    """Import ``modules`` in a fresh interpreter where ``blocked`` cannot be imported; say what happened."""
    code = textwrap.dedent(
        f"""
        import importlib, json, sys, traceback
        for name in {list(blocked)!r}:
            sys.modules[name] = None
        failed = {{}}
        for module in {modules!r}:
            try:
                importlib.import_module(module)
            except BaseException:
                failed[module] = traceback.format_exc()
        leaked = sorted(n for n in {list(blocked)!r} if sys.modules.get(n) is not None)
        print(json.dumps({{"failed": failed, "leaked": leaked, "loaded": sorted(sys.modules)}}))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_modules_are_found() -> None:
    core = set(MODULES["core"])
    assert {"facilitator", "facilitator.entities", "facilitator.operations", "facilitator.i18n"} <= core
    assert {"facilitator.storage", "facilitator.storage.database", "facilitator.storage.schema"} <= set(
        MODULES["storage"]
    )
    assert "facilitator.exports" in MODULES["exports"]
    assert not core & ROOTS
    assert {"facilitator.cli", "facilitator.cli.options", "facilitator.cli.documents"} <= set(MODULES["cli"])
    assert {"facilitator.demo", "facilitator.demo.registers", "facilitator.demo.leaflet"} <= set(
        MODULES["demo"]
    )
    assert not any(m.startswith("facilitator.ui") for ms in MODULES.values() for m in ms)


def test_lower_layers_import_without_qt() -> None:
    modules = CORE + MODULES["demo"] + MODULES["storage"] + MODULES["exports"]
    result = _import_with_blocked(QT, modules)
    assert result["failed"] == {}, "\n".join(result["failed"].values())  # type: ignore[union-attr]
    assert result["leaked"] == []
    assert set(modules) <= set(result["loaded"])  # type: ignore[arg-type]


def test_the_command_line_imports_without_qt() -> None:
    """Every command but the window runs where Qt cannot be loaded: the command line imports it only to start
    the window."""
    result = _import_with_blocked(QT, MODULES["cli"])
    assert result["failed"] == {}, "\n".join(result["failed"].values())  # type: ignore[union-attr]
    assert result["leaked"] == []


def test_core_imports_without_storage_or_writers() -> None:
    result = _import_with_blocked(QT + STORAGE_AND_WRITERS, CORE)
    assert result["failed"] == {}, "\n".join(result["failed"].values())  # type: ignore[union-attr]
    assert set(CORE) <= set(result["loaded"])  # type: ignore[arg-type]
    loaded = set(result["loaded"])  # type: ignore[arg-type]
    assert not any(
        m.startswith(("facilitator.storage", "facilitator.exports", "facilitator.ui", CLI, DEMO))
        for m in loaded
    )


def test_the_demo_imports_without_storage_or_writers() -> None:
    """The demo tells its stories through the core's operations only: it runs on a store in memory."""
    result = _import_with_blocked(QT + STORAGE_AND_WRITERS, MODULES["demo"])
    assert result["failed"] == {}, "\n".join(result["failed"].values())  # type: ignore[union-attr]


def test_blocking_really_blocks() -> None:
    """The subprocess check can fail: a module that needs a blocked library is reported."""
    result = _import_with_blocked(("sqlite_utils",), ["facilitator.storage.exchange"])
    assert "facilitator.storage.exchange" in result["failed"]  # type: ignore[operator]


# --- reading the source -------------------------------------------------------------------------------------


def _source_files() -> dict[str, Path]:
    """Every source file of the namespace, by module name, from the package-dir mapping in pyproject.toml."""
    files: dict[str, Path] = {}
    for package, folder in SETUPTOOLS["package-dir"].items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT / folder).with_suffix("")
            parts = [p for p in relative.parts if p != "__init__"]
            files[".".join([package, *parts])] = path
    return files


def _imports(module: str, source: str, *, is_package: bool = False) -> set[str]:
    """The modules ``source`` imports anywhere (also inside functions), with relative imports resolved."""
    tree = ast.parse(source, filename=module)
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")
                base = base if is_package else base[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            names.add(target)
            names.update(f"{target}.{alias.name}" for alias in node.names)  # from facilitator import storage
    return names


def _file_imports(module: str) -> set[str]:
    path = SOURCES[module]
    return _imports(module, path.read_text(encoding="utf-8"), is_package=path.name == "__init__.py")


def _offending(imports: set[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(n for n in imports if any(n == f or n.startswith(f + ".") for f in forbidden))


SOURCES = _source_files()


def test_source_files_are_found() -> None:
    layers = {_layer(m) for m in SOURCES}
    assert {"core", "storage", "exports", "ui", "root", "cli", "demo"} <= layers
    assert "facilitator.storage.database" in SOURCES


@pytest.mark.parametrize("module", sorted(m for m in SOURCES if _layer(m) == "core"))
def test_core_imports_no_higher_layer(module: str) -> None:
    """The core proper never imports the command line or the demo (nor storage, the writers or the window)."""
    forbidden = (
        "facilitator.storage",
        "facilitator.exports",
        "facilitator.ui",
        CLI,
        DEMO,
        *QT,
        *STORAGE_AND_WRITERS,
    )
    assert _offending(_file_imports(module), forbidden) == []


@pytest.mark.parametrize("module", sorted(m for m in SOURCES if _layer(m) == "cli"))
def test_the_command_line_imports_the_window_only_to_start_it(module: str) -> None:
    """The command line may import the core, storage and the writers; of the window only ``ui.app``, and never
    Qt itself (a command other than the window must run where Qt cannot load)."""
    imports = _file_imports(module)
    window = set(_offending(imports, ("facilitator.ui",)))
    assert sorted(window - CLI_MAY_IMPORT_OF_THE_WINDOW) == []
    assert _offending(imports, QT) == []


@pytest.mark.parametrize("module", sorted(m for m in SOURCES if _layer(m) == "demo"))
def test_the_demo_imports_only_the_core(module: str) -> None:
    forbidden = (
        "facilitator.storage",
        "facilitator.exports",
        "facilitator.ui",
        CLI,
        *QT,
        *STORAGE_AND_WRITERS,
    )
    assert _offending(_file_imports(module), forbidden) == []


@pytest.mark.parametrize("module", sorted(m for m in SOURCES if _layer(m) in ("storage", "exports")))
def test_storage_and_exports_never_import_the_window(module: str) -> None:
    forbidden: tuple[str, ...] = ("facilitator.ui", *QT, CLI, DEMO)
    if _layer(module) == "exports":
        forbidden += ("facilitator.storage",)
    assert _offending(_file_imports(module), forbidden) == []


def test_import_reader_sees_every_form() -> None:
    """The static check can fail: it sees plain, from, relative and function-level imports."""
    source = textwrap.dedent(
        """
        import PySide6.QtCore
        from facilitator import storage
        from ..ui import models
        from . import files
        def later():
            from facilitator.storage.database import open_partnership
        """
    )
    names = _imports("facilitator.exports.sample", source)
    assert _offending(names, ("PySide6",)) == ["PySide6.QtCore"]
    assert "facilitator.storage" in _offending(names, ("facilitator.storage",))
    assert "facilitator.storage.database" in names
    assert _offending(names, ("facilitator.ui",)) == ["facilitator.ui", "facilitator.ui.models"]
    assert "facilitator.exports.files" in names
    in_package = _imports("facilitator.exports", "from .files import write_atomically", is_package=True)
    assert "facilitator.exports.files" in in_package


def test_the_architecture_document_names_only_files_that_exist() -> None:
    """docs/architecture.md describes the layers this test enforces; every file it names is there."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    for folder in ("facilitator/", "storage/", "exports/", "ui/"):
        assert f"`{folder}`" in text
    named = set(re.findall(r"`((?:facilitator|storage|exports|ui|tests|docs)/[\w/]+\.(?:py|md))`", text))
    assert named, "the architecture document names no files"
    assert sorted(p for p in named if not (ROOT / p).exists()) == []
