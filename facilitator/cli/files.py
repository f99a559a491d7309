"""The command line's files: ``export-json`` and ``import-json`` (the whole partnership as one JSON document),
``backup``, ``backups``, ``restore``, ``check`` and ``audit`` (keeping the partnership file safe)."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.cli.options import (
    Commands,
    command,
    open_for_writing,
    out_option,
    output,
    reading_with_sqlite_utils,
)
from facilitator.i18n import _, ngettext

if TYPE_CHECKING:
    from facilitator.storage import Partnership
    from facilitator.store import Store


def add_json_commands(commands: Commands) -> None:
    """``export-json`` and ``import-json``."""
    export = command(
        commands,
        "export-json",
        help=_("write the whole partnership to a JSON file"),
        description=_("Write every record of a partnership file, archived ones too, to one JSON document."),
        db=_("the partnership file to export"),
    )
    out_option(export, _("the JSON file to write"))
    export.set_defaults(run=_export_json)

    load = command(
        commands,
        "import-json",
        help=_("read a JSON file into a new or empty partnership file"),
        description=_(
            "Read a JSON document exported by this app into a new or empty partnership file. Everything is "
            "checked first; if anything is wrong, nothing is written."
        ),
        db=_("the partnership file to create (it must be new or empty)"),
    )
    load.add_argument("file", type=Path, metavar=_("FILE"), help=_("the JSON file to read"))
    load.set_defaults(run=_import_json)


def add_backup_commands(commands: Commands) -> None:
    """``backup``, ``backups``, ``restore``, ``check`` and ``audit``: keeping the partnership file safe."""
    backup = command(
        commands,
        "backup",
        help=_("make a backup copy of a partnership file"),
        description=_(
            "Copy a partnership file with SQLite's online backup (safe while the window has it open), to FILE "
            "or into the backups folder beside it."
        ),
        db=_("the partnership file to copy"),
    )
    out_option(backup, _("where to write the copy"), required=False)
    backup.set_defaults(run=_backup)

    listing = command(
        commands,
        "backups",
        help=_("list the backups of a partnership file"),
        description=_("List the backups of a partnership file, newest first, with what each one holds."),
        db=_("the partnership file whose backups to list"),
    )
    listing.set_defaults(run=_backups)

    restore = command(
        commands,
        "restore",
        help=_("replace a partnership file by a backup"),
        description=_(
            "Replace a partnership file by one of its backups. The backup is checked first, and the file as it "
            "is now is kept in the backups folder."
        ),
        db=_("the partnership file to replace"),
    )
    restore.add_argument(
        "--from", dest="source", type=Path, required=True, metavar=_("FILE"), help=_("the backup to restore")
    )
    restore.add_argument(
        "--force",
        action="store_true",
        help=_("restore even a backup of another partnership (everything in the file is replaced)"),
    )
    restore.set_defaults(run=_restore)

    check = command(
        commands,
        "check",
        help=_("check a partnership file for damage"),
        description=_(
            "Run SQLite's full integrity check and report the schema and contents; exit code 1 when the file "
            "is damaged."
        ),
        db=_("the partnership file to check"),
    )
    check.set_defaults(run=_check)

    trail = command(
        commands,
        "audit",
        help=_("export the audit trail as CSV"),
        description=_(
            "Write every recorded change (when, who, which record, field, old and new value) as CSV."
        ),
        db=_("the partnership file to read"),
    )
    out_option(trail, _("the CSV file to write"))
    trail.set_defaults(run=_audit)


@contextlib.contextmanager
def new_partnership(path: Path) -> Iterator[Partnership]:
    """Open ``path`` for writing; if it did not exist and the command fails (a bad record, a full disk, an
    interruption), remove everything opening created, so no half-made file is left."""
    from facilitator.safe_files import remove_quietly

    existed = path.exists()
    partnership = open_for_writing(path)
    try:
        yield partnership
    except BaseException:
        partnership.close()
        if not existed:
            remove_quietly(path)
        raise
    partnership.close()


def count_records(store: Store) -> int:
    """How many records ``store`` holds, counted as ``export-json`` counts them."""
    from facilitator.document import build_document

    return _records_in(build_document(store))


def _records_in(document: dict[str, object]) -> int:
    return sum(len(rows) for rows in document.values() if isinstance(rows, list))


def _export_json(options: argparse.Namespace) -> int:
    from facilitator.document import build_document
    from facilitator.exports.json_file import write_json
    from facilitator.storage import open_partnership

    out = output(options)
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
    with new_partnership(options.db) as partnership:
        count = load_document(partnership, records)
    print(
        ngettext("Imported {count} record into {db}.", "Imported {count} records into {db}.", count).format(
            count=count, db=options.db
        )
    )
    return 0


def _backup(options: argparse.Namespace) -> int:
    from facilitator.storage.backup import back_up_file

    target = back_up_file(options.db, output(options) if options.out is not None else None)
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

    out = output(options)
    with reading_with_sqlite_utils(options.db) as partnership:
        entries = trail(partnership.db)
    write_atomically(out, audit_csv(entries).encode("utf-8-sig"))
    print(
        ngettext("Wrote {count} change to {out}.", "Wrote {count} changes to {out}.", len(entries)).format(
            count=len(entries), out=out
        )
    )
    return 0
