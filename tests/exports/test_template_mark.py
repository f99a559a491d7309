"""The minutes of a meeting not yet held are a template for notes, and the exported file says so at the top and
in its footer (not only the window): read back from real DOCX and PDF files, in English and French; held minutes
carry no such mark."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from facilitator.audience import Audience
from facilitator.meeting_ops import end_meeting, start_meeting
from facilitator.meetings import Meeting
from facilitator.minutes import build_minutes
from facilitator.storage import Partnership
from tests.exports.test_decision_documents import read_back
from tests.exports.test_partnership_name import store  # noqa: F401 - the fixture: a public forum's planned meeting

MARKS = {
    "en": "Template for notes — meeting not yet held",
    "fr": "Modèle pour la prise de notes — réunion pas encore tenue",
}


@pytest.mark.parametrize("language", list(MARKS))
def test_a_template_says_so_at_the_top_of_the_exported_file(
    store: Partnership,  # noqa: F811
    language: str,
    tmp_path: Path,
) -> None:
    meeting = store.all(Meeting)[0]
    model = build_minutes(store, meeting.id, Audience.partners(), language)
    mark = MARKS[language]
    assert model.status == mark
    for text in read_back(model, tmp_path, f"template-{language}"):
        assert mark in text
        body = text.split(model.title, 1)[-1]  # after the title block: the mark comes first
        assert body.lstrip(" ·").split(mark)[0].count(" ") < 12, body[:200]
    store.close()


def test_held_minutes_carry_no_template_mark(store: Partnership, tmp_path: Path) -> None:  # noqa: F811
    meeting = store.all(Meeting)[0]
    began = dt.datetime(2026, 12, 14, 18, 30, tzinfo=dt.UTC)
    start_meeting(store, meeting.id, began).apply(store)
    end_meeting(store, meeting.id, began + dt.timedelta(hours=1)).apply(store)
    model = build_minutes(store, meeting.id, Audience.partners(), "en")
    for text in read_back(model, tmp_path, "held"):
        assert "Template for notes" not in text and "TEMPLATE" not in text
    store.close()


def test_a_template_leaves_attendance_to_fill_in_and_judges_no_quorum(tmp_path: Path) -> None:
    """Before the meeting nobody is "absent" and nothing is "not quorate": the rows wait for the roll, and the
    rule says how many partners it takes."""
    from facilitator.entities import Forum, Partner, QuorumRule, Representative, Sector
    from facilitator.meeting_ops import new_meeting
    from facilitator.operations import save_forum, save_partner, save_representative, set_membership
    from facilitator.storage import open_partnership

    with open_partnership(tmp_path / "weekly.sqlite") as weekly:
        forum = Forum(name="Station Square weekly round", quorum=QuorumRule(2, frozenset()))
        save_forum(weekly, forum).apply(weekly)
        for name, sector in (("City Police", Sector.POLICE), ("Outreach North", Sector.OUTREACH)):
            partner = Partner(name=name, sector=sector)
            save_partner(weekly, partner).apply(weekly)
            person = Representative(name=f"Someone of {name}", partner_id=partner.id)
            save_representative(weekly, person).apply(weekly)
            set_membership(weekly, forum.id, partner.id, person.id).apply(weekly)
        edit, meeting = new_meeting(weekly, forum.id, dt.datetime(2026, 12, 14, 10, 0), timezone="Europe/London")
        edit.apply(weekly)
        model = build_minutes(weekly, meeting.id, Audience.partners(), "en")
        for text in read_back(model, tmp_path, "blank-roll"):
            flat = " ".join(text.split())
            assert "City Police" in flat and "Outreach North" in flat
            assert "Absent" not in flat and "quorate" not in flat
            assert "For a quorum: 2 partners present." in flat
