"""Papers on agenda items: a police briefing, a needle-find map, a report, kept inside the partnership file.

A paper is any kind of file, copied into the partnership file when it is chosen (``stored_files``, so backups,
JSON exports and the exchange between laptops carry it) and named on an agenda item by a ``Paper`` record, which
says what the lists show without reading the file: its name, type, size and who added it. Each file is limited
in size, and so are all papers of a partnership together, with plain words when a file does not fit.

Who may receive a paper follows its item: ``facilitator.audience`` is asked about the item, so a restricted
item's papers never go into a public pack or another partner's e-mail (``papers_for``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from facilitator.entities import MAX_NAME, Record
from facilitator.errors import ValidationError
from facilitator.frozen import frozen
from facilitator.i18n import Translator, _
from facilitator.meetings import AgendaItem
from facilitator.store import Store
from facilitator.stored_files import (
    MAX_PAPER_BYTES,
    PDF,
    FileUse,
    StoredFile,
    new_stored_file,
    plain_name,
)

if TYPE_CHECKING:
    from facilitator.audience import Audience
    from facilitator.operations import Edit

#: All papers of a partnership together: the file stays small enough to copy, back up and exchange.
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MEGABYTE = 1024 * 1024


@frozen(kw_only=True)
class Paper(Record):
    """A file on an agenda item: which file, and what lists show of it without reading it."""

    item_id: str
    file_id: str  # the ``StoredFile`` holding its bytes
    name: str  # the file's own name when it was added (what lists and packs show); never a path
    media_type: str
    size: int  # bytes
    added_by: str = ""  # who added it (the coordinator's name, or the computer's user)

    @property
    def is_pdf(self) -> bool:
        """Whether the paper is a PDF (appended to an agenda pack; other papers travel beside it)."""
        return self.media_type == PDF


def validate_paper(paper: Paper) -> None:
    """Refuse a paper with an impossible size or name."""
    if not paper.name.strip() or len(paper.name) > MAX_NAME or plain_name(paper.name) != paper.name.strip():
        raise ValidationError(
            "name", _("must be a file name of at most {limit} characters").format(limit=MAX_NAME)
        )
    if not 0 < paper.size <= MAX_PAPER_BYTES:
        raise ValidationError(
            "size", _("must be between 1 byte and {limit} MB").format(limit=MAX_PAPER_BYTES // MEGABYTE)
        )
    if len(paper.added_by) > MAX_NAME:
        raise ValidationError("added_by", _("is longer than {limit} characters").format(limit=MAX_NAME))


def check_paper(store: Store, paper: Paper) -> None:
    """A paper names a stored paper file of its own type and size (an import checks this; its name is what
    lists show, and may differ from the file's own)."""
    validate_paper(paper)
    store.get(AgendaItem, paper.item_id)
    stored = store.get(StoredFile, paper.file_id)
    if stored.purpose is not FileUse.PAPER:
        raise ValidationError("file_id", _("names a file that is not kept as a paper"))
    if (stored.media_type, stored.size) != (paper.media_type, paper.size):
        raise ValidationError("file_id", _("does not match the file it names"))


def papers_of(store: Store, item_id: str) -> list[Paper]:
    """The papers on an agenda item, in the order they were added."""
    return store.where(Paper, {"item_id": item_id})


def papers_total(store: Store) -> int:
    """How many bytes every paper of the partnership holds together."""
    return sum(int(str(size)) for (size,) in store.values(Paper, ("size",)))


def attach_paper(store: Store, item_id: str, name: str, content: bytes, added_by: str = "") -> Edit:
    """Keep a chosen file in the partnership file as a paper on an agenda item, as one edit. Refused in plain
    words when the file is empty or too large, or would take the partnership's papers over their limit."""
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    item = store.get(AgendaItem, item_id)
    stored = new_stored_file(name, content, purpose=FileUse.PAPER)
    total = papers_total(store)
    if total + stored.size > MAX_TOTAL_BYTES:
        raise ValidationError(
            "content",
            _(
                "the partnership's papers would take more than {limit} MB together ({used} MB are used); "
                "remove papers of past meetings first"
            ).format(limit=MAX_TOTAL_BYTES // MEGABYTE, used=round(total / MEGABYTE)),
        )
    paper = Paper(
        item_id=item.id,
        file_id=stored.id,
        name=stored.name,
        media_type=stored.media_type,
        size=stored.size,
        added_by=added_by.strip()[:MAX_NAME],
    )
    validate_paper(paper)
    text = _("Add the paper {name} to {item}").format(name=stored.name, item=item.display_title)
    return Edit(text, ((None, stored), (None, paper)))


def remove_paper(store: Store, paper_id: str) -> Edit:
    """Take a paper off its item; its file goes with it (a file added by mistake must not stay in the
    partnership file). Undo puts both back."""
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    paper = store.get(Paper, paper_id)
    steps: list[tuple[Record | None, Record | None]] = [(paper, None)]
    stored = store.find(StoredFile, paper.file_id)
    shared = [p for p in store.where(Paper, {"file_id": paper.file_id}) if p.id != paper.id]
    if stored is not None and not shared:
        steps.append((stored, None))
    return Edit(_("Remove the paper {name}").format(name=paper.name), tuple(steps))


def removal_steps(store: Store, item_id: str) -> list[tuple[Record | None, Record | None]]:
    """The steps that take every paper off an item that is removed (the item's own removal adds them)."""
    steps: list[tuple[Record | None, Record | None]] = []
    for paper in papers_of(store, item_id):
        steps.extend(remove_paper(store, paper.id).steps)
    return steps


@frozen
class PaperFor:
    """A paper an audience receives, with the number of its item in that audience's version."""

    paper: Paper
    item: AgendaItem
    number: int  # the item's number on the agenda


def papers_for(store: Store, items: list[AgendaItem], audience: Audience) -> list[PaperFor]:
    """The papers ``audience`` receives with an agenda of ``items``, in agenda order: only those of items it
    may see whole (``audience.receives``); a restricted item's papers go to the partners it names only."""
    from facilitator.audience import Visibility, receives, seen_by  # noqa: PLC0415 - loaded when used: reading records needs none of it

    found: list[PaperFor] = []
    # Numbered as the audience's own agenda numbers them: an item it may not know of takes no number.
    listed = [item for item in items if seen_by(audience, item) is not Visibility.OMIT]
    for number, item in enumerate(listed, start=1):
        if receives(audience, item):
            found += [PaperFor(paper, item, number) for paper in papers_of(store, item.id)]
    return found


def file_of(store: Store, paper: Paper) -> StoredFile:
    """The stored file holding a paper's bytes."""
    return store.get(StoredFile, paper.file_id)


def format_size(t: Translator, size: int) -> str:
    """A file's size as people read it: ``820 KB``, ``2.4 MB``."""
    if size < MEGABYTE:
        # Translators: document
        kilobytes = t.gettext("{size} KB")
        return kilobytes.format(size=t.format_number(max(1, round(size / 1024))))
    # Translators: document
    megabytes = t.gettext("{size} MB")
    return megabytes.format(size=t.format_number(round(size / MEGABYTE, 1)))
