"""The command line: opens the window, or runs one task (demo, JSON export and import, meetings, calendar).

This is a composition root beside the window: it parses arguments, opens the partnership file, calls the core
and a writer, and reports. Rules belong in the core. Expected failures (``KnownError``) are told on stderr in
plain words with exit code 1; argparse reports wrong usage with exit code 2.

Storage, writers, the window and even the core's modules are imported inside the commands that use them:
``facilitator.cli`` itself loads only the messages' translations, so ``--help`` and ``--version`` cost little
more than the interpreter, a read-only command loads only what it reads with, and the demo (a large module)
loads only for ``demo``. ``bench/commands.py`` measures each command as a whole process.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator import APP_NAME, __version__
from facilitator.errors import KnownError, NotFound
from facilitator.i18n import (
    PSEUDO_LANGUAGE,
    SOURCE_LANGUAGE,
    _,
    active,
    is_known_language,
    ngettext,
    set_language,
)

if TYPE_CHECKING:
    from facilitator.docmodel import DocumentModel
    from facilitator.entities import Forum
    from facilitator.exports import Format
    from facilitator.leaflets import Folding, LeafletModel, PageSize
    from facilitator.meetings import Meeting
    from facilitator.storage import Partnership
    from facilitator.store import Store

Command = Callable[[argparse.Namespace], int]


def _help_option(parser: argparse.ArgumentParser) -> None:
    # Our own -h so that its text is translated with the rest of the help.
    parser.add_argument("-h", "--help", action="help", help=_("show this help and exit"))


def _db_option(parser: argparse.ArgumentParser, text: str) -> None:
    # SUPPRESS: the sub-command's --db must not overwrite one given before the command name.
    parser.add_argument("--db", type=Path, metavar=_("PATH"), default=argparse.SUPPRESS, help=text)


def _out_option(parser: argparse.ArgumentParser, text: str, *, required: bool = True) -> None:
    """``--out FILE`` and ``--force``: every command that writes a file checks it the same way (``_output``)."""
    # Kept as text: Path("") would silently become the current folder.
    parser.add_argument("--out", required=required, metavar=_("FILE"), help=text)
    parser.add_argument(
        "--force", action="store_true", help=_("replace the file given with --out if it already exists")
    )


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
    _out_option(export, _("the JSON file to write"))
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

    listing = commands.add_parser(
        "meetings",
        add_help=False,
        help=_("list the meetings of a partnership"),
        description=_("List the meetings of every forum, or of one, by date."),
    )
    _help_option(listing)
    _db_option(listing, _("the partnership file to read"))
    listing.add_argument("--forum", metavar=_("ID"), help=_("only the meetings of the forum with this id"))
    listing.add_argument(
        "--json", action="store_true", help=_("write a JSON array instead of a table (for other tools)")
    )
    listing.set_defaults(run=_meetings)

    calendar = commands.add_parser(
        "calendar",
        add_help=False,
        help=_("write meetings to an iCalendar file"),
        description=_(
            "Write one meeting, or every meeting of a forum, to an iCalendar (.ics) file that calendar "
            "programs and phones can import. Only public agenda items are listed in it."
        ),
    )
    _help_option(calendar)
    _db_option(calendar, _("the partnership file to read"))
    which = calendar.add_mutually_exclusive_group(required=True)
    which.add_argument("--meeting", metavar=_("ID"), help=_("the meeting with this id"))
    which.add_argument("--forum", metavar=_("ID"), help=_("every meeting of the forum with this id"))
    _out_option(calendar, _("the iCalendar file to write"))
    calendar.set_defaults(run=_calendar)

    for name, text, description in (
        (
            "minutes",
            _("write the minutes of a meeting as Word or PDF"),
            _("Write the minutes of one meeting for an audience, in a language, as a Word or PDF file."),
        ),
        (
            "agenda",
            _("write the agenda of a meeting as Word or PDF"),
            _("Write the agenda of one meeting for an audience, in a language, as a Word or PDF file."),
        ),
    ):
        paper = commands.add_parser(name, add_help=False, help=text, description=description)
        _help_option(paper)
        _db_option(paper, _("the partnership file to read"))
        paper.add_argument(
            "--meeting", required=True, metavar=_("ID"), help=_("the meeting, by the id `meetings` lists")
        )
        paper.add_argument(
            "--audience",
            required=True,
            metavar="public|partners|full",
            help=_(
                "who the document is for: what they may see is decided by the confidentiality of each item"
            ),
        )
        paper.add_argument(
            "--for-partner",
            metavar=_("ID"),
            help=_("with --audience partners: also show what is restricted to the partner with this id"),
        )
        # Its own dest: the --lang before the command stays the language of the messages.
        paper.add_argument(
            "--lang",
            dest="document_language",
            required=True,
            metavar=_("CODE"),
            help=_("the language of the document, one of: {codes}").format(
                codes=" ".join(DOCUMENT_LANGUAGES)
            ),
        )
        paper.add_argument("--format", required=True, metavar="pdf|docx", help=_("the kind of file to write"))
        _out_option(paper, _("the file to write"))
        paper.set_defaults(run=_paper, paper=name)
    _backup_commands(commands)
    _report_command(commands)
    _leaflet_command(commands)
    from facilitator.cli.exchange import add_commands  # beside this module; it imports the helpers above

    add_commands(commands)
    from facilitator.cli.reach import add_commands as add_reach_commands  # circulate, reminders, search

    add_reach_commands(commands, {"help": _help_option, "db": _db_option})
    return parser


def _leaflet_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    leaflet = commands.add_parser(
        "leaflet",
        add_help=False,
        help=_("write the leaflet of a public meeting as PDF or Word"),
        description=_(
            "Write the leaflet of a public meeting in up to four languages, a page each or a panel each of a "
            "folded A4 sheet, as a PDF or Word file. Only public content is printed."
        ),
    )
    _help_option(leaflet)
    _db_option(leaflet, _("the partnership file to read"))
    leaflet.add_argument(
        "--meeting", required=True, metavar=_("ID"), help=_("the public meeting, by the id `meetings` lists")
    )
    # Its own dest: the --lang before the command stays the language of the messages.
    leaflet.add_argument(
        "--lang", dest="document_language", required=True, metavar=_("CODE"), help=_("the leaflet's language")
    )
    leaflet.add_argument(
        "--second-lang",
        "--also",
        dest="more_languages",
        action="append",
        default=[],
        metavar=_("CODE"),
        help=_("a further language (up to three): a page each, or a panel each with --folded"),
    )
    leaflet.add_argument(
        "--folded", action="store_true", help=_("a folded A4 sheet with an A5 panel for each language")
    )
    leaflet.add_argument("--size", default="a4", metavar="a4|a5", help=_("the paper size (default a4)"))
    leaflet.add_argument(
        "--large-print", action="store_true", help=_("large print (14 point and more, on A4)")
    )
    leaflet.add_argument("--format", required=True, metavar="pdf|docx", help=_("the kind of file to write"))
    _out_option(leaflet, _("the file to write"))
    leaflet.set_defaults(run=_leaflet)


def _backup_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``backup``, ``backups``, ``restore``, ``check`` and ``audit``: keeping the partnership file safe."""
    backup = commands.add_parser(
        "backup",
        add_help=False,
        help=_("make a backup copy of a partnership file"),
        description=_(
            "Copy a partnership file with SQLite's online backup (safe while the window has it open), to FILE "
            "or into the backups folder beside it."
        ),
    )
    _help_option(backup)
    _db_option(backup, _("the partnership file to copy"))
    _out_option(backup, _("where to write the copy"), required=False)
    backup.set_defaults(run=_backup)

    listing = commands.add_parser(
        "backups",
        add_help=False,
        help=_("list the backups of a partnership file"),
        description=_("List the backups of a partnership file, newest first, with what each one holds."),
    )
    _help_option(listing)
    _db_option(listing, _("the partnership file whose backups to list"))
    listing.set_defaults(run=_backups)

    restore = commands.add_parser(
        "restore",
        add_help=False,
        help=_("replace a partnership file by a backup"),
        description=_(
            "Replace a partnership file by one of its backups. The backup is checked first, and the file as it "
            "is now is kept in the backups folder."
        ),
    )
    _help_option(restore)
    _db_option(restore, _("the partnership file to replace"))
    restore.add_argument(
        "--from", dest="source", type=Path, required=True, metavar=_("FILE"), help=_("the backup to restore")
    )
    restore.add_argument(
        "--force",
        action="store_true",
        help=_("restore even a backup of another partnership (everything in the file is replaced)"),
    )
    restore.set_defaults(run=_restore)

    check = commands.add_parser(
        "check",
        add_help=False,
        help=_("check a partnership file for damage"),
        description=_(
            "Run SQLite's full integrity check and report the schema and contents; exit code 1 when the file "
            "is damaged."
        ),
    )
    _help_option(check)
    _db_option(check, _("the partnership file to check"))
    check.set_defaults(run=_check)

    trail = commands.add_parser(
        "audit",
        add_help=False,
        help=_("export the audit trail as CSV"),
        description=_(
            "Write every recorded change (when, who, which record, field, old and new value) as CSV."
        ),
    )
    _help_option(trail)
    _db_option(trail, _("the partnership file to read"))
    _out_option(trail, _("the CSV file to write"))
    trail.set_defaults(run=_audit)


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
    _streams_never_fail()
    language = _language_from(arguments)
    if language and _usable_language(language):
        set_language(language)
    parser = build_parser()
    command = ""
    try:
        options = parser.parse_args(arguments)
        command = options.command or ""
        if options.command is None:
            return _window(options)
        if getattr(options, "db", None) is None:
            parser.error(_("{command} needs --db PATH").format(command=options.command))
        run: Command = options.run
        from facilitator.storage.logs import start_logging

        start_logging()
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


@contextlib.contextmanager
def _new_partnership(path: Path) -> Iterator[Partnership]:
    """Open ``path`` for writing; if it did not exist and the command fails (a bad record, a full disk, an
    interruption), remove everything opening created, so no half-made file is left."""
    from facilitator.safe_files import remove_quietly
    from facilitator.storage import open_partnership

    existed = path.exists()
    partnership = open_partnership(path)
    try:
        yield partnership
    except BaseException:
        partnership.close()
        if not existed:
            remove_quietly(path)
        raise
    partnership.close()


def _demo(options: argparse.Namespace) -> int:
    from facilitator.demo import build_demo

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
    from facilitator.document import build_document

    return _records_in(build_document(store))


def _records_in(document: dict[str, object]) -> int:
    return sum(len(rows) for rows in document.values() if isinstance(rows, list))


def _export_json(options: argparse.Namespace) -> int:
    from facilitator.document import build_document
    from facilitator.exports.json_file import write_json
    from facilitator.storage import open_partnership

    out = _output(options)
    # Read-only: no writer lock, so a file that is open in the window can still be exported.
    partnership = open_partnership(options.db, read_only=True)
    try:
        document = build_document(partnership)
    finally:
        partnership.close()
    write_json(out, document)
    count = _records_in(document)
    print(
        ngettext(
            "Exported {count} record from {db} to {out}.",
            "Exported {count} records from {db} to {out}.",
            count,
        ).format(count=count, db=options.db, out=out)
    )
    return 0


def _import_json(options: argparse.Namespace) -> int:
    from facilitator.document import load_document, parse_document
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


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[Partnership]:
    """Open ``path`` read-only: no writer lock, so a file open in the window can still be read."""
    from facilitator.storage import open_partnership

    partnership = open_partnership(path, read_only=True)
    try:
        yield partnership
    finally:
        partnership.close()


def _output(options: argparse.Namespace, *inputs: Path) -> Path:
    """Where the command may write (``--out``): never over the partnership file, its companions, a backup or
    an input, and over an existing file only with ``--force`` (``storage.outputs.check_output``)."""
    from facilitator.storage.outputs import check_output

    checked: Path = check_output(options.out, database=options.db, inputs=inputs, force=options.force)
    return checked


def _forum_named(store: Store, forum_id: str, db: Path) -> Forum:
    from facilitator.entities import Forum

    forum = store.find(Forum, forum_id)
    if forum is None:
        raise NotFound(_("There is no forum with the id {id} in {db}.").format(id=forum_id, db=db))
    return forum


def _meetings(options: argparse.Namespace) -> int:
    from facilitator.entities import Forum
    from facilitator.meeting_ops import meetings_of

    with _reading(options.db) as partnership:
        if options.forum:
            _forum_named(partnership, options.forum, options.db)
        found = meetings_of(partnership, options.forum)
        forums = {f.id: f for f in partnership.all(Forum, include_archived=True)}
    if options.json:
        rows = [_meeting_json(m, forums.get(m.forum_id)) for m in found]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not found:
        print(_("There are no meetings."))
        return 0
    print(_table(found, forums))
    return 0


def _meeting_json(meeting: Meeting, forum: Forum | None) -> dict[str, object]:
    return {
        "id": meeting.id,
        "forum": meeting.forum_id,
        "forum_name": forum.name if forum else "",
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat(),
        "timezone": meeting.timezone,
        "duration_minutes": meeting.duration_minutes,
        "kind": meeting.kind.value,
        "status": meeting.status.value,
        "title": meeting.title,
        "venue": meeting.venue,
        "cancelled_reason": meeting.cancelled_reason,
    }


def _table(meetings: Sequence[Meeting], forums: dict[str, Forum]) -> str:
    """Meetings as a plain text table, dates and times in the language's own format."""
    language = active()
    header = [_("Date"), _("Time"), _("Forum"), _("Kind"), _("Status"), _("Id")]
    rows = [
        [
            language.format_date(m.starts_at.date()),
            language.format_time(m.starts_at.time()),
            forums[m.forum_id].name if m.forum_id in forums else m.forum_id,
            m.kind.label,
            m.status.label,
            m.id,
        ]
        for m in meetings
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _calendar(options: argparse.Namespace) -> int:
    from facilitator.entities import Forum
    from facilitator.exports.ics import write_calendar
    from facilitator.meeting_ops import agenda, meetings_of
    from facilitator.meetings import Meeting

    out = _output(options)
    with _reading(options.db) as partnership:
        if options.meeting:
            meeting = partnership.find(Meeting, options.meeting)
            if meeting is None:
                raise NotFound(
                    _("There is no meeting with the id {id} in {db}.").format(
                        id=options.meeting, db=options.db
                    )
                )
            chosen = [meeting]
        else:
            _forum_named(partnership, options.forum, options.db)
            chosen = meetings_of(partnership, options.forum)
        forums = {f.id: f for f in partnership.all(Forum, include_archived=True)}
        agendas = {m.id: agenda(partnership, m.id) for m in chosen}
    write_calendar(out, chosen, forums, agendas=agendas)
    print(
        ngettext(
            "Wrote {count} meeting to {out}.",
            "Wrote {count} meetings to {out}.",
            len(chosen),
        ).format(count=len(chosen), out=out)
    )
    return 0


#: Languages documents are written in from the command line (labels, plural forms and dates for each).
from facilitator.i18n import DOCUMENT_LANGUAGES  # noqa: E402 - kept beside the other document options

AUDIENCES = ("public", "partners", "full")
#: The longest period a report covers (a partnership's whole life; longer is a typing mistake).
MAX_REPORT_YEARS = 50
def _paper(options: argparse.Namespace) -> int:
    """Minutes or agenda of one meeting, for an audience and in a language, written as PDF or DOCX."""
    from facilitator.audience import Audience
    from facilitator.entities import Partner
    from facilitator.meetings import Meeting
    from facilitator.minutes import build_agenda, build_minutes

    # main() took the first --lang it saw for the messages; a document's --lang is not the reader's language.
    set_language(options.lang or SOURCE_LANGUAGE)
    language = options.document_language
    if language not in DOCUMENT_LANGUAGES or not is_known_language(language):
        raise KnownError(
            _("Documents cannot be written in '{code}'.").format(code=language),
            hint=_("Choose one of: {codes}.").format(codes=", ".join(DOCUMENT_LANGUAGES)),
        )
    if options.audience not in AUDIENCES:
        raise KnownError(
            _("'{audience}' is not an audience.").format(audience=options.audience),
            hint=_("Choose one of: {audiences}.").format(audiences=", ".join(AUDIENCES)),
        )
    if options.for_partner is not None and options.audience != "partners":
        raise KnownError(_("--for-partner goes only with --audience partners."))
    fmt = _format(options)
    out = _output(options)
    with _reading(options.db) as partnership:
        if partnership.find(Meeting, options.meeting) is None:
            raise NotFound(
                _("There is no meeting with the id {id} in {db}.").format(id=options.meeting, db=options.db),
                hint=_("`facilitator meetings --db PATH` lists the meetings with their ids."),
            )
        if options.for_partner is not None:
            if partnership.find(Partner, options.for_partner) is None:
                raise NotFound(
                    _("There is no partner with the id {id} in {db}.").format(
                        id=options.for_partner, db=options.db
                    )
                )
            audience = Audience.for_partner(options.for_partner)
        else:
            audience = {
                "public": Audience.public(),
                "partners": Audience.partners(),
                "full": Audience.full(),
            }[options.audience]
        build = build_minutes if options.paper == "minutes" else build_agenda
        model = build(partnership, options.meeting, audience, language)
    _write_document(model, fmt, out)
    if model.untranslated:
        print(
            ngettext(
                "{count} text has no translation into {language} and is printed in the original:",
                "{count} texts have no translation into {language} and are printed in the original:",
                len(model.untranslated),
            ).format(count=len(model.untranslated), language=active().language_name(language))
        )
        for text in model.untranslated:
            print(f"  - {text}")
    return 0


def _format(options: argparse.Namespace) -> Format:
    """The ``--format`` asked for, as one of the formats documents are written in."""
    from facilitator.exports import Format

    return Format.named(options.format)


def _write_document(model: DocumentModel, fmt: Format, out: Path) -> None:
    """Write a minutes, agenda or report model as PDF or DOCX and say where."""
    _write(model, fmt, out)


def _write(
    model: DocumentModel | LeafletModel,
    fmt: Format,
    out: Path,
    *,
    size: PageSize | None = None,
    large_print: bool = False,
    folding: Folding | None = None,
) -> None:
    """Write a document or leaflet through ``exports.write`` and say where. A PDF never waits for the bold fonts
    to be cut (``fonts.never_wait``): they are cut afterwards, in the background (``_bold_later``)."""
    from facilitator import exports
    from facilitator.exports import Format, fonts

    if fmt is not Format.PDF:
        exports.write(model, fmt, out, size=size, large_print=large_print, folding=folding)
        print(_("Wrote {out}.").format(out=out))
        return
    with fonts.never_wait():
        exports.write(model, fmt, out, size=size, large_print=large_print, folding=folding)
    print(_("Wrote {out}.").format(out=out))
    _bold_later()


def _bold_later() -> None:
    """After a PDF written without waiting for the bold fonts (the first on a machine): cut them in a process
    of their own, so this command ends now and the next document has its bold."""
    from facilitator.exports import fonts

    if fonts.build_in_background() is not None:
        print(
            _(
                "Bold text was printed in the regular weight this time: the bold font is being prepared "
                "in the background for the next documents (once per machine)."
            )
        )


def _backup(options: argparse.Namespace) -> int:
    from facilitator.storage.backup import back_up_file

    target = back_up_file(options.db, _output(options) if options.out is not None else None)
    print(_("Copied {db} to {out}.").format(db=options.db, out=target))
    return 0


def _backups(options: argparse.Namespace) -> int:
    from facilitator.storage.backup import list_backups

    found = list_backups(options.db)
    if not found:
        print(_("There are no backups of {db}.").format(db=options.db))
        return 0
    for info in found:
        print(f"{info.describe()}\n    {info.path}")
    return 0


def _restore(options: argparse.Namespace) -> int:
    from facilitator.storage.backup import restore

    done = restore(options.db, options.source, force=options.force)
    print(
        _("Restored {db} from {backup}: {summary}.").format(
            db=options.db, backup=options.source, summary=done.summary.describe()
        )
    )
    if done.previous_kept_as is not None:
        print(_("The file as it was is kept as {path}.").format(path=done.previous_kept_as))
    return 0


def _check(options: argparse.Namespace) -> int:
    from facilitator.storage.backup import check

    report = check(options.db)
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


def _audit(options: argparse.Namespace) -> int:
    from facilitator.exports.files import write_atomically
    from facilitator.storage.audit import audit_csv, trail

    out = _output(options)
    with _reading(options.db) as partnership:
        entries = trail(partnership.db)
    write_atomically(out, audit_csv(entries).encode("utf-8-sig"))
    print(
        ngettext("Wrote {count} change to {out}.", "Wrote {count} changes to {out}.", len(entries)).format(
            count=len(entries), out=out
        )
    )
    return 0


# --- the year in review -------------------------------------------------------------------------------------------


def _report_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``report``: the year in review (indicators, charts, meetings, decisions) as PDF or Word."""
    report = commands.add_parser(
        "report",
        add_help=False,
        help=_("write the year in review as Word or PDF"),
        description=_(
            "Write the partnership's indicators over a period (meetings, attendance, actions, conflicts, notices "
            "and escalations, with their charts and definitions), the meetings held and the decisions taken, for "
            "partners or the public, in a language, as a Word or PDF file."
        ),
    )
    _help_option(report)
    _db_option(report, _("the partnership file to read"))
    report.add_argument(
        "--forum", metavar=_("ID"), help=_("only the forum with this id (default: every forum)")
    )
    report.add_argument(
        "--from", dest="start", required=True, metavar=_("DATE"), help=_("the first day, as 2025-01-01")
    )
    report.add_argument(
        "--to", dest="end", required=True, metavar=_("DATE"), help=_("the last day, as 2025-12-31")
    )
    report.add_argument(
        "--audience",
        default="partners",
        metavar="public|partners",
        help=_(
            "who the report is for: the public version has no conflicts, notices or partners-only decisions"
        ),
    )
    report.add_argument(
        "--lang",
        dest="document_language",
        required=True,
        metavar=_("CODE"),
        help=_("the language of the document, one of: {codes}").format(codes=" ".join(DOCUMENT_LANGUAGES)),
    )
    report.add_argument("--format", required=True, metavar="pdf|docx", help=_("the kind of file to write"))
    _out_option(report, _("the file to write"))
    report.set_defaults(run=_report)


#: The years a report may cover: a partnership's records are never outside them, and date arithmetic near
#: the ends of the calendar (year 1, year 9999) would fail.
REPORT_YEARS = (1900, 2200)


def _day(text: str, option: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise KnownError(
            _("{option} {value} is not a date.").format(option=option, value=text),
            hint=_("Write dates as year-month-day, for example 2025-01-31."),
        ) from None
    first, last = REPORT_YEARS
    if not first <= day.year <= last:
        raise KnownError(
            _("{option} {value} is not a date a report can cover.").format(option=option, value=text),
            hint=_("Give a day between the years {first} and {last}.").format(first=first, last=last),
        )
    return day


def _report(options: argparse.Namespace) -> int:
    """The year in review of a period, for partners or the public, written as PDF or DOCX."""
    from facilitator.audience import Audience
    from facilitator.indicators import Period
    from facilitator.year_review import year_in_review

    set_language(options.lang or SOURCE_LANGUAGE)
    language = options.document_language
    if language not in DOCUMENT_LANGUAGES or not is_known_language(language):
        raise KnownError(
            _("Documents cannot be written in '{code}'.").format(code=language),
            hint=_("Choose one of: {codes}.").format(codes=", ".join(DOCUMENT_LANGUAGES)),
        )
    audiences = {"public": Audience.public(), "partners": Audience.partners()}
    if options.audience not in audiences:
        raise KnownError(
            _("'{audience}' is not an audience.").format(audience=options.audience),
            hint=_("Choose one of: {audiences}.").format(audiences=", ".join(audiences)),
        )
    fmt = _format(options)
    start, end = _day(options.start, "--from"), _day(options.end, "--to")
    if end < start:
        raise KnownError(_("The period ends before it starts."), hint=_("Give --from a day before --to."))
    if end.year - start.year > MAX_REPORT_YEARS:
        raise KnownError(
            _("A report covers at most {years} years.").format(years=MAX_REPORT_YEARS),
            hint=_("Give a shorter period between --from and --to."),
        )
    out = _output(options)
    with _reading(options.db) as partnership:
        if options.forum:
            _forum_named(partnership, options.forum, options.db)
        model = year_in_review(
            partnership, Period(start, end), language, options.forum, audience=audiences[options.audience]
        )
    _write_document(model, fmt, out)
    return 0


def _leaflet(options: argparse.Namespace) -> int:
    """The leaflet of a public meeting, written as PDF or DOCX; a leaflet too long for one page is refused."""
    from facilitator.leaflets import Folding, PageSize, build_leaflet, leaflet_of, personal_data_warnings
    from facilitator.meetings import Meeting

    set_language(options.lang or SOURCE_LANGUAGE)
    for code in (options.document_language, *options.more_languages):
        if code is not None and not is_known_language(code):
            raise KnownError(_("'{code}' is not a known language code").format(code=code))
    sizes = {size.value: size for size in PageSize}
    if options.size.lower() not in sizes:
        raise KnownError(
            _("'{size}' is not a paper size for leaflets.").format(size=options.size),
            hint=_("Choose one of: {sizes}.").format(sizes=", ".join(sizes)),
        )
    fmt = _format(options)
    size = sizes[options.size.lower()]
    folding = Folding.FOLDED if options.folded else Folding.SET
    out = _output(options)
    with _reading(options.db) as partnership:
        if partnership.find(Meeting, options.meeting) is None:
            raise NotFound(
                _("There is no meeting with the id {id} in {db}.").format(id=options.meeting, db=options.db),
                hint=_("`facilitator meetings --db PATH` lists the meetings with their ids."),
            )
        model = build_leaflet(
            partnership, options.meeting, options.document_language, *options.more_languages
        )
        written = leaflet_of(partnership, options.meeting)
        warnings = personal_data_warnings(partnership, written) if written is not None else []
    _write(model, fmt, out, size=size, large_print=options.large_print, folding=folding)
    for warning in warnings:
        print(_("Warning: {warning}").format(warning=warning), file=sys.stderr)
    untranslated = [text for side in model.sides for text in side.untranslated]
    if untranslated:
        print(
            ngettext(
                "{count} text has no translation and is printed in the original:",
                "{count} texts have no translation and are printed in the original:",
                len(untranslated),
            ).format(count=len(untranslated))
        )
        for text in untranslated:
            print(f"  - {text}")
    return 0
