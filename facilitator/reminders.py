"""Reminders before a forum's next meeting: one e-mail draft per partner with what it promised and has not done,
and what it has not answered yet.

For each partner seated on the forum: its open actions followed up by that forum, overdue first (then by due
date), each with its due date, its status and what it waits for; the notices of intended change going to that
forum that wait for the partner's answer; and the escalations sent to the forum that still wait for its answer.
Each partner's draft holds only what that partner may see (``facilitator.audience``, asked for every record and
prerequisite), in the partner's language where documents are made in it, else the forum's working language.
A partner with nothing to be reminded of gets no draft, and is named as such.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import cast

from facilitator import clock
from facilitator.actions import Action, open_actions
from facilitator.audience import Audience, Confidential, receives
from facilitator.entities import Forum, Partner, Representative
from facilitator.escalation import Escalation, EscalationStatus, escalations
from facilitator.frozen import frozen
from facilitator.i18n import DOCUMENT_LANGUAGES, SOURCE_LANGUAGE, Translator
from facilitator.mail import MailDraft, Recipients, merged, partner_stem, recipients
from facilitator.meeting_ops import meetings_of
from facilitator.meetings import Meeting, MeetingStatus
from facilitator.notices import CLOSED_NOTICES, Notice, missing_responses, notice_forums
from facilitator.operations import members
from facilitator.prerequisites import action_lines
from facilitator.profile import document_translator
from facilitator.records import KINDS
from facilitator.store import Store


@frozen
class Reminder:
    """What one partner is reminded of, decided: the draft and what it lists."""

    partner: Partner
    recipients: Recipients
    language: str
    overdue: tuple[Action, ...]
    open: tuple[Action, ...]
    notices: tuple[Notice, ...]
    escalations: tuple[Escalation, ...]
    draft: MailDraft

    @property
    def count(self) -> int:
        """How many things the reminder lists."""
        return len(self.overdue) + len(self.open) + len(self.notices) + len(self.escalations)


@frozen
class RemindersPlan:
    """Every reminder before a forum's next meeting."""

    forum: Forum
    meeting: Meeting | None  # the forum's next meeting, if one is planned
    reminders: tuple[Reminder, ...]
    nothing_to_remind: tuple[Partner, ...]

    @property
    def without_address(self) -> tuple[Reminder, ...]:
        """Reminders that have no one to go to: none of the partner's representatives has an e-mail address."""
        return tuple(r for r in self.reminders if not r.recipients.reachable)


def next_meeting(store: Store, forum_id: str, today: dt.date) -> Meeting | None:
    """The forum's next meeting from ``today`` on (planned or running)."""
    coming = [
        m
        for m in meetings_of(store, forum_id)
        if m.status in (MeetingStatus.PLANNED, MeetingStatus.IN_PROGRESS) and m.starts_at.date() >= today
    ]
    return coming[0] if coming else None


def _language(forum: Forum, partner: Partner) -> str:
    if partner.language in DOCUMENT_LANGUAGES:
        return partner.language
    return forum.working_language if forum.working_language in DOCUMENT_LANGUAGES else SOURCE_LANGUAGE


def _subject_of(store: Store, escalation: Escalation) -> Confidential | None:
    """What an escalation is about (an item, an action or a conflict: each says who may see it)."""
    kind = KINDS.get(escalation.subject_kind)
    found = store.find(kind, escalation.subject_id) if kind is not None else None
    return cast("Confidential | None", found)


def _action_line(
    t: Translator, store: Store, action: Action, audience: Audience, today: dt.date
) -> list[str]:
    if action.due is None:
        # Translators: document
        when = t.gettext("no due date")
    elif action.is_overdue(today):
        days = (today - action.due).days
        # Translators: document
        when = t.ngettext("due {date}, {n} day overdue", "due {date}, {n} days overdue", days).format(
            date=t.format_date(action.due, "medium"), n=t.format_number(days)
        )
    else:
        # Translators: document
        when = t.gettext("due {date}").format(date=t.format_date(action.due, "medium"))
    status = action.status.label_in(t)
    lines = [f"- {action.title} ({when}; {status})"]
    lines += [f"  {line}" for line in action_lines(t, store, action, audience)]
    return lines


def _listed(t: Translator, line: str, title: str, day: dt.date, **source: Partner | Forum | None) -> str:
    """A notice or an escalation in a reminder's list: ``line`` names its title, the partner or forum it comes
    from (``source``, by the placeholder ``line`` uses for it) and its day."""
    names = {placeholder: found.name if found else "" for placeholder, found in source.items()}
    return "- " + line.format(title=title, date=t.format_date(day, "medium"), **names)


def _body(
    t: Translator,
    store: Store,
    forum: Forum,
    meeting: Meeting | None,
    *,
    partner: Partner,
    found: tuple[Sequence[Action], Sequence[Action], Sequence[Notice], Sequence[Escalation]],
    today: dt.date,
    sender: str,
) -> str:
    overdue, current, notices, waiting = found
    audience = Audience.for_partner(partner.id)
    # Translators: document
    lines = [t.gettext("Dear colleagues,"), ""]
    if meeting is not None:
        # Translators: document
        text = t.gettext(
            "Before the meeting of {forum} on {date}, here is what {partner} agreed to do and has not finished "
            "yet, and what is still waiting for an answer."
        ).format(forum=forum.name, date=t.format_date(meeting.starts_at.date(), "full"), partner=partner.name)
    else:
        # Translators: document
        text = t.gettext(
            "Before the next meeting of {forum}, here is what {partner} agreed to do and has not finished yet, "
            "and what is still waiting for an answer."
        ).format(forum=forum.name, partner=partner.name)
    lines.append(text)
    if overdue:
        # Translators: document
        lines += ["", t.gettext("Overdue actions")]
        for action in overdue:
            lines += _action_line(t, store, action, audience, today)
    if current:
        # Translators: document
        lines += ["", t.gettext("Open actions")]
        for action in current:
            lines += _action_line(t, store, action, audience, today)
    if notices:
        # Translators: document
        lines += ["", t.gettext("Notices of intended change waiting for your answer")]
        for notice in notices:
            # Translators: document
            line = t.gettext("{title}, from {partner}; takes effect {date}")
            giver = store.find(Partner, notice.partner_id)
            lines.append(_listed(t, line, notice.title, notice.takes_effect_on, partner=giver))
    if waiting:
        # Translators: document
        lines += ["", t.gettext("Escalated to {forum} and waiting for its answer").format(forum=forum.name)]
        for escalation in waiting:
            # Translators: document
            line = t.gettext("{title}, from {forum}, raised {date}")
            origin = store.find(Forum, escalation.from_forum_id)
            lines.append(_listed(t, line, escalation.subject_title, escalation.raised_on, forum=origin))
    # Translators: document
    lines += ["", t.gettext("Please send your updates before the meeting."), ""]
    # Translators: document
    lines += [t.gettext("Kind regards,"), sender or forum.name]
    return "\n".join(lines)


def _by_due(action: Action) -> tuple[dt.date, str]:
    return (action.due or dt.date.max, action.title.casefold())


def plan_reminders(
    store: Store,
    forum_id: str,
    *,
    partner_ids: Sequence[str] | None = None,
    sender: str = "",
    today: dt.date | None = None,
) -> RemindersPlan:
    """One reminder per partner of the forum (or of ``partner_ids``) that has something outstanding."""
    forum = store.get(Forum, forum_id)
    day = today or clock.today()
    meeting = next_meeting(store, forum.id, day)
    chosen = list(partner_ids) if partner_ids is not None else [p.id for p, _seat in members(store, forum.id)]
    forum_actions = open_actions(store, forum.id)
    open_notices = [
        n
        for n in store.all(Notice)
        if n.status not in CLOSED_NOTICES
        and n.takes_effect_on >= day
        and forum.id in {f.id for f in notice_forums(store, n)}
    ]
    waiting = [e for e in escalations(store, to_forum_id=forum.id) if e.status is EscalationStatus.OPEN]
    reminders = []
    quiet = []
    for number, partner_id in enumerate(dict.fromkeys(chosen), start=1):
        partner = store.get(Partner, partner_id)
        audience = Audience.for_partner(partner.id)
        mine = [a for a in forum_actions if a.owner_partner_id == partner.id and receives(audience, a)]
        overdue = tuple(sorted((a for a in mine if a.is_overdue(day)), key=_by_due))
        current = tuple(sorted((a for a in mine if not a.is_overdue(day)), key=_by_due))
        notices = tuple(
            n for n in open_notices if partner.id in missing_responses(store, n) and receives(audience, n)
        )
        subjects = [(e, _subject_of(store, e)) for e in waiting]
        answers = tuple(e for e, subject in subjects if subject is not None and receives(audience, subject))
        if not (overdue or current or notices or answers):
            quiet.append(partner)
            continue
        language = _language(forum, partner)
        t = document_translator(store, language)
        owners = [
            store.find(Representative, a.owner_person_id) for a in (*overdue, *current) if a.owner_person_id
        ]
        addressed = merged(
            recipients(store, forum.id, partner.id, day),
            *(p for p in owners if p is not None and p.is_active_on(day)),
        )
        if meeting is not None:
            # Translators: document
            subject = t.gettext("{forum}: reminder before the meeting of {date}").format(
                forum=forum.name, date=t.format_date(meeting.starts_at.date(), "long")
            )
        else:
            # Translators: document
            subject = t.gettext("{forum}: reminder of open actions").format(forum=forum.name)
        body = _body(
            t,
            store,
            forum,
            meeting,
            partner=partner,
            found=(overdue, current, notices, answers),
            today=day,
            sender=sender,
        )
        draft = MailDraft(
            partner_id=partner.id,
            file_stem=partner_stem(number, partner),
            to=addressed.to,
            cc=addressed.cc,
            subject=subject,
            body=body,
            language=language,
            prepared_at=clock.now(),
        )
        reminders.append(Reminder(partner, addressed, language, overdue, current, notices, answers, draft))
    return RemindersPlan(forum, meeting, tuple(reminders), tuple(quiet))
