"""Files kept inside the partnership file: a leaflet's logos now, an agenda's papers later.

A document never reads a path named in the data: a path in a record would print whatever file it names on
whichever laptop makes the document (a confidential photo on a public leaflet), and means nothing on another
laptop. So a file is copied in when the user chooses it, checked by its content (what it is, not what its name
says) and limited in size, and documents read the copy. ``StoredFile`` is a record like any other: it travels
in backups, exports and imports, and the import applies the same checks (``validate_stored_file``).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from facilitator.entities import Record
from facilitator.errors import ValidationError
from facilitator.i18n import _
from facilitator.operations import Edit

KIND_NAME = "stored_files"  # the name of the kind in records.KINDS and of its table
#: The largest file kept (a logo of a few hundred kilobytes is plenty; the partnership file must stay small).
MAX_BYTES = 2 * 1024 * 1024
MAX_NAME = 200
#: What a file is, by how its content starts.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}
IMAGES = frozenset(SIGNATURES)


@dataclass(frozen=True, kw_only=True)
class StoredFile(Record):
    """A file copied into the partnership file when it was chosen: its name then, its type and its bytes."""

    name: str  # the file's own name when it was chosen, for lists; never a path
    media_type: str
    content: bytes
    sha256: str

    @property
    def size(self) -> int:
        """How many bytes the file holds."""
        return len(self.content)


def digest(content: bytes) -> str:
    """The SHA-256 of ``content`` as hex (recorded, so that a changed copy is noticed)."""
    return hashlib.sha256(content).hexdigest()


def media_type_of(content: bytes) -> str | None:
    """The type of ``content`` by how it starts, or None when it is none the app keeps."""
    for media_type, signatures in SIGNATURES.items():
        if content.startswith(signatures):
            return media_type
    return None


def plain_name(name: str) -> str:
    """The last part of a file name or path, without folders (so no path is ever kept)."""
    return name.replace("\\", "/").rsplit("/", 1)[-1].strip()


def validate_stored_file(stored: StoredFile, allowed: frozenset[str] = IMAGES) -> None:
    """Refuse a file that is not what it says it is, is of a type not kept, too large, or named by a path."""
    if not stored.name.strip() or len(stored.name) > MAX_NAME:
        raise ValidationError(
            "name", _("must be a file name of at most {limit} characters").format(limit=MAX_NAME)
        )
    if plain_name(stored.name) != stored.name.strip() or any(ord(c) < 32 for c in stored.name):
        raise ValidationError("name", _("must be a file name, not a path"))
    if not stored.content:
        raise ValidationError("content", _("the file is empty"))
    if len(stored.content) > MAX_BYTES:
        raise ValidationError(
            "content",
            _("the file is larger than {limit} MB").format(limit=MAX_BYTES // (1024 * 1024)),
        )
    found = media_type_of(stored.content)
    if found is None or found not in allowed:
        raise ValidationError("content", _("is not a PNG or JPEG image"))
    if found != stored.media_type:
        raise ValidationError(
            "media_type",
            _("says {said}, but the file is {found}").format(said=stored.media_type, found=found),
        )
    if stored.sha256 != digest(stored.content):
        raise ValidationError("sha256", _("does not match the file's content"))


def new_stored_file(name: str, content: bytes, allowed: frozenset[str] = IMAGES) -> StoredFile:
    """A stored file of ``content`` chosen under ``name``, checked (``validate_stored_file``)."""
    if len(content) > MAX_BYTES:  # checked before anything else is done with a huge file
        raise ValidationError(
            "content", _("the file is larger than {limit} MB").format(limit=MAX_BYTES // (1024 * 1024))
        )
    stored = StoredFile(
        name=plain_name(name)[:MAX_NAME] or "file",
        media_type=media_type_of(content) or "application/octet-stream",
        content=content,
        sha256=digest(content),
    )
    validate_stored_file(stored, allowed)
    return stored


def keep_file(name: str, content: bytes, allowed: frozenset[str] = IMAGES) -> tuple[StoredFile, Edit]:
    """Copy a chosen file into the partnership: the checked record, and the edit that keeps it."""
    stored = new_stored_file(name, content, allowed)
    return stored, Edit(_("Keep the file {name}").format(name=stored.name), ((None, stored),))


def to_text(content: bytes) -> str:
    """Bytes as they are written in a JSON document (base64)."""
    return base64.b64encode(content).decode("ascii")


def from_text(text: str) -> bytes:
    """Bytes from their base64 text in a JSON document; ``ValueError`` when it is not base64."""
    return base64.b64decode(text.encode("ascii"), validate=True)
