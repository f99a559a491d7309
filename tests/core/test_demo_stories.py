"""The demo's story files are read into typed plans, and a mistake in one is refused where it is, not lost.

``facilitator.demo.stories`` turns a TOML table into a dataclass by its fields' types; these tests hold it to
that, and check what the builder takes for granted of the files (keys that name partners and forums exist,
every translated text is translated into each of the leaflet's languages).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from importlib import resources

import pytest

from facilitator.demo import STORY as PARTNERSHIP
from facilitator.demo import stories
from facilitator.demo.leaflet import STORY as LEAFLET
from facilitator.demo.leaflet import TRANSLATIONS
from facilitator.demo.registers import STORY as REGISTERS
from facilitator.demo.scene import SCENE, Topic
from facilitator.entities import Forum, QuorumRule, Sector, Tier
from facilitator.meetings import Confidentiality, ItemKind


@dataclass(frozen=True)
class _Inner:
    kind: ItemKind
    minutes: int = 0


@dataclass(frozen=True)
class _Outer:
    name: str
    inner: _Inner
    many: tuple[_Inner, ...] = ()
    pairs: tuple[tuple[ItemKind, int], ...] = ()
    by_key: dict[str, _Inner] | None = None
    at: dt.time | None = None
    share: float = 0.0


def test_a_table_becomes_its_dataclass_by_the_fields_types() -> None:
    table = tomllib.loads(
        """
        name = "Weekly round"
        at = 10:30:00
        share = 2
        pairs = [["attendance", 2], ["minutes", 3]]
        inner = { kind = "decision", minutes = 5 }
        many = [{ kind = "notice" }, { kind = "conflict", minutes = 4 }]
        by_key = { first = { kind = "other_business" } }
        """
    )
    made = stories.entry(_Outer, table)
    assert made == _Outer(
        name="Weekly round",
        inner=_Inner(ItemKind.DECISION, 5),
        many=(_Inner(ItemKind.NOTICE), _Inner(ItemKind.CONFLICT, 4)),
        pairs=((ItemKind.ATTENDANCE, 2), (ItemKind.MINUTES, 3)),
        by_key={"first": _Inner(ItemKind.OTHER_BUSINESS)},
        at=dt.time(10, 30),
        share=2.0,
    )
    assert isinstance(made.share, float)


def test_the_cores_own_records_are_made_the_same_way() -> None:
    forum = stories.entry(
        Forum,
        {"name": "Round", "tier": "strategic", "quorum": {"min_partners": 3, "required_sectors": ["police"]}},
    )
    assert forum.tier is Tier.STRATEGIC
    assert forum.quorum == QuorumRule(3, frozenset({Sector.POLICE}))


def test_a_misspelt_key_is_refused_with_where_it_is() -> None:
    with pytest.raises(ValueError, match=r"meetings\.toml\.inner: _Inner has no field minuets"):
        stories.entry(_Outer, {"name": "x", "inner": {"kind": "notice", "minuets": 5}}, where="meetings.toml")


def test_an_unknown_code_is_refused() -> None:
    with pytest.raises(ValueError, match="'votes'"):
        stories.entry(_Inner, {"kind": "votes"})


def test_a_time_of_day_must_be_written_as_one() -> None:
    with pytest.raises(ValueError, match="time of day"):
        stories.entry(_Outer, {"name": "x", "inner": {"kind": "notice"}, "at": "10:30"})


def test_every_story_file_is_read_by_the_demo() -> None:
    folder = resources.files("facilitator.demo").joinpath("stories")
    files = sorted(f.name for f in folder.iterdir() if f.name.endswith(".toml"))
    assert files == [
        "figures.toml",
        "leaflet.toml",
        "meetings.toml",
        "papers.toml",
        "partnership.toml",
        "registers.toml",
    ]


def test_the_stories_name_only_partners_and_forums_the_partnership_has() -> None:
    keys = {p.key for p in PARTNERSHIP.partners}
    short_names = {p.short_name for p in PARTNERSHIP.partners}
    forums = set(PARTNERSHIP.forums)
    assert set(PARTNERSHIP.seats) == forums == set(SCENE.forums)
    assert {seat.partner for seats in PARTNERSHIP.seats.values() for seat in seats} <= keys
    talks = [t for talk in SCENE.forums.values() for t in (*talk.usual, *talk.topics)]
    topics: list[Topic] = [*talks, SCENE.operation]
    assert {t.presenter for t in topics} | set(SCENE.operation.restricted_to) <= keys
    named = {a.owner for a in REGISTERS.actions} | {p for a in REGISTERS.actions for p in a.restricted_to}
    named |= {c.by for c in REGISTERS.conflicts} | {c.other for c in REGISTERS.conflicts}
    for notice in REGISTERS.notices:
        named |= {notice.partner, *notice.affected_partners, *notice.restricted_to}
        named |= {answer.partner for answer in notice.answers}
        assert {*notice.affected_forums, *(s.forum for s in notice.statuses)} <= forums
    assert named <= short_names
    assert {a.forum for a in REGISTERS.actions} | {c.forum for c in REGISTERS.conflicts} <= forums
    restricted = [a for a in REGISTERS.actions if a.restricted_to]
    assert all(a.confidentiality is Confidentiality.RESTRICTED for a in restricted)


def test_every_translated_text_is_in_each_of_the_leaflets_languages() -> None:
    for source, versions in TRANSLATIONS.items():
        if set(versions) != {"en"}:  # only the venue's street address stays as it is
            assert set(versions) == {"en", *LEAFLET.languages}, source
    assert [s for s, v in TRANSLATIONS.items() if set(v) == {"en"}] == [LEAFLET.texts["venue_address"]["en"]]
