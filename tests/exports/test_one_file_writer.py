"""Every file the app writes goes through ``facilitator.safe_files``: backups, copies before a restore, the
restored file itself, and each writer's document. Each path is run for real while the safe writer's steps are
watched: the bytes go to a temporary name beside the target, that name is synced, the folder is synced after
the rename, and nothing else writes a file."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from facilitator import safe_files
from facilitator.entities import Partner
from facilitator.exports.csv_export import write_actions_csv
from facilitator.exports.docx_writer import write_docx
from facilitator.exports.json_file import write_json
from facilitator.exports.pdf_writer import write_pdf
from facilitator.operations import save_partner
from facilitator.storage import backup, database
from facilitator.storage.database import Partnership, copy_database, open_partnership
from tests.exports.conftest import latin_model

ROOT = Path(__file__).resolve().parents[2]


class Watch:
    """What the safe writer was asked to do: the temporary names synced and the folders synced."""

    def __init__(self) -> None:
        self.synced: list[Path] = []
        self.folders: list[Path] = []

    def targets(self) -> list[Path]:
        """The final names written through the safe writer (from the temporary names synced)."""
        found = []
        for temporary in self.synced:
            owner = safe_files.partial_owner(temporary)
            assert owner is not None, f"{temporary} is not a safe writer's temporary name"
            target = temporary.name.removeprefix(".").rsplit(".", 2)[0]
            found.append(temporary.with_name(target))
        return found


@pytest.fixture
def watch(monkeypatch: pytest.MonkeyPatch) -> Iterator[Watch]:
    seen = Watch()
    sync_file, sync_folder = safe_files.sync_file, safe_files.sync_folder

    def watched_file(path: Path) -> None:
        seen.synced.append(Path(path))
        sync_file(path)

    def watched_folder(folder: Path) -> None:
        seen.folders.append(Path(folder))
        sync_folder(folder)

    monkeypatch.setattr(safe_files, "sync_file", watched_file)
    monkeypatch.setattr(safe_files, "sync_folder", watched_folder)
    yield seen


@pytest.fixture
def opened(db_path: Path) -> Iterator[Partnership]:
    partnership = open_partnership(db_path)
    save_partner(partnership, Partner(name="Police")).apply(partnership)
    yield partnership
    partnership.close()


def _written_safely(watch: Watch, target: Path) -> None:
    assert target in watch.targets(), f"{target} was not written through safe_files"
    assert target.parent in watch.folders, f"the folder of {target} was not synced after the rename"
    assert target.exists()
    assert not list(target.parent.glob(f".{target.name}.*{safe_files.PARTIAL}*"))


def test_copy_database_uses_the_safe_writer(opened: Partnership, tmp_path: Path, watch: Watch) -> None:
    target = tmp_path / "copy.sqlite"
    copy_database(opened.db.conn, target)
    _written_safely(watch, target)


def test_a_backup_uses_the_safe_writer(
    opened: Partnership, db_path: Path, tmp_path: Path, watch: Watch
) -> None:
    out = backup.back_up(opened.db.conn, db_path, out=tmp_path / "kept.sqlite")
    _written_safely(watch, out)


def test_a_restore_keeps_the_current_file_and_replaces_it_safely(
    opened: Partnership, db_path: Path, tmp_path: Path, watch: Watch
) -> None:
    copy = backup.back_up(opened.db.conn, db_path, out=tmp_path / "kept.sqlite")
    opened.close()
    watch.synced.clear()
    restored = backup.restore(db_path, copy)
    assert restored.previous_kept_as is not None
    _written_safely(watch, restored.previous_kept_as)
    _written_safely(watch, db_path)


@pytest.mark.parametrize(
    ("name", "write"),
    [
        ("minutes.docx", lambda path: write_docx(latin_model(), path)),
        ("minutes.pdf", lambda path: write_pdf(latin_model(), path)),
        ("actions.csv", lambda path: write_actions_csv(path, [{"a": "1"}], ["a"])),
        ("partnership.json", lambda path: write_json(path, {"version": 3})),
    ],
)
def test_each_writer_uses_the_safe_writer(
    name: str, write: Callable[[Path], None], tmp_path: Path, watch: Watch, font_files: object
) -> None:
    target = tmp_path / name
    write(target)
    _written_safely(watch, target)


_WRITING_CALLS = {
    "write_bytes",
    "write_text",
    "copyfile",
    "copyfileobj",
    "copy",
    "copy2",
    "os.replace",
    "os.rename",
}


def _writes_outside_the_safe_writer(path: Path) -> list[str]:
    """Calls in ``path`` that could write a file, other than inside a ``safe_files.replacing`` block."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.With) and any("replacing" in ast.unparse(item) for item in node.items):
            inside.update(id(child) for child in ast.walk(node))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or id(node) in inside:
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        text = ast.unparse(node)
        if name in _WRITING_CALLS or ast.unparse(func) in _WRITING_CALLS:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text}")
        if name in ("open", "fdopen") and any(mode in text for mode in ("'w", "'a", "'x", '"w', '"a', '"x')):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text}")
    return found


def test_nothing_else_in_storage_or_exports_writes_a_file() -> None:
    """The lock file is the one exception: it is created exclusively and must never be renamed into place."""
    found = []
    for folder in ("storage", "exports"):
        for path in sorted((ROOT / folder).glob("*.py")):
            found += _writes_outside_the_safe_writer(path)
    allowed = [f for f in found if f.startswith("storage/lock.py")]
    assert [f for f in found if f not in allowed] == []
    assert database.copy_database.__module__ == "facilitator.storage.database"
