"""The rules on standing records: what ``validate_*`` refuses (naming the field) and what it accepts."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import pkgutil
from dataclasses import replace

import pytest

import facilitator
from facilitator.conflicts import ConflictStage
from facilitator.entities import (
    MAX_NAME,
    Forum,
    LabelledEnum,
    Membership,
    Partner,
    QuorumRule,
    Representative,
    Sector,
    Seniority,
    Tier,
    touched,
    validate_forum,
    validate_membership,
    validate_partner,
    validate_representative,
)
from facilitator.errors import KnownError, ValidationError
from facilitator.i18n import N_, PSEUDO_LANGUAGE, set_language, translator
from facilitator.leaflets import Folding, Section
from facilitator.meetings import Confidentiality, MeetingKind
from facilitator.search import ResultKind

PARTNER = Partner(name="Police Service", short_name="Police", sector=Sector.POLICE, language="en")
OTHER_PARTNER = Partner(name="Housing Association", sector=Sector.HOUSING)


def _forum(**changes: object) -> Forum:
    base = Forum(
        name="Station Quarter Operational Group",
        tier=Tier.OPERATIONAL,
        usual_weekday=2,
        usual_time=dt.time(10, 30),
        usual_duration_minutes=90,
        usual_venue="Town hall, room 3",
        quorum=QuorumRule(3, frozenset({Sector.POLICE, Sector.OUTREACH})),
        min_notice_days=14,
        working_language="de",
        other_languages=("fr", "ar"),
    )
    return replace(base, **changes)


def _person(**changes: object) -> Representative:
    base = Representative(
        name="Ana Lopes",
        partner_id=PARTNER.id,
        role="Inspector",
        seniority=Seniority.MANAGER,
        may_decide=True,
        email="ana.lopes@police.example",
        phone="+44 (0)20 7946-0000",
        preferred_language="pt-BR",
        active_from=dt.date(2024, 1, 1),
        active_to=dt.date(2026, 12, 31),
    )
    return replace(base, **changes)


def _refused(check: object, record: object, field: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        check(record)  # type: ignore[operator]
    assert caught.value.field == field, str(caught.value)
    assert isinstance(caught.value, KnownError)
    assert field in str(caught.value)
    return caught.value


# --- good records pass --------------------------------------------------------------------------------------


def test_good_records_pass() -> None:
    validate_forum(_forum())
    validate_partner(PARTNER)
    validate_representative(_person())
    validate_representative(Representative(name="X", partner_id="p"))  # the bare minimum
    validate_forum(Forum(name="F"))


def test_good_edge_values_pass() -> None:
    validate_forum(
        _forum(
            name="n" * MAX_NAME,
            usual_weekday=0,
            usual_duration_minutes=5,
            min_notice_days=0,
            quorum=QuorumRule(0),
            other_languages=(),
        )
    )
    validate_forum(
        _forum(usual_weekday=6, usual_duration_minutes=24 * 60, min_notice_days=365, quorum=QuorumRule(200))
    )
    validate_forum(_forum(usual_weekday=None, usual_time=None))
    validate_partner(replace(PARTNER, name="Name\twith tab", contact="Line one\nLine two"))
    validate_representative(_person(active_from=dt.date(1950, 1, 1), active_to=dt.date(2150, 12, 31)))
    validate_representative(_person(active_from=dt.date(2025, 3, 14), active_to=dt.date(2025, 3, 14)))
    validate_representative(_person(email="", phone=""))
    validate_representative(_person(email="  someone@example.org  ", phone=" 0123 456 789 "))


def test_free_text_in_any_script_passes() -> None:
    validate_partner(replace(PARTNER, name="جمعية الإسكان <b>&amp;</b> 🏠", short_name="עמותה"))
    validate_representative(_person(name="Zoë Ñúñez-Łukasiewicz", role="Straßensozialarbeiterin"))


# --- names --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   ", "\t\n", "\u3000"])
def test_empty_or_blank_name_is_refused(name: str) -> None:
    _refused(validate_forum, _forum(name=name), "name")
    _refused(validate_partner, replace(PARTNER, name=name), "name")
    _refused(validate_representative, _person(name=name), "name")


def test_name_longer_than_200_characters_is_refused() -> None:
    error = _refused(validate_forum, _forum(name="n" * (MAX_NAME + 1)), "name")
    assert "200" in error.problem
    _refused(validate_partner, replace(PARTNER, name="n" * (MAX_NAME + 1)), "name")
    _refused(validate_representative, _person(name="n" * (MAX_NAME + 1)), "name")


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x1b", "\r", "\x1f"])
def test_control_characters_are_refused(control: str) -> None:
    _refused(validate_forum, _forum(name=f"Group{control}A"), "name")
    _refused(validate_forum, _forum(usual_venue=f"Hall{control}"), "usual_venue")
    _refused(validate_partner, replace(PARTNER, name=f"P{control}"), "name")
    _refused(validate_partner, replace(PARTNER, short_name=f"P{control}"), "short_name")
    _refused(validate_partner, replace(PARTNER, contact=f"call{control}me"), "contact")
    _refused(validate_representative, _person(role=f"Chief{control}"), "role")


def test_other_text_limits() -> None:
    _refused(validate_partner, replace(PARTNER, short_name="s" * 41), "short_name")
    validate_partner(replace(PARTNER, short_name="s" * 40))
    _refused(validate_partner, replace(PARTNER, contact="c" * 2001), "contact")
    _refused(validate_forum, _forum(usual_venue="v" * (MAX_NAME * 2 + 1)), "usual_venue")
    _refused(validate_representative, _person(role="r" * (MAX_NAME + 1)), "role")


# --- languages ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["", "xx", "klingon", "qq", "en GB"])
def test_unknown_language_code_is_refused(code: str) -> None:
    _refused(validate_forum, _forum(working_language=code), "working_language")
    _refused(validate_forum, _forum(other_languages=("fr", code)), "other_languages")
    _refused(validate_partner, replace(PARTNER, language=code), "language")
    _refused(validate_representative, _person(preferred_language=code), "preferred_language")


# --- forum numbers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("weekday", [7, -1, 100])
def test_weekday_outside_monday_to_sunday_is_refused(weekday: int) -> None:
    _refused(validate_forum, _forum(usual_weekday=weekday), "usual_weekday")


@pytest.mark.parametrize("minutes", [0, 4, -90, 24 * 60 + 1])
def test_implausible_duration_is_refused(minutes: int) -> None:
    _refused(validate_forum, _forum(usual_duration_minutes=minutes), "usual_duration_minutes")


@pytest.mark.parametrize("days", [400, 366, -1])
def test_implausible_notice_period_is_refused(days: int) -> None:
    _refused(validate_forum, _forum(min_notice_days=days), "min_notice_days")


@pytest.mark.parametrize("minimum", [500, 201, -1])
def test_implausible_quorum_is_refused(minimum: int) -> None:
    _refused(validate_forum, _forum(quorum=QuorumRule(minimum)), "quorum.min_partners")


# --- representatives ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [1, 1949, 2151, 9999])
def test_absurd_years_are_refused(year: int) -> None:
    day = dt.date(year, 6, 1)
    error = _refused(validate_representative, _person(active_from=day, active_to=None), "active_from")
    assert str(year) in error.problem
    _refused(validate_representative, _person(active_from=None, active_to=day), "active_to")


def test_active_to_before_active_from_is_refused() -> None:
    _refused(
        validate_representative,
        _person(active_from=dt.date(2025, 3, 14), active_to=dt.date(2025, 3, 13)),
        "active_to",
    )


@pytest.mark.parametrize(
    "email", ["ana", "ana@", "@police.example", "ana@police", "ana lopes@police.example", "a@b@c.d"]
)
def test_bad_email_is_refused(email: str) -> None:
    _refused(validate_representative, _person(email=email), "email")


@pytest.mark.parametrize("phone", ["12", "call me", "+44 20 7946 0000 ext. 5", "0" * 41, "☎ 123456"])
def test_bad_phone_is_refused(phone: str) -> None:
    _refused(validate_representative, _person(phone=phone), "phone")


def test_representative_without_partner_is_refused() -> None:
    _refused(validate_representative, _person(partner_id=""), "partner_id")


def test_is_active_on() -> None:
    person = _person(active_from=dt.date(2024, 1, 1), active_to=dt.date(2024, 12, 31))
    assert not person.is_active_on(dt.date(2023, 12, 31))
    assert person.is_active_on(dt.date(2024, 1, 1))
    assert person.is_active_on(dt.date(2024, 6, 15))
    assert person.is_active_on(dt.date(2024, 12, 31))
    assert not person.is_active_on(dt.date(2025, 1, 1))
    assert not replace(person, archived=True).is_active_on(dt.date(2024, 6, 15))

    open_ended = _person(active_from=None, active_to=None)
    assert open_ended.is_active_on(dt.date(1990, 1, 1))
    assert open_ended.is_active_on(dt.date(2100, 1, 1))
    assert not replace(open_ended, archived=True).is_active_on(dt.date(2024, 1, 1))
    assert not _person(active_from=dt.date(2024, 5, 1), active_to=None).is_active_on(dt.date(2024, 4, 30))
    assert _person(active_from=None, active_to=dt.date(2024, 5, 1)).is_active_on(dt.date(2024, 5, 1))
    assert not _person(active_from=None, active_to=dt.date(2024, 5, 1)).is_active_on(dt.date(2024, 5, 2))


# --- memberships --------------------------------------------------------------------------------------------


def _people() -> tuple[Representative, Representative, Representative, dict[str, Representative]]:
    main = _person(name="Main")
    substitute = _person(name="Substitute")
    outsider = _person(name="Outsider", partner_id=OTHER_PARTNER.id)
    return main, substitute, outsider, {p.id: p for p in (main, substitute, outsider)}


def test_good_membership_passes() -> None:
    main, substitute, _outsider, people = _people()
    forum = _forum()
    validate_membership(Membership(forum_id=forum.id, partner_id=PARTNER.id), people)
    validate_membership(
        Membership(
            forum_id=forum.id,
            partner_id=PARTNER.id,
            main_representative_id=main.id,
            substitute_ids=(substitute.id,),
        ),
        people,
    )
    validate_membership(
        Membership(forum_id=forum.id, partner_id=PARTNER.id, substitute_ids=(main.id,)), people
    )


def test_membership_naming_a_representative_of_another_partner_is_refused() -> None:
    main, _substitute, outsider, people = _people()
    as_main = Membership(forum_id="f", partner_id=PARTNER.id, main_representative_id=outsider.id)
    error = _refused(lambda m: validate_membership(m, people), as_main, "substitute_ids")
    assert "Outsider" in error.problem
    as_substitute = Membership(
        forum_id="f", partner_id=PARTNER.id, main_representative_id=main.id, substitute_ids=(outsider.id,)
    )
    _refused(lambda m: validate_membership(m, people), as_substitute, "substitute_ids")


def test_membership_naming_the_same_person_twice_is_refused() -> None:
    main, substitute, _outsider, people = _people()
    main_also_substitute = Membership(
        forum_id="f",
        partner_id=PARTNER.id,
        main_representative_id=main.id,
        substitute_ids=(substitute.id, main.id),
    )
    _refused(lambda m: validate_membership(m, people), main_also_substitute, "substitute_ids")
    substitute_twice = Membership(
        forum_id="f", partner_id=PARTNER.id, substitute_ids=(substitute.id, substitute.id)
    )
    _refused(lambda m: validate_membership(m, people), substitute_twice, "substitute_ids")


def test_membership_naming_an_unknown_person_is_refused() -> None:
    _main, _substitute, _outsider, people = _people()
    ghost = Membership(forum_id="f", partner_id=PARTNER.id, main_representative_id="no-such-person")
    _refused(lambda m: validate_membership(m, people), ghost, "substitute_ids")


# --- records in general -------------------------------------------------------------------------------------


def test_records_get_distinct_ids_and_utc_stamps() -> None:
    a, b = Partner(name="A"), Partner(name="B")
    assert a.id != b.id
    assert a.created.tzinfo is not None
    assert a.created.utcoffset() == dt.timedelta(0)
    assert a.created.microsecond == 0
    assert not a.archived


def test_touched_changes_only_updated() -> None:
    old = replace(
        PARTNER,
        updated=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        created=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )
    new = touched(old)
    assert new.updated > old.updated
    assert replace(new, updated=old.updated) == old


def test_display_name_and_labels() -> None:
    assert PARTNER.display_name == "Police"
    assert OTHER_PARTNER.display_name == "Housing Association"
    assert Sector.POLICE.label == "Police"
    assert Tier.OPERATIONAL.label == "Operational (street level)"


# --- labelled enums -----------------------------------------------------------------------------------------


def _every_labelled_enum() -> list[type[LabelledEnum]]:
    """Every labelled enum of the core, each of its modules imported first (an enum nobody imported is still found)."""
    for module in pkgutil.walk_packages(facilitator.__path__, "facilitator."):
        if not module.name.endswith("__main__"):  # running the command line is not importing it
            importlib.import_module(module.name)
    found: list[type[LabelledEnum]] = []
    waiting = [LabelledEnum]
    while waiting:
        kinds = waiting.pop().__subclasses__()
        found += kinds
        waiting += kinds
    return found


def test_every_member_of_every_labelled_enum_has_a_label() -> None:
    kinds = _every_labelled_enum()
    assert {Tier, Sector, Seniority, MeetingKind, Confidentiality, Section, Folding, ResultKind} <= set(kinds)
    for kind in kinds:
        for member in kind:
            assert member.label, member
            assert member.label_in(translator("fr")), member


def test_a_labelled_enum_is_stored_looked_up_and_compared_by_its_value_alone() -> None:
    assert Tier("strategic") is Tier.STRATEGIC
    assert ResultKind("agenda_items") is ResultKind.ITEMS
    assert Tier.STRATEGIC.value == str(Tier.STRATEGIC) == f"{Tier.STRATEGIC}" == "strategic"
    assert Tier.STRATEGIC == "strategic" != Tier.OPERATIONAL
    assert hash(Tier.STRATEGIC) == hash("strategic")
    assert {"strategic": 1}[Tier.STRATEGIC] == 1
    assert json.loads(json.dumps({"tier": Tier.PUBLIC})) == {"tier": "public"}
    # Members of different enums with the same value stay different (a dict or set may hold both).
    assert MeetingKind.PUBLIC == "public" == Confidentiality.PUBLIC
    assert (MeetingKind.PUBLIC == Confidentiality.PUBLIC) is False
    assert (MeetingKind.PUBLIC != Confidentiality.PUBLIC) is True
    assert (MeetingKind.PUBLIC != MeetingKind.PUBLIC) is False
    assert (MeetingKind.PUBLIC != "public") is False
    assert (MeetingKind.PUBLIC != "private") is True
    assert len({MeetingKind.PUBLIC, Confidentiality.PUBLIC, Tier.PUBLIC}) == 3
    with pytest.raises(ValueError, match="is not a valid Tier"):
        Tier("Strategic")  # a label is not a value
    with pytest.raises(ValueError, match="is not a valid Tier"):
        Tier(("strategic", "Strategic"))  # nor is what the member was declared with


def test_a_member_shows_its_label_in_the_window_and_in_documents() -> None:
    french, pseudo = translator("fr"), translator(PSEUDO_LANGUAGE)
    assert Tier.OPERATIONAL.label == "Operational (street level)"
    assert Tier.OPERATIONAL.label_in(french) == "Opérationnel (terrain)"
    assert MeetingKind.PUBLIC.label == "Public meeting"
    assert MeetingKind.PUBLIC.label_in(french) == "Réunion publique"
    assert Confidentiality.PUBLIC.label == Tier.PUBLIC.label == "Public"
    assert ConflictStage.CLOSED_UNRESOLVED.label_in(translator("ar")) == "أُغلق دون تسوية"
    assert ResultKind.ITEMS.label_in(pseudo) == "⟦Agenda items and notes⟧"
    assert Folding.SET.label_in(pseudo) == "⟦One page for each language⟧"
    set_language("fr")
    assert Section.WHERE.label == french.gettext("Venue") != "Venue"


def test_a_member_declared_without_a_label_stops_its_enum_from_being_made() -> None:
    with pytest.raises(TypeError, match="Colour: the member 'red' has no label"):

        class Colour(LabelledEnum):
            RED = "red"

    with pytest.raises(TypeError, match="Shade: the member 'dark' has no label"):

        class Shade(LabelledEnum):
            LIGHT = "light", N_("Light")
            DARK = "dark", ""

    with pytest.raises(TypeError, match="is not a string"):

        class Size(LabelledEnum):
            ONE = 1, N_("One")
