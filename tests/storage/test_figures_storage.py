"""Street figures on a real partnership file: migration 0013, values and missing values stored as they are, one
reading per figure and meeting, the JSON document (figures travel, references checked) and the audit trail."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from facilitator.document import build_document, load_document, parse_document
from facilitator.errors import ValidationError
from facilitator.figure_ops import agree_target, readings_of, record_figure, record_past_figure, targets_of
from facilitator.figures import FigureReading, TrackedFigure
from facilitator.records import KINDS, record_from_dict, record_to_dict
from facilitator.storage import open_partnership
from facilitator.storage.schema import known_migrations
from tests.core.figure_world import build_figure_world


def test_the_migration_makes_the_three_tables_with_their_references(db_path: Path) -> None:
    with open_partnership(db_path) as store:
        assert store.schema_version() == known_migrations()
        assert "0013_street_figures" in known_migrations()
    db = sqlite_utils.Database(db_path)
    assert {"tracked_figures", "figure_readings", "figure_targets"} <= set(db.table_names())
    references = {(fk.column, fk.other_table) for fk in db["figure_readings"].foreign_keys}
    assert references == {("figure_id", "tracked_figures"), ("meeting_id", "meetings")}
    assert db["figure_readings"].columns_dict["value"] is float
    assert {(fk.column, fk.other_table) for fk in db["figure_targets"].foreign_keys} == {
        ("figure_id", "tracked_figures"),
        ("decision_id", "decisions"),
    }
    # Together, in that order, after what they name (kinds of later migrations, such as papers, may follow).
    names = list(KINDS)
    at = names.index("tracked_figures")
    assert names[at : at + 3] == ["tracked_figures", "figure_readings", "figure_targets"]
    assert at > max(names.index("meetings"), names.index("decisions"))


def test_figures_are_stored_as_they_are_and_missing_stays_null(db_path: Path) -> None:
    with open_partnership(db_path) as store:
        world = build_figure_world(store, weeks=3)
        record_figure(store, world.meetings[0].id, world.cycle_park.id, 4.5).apply(store)
        record_figure(store, world.meetings[1].id, world.needles.id, 0).apply(store)
        record_figure(store, world.meetings[2].id, world.needles.id, None, note="Log lost.").apply(store)
        record_past_figure(store, world.needles.id, (dt.date(2024, 1, 1), dt.date(2024, 12, 1)), 1234).apply(
            store
        )
        figures = {f.id: f for f in store.all(TrackedFigure)}
        readings = {r.id: r for r in store.all(FigureReading)}
    with open_partnership(db_path, read_only=True) as reader:
        assert {f.id: f for f in reader.all(TrackedFigure)} == figures
        assert {r.id: r for r in reader.all(FigureReading)} == readings
        values = sorted((r.value is None, r.value or 0.0) for r in reader.all(FigureReading))
        assert values == [(False, 0.0), (False, 4.5), (False, 1234.0), (True, 0.0)]
    raw = (
        sqlite3.connect(db_path)
        .execute("select value, note from figure_readings where value is null")
        .fetchall()
    )
    assert raw == [(None, "Log lost.")]  # missing is NULL with its reason, never 0


def test_a_figure_is_reported_once_at_a_meeting_even_past_the_core(db_path: Path) -> None:
    with open_partnership(db_path) as store:
        world = build_figure_world(store, weeks=2)
        record_figure(store, world.meetings[0].id, world.needles.id, 7).apply(store)
        (first,) = readings_of(store, world.needles.id)
        twin = FigureReading(
            figure_id=world.needles.id,
            meeting_id=world.meetings[0].id,
            covers_from=dt.date(2024, 1, 1),
            covers_to=dt.date(2024, 1, 2),
            value=3.0,
        )
        with pytest.raises(sqlite3.IntegrityError):
            store.put(twin)
        assert readings_of(store, world.needles.id) == [first]


def test_figures_travel_in_the_json_document_and_come_back_the_same(tmp_path: Path) -> None:
    with open_partnership(tmp_path / "first.sqlite") as store:
        world = build_figure_world(store, weeks=4)
        for meeting in world.meetings:
            record_figure(store, meeting.id, world.needles.id, 5).apply(store)
        agree_target(
            store, world.meetings[0].id, world.needles.id, (dt.date(2025, 1, 1), dt.date(2025, 12, 31)), 300
        ).apply(store)
        document = json.loads(json.dumps(build_document(store), ensure_ascii=False))
        originals = {
            k: sorted(store.all(k, include_archived=True), key=lambda r: r.id) for k in KINDS.values()
        }
    assert len(document["figure_readings"]) == 4 and len(document["figure_targets"]) == 1
    assert {f["common"] for f in document["tracked_figures"]} == {"needles_found", "incidents", ""}
    assert document["figure_readings"][0]["value"] == 5.0
    with open_partnership(tmp_path / "second.sqlite") as target:
        load_document(target, parse_document(document))
        for kind, rows in originals.items():
            assert sorted(target.all(kind, include_archived=True), key=lambda r: r.id) == rows
        assert len(targets_of(target, world.needles.id)) == 1


@pytest.mark.parametrize(
    ("kind", "field", "said"),
    [
        ("tracked_figures", "forum_id", "names a forum that is not in the document"),
        ("tracked_figures", "partner_id", "names a partner that is not in the document"),
        ("figure_readings", "figure_id", "names a figure that is not in the document"),
        ("figure_readings", "meeting_id", "names a meeting that is not in the document"),
        ("figure_targets", "decision_id", "names a decision that is not in the document"),
    ],
)
def test_references_of_figures_are_checked_on_import(
    tmp_path: Path, kind: str, field: str, said: str
) -> None:
    with open_partnership(tmp_path / "first.sqlite") as store:
        world = build_figure_world(store, weeks=2)
        record_figure(store, world.meetings[0].id, world.needles.id, 5).apply(store)
        agree_target(
            store, world.meetings[0].id, world.needles.id, (dt.date(2025, 1, 1), dt.date(2025, 12, 31)), 300
        ).apply(store)
        document = json.loads(json.dumps(build_document(store)))
    document[kind][0][field] = "not-there"
    with pytest.raises(ValidationError) as refused:
        parse_document(document)
    assert refused.value.field == field and said in refused.value.problem
    assert refused.value.record.startswith(f"{kind}[0]")


def test_a_figure_reported_twice_at_one_meeting_is_refused_on_import(tmp_path: Path) -> None:
    with open_partnership(tmp_path / "first.sqlite") as store:
        world = build_figure_world(store, weeks=2)
        record_figure(store, world.meetings[0].id, world.needles.id, 5).apply(store)
        document = json.loads(json.dumps(build_document(store)))
    twin = dict(document["figure_readings"][0], id="0c3c4d5e-0000-4000-8000-000000000000")
    document["figure_readings"].append(twin)
    with pytest.raises(ValidationError) as refused:
        parse_document(document)
    assert "this figure was already reported at this meeting in figure_readings[0]" in refused.value.problem


@pytest.mark.parametrize("value", ["12", True, float("nan"), [1]])
def test_a_value_that_is_not_a_number_is_refused_in_a_document(value: object) -> None:
    reading = FigureReading(
        figure_id="f", covers_from=dt.date(2025, 1, 1), covers_to=dt.date(2025, 1, 7), value=1.0
    )
    data = record_to_dict(reading)
    assert record_from_dict(FigureReading, {**data, "value": 12}).value == 12.0  # a whole number is a number
    data["value"] = value
    with pytest.raises(ValidationError) as refused:
        record_from_dict(FigureReading, data)
    assert refused.value.field == "value"


def test_every_change_to_a_figure_is_in_the_audit_trail(db_path: Path) -> None:
    with open_partnership(db_path) as store:
        world = build_figure_world(store, weeks=1)
        record_figure(store, world.meetings[0].id, world.needles.id, 5).apply(store)
        record_figure(store, world.meetings[0].id, world.needles.id, 6).apply(store)
        (reading,) = store.all(FigureReading)
        history = store.history(FigureReading, reading.id)
    assert history[0].field == ""  # created
    assert [(e.old, e.new) for e in history if e.field == "value"] == [(5.0, 6.0)]


def test_readings_that_count_a_day_twice_are_refused_on_import(tmp_path: Path) -> None:
    with open_partnership(tmp_path / "first.sqlite") as store:
        world = build_figure_world(store, weeks=2)
        record_figure(store, world.meetings[0].id, world.needles.id, 5).apply(store)
        record_figure(store, world.meetings[1].id, world.needles.id, 6).apply(store)
        document = json.loads(json.dumps(build_document(store)))
    later = next(r for r in document["figure_readings"] if r["covers_to"] == "2025-01-12")
    later["covers_from"] = "2025-01-05"  # the first meeting's reading covers 30 December to 5 January
    with pytest.raises(ValidationError) as refused:
        parse_document(document)
    assert refused.value.field == "covers_from"
    assert "these days are already counted in figure_readings[" in refused.value.problem
