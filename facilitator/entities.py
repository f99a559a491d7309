"""The partnership's standing records: forums, partners, representatives and memberships.

Entities are frozen dataclasses. Each carries a stable UUID and created/updated timestamps so that records can
later be exchanged between laptops, and an ``archived`` flag: records that minutes may refer to are archived,
never deleted. ``validate_*`` functions hold the rules; operations call them before anything is stored.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import field, replace
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, ClassVar, Protocol, Self, TypeVar

from facilitator import clock
from facilitator.errors import ValidationError
from facilitator.frozen import frozen
from facilitator.i18n import N_, Translator, _, is_known_language

if TYPE_CHECKING:
    from facilitator.store import Store

MAX_NAME = 200
MAX_TEXT = 20_000
EARLIEST_YEAR, LATEST_YEAR = 1950, 2150


class LabelledEnum(StrEnum):
    """An enum whose members have a translatable label for the window and documents.

    Each member is declared with its value and its label, marked for translation where it stands::

        STRATEGIC = "strategic", N_("Strategic")

    The value alone is what is stored, compared and looked up (``Tier("strategic")``); the label is kept
    untranslated and translated when shown. A member declared without a label stops the class from being made.
    """

    _value_: str
    _label: str  # untranslated: the catalogs' msgid

    # The default only lets a member declared without its label get this message rather than Python's about a
    # missing argument, which names neither the enum nor the member.
    def __new__(cls, value: str, label: str = "") -> Self:
        if not isinstance(value, str):
            raise TypeError(f"{cls.__name__}: {value!r} is not a string")
        if not isinstance(label, str) or not label:
            raise TypeError(
                f'{cls.__name__}: the member {value!r} has no label; declare it as NAME = {value!r}, N_("…")'
            )
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    # String enums of different types with the same value ("public" is a meeting kind and a confidentiality) must
    # stay different keys of a dict or a set: members equal only themselves, and plain strings with their value.
    def __eq__(self, other: object) -> bool:
        if isinstance(other, Enum):
            return self is other
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self.__eq__(other)  # str's own said two members of different enums were not unequal either

    def __hash__(self) -> int:
        return str.__hash__(self)

    @property
    def label(self) -> str:
        """The member's name in the window's language."""
        return _(self._label)

    def label_in(self, translator: Translator) -> str:
        """The member's name in a document's language."""
        return translator.gettext(self._label)


class Tier(LabelledEnum):
    """At which level a forum meets."""

    STRATEGIC = "strategic", N_("Strategic")
    OPERATIONAL = "operational", N_("Operational (street level)")
    PUBLIC = "public", N_("Public")


class Cadence(LabelledEnum):
    """How often a forum usually meets."""

    DAILY = "daily", N_("Daily")
    WEEKLY = "weekly", N_("Weekly")
    FORTNIGHTLY = "fortnightly", N_("Every two weeks")
    MONTHLY = "monthly", N_("Monthly")
    QUARTERLY = "quarterly", N_("Quarterly")
    AS_NEEDED = "as_needed", N_("As needed")


class Sector(LabelledEnum):
    """The kind of organisation a partner is (the partner types of the brief, plus other)."""

    POLICE = "police", N_("Police")
    PUBLIC_ORDER = "public_order", N_("Municipality: public order")
    HOUSING = "housing", N_("Housing")
    SOCIAL_SERVICES = "social_services", N_("Social services")
    PUBLIC_HEALTH = "public_health", N_("Public health")
    STREET_CLEANING = "street_cleaning", N_("Street cleaning")
    DRUG_TREATMENT = "drug_treatment", N_("Drug treatment and health services")
    OUTREACH = "outreach", N_("Outreach work")
    COMMUNITY = "community", N_("Residents and community groups")
    BUSINESS = "business", N_("Shopkeepers and business")
    PUBLIC_REPRESENTATIVE = "public_representative", N_("Public representatives")
    PROBATION_COURTS = "probation_courts", N_("Probation and courts")
    PHARMACY = "pharmacy", N_("Pharmacists")
    TRANSPORT = "transport", N_("Transport operators")
    YOUTH = "youth", N_("Youth services")
    RELIGIOUS = "religious", N_("Religious groups")
    MEDIA = "media", N_("Media")
    DRUG_USERS = "drug_users", N_("Drug users' groups")
    OTHER = "other", N_("Other")


class Seniority(LabelledEnum):
    """How senior a representative is, from front line to head of agency."""

    FRONT_LINE = "front_line", N_("Front line")
    SUPERVISOR = "supervisor", N_("Supervisor")
    MANAGER = "manager", N_("Manager")
    SENIOR_MANAGER = "senior_manager", N_("Senior manager")
    HEAD = "head", N_("Head of agency")
    ELECTED = "elected", N_("Elected representative")


def new_id() -> str:
    """A fresh stable identifier for a record."""
    import uuid  # noqa: PLC0415 - uuid runs the platform module: loaded when a record is made, not read

    return str(uuid.uuid4())


def now() -> dt.datetime:
    """The current moment in UTC, to the second (what records are stamped with)."""
    return clock.now()


@frozen
class QuorumRule:
    """When a forum may decide: enough partners present (one partner, one voice) and sectors it cannot do without.

    ``deciders_only``: a partner counts only when someone present for it may decide for it (principle 2 of the
    brief: seniority to decide). A rule that asks for no partner and no sector is no rule at all: such a forum
    (a public meeting, usually) says nothing about quorum anywhere.
    """

    min_partners: int = 0
    required_sectors: frozenset[Sector] = frozenset()
    deciders_only: bool = False

    @property
    def applies(self) -> bool:
        """Whether the forum has a quorum rule at all."""
        return self.min_partners > 0 or bool(self.required_sectors)


@frozen(kw_only=True)
class Record:
    """What every stored record has: a stable id, timestamps and an archived flag."""

    id: str = field(default_factory=new_id)
    created: dt.datetime = field(default_factory=now)
    updated: dt.datetime = field(default_factory=now)
    archived: bool = False

    #: Whether a write of this kind over its stored version goes through ``revised_over`` (see ``Meeting``).
    revised_on_write: ClassVar[bool] = False

    def revised_over(self, stored: Self) -> Self:
        """This record as it is written over ``stored``, its earlier version: most kinds are written as they are."""
        return self


@frozen(kw_only=True)
class Forum(Record):
    """A standing group that meets: its tier, rhythm, quorum rule, notice period and languages."""

    name: str
    tier: Tier = Tier.OPERATIONAL
    cadence: Cadence = Cadence.WEEKLY
    usual_weekday: int | None = None
    usual_time: dt.time | None = None
    usual_duration_minutes: int = 90
    usual_venue: str = ""
    quorum: QuorumRule = QuorumRule()
    min_notice_days: int = 14
    working_language: str = "en"
    other_languages: tuple[str, ...] = ()
    conflict_procedure: str = ""
    #: The forum this one escalates to; None: the forums of the tier above (``escalation.escalation_targets``).
    escalates_to_id: str | None = None


@frozen(kw_only=True)
class Partner(Record):
    """An organisation in the partnership. Every partner has one voice, whatever its size."""

    name: str
    short_name: str = ""
    sector: Sector = Sector.OTHER
    contact: str = ""
    language: str = "en"

    @property
    def display_name(self) -> str:
        """The short name where there is one, otherwise the name."""
        return self.short_name or self.name


@frozen(kw_only=True)
class Representative(Record):
    """A person who attends for a partner."""

    name: str
    partner_id: str
    role: str = ""
    seniority: Seniority = Seniority.FRONT_LINE
    may_decide: bool = False
    email: str = ""
    phone: str = ""
    preferred_language: str = "en"
    active_from: dt.date | None = None
    active_to: dt.date | None = None

    def is_active_on(self, day: dt.date) -> bool:
        """Whether the person represents the partner on ``day``."""
        if self.archived:
            return False
        if self.active_from and day < self.active_from:
            return False
        return not (self.active_to and day > self.active_to)


@frozen(kw_only=True)
class Membership(Record):
    """A partner's seat on a forum, with its main representative and named substitutes."""

    forum_id: str
    partner_id: str
    main_representative_id: str | None = None
    substitute_ids: tuple[str, ...] = ()


#: Any stored record (the registers of later capabilities add their own kinds).
AnyRecord = Record
R = TypeVar("R", bound=Record)


def touched(record: R) -> R:
    """The record with its ``updated`` stamp set to now."""
    return replace(record, updated=now())


class Named(Protocol):
    """Anything people pick by its name: a forum, a partner, a representative."""

    @property
    def name(self) -> str: ...


N = TypeVar("N", bound=Named)


def by_name(records: Iterable[N]) -> list[N]:
    """``records`` in the order people look for them in a list: by name, whatever the case."""
    return sorted(records, key=lambda record: record.name.casefold())


def forum_names(store: Store) -> dict[str, str]:
    """Every forum's name by id, archived forums' too: records name them long after."""
    return {f.id: f.name for f in store.all(Forum, include_archived=True)}


def partner_names(store: Store, *, short: bool = False) -> dict[str, str]:
    """Every partner's name by id, archived partners' too: records name them long after. ``short``: the short
    name where it has one (``display_name``), as tables and lists show partners."""
    return {p.id: p.display_name if short else p.name for p in store.all(Partner, include_archived=True)}


# --- validation -------------------------------------------------------------------------------------------------

# Patterns kept as text: ``re`` compiles each (and keeps it) at its first use, not whenever the module loads.
_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
_PHONE = r"^[+0-9 ()./-]{3,40}$"


def _required_name(value: str, field_name: str) -> None:
    if not value.strip():
        raise ValidationError(field_name, _("must not be empty"))
    max_length(value, field_name, MAX_NAME)


def check_text(value: str, field_name: str, limit: int, *, required: bool = False) -> None:
    """Refuse empty text where it is ``required``, and text ``max_length`` refuses (raises ``ValidationError``)."""
    if required and not value.strip():
        raise ValidationError(field_name, _("must not be empty"))
    max_length(value, field_name, limit)


def max_length(value: str, field_name: str, limit: int) -> None:
    """Refuse text longer than ``limit`` or holding control characters (raises ``ValidationError``)."""
    if len(value) > limit:
        raise ValidationError(field_name, _("is longer than {limit} characters").format(limit=limit))
    if any(ord(c) < 32 and c not in "\n\t" for c in value):
        raise ValidationError(field_name, _("contains control characters"))


def _language(value: str, field_name: str) -> None:
    if not is_known_language(value):
        raise ValidationError(field_name, _("'{code}' is not a known language code").format(code=value))


def _sensible_date(value: dt.date | None, field_name: str) -> None:
    if value is not None and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise ValidationError(
            field_name,
            _("{year} is not a plausible year (between {first} and {last})").format(
                year=value.year, first=EARLIEST_YEAR, last=LATEST_YEAR
            ),
        )


def validate_forum(forum: Forum) -> None:
    """Refuse a forum the partnership could not use; raises ``ValidationError`` naming the field."""
    _required_name(forum.name, "name")
    max_length(forum.usual_venue, "usual_venue", MAX_NAME * 2)
    if forum.usual_weekday is not None and not 0 <= forum.usual_weekday <= 6:
        raise ValidationError("usual_weekday", _("must be a weekday from Monday (0) to Sunday (6)"))
    if not 5 <= forum.usual_duration_minutes <= 24 * 60:
        raise ValidationError("usual_duration_minutes", _("must be between 5 minutes and 24 hours"))
    if not 0 <= forum.quorum.min_partners <= 200:
        raise ValidationError("quorum.min_partners", _("must be between 0 and 200"))
    if forum.escalates_to_id is not None and forum.escalates_to_id == forum.id:
        raise ValidationError("escalates_to_id", _("a forum cannot escalate to itself"))
    if not 0 <= forum.min_notice_days <= 365:
        raise ValidationError("min_notice_days", _("must be between 0 and 365 days"))
    _language(forum.working_language, "working_language")
    for code in forum.other_languages:
        _language(code, "other_languages")


def validate_partner(partner: Partner) -> None:
    """Refuse a partner without a name or with an unusable field."""
    _required_name(partner.name, "name")
    max_length(partner.short_name, "short_name", 40)
    max_length(partner.contact, "contact", 2000)
    _language(partner.language, "language")


def validate_representative(representative: Representative) -> None:
    """Refuse a representative without a name or partner, or with impossible dates or contacts."""
    _required_name(representative.name, "name")
    if not representative.partner_id:
        raise ValidationError("partner_id", _("a representative must belong to a partner"))
    max_length(representative.role, "role", MAX_NAME)
    email = representative.email.strip()
    if email and not re.match(_EMAIL, email):
        raise ValidationError(
            "email", _("'{value}' does not look like an e-mail address").format(value=email)
        )
    phone = representative.phone.strip()
    if phone and not re.match(_PHONE, phone):
        raise ValidationError("phone", _("'{value}' does not look like a phone number").format(value=phone))
    _language(representative.preferred_language, "preferred_language")
    _sensible_date(representative.active_from, "active_from")
    _sensible_date(representative.active_to, "active_to")
    if (
        representative.active_from
        and representative.active_to
        and representative.active_to < representative.active_from
    ):
        raise ValidationError("active_to", _("ends before it starts"))


def validate_membership(membership: Membership, representatives: dict[str, Representative]) -> None:
    """Refuse a membership whose representatives do not belong to its partner, or that lists someone twice."""
    people = [membership.main_representative_id, *membership.substitute_ids]
    named = [p for p in people if p]
    if len(set(named)) != len(named):
        raise ValidationError("substitute_ids", _("the same person is named twice"))
    for person_id in named:
        person = representatives.get(person_id)
        if person is None:
            raise ValidationError("substitute_ids", _("names a representative who does not exist"))
        if person.partner_id != membership.partner_id:
            raise ValidationError(
                "substitute_ids",
                _("{name} does not represent this partner").format(name=person.name),
            )
