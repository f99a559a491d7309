"""The icon's renders, and the Linux desktop entry installed and removed per user, as the bundle ships them."""

from __future__ import annotations

import importlib.util
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QImageReader

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("packaging_icons", ROOT / "packaging" / "icons.py")
assert spec is not None and spec.loader is not None
icons = importlib.util.module_from_spec(spec)
spec.loader.exec_module(icons)
NAME = "partnership-facilitator"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("icons")
    icons.render_icons(out)
    return out


def test_every_hicolor_size_is_a_png_of_that_size(qapp: object, rendered: Path) -> None:
    for size in icons.PNG_SIZES:
        image = QImage(str(rendered / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"))
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
    assert (
        rendered / "hicolor" / "scalable" / "apps" / f"{NAME}.svg"
    ).read_bytes() == icons.SOURCE.read_bytes()


def test_the_ico_holds_every_size_and_qt_reads_them(qapp: object, rendered: Path) -> None:
    data = (rendered / f"{NAME}.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(icons.ICO_SIZES))
    reader = QImageReader(str(rendered / f"{NAME}.ico"))
    sizes = []
    for _ in range(reader.imageCount()):
        image = reader.read()
        sizes.append(image.width())
        reader.jumpToNextImage()
    assert sorted(sizes) == sorted(icons.ICO_SIZES)


def test_the_icns_holds_a_png_of_the_right_size_under_each_type(qapp: object, rendered: Path) -> None:
    data = (rendered / f"{NAME}.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack_from(">I", data, 4)[0] == len(data)
    found, offset = {}, 8
    while offset < len(data):
        code, length = data[offset : offset + 4], struct.unpack_from(">I", data, offset + 4)[0]
        image = QImage()
        buffer = QBuffer()
        buffer.setData(QByteArray(data[offset + 8 : offset + length]))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        assert image.load(buffer, "PNG")
        found[code] = image.width()
        offset += length
    assert found == icons.ICNS_TYPES


# --- the desktop entry (packaging/linux/install.sh and uninstall.sh) ---------------------------------------------

needs_sh = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("sh") is None, reason="Linux only"
)


@pytest.fixture
def unpacked(tmp_path: Path, rendered: Path) -> Path:
    """The downloaded folder as build.py packs it, with a stand-in program."""
    folder = tmp_path / "Downloads" / NAME
    (folder / "_internal").mkdir(parents=True)
    program = folder / NAME
    program.write_text("#!/bin/sh\necho started\n")
    program.chmod(0o755)
    for script in ("install.sh", "uninstall.sh"):
        shutil.copy2(ROOT / "packaging" / "linux" / script, folder / script)
    shutil.copytree(rendered / "hicolor", folder / "icons" / "hicolor")
    return folder


def _run(script: Path, home: Path) -> subprocess.CompletedProcess[str]:
    # As a user would: an empty environment but for HOME (the scripts set their own PATH).
    return subprocess.run(
        ["/bin/sh", str(script)],
        env={"HOME": str(home)},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


@needs_sh
def test_install_and_uninstall_for_one_user_without_root(tmp_path: Path, unpacked: Path) -> None:
    home = tmp_path / "home"
    data = home / ".local/share" / NAME / "partnership.sqlite"
    data.parent.mkdir(parents=True)
    data.write_bytes(b"SQLite format 3\x00")
    done = _run(unpacked / "install.sh", home)
    assert done.returncode == 0, done.stderr
    target = home / ".local/opt" / NAME
    entry = home / ".local/share/applications" / f"{NAME}.desktop"
    text = entry.read_text(encoding="utf-8")
    assert f'Exec="{target / NAME}"' in text
    assert f"Icon={NAME}\n" in text and "Type=Application\n" in text
    assert os.access(target / NAME, os.X_OK)
    for size in (*(f"{n}x{n}" for n in icons.PNG_SIZES), "scalable"):
        assert list((home / ".local/share/icons/hicolor" / size / "apps").glob(f"{NAME}.*")), size

    shutil.rmtree(unpacked)  # the download may go: the installed copy runs on its own
    again = _run(
        target / "install.sh", home
    )  # run from the installed folder: nothing to copy, entry rewritten
    assert again.returncode == 0, again.stderr
    assert (target / NAME).is_file()

    gone = _run(target / "uninstall.sh", home)
    assert gone.returncode == 0, gone.stderr
    assert not entry.exists() and not target.exists()
    assert not list((home / ".local/share/icons").rglob(f"{NAME}.*"))
    assert data.read_bytes() == b"SQLite format 3\x00"  # the partnership is the user's: kept
    assert str(data.parent) in gone.stdout


@needs_sh
def test_install_refuses_to_run_away_from_the_program(tmp_path: Path) -> None:
    lone = tmp_path / "install.sh"
    shutil.copy2(ROOT / "packaging" / "linux" / "install.sh", lone)
    done = _run(lone, tmp_path / "home")
    assert done.returncode == 1
    assert "beside the program" in done.stderr
    assert not (tmp_path / "home" / ".local").exists()
