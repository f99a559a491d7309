"""E-mail drafts as standard ``.eml`` files (RFC 5322, built with Python's ``email`` package).

Each draft is marked as unsent (``X-Unsent: 1``), so that Outlook and Thunderbird open it ready to be sent from
the user's own account: the app sends nothing and needs no mail server. The core decides what a draft says and
carries (``facilitator.mail.MailDraft``); documents are laid out here as PDF (an agenda pack with its PDF papers
appended), other files are attached as they are.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from email import policy
from email.errors import HeaderParseError
from email.headerregistry import Address as MailAddress
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

from facilitator.exports.agenda_pack import pack_pdf
from facilitator.exports.files import write_atomically
from facilitator.mail import Address, Attachment, MailDraft
from facilitator.safe_files import remove_quietly

Progress = Callable[[str], None]
#: Lines of at most 78 characters, CRLF endings, non-ASCII headers encoded: what every mail program reads.
POLICY = policy.SMTP


def _address(address: Address) -> MailAddress:
    try:
        return MailAddress(display_name=address.name, addr_spec=address.email)
    except (HeaderParseError, ValueError, IndexError):
        local, _at, domain = address.email.rpartition("@")
        return MailAddress(display_name=address.name, username=local, domain=domain)


def _attach(message: EmailMessage, name: str, media_type: str, data: bytes) -> None:
    maintype, _slash, subtype = media_type.partition("/")
    message.add_attachment(
        data, maintype=maintype or "application", subtype=subtype or "octet-stream", filename=name
    )


def eml_bytes(draft: MailDraft, progress: Progress | None = None) -> tuple[bytes, str]:
    """The draft as ``.eml`` bytes, and the SHA-256 of the first document it carries (the version sent; empty
    when it carries none)."""
    message = EmailMessage(policy=POLICY)
    message["X-Unsent"] = "1"  # Outlook opens it as a message to send, not as one received
    if draft.to:
        message["To"] = [_address(a) for a in draft.to]
    if draft.cc:
        message["Cc"] = [_address(a) for a in draft.cc]
    message["Subject"] = draft.subject
    if draft.prepared_at is not None:
        message["Date"] = format_datetime(draft.prepared_at)
    message["X-Mailer"] = "Partnership Facilitator"
    message.set_content(draft.body, charset="utf-8")
    checksum = ""
    attachment: Attachment
    for attachment in draft.attachments:
        if attachment.document is None:
            _attach(message, attachment.name, attachment.media_type, attachment.content)
            continue
        data, left_out = pack_pdf(attachment.document, attachment.appended, progress)
        checksum = checksum or hashlib.sha256(data).hexdigest()
        _attach(message, attachment.name, "application/pdf", data)
        for paper in left_out:  # a PDF that could not be appended travels as it is
            _attach(message, paper.name, "application/pdf", paper.content)
    # Last: setting the content, or adding the first attachment, moves Content-* headers into the text part.
    message["Content-Language"] = draft.language
    return message.as_bytes(policy=POLICY), checksum


def write_draft(path: Path, draft: MailDraft, progress: Progress | None = None) -> str:
    """Write ``draft`` to ``path`` (checked by the caller) completely or not at all; return the checksum of the
    version it carries."""
    data, checksum = eml_bytes(draft, progress)
    write_atomically(Path(path), data)
    return checksum


def write_drafts(targets: list[tuple[Path, MailDraft]], progress: Progress | None = None) -> dict[str, str]:
    """Write each draft to its path (checked by the caller), in order; return each partner's checksum of the
    version sent. If one cannot be written, the drafts this call made are removed again (a file it replaced
    stays replaced) and the error is raised: a circulation is prepared whole or not at all."""
    made: list[Path] = []
    checksums: dict[str, str] = {}
    try:
        for path, draft in targets:
            existed = path.exists()
            if progress is not None:
                progress(path.name)
            checksums[draft.partner_id] = write_draft(path, draft, progress)
            if not existed:
                made.append(path)
    except BaseException:
        for path in made:
            remove_quietly(path)
        raise
    return checksums
