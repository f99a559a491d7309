"""Files kept inside the partnership file: a leaflet's logos and the papers of agenda items.

A document never reads a path named in the data: a path in a record would print whatever file it names on
whichever laptop makes the document (a confidential photo on a public leaflet), and means nothing on another
laptop. So a file is copied in when the user chooses it, checked by its content (what it is, not what its name
says) and limited in size, and documents read the copy. ``StoredFile`` is a record like any other: it travels
in backups, exports and imports, and the import applies the same checks (``validate_stored_file``).
"""

from __future__ import annotations

import base64
import re
from enum import StrEnum
from typing import TYPE_CHECKING

from facilitator.entities import Record
from facilitator.errors import ValidationError
from facilitator.frozen import frozen
from facilitator.i18n import _

if TYPE_CHECKING:
    from facilitator.operations import Edit

KIND_NAME = "stored_files"  # the name of the kind in records.KINDS and of its table
#: The largest logo kept (a few hundred kilobytes is plenty; the partnership file must stay small).
MAX_BYTES = 2 * 1024 * 1024
#: The largest paper kept for an agenda item (a briefing, a map, a report): it must still fit in an e-mail.
MAX_PAPER_BYTES = 10 * 1024 * 1024
MAX_NAME = 200
#: What a file is, by how its content starts.
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "application/pdf": (b"%PDF-",),
}
IMAGES = frozenset({"image/png", "image/jpeg"})
PDF = "application/pdf"
#: Any file type may be a paper; what is not recognised by its content or its name is kept as plain bytes.
UNKNOWN_TYPE = "application/octet-stream"
#: Types of papers by their name's ending, where the content does not say (the same on every computer, unlike
#: the system's own list).
PAPER_TYPES: dict[str, str] = {
    "pdf": PDF,
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "svg": "image/svg+xml",
    "txt": "text/plain",
    "csv": "text/csv",
    "rtf": "application/rtf",
    "html": "text/html",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt": "application/vnd.ms-powerpoint",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "kml": "application/vnd.google-earth.kml+xml",
    "kmz": "application/vnd.google-earth.kmz",
    "geojson": "application/geo+json",
    "zip": "application/zip",
    "eml": "message/rfc822",
    "mp3": "audio/mpeg",
    "mp4": "video/mp4",
}
# Patterns kept as text: ``re`` compiles each (and keeps it) at its first use, not whenever the module loads.
_MEDIA_TYPE = r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$"


class FileUse(StrEnum):
    """What a stored file is kept for: it decides which files are accepted and how large they may be."""

    LOGO = "logo"  # a leaflet's logo: a PNG or JPEG image of at most ``MAX_BYTES``
    PAPER = "paper"  # a paper on an agenda item: any type, at most ``MAX_PAPER_BYTES``


@frozen(kw_only=True)
class StoredFile(Record):
    """A file copied into the partnership file when it was chosen: its name then, its type and its bytes."""

    name: str  # the file's own name when it was chosen, for lists; never a path
    media_type: str
    content: bytes
    sha256: str
    purpose: FileUse = FileUse.LOGO  # files of earlier versions were all logos

    @property
    def size(self) -> int:
        """How many bytes the file holds."""
        return len(self.content)


def digest(content: bytes) -> str:
    """The SHA-256 of ``content`` as hex (recorded, so that a changed copy is noticed)."""
    import hashlib  # noqa: PLC0415 - hashlib loads OpenSSL: only when a digest is made

    return hashlib.sha256(content).hexdigest()


def media_type_of(content: bytes) -> str | None:
    """The type of ``content`` by how it starts, or None when it is none the app recognises."""
    for media_type, signatures in SIGNATURES.items():
        if content.startswith(signatures):
            return media_type
    return None


def paper_type_of(name: str, content: bytes) -> str | None:
    """What a paper is: by its content where the app recognises it (a PDF, a PNG, a JPEG), else by its name's
    ending (``.docx``, ``.odt``, ``.xlsx``...), else plain bytes. None when the name says a type the app
    recognises by content and the content is not that (``map.pdf`` that is no PDF)."""
    found = media_type_of(content)
    if found is not None:
        return found
    ending = plain_name(name).rsplit(".", 1)[-1].casefold() if "." in name else ""
    guessed = PAPER_TYPES.get(ending, UNKNOWN_TYPE)
    return None if guessed in SIGNATURES else guessed


def limit_of(purpose: FileUse) -> int:
    """The largest file kept for ``purpose``, in bytes."""
    return MAX_PAPER_BYTES if purpose is FileUse.PAPER else MAX_BYTES


def too_large(purpose: FileUse) -> ValidationError:
    """The plain words for a file larger than ``purpose`` allows."""
    return ValidationError(
        "content", _("the file is larger than {limit} MB").format(limit=limit_of(purpose) // (1024 * 1024))
    )


def plain_name(name: str) -> str:
    """The last part of a file name or path, without folders (so no path is ever kept)."""
    return name.replace("\\", "/").rsplit("/", 1)[-1].strip()


def validate_stored_file(stored: StoredFile, allowed: frozenset[str] | None = None) -> None:
    """Refuse a file that is not what it says it is, is of a type not kept, too large, or named by a path.
    A logo must be a PNG or JPEG image (or one of ``allowed``); a paper may be any type, but what the app
    recognises by content must say so (``paper_type_of``)."""
    if not stored.name.strip() or len(stored.name) > MAX_NAME:
        raise ValidationError(
            "name", _("must be a file name of at most {limit} characters").format(limit=MAX_NAME)
        )
    if plain_name(stored.name) != stored.name.strip() or any(ord(c) < 32 for c in stored.name):
        raise ValidationError("name", _("must be a file name, not a path"))
    if not stored.content:
        raise ValidationError("content", _("the file is empty"))
    if len(stored.content) > limit_of(stored.purpose):
        raise too_large(stored.purpose)
    found = media_type_of(stored.content)
    if stored.purpose is FileUse.PAPER:
        # Any type, as long as what the content shows (a PDF, an image) is what the record says.
        if found is None and stored.media_type in SIGNATURES:
            raise ValidationError(
                "content", _("is not the {said} it says it is").format(said=stored.media_type)
            )
        if found is None and not re.match(_MEDIA_TYPE, stored.media_type):
            raise ValidationError("media_type", _("is not a file type"))
        found = found or stored.media_type
    elif found is None or found not in (allowed or IMAGES):
        raise ValidationError("content", _("is not a PNG or JPEG image"))
    if found != stored.media_type:
        raise ValidationError(
            "media_type",
            _("says {said}, but the file is {found}").format(said=stored.media_type, found=found),
        )
    if stored.sha256 != digest(stored.content):
        raise ValidationError("sha256", _("does not match the file's content"))


def new_stored_file(
    name: str, content: bytes, allowed: frozenset[str] | None = None, purpose: FileUse = FileUse.LOGO
) -> StoredFile:
    """A stored file of ``content`` chosen under ``name`` for ``purpose``, checked (``validate_stored_file``)."""
    if len(content) > limit_of(purpose):  # checked before anything else is done with a huge file
        raise too_large(purpose)
    kept_name = plain_name(name)[:MAX_NAME] or "file"
    typed = paper_type_of(kept_name, content) if purpose is FileUse.PAPER else media_type_of(content)
    if typed is None and purpose is FileUse.PAPER:
        raise ValidationError("content", _("its name says it is a PDF or an image, but its content is not"))
    stored = StoredFile(
        name=kept_name,
        media_type=typed or UNKNOWN_TYPE,
        content=content,
        sha256=digest(content),
        purpose=purpose,
    )
    validate_stored_file(stored, allowed)
    return stored


def keep_file(name: str, content: bytes, allowed: frozenset[str] | None = None) -> tuple[StoredFile, Edit]:
    """Copy a chosen logo into the partnership: the checked record, and the edit that keeps it."""
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    stored = new_stored_file(name, content, allowed)
    return stored, Edit(_("Keep the file {name}").format(name=stored.name), ((None, stored),))


def to_text(content: bytes) -> str:
    """Bytes as they are written in a JSON document (base64)."""
    return base64.b64encode(content).decode("ascii")


def from_text(text: str) -> bytes:
    """Bytes from their base64 text in a JSON document; ``ValueError`` when it is not base64."""
    return base64.b64decode(text.encode("ascii"), validate=True)
