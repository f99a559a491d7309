"""Quorum and the right to decide, counted by partner (one partner, one voice), and the outcome of a vote."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.entities import Forum, Partner, QuorumRule, Representative, Sector
from facilitator.meetings import Attendance, AttendeeRole, Presence, Stance
from facilitator.quorum import (
    PartnerStanding,
    Standing,
    evaluate_quorum,
    partner_standings,
    vote_outcome,
)

MEETING = "meeting-1"

POLICE = Partner(name="Police Service", short_name="Police", sector=Sector.POLICE)
HOUSING = Partner(name="Housing Association", sector=Sector.HOUSING)
OUTREACH = Partner(name="Outreach Team", sector=Sector.OUTREACH)
RESIDENTS = Partner(name="Residents' Forum", sector=Sector.COMMUNITY)
PARTNERS = [POLICE, HOUSING, OUTREACH, RESIDENTS]

CHIEF = Representative(name="Chief Inspector Ana", partner_id=POLICE.id, may_decide=True)
CONSTABLE = Representative(name="PC Ben", partner_id=POLICE.id)
SERGEANT = Representative(name="Sgt Cai", partner_id=POLICE.id)
DIRECTOR = Representative(name="Dora", partner_id=HOUSING.id, may_decide=True)
WORKER = Representative(name="Eli", partner_id=OUTREACH.id)
WORKER2 = Representative(name="Fay", partner_id=OUTREACH.id)
CHAIR = Representative(name="Rita", partner_id=RESIDENTS.id, may_decide=True)
PEOPLE = {r.id: r for r in (CHIEF, CONSTABLE, SERGEANT, DIRECTOR, WORKER, WORKER2, CHAIR)}


def _line(person: Representative, presence: Presence = Presence.PRESENT, **kwargs: object) -> Attendance:
    return Attendance(
        meeting_id=MEETING,
        partner_id=person.partner_id,
        representative_id=person.id,
        presence=presence,
        **kwargs,  # type: ignore[arg-type]
    )


def _by_partner(standings: list[PartnerStanding]) -> dict[str, PartnerStanding]:
    return {s.partner.id: s for s in standings}


def _forum(min_partners: int = 0, sectors: frozenset[Sector] = frozenset()) -> Forum:
    return Forum(name="Station Quarter Group", quorum=QuorumRule(min_partners, sectors))


# --- standings ---------------------------------------------------------------------------------------------


def test_three_people_of_one_partner_are_one_partner() -> None:
    roll = [_line(CHIEF), _line(CONSTABLE), _line(SERGEANT)]
    standings = partner_standings(PARTNERS, roll, PEOPLE)
    assert [s.partner for s in standings] == PARTNERS  # every member partner, in the order given
    police = _by_partner(standings)[POLICE.id]
    assert police.standing is Standing.CAN_DECIDE
    assert set(police.present) == {CHIEF, CONSTABLE, SERGEANT}
    result = evaluate_quorum(_forum(2), standings)
    assert result.partners_present == 1
    assert not result.quorate


def test_only_non_deciders_present_cannot_decide() -> None:
    standings = _by_partner(
        partner_standings(PARTNERS, [_line(CONSTABLE), _line(SERGEANT), _line(WORKER)], PEOPLE)
    )
    police = standings[POLICE.id]
    assert police.standing is Standing.CANNOT_DECIDE
    assert police.flagged
    text = police.explanation()
    assert "Police" in text and "PC Ben" in text and "Sgt Cai" in text and "may not take decisions" in text
    assert standings[OUTREACH.id].standing is Standing.CANNOT_DECIDE


def test_a_decider_among_non_deciders_can_decide() -> None:
    standings = _by_partner(partner_standings(PARTNERS, [_line(CONSTABLE), _line(CHIEF)], PEOPLE))
    assert standings[POLICE.id].standing is Standing.CAN_DECIDE
    assert not standings[POLICE.id].flagged
    assert standings[POLICE.id].explanation() == "Police can take decisions."


def test_substitutes_count_as_present() -> None:
    roll = [
        _line(CHIEF, Presence.APOLOGIES),
        _line(CONSTABLE, Presence.SUBSTITUTE, substitute_for_id=CHIEF.id),
    ]
    police = _by_partner(partner_standings(PARTNERS, roll, PEOPLE))[POLICE.id]
    assert police.present == (CONSTABLE,)
    assert police.standing is Standing.CANNOT_DECIDE  # the stand-in may not decide: flagged for the chair
    assert evaluate_quorum(_forum(1), partner_standings(PARTNERS, roll, PEOPLE)).partners_present == 1


def test_apologies_versus_nobody() -> None:
    roll = [
        _line(DIRECTOR, Presence.APOLOGIES),
        _line(WORKER, Presence.ABSENT),
        _line(CHAIR, Presence.EXPECTED),
    ]
    standings = _by_partner(partner_standings(PARTNERS, roll, PEOPLE))
    housing, outreach, residents, police = (
        standings[HOUSING.id],
        standings[OUTREACH.id],
        standings[RESIDENTS.id],
        standings[POLICE.id],
    )
    for standing in (housing, outreach, residents, police):
        assert standing.standing is Standing.NOT_PRESENT
        assert standing.flagged
        assert standing.present == ()
    assert housing.apologies
    assert not outreach.apologies and not residents.apologies and not police.apologies
    assert housing.explanation() == "Housing Association sent apologies: nobody is here for it."
    assert outreach.explanation() == "Nobody is here for Outreach Team."


def test_apologies_from_one_while_a_colleague_is_present() -> None:
    roll = [_line(WORKER, Presence.APOLOGIES), _line(WORKER2)]
    outreach = _by_partner(partner_standings(PARTNERS, roll, PEOPLE))[OUTREACH.id]
    assert outreach.standing is Standing.CANNOT_DECIDE
    assert outreach.present == (WORKER2,)


def test_guests_observers_and_unknown_people_do_not_count() -> None:
    roll = [
        Attendance(
            meeting_id=MEETING,
            partner_id=POLICE.id,
            representative_id=CHIEF.id,
            role=AttendeeRole.OBSERVER,
            presence=Presence.PRESENT,
        ),
        Attendance(
            meeting_id=MEETING, role=AttendeeRole.GUEST, guest_name="Dr Haddad", presence=Presence.PRESENT
        ),
        Attendance(
            meeting_id=MEETING, partner_id=HOUSING.id, representative_id="gone", presence=Presence.PRESENT
        ),
    ]
    standings = partner_standings(PARTNERS, roll, PEOPLE)
    assert {s.standing for s in standings} == {Standing.NOT_PRESENT}
    assert evaluate_quorum(_forum(1), standings).partners_present == 0


def test_a_partner_not_among_the_members_is_not_counted() -> None:
    standings = partner_standings([HOUSING], [_line(CHIEF), _line(DIRECTOR)], PEOPLE)
    assert [s.partner for s in standings] == [HOUSING]
    assert evaluate_quorum(_forum(2), standings).partners_present == 1


# --- quorum ------------------------------------------------------------------------------------------------


def test_quorum_met_by_partners_and_required_sectors() -> None:
    forum = _forum(2, frozenset({Sector.POLICE}))
    standings = partner_standings(PARTNERS, [_line(CONSTABLE), _line(DIRECTOR)], PEOPLE)
    result = evaluate_quorum(forum, standings)
    assert result.quorate
    assert (result.partners_present, result.partners_needed, result.missing_sectors) == (2, 2, frozenset())
    assert result.reasons() == ["Partners present: 2 of 2 needed."]
    assert result.summary() == "Quorate. Partners present: 2 of 2 needed."


def test_quorum_missing_a_required_sector() -> None:
    forum = _forum(2, frozenset({Sector.POLICE, Sector.COMMUNITY}))
    standings = partner_standings(PARTNERS, [_line(DIRECTOR), _line(WORKER), _line(CHAIR)], PEOPLE)
    result = evaluate_quorum(forum, standings)
    assert not result.quorate
    assert result.partners_present == 3
    assert result.missing_sectors == frozenset({Sector.POLICE})
    assert result.reasons() == ["Partners present: 3 of 2 needed.", "No partner present from: Police."]
    assert result.summary().startswith("Not quorate. ")


def test_quorum_reasons_name_every_missing_sector_sorted() -> None:
    forum = _forum(1, frozenset({Sector.POLICE, Sector.HOUSING}))
    result = evaluate_quorum(forum, partner_standings(PARTNERS, [], PEOPLE))
    assert not result.quorate
    assert result.reasons() == [
        "Partners present: 0 of 1 needed.",
        "No partner present from: Housing, Police.",
    ]


def test_a_rule_of_sectors_only_never_says_of_0_needed() -> None:
    forum = _forum(0, frozenset({Sector.POLICE}))
    standings = partner_standings(PARTNERS, [_line(DIRECTOR), _line(WORKER)], PEOPLE)
    result = evaluate_quorum(forum, standings)
    assert result.applies and not result.quorate
    assert result.reasons() == ["Partners present: 2.", "No partner present from: Police."]
    deciders = Forum(name="Board", quorum=QuorumRule(0, frozenset({Sector.POLICE}), deciders_only=True))
    counted = evaluate_quorum(deciders, partner_standings(PARTNERS, [_line(CONSTABLE)], PEOPLE))
    assert counted.reasons()[0].startswith("Partners able to decide: ")
    assert "needed" not in " ".join(counted.reasons())


def test_too_few_partners_is_not_quorate() -> None:
    standings = partner_standings(
        PARTNERS, [_line(CHIEF), _line(CONSTABLE), _line(DIRECTOR, Presence.APOLOGIES)], PEOPLE
    )
    result = evaluate_quorum(_forum(2), standings)
    assert not result.quorate
    assert result.reasons() == ["Partners present: 1 of 2 needed."]


def test_partners_represented_only_by_non_deciders_still_count_for_quorum() -> None:
    standings = partner_standings(PARTNERS, [_line(CONSTABLE), _line(WORKER)], PEOPLE)
    assert evaluate_quorum(_forum(2), standings).quorate


def test_no_rule_is_quorate_even_when_empty() -> None:
    assert evaluate_quorum(_forum(), partner_standings(PARTNERS, [], PEOPLE)).quorate


@given(
    people=st.lists(st.sampled_from(sorted(PEOPLE)), max_size=12),
    presences=st.lists(st.sampled_from(Presence), min_size=12, max_size=12),
    minimum=st.integers(0, 5),
)
def test_quorum_counts_partners_never_heads(
    people: list[str], presences: list[Presence], minimum: int
) -> None:
    roll = []
    for person_id, presence in zip(people, presences, strict=False):
        person = PEOPLE[person_id]
        extra = {"substitute_for_id": CHIEF.id if person.id != CHIEF.id else SERGEANT.id}
        if presence is Presence.SUBSTITUTE:
            roll.append(
                Attendance(
                    meeting_id=MEETING,
                    partner_id=person.partner_id,
                    representative_id=person.id,
                    presence=presence,
                    **extra,
                )
            )
        else:
            roll.append(_line(person, presence))
    standings = partner_standings(PARTNERS, roll, PEOPLE)
    here = {line.partner_id for line in roll if line.presence in (Presence.PRESENT, Presence.SUBSTITUTE)}
    result = evaluate_quorum(_forum(minimum), standings)
    assert result.partners_present == len(here)
    assert result.quorate is (len(here) >= minimum)
    for s in standings:
        assert (s.standing is not Standing.NOT_PRESENT) is (s.partner.id in here)


# --- votes -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stances", "carried", "consensus"),
    [
        ([Stance.AGREE, Stance.AGREE, Stance.DISAGREE], True, False),
        ([Stance.AGREE, Stance.DISAGREE], False, False),  # a tie is not carried
        ([Stance.AGREE, Stance.AGREE, Stance.BLOCK], False, False),  # a block is a veto
        ([Stance.AGREE, Stance.DISAGREE, Stance.BLOCK], False, False),
        ([Stance.AGREE, Stance.ABSTAIN, Stance.ABSTAIN, Stance.NOT_PRESENT], True, True),
        ([Stance.AGREE, Stance.AGREE], True, True),
        ([Stance.ABSTAIN, Stance.ABSTAIN, Stance.ABSTAIN], False, False),  # all abstain
        ([Stance.NOT_PRESENT, Stance.NOT_PRESENT], False, False),
        ([], False, False),
        ([Stance.BLOCK], False, False),
        ([Stance.DISAGREE, Stance.ABSTAIN], False, False),
    ],
)
def test_vote_outcome(stances: list[Stance], carried: bool, consensus: bool) -> None:
    outcome = vote_outcome(stances)
    assert outcome.carried is carried
    assert outcome.consensus is consensus


def test_vote_counts_each_stance() -> None:
    outcome = vote_outcome(
        iter([Stance.AGREE, Stance.BLOCK, Stance.ABSTAIN, Stance.AGREE, Stance.NOT_PRESENT, Stance.DISAGREE])
    )
    assert (outcome.agree, outcome.disagree, outcome.abstain, outcome.block, outcome.not_present) == (
        2,
        1,
        1,
        1,
        1,
    )
