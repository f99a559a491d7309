"""No command can overwrite what it must not: every command with ``--out`` refuses the partnership file, its
companions, a backup and an existing file (unless ``--force``), and an empty path, in words, touching nothing."""

from __future__ import annotations

import argparse
import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator import cli
from facilitator.cli import build_parser, main
from facilitator.meetings import Meeting, MeetingKind
from facilitator.storage import open_partnership
from facilitator.storage.backup import check
from tests.conftest import demo_file_at


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_file_at(tmp_path_factory.mktemp("demo") / "partnership.sqlite")


@pytest.fixture
def db(demo_file: Path, tmp_path: Path) -> Path:
    path = tmp_path / "p.sqlite"
    shutil.copyfile(demo_file, path)
    return path


def _ids(db: Path) -> dict[str, str]:
    with open_partnership(db, read_only=True) as store:
        meetings = store.all(Meeting)
        public = next(m for m in meetings if m.kind is MeetingKind.PUBLIC)
        return {"meeting": meetings[0].id, "public": public.id, "forum": meetings[0].forum_id}


#: Every command that writes a file, with the arguments it needs besides --db and --out.
COMMANDS: dict[str, Callable[[dict[str, str]], list[str]]] = {
    "export-json": lambda ids: ["export-json"],
    "minutes": lambda ids: [
        "minutes",
        "--meeting",
        ids["meeting"],
        "--audience",
        "full",
        "--lang",
        "en",
        "--format",
        "docx",
    ],
    "agenda": lambda ids: [
        "agenda",
        "--meeting",
        ids["meeting"],
        "--audience",
        "public",
        "--lang",
        "en",
        "--format",
        "docx",
    ],
    "report": lambda ids: [
        "report",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--lang",
        "en",
        "--format",
        "docx",
    ],
    "leaflet": lambda ids: ["leaflet", "--meeting", ids["public"], "--lang", "en", "--format", "docx"],
    "calendar": lambda ids: ["calendar", "--forum", ids["forum"]],
    "audit": lambda ids: ["audit"],
    "backup": lambda ids: ["backup"],
    "exchange export": lambda ids: ["exchange", "export"],
}
#: Commands whose --out is a folder that drafts are written into: tests/test_cli_reach.py checks each draft's
#: path the same way (never over the partnership's own files, an existing draft only with --force).
FOLDER_COMMANDS = {"circulate", "reminders"}


def _every_command(parser: argparse.ArgumentParser, prefix: str = "") -> dict[str, argparse.ArgumentParser]:
    """Every command by its words, the actions of a command with actions too ("exchange export")."""
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                words = f"{prefix} {name}".strip()
                found[words] = sub
                found.update(_every_command(sub, words))
    return found


def test_every_command_with_out_is_covered() -> None:
    """A new command with --out must join COMMANDS, so that it is checked like the others — an action of a
    command (``exchange export``) as much as a command."""
    commands = _every_command(build_parser())
    with_out = {
        name for name, sub in commands.items() if any("--out" in a.option_strings for a in sub._actions)
    }
    assert with_out == set(COMMANDS) | FOLDER_COMMANDS
    for name in with_out:
        options = {s for a in commands[name]._actions for s in a.option_strings}
        assert "--force" in options, name


def test_an_earlier_exchange_file_is_replaced_without_force(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Last week's exchange file on the stick is the one to replace; any other file needs --force."""
    stick = tmp_path / "week.pfexchange"
    assert main(["exchange", "export", "--db", str(db), "--out", str(stick)]) == 0
    first = _sha(stick)
    assert main(["exchange", "export", "--db", str(db), "--out", str(stick)]) == 0
    assert stick.is_file() and _sha(stick) != "-" and first != "-"
    notes = tmp_path / "notes.pfexchange"
    notes.write_text("my notes", encoding="utf-8")
    assert "--force" in _refused(["exchange", "export", "--db", str(db), "--out", str(notes)], notes, capsys)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "-"


def _refused(args: list[str], target: Path, capsys: pytest.CaptureFixture[str]) -> str:
    before = _sha(target)
    capsys.readouterr()
    assert main(args) == 1, args
    said = capsys.readouterr().err
    assert said.strip() and "Traceback" not in said
    assert _sha(target) == before
    return said


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_command_refuses_what_it_must_not_write_over(
    command: str, db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids = _ids(db)
    base = [*COMMANDS[command](ids), "--db", str(db)]
    backups = tmp_path / "backups"
    assert main(["backup", "--db", str(db)]) == 0
    (a_backup,) = backups.glob("*.sqlite")
    for companion in ("-wal", "-shm"):
        Path(str(db) + companion).write_bytes(b"")
    lock = Path(str(db) + ".lock")
    lock.write_text("{}", encoding="utf-8")

    for target, words in (
        (db, "partnership file itself"),
        (Path(str(db) + "-wal"), "belongs to the partnership file"),
        (Path(str(db) + "-shm"), "belongs to the partnership file"),
        (lock, "belongs to the partnership file"),
        (a_backup, "never written over"),
    ):
        for force in ([], ["--force"]):
            said = _refused([*base, "--out", str(target), *force], target, capsys)
            assert words in said, (target, said)
    assert "No file to write to" in _refused([*base, "--out", ""], tmp_path / "nothing", capsys)
    assert "is a folder" in _refused([*base, "--out", str(tmp_path)], tmp_path, capsys)

    existing = tmp_path / "existing.out"
    existing.write_bytes(b"someone's work")
    assert "--force" in _refused([*base, "--out", str(existing)], existing, capsys)
    lock.unlink()
    assert main([*base, "--out", str(existing), "--force"]) == 0
    assert existing.read_bytes() != b"someone's work"
    fresh = tmp_path / "fresh.out"
    assert main([*base, "--out", str(fresh)]) == 0
    assert fresh.stat().st_size > 0
    assert check(db).ok


def test_a_parser_built_for_one_command_reads_it_as_the_whole_parser_does() -> None:
    """``main`` builds only the options of the command its arguments name: that command's help (and its actions'),
    and the list of every command, are those of the parser built whole."""
    whole = build_parser()
    every = _every_command(whole)
    for words, sub in every.items():
        only = build_parser(only=words.split()[0])
        assert only.format_help() == whole.format_help()
        assert _command(only, words).format_help() == sub.format_help(), words


def _command(parser: argparse.ArgumentParser, words: str) -> argparse.ArgumentParser:
    """The parser of the command ``words`` ("exchange export"), found through each parser on the way only."""
    for word in words.split():
        commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = commands.choices[word]
    return parser


def test_a_command_read_otherwise_than_it_seemed_is_parsed_whole(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    arguments = ["check", "--db", str(tmp_path / "none.sqlite")]
    told = main(arguments), capsys.readouterr()
    # As if the arguments named another command than they do:
    monkeypatch.setattr(cli, "_command_from", lambda argv: "backup")
    assert (main(arguments), capsys.readouterr()) == told
    assert "There is no partnership file at" in told[1].out + told[1].err
