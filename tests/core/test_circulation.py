"""Circulation decided by the core: who each draft goes to, which version, in which language, with which papers,
what the covering text says, and what it says changed after a correction."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from facilitator.approval import MinutesStatus, minutes_status
from facilitator.audience import Audience, AudienceKind
from facilitator.circulation import (
    Circulated,
    CirculatedCopy,
    Circulation,
    circulations_of,
    copies_of,
    drafts,
    plan_circulation,
    record_circulation,
)
from facilitator.content_translation import set_translation, translatable_texts
from facilitator.entities import Partner
from facilitator.errors import ValidationError
from facilitator.meeting_ops import save_notes
from facilitator.operations import save_partner
from facilitator.storage import Partnership, open_partnership
from tests.reach_world import Reach, build_reach


@pytest.fixture
def reach(db_path: Path) -> Iterator[Reach]:
    with open_partnership(db_path) as store:
        yield build_reach(store)


def _store(reach: Reach) -> Partnership:
    store = reach.round.store
    assert isinstance(store, Partnership)
    return store


def _by_partner(plan: object) -> dict[str, object]:
    return {c.partner.id: c for c in plan.copies}  # type: ignore[attr-defined]


def test_each_partner_gets_its_own_version_addressed_to_its_representatives(reach: Reach) -> None:
    r = reach.round
    plan = plan_circulation(r.store, r.following.id, Circulated.AGENDA)
    copies = _by_partner(plan)
    assert set(copies) == {r.police.id, r.housing.id, r.outreach.id, r.residents.id}
    police, housing, residents = copies[r.police.id], copies[r.housing.id], copies[r.residents.id]
    assert police.audience == Audience.for_partner(r.police.id)  # type: ignore[attr-defined]
    assert housing.recipients.to[0].email == "dora.dee@housing.example.org"  # type: ignore[attr-defined]
    assert [a.email for a in housing.recipients.cc] == ["hugo.hill@housing.example.org"]  # type: ignore[attr-defined]
    # The residents' representative has no address: listed, not skipped.
    assert [c.partner.id for c in plan.without_address] == [r.residents.id]
    assert residents.recipients.without_address == ("Rita Rossi",)  # type: ignore[attr-defined]
    assert "Nightjar" in " ".join(police.model.text() for _ in [0])  # type: ignore[attr-defined]
    assert "Nightjar" not in housing.model.text()  # type: ignore[attr-defined]


def test_papers_follow_their_item(reach: Reach) -> None:
    r = reach.round
    copies = _by_partner(plan_circulation(r.store, r.following.id, Circulated.AGENDA))
    names = {
        pid: {p.paper.name for p in (*c.appended, *c.attached)}  # type: ignore[attr-defined]
        for pid, c in copies.items()
    }
    assert names[r.police.id] == {
        "needle-bins.pdf",
        "bins by week.csv",
        "shelter-figures.pdf",
        "nightjar-plan.pdf",
        "nightjar note RESTRICTEDPAPERNAME.txt",
    }
    assert names[r.housing.id] == {"needle-bins.pdf", "bins by week.csv", "shelter-figures.pdf"}
    public = _by_partner(plan_circulation(r.store, r.following.id, Circulated.AGENDA, public=True))
    for copy in public.values():
        assert copy.audience.is_public  # type: ignore[attr-defined]
        assert {p.paper.name for p in (*copy.appended, *copy.attached)} == {  # type: ignore[attr-defined]
            "needle-bins.pdf",
            "bins by week.csv",
        }
        assert "RESTRICTEDPAPERNAME" not in copy.model.text() + copy.body  # type: ignore[attr-defined]
        assert "shelter-figures" not in copy.model.text() + copy.body  # type: ignore[attr-defined]
    police = copies[r.police.id]
    assert [p.paper.name for p in police.appended] == ["needle-bins.pdf", "shelter-figures.pdf", "nightjar-plan.pdf"]  # type: ignore[attr-defined]
    assert "Papers" in police.model.text() and "nightjar-plan.pdf" in police.model.text()  # type: ignore[attr-defined]


def test_minutes_are_circulated_only_once_held_and_move_to_circulated(reach: Reach) -> None:
    r = reach.round
    with pytest.raises(ValidationError, match="held"):
        plan_circulation(r.store, r.following.id, Circulated.MINUTES)
    plan = plan_circulation(r.store, r.meeting.id, Circulated.MINUTES)
    record_circulation(r.store, plan, {c.partner.id: "a" * 64 for c in plan.copies}).apply(r.store)
    assert minutes_status(r.store, r.meeting.id) is MinutesStatus.CIRCULATED
    (circulation,) = circulations_of(r.store, r.meeting.id)
    assert isinstance(circulation, Circulation) and circulation.what is Circulated.MINUTES
    kept = {c.partner_id: c for c in copies_of(r.store, circulation.id)}
    assert isinstance(kept[r.police.id], CirculatedCopy)
    assert kept[r.police.id].audience is AudienceKind.PARTNERS and kept[r.police.id].checksum == "a" * 64
    assert "ana.alvarez@police.example.org" in kept[r.police.id].recipients
    assert kept[r.residents.id].recipients == ""
    assert kept[r.police.id].content_digest and kept[r.police.id].outline


def test_circulating_again_after_a_correction_says_what_changed_to_each(reach: Reach) -> None:
    r = reach.round
    plan = plan_circulation(r.store, r.meeting.id, Circulated.MINUTES)
    record_circulation(r.store, plan, {}).apply(r.store)
    again = _by_partner(plan_circulation(r.store, r.meeting.id, Circulated.MINUTES))
    assert all(c.unchanged and "Nothing has changed" in c.body for c in again.values())  # type: ignore[attr-defined]
    save_notes(r.store, r.nightjar.id, "Patrols start on 12 June, not 10 June.").apply(r.store)
    save_notes(r.store, r.shelter.id, "Eight places are free at the night shelter.").apply(r.store)
    changed = _by_partner(plan_circulation(r.store, r.meeting.id, Circulated.MINUTES))
    police, housing = changed[r.police.id], changed[r.housing.id]
    assert "Operation Nightjar" in " ".join(police.changes)  # type: ignore[attr-defined]
    assert "Shelter places for rough sleepers" in " ".join(police.changes)  # type: ignore[attr-defined]
    # The housing association never saw Nightjar: what changed in it is not named to them.
    assert "Shelter places for rough sleepers" in " ".join(housing.changes)  # type: ignore[attr-defined]
    assert "Nightjar" not in " ".join(housing.changes) + housing.body  # type: ignore[attr-defined]
    assert "(corrected version)" in housing.subject and "replaces the one sent" in housing.body  # type: ignore[attr-defined]


def test_the_partner_s_language_when_the_whole_document_exists_in_it(reach: Reach) -> None:
    r = reach.round
    save_partner(r.store, replace(r.outreach, language="fr")).apply(r.store)
    save_partner(r.store, replace(r.housing, language="pl")).apply(r.store)
    save_partner(r.store, replace(r.residents, language="so")).apply(r.store)  # no documents in Somali
    store = r.store
    for text in translatable_texts(store, r.following.id):
        set_translation(store, text, "fr", f"[fr] {text.source}").apply(store)
    copies = _by_partner(plan_circulation(store, r.following.id, Circulated.AGENDA))
    outreach, housing, residents = copies[r.outreach.id], copies[r.housing.id], copies[r.residents.id]
    assert outreach.language == "fr" and outreach.model.language == "fr"  # type: ignore[attr-defined]
    assert outreach.body.startswith("Chers collègues")  # type: ignore[attr-defined]
    # Nothing of the meeting is in Polish: the forum's working language.
    assert housing.language == "en" and residents.language == "en"  # type: ignore[attr-defined]
    assert not outreach.model.untranslated  # type: ignore[attr-defined]


def test_drafts_carry_the_papers_bytes_and_the_version(reach: Reach) -> None:
    r = reach.round
    plan = plan_circulation(r.store, r.following.id, Circulated.AGENDA, partner_ids=[r.police.id, r.outreach.id])
    police, outreach = drafts(r.store, plan)
    assert police.to[0].email == "ana.alvarez@police.example.org" and police.language == "en"
    pack, *beside = police.attachments
    assert pack.document is not None and [p.name for p in pack.appended] == [
        "needle-bins.pdf",
        "shelter-figures.pdf",
        "nightjar-plan.pdf",
    ]
    assert {a.name for a in beside} == {"bins by week.csv", "nightjar note RESTRICTEDPAPERNAME.txt"}
    assert all(a.content for a in beside) and all(p.content.startswith(b"%PDF") for p in pack.appended)
    assert "RESTRICTEDPAPERNAME" not in " ".join(a.name for a in outreach.attachments) + outreach.body
    assert police.file_stem.startswith("01 ") and outreach.file_stem.startswith("02 ")


def test_nobody_to_circulate_to_is_refused(reach: Reach) -> None:
    r = reach.round
    with pytest.raises(ValidationError, match="at least one partner"):
        plan_circulation(r.store, r.following.id, Circulated.AGENDA, partner_ids=[])


def test_a_partner_without_seat_gets_its_other_representatives(reach: Reach) -> None:
    r = reach.round
    guest = Partner(name="Transport operator")
    save_partner(r.store, guest).apply(r.store)
    plan = plan_circulation(r.store, r.following.id, Circulated.AGENDA, partner_ids=[guest.id])
    (copy,) = plan.copies
    assert not copy.recipients.reachable and copy.recipients.without_address == ()
    assert plan.without_address == (copy,)
    assert _store(reach).find(Partner, guest.id) is not None


def test_the_agenda_names_the_papers_each_audience_receives(reach: Reach) -> None:
    """The agenda says which papers come with it, by item number, and only those of items the reader receives
    whole: the public reads of the needle bins' papers only, the police of Nightjar's too, the housing
    association of the shelter's but never Nightjar's."""
    from facilitator.audience import Audience
    from facilitator.docmodel import Table
    from facilitator.minutes import build_agenda

    store, r = _store(reach), reach.round

    def papers_line(audience: Audience) -> str:
        model = build_agenda(store, r.following.id, audience, "en")
        items = next(b for b in model.blocks if isinstance(b, Table))  # papers are named in their item's row
        return " | ".join(row[1] for row in items.rows if "papers:" in row[1])

    public = papers_line(Audience.public())
    assert "needle-bins.pdf" in public and "bins by week.csv" in public
    assert "shelter-figures.pdf" not in public and "nightjar" not in public.lower()
    housing = papers_line(Audience.for_partner(r.housing.id))
    assert "shelter-figures.pdf" in housing and "needle-bins.pdf" in housing
    assert "nightjar" not in housing.lower() and "RESTRICTEDPAPERNAME" not in housing
    police = papers_line(Audience.for_partner(r.police.id))
    assert "nightjar-plan.pdf" in police and "RESTRICTEDPAPERNAME" in police
