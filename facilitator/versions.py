"""What changed between two versions of a document a partner received, said in that partner's words.

Each circulated copy keeps an outline of the version sent: for every section (an agenda item, the attendance,
a table's rows) a short digest of what it said, and for every paper the digest of its file. Circulating again
compares the new version's outline with the one that partner received last. Both outlines are of that partner's
own version, so the comparison can only name what that partner may see.
"""

from __future__ import annotations

import hashlib
import json
import re

from facilitator.docmodel import Block, DocumentModel, Heading, Table, block_text
from facilitator.frozen import frozen
from facilitator.i18n import N_, Translator

#: The leading number of an item's heading ("3. Underpass lighting"): items keep their key when renumbered.
_NUMBER = re.compile(r"^\s*\d+[.)]\s*")
#: How many names a summary lists before it counts the rest.
NAMED = 8
PAPER = "paper"
SECTION = "section"


def _digest(parts: list[str]) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def _row_key(row: tuple[str, ...]) -> str:
    cells = [c for c in row if c.strip()]
    if len(cells) > 1 and cells[0].strip().isdigit():
        return cells[1]
    return cells[0] if cells else ""


Outline = tuple[tuple[str, str, str], ...]


def outline(model: DocumentModel, papers: dict[str, str] | None = None) -> Outline:
    """The outline of a version: ``(kind, key, digest)`` for every section and table row of ``model`` (its
    status line left out: it says when it was circulated), and for every paper of ``papers`` (name to its
    file's digest). Keys that repeat are numbered, so that each stays its own."""
    entries: list[tuple[str, str, str]] = []
    section = ""
    lines: list[str] = [model.title, model.subtitle]

    def close() -> None:
        entries.append((SECTION, section, _digest(lines)))

    block: Block
    for block in model.blocks:
        if isinstance(block, Heading):
            close()
            section = _NUMBER.sub("", block.text).strip()
            lines = [block.text]
            continue
        if isinstance(block, Table):
            lines.append(" | ".join(block.header))
            for row in block.rows:
                key = _row_key(row)
                entries.append((SECTION, f"{section}: {key}" if key else section, _digest([" | ".join(row)])))
            continue
        lines.extend(block_text(block))
    close()
    entries += [(PAPER, name, digest) for name, digest in sorted((papers or {}).items())]
    seen: dict[tuple[str, str], int] = {}
    unique = []
    for kind, key, digest in entries:
        count = seen.get((kind, key), 0) + 1
        seen[(kind, key)] = count
        unique.append((kind, key if count == 1 else f"{key} ({count})", digest))
    return tuple(unique)


def dump(found: Outline) -> str:
    """An outline as kept with a circulated copy (JSON)."""
    return json.dumps([list(entry) for entry in found], ensure_ascii=False, separators=(",", ":"))


def load(text: str) -> Outline:
    """An outline kept with a circulated copy; an empty or unreadable one is empty."""
    try:
        raw = json.loads(text) if text else []
    except ValueError:
        return ()
    return tuple((str(e[0]), str(e[1]), str(e[2])) for e in raw if isinstance(e, list) and len(e) == 3)


@frozen
class Difference:
    """What differs between the version a partner received and the new one."""

    changed: tuple[str, ...] = ()
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    papers_changed: tuple[str, ...] = ()
    papers_added: tuple[str, ...] = ()
    papers_removed: tuple[str, ...] = ()

    @property
    def nothing(self) -> bool:
        """Whether the new version says exactly what the old one said."""
        return not (
            self.changed
            or self.added
            or self.removed
            or self.papers_changed
            or self.papers_added
            or self.papers_removed
        )


def difference(old: Outline, new: Outline) -> Difference:
    """What ``new`` changes in ``old``, section by section and paper by paper, in ``new``'s order."""
    before = {(kind, key): digest for kind, key, digest in old}
    after = {(kind, key): digest for kind, key, digest in new}

    def names(kind: str, test: str) -> tuple[str, ...]:
        found = []
        for entry_kind, key, digest in new:
            if entry_kind != kind:
                continue
            was = before.get((kind, key))
            if (test == "changed" and was is not None and was != digest) or (test == "added" and was is None):
                found.append(key or "—")
        return tuple(dict.fromkeys(found))

    def gone(kind: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(key or "—" for (k, key) in before if k == kind and (k, key) not in after))

    return Difference(
        changed=names(SECTION, "changed"),
        added=names(SECTION, "added"),
        removed=gone(SECTION),
        papers_changed=names(PAPER, "changed"),
        papers_added=names(PAPER, "added"),
        papers_removed=gone(PAPER),
    )


def _listed(t: Translator, names: tuple[str, ...]) -> str:
    shown = "; ".join(names[:NAMED])
    if len(names) > NAMED:
        more = len(names) - NAMED
        # Translators: document
        shown += " " + t.ngettext("and {n} more", "and {n} more", more).format(n=t.format_number(more))
    return shown


def describe(t: Translator, found: Difference) -> list[str]:
    """What changed, in sentences of ``t``'s language (empty when nothing changed)."""
    told = (
        # Translators: document
        (N_("Changed: {sections}."), found.changed),
        # Translators: document
        (N_("New: {sections}."), found.added),
        # Translators: document
        (N_("Taken out: {sections}."), found.removed),
        # Translators: document
        (N_("New papers: {papers}."), found.papers_added),
        # Translators: document
        (N_("Papers replaced: {papers}."), found.papers_changed),
        # Translators: document
        (N_("Papers withdrawn: {papers}."), found.papers_removed),
    )
    lines = []
    for sentence, names in told:
        if names:  # a sentence names sections or papers: ``format`` leaves the other unused
            listed = _listed(t, names)
            lines.append(t.gettext(sentence).format(sections=listed, papers=listed))
    return lines
