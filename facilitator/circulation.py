"""Circulating an agenda or minutes: one e-mail draft per partner, each with the version that partner may see.

``plan_circulation`` decides everything before a file is written: which partners, who at each partner (its
representatives on the forum), which version (``audience.circulation_audience``), in which language (the
partner's own where the whole document exists in it, else the forum's working language), which papers (those of
items the partner receives whole, asked of the audience rule), the covering text, and what changed since the
version that partner received last. The writer (``exports.eml``) lays out each version and writes the drafts;
``record_circulation`` then keeps what was prepared, for whom, with which version and checksum, as one edit (for
draft minutes, the minutes move to "circulated" in the same edit).

An agenda travels as an agenda pack: the agenda, then a list of its papers; PDF papers are appended to the same
PDF under bookmarks, other papers are attached to the e-mail beside it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from facilitator import clock
from facilitator.approval import MinutesStatus, circulate_minutes, minutes_status
from facilitator.audience import AudienceKind
from facilitator.entities import MAX_TEXT, Forum, LabelledEnum, Partner, Record
from facilitator.errors import ValidationError
from facilitator.frozen import frozen
from facilitator.i18n import DOCUMENT_LANGUAGES, N_, SOURCE_LANGUAGE, Translator, _
from facilitator.meetings import Meeting, MeetingKind, MeetingStatus
from facilitator.papers import PaperFor, file_of, format_size, papers_for
from facilitator.profile import document_translator
from facilitator.store import Store

if TYPE_CHECKING:
    from facilitator import versions
    from facilitator.audience import Audience
    from facilitator.docmodel import Block, DocumentModel
    from facilitator.mail import MailDraft, Recipients
    from facilitator.operations import Edit


class Circulated(LabelledEnum):
    """What is circulated."""

    AGENDA = "agenda", N_("Agenda")
    MINUTES = "minutes", N_("Minutes")


@frozen(kw_only=True)
class Circulation(Record):
    """An agenda or minutes prepared for circulation: when, and whether every partner got the public version."""

    meeting_id: str
    what: Circulated
    on: dt.date  # the day it was prepared
    prepared_at: dt.datetime  # the moment (UTC)
    public: bool = False


@frozen(kw_only=True)
class CirculatedCopy(Record):
    """What one partner's draft carried: the version, its language and checksum, and to whom it was addressed."""

    circulation_id: str
    partner_id: str
    audience: AudienceKind  # public, or partners (the version for this partner)
    language: str
    recipients: str = ""  # as addressed ("Name <address>, ..."); empty when no one had an address
    attachment: str = ""  # the file name of the version attached
    checksum: str = ""  # SHA-256 of the version attached, as written
    content_digest: str = ""  # SHA-256 of what the version says (the same text gives the same digest)
    outline: str = ""  # what each section said (``versions.outline``), to tell what changes next time
    papers: tuple[str, ...] = ()  # the stored files of the papers it carried
    changes: str = ""  # what the covering text said had changed since the last version


def validate_copy(copy: CirculatedCopy) -> None:
    """Refuse an impossible copy."""
    if copy.audience is AudienceKind.FULL:
        raise ValidationError("audience", _("the full record is never circulated"))
    for name in ("recipients", "attachment", "changes"):
        if len(getattr(copy, name)) > MAX_TEXT:
            raise ValidationError(name, _("is longer than {limit} characters").format(limit=MAX_TEXT))


@frozen
class PlannedCopy:
    """One partner's draft, decided: its version, language, recipients, papers and words."""

    partner: Partner
    audience: Audience
    language: str
    recipients: Recipients
    model: DocumentModel
    appended: tuple[PaperFor, ...]  # PDF papers appended to the pack
    attached: tuple[PaperFor, ...]  # other papers, attached beside it
    outline: versions.Outline
    content_digest: str
    previous: CirculatedCopy | None
    difference: versions.Difference | None  # None: the partner never received this document
    changes: tuple[str, ...]  # the difference in the copy's language
    subject: str
    body: str
    file_stem: str
    attachment_name: str

    @property
    def unchanged(self) -> bool:
        """Whether the partner already received exactly this version."""
        return self.previous is not None and self.previous.content_digest == self.content_digest


@frozen
class CirculationPlan:
    """Every draft of one circulation, and what it is about."""

    meeting: Meeting
    forum: Forum
    what: Circulated
    public: bool
    copies: tuple[PlannedCopy, ...]
    previous: Circulation | None

    @property
    def without_address(self) -> tuple[PlannedCopy, ...]:
        """The partners whose draft has no one to go to: no representative has an e-mail address."""
        return tuple(c for c in self.copies if not c.recipients.reachable)


def is_public_meeting(meeting: Meeting, forum: Forum) -> bool:
    """Whether a meeting's papers are the public's by default (a public meeting)."""
    from facilitator.entities import Tier  # noqa: PLC0415 - beside its only use

    return meeting.kind is MeetingKind.PUBLIC or forum.tier is Tier.PUBLIC


def circulations_of(store: Store, meeting_id: str, what: Circulated | None = None) -> list[Circulation]:
    """The circulations of a meeting's agenda or minutes (or both), oldest first."""
    found = store.where(Circulation, {"meeting_id": meeting_id})
    return sorted((c for c in found if what is None or c.what is what), key=lambda c: (c.prepared_at, c.id))


def copies_of(store: Store, circulation_id: str) -> list[CirculatedCopy]:
    """The copies one circulation prepared."""
    return store.where(CirculatedCopy, {"circulation_id": circulation_id})


def _last_copies(
    store: Store, meeting_id: str, what: Circulated
) -> tuple[Circulation | None, dict[str, tuple[Circulation, CirculatedCopy]]]:
    last: dict[str, tuple[Circulation, CirculatedCopy]] = {}
    found = circulations_of(store, meeting_id, what)
    for circulation in found:
        for copy in copies_of(store, circulation.id):
            last[copy.partner_id] = (circulation, copy)
    return (found[-1] if found else None), last


def _version_language(
    store: Store, forum: Forum, partner: Partner, build: BuildModel
) -> tuple[str, DocumentModel]:
    """The partner's language when the whole document exists in it, else the forum's working language."""
    working = forum.working_language if forum.working_language in DOCUMENT_LANGUAGES else SOURCE_LANGUAGE
    wanted = partner.language
    if wanted in DOCUMENT_LANGUAGES and wanted != working:
        model = build(wanted)
        if not model.untranslated:
            return wanted, model
    return working, build(working)


class BuildModel:
    """Builds one version's document in a language (a cache per audience and language: partners that get the
    same version in the same language share it)."""

    def __init__(self, store: Store, meeting: Meeting, what: Circulated, audience: Audience) -> None:
        self.store, self.meeting, self.what, self.audience = store, meeting, what, audience

    def __call__(self, language: str) -> DocumentModel:
        from facilitator.minutes import build_agenda, build_minutes  # noqa: PLC0415 - loaded when used: reading records needs none of it

        if self.what is Circulated.MINUTES:
            return build_minutes(self.store, self.meeting.id, self.audience, language)
        return build_agenda(self.store, self.meeting.id, self.audience, language)


def _pack(
    t: Translator, model: DocumentModel, appended: Sequence[PaperFor], attached: Sequence[PaperFor]
) -> DocumentModel:
    """The agenda with the list of its papers at the end: where each one is (appended, or attached beside)."""
    from facilitator.docmodel import Heading, Paragraph, Table, Tone  # noqa: PLC0415 - loaded when used: reading records needs none of it

    if not appended and not attached:
        return model
    rows = []
    for found in sorted((*appended, *attached), key=lambda p: (p.number, p.paper.created)):
        # Translators: document
        appended_here = t.gettext("appended to this file")
        # Translators: document
        where = appended_here if found.paper.is_pdf else t.gettext("attached to the e-mail")
        rows.append((str(found.number), found.paper.name, format_size(t, found.paper.size), where))
    # Translators: document
    title = t.gettext("Papers")
    # Translators: document
    paper = t.gettext("Paper")
    # Translators: document
    size = t.gettext("Size")
    # Translators: document
    where = t.gettext("Where")
    header = (t.gettext("No."), paper, size, where)
    blocks: list[Block] = [Heading(title), Table(header, tuple(rows), (0.6, 5, 1.4, 3))]
    if attached:
        # Translators: document
        note = t.gettext("Papers that are not PDF files travel as separate attachments of the e-mail.")
        blocks.append(Paragraph(note, Tone.NOTE))
    return dataclasses.replace(model, blocks=(*model.blocks, *blocks))


def _text_digest(model: DocumentModel) -> str:
    """What a version says, without the status line that names its own circulation."""
    import hashlib  # noqa: PLC0415 - hashlib loads OpenSSL: only when a digest is made

    return hashlib.sha256(
        dataclasses.replace(model, status="", draft_mark="").text().encode("utf-8")
    ).hexdigest()


def _attachment_name(t: Translator, forum: Forum, meeting: Meeting, what: Circulated, language: str) -> str:
    from facilitator.mail import file_name  # noqa: PLC0415 - loaded when used: reading records needs none of it

    kind = what.label_in(t)
    return file_name(f"{forum.name} {meeting.starts_at:%Y-%m-%d} {kind} ({language})", ".pdf")


def _subject(
    t: Translator, forum: Forum, meeting: Meeting, what: Circulated, *, status: MinutesStatus, again: bool
) -> str:
    day = t.format_date(meeting.starts_at.date(), "long")
    if what is Circulated.AGENDA:
        # Translators: document
        subject = t.gettext("{forum}: agenda of the meeting of {date}")
    elif status is MinutesStatus.APPROVED:
        # Translators: document
        subject = t.gettext("{forum}: approved minutes of the meeting of {date}")
    else:
        # Translators: document
        subject = t.gettext("{forum}: draft minutes of the meeting of {date}")
    text = subject.format(forum=forum.name, date=day)
    # Translators: document
    return t.gettext("{subject} (corrected version)").format(subject=text) if again else text


def _body(
    t: Translator,
    plan: tuple[Forum, Meeting, Circulated, MinutesStatus],
    partner: Partner,
    *,
    audience: Audience,
    papers: tuple[Sequence[PaperFor], Sequence[PaperFor]],
    previous: tuple[Circulation, CirculatedCopy] | None,
    changes: Sequence[str],
    sender: str,
) -> str:
    forum, meeting, what, status = plan
    appended, attached = papers
    day = t.format_date(meeting.starts_at.date(), "full")
    time = t.format_time(meeting.starts_at.time())
    # Translators: document
    lines = [t.gettext("Dear colleagues,"), ""]
    if what is Circulated.AGENDA:
        # Translators: document
        text = t.gettext("Please find attached the agenda of the meeting of {forum} on {date} at {time}.")
    elif status is MinutesStatus.APPROVED:
        # Translators: document
        text = t.gettext("Please find attached the approved minutes of the meeting of {forum} on {date}.")
    else:
        # Translators: document
        text = t.gettext(
            "Please find attached the draft minutes of the meeting of {forum} on {date}. Please send any "
            "correction before they are approved at the next meeting."
        )
    lines.append(text.format(forum=forum.name, date=day, time=time))
    if what is Circulated.AGENDA and meeting.venue:
        # Translators: document
        lines.append(t.gettext("Place: {venue}").format(venue=meeting.venue))
    if appended or attached:
        lines.append("")
        # Translators: document
        lines.append(t.gettext("Papers:"))
        # Translators: document
        in_pack = t.gettext("in the agenda pack")
        # Translators: document
        beside = t.gettext("attached")
        for found in (*appended, *attached):
            where = in_pack if found.paper.is_pdf else beside
            lines.append(
                f"- {found.number}. {found.paper.name} ({format_size(t, found.paper.size)}, {where})"
            )
    if previous is not None:
        circulation, _copy = previous
        lines.append("")
        since = t.format_date(circulation.on, "long")
        if changes:
            # Translators: document
            lines.append(t.gettext("This version replaces the one sent on {date}.").format(date=since))
            lines.extend(changes)
        else:
            # Translators: document
            lines.append(
                t.gettext("Nothing has changed since the version sent on {date}.").format(date=since)
            )
    if not audience.is_public:
        # Translators: document
        note = t.gettext("This version is for {partner}: please do not forward it outside your organisation.")
        lines += ["", note.format(partner=partner.name)]
    # Translators: document
    lines += ["", t.gettext("Kind regards,"), sender or forum.name]
    return "\n".join(lines)


def plan_circulation(
    store: Store,
    meeting_id: str,
    what: Circulated,
    *,
    partner_ids: Sequence[str] | None = None,
    public: bool | None = None,
    sender: str = "",
    today: dt.date | None = None,
) -> CirculationPlan:
    """Every draft of circulating a meeting's agenda or minutes, decided and not yet written.

    ``partner_ids`` None: the forum's members. ``public`` None: the public version for a public meeting, each
    partner's own version otherwise. Minutes are circulated only once the meeting was held."""
    from facilitator import versions  # noqa: PLC0415 - loaded when used: reading records needs none of it
    from facilitator.audience import circulation_audience  # noqa: PLC0415 - loaded when used: reading records needs none of it
    from facilitator.mail import partner_stem, recipients  # noqa: PLC0415 - loaded when used: reading records needs none of it
    from facilitator.meeting_ops import agenda  # noqa: PLC0415 - loaded when used: reading records needs none of it
    from facilitator.operations import members  # noqa: PLC0415 - loaded when used: reading records needs none of it

    meeting = store.get(Meeting, meeting_id)
    forum = store.get(Forum, meeting.forum_id)
    day = today or clock.today()
    if what is Circulated.MINUTES and meeting.status is not MeetingStatus.HELD:
        raise ValidationError("status", _("only the minutes of a meeting that was held can be circulated"))
    if meeting.status is MeetingStatus.CANCELLED:
        raise ValidationError("status", _("this meeting was cancelled; there is nothing to circulate"))
    chosen = list(partner_ids) if partner_ids is not None else [p.id for p, _seat in members(store, forum.id)]
    if not chosen:
        raise ValidationError("partners", _("choose at least one partner to circulate to"))
    public = is_public_meeting(meeting, forum) if public is None else public
    status = minutes_status(store, meeting.id)
    last, received = _last_copies(store, meeting.id, what)
    items = agenda(store, meeting.id)
    copies = []
    for number, partner_id in enumerate(dict.fromkeys(chosen), start=1):
        partner = store.get(Partner, partner_id)
        audience = circulation_audience(partner.id, public=public)
        language, model = _version_language(store, forum, partner, BuildModel(store, meeting, what, audience))
        t = document_translator(store, language)
        shared = papers_for(store, items, audience) if what is Circulated.AGENDA else []
        appended = tuple(p for p in shared if p.paper.is_pdf)
        attached = tuple(p for p in shared if not p.paper.is_pdf)
        model = _pack(t, model, appended, attached)
        digests = {p.paper.name: file_of(store, p.paper).sha256 for p in shared}
        found = versions.outline(model, digests)
        previous = received.get(partner.id)
        difference = versions.difference(versions.load(previous[1].outline), found) if previous else None
        changes = tuple(versions.describe(t, difference)) if difference is not None else ()
        copies.append(
            PlannedCopy(
                partner=partner,
                audience=audience,
                language=language,
                recipients=recipients(store, forum.id, partner.id, day),
                model=model,
                appended=appended,
                attached=attached,
                outline=found,
                content_digest=_text_digest(model),
                previous=previous[1] if previous else None,
                difference=difference,
                changes=changes,
                subject=_subject(
                    t, forum, meeting, what, status=status, again=previous is not None and bool(changes)
                ),
                body=_body(
                    t,
                    (forum, meeting, what, status),
                    partner,
                    audience=audience,
                    papers=(appended, attached),
                    previous=previous,
                    changes=changes,
                    sender=sender,
                ),
                file_stem=partner_stem(number, partner),
                attachment_name=_attachment_name(t, forum, meeting, what, language),
            )
        )
    return CirculationPlan(meeting, forum, what, public, tuple(copies), last)


def drafts(store: Store, plan: CirculationPlan) -> list[MailDraft]:
    """The drafts of a plan, with the bytes of the papers they carry (read here, where the store lives)."""
    from facilitator.mail import AppendedPaper, Attachment, MailDraft  # noqa: PLC0415 - loaded when used: reading records needs none of it

    found = []
    moment = clock.now()
    for copy in plan.copies:
        pack = Attachment(
            name=copy.attachment_name,
            media_type="application/pdf",
            document=copy.model,
            appended=tuple(
                AppendedPaper(f"{p.number}. {p.paper.name}", p.paper.name, file_of(store, p.paper).content)
                for p in copy.appended
            ),
        )
        beside = tuple(
            Attachment(
                name=p.paper.name, media_type=p.paper.media_type, content=file_of(store, p.paper).content
            )
            for p in copy.attached
        )
        found.append(
            MailDraft(
                partner_id=copy.partner.id,
                file_stem=copy.file_stem,
                to=copy.recipients.to,
                cc=copy.recipients.cc,
                subject=copy.subject,
                body=copy.body,
                language=copy.language,
                attachments=(pack, *beside),
                prepared_at=moment,
            )
        )
    return found


def record_circulation(
    store: Store, plan: CirculationPlan, checksums: dict[str, str], on: dt.date | None = None
) -> Edit:
    """Keep what a circulation prepared, for whom, with which version and checksum (``checksums``: the SHA-256
    of each partner's attached version as written); draft minutes become circulated in the same edit."""
    from facilitator import versions  # noqa: PLC0415 - loaded when used: reading records needs none of it
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    day = on or clock.today()
    circulation = Circulation(
        meeting_id=plan.meeting.id, what=plan.what, on=day, prepared_at=clock.now(), public=plan.public
    )
    steps: list[tuple[Record | None, Record | None]] = [(None, circulation)]
    for copy in plan.copies:
        kept = CirculatedCopy(
            circulation_id=circulation.id,
            partner_id=copy.partner.id,
            audience=copy.audience.kind,
            language=copy.language,
            recipients=copy.recipients.line(),
            attachment=copy.attachment_name,
            checksum=checksums.get(copy.partner.id, ""),
            content_digest=copy.content_digest,
            outline=versions.dump(copy.outline),
            papers=tuple(p.paper.file_id for p in (*copy.appended, *copy.attached)),
            changes="\n".join(copy.changes),
        )
        validate_copy(kept)
        steps.append((None, kept))
    if (
        plan.what is Circulated.MINUTES
        and minutes_status(store, plan.meeting.id) is not MinutesStatus.APPROVED
    ):
        moved = circulate_minutes(store, plan.meeting.id, [c.partner.id for c in plan.copies], day)
        steps.extend(moved.steps)
    if plan.what is Circulated.AGENDA:
        text = _("Circulate the agenda of {forum}")
    else:
        text = _("Circulate the minutes of {forum}")
    return Edit(text.format(forum=plan.forum.name), tuple(steps))
