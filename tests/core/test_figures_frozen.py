"""Approved minutes print the street figures under their item from the sealed snapshot: a reading changed after
approval (last time's, from a meeting not approved), a figure renamed or given another unit, a past figure
corrected, change nothing in them, and they still verify; read live, the same minutes would say otherwise."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from facilitator.approval import approve_minutes, circulate_minutes, minutes_record, verify_minutes
from facilitator.audience import Audience
from facilitator.figure_ops import readings_of, record_figure, record_past_figure, save_figure
from facilitator.figures import TrackedFigure
from facilitator.i18n import DOCUMENT_LANGUAGES
from facilitator.minutes import build_minutes
from facilitator.snapshot import Snapshot, SnapshotStore
from facilitator.storage import Partnership, open_partnership
from tests.core.figure_world import FigureWorld, build_figure_world

AUDIENCES = {"public": Audience.public(), "partners": Audience.partners(), "full": Audience.full()}


@pytest.fixture
def approved(tmp_path: Path) -> Iterator[FigureWorld]:
    """Figures reported at the first two meetings, the second's minutes approved at the third."""
    with open_partnership(tmp_path / "figures.sqlite") as store:
        world = build_figure_world(store, weeks=4)
        first, second, third = world.meetings[:3]
        record_past_figure(
            store, world.cycle_park.id, (dt.date(2024, 11, 1), dt.date(2024, 11, 30)), 3.5
        ).apply(store)
        for meeting, needles, incidents in ((first, 11, 4), (second, 9, 6)):
            record_figure(store, meeting.id, world.needles.id, needles, note=f"Bins emptied {needles}").apply(
                store
            )
            record_figure(store, meeting.id, world.incidents.id, incidents).apply(store)
        record_figure(store, second.id, world.cycle_park.id, 2.5).apply(store)
        circulate_minutes(store, second.id, [world.police.id], dt.date(2025, 1, 15)).apply(store)
        approve_minutes(store, second.id, third.id, dt.date(2025, 1, 20)).apply(store)
        yield world


def _every_version(store: Partnership, meeting_id: str) -> dict[str, str]:
    return {
        f"{name}/{language}": build_minutes(store, meeting_id, audience, language).text()
        for name, audience in AUDIENCES.items()
        for language in ("en", "fr", "ar")
    }


def test_figures_in_approved_minutes_are_read_from_the_snapshot(approved: FigureWorld) -> None:
    world = approved
    store = world.store
    assert isinstance(store, Partnership)
    first, second = world.meetings[:2]
    before = _every_version(store, second.id)
    full = before["full/en"]
    for expected in ("Needles found (needles)", "Bins emptied 9", "Bins emptied 11", "People seen using"):
        assert expected in full, expected
    # After approval: last time's reading (its meeting's minutes are not approved, so it may change), the
    # figures' names and units, and the past figure the monthly one was compared with.
    record_figure(store, first.id, world.needles.id, 30, note="Recounted").apply(store)
    needles = store.get(TrackedFigure, world.needles.id)
    save_figure(store, replace(needles, name="RENAMED needles", unit="syringes")).apply(store)
    park = store.get(TrackedFigure, world.cycle_park.id)
    save_figure(store, replace(park, name="RENAMED cycle park")).apply(store)
    (past,) = [r for r in readings_of(store, world.cycle_park.id) if r.meeting_id is None]
    record_past_figure(
        store, past.figure_id, (past.covers_from, past.covers_to), 7.5, reading_id=past.id
    ).apply(store)
    live = build_minutes(store, second.id, Audience.full(), "en", frozen=False).text()
    assert "Recounted" in live and "RENAMED needles (syringes)" in live and "RENAMED cycle park" in live
    assert _every_version(store, second.id) == before
    assert verify_minutes(store, second.id)
    # The snapshot answers every question the figures ask, for every audience and language.
    record = minutes_record(store, second.id)
    assert record is not None
    frozen = SnapshotStore(store, Snapshot.parse(record.approved_record))
    for audience in (*AUDIENCES.values(), Audience.for_partner(world.police.id)):
        for language in DOCUMENT_LANGUAGES:
            build_minutes(frozen, second.id, audience, language, frozen=False)
    assert frozen.unasked == []


def test_the_public_approved_minutes_hold_only_the_published_figure(approved: FigureWorld) -> None:
    versions = _every_version(approved.store, approved.meetings[1].id)
    assert "Needles found" in versions["public/en"] and "Bins emptied 9" in versions["public/en"]
    assert "Incidents" not in versions["public/en"] and "cycle park" not in versions["public/en"]
    assert "Incidents" in versions["partners/en"]
