"""JSON files: written atomically (all or nothing), read back with errors in plain words."""

from __future__ import annotations

import errno
import json
import os
import sys
from pathlib import Path

import pytest

from facilitator import safe_files
from facilitator.errors import DiskFull, KnownError
from facilitator.exports.files import write_atomically
from facilitator.exports.json_file import read_json, write_json

DOCUMENT = {"format": "partnership-facilitator", "partners": [{"name": "مركز الصحة", "note": "Łódź 🚉"}]}


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(safe_files.PARTIAL))


def test_write_json_is_utf8_indented_and_keeps_letters(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    write_json(target, DOCUMENT)
    text = target.read_bytes().decode("utf-8")
    assert "مركز الصحة" in text and "Łódź 🚉" in text  # not \u escapes
    assert text.startswith('{\n  "format"')
    assert json.loads(text) == DOCUMENT
    assert read_json(target) == DOCUMENT
    assert _leftovers(tmp_path) == []


def test_failed_replace_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    target.write_text("old contents", encoding="utf-8")

    def broken_replace(source: object, destination: object) -> None:
        raise OSError(errno.EIO, "I/O error")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(KnownError, match="could not be written: I/O error"):
        write_json(target, DOCUMENT)
    assert target.read_text(encoding="utf-8") == "old contents"
    assert _leftovers(tmp_path) == []


def test_disk_full_while_writing_is_a_known_error_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    target.write_text("old contents", encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(DiskFull) as caught:
        write_atomically(target, b"new contents")
    assert str(target) in str(caught.value)
    assert target.read_text(encoding="utf-8") == "old contents"
    assert _leftovers(tmp_path) == []


def test_permission_error_becomes_a_plain_known_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root in a container may write anywhere, so the refusal is simulated where the file is created.
    def refuse(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(safe_files.os, "open", refuse)
    target = tmp_path / "out.json"
    with pytest.raises(KnownError) as caught:
        write_atomically(target, b"{}")
    assert not isinstance(caught.value, DiskFull)
    assert caught.value.message == f"You may not write to {target}."
    assert caught.value.hint
    assert not target.exists()


def test_missing_folder_is_a_known_error(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="does not exist"):
        write_atomically(tmp_path / "nowhere" / "out.json", b"{}")


def test_new_file_gets_ordinary_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    write_atomically(target, b"{}")
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "There is no file at"),
        (b"\xff\xfe{}", "is not UTF-8 text"),
        (b'{\n  "format": "x",\n  oops\n}', "line 3, column 3"),
        (b"[1, 2, 3]", "not a partnership document"),
        (b"", "line 1, column 1"),
    ],
)
def test_read_json_errors_are_plain(tmp_path: Path, content: bytes | None, expected: str) -> None:
    source = tmp_path / "in.json"
    if content is not None:
        source.write_bytes(content)
    with pytest.raises(KnownError) as caught:
        read_json(source)
    assert expected in str(caught.value)
    assert str(source) in str(caught.value)


def test_read_json_of_a_folder_is_plain(tmp_path: Path) -> None:
    with pytest.raises(KnownError, match="is a folder"):
        read_json(tmp_path)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="POSIX only: Windows has no /dev/zero")
def test_read_json_refuses_an_endless_device_at_once() -> None:
    """``/dev/zero`` never ends: it is refused for what it is, not read."""
    with pytest.raises(KnownError, match="device or a pipe"):
        read_json(Path("/dev/zero"))


def test_read_json_refuses_json_nested_too_deeply(tmp_path: Path) -> None:
    source = tmp_path / "deep.json"
    source.write_text('{"partners": ' + "[" * 200_000 + "]" * 200_000 + "}", encoding="utf-8")
    with pytest.raises(KnownError, match="nested too deeply"):
        read_json(source)


def test_read_json_refuses_a_file_larger_than_any_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator.exports import json_file

    monkeypatch.setattr(json_file, "MAX_JSON_BYTES", 100)
    source = tmp_path / "big.json"
    source.write_text('{"format": "' + "x" * 200 + '"}', encoding="utf-8")
    with pytest.raises(KnownError, match="is larger than"):
        read_json(source)


def test_read_json_accepts_a_byte_order_mark(tmp_path: Path) -> None:
    source = tmp_path / "in.json"
    source.write_bytes(b"\xef\xbb\xbf" + json.dumps(DOCUMENT, ensure_ascii=False).encode("utf-8"))
    assert read_json(source) == DOCUMENT


def test_exports_never_import_qt_or_storage() -> None:
    import subprocess

    code = (
        "import sys; sys.modules['PySide6'] = None; "
        "import facilitator.exports.files, facilitator.exports.json_file; "
        "assert 'facilitator.storage' not in sys.modules and 'sqlite3' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
