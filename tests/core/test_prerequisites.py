"""Services before intervention in the core: an action whose prerequisites are not done cannot start or close
without the coordinator's reason, whichever operation changes its status; the override is kept, undone with the
change, and worded the same wherever the action is printed, never naming what the audience may not see."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.actions import (
    Action,
    ActionOverride,
    ActionStatus,
    PrerequisitesNotDone,
    overrides_of,
    record_update,
    save_action,
    set_status,
)
from facilitator.audience import Audience
from facilitator.entities import Forum, Partner
from facilitator.errors import ValidationError
from facilitator.i18n import translator
from facilitator.meeting_ops import cancel_meeting, new_meeting
from facilitator.meetings import Confidentiality, Meeting
from facilitator.prerequisites import action_lines, overrides_reported_at, prerequisite_parts, waits_for_line
from tests.core.fakes import MemoryStore

TODAY = dt.date(2026, 12, 7)
OPEN, PROGRESS, DONE, DROPPED = (
    ActionStatus.OPEN,
    ActionStatus.IN_PROGRESS,
    ActionStatus.DONE,
    ActionStatus.DROPPED,
)


@pytest.fixture
def store() -> MemoryStore:
    store = MemoryStore()
    store.put(Forum(id="street", name="Street round"))
    store.put(Partner(id="police", name="Police"))
    store.put(Partner(id="housing", name="Housing"))
    return store


def _action(
    store: MemoryStore, key: str, status: ActionStatus = OPEN, *waits: str, **fields: object
) -> Action:
    action = Action(
        id=key,
        forum_id="street",
        title=key.replace("_", " ").capitalize(),
        owner_partner_id=str(fields.pop("owner", "police")),
        status=status,
        waits_for=tuple(waits),
        **fields,  # type: ignore[arg-type]
    )
    store.put(action)
    return action


CHANGES = [
    # (prerequisite's status, new status, reason given) -> needs a reason (refused without), override kept
    (OPEN, PROGRESS, "", True, False),
    (OPEN, DONE, "", True, False),
    (PROGRESS, DONE, "", True, False),
    (DROPPED, PROGRESS, "", True, False),  # a dropped service is not in place either
    (DONE, PROGRESS, "", False, False),
    (DONE, DONE, "", False, False),
    (OPEN, DROPPED, "", False, False),  # dropping the intervention needs no services
    (OPEN, OPEN, "", False, False),
    (OPEN, PROGRESS, "   ", True, False),  # blanks are no reason
    (OPEN, PROGRESS, "The scene moved to the school gate", False, True),
    (OPEN, DONE, "Court order", False, True),
]


@pytest.mark.parametrize(("waited", "status", "reason", "refused", "kept"), CHANGES)
def test_set_status(
    store: MemoryStore, *, waited: ActionStatus, status: ActionStatus, reason: str, refused: bool, kept: bool
) -> None:
    _action(store, "beds", waited)
    _action(store, "raid", OPEN, "beds")
    if refused:
        with pytest.raises(PrerequisitesNotDone) as error:
            set_status(store, ["raid"], status, TODAY, override_reason=reason)
        assert error.value.field == "override_reason"
        assert error.value.waiting[0][0].id == "raid" and [a.id for a in error.value.waiting[0][1]] == [
            "beds"
        ]
        assert "“Raid” waits for “Beds”, which are not done." in error.value.problem
        return
    change = set_status(store, ["raid"], status, TODAY, override_reason=reason)
    change.edit.apply(store)
    assert store.get(Action, "raid").status is status
    overrides = overrides_of(store, "raid")
    assert bool(overrides) is kept
    if kept:
        (override,) = overrides
        assert (override.status, override.on, override.waiting_for, override.meeting_id) == (
            status,
            TODAY,
            ("beds",),
            None,
        )
        assert override.reason == reason.strip()
        assert [a.id for a in change.open_prerequisites] == ["beds"]
        change.edit.revert(store)  # undo takes the override back with the change
        assert overrides_of(store, "raid") == [] and store.get(Action, "raid").status is OPEN


def test_several_at_once_are_all_refused_or_all_changed(store: MemoryStore) -> None:
    _action(store, "beds")
    _action(store, "raid", OPEN, "beds")
    _action(store, "leaflet")
    with pytest.raises(PrerequisitesNotDone):
        set_status(store, ["leaflet", "raid"], DONE, TODAY)
    assert store.get(Action, "leaflet").status is OPEN  # nothing half-done
    set_status(store, ["leaflet", "raid"], DONE, TODAY, override_reason="Court order").edit.apply(store)
    assert [o.action_id for o in store.all(ActionOverride)] == ["raid"]


def test_an_update_at_a_meeting_needs_the_reason_and_records_it_there(store: MemoryStore) -> None:
    _action(store, "beds")
    _action(store, "raid", OPEN, "beds")
    edit, meeting = new_meeting(store, "street", dt.datetime(2026, 12, 7, 10), timezone="Europe/London")
    edit.apply(store)
    with pytest.raises(PrerequisitesNotDone):
        record_update(store, "raid", meeting.id, "Starting", new_status=PROGRESS, today=TODAY)
    record_update(
        store,
        "raid",
        meeting.id,
        "Starting",
        new_status=PROGRESS,
        today=TODAY,
        override_reason="Now or never",
    ).apply(store)
    (override,) = overrides_of(store, "raid")
    assert override.meeting_id == meeting.id and override.status is PROGRESS
    # An update that says nothing new about the status asks nothing.
    record_update(store, "raid", meeting.id, "Going well", today=TODAY).apply(store)
    assert len(overrides_of(store, "raid")) == 1


def test_saving_an_action_started_or_closed_over_open_prerequisites(store: MemoryStore) -> None:
    _action(store, "beds")
    started = Action(
        id="move",
        forum_id="street",
        title="Move the service",
        owner_partner_id="police",
        status=PROGRESS,
        waits_for=("beds",),
    )
    with pytest.raises(PrerequisitesNotDone):
        save_action(store, started, today=TODAY)
    save_action(store, started, override_reason="The lease ends", today=TODAY).apply(store)
    assert [o.reason for o in overrides_of(store, "move")] == ["The lease ends"]
    # Editing it again without changing its status asks nothing more.
    save_action(
        store, Action(**{**store.get(Action, "move").__dict__, "title": "Move the drug service"}), today=TODAY
    ).apply(store)
    assert len(overrides_of(store, "move")) == 1


def test_an_overlong_reason_is_refused(store: MemoryStore) -> None:
    _action(store, "beds")
    _action(store, "raid", OPEN, "beds")
    with pytest.raises(ValidationError) as error:
        set_status(store, ["raid"], PROGRESS, TODAY, override_reason="x" * 20_001)
    assert error.value.field == "override_reason"


# --- words --------------------------------------------------------------------------------------------------------


def test_prerequisites_in_words_ask_the_audience(store: MemoryStore) -> None:
    beds = _action(store, "beds", DONE)
    secret = _action(
        store, "informant", OPEN, confidentiality=Confidentiality.RESTRICTED, restricted_to=("police",)
    )
    public = _action(store, "bins", OPEN, confidentiality=Confidentiality.PUBLIC)
    waited = [beds, secret, public]
    en = translator("en")
    assert waits_for_line(en, waited) == "Waits for: Beds (Done); Informant (Open); Bins (Open)"
    assert (
        waits_for_line(en, waited, Audience.full()) == "Waits for: Beds (Done); Informant (Open); Bins (Open)"
    )
    assert (
        waits_for_line(en, waited, Audience.partners())
        == "Waits for: Beds (Done); Bins (Open); 1 confidential action"
    )
    assert (
        waits_for_line(en, waited, Audience.for_partner("police"))
        == "Waits for: Beds (Done); Informant (Open); Bins (Open)"
    )
    assert (
        waits_for_line(en, waited, Audience.public()) == "Waits for: Bins (Open)"
    )  # not even a trace of the rest
    assert waits_for_line(en, [secret], Audience.public()) == ""
    assert prerequisite_parts(translator("fr"), [beds]) == ["Beds (Terminée)"]
    assert (
        waits_for_line(translator("pl"), [secret, public], Audience.partners())
        == "Czeka na: Bins (Otwarte); 1 poufne zadanie"
    )


def test_action_lines_print_what_it_waits_for_and_each_override(store: MemoryStore) -> None:
    _action(store, "beds")
    _action(store, "raid", OPEN, "beds")
    set_status(store, ["raid"], PROGRESS, TODAY, override_reason="The scene moved").edit.apply(store)
    lines = action_lines(translator("en"), store, store.get(Action, "raid"), Audience.partners())
    assert lines == [
        "Waits for: Beds (Open)",
        "Marked In progress on Dec 7, 2026 before what it waits for was done (Beds (Open)). Reason: The scene moved",
    ]


def test_the_minutes_report_overrides_made_at_the_meeting_or_since_the_last_one(store: MemoryStore) -> None:
    _action(store, "beds")
    _action(store, "raid", OPEN, "beds")
    _action(store, "other", OPEN, "beds")
    meetings = []
    for day in (
        dt.datetime(2026, 11, 23, 10),
        dt.datetime(2026, 11, 30, 10),
        dt.datetime(2026, 12, 7, 10),
        dt.datetime(2026, 12, 14, 10),
    ):
        edit, meeting = new_meeting(store, "street", day, timezone="Europe/London")
        edit.apply(store)
        meetings.append(meeting)
    first, cancelled, third, fourth = meetings
    cancel_meeting(store, cancelled.id).apply(store)
    between = dt.date(2026, 11, 27)
    set_status(store, ["raid"], PROGRESS, between, override_reason="Between meetings").edit.apply(store)
    record_update(
        store, "other", third.id, "", new_status=PROGRESS, today=TODAY, override_reason="At the meeting"
    ).apply(store)
    reported = {
        m.id: [o.reason for o in overrides_reported_at(store, store.get(Meeting, m.id))] for m in meetings
    }
    assert reported[first.id] == []
    # The meeting of 30 November was cancelled: the override of the 27th is reported at the next one held.
    assert reported[third.id] == ["Between meetings", "At the meeting"]
    assert reported[fourth.id] == []
