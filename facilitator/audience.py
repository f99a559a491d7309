"""Who a document is for, and what that audience may see. The one place where confidentiality is decided.

Every writer and every document (minutes, agendas, leaflets, reports) asks here; none decides for itself.

- The **public** sees public items only: no partners-only or restricted item, not even its title; no conflict;
  no individual's name (organisations are named instead); no partner's position on a decision.
- **Partners** see public and partners-only items; where a restricted item was, a neutral placeholder.
- **Partners, for partner X** see what partners see, plus what is restricted to X.
- The **full record** sees everything.

Street figures (``facilitator.figures``) are public or for partners, as the forum marked each; the public sees
only public ones, and a figure's target only when the item that agreed it is public too (``seen_by_all``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import Enum
from typing import Protocol, TypeVar

from facilitator.entities import Forum, LabelledEnum, Tier
from facilitator.frozen import frozen
from facilitator.i18n import N_
from facilitator.meetings import Confidentiality, Meeting, MeetingKind


class AudienceKind(LabelledEnum):
    """The three audiences a document can be made for."""

    PUBLIC = "public", N_("Public")
    PARTNERS = "partners", N_("Partners")
    FULL = "full", N_("Full record")


class Visibility(Enum):
    """What an audience gets of one piece of content."""

    SHOW = "show"
    PLACEHOLDER = "placeholder"  # a neutral line says something was withheld; nothing of it is shown
    OMIT = "omit"  # not there at all, not even a trace


@frozen
class Audience:
    """An audience; ``partner_id`` set means "partners, for this partner"."""

    kind: AudienceKind
    partner_id: str | None = None

    def __post_init__(self) -> None:
        if self.partner_id is not None and self.kind is not AudienceKind.PARTNERS:
            raise ValueError("only the partners' audience can be made for one partner")

    @classmethod
    def public(cls) -> Audience:
        """The public: residents, shopkeepers, the press."""
        return cls(AudienceKind.PUBLIC)

    @classmethod
    def partners(cls) -> Audience:
        """Every partner of the partnership."""
        return cls(AudienceKind.PARTNERS)

    @classmethod
    def full(cls) -> Audience:
        """The full record, kept by the secretariat."""
        return cls(AudienceKind.FULL)

    @classmethod
    def for_partner(cls, partner_id: str) -> Audience:
        """The partners' version plus what is restricted to ``partner_id``."""
        return cls(AudienceKind.PARTNERS, partner_id)

    @property
    def is_public(self) -> bool:
        """Whether this is the public's version."""
        return self.kind is AudienceKind.PUBLIC

    @property
    def names_people(self) -> bool:
        """Whether individuals may be named (the public sees organisations only)."""
        return not self.is_public

    @property
    def sees_positions(self) -> bool:
        """Whether each partner's position on a decision is shown."""
        return not self.is_public

    @property
    def sees_conflicts(self) -> bool:
        """Whether the conflict log appears at all."""
        return not self.is_public


def visibility(
    audience: Audience, confidentiality: Confidentiality, restricted_to: Iterable[str] = ()
) -> Visibility:
    """What ``audience`` gets of content with ``confidentiality`` (restricted to the partners ``restricted_to``)."""
    if audience.kind is AudienceKind.FULL or confidentiality is Confidentiality.PUBLIC:
        return Visibility.SHOW
    if audience.kind is AudienceKind.PUBLIC:
        return Visibility.OMIT
    if confidentiality is Confidentiality.PARTNERS:
        return Visibility.SHOW
    if audience.partner_id is not None and audience.partner_id in set(restricted_to):
        return Visibility.SHOW
    return Visibility.PLACEHOLDER


class Confidential(Protocol):
    """Any record that says who may see it: items, actions, conflicts, notices, corrections..."""

    @property
    def confidentiality(self) -> Confidentiality: ...

    @property
    def restricted_to(self) -> tuple[str, ...]: ...


def room_audience(forum: Forum | None, meeting: Meeting) -> Audience:
    """Who sees a screen on the wall of ``meeting``'s room (a projector): the public at a public meeting or
    one of a public forum, every partner otherwise; never the full record, never one partner's version (the
    room holds all of them at once, and guests may sit in)."""
    public = meeting.kind is MeetingKind.PUBLIC or (forum is not None and forum.tier is Tier.PUBLIC)
    return Audience.public() if public else Audience.partners()


_NARROWEST = (Visibility.OMIT, Visibility.PLACEHOLDER, Visibility.SHOW)


def window_audience(on_show: Iterable[Audience]) -> Audience:
    """Who the window's own search answers for. On the coordinator's screen, the full record: it is the
    coordinator's own file. While a view made for others is on show (a meeting's projector window: the room,
    ``room_audience``), the laptop's screens may be on the wall or mirrored, and a search typed then would be
    read by the room: the search answers for the narrowest audience on show (the public if any view is
    public; every partner if views are for partners, or one partner's version only when all are that
    partner's), until the last such view is closed."""
    shown = list(on_show)
    if not shown:
        return Audience.full()
    if any(a.is_public for a in shown):
        return Audience.public()
    if all(a.kind is AudienceKind.FULL for a in shown):
        return Audience.full()
    partners = {a.partner_id for a in shown if a.kind is AudienceKind.PARTNERS}
    if len(partners) == 1 and all(a.kind is AudienceKind.PARTNERS for a in shown):
        only = partners.pop()
        return Audience.for_partner(only) if only else Audience.partners()
    return Audience.partners()


def seen_by_all(audience: Audience, *records: Confidential) -> Visibility:
    """What ``audience`` gets of content that tells about every one of ``records`` at once (a street figure's
    target agreed on an agenda item): the narrowest of what it gets of each."""
    return min((seen_by(audience, r) for r in records), key=_NARROWEST.index, default=Visibility.SHOW)


def seen_by(audience: Audience, record: Confidential) -> Visibility:
    """What ``audience`` gets of ``record``, by the record's own confidentiality and the partners it is
    restricted to. Whatever is printed about a record (directly, as the subject of an escalation, a tabling or a
    review) asks this about *that* record."""
    return visibility(audience, record.confidentiality, record.restricted_to)


T = TypeVar("T")


def in_sight(things: Iterable[T], judge: Callable[[T], Visibility]) -> tuple[list[T], int]:
    """The ``things`` an audience sees whole, in their order, and how many it may only know exist (``judge``
    gives a placeholder: counted, never printed). What it may not even know of is left out altogether. Every
    register printed in a document sorts what it holds this way, with ``judge`` asking ``seen_by``."""
    shown: list[T] = []
    withheld = 0
    for thing in things:
        seen = judge(thing)
        if seen is Visibility.SHOW:
            shown.append(thing)
        elif seen is Visibility.PLACEHOLDER:
            withheld += 1
    return shown, withheld


def receives(audience: Audience, record: Confidential) -> bool:
    """Whether ``audience`` receives ``record`` whole (a paper of an item, an attachment): only what it sees in
    full; what it would see as a placeholder, or not at all, it never receives."""
    return seen_by(audience, record) is Visibility.SHOW


def circulation_audience(partner_id: str, *, public: bool) -> Audience:
    """The version of a meeting's agenda or minutes a partner receives when they are circulated to it: the
    public version when the circulation is public (a public meeting's papers, by default), and otherwise the
    partners' version for that partner: what partners see, with what is restricted to it, never what is
    restricted to others."""
    return Audience.public() if public else Audience.for_partner(partner_id)
