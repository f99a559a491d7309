"""Property tests: any valid record comes back from a real SQLite file and from plain data as it went in."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.entities import (
    MAX_NAME,
    AnyRecord,
    Cadence,
    Forum,
    Membership,
    Partner,
    QuorumRule,
    Representative,
    Sector,
    Seniority,
    Tier,
    validate_forum,
    validate_partner,
    validate_representative,
)
from facilitator.i18n import COMMON_LANGUAGES
from facilitator.records import record_from_dict, record_to_dict
from facilitator.storage import Partnership, open_partnership
from tests.storage.awkward import names, texts
from tests.storage.conftest import clear

PROPERTY = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

languages = st.sampled_from([*COMMON_LANGUAGES, "pt-BR", "zh-Hant", "sr-Latn", "en_GB"])
ids = st.uuids().map(str)
moments = st.datetimes(
    min_value=dt.datetime(1950, 1, 1),
    max_value=dt.datetime(2150, 12, 31),
    timezones=st.sampled_from(
        [dt.UTC, dt.timezone(dt.timedelta(hours=5, minutes=30)), dt.timezone(-dt.timedelta(hours=8))]
    ),
)
days = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 12, 31))
times_of_day = st.builds(dt.time, st.integers(0, 23), st.integers(0, 59))  # minutes: what the forms offer
emails = st.one_of(
    st.just(""), st.from_regex(r"[A-Za-z0-9._%+-]{1,20}@[a-z0-9-]{1,20}\.[a-z]{2,6}", fullmatch=True)
)
phones = st.one_of(st.just(""), st.from_regex(r"\+?[0-9][0-9 ()./-]{1,30}[0-9]", fullmatch=True))


def _stamps() -> dict[str, st.SearchStrategy[object]]:
    return {"id": ids, "created": moments, "updated": moments, "archived": st.booleans()}


forums = st.builds(
    Forum,
    **_stamps(),
    name=names(),
    tier=st.sampled_from(Tier),
    cadence=st.sampled_from(Cadence),
    usual_weekday=st.one_of(st.none(), st.integers(0, 6)),
    usual_time=st.one_of(st.none(), times_of_day),
    usual_duration_minutes=st.integers(5, 24 * 60),
    usual_venue=texts(MAX_NAME * 2),
    quorum=st.builds(QuorumRule, st.integers(0, 200), st.frozensets(st.sampled_from(Sector))),
    min_notice_days=st.integers(0, 365),
    working_language=languages,
    other_languages=st.lists(languages, max_size=4).map(tuple),
)
partners = st.builds(
    Partner,
    **_stamps(),
    name=names(),
    short_name=texts(40),
    sector=st.sampled_from(Sector),
    contact=texts(2000),
    language=languages,
)


@st.composite
def representatives(draw: st.DrawFn, partner_id: st.SearchStrategy[str] = ids) -> Representative:
    start, end = sorted([draw(days), draw(days)])
    return Representative(
        id=draw(ids),
        created=draw(moments),
        updated=draw(moments),
        archived=draw(st.booleans()),
        name=draw(names()),
        partner_id=draw(partner_id),
        role=draw(texts(MAX_NAME)),
        seniority=draw(st.sampled_from(Seniority)),
        may_decide=draw(st.booleans()),
        email=draw(emails),
        phone=draw(phones),
        preferred_language=draw(languages),
        active_from=draw(st.sampled_from([None, start])),
        active_to=draw(st.sampled_from([None, end])),
    )


@st.composite
def seats(draw: st.DrawFn) -> tuple[Forum, Partner, list[Representative], Membership]:
    """A membership with everything it names: its forum, its partner and that partner's people."""
    forum = draw(forums)
    partner = draw(partners)
    people = draw(st.lists(representatives(st.just(partner.id)), max_size=5, unique_by=lambda r: r.id))
    person_ids = [p.id for p in people]
    main = draw(st.one_of(st.none(), st.sampled_from(person_ids))) if person_ids else None
    others = [i for i in person_ids if i != main]
    substitutes = draw(
        st.permutations(others).flatmap(lambda order: st.integers(0, len(order)).map(lambda n: order[:n]))
    )
    membership = Membership(
        id=draw(ids),
        created=draw(moments),
        updated=draw(moments),
        archived=draw(st.booleans()),
        forum_id=forum.id,
        partner_id=partner.id,
        main_representative_id=main,
        substitute_ids=tuple(substitutes),
    )
    return forum, partner, people, membership


# --- the strategies make only valid records -----------------------------------------------------------------


@PROPERTY
@given(forum=forums, partner=partners, person=representatives())
def test_generated_records_are_valid(forum: Forum, partner: Partner, person: Representative) -> None:
    validate_forum(forum)
    validate_partner(partner)
    validate_representative(person)


# --- in memory ----------------------------------------------------------------------------------------------


def _through_plain_data(record: AnyRecord) -> AnyRecord:
    data = record_to_dict(record)
    text = json.dumps(data, ensure_ascii=False)  # the JSON document takes the same path
    back = record_from_dict(type(record), json.loads(text))
    assert record_to_dict(back) == data
    return back


@PROPERTY
@given(forum=forums, partner=partners, person=representatives(), seat=seats())
def test_plain_data_round_trip(
    forum: Forum,
    partner: Partner,
    person: Representative,
    seat: tuple[Forum, Partner, list[Representative], Membership],
) -> None:
    for record in (forum, partner, person, seat[3]):
        assert _through_plain_data(record) == record


# --- through a real file ------------------------------------------------------------------------------------


def _stored(store: Partnership, record: AnyRecord) -> AnyRecord:
    found = store.find(type(record), record.id)
    assert found is not None
    assert record_to_dict(found) == record_to_dict(record)  # the readable difference, if any
    assert found == record
    listed = store.all(type(record), include_archived=True)
    assert [r for r in listed if r.id == record.id] == [record]
    assert (record in store.all(type(record))) is (not record.archived)
    return found


@pytest.mark.parametrize("drawn", [forums, partners], ids=["forum", "partner"])
@PROPERTY
@given(data=st.data())
def test_forum_and_partner_survive_the_file(
    store: Partnership, drawn: st.SearchStrategy[Forum | Partner], data: st.DataObject
) -> None:
    record = data.draw(drawn)
    clear(store)
    store.put(record)
    _stored(store, record)


@PROPERTY
@given(partner=partners, data=st.data())
def test_representative_survives_the_file(store: Partnership, partner: Partner, data: st.DataObject) -> None:
    clear(store)
    person = data.draw(representatives(st.just(partner.id)))
    with store.atomic():
        store.put(partner)
        store.put(person)
    _stored(store, person)
    _stored(store, partner)


@PROPERTY
@given(seat=seats(), changed=seats())
def test_membership_survives_the_file(
    store: Partnership,
    seat: tuple[Forum, Partner, list[Representative], Membership],
    changed: tuple[Forum, Partner, list[Representative], Membership],
) -> None:
    clear(store)
    forum, partner, people, membership = seat
    with store.atomic():
        for record in (forum, partner, *people, membership):
            store.put(record)
    _stored(store, membership)
    for person in people:
        _stored(store, person)

    # Rewriting the seat with other people (same id) keeps exactly the new list, in its order.
    _forum2, _partner2, _people2, other = changed
    moved = [replace(p, partner_id=partner.id) for p in _people2]
    rewritten = Membership(
        id=membership.id,
        created=membership.created,
        updated=other.updated,
        archived=other.archived,
        forum_id=forum.id,
        partner_id=partner.id,
        main_representative_id=other.main_representative_id,
        substitute_ids=other.substitute_ids,
    )
    with store.atomic():
        for person in moved:
            store.put(person)
        store.put(rewritten)
    _stored(store, rewritten)
    assert len(store.all(Membership, include_archived=True)) == 1


@PROPERTY
@given(partner=partners)
def test_records_survive_closing_and_reopening(db_path: Path, partner: Partner) -> None:
    with open_partnership(db_path) as db:
        clear(db)
        db.put(partner)
    with open_partnership(db_path, read_only=True) as db:
        assert db.find(Partner, partner.id) == partner
