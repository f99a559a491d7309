"""The partnership's name at the foot of its minutes and agendas, read back from real DOCX and PDF files, in
every version (the name is public) and in a right-to-left language; a partnership without a name prints none."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from facilitator.audience import Audience
from facilitator.entities import Forum, Tier
from facilitator.meeting_ops import new_meeting
from facilitator.minutes import build_agenda, build_minutes
from facilitator.operations import save_forum
from facilitator.profile import Profile, save_profile
from facilitator.storage import Partnership, open_partnership
from tests.exports.test_decision_documents import read_back

NAME = "Station Square Partnership"


@pytest.fixture
def store(tmp_path: Path) -> Partnership:
    opened = open_partnership(tmp_path / "named.sqlite")
    forum = Forum(name="Residents' meeting", tier=Tier.PUBLIC)
    save_forum(opened, forum).apply(opened)
    edit, _meeting = new_meeting(
        opened, forum.id, dt.datetime(2026, 12, 14, 18, 30), timezone="Europe/London"
    )
    edit.apply(opened)
    return opened


def _meeting_id(store: Partnership) -> str:
    from facilitator.meetings import Meeting

    return store.all(Meeting)[0].id


@pytest.mark.parametrize("audience", [Audience.public(), Audience.partners(), Audience.full()])
def test_every_version_of_the_agenda_and_minutes_names_the_partnership(
    store: Partnership, audience: Audience, tmp_path: Path
) -> None:
    save_profile(store, Profile(name=NAME, region="GB")).apply(store)
    meeting = _meeting_id(store)
    for build in (build_agenda, build_minutes):
        model = build(store, meeting, audience, "en")
        assert model.footer_note.startswith(f"{NAME} · Version for: ")
        for text in read_back(model, tmp_path, build.__name__):
            assert NAME in text
    store.close()


def test_arabic_minutes_carry_the_name_and_an_unnamed_partnership_prints_none(
    store: Partnership, tmp_path: Path
) -> None:
    meeting = _meeting_id(store)
    unnamed = build_agenda(store, meeting, Audience.public(), "en")
    assert unnamed.footer_note == "Version for: Public"
    save_profile(store, Profile(name=NAME)).apply(store)
    arabic = build_minutes(store, meeting, Audience.partners(), "ar")
    assert arabic.footer_note.startswith(NAME)
    docx, _pdf = read_back(arabic, tmp_path, "arabic")
    assert NAME in docx  # shaped Arabic PDFs are checked by eye, not by extracted text (field notes)
    store.close()


def test_the_leaflet_says_which_partnership_invites(store: Partnership, tmp_path: Path) -> None:
    """A resident picks up the leaflet without knowing who holds the meeting: its first line names the
    partnership, in every language of the leaflet (the name itself is not translated); unnamed, it says only
    "Public meeting"."""
    from facilitator.exports.leaflet_docx import write_leaflet_docx
    from facilitator.exports.leaflet_pdf import write_leaflet_pdf
    from facilitator.leaflets import build_leaflet
    from tests.test_leaks import docx_text, pdf_text

    meeting = _meeting_id(store)
    assert build_leaflet(store, meeting, "en").sides[0].kicker == "Public meeting"
    save_profile(store, Profile(name=NAME, region="GB")).apply(store)
    model = build_leaflet(store, meeting, "en", "pl", "ar")
    assert [side.kicker for side in model.sides][:2] == [
        f"Public meeting · {NAME}",
        f"Spotkanie publiczne · {NAME}",
    ]
    assert NAME in model.sides[2].kicker
    write_leaflet_pdf(model, tmp_path / "leaflet.pdf")
    write_leaflet_docx(model, tmp_path / "leaflet.docx")
    assert NAME.upper() in " ".join(pdf_text((tmp_path / "leaflet.pdf").read_bytes()).split())
    assert NAME.upper() in " ".join(docx_text((tmp_path / "leaflet.docx").read_bytes()).split()).upper()
    store.close()
