"""Lists as CSV files for spreadsheets: UTF-8 with a byte-order mark (so Excel reads accents and Arabic right),
RFC 4180 quoting and CRLF line ends, written completely or not at all."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from facilitator.exports.files import write_atomically

#: Excel opens a CSV as the computer's legacy code page unless the file starts with this mark.
BOM = "\ufeff"
#: A cell starting with one of these is run as a formula by spreadsheets ("CSV injection"); typed text such as
#: ``=HYPERLINK(...)`` in an action's title must stay text, so such cells get a leading apostrophe.
FORMULA_STARTS = ("=", "+", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """``text`` as a spreadsheet shows it as text, never as a formula."""
    if text.startswith(FORMULA_STARTS) or (text.startswith("-") and len(text) > 1 and not text[1].isspace()):
        return "'" + text
    return text


def actions_csv_text(rows: Sequence[dict[str, str]], header: Sequence[str]) -> str:
    """The CSV text of ``rows`` under ``header``; a row's keys are header titles, missing cells are empty."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(
        out,
        fieldnames=list(header),
        restval="",
        extrasaction="ignore",
        quoting=csv.QUOTE_MINIMAL,
        lineterminator="\r\n",
    )
    writer.writeheader()
    writer.writerows({key: safe_cell(str(value)) for key, value in row.items()} for row in rows)
    return out.getvalue()


def write_actions_csv(path: Path, rows: list[dict[str, str]], header: list[str]) -> None:
    """Write ``rows`` (already translated and formatted) to ``path`` as CSV for Excel and LibreOffice."""
    write_atomically(Path(path), (BOM + actions_csv_text(rows, header)).encode("utf-8"))
