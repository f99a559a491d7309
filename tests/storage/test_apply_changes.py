"""``facilitator apply`` checks a changes document exactly as an import checks a document (the reference table,
one record where one is allowed, the operations' own rules, in their words), then writes through the window's
operations and rules; one wrong record changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from facilitator.actions import Action, ActionStatus
from facilitator.approval import MinutesStatus, minutes_record
from facilitator.changes import apply_changes
from facilitator.demo import build_demo
from facilitator.document import FORMAT, VERSION, build_document
from facilitator.entities import Partner
from facilitator.errors import MinutesLocked, ValidationError
from facilitator.leaflets import Leaflet
from facilitator.meetings import AgendaItem, Meeting, MeetingKind
from facilitator.storage import Partnership, open_partnership


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import datetime as dt

    from facilitator.clock import FrozenClock, use

    previous = use(FrozenClock(dt.datetime(2026, 12, 7, 9, 30), "Europe/London"))
    try:
        path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
        with open_partnership(path) as store:
            build_demo(store)
    finally:
        use(previous)
    return path


@pytest.fixture
def store(template: Path, tmp_path: Path) -> Iterator[Partnership]:
    path = tmp_path / "copy.sqlite"
    path.write_bytes(template.read_bytes())
    with open_partnership(path) as opened:
        yield opened


def _changes(**lists: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, **lists}


def _refused(store: Partnership, document: dict[str, Any]) -> ValidationError:
    before = build_document(store)
    before.pop("exported_at")
    with pytest.raises(ValidationError) as refused:
        apply_changes(store, document)
    after = build_document(store)
    after.pop("exported_at")
    assert after == before  # all or nothing
    return refused.value


def test_a_reference_to_nothing_is_refused_in_the_import_words_naming_the_changed_record(
    store: Partnership,
) -> None:
    action = sorted(store.all(Action), key=lambda a: a.id)[0]
    error = _refused(
        store,
        _changes(
            partners=[{"name": "Accepted alone, refused with the rest"}],
            actions=[{"id": action.id, "waits_for": ["no-such-action"]}],
        ),
    )
    assert error.record.startswith("actions[0]") and error.field == "waits_for"
    assert "that is not in the document" in error.problem  # the import's words, from document.REFERENCES


def test_what_the_operations_refuse_apply_refuses_in_their_words(store: Partnership) -> None:
    (leaflet,) = store.all(Leaflet)
    regular = next(m for m in store.all(Meeting) if m.kind is not MeetingKind.PUBLIC)
    error = _refused(store, _changes(leaflets=[{"id": leaflet.id, "meeting_id": regular.id}]))
    assert "public meetings only" in error.message


def test_a_second_record_where_one_is_allowed_is_refused(store: Partnership) -> None:
    record = next(r for m in store.all(Meeting) if (r := minutes_record(store, m.id)) is not None)
    twin = {"meeting_id": record.meeting_id, "status": MinutesStatus.DRAFT.value}
    error = _refused(store, _changes(minutes_records=[twin]))
    assert "only once" in error.problem and error.record.startswith("minutes_records[0]")


def test_starting_an_action_before_what_it_waits_for_is_done_is_refused(store: Partnership) -> None:
    """The window asks for a reason (an override) to start it; a file of changes cannot give one."""
    actions = sorted(store.all(Action), key=lambda a: a.id)
    prerequisite = next(a for a in actions if a.status is ActionStatus.IN_PROGRESS and not a.waits_for)
    waiting = next(a for a in actions if a.status is ActionStatus.OPEN and not a.waits_for)
    apply_changes(store, _changes(actions=[{"id": waiting.id, "waits_for": [prerequisite.id]}]))
    error = _refused(store, _changes(actions=[{"id": waiting.id, "status": "in_progress"}]))
    assert prerequisite.title in error.problem and error.record.startswith("actions[0]")


def test_a_change_that_breaks_a_record_already_here_names_it_by_kind_and_id(store: Partnership) -> None:
    first, second = sorted(store.all(Action), key=lambda a: a.id)[:2]
    apply_changes(store, _changes(actions=[{"id": first.id, "waits_for": [second.id]}]))
    error = _refused(store, _changes(actions=[{"id": second.id, "waits_for": [first.id]}]))
    assert "wait for itself" in error.problem
    assert error.record in (f"actions ({first.id})", f"actions[0] ({second.id})")


def test_a_record_of_approved_minutes_is_locked(store: Partnership) -> None:
    approved = next(
        m
        for m in store.all(Meeting)
        if (r := minutes_record(store, m.id)) is not None and r.status is MinutesStatus.APPROVED
    )
    item = next(i for i in store.all(AgendaItem) if i.meeting_id == approved.id)
    with pytest.raises(MinutesLocked):
        apply_changes(store, _changes(agenda_items=[{"id": item.id, "notes": "Changed afterwards"}]))
    assert store.get(AgendaItem, item.id).notes != "Changed afterwards"


def test_good_changes_are_applied_and_reported(store: Partnership) -> None:
    police = next(p for p in store.all(Partner) if p.sector.value == "police")
    report = apply_changes(
        store,
        _changes(
            partners=[{"id": police.id, "contact": "Desk 9"}, {"name": "Night shelter", "sector": "housing"}]
        ),
    )
    assert (len(report.created), len(report.changed)) == (1, 1)
    assert store.get(Partner, police.id).contact == "Desk 9"
