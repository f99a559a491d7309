"""Exchanging through files: by hand (a USB stick, e-mail) or through a shared folder every laptop can reach.

In a shared folder each laptop writes one file of its own, ``<partnership>-<laptop>.pfexchange``, holding its
whole replicated document (so it also passes on what it heard from the others), and reads everyone else's. Files
already read and unchanged since are skipped. Reading and merging happen in one transaction; the laptop's own file
is written after it commits, under a temporary name first.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from facilitator.errors import KnownError
from facilitator.i18n import _
from facilitator.storage import audit
from facilitator.storage.database import Partnership, _connect, plain_errors
from facilitator.storage.exchange import ExchangeReport, Progress, exchange
from facilitator.storage.exchange_file import SUFFIX, ExchangeFile, encode, read_file, write_file
from facilitator.storage.reading import partnership_id


@dataclass
class SyncReport:
    """What an exchange through files did."""

    report: ExchangeReport
    read: list[str] = field(default_factory=list)  # laptops whose files were read
    written: Path | None = None
    refused: list[str] = field(default_factory=list)  # files that could not be read, in plain words


def open_beside(path: Path) -> Partnership:
    """A second connection to a file this process already has open for writing (the window holds the writer
    lock), for an exchange on a worker thread: a SQLite connection stays on the thread that made it."""
    connection, _read_only_place = _connect(path, read_only=False)
    return Partnership(path, connection, read_only=False, lock=None)


def laptop_file_name(partnership: Partnership, laptop: str) -> str:
    """This laptop's file name in a shared folder: the partnership, the laptop's name, and a fingerprint of the
    computer, user and file, so that two laptops given the same name never write over each other's file."""
    slug = unicodedata.normalize("NFKD", laptop).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^A-Za-z0-9]+", "-", slug).strip("-").lower() or "laptop"
    where = f"{audit.machine_name()}|{audit.system_user()}|{partnership.path.resolve()}"
    return f"{partnership_id(partnership.db)[:8]}-{slug}-{hashlib.sha256(where.encode()).hexdigest()[:6]}{SUFFIX}"


def _not_our_files(partnership: Partnership, out: Path) -> None:
    db = partnership.path.resolve()
    ours = {db, *(db.with_name(db.name + s) for s in ("-wal", "-shm", ".lock", "-journal"))}
    if out.resolve() in ours or out.suffix == ".sqlite":
        raise KnownError(
            _("{out} is the partnership file or one of its companions; it was not written.").format(out=out),
            hint=_("Choose another name, ending in {suffix}.").format(suffix=SUFFIX),
        )


def export_file(partnership: Partnership, out: Path, *, passphrase: str = "") -> ExchangeReport:
    """Write this laptop's changes (with everything it heard from the others) to an exchange file."""
    _not_our_files(partnership, out)
    report = exchange(partnership)
    data = encode(
        report.state,
        partnership=partnership_id(partnership.db),
        laptop=partnership.author.laptop,
        passphrase=passphrase,
    )
    write_file(out, data)
    return report


def import_files(
    partnership: Partnership, paths: Sequence[Path], *, passphrase: str = "", progress: Progress | None = None
) -> ExchangeReport:
    """Merge exchange files from other laptops, all of them or none (every file is checked first)."""
    own = partnership_id(partnership.db)
    files = [read_file(path, passphrase=passphrase, partnership=own) for path in paths]
    return exchange(partnership, [f.state for f in files], progress=progress)


def sync_folder(
    partnership: Partnership, folder: Path, *, passphrase: str = "", progress: Progress | None = None
) -> SyncReport:
    """Read the other laptops' files in a shared folder, merge them, and write this laptop's own file there."""
    if not folder.is_dir():
        raise KnownError(
            _("The shared folder {folder} cannot be reached.").format(folder=folder),
            hint=_("Check that the drive or network folder is connected; nothing was changed."),
        )
    own_name = laptop_file_name(partnership, partnership.author.laptop)
    own = partnership_id(partnership.db)
    prefix = own[:8] + "-"
    found: list[tuple[str, str, ExchangeFile]] = []
    refused: list[str] = []
    seen = dict(partnership.db.execute("select name, fingerprint from exchange_files").fetchall())
    for path in sorted(folder.glob(f"{prefix}*{SUFFIX}")):
        if path.name == own_name:
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue  # being written by its laptop right now: read next time
        fingerprint = hashlib.sha256(data).hexdigest()
        if seen.get(path.name) == fingerprint:
            continue
        try:
            found.append((path.name, fingerprint, read_file(path, passphrase=passphrase, partnership=own)))
        except KnownError as error:
            refused.append(str(error))
    report = exchange(partnership, [f.state for _n, _p, f in found], progress=progress)
    with plain_errors(partnership.path), partnership.db.atomic():
        for name, fingerprint, _file in found:
            partnership.db.execute(
                "insert into exchange_files (name, fingerprint) values (?, ?) "
                "on conflict(name) do update set fingerprint = excluded.fingerprint",
                [name, fingerprint],
            )
    target = folder / own_name
    data = encode(report.state, partnership=own, laptop=partnership.author.laptop, passphrase=passphrase)
    write_file(target, data)
    return SyncReport(report, [f.laptop or n for n, _p, f in found], target, refused)
