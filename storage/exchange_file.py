"""Exchange files: one laptop's replicated document, compressed, optionally sealed with a passphrase.

Layout: the marker ``PFEXCHANGE``, a newline, four bytes giving the header's length, the header (JSON: format,
version, partnership id, laptop, the app's migrations, the cipher's parameters), then the payload: the document's
state compressed with zlib. Plain files carry the payload's SHA-256 in the header, so a damaged file is refused.
With a passphrase the payload is encrypted with AES-256-GCM (``cryptography``), the key derived with scrypt
(2^15, 8, 1) from the passphrase and a random salt; the header is authenticated with it, so changing a single
byte anywhere is refused, and so is a wrong passphrase.

A file from another partnership is refused; so is one written by a newer version of the app (a newer exchange
format, or migrations this version does not know), with words saying what to do.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import zlib
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from facilitator import __version__, clock
from facilitator.errors import KnownError
from facilitator.frozen import frozen
from facilitator.i18n import _
from facilitator.safe_files import replacing
from facilitator.storage.schema import known_migrations

MARKER = b"PFEXCHANGE\n"
FORMAT = "partnership-facilitator-exchange"
VERSION = 1
SUFFIX = ".pfexchange"
#: scrypt's cost: about a tenth of a second and 32 MiB on a laptop, per file sealed or opened.
SCRYPT = {"n": 2**15, "r": 8, "p": 1}


class ExchangeRefused(KnownError):
    """An exchange file that cannot be read: damaged, tampered with, sealed with another passphrase, or newer."""


@frozen
class ExchangeFile:
    """What an exchange file holds."""

    partnership: str
    laptop: str
    made_at: str
    state: bytes
    sealed: bool


def _key(passphrase: str, salt: bytes) -> bytes:
    return Scrypt(salt=salt, length=32, **SCRYPT).derive(passphrase.encode("utf-8"))


def encode(state: bytes, *, partnership: str, laptop: str, passphrase: str = "") -> bytes:
    """The bytes of an exchange file carrying ``state``."""
    payload = zlib.compress(state, 6)
    header: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "partnership": partnership,
        "laptop": laptop,
        "made_at": clock.now().isoformat(),
        "app_version": __version__,
        "migrations": known_migrations(),
    }
    if passphrase:
        salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
        header["cipher"] = {
            "name": "AES-256-GCM",
            "kdf": "scrypt",
            **SCRYPT,
            "salt": base64.b64encode(salt).decode(),
            "nonce": base64.b64encode(nonce).decode(),
        }
        head = json.dumps(header, sort_keys=True).encode("utf-8")
        payload = AESGCM(_key(passphrase, salt)).encrypt(nonce, payload, head)
    else:
        header["sha256"] = hashlib.sha256(payload).hexdigest()
        head = json.dumps(header, sort_keys=True).encode("utf-8")
    return MARKER + len(head).to_bytes(4, "big") + head + payload


def _refused(name: str, why: str, hint: str = "") -> ExchangeRefused:
    return ExchangeRefused(_("{name} cannot be read: {why}").format(name=name, why=why), hint=hint)


def decode(data: bytes, *, name: str = "", passphrase: str = "", partnership: str = "") -> ExchangeFile:
    """Read an exchange file's bytes; raise ``ExchangeRefused`` in plain words when it cannot be used."""
    damaged = _("it is not an exchange file, or it was damaged on the way.")
    ask_again = _("Ask for the file to be sent again.")
    if not data.startswith(MARKER) or len(data) < len(MARKER) + 4:
        raise _refused(name, damaged, ask_again)
    size = int.from_bytes(data[len(MARKER) : len(MARKER) + 4], "big")
    start = len(MARKER) + 4
    head, payload = data[start : start + size], data[start + size :]
    try:
        header = json.loads(head)
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise ValueError
        version = int(header["version"])
    except (ValueError, KeyError, TypeError):
        raise _refused(name, damaged, ask_again) from None
    unknown = [m for m in header.get("migrations", []) if m not in known_migrations()]
    if version > VERSION or unknown:
        raise _refused(
            name,
            _("it was written by a newer version of the app."),
            _("Install the same version as the other laptops, then exchange again. Nothing was changed."),
        )
    if partnership and header.get("partnership") != partnership:
        raise _refused(
            name,
            _("it belongs to another partnership."),
            _("Exchange only between copies of the same partnership file. Nothing was changed."),
        )
    cipher = header.get("cipher")
    if cipher:
        if not passphrase:
            raise _refused(
                name,
                _("it is protected with a passphrase."),
                _("Enter the passphrase the other laptops use (File → Exchange…)."),
            )
        try:
            salt, nonce = base64.b64decode(cipher["salt"]), base64.b64decode(cipher["nonce"])
            payload = AESGCM(_key(passphrase, salt)).decrypt(nonce, payload, head)
        except (InvalidTag, KeyError, ValueError):
            raise _refused(
                name,
                _("the passphrase is wrong, or the file was changed after it was written."),
                _("Check the passphrase with the other laptops; if it is right, ask for the file again."),
            ) from None
    elif hashlib.sha256(payload).hexdigest() != header.get("sha256"):
        raise _refused(name, _("the file was changed or damaged after it was written."), ask_again)
    try:
        state = zlib.decompress(payload)
    except zlib.error:
        raise _refused(name, damaged, ask_again) from None
    return ExchangeFile(
        partnership=str(header.get("partnership", "")),
        laptop=str(header.get("laptop", "")),
        made_at=str(header.get("made_at", "")),
        state=state,
        sealed=bool(cipher),
    )


def read_file(path: Path, *, passphrase: str = "", partnership: str = "") -> ExchangeFile:
    """Read and check the exchange file at ``path``."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise KnownError(_("There is no exchange file at {path}.").format(path=path)) from None
    except OSError as error:
        raise KnownError(
            _("{path} could not be read: {problem}").format(path=path, problem=error.strerror or error)
        ) from None
    return decode(data, name=path.name, passphrase=passphrase, partnership=partnership)


def write_file(path: Path, data: bytes) -> None:
    """Write an exchange file whole or not at all, through the one safe writer (``safe_files.replacing``: a
    hidden temporary name beside it, synced, then renamed; a full disk or a file held open told in words)."""
    with replacing(path) as temporary:
        temporary.write_bytes(data)
