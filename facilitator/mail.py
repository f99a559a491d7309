"""E-mail drafts the user sends from their own mail program: who they go to, what they say, what they carry.

The app sends nothing and needs no mail server: the core decides each draft (its recipients, its words in the
partner's language, its attachments, each as that partner may receive it), and ``exports.eml`` writes it as a
standard ``.eml`` file marked as unsent, which Outlook and Thunderbird open ready to send.

A partner's draft goes to its representatives on the forum: the main representative, and the substitutes beside
them (copied when the main representative has an address). Whoever has no e-mail address is named, never left
out silently.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import field

from facilitator.docmodel import DocumentModel
from facilitator.entities import Partner, Representative
from facilitator.frozen import frozen
from facilitator.operations import membership_of
from facilitator.store import Store

#: The longest file name written (many systems allow 255 bytes; a folder's path comes on top).
MAX_FILE_NAME = 100


@frozen
class Address:
    """Someone a draft is addressed to."""

    name: str
    email: str


@frozen
class AppendedPaper:
    """A PDF paper appended to the document it travels with, under a bookmark (``title``); ``name`` is its file
    name, should it have to travel beside the document (a PDF that cannot be read)."""

    title: str
    name: str
    content: bytes


@frozen
class Attachment:
    """A file a draft carries: a document the writer lays out as PDF (with PDF papers appended to it), or a
    file's own bytes (a paper that is not a PDF)."""

    name: str
    media_type: str
    content: bytes = b""
    document: DocumentModel | None = None
    appended: tuple[AppendedPaper, ...] = ()


@frozen
class MailDraft:
    """One e-mail, ready to be written as a draft: for one partner, in one language."""

    partner_id: str
    file_stem: str  # the draft's file name without ``.eml``
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    subject: str
    body: str
    language: str
    attachments: tuple[Attachment, ...] = ()
    #: The moment it was prepared (the draft's Date), from the app's clock.
    prepared_at: dt.datetime | None = None


@frozen
class Recipients:
    """Who a partner's draft is addressed to, and who could not be (no e-mail address)."""

    to: tuple[Address, ...] = ()
    cc: tuple[Address, ...] = ()
    without_address: tuple[str, ...] = ()  # names of representatives who have no e-mail address
    people: tuple[Representative, ...] = field(default=(), compare=False)

    @property
    def reachable(self) -> bool:
        """Whether the draft has anyone to go to."""
        return bool(self.to or self.cc)

    def line(self) -> str:
        """Everyone addressed, as the draft's header says it (kept with the circulation)."""
        return ", ".join(f"{a.name} <{a.email}>" for a in (*self.to, *self.cc))


def recipients(store: Store, forum_id: str, partner_id: str, day: dt.date) -> Recipients:
    """A partner's representatives on a forum on ``day``: the main representative first, then the substitutes;
    only people active that day. Those with an address are addressed (the first to, the rest copied), the others
    named as having none."""
    seat = membership_of(store, forum_id, partner_id)
    ids = [seat.main_representative_id, *seat.substitute_ids] if seat else []
    people = [store.find(Representative, i) for i in ids if i]
    active = [p for p in people if p is not None and p.is_active_on(day)]
    if not active:
        # A partner without named people on the forum: its other active representatives, so no one is skipped.
        active = sorted(
            (p for p in store.where(Representative, {"partner_id": partner_id}) if p.is_active_on(day)),
            key=lambda p: (not p.may_decide, p.name.casefold()),
        )
    addressed = [Address(p.name, p.email.strip()) for p in active if p.email.strip()]
    missing = tuple(p.name for p in active if not p.email.strip())
    return Recipients(tuple(addressed[:1]), tuple(addressed[1:]), missing, tuple(active))


def merged(first: Recipients, *more: Representative) -> Recipients:
    """``first`` with more people copied (each once, by address)."""
    known = {a.email.casefold() for a in (*first.to, *first.cc)}
    cc = list(first.cc)
    missing = list(first.without_address)
    for person in more:
        email = person.email.strip()
        if not email:
            if person.name not in missing and person not in first.people:
                missing.append(person.name)
            continue
        if email.casefold() not in known:
            known.add(email.casefold())
            cc.append(Address(person.name, email))
    to = first.to or tuple(cc[:1])
    return Recipients(to, tuple(c for c in cc if c not in to), tuple(missing), first.people)


_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def file_name(text: str, suffix: str) -> str:
    """``text`` as a file name any system accepts (no folders, no characters Windows refuses, not too long),
    ending in ``suffix``."""
    cleaned = _UNSAFE.sub("-", unicodedata.normalize("NFC", text)).strip(" .-")
    room = MAX_FILE_NAME - len(suffix)
    return (cleaned[:room].rstrip(" .-") or "document") + suffix


def partner_stem(number: int, partner: Partner) -> str:
    """A partner's draft file name without its ending: numbered, so drafts list in the order prepared."""
    return file_name(f"{number:02d} {partner.display_name}", "")
