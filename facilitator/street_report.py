"""What changed on the street, as the Indicators screen, the year in review, the minutes and the CSV show it.

The report keeps the street figures (outcomes) apart from the partnership's own indicators (process), in a part
of their own that says plainly that figures show change, not its cause. Each figure comes with its definition,
who reports it and from where, a chart and a table step by step, the same period a year before, and the target
agreed where there is one. Who sees which figure is asked of ``facilitator.audience``: the public version holds
only the figures the forum publishes, and a target only when the item that agreed it is public too.
"""

from __future__ import annotations

from facilitator import clock
from facilitator.audience import Audience, Visibility, seen_by, seen_by_all
from facilitator.docmodel import Block, Chart, Figure, Heading, Measure, Paragraph, Series, Table, Tone
from facilitator.entities import Forum, Partner, forum_names, partner_names
from facilitator.figure_minutes import FIGURE_VALUE, figure_value, printed_figure, rounded_value
from facilitator.figure_ops import figures_of, readings_of, targets_of
from facilitator.figure_trends import Change, FigureTrend, StepValue, figure_trend
from facilitator.figures import Combine, Frequency, TrackedFigure
from facilitator.i18n import N_, Translator
from facilitator.indicators import Period
from facilitator.meetings import Meeting
from facilitator.store import Store
from facilitator.year_review import Section, months_per_step, step_label

PROCESS_TITLE = N_("How the partnership works")
PROCESS_NOTE = N_(
    "The partnership's own indicators: meetings, attendance, actions, conflicts, notices and escalations. They "
    "measure how the partners work together, not what changed on the street; the figures about the street are "
    "in a part of their own."
)
STREET_TITLE = N_("What changed on the street")
NOT_CAUSE = N_(
    "These figures show what changed on the street, not why it changed. Much besides the partnership's work moves "
    "them: the season, the weather, events elsewhere in the city, how carefully things were counted. A rise or a "
    "fall is a question for the partners to discuss, not proof that an action worked."
)
FIGURES_DEFINITION = N_(
    "A period's figure is the total of the reports whose last day falls in it (the average, for a level measured "
    "each time). A period without any report has no figure (—), which is not zero. Reports: how many reports the "
    "figure rests on, of those expected. A target agreed for a longer period is shared out over its days."
)
#: Who reports a figure, and how often.
REPORTED = {
    Frequency.EVERY_MEETING: N_("Reported at every meeting by {partner} to {forum}."),
    Frequency.MONTHLY: N_("Reported once a month by {partner} to {forum}."),
    Frequency.QUARTERLY: N_("Reported once a quarter by {partner} to {forum}."),
}
#: How the reports of a longer period add up.
ADDED_UP = {
    Combine.TOTAL: N_("The reports of a longer period are added up."),
    Combine.AVERAGE: N_("The reports of a longer period are averaged."),
}
SUMMARY_KEY = "street"
READINGS_KEY = "street-readings"
#: The names of the numbers the street part prints, for a document refused because one cannot be true.
FIGURE_TARGET = N_("a target of a figure about the street")
FIGURE_REPORTS = N_("reports a figure about the street rests on")
FIGURE_CHANGE = N_("a change of a figure about the street")


def shown_figures(
    store: Store, period: Period, forum_id: str | None, audience: Audience
) -> list[TrackedFigure]:
    """The figures ``audience`` may see: those tracked now, and those no longer tracked that were reported in
    ``period``."""
    found = []
    for figure in figures_of(store, forum_id, include_archived=True):
        if seen_by(audience, figure) is not Visibility.SHOW:
            continue
        if figure.archived and not any(r.covers_to in period for r in readings_of(store, figure.id)):
            continue
        found.append(figure)
    return found


def _title(figure: TrackedFigure, t: Translator, forums: dict[str, str] | None) -> str:
    name = figure.name_in(t)
    return f"{name} · {forums[figure.forum_id]}" if forums else name


def _reports(t: Translator, step: StepValue) -> str:
    if step.expected:
        return t.gettext("{reported} of {expected}").format(
            reported=t.format_number(step.reported), expected=t.format_number(step.expected)
        )
    return t.format_number(step.reported)


def _change_text(t: Translator, figure: TrackedFigure, moved: Change | None) -> str:
    if moved is None:
        return "—"
    better = moved.better(figure.higher_is_better)
    if better is None:
        return t.gettext("no change")
    amount = (
        t.format_percent(moved.relative) if moved.relative is not None else figure_value(t, figure, moved.absolute)
    )
    if moved.absolute > 0:
        amount = "+" + amount
    word = t.gettext("better") if better else t.gettext("worse")
    return t.gettext("{amount}, {better_or_worse}").format(amount=amount, better_or_worse=word)


def _target_text(t: Translator, figure: TrackedFigure, step: StepValue) -> str:
    if step.target is None:
        return "—"
    target = figure_value(t, figure, step.target)
    today = clock.today()
    if step.value is None or today < step.period.start:
        return target
    goal = step.target
    running = today < step.period.end
    if running and figure.combine is Combine.TOTAL:
        # A period still running is judged against the share of its target due so far.
        days = (step.period.end - step.period.start).days + 1
        goal = step.target * ((today - step.period.start).days + 1) / days
    met = step.value >= goal if figure.higher_is_better else step.value <= goal
    if running:
        verdict = t.gettext("on track so far") if met else t.gettext("off track so far")
    else:
        verdict = t.gettext("met") if met else t.gettext("not met")
    return t.gettext("{target} ({met_or_not})").format(target=target, met_or_not=verdict)


def _definitions(store: Store, figure: TrackedFigure, t: Translator, audience: Audience) -> tuple[str, ...]:
    partner = store.find(Partner, figure.partner_id)
    forum = store.find(Forum, figure.forum_id)
    reported = t.gettext(REPORTED[figure.frequency]).format(
        partner=partner.name if partner else "—", forum=forum.name if forum else "—"
    )
    if figure.source.strip():
        reported += " " + t.gettext("Source: {source}.").format(source=figure.source.strip().rstrip("."))
    direction = t.gettext("Higher is better.") if figure.higher_is_better else t.gettext("Lower is better.")
    texts = [
        t.gettext("What counts: {definition}").format(definition=figure.counts_in(t).strip() or "—"),
        f"{reported} {direction} {t.gettext(ADDED_UP[figure.combine])}",
    ]
    for agreed in targets_of(store, figure.id):
        if seen_by_all(audience, figure, agreed.item) is not Visibility.SHOW:
            continue
        texts.append(
            t.gettext("Target agreed on {date}: {value} {unit} from {start} to {end}.").format(
                date=t.format_date(agreed.agreed_on, "long"),
                value=figure_value(t, figure, agreed.target.value),
                unit=figure.unit_in(t),
                start=t.format_date(agreed.target.starts, "medium"),
                end=t.format_date(agreed.target.ends, "medium"),
            )
        )
    return tuple(texts)


def _public_targets(store: Store, figure: TrackedFigure, audience: Audience) -> bool:
    """Whether every target of the figure may be shown to ``audience`` (else none is, not even as a line)."""
    return all(
        seen_by_all(audience, figure, agreed.item) is Visibility.SHOW
        for agreed in targets_of(store, figure.id)
    )


def _step_figures(figure: TrackedFigure, step: StepValue, detail: str, *, target: bool) -> tuple[Figure, ...]:
    """The numbers one line of a figure's table prints: its value, the reports, and the target if shown."""
    found = (
        printed_figure(FIGURE_VALUE, figure, step.value, detail),
        Figure(FIGURE_REPORTS, step.reported, Measure.COUNT, detail),
        Figure(FIGURE_REPORTS, step.expected, Measure.COUNT, detail),
    )
    return (*found, printed_figure(FIGURE_TARGET, figure, step.target, detail)) if target else found


def _figure_section(
    store: Store, trend: FigureTrend, t: Translator, *, months: int, title: str, audience: Audience
) -> Section:
    figure = trend.figure
    with_target = trend.has_target and _public_targets(store, figure, audience)
    labels = tuple(step_label(t, step.period, months) for step in trend.steps)
    rows = tuple(
        (
            label,
            figure_value(t, figure, step.value),
            _reports(t, step),
            *((_target_text(t, figure, step),) if with_target else ()),
        )
        for label, step in zip(labels, trend.steps, strict=True)
    )
    header: tuple[str, ...] = (t.gettext("Period"), t.gettext("Figure"), t.gettext("Reports"))
    series = [Series(t.gettext("Reported"), tuple(rounded_value(s.value, figure) for s in trend.steps))]
    if with_target:
        header += (t.gettext("Target"),)
        # On the chart the target stands beside what was reported; a step without reports (still to come, or
        # missing) has its target in the table only.
        series.append(
            Series(
                t.gettext("Target"),
                tuple(rounded_value(s.target if s.value is not None else None, figure) for s in trend.steps),
            )
        )
    unit = figure.unit_in(t)
    printed = tuple(
        number
        for label, step in zip(labels, trend.steps, strict=True)
        for number in _step_figures(figure, step, f"{title}, {label}", target=with_target)
    )
    return Section(
        f"figure-{figure.id}",
        title,
        _definitions(store, figure, t, audience),
        Table(header, rows, (2.6, 1.4, 1.4, *((1.8,) if with_target else ()))),
        Chart(
            f"{title} ({unit})" if unit else title,
            "line",
            labels,
            tuple(series),
            # A figure counted with decimals (or averaged to them) is an amount, not a count.
            value_format="count" if figure.decimals == 0 else "number",
            category_title=t.gettext("Period"),
            value_texts=tuple(
                tuple(figure_value(t, figure, v) for v in (s.value, s.target if s.value is not None else None))[
                    : len(series)
                ]
                for s in trend.steps
            ),
        ),
        printed,
    )


def street_sections(
    store: Store,
    period: Period,
    t: Translator,
    forum_id: str | None = None,
    *,
    audience: Audience | None = None,
) -> list[Section]:
    """The street figures of ``period`` that ``audience`` may see (partners by default): a summary against the
    year before and targets, then each figure with its definition, chart and table. Empty without figures."""
    audience = audience or Audience.partners()
    figures = shown_figures(store, period, forum_id, audience)
    if not figures:
        return []
    months = months_per_step(period)
    named = {f.forum_id for f in figures}
    forums = forum_names(store) if len(named) > 1 else None
    trends = [figure_trend(store, figure, period, months) for figure in figures]
    summary = []
    printed: list[Figure] = []
    sections = []
    incomplete = False
    for trend in trends:
        figure = trend.figure
        title = _title(figure, t, forums)
        with_target = _public_targets(store, figure, audience)
        doubtful = not (trend.whole.complete and trend.last_year.complete) and trend.change is not None
        incomplete |= doubtful
        summary.append(
            (
                title,
                figure_value(t, figure, trend.whole.value),
                figure_value(t, figure, trend.last_year.value),
                _change_text(t, figure, trend.change) + (" *" if doubtful else ""),
                _target_text(t, figure, trend.whole) if with_target else "—",
                _reports(t, trend.whole),
            )
        )
        printed += _step_figures(figure, trend.whole, title, target=with_target)
        printed += _step_figures(figure, trend.last_year, title, target=False)
        if trend.change is not None:  # a change may be either way: only a number that is not one is refused
            moved = trend.change.relative if trend.change.relative is not None else trend.change.absolute
            printed.append(Figure(FIGURE_CHANGE, moved, Measure.CHANGE, title))
        sections.append(_figure_section(store, trend, t, months=months, title=title, audience=audience))
    notes = [t.gettext(FIGURES_DEFINITION)]
    if incomplete:
        notes.append(
            t.gettext("* Reports are missing in one of the two periods compared: compare with care.")
        )
    overview = Section(
        SUMMARY_KEY,
        t.gettext("Figures against last year and targets"),
        tuple(notes),
        Table(
            (
                t.gettext("Figure"),
                t.gettext("This period"),
                t.gettext("Same period last year"),
                t.gettext("Difference"),
                t.gettext("Target"),
                t.gettext("Reports"),
            ),
            tuple(summary),
            (3.2, 1.4, 1.6, 1.8, 1.7, 1.3),
        ),
        figures=tuple(printed),
    )
    return [overview, *sections]


def readings_section(
    store: Store,
    period: Period,
    t: Translator,
    forum_id: str | None = None,
    *,
    audience: Audience | None = None,
) -> Section:
    """Every reading of the period as reported, for spreadsheets (the CSV): ISO dates and plain numbers."""
    audience = audience or Audience.partners()
    partners = partner_names(store)
    rows = []
    for figure in shown_figures(store, period, forum_id, audience):
        for reading in readings_of(store, figure.id):
            if reading.covers_to not in period:
                continue
            meeting = store.find(Meeting, reading.meeting_id) if reading.meeting_id else None
            rows.append(
                (
                    figure.name_in(t),
                    figure.unit_in(t),
                    reading.covers_from.isoformat(),
                    reading.covers_to.isoformat(),
                    "" if reading.value is None else f"{round(reading.value, figure.decimals):g}",
                    partners.get(figure.partner_id, ""),
                    meeting.starts_at.date().isoformat()
                    if meeting
                    else t.gettext("from the partner's records"),
                    reading.note,
                )
            )
    return Section(
        READINGS_KEY,
        t.gettext("Figures as reported"),
        (t.gettext("Every report of the period: an empty value is a figure reported as not available."),),
        Table(
            (
                t.gettext("Figure"),
                t.gettext("Unit"),
                t.gettext("From"),
                t.gettext("To"),
                t.gettext("Value"),
                t.gettext("Reported by"),
                t.gettext("Meeting"),
                t.gettext("Note"),
            ),
            tuple(rows),
        ),
    )


def street_part(
    store: Store, period: Period, t: Translator, forum_id: str | None, audience: Audience
) -> tuple[list[Block], list[Figure]]:
    """The year in review's part about the street, apart from the process indicators and saying that figures
    show change, not cause; and the numbers it prints."""
    blocks: list[Block] = [Heading(t.gettext(STREET_TITLE)), Paragraph(t.gettext(NOT_CAUSE))]
    sections = street_sections(store, period, t, forum_id, audience=audience)
    if not sections:
        empty = (
            t.gettext("The partners have not published figures about the street for this period.")
            if audience.is_public
            else t.gettext("No figures about the street are tracked for this period.")
        )
        return [*blocks, Paragraph(empty, Tone.NOTE)], []
    for section in sections:
        blocks.append(Heading(section.title, 2))
        blocks += [Paragraph(text, Tone.NOTE) for text in section.definitions]
        if section.chart is not None and section.chart.categories:
            blocks.append(section.chart)
        blocks.append(section.table)
    return blocks, [figure for section in sections for figure in section.figures]


# --- in the minutes, under the item where the figures are entered ------------------------------------------------


