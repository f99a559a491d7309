"""Writers that lay out a document model built by the core, and the one entry point that chooses among them.

``write(model, Format.PDF, path, progress)`` writes a minutes, agenda, register or report model
(``docmodel.DocumentModel``) or a leaflet (``leaflets.LeafletModel``) in a format; ``Format`` is the one list of
the formats documents are written in, with the words the window and the command line show for them. The writers
themselves are imported only when a document is written (reportlab and python-docx take a while to load).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.errors import KnownError
from facilitator.i18n import N_, _

if TYPE_CHECKING:
    from facilitator.docmodel import DocumentModel
    from facilitator.leaflets import Folding, LeafletModel, PageSize

Progress = Callable[[str], None]


class Format(Enum):
    """The file formats documents are written in."""

    PDF = "pdf"
    DOCX = "docx"

    @property
    def suffix(self) -> str:
        """The file name's ending, with its dot."""
        return "." + self.value

    @property
    def label(self) -> str:
        """The format's name for a chooser (translated when shown: ``_(fmt.label)``)."""
        return {Format.PDF: N_("PDF"), Format.DOCX: N_("Word document (DOCX)")}[self]

    @property
    def file_filter(self) -> str:
        """The file dialog's filter for the format (translated when shown)."""
        return {Format.PDF: N_("PDF files (*.pdf)"), Format.DOCX: N_("Word documents (*.docx)")}[self]

    @classmethod
    def named(cls, text: str) -> Format:
        """The format called ``text`` (``pdf``, ``DOCX``), or a ``KnownError`` naming the formats there are."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            raise KnownError(
                _("'{format}' is not a format documents are written in.").format(format=text),
                hint=_("Choose one of: {formats}.").format(formats=", ".join(f.value for f in cls)),
            ) from None


def write(
    model: DocumentModel | LeafletModel,
    fmt: Format,
    path: Path,
    progress: Progress | None = None,
    *,
    size: PageSize | None = None,
    large_print: bool = False,
    folding: Folding | None = None,
) -> None:
    """Write ``model`` to ``path`` in ``fmt``, completely or not at all (``safe_files``).

    A leaflet is laid out on ``size`` paper (A4 unless said), in large print or not, set or folded; a leaflet
    that does not fit its page is refused (``LeafletTooLong``) before anything is written. ``progress`` hears
    what is being done (the first PDF on a machine builds its fonts, which takes seconds).
    """
    from facilitator.docmodel import DocumentModel  # noqa: PLC0415 - see the docstring

    path = Path(path)
    if not isinstance(model, DocumentModel):  # a leaflet (its module loads only for leaflets)
        from facilitator.leaflets import Folding, PageSize  # noqa: PLC0415

        paper = size or PageSize.A4
        fold = folding or Folding.SET
        if fmt is Format.PDF:
            from facilitator.exports.leaflet_pdf import write_leaflet_pdf  # noqa: PLC0415

            write_leaflet_pdf(model, path, paper, large_print=large_print, folding=fold, progress=progress)
        else:
            from facilitator.exports.leaflet_docx import write_leaflet_docx  # noqa: PLC0415

            write_leaflet_docx(model, path, paper, large_print=large_print, folding=fold)
        return
    if fmt is Format.PDF:
        from facilitator.exports.pdf_writer import write_pdf  # noqa: PLC0415

        write_pdf(model, path, progress)
    else:
        from facilitator.exports.docx_writer import write_docx  # noqa: PLC0415

        write_docx(model, path)
