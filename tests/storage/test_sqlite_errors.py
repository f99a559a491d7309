"""SQLite's failures on real files are told by their result code: a busy file, a read-only one, a damaged one
and a file that is not a database each become the known error that says so, and the log gets SQLite's name."""

from __future__ import annotations

import ast
import inspect
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.errors import DatabaseCorrupt, DatabaseLocked, DatabaseReadOnly
from facilitator.storage import sqlite_errors
from facilitator.storage.sqlite_errors import error_name, known_error, plain_errors


@pytest.fixture
def sound_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "p.sqlite"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("create table t (id integer primary key, body text)")
        conn.executemany("insert into t (body) values (?)", [("x" * 500,) for _ in range(200)])
    conn.close()
    yield path


def _failure(path: Path, sql: str, *, uri: bool = False, timeout: float = 5.0) -> sqlite3.Error:
    conn = sqlite3.connect(path, uri=uri, timeout=timeout)
    try:
        conn.execute(sql).fetchall()
    except sqlite3.Error as error:
        return error
    finally:
        conn.close()
    raise AssertionError(f"{sql} did not fail")


def test_a_file_another_program_holds_is_busy(sound_file: Path) -> None:
    holder = sqlite3.connect(sound_file)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        error = _failure(sound_file, "select count(*) from t", timeout=0)
    finally:
        holder.rollback()
        holder.close()
    assert error_name(error) == "SQLITE_BUSY"
    assert isinstance(known_error(error, sound_file), DatabaseLocked)


def test_a_file_opened_read_only_is_read_only_not_damaged(sound_file: Path) -> None:
    error = _failure(Path(f"file:{sound_file}?mode=ro"), "insert into t (body) values ('y')", uri=True)
    assert error_name(error) == "SQLITE_READONLY"
    assert isinstance(known_error(error, sound_file), DatabaseReadOnly)


def test_a_file_with_spoilt_pages_is_damaged(sound_file: Path) -> None:
    data = bytearray(sound_file.read_bytes())
    page = 4096
    data[page * 2 : page * 5] = b"\xff" * (page * 3)  # the table's pages, header left sound
    sound_file.write_bytes(bytes(data))
    error = _failure(sound_file, "select body from t")
    assert error_name(error).startswith("SQLITE_CORRUPT")
    with pytest.raises(DatabaseCorrupt), plain_errors(sound_file):
        raise error


def test_a_file_that_is_not_a_database_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"Minutes of the meeting, not a database. " * 200)
    error = _failure(path, "select * from sqlite_master")
    assert error_name(error) == "SQLITE_NOTADB"
    assert isinstance(known_error(error, path), DatabaseCorrupt)


def test_a_failure_without_a_code_is_named_by_its_class() -> None:
    assert error_name(ValueError("x")) == "ValueError"


def test_the_classifier_never_reads_sqlites_message() -> None:
    """No ``str(error)``, ``error.args`` or text search in the module: the code decides."""
    tree = ast.parse(inspect.getsource(sqlite_errors))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            assert node.attr != "args"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("str", "repr"):
            raise AssertionError(f"line {node.lineno} turns an error into text")
