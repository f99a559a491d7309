"""What every command of the command line shares: its options (``--help``, ``--db``, ``--out`` with ``--force``,
``--audience`` with ``--for-partner``, a document's ``--lang`` and ``--format``) and the checks behind them
(the file to write, the audience, the language, the records named by id).

Declared once here so that a command's option reads and fails the same way in every command. Storage and the
core's modules are imported inside the helpers that use them, as everywhere in the command line.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from facilitator.errors import KnownError, NotFound
from facilitator.i18n import DOCUMENT_LANGUAGES, SOURCE_LANGUAGE, _, is_known_language, set_language

if TYPE_CHECKING:
    from facilitator.audience import Audience
    from facilitator.entities import Forum, Partner, R
    from facilitator.meetings import Meeting
    from facilitator.storage import Partnership
    from facilitator.storage.reading import Reader
    from facilitator.store import Store


Command = Callable[[argparse.Namespace], int]
#: The parser's commands (or a command's actions), to which each module of the command line adds its own.
Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"

#: The audiences a document can be written for, by the words the command line takes.
AUDIENCES = ("public", "partners", "full")


def help_option(parser: argparse.ArgumentParser) -> None:
    """Our own ``-h`` so that its text is translated with the rest of the help."""
    parser.add_argument("-h", "--help", action="help", help=_("show this help and exit"))


def command(
    commands: Commands, name: str, *, help: str, description: str, db: str | None = None
) -> argparse.ArgumentParser:
    """A command (or an action of one) with its translated ``--help`` and, with ``db`` (what the file is to the
    command), its ``--db``."""
    parser = commands.add_parser(name, add_help=False, help=help, description=description)
    help_option(parser)
    if db is not None:
        db_option(parser, db)
    return parser


def db_option(parser: argparse.ArgumentParser, text: str) -> None:
    """``--db PATH``: the partnership file the command works on."""
    # SUPPRESS: the sub-command's --db must not overwrite one given before the command name.
    parser.add_argument("--db", type=Path, metavar=_("PATH"), default=argparse.SUPPRESS, help=text)


def out_option(
    parser: argparse.ArgumentParser,
    text: str,
    *,
    required: bool = True,
    metavar: str | None = None,
    force: str | None = None,
) -> None:
    """``--out FILE`` and ``--force``: every command that writes a file checks it the same way (``output``);
    ``metavar`` and ``force`` name what is written when it is not one file (a folder of drafts)."""
    # Kept as text: Path("") would silently become the current folder.
    parser.add_argument("--out", required=required, metavar=metavar or _("FILE"), help=text)
    parser.add_argument(
        "--force",
        action="store_true",
        help=force or _("replace the file given with --out if it already exists"),
    )


def audience_options(
    parser: argparse.ArgumentParser,
    text: str,
    *,
    partner: str | None,
    metavar: str = "|".join(AUDIENCES),
    required: bool = False,
    default: str | None = None,
) -> None:
    """``--audience`` and, where a partner's own version can be asked for, ``--for-partner`` (read by
    ``chosen_audience``)."""
    parser.add_argument("--audience", required=required, default=default, metavar=metavar, help=text)
    if partner is not None:
        parser.add_argument("--for-partner", dest="for_partner", metavar=_("ID"), help=partner)


def document_options(parser: argparse.ArgumentParser, language: str | None = None) -> None:
    """A document's ``--lang`` (its own dest: the ``--lang`` before the command stays the language of the
    messages) and ``--format``."""
    parser.add_argument(
        "--lang",
        dest="document_language",
        required=True,
        metavar=_("CODE"),
        help=language
        or _("the language of the document, one of: {codes}").format(codes=" ".join(DOCUMENT_LANGUAGES)),
    )
    parser.add_argument("--format", required=True, metavar="pdf|docx", help=_("the kind of file to write"))


def messages_in_reader_language(options: argparse.Namespace) -> None:
    """main() took the first --lang it saw for the messages; a document's --lang is not the reader's language."""
    set_language(options.lang or SOURCE_LANGUAGE)


def document_language(options: argparse.Namespace) -> str:
    """The document's ``--lang``, refused when documents are not written in it."""
    language: str = options.document_language
    if language not in DOCUMENT_LANGUAGES or not is_known_language(language):
        raise KnownError(
            _("Documents cannot be written in '{code}'.").format(code=language),
            hint=_("Choose one of: {codes}.").format(codes=", ".join(DOCUMENT_LANGUAGES)),
        )
    return language


def chosen_audience(options: argparse.Namespace, choices: Sequence[str] = AUDIENCES) -> Audience:
    """The ``--audience`` (one of ``choices``) with its ``--for-partner``, refused when they do not go
    together. Whether the partner exists is asked of the file (``partner_named``)."""
    from facilitator.audience import Audience, AudienceKind

    if options.audience not in choices:
        raise KnownError(
            _("'{audience}' is not an audience.").format(audience=options.audience),
            hint=_("Choose one of: {audiences}.").format(audiences=", ".join(choices)),
        )
    for_partner = getattr(options, "for_partner", None)
    if for_partner is not None and options.audience != AudienceKind.PARTNERS.value:
        raise KnownError(_("--for-partner goes only with --audience partners."))
    if for_partner is not None:
        return Audience.for_partner(for_partner)
    return Audience(AudienceKind(options.audience))


@contextlib.contextmanager
def reading(path: Path) -> Iterator[Reader]:
    """Open ``path`` read-only: no writer lock, so a file open in the window can still be read; read with
    Python's sqlite3 alone (``storage.reading``), so that a command that only reads never loads sqlite-utils."""
    from facilitator.storage.reading import open_reading

    reader = open_reading(path)
    try:
        yield reader
    finally:
        reader.close()


def open_for_writing(path: Path) -> Partnership:
    """Open ``path`` for writing (``storage.open_partnership``). A file whose search index must be built first
    (made by an earlier version, or its index damaged) says so on stderr, rather than the command staying silent
    for the seconds that takes on years of records."""
    from facilitator.storage import open_partnership, search_index
    from facilitator.storage.sqlite_errors import plain_errors

    partnership = open_partnership(path, build_search=False)
    if partnership.search_readiness is search_index.Readiness.BUILD:
        if not partnership.is_empty():
            print(_("Preparing the search of this file first (a few seconds, once)…"), file=sys.stderr)
        try:
            with plain_errors(partnership.path):
                search_index.rebuild(partnership)
        except BaseException:
            partnership.close()
            raise
    return partnership


@contextlib.contextmanager
def reading_with_sqlite_utils(path: Path) -> Iterator[Partnership]:
    """Open ``path`` read-only as ``reading`` does, for the few commands that read what storage reads through
    sqlite-utils (the search index, the audit trail, the exchange's decisions)."""
    from facilitator.storage import open_partnership

    partnership = open_partnership(path, read_only=True)
    try:
        yield partnership
    finally:
        partnership.close()


def output(options: argparse.Namespace, *inputs: Path) -> Path:
    """Where the command may write (``--out``): never over the partnership file, its companions, a backup or
    an input, and over an existing file only with ``--force`` (``storage.outputs.check_output``)."""
    from facilitator.storage.outputs import check_output

    checked: Path = check_output(options.out, database=options.db, inputs=inputs, force=options.force)
    return checked


def forum_named(store: Store, forum_id: str, db: Path) -> Forum:
    """The forum with this id, or the plain words that there is none."""
    from facilitator.entities import Forum

    return _found(store, Forum, forum_id, _("There is no forum with the id {id} in {db}."), db)


def meeting_named(store: Store, meeting_id: str, db: Path) -> Meeting:
    """The meeting with this id, or the plain words that there is none and where the ids are listed."""
    from facilitator.meetings import Meeting

    return _found(
        store,
        Meeting,
        meeting_id,
        _("There is no meeting with the id {id} in {db}."),
        db,
        hint=_("`facilitator meetings --db PATH` lists the meetings with their ids."),
    )


def partner_named(store: Store, partner_id: str, db: Path) -> Partner:
    """The partner with this id, or the plain words that there is none."""
    from facilitator.entities import Partner

    return _found(store, Partner, partner_id, _("There is no partner with the id {id} in {db}."), db)


def _found(store: Store, kind: type[R], record_id: str, missing: str, db: Path, *, hint: str = "") -> R:
    record = store.find(kind, record_id)
    if record is None:
        raise NotFound(missing.format(id=record_id, db=db), hint=hint)
    return record
