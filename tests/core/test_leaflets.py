"""Leaflets in the core: what a leaflet prints (only public content), translations, warnings, the demo leaflet.

``make_partnership`` builds a small partnership whose every printable text carries a marker saying who may
read it (``PUBLICMARK``, ``PARTNERSMARK``, ``RESTRICTEDMARK``, ``PERSONMARK`` for people's names); the export
and window tests use it too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import pytest

from facilitator.actions import Action, ActionStatus, save_action
from facilitator.content_translation import (
    TranslationStatus,
    export_po,
    import_po,
    set_translation,
    translatable_texts,
    translation_rows,
)
from facilitator.entities import Forum, Partner, Representative, Sector, Tier
from facilitator.errors import KnownError
from facilitator.leaflets import (
    Leaflet,
    Section,
    actions_to_report,
    build_leaflet,
    leaflet_for,
    leaflet_of,
    personal_data_warnings,
    save_leaflet,
    validate_leaflet,
)
from facilitator.meeting_ops import new_meeting, save_item
from facilitator.meetings import AgendaItem, Confidentiality, ItemKind, Meeting, MeetingKind
from facilitator.operations import save_forum, save_partner, save_representative
from facilitator.store import Store
from tests.core.fakes import MemoryStore

DAY = dt.date(2025, 6, 18)
FORBIDDEN = ("PARTNERSMARK", "RESTRICTEDMARK", "PERSONMARK")


@dataclass
class Partnership:
    """What ``make_partnership`` made: the store and the ids tests need."""

    store: Store
    forum: Forum
    police: Partner
    outreach: Partner
    person: Representative
    meeting_id: str
    previous_id: str
    private_meeting_id: str


def make_partnership(store: Store | None = None) -> Partnership:
    """A public forum with a previous and a next public meeting, items and actions of every confidentiality."""
    store = store if store is not None else MemoryStore()
    forum = Forum(name="Station Square residents", tier=Tier.PUBLIC, working_language="en")
    save_forum(store, forum).apply(store)
    police = Partner(name="City Police", sector=Sector.POLICE)
    outreach = Partner(name="Outreach North", sector=Sector.OUTREACH)
    for partner in (police, outreach):
        save_partner(store, partner).apply(store)
    person = Representative(
        name="Anna PERSONMARK-Kowalska",
        partner_id=police.id,
        email="anna.kowalska@police.example.org",
        phone="+44 20 7946 0321",
    )
    save_representative(store, person).apply(store)
    edit, previous = new_meeting(
        store, forum.id, dt.datetime(2025, 3, 12, 18, 30), timezone="Europe/London", venue="Old hall"
    )
    edit.apply(store)
    edit, meeting = new_meeting(
        store,
        forum.id,
        dt.datetime.combine(DAY, dt.time(18, 30)),
        timezone="Europe/London",
        venue="St Mark's Community Centre (step-free access)",
    )
    edit.apply(store)
    assert meeting.kind is MeetingKind.PUBLIC
    items = (
        ("PUBLICMARK-topic-1 Cleanliness of the square", Confidentiality.PUBLIC, ()),
        ("PUBLICMARK-topic-2 Safety in the underpass", Confidentiality.PUBLIC, ()),
        ("PARTNERSMARK-item Staff rota of the outreach team", Confidentiality.PARTNERS, ()),
        ("RESTRICTEDMARK-item Planned police operation", Confidentiality.RESTRICTED, (police.id,)),
    )
    for title, confidentiality, restricted in items:
        item = AgendaItem(
            meeting_id=meeting.id,
            position=0,
            title=title,
            kind=ItemKind.DISCUSSION,
            confidentiality=confidentiality,
            restricted_to=restricted,
            presenter_partner_id=police.id,
            presenter_id=person.id,
            notes="PARTNERSMARK-notes never printed on a leaflet",
        )
        save_item(store, item).apply(store)
    actions = (
        (
            "PUBLICMARK-done-1 Brighter lights fitted.",
            Confidentiality.PUBLIC,
            ActionStatus.DONE,
            DAY - dt.timedelta(days=30),
        ),
        (
            "PUBLICMARK-done-2 Square cleaned at 6:30.",
            Confidentiality.PUBLIC,
            ActionStatus.DONE,
            DAY - dt.timedelta(days=10),
        ),
        (
            "PARTNERSMARK-done Rota shared.",
            Confidentiality.PARTNERS,
            ActionStatus.DONE,
            DAY - dt.timedelta(days=10),
        ),
        (
            "RESTRICTEDMARK-done Operation planned.",
            Confidentiality.RESTRICTED,
            ActionStatus.DONE,
            DAY - dt.timedelta(days=5),
        ),
        (
            "PUBLICMARK-old Done before the last meeting.",
            Confidentiality.PUBLIC,
            ActionStatus.DONE,
            dt.date(2025, 3, 1),
        ),
        ("PUBLICMARK-open Still open.", Confidentiality.PUBLIC, ActionStatus.IN_PROGRESS, None),
        ("", Confidentiality.PUBLIC, ActionStatus.DONE, DAY - dt.timedelta(days=3)),  # no public wording
    )
    for number, (wording, confidentiality, status, completed) in enumerate(actions):
        action = Action(
            forum_id=forum.id,
            title=f"PARTNERSMARK-action-title {number}",
            details="PARTNERSMARK-details",
            owner_partner_id=police.id,
            owner_person_id=person.id,
            status=status,
            completed_on=completed,
            confidentiality=confidentiality,
            restricted_to=(police.id,) if confidentiality is Confidentiality.RESTRICTED else (),
            public_text=wording,
        )
        save_action(store, action).apply(store)
    edit, private = new_meeting(
        store, forum.id, dt.datetime(2025, 7, 1, 10), timezone="Europe/London", kind=MeetingKind.REGULAR
    )
    edit.apply(store)
    return Partnership(store, forum, police, outreach, person, meeting.id, previous.id, private.id)


def all_text(model: object) -> str:
    """Every string of a leaflet model, joined."""
    from facilitator.leaflets import LeafletModel

    assert isinstance(model, LeafletModel)
    parts: list[str] = []
    for side in model.sides:
        parts.append(side.kicker)
        for section in side.sections:
            parts += [section.heading, *section.paragraphs, *section.items]
    return "\n".join(parts)


@pytest.fixture
def data() -> Partnership:
    return make_partnership()


# --- what a leaflet prints ----------------------------------------------------------------------------------


def test_topics_are_the_public_items_only(data: Partnership) -> None:
    model = build_leaflet(data.store, data.meeting_id, "en")
    (side,) = model.sides
    topics = side.section(Section.TOPICS)
    assert topics is not None
    assert [t.split()[0] for t in topics.items] == ["PUBLICMARK-topic-1", "PUBLICMARK-topic-2"]
    text = all_text(model)
    for marker in FORBIDDEN:
        assert marker not in text


def test_what_we_did_is_public_done_worded_and_since_the_last_public_meeting(data: Partnership) -> None:
    meeting = data.store.get(Meeting, data.meeting_id)
    reported = actions_to_report(data.store, meeting)
    assert [a.public_text.split()[0] for a in reported] == ["PUBLICMARK-done-1", "PUBLICMARK-done-2"]
    done = build_leaflet(data.store, data.meeting_id, "en").sides[0].section(Section.DONE)
    assert done is not None
    assert done.items == tuple(a.public_text for a in reported)


def test_date_and_time_in_the_languages_own_format(data: Partnership) -> None:
    english = build_leaflet(data.store, data.meeting_id, "en").sides[0].section(Section.WHEN)
    german = build_leaflet(data.store, data.meeting_id, "de").sides[0].section(Section.WHEN)
    arabic = build_leaflet(data.store, data.meeting_id, "ar").sides[0].section(Section.WHEN)
    assert english and german and arabic
    assert "Wednesday" in english.paragraphs[0] and "June" in english.paragraphs[0]
    assert (
        "Mittwoch" in german.paragraphs[0]
        and "Juni" in german.paragraphs[0]
        and "18:30" in german.paragraphs[0]
    )
    assert "الأربعاء" in arabic.paragraphs[0]
    assert "\u2066" in arabic.paragraphs[0]  # times isolated inside the right-to-left line


def test_bilingual_leaflet_has_a_side_per_language_in_its_direction(data: Partnership) -> None:
    model = build_leaflet(data.store, data.meeting_id, "en", "ar")
    assert [(s.language, s.right_to_left) for s in model.sides] == [("en", False), ("ar", True)]
    assert build_leaflet(data.store, data.meeting_id, "en", "en").sides[0].language == "en"
    assert len(build_leaflet(data.store, data.meeting_id, "en", "en").sides) == 1


def test_up_to_four_languages(data: Partnership) -> None:
    model = build_leaflet(data.store, data.meeting_id, "en", "pl", "ar", "tr")
    assert [s.language for s in model.sides] == ["en", "pl", "ar", "tr"]
    with pytest.raises(KnownError, match="at most 4 languages"):
        build_leaflet(data.store, data.meeting_id, "en", "pl", "ar", "tr", "fr")


def test_times_follow_the_partnerships_region(data: Partnership) -> None:
    """An English leaflet of a partnership in the United States says 6:30 PM; in Britain, 18:30, as the
    organiser's "tea from 18:00" beside it does. Without a region, each language's own convention."""
    from facilitator.profile import Profile, save_profile

    def when(language: str) -> str:
        section = build_leaflet(data.store, data.meeting_id, language).sides[0].section(Section.WHEN)
        assert section is not None
        return section.paragraphs[0]

    assert "6:30\u00a0PM" in when("en")
    save_profile(data.store, Profile(region="GB")).apply(data.store)
    assert "18:30" in when("en") and "PM" not in when("en")
    assert "18:30" in when("ar")  # Arabic in Britain: the 24-hour clock too
    save_profile(data.store, Profile(region="US")).apply(data.store)
    assert "6:30\u00a0PM" in when("en")


def test_each_fact_once_free_and_welcome(data: Partnership) -> None:
    """The venue says step-free and the note names the interpreters: the ticked offers are not repeated;
    an offer nothing else says is printed; a line says the meeting is free and everyone is welcome."""
    leaflet = replace(
        leaflet_for(data.store, data.meeting_id),
        step_free_access=True,
        interpreters=True,
        hearing_loop=True,
        accessibility_note="Polish and Arabic interpreters. Tea from 18:00.",
    )
    save_leaflet(data.store, leaflet).apply(data.store)
    side = build_leaflet(data.store, data.meeting_id, "en").sides[0]
    access = side.section(Section.ACCESS)
    assert access is not None and access.items == ("Hearing loop",)
    assert side.welcome == "Free, and everyone is welcome."
    assert not side.qr_caption  # no link, no code
    save_leaflet(data.store, replace(leaflet, qr_link="https://maps.example.org/x")).apply(data.store)
    model = build_leaflet(data.store, data.meeting_id, "en")
    assert model.qr_link == "https://maps.example.org/x" and model.sides[0].qr_caption


def test_only_public_meetings_have_leaflets(data: Partnership) -> None:
    with pytest.raises(KnownError, match="public meetings"):
        build_leaflet(data.store, data.private_meeting_id, "en")
    with pytest.raises(KnownError):
        save_leaflet(data.store, Leaflet(meeting_id=data.private_meeting_id))


def test_defaults_come_from_the_catalogs_and_the_venue(data: Partnership) -> None:
    side = build_leaflet(data.store, data.meeting_id, "fr").sides[0]
    concern, privacy = side.section(Section.CONCERN), side.section(Section.PRIVACY)
    assert concern and concern.paragraphs[0] and privacy and privacy.paragraphs[0]
    assert leaflet_for(data.store, data.meeting_id).step_free_access  # "step-free" in the venue
    assert leaflet_of(data.store, data.meeting_id) is None  # nothing stored until the organiser writes


def test_left_out_topics_stay_off_and_never_add_anything(data: Partnership) -> None:
    from facilitator.leaflets import topic_items

    first = topic_items(data.store, data.meeting_id)[0]
    leaflet = replace(leaflet_for(data.store, data.meeting_id), left_out_item_ids=(first.id,))
    save_leaflet(data.store, leaflet).apply(data.store)
    topics = build_leaflet(data.store, data.meeting_id, "en").sides[0].section(Section.TOPICS)
    assert topics is not None and [t.split()[0] for t in topics.items] == ["PUBLICMARK-topic-2"]


# --- operations -----------------------------------------------------------------------------------------------


def test_saving_is_one_undoable_edit_and_one_leaflet_per_meeting(data: Partnership) -> None:
    store = data.store
    first = replace(leaflet_for(store, data.meeting_id), headline="Have your say")
    edit = save_leaflet(store, first)
    edit.apply(store)
    again = save_leaflet(store, Leaflet(meeting_id=data.meeting_id, headline="Second"))
    again.apply(store)
    stored = leaflet_of(store, data.meeting_id)
    assert stored is not None and stored.id == first.id and stored.headline == "Second"
    assert len(store.where(Leaflet, {"meeting_id": data.meeting_id})) == 1
    again.revert(store)
    assert leaflet_of(store, data.meeting_id).headline == "Have your say"  # type: ignore[union-attr]
    edit.revert(store)
    assert leaflet_of(store, data.meeting_id) is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"headline": "x" * 201}, "headline"),
        ({"contacts": "a\x00b"}, "contacts"),
        ({"logo_ids": ("a",) * 7}, "logo_ids"),
        ({"logo_ids": ("",)}, "logo_ids"),
        ({"meeting_id": ""}, "meeting_id"),
        ({"qr_link": "not a link"}, "qr_link"),
    ],
)
def test_validation_names_the_field(changes: dict[str, object], field: str) -> None:
    from facilitator.errors import ValidationError

    with pytest.raises(ValidationError) as raised:
        validate_leaflet(replace(Leaflet(meeting_id="m"), **changes))  # type: ignore[arg-type]
    assert raised.value.field == field


# --- translation ----------------------------------------------------------------------------------------------


def _write(data: Partnership) -> Leaflet:
    leaflet = replace(
        leaflet_for(data.store, data.meeting_id),
        headline="PUBLICMARK-headline Have your say",
        concern="PUBLICMARK-concern Tell us in confidence.",
        contacts="Office, 12 Station Road\nPhone: 020 7946 0150",
    )
    save_leaflet(data.store, leaflet).apply(data.store)
    return leaflet


def test_leaflet_texts_are_translatable_content_of_the_meeting(data: Partnership) -> None:
    leaflet = _write(data)
    keys = {(t.record_kind, t.field) for t in translatable_texts(data.store, data.meeting_id)}
    assert {("leaflets", "headline"), ("leaflets", "concern"), ("leaflets", "contacts")} <= keys
    assert ("actions", "public_text") in keys and ("meetings", "venue") in keys
    texts = {
        t.field: t for t in translatable_texts(data.store, data.meeting_id) if t.record_kind == "leaflets"
    }
    set_translation(data.store, texts["headline"], "pl", "Przyjdź i powiedz", reviewed=True).apply(data.store)
    side = build_leaflet(data.store, data.meeting_id, "pl").sides[0]
    assert side.section(Section.HEADLINE).paragraphs == ("Przyjdź i powiedz",)  # type: ignore[union-attr]
    assert "PUBLICMARK-concern Tell us in confidence." in side.untranslated
    # The source changes: the translation goes stale and the original is printed again.
    save_leaflet(data.store, replace(leaflet, headline="A new headline")).apply(data.store)
    rows = {
        r.text.field: r
        for r in translation_rows(data.store, data.meeting_id, "pl")
        if r.text.record_kind == "leaflets"
    }
    assert rows["headline"].status is TranslationStatus.STALE
    assert build_leaflet(data.store, data.meeting_id, "pl").sides[0].section(Section.HEADLINE).paragraphs == (  # type: ignore[union-attr]
        "A new headline",
    )


def test_po_round_trip_carries_leaflet_texts(data: Partnership) -> None:
    _write(data)
    po = export_po(data.store, data.meeting_id, "tr").decode("utf-8")
    assert "leaflets:" in po and "PUBLICMARK-headline Have your say" in po
    assert "PARTNERSMARK-action-title" not in po  # where a text is, never the action's own title
    translated = po.replace(
        'msgid "PUBLICMARK-headline Have your say"\nmsgstr ""',
        'msgid "PUBLICMARK-headline Have your say"\nmsgstr "Söz sizde"',
    )
    result = import_po(data.store, data.meeting_id, "tr", translated.encode("utf-8"))
    assert result.applied == 1
    result.edit.apply(data.store)
    side = build_leaflet(data.store, data.meeting_id, "tr").sides[0]
    assert side.section(Section.HEADLINE).paragraphs == ("Söz sizde",)  # type: ignore[union-attr]


# --- personal data ---------------------------------------------------------------------------------------------


def test_warnings_name_people_personal_phones_and_addresses(data: Partnership) -> None:
    leaflet = replace(
        leaflet_for(data.store, data.meeting_id),
        headline="Meet Anna PERSONMARK-Kowalska",
        concern="Ask for PERSONMARK-Kowalska at the door, or text 07700 900123.",
        contacts=(
            "Office: 020 7946 0150\nstationsquare@council.example.org\nanna.kowalska@police.example.org\n"
            "helper@gmail.com\n+44 20 7946 0321\n+48 601 234 567"
        ),
    )
    save_leaflet(data.store, leaflet).apply(data.store)
    warnings = personal_data_warnings(data.store, leaflet_of(data.store, data.meeting_id))  # type: ignore[arg-type]
    joined = "\n".join(warnings)
    assert "Leaflet: headline" in joined and "Anna PERSONMARK-Kowalska" in joined
    assert "07700 900123" in joined and "+48 601 234 567" in joined and "+44 20 7946 0321" in joined
    assert "anna.kowalska@police.example.org" in joined and "helper@gmail.com" in joined
    assert "020 7946 0150" not in joined and "stationsquare@council.example.org" not in joined


def test_warnings_cover_translations_and_action_wording(data: Partnership) -> None:
    leaflet = _write(data)
    headline = next(
        t
        for t in translatable_texts(data.store, data.meeting_id)
        if t.record_kind == "leaflets" and t.field == "headline"
    )
    set_translation(data.store, headline, "ar", "اسألوا Kowalska").apply(data.store)
    action = actions_to_report(data.store, data.store.get(Meeting, data.meeting_id))[0]
    save_action(data.store, replace(action, public_text="Call 07700 900456 for help.")).apply(data.store)
    warnings = personal_data_warnings(data.store, leaflet)
    assert any("(ar)" in w and "Kowalska" in w for w in warnings)
    assert any("07700 900456" in w for w in warnings)


def test_a_plain_leaflet_has_no_warnings(data: Partnership) -> None:
    assert personal_data_warnings(data.store, _write(data)) == []


# --- the demo -----------------------------------------------------------------------------------------------------


def test_demo_leaflet_is_translated_into_four_languages_without_warnings() -> None:
    from facilitator.demo import build_demo
    from facilitator.demo.leaflet import add_demo_leaflet
    from facilitator.meetings import Meeting, MeetingStatus

    store = MemoryStore()
    build_demo(store, today=dt.date(2025, 11, 3))
    meeting = min(
        (m for m in store.all(Meeting) if m.kind is MeetingKind.PUBLIC and m.status is MeetingStatus.PLANNED),
        key=lambda m: m.starts_at,
    )
    add_demo_leaflet(store, meeting.id, today=dt.date(2025, 11, 3))
    leaflet = leaflet_of(store, meeting.id)
    assert leaflet is not None
    assert personal_data_warnings(store, leaflet) == []
    for language in ("pl", "ar", "tr"):
        side = build_leaflet(store, meeting.id, language).sides[0]
        assert side.untranslated == (), (language, side.untranslated)
        done = side.section(Section.DONE)
        assert done is not None and len(done.items) == 3
    english = all_text(build_leaflet(store, meeting.id, "en"))
    assert "patrol rota" not in english  # the partners-only action stays off
    assert "Welcome and introductions" not in english  # left out by the organiser
