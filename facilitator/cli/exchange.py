"""The command line of exchanges between laptops and of bulk changes: ``exchange export|import|sync|conflicts``
and ``apply``. Part of the command line (``facilitator.cli``, which adds these commands to its parser).

A passphrase is never given on the command line (other users could read it in the list of processes): it is
read from the file named by ``--passphrase-file`` or from the environment variable ``FACILITATOR_PASSPHRASE``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.cli.options import Commands, command, open_for_writing, out_option, reading_with_sqlite_utils
from facilitator.errors import KnownError
from facilitator.i18n import _, ngettext

if TYPE_CHECKING:
    from facilitator.storage import Partnership

PASSPHRASE_VARIABLE = "FACILITATOR_PASSPHRASE"


def add_commands(commands: Commands) -> None:
    """Add ``exchange`` and ``apply`` to the command line."""
    exchange = command(
        commands,
        "exchange",
        help=_("exchange changes with copies of the partnership on other laptops"),
        description=_(
            "Exchange changes between copies of one partnership file: by hand with an exchange file (a USB stick, "
            "e-mail) or through a shared folder. Every exchange merges all or nothing."
        ),
    )
    actions = exchange.add_subparsers(dest="exchange_action", metavar=_("ACTION"), title=_("actions"))
    actions.required = True

    export = command(
        actions,
        "export",
        help=_("write this laptop's changes to an exchange file"),
        description=_(
            "Write this laptop's changes, with everything it heard from the others, to an exchange file."
        ),
        db=_("the partnership file"),
    )
    _exchange_options(export)
    out_option(
        export,
        _("the exchange file to write (an earlier exchange file there is replaced)"),
        force=_("replace the file given with --out even if it is not an exchange file"),
    )
    export.set_defaults(run=_export)

    load = command(
        actions,
        "import",
        help=_("merge exchange files from other laptops"),
        description=_(
            "Merge exchange files from other laptops into the partnership file, all of them or none."
        ),
        db=_("the partnership file"),
    )
    _exchange_options(load)
    load.add_argument("files", type=Path, nargs="+", metavar=_("FILE"), help=_("the exchange files to read"))
    load.set_defaults(run=_import)

    sync = command(
        actions,
        "sync",
        help=_("exchange through a shared folder"),
        description=_(
            "Read the other laptops' files in a shared folder, merge them, and write this laptop's file."
        ),
        db=_("the partnership file"),
    )
    _exchange_options(sync)
    sync.add_argument("--folder", type=Path, required=True, metavar=_("FOLDER"), help=_("the shared folder"))
    sync.set_defaults(run=_sync)

    listing = command(
        actions,
        "conflicts",
        help=_("list the changes made on two laptops that need a decision"),
        description=_(
            "List the changes made on two laptops, or set aside by a rule, that wait for a decision."
        ),
        db=_("the partnership file to read"),
    )
    listing.add_argument("--json", action="store_true", help=_("write JSON instead of text"))
    listing.set_defaults(run=_conflicts)

    apply = command(
        commands,
        "apply",
        help=_("apply new and changed records from a JSON file"),
        description=_(
            "Apply records written in the partnership document's format (docs/json-format.md): new records, and "
            "changed fields of existing ones by id. Every record is checked as in the window; if one is wrong, "
            "nothing is changed."
        ),
        db=_("the partnership file to change"),
    )
    apply.add_argument("file", type=Path, metavar=_("FILE"), help=_("the JSON file of changes"))
    _who(apply)
    apply.set_defaults(run=_apply)


def _who(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--laptop",
        metavar=_("NAME"),
        help=_("this laptop's name in the audit trail (default: the computer's name)"),
    )
    parser.add_argument(
        "--person", default="", metavar=_("NAME"), help=_("who makes the changes, for the audit trail")
    )


def _exchange_options(parser: argparse.ArgumentParser) -> None:
    _who(parser)
    parser.add_argument(
        "--passphrase-file",
        type=Path,
        metavar=_("FILE"),
        help=_("a file holding the passphrase that protects exchange files (or set {variable})").format(
            variable=PASSPHRASE_VARIABLE
        ),
    )


def _passphrase(options: argparse.Namespace) -> str:
    if options.passphrase_file is not None:
        try:
            return str(options.passphrase_file.read_text(encoding="utf-8").strip("\r\n"))
        except OSError as error:
            raise KnownError(
                _("The passphrase file {path} could not be read: {problem}").format(
                    path=options.passphrase_file, problem=error.strerror or error
                )
            ) from None
    return os.environ.get(PASSPHRASE_VARIABLE, "")


@contextmanager
def _writing(options: argparse.Namespace) -> Iterator[Partnership]:
    if not Path(options.db).exists():
        raise KnownError(_("There is no partnership file at {path}.").format(path=options.db))
    partnership = open_for_writing(options.db)
    try:
        partnership.author = replace(
            partnership.author,
            coordinator=options.person or partnership.author.coordinator,
            laptop=options.laptop or partnership.author.laptop,
        )
        yield partnership
    finally:
        partnership.close()


def _print_report(lines: list[str]) -> None:
    for line in lines:
        print(line)


def _export(options: argparse.Namespace) -> int:
    from facilitator.storage.exchange_file import MARKER
    from facilitator.storage.exchange_sync import export_file
    from facilitator.storage.outputs import check_output

    # Last week's exchange file on the stick is replaced without asking; any other file only with --force.
    given = Path(options.out) if options.out else None
    earlier_exchange = False
    if given is not None and given.is_file():
        with given.open("rb") as existing:
            earlier_exchange = existing.read(len(MARKER)) == MARKER
    out = check_output(options.out, database=options.db, force=options.force or earlier_exchange)
    passphrase = _passphrase(options)
    with _writing(options) as partnership:
        report = export_file(partnership, out, passphrase=passphrase)
    size = out.stat().st_size
    print(_("Wrote {out} ({size} bytes).").format(out=out, size=size))
    _print_report(report.lines())
    return 0


def _import(options: argparse.Namespace) -> int:
    from facilitator.storage.exchange_sync import import_files

    passphrase = _passphrase(options)
    with _writing(options) as partnership:
        report = import_files(partnership, options.files, passphrase=passphrase)
    _print_report(report.lines())
    return 0


def _sync(options: argparse.Namespace) -> int:
    from facilitator.storage.exchange_sync import sync_folder

    passphrase = _passphrase(options)
    with _writing(options) as partnership:
        done = sync_folder(partnership, options.folder, passphrase=passphrase)
    print(
        ngettext("Read {count} laptop's file.", "Read {count} laptops' files.", len(done.read)).format(
            count=len(done.read)
        )
    )
    for problem in done.refused:
        print(problem, file=sys.stderr)
    print(_("Wrote {out}.").format(out=done.written))
    _print_report(done.report.lines())
    return 0


def _conflicts(options: argparse.Namespace) -> int:
    from facilitator.storage.exchange import conflicts

    with reading_with_sqlite_utils(options.db) as partnership:
        found = conflicts(partnership.db)
    if options.json:
        print(json.dumps([c.__dict__ for c in found], ensure_ascii=False, indent=2))
        return 0
    if not found:
        print(_("No change waits for a decision."))
    for conflict in found:
        print(
            _("{kind} {record} {field}: “{kept}” stands; set aside: {others}").format(
                kind=conflict.kind,
                record=conflict.record_id,
                field=conflict.field,
                kept=conflict.kept.get("value"),
                others=", ".join(f"“{o.get('value')}” ({o.get('laptop')})" for o in conflict.others),
            )
        )
    return 0


def _apply(options: argparse.Namespace) -> int:
    from facilitator.changes import apply_changes
    from facilitator.exports.json_file import read_json

    document = read_json(options.file)
    with _writing(options) as partnership:
        report = apply_changes(partnership, document)
    _print_report(report.lines())
    return 0
