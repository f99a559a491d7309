"""The CSV of a list reads back cell for cell with Python's csv module, and opens right in spreadsheets."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitator.errors import KnownError
from facilitator.exports.csv_export import BOM, actions_csv_text, safe_cell, write_actions_csv

HEADER = ["Action", "Owner", "Due"]


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_quotes_commas_newlines_and_arabic_read_back(tmp_path: Path) -> None:
    rows = [
        {"Action": 'Say "no" to dealers, politely', "Owner": "Police, North", "Due": "4 Mar 2026"},
        {"Action": "Two lines\nof detail\r\nand a third", "Owner": "Outreach", "Due": ""},
        {"Action": "إنارة أفضل عند المخرج الشمالي", "Owner": "الشرطة", "Due": "١٤ مارس ٢٠٢٦"},
        {"Action": "Zażółć gęślą jaźń 🚲", "Owner": "Straż miejska", "Due": "—"},
    ]
    target = tmp_path / "actions.csv"
    write_actions_csv(target, rows, HEADER)
    raw = target.read_bytes()
    assert raw.startswith(BOM.encode("utf-8"))  # Excel then reads UTF-8
    assert b"\r\n" in raw  # RFC 4180 line ends
    assert _read(target) == [HEADER] + [[r[h] for h in HEADER] for r in rows]


def test_missing_cells_are_empty_and_unknown_keys_ignored(tmp_path: Path) -> None:
    target = tmp_path / "a.csv"
    write_actions_csv(target, [{"Action": "Only a title", "Colour": "red"}], HEADER)
    assert _read(target) == [HEADER, ["Only a title", "", ""]]


def test_formulas_stay_text() -> None:
    assert safe_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert safe_cell("+1") == "'+1"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("-2+3") == "'-2+3"
    assert safe_cell("- a list item") == "- a list item"
    assert safe_cell("Plain") == "Plain"
    text = actions_csv_text([{"Action": "=1+1"}], HEADER)
    assert list(csv.reader(io.StringIO(text)))[1][0] == "'=1+1"


def test_written_atomically_and_old_file_kept_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "a.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(KnownError):
        write_actions_csv(tmp_path / "missing-folder" / "a.csv", [], HEADER)
    write_actions_csv(target, [{"Action": "new"}], HEADER)
    assert _read(target)[1][0] == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]  # no temporary file left behind


cells = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60
).filter(lambda t: not t.startswith(("=", "+", "@", "-", "\t", "\r")))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(cells, cells, cells), max_size=8))
def test_any_text_reads_back(rows: list[tuple[str, str, str]]) -> None:
    text = actions_csv_text([dict(zip(HEADER, row, strict=True)) for row in rows], HEADER)
    back = list(csv.reader(io.StringIO(text, newline="")))
    assert back == [HEADER] + [list(row) for row in rows]
