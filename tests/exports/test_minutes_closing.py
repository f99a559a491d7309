"""Minutes name their chair and minute-taker and close with the actions agreed; no heading stands over nothing.

Read back as a secretariat would get them: the PDF (pypdf, NFKC) and the DOCX (python-docx), in English and Arabic,
for every kind of audience. The weekly round of story S1 (``tests.core.test_minutes.build_round``) gets four actions
agreed at it: a public one, a partners-only one waiting for another, and one restricted to the police.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from io import BytesIO
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from facilitator.actions import Action, save_action
from facilitator.audience import Audience
from facilitator.docmodel import DocumentModel, Heading, Paragraph, Table
from facilitator.errors import ValidationError
from facilitator.exports.docx_writer import docx_bytes
from facilitator.exports.pdf_writer import pdf_bytes
from facilitator.i18n import translator
from facilitator.meeting_ops import save_meeting
from facilitator.meetings import Confidentiality, Meeting
from facilitator.minutes import build_agenda, build_minutes
from facilitator.storage import Partnership, open_partnership
from tests.core.test_minutes import Round, build_round

pytestmark = pytest.mark.usefixtures("font_cache")

AUDIENCES = ("public", "partners", "police", "full")


@dataclass
class Agreed:
    """The round with its actions agreed, chair and minute-taker named."""

    round: Round
    bins: Action  # public, from the needles item
    places: Action  # partners only, from the shelter item
    patrols: Action  # restricted to the police, from the Nightjar item
    leaflet: Action  # partners only, waits for the shelter places


@pytest.fixture
def agreed(db_path: Path) -> Iterator[Agreed]:
    with open_partnership(db_path) as store:
        yield _agree(store)


def _agree(store: Partnership) -> Agreed:
    r = build_round(store)
    save_meeting(store, replace(r.meeting, chair_id=r.ana.id, minute_taker_id=r.hugo.id)).apply(store)

    def action(title: str, item_id: str, partner_id: str, due: dt.date, **fields: object) -> Action:
        made = Action(
            forum_id=r.forum.id,
            title=title,
            owner_partner_id=partner_id,
            due=due,
            agreed_due=due,
            origin_meeting_id=r.meeting.id,
            origin_item_id=item_id,
            **fields,  # type: ignore[arg-type]
        )
        save_action(store, made, today=dt.date(2025, 6, 2)).apply(store)
        return made

    places = action("Keep six beds for outreach", r.shelter.id, r.housing.id, dt.date(2025, 6, 20))
    return Agreed(
        round=store_round(store, r),
        bins=action(
            "Empty the bins three times a day",
            r.needles.id,
            r.housing.id,
            dt.date(2025, 6, 16),
            confidentiality=Confidentiality.PUBLIC,
        ),
        places=places,
        patrols=action(
            "Brief the patrols on the bins",
            r.nightjar.id,
            r.police.id,
            dt.date(2025, 6, 9),
            confidentiality=Confidentiality.RESTRICTED,
            restricted_to=(r.police.id,),
        ),
        leaflet=action(
            "Leaflet about the beds",
            r.shelter.id,
            r.outreach.id,
            dt.date(2025, 6, 30),
            waits_for=(places.id,),
        ),
    )


def store_round(store: Partnership, r: Round) -> Round:
    return replace(r, meeting=store.get(Meeting, r.meeting.id))


def audience(r: Round, name: str) -> Audience:
    if name == "police":
        return Audience.for_partner(r.police.id)
    return {"public": Audience.public(), "partners": Audience.partners(), "full": Audience.full()}[name]


def pdf_text(model: DocumentModel) -> str:
    reader = PdfReader(BytesIO(pdf_bytes(model)))
    return unicodedata.normalize("NFKC", "\n".join(page.extract_text() for page in reader.pages))


def docx_texts(model: DocumentModel) -> tuple[list[str], list[list[list[str]]]]:
    """The DOCX's paragraphs and its tables (rows of cell texts), in order."""
    document = docx.Document(BytesIO(docx_bytes(model)))
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    return paragraphs, tables


def flat(text: str) -> str:
    """Text without spaces or bidi marks, so that words a line or a cell breaks still compare."""
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")


# --- the chair and the minute-taker ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", AUDIENCES)
def test_the_minutes_name_the_chair_and_the_minute_taker_for_partners_and_full(
    agreed: Agreed, name: str
) -> None:
    r = agreed.round
    model = build_minutes(r.store, r.meeting.id, audience(r, name), "en")
    text = flat(pdf_text(model))
    _paragraphs, tables = docx_texts(model)
    facts = {row[0]: row[1] for row in tables[0]}  # when and where comes first, as a two-column table
    if name == "public":  # the public sees organisations, not who chaired or wrote
        assert "Chair" not in facts and "Minutes taken by" not in facts
        assert flat("Minutes taken by") not in text and "AnaAlvarez" not in text
        return
    assert facts["Chair"] == "Ana Alvarez (Police Service)"
    assert facts["Minutes taken by"] == "Hugo Hill (Housing Association)"
    assert flat("Chair Ana Alvarez (Police Service)") in text
    assert flat("Minutes taken by Hugo Hill (Housing Association)") in text


def test_an_agenda_does_not_name_them_and_the_minutes_in_arabic_do(agreed: Agreed) -> None:
    r = agreed.round
    agenda = build_agenda(r.store, r.following.id, Audience.partners(), "en")
    assert "Chair" not in flat(pdf_text(agenda))
    arabic = build_minutes(r.store, r.meeting.id, Audience.partners(), "ar")
    t = translator("ar")
    text = flat(pdf_text(arabic))
    assert flat(t.gettext("Chair")) in text and flat(t.gettext("Minutes taken by")) in text
    assert "AnaAlvarez(PoliceService)" in text


def test_a_chair_the_partnership_does_not_know_is_refused(agreed: Agreed) -> None:
    r = agreed.round
    with pytest.raises(ValidationError) as refused:
        save_meeting(r.store, replace(r.meeting, minute_taker_id="nobody-here"))
    assert refused.value.field == "minute_taker_id"


# --- the actions agreed ----------------------------------------------------------------------------------------


def _closing_rows(model: DocumentModel) -> tuple[tuple[str, ...], ...]:
    blocks = list(model.blocks)
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "Actions agreed")
    table = next((b for b in blocks[start + 1 :] if isinstance(b, Table)), None)
    following = next(b for b in blocks[start + 1 :] if isinstance(b, Heading))
    if table is None or blocks.index(table) > blocks.index(following):
        return ()
    return table.rows


@pytest.mark.parametrize("name", AUDIENCES)
def test_the_minutes_close_with_the_actions_agreed_that_the_audience_may_see(
    agreed: Agreed, name: str
) -> None:
    r = agreed.round
    model = build_minutes(r.store, r.meeting.id, audience(r, name), "en")
    titles = [row[0].split("\n")[0] for row in _closing_rows(model)]
    expected = {
        "public": ["Empty the bins three times a day"],
        "partners": [
            "Empty the bins three times a day",
            "Keep six beds for outreach",
            "Leaflet about the beds",
        ],
        "police": [
            "Empty the bins three times a day",
            "Keep six beds for outreach",
            "Leaflet about the beds",
            "Brief the patrols on the bins",
        ],
    }
    expected["full"] = expected["police"]
    assert titles == expected[name]  # in the order of the items they came from
    withheld = [b.text for b in model.blocks if isinstance(b, Paragraph) and "confidential action" in b.text]
    assert withheld == (["1 confidential action is not shown here."] if name == "partners" else [])
    # The last sections: the actions agreed, then the next meeting.
    level_one = [b.text for b in model.blocks if isinstance(b, Heading) and b.level == 1]
    assert level_one[-2:] == ["Actions agreed", "Next meeting"]

    text = flat(pdf_text(model))
    paragraphs, tables = docx_texts(model)
    closing = next(t for t in tables if t[0] == ["What", "Who", "By when"])
    assert [row[0].split("\n")[0] for row in closing[1:]] == expected[name]
    for title in expected[name]:
        assert flat(title) in text
    if name in ("public", "partners"):
        assert "Briefthepatrols" not in text and "Brief the patrols" not in "".join(paragraphs)


def test_each_action_says_what_who_by_when_and_what_it_waits_for(agreed: Agreed) -> None:
    r = agreed.round
    model = build_minutes(r.store, r.meeting.id, Audience.partners(), "en")
    rows = {row[0].split("\n")[0]: row for row in _closing_rows(model)}
    assert rows["Empty the bins three times a day"][1:] == ("Housing Association", "Jun 16, 2025")
    what, who, when = rows["Leaflet about the beds"]
    assert what.split("\n")[1].startswith("Waits for: Keep six beds for outreach")
    assert (who, when) == ("Outreach Team", "Jun 30, 2025")
    text = flat(pdf_text(model))
    assert flat("Leaflet about the beds Waits for: Keep six beds for outreach") in text
    assert flat("Outreach Team Jun 30, 2025") in text


def test_a_later_due_date_does_not_rewrite_the_actions_agreed(agreed: Agreed) -> None:
    r = agreed.round
    moved = replace(r.store.get(Action, agreed.bins.id), due=dt.date(2025, 9, 1))
    save_action(r.store, moved, today=dt.date(2025, 6, 10)).apply(r.store)
    model = build_minutes(r.store, r.meeting.id, Audience.public(), "en")
    assert _closing_rows(model)[0][2] == "Jun 16, 2025"


def test_arabic_minutes_close_with_the_table_too(agreed: Agreed) -> None:
    r = agreed.round
    t = translator("ar")
    model = build_minutes(r.store, r.meeting.id, Audience.partners(), "ar")
    text = flat(pdf_text(model))
    assert flat(t.gettext("Actions agreed")) in text
    _paragraphs, tables = docx_texts(model)
    header = [t.gettext("What"), t.gettext("Who"), t.gettext("By when")]
    closing = next(table for table in tables if table[0] == header)
    assert len(closing) == 1 + 3


# --- empty sections: one line, the same everywhere ----------------------------------------------------------------


def _headings_over_nothing(model: DocumentModel) -> list[str]:
    """Headings followed by a heading of the same or a higher level, or by nothing at all."""
    blocks = list(model.blocks)
    alone = []
    for here, block in enumerate(blocks):
        if not isinstance(block, Heading):
            continue
        after = blocks[here + 1] if here + 1 < len(blocks) else None
        if after is None or (isinstance(after, Heading) and after.level <= block.level):
            alone.append(block.text)
    return alone


@pytest.mark.parametrize("name", AUDIENCES)
def test_no_heading_stands_over_nothing_and_nothing_reads_the_same_everywhere(
    agreed: Agreed, name: str
) -> None:
    """An item with nothing recorded, a meeting with no action agreed: "None recorded." under the heading, in the
    model, the PDF and the DOCX, for every audience; minutes of the planned meeting and its agenda too."""
    r = agreed.round
    who = audience(r, name)
    for model in (
        build_minutes(r.store, r.meeting.id, who, "en"),
        build_minutes(r.store, r.following.id, who, "en"),
        build_agenda(r.store, r.following.id, who, "en"),
    ):
        assert _headings_over_nothing(model) == [], model.subtitle
    planned = build_minutes(r.store, r.following.id, who, "en")
    blocks = list(planned.blocks)
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "Actions agreed")
    assert blocks[start + 1] == Paragraph("None recorded.", blocks[start + 1].tone)  # type: ignore[union-attr]
    # Every empty section says it with the same words, and no other "nothing" line is left in the minutes.
    nothing = [b.text for b in blocks if isinstance(b, Paragraph) and b.text.startswith("No ")]
    assert nothing == []
    paragraphs, _tables = docx_texts(planned)
    assert paragraphs[paragraphs.index("Actions agreed") + 1] == "None recorded."
    assert "ActionsagreedNonerecorded." in flat(pdf_text(planned))


def test_nothing_recorded_in_arabic(agreed: Agreed) -> None:
    r = agreed.round
    t = translator("ar")
    model = build_minutes(r.store, r.following.id, Audience.partners(), "ar")
    paragraphs, _tables = docx_texts(model)
    said = t.gettext("None recorded.")
    assert said != "None recorded."
    assert (
        paragraphs[paragraphs.index(t.gettext("Actions agreed")) + 1].strip("\u2066\u2067\u2068\u2069")
        == said
    )
    assert flat(said) in flat(pdf_text(model))
