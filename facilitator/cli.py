"""The command line: opens the window, or runs one task (demo, JSON export and import) without it.

This is a composition root beside the window: it parses arguments, opens the partnership file, calls the core
and a writer, and reports. Rules belong in the core. Expected failures (``KnownError``) are told on stderr in
plain words with exit code 1; argparse reports wrong usage with exit code 2.

Storage, writers and the window are imported inside the commands that use them: ``facilitator.cli`` itself
then loads neither SQLite nor Qt, so ``--help`` is quick and the core's layering stays checkable.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator import APP_NAME, __version__
from facilitator.demo import build_demo
from facilitator.document import build_document, load_document, parse_document
from facilitator.errors import KnownError
from facilitator.i18n import PSEUDO_LANGUAGE, _, is_known_language, ngettext, set_language

if TYPE_CHECKING:
    from facilitator.storage import Partnership
    from facilitator.store import Store

Command = Callable[[argparse.Namespace], int]


def _help_option(parser: argparse.ArgumentParser) -> None:
    # Our own -h so that its text is translated with the rest of the help.
    parser.add_argument("-h", "--help", action="help", help=_("show this help and exit"))


def _db_option(parser: argparse.ArgumentParser, text: str) -> None:
    # SUPPRESS: the sub-command's --db must not overwrite one given before the command name.
    parser.add_argument("--db", type=Path, metavar=_("PATH"), default=argparse.SUPPRESS, help=text)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with help texts in the current language."""
    parser = argparse.ArgumentParser(
        prog="facilitator",
        description=_("{app}: meetings, actions and records of a local drug partnership.").format(
            app=APP_NAME
        ),
        add_help=False,
    )
    _help_option(parser)
    parser.add_argument(
        "--version",
        action="version",
        version=f"{APP_NAME} {__version__}",
        help=_("show the version and exit"),
    )
    parser.add_argument(
        "--db",
        type=Path,
        metavar=_("PATH"),
        help=_("the partnership file to open (created when it does not exist)"),
    )
    parser.add_argument(
        "--lang",
        type=_language_code,
        metavar=_("CODE"),
        help=_("the language of the window and messages, e.g. fr"),
    )
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"), title=_("commands"))

    demo = commands.add_parser(
        "demo",
        add_help=False,
        help=_("create a demonstration partnership"),
        description=_("Fill a new or empty partnership file with a realistic demonstration partnership."),
    )
    _help_option(demo)
    _db_option(demo, _("the partnership file to create (it must be new or empty)"))
    demo.add_argument(
        "--years",
        type=int,
        default=1,
        metavar=_("N"),
        help=_("how many years of meetings to make up (default 1)"),
    )
    demo.set_defaults(run=_demo)

    export = commands.add_parser(
        "export-json",
        add_help=False,
        help=_("write the whole partnership to a JSON file"),
        description=_("Write every record of a partnership file, archived ones too, to one JSON document."),
    )
    _help_option(export)
    _db_option(export, _("the partnership file to export"))
    export.add_argument(
        "--out", type=Path, required=True, metavar=_("FILE"), help=_("the JSON file to write")
    )
    export.set_defaults(run=_export_json)

    load = commands.add_parser(
        "import-json",
        add_help=False,
        help=_("read a JSON file into a new or empty partnership file"),
        description=_(
            "Read a JSON document exported by this app into a new or empty partnership file. Everything is "
            "checked first; if anything is wrong, nothing is written."
        ),
    )
    _help_option(load)
    _db_option(load, _("the partnership file to create (it must be new or empty)"))
    load.add_argument("file", type=Path, metavar=_("FILE"), help=_("the JSON file to read"))
    load.set_defaults(run=_import_json)
    return parser


def _usable_language(code: str) -> bool:
    return code == PSEUDO_LANGUAGE or is_known_language(code)


def _language_code(code: str) -> str:
    """Argparse type of --lang: refuse a code Babel does not know, before anything else is done."""
    if not _usable_language(code):
        raise argparse.ArgumentTypeError(_("'{code}' is not a known language code").format(code=code))
    return code


def _language_from(argv: Sequence[str]) -> str | None:
    """The --lang value, found before the real parser is built so that its help is in that language."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    known, _rest = early.parse_known_args(argv)
    return known.lang if isinstance(known.lang, str) else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: the process's arguments); return the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    language = _language_from(arguments)
    if language and _usable_language(language):
        set_language(language)
    parser = build_parser()
    try:
        options = parser.parse_args(arguments)
        if options.command is None:
            return _window(options)
        if getattr(options, "db", None) is None:
            parser.error(_("{command} needs --db PATH").format(command=options.command))
        run: Command = options.run
        return run(options)
    except SystemExit as leaving:  # --help, --version and usage errors: argparse has already said why
        return leaving.code if isinstance(leaving.code, int) else (0 if leaving.code is None else 2)
    except KnownError as error:
        print(str(error), file=sys.stderr)
        return 1


def _window(options: argparse.Namespace) -> int:
    # Imported here: Qt loads only when the window is wanted, and the other commands work without it.
    from facilitator.ui.app import run

    result: int = run(options.db, options.lang)
    return result


@contextlib.contextmanager
def _new_partnership(path: Path) -> Iterator[Partnership]:
    """Open ``path`` for writing; if it did not exist and the command fails, remove what opening created."""
    from facilitator.storage import open_partnership

    existed = path.exists()
    partnership = open_partnership(path)
    try:
        yield partnership
    except BaseException:
        partnership.close()
        if not existed:
            for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()
        raise
    partnership.close()


def _demo(options: argparse.Namespace) -> int:
    with _new_partnership(options.db) as partnership:
        build_demo(partnership, years=options.years)
        count = _count(partnership)
    print(
        ngettext(
            "Created a demonstration partnership in {path} ({count} record).",
            "Created a demonstration partnership in {path} ({count} records).",
            count,
        ).format(path=options.db, count=count)
    )
    return 0


def _count(store: Store) -> int:
    return _records_in(build_document(store))


def _records_in(document: dict[str, object]) -> int:
    return sum(len(rows) for rows in document.values() if isinstance(rows, list))


def _export_json(options: argparse.Namespace) -> int:
    from facilitator.exports.json_file import write_json
    from facilitator.storage import open_partnership

    # Read-only: no writer lock, so a file that is open in the window can still be exported.
    partnership = open_partnership(options.db, read_only=True)
    try:
        document = build_document(partnership)
    finally:
        partnership.close()
    write_json(options.out, document)
    count = _records_in(document)
    print(
        ngettext(
            "Exported {count} record from {db} to {out}.",
            "Exported {count} records from {db} to {out}.",
            count,
        ).format(count=count, db=options.db, out=options.out)
    )
    return 0


def _import_json(options: argparse.Namespace) -> int:
    from facilitator.exports.json_file import read_json

    # Everything is read and checked before the partnership file is even created.
    records = parse_document(read_json(options.file))
    with _new_partnership(options.db) as partnership:
        count = load_document(partnership, records)
    print(
        ngettext("Imported {count} record into {db}.", "Imported {count} records into {db}.", count).format(
            count=count, db=options.db
        )
    )
    return 0
