"""The drafts as a mail program reads them: every ``.eml`` parsed back (headers, recipients, attachments' names and
types), its PDF read with pypdf (the agenda pack's bookmarks and pages), its other attachments byte for byte; no
partner's draft carries another's restricted paper, and the public version carries no partners' or restricted
paper."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator.circulation import Circulated, drafts, plan_circulation
from facilitator.errors import KnownError
from facilitator.exports.eml import write_drafts
from facilitator.papers import attach_paper
from facilitator.reminders import plan_reminders
from facilitator.storage import open_partnership
from tests.reach_world import PARTNERS_PDF_WORDS, POLICE_PDF_WORDS, PUBLIC_PDF_WORDS, Reach, build_reach


@pytest.fixture
def reach(db_path: Path) -> Iterator[Reach]:
    with open_partnership(db_path) as store:
        yield build_reach(store)


def _write(reach: Reach, folder: Path, *, public: bool = False) -> dict[str, EmailMessage]:
    """Each partner's draft as written and parsed back."""
    r = reach.round
    plan = plan_circulation(r.store, r.following.id, Circulated.AGENDA, public=public)
    made = drafts(r.store, plan)
    targets = [(folder / f"{d.file_stem}.eml", d) for d in made]
    checksums = write_drafts(targets)
    assert set(checksums) == {c.partner.id for c in plan.copies} and all(
        len(v) == 64 for v in checksums.values()
    )
    found = {}
    for path, draft in targets:
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        assert isinstance(message, EmailMessage)
        found[draft.partner_id] = message
    return found


def _pdf_text(message: EmailMessage) -> tuple[str, list[str]]:
    (pack,) = [p for p in message.iter_attachments() if p.get_content_type() == "application/pdf"]
    reader = PdfReader(BytesIO(pack.get_content()))
    # The pack's own bookmarks (the agenda's headings) come first; each paper's is "N. name", N its item's number.
    papers = [re.sub(r"^\d+\. ", "", o.title) for o in reader.outline if o.title.endswith(".pdf")]
    return "\n".join(page.extract_text() for page in reader.pages), papers


def test_each_draft_opens_ready_to_send_addressed_to_the_partner_s_people(
    reach: Reach, tmp_path: Path
) -> None:
    r = reach.round
    messages = _write(reach, tmp_path)
    written = sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".eml")
    assert [name[:3] for name in written] == ["01 ", "02 ", "03 ", "04 "]
    assert {name[3:] for name in written} == {
        f"{p.name}.eml" for p in (r.police, r.housing, r.outreach, r.residents)
    }
    for message in messages.values():
        assert message["X-Unsent"] == "1"
        assert message["Subject"].startswith("Station Quarter Group: agenda of the meeting of")
        assert message["Content-Language"] == "en"
        assert message.get_body(("plain",)).get_content().startswith("Dear colleagues,")
    housing = messages[r.housing.id]
    assert [a.addr_spec for a in housing["To"].addresses] == ["dora.dee@housing.example.org"]
    assert [a.addr_spec for a in housing["Cc"].addresses] == ["hugo.hill@housing.example.org"]
    assert housing["To"].addresses[0].display_name == "Dora Dee" or housing["To"].addresses[0].display_name
    assert messages[r.residents.id]["To"] is None  # no address: a draft with no recipient, never skipped


def test_each_partner_s_pack_carries_only_the_papers_it_may_receive(reach: Reach, tmp_path: Path) -> None:
    r = reach.round
    messages = _write(reach, tmp_path)
    police, housing = messages[r.police.id], messages[r.housing.id]
    names = {
        pid: [(p.get_filename(), p.get_content_type()) for p in m.iter_attachments()]
        for pid, m in messages.items()
    }
    assert names[r.police.id][1:] == [
        ("bins by week.csv", "text/csv"),
        ("nightjar note RESTRICTEDPAPERNAME.txt", "text/plain"),
    ]
    assert names[r.police.id][0][1] == "application/pdf" and names[r.police.id][0][0].endswith("(en).pdf")
    assert names[r.housing.id][1:] == [("bins by week.csv", "text/csv")]
    text, bookmarks = _pdf_text(police)
    assert {PUBLIC_PDF_WORDS, PARTNERS_PDF_WORDS, POLICE_PDF_WORDS} <= set(text.splitlines())
    assert bookmarks == ["needle-bins.pdf", "shelter-figures.pdf", "nightjar-plan.pdf"]
    note = next(p for p in police.iter_attachments() if p.get_filename().endswith(".txt"))
    assert note.get_content() == "RESTRICTEDPAPERNOTE only for police"
    for partner_id in (r.housing.id, r.outreach.id, r.residents.id):
        message = messages[partner_id]
        text, bookmarks = _pdf_text(message)
        attached = " ".join(str(p.get_filename()) for p in message.iter_attachments())
        body = message.get_body(("plain",)).get_content()
        everything = " ".join([text, attached, str(message["Subject"]), body])
        for secret in ("RESTRICTEDPAPER", "Nightjar", "nightjar", POLICE_PDF_WORDS):
            assert secret not in everything, (partner_id, secret)
        assert PARTNERS_PDF_WORDS in text and "shelter-figures.pdf" in bookmarks
    assert housing.get_body(("plain",)).get_content().count("in the agenda pack") == 2


def test_the_public_version_carries_no_partners_or_restricted_paper(reach: Reach, tmp_path: Path) -> None:
    messages = _write(reach, tmp_path, public=True)
    for message in messages.values():
        text, bookmarks = _pdf_text(message)
        body = message.get_body(("plain",)).get_content()
        assert PUBLIC_PDF_WORDS in text and bookmarks == ["needle-bins.pdf"]
        assert [p.get_filename() for p in message.iter_attachments()][1:] == ["bins by week.csv"]
        for secret in (PARTNERS_PDF_WORDS, POLICE_PDF_WORDS, "shelter", "Shelter", "Nightjar", "RESTRICTED"):
            assert secret not in text + body, secret
        assert "please do not forward" not in body


def test_a_pdf_that_cannot_be_read_travels_beside_the_pack(reach: Reach, tmp_path: Path) -> None:
    r = reach.round
    attach_paper(
        r.store, reach.needles_next.id, "broken.pdf", b"%PDF-1.4 this is not really a PDF", "Me"
    ).apply(r.store)
    plan = plan_circulation(r.store, r.following.id, Circulated.AGENDA, partner_ids=[r.housing.id])
    (draft,) = drafts(r.store, plan)
    write_drafts([(tmp_path / "d.eml", draft)])
    message = message_from_bytes((tmp_path / "d.eml").read_bytes(), policy=policy.default)
    names = [p.get_filename() for p in message.iter_attachments()]
    assert sorted(names[1:]) == ["bins by week.csv", "broken.pdf"]
    broken = next(p for p in message.iter_attachments() if p.get_filename() == "broken.pdf")
    assert broken.get_content() == b"%PDF-1.4 this is not really a PDF"
    pack = PdfReader(BytesIO(next(message.iter_attachments()).get_content()))
    titles = [o.title for o in pack.outline]
    assert any(t.endswith("needle-bins.pdf") for t in titles) and not any("broken" in t for t in titles)


def test_drafts_are_written_whole_or_not_at_all(reach: Reach, tmp_path: Path) -> None:
    r = reach.round
    plan = plan_circulation(
        r.store, r.following.id, Circulated.AGENDA, partner_ids=[r.housing.id, r.outreach.id]
    )
    first, second = drafts(r.store, plan)
    blocked = tmp_path / "not a folder"
    blocked.write_text("a file where a folder should be")
    with pytest.raises(KnownError):
        write_drafts([(tmp_path / "first.eml", first), (blocked / "second.eml", second)])
    assert not [p.name for p in tmp_path.iterdir() if p.suffix == ".eml" or "partial" in p.name]


def test_reminders_are_drafts_too(reach: Reach, tmp_path: Path) -> None:
    r = reach.round
    plan = plan_reminders(r.store, r.forum.id)
    targets = [(tmp_path / f"{x.draft.file_stem}.eml", x.draft) for x in plan.reminders]
    write_drafts(targets)
    for path, draft in targets:
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        assert message["X-Unsent"] == "1" and message["Subject"] == draft.subject
        assert not list(message.iter_attachments())
        assert message.get_body(("plain",)).get_content().rstrip("\n") == draft.body.replace("\r\n", "\n")
