"""Translations of the partnership's own texts: states, and the PO round trip with an outside translator."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from facilitator.content_translation import (
    ContentTranslation,
    PoEntryProblem,
    TranslationStatus,
    export_po,
    import_po,
    missing_texts,
    set_translation,
    source_hash,
    status_of,
    translatable_texts,
    translation_rows,
)
from facilitator.errors import KnownError, ValidationError
from facilitator.meeting_ops import record_decision, save_item
from facilitator.meetings import DecisionMethod
from facilitator.storage import Partnership, open_partnership
from tests.core.test_minutes import Round, build_round


@pytest.fixture
def s1(db_path: Path) -> Iterator[Round]:
    with open_partnership(db_path) as partnership:
        yield build_round(partnership)


def _texts(r: Round) -> dict[tuple[str, str], object]:
    return {(t.record_id, t.field): t for t in translatable_texts(r.store, r.meeting.id)}


def _catalog(data: bytes) -> Catalog:
    return read_po(io.BytesIO(data), locale=None)


def _po(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=0)
    return out.getvalue()


def _translated(data: bytes, prefix: str = "FR: ", skip: frozenset[str] = frozenset()) -> bytes:
    """What the translator sends back: every entry filled (except ``skip``), edited with Babel like Poedit."""
    catalog = _catalog(data)
    for message in catalog:
        if message.id and str(message.context) not in skip:
            message.string = prefix + str(message.id)
    return _po(catalog)


# --- which texts and their states ------------------------------------------------------------------------------------


def test_every_printed_text_of_the_meeting_is_translatable(s1: Round) -> None:
    texts = translatable_texts(s1.store, s1.meeting.id)
    by_key = {t.key: t for t in texts}
    assert by_key[f"agenda_items:{s1.needles.id}:title"].source == "Needle bins at the station"
    assert by_key[f"agenda_items:{s1.needles.id}:notes"].source == "Bins are emptied twice a day."
    decisions = [t for t in texts if t.record_kind == "decisions"]
    assert [d.source for d in decisions] == [
        "Empty the bins three times a day.",
        "Reserve six places for the outreach team.",
        "Go ahead with Nightjar on 10 June.",
    ]
    # Standing items with no title of their own print their kind's name, from the catalogs: nothing to translate.
    assert all(t.source.strip() for t in texts)
    assert len(texts) == 4 * 2 + 3
    where = by_key[f"agenda_items:{s1.needles.id}:title"].where
    assert where.startswith("Item ") and where.endswith(": title")


def test_states_missing_draft_reviewed_stale(s1: Round) -> None:
    store = s1.store
    title = _texts(s1)[(s1.needles.id, "title")]
    assert status_of(None, "x") is TranslationStatus.MISSING
    rows = {r.text.key: r for r in translation_rows(store, s1.meeting.id, "fr")}
    assert {r.status for r in rows.values()} == {TranslationStatus.MISSING}

    set_translation(store, title, "fr", "Collecteurs de seringues").apply(store)  # type: ignore[arg-type]
    row = next(r for r in translation_rows(store, s1.meeting.id, "fr") if r.text == title)
    assert (row.translation, row.status) == ("Collecteurs de seringues", TranslationStatus.DRAFT)

    set_translation(store, title, "fr", "Collecteurs de seringues à la gare", reviewed=True).apply(store)  # type: ignore[arg-type]
    row = next(r for r in translation_rows(store, s1.meeting.id, "fr") if r.text == title)
    assert (row.translation, row.status) == ("Collecteurs de seringues à la gare", TranslationStatus.REVIEWED)
    assert len(store.all(ContentTranslation)) == 1  # replaced, not added

    save_item(store, replace(s1.item(s1.needles.id), title="Needle bins at both stations")).apply(store)
    row = next(
        r
        for r in translation_rows(store, s1.meeting.id, "fr")
        if r.text.field == "title" and r.text.record_id == s1.needles.id
    )
    assert row.status is TranslationStatus.STALE
    assert row.translation == "Collecteurs de seringues à la gare"  # kept for the translator to update
    assert row.text in missing_texts(store, s1.meeting.id, "fr")

    # Other languages are untouched by all this.
    assert {r.status for r in translation_rows(store, s1.meeting.id, "de")} == {TranslationStatus.MISSING}


def test_an_empty_translation_counts_as_missing() -> None:
    empty = ContentTranslation(
        record_kind="agenda_items",
        record_id="x",
        field="title",
        language="fr",
        text="  ",
        source_hash=source_hash("a"),
    )
    assert status_of(empty, "a") is TranslationStatus.MISSING


def test_a_translation_into_an_unknown_language_is_refused(s1: Round) -> None:
    title = _texts(s1)[(s1.needles.id, "title")]
    with pytest.raises(ValidationError, match="not a known language"):
        set_translation(s1.store, title, "xx-nowhere", "?")  # type: ignore[arg-type]


def test_undoing_a_translation_puts_back_the_previous_one(s1: Round) -> None:
    store = s1.store
    title = _texts(s1)[(s1.needles.id, "title")]
    set_translation(store, title, "fr", "Premier").apply(store)  # type: ignore[arg-type]
    second = set_translation(store, title, "fr", "Second", reviewed=True)  # type: ignore[arg-type]
    second.apply(store)
    second.revert(store)
    row = next(r for r in translation_rows(store, s1.meeting.id, "fr") if r.text == title)
    assert (row.translation, row.status) == ("Premier", TranslationStatus.DRAFT)


# --- PO files --------------------------------------------------------------------------------------------------------


def test_po_round_trip_through_babel(s1: Round) -> None:
    store = s1.store
    data = export_po(store, s1.meeting.id, "fr")
    catalog = _catalog(data)
    entries = [m for m in catalog if m.id]
    assert len(entries) == len(translatable_texts(store, s1.meeting.id))
    assert {str(m.context) for m in entries} == {t.key for t in translatable_texts(store, s1.meeting.id)}
    assert all(m.auto_comments and m.auto_comments[0].startswith("Item ") for m in entries)
    assert str(catalog.locale) == "fr"

    result = import_po(store, s1.meeting.id, "fr", _translated(data))
    assert result.problems == ()
    assert result.applied == len(entries)
    assert translation_rows(store, s1.meeting.id, "fr")[0].status is TranslationStatus.MISSING  # nothing yet
    result.edit.apply(store)
    rows = translation_rows(store, s1.meeting.id, "fr")
    assert {r.status for r in rows} == {TranslationStatus.DRAFT}  # a translator's file counts as a draft
    assert all(r.translation == "FR: " + r.text.source for r in rows)
    assert missing_texts(store, s1.meeting.id, "fr") == []

    # Exporting again carries the translations, so the translator continues where they were.
    again = {str(m.context): m.string for m in _catalog(export_po(store, s1.meeting.id, "fr")) if m.id}
    assert again[f"agenda_items:{s1.needles.id}:title"] == "FR: Needle bins at the station"


def test_a_stale_translation_is_exported_fuzzy_and_empty(s1: Round) -> None:
    store = s1.store
    title = _texts(s1)[(s1.needles.id, "title")]
    set_translation(store, title, "fr", "Vieux titre", reviewed=True).apply(store)  # type: ignore[arg-type]
    save_item(store, replace(s1.item(s1.needles.id), title="New title")).apply(store)
    entry = next(m for m in _catalog(export_po(store, s1.meeting.id, "fr")) if m.id == "New title")
    assert entry.fuzzy and entry.string == ""


def test_a_po_file_for_another_meeting_is_refused(s1: Round) -> None:
    data = _translated(export_po(s1.store, s1.following.id, "fr"))
    with pytest.raises(KnownError, match="another meeting"):
        import_po(s1.store, s1.meeting.id, "fr", data)


def test_a_po_file_for_another_language_is_refused(s1: Round) -> None:
    data = _translated(export_po(s1.store, s1.meeting.id, "de"))
    with pytest.raises(KnownError, match="'de'"):
        import_po(s1.store, s1.meeting.id, "fr", data)


def test_an_entry_whose_source_changed_after_export_is_flagged_not_applied(s1: Round) -> None:
    store = s1.store
    data = export_po(store, s1.meeting.id, "fr")
    save_item(store, replace(s1.item(s1.shelter.id), notes="Only four places are free.")).apply(store)
    record_decision(store, s1.shelter.id, "Reserve four places.", DecisionMethod.CONSENSUS, {}).apply(store)
    result = import_po(store, s1.meeting.id, "fr", _translated(data))
    changed = {key for key, problem in result.problems if problem is PoEntryProblem.SOURCE_CHANGED}
    decision = next(t for t in translatable_texts(store, s1.meeting.id) if t.source == "Reserve four places.")
    assert changed == {f"agenda_items:{s1.shelter.id}:notes", decision.key}
    assert result.applied == len(translatable_texts(store, s1.meeting.id)) - 2
    result.edit.apply(store)
    rows = {r.text.key: r for r in translation_rows(store, s1.meeting.id, "fr")}
    assert rows[f"agenda_items:{s1.shelter.id}:notes"].status is TranslationStatus.MISSING
    assert rows[f"agenda_items:{s1.shelter.id}:title"].status is TranslationStatus.DRAFT


def test_empty_and_unknown_entries_are_listed(s1: Round) -> None:
    store = s1.store
    data = export_po(store, s1.meeting.id, "fr")
    empty = {f"agenda_items:{s1.needles.id}:notes", f"agenda_items:{s1.drop_in.id}:title"}
    catalog = _catalog(_translated(data, skip=frozenset(empty)))
    catalog.add("Invented text", "Texte inventé", context="agenda_items:no-such-item:title")
    result = import_po(store, s1.meeting.id, "fr", _po(catalog))
    assert {k for k, p in result.problems if p is PoEntryProblem.EMPTY} == empty
    assert [k for k, p in result.problems if p is PoEntryProblem.UNKNOWN] == [
        "agenda_items:no-such-item:title"
    ]
    assert result.applied == len(translatable_texts(store, s1.meeting.id)) - 2


@pytest.mark.parametrize(
    "data",
    [
        b"this is not a PO file at all",
        b"\xff\xfe\x00\x01binary",
        b"",
    ],
)
def test_a_malformed_file_is_a_known_error(s1: Round, data: bytes) -> None:
    with pytest.raises(KnownError):
        import_po(s1.store, s1.meeting.id, "fr", data)


def test_a_po_file_broken_after_its_header_is_refused_whole(s1: Round) -> None:
    good = _translated(export_po(s1.store, s1.meeting.id, "fr"))
    # A line garbled in transit (an editor that wrapped it, a mail client that cut it): Babel on its own
    # would drop what it cannot read and import the rest as if nothing had happened.
    head, _blank, rest = good.partition(b"\n\n")
    broken = head + b"\n\n" + rest.replace(b"msgstr ", b"msgstr\nFR: garbled ", 1)
    with pytest.raises(KnownError, match="not a readable PO file"):
        import_po(s1.store, s1.meeting.id, "fr", broken)


def test_translations_are_checked_against_the_partnership_file(s1: Round) -> None:
    store: Partnership = s1.store  # type: ignore[assignment]
    result = import_po(store, s1.meeting.id, "fr", _translated(export_po(store, s1.meeting.id, "fr")))
    result.edit.apply(store)
    assert len(store.all(ContentTranslation)) == result.applied
    stored = store.all(ContentTranslation)[0]
    assert stored.language == "fr" and stored.source_hash and not stored.reviewed
