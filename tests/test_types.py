"""Every layer is strictly typed, checked through the package's real folder mapping.

setuptools maps ui/, storage/ and exports/ to facilitator.ui, facilitator.storage and facilitator.exports
(pyproject.toml); mypy cannot follow that mapping, so `uv run mypy` sees those folders under their own names and
their imports of one another as Any. Here the folders are linked into one `facilitator` package, as Python imports
them, and mypy runs strict on all of it with the project's own configuration (docs/architecture.md, "Types").
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("facilitator", "storage", "exports", "ui")
MAPPED = ("storage", "exports", "ui")


def _link(source: Path, target: Path) -> None:
    try:
        target.symlink_to(source, target_is_directory=source.is_dir())
    except OSError:  # Windows without the right to make links: a copy reads the same to mypy
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target)


def _package_as_imported(tree: Path) -> Path:
    package = tree / "facilitator"
    package.mkdir()
    for entry in (ROOT / "facilitator").iterdir():
        if entry.name != "__pycache__":
            _link(entry, package / entry.name)
    for folder in MAPPED:
        _link(ROOT / folder, package / folder)
    return package


def test_every_layer_is_strict_through_the_real_mapping(tmp_path: Path) -> None:
    _package_as_imported(tmp_path)
    cache = ROOT / ".mypy_cache" / "mapped"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(cache),
            "--no-error-summary",
            "-p",
            "facilitator",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "MYPY_FORCE_COLOR": "0"},
        check=False,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert result.returncode == 0 and not errors, "\n".join(errors) or result.stdout + result.stderr


def test_the_mapped_check_is_strict_with_nothing_relaxed() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    core = [o for o in config["overrides"] if "facilitator.*" in o["module"]]
    assert core == [{"module": ["facilitator.*"], "strict": True}]
    assert config.get("ignore_errors") is not True and "disable_error_code" not in config


def test_no_blanket_type_ignore() -> None:
    """A `type: ignore` names the error it silences, so that no other error hides behind it."""
    blanket = re.compile(r"#\s*type:\s*ignore(?!\[)")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for layer in LAYERS
        for path in sorted((ROOT / layer).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if blanket.search(line)
    ]
    assert found == []
