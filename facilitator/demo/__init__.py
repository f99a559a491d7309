"""A realistic demonstration partnership, built through the same operations a coordinator uses.

It serves three purposes: trying the app without typing in a partnership first, screenshots and manuals, and
tests and benchmarks that need a partnership that looks like a real one. Names, e-mail addresses (on
``example.org`` domains) and telephone numbers (Ofcom's range for drama, +44 20 7946 0xxx) are made up.

What the demo says is data: the TOML files in ``stories/`` (``facilitator.demo.stories`` reads them), one a
kind: the partnership (``partnership.toml``: forums, partners, people, seats), what its meetings talk about
(``meetings.toml``), its registers (``registers.toml``), street figures (``figures.toml``), leaflet
(``leaflet.toml``) and papers (``papers.toml``). The modules of this package are the builder: they turn each
entry into the core's operations, and generate what varies over the years from a seeded generator.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import random
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import Any, cast

from facilitator import clock
from facilitator.demo import stories
from facilitator.demo.figures import add_street_figures
from facilitator.demo.meetings import MeetingMaker, apply_with_ids, with_ids
from facilitator.demo.papers import add_demo_papers
from facilitator.demo.registers import add_register_history
from facilitator.document import is_empty
from facilitator.entities import (
    AnyRecord,
    Forum,
    Partner,
    R,
    Representative,
    Sector,
    Seniority,
    Tier,
)
from facilitator.errors import KnownError, ValidationError
from facilitator.frozen import frozen
from facilitator.i18n import _
from facilitator.meetings import Meeting, MeetingKind, MeetingStatus
from facilitator.operations import (
    Edit,
    archive_representative,
    members,
    save_forum,
    save_partner,
    save_representative,
    set_membership,
)
from facilitator.planning import to_utc
from facilitator.profile import Profile, save_profile
from facilitator.records import KINDS, record_to_dict
from facilitator.store import Store, existing

MAX_YEARS = 30


@frozen
class _Post:
    """A post a partner fills: what it is called, how senior it is, whether its holder may decide."""

    role: str
    seniority: Seniority
    may_decide: bool


@frozen
class _PartnerPlan:
    key: str
    name: str
    short_name: str
    sector: Sector
    domain: str
    desk: str  # last three digits of the partner's front-desk number
    posts: tuple[_Post, ...]


@frozen
class _Person:
    name: str
    language: str


@frozen
class _Seat:
    """A partner's seat on a forum: the posts (indexes into its posts) of its main representative and
    substitutes, and the post whose former holder was a substitute here before moving on (the demo's leaver)."""

    partner: str
    main: int
    substitutes: tuple[int, ...] = ()
    leaver: int | None = None


@frozen
class _Partnership:
    """Everything ``stories/partnership.toml`` holds."""

    profile: dict[str, Any]  # the core's Profile
    forums: dict[str, Any]  # the core's Forum, made when the demo is built (its timestamps are that moment)
    partners: tuple[_PartnerPlan, ...]
    people: tuple[_Person, ...]
    seats: dict[str, tuple[_Seat, ...]]


STORY = stories.load("partnership", _Partnership)


_LATIN_EXTRA = str.maketrans({"ł": "l", "Ł": "L", "ı": "i", "ß": "ss", "ø": "o", "đ": "d", "'": ""})


def _ascii(text: str) -> str:
    """Letters without their accents, for e-mail addresses (``Łukasz Wiśniewski``: ``Lukasz Wisniewski``)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LATIN_EXTRA))
    return "".join(c for c in decomposed if c.isascii())


def _email(name: str, domain: str) -> str:
    first, *rest = _ascii(name).lower().split()
    last = "".join(rest).replace("-", "")
    return f"{first}.{last}@{domain}"


def build_demo(store: Store, *, years: int = 1, seed: int = 1, today: dt.date | None = None) -> None:
    """Fill an empty partnership with a realistic demonstration, in one transaction.

    Three forums (a weekly street-level round, a monthly strategic round at the mayor's, a quarterly public
    residents' meeting), fourteen partners across the sectors of a local drug partnership, and about thirty
    representatives of several origins and languages with their roles, seniority and whether they may decide,
    seated on the forums as main representatives and substitutes. One former outreach worker is archived.

    Each forum has its usual agenda and ``years`` years of meetings up to ``today`` (default: the current
    date): held ones with their agendas, notes, attendance, a chaired run with speakers and decisions with
    each partner's position, a few cancelled with a reason, and the next few planned with their agendas. The
    street round has two years of figures about the street, with this year's targets (``facilitator.demo.figures``).

    Everything goes through the core's operations, so the demo obeys the same rules as the window. The
    operations run against an in-memory scratch store (so that ten years take seconds, not minutes); the
    result is then written to ``store`` in one transaction. The same ``seed`` and ``today`` give the same
    partnership, ids included (timestamps are the moment of building). Raises ``KnownError`` when the
    partnership already holds records.
    """
    if not 1 <= years <= MAX_YEARS:
        raise ValidationError("years", _("must be between 1 and {most}").format(most=MAX_YEARS))
    if not is_empty(store):
        raise KnownError(
            _("This partnership file already holds records, so no demonstration was added."),
            hint=_("Create the demonstration in a new partnership file."),
        )
    rng = random.Random(seed)

    def new_id() -> str:
        return str(uuid.UUID(int=rng.getrandbits(128), version=4))

    scratch = ScratchStore()
    forums, partners, leaver = _standing_records(scratch, rng, new_id)
    maker = MeetingMaker(scratch, rng, new_id, forums=forums, partners=partners, leaver=leaver)
    maker.fill_usual_agendas()
    day = today or clock.today()
    for key in forums:
        maker.make_series(key, day, years)
    add_register_history(scratch, rng, new_id, day)
    add_street_figures(scratch, rng, new_id, day)  # before approval: approved minutes print them, frozen
    last_minutes = _approve_last_quarter(scratch, day, new_id)
    _add_leaflet(scratch, day, new_id)
    add_demo_papers(scratch, new_id)
    profile = replace(stories.entry(Profile, STORY.profile), id=new_id())
    save_profile(scratch, profile).apply(scratch)
    if (
        last_minutes is not None
    ):  # last: in the partnership's conventions, and every random choice made as before
        _circulate_minutes(scratch, *last_minutes, new_id)
    with store.atomic():
        for kind in KINDS.values():
            for record in scratch.all(kind, include_archived=True):
                store.put(record)


#: How far back the demo's minutes were circulated and approved at the next meeting (older ones stay drafts).
APPROVED_FOR_DAYS = 92


def _approve_last_quarter(
    store: ScratchStore, today: dt.date, new_id: Callable[[], str]
) -> tuple[Meeting, dt.date] | None:
    """The secretariat's story S4 over the last quarter: each partners' round's minutes were circulated two days
    after it and approved at the next round, so they print from their snapshot; the last round's wait. The
    street round's last minutes are left to go out through the circulation itself: returns that meeting and the
    day they went out (``_circulate_minutes``)."""
    from facilitator.approval import approve_minutes, circulate_minutes  # noqa: PLC0415 - approval builds on the rest

    since = today - dt.timedelta(days=APPROVED_FOR_DAYS)
    last: tuple[Meeting, dt.date] | None = None
    for forum in store.all(Forum):
        if forum.tier is Tier.PUBLIC:
            continue
        held = [
            m
            for m in store.where(Meeting, {"forum_id": forum.id})
            if m.status is MeetingStatus.HELD and since <= m.starts_at.date() < today
        ]
        held.sort(key=lambda m: m.starts_at)
        seated = [p.id for p, _seat in members(store, forum.id)]
        for meeting, following in zip(held, [*held[1:], None], strict=True):
            circulated = meeting.starts_at.date() + dt.timedelta(days=2)
            if following is None and forum.tier is Tier.OPERATIONAL:
                last = (meeting, circulated)
            else:
                apply_with_ids(store, circulate_minutes(store, meeting.id, seated, circulated), new_id)
            if following is not None:
                approval = approve_minutes(store, meeting.id, following.id, following.starts_at.date())
                apply_with_ids(store, approval, new_id)
    return last


def _circulate_minutes(
    store: ScratchStore, meeting: Meeting, day: dt.date, new_id: Callable[[], str]
) -> None:
    """The secretariat circulates the draft minutes to the forum's partners on ``day``, as the window's circulation
    does: one draft a partner with the version that partner may see, kept as a circulation with its copies (the
    minutes move to "circulated" in the same edit). The drafts were prepared that morning; the demo writes no
    file, so the copies carry no checksum of an attachment."""
    from facilitator.circulation import Circulated, Circulation, plan_circulation, record_circulation  # noqa: PLC0415

    plan = plan_circulation(store, meeting.id, Circulated.MINUTES, today=day)
    recorded = with_ids(record_circulation(store, plan, {}, on=day), new_id)
    prepared = to_utc(dt.datetime.combine(day, dt.time(9, 40)), meeting.timezone)
    steps = tuple(
        (before, replace(after, prepared_at=prepared) if isinstance(after, Circulation) else after)
        for before, after in recorded.steps
    )
    Edit(recorded.text, steps).apply(store)


def _add_leaflet(store: ScratchStore, today: dt.date, new_id: Callable[[], str]) -> None:
    """A leaflet, with its translations, for the next public meeting (the organiser's story S3).

    The leaflet's records get seeded ids like everything else in the demo, so a seed gives the same file.
    """
    from facilitator.demo.leaflet import add_demo_leaflet  # noqa: PLC0415 - leaflets build on meetings and actions

    upcoming = [
        m
        for m in store.all(Meeting)
        if m.kind is MeetingKind.PUBLIC and m.status is MeetingStatus.PLANNED and m.starts_at.date() >= today
    ]
    if not upcoming:
        return
    before = {(kind, r.id) for kind in KINDS.values() for r in store.all(kind, include_archived=True)}
    add_demo_leaflet(store, min(upcoming, key=lambda m: m.starts_at).id, today=today)
    added = [
        r
        for kind in KINDS.values()
        for r in store.all(kind, include_archived=True)
        if (kind, r.id) not in before
    ]

    made_here = {r.id for r in added}

    def content(record: AnyRecord) -> str:
        # What the record says, without the random ids it was given (its own, and those of its new neighbours).
        data = {
            k: ("" if v in made_here else v) if isinstance(v, str) else v
            for k, v in record_to_dict(record).items()
        }
        for stamp in ("id", "created", "updated"):
            data.pop(stamp)
        return f"{type(record).__name__} {json.dumps(data, sort_keys=True, default=str)}"

    renamed = {r.id: new_id() for r in sorted(added, key=content)}

    def rename(value: object) -> object:
        if isinstance(value, str):
            return renamed.get(value, value)
        if isinstance(value, tuple):
            return tuple(rename(v) for v in value)
        return value

    # One stamp for all of them: records made across a second boundary would otherwise sort differently.
    stamp = min((r.created for r in added), default=None)
    for record in added:
        store.discard(type(record), record.id)
    for record in sorted(added, key=content):
        fields: dict[str, Any] = {f.name: rename(getattr(record, f.name)) for f in dataclasses.fields(record)}
        fields.update(created=stamp, updated=stamp)
        store.put(type(record)(**fields))


def _standing_records(
    store: Store, rng: random.Random, new_id: Callable[[], str]
) -> tuple[dict[str, Forum], dict[str, Partner], Representative]:
    """Forums, partners, representatives and seats; returns the forums and partners by key, and the leaver."""
    people = list(STORY.people)
    rng.shuffle(people)
    phones = iter(rng.sample(range(300, 1000), len(people)))  # 0100-0299 are the partners' desks

    forums: dict[str, Forum] = {}
    for key, table in STORY.forums.items():
        forums[key] = replace(stories.entry(Forum, table), id=new_id())
        save_forum(store, forums[key]).apply(store)

    partners: dict[str, Partner] = {}
    staff: dict[str, list[Representative]] = {}
    names = iter(people)
    domains = {plan.key: plan.domain for plan in STORY.partners}

    def person(name: str, language: str, partner: str, post: _Post) -> Representative:
        return Representative(
            id=new_id(),
            name=name,
            partner_id=partners[partner].id,
            role=post.role,
            seniority=post.seniority,
            may_decide=post.may_decide,
            email=_email(name, domains[partner]),
            phone=f"+44 20 7946 0{next(phones):03d}",
            preferred_language=language,
        )

    for plan in STORY.partners:
        partner = Partner(
            id=new_id(),
            name=plan.name,
            short_name=plan.short_name,
            sector=plan.sector,
            contact=_("Front desk: {phone}, {email}").format(
                phone=f"+44 20 7946 0{plan.desk}", email=f"{plan.key.replace('_', '')}@{plan.domain}"
            ),
            language="en",
        )
        save_partner(store, partner).apply(store)
        partners[plan.key] = partner
        staff[plan.key] = []
        for post in plan.posts:
            someone = next(names)
            representative = person(someone.name, someone.language, plan.key, post)
            save_representative(store, representative).apply(store)
            staff[plan.key].append(representative)

    # Someone who has moved on: kept, archived, so that old attendance lists can still name them.
    gone = next(names)
    left = next(seat for seats in STORY.seats.values() for seat in seats if seat.leaver is not None)
    posts = next(plan.posts for plan in STORY.partners if plan.key == left.partner)
    leaver = person(gone.name, gone.language, left.partner, posts[left.leaver or 0])
    save_representative(store, leaver).apply(store)

    for forum_key, seats in STORY.seats.items():
        for seat in seats:
            team = staff[seat.partner]
            extra = (leaver.id,) if seat is left else ()
            membership = set_membership(
                store,
                forums[forum_key].id,
                partners[seat.partner].id,
                team[seat.main].id,
                (*(team[i].id for i in seat.substitutes), *extra),
            )
            apply_with_ids(store, membership, new_id)
    archive_representative(store, leaver.id).apply(store)
    return forums, partners, store.get(Representative, leaver.id)


class ScratchStore:
    """An in-memory ``Store`` the demo is built in before it is copied, in one transaction, to the real one.

    Records keep the order they were first put in (as SQLite's rowid does); fields ending in ``_id`` are
    indexed, so that a meeting's agenda or roll is found without reading every item of ten years.
    """

    def __init__(self) -> None:
        self._rows: dict[type[AnyRecord], dict[str, AnyRecord]] = {}
        self._order: dict[str, int] = {}
        self._index: dict[tuple[type[AnyRecord], str, object], dict[str, None]] = {}

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """Nothing to commit: a failure anywhere abandons the whole scratch store."""
        yield

    def find(self, kind: type[R], record_id: str) -> R | None:
        """The record of ``kind`` with ``record_id``, or None."""
        return cast("R | None", self._rows.get(kind, {}).get(record_id))

    def get(self, kind: type[R], record_id: str) -> R:
        """The record of ``kind`` with ``record_id``; raises ``NotFound``."""
        return existing(self.find(kind, record_id))

    def _sorted(self, rows: Iterable[AnyRecord], include_archived: bool) -> list[AnyRecord]:
        kept = [r for r in rows if include_archived or not r.archived]
        return sorted(kept, key=lambda r: (r.created, self._order[r.id]))

    def all(self, kind: type[R], *, include_archived: bool = False) -> list[R]:
        """Every record of ``kind`` by creation, archived ones only when asked."""
        return cast("list[R]", self._sorted(self._rows.get(kind, {}).values(), include_archived))

    def values(
        self, kind: type[R], fields: tuple[str, ...], equals: dict[str, str] | None = None
    ) -> list[tuple[object, ...]]:
        """Some fields of the live records of ``kind``, enums as their codes."""
        return [
            tuple(getattr(getattr(r, f), "value", getattr(r, f)) for f in fields)
            for r in self.where(kind, equals or {})
        ]

    def where(self, kind: type[R], equals: dict[str, str], *, include_archived: bool = False) -> list[R]:
        """The records of ``kind`` whose fields equal ``equals``."""
        rows = self._rows.get(kind, {})
        indexed = [name for name in equals if name.endswith("_id")]
        if indexed:
            ids = self._index.get((kind, indexed[0], equals[indexed[0]]), {})
            candidates: Iterable[AnyRecord] = [rows[i] for i in ids]
        else:
            candidates = rows.values()
        found = [r for r in candidates if all(getattr(r, k) == v for k, v in equals.items())]
        return cast("list[R]", self._sorted(found, include_archived))

    def put(self, record: AnyRecord) -> None:
        """Write ``record``, replacing the one with the same id (which keeps its place)."""
        kind = type(record)
        rows = self._rows.setdefault(kind, {})
        old = rows.get(record.id)
        if old is not None:
            self._unindex(old)
        rows[record.id] = record
        self._order.setdefault(record.id, len(self._order))
        for name in _id_fields(kind):
            self._index.setdefault((kind, name, getattr(record, name)), {})[record.id] = None

    def discard(self, kind: type[AnyRecord], record_id: str) -> None:
        """Remove a record."""
        old = self._rows.get(kind, {}).pop(record_id, None)
        if old is not None:
            self._unindex(old)

    def _unindex(self, record: AnyRecord) -> None:
        for name in _id_fields(type(record)):
            self._index.get((type(record), name, getattr(record, name)), {}).pop(record.id, None)


_ID_FIELDS: dict[type[AnyRecord], tuple[str, ...]] = {}


def _id_fields(kind: type[AnyRecord]) -> tuple[str, ...]:
    if kind not in _ID_FIELDS:
        _ID_FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind) if f.name.endswith("_id"))
    return _ID_FIELDS[kind]
