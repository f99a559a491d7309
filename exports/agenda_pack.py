"""An agenda pack: the agenda, laid out as PDF, with the papers that are PDFs appended, each under a bookmark.

What goes into a pack (and for whom) is decided by the core (``facilitator.circulation``); this module only puts
the pages together. A paper that cannot be read as a PDF (damaged, or locked with a password) is not appended:
it is handed back, so that it travels beside the pack as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from io import BytesIO

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from facilitator.docmodel import DocumentModel
from facilitator.exports.pdf_writer import pdf_bytes
from facilitator.mail import AppendedPaper

Progress = Callable[[str], None]


def readable_pdf(content: bytes) -> PdfReader | None:
    """``content`` opened as a PDF, or None when it cannot be (damaged, or locked with a password)."""
    try:
        reader = PdfReader(BytesIO(content), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return None
        if len(reader.pages) == 0:
            return None
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        return None
    return reader


def pack_pdf(
    model: DocumentModel, appended: Sequence[AppendedPaper], progress: Progress | None = None
) -> tuple[bytes, list[AppendedPaper]]:
    """The PDF of ``model`` with every paper of ``appended`` after it, each under a bookmark with its title;
    and the papers that could not be appended (they travel beside the pack)."""
    base = pdf_bytes(model, progress)
    if not appended:
        return base, []
    readers = [(paper, readable_pdf(paper.content)) for paper in appended]
    if all(reader is None for _paper, reader in readers):
        return base, list(appended)
    writer = PdfWriter()
    writer.append(PdfReader(BytesIO(base)))
    left_out = []
    for paper, reader in readers:
        if reader is None:
            left_out.append(paper)
            continue
        try:
            writer.append(reader, outline_item=paper.title)
        except (PyPdfError, ValueError, KeyError, TypeError, RecursionError):
            left_out.append(paper)
    writer.add_metadata({"/Title": model.title, "/Creator": "Partnership Facilitator"})
    out = BytesIO()
    writer.write(out)
    return out.getvalue(), left_out
