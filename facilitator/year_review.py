"""The year in review: the partnership's indicators, with their definitions and charts, as a document for the
annual review, and the same figures for the window's Indicators screen.

Every number comes from ``facilitator.indicators``; each indicator comes with its written definition so partners
can check how it was counted, and every chart comes with its figures as a table. What each audience may see is
asked of ``facilitator.audience``: the public version has no conflict at all, no notice (notices are partners'
business) and only the decisions taken on public items.
"""

from __future__ import annotations

import datetime as dt

from facilitator.audience import Audience, Visibility, visibility
from facilitator.conflicts import Conflict, ConflictStage, timeline
from facilitator.decisions_log import decisions_in, was_decided
from facilitator.docmodel import (
    Block,
    Chart,
    DocumentModel,
    Figure,
    Heading,
    Measure,
    Paragraph,
    Series,
    Table,
    Tone,
)
from facilitator.entities import Forum, forum_names, partner_names
from facilitator.frozen import frozen
from facilitator.i18n import N_, Translator
from facilitator.indicators import (
    DEFINITIONS,
    Period,
    actions_by_partner,
    attendance_by_partner,
    attendance_trend,
    conflict_counts,
    escalation_counts,
    meeting_counts,
    notice_counts,
)
from facilitator.meeting_ops import meetings_of
from facilitator.meetings import AgendaItem, Decision, Meeting, MeetingStatus
from facilitator.notices import Notice, is_short_notice
from facilitator.profile import document_translator
from facilitator.store import Store

TREND_DEFINITION = N_(
    "Attendance trend: the attendance rate of all partners together (partners present out of partners on the "
    "roll of the held meetings), step by step through the period. A step without held meetings has no value."
)
TREND_KEY = "trend"


@frozen
class Section:
    """One indicator as the window and the report show it: title, definitions, perhaps a chart, and a table."""

    key: str  # the DEFINITIONS key ("meetings", "attendance", ...) or "trend"
    title: str
    definitions: tuple[str, ...]
    table: Table
    chart: Chart | None = None
    figures: tuple[Figure, ...] = ()  # the numbers the table prints, checked before a document is written


def _counts(detail: str, **named: tuple[str, float | None, Measure]) -> tuple[Figure, ...]:
    return tuple(Figure(name, value, measure, detail) for name, value, measure in named.values())


def _share(t: Translator, value: float | None) -> str:
    return t.format_percent(value) if value is not None else "—"


def _days(t: Translator, value: float | None) -> str:
    return t.format_number(round(value, 1)) if value is not None else "—"


def months_per_step(period: Period) -> int:
    """Monthly steps over half a year or less, quarterly up to about two years, yearly beyond."""
    days = (period.end - period.start).days
    if days <= 190:
        return 1
    return 3 if days <= 800 else 12


def step_label(t: Translator, step: Period, months: int) -> str:
    """A step of a trend as the axis and the table name it (a month, a span of months, a year)."""
    if months == 12:
        return t.format_date(step.start, "y")
    if months == 1 or (step.start.year, step.start.month) == (step.end.year, step.end.month):
        return t.format_date(step.start, "MMM y")
    if step.start.year == step.end.year:
        return f"{t.format_date(step.start, 'MMM')}–{t.format_date(step.end, 'MMM y')}"
    return f"{t.format_date(step.start, 'MMM y')}–{t.format_date(step.end, 'MMM y')}"


def indicator_sections(
    store: Store,
    period: Period,
    t: Translator,
    forum_id: str | None = None,
    *,
    audience: Audience | None = None,
) -> list[Section]:
    """Every indicator of ``period`` (one forum or the whole partnership) in the language of ``t``.

    The public audience gets no conflict figures; everything else is counts by organisation, never by person.
    """
    audience = audience or Audience.partners()
    sections: list[Section] = []

    counts = meeting_counts(store, period, forum_id)
    labels = (t.gettext("Held"), t.gettext("Planned"), t.gettext("Cancelled"))
    numbers = (counts.held, counts.planned, counts.cancelled)
    sections.append(
        Section(
            "meetings",
            t.gettext("Meetings"),
            (t.gettext(DEFINITIONS["meetings"]),),
            Table(labels, (tuple(t.format_number(n) for n in numbers),)),
            Chart(
                t.gettext("Meetings held against planned"),
                "bar",
                labels,
                (Series(t.gettext("Number"), tuple(float(n) for n in numbers)),),
                category_title=t.gettext("Meetings"),
                value_texts=tuple((t.format_number(n),) for n in numbers),
            ),
            tuple(
                Figure(N_("meetings"), n, Measure.COUNT, label)
                for n, label in zip(numbers, labels, strict=True)
            ),
        )
    )

    attendance = attendance_by_partner(store, period, forum_id)
    sections.append(
        Section(
            "attendance",
            t.gettext("Attendance by partner"),
            (t.gettext(DEFINITIONS["attendance"]), t.gettext(DEFINITIONS["decision_level"])),
            Table(
                (
                    t.gettext("Partner"),
                    t.gettext("Meetings"),
                    t.gettext("Attended"),
                    t.gettext("At decision level"),
                ),
                tuple(
                    (
                        a.partner.name,
                        t.format_number(a.meetings),
                        _share(t, a.rate),
                        _share(t, a.decision_rate),
                    )
                    for a in attendance
                ),
                (4, 1.2, 1.4, 1.8),
            ),
            Chart(
                t.gettext("Attended, and at decision level, by partner"),
                "bar",
                tuple(a.partner.display_name for a in attendance),
                (
                    Series(t.gettext("Attended"), tuple(a.rate for a in attendance)),
                    Series(t.gettext("At decision level"), tuple(a.decision_rate for a in attendance)),
                ),
                value_format="percent",
                layout="overlay",
                category_title=t.gettext("Partner"),
                value_texts=tuple((_share(t, a.rate), _share(t, a.decision_rate)) for a in attendance),
            ),
            tuple(
                figure
                for a in attendance
                for figure in _counts(
                    a.partner.name,
                    meetings=(N_("meetings on the roll"), a.meetings, Measure.COUNT),
                    rate=(N_("attendance rate"), a.rate, Measure.SHARE),
                    decision=(N_("share attended at decision level"), a.decision_rate, Measure.SHARE),
                )
            ),
        )
    )

    months = months_per_step(period)
    trend = attendance_trend(store, period, forum_id, months_per_step=months)
    steps = tuple(step_label(t, step, months) for step, _rate in trend)
    sections.append(
        Section(
            TREND_KEY,
            t.gettext("Attendance over time"),
            (t.gettext(TREND_DEFINITION),),
            Table(
                (t.gettext("Period"), t.gettext("Attended")),
                tuple((label, _share(t, rate)) for label, (_step, rate) in zip(steps, trend, strict=True)),
                (3, 1.4),
            ),
            Chart(
                t.gettext("Attendance rate of all partners"),
                "line",
                steps,
                (Series(t.gettext("Attended"), tuple(rate for _step, rate in trend)),),
                value_format="percent",
                category_title=t.gettext("Period"),
                value_texts=tuple((_share(t, rate),) for _step, rate in trend),
            ),
            tuple(
                Figure(N_("attendance rate"), rate, Measure.SHARE, label)
                for label, (_step, rate) in zip(steps, trend, strict=True)
            ),
        )
    )

    actions = actions_by_partner(store, period, forum_id)
    parts = [
        (a.on_time, a.completed - a.on_time, a.overdue, max(0, a.due - a.completed - a.overdue))
        for a in actions
    ]
    sections.append(
        Section(
            "actions",
            t.gettext("Actions by partner"),
            (t.gettext(DEFINITIONS["actions"]),),
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
                tuple(
                    (
                        a.partner.name,
                        t.format_number(a.due),
                        t.format_number(a.completed),
                        t.format_number(a.on_time),
                        t.format_number(a.overdue),
                        _days(t, a.median_days_to_complete),
                        _days(t, a.average_times_carried),
                    )
                    for a in actions
                ),
                (3.4, 0.9, 0.9, 1.1, 1.2, 1.4, 1.4),
            ),
            Chart(
                t.gettext("Actions due in the period, by partner"),
                "bar",
                tuple(a.partner.display_name for a in actions),
                tuple(
                    Series(name, tuple(float(p[number]) for p in parts))
                    for number, name in enumerate(
                        (
                            t.gettext("Done on time"),
                            t.gettext("Done late"),
                            t.gettext("Overdue"),
                            t.gettext("Open or dropped"),
                        )
                    )
                ),
                layout="stacked",
                category_title=t.gettext("Partner"),
                value_texts=tuple(tuple(t.format_number(n) for n in p) for p in parts),
            ),
            tuple(
                figure
                for a in actions
                for figure in _counts(
                    a.partner.name,
                    due=(N_("actions due"), a.due, Measure.COUNT),
                    done=(N_("actions done"), a.completed, Measure.COUNT),
                    on_time=(N_("actions done on time"), a.on_time, Measure.COUNT),
                    overdue=(N_("actions overdue"), a.overdue, Measure.COUNT),
                    days=(N_("days to complete an action"), a.median_days_to_complete, Measure.DURATION),
                    carried=(N_("times an action was carried"), a.average_times_carried, Measure.DURATION),
                )
            ),
        )
    )

    if audience.sees_conflicts:
        conflicts = conflict_counts(store, period, forum_id)
        sections.append(
            Section(
                "conflicts",
                t.gettext("Conflicts"),
                (t.gettext(DEFINITIONS["conflicts"]),),
                Table(
                    (
                        t.gettext("Category"),
                        t.gettext("Raised"),
                        t.gettext("Resolved"),
                        t.gettext("Days to resolve"),
                    ),
                    tuple(
                        (
                            c.category.label_in(t) if c.category else t.gettext("All conflicts"),
                            t.format_number(c.raised),
                            t.format_number(c.resolved),
                            _days(t, c.median_days_to_resolve),
                        )
                        for c in conflicts
                    ),
                    (4, 1.2, 1.2, 1.6),
                ),
                figures=tuple(
                    figure
                    for c in conflicts
                    for figure in _counts(
                        c.category.label_in(t) if c.category else "",
                        raised=(N_("conflicts raised"), c.raised, Measure.COUNT),
                        resolved=(N_("conflicts resolved"), c.resolved, Measure.COUNT),
                        days=(N_("days to resolve a conflict"), c.median_days_to_resolve, Measure.DURATION),
                    )
                ),
            )
        )

    notices = notice_counts(store, period, forum_id)
    enough = notices.enough_notice / notices.given if notices.given else None
    sections.append(
        Section(
            "notices",
            t.gettext("Notices of intended change"),
            (t.gettext(DEFINITIONS["notices"]),),
            Table(
                (
                    t.gettext("Given"),
                    t.gettext("With enough notice"),
                    t.gettext("Share with enough notice"),
                    t.gettext("Answers outstanding"),
                ),
                (
                    (
                        t.format_number(notices.given),
                        t.format_number(notices.enough_notice),
                        _share(t, enough),
                        t.format_number(notices.responses_outstanding),
                    ),
                ),
            ),
            figures=_counts(
                "",
                given=(N_("notices given"), notices.given, Measure.COUNT),
                enough=(N_("notices with enough notice"), notices.enough_notice, Measure.COUNT),
                share=(N_("share of notices with enough notice"), enough, Measure.SHARE),
                outstanding=(N_("answers outstanding"), notices.responses_outstanding, Measure.COUNT),
            ),
        )
    )
    escalated = escalation_counts(store, period, forum_id)
    sections.append(
        Section(
            "escalations",
            t.gettext("Escalations"),
            (t.gettext(DEFINITIONS["escalations"]),),
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
            figures=_counts(
                "",
                raised=(N_("escalations raised"), escalated.raised, Measure.COUNT),
                answered=(N_("escalations answered"), escalated.answered, Measure.COUNT),
                days=(N_("days to answer an escalation"), escalated.median_days_to_answer, Measure.DURATION),
            ),
        )
    )
    return sections


def _public_decisions(store: Store, period: Period, forum_id: str | None) -> list[tuple[dt.date, str, str]]:
    """Decisions of held meetings in the period taken on items the public may see."""
    public = Audience.public()
    meetings = [
        m
        for m in (store.where(Meeting, {"forum_id": forum_id}) if forum_id else store.all(Meeting))
        if m.status is MeetingStatus.HELD and m.starts_at.date() in period
    ]
    found = []
    for meeting in meetings:
        for item in store.where(AgendaItem, {"meeting_id": meeting.id}):
            if visibility(public, item.confidentiality, item.restricted_to) is not Visibility.SHOW:
                continue
            for decision in store.where(Decision, {"item_id": item.id}):
                if not was_decided(store, decision):
                    continue
                found.append((meeting.starts_at.date(), meeting.forum_id, decision.text))
    return sorted(found, key=lambda d: d[0])


def _conflicts_handled(
    store: Store, period: Period, forum_id: str | None, t: Translator, audience: Audience
) -> list[Block]:
    """Conflicts raised in the period or worked on during it, with where they stand; restricted ones counted."""
    chosen = store.where(Conflict, {"forum_id": forum_id}) if forum_id else store.all(Conflict)
    rows, withheld = [], 0
    for conflict in sorted(chosen, key=lambda c: (c.raised_on, c.title.casefold())):
        steps = timeline(store, conflict.id)
        if conflict.raised_on not in period and not any(s.on in period for s in steps):
            continue
        if visibility(audience, conflict.confidentiality, conflict.restricted_to) is not Visibility.SHOW:
            withheld += 1
            continue
        resolved = [s.on for s in steps if s.stage is ConflictStage.RESOLVED]
        rows.append(
            (
                conflict.title,
                conflict.category.label_in(t),
                t.format_date(conflict.raised_on, "medium"),
                conflict.stage.label_in(t),
                t.format_date(resolved[0], "medium") if resolved else "—",
            )
        )
    return _listed_here(
        t.gettext("Conflicts handled"),
        Table(
            (
                t.gettext("Conflict"),
                t.gettext("Category"),
                t.gettext("Raised"),
                t.gettext("Stage"),
                t.gettext("Resolved"),
            ),
            tuple(rows),
            (4, 2.4, 1.5, 1.6, 1.5),
        ),
        t.ngettext(
            "{count} restricted conflict is not listed here.",
            "{count} restricted conflicts are not listed here.",
            withheld,
        ).format(count=t.format_number(withheld)),
        withheld,
    )


def _listed_here(heading: str, table: Table, not_listed: str, withheld: int) -> list[Block]:
    """One register's part of the review: its heading, its table, and how many restricted ones are not listed
    (``not_listed``); nothing at all when it has neither rows nor withheld ones."""
    if not table.rows and not withheld:
        return []
    blocks: list[Block] = [Heading(heading, 2)]
    if table.rows:
        blocks.append(table)
    if withheld:
        blocks.append(Paragraph(not_listed, Tone.WITHHELD))
    return blocks


def _notices_handled(
    store: Store, period: Period, forum_id: str | None, t: Translator, audience: Audience
) -> list[Block]:
    """Notices given in the period: who gave them, when the change took effect, and whether in time."""
    partners = partner_names(store, short=True)
    rows, withheld = [], 0
    given = [
        n
        for n in store.all(Notice)
        if n.given_on in period and (forum_id is None or forum_id in n.affected_forums)
    ]
    for notice in sorted(given, key=lambda n: (n.given_on, n.title.casefold())):
        if visibility(audience, notice.confidentiality, notice.restricted_to) is not Visibility.SHOW:
            withheld += 1
            continue
        rows.append(
            (
                notice.title,
                partners.get(notice.partner_id, ""),
                t.format_date(notice.given_on, "medium"),
                t.format_date(notice.takes_effect_on, "medium"),
                t.gettext("Short notice") if is_short_notice(store, notice) else t.gettext("In time"),
                notice.status.label_in(t),
            )
        )
    return _listed_here(
        t.gettext("Notices of change handled"),
        Table(
            (
                t.gettext("Notice"),
                t.gettext("Given by"),
                t.gettext("Given"),
                t.gettext("Takes effect"),
                t.gettext("Notice period"),
                t.gettext("Status"),
            ),
            tuple(rows),
            (3.6, 1.8, 1.5, 1.5, 1.4, 1.6),
        ),
        t.ngettext(
            "{count} restricted notice is not listed here.",
            "{count} restricted notices are not listed here.",
            withheld,
        ).format(count=t.format_number(withheld)),
        withheld,
    )


def year_in_review(
    store: Store,
    period: Period,
    language: str,
    forum_id: str | None = None,
    *,
    audience: Audience | None = None,
) -> DocumentModel:
    """The indicators of ``period`` (for one forum or the whole partnership) as a document for ``audience``
    (partners by default), in two parts: how the partnership works (each indicator with its definition, chart
    and table, then the meetings held, the decisions taken, and the conflicts and notices handled, never for the
    public), and what changed on the street (``facilitator.street_report``)."""
    audience = audience or Audience.partners()
    t = document_translator(store, language)
    scope = store.get(Forum, forum_id).name if forum_id else t.gettext("The whole partnership")
    # Two parts that never mix: how the partnership works (process), then what changed on the street (outcomes).
    from facilitator import street_report  # noqa: PLC0415 - the street part builds on this module

    blocks: list[Block] = [
        Heading(t.gettext(street_report.PROCESS_TITLE)),
        Paragraph(t.gettext(street_report.PROCESS_NOTE), Tone.NOTE),
    ]
    figures: list[Figure] = []
    for section in indicator_sections(store, period, t, forum_id, audience=audience):
        figures += section.figures
        blocks.append(Heading(section.title, 2))
        blocks += [Paragraph(text, Tone.NOTE) for text in section.definitions]
        if not section.table.rows:
            blocks.append(Paragraph(t.gettext("Nothing to count in this period."), Tone.NOTE))
            continue
        if section.chart is not None and section.chart.categories:
            blocks.append(section.chart)
        blocks.append(section.table)

    held = [
        m
        for m in meetings_of(store, forum_id)
        if m.starts_at.date() in period and m.status is MeetingStatus.HELD
    ]
    forums = forum_names(store)
    by_forum: dict[str, list[dt.date]] = {}
    for meeting in held:
        by_forum.setdefault(meeting.forum_id, []).append(meeting.starts_at.date())
    day_pattern = "d MMM" if period.start.year == period.end.year else "d MMM y"
    blocks.append(Heading(t.gettext("Meetings held"), 2))
    if by_forum:
        blocks.append(
            Table(
                (t.gettext("Forum"), t.gettext("Held"), t.gettext("Dates")),
                tuple(
                    (
                        forums.get(forum, ""),
                        t.format_number(len(days)),
                        ", ".join(t.format_date(day, day_pattern) for day in days),
                    )
                    for forum, days in sorted(
                        by_forum.items(), key=lambda fd: forums.get(fd[0], "").casefold()
                    )
                ),
                (2.6, 0.8, 6.6),
            )
        )
    else:
        blocks.append(Paragraph(t.gettext("No meeting was held in this period."), Tone.NOTE))
    if audience.is_public:
        decided = _public_decisions(store, period, forum_id)
    else:
        decided = [
            (d.day, d.forum_id, d.text) for d in decisions_in(store, period.start, period.end, forum_id)
        ]
    if decided:
        blocks += [
            Heading(t.gettext("Decisions taken"), 2),
            Table(
                (t.gettext("Date"), t.gettext("Forum"), t.gettext("Decision")),
                tuple(
                    (t.format_date(day, "medium"), forums.get(forum, ""), text)
                    for day, forum, text in decided
                ),
                (1.4, 2.4, 6),
            ),
        ]
    if audience.sees_conflicts:
        blocks += _conflicts_handled(store, period, forum_id, t, audience)
    if not audience.is_public:  # notices of intended change are never public
        blocks += _notices_handled(store, period, forum_id, t, audience)
    street, printed = street_report.street_part(store, period, t, forum_id, audience)
    blocks += street
    figures += printed

    title = t.gettext("The year in review")
    subtitle = f"{scope} · {t.format_date(period.start, 'long')} – {t.format_date(period.end, 'long')}"
    return DocumentModel(
        title=title,
        subtitle=subtitle,
        language=language,
        right_to_left=t.right_to_left,
        blocks=tuple(blocks),
        status=t.gettext("For the public") if audience.is_public else t.gettext("For partners"),
        page_label=t.gettext("Page {page} of {pages}"),
        figures=tuple(figures),
    )
