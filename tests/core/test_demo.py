"""The demonstration partnership: realistic, obeying the core's rules, the same for the same seed."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from facilitator.demo import build_demo
from facilitator.document import build_document, parse_document
from facilitator.entities import Forum, Membership, Partner, Representative, Sector, Seniority, Tier
from facilitator.errors import KnownError, ValidationError
from facilitator.operations import members
from tests.core.fakes import MemoryStore


def _demo(seed: int = 1) -> MemoryStore:
    store = MemoryStore()
    build_demo(store, seed=seed)
    return store


def _without_timestamps(store: MemoryStore) -> dict[str, object]:
    document = build_document(store)
    document.pop("exported_at")
    for rows in document.values():
        if isinstance(rows, list):
            for row in rows:
                row.pop("created")
                row.pop("updated")
    return document


def test_three_forums_at_the_three_levels() -> None:
    store = _demo()
    forums = {f.tier: f for f in store.all(Forum)}
    weekly = forums[Tier.OPERATIONAL]
    assert weekly.name == "Station Square weekly round"
    assert (weekly.usual_weekday, weekly.usual_time) == (0, dt.time(10, 0))
    assert weekly.usual_duration_minutes == 60 and weekly.min_notice_days == 14
    assert weekly.quorum.min_partners == 4
    assert weekly.quorum.required_sectors == {Sector.POLICE, Sector.OUTREACH}
    assert {"fr", "pl", "ar"} <= set(weekly.other_languages)
    strategic = forums[Tier.STRATEGIC]
    assert strategic.quorum.min_partners == 5
    assert strategic.quorum.required_sectors == {Sector.POLICE, Sector.PUBLIC_ORDER, Sector.PUBLIC_HEALTH}
    public = forums[Tier.PUBLIC]
    assert [public.working_language, *public.other_languages] == ["en", "pl", "ar", "tr"]


def test_partners_and_representatives_look_like_a_real_partnership() -> None:
    store = _demo()
    partners = store.all(Partner)
    people = store.all(Representative, include_archived=True)
    assert 12 <= len(partners) <= 16
    assert 28 <= len(people) <= 34
    assert len({p.sector for p in partners}) >= 12
    assert len({p.preferred_language for p in people}) >= 7
    assert len({p.name for p in people}) == len(people)
    for person in people:
        assert re.fullmatch(r"[a-z-]+\.[a-z]+@[a-z-]+\.example\.org", person.email), person.email
        assert re.fullmatch(r"\+44 20 7946 0\d{3}", person.phone), person.phone
    assert len({p.phone for p in people}) == len(people)
    # Heads of agency may decide; front-line staff may not.
    assert all(p.may_decide for p in people if p.seniority in (Seniority.HEAD, Seniority.ELECTED))
    assert not any(p.may_decide for p in people if p.seniority is Seniority.FRONT_LINE)
    assert [p.archived for p in people].count(True) == 1


def test_every_forum_can_reach_its_quorum_with_main_representatives() -> None:
    store = _demo()
    people = {p.id: p for p in store.all(Representative)}
    for forum in store.all(Forum):
        seated = members(store, forum.id)
        assert len(seated) >= forum.quorum.min_partners
        assert forum.quorum.required_sectors <= {partner.sector for partner, _seat in seated}
        for partner, seat in seated:
            assert seat.main_representative_id is not None
            assert people[seat.main_representative_id].partner_id == partner.id
    # The strategic round is attended by people who can decide; the street round mostly by people who cannot.
    strategic = next(f for f in store.all(Forum) if f.tier is Tier.STRATEGIC)
    assert all(people[m.main_representative_id or ""].may_decide for _p, m in members(store, strategic.id))


def test_the_archived_leaver_sits_on_no_forum_any_more() -> None:
    store = _demo()
    leaver = next(p for p in store.all(Representative, include_archived=True) if p.archived)
    for seat in store.all(Membership, include_archived=True):
        assert leaver.id not in (seat.main_representative_id, *seat.substitute_ids)


def test_the_demo_is_a_valid_document() -> None:
    records = parse_document(build_document(_demo()))
    assert len(records[Membership]) >= 20


def test_same_seed_same_partnership_other_seed_other_people() -> None:
    assert _without_timestamps(_demo(3)) == _without_timestamps(_demo(3))
    first, other = _without_timestamps(_demo(3)), _without_timestamps(_demo(4))
    assert first != other
    assert [p["name"] for p in first["partners"]] == [p["name"] for p in other["partners"]]  # type: ignore[index]


def test_built_in_one_transaction() -> None:
    store = _demo()
    assert store.commits == 1


def test_refuses_a_partnership_that_holds_records() -> None:
    store = MemoryStore()
    store.put(Partner(name="Existing partner"))
    with pytest.raises(KnownError, match="already holds records"):
        build_demo(store)
    assert store.count() == 1


@pytest.mark.parametrize("years", [0, -1, 21])
def test_refuses_impossible_years(years: int) -> None:
    with pytest.raises(ValidationError) as caught:
        build_demo(MemoryStore(), years=years)
    assert caught.value.field == "years"
