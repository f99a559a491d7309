"""Through the command line: a partnership made by `import-json`, in which a meeting was planned before an action
was agreed, a notice given and escalations raised and answered; `facilitator agenda` for that meeting carries
them all, in Word and in PDF, and only what each audience may see."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from facilitator.actions import Action, save_action
from facilitator.document import build_document
from facilitator.entities import Forum, Membership, Partner, Sector, Tier
from facilitator.escalation import Escalation, answer_escalation, escalate
from facilitator.meeting_ops import new_meeting, save_item
from facilitator.meetings import AgendaItem, Confidentiality
from facilitator.notices import Notice, give_notice
from facilitator.operations import save_forum
from tests.conftest import stand_on
from tests.core.fakes import MemoryStore

# PDFs have their bold: the fonts are cut once for the run (tests/conftest.py); see test_cli_first_pdf.py.
pytestmark = pytest.mark.usefixtures("font_cache")


ROOT = Path(__file__).resolve().parent.parent
PLANNED_ON = dt.date(2026, 11, 23)
MEETING_DAY = dt.datetime(2026, 12, 14, 10, 0)  # a week after the tests' frozen today


def _partnership() -> tuple[dict[str, object], str]:
    """The partnership as JSON, and the id of the meeting planned before everything it must carry."""
    store = MemoryStore()
    stand_on(PLANNED_ON)
    street = Forum(name="Station Square weekly round", tier=Tier.OPERATIONAL)
    mayor = Forum(name="Mayor's round", tier=Tier.STRATEGIC)
    residents = Forum(name="Residents' meeting", tier=Tier.PUBLIC)
    for forum in (street, mayor, residents):
        save_forum(store, forum).apply(store)
    police = Partner(name="City Police", sector=Sector.POLICE)
    housing = Partner(name="Housing Options", sector=Sector.HOUSING)
    for partner in (police, housing):
        store.put(partner)
        store.put(Membership(forum_id=street.id, partner_id=partner.id))
    edit, meeting = new_meeting(store, street.id, MEETING_DAY, timezone="Europe/London")
    edit.apply(store)
    # What goes up and down is raised on items of other meetings.
    subjects = {}
    for forum, title in (
        (residents, "Dealing behind the library"),
        (street, "Night security in the car park"),
    ):
        edit, earlier = new_meeting(store, forum.id, dt.datetime(2026, 11, 25, 18), timezone="Europe/London")
        edit.apply(store)
        item = AgendaItem(meeting_id=earlier.id, position=0, title=title)
        save_item(store, item).apply(store)
        subjects[title] = item.id
    # After the meeting was planned: an action, a restricted action, a notice, an escalation up and an answer back.
    stand_on(dt.date(2026, 12, 1))
    save_action(
        store, Action(forum_id=street.id, title="Find ten shelter beds", owner_partner_id=housing.id)
    ).apply(store)
    secret = Action(
        forum_id=street.id,
        title="Watch the east stairwell",
        owner_partner_id=police.id,
        confidentiality=Confidentiality.RESTRICTED,
        restricted_to=(police.id,),
    )
    save_action(store, secret).apply(store)
    stand_on(dt.date(2026, 12, 2))
    notice = Notice(
        partner_id=police.id,
        title="Police operation in the underpass",
        given_on=dt.date(2026, 12, 2),
        takes_effect_on=dt.date(2026, 12, 30),
        affected_partners=(housing.id,),
    )
    give_notice(store, notice).apply(store)
    stand_on(dt.date(2026, 12, 3))
    for title, source, target, reason in (
        ("Dealing behind the library", residents, street, "Residents see it every evening"),
        ("Night security in the car park", street, mayor, "The owner will not talk to us"),
    ):
        escalate(
            store,
            subject_kind="agenda_items",
            subject_id=subjects[title],
            subject_title=title,
            from_forum_id=source.id,
            to_forum_id=target.id,
            reason=reason,
            today=dt.date(2026, 12, 3),
        ).apply(store)
    going_up = next(e for e in store.all(Escalation) if e.to_forum_id == mayor.id)
    stand_on(dt.date(2026, 12, 4))
    answer_escalation(
        store, going_up.id, "The mayor's office pays for night security.", dt.date(2026, 12, 4), None
    ).apply(store)
    assert all(
        r.created > meeting.created for r in (*store.all(Action), *store.all(Notice), *store.all(Escalation))
    )
    return build_document(store), meeting.id


def _command(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "facilitator", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )


def test_the_agenda_of_a_meeting_planned_earlier_carries_what_came_after(tmp_path: Path) -> None:
    document, meeting_id = _partnership()
    source = tmp_path / "partnership.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    db = tmp_path / "imported.sqlite"
    done = _command("import-json", "--db", str(db), str(source))
    assert done.returncode == 0, done.stderr

    def agenda(audience: str, fmt: str) -> str:
        out = tmp_path / f"agenda-{audience}.{fmt}"
        argv = ["agenda", "--db", str(db), "--meeting", meeting_id, "--audience", audience, "--lang", "en"]
        done = _command(*argv, "--format", fmt, "--out", str(out))
        assert done.returncode == 0, done.stderr
        if fmt == "docx":
            paper = docx.Document(str(out))
            cells = [c.text for t in paper.tables for row in t.rows for c in row.cells]
            return "\n".join([p.text for p in paper.paragraphs] + cells)
        return "\n".join(page.extract_text() for page in PdfReader(str(out)).pages)

    for fmt in ("docx", "pdf"):
        partners = " ".join(agenda("partners", fmt).split())
        for carried in (
            "Find ten shelter beds",
            "Police operation in the underpass",
            "Dealing behind the library",  # escalated to this forum, to answer
            "The mayor's office pays for night security.",  # the answer reported back
        ):
            assert carried in partners, (fmt, carried)
        assert "Watch the east stairwell" not in partners  # restricted to the police
        assert "1 confidential action is to be reviewed." in partners
    full = " ".join(agenda("full", "docx").split())
    assert "Watch the east stairwell" in full
    public = agenda("public", "docx")
    for hidden in ("Find ten shelter beds", "Police operation", "Dealing behind", "night security"):
        assert hidden not in public
