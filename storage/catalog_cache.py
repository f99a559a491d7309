"""Catalogs compiled once and kept in the user's cache folder.

Babel takes about 85 ms to compile a ``.po`` catalog, and the window compiled its language's at every start (in
French, German or Dutch) and a command its document's language for every document. The compiled ``.mo`` is
kept under the cache folder, named by the language and a digest of the ``.po`` it came from, so a catalog that
changes (an upgrade, a translator's fix) is compiled again and never read stale. The cache is only a cache: a
folder that cannot be written, or a kept file that does not read as a catalog, means compiling as before.
A bundle ships ``.mo`` files and never comes here.
"""

from __future__ import annotations

import contextlib
import gettext
import hashlib
import io
import struct
from pathlib import Path

from facilitator import folders, i18n
from facilitator.errors import KnownError

FOLDER = "catalogs"


def kept_path(language: str, po: bytes) -> Path:
    """Where the compiled catalog of ``language`` made from the ``.po`` bytes ``po`` is kept."""
    digest = hashlib.sha256(po).hexdigest()[:16]
    return folders.cache_dir() / FOLDER / f"{language}-{digest}.mo"


def compiled_catalog(language: str) -> bytes:
    """The ``.mo`` bytes of ``language``'s catalog: the kept ones when they were made from the shipped ``.po``,
    else compiled now and kept (older ones of that language removed)."""
    po = i18n.catalog_path(language).read_bytes()
    path = kept_path(language, po)
    with contextlib.suppress(OSError):
        kept = path.read_bytes()
        if _reads(kept):
            return kept
    compiled = i18n.compile_catalog(language, po)
    from facilitator import safe_files  # noqa: PLC0415 - only the first run of a catalog writes

    with contextlib.suppress(OSError, KnownError):  # a cache that cannot be written is not the user's problem
        path.parent.mkdir(parents=True, exist_ok=True)
        with safe_files.replacing(path) as temporary:  # the one safe writer: whole or not at all
            temporary.write_bytes(compiled)
        for older in path.parent.glob(f"{language}-*.mo"):
            if older != path:
                older.unlink()
    return compiled


def _reads(data: bytes) -> bool:
    try:
        gettext.GNUTranslations(io.BytesIO(data))
    except (OSError, ValueError, IndexError, struct.error):  # what gettext raises for a damaged catalog
        return False
    return True
