"""Search over a real partnership file: what is found, how words compare in every script, the index kept in the
same transaction as each edit, an erased person gone from it, and the index built again when missing or damaged.

Speed is measured in ``bench/search.py``, never here."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.actions import Action, save_action
from facilitator.entities import Forum, Partner, Representative
from facilitator.meeting_ops import new_meeting, save_item
from facilitator.meetings import AgendaItem
from facilitator.operations import save_forum, save_partner, save_representative
from facilitator.personal_data import finish_erasure, plan_erasure
from facilitator.search import ResultKind, excerpt, fold, query_terms
from facilitator.storage import Partnership, open_partnership
from facilitator.storage.search_index import WORDS, find, is_current


def _found(store: Partnership, text: str) -> dict[ResultKind, list[str]]:
    return {g.kind: [h.record_id for h in g.hits] for g in find(store, text)}


def _meeting(store: Partnership, forum: Forum, day: dt.date, title: str, notes: str = "") -> AgendaItem:
    edit, meeting = new_meeting(
        store, forum.id, dt.datetime.combine(day, dt.time(10)), timezone="Europe/London"
    )
    edit.apply(store)
    item = AgendaItem(meeting_id=meeting.id, position=0, title=title, notes=notes)
    save_item(store, item).apply(store)
    return store.get(AgendaItem, item.id)


@pytest.fixture
def world(db_path: Path) -> tuple[Partnership, Forum, Partner]:
    store = open_partnership(db_path)
    police = Partner(name="Łódź City Police")
    save_partner(store, police).apply(store)
    forum = Forum(name="Station Quarter Group")
    save_forum(store, forum).apply(store)
    return store, forum, police


def test_finds_every_year_grouped_newest_first_with_the_words_in_context(
    world: tuple[Partnership, Forum, Partner],
) -> None:
    store, forum, police = world
    old = _meeting(store, forum, dt.date(1998, 3, 2), "Underpass lighting", "The council will look at it.")
    new = _meeting(store, forum, dt.date(2026, 11, 30), "Lighting again", "The underpass lamps are out.")
    action = Action(forum_id=forum.id, title="Repair the underpass lamps", owner_partner_id=police.id)
    save_action(store, action).apply(store)
    found = _found(store, "underpass")
    assert found[ResultKind.ITEMS] == [new.id, old.id]  # newest first, across 28 years
    assert found[ResultKind.ACTIONS] == [action.id]
    (group, *_rest) = [g for g in find(store, "underpass lamp") if g.kind is ResultKind.ITEMS]
    assert [h.record_id for h in group.hits] == [new.id]  # every word typed must be found
    shown = excerpt(group.hits[0].text, query_terms("underpass lamp"))
    assert [p for p, marked in shown.parts if marked] == ["underpass", "lamps"]
    store.close()


def test_case_accents_and_prefixes_in_latin_scripts(world: tuple[Partnership, Forum, Partner]) -> None:
    store, forum, police = world
    item = _meeting(store, forum, dt.date(2026, 6, 1), "Café Élysée and the Straße", "Zażółć gęślą jaźń")
    for typed in ("cafe", "CAFÉ", "elysee", "strasse"[:4], "zazolc", "GĘŚL", "jazn", "ca"):
        assert item.id in _found(store, typed).get(ResultKind.ITEMS, []), typed
    assert _found(store, "lodz")[ResultKind.PARTNERS] == [police.id]
    assert _found(store, "ŁÓDŹ")[ResultKind.PARTNERS] == [police.id]
    assert ResultKind.ITEMS not in _found(store, "elysees")
    store.close()


def test_arabic_found_as_typed_with_or_without_marks_and_article(
    world: tuple[Partnership, Forum, Partner],
) -> None:
    store, forum, _police = world
    item = _meeting(store, forum, dt.date(2026, 6, 1), "مكافحة المُخَدِّرات في الحي", "")
    for typed in ("المخدرات", "المُخَدِّرات", "مخدرات", "مكافحة", "مكا"):
        assert item.id in _found(store, typed).get(ResultKind.ITEMS, []), typed
    store.close()


MARKUP = st.sampled_from(["<b>", "</b>", "&amp;", "*", "_", '"', "'", "(", ")", "-", "NEAR", "AND", "OR", "NOT",
                          "^", ":", "{", "}", "[", "]", "\\", "/", "%", "#"])  # fmt: skip
SCRIPTS = st.text(
    alphabet=st.characters(
        codec="utf-8",
        categories=("Lu", "Ll", "Lo", "Nd", "Mn"),
        include_characters="łŁøæßİıةىأإآ",
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(SCRIPTS, min_size=1, max_size=5),
    noise=st.lists(MARKUP, max_size=4),
    pick=st.integers(0, 4),
)
def test_any_word_of_mixed_scripts_and_markup_is_found_as_typed(
    tmp_path_factory: pytest.TempPathFactory, words: list[str], noise: list[str], pick: int
) -> None:
    """Whatever is written (scripts mixed, FTS5's own operators and markup among the words), each word typed back,
    in capitals or not, finds the record; the query never fails, whatever characters it holds."""
    path = tmp_path_factory.mktemp("search") / "p.sqlite"
    with open_partnership(path) as store:
        forum = Forum(name="Group")
        save_forum(store, forum).apply(store)
        text = " ".join(w for pair in zip(words, [*noise, *[""] * len(words)], strict=False) for w in pair)
        item = _meeting(store, forum, dt.date(2026, 1, 5), "Item", text)
        typed = words[pick % len(words)]
        if query_terms(typed):
            assert item.id in _found(store, typed).get(ResultKind.ITEMS, []), (typed, text)
            assert item.id in _found(store, typed.upper()).get(ResultKind.ITEMS, []), (typed.upper(), text)
        find(store, " ".join(noise) + ' "unbalanced (')  # never an FTS5 syntax error


def test_the_index_follows_each_edit_in_its_transaction_and_undo(
    world: tuple[Partnership, Forum, Partner],
) -> None:
    store, forum, _police = world
    item = _meeting(store, forum, dt.date(2026, 6, 1), "Needle bins", "")
    edit = save_item(store, replace(item, title="Syringe bins"))
    edit.apply(store)
    assert is_current(store.db)
    assert ResultKind.ITEMS not in _found(store, "needle")
    assert _found(store, "syringe")[ResultKind.ITEMS] == [item.id]
    edit.revert(store)
    assert _found(store, "needle")[ResultKind.ITEMS] == [item.id]
    with pytest.raises(RuntimeError), store.atomic():
        save_item(store, replace(item, title="Fentanyl bins")).apply(store)
        raise RuntimeError("the user's action failed half way")
    assert ResultKind.ITEMS not in _found(store, "fentanyl")  # the index rolled back with the records
    store.close()


def test_renaming_a_forum_renames_its_meetings_in_the_index(
    world: tuple[Partnership, Forum, Partner],
) -> None:
    store, forum, _police = world
    _meeting(store, forum, dt.date(2026, 6, 1), "Bins", "")
    save_forum(store, replace(store.get(Forum, forum.id), name="Riverside Board")).apply(store)
    assert ResultKind.MEETINGS in _found(store, "riverside")
    store.close()


def test_an_erased_person_is_not_found(world: tuple[Partnership, Forum, Partner]) -> None:
    store, forum, police = world
    anna = Representative(name="Anna Kowalska", partner_id=police.id, email="anna.k@police.example")
    save_representative(store, anna).apply(store)
    _meeting(store, forum, dt.date(2026, 6, 1), "Patrols", "Anna Kowalska will report on the patrols.")
    assert _found(store, "kowalska")[ResultKind.PEOPLE] == [anna.id]
    assert ResultKind.ITEMS in _found(store, "kowalska")
    erasure = plan_erasure(store, anna.id, dt.date(2026, 12, 7))
    erasure.edit.apply(store)
    finish_erasure(store, erasure)
    assert _found(store, "kowalska") == {}
    assert _found(store, "anna.k") == {}
    store.compact()
    raw = Path(store.path).read_bytes()
    assert b"kowalska" not in raw.lower()
    store.close()


def test_a_missing_or_damaged_index_is_built_again(db_path: Path) -> None:
    with open_partnership(db_path) as store:
        forum = Forum(name="Group")
        save_forum(store, forum).apply(store)
        item = _meeting(store, forum, dt.date(2026, 6, 1), "Underpass lighting", "")
    connection = sqlite3.connect(db_path)
    connection.execute(f"drop table {WORDS}")
    connection.commit()
    connection.close()
    with open_partnership(db_path) as store:
        assert _found(store, "underpass")[ResultKind.ITEMS] == [item.id]
    for damage in (
        f"delete from {WORDS}_data where id > 1",  # its structure gone: SQLite cannot even open the table
        f"delete from {WORDS}",  # its words gone, the entries left: not whole
    ):
        connection = sqlite3.connect(db_path)
        connection.execute(damage)
        connection.commit()
        connection.close()
        with open_partnership(db_path) as store:
            assert _found(store, "underpass")[ResultKind.ITEMS] == [item.id], damage
            assert _found(store, "lighting")[ResultKind.ITEMS] == [item.id], damage


def test_a_file_open_read_only_is_searched_as_it_is(db_path: Path) -> None:
    with open_partnership(db_path) as store:
        forum = Forum(name="Group")
        save_forum(store, forum).apply(store)
        item = _meeting(store, forum, dt.date(2026, 6, 1), "Underpass lighting", "")
        store.db.execute("insert into search_dirty (kind, record_id) values ('agenda_items', ?)", [item.id])
        store.db.conn.commit()
    with open_partnership(db_path, read_only=True) as reader:
        assert _found(reader, "underpass")[ResultKind.ITEMS] == [item.id]


def test_folding_is_the_same_for_what_is_written_and_what_is_typed() -> None:
    assert fold("ŁÓDŹ") == fold("łódź") == "lodz"
    assert query_terms('"NEAR" (underpass) OR ^x*') == ["near", "underpass", "or", "x"]


def test_search_for_an_audience_finds_only_what_it_may_see(db_path: Path) -> None:
    """Markers in items and actions of every confidentiality, and in a person's name: each audience finds what it
    may read whole and nothing else; the full record finds everything."""
    from facilitator.audience import Audience
    from facilitator.meetings import Confidentiality

    with open_partnership(db_path) as store:
        police, housing = Partner(name="Police"), Partner(name="Housing")
        for partner in (police, housing):
            save_partner(store, partner).apply(store)
        forum = Forum(name="Group")
        save_forum(store, forum).apply(store)
        edit, meeting = new_meeting(store, forum.id, dt.datetime(2026, 6, 1, 10), timezone="Europe/London")
        edit.apply(store)
        rules = {
            "publicmark": (Confidentiality.PUBLIC, ()),
            "partnersmark": (Confidentiality.PARTNERS, ()),
            "policemark": (Confidentiality.RESTRICTED, (police.id,)),
        }
        for word, (kind, restricted) in rules.items():
            item = AgendaItem(meeting_id=meeting.id, position=0, title=f"Item {word}", notes=f"notes {word}",
                              confidentiality=kind, restricted_to=restricted)  # fmt: skip
            save_item(store, item).apply(store)
            action = Action(forum_id=forum.id, title=f"Action {word}", owner_partner_id=housing.id,
                            confidentiality=kind, restricted_to=restricted)  # fmt: skip
            save_action(store, action).apply(store)
        save_representative(store, Representative(name="Personmark Smith", partner_id=police.id)).apply(store)

        def words(audience: Audience | None) -> set[str]:
            found = set()
            for word in (*rules, "personmark"):
                for group in find(store, word, audience=audience):
                    found |= {(word, group.kind.value) for _hit in group.hits}
            return found

        everything = words(None)
        assert everything == words(Audience.full())
        assert {w for w, _k in everything} == {*rules, "personmark"}
        public = words(Audience.public())
        assert public == {("publicmark", "agenda_items"), ("publicmark", "actions")}
        partners = words(Audience.for_partner(housing.id))
        assert {w for w, _k in partners} == {"publicmark", "partnersmark", "personmark"}
        assert {w for w, _k in words(Audience.for_partner(police.id))} == {*rules, "personmark"}
