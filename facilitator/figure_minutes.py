"""The street figures entered under an agenda item, as the minutes print them: this time and last time.

Kept apart from the street report (``street_report``: the Indicators screen and the year in review, with their
trends, charts and periods), so that minutes load only what they print.
"""

from __future__ import annotations

from facilitator.audience import Visibility, seen_by
from facilitator.docmodel import Block, Figure, Measure, Table
from facilitator.figure_ops import entries_under
from facilitator.figures import Combine, TrackedFigure, format_figure
from facilitator.i18n import N_, Translator
from facilitator.meetings import AgendaItem
from facilitator.minutes import Context

FIGURE_VALUE = N_("a figure about the street")


def figure_value(t: Translator, figure: TrackedFigure, value: float | None) -> str:
    """``value`` of ``figure`` as printed in ``t``'s language, with its unit and decimals."""
    return format_figure(value, figure, t)


def rounded_value(value: float | None, figure: TrackedFigure) -> float | None:
    """``value`` rounded to ``figure``'s decimals (None stays None)."""
    return None if value is None else round(value, figure.decimals)


def printed_figure(name: str, figure: TrackedFigure, value: float | None, detail: str) -> Figure:
    """A value of ``figure`` as printed (with its decimals): a count when it has none, otherwise an amount; a
    percentage averaged is 100 at most."""
    measure = Measure.COUNT if figure.decimals == 0 else Measure.AMOUNT
    share = figure.unit.strip() == "%" and figure.combine is Combine.AVERAGE
    return Figure(name, rounded_value(value, figure), measure, detail, most=100.0 if share else None)


def entry_text(
    t: Translator, entry_value: float | None, note: str, figure: TrackedFigure, found: bool
) -> str:
    """A figure as a meeting had it: its value, "not available (why)", or "missing"."""
    if not found:
        return t.gettext("missing")
    if entry_value is None:
        return (
            t.gettext("not available ({reason})").format(reason=note) if note else t.gettext("not available")
        )
    text = figure_value(t, figure, entry_value)
    return f"{text} ({note})" if note else text


def figures_in_minutes(c: Context, item: AgendaItem) -> list[Block]:
    """The figures entered under ``item``, this time and last time, that the minutes' audience may see. An
    agenda, circulated before the meeting, has none: figures are reported at the meeting."""
    if c.agenda:
        return []
    entries = [
        e
        for e in entries_under(c.store, c.meeting.id, item.id)
        if seen_by(c.audience, e.figure) is Visibility.SHOW
    ]
    if not entries:
        return []
    t = c.t
    rows = []
    for entry in entries:
        figure, reading, last = entry.figure, entry.reading, entry.last.reading
        unit = figure.unit_in(t)
        detail = figure.name_in(t)
        c.figures.append(printed_figure(FIGURE_VALUE, figure, reading.value if reading else None, detail))
        c.figures.append(printed_figure(FIGURE_VALUE, figure, last.value if last else None, detail))
        rows.append(
            (
                f"{figure.name_in(t)} ({unit})" if unit else figure.name_in(t),
                entry_text(
                    t,
                    reading.value if reading else None,
                    reading.note if reading else "",
                    figure,
                    reading is not None,
                ),
                f"{t.format_date(entry.covers[0], 'medium')} – {t.format_date(entry.covers[1], 'medium')}",
                entry_text(
                    t, last.value if last else None, last.note if last else "", figure, last is not None
                ),
            )
        )
    return [
        Table(
            (t.gettext("Figure"), t.gettext("This time"), t.gettext("Days covered"), t.gettext("Last time")),
            tuple(rows),
            (3.2, 1.6, 2.6, 1.6),
        )
    ]
