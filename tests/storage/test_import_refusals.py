"""Import applies the rules the operations apply, and every bad document gets words, never a traceback.

Broken references in every list, duplicates the schema forbids, what the operations refuse (an action waiting
for itself, a leaflet for a regular meeting...), and a Hypothesis search over mutated documents: each import is
either clean or a plain refusal, and a refused import leaves no file behind.
"""

from __future__ import annotations

import copy
import json
import tempfile
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.cli import main
from facilitator.demo import build_demo
from facilitator.document import REFERENCES, SUBJECTS, build_document, parse_document
from facilitator.records import KIND_NAMES, KINDS, structured_fields
from facilitator.storage import open_partnership
from facilitator.storage.backup import check


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    with open_partnership(path) as store:
        build_demo(store)
        made = build_document(store)
    # One minutes record and one correction, so that their rules are exercised too.
    meeting = made["meetings"][0]["id"]
    stamps = {"created": made["exported_at"], "updated": made["exported_at"], "archived": False}
    made["minutes_records"] = [{"id": str(uuid.uuid4()), **stamps, "meeting_id": meeting}]
    made["corrections"] = [
        {
            "id": str(uuid.uuid4()),
            **stamps,
            "meeting_id": meeting,
            "text": "The date of the next meeting was wrong.",
            "recorded_on": "2026-11-02",
            "recorded_at_meeting_id": meeting,
            "confidentiality": "restricted",
            "restricted_to": [made["partners"][0]["id"]],
        }
    ]
    parse_document(made)  # the base document is sound
    return json.loads(json.dumps(made))


def _import(doc: object, folder: Path, capsys: pytest.CaptureFixture[str] | None = None) -> tuple[int, str]:
    source = folder / "in.json"
    source.write_text(json.dumps(doc), encoding="utf-8")
    target = folder / "new.sqlite"
    if capsys is not None:
        capsys.readouterr()
    code = main(["import-json", "--db", str(target), str(source)])
    said = capsys.readouterr().err if capsys is not None else ""
    if code != 0:
        assert not target.exists() and not Path(str(target) + ".lock").exists()
    return code, said


def _refused(doc: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    code, said = _import(doc, tmp_path, capsys)
    assert code == 1 and said.strip() and "Traceback" not in said
    return said


REFERENCE_FIELDS = [
    (KIND_NAMES[kind], field) for kind, fields in REFERENCES.items() for field, _target in fields
] + [(KIND_NAMES[kind], id_field) for kind, (_k, id_field) in SUBJECTS.items()]


@pytest.mark.parametrize(("kind", "field"), REFERENCE_FIELDS)
def test_a_broken_reference_in_any_list_is_refused_in_words(
    document: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str, field: str
) -> None:
    doc = copy.deepcopy(document)
    if not doc[kind]:
        pytest.skip(f"the demo has no {kind}")
    record = doc[kind][0]
    listed = field in structured_fields(KINDS[kind])
    record[field] = ["no-such-record"] if listed else "no-such-record"
    said = _refused(doc, tmp_path, capsys)
    assert f"{kind}[0]" in said and field in said


@pytest.mark.parametrize("kind", ["leaflets", "minutes_records", "notice_responses", "content_translations"])
def test_a_second_record_where_one_is_allowed_is_refused(
    document: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    doc = copy.deepcopy(document)
    twin = dict(doc[kind][0], id=str(uuid.uuid4()))
    doc[kind].append(twin)
    said = _refused(doc, tmp_path, capsys)
    assert f"{kind}[{len(doc[kind]) - 1}]" in said and "only once" in said


def test_what_the_operations_refuse_import_refuses_in_their_words(
    document: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = copy.deepcopy(document)
    first, second = doc["actions"][0], doc["actions"][1]
    first["waits_for"], second["waits_for"] = [second["id"]], [first["id"]]
    assert "wait for itself" in _refused(doc, tmp_path, capsys)

    doc = copy.deepcopy(document)
    regular = next(m for m in doc["meetings"] if m["kind"] != "public")
    doc["leaflets"][0]["meeting_id"] = regular["id"]
    assert "public meetings only" in _refused(doc, tmp_path, capsys)

    doc = copy.deepcopy(document)
    response = doc["notice_responses"][0]
    notice = next(n for n in doc["notices"] if n["id"] == response["notice_id"])
    outsider = next(p["id"] for p in doc["partners"] if p["id"] not in notice["affected_partners"])
    response["partner_id"] = outsider
    assert "not among the partners this notice affects" in _refused(doc, tmp_path, capsys)

    doc = copy.deepcopy(document)
    action = next(a for a in doc["actions"] if a["owner_person_id"])
    other = next(r for r in doc["representatives"] if r["partner_id"] != action["owner_partner_id"])
    action["owner_person_id"] = other["id"]
    assert "does not represent this partner" in _refused(doc, tmp_path, capsys)


def test_a_document_with_no_problems_still_imports(
    document: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, said = _import(document, tmp_path, capsys)
    assert code == 0, said
    assert check(tmp_path / "new.sqlite").ok


# --- Hypothesis: mutated documents ---------------------------------------------------------------------------

OUTCOMES: Counter[str] = Counter()
LISTS = [name for name in KINDS if name not in ("minutes_records", "corrections")]

values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(["", "no-such-id", "2025-02-30", "25:61", "public", "restricted", "\x00"]),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@st.composite
def mutations(draw: st.DrawFn) -> list[tuple[str, ...]]:
    """A few edits of a document: each says what to do to which record and field."""
    edits = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        kind = draw(st.sampled_from(LISTS))
        what = draw(st.sampled_from(["set", "set-id", "drop-field", "drop-record", "duplicate", "add-field"]))
        edits.append((kind, what, str(draw(st.integers(0, 10_000))), str(draw(st.integers(0, 10_000)))))
        edits.append(("value", json.dumps(draw(values))))
    return edits


def _mutate(doc: dict[str, Any], edits: list[tuple[str, ...]]) -> None:
    ids = [r["id"] for name in LISTS for r in doc[name]]
    for index in range(0, len(edits), 2):
        kind, what, at, pick = edits[index]
        value = json.loads(edits[index + 1][1])
        rows = doc[kind]
        if not rows:
            continue
        record = rows[int(at) % len(rows)]
        field = sorted(record)[int(pick) % len(record)]
        if what == "set":
            record[field] = value
        elif what == "set-id":
            record[field] = ids[int(pick) % len(ids)]
        elif what == "drop-field":
            record.pop(field)
        elif what == "drop-record":
            rows.remove(record)
        elif what == "duplicate":
            rows.append(dict(record, id=record["id"] if int(pick) % 2 else str(uuid.uuid4())))
        else:
            record["unexpected"] = value


@settings(
    max_examples=45,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(edits=mutations())
def _import_mutated(document: dict[str, Any], edits: list[tuple[str, ...]]) -> None:
    doc = copy.deepcopy(document)
    _mutate(doc, edits)
    with tempfile.TemporaryDirectory() as folder:
        code, _said = _import(doc, Path(folder))
        if code == 0:
            OUTCOMES["imported"] += 1
            report = check(Path(folder) / "new.sqlite")
            assert report.ok, report.lines()
        else:
            assert code == 1
            OUTCOMES["refused"] += 1


def test_mutated_documents_are_imported_cleanly_or_refused_plainly(document: dict[str, Any]) -> None:
    OUTCOMES.clear()
    _import_mutated(document)
    # Count what really ran: both outcomes, and every example accounted for.
    assert OUTCOMES["imported"] >= 3, OUTCOMES
    assert OUTCOMES["refused"] >= 20, OUTCOMES
    assert sum(OUTCOMES.values()) >= 40, OUTCOMES
