"""Every kind of record in ``records.KINDS`` survives the SQLite file, plain data (JSON text) and the whole
partnership's ``export-json``/``import-json``, with awkward text in every free-text field.

The records come from the demo partnership (made through the core's operations) plus approved minutes with a
correction, so every kind is there with real links; Hypothesis then writes markup, right-to-left and mixed
scripts, emoji and long text into each kind's free-text fields.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import shutil
import typing
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.approval import (
    Correction,
    MinutesRecord,
    approve_minutes,
    circulate_minutes,
    record_correction,
)
from facilitator.circulation import Circulated, plan_circulation, record_circulation
from facilitator.demo import build_demo
from facilitator.document import build_document, load_document, parse_document
from facilitator.entities import MAX_NAME, MAX_TEXT, AnyRecord, Partner
from facilitator.errors import ValidationError
from facilitator.meeting_ops import meetings_of
from facilitator.meetings import Meeting, MeetingStatus
from facilitator.records import KINDS, record_from_dict, record_to_dict
from facilitator.storage import Partnership, open_partnership
from tests.storage.test_records_roundtrip import names, texts

#: Text fields that are codes, references or machine text rather than what a person types.
NOT_FREE_TEXT = frozenset(
    {
        "id",
        "created",
        "updated",
        "language",
        "working_language",
        "preferred_language",
        "timezone",
        "subject_kind",
        "record_kind",
        "field",
        "source_hash",
        "checksum",
        "state_then",
        "circulated_record",
        "email",
        "phone",
        "short_name",
        "status_then",
        "response_then",
        "common",  # the key of a common street figure
        "media_type",
        "sha256",
        "region",  # a country code (GB, FR)
        "content_digest",  # a circulated copy's digest of what it said
        "outline",  # a circulated copy's digests of its sections (JSON)
        "qr_link",  # a web address, checked as one: written into with WEB_ADDRESSES below
    }
)
#: File names are free text too, but never a path (the core refuses folders in them).
FILE_NAMES = st.sampled_from(["مجلس الشراكة.png", "Zürich İstanbul & <b>.png", "👩🏽‍⚕️ logo.png", "x<y>.png"])
#: Web addresses a leaflet's QR code may point to, with what people paste: queries, fragments, non-Latin paths.
WEB_ADDRESSES = st.sampled_from(
    [
        "",
        "https://example.org/map?q=Zürich&lang=<b>",
        "www.example.org/ساحة-المحطة#شارع",
        "http://localhost.example:8080/%20space/👩🏽‍⚕️",
        "https://" + "a" * 60 + ".example/" + "x" * 400,
    ]
)
#: Free text that must not be blank, by kind and field (names and titles; what the validators require).
REQUIRED = {
    ("forums", "name"),
    ("partners", "name"),
    ("representatives", "name"),
    ("agenda_items", "title"),
    ("usual_items", "title"),
    ("actions", "title"),
    ("conflicts", "title"),
    ("conflicts", "mediator"),  # required once a conflict is in mediation; never wrong when given
    ("notices", "title"),
    ("escalations", "reason"),
    ("escalations", "subject_title"),
    ("corrections", "text"),
    ("decisions", "text"),
    ("content_translations", "text"),
    ("tracked_figures", "name"),  # the forum's own figures need a name and a unit
    ("tracked_figures", "unit"),
    ("figure_readings", "note"),  # a figure reported as not available says why
    ("action_overrides", "reason"),
}


def free_text_fields(kind: type[AnyRecord]) -> list[str]:
    """The fields of ``kind`` a person types free text into."""
    hints = typing.get_type_hints(kind)
    return [
        f.name
        for f in dataclasses.fields(kind)
        if hints[f.name] is str and f.name not in NOT_FREE_TEXT and not f.name.endswith("_id")
    ]


@pytest.fixture(scope="module")
def every_kind(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo partnership with approved minutes and a correction: a file holding every kind of record."""
    path = tmp_path_factory.mktemp("kinds") / "every-kind.sqlite"
    with open_partnership(path) as store:
        build_demo(store)
        held = [m for m in meetings_of(store) if m.status is MeetingStatus.HELD]
        first, later = next((a, b) for a, b in itertools.pairwise(held) if a.forum_id == b.forum_id)
        partner_ids = [p.id for p in store.all(Partner)]
        circulate_minutes(store, first.id, partner_ids, later.starts_at.date()).apply(store)
        approve_minutes(store, first.id, later.id, later.starts_at.date()).apply(store)
        record_correction(store, first.id, "A date was wrong.", later.starts_at.date(), later.id).apply(store)
        # The agenda of the later meeting circulated by e-mail (the demo's papers are on a planned meeting).
        plan = plan_circulation(store, later.id, Circulated.AGENDA)
        record_circulation(store, plan, {c.partner.id: "0" * 64 for c in plan.copies}).apply(store)
        for name, kind in KINDS.items():
            assert store.all(kind, include_archived=True), f"the file has no {name}"
    return path


@pytest.fixture
def store(every_kind: Path, tmp_path: Path) -> Iterator[Partnership]:
    copy = tmp_path / "copy.sqlite"
    shutil.copy(every_kind, copy)
    opened = open_partnership(copy)
    try:
        yield opened
    finally:
        opened.close()


def test_every_kind_has_free_text_to_write_into() -> None:
    """Which fields the property below fills, so that a new field is not silently left out."""
    fields = {name: free_text_fields(kind) for name, kind in KINDS.items()}
    assert len(fields) == len(KINDS) >= 31
    assert fields["tracked_figures"] == ["name", "unit", "counts", "source", "reported_under"]
    assert fields["agenda_items"] == ["title", "notes"]
    assert fields["escalations"] == ["subject_title", "reason", "response"]
    assert fields["conflicts"] == ["title", "description", "mediator", "resolution", "lessons"]
    assert fields["leaflets"] == [
        "headline",
        "venue_address",
        "accessibility_note",
        "concern",
        "contacts",
        "data_protection",
    ]
    assert sum(len(f) for f in fields.values()) >= 40


def longest_accepted(record: AnyRecord, field: str) -> int:
    """The longest of the usual limits the core accepts in ``field`` (names, places, texts, notes)."""
    kind = type(record)
    for limit in (5 * MAX_TEXT, MAX_TEXT, 2 * MAX_NAME, MAX_NAME, 80):
        try:
            record_from_dict(kind, record_to_dict(dataclasses.replace(record, **{field: "x" * limit})))  # type: ignore[type-var]
        except ValidationError:
            continue
        return limit
    raise AssertionError(f"{kind.__name__}.{field} takes not even 80 characters")


def _text_for(kind_name: str, field: str, limit: int) -> st.SearchStrategy[str]:
    if (kind_name, field) in (("stored_files", "name"), ("papers", "name")):
        return FILE_NAMES
    if (kind_name, field) in REQUIRED:
        return names(limit)
    longest = st.sampled_from(["مجلس الشراكة ", "👩🏽‍⚕️🇳🇱 ", "x<y & <b>", "Zürich İstanbul "])
    return texts(limit) | longest.map(lambda piece: (piece * limit)[:limit])


@st.composite
def rewritten(draw: st.DrawFn, kind_name: str, records: list[AnyRecord]) -> AnyRecord:
    """One of ``records`` with awkward text in each of its free-text fields."""
    record = draw(st.sampled_from(records))
    kind = type(record)
    changes = {
        field: draw(_text_for(kind_name, field, longest_accepted(record, field)))
        for field in free_text_fields(kind)
    }
    if kind_name == "leaflets":
        changes["qr_link"] = draw(WEB_ADDRESSES)
    return dataclasses.replace(record, **changes)  # type: ignore[type-var]


EXAMPLES = settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.mark.parametrize("kind_name", list(KINDS))
@EXAMPLES
@given(data=st.data())
def test_every_kind_survives_the_file_and_json(
    store: Partnership, kind_name: str, data: st.DataObject
) -> None:
    kind = KINDS[kind_name]
    records = store.all(kind, include_archived=True)[:30]
    record = data.draw(rewritten(kind_name, records))
    # Plain data, through JSON text, validated as an import validates it.
    plain = json.loads(json.dumps(record_to_dict(record), ensure_ascii=False))
    assert record_from_dict(kind, plain) == record
    # The file: written, read back, and read by a second connection (what another window would see).
    store.put(record)
    assert store.get(kind, record.id) == record
    path = Path(store.db.execute("PRAGMA database_list").fetchone()[2])
    with open_partnership(path, read_only=True) as reader:
        assert reader.get(kind, record.id) == record


def test_the_whole_file_with_every_kind_round_trips_through_the_json_document(
    every_kind: Path, tmp_path: Path
) -> None:
    with open_partnership(every_kind, read_only=True) as source:
        document = json.loads(json.dumps(build_document(source), ensure_ascii=False))
        originals = {kind: source.all(kind, include_archived=True) for kind in KINDS.values()}
    assert {name for name in KINDS if document[name]} == set(KINDS)
    with open_partnership(tmp_path / "imported.sqlite") as target:
        count = load_document(target, parse_document(document))
        assert count == sum(len(rows) for rows in originals.values())
        for kind, rows in originals.items():
            assert sorted(target.all(kind, include_archived=True), key=lambda r: r.id) == sorted(
                rows, key=lambda r: r.id
            ), kind.__name__
        assert target.all(MinutesRecord) and target.all(Correction) and target.all(Meeting)


def test_a_meeting_s_chair_and_minute_taker_travel_in_the_file_and_the_json_document(
    every_kind: Path, tmp_path: Path
) -> None:
    """Migration 0017 keeps who chaired and who took the minutes; export-json writes them and import-json reads
    them back, and refuses a document whose meeting names someone it does not hold."""
    with open_partnership(every_kind, read_only=True) as source:
        named = [m for m in source.all(Meeting) if m.chair_id and m.minute_taker_id]
        document = json.loads(json.dumps(build_document(source), ensure_ascii=False))
    assert named and all(
        m.chair_id != m.minute_taker_id for m in named
    )  # the demo names both at held meetings
    rows = {row["id"]: row for row in document["meetings"]}
    assert all(
        (rows[m.id]["chair_id"], rows[m.id]["minute_taker_id"]) == (m.chair_id, m.minute_taker_id)
        for m in named
    )
    with open_partnership(tmp_path / "imported.sqlite") as target:
        load_document(target, parse_document(document))
        assert {m.id: (m.chair_id, m.minute_taker_id) for m in target.all(Meeting) if m.chair_id} == {
            m.id: (m.chair_id, m.minute_taker_id) for m in named
        }
    rows[named[0].id]["chair_id"] = "someone-not-in-the-document"
    with open_partnership(tmp_path / "refused.sqlite") as target, pytest.raises(ValidationError) as refused:
        load_document(target, parse_document(document))
    assert refused.value.field == "chair_id"
    assert "representatives" in str(refused.value)
