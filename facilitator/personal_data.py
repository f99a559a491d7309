"""Personal data of representatives: everything about a person, erasing a person, and keeping contact details
no longer than needed.

The partnership's record is evidence, so erasure takes a person's identity out of it without taking the record
apart: the name, e-mail and phone become a neutral label ("Representative of Police, 2") everywhere it can
change, so meetings, attendance counts and every indicator stay as they were. Approved minutes cannot change
(``approval`` guards them); for those the erasure is recorded as a correction, which says how to read them and
never repeats the name, and the snapshot they print from is rewritten the same way and sealed again (the law
requires the name to go; the correction says why the seal changed). Everything is an ``Edit``, so the window can
preview it, apply it and undo it; the audit trail, which the store keeps outside the records, is redacted by
``finish_erasure`` afterwards.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
import typing
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import replace
from typing import Any, Protocol, runtime_checkable

import phonenumbers

from facilitator import clock
from facilitator.actions import Action
from facilitator.approval import (
    Correction,
    MinutesRecord,
    MinutesStatus,
    checksum,
    corrections,
    meeting_of_item_part,
    minutes_status,
    record_correction,
)
from facilitator.entities import (
    AnyRecord,
    Forum,
    Membership,
    Partner,
    Record,
    Representative,
    forum_names,
    partner_names,
    touched,
)
from facilitator.errors import KnownError, MinutesLocked
from facilitator.frozen import frozen
from facilitator.i18n import _, ngettext
from facilitator.meetings import AgendaItem, Attendance, Decision, Meeting, Position, SpeakerTurn
from facilitator.operations import Edit, check_guards
from facilitator.profile import document_translator, partnership_profile
from facilitator.records import KIND_NAMES, KINDS, record_to_dict
from facilitator.snapshot import SEALED_WHOLE, Snapshot
from facilitator.store import Store


@runtime_checkable
class AuditTrail(Protocol):
    """A store that keeps an audit trail beside the records (the SQLite store does; test stores may not)."""

    def audit_entries_about(
        self, record_ids: list[str], texts: list[str], matches: Callable[[str], bool] | None = None
    ) -> list[dict[str, Any]]:
        """Audit entries about ``record_ids``, mentioning ``texts``, or with a value ``matches`` accepts."""
        ...

    def redact_audit(
        self,
        replacements: dict[str, str],
        record_id: str | None = None,
        fields: dict[str, str] | None = None,
        scrub: Callable[[str], str] | None = None,
    ) -> int:
        """Replace personal data in the trail (``scrub`` is applied to every text of every entry); returns how
        many entries changed."""
        ...


@runtime_checkable
class Compactable(Protocol):
    """A store whose file can be rewritten without its free space (SQLite's VACUUM), so nothing deleted stays."""

    def compact(self) -> None:
        """Rewrite the file without deleted content."""
        ...


# --- finding a person in the record -------------------------------------------------------------------------

#: Words that join the parts of a name and say nothing about who it is ("Jan van der Berg", "Omar al Farsi").
NAME_PARTICLES = frozenset(
    {
        *("van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "al", "el"),
        *("bin", "ibn", "ben", "ter", "ten", "het", "dos", "das", "st", "mc", "mac"),
    }
)
#: The shortest name part looked for on its own (shorter ones are initials or too common to mean the person).
MIN_PART = 3


def identifying_texts(person: Representative) -> list[str]:
    """The texts that identify ``person`` as written in their record: their name, e-mail and phone."""
    texts = {t.strip() for t in (person.name, person.email, person.phone) if len(t.strip()) >= MIN_PART}
    return sorted(texts, key=len, reverse=True)


def name_parts(name: str) -> list[str]:
    """The parts of a name that may stand for the person alone: first names and surnames, hyphenated ones
    whole and in pieces, without particles and initials."""
    parts: list[str] = []
    for written in name.split():
        word = written.strip(".,;:()\"'")
        pieces = [word, *word.split("-")] if "-" in word else [word]
        for piece in pieces:
            if len(piece) >= MIN_PART and piece.casefold() not in NAME_PARTICLES and piece not in parts:
                parts.append(piece)
    return parts


@frozen
class SharedPart:
    """A part of the person's name that others in the partnership share: replaced only if the user says so."""

    part: str
    shared_with: tuple[str, ...]


def partnership_region(store: Store) -> str | None:
    """The country phone numbers are written in, as a two-letter region (``GB``): the region set in the
    partnership's profile; else the territory of the time zone most of its meetings are in, else of the
    machine's zone; None when nothing says."""
    from babel.core import get_global  # noqa: PLC0415 - Babel's territory of each time zone

    chosen = partnership_profile(store).region
    if chosen:
        return chosen
    territories: Mapping[str, str] = get_global("zone_territories")
    zones = Counter(str(row[0]) for row in store.values(Meeting, ("timezone",)))
    for zone, _count in zones.most_common():
        if zone in territories:
            return str(territories[zone])
    found = territories.get(clock.current().zone_name() or "")
    return str(found) if found else None


def _phone_key(text: str, region: str | None) -> str | None:
    """A phone number in one form (E.164, ``+442079460000``) whatever way it was written, or None."""
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@frozen
class PersonFinder:
    """Finds a person in free text however they are written: the full name and e-mail in any case, each part
    of the name that no one else in the partnership shares (as written, capital first), and the phone number
    in any format (national or international, with or without spaces, read in the partnership's region)."""

    whole: tuple[str, ...]
    parts: tuple[str, ...]
    phones: frozenset[str]
    region: str | None
    shared: tuple[SharedPart, ...] = ()

    def _patterns(self) -> list[re.Pattern[str]]:
        # A mention stands between anything but letters and digits: "_" separates words too, as in a file's
        # name ("Kowalska_statement.txt"), where Python's \w would have counted it a letter.
        found = []
        if self.whole:
            joined = "|".join(re.escape(t) for t in sorted(self.whole, key=len, reverse=True))
            found.append(re.compile(rf"(?<![^\W_])(?:{joined})(?![^\W_])", re.IGNORECASE))
        if self.parts:
            joined = "|".join(re.escape(t) for t in sorted(self.parts, key=len, reverse=True))
            found.append(re.compile(rf"(?<![^\W_])(?:{joined})(?![^\W_])"))
        return found

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where the person is mentioned in ``text``: (start, end) pairs, in order, not overlapping."""
        found = [(m.start(), m.end()) for pattern in self._patterns() for m in pattern.finditer(text)]
        if self.phones and any(c.isdigit() for c in text):
            for match in phonenumbers.PhoneNumberMatcher(
                text, self.region or "ZZ", leniency=phonenumbers.Leniency.POSSIBLE
            ):
                number = phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
                if number in self.phones:
                    found.append((match.start, match.end))
        merged: list[tuple[int, int]] = []
        for start, end in sorted(found):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged

    def found_in(self, text: str) -> bool:
        """Whether ``text`` mentions the person."""
        return bool(self.spans(text))

    def written(self, text: str) -> list[str]:
        """The mentions as written in ``text`` (for the audit trail, which is searched by text)."""
        return [text[start:end] for start, end in self.spans(text)]

    def scrub(self, text: str, label: str) -> str:
        """``text`` with every mention of the person replaced by ``label``."""
        for start, end in reversed(self.spans(text)):
            text = text[:start] + label + text[end:]
        return text


def person_finder(store: Store, person: Representative, also: Collection[str] = ()) -> PersonFinder:
    """How to find ``person`` in the partnership's free text. A part of their name that another person, a
    partner or a forum of the partnership also has is ambiguous: it is listed in ``shared`` and looked for
    only if it is in ``also`` (the user chose it)."""
    others: dict[str, list[str]] = {}
    for other in store.all(Representative, include_archived=True):
        if other.id != person.id:
            for part in name_parts(other.name):
                others.setdefault(part.casefold(), []).append(other.name)
    names = [p.name for p in store.all(Partner, include_archived=True)]
    names += [f.name for f in store.all(Forum, include_archived=True)]
    for named in names:
        for word in re.findall(r"\w+", named):
            others.setdefault(word.casefold(), []).append(named)
    parts, shared = [], []
    for part in name_parts(person.name):
        if part.casefold() == person.name.strip().casefold():
            continue  # a one-word name is looked for whole already
        sharing = others.get(part.casefold(), [])
        if sharing and part not in also:
            shared.append(SharedPart(part, tuple(dict.fromkeys(sharing))))
        else:
            parts.append(part)
    region = partnership_region(store)
    phones = frozenset(
        key for key in (_phone_key(person.phone, region),) if key is not None and person.phone.strip()
    )
    whole = tuple(t.strip() for t in (person.name, person.email) if len(t.strip()) >= MIN_PART)
    if person.phone.strip() and not phones:
        whole += (person.phone.strip(),)  # not a number phonenumbers can read: looked for as written
    return PersonFinder(whole, tuple(parts), phones, region, tuple(shared))


#: Text fields that are not free text: the snapshot of approved minutes is records, which ``plan_erasure`` rewrites
#: as records (``_erased_snapshot``) and seals again, never as one long string.
NOT_FREE_TEXT = frozenset({"id", "approved_record"})


def _text_fields(kind: type[Record]) -> list[str]:
    hints = typing.get_type_hints(kind)
    return [f.name for f in dataclasses.fields(kind) if hints.get(f.name) is str and f.name not in NOT_FREE_TEXT]


@frozen
class Mention:
    """A free-text field of a record that mentions the person."""

    kind: str
    record_id: str
    field: str
    text: str


def mentions(store: Store, finder: PersonFinder) -> list[Mention]:
    """Every free-text field of every record that mentions the person ``finder`` looks for."""
    found = []
    for name, kind in KINDS.items():
        fields = _text_fields(kind)
        for record in store.all(kind, include_archived=True):
            for field in fields:
                value = getattr(record, field)
                if isinstance(value, str) and value and finder.found_in(value):
                    found.append(Mention(name, record.id, field, value))
    return found


# --- everything about a person ------------------------------------------------------------------------------


@frozen
class SubjectAccess:
    """Everything the partnership file holds about one person, for a subject-access request."""

    person: dict[str, Any]
    partner: str
    sections: dict[str, list[dict[str, Any]]]
    made_on: str

    def to_json(self) -> str:
        """The whole answer as a JSON document."""
        document = {
            "made_on": self.made_on,
            "person": self.person,
            "partner": self.partner,
            **self.sections,
        }
        return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False, default=str)

    def to_csv(self) -> str:
        """The answer as one CSV table: section, record, field and value on each row."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["section", "record", "field", "value"])
        for field, value in self.person.items():
            writer.writerow(["person", self.person.get("id", ""), field, _cell(value)])
        for section, rows in self.sections.items():
            for row in rows:
                record = str(row.get("record_id") or row.get("id") or row.get("seq") or "")
                for field, value in row.items():
                    writer.writerow([section, record, field, _cell(value)])
        return out.getvalue()


def _cell(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def everything_about(store: Store, representative_id: str, today: dt.date | None = None) -> SubjectAccess:
    """Every record that mentions the representative: who they are, where they sit, when they attended,
    what they presented and owe, every free text naming them, and the audit trail's entries about them."""
    person = store.get(Representative, representative_id)
    partner = store.find(Partner, person.partner_id)
    forums = forum_names(store)
    meetings = {m.id: m for m in store.all(Meeting, include_archived=True)}

    def meeting_fields(meeting_id: str) -> dict[str, Any]:
        meeting = meetings.get(meeting_id)
        if meeting is None:
            return {"meeting_id": meeting_id}
        return {
            "meeting_id": meeting_id,
            "meeting": meeting.starts_at.isoformat(timespec="minutes"),
            "forum": forums.get(meeting.forum_id, ""),
        }

    sections: dict[str, list[dict[str, Any]]] = {}
    sections["memberships"] = [
        {
            "record_id": m.id,
            "forum": forums.get(m.forum_id, ""),
            "as": "main representative" if m.main_representative_id == person.id else "substitute",
            "archived": m.archived,
        }
        for m in store.all(Membership, include_archived=True)
        if person.id in (m.main_representative_id, *m.substitute_ids)
    ]
    finder = person_finder(store, person)
    sections["attendance"] = [
        {
            "record_id": a.id,
            **meeting_fields(a.meeting_id),
            "presence": a.presence.value,
            "role": a.role.value,
            "stood_in_for_someone": a.representative_id == person.id and a.substitute_for_id is not None,
            "someone_stood_in_for_them": a.substitute_for_id == person.id,
        }
        for a in store.all(Attendance, include_archived=True)
        if person.id in (a.representative_id, a.substitute_for_id)
        or (a.guest_name and finder.found_in(a.guest_name))
    ]
    sections["presented"] = [
        {"record_id": i.id, **meeting_fields(i.meeting_id), "item": i.title or i.kind.value}
        for i in store.all(AgendaItem, include_archived=True)
        if i.presenter_id == person.id
    ]
    sections["chaired_or_minuted"] = [
        {
            **meeting_fields(m.id),
            "as": "chair" if m.chair_id == person.id else "minute-taker",
            "also_minute_taker": m.chair_id == person.id == m.minute_taker_id,
        }
        for m in meetings.values()
        if person.id in (m.chair_id, m.minute_taker_id)
    ]
    sections["actions_owned"] = [
        {
            "record_id": a.id,
            "title": a.title,
            "due": a.due.isoformat() if a.due else None,
            "status": a.status.value,
            "forum": forums.get(a.forum_id, ""),
        }
        for a in store.all(Action, include_archived=True)
        if a.owner_person_id == person.id
    ]
    sections["mentions"] = [
        dataclasses.asdict(m)
        for m in mentions(store, finder)
        if not (m.kind == KIND_NAMES[Representative] and m.record_id == person.id)
    ]
    if isinstance(store, AuditTrail):
        sections["audit"] = store.audit_entries_about([person.id], identifying_texts(person), finder.found_in)
    return SubjectAccess(
        person=record_to_dict(person),
        partner=partner.name if partner else "",
        sections=sections,
        made_on=(today or clock.today()).isoformat(),
    )


# --- erasing a person ---------------------------------------------------------------------------------------


def neutral_label(store: Store, person: Representative) -> str:
    """``Representative of <partner>, <n>``: the first such label no representative of the file uses yet."""
    partner = store.find(Partner, person.partner_id)
    who = partner.display_name if partner else _("a partner")
    taken = {r.name for r in store.all(Representative, include_archived=True)}
    number = 1
    while (label := _("Representative of {partner}, {number}").format(partner=who, number=number)) in taken:
        number += 1
    return label


@frozen
class PlannedChange:
    """One field that an erasure or the retention rule will change, as the preview shows it."""

    kind: str
    record_id: str
    field: str
    before: str
    after: str


@frozen
class Erasure:
    """What erasing a person will do: the edit, its preview, the notes on approved minutes, and the trail."""

    person_id: str
    label: str
    edit: Edit
    changes: tuple[PlannedChange, ...]
    approved_meetings: tuple[str, ...]  # meetings whose approved minutes get an erasure note instead
    replacements: dict[str, str]
    finder: PersonFinder
    #: Every mention found in free text, the ones in approved minutes (which stay as they are) included.
    found: tuple[Mention, ...] = ()
    kept_in_approved: tuple[Mention, ...] = ()

    @property
    def shared_parts(self) -> tuple[SharedPart, ...]:
        """Parts of the name others share: the user decides whether each one alone means this person."""
        return self.finder.shared

    def preview(self) -> list[str]:
        """What will change, in plain lines, before the user confirms: every mention found, where it is."""
        lines = [_("The person will be shown as “{label}” from now on.").format(label=self.label)]
        lines.append(
            ngettext(
                "{count} mention found in the record's texts:",
                "{count} mentions found in the record's texts:",
                len(self.found),
            ).format(count=len(self.found))
        )
        for change in self.changes:
            lines.append(
                _("{kind} {field}: “{before}” → “{after}”").format(
                    kind=change.kind,
                    field=change.field,
                    before=_excerpt(change.before),
                    after=_excerpt(change.after),
                )
            )
        for mention in self.kept_in_approved:
            lines.append(
                _("{kind} {field} (approved minutes, kept as approved): “{text}”").format(
                    kind=mention.kind, field=mention.field, text=_excerpt(mention.text)
                )
            )
        if self.approved_meetings:
            lines.append(
                _(
                    "{count} approved minutes name the person; they cannot change, so each gets an erasure note."
                ).format(count=len(self.approved_meetings))
            )
        for shared in self.shared_parts:
            lines.append(
                _(
                    "“{part}” alone is also part of the name of {others}: it is replaced only if you choose it."
                ).format(part=shared.part, others=", ".join(shared.shared_with))
            )
        lines.append(_("Past entries of the audit trail are redacted the same way."))
        return lines


def _excerpt(text: str, limit: int = 80) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _meeting_of(store: Store, record: Record) -> str | None:
    if isinstance(record, Meeting):
        return record.id
    if isinstance(record, AgendaItem | Attendance | Correction | MinutesRecord):
        return record.meeting_id
    if isinstance(record, Decision | SpeakerTurn | Position):
        return meeting_of_item_part(store, record)
    return None


def _refused(store: Store, before: AnyRecord, after: AnyRecord) -> bool:
    """Whether the edit guards refuse this one change (approved minutes are locked)."""
    try:
        check_guards(store, Edit("", ((before, after),)))
    except MinutesLocked:
        return True
    return False


def _is_approved_minutes_record(store: Store, record: Record) -> bool:
    if isinstance(record, MinutesRecord):
        return record.status is MinutesStatus.APPROVED
    if isinstance(record, Correction):
        return minutes_status(store, record.meeting_id) is MinutesStatus.APPROVED
    return False


def plan_erasure(
    store: Store,
    representative_id: str,
    today: dt.date | None = None,
    *,
    also: Collection[str] = (),
    label: str | None = None,
    finder: PersonFinder | None = None,
) -> Erasure:
    """Plan erasing a person: every change, shown before anything is written. Apply ``.edit``, then call
    ``finish_erasure``. Undoing the edit gives the details back (the audit trail stays redacted).

    The person is found however they are written (``person_finder``); parts of their name that others share
    are replaced only when listed in ``also`` (the preview asks about them: ``Erasure.shared_parts``). An
    erasure made on another laptop is carried out here with the ``label`` chosen there and a ``finder`` made
    before the person's record was replaced; approved minutes whose corrections already name that label (an
    erasure note made there) get no second note.
    """
    person = store.get(Representative, representative_id)
    day = today or clock.today()
    label = label or neutral_label(store, person)
    finder = finder or person_finder(store, person, also)

    steps: list[tuple[AnyRecord | None, AnyRecord | None]] = []
    changes: list[PlannedChange] = []
    approved: list[str] = []
    found: list[Mention] = []
    kept: list[Mention] = []
    written: set[str] = set(identifying_texts(person))
    erased = replace(person, name=label, email="", phone="")
    steps.append((person, touched(erased)))
    for field in ("name", "email", "phone"):
        if getattr(person, field) != getattr(erased, field):
            changes.append(
                PlannedChange(
                    KIND_NAMES[Representative],
                    person.id,
                    field,
                    getattr(person, field),
                    getattr(erased, field),
                )
            )
    for name, kind in KINDS.items():
        fields = _text_fields(kind)
        for record in store.all(kind, include_archived=True):
            if record.id == person.id:
                continue
            new_values = {}
            for f in fields:
                value = getattr(record, f)
                if isinstance(value, str) and value and finder.found_in(value):
                    new_values[f] = finder.scrub(value, label)
                    written.update(finder.written(value))
                    found.append(Mention(name, record.id, f, value))
            if not new_values:
                continue
            after: AnyRecord = replace(typing.cast(Any, record), **new_values)
            if _is_approved_minutes_record(store, record) or _refused(store, record, after):
                kept.extend(m for m in found if m.record_id == record.id)
                meeting_id = _meeting_of(store, record)
                if meeting_id is not None and meeting_id not in approved:
                    approved.append(meeting_id)
                continue
            steps.append((record, touched(after)))
            changes.extend(
                PlannedChange(name, record.id, f, getattr(record, f), v) for f, v in new_values.items()
            )
    # Approved minutes print from their snapshot: the person, and the records erased above, read the same there.
    scrubbed = {after.id for before, after in steps if before is not None and after is not None}
    for record in store.where(MinutesRecord, {"status": MinutesStatus.APPROVED.value}):
        resealed = _erased_snapshot(record, person.id, label, scrubbed, lambda text: finder.scrub(text, label))
        if resealed is not None:
            steps.append((record, touched(resealed)))
            if record.meeting_id not in approved:
                approved.append(record.meeting_id)
    for meeting_id in approved:
        if not any(label in c.text for c in corrections(store, meeting_id)):
            steps.extend(_erasure_note(store, meeting_id, person, label, day).steps)
    edit = Edit(_("Erase the personal data of {label}").format(label=label), tuple(steps))
    # A name, an e-mail or a phone number, in every way it was found written, reads as the label in the trail.
    replacements = dict.fromkeys(sorted(written, key=len, reverse=True), label)
    return Erasure(
        person.id,
        label,
        edit,
        tuple(changes),
        tuple(approved),
        replacements,
        finder,
        tuple(found),
        tuple(kept),
    )


def _erased_snapshot(
    record: MinutesRecord, person_id: str, label: str, scrubbed: set[str], scrub: typing.Callable[[str], str]
) -> MinutesRecord | None:
    """Approved minutes whose snapshot names the person, rewritten as the erasure rewrites the partnership: the
    person becomes ``label``, and so do the texts naming them in records the erasure changes (``scrubbed``); the
    meeting's own locked record stays, as it stays outside the snapshot. Sealed again; None when nothing
    changes."""
    if not record.approved_record:
        return None
    frozen = Snapshot.parse(record.approved_record)

    def change(found: Record) -> Record:
        if isinstance(found, Representative) and found.id == person_id:
            return replace(found, name=label, email="", phone="")
        if found.id not in scrubbed:
            return found
        fields = {
            f: scrub(getattr(found, f))
            for f in _text_fields(type(found))
            if isinstance(getattr(found, f), str)
        }
        different = {f: v for f, v in fields.items() if v != getattr(found, f)}
        changed: Record = replace(typing.cast(Any, found), **different)
        return changed

    text = frozen.rewritten(change, SEALED_WHOLE).dump()
    if text == record.approved_record:
        return None
    return replace(record, approved_record=text, checksum=checksum(text))


def _erasure_note(store: Store, meeting_id: str, person: Representative, label: str, day: dt.date) -> Edit:
    meeting = store.get(Meeting, meeting_id)
    forum = store.find(Forum, meeting.forum_id)
    content = document_translator(store, forum.working_language if forum else "en")  # the region's dates
    text = content.gettext(
        "Erasure of personal data on {date}: a representative named in these minutes asked for their personal "
        "data to be erased. Where these minutes name them, read “{label}”."
    ).format(date=content.format_date(day, "long"), label=label)
    return record_correction(store, meeting_id, text, day)


def trail_redaction(erasure: Erasure) -> tuple[dict[str, str], dict[str, str], Callable[[str], str]]:
    """How the audit trail is redacted for ``erasure``: the texts found and what replaces them, the person's
    own fields as they now read, and the scrub that finds the person however they were written."""

    def scrub(text: str) -> str:
        return erasure.finder.scrub(text, erasure.label)

    return erasure.replacements, {"name": erasure.label, "email": "", "phone": ""}, scrub


def finish_erasure(store: Store, erasure: Erasure) -> int:
    """After the erasure's edit was applied: redact the audit trail too (every mention however written), then
    compact the file so that no deleted page still holds the details. Returns how many entries changed."""
    if not isinstance(store, AuditTrail):
        return 0
    replacements, fields, scrub = trail_redaction(erasure)
    changed = store.redact_audit(replacements, erasure.person_id, fields, scrub)
    if isinstance(store, Compactable):
        store.compact()
    return changed


# --- retention of contact details ---------------------------------------------------------------------------


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day when it has fewer days)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


@frozen
class Retention:
    """What the retention rule will remove: whose contact details, and the edit that removes them."""

    months: int
    cutoff: dt.date
    people: tuple[Representative, ...]
    edit: Edit
    changes: tuple[PlannedChange, ...]

    def report(self, store: Store) -> list[str]:
        """The report shown before anything is removed."""
        if not self.people:
            return [
                _("Nobody who left before {date} still has contact details on file.").format(
                    date=self.cutoff.isoformat()
                )
            ]
        partners = partner_names(store, short=True)
        lines = []
        for person in self.people:
            kept = [f for f in ("email", "phone") if getattr(person, f)]
            lines.append(
                _("{name} ({partner}), left on {date}: {fields} removed").format(
                    name=person.name,
                    partner=partners.get(person.partner_id, ""),
                    date=person.active_to.isoformat() if person.active_to else "",
                    fields=", ".join(kept),
                )
            )
        return lines


def plan_retention(store: Store, months: int, today: dt.date | None = None) -> Retention:
    """Remove the e-mail and phone of everyone whose ``active_to`` is more than ``months`` months ago.

    Names stay (minutes and attendance need them); only the contact details go. Apply ``.edit``, then
    ``finish_retention`` redacts the same details from the audit trail.
    """
    if months < 1:
        raise KnownError(_("The retention period must be at least one month."))
    cutoff = months_before(today or clock.today(), months)
    people = tuple(
        r
        for r in store.all(Representative, include_archived=True)
        if r.active_to is not None and r.active_to < cutoff and (r.email or r.phone)
    )
    steps: list[tuple[AnyRecord | None, AnyRecord | None]] = []
    changes: list[PlannedChange] = []
    for person in people:
        steps.append((person, touched(replace(person, email="", phone=""))))
        changes.extend(
            PlannedChange(KIND_NAMES[Representative], person.id, f, getattr(person, f), "")
            for f in ("email", "phone")
            if getattr(person, f)
        )
    edit = Edit(_("Remove contact details of people who left"), tuple(steps))
    return Retention(months, cutoff, people, edit, tuple(changes))


def finish_retention(store: Store, retention: Retention) -> int:
    """After the retention edit was applied: remove the same details from the audit trail."""
    if not isinstance(store, AuditTrail):
        return 0
    changed = 0
    for person in retention.people:
        texts = {t: "" for t in (person.email.strip(), person.phone.strip()) if len(t) >= 3}
        changed += store.redact_audit(texts, person.id, {"email": "", "phone": ""})
    return changed
