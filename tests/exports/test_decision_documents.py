"""Decisions as documents print them, read back from real DOCX and PDF files: a block makes a consensus blocked
(never "Reached by: consensus"), a decision taken without quorum says so, a forum without a quorum rule says
nothing of quorum, and reports list only what was decided."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from facilitator.audience import Audience
from facilitator.entities import Forum, Partner, QuorumRule, Representative, Sector, Tier
from facilitator.exports.docx_writer import write_docx
from facilitator.exports.pdf_writer import write_pdf
from facilitator.indicators import Period
from facilitator.meeting_ops import (
    end_meeting,
    new_meeting,
    record_decision,
    roll,
    save_item,
    set_attendance,
    start_item,
    start_meeting,
)
from facilitator.meetings import AgendaItem, Confidentiality, DecisionMethod, ItemKind, Presence, Stance
from facilitator.minutes import build_minutes
from facilitator.operations import save_forum, save_partner, save_representative, set_membership
from facilitator.storage import Partnership, open_partnership
from facilitator.year_review import year_in_review
from tests.test_leaks import docx_text, pdf_text

STARTED = dt.datetime(2025, 6, 2, 9, 0, tzinfo=dt.UTC)  # 10:00 in London


def read_back(model, folder: Path, name: str) -> tuple[str, str]:
    """DOCX and PDF written by the app's writers, read back, whitespace made single."""
    write_docx(model, folder / f"{name}.docx")
    write_pdf(model, folder / f"{name}.pdf")
    texts = (
        docx_text((folder / f"{name}.docx").read_bytes()),
        pdf_text((folder / f"{name}.pdf").read_bytes()),
    )
    return " ".join(texts[0].split()), " ".join(texts[1].split())


@pytest.fixture
def held(tmp_path: Path) -> tuple[Partnership, dict[str, str]]:
    """A held street round: police and housing present, outreach sent apologies; the police leave at 10:40.
    At 10:20 housing blocks a consensus; at 10:30 a consensus is reached; at 10:50 a vote is taken without the
    police, whom the forum's quorum requires."""
    store = open_partnership(tmp_path / "held.sqlite")
    forum = Forum(
        name="Street round", tier=Tier.OPERATIONAL, quorum=QuorumRule(2, frozenset({Sector.POLICE}))
    )
    save_forum(store, forum).apply(store)
    ids = {"forum": forum.id}
    for key, sector in (
        ("police", Sector.POLICE),
        ("housing", Sector.HOUSING),
        ("outreach", Sector.OUTREACH),
    ):
        partner = Partner(name=key.capitalize(), sector=sector)
        person = Representative(name=f"Head of {key}", partner_id=partner.id, may_decide=True)
        save_partner(store, partner).apply(store)
        save_representative(store, person).apply(store)
        set_membership(store, forum.id, partner.id, person.id).apply(store)
        ids[key] = partner.id
    edit, meeting = new_meeting(store, forum.id, dt.datetime(2025, 6, 2, 10), timezone="Europe/London")
    edit.apply(store)
    ids["meeting"] = meeting.id
    for line in roll(store, meeting.id):
        presence = Presence.APOLOGIES if line.partner_id == ids["outreach"] else Presence.PRESENT
        left = dt.time(10, 40) if line.partner_id == ids["police"] else None
        set_attendance(store, replace(line, presence=presence, left_at=left)).apply(store)
    start_meeting(store, meeting.id, STARTED).apply(store)
    both = {ids["police"]: (Stance.AGREE, ""), ids["housing"]: (Stance.BLOCK, "Our tenants were not asked")}
    agree = {ids["police"]: (Stance.AGREE, ""), ids["housing"]: (Stance.AGREE, "")}
    late = {ids["housing"]: (Stance.AGREE, ""), ids["police"]: (Stance.NOT_PRESENT, "")}
    decisions = (
        (20, "Needle bins", "Move the bins to the square", DecisionMethod.CONSENSUS, both),
        (30, "Shelter beds", "Six beds from July", DecisionMethod.CONSENSUS, agree),
        (50, "Night patrols", "Patrols until midnight", DecisionMethod.VOTE, late),
    )
    for minute, title, text, method, positions in decisions:
        item = AgendaItem(
            meeting_id=meeting.id,
            position=0,
            title=title,
            kind=ItemKind.DECISION,
            confidentiality=Confidentiality.PUBLIC,
        )
        save_item(store, item).apply(store)
        ids[title] = item.id
        # Decided while the item is under way, by the live clock.
        start_item(store, item.id, STARTED + dt.timedelta(minutes=minute - 5)).apply(store)
        record_decision(
            store, item.id, text, method, positions, now=STARTED + dt.timedelta(minutes=minute)
        ).apply(store)
    end_meeting(store, meeting.id, STARTED + dt.timedelta(minutes=60)).apply(store)
    yield store, ids
    store.close()


def test_a_block_makes_the_consensus_blocked_in_every_document(held, tmp_path: Path) -> None:
    store, ids = held
    partners = build_minutes(store, ids["meeting"], Audience.partners(), "en")
    text = partners.text()
    assert "Proposal: Move the bins to the square" in text
    assert "Consensus not reached: blocked by Housing." in text
    assert text.count("Reached by: Consensus.") == 1  # only the shelter beds
    public = build_minutes(store, ids["meeting"], Audience.public(), "en").text()
    assert "Consensus not reached: blocked." in public and "Housing." not in public.split("blocked")[1][:10]
    for flat in read_back(partners, tmp_path, "partners"):
        assert "Consensus not reached: blocked by Housing." in flat
        assert "Decision: Six beds from July Reached by: Consensus." in flat
        assert "Reached by: Consensus. Partner Position Reason Housing Block" not in flat
    for flat in read_back(build_minutes(store, ids["meeting"], Audience.partners(), "fr"), tmp_path, "fr"):
        assert "Consensus non atteint : veto de Housing." in flat
        assert "Proposition : Move the bins to the square" in flat
    # The year in review lists what was decided: not the blocked proposal.
    year = year_in_review(store, Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31)), "en")
    decided = year.text()
    assert "Six beds from July" in decided and "Patrols until midnight" in decided
    assert "Move the bins to the square" not in decided


def test_quorum_is_printed_at_each_decision(held, tmp_path: Path) -> None:
    store, ids = held
    model = build_minutes(store, ids["meeting"], Audience.partners(), "en")
    text = model.text()
    # Over the meeting the police were there; at 10:50 they had gone.
    assert "The meeting was quorate. Partners present: 2 of 2 needed." in text
    assert text.count("Taken without quorum") == 1
    docx_flat, pdf_flat = read_back(model, tmp_path, "quorum")
    for flat in (docx_flat, pdf_flat):
        assert (
            "Taken without quorum, at 10:50 AM. Partners present: 1 of 2 needed. No partner present from: Police."
            in flat.replace("\u202f", " ").replace("\u00a0", " ")
        )


def test_a_forum_without_a_quorum_rule_prints_no_quorum(held, tmp_path: Path) -> None:
    store, ids = held
    forum = store.get(Forum, ids["forum"])
    save_forum(store, replace(forum, quorum=QuorumRule())).apply(store)
    model = build_minutes(store, ids["meeting"], Audience.partners(), "en")
    for flat in (model.text(), *read_back(model, tmp_path, "public")):
        assert "quorum" not in flat.casefold() and "quorate" not in flat.casefold()
        assert "needed" not in flat


def test_a_quorum_of_sectors_only_prints_no_number_needed(held, tmp_path: Path) -> None:
    """A rule that names only the sectors that must be there has no number to reach: the minutes say how many
    partners came and which sector was missing, never "of 0 needed", and the figures they print pass."""
    store, ids = held
    forum = store.get(Forum, ids["forum"])
    save_forum(store, replace(forum, quorum=QuorumRule(0, frozenset({Sector.POLICE})))).apply(store)
    model = build_minutes(store, ids["meeting"], Audience.partners(), "en")
    assert not model.impossible_figures()
    for flat in (model.text(), *read_back(model, tmp_path, "sectors")):
        assert "needed" not in flat
        assert "The meeting was quorate. Partners present: 2." in flat
        assert "Taken without quorum, at 10:50" in flat.replace("\u202f", " ").replace("\u00a0", " ")
        assert "No partner present from: Police." in flat


def test_a_forum_that_counts_only_partners_able_to_decide_says_so(held, tmp_path: Path) -> None:
    store, ids = held
    forum = store.get(Forum, ids["forum"])
    save_forum(store, replace(forum, quorum=replace(forum.quorum, deciders_only=True))).apply(store)
    model = build_minutes(store, ids["meeting"], Audience.partners(), "de")
    for flat in read_back(model, tmp_path, "de"):
        assert "Entscheidungsbefugte Partner: 2 von 2 erforderlichen." in flat
