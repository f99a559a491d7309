"""The demonstration's papers: a needle-finds map (a small PDF) and the week's counts (a CSV) on the next weekly
round's needle item, so that its agenda pack has something to append and something to attach. What they say is
in ``stories/papers.toml``."""

from __future__ import annotations

from facilitator.demo import stories
from facilitator.demo.meetings import NewId, with_ids
from facilitator.entities import Forum, Tier
from facilitator.frozen import frozen
from facilitator.meeting_ops import agenda, meetings_of
from facilitator.meetings import MeetingStatus
from facilitator.papers import attach_paper
from facilitator.store import Store


def tiny_pdf(lines: list[str]) -> bytes:
    """A one-page PDF showing ``lines`` (Latin-1 text) in Helvetica: enough for a demonstration paper."""
    text = " ".join(
        f"({line.replace(chr(92), chr(92) * 2).replace('(', chr(92) + '(').replace(')', chr(92) + ')')}) Tj T*"
        for line in lines
    )
    stream = f"BT /F1 14 Tf 18 TL 72 770 Td {text} ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    start = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{start}\n%%EOF\n".encode()
    return bytes(out)


@frozen
class _Paper:
    """A paper: a one-page PDF of ``lines``, or ``text`` as it is."""

    name: str
    lines: tuple[str, ...] = ()
    text: str = ""

    def content(self) -> bytes:
        return tiny_pdf(list(self.lines)) if self.lines else self.text.encode()


@frozen
class _Papers:
    """Everything ``stories/papers.toml`` holds."""

    item: str  # a word of the title of the item the papers go on
    author: str
    files: tuple[_Paper, ...]


STORY = stories.load("papers", _Papers)


def add_demo_papers(store: Store, new_id: NewId) -> None:
    """The story's papers on the first item of the weekly round's next planned meeting whose title holds its
    word."""
    # The weekly round first, the others in the store's order: a set of forum ids was iterated here before, in
    # an order that changed from one process to the next, so the papers sometimes landed on the public meeting.
    forums = sorted(store.all(Forum), key=lambda forum: forum.tier is not Tier.OPERATIONAL)
    for forum_meetings in (meetings_of(store, f.id) for f in forums):
        coming = [m for m in forum_meetings if m.status is MeetingStatus.PLANNED]
        items = [i for m in coming[:1] for i in agenda(store, m.id) if STORY.item in i.title.casefold()]
        if not items:
            continue
        for paper in STORY.files:
            edit = attach_paper(store, items[0].id, paper.name, paper.content(), STORY.author)
            with_ids(edit, new_id).apply(store)
        return
