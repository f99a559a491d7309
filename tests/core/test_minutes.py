"""Minutes and agendas as document models, per audience and language, built from a real partnership file.

``build_round`` (also used by the approval and content-translation tests) makes the weekly round of story S1:
four partners, a junior stand-in, a guest, public, partners-only and restricted police items, a vote.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from babel.dates import format_date, format_time

from facilitator.audience import Audience
from facilitator.content_translation import TranslatableText, set_translation, translatable_texts
from facilitator.docmodel import Block, DocumentModel, Facts, Heading, Paragraph, Table, Tone
from facilitator.entities import Forum, Partner, QuorumRule, Representative, Sector
from facilitator.i18n import translator
from facilitator.meeting_ops import (
    agenda,
    cancel_meeting,
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
    Meeting,
    Presence,
    Stance,
)
from facilitator.minutes import build_agenda, build_minutes
from facilitator.operations import save_forum, save_partner, save_representative, set_membership
from facilitator.storage import Partnership, open_partnership
from facilitator.store import Store
from tests.builders import substitute_line

LONDON = "Europe/London"
MONDAY = dt.datetime(2025, 6, 2, 10, 0)
NEXT_MONDAY = dt.datetime(2025, 6, 9, 10, 0)
STARTED = dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC)


@dataclass
class Round:
    """The weekly round of story S1, held, and the next one planned."""

    store: Store
    forum: Forum
    police: Partner
    housing: Partner
    outreach: Partner
    residents: Partner
    ana: Representative  # police, may decide, present
    dora: Representative  # housing, sent apologies
    hugo: Representative  # housing, stands in for Dora
    eli: Representative  # outreach, absent
    rita: Representative  # residents, sent apologies
    meeting: Meeting
    needles: AgendaItem  # public, presented by Dora, decided by vote
    shelter: AgendaItem  # partners only, decided by consensus
    nightjar: AgendaItem  # restricted to the police
    drop_in: AgendaItem  # public, no decision
    following: Meeting

    def item(self, item_id: str) -> AgendaItem:
        """The item as stored now."""
        return self.store.get(AgendaItem, item_id)


def _item(store: Store, meeting: Meeting, title: str, notes: str, **fields: object) -> AgendaItem:
    item = AgendaItem(meeting_id=meeting.id, position=0, title=title, notes=notes, **fields)  # type: ignore[arg-type]
    edit = save_item(store, item)
    edit.apply(store)
    return store.get(AgendaItem, item.id)


def build_round(store: Store, *, hold: bool = True) -> Round:
    """Put the weekly round in ``store``: held on Monday 2 June 2025, the next one planned a week later."""
    forum = Forum(
        name="Station Quarter Group",
        quorum=QuorumRule(2, frozenset({Sector.POLICE})),
        usual_venue="Community centre",
        working_language="en",
    )
    police = Partner(name="Police Service", sector=Sector.POLICE)
    housing = Partner(name="Housing Association", sector=Sector.HOUSING)
    outreach = Partner(name="Outreach Team", sector=Sector.OUTREACH)
    residents = Partner(name="Residents Forum", sector=Sector.COMMUNITY)
    ana = Representative(name="Ana Alvarez", partner_id=police.id, may_decide=True)
    dora = Representative(name="Dora Dee", partner_id=housing.id, may_decide=True)
    hugo = Representative(name="Hugo Hill", partner_id=housing.id)
    eli = Representative(name="Eli Evans", partner_id=outreach.id)
    rita = Representative(name="Rita Rossi", partner_id=residents.id, may_decide=True)
    save_forum(store, forum).apply(store)
    for partner in (police, housing, outreach, residents):
        save_partner(store, partner).apply(store)
    for person in (ana, dora, hugo, eli, rita):
        save_representative(store, person).apply(store)
    for partner, person in ((police, ana), (housing, dora), (outreach, eli), (residents, rita)):
        set_membership(store, forum.id, partner.id, person.id).apply(store)

    edit, meeting = new_meeting(store, forum.id, MONDAY, timezone=LONDON)
    edit.apply(store)
    needles = _item(
        store,
        meeting,
        "Needle bins at the station",
        "Bins are emptied twice a day.",
        confidentiality=Confidentiality.PUBLIC,
        presenter_id=dora.id,
    )
    shelter = _item(
        store,
        meeting,
        "Shelter places for rough sleepers",
        "Six places are free at the night shelter.",
        presenter_partner_id=housing.id,
    )
    nightjar = _item(
        store,
        meeting,
        "Operation Nightjar",
        "Plain-clothes patrols start on 10 June.",
        confidentiality=Confidentiality.RESTRICTED,
        restricted_to=(police.id,),
        presenter_id=ana.id,
    )
    drop_in = _item(
        store,
        meeting,
        "Opening hours of the drop-in",
        "Open until 22:00 from July.",
        confidentiality=Confidentiality.PUBLIC,
        presenter_partner_id=outreach.id,
    )
    lines = {line.representative_id: line for line in roll(store, meeting.id)}
    marks = {ana.id: Presence.PRESENT, dora.id: Presence.APOLOGIES, eli.id: Presence.ABSENT}
    marks[rita.id] = Presence.APOLOGIES
    for person_id, presence in marks.items():
        set_attendance(store, replace(lines[person_id], presence=presence)).apply(store)
    set_attendance(store, substitute_line(meeting.id, housing.id, hugo.id, dora.id)).apply(store)
    set_attendance(
        store,
        Attendance(
            meeting_id=meeting.id,
            role=AttendeeRole.GUEST,
            guest_name="Gita Green",
            guest_organisation="City Paper",
            presence=Presence.PRESENT,
        ),
    ).apply(store)
    record_decision(
        store,
        needles.id,
        "Empty the bins three times a day.",
        DecisionMethod.VOTE,
        {  # only the partners in the room hold a position; the others are marked not present
            police.id: (Stance.AGREE, "Fewer needles on the platforms"),
            housing.id: (Stance.ABSTAIN, "It moves the scene to the park"),
            outreach.id: (Stance.NOT_PRESENT, ""),
            residents.id: (Stance.NOT_PRESENT, ""),
        },
    ).apply(store)
    record_decision(
        store, shelter.id, "Reserve six places for the outreach team.", DecisionMethod.CONSENSUS, {}
    ).apply(store)
    record_decision(
        store,
        nightjar.id,
        "Go ahead with Nightjar on 10 June.",
        DecisionMethod.CONSENSUS,
        {police.id: (Stance.AGREE, "Secret reason of the police")},
    ).apply(store)
    if hold:
        start_meeting(store, meeting.id, STARTED).apply(store)
        end_meeting(store, meeting.id, STARTED + dt.timedelta(minutes=80)).apply(store)
    edit, following = new_meeting(store, forum.id, NEXT_MONDAY, timezone=LONDON, venue="Town hall, room 2")
    edit.apply(store)
    return Round(
        store=store,
        forum=forum,
        police=police,
        housing=housing,
        outreach=outreach,
        residents=residents,
        ana=ana,
        dora=dora,
        hugo=hugo,
        eli=eli,
        rita=rita,
        meeting=store.get(Meeting, meeting.id),
        needles=needles,
        shelter=shelter,
        nightjar=nightjar,
        drop_in=drop_in,
        following=following,
    )


@pytest.fixture
def partnership(db_path: Path) -> Iterator[Partnership]:
    """A real partnership file, open for writing."""
    with open_partnership(db_path) as opened:
        yield opened


@pytest.fixture
def s1(partnership: Partnership) -> Round:
    """The weekly round, in a real partnership file."""
    return build_round(partnership)


def minutes(r: Round, audience: Audience, language: str = "en") -> DocumentModel:
    """The minutes of the round's meeting."""
    return build_minutes(r.store, r.meeting.id, audience, language)


def headings(model: DocumentModel, level: int) -> list[str]:
    """The texts of the model's headings of ``level``."""
    return [b.text for b in model.blocks if isinstance(b, Heading) and b.level == level]


def tables(model: DocumentModel) -> list[Table]:
    """The model's tables."""
    return [b for b in model.blocks if isinstance(b, Table)]


def attendance_table(model: DocumentModel) -> dict[str, tuple[str, ...]]:
    """The attendance table by partner name."""
    table = next(t for t in tables(model) if t.header[:2] == ("Partner", "Attendance"))
    return {row[0]: row[1:] for row in table.rows}


def item_blocks(model: DocumentModel, title: str) -> list[Block]:
    """The blocks of the item whose heading ends with ``title``, up to the next heading."""
    blocks: list[Block] = []
    inside = False
    for block in model.blocks:
        if isinstance(block, Heading):
            if inside:
                break
            inside = block.level == 2 and block.text.split(". ", 1)[-1].startswith(title)
            continue
        if inside:
            blocks.append(block)
    assert inside or blocks, f"no item {title!r} in the minutes"
    return blocks


def numbers(model: DocumentModel) -> list[int]:
    """The numbers the items' headings carry, in order."""
    return [int(re.match(r"(\d+)\. ", text).group(1)) for text in headings(model, 2)]  # type: ignore[union-attr]


# --- attendance and quorum -----------------------------------------------------------------------------------------


def test_attendance_by_partner_with_stand_ins_and_guests(s1: Round) -> None:
    model = minutes(s1, Audience.partners())
    assert attendance_table(model) == {
        "Housing Association": ("Present", "Hugo Hill, for Dora Dee"),
        "Outreach Team": ("Absent", ""),
        "Police Service": ("Present", "Ana Alvarez"),
        "Residents Forum": ("Apologies", ""),
    }
    guests = [b for b in model.blocks if isinstance(b, Paragraph) and b.label == "Guests and observers:"]
    assert [g.text for g in guests] == ["Gita Green (City Paper)"]


def test_quorum_sentence(s1: Round) -> None:
    text = minutes(s1, Audience.partners()).text()
    assert "The meeting was quorate. Partners present: 2 of 2 needed." in text


def test_a_meeting_without_its_required_sector_is_not_quorate(s1: Round) -> None:
    line = next(line for line in roll(s1.store, s1.meeting.id) if line.representative_id == s1.ana.id)
    set_attendance(s1.store, replace(line, presence=Presence.APOLOGIES)).apply(s1.store)
    model = minutes(s1, Audience.public())
    warning = [b for b in model.blocks if isinstance(b, Paragraph) and b.tone is Tone.WARNING]
    # The attendance says so, and so does the public decision taken without quorum.
    assert [w.text.split(".")[0] for w in warning] == ["The meeting was not quorate", "Taken without quorum"]
    assert warning[0].text.startswith("The meeting was not quorate. Partners present: 1 of 2 needed.")
    assert "No partner present from: Police." in warning[0].text
    assert attendance_table(model)["Police Service"] == ("Apologies",)


# --- items and numbering ----------------------------------------------------------------------------------------------


def test_items_are_numbered_consecutively_among_those_shown(s1: Round) -> None:
    full = minutes(s1, Audience.full())
    assert numbers(full) == list(range(1, len(agenda(s1.store, s1.meeting.id)) + 1))
    partners = minutes(s1, Audience.partners())
    assert numbers(partners) == numbers(full)  # the placeholder keeps its number
    public = minutes(s1, Audience.public())
    # Two public items sit far down the agenda; the public's numbers must not hint at what was left out.
    assert headings(public, 2) == ["1. Needle bins at the station", "2. Opening hours of the drop-in"]
    agenda_rows = next(t for t in tables(build_agenda(s1.store, s1.meeting.id, Audience.public(), "en")))
    assert [row[:2] for row in agenda_rows.rows] == [
        ("1", "Needle bins at the station"),
        ("2", "Opening hours of the drop-in"),
    ]


def test_partners_see_a_neutral_placeholder_where_the_restricted_item_was(s1: Round) -> None:
    model = minutes(s1, Audience.partners())
    text = model.text()
    number = next(n for n, item in enumerate(agenda(s1.store, s1.meeting.id), 1) if item.id == s1.nightjar.id)
    assert f"{number}. Confidential item" in headings(model, 2)
    withheld = [b for b in model.blocks if isinstance(b, Paragraph) and b.tone is Tone.WITHHELD]
    assert [b.text for b in withheld] == ["This item is confidential to some partners and is not shown here."]
    for secret in ("Nightjar", "Plain-clothes", "Secret reason", "10 June"):
        assert secret not in text
    assert "Shelter places for rough sleepers" in text and "Six places are free" in text
    agenda_text = build_agenda(s1.store, s1.meeting.id, Audience.partners(), "en").text()
    assert "Nightjar" not in agenda_text and "Confidential item" in agenda_text


def test_the_partner_it_is_restricted_to_sees_it(s1: Round) -> None:
    mine = minutes(s1, Audience.for_partner(s1.police.id))
    text = mine.text()
    assert "Operation Nightjar" in text and "Plain-clothes patrols start on 10 June." in text
    assert "Go ahead with Nightjar on 10 June." in text and "Secret reason of the police" in text
    assert "Confidential item" not in text
    assert mine.footer_note == "Version for: Partners, for Police Service"
    other = minutes(s1, Audience.for_partner(s1.housing.id)).text()
    assert "Nightjar" not in other and "Confidential item" in other
    agenda_text = build_agenda(s1.store, s1.meeting.id, Audience.for_partner(s1.police.id), "en").text()
    assert "Operation Nightjar" in agenda_text


def test_the_public_version_names_organisations_not_people(s1: Round) -> None:
    model = minutes(s1, Audience.public())
    text = model.text()
    for person in (
        "Ana Alvarez",
        "Dora Dee",
        "Hugo Hill",
        "Eli Evans",
        "Rita Rossi",
        "Gita Green",
        "City Paper",
    ):
        assert person not in text
    assert attendance_table(model) == {
        "Housing Association": ("Present",),
        "Outreach Team": ("Absent",),
        "Police Service": ("Present",),
        "Residents Forum": ("Apologies",),
    }
    presenters = [b.text for b in item_blocks(model, "Needle bins") if isinstance(b, Paragraph) and b.label]
    assert presenters[0] == "Housing Association"  # Dora presented; the public reads her organisation
    agenda_text = build_agenda(s1.store, s1.meeting.id, Audience.public(), "en").text()
    assert "Dora Dee" not in agenda_text and "Housing Association" in agenda_text
    assert "Invited partners" not in agenda_text


def test_the_public_version_has_no_positions_and_nothing_confidential(s1: Round) -> None:
    model = minutes(s1, Audience.public())
    text = model.text()
    assert not [t for t in tables(model) if "Position" in t.header]
    for hidden in (
        "Shelter places",
        "Six places",
        "Reserve six places",
        "Nightjar",
        "Plain-clothes",
        "Confidential item",
        "Fewer needles",
        "moves the scene",
        "Minutes of the last meeting",
        "Conflicts",
    ):
        assert hidden not in text, hidden
    assert "Needle bins at the station" in text and "Bins are emptied twice a day." in text
    assert "Open until 22:00 from July." in text
    assert model.footer_note == "Version for: Public"


def test_decisions_show_how_they_were_reached_and_the_count(s1: Round) -> None:
    public = item_blocks(minutes(s1, Audience.public()), "Needle bins")
    said = [b for b in public if isinstance(b, Paragraph)]
    assert ("Decision:", "Empty the bins three times a day.") in [(p.label, p.text) for p in said]
    assert "By vote, carried: 1 agree, 0 disagree, 1 abstain, 0 block." in [p.text for p in said]
    partners = minutes(s1, Audience.partners())
    positions = next(t for t in tables(partners) if t.header == ("Partner", "Position", "Reason"))
    assert positions.rows == (
        ("Housing Association", "Abstain", "It moves the scene to the park"),
        ("Outreach Team", "Not present", ""),
        ("Police Service", "Agree", "Fewer needles on the platforms"),
        ("Residents Forum", "Not present", ""),
    )
    shelter = [b for b in item_blocks(partners, "Shelter places") if isinstance(b, Paragraph)]
    assert "Reached by: Consensus." in [p.text for p in shelter]


def test_next_meeting(s1: Round) -> None:
    text = minutes(s1, Audience.public()).text()
    assert "Next meeting\nMonday, June 9, 2025 at 10:00\u00a0AM, Town hall, room 2" in text
    cancel_meeting(s1.store, s1.following.id, "Bank holiday").apply(s1.store)
    text = minutes(s1, Audience.public()).text()
    assert "Next meeting\nNot yet planned." in text and "June 9" not in text


def test_a_cancelled_meeting_says_so(s1: Round) -> None:
    cancel_meeting(s1.store, s1.following.id).apply(s1.store)
    model = build_minutes(s1.store, s1.following.id, Audience.partners(), "en")
    assert model.blocks[1] == Paragraph("This meeting was cancelled.", Tone.WARNING)
    held = minutes(s1, Audience.partners())
    assert "This meeting was cancelled." not in held.text()


def test_when_and_where(s1: Round) -> None:
    facts = minutes(s1, Audience.public()).blocks[0]
    assert facts == Facts(
        (
            ("Date", "Monday, June 2, 2025"),
            ("Time", "10:00\u00a0AM – 11:30\u00a0AM"),
            ("Place", "Community centre"),
            ("Kind of meeting", "Regular"),
        )
    )


def test_draft_status(s1: Round) -> None:
    model = minutes(s1, Audience.partners())
    assert (model.status, model.draft_mark) == ("Draft minutes", "DRAFT")
    assert model.title == "Station Quarter Group"
    assert model.subtitle == "Minutes · June 2, 2025"
    assert model.page_label == "Page {page} of {pages}"


# --- languages -------------------------------------------------------------------------------------------------------


def _shape(model: DocumentModel) -> list[tuple[str, int]]:
    return [(type(b).__name__, len(b.rows) if isinstance(b, Table) else 0) for b in model.blocks]


@pytest.mark.parametrize("language", ["fr", "de", "pl", "ar", "ru", "tr"])
def test_dates_in_the_languages_own_format_and_the_same_structure(s1: Round, language: str) -> None:
    english = minutes(s1, Audience.partners())
    model = minutes(s1, Audience.partners(), language)
    assert model.language == language
    assert _shape(model) == _shape(english)
    facts = model.blocks[0]
    assert isinstance(facts, Facts)
    assert facts.pairs[0][1] == format_date(MONDAY.date(), "full", locale=language)
    start, end = (format_time(t, "short", locale=language) for t in (dt.time(10), dt.time(11, 30)))
    assert facts.pairs[1][1] == f"{start} – {end}"
    assert format_date(NEXT_MONDAY.date(), "full", locale=language) in model.text()
    assert model.subtitle.endswith(format_date(MONDAY.date(), "long", locale=language))
    assert model.right_to_left is (language == "ar")


def test_french_minutes_use_the_catalog_where_it_has_the_words(s1: Round) -> None:
    model = minutes(s1, Audience.partners(), "fr")
    french = translator("fr")
    assert model.title == "Station Quarter Group"  # content is not translated by the catalog
    assert headings(model, 1)[0] == french.gettext("Attendance")
    assert model.status == french.gettext("Draft minutes")
    assert model.blocks[0].pairs[0][0] == french.gettext("Date")  # type: ignore[union-attr]
    assert "lundi 2 juin 2025" in model.text()


def test_arabic_minutes_read_right_to_left(s1: Round) -> None:
    assert minutes(s1, Audience.public(), "ar").right_to_left is True
    assert build_agenda(s1.store, s1.meeting.id, Audience.public(), "ar").right_to_left is True
    assert minutes(s1, Audience.public(), "fr").right_to_left is False


# --- content translations in documents --------------------------------------------------------------------------


def _text_of(store: Store, meeting_id: str, record_id: str, field: str) -> TranslatableText:
    return next(
        t for t in translatable_texts(store, meeting_id) if (t.record_id, t.field) == (record_id, field)
    )


def _marker(language: str) -> str:
    t = translator(language)
    return t.gettext("(original, in {language})").format(language=t.language_name("en"))


def test_reviewed_translations_are_printed(s1: Round) -> None:
    store, meeting_id = s1.store, s1.meeting.id
    for field, french in (
        ("title", "Collecteurs de seringues à la gare"),
        ("notes", "Vidés deux fois par jour."),
    ):
        text = _text_of(store, meeting_id, s1.needles.id, field)
        set_translation(store, text, "fr", french, reviewed=True).apply(store)
    model = minutes(s1, Audience.public(), "fr")
    assert "1. Collecteurs de seringues à la gare" in headings(model, 2)
    notes = [b for b in item_blocks(model, "Collecteurs") if isinstance(b, Paragraph) and not b.label]
    assert notes[0] == Paragraph("Vidés deux fois par jour.", Tone.NORMAL)
    assert "Needle bins at the station" not in model.text()
    assert "Needle bins at the station" not in model.untranslated
    assert "Bins are emptied twice a day." not in model.untranslated


def test_without_a_translation_the_original_is_printed_and_marked(s1: Round) -> None:
    model = minutes(s1, Audience.public(), "fr")
    assert f"1. Needle bins at the station {_marker('fr')}" in headings(model, 2)
    assert "anglais" in _marker("fr")  # the language's name in the document's language
    # Untranslated notes and decisions say so in words, not only by their look (black-and-white print).
    notes = [b for b in item_blocks(model, "Needle bins") if isinstance(b, Paragraph) and b.label == _marker("fr")]
    assert notes[0] == Paragraph("Bins are emptied twice a day.", Tone.UNTRANSLATED, label=_marker("fr"))
    decision = [b for b in item_blocks(model, "Needle bins") if isinstance(b, Paragraph) and b.label]
    assert any(
        p.text == f"Empty the bins three times a day. {_marker('fr')}" and p.tone is Tone.UNTRANSLATED
        for p in decision
    )
    assert set(model.untranslated) == {
        "Needle bins at the station",
        "Bins are emptied twice a day.",
        "Empty the bins three times a day.",
        "Opening hours of the drop-in",
        "Open until 22:00 from July.",
    }
    # What the audience does not see is not reported as missing either.
    assert "Operation Nightjar" not in minutes(s1, Audience.partners(), "fr").untranslated
    assert "Operation Nightjar" in minutes(s1, Audience.for_partner(s1.police.id), "fr").untranslated
    # In the working language nothing is missing.
    assert minutes(s1, Audience.full(), "en").untranslated == ()


def test_a_stale_translation_falls_back_to_the_original(s1: Round) -> None:
    store, meeting_id = s1.store, s1.meeting.id
    text = _text_of(store, meeting_id, s1.needles.id, "title")
    set_translation(store, text, "fr", "Collecteurs de seringues", reviewed=True).apply(store)
    assert "1. Collecteurs de seringues" in headings(minutes(s1, Audience.public(), "fr"), 2)
    save_item(store, replace(s1.item(s1.needles.id), title="Needle bins at both stations")).apply(store)
    model = minutes(s1, Audience.public(), "fr")
    assert f"1. Needle bins at both stations {_marker('fr')}" in headings(model, 2)
    assert "Collecteurs" not in model.text()
    assert "Needle bins at both stations" in model.untranslated


def test_a_draft_translation_is_printed_too(s1: Round) -> None:
    store, meeting_id = s1.store, s1.meeting.id
    decision = next(t for t in translatable_texts(store, meeting_id) if t.record_kind == "decisions")
    assert decision.source == "Empty the bins three times a day."
    set_translation(store, decision, "de", "Die Behälter dreimal täglich leeren.").apply(store)
    model = minutes(s1, Audience.public(), "de")
    assert "Die Behälter dreimal täglich leeren." in model.text()
    assert "Empty the bins three times a day." not in model.text()
