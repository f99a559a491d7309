"""Catalogs compiled once and kept in the user's cache folder: a French start reads the kept ``.mo`` instead of
compiling the ``.po`` again; a changed ``.po`` is compiled again; a damaged kept file or a cache folder that
cannot be written means compiling as before, never a wrong or missing translation."""

from __future__ import annotations

import gettext
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator import folders, i18n
from facilitator.storage import catalog_cache


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(folders.CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache" / catalog_cache.FOLDER


def _french(data: bytes) -> str:
    return gettext.GNUTranslations(io.BytesIO(data)).gettext("Public meeting")


def _compiles(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The languages Babel is asked to compile from now on."""
    asked: list[str] = []
    real = i18n.compile_catalog

    def counting(language: str, po: bytes | None = None) -> bytes:
        asked.append(language)
        return real(language, po)

    monkeypatch.setattr(i18n, "compile_catalog", counting)
    return asked


def test_the_second_run_reads_the_kept_catalog(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = _compiles(monkeypatch)
    first = catalog_cache.compiled_catalog("fr")
    assert asked == ["fr"]
    assert [p.name.split("-")[0] for p in cache.iterdir()] == ["fr"]
    again = catalog_cache.compiled_catalog("fr")
    assert asked == ["fr"]  # not compiled again
    assert again == first == i18n.compile_catalog("fr")
    assert _french(again) == "Réunion publique"


def test_a_changed_catalog_is_compiled_again_and_the_old_one_removed(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog_cache.compiled_catalog("fr")
    (old,) = cache.iterdir()
    changed = tmp_path / "fr.po"
    po = i18n.catalog_path("fr").read_text(encoding="utf-8")
    changed.write_text(po.replace('msgstr "Réunion publique"', 'msgstr "Réunion ouverte au public"'), "utf-8")
    monkeypatch.setattr(i18n, "catalog_path", lambda language: changed)
    asked = _compiles(monkeypatch)

    data = catalog_cache.compiled_catalog("fr")

    assert asked == ["fr"]
    assert _french(data) == "Réunion ouverte au public"
    assert not old.exists() and len(list(cache.iterdir())) == 1


@pytest.mark.parametrize("kept", [b"", b"not a catalog", b"\xde\x12\x04\x95" + b"\xff" * 40])
def test_a_damaged_kept_catalog_is_compiled_again(
    cache: Path, kept: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = catalog_cache.kept_path("fr", i18n.catalog_path("fr").read_bytes())
    path.parent.mkdir(parents=True)
    path.write_bytes(kept)
    asked = _compiles(monkeypatch)

    data = catalog_cache.compiled_catalog("fr")

    assert asked == ["fr"] and _french(data) == "Réunion publique"
    assert path.read_bytes() == data


def test_a_cache_that_cannot_be_written_still_gives_the_catalog(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(folders.CACHE_ENV, str(blocked / "cache"))
    assert _french(catalog_cache.compiled_catalog("fr")) == "Réunion publique"


def test_the_command_line_keeps_the_catalog_it_compiled(tmp_path: Path) -> None:
    """A whole process: `facilitator --lang fr --help` compiles French once and leaves it in the cache folder."""
    env = {**os.environ, folders.CACHE_ENV: str(tmp_path / "cache")}
    code = "import sys; from facilitator.cli import main; sys.exit(main(['--lang', 'fr', '--help']))"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "affiche" in done.stdout.lower()  # the help is in French
    kept = list((tmp_path / "cache" / catalog_cache.FOLDER).glob("fr-*.mo"))
    assert len(kept) == 1 and _french(kept[0].read_bytes()) == "Réunion publique"
