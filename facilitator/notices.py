"""The register of notices of intended change ("no surprises").

A partner gives notice of a change it intends to make; the notice is tabled, before the change takes effect, at
the next meeting of every forum that it names or where an affected partner sits, and each affected partner
answers. Short notice (below a forum's minimum, or with no meeting in between) is told when the notice is given;
a notice no meeting will table in time is an alarm on the home screen. Notices are partners' business: never
public, and restricted ones only for the partners named.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from facilitator.entities import (
    MAX_TEXT,
    Forum,
    LabelledEnum,
    Membership,
    Partner,
    Record,
    by_name,
    touched,
)
from facilitator.errors import ValidationError
from facilitator.frozen import frozen
from facilitator.i18n import N_, _
from facilitator.meetings import Confidentiality, ItemKind, Meeting, MeetingStatus
from facilitator.store import Store
from facilitator.tablings import Tabling

if TYPE_CHECKING:
    from facilitator.agenda_routing import Routing
    from facilitator.meeting_ops import Step
    from facilitator.operations import Edit


class NoticeStatus(LabelledEnum):
    """Where a notice of intended change stands."""

    GIVEN = "given", N_("Given")
    TABLED = "tabled", N_("Tabled")
    DISCUSSED = "discussed", N_("Discussed")
    AGREED = "agreed", N_("Agreed")
    AGREED_WITH_CONDITIONS = "agreed_with_conditions", N_("Agreed with conditions")
    OBJECTED_TO = "objected_to", N_("Objected to")
    WITHDRAWN = "withdrawn", N_("Withdrawn")
    IMPLEMENTED = "implemented", N_("Implemented")


class ResponseKind(LabelledEnum):
    """An affected partner's answer to a notice."""

    ACKNOWLEDGED = "acknowledged", N_("Acknowledged")
    SUPPORTS = "supports", N_("Supports")
    HAS_CONCERNS = "has_concerns", N_("Has concerns")
    OBJECTS = "objects", N_("Objects")


CLOSED_NOTICES = frozenset({NoticeStatus.WITHDRAWN, NoticeStatus.IMPLEMENTED})


@frozen(kw_only=True)
class Notice(Record):
    """A partner telling the others of a change it intends to make."""

    partner_id: str
    title: str
    description: str = ""
    reason: str = ""
    given_on: dt.date
    takes_effect_on: dt.date
    affected_partners: tuple[str, ...] = ()
    affected_forums: tuple[str, ...] = ()
    confidentiality: Confidentiality = Confidentiality.PARTNERS
    restricted_to: tuple[str, ...] = ()
    status: NoticeStatus = NoticeStatus.GIVEN
    outcome: str = ""


@frozen(kw_only=True)
class NoticeResponse(Record):
    """An affected partner's answer to a notice."""

    notice_id: str
    partner_id: str
    kind: ResponseKind
    text: str = ""
    on: dt.date


def validate_notice(notice: Notice) -> None:
    """Refuse a notice without title, taking effect before it was given, or with absurd dates."""
    from facilitator.register_checks import check_dates, check_restriction, check_texts  # noqa: PLC0415 - loaded when used: reading records needs none of it

    check_texts(notice, "title", "description", "reason", "outcome")
    check_dates(notice, "given_on", "takes_effect_on")
    if notice.takes_effect_on < notice.given_on:
        raise ValidationError(
            "takes_effect_on", _("a change cannot take effect before notice of it is given")
        )
    check_restriction(notice.confidentiality, notice.restricted_to)


def validate_response(response: NoticeResponse) -> None:
    """Refuse an over-long answer or an absurd date."""
    from facilitator.register_checks import check_dates  # noqa: PLC0415 - loaded when used: reading records needs none of it

    check_dates(response, "on")
    if len(response.text) > MAX_TEXT:
        raise ValidationError("text", _("is longer than {limit} characters").format(limit=MAX_TEXT))


@frozen
class NoticeCheck:
    """Whether a notice came soon enough for one affected forum, and why not."""

    forum: Forum
    short: bool
    below_minimum: bool
    no_meeting_between: bool


def notice_checks(store: Store, notice: Notice) -> list[NoticeCheck]:
    """For each affected forum: short notice when below its minimum period, or when no meeting falls between."""
    from facilitator.meeting_ops import timeline_of  # noqa: PLC0415 - loaded when used: reading records needs none of it

    checks = []
    days = (notice.takes_effect_on - notice.given_on).days
    for forum_id in notice.affected_forums:
        forum = store.get(Forum, forum_id)
        below = days < forum.min_notice_days
        between = [
            m
            for m in timeline_of(store, forum_id)
            if m.status is not MeetingStatus.CANCELLED
            and notice.given_on <= m.starts_at.date() < notice.takes_effect_on
        ]
        checks.append(NoticeCheck(forum, below or not between, below, not between))
    return checks


def is_short_notice(store: Store, notice: Notice) -> bool:
    """Whether any affected forum got short notice."""
    return any(check.short for check in notice_checks(store, notice))


def give_notice(store: Store, notice: Notice) -> Edit:
    """Record a notice of intended change (check ``notice_checks`` first to warn of short notice)."""
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    validate_notice(notice)
    store.get(Partner, notice.partner_id)
    for forum_id in notice.affected_forums:
        store.get(Forum, forum_id)
    for partner_id in notice.affected_partners:
        store.get(Partner, partner_id)
    before = store.find(Notice, notice.id)
    if before is None:
        return Edit(_("Notice: {title}").format(title=notice.title), ((None, notice),))
    return Edit(
        _("Edit notice {title}").format(title=notice.title),
        ((before, touched(replace(notice, created=before.created))),),
    )


def set_notice_status(store: Store, notice_id: str, status: NoticeStatus, outcome: str | None = None) -> Edit:
    """Move a notice on (discussed, agreed, objected to, withdrawn, implemented...), with the outcome."""
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    before = store.get(Notice, notice_id)
    after = replace(before, status=status, outcome=before.outcome if outcome is None else outcome.strip())
    validate_notice(after)
    return Edit(
        _("{title}: {status}").format(title=before.title, status=status.label), ((before, touched(after)),)
    )


def respond(
    store: Store, notice_id: str, partner_id: str, *, kind: ResponseKind, text: str, on: dt.date
) -> Edit:
    """Record (or replace) an affected partner's answer to a notice."""
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    notice = store.get(Notice, notice_id)
    partner = store.get(Partner, partner_id)
    if partner_id not in notice.affected_partners:
        raise ValidationError(
            "partner_id", _("{name} is not among the partners this notice affects").format(name=partner.name)
        )
    existing = [
        r for r in store.where(NoticeResponse, {"notice_id": notice_id}) if r.partner_id == partner_id
    ]
    response = NoticeResponse(notice_id=notice_id, partner_id=partner_id, kind=kind, text=text.strip(), on=on)
    validate_response(response)
    if existing:
        before = existing[0]
        return Edit(
            _("Answer of {partner}").format(partner=partner.display_name),
            ((before, touched(replace(response, id=before.id, created=before.created))),),
        )
    return Edit(_("Answer of {partner}").format(partner=partner.display_name), ((None, response),))


def responses(store: Store, notice_id: str) -> list[NoticeResponse]:
    """The answers given to a notice."""
    return store.where(NoticeResponse, {"notice_id": notice_id})


def missing_responses(store: Store, notice: Notice) -> list[str]:
    """Affected partners who have not answered."""
    answered = {r.partner_id for r in responses(store, notice.id)}
    return [p for p in notice.affected_partners if p not in answered]


# --- which meetings table a notice ---------------------------------------------------------------------------


def notice_forums(store: Store, notice: Notice) -> list[Forum]:
    """The forums a notice goes to: those it names, and every forum where an affected partner sits whose agenda
    tables notices (its usual agenda has a notices item), archived forums left out; by name."""
    from facilitator.meeting_ops import usual_agenda  # noqa: PLC0415 - loaded when used: reading records needs none of it

    wanted = set(notice.affected_forums)
    affected = set(notice.affected_partners)
    seated = {m.forum_id for m in store.all(Membership) if m.partner_id in affected}
    for forum_id in seated - wanted:
        if any(u.kind is ItemKind.NOTICE for u in usual_agenda(store, forum_id)):
            wanted.add(forum_id)
    found = [store.find(Forum, forum_id) for forum_id in wanted]
    return by_name(f for f in found if f is not None and not f.archived)


def notice_meeting(routing: Routing, notice: Notice, forum_id: str) -> Meeting | None:
    """The meeting of ``forum_id`` that tables a notice: the first, from the day it was given and before the
    change takes effect, that tabled it when it started or that has not started and has a notices item."""
    return routing.next_meeting(
        forum_id,
        ItemKind.NOTICE,
        Tabling,
        lambda t: t.subject_kind == "notices" and t.subject_id == notice.id,
        start=notice.given_on,
        end=notice.takes_effect_on,
    )


def unheard_notices(store: Store, today: dt.date) -> list[tuple[Notice, list[Forum]]]:
    """Open notices not yet in effect that no meeting of some of their forums will table before the change
    takes effect, with those forums: the change would come as a surprise there."""
    from facilitator.agenda_routing import Routing  # noqa: PLC0415 - loaded when used: reading records needs none of it

    routing = Routing(store, today)
    found = []
    for notice in sorted(store.all(Notice), key=lambda n: (n.takes_effect_on, n.title.casefold())):
        if notice.status in CLOSED_NOTICES or notice.takes_effect_on <= today:
            continue
        missed = [f for f in notice_forums(store, notice) if notice_meeting(routing, notice, f.id) is None]
        if missed:
            found.append((notice, missed))
    return found


def mark_notices_tabled(store: Store, fixed: list[Record]) -> list[Step]:
    """When a meeting starts: a notice it tables that was only given is now tabled."""
    steps: list[Step] = []
    for record in fixed:
        if isinstance(record, Tabling) and record.subject_kind == "notices":
            notice = store.find(Notice, record.subject_id)
            if notice is not None and notice.status is NoticeStatus.GIVEN:
                steps.append((notice, touched(replace(notice, status=NoticeStatus.TABLED))))
    return steps
