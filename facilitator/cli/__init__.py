"""The command line: opens the window, or runs one task (demo, JSON export and import, meetings, documents,
backups, exchanges, circulation, search).

This is a composition root beside the window: it parses arguments, opens the partnership file, calls the core
and a writer, and reports. Rules belong in the core. Expected failures (``KnownError``) are told on stderr in
plain words with exit code 1; argparse reports wrong usage with exit code 2.

One module per group of commands, each adding its commands to the parser: ``demo``, ``files`` (JSON, backups,
check, audit), ``registers`` (meetings), ``documents`` (calendar, minutes, agenda, report, leaflet),
``exchange`` (exchange, apply) and ``reach`` (circulate, reminders, search); the options they share are declared
once in ``options``. What the command line may import is said in ``tests/test_layers.py``.

Storage, writers, the window and even the core's modules are imported inside the commands that use them:
``facilitator.cli`` itself loads only the messages' translations, so ``--help`` and ``--version`` cost little
more than the interpreter, a read-only command loads only what it reads with, and the demo (a large package)
loads only for ``demo``. ``bench/commands.py`` measures each command as a whole process.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from facilitator import APP_NAME, __version__
from facilitator.cli import demo, documents, exchange, files, reach, registers
from facilitator.cli.options import Command, help_option
from facilitator.errors import KnownError
from facilitator.i18n import (
    DOCUMENT_LANGUAGES,
    PSEUDO_LANGUAGE,
    _,
    is_known_language,
    keep_compiled_catalogs,
    set_language,
)

__all__ = ["DOCUMENT_LANGUAGES", "build_parser", "main"]


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser, with help texts in the current language. With ``only`` (the command the arguments
    name), every command is listed with its help but only that one's own options are built: building all of them
    costs a quick command as much as its own start (``main`` builds them all again when the parse shows the
    command was not ``only``)."""
    parser = argparse.ArgumentParser(
        prog="facilitator",
        description=_("{app}: meetings, actions and records of a local drug partnership.").format(
            app=APP_NAME
        ),
        add_help=False,
    )
    help_option(parser)
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
    # A class in argparse's eyes: anything it calls with a command's parser's arguments.
    made = (
        argparse.ArgumentParser
        if only is None
        else cast("type[argparse.ArgumentParser]", _OnlyBuilding(only))
    )
    commands = parser.add_subparsers(
        dest="command", metavar=_("COMMAND"), title=_("commands"), parser_class=made
    )

    # In the order `facilitator --help` lists them.
    demo.add_commands(commands)
    files.add_json_commands(commands)
    registers.add_commands(commands)
    documents.add_calendar_command(commands)
    documents.add_paper_commands(commands)
    files.add_backup_commands(commands)
    documents.add_report_command(commands)
    documents.add_leaflet_command(commands)
    exchange.add_commands(commands)
    reach.add_commands(commands)
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


def _kept_catalog(language: str) -> bytes:
    """A catalog compiled once and kept in the user's cache folder (loaded only when a catalog is needed)."""
    from facilitator.storage.catalog_cache import compiled_catalog

    compiled: bytes = compiled_catalog(language)
    return compiled


def _command_from(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names, read as the real parser reads the options before it; None when it names none."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    early.add_argument("--db")
    early.add_argument("command", nargs="?")
    with contextlib.suppress(SystemExit):  # what the early parser cannot read, the real one tells
        known, _rest = early.parse_known_args(argv)
        return known.command if isinstance(known.command, str) else None
    return None


class _OnlyBuilding:
    """Makes the parser of the command ``only`` and, for every other command, a parser that takes its options
    without building them (``_Unbuilt``): listed in ``--help`` with its help, never used to parse."""

    def __init__(self, only: str) -> None:
        self.only = only

    def __call__(self, **kwargs: Any) -> argparse.ArgumentParser:
        if str(kwargs.get("prog", "")).split()[-1:] == [self.only]:
            return argparse.ArgumentParser(**kwargs)
        return _Unbuilt()


class _Unbuilt(argparse.ArgumentParser):
    """A command's parser that is not built (``build_parser(only=...)``): every option given to it is dropped."""

    def __init__(self) -> None:  # nothing of a parser is made (no super().__init__): this one never parses
        pass

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        return argparse.Action([], "unbuilt")

    def add_mutually_exclusive_group(self, **kwargs: Any) -> argparse._MutuallyExclusiveGroup:
        return self  # type: ignore[return-value]

    def add_subparsers(self, **kwargs: Any) -> argparse._SubParsersAction[argparse.ArgumentParser]:  # type: ignore[override]
        return _UnbuiltCommands()  # type: ignore[return-value]

    def set_defaults(self, **kwargs: Any) -> None:
        pass

    def parse_known_args(self, *args: Any, **kwargs: Any) -> Any:
        raise _NotBuilt


class _NotBuilt(Exception):
    """The parse reached a command whose options were not built: ``main`` builds them all and parses again."""


class _UnbuiltCommands:
    """The actions of an unbuilt command (``exchange export``...): unbuilt too."""

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        return _Unbuilt()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: the process's arguments); return the exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    _streams_never_fail()
    keep_compiled_catalogs(_kept_catalog)
    language = _language_from(arguments)
    if language and _usable_language(language):
        set_language(language)
    named = _command_from(arguments)
    parser = build_parser(only=named)
    command = ""
    try:
        try:
            options = parser.parse_args(arguments)
        except _NotBuilt:  # the arguments name another command than they seemed to: every command built
            parser = build_parser()
            options = parser.parse_args(arguments)
        command = options.command or ""
        if options.command is None:
            return _window(options)
        if getattr(options, "db", None) is None:
            parser.error(_("{command} needs --db PATH").format(command=options.command))
        run: Command = options.run
        from facilitator.storage.logs import start_logging_when_needed

        start_logging_when_needed()  # a command that logs nothing opens no file
        return run(options)
    except SystemExit as leaving:  # --help, --version and usage errors: argparse has already said why
        return leaving.code if isinstance(leaving.code, int) else (0 if leaving.code is None else 2)
    except KnownError as error:
        logging.getLogger(__name__).warning("%s refused: %s", command, type(error).__name__)
        print(str(error), file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`facilitator meetings | head`): nothing more to say, and nobody to say it to.
        _silence_stdout()
        return 1


def _streams_never_fail() -> None:
    """Windows writes a redirected stdout (a pipe, ``> file.txt``) in its ANSI code page, which lacks most of
    the scripts a partnership holds (Polish, Arabic, Cyrillic...): what it cannot write becomes "?" instead of
    a traceback. A console, and every stream that is UTF-8 (macOS, Linux), shows everything as it is."""
    for stream in (sys.stdout, sys.stderr):
        encoding = str(getattr(stream, "encoding", "") or "").lower().replace("-", "").replace("_", "")
        if encoding and not encoding.startswith("utf"):
            with contextlib.suppress(AttributeError, ValueError, OSError):
                stream.reconfigure(errors="replace")  # type: ignore[union-attr]


def _silence_stdout() -> None:
    """Point stdout at the null device, so that Python's flush at exit does not fail on the closed pipe."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _window(options: argparse.Namespace) -> int:
    # Imported here: Qt loads only when the window is wanted, and the other commands work without it.
    from facilitator.ui.app import run

    result: int = run(options.db, options.lang)
    return result
