"""Printable registers as document models: what a partner promised, the conflict log and the notices register.

They go through the same writers as the minutes and ask ``facilitator.audience`` what each audience may see.
"""

from __future__ import annotations

import datetime as dt

from facilitator.actions import Action, ActionFilter, action_facts, filter_actions
from facilitator.audience import Audience, Visibility, in_sight, seen_by, visibility
from facilitator.conflicts import Conflict, timeline
from facilitator.docmodel import Block, DocumentModel, Heading, Paragraph, Table, Tone
from facilitator.entities import Partner, Representative, forum_names, partner_names
from facilitator.i18n import Translator
from facilitator.notices import Notice, is_short_notice, missing_responses
from facilitator.prerequisites import action_lines
from facilitator.profile import document_translator
from facilitator.store import Store


def _date(t: Translator, day: dt.date | None) -> str:
    return t.format_date(day, "medium") if day else "—"


def _model(t: Translator, title: str, subtitle: str, blocks: list[Block], note: str) -> DocumentModel:
    return DocumentModel(
        title=title,
        subtitle=subtitle,
        language=t.language,
        right_to_left=t.right_to_left,
        blocks=tuple(blocks),
        status=note,
        footer_note="",
        page_label=t.gettext("Page {page} of {pages}"),
    )


def partner_promises(
    store: Store, partner_id: str, today: dt.date, language: str | None = None
) -> DocumentModel:
    """ "What your agency promised": every open action a partner owns, in the partner's language by default.

    The document is for that partner: it sees its partners-only actions and those restricted to it.
    """
    partner = store.get(Partner, partner_id)
    t = document_translator(store, language or partner.language)
    audience = Audience.for_partner(partner_id)
    forums = forum_names(store)
    people = {r.id: r.name for r in store.all(Representative, include_archived=True)}
    mine = filter_actions(store.where(Action, {"owner_partner_id": partner_id}), ActionFilter(), today)
    blocks: list[Block] = []
    for forum_id in sorted({a.forum_id for a in mine}, key=lambda f: forums.get(f, "")):
        rows = []
        for action in sorted(
            (a for a in mine if a.forum_id == forum_id and not a.is_closed),
            key=lambda a: a.due or dt.date.max,
        ):
            if visibility(audience, action.confidentiality, action.restricted_to) is not Visibility.SHOW:
                continue
            facts = action_facts(store, action, today)
            state = action.status.label_in(t)
            if facts.overdue:
                state += " · " + t.gettext("overdue")
            # What it waits for, and any time it went ahead before that was done, under its title.
            title = "\n".join([action.title, *action_lines(t, store, action, audience)])
            rows.append(
                (
                    title,
                    people.get(action.owner_person_id or "", ""),
                    _date(t, action.due),
                    state,
                    t.format_number(facts.times_carried),
                )
            )
        if rows:
            blocks.append(Heading(forums.get(forum_id, "")))
            header = (
                t.gettext("Action"),
                t.gettext("Who"),
                t.gettext("Due"),
                t.gettext("Status"),
                t.gettext("Meetings carried"),
            )
            blocks.append(Table(header, tuple(rows), (5, 2.5, 1.6, 1.8, 1.2)))
    if not blocks:
        blocks.append(Paragraph(t.gettext("No open actions."), Tone.NOTE))
    title = t.gettext("What {partner} promised").format(partner=partner.name)
    subtitle = t.gettext("Open actions on {date}").format(date=t.format_date(today, "long"))
    return _model(t, title, subtitle, blocks, t.gettext("For {partner}").format(partner=partner.name))


def conflict_register(store: Store, audience: Audience, language: str, today: dt.date) -> DocumentModel:
    """The conflict log for partners: every conflict the audience may see, with its timeline."""
    t = document_translator(store, language)
    blocks: list[Block] = []
    partners = partner_names(store)
    if audience.sees_conflicts:
        conflicts = sorted(store.all(Conflict), key=lambda c: c.raised_on)
        shown, withheld = in_sight(conflicts, lambda conflict: seen_by(audience, conflict))
        for conflict in shown:
            blocks.append(Heading(conflict.title, 2))
            parties = ", ".join(partners.get(p, "") for p in conflict.partners_involved)
            facts = t.gettext(
                "Raised on {date} by {partner}. {category}, {severity}. Stage: {stage}."
            ).format(
                date=_date(t, conflict.raised_on),
                partner=partners.get(conflict.raised_by_partner_id, ""),
                category=conflict.category.label_in(t),
                severity=conflict.severity.label_in(t),
                stage=conflict.stage.label_in(t),
            )
            blocks.append(Paragraph(facts + (f" {parties}." if parties else "")))
            if conflict.description:
                blocks.append(Paragraph(conflict.description))
            if conflict.review_overdue(today):
                blocks.append(Paragraph(t.gettext("The review date has passed."), Tone.WARNING))
            rows = tuple((_date(t, s.on), s.stage.label_in(t), s.note) for s in timeline(store, conflict.id))
            if rows:
                blocks.append(
                    Table((t.gettext("Date"), t.gettext("Stage"), t.gettext("Note")), rows, (1.6, 2, 5))
                )
            if conflict.resolution:
                blocks.append(Paragraph(conflict.resolution, label=t.gettext("Resolution:")))
            if conflict.lessons:
                blocks.append(Paragraph(conflict.lessons, label=t.gettext("Lessons learned:")))
        if withheld:
            text = t.ngettext(
                "{n} confidential conflict is not shown.",
                "{n} confidential conflicts are not shown.",
                withheld,
            ).format(n=withheld)
            blocks.append(Paragraph(text, Tone.WITHHELD))
    if not blocks:
        blocks.append(Paragraph(t.gettext("No conflicts to show."), Tone.NOTE))
    return _model(
        t, t.gettext("Conflict log"), t.format_date(today, "long"), blocks, audience.kind.label_in(t)
    )


def notice_register(store: Store, audience: Audience, language: str, today: dt.date) -> DocumentModel:
    """The register of notices of intended change the audience may see, with answers outstanding."""
    t = document_translator(store, language)
    partners = partner_names(store)
    rows = []
    notices = sorted(store.all(Notice), key=lambda n: n.given_on)
    shown, withheld = in_sight(notices, lambda notice: seen_by(audience, notice))
    for notice in shown:
        waiting = ", ".join(partners.get(p, "") for p in missing_responses(store, notice))
        timing = t.gettext("short notice") if is_short_notice(store, notice) else ""
        rows.append(
            (
                partners.get(notice.partner_id, ""),
                notice.title,
                _date(t, notice.given_on),
                _date(t, notice.takes_effect_on) + (f" ({timing})" if timing else ""),
                notice.status.label_in(t),
                waiting,
            )
        )
    blocks: list[Block] = []
    if rows:
        header = (
            t.gettext("Partner"),
            t.gettext("Intended change"),
            t.gettext("Given"),
            t.gettext("Takes effect"),
            t.gettext("Status"),
            t.gettext("No answer yet from"),
        )
        blocks.append(Table(header, tuple(rows), (2.4, 4, 1.6, 2, 1.6, 3)))
    if withheld:
        text = t.ngettext(
            "{n} confidential notice is not shown.", "{n} confidential notices are not shown.", withheld
        ).format(n=withheld)
        blocks.append(Paragraph(text, Tone.WITHHELD))
    if not blocks:
        blocks.append(Paragraph(t.gettext("No notices to show."), Tone.NOTE))
    return _model(
        t,
        t.gettext("Notices of intended change"),
        t.format_date(today, "long"),
        blocks,
        audience.kind.label_in(t),
    )
