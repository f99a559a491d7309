"""The demonstration's street figures: two years for the street round, plausible, with the seasons in them and
one intervention whose effect shows; gaps that show as missing; this year's targets, agreed as decisions."""

from __future__ import annotations

import datetime as dt

import pytest

from facilitator.demo import build_demo
from facilitator.demo.figures import EVENING_OUTREACH_STARTS
from facilitator.entities import Forum, Tier
from facilitator.figure_ops import figures_of, readings_of, targets_of
from facilitator.figure_trends import Report, period_steps, step_values
from facilitator.figures import Combine, FigureReading, TrackedFigure
from facilitator.indicators import Period
from facilitator.meeting_ops import decision_of
from facilitator.meetings import DecisionMethod
from tests.core.fakes import MemoryStore

TODAY = dt.date(2026, 12, 7)


@pytest.fixture(scope="module")
def demo() -> MemoryStore:
    store = MemoryStore()
    build_demo(store, today=TODAY)
    return store


def _figure(demo: MemoryStore, common: str) -> TrackedFigure:
    return next(f for f in demo.all(TrackedFigure) if f.common == common)


def _quarters(demo: MemoryStore, figure: TrackedFigure, first: dt.date, last: dt.date) -> list[float | None]:
    reports = [Report(r.covers_to, r.value) for r in readings_of(demo, figure.id)]
    steps = period_steps(Period(first, last), 3)
    return [s.value for s in step_values(reports, [], steps, figure.combine)]


def test_the_street_round_tracks_common_figures_and_one_of_its_own(demo: MemoryStore) -> None:
    street = next(f for f in demo.all(Forum) if f.tier is Tier.OPERATIONAL)
    figures = figures_of(demo, street.id)
    assert {f.common for f in figures} == {
        "needles_found",
        "rough_sleepers_contacted",
        "treatment_referrals",
        "treatment_starts",
        "resident_complaints",
        "business_complaints",
        "incidents",
        "",
    }
    own = next(f for f in figures if not f.common)
    assert own.combine is Combine.AVERAGE and own.unit == "people" and own.counts
    assert {f.is_public for f in figures} == {True, False}  # some published, police figures not
    assert all(figures_of(demo, f.id) == [] for f in demo.all(Forum) if f.tier is not Tier.OPERATIONAL)


def test_two_years_of_figures_from_meetings_and_from_the_partners_records(demo: MemoryStore) -> None:
    for figure in demo.all(TrackedFigure):
        readings = readings_of(demo, figure.id)
        assert readings[0].covers_from <= TODAY - dt.timedelta(days=700), figure.name or figure.common
        assert readings[-1].covers_to >= TODAY - dt.timedelta(days=40)
        assert any(r.meeting_id is None for r in readings)  # last year, from the partner's records
        assert any(r.meeting_id is not None for r in readings)
        assert all(r.value is None or r.value >= 0 for r in readings)
    everything = demo.all(FigureReading)
    assert any(r.value is None and r.note for r in everything)  # "not available", saying why
    assert len(everything) > 300


def test_the_seasons_show_and_the_evening_outreach_shows(demo: MemoryStore) -> None:
    # Needles: more in summer (July to September) than in winter (January to March), both years.
    needles = _figure(demo, "needles_found")
    for year in (2025, 2026):
        winter, _spring, summer, _autumn = _quarters(
            demo, needles, dt.date(year, 1, 1), dt.date(year, 12, 31)
        )
        assert summer is not None and winter is not None and summer > winter * 1.2, year
    # Contacts with people sleeping rough: the half-year since the evening worker started against the same
    # half-year before.
    started = TODAY - dt.timedelta(days=EVENING_OUTREACH_STARTS)
    contacts = _figure(demo, "rough_sleepers_contacted")
    reports = [Report(r.covers_to, r.value) for r in readings_of(demo, contacts.id)]
    after, before = step_values(
        reports,
        [],
        [
            Period(started, started + dt.timedelta(days=160)),
            Period(started - dt.timedelta(days=365), started - dt.timedelta(days=205)),
        ],
        Combine.TOTAL,
    )
    assert after.value is not None and before.value is not None
    assert after.value > 1.5 * before.value


def test_this_year_s_targets_were_agreed_as_decisions(demo: MemoryStore) -> None:
    agreed = [a for f in demo.all(TrackedFigure) for a in targets_of(demo, f.id)]
    assert {demo.get(TrackedFigure, a.target.figure_id).common for a in agreed} == {
        "needles_found",
        "treatment_referrals",
    }
    for target in agreed:
        assert target.target.starts == dt.date(2026, 1, 1) and target.target.ends == dt.date(2026, 12, 31)
        found = decision_of(demo, target.item.id)
        assert found is not None and found[0].method is DecisionMethod.CONSENSUS and found[1]
        assert found[0].text.startswith("Target for ")
