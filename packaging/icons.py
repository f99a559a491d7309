"""The app's icon in every form a platform asks for, rendered from its one SVG source with Qt's SVG renderer.

- PNG at the sizes of the freedesktop ``hicolor`` theme (Linux desktop entries),
- ICO for Windows (the executable and the installer): PNG images in an ICO container, which Windows reads
  since Vista,
- ICNS for macOS (the ``.app``): PNG images under the type codes macOS reads since 10.7.

ICO and ICNS are both a small table in front of PNG files, so they are written here rather than with an image
library the app does not need (PyInstaller would otherwise want Pillow to convert them).

Run alone: ``uv run python packaging/icons.py OUT_DIR`` (``build.py`` calls ``render_icons``).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "ui" / "partnership-facilitator.svg"
NAME = "partnership-facilitator"
#: Sizes of the hicolor theme's ``apps`` folders.
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: ICNS type code -> pixel size (``ic11``... are the @2x variants of the smaller sizes).
ICNS_TYPES = {
    b"icp4": 16,
    b"icp5": 32,
    b"icp6": 64,
    b"ic07": 128,
    b"ic08": 256,
    b"ic09": 512,
    b"ic10": 1024,
    b"ic11": 32,
    b"ic12": 64,
    b"ic13": 256,
    b"ic14": 512,
}


def render_png(size: int, source: Path = SOURCE) -> bytes:
    """The icon drawn at ``size`` × ``size`` pixels, as PNG bytes (antialiased, transparent corners)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    if QGuiApplication.instance() is None:
        _keep.append(QGuiApplication(sys.argv[:1]))
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise ValueError(f"{source} is not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


_keep: list[object] = []  # the QGuiApplication rendering needs, kept alive for the process


def ico(images: dict[int, bytes]) -> bytes:
    """An ICO file holding each PNG of ``images`` (pixel size -> PNG bytes); 256 is written as 0, as ICO says."""
    count = len(images)
    header = struct.pack("<HHH", 0, 1, count)
    offset = 6 + 16 * count
    entries, blobs = [], []
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size
        entries.append(struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset))
        blobs.append(png)
        offset += len(png)
    return header + b"".join(entries) + b"".join(blobs)


def icns(images: dict[int, bytes]) -> bytes:
    """An ICNS file with every type of ``ICNS_TYPES`` whose size is in ``images`` (pixel size -> PNG bytes)."""
    body = b"".join(
        code + struct.pack(">I", 8 + len(images[size])) + images[size]
        for code, size in ICNS_TYPES.items()
        if size in images
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def render_icons(out: Path, source: Path = SOURCE) -> dict[str, Path]:
    """Every render into ``out``: ``hicolor/<n>x<n>/apps/NAME.png``, ``hicolor/scalable/apps/NAME.svg``,
    ``NAME.ico``, ``NAME.icns`` and ``NAME.png`` (256 px). Returns the main files by kind."""
    sizes = sorted({*PNG_SIZES, *ICO_SIZES, *ICNS_TYPES.values()})
    pngs = {size: render_png(size, source) for size in sizes}
    for size in PNG_SIZES:
        target = out / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pngs[size])
    scalable = out / "hicolor" / "scalable" / "apps" / f"{NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    scalable.write_bytes(source.read_bytes())
    made = {"png": out / f"{NAME}.png", "ico": out / f"{NAME}.ico", "icns": out / f"{NAME}.icns"}
    made["png"].write_bytes(pngs[256])
    made["ico"].write_bytes(ico({size: pngs[size] for size in ICO_SIZES}))
    made["icns"].write_bytes(icns(pngs))
    return made


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "build/icons")
    for kind, path in render_icons(target).items():
        print(f"{kind}: {path} ({path.stat().st_size:,} bytes)")
