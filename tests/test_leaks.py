"""THE leak test: over many generated meetings, no document shows an audience what it may not see.

Every text that a document could print carries a marker saying who may read it: ``PUBLICMARK-…``,
``PARTNERSMARK-…``, ``RESTRICTEDMARK-…-P1-P3`` (restricted to partners P1 and P3) and ``PERSONMARK-…`` for
people's names. For each meeting, audience and language the markers a document shows must be exactly those the
audience may see: nothing more (a leak) and nothing less (so the test fails if the documents go blank).
The oracle below is written from the rule in the brief, independently of ``facilitator.audience``.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from facilitator.approval import approve_minutes, circulate_minutes
from facilitator.audience import Audience
from facilitator.content_translation import set_translation, translatable_texts
from facilitator.docmodel import DocumentModel, Heading, Table
from facilitator.entities import Forum, Partner, QuorumRule, Representative, Sector
from facilitator.i18n import translator
from facilitator.meeting_ops import (
    agenda,
    decision_of,
    end_meeting,
    new_meeting,
    record_decision,
    roll,
    save_item,
    set_attendance,
    start_meeting,
)
from facilitator.meetings import (
    AgendaItem,
    Attendance,
    AttendeeRole,
    Confidentiality,
    DecisionMethod,
    ItemKind,
    Meeting,
    MeetingStatus,
    Presence,
    Stance,
)
from facilitator.minutes import build_agenda, build_minutes
from facilitator.operations import save_forum, save_partner, save_representative, set_membership
from facilitator.storage import Partnership, open_partnership

SEED = 20250602
MEETINGS = 36
LANGUAGES = ("en", "fr", "ar")
PARTNER_CODES = ("P0", "P1", "P2", "P3", "P4")
MARKER = re.compile(r"(?<![A-Za-z0-9])(?:PUBLIC|PARTNERS|RESTRICTED|PERSON)MARK-[A-Za-z0-9\-]*[A-Za-z0-9]")


@dataclass(frozen=True)
class Marked:
    """A marker and who may read it: its confidentiality and the partners a restricted text is for."""

    marker: str
    confidentiality: Confidentiality
    restricted_to: frozenset[str] = frozenset()


@dataclass
class GeneratedItem:
    """An item's printable texts; ``french`` holds translated markers that replace the originals in French."""

    confidentiality: Confidentiality
    restricted_to: frozenset[str]
    title: str
    notes: str
    decision: str = ""
    reasons: list[str] = field(default_factory=list)
    presenter: str = ""  # the PERSONMARK of the person presenting, if a person does
    french: dict[str, str] = field(default_factory=dict)  # field -> translated marker


@dataclass
class GeneratedMeeting:
    """A meeting and what was put in it."""

    meeting_id: str
    items: list[GeneratedItem]
    people_present: set[str]  # PERSONMARKs the attendance of a named audience shows


@dataclass
class Generated:
    """The whole generated partnership."""

    path: Path
    partner_ids: dict[str, str]  # code -> id
    meetings: list[GeneratedMeeting]


# --- the oracle ------------------------------------------------------------------------------------------------------


def may_read(audience: str, confidentiality: Confidentiality, restricted_to: frozenset[str]) -> bool:
    """The brief's rule: the public reads public texts; partners also partners-only ones; a partner also what is
    restricted to it; the full record everything."""
    if audience == "full" or confidentiality is Confidentiality.PUBLIC:
        return True
    if audience == "public":
        return False
    if confidentiality is Confidentiality.PARTNERS:
        return True
    return audience.startswith("for ") and audience[4:] in restricted_to


def expected_markers(meeting: GeneratedMeeting, audience: str, language: str, document: str) -> set[str]:
    """Every marker the document must show, and the only ones it may show."""
    seen: set[str] = set()
    named = audience != "public"
    for item in meeting.items:
        if not may_read(audience, item.confidentiality, item.restricted_to):
            continue
        french = item.french if language == "fr" else {}
        seen.add(french.get("title", item.title))
        if item.presenter and named:
            seen.add(item.presenter)
        if document == "minutes":
            seen.add(french.get("notes", item.notes))
            if item.decision:
                seen.add(french.get("decision", item.decision))
            if named:
                seen.update(item.reasons)
    if document == "minutes" and named:
        seen.update(meeting.people_present)
    return seen


def placeholders_expected(meeting: GeneratedMeeting, audience: str) -> int:
    """How many restricted items a partners' version shows as a neutral placeholder."""
    if audience in ("public", "full"):
        return 0
    return sum(
        1
        for item in meeting.items
        if item.confidentiality is Confidentiality.RESTRICTED
        and not may_read(audience, item.confidentiality, item.restricted_to)
    )


def check(text: str, meeting: GeneratedMeeting, audience: str, language: str, document: str) -> None:
    """Assert that ``text`` shows exactly the markers ``audience`` may read, naming what leaked or went missing."""
    found = set(MARKER.findall(text))
    wanted = expected_markers(meeting, audience, language, document)
    leaked = found - wanted
    assert not leaked, f"{document} for {audience} in {language} shows {sorted(leaked)}"
    missing = wanted - found
    assert not missing, f"{document} for {audience} in {language} lacks {sorted(missing)}"
    if audience == "public":
        assert not re.search(r"(PARTNERS|RESTRICTED|PERSON)MARK", text)
    elif audience.startswith("for "):
        for token in MARKER.findall(text):
            if token.startswith("RESTRICTEDMARK-"):
                assert token.endswith(tuple(f"-{c}" for c in PARTNER_CODES)), token
                assert audience[4:] in token.split("-"), token


# --- the generator ---------------------------------------------------------------------------------------------------


def _marked(kind: Confidentiality, label: str, restricted_to: frozenset[str]) -> str:
    if kind is Confidentiality.RESTRICTED:
        return f"RESTRICTEDMARK-{label}-" + "-".join(sorted(restricted_to))
    return f"{kind.value.upper()}MARK-{label}"


def generate(path: Path, seed: int = SEED, count: int = MEETINGS) -> Generated:
    """A partnership with two forums and ``count`` meetings of every shape, written to ``path``."""
    rng = random.Random(seed)
    store = open_partnership(path)
    try:
        # One transaction for the whole set-up: each edit nests in it as a savepoint, the disk syncs once.
        with store.atomic():
            return _fill(store, rng, count, path)
    finally:
        store.close()


def _fill(store: Partnership, rng: random.Random, count: int, path: Path) -> Generated:
    partners = {code: Partner(name=f"Organisation {code}", sector=Sector.OTHER) for code in PARTNER_CODES}
    partners["P0"] = replace(partners["P0"], sector=Sector.POLICE)
    for partner in partners.values():
        save_partner(store, partner).apply(store)
    people: dict[str, list[Representative]] = {}
    number = 0
    for code, partner in partners.items():
        people[code] = []
        for _k in range(3):
            person = Representative(
                name=f"PERSONMARK-{number}", partner_id=partner.id, may_decide=rng.random() < 0.6
            )
            number += 1
            save_representative(store, person).apply(store)
            people[code].append(person)
    forums = [
        Forum(name="Street Group", quorum=QuorumRule(2, frozenset({Sector.POLICE}))),
        Forum(name="Strategic Group", quorum=QuorumRule(3)),
    ]
    seats = [PARTNER_CODES, ("P0", "P1", "P3")]
    for forum, codes in zip(forums, seats, strict=True):
        save_forum(store, forum).apply(store)
        for code in codes:
            set_membership(store, forum.id, partners[code].id, people[code][0].id).apply(store)

    meetings: list[GeneratedMeeting] = []
    start = dt.datetime(2024, 1, 8, 10, 0)
    held_by_forum: dict[str, list[str]] = {}
    for n in range(count):
        which = n % 2
        forum, codes = forums[which], seats[which]
        edit, meeting = new_meeting(
            store, forum.id, start + dt.timedelta(days=7 * n), timezone="Europe/London", venue=f"Venue {n}"
        )
        edit.apply(store)
        items: list[GeneratedItem] = []
        kinds = [Confidentiality.PUBLIC, Confidentiality.PARTNERS, Confidentiality.RESTRICTED]
        kinds += rng.choices(list(Confidentiality), k=rng.randint(0, 4))
        rng.shuffle(kinds)
        for i, kind in enumerate(kinds):
            label = f"{n}x{i}"
            restricted = (
                frozenset(rng.sample(PARTNER_CODES, rng.randint(1, 2)))
                if kind is Confidentiality.RESTRICTED
                else frozenset()
            )
            generated = GeneratedItem(
                kind,
                restricted,
                title=_marked(kind, f"{label}-title", restricted),
                notes=_marked(kind, f"{label}-notes", restricted),
            )
            presenter_code = rng.choice(codes)
            presenter = rng.choice(people[presenter_code]) if rng.random() < 0.6 else None
            item = AgendaItem(
                meeting_id=meeting.id,
                position=0,
                title=f"{generated.title} & <b>{rng.choice(['ünï', 'مرحبا', 'x'])}</b>",
                notes=f"Said: {generated.notes}\nSecond line.",
                kind=rng.choice([ItemKind.DISCUSSION, ItemKind.DECISION, ItemKind.INFORMATION]),
                confidentiality=kind,
                restricted_to=tuple(sorted(partners[c].id for c in restricted)),
                presenter_id=presenter.id if presenter else None,
                presenter_partner_id=None if presenter else partners[presenter_code].id,
            )
            generated.presenter = presenter.name if presenter else ""
            save_item(store, item).apply(store)
            if rng.random() < 0.7:
                generated.decision = _marked(kind, f"{label}-decision", restricted)
                positions = {}
                reason_kind = kind if kind is Confidentiality.RESTRICTED else Confidentiality.PARTNERS
                for code in rng.sample(codes, rng.randint(1, len(codes))):
                    reason = _marked(reason_kind, f"{label}-reason{code}", restricted)
                    generated.reasons.append(reason)
                    positions[partners[code].id] = (rng.choice(list(Stance)), reason)
                method = rng.choice([DecisionMethod.VOTE, DecisionMethod.CONSENSUS, DecisionMethod.DEFERRED])
                record_decision(store, item.id, f"{generated.decision}.", method, positions).apply(store)
            if rng.random() < 0.5:
                decided = decision_of(store, item.id)
                for text in translatable_texts(store, meeting.id):
                    if text.record_id == item.id:
                        name = text.field
                    elif decided and text.record_id == decided[0].id:
                        name = "decision"
                    else:
                        continue
                    if rng.random() < 0.3:
                        continue  # some texts stay untranslated
                    translated = _marked(kind, f"{label}-{name}fr", restricted)
                    generated.french[name] = translated
                    reviewed = rng.random() < 0.5
                    set_translation(store, text, "fr", f"« {translated} »", reviewed=reviewed).apply(store)
            items.append(generated)

        present: set[str] = set()
        for line in roll(store, meeting.id):
            presence = rng.choice([Presence.PRESENT, Presence.APOLOGIES, Presence.ABSENT, Presence.EXPECTED])
            set_attendance(store, replace(line, presence=presence)).apply(store)
            name = store.get(Representative, line.representative_id).name  # type: ignore[arg-type]
            if presence is Presence.PRESENT:
                present.add(name)
            elif presence is Presence.APOLOGIES and rng.random() < 0.5:
                code = next(c for c, p in partners.items() if p.id == line.partner_id)
                stand_in = people[code][1]
                set_attendance(
                    store,
                    Attendance(
                        meeting_id=meeting.id,
                        partner_id=line.partner_id,
                        representative_id=stand_in.id,
                        presence=Presence.SUBSTITUTE,
                        substitute_for_id=line.representative_id,
                    ),
                ).apply(store)
                present.update({stand_in.name, name})  # "stand-in, for colleague"
        if rng.random() < 0.5:
            guest = f"PERSONMARK-G{n}"
            set_attendance(
                store,
                Attendance(
                    meeting_id=meeting.id,
                    role=rng.choice([AttendeeRole.GUEST, AttendeeRole.OBSERVER]),
                    guest_name=guest,
                    presence=Presence.PRESENT,
                ),
            ).apply(store)
            present.add(guest)

        if n < count - 4 or rng.random() < 0.5:
            moment = (start + dt.timedelta(days=7 * n)).replace(tzinfo=dt.UTC)
            start_meeting(store, meeting.id, moment).apply(store)
            end_meeting(store, meeting.id, moment + dt.timedelta(hours=1)).apply(store)
            earlier = held_by_forum.get(forum.id, [])
            if earlier and rng.random() < 0.5:
                minutes_item = next(i for i in agenda(store, meeting.id) if i.kind is ItemKind.MINUTES)
                assert minutes_item
                circulate_minutes(store, earlier[-1], [p.id for p in partners.values()], moment.date()).apply(
                    store
                )
                approve_minutes(store, earlier[-1], meeting.id, moment.date()).apply(store)
            held_by_forum.setdefault(forum.id, []).append(meeting.id)
        meetings.append(GeneratedMeeting(meeting.id, items, present))
    return Generated(path, {c: p.id for c, p in partners.items()}, meetings)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    """The generated partnership, made once for the module."""
    return generate(tmp_path_factory.mktemp("leaks") / "generated.sqlite")


@pytest.fixture
def reading(generated: Generated) -> Iterator[Partnership]:
    """The generated partnership, open read-only as the command line opens it."""
    store = open_partnership(generated.path, read_only=True)
    try:
        yield store
    finally:
        store.close()


def audiences(generated: Generated) -> dict[str, Audience]:
    """Every audience by the oracle's name for it."""
    chosen = {"public": Audience.public(), "partners": Audience.partners(), "full": Audience.full()}
    for code, partner_id in generated.partner_ids.items():
        chosen[f"for {code}"] = Audience.for_partner(partner_id)
    return chosen


BUILDERS = {"minutes": build_minutes, "agenda": build_agenda}


# --- the tests -------------------------------------------------------------------------------------------------------


def test_the_generator_makes_every_kind_of_case(generated: Generated, reading: Partnership) -> None:
    items = [item for m in generated.meetings for item in m.items]
    assert len(generated.meetings) >= 30
    assert {i.confidentiality for i in items} == set(Confidentiality)
    assert any(len(i.restricted_to) == 2 for i in items)
    assert all(any(i.restricted_to == frozenset({c}) for i in items) for c in PARTNER_CODES)
    assert any(i.french for i in items if i.confidentiality is Confidentiality.RESTRICTED)
    assert any(i.presenter for i in items) and any(i.reasons for i in items)
    statuses = {reading.get(Meeting, m.meeting_id).status for m in generated.meetings}
    assert MeetingStatus.HELD in statuses and MeetingStatus.PLANNED in statuses


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("document", list(BUILDERS))
def test_no_document_shows_an_audience_what_it_may_not_see(
    generated: Generated, reading: Partnership, language: str, document: str
) -> None:
    build = BUILDERS[document]
    for meeting in generated.meetings:
        for name, audience in audiences(generated).items():
            model = build(reading, meeting.meeting_id, audience, language)
            check(model.text(), meeting, name, language, document)
            # What fell back to the original language is reported to the user: it must not leak either.
            check_reported(model, meeting, name)
            # The placeholder in the document's own language (the catalogs translate it), counted where it stands:
            # as an item's heading in minutes, as an item's name in the agenda's table.
            placeholder = translator(language).gettext("Confidential item")
            withheld = sum(
                1 for b in model.blocks if isinstance(b, Heading) and b.text.endswith(f". {placeholder}")
            ) + sum(row.count(placeholder) for b in model.blocks if isinstance(b, Table) for row in b.rows)
            assert withheld == placeholders_expected(meeting, name), (document, name)


def check_reported(model: DocumentModel, meeting: GeneratedMeeting, audience: str) -> None:
    """The untranslated texts the export reports are a part of what the audience may read."""
    reported = set(MARKER.findall("\n".join(model.untranslated)))
    allowed = expected_markers(meeting, audience, "en", "minutes")
    assert reported <= allowed, sorted(reported - allowed)


def test_the_oracle_catches_a_leak(generated: Generated, reading: Partnership) -> None:
    """A document made for the full record is a leak when given to the public: the check must say so."""
    meeting = generated.meetings[0]
    full = build_minutes(reading, meeting.meeting_id, Audience.full(), "en").text()
    with pytest.raises(AssertionError, match="shows"):
        check(full, meeting, "public", "en", "minutes")
    public = build_minutes(reading, meeting.meeting_id, Audience.public(), "en").text()
    with pytest.raises(AssertionError, match="lacks"):
        check(public, meeting, "full", "en", "minutes")


# --- the writers -----------------------------------------------------------------------------------------------------

#: Meetings written through both writers, each in one of the languages (every audience and document of each).
WRITER_SAMPLE = 3


def docx_text(data: bytes) -> str:
    """Every word of a Word file: body paragraphs, tables (nested too), headers and footers."""
    import docx

    document = docx.Document(io.BytesIO(data))
    parts: list[str] = []

    def walk(container: object) -> None:
        for paragraph in container.paragraphs:  # type: ignore[attr-defined]
            parts.append(paragraph.text)
        for table in container.tables:  # type: ignore[attr-defined]
            for row in table.rows:
                for cell in row.cells:
                    walk(cell)

    walk(document)
    for section in document.sections:
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
            section.even_page_header,
            section.even_page_footer,
        ):
            walk(part)
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    """Every word pypdf finds on every page of a PDF."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_the_writers_show_no_more_than_the_model(generated: Generated, reading: Partnership) -> None:
    """The same leak check on real DOCX and PDF files read back (headers and footers included).

    The writers live in ``facilitator.exports``; this imports them and fails if they are missing.
    """
    from facilitator.exports.docx_writer import docx_bytes
    from facilitator.exports.pdf_writer import pdf_bytes

    rng = random.Random(SEED)
    sample = rng.sample(generated.meetings, WRITER_SAMPLE)
    for number, meeting in enumerate(sample):
        language = LANGUAGES[number % len(LANGUAGES)]
        for name, audience in audiences(generated).items():
            for document, build in BUILDERS.items():
                model = build(reading, meeting.meeting_id, audience, language)
                check(docx_text(docx_bytes(model)), meeting, name, language, document)
                check(pdf_text(pdf_bytes(model)), meeting, name, language, document)
