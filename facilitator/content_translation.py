"""Translations of the partnership's own texts (item titles and notes, decisions...) into document languages.

Content is written in the forum's working language. Each translatable text may have a version per language,
with a state: missing (no version), draft, reviewed, or stale when the source changed after it was translated
(the source's hash is kept with the translation). Documents fall back to the original text, marked as such.
Content for one language travels to outside translators as a PO file and comes back checked entry by entry.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import replace
from enum import Enum
from typing import TYPE_CHECKING

from facilitator.entities import MAX_TEXT, LabelledEnum, Record, touched
from facilitator.errors import KnownError, ValidationError
from facilitator.frozen import frozen
from facilitator.i18n import N_, _, is_known_language
from facilitator.meetings import AgendaItem, Decision, Meeting
from facilitator.store import Store

if TYPE_CHECKING:
    from facilitator.operations import Edit


class TranslationStatus(LabelledEnum):
    """How far a translation has come."""

    MISSING = "missing", N_("Missing")
    DRAFT = "draft", N_("Draft")
    REVIEWED = "reviewed", N_("Reviewed")
    STALE = "stale", N_("Stale: the original changed")


@frozen(kw_only=True)
class ContentTranslation(Record):
    """One text of one record in one language."""

    record_kind: str  # the kind's name in records.KINDS, e.g. "agenda_items"
    record_id: str
    field: str
    language: str
    text: str
    reviewed: bool = False
    source_hash: str = ""


@frozen
class TranslatableText:
    """A text of the record that documents print and that can be translated."""

    record_kind: str
    record_id: str
    field: str
    source: str
    where: str  # a short description for translators, e.g. "Item 3: title"

    @property
    def key(self) -> str:
        """A stable key for PO files: kind, id and field."""
        return f"{self.record_kind}:{self.record_id}:{self.field}"


def source_hash(text: str) -> str:
    """A short fingerprint of a source text, kept with its translation to notice later changes."""
    import hashlib  # noqa: PLC0415 - hashlib loads OpenSSL: only when a digest is made

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def validate_translation(translation: ContentTranslation) -> None:
    """Refuse a translation into an unknown language or of an absurd length."""
    if not is_known_language(translation.language):
        raise ValidationError(
            "language", _("'{code}' is not a known language code").format(code=translation.language)
        )
    if len(translation.text) > MAX_TEXT * 5:
        raise ValidationError("text", _("is longer than {limit} characters").format(limit=MAX_TEXT * 5))


#: More texts that belong to a meeting (a leaflet's texts, for example): each function gives those of one
#: meeting. Modules that print more of a meeting add theirs when imported, so this module need not know them.
TextSource = Callable[[Store, str], list[TranslatableText]]
TEXT_SOURCES: list[TextSource] = []


def translatable_texts(store: Store, meeting_id: str) -> list[TranslatableText]:
    """Every text of a meeting that documents print: item titles and notes, and decisions, in agenda order,
    then the texts of ``TEXT_SOURCES`` (a leaflet's, for example)."""
    from facilitator.meeting_ops import agenda, decision_of  # noqa: PLC0415 - loaded when used: reading records needs none of it

    texts: list[TranslatableText] = []
    for number, item in enumerate(agenda(store, meeting_id), start=1):
        if item.title.strip():
            texts.append(
                TranslatableText(
                    "agenda_items", item.id, "title", item.title, _("Item {n}: title").format(n=number)
                )
            )
        if item.notes.strip():
            texts.append(
                TranslatableText(
                    "agenda_items", item.id, "notes", item.notes, _("Item {n}: notes").format(n=number)
                )
            )
        found = decision_of(store, item.id)
        if found and found[0].text.strip():
            texts.append(
                TranslatableText(
                    "decisions", found[0].id, "text", found[0].text, _("Item {n}: decision").format(n=number)
                )
            )
    for source in TEXT_SOURCES:
        texts.extend(source(store, meeting_id))
    return texts


def _existing(store: Store, text: TranslatableText, language: str) -> ContentTranslation | None:
    for found in store.where(
        ContentTranslation, {"record_id": text.record_id, "field": text.field, "language": language}
    ):
        if found.record_kind == text.record_kind:
            return found
    return None


def status_of(translation: ContentTranslation | None, source: str) -> TranslationStatus:
    """The state of ``translation`` against the current ``source``."""
    if translation is None or not translation.text.strip():
        return TranslationStatus.MISSING
    if translation.source_hash != source_hash(source):
        return TranslationStatus.STALE
    return TranslationStatus.REVIEWED if translation.reviewed else TranslationStatus.DRAFT


@frozen
class TranslationRow:
    """One line of the translation screen: the source, its translation and the state."""

    text: TranslatableText
    translation: str
    status: TranslationStatus


def translation_rows(store: Store, meeting_id: str, language: str) -> list[TranslationRow]:
    """Source and target side by side, with states, for a meeting and a language."""
    rows = []
    for text in translatable_texts(store, meeting_id):
        found = _existing(store, text, language)
        rows.append(TranslationRow(text, found.text if found else "", status_of(found, text.source)))
    return rows


def set_translation(
    store: Store, text: TranslatableText, language: str, translated: str, *, reviewed: bool = False
) -> Edit:
    """Keep (or replace) the translation of ``text`` into ``language``, against the source as it is now."""
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    before = _existing(store, text, language)
    after = ContentTranslation(
        record_kind=text.record_kind,
        record_id=text.record_id,
        field=text.field,
        language=language,
        text=translated,
        reviewed=reviewed,
        source_hash=source_hash(text.source),
    )
    validate_translation(after)
    if before is not None:
        after = touched(replace(after, id=before.id, created=before.created))
    return Edit(_("Translate {where}").format(where=text.where), ((before, after),))


def translated(store: Store, record: AgendaItem | Decision, field: str, language: str) -> str | None:
    """The usable translation of a record's field (draft or reviewed, not stale), or None."""
    kind = "agenda_items" if isinstance(record, AgendaItem) else "decisions"
    source = str(getattr(record, field))
    text = TranslatableText(kind, record.id, field, source, "")
    found = _existing(store, text, language)
    if (
        status_of(found, source) in (TranslationStatus.DRAFT, TranslationStatus.REVIEWED)
        and found is not None
    ):
        return found.text
    return None


def translated_text(store: Store, text: TranslatableText, language: str) -> str | None:
    """The usable translation of any translatable text (draft or reviewed, not stale), or None."""
    found = _existing(store, text, language)
    if found is not None and status_of(found, text.source) in (
        TranslationStatus.DRAFT,
        TranslationStatus.REVIEWED,
    ):
        return found.text
    return None


# --- PO files for outside translators ----------------------------------------------------------------------------

PO_PROJECT = "partnership-meeting:"


class PoEntryProblem(Enum):
    """Why an entry of an imported PO file was not applied."""

    UNKNOWN = "unknown"  # the text is not part of this meeting (any more)
    SOURCE_CHANGED = "source_changed"  # the original changed since the file was exported
    EMPTY = "empty"  # no translation given


@frozen
class PoImport:
    """What importing a PO file would do: the edit to apply, and each entry that was not applied, with why."""

    edit: Edit
    applied: int
    problems: tuple[tuple[str, PoEntryProblem], ...]


def export_po(store: Store, meeting_id: str, language: str) -> bytes:
    """The meeting's texts for ``language`` as a PO file (msgctxt = record key, msgid = source)."""
    from babel.messages.catalog import Catalog  # noqa: PLC0415
    from babel.messages.pofile import write_po  # noqa: PLC0415

    meeting = store.get(Meeting, meeting_id)
    # Babel keeps no custom headers, so the meeting travels as the project name of the file.
    catalog = Catalog(
        locale=language.replace("-", "_"), project=PO_PROJECT + meeting.id, version="1", fuzzy=False
    )
    for row in translation_rows(store, meeting_id, language):
        catalog.add(
            row.text.source,
            row.translation if row.status is not TranslationStatus.STALE else "",
            context=row.text.key,
            auto_comments=[row.text.where],
            flags=("fuzzy",) if row.status is TranslationStatus.STALE else (),
        )
    out = io.BytesIO()
    write_po(out, catalog, width=0, omit_header=False)
    return out.getvalue()


def import_po(store: Store, meeting_id: str, language: str, data: bytes) -> PoImport:
    """Check a translated PO file against the meeting as it is now; nothing is applied silently.

    A file for another meeting or language is refused whole; an entry whose source changed since export, that
    is unknown, or that is empty is listed and left out. Translations from the file count as drafts.
    """
    from babel.messages.pofile import read_po  # noqa: PLC0415

    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    try:
        catalog = read_po(io.BytesIO(data), locale=None, abort_invalid=True)
    except Exception as error:  # Babel raises several kinds on broken files
        raise KnownError(_("This file is not a readable PO file."), hint=str(error)) from None
    if catalog.project != PO_PROJECT + meeting_id:
        raise KnownError(
            _("This PO file belongs to another meeting."),
            hint=_("Export the file again from this meeting and send it to the translator."),
        )
    if catalog.locale is not None and str(catalog.locale).replace("_", "-").lower() != language.lower():
        raise KnownError(
            _("This PO file is for the language '{found}', not '{wanted}'.").format(
                found=catalog.locale, wanted=language
            )
        )
    current = {text.key: text for text in translatable_texts(store, meeting_id)}
    steps: list[tuple[Record | None, Record | None]] = []
    problems: list[tuple[str, PoEntryProblem]] = []
    for message in catalog:
        if not message.id or not message.context:
            continue
        key = str(message.context)
        text = current.get(key)
        if text is None:
            problems.append((key, PoEntryProblem.UNKNOWN))
        elif text.source != message.id:
            problems.append((key, PoEntryProblem.SOURCE_CHANGED))
        elif not str(message.string or "").strip():
            problems.append((key, PoEntryProblem.EMPTY))
        else:
            steps.extend(set_translation(store, text, language, str(message.string)).steps)
    edit = Edit(_("Import translations"), tuple(steps))
    return PoImport(edit, len(steps), tuple(problems))


def missing_texts(store: Store, meeting_id: str, language: str) -> Sequence[TranslatableText]:
    """Texts of the meeting with no usable translation into ``language``."""
    return [
        row.text
        for row in translation_rows(store, meeting_id, language)
        if row.status in (TranslationStatus.MISSING, TranslationStatus.STALE)
    ]
