"""The year in review: the partnership's indicators, with their definitions, as a document for the annual review.

Every number comes from ``facilitator.indicators``; each table is preceded by the indicator's written definition so
partners can check how it was counted.
"""

from __future__ import annotations

from facilitator.decisions_log import decisions_in
from facilitator.docmodel import Block, BulletList, DocumentModel, Heading, Paragraph, Table, Tone
from facilitator.entities import Forum
from facilitator.i18n import Translator, translator
from facilitator.indicators import (
    DEFINITIONS,
    Period,
    actions_by_partner,
    attendance_by_partner,
    conflict_counts,
    escalation_counts,
    meeting_counts,
    notice_counts,
)
from facilitator.meeting_ops import meetings_of
from facilitator.meetings import MeetingStatus
from facilitator.store import Store


def _share(t: Translator, value: float | None) -> str:
    return t.format_percent(value) if value is not None else "—"


def _days(t: Translator, value: float | None) -> str:
    return t.format_number(round(value, 1)) if value is not None else "—"


def year_in_review(store: Store, period: Period, language: str, forum_id: str | None = None) -> DocumentModel:
    """The indicators of ``period`` (for one forum or the whole partnership) as a document for partners."""
    t = translator(language)
    scope = store.get(Forum, forum_id).name if forum_id else t.gettext("The whole partnership")
    blocks: list[Block] = []

    counts = meeting_counts(store, period, forum_id)
    blocks += [
        Heading(t.gettext("Meetings")),
        Paragraph(t.gettext(DEFINITIONS["meetings"]), Tone.NOTE),
        Table(
            (t.gettext("Held"), t.gettext("Planned"), t.gettext("Cancelled")),
            (
                (
                    t.format_number(counts.held),
                    t.format_number(counts.planned),
                    t.format_number(counts.cancelled),
                ),
            ),
        ),
    ]

    rows = tuple(
        (
            a.partner.name,
            t.format_number(a.meetings),
            _share(t, a.rate),
            _share(t, a.decision_rate),
        )
        for a in attendance_by_partner(store, period, forum_id)
    )
    blocks += [
        Heading(t.gettext("Attendance by partner")),
        Paragraph(t.gettext(DEFINITIONS["attendance"]), Tone.NOTE),
        Paragraph(t.gettext(DEFINITIONS["decision_level"]), Tone.NOTE),
        Table(
            (
                t.gettext("Partner"),
                t.gettext("Meetings"),
                t.gettext("Attended"),
                t.gettext("At decision level"),
            ),
            rows,
            (4, 1.2, 1.4, 1.8),
        ),
    ]

    action_rows = tuple(
        (
            a.partner.name,
            t.format_number(a.due),
            t.format_number(a.completed),
            t.format_number(a.on_time),
            t.format_number(a.overdue),
            _days(t, a.median_days_to_complete),
            _days(t, a.average_times_carried),
        )
        for a in actions_by_partner(store, period, forum_id)
    )
    blocks += [
        Heading(t.gettext("Actions by partner")),
        Paragraph(t.gettext(DEFINITIONS["actions"]), Tone.NOTE),
        Table(
            (
                t.gettext("Partner"),
                t.gettext("Due"),
                t.gettext("Done"),
                t.gettext("On time"),
                t.gettext("Overdue"),
                t.gettext("Days to complete"),
                t.gettext("Times carried"),
            ),
            action_rows,
            (4, 1, 1, 1, 1, 1.4, 1.4),
        ),
    ]

    conflict_rows = tuple(
        (
            c.category.label_in(t) if c.category else t.gettext("All conflicts"),
            t.format_number(c.raised),
            t.format_number(c.resolved),
            _days(t, c.median_days_to_resolve),
        )
        for c in conflict_counts(store, period, forum_id)
    )
    blocks += [
        Heading(t.gettext("Conflicts")),
        Paragraph(t.gettext(DEFINITIONS["conflicts"]), Tone.NOTE),
        Table(
            (t.gettext("Category"), t.gettext("Raised"), t.gettext("Resolved"), t.gettext("Days to resolve")),
            conflict_rows,
            (4, 1.2, 1.2, 1.6),
        ),
    ]

    notices = notice_counts(store, period, forum_id)
    escalated = escalation_counts(store, period, forum_id)
    blocks += [
        Heading(t.gettext("Notices of intended change")),
        Paragraph(t.gettext(DEFINITIONS["notices"]), Tone.NOTE),
        Table(
            (t.gettext("Given"), t.gettext("With enough notice"), t.gettext("Answers outstanding")),
            (
                (
                    t.format_number(notices.given),
                    t.format_number(notices.enough_notice),
                    t.format_number(notices.responses_outstanding),
                ),
            ),
        ),
        Heading(t.gettext("Escalations")),
        Paragraph(t.gettext(DEFINITIONS["escalations"]), Tone.NOTE),
        Table(
            (t.gettext("Raised"), t.gettext("Answered"), t.gettext("Days to answer")),
            (
                (
                    t.format_number(escalated.raised),
                    t.format_number(escalated.answered),
                    _days(t, escalated.median_days_to_answer),
                ),
            ),
        ),
    ]

    held = [
        m
        for m in meetings_of(store, forum_id)
        if m.starts_at.date() in period and m.status is MeetingStatus.HELD
    ]
    forums = {f.id: f.name for f in store.all(Forum, include_archived=True)}
    blocks += [
        Heading(t.gettext("Meetings held")),
        BulletList(
            tuple(
                f"{t.format_date(m.starts_at.date(), 'medium')} · {forums.get(m.forum_id, '')}" for m in held
            )
        ),
    ]
    decided = decisions_in(store, period.start, period.end, forum_id)
    if decided:
        blocks += [
            Heading(t.gettext("Decisions taken")),
            Table(
                (t.gettext("Date"), t.gettext("Forum"), t.gettext("Decision")),
                tuple((t.format_date(d.day, "medium"), forums.get(d.forum_id, ""), d.text) for d in decided),
                (1.4, 2.4, 6),
            ),
        ]
    title = t.gettext("The year in review")
    subtitle = f"{scope} · {t.format_date(period.start, 'long')} – {t.format_date(period.end, 'long')}"
    return DocumentModel(
        title=title,
        subtitle=subtitle,
        language=language,
        right_to_left=t.right_to_left,
        blocks=tuple(blocks),
        status=t.gettext("For partners"),
        page_label=t.gettext("Page {page} of {pages}"),
    )
