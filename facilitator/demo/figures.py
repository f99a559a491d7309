"""The demonstration's street figures: two years of what the street round counted, made through the core's
operations.

The street round tracks seven common figures and one of its own (people seen sleeping at the station on the
monthly count night, averaged). Each held meeting of the last two years has its figures, now and then one
missing or "not available" with the reason; the months before the round's first meeting come from the partners'
records. The numbers follow the seasons (more needles and complaints in summer, more people sleeping rough in
winter) and one intervention whose effect shows: the evening outreach worker the mayor's round funded starts
about seven months before today, and contacts and referrals into treatment rise from then on. At the round's
first meeting of this year the partners agreed two targets, recorded as decisions. The figures, their rates
and the targets are in ``stories/figures.toml``.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable
from dataclasses import replace

from facilitator import clock
from facilitator.demo import stories
from facilitator.demo.meetings import apply_with_ids
from facilitator.demo.scene import SCENE
from facilitator.entities import Forum, Partner, Tier
from facilitator.figure_ops import (
    agree_target,
    default_covers,
    record_figure,
    record_past_figure,
    save_figure,
)
from facilitator.figures import COMMON_FIGURES, Combine, Frequency, TrackedFigure
from facilitator.frozen import frozen
from facilitator.meeting_ops import agenda, meetings_of, record_decision
from facilitator.meetings import (
    AgendaItem,
    Confidentiality,
    Decision,
    DecisionMethod,
    Meeting,
    MeetingStatus,
    Stance,
)
from facilitator.operations import Edit
from facilitator.quorum import Standing, standings_at_decision
from facilitator.store import Store

NewId = Callable[[], str]
YEARS_OF_FIGURES = 2


@frozen
class _Plan:
    """One figure of the street round: who reports it, where, and how it moves (a weekly rate)."""

    common: str
    partner: str  # partner short name
    under: str  # the usual item it is entered under
    weekly: float  # the rate a week at the year's average
    season: float  # how far the seasons move it (0.3: 30 % up at the peak)
    peak: int  # the day of the year when it is highest
    evening: float = 0.0  # how much the evening outreach raises it (0.6: 60 %)
    frequency: Frequency = Frequency.EVERY_MEETING
    confidentiality: Confidentiality = Confidentiality.PUBLIC
    name: str = ""
    unit: str = ""
    counts: str = ""
    source: str = ""
    combine: Combine = Combine.TOTAL
    higher_is_better: bool | None = None
    target: float = 0.0  # this year's target, as a share of the year's expected count (0: none)


@frozen
class _Figures:
    """Everything ``stories/figures.toml`` holds."""

    evening_outreach_starts: int  # days before the demo's today
    missing: float  # how often a figure is not reported...
    not_available: float  # ...or reported as not available, with one of the reasons
    reasons: tuple[str, ...]
    figures: tuple[_Plan, ...]


STORY = stories.load("figures", _Figures)
#: When the evening outreach worker starts, in days before the demo's today.
EVENING_OUTREACH_STARTS = STORY.evening_outreach_starts


class _Counter:
    """Draws the demo's figures and enters them through the core's operations."""

    def __init__(self, store: Store, rng: random.Random, new_id: NewId, today: dt.date) -> None:
        self.store = store
        self.rng = rng
        self.new_id = new_id
        self.today = today
        self.evening = today - dt.timedelta(days=EVENING_OUTREACH_STARTS)
        self.forum = next(f for f in store.all(Forum) if f.tier is Tier.OPERATIONAL)
        self.partners = {p.short_name: p for p in store.all(Partner)}

    def do(self, edit: Edit) -> Edit:
        """Apply ``edit`` with the demo's own ids; return it as applied."""
        return apply_with_ids(self.store, edit, self.new_id)

    def track(self) -> list[tuple[_Plan, TrackedFigure]]:
        tracked = []
        for plan in STORY.figures:
            standard = COMMON_FIGURES.get(plan.common)
            better = plan.higher_is_better if standard is None else standard.higher_is_better
            figure = TrackedFigure(
                forum_id=self.forum.id,
                partner_id=self.partners[plan.partner].id,
                common=plan.common,
                name=plan.name,
                unit=plan.unit,
                counts=plan.counts,
                source=plan.source,
                frequency=plan.frequency,
                combine=plan.combine,
                confidentiality=plan.confidentiality,
                reported_under=plan.under,
                higher_is_better=bool(better),
            )
            edit = self.do(save_figure(self.store, figure))
            created = edit.steps[0][1]
            assert isinstance(created, TrackedFigure)
            tracked.append((plan, created))
        return tracked

    def rate(self, plan: _Plan, day: dt.date) -> float:
        """The figure's rate a day on ``day``: the season, and the evening outreach once it started."""
        season = 1 + plan.season * math.cos(2 * math.pi * (day.timetuple().tm_yday - plan.peak) / 365.25)
        lift = 1 + plan.evening if day >= self.evening else 1.0
        return max(0.0, plan.weekly / 7 * season * lift)

    def value(self, plan: _Plan, first: dt.date, last: dt.date) -> float:
        days = (last - first).days + 1
        if plan.combine is Combine.AVERAGE:
            mean = self.rate(plan, last) * 7
        else:
            mean = sum(self.rate(plan, first + dt.timedelta(days=d)) for d in range(days))
        return float(max(0, round(self.rng.gauss(mean, math.sqrt(mean) * 0.7))))

    def at_meetings(self, tracked: list[tuple[_Plan, TrackedFigure]], held: list[Meeting]) -> None:
        reported_month: dict[str, tuple[int, int]] = {}
        for meeting in held:
            month = (meeting.starts_at.year, meeting.starts_at.month)
            for plan, figure in tracked:
                if figure.frequency is not Frequency.EVERY_MEETING:
                    if reported_month.get(figure.id) == month:
                        continue  # a monthly figure comes at the month's first meeting
                    reported_month[figure.id] = month
                # Monthly figures are chased harder: a month missed is a gap for a whole month.
                chance = self.rng.random() * (1 if figure.frequency is Frequency.EVERY_MEETING else 3)
                if chance < STORY.missing:
                    continue  # not reported: missing, and shown as missing
                first, last = default_covers(self.store, meeting, figure)
                if chance < STORY.missing + STORY.not_available:
                    self.do(
                        record_figure(
                            self.store, meeting.id, figure.id, None, note=self.rng.choice(STORY.reasons)
                        )
                    )
                    continue
                self.do(record_figure(self.store, meeting.id, figure.id, self.value(plan, first, last)))

    def from_records(
        self, tracked: list[tuple[_Plan, TrackedFigure]], start: dt.date, held: list[Meeting]
    ) -> None:
        """Month by month from the partners' records, up to the days the round's first meeting covers."""
        for plan, figure in tracked:
            until = (
                default_covers(self.store, held[0], figure)[0] - dt.timedelta(days=1) if held else self.today
            )
            first = dt.date(start.year, start.month, 1)
            while first <= until:
                following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
                last = min(following - dt.timedelta(days=1), until)
                if last == following - dt.timedelta(days=1) or plan.frequency is Frequency.EVERY_MEETING:
                    self.do(
                        record_past_figure(
                            self.store, figure.id, (first, last), self.value(plan, first, last)
                        )
                    )
                first = following

    def targets(self, tracked: list[tuple[_Plan, TrackedFigure]], held: list[Meeting]) -> None:
        """At the round's first meeting of this year, the targets of the story (fewer needles, more referrals)."""
        this_year = [m for m in held if m.starts_at.year == self.today.year]
        if not this_year:
            return
        year = (dt.date(self.today.year, 1, 1), dt.date(self.today.year, 12, 31))
        for plan, figure in tracked:
            if plan.target:
                weekly = plan.weekly * (1 + plan.evening / 2)
                value = float(round(weekly * 52 * plan.target / 10) * 10)
                self.agree(this_year[0], figure, year, value)

    def agree(
        self, meeting: Meeting, figure: TrackedFigure, year: tuple[dt.date, dt.date], value: float
    ) -> None:
        """The target agreed by consensus right after the figure's item, each partner's position as the roll
        stood, the item taking its minute on the meeting's clock."""
        edit = self.do(agree_target(self.store, meeting.id, figure.id, year, value))
        item = next(after for _b, after in edit.steps if isinstance(after, AgendaItem) and _b is None)
        decision = next(after for _b, after in edit.steps if isinstance(after, Decision))
        # Taken within the item before it, so every item's time still follows on from the last one's (and the
        # positions below are those of that moment).
        before = [i for i in agenda(self.store, meeting.id) if i.position == item.position - 1]
        moment = before[0].ended_at if before else meeting.started_at
        timed = replace(self.store.get(AgendaItem, item.id), started_at=moment, ended_at=moment)
        self.store.put(timed)
        _moment, standings, _quorum = standings_at_decision(
            self.store, self.store.get(Meeting, meeting.id), timed, decision, clock.now()
        )
        positions = {
            s.partner.id: (Stance.NOT_PRESENT, "")
            if s.standing is Standing.NOT_PRESENT
            else (Stance.ABSTAIN, SCENE.cannot_decide)
            if s.standing is Standing.CANNOT_DECIDE
            else (Stance.AGREE, "")
            for s in standings
        }
        self.do(record_decision(self.store, item.id, decision.text, DecisionMethod.CONSENSUS, positions))


def add_street_figures(store: Store, rng: random.Random, new_id: NewId, today: dt.date) -> None:
    """Two years of the street round's figures up to ``today``, and this year's targets (see the docstring)."""
    counter = _Counter(store, rng, new_id, today)
    start = today - dt.timedelta(days=365 * YEARS_OF_FIGURES)
    held = [
        m
        for m in meetings_of(store, counter.forum.id)
        if m.status is MeetingStatus.HELD and start <= m.starts_at.date() < today
    ]
    tracked = counter.track()
    counter.from_records(tracked, start, held)
    counter.at_meetings(tracked, held)
    counter.targets(tracked, held)
