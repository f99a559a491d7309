"""Fonts as a fresh machine has them: nothing waits for the bold instances to be cut.

The command line writes its first PDF with the regular weight standing in for bold (``fonts.never_wait``) and
leaves a process of its own to cut the bold; the cache is judged from the file's table directory alone."""

from __future__ import annotations

import gc
import os
import shutil
import struct
import subprocess
import sys
import warnings
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator.exports import fonts
from facilitator.exports.pdf_writer import pdf_bytes
from tests.exports.conftest import latin_model

pytestmark = pytest.mark.usefixtures("font_cache")


def embedded_fonts(data: bytes) -> set[str]:
    """The base names of the fonts a PDF embeds, without their subset prefix."""
    names = set()
    for page in PdfReader(BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def test_a_cached_bold_is_judged_by_its_table_directory(font_cache: Path, tmp_path: Path) -> None:
    bold = fonts.bold_path(fonts.NOTO_SANS_ARABIC, font_cache)
    assert fonts.is_intact(bold)
    data = bytearray(bold.read_bytes())
    count = struct.unpack_from(">H", data, 4)[0]
    offsets = {
        struct.unpack_from(">4s", data, 12 + 16 * i)[0]: struct.unpack_from(">L", data, 12 + 16 * i + 8)[0]
        for i in range(count)
    }
    regular_weight = tmp_path / "regular.ttf"
    struct.pack_into(">H", data, offsets[b"OS/2"] + 4, 400)
    regular_weight.write_bytes(bytes(data))
    assert not fonts.is_intact(regular_weight)  # a static font, whole, but not the bold
    assert not fonts.is_intact(fonts.NOTO_SANS)  # variable
    assert not fonts.is_intact(tmp_path / "missing.ttf")
    (tmp_path / "text.ttf").write_text("not a font at all")
    assert not fonts.is_intact(tmp_path / "text.ttf")
    cut = tmp_path / "cut.ttf"
    cut.write_bytes(bold.read_bytes()[:5000])
    assert not fonts.is_intact(cut)


def test_never_wait_uses_the_regular_weight_and_cuts_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "fresh machine"
    monkeypatch.setenv(fonts.CACHE_ENV, str(empty))
    model = latin_model()
    with fonts.never_wait():
        files = fonts.ensure_fonts()
        without_bold = pdf_bytes(model)
    assert not files.has_bold and files.latin_bold == fonts.NOTO_SANS
    # Nothing was cut: the only files written are what was measured of the regular fonts (fonts.kept_path).
    assert {p.parent for p in empty.rglob("*") if p.is_file()} <= {fonts.kept_path(fonts.NOTO_SANS, "face").parent}
    assert not list(empty.rglob("*.ttf"))
    assert "NotoSans-Regular" in embedded_fonts(without_bold)
    assert not any("Bold" in name for name in embedded_fonts(without_bold))
    assert not fonts.fonts_ready()
    monkeypatch.undo()  # the run's cache, where the bold is: after the block, bold again
    assert fonts.ensure_fonts().has_bold
    assert "NotoSans-Bold" in embedded_fonts(pdf_bytes(model))


def test_never_wait_ends_with_its_block_even_on_error() -> None:
    with pytest.raises(ValueError), fonts.never_wait():
        assert fonts._wait_for_bold == [False]
        raise ValueError
    assert fonts._wait_for_bold == [True]


def test_the_bold_is_cut_in_a_process_of_its_own(
    font_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[list[str]] = []
    monkeypatch.setattr(fonts.subprocess, "Popen", lambda argv, **_options: started.append(argv) or "process")
    assert fonts.build_in_background() is None  # the run's cache is ready: nothing to start
    monkeypatch.setenv(fonts.CACHE_ENV, str(tmp_path))
    assert fonts.build_in_background() == "process"
    assert started == [[sys.executable, "-m", "facilitator.exports.fonts"]]


@pytest.mark.skipif(os.name == "nt", reason="a shell script stands in for the interpreter")
def test_a_running_builder_is_held_not_dropped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line drops the builder's handle while it runs on: Python warned "subprocess … is still
    running", which failed whichever test wrote the first PDF on a cold font cache."""
    sleeper = tmp_path / "sleeper"
    sleeper.write_text("#!/bin/sh\nexec sleep 30\n", encoding="utf-8")
    sleeper.chmod(0o755)
    monkeypatch.setenv(fonts.CACHE_ENV, str(tmp_path / "cold"))
    monkeypatch.setattr(fonts.sys, "executable", str(sleeper))
    builder = fonts.build_in_background()
    assert builder is not None and builder.poll() is None
    pid = builder.pid
    del builder  # as the command line does
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        gc.collect()
    held = [b for b in fonts._BUILDERS if getattr(b, "pid", None) == pid]
    assert len(held) == 1 and held[0].poll() is None
    held[0].kill()
    held[0].wait()
    fonts._BUILDERS.remove(held[0])


def test_the_background_command_fills_the_cache(font_cache: Path, tmp_path: Path) -> None:
    """``python -m facilitator.exports.fonts`` cuts what is missing (here the Arabic bold; the Latin one is
    copied in first, so the run costs seconds, not half a minute)."""
    latin = fonts.bold_path(fonts.NOTO_SANS, font_cache)
    (tmp_path / "fonts").mkdir()
    shutil.copy(latin, tmp_path / "fonts" / latin.name)
    assert not fonts.fonts_ready(tmp_path / "fonts")
    done = subprocess.run(
        [sys.executable, "-m", "facilitator.exports.fonts"],
        env={**os.environ, fonts.CACHE_ENV: str(tmp_path)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert fonts.fonts_ready(tmp_path / "fonts")
