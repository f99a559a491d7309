"""Street figures in the core: typing a figure (numbers, units), the rules of a figure, a reading and a target
(dates, values), entering figures at a meeting (missing stays missing), where they are entered, last time,
targets agreed as decisions, and the locks."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from facilitator import clock
from facilitator.approval import approve_minutes, circulate_minutes
from facilitator.entities import Forum, QuorumRule
from facilitator.errors import MinutesLocked, ValidationError
from facilitator.figure_ops import (
    agree_target,
    archive_figure,
    default_covers,
    entries_under,
    figures_of,
    home_item,
    last_time,
    move_figure,
    reading_at,
    readings_of,
    record_figure,
    record_past_figure,
    remove_reading,
    save_figure,
    targets_of,
    withdraw_target,
)
from facilitator.figures import (
    COMMON_FIGURES,
    FigureReading,
    FigureTarget,
    TrackedFigure,
    parse_figure,
    validate_figure,
    validate_reading,
    validate_target,
)
from facilitator.i18n import translator
from facilitator.meeting_ops import (
    agenda,
    decision_of,
    record_decision,
    remove_decision,
    save_item,
    start_meeting,
)
from facilitator.meetings import (
    AgendaItem,
    Confidentiality,
    Decision,
    DecisionMethod,
    ItemKind,
    Meeting,
    MeetingStatus,
    Stance,
)
from facilitator.operations import save_forum
from facilitator.profile import Profile, save_profile
from facilitator.quorum import standings_at_decision
from tests.conftest import stand_on
from tests.core.fakes import MemoryStore
from tests.core.figure_world import FigureWorld, build_figure_world, seat


@pytest.fixture
def world() -> FigureWorld:
    return build_figure_world(MemoryStore())


def _item(world: FigureWorld, meeting: Meeting, title: str) -> AgendaItem:
    return next(i for i in agenda(world.store, meeting.id) if i.title.startswith(title))


def _enter(
    world: FigureWorld, meeting: Meeting, figure: TrackedFigure, value: float | None, **kw: object
) -> None:
    record_figure(world.store, meeting.id, figure.id, value, **kw).apply(world.store)  # type: ignore[arg-type]


# --- typing a figure ----------------------------------------------------------------------------------------------

WHOLE = TrackedFigure(forum_id="f", partner_id="p", common="needles_found")
TENTHS = TrackedFigure(forum_id="f", partner_id="p", name="Hours of outreach", unit="hours", decimals=1)
SHARE = TrackedFigure(forum_id="f", partner_id="p", name="Bins emptied on time", unit="%")


@pytest.mark.parametrize(
    ("language", "figure", "typed", "value"),
    [
        ("en", WHOLE, "12", 12.0),
        ("en", WHOLE, "1,234", 1234.0),
        ("en", WHOLE, " 12 needles ", 12.0),
        ("en", WHOLE, "1 needle", 1.0),
        ("en", WHOLE, "0", 0.0),
        ("fr", WHOLE, "1 234", 1234.0),  # a space as the group separator
        ("fr", WHOLE, "1\u202f234", 1234.0),  # as Babel writes it in French
        ("fr", WHOLE, "12 seringues", 12.0),  # the unit in the document's language
        ("fr", TENTHS, "12,5", 12.5),
        ("de", TENTHS, "1.234,5", 1234.5),
        ("nl", TENTHS, "12.5", 12.5),  # as a spreadsheet writes it, accepted in any language
        ("en", TENTHS, "12.5 hours", 12.5),
        ("ar", WHOLE, "١٢", 12.0),  # Arabic-Indic digits
        ("en", SHARE, "100 %", 100.0),
        ("en", WHOLE, "", None),
        ("en", WHOLE, "   ", None),
    ],
)
def test_typed_figures_are_read_as_each_language_writes_them(
    language: str, figure: TrackedFigure, typed: str, value: float | None
) -> None:
    assert parse_figure(typed, figure, translator(language)) == value


@pytest.mark.parametrize(
    ("language", "figure", "typed", "said"),
    [
        ("en", WHOLE, "twelve", "'twelve' is not a number"),
        ("en", WHOLE, "12 kg", "this figure is counted in needles, not in kg"),
        ("en", WHOLE, "-3", "cannot be below zero"),
        ("en", WHOLE, "3.5", "is counted in whole numbers"),
        ("en", TENTHS, "3.25", "has more than 1 digits after the decimal point"),
        ("en", WHOLE, "1e5", "not in e5"),
        ("en", WHOLE, "nan", "'nan' is not a number"),
        ("en", WHOLE, "12,5", "is not a number as English writes it"),
        ("de", TENTHS, "12.5.3", "is not a number as Deutsch writes it"),
        ("en", WHOLE, "2000000000", "is too large to be a figure about the street"),
        ("en", SHARE, "120", "a percentage is 100 at most"),
    ],
)
def test_typed_figures_that_cannot_be_are_refused_in_plain_words(
    language: str, figure: TrackedFigure, typed: str, said: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_figure(typed, figure, translator(language))
    assert refused.value.field == "value"
    assert said in refused.value.problem


# --- the rules of a figure, a reading and a target ----------------------------------------------------------------


def test_a_common_figure_needs_no_name_of_its_own_and_is_named_in_each_language() -> None:
    validate_figure(WHOLE)
    assert WHOLE.name_in(translator("en")) == "Needles found"
    assert WHOLE.unit_in(translator("en")) == "needles"
    assert WHOLE.counts_in(translator("en")) == translator("en").gettext(
        COMMON_FIGURES["needles_found"].counts
    )
    renamed = replace(WHOLE, name="Syringes picked up")
    assert renamed.name_in(translator("fr")) == "Syringes picked up"  # what the forum typed, as typed


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"common": "", "name": ""}, "name"),
        ({"common": "", "name": "Own figure", "unit": ""}, "unit"),
        ({"common": "parking_fines"}, "common"),
        ({"partner_id": ""}, "partner_id"),
        ({"decimals": 4}, "decimals"),
        ({"decimals": -1}, "decimals"),
        ({"confidentiality": Confidentiality.RESTRICTED}, "confidentiality"),
        ({"unit": "x" * 81}, "unit"),
        ({"name": "Needles\x07"}, "name"),
    ],
)
def test_a_figure_the_forum_could_not_report_is_refused(changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_figure(replace(WHOLE, **changes))  # type: ignore[arg-type]
    assert refused.value.field == field


def _reading(**changes: object) -> FigureReading:
    base = FigureReading(
        figure_id="f", covers_from=dt.date(2025, 1, 6), covers_to=dt.date(2025, 1, 12), value=3.0
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "field", "said"),
    [
        ({"covers_to": dt.date(2025, 1, 5)}, "covers_to", "ends before it starts"),
        ({"covers_from": dt.date(1900, 1, 1)}, "covers_from", "1900 is not a plausible year"),
        ({"covers_from": dt.date(2024, 1, 1)}, "covers_to", "a figure covers a year at most"),
        ({"value": -1.0}, "value", "cannot be below zero"),
        ({"value": float("inf")}, "value", "is not a number"),
        ({"value": None}, "note", "must not be empty"),
    ],
)
def test_a_reading_with_impossible_dates_or_value_is_refused(
    changes: dict[str, object], field: str, said: str
) -> None:
    validate_reading(_reading())
    validate_reading(_reading(value=None, note="The count night was cancelled."))
    with pytest.raises(ValidationError) as refused:
        validate_reading(_reading(**changes))
    assert (refused.value.field, said in refused.value.problem) == (field, True)


def test_a_target_needs_its_decision_and_possible_dates_and_value() -> None:
    target = FigureTarget(
        figure_id="f", decision_id="d", starts=dt.date(2026, 1, 1), ends=dt.date(2026, 12, 31), value=300.0
    )
    validate_target(target)
    for changes, field in (
        ({"decision_id": ""}, "decision_id"),
        ({"ends": dt.date(2025, 12, 31)}, "ends"),
        ({"value": -5.0}, "value"),
    ):
        with pytest.raises(ValidationError) as refused:
            validate_target(replace(target, **changes))  # type: ignore[arg-type]
        assert refused.value.field == field


# --- choosing figures ---------------------------------------------------------------------------------------------


def test_figures_keep_the_forum_s_order_and_stop_being_tracked_without_losing_what_was_reported(
    world: FigureWorld,
) -> None:
    store = world.store
    assert [f.id for f in figures_of(store, world.forum.id)] == [
        world.needles.id,
        world.incidents.id,
        world.cycle_park.id,
    ]
    move_figure(store, world.cycle_park.id, 0).apply(store)
    assert [f.position for f in figures_of(store, world.forum.id)] == [0, 1, 2]
    assert figures_of(store, world.forum.id)[0].id == world.cycle_park.id
    _enter(world, world.meetings[1], world.needles, 12)
    archive_figure(store, world.needles.id).apply(store)
    assert world.needles.id not in {f.id for f in figures_of(store, world.forum.id)}
    assert [r.value for r in readings_of(store, world.needles.id)] == [12.0]


def test_a_figure_stays_with_its_forum_and_names_a_partner_that_exists(world: FigureWorld) -> None:
    store = world.store
    with pytest.raises(ValidationError) as refused:
        save_figure(store, replace(world.needles, partner_id="nobody"))
    assert refused.value.field == "partner_id"
    mayor = Forum(name="Mayor's round")
    save_forum(store, mayor).apply(store)
    with pytest.raises(ValidationError) as moved:
        save_figure(store, replace(world.needles, forum_id=mayor.id))
    assert moved.value.field == "forum_id"
    edit = save_figure(store, replace(world.needles, source="the sharps bin log"))
    edit.apply(store)
    assert world.figure(world.needles).source == "the sharps bin log"
    assert world.figure(world.needles).position == 0


# --- where figures are entered ------------------------------------------------------------------------------------


def test_figures_are_entered_under_their_item_and_never_twice(world: FigureWorld) -> None:
    store, meeting = world.store, world.meetings[0]
    items = agenda(store, meeting.id)
    street, needles = _item(world, meeting, "Street picture"), _item(world, meeting, "Needle finds")
    assert home_item(items, world.needles) == needles  # "Needle finds" starts the item's title
    assert home_item(items, world.incidents) == street  # the exact title
    assert [e.figure.id for e in entries_under(store, meeting.id, street.id)] == [
        world.incidents.id,
        world.cycle_park.id,
    ]
    assert [e.figure.id for e in entries_under(store, meeting.id, needles.id)] == [world.needles.id]
    others = [i for i in items if i.id not in (street.id, needles.id)]
    assert all(entries_under(store, meeting.id, i.id) == [] for i in others)


def test_a_renamed_item_falls_back_to_the_reporting_partner_s_item_then_the_meeting_s_own_business(
    world: FigureWorld,
) -> None:
    store, meeting = world.store, world.meetings[0]
    items = agenda(store, meeting.id)
    street = _item(world, meeting, "Street picture")
    needles = _item(world, meeting, "Needle finds")
    moved = replace(world.needles, reported_under="Cleaning report")
    assert home_item(items, moved) == needles  # presented by street cleansing, the reporting partner
    by_outreach = replace(world.needles, reported_under="", partner_id=world.outreach.id)
    assert home_item(items, by_outreach) == street  # the first of the meeting's own business
    standing_only = [i for i in items if i.id not in (street.id, needles.id)]
    closing = next(i for i in standing_only if i.kind is ItemKind.OTHER_BUSINESS)
    assert home_item(standing_only, by_outreach) == closing


# --- entering figures ---------------------------------------------------------------------------------------------


def test_a_figure_covers_the_days_since_the_last_meeting(world: FigureWorld) -> None:
    store = world.store
    first, second = world.meetings[0], world.meetings[1]
    assert default_covers(store, first, world.needles) == (dt.date(2024, 12, 30), dt.date(2025, 1, 5))
    assert default_covers(store, second, world.needles) == (dt.date(2025, 1, 6), dt.date(2025, 1, 12))
    cancelled = replace(store.get(Meeting, second.id), status=MeetingStatus.CANCELLED)
    store.put(cancelled)
    third = world.meetings[2]
    assert default_covers(store, third, world.needles) == (dt.date(2025, 1, 6), dt.date(2025, 1, 19))
    # A figure of the month covers the month before, a figure of the quarter the quarter before.
    assert default_covers(store, third, world.cycle_park) == (dt.date(2024, 12, 1), dt.date(2024, 12, 31))


def test_missing_stays_missing_never_zero(world: FigureWorld) -> None:
    store, meeting = world.store, world.meetings[1]
    needles_item = _item(world, meeting, "Needle finds")
    (entry,) = entries_under(store, meeting.id, needles_item.id)
    assert entry.missing and entry.reading is None
    assert (
        record_figure(store, meeting.id, world.needles.id, None).steps == ()
    )  # nothing typed: nothing stored
    _enter(world, meeting, world.needles, 0)
    (entry,) = entries_under(store, meeting.id, needles_item.id)
    assert entry.reading is not None and entry.reading.value == 0.0 and not entry.missing  # zero is a figure
    _enter(world, meeting, world.needles, None)  # cleared: missing again, not zero
    assert reading_at(store, meeting.id, world.needles.id) is None
    _enter(world, meeting, world.needles, None, note="The bin log was not collected.")
    reading = reading_at(store, meeting.id, world.needles.id)
    assert reading is not None and reading.value is None and reading.note == "The bin log was not collected."
    (entry,) = entries_under(store, meeting.id, needles_item.id)
    assert entry.missing


def test_last_time_is_the_previous_meeting_s_figure_or_shows_it_missing(world: FigureWorld) -> None:
    store = world.store
    _enter(world, world.meetings[0], world.needles, 17)
    last = last_time(store, world.meetings[1], world.needles)
    assert last.reading is not None and last.reading.value == 17.0 and last.meeting == world.meetings[0]
    nothing = last_time(store, world.meetings[2], world.needles)
    assert nothing.reading is None and nothing.meeting == world.meetings[1]  # missing there, shown as missing
    assert last_time(store, world.meetings[0], world.needles).reading is None


def test_days_already_counted_are_refused_naming_where(world: FigureWorld) -> None:
    store = world.store
    _enter(world, world.meetings[1], world.needles, 9)
    with pytest.raises(ValidationError) as refused:
        record_figure(
            store,
            world.meetings[2].id,
            world.needles.id,
            4,
            covers=(dt.date(2025, 1, 10), dt.date(2025, 1, 19)),
        )
    assert refused.value.field == "covers_from"
    assert "the figure reported at the meeting of Jan 13, 2025" in refused.value.problem
    record_past_figure(store, world.needles.id, (dt.date(2024, 12, 1), dt.date(2024, 12, 29)), 80).apply(
        store
    )
    with pytest.raises(ValidationError) as again:
        record_past_figure(store, world.needles.id, (dt.date(2024, 12, 20), dt.date(2024, 12, 31)), 10)
    assert "from the partner's records" in again.value.problem


@pytest.mark.parametrize(
    ("how", "field", "said"),
    [
        ("later_days", "covers_to", "a meeting reports days up to its own"),
        ("cancelled", "meeting_id", "a cancelled meeting has no figures"),
        ("other_forum", "figure_id", "this figure is tracked by another forum"),
        ("half_a_needle", "value", "is counted in whole numbers"),
        ("backwards", "covers_to", "ends before it starts"),
    ],
)
def test_entries_a_meeting_cannot_make_are_refused(
    world: FigureWorld, how: str, field: str, said: str
) -> None:
    store, meeting = world.store, world.meetings[3]
    value: float = 5
    covers = None
    if how == "later_days":
        covers = (dt.date(2025, 1, 20), dt.date(2025, 2, 2))
    elif how == "cancelled":
        store.put(replace(store.get(Meeting, meeting.id), status=MeetingStatus.CANCELLED))
    elif how == "other_forum":
        store.put(replace(store.get(Meeting, meeting.id), forum_id="another forum"))
    elif how == "half_a_needle":
        value = 0.5
    else:
        covers = (dt.date(2025, 1, 26), dt.date(2025, 1, 20))
    with pytest.raises(ValidationError) as refused:
        record_figure(store, meeting.id, world.needles.id, value, covers=covers)
    assert refused.value.field == field and said in refused.value.problem


def test_figures_from_the_partner_s_records_cannot_reach_into_the_future(world: FigureWorld) -> None:
    store = world.store  # the clock stands on 7 December 2026
    with pytest.raises(ValidationError) as refused:
        record_past_figure(store, world.needles.id, (dt.date(2026, 12, 1), dt.date(2026, 12, 31)), 40)
    assert refused.value.field == "covers_to"
    edit = record_past_figure(store, world.needles.id, (dt.date(2024, 11, 1), dt.date(2024, 11, 30)), 75)
    edit.apply(store)
    (reading,) = readings_of(store, world.needles.id)
    assert reading.meeting_id is None and reading.value == 75.0
    removal = remove_reading(store, reading.id)
    removal.apply(store)
    assert readings_of(store, world.needles.id) == []
    removal.revert(store)
    assert readings_of(store, world.needles.id) == [reading]


def test_entering_is_undone_as_one_step(world: FigureWorld) -> None:
    store, meeting = world.store, world.meetings[1]
    first = record_figure(store, meeting.id, world.needles.id, 12)
    first.apply(store)
    second = record_figure(store, meeting.id, world.needles.id, 14)
    second.apply(store)
    second.revert(store)
    reading = reading_at(store, meeting.id, world.needles.id)
    assert reading is not None and reading.value == 12.0
    first.revert(store)
    assert reading_at(store, meeting.id, world.needles.id) is None


def test_a_figure_of_the_month_is_due_at_one_meeting_only(world: FigureWorld) -> None:
    store = world.store
    february = [m for m in world.meetings if m.starts_at.month == 2]
    street = _item(world, february[0], "Street picture")
    due = [e.figure.id for e in entries_under(store, february[0].id, street.id)]
    assert world.cycle_park.id in due
    _enter(world, february[0], world.cycle_park, 4.5)
    later = _item(world, february[1], "Street picture")
    assert world.cycle_park.id not in [e.figure.id for e in entries_under(store, february[1].id, later.id)]
    assert world.incidents.id in [e.figure.id for e in entries_under(store, february[1].id, later.id)]


# --- targets ------------------------------------------------------------------------------------------------------


def test_a_target_is_agreed_at_a_meeting_as_a_decision(world: FigureWorld) -> None:
    store, meeting = world.store, world.meetings[0]
    year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    edit = agree_target(store, meeting.id, world.needles.id, year, 900)
    edit.apply(store)
    items = agenda(store, meeting.id)
    needles_item = _item(world, meeting, "Needle finds")
    target_item = items[needles_item.position + 1]  # right after the item where the figure is entered
    assert [i.position for i in items] == list(range(len(items)))
    assert target_item.title == "Target for Needles found"
    assert target_item.kind is ItemKind.DECISION
    assert target_item.confidentiality is Confidentiality.PUBLIC  # as public as the figure
    found = decision_of(store, target_item.id)
    assert found is not None
    decision, _positions = found
    assert decision.method is DecisionMethod.CONSENSUS
    assert (
        decision.text
        == "Target for Needles found from January 1, 2025 to December 31, 2025: at most 900 needles."
    )
    (agreed,) = targets_of(store, world.needles.id)
    assert (agreed.target.value, agreed.agreed_on, agreed.item) == (900.0, dt.date(2025, 1, 6), target_item)
    edit.revert(store)
    assert targets_of(store, world.needles.id) == [] and store.all(Decision) == []
    assert len(agenda(store, meeting.id)) == len(items) - 1


def test_a_targets_words_follow_the_partnerships_region(world: FigureWorld) -> None:
    """A partnership in Britain writes the target's dates as people there do (1 January, not January 1)."""
    store, meeting = world.store, world.meetings[0]
    save_profile(store, Profile(region="GB")).apply(store)
    year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    agree_target(store, meeting.id, world.needles.id, year, 1200).apply(store)
    (agreed,) = targets_of(store, world.needles.id)
    decision = decision_of(store, agreed.item.id)
    assert decision is not None
    assert decision[0].text == (
        "Target for Needles found from 1 January 2025 to 31 December 2025: at most 1,200 needles."
    )


def test_a_target_stands_only_while_its_decision_does(world: FigureWorld) -> None:
    store, meeting = world.store, world.meetings[0]
    agree_target(
        store, meeting.id, world.incidents.id, (dt.date(2025, 1, 1), dt.date(2025, 6, 30)), 40
    ).apply(store)
    (agreed,) = targets_of(store, world.incidents.id)
    item_id = agreed.item.id
    seat(
        world, meeting, world.police, world.cleansing, world.outreach
    )  # positions only from partners present
    record_decision(store, item_id, "Deferred to February.", DecisionMethod.DEFERRED, {}).apply(store)
    assert targets_of(store, world.incidents.id) == []
    positions = {world.police.id: (Stance.AGREE, ""), world.cleansing.id: (Stance.DISAGREE, "")}
    positions[world.outreach.id] = (Stance.DISAGREE, "Too low.")
    record_decision(store, item_id, "At most 40 incidents.", DecisionMethod.VOTE, positions).apply(store)
    assert targets_of(store, world.incidents.id) == []  # a vote not carried agrees nothing
    record_decision(store, item_id, "At most 40 incidents.", DecisionMethod.CONSENSUS, {}).apply(store)
    assert len(targets_of(store, world.incidents.id)) == 1
    with pytest.raises(ValidationError) as refused:
        remove_decision(store, item_id).apply(store)
    assert "withdraw the target instead" in refused.value.problem
    withdraw_target(store, agreed.target.id).apply(store)
    assert store.all(FigureTarget) == [] and decision_of(store, item_id) is None


def test_a_target_is_decided_under_the_decisions_rules_at_the_moment_it_is_agreed(world: FigureWorld) -> None:
    """While the meeting runs, the target's decision is taken now (quorum and positions judged then): a partner
    who has not arrived yet holds no position, one in the room does, and the decision keeps its moment."""
    store = world.store
    meeting = world.meetings[9]
    store.put(replace(store.get(Meeting, meeting.id), status=MeetingStatus.PLANNED))
    forum = store.get(Forum, world.forum.id)
    save_forum(store, replace(forum, quorum=QuorumRule(2, frozenset()))).apply(store)
    seat(world, meeting, world.cleansing)
    seat(world, meeting, world.police, arrived=dt.time(10, 30))
    stand_on(meeting.starts_at.date(), dt.time(10))
    start_meeting(store, meeting.id).apply(store)
    stand_on(meeting.starts_at.date(), dt.time(10, 10))
    now = clock.now()
    year = (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    with pytest.raises(ValidationError) as refused:
        agree_target(
            store, meeting.id, world.needles.id, year, 900, positions={world.police.id: (Stance.AGREE, "")}
        )
    assert refused.value.field == "positions" and "City Police" in refused.value.problem
    edit = agree_target(
        store, meeting.id, world.needles.id, year, 900, positions={world.cleansing.id: (Stance.AGREE, "")}
    )
    edit.apply(store)
    (agreed,) = targets_of(store, world.needles.id)
    found = decision_of(store, agreed.item.id)
    assert found is not None
    decision, positions = found
    assert decision.taken_at == now
    assert [(p.partner_id, p.stance) for p in positions] == [(world.cleansing.id, Stance.AGREE)]
    item = store.get(AgendaItem, agreed.item.id)
    moment, _standings, quorum = standings_at_decision(store, meeting, item, decision, now)
    assert moment == now and not quorum.quorate  # the police came at 10:30: one partner of two needed
    assert quorum.partners_present == 1
    # Recorded again later, when the police are in, the decision keeps its moment: they still hold no position.
    stand_on(meeting.starts_at.date(), dt.time(10, 45))
    with pytest.raises(ValidationError):
        record_decision(
            store, item.id, decision.text, DecisionMethod.CONSENSUS, {world.police.id: (Stance.AGREE, "")}
        )
    edit.revert(store)
    assert store.all(Decision) == [] and store.all(FigureTarget) == []


def test_a_target_needs_a_meeting_of_the_figure_s_forum_that_was_not_cancelled(world: FigureWorld) -> None:
    store = world.store
    cancelled = replace(world.meetings[4], status=MeetingStatus.CANCELLED)
    store.put(cancelled)
    year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    with pytest.raises(ValidationError):
        agree_target(store, cancelled.id, world.needles.id, year, 900)
    with pytest.raises(ValidationError) as refused:
        agree_target(store, world.meetings[0].id, world.needles.id, year, 900.5)
    assert refused.value.field == "value"
    with pytest.raises(ValidationError) as backwards:
        agree_target(store, world.meetings[0].id, world.needles.id, (year[1], year[0]), 900)
    assert backwards.value.field == "ends"


# --- locks --------------------------------------------------------------------------------------------------------


def test_figures_of_a_meeting_with_approved_minutes_are_locked(world: FigureWorld) -> None:
    store = world.store
    first, second = world.meetings[0], world.meetings[1]
    _enter(world, first, world.needles, 11)
    agree_target(store, first.id, world.needles.id, (dt.date(2025, 1, 1), dt.date(2025, 12, 31)), 900).apply(
        store
    )
    (agreed,) = targets_of(store, world.needles.id)
    # The approval needs the minutes item of the later meeting.
    circulate_minutes(store, first.id, [world.police.id], dt.date(2025, 1, 8)).apply(store)
    approve_minutes(store, first.id, second.id, dt.date(2025, 1, 13)).apply(store)
    with pytest.raises(MinutesLocked):
        record_figure(store, first.id, world.needles.id, 12).apply(store)
    with pytest.raises(MinutesLocked):
        remove_reading(store, readings_of(store, world.needles.id)[0].id).apply(store)
    with pytest.raises(MinutesLocked):
        withdraw_target(store, agreed.target.id).apply(store)
    _enter(world, second, world.needles, 13)  # the next meeting is not locked
    assert reading_at(store, second.id, world.needles.id) is not None


def test_an_item_added_later_does_not_move_figures_already_entered(world: FigureWorld) -> None:
    store, meeting = world.store, world.meetings[1]
    _enter(world, meeting, world.needles, 12)
    save_item(
        store, AgendaItem(meeting_id=meeting.id, position=0, title="Needle finds: the cycle park")
    ).apply(store)
    needles_item = _item(world, meeting, "Needle finds and cleaning")
    (entry,) = entries_under(store, meeting.id, needles_item.id)
    assert entry.reading is not None and entry.reading.value == 12.0
