"""The search index built beside the window (``search_index.build_apart``), its thorough check, and what else is
searched: papers' names and street figures' names and notes, kept in the same transaction as their edits and
gone when erased. Real files; an edit made while the build runs must be in the index at the end."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator import search
from facilitator.audience import Audience, window_audience
from facilitator.entities import Forum, Partner
from facilitator.figure_ops import record_past_figure, save_figure
from facilitator.figures import TrackedFigure
from facilitator.meeting_ops import new_meeting, save_item, save_notes
from facilitator.meetings import AgendaItem, Confidentiality
from facilitator.operations import save_forum, save_partner
from facilitator.papers import attach_paper, remove_paper
from facilitator.search import ResultKind
from facilitator.storage import Partnership, open_partnership
from facilitator.storage.search_index import (
    INDEX_VERSION,
    STATE,
    WORDS,
    Readiness,
    build_apart,
    check_apart,
    find,
    is_current,
    is_sound,
)


def _found(store: Partnership, text: str, audience: Audience | None = None) -> dict[ResultKind, list[str]]:
    return {g.kind: [h.record_id for h in g.hits] for g in find(store, text, audience=audience)}


def _world(store: Partnership) -> tuple[Forum, Partner, AgendaItem]:
    police = Partner(name="Police")
    save_partner(store, police).apply(store)
    forum = Forum(name="Station Quarter Group")
    save_forum(store, forum).apply(store)
    edit, meeting = new_meeting(store, forum.id, dt.datetime(2026, 6, 1, 10), timezone="Europe/London")
    edit.apply(store)
    item = AgendaItem(meeting_id=meeting.id, position=0, title="Underpass lighting", notes="lamps out")
    save_item(store, item).apply(store)
    return forum, police, item


def _as_before_the_upgrade(path: Path) -> None:
    """The file as an older version left it: an index of another version (which this one cannot use)."""
    connection = sqlite3.connect(path)
    connection.execute(f"update {STATE} set value = '1' where key = 'version'")
    connection.commit()
    connection.close()


@pytest.fixture
def upgraded(db_path: Path) -> Iterator[tuple[Partnership, AgendaItem]]:
    with open_partnership(db_path) as store:
        _forum, _police, item = _world(store)
    _as_before_the_upgrade(db_path)
    store = open_partnership(db_path, build_search=False)
    yield store, item
    store.close()


def test_the_window_opens_without_building_and_every_change_waits_for_the_build(
    upgraded: tuple[Partnership, AgendaItem],
) -> None:
    store, item = upgraded
    assert store.search_readiness is Readiness.BUILD
    assert not is_current(store.db)
    save_notes(store, item.id, "lamps out; the council repairs them").apply(store)
    assert (
        store.db.execute("select count(*) from search_dirty").fetchone()[0] >= 1
    )  # noted, left for the build


def test_an_edit_made_while_the_build_runs_is_in_the_index_at_the_end(
    upgraded: tuple[Partnership, AgendaItem], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The window's connection edits an item after the build has read every record (and before it takes its
    index in): the edit is found, and the words it replaced are not."""
    store, item = upgraded
    reading = search.every_entry
    reports: list[float] = []

    def read_then_edit(reader: object) -> Iterator[search.SearchEntry]:
        yield from reading(reader)  # type: ignore[arg-type]
        save_notes(store, item.id, "nightjar rota agreed").apply(store)  # the window, meanwhile

    monkeypatch.setattr(search, "every_entry", read_then_edit)
    count = build_apart(store.path, reports.append)
    assert count >= 1 and reports[0] == 0.0 and reports == sorted(reports)
    assert is_current(store.db) and is_sound(store.db)
    assert _found(store, "nightjar")[ResultKind.ITEMS] == [item.id]
    assert ResultKind.ITEMS not in _found(store, "lamps")
    # And from now on the window's own transactions keep it current again.
    save_notes(store, item.id, "owl patrol").apply(store)
    assert _found(store, "owl")[ResultKind.ITEMS] == [item.id]
    assert store.db.execute(f"select value from {STATE} where key = 'version'").fetchone()[0] == INDEX_VERSION


def test_a_file_without_any_index_is_built_apart(db_path: Path) -> None:
    with open_partnership(db_path) as store:
        _forum, _police, item = _world(store)
    connection = sqlite3.connect(db_path)
    for name in ("search_words", "search_entries", "search_dirty", "search_state"):
        connection.execute(f"drop table {name}")
    for (trigger,) in connection.execute("select name from sqlite_master where type = 'trigger'").fetchall():
        if trigger.startswith("search_dirty_"):
            connection.execute(f"drop trigger [{trigger}]")
    connection.commit()
    connection.close()
    with open_partnership(db_path, build_search=False) as store:
        assert store.search_readiness is Readiness.BUILD
        build_apart(db_path, lambda _done: None)
        assert _found(store, "underpass")[ResultKind.ITEMS] == [item.id]


def test_damage_that_keeps_the_counts_is_caught_by_the_check_and_built_again(db_path: Path) -> None:
    with open_partnership(db_path) as store:
        _forum, _police, item = _world(store)
    assert check_apart(db_path)
    # The words held for the item replaced behind FTS5's back: no error, as many rows as before.
    connection = sqlite3.connect(db_path)
    connection.execute(f"update {WORDS}_content set c0 = 'zebra crossing'")
    connection.commit()
    connection.close()
    with open_partnership(db_path, build_search=False) as store:
        assert store.search_readiness is Readiness.READY  # the quick check on opening does not see it
        assert not check_apart(db_path)
        build_apart(db_path, lambda _done: None)
        assert check_apart(db_path)
        assert _found(store, "underpass")[ResultKind.ITEMS] == [item.id]


def test_papers_and_street_figures_are_searched_with_their_edits_and_follow_the_audience(
    db_path: Path,
) -> None:
    with open_partnership(db_path) as store:
        forum, police, item = _world(store)
        secret = AgendaItem(meeting_id=item.meeting_id, position=1, title="Closed item",
                            confidentiality=Confidentiality.PARTNERS)  # fmt: skip
        save_item(store, secret).apply(store)
        item = AgendaItem(meeting_id=item.meeting_id, position=2, title="Open item",
                          confidentiality=Confidentiality.PUBLIC)  # fmt: skip
        save_item(store, item).apply(store)
        attach_paper(store, item.id, "kestrel_briefing.txt", b"briefing notes").apply(store)
        attach_paper(store, secret.id, "heron-map.txt", b"a map in words").apply(store)
        figure = TrackedFigure(forum_id=forum.id, partner_id=police.id, name="Sparrowhawk finds", unit="finds",
                               counts="each find", confidentiality=Confidentiality.PUBLIC)  # fmt: skip
        save_figure(store, figure).apply(store)
        hidden = TrackedFigure(forum_id=forum.id, partner_id=police.id, name="Harrier count", unit="birds",
                               counts="each bird")  # fmt: skip
        save_figure(store, hidden).apply(store)
        record_past_figure(store, figure.id, (dt.date(2026, 5, 1), dt.date(2026, 5, 31)), None,
                           note="Count night cancelled: flooding").apply(store)  # fmt: skip
        record_past_figure(store, hidden.id, (dt.date(2026, 5, 1), dt.date(2026, 5, 31)), None,
                           note="Count night cancelled: storm").apply(store)  # fmt: skip

        papers = _found(store, "kestrel")[ResultKind.PAPERS]
        assert len(papers) == 1
        assert _found(store, "briefing")[ResultKind.PAPERS] == papers  # a word of the file's name
        assert ResultKind.PAPERS in _found(store, "heron")
        assert _found(store, "sparrowhawk")[ResultKind.FIGURES] == [figure.id]
        assert len(_found(store, "flooding")[ResultKind.FIGURE_NOTES]) == 1
        # The public sees the public item's paper and the public figure, nothing of the others.
        public = Audience.public()
        assert ResultKind.PAPERS in _found(store, "kestrel", public)
        assert _found(store, "heron", public) == {}
        assert _found(store, "harrier", public) == {}
        assert _found(store, "storm", public) == {}
        assert ResultKind.FIGURE_NOTES in _found(store, "flooding", public)
        assert ResultKind.PAPERS in _found(store, "heron", Audience.partners())
        # Removing a paper removes it from the index in the same transaction.
        remove_paper(store, papers[0]).apply(store)
        assert ResultKind.PAPERS not in _found(store, "kestrel")
        assert is_current(store.db)


def test_the_window_answers_for_the_narrowest_audience_on_show() -> None:
    police = Audience.for_partner("p1")
    assert window_audience([]) == Audience.full()
    assert window_audience([Audience.partners()]) == Audience.partners()
    assert window_audience([Audience.partners(), Audience.public()]) == Audience.public()
    assert window_audience([police, police]) == police
    assert window_audience([police, Audience.for_partner("p2")]) == Audience.partners()
    assert window_audience([Audience.full(), Audience.partners()]) == Audience.partners()


def test_an_edit_holds_the_write_lock_from_its_start_so_a_build_committing_meanwhile_cannot_fail_it(
    db_path: Path,
) -> None:
    """In WAL mode a transaction that has read cannot write once another connection committed meanwhile. An
    edit's transaction takes the write lock when it begins: the other connection (the index's job) waits for
    it instead, and the edit goes through."""
    with open_partnership(db_path) as store:
        _forum, _police, item = _world(store)
        other = sqlite3.connect(db_path, timeout=0)
        try:
            with store.atomic():
                store.get(AgendaItem, item.id)  # the edit reads first
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute(f"update {STATE} set value = value where key = 'version'")
                save_notes(store, item.id, "kestrel rota").apply(store)
            other.rollback()
            other.execute(f"update {STATE} set value = value where key = 'version'")  # its turn now
            other.commit()
        finally:
            other.close()
        assert _found(store, "kestrel")[ResultKind.ITEMS] == [item.id]


def test_an_erased_person_named_in_a_paper_or_a_figure_note_is_not_found(db_path: Path) -> None:
    from facilitator.entities import Representative
    from facilitator.operations import save_representative
    from facilitator.personal_data import finish_erasure, plan_erasure

    with open_partnership(db_path) as store:
        forum, police, item = _world(store)
        anna = Representative(name="Anna Kowalska", partner_id=police.id)
        save_representative(store, anna).apply(store)
        attach_paper(store, item.id, "Kowalska_statement.txt", b"a statement").apply(store)
        figure = TrackedFigure(forum_id=forum.id, partner_id=police.id, name="Needle finds", unit="needles",
                               counts="each needle")  # fmt: skip
        save_figure(store, figure).apply(store)
        record_past_figure(store, figure.id, (dt.date(2026, 5, 1), dt.date(2026, 5, 31)), None,
                           note="Anna Kowalska was away").apply(store)  # fmt: skip
        found = _found(store, "kowalska")
        assert {ResultKind.PEOPLE, ResultKind.PAPERS, ResultKind.FIGURE_NOTES} <= set(found)
        erasure = plan_erasure(store, anna.id, dt.date(2026, 12, 7))
        erasure.edit.apply(store)
        finish_erasure(store, erasure)
        assert _found(store, "kowalska") == {}
        assert is_current(store.db)
