"""A partnership survives SQLite -> JSON -> a new SQLite file -> JSON without losing or changing anything."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.demo import build_demo
from facilitator.document import build_document, load_document, parse_document
from facilitator.entities import MAX_NAME, Partner, Representative
from facilitator.errors import KnownError
from facilitator.exports.json_file import read_json, write_json
from facilitator.operations import save_partner, save_representative
from facilitator.records import KINDS
from facilitator.storage import open_partnership
from tests.conftest import MEETING_LISTS


def _export(db: Path, out: Path) -> dict[str, Any]:
    with open_partnership(db) as partnership:
        write_json(out, build_document(partnership))
    return read_json(out)


def _import(source: Path, db: Path) -> int:
    records = parse_document(read_json(source))
    with open_partnership(db) as partnership:
        return load_document(partnership, records)


def test_demo_export_import_export_is_lossless(tmp_path: Path) -> None:
    with open_partnership(tmp_path / "first.sqlite") as first:
        build_demo(first, seed=5, today=dt.date(2025, 3, 31))
        originals = {kind: first.all(kind, include_archived=True) for kind in KINDS.values()}
    before = _export(tmp_path / "first.sqlite", tmp_path / "first.json")

    count = _import(tmp_path / "first.json", tmp_path / "second.sqlite")
    after = _export(tmp_path / "second.sqlite", tmp_path / "second.json")

    assert count == sum(len(rows) for rows in originals.values()) > 2000
    # The meetings travel with everything they hold: agendas with notes, rolls, decisions, positions, speakers.
    for name in MEETING_LISTS:
        assert before[name], name
    assert {m["status"] for m in before["meetings"]} == {"held", "planned", "cancelled"}
    assert any(i["confidentiality"] == "restricted" and i["restricted_to"] for i in before["agenda_items"])
    assert all("+" not in m["starts_at"] for m in before["meetings"])  # local wall times stay local
    assert before.pop("exported_at") and after.pop("exported_at")
    assert after == before
    with open_partnership(tmp_path / "second.sqlite") as second:
        for kind, rows in originals.items():
            # Same UUIDs, same timestamps, same archived flags: the records are equal as values.
            assert second.all(kind, include_archived=True) == rows
        assert any(r.archived for r in second.all(Representative, include_archived=True))


def test_import_refuses_a_file_that_holds_records_and_changes_nothing(tmp_path: Path) -> None:
    with open_partnership(tmp_path / "demo.sqlite") as partnership:
        build_demo(partnership)
    _export(tmp_path / "demo.sqlite", tmp_path / "demo.json")
    with open_partnership(tmp_path / "other.sqlite") as other:
        save_partner(other, Partner(name="Already here")).apply(other)
    with pytest.raises(KnownError, match="already holds records"):
        _import(tmp_path / "demo.json", tmp_path / "other.sqlite")
    with open_partnership(tmp_path / "other.sqlite") as other:
        assert [p.name for p in other.all(Partner)] == ["Already here"]


# Free text as people type it: markup, right-to-left scripts, emoji, combining marks, very long words.
# Control characters are refused by the core (tested there), and surrogates cannot be stored as UTF-8.
_SAMPLES = [
    "<b>Q&A</b>",
    "x<y & 'z'",
    "مركز الصحة العامة",
    "שירותי רווחה",
    "Ayşe 🚉 Kaya",
    "e\u0301",
    "‏RTL‎mark",
]
_text = st.text(
    st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=MAX_NAME
) | st.sampled_from(_SAMPLES)
_name = _text.filter(lambda s: s.strip() != "")
_long_word = st.text(st.sampled_from("ąęłżźśćńóإبتثﻻ字😀"), min_size=150, max_size=MAX_NAME)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    partner_name=_name | _long_word,
    short_name=st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40),
    contact=_text | st.just("line one\nline two\ttabbed"),
    person_name=_name,
    role=_text | _long_word,
)
def test_arbitrary_text_round_trips_through_sqlite_and_json(
    partner_name: str, short_name: str, contact: str, person_name: str, role: str
) -> None:
    # Hypothesis runs the body many times, so each example gets its own folder rather than tmp_path.
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        partner = Partner(name=partner_name, short_name=short_name, contact=contact, language="ar")
        person = Representative(name=person_name, partner_id=partner.id, role=role, preferred_language="he")
        with open_partnership(root / "a.sqlite") as first:
            save_partner(first, partner).apply(first)
            save_representative(first, person).apply(first)
            stored = (first.get(Partner, partner.id), first.get(Representative, person.id))
        _export(root / "a.sqlite", root / "a.json")
        _import(root / "a.json", root / "b.sqlite")
        with open_partnership(root / "b.sqlite") as second:
            back = (second.get(Partner, partner.id), second.get(Representative, person.id))
        assert back == stored
        assert (back[0].name, back[0].short_name, back[0].contact) == (partner_name, short_name, contact)
        assert (back[1].name, back[1].role) == (person_name, role)
