"""The app knows when it runs from a bundle, and keeps what it writes in the user's folders, never beside it.

A bundle is faked the way PyInstaller makes one: ``sys.frozen`` set, ``sys._MEIPASS`` naming the folder of the
bundled files and ``sys.executable`` the program. The user's folders are pointed at a tmp home through the XDG
variables platformdirs reads on Linux (on Windows and macOS it asks the system, so the exact places are only
compared on Linux; that they are not beside the program is checked everywhere).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from facilitator import folders, i18n
from facilitator.exports import fonts

VARIABLES = (folders.DATA_ENV, folders.CONFIG_ENV, folders.CACHE_ENV, folders.LOG_ENV)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user's home with the platform's folders under it, and no folder named by the app's own variables."""
    home = tmp_path / "home"
    for variable in VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local/state"))
    return home


@pytest.fixture
def bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A faked PyInstaller bundle: ``<app>/partnership-facilitator`` and its files in ``<app>/_internal``."""
    app = tmp_path / "Programs" / "partnership-facilitator"
    internal = app / "_internal"
    internal.mkdir(parents=True)
    program = app / "partnership-facilitator"
    program.write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(internal), raising=False)
    monkeypatch.setattr(sys, "executable", str(program))
    return app


def _everything() -> dict[str, Path]:
    return {
        "data": folders.data_dir(),
        "config": folders.config_dir(),
        "cache": folders.cache_dir(),
        "log": folders.log_dir(),
        "fonts": folders.font_cache_dir(),
    }


def test_an_installed_package_is_not_a_bundle(home: Path) -> None:
    assert not getattr(sys, "frozen", False)
    assert not folders.is_bundled()
    assert folders.bundle_dir() is None
    assert folders.built_in_fonts_dir() is None


def test_a_bundle_is_known_and_its_own_files_are_read_from_it(home: Path, bundle: Path) -> None:
    assert folders.is_bundled()
    assert folders.bundle_dir() == bundle / "_internal"
    assert folders.built_in_fonts_dir() == bundle / "_internal" / "fonts"


def test_a_bundle_writes_nothing_beside_the_program(home: Path, bundle: Path) -> None:
    for kind, folder in _everything().items():
        assert not folder.is_relative_to(bundle), f"{kind} folder {folder} is inside the bundle"
        assert folder.name != "_internal"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG folders are Linux's")
def test_a_bundle_uses_the_platforms_user_folders(home: Path, bundle: Path) -> None:
    assert _everything() == {
        "data": home / ".local/share/partnership-facilitator",
        "config": home / ".config/partnership-facilitator",
        "cache": home / ".cache/partnership-facilitator",
        "log": home / ".local/state/partnership-facilitator/log",
        "fonts": home / ".cache/partnership-facilitator/fonts",
    }


def test_each_folder_can_be_moved_by_its_variable(
    home: Path, bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in VARIABLES:
        monkeypatch.setenv(variable, str(tmp_path / variable))
    assert folders.data_dir() == tmp_path / folders.DATA_ENV
    assert folders.config_dir() == tmp_path / folders.CONFIG_ENV
    assert folders.cache_dir() == tmp_path / folders.CACHE_ENV
    assert folders.log_dir() == tmp_path / folders.LOG_ENV
    assert folders.font_cache_dir() == tmp_path / folders.CACHE_ENV / "fonts"


def test_backups_that_cannot_go_beside_a_file_go_to_the_users_data_folder(home: Path, bundle: Path) -> None:
    from facilitator.storage import backup

    elsewhere = backup.backup_folders(home / "stick" / "p.sqlite")[1]
    assert elsewhere.is_relative_to(folders.data_dir())


# --- fonts: the bundle's bold instances, never cut on the user's machine ----------------------------------------


def _build_into(target: Path) -> None:
    """Put whole bold instances in ``target`` as build.py does (copied from the test run's cache, where they
    are cut once per checkout, as for every PDF test)."""
    target.mkdir(parents=True, exist_ok=True)
    for source in (fonts.NOTO_SANS, fonts.NOTO_SANS_ARABIC):
        shutil.copy2(fonts.cached_bold(source, cache_dir=_test_cache()), fonts.bold_path(source, target))


def _test_cache() -> Path:
    # tests/conftest.py points FACILITATOR_CACHE_DIR at the checkout's .cache before any test runs.
    return Path(__file__).resolve().parents[1] / ".cache" / "fonts"


def _no_cutting(*_args: object) -> None:
    raise AssertionError("a bundle with its fonts built in must not cut a bold instance")


def test_a_bundle_uses_its_built_in_bold_fonts(
    home: Path, bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _build_into(bundle / "_internal" / "fonts")
    monkeypatch.setattr(fonts, "make_bold", _no_cutting)
    messages: list[str] = []
    assert fonts.fonts_ready()
    files = fonts.ensure_fonts(progress=messages.append)
    assert files.latin_bold.parent == bundle / "_internal" / "fonts"
    assert files.arabic_bold.parent == bundle / "_internal" / "fonts"
    assert messages == []  # nothing to prepare, nothing to say
    assert not folders.font_cache_dir().exists()  # and nothing written in the user's cache


def test_a_bundle_whose_built_in_font_is_damaged_falls_back_to_the_cache(
    home: Path, bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built_in = bundle / "_internal" / "fonts"
    _build_into(built_in)
    damaged = fonts.bold_path(fonts.NOTO_SANS, built_in)
    damaged.write_bytes(damaged.read_bytes()[:1000])
    _build_into(folders.font_cache_dir())  # as if cut on this machine before
    monkeypatch.setattr(fonts, "make_bold", _no_cutting)
    files = fonts.ensure_fonts()
    assert files.latin_bold == fonts.bold_path(fonts.NOTO_SANS, folders.font_cache_dir())
    assert files.arabic_bold.parent == built_in


def test_without_a_bundle_the_built_in_folder_is_not_asked(home: Path, tmp_path: Path) -> None:
    assert fonts.built_in_bold(fonts.NOTO_SANS) is None


# --- catalogs: compiled at bundle time, read without Babel's catalog reader --------------------------------------


def test_a_bundle_reads_the_compiled_catalog_where_no_po_is_shipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled = tmp_path / "fr.mo"
    compiled.write_bytes(i18n.compile_catalog("fr"))
    from_po = i18n._load("fr")
    monkeypatch.setattr(i18n, "catalog_path", lambda language: tmp_path / f"{language}.po")  # none shipped
    monkeypatch.setattr(i18n, "compiled_catalog_path", lambda language: tmp_path / f"{language}.mo")
    i18n._load.cache_clear()
    try:
        from_mo = i18n._load("fr")
        assert from_mo is not from_po
        assert from_mo.gettext("Home") == from_po.gettext("Home") == "Accueil"
        singular, plural = (
            "{n} confidential action is not shown here.",
            "{n} confidential actions are not shown here.",
        )
        for n in (1, 5):
            assert from_mo.ngettext(singular, plural, n) == from_po.ngettext(singular, plural, n) != plural
        assert i18n._load("de").gettext("Home") == "Home"  # no catalog at all: the source strings
    finally:
        i18n._load.cache_clear()


def test_a_stray_compiled_catalog_beside_the_po_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = tmp_path / "fr.mo"
    stale.write_bytes(i18n.compile_catalog("nl"))  # the wrong language: must never be read
    monkeypatch.setattr(i18n, "compiled_catalog_path", lambda language: tmp_path / f"{language}.mo")
    i18n._load.cache_clear()
    try:
        assert i18n._load("fr").gettext("Home") == "Accueil"
    finally:
        i18n._load.cache_clear()


def test_this_computers_name_is_the_one_socket_and_platform_give(monkeypatch: pytest.MonkeyPatch) -> None:
    """Locks written by earlier versions named the host with ``socket.gethostname()`` and audit entries with
    ``platform.node()``: ``host_name`` (read from ``os.uname`` where there is one) must give the same."""
    import platform
    import socket

    assert folders.host_name() == socket.gethostname() == platform.node()
    monkeypatch.delattr(folders.os, "uname", raising=False)  # as on Windows
    assert folders.host_name() == socket.gethostname()
