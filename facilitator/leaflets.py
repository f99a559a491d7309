"""Leaflets for public meetings: a one-page announcement in the languages of the neighbourhood.

A leaflet belongs to one public meeting. It keeps only what the organiser writes for it (headline, what the venue
offers, how to raise a concern in confidence, the front-line office's contacts, a data-protection line, logos);
everything else comes from the record as it stands when the leaflet is made: date, time and venue from the
meeting, the topics from its *public* agenda items, and "what we did since the last meeting" from the forum's
public actions done since the previous public meeting, in their public wording.

What the public may see is asked of ``facilitator.audience``; nothing here decides confidentiality. No person is
named by the record's side (no presenters, no owners); free text is checked by ``personal_data_warnings``
before export. The leaflet's own texts (and the public wording of the actions it prints) are translatable
content of the meeting, in the same system, states and PO files as the minutes (``TEXT_SOURCES``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import replace
from enum import Enum
from typing import TYPE_CHECKING

from facilitator.actions import Action, ActionStatus
from facilitator.content_translation import TEXT_SOURCES, TranslatableText, translated, translated_text
from facilitator.entities import (
    MAX_NAME,
    Forum,
    LabelledEnum,
    Record,
    Representative,
    max_length,
    touched,
)
from facilitator.errors import KnownError, ValidationError
from facilitator.frozen import frozen
from facilitator.i18n import N_, Translator, _, is_known_language, ngettext
from facilitator.meetings import STANDING_KINDS, AgendaItem, Meeting, MeetingKind, MeetingStatus
from facilitator.profile import document_translator, partnership_name
from facilitator.store import Store
from facilitator.stored_files import IMAGES, FileUse, StoredFile, keep_file

if TYPE_CHECKING:
    from facilitator.operations import Edit

KIND_NAME = "leaflets"  # the name of the kind in records.KINDS and of its table
MAX_FIELD = 2000
MAX_LOGOS = 6


@frozen(kw_only=True)
class Leaflet(Record):
    """What the organiser writes for the leaflet of one public meeting; the rest comes from the record."""

    meeting_id: str
    headline: str = ""
    venue_address: str = ""
    step_free_access: bool = False
    hearing_loop: bool = False
    childcare: bool = False
    interpreters: bool = False
    accessibility_note: str = ""
    concern: str = ""  # how to raise a concern in confidence; empty: the standard wording of the catalogs
    contacts: str = ""  # the front-line office: address, hours, phone, e-mail (one per line)
    data_protection: str = ""  # empty: the standard wording of the catalogs
    logo_ids: tuple[str, ...] = ()  # logos kept in the partnership file (``stored_files.StoredFile``)
    left_out_item_ids: tuple[str, ...] = ()  # public items the organiser keeps off the list of topics
    qr_link: str = ""  # a web address for the QR code: the venue's map or the partnership's page


#: The leaflet's texts that are translated, with what a translator (and a warning) calls them.
TRANSLATED_FIELDS: dict[str, str] = {
    "headline": N_("Leaflet: headline"),
    "accessibility_note": N_("Leaflet: accessibility"),
    "concern": N_("Leaflet: raising a concern in confidence"),
    "contacts": N_("Leaflet: contacts"),
    "data_protection": N_("Leaflet: data protection"),
}
#: Free text that is printed as written (an address is not translated).
PLAIN_FIELDS: dict[str, str] = {"venue_address": N_("Leaflet: address")}

#: Standard wording in the document's language when the organiser leaves a text empty.
DEFAULT_CONCERN = N_(
    "You can tell us about drug dealing or anything else that worries you without giving your name. "
    "We never pass on who told us."
)
DEFAULT_DATA_PROTECTION = N_(
    "We do not write down the names of residents who speak at the meeting; our notes name organisations only. "
    "Details you give us to follow up a concern are used for that alone."
)


class Section(LabelledEnum):
    """The parts of a leaflet, in the order they are printed; the names say what to shorten."""

    HEADLINE = "headline", N_("Headline")
    WHEN = "when", N_("Date and time")
    WHERE = "where", N_("Venue")
    ACCESS = "access", N_("Accessibility")
    TOPICS = "topics", N_("Topics (the public agenda items)")
    DONE = "done", N_("What we did since the last meeting (the public wording of the actions)")
    CONCERN = "concern", N_("Raising a concern in confidence")
    CONTACTS = "contacts", N_("Contacts")
    PRIVACY = "privacy", N_("Data protection")


#: Headings printed on the leaflet, in the document's language.
HEADINGS: dict[Section, str] = {
    Section.WHEN: N_("When"),
    Section.WHERE: N_("Where"),
    Section.ACCESS: N_("Access"),
    Section.TOPICS: N_("What we will talk about"),
    Section.DONE: N_("What we did since the last meeting"),
    Section.CONCERN: N_("Worried about something? Tell us in confidence"),
    Section.CONTACTS: N_("Contact us"),
    Section.PRIVACY: N_("Your privacy"),
}
ACCESS_FLAGS: tuple[tuple[str, str], ...] = (
    ("step_free_access", N_("Step-free access")),
    ("hearing_loop", N_("Hearing loop")),
    ("childcare", N_("Childcare on site")),
    ("interpreters", N_("Interpreters")),
)


class LeafletTooLong(KnownError):
    """The content does not fit on one page: the user is told what to shorten, and by about how much."""

    def __init__(
        self, section: Section, lines: int, language: str, page: str, *, folded: bool = False
    ) -> None:
        self.section = section
        self.lines = max(1, lines)
        self.language = language
        self.page = page
        from facilitator.i18n import active  # noqa: PLC0415 - the window's language names the document's

        said = (
            _("The leaflet does not fit on its panel of the folded A4 sheet.")
            if folded
            else _("The leaflet does not fit on one {page} page.").format(page=page)
        )
        super().__init__(
            said,
            hint=ngettext(
                "Shorten “{section}” in {language} by about {lines} line, or choose a larger page or "
                "normal print.",
                "Shorten “{section}” in {language} by about {lines} lines, or choose a larger page or "
                "normal print.",
                self.lines,
            ).format(section=section.label, language=active().language_name(language), lines=self.lines),
        )


# --- validation and operations -------------------------------------------------------------------------------


# Patterns kept as text: ``re`` compiles each (and keeps it) at its first use, not whenever the module loads.
#: A web address a phone's camera opens: a scheme (or none) and a host with a dot.
_WEB_ADDRESS = r"^(https?://)?[\w-]+(\.[\w-]+)+(:\d+)?(/\S*)?$"


def validate_leaflet(leaflet: Leaflet) -> None:
    """Refuse a leaflet without a meeting, with over-long or unprintable text, or too many logos."""
    if not leaflet.meeting_id:
        raise ValidationError("meeting_id", _("a leaflet belongs to a meeting"))
    max_length(leaflet.headline, "headline", MAX_NAME)
    max_length(leaflet.venue_address, "venue_address", MAX_NAME * 2)
    for name in ("accessibility_note", "concern", "contacts", "data_protection"):
        max_length(getattr(leaflet, name), name, MAX_FIELD)
    if len(leaflet.logo_ids) > MAX_LOGOS:
        raise ValidationError("logo_ids", _("at most {count} logos fit on a leaflet").format(count=MAX_LOGOS))
    for logo_id in leaflet.logo_ids:
        max_length(logo_id, "logo_ids", 100)
        if not logo_id.strip():
            raise ValidationError("logo_ids", _("must not be empty"))
    max_length(leaflet.qr_link, "qr_link", 500)
    if leaflet.qr_link.strip() and not re.match(_WEB_ADDRESS, leaflet.qr_link.strip()):
        raise ValidationError("qr_link", _("is not a web address (such as https://example.org/map)"))


def logos_of(store: Store, leaflet: Leaflet) -> tuple[bytes, ...]:
    """The leaflet's logos as kept in the partnership file (a logo that is not there is left out)."""
    found = (store.find(StoredFile, logo_id) for logo_id in leaflet.logo_ids)
    return tuple(f.content for f in found if f is not None and f.purpose is FileUse.LOGO)


def logo_files(store: Store, leaflet: Leaflet) -> list[StoredFile]:
    """The leaflet's logos as records (their names, for the window's list)."""
    found = (store.find(StoredFile, logo_id) for logo_id in leaflet.logo_ids)
    return [f for f in found if f is not None]


def add_logo(store: Store, leaflet: Leaflet, name: str, content: bytes) -> Edit:
    """Keep a chosen image in the partnership file and put it on the leaflet, as one edit. The image is
    checked by its content (PNG or JPEG) and size (``stored_files.validate_stored_file``)."""
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    if len(leaflet.logo_ids) >= MAX_LOGOS:
        raise ValidationError("logo_ids", _("at most {count} logos fit on a leaflet").format(count=MAX_LOGOS))
    stored, kept = keep_file(name, content, IMAGES)
    saved = save_leaflet(store, replace(leaflet, logo_ids=(*leaflet.logo_ids, stored.id)))
    return Edit(_("Add the logo {name}").format(name=stored.name), kept.steps + saved.steps)


def leaflet_of(store: Store, meeting_id: str) -> Leaflet | None:
    """The leaflet of a meeting, if one was written."""
    found = store.where(Leaflet, {"meeting_id": meeting_id})
    return found[0] if found else None


def _public_meeting(store: Store, meeting_id: str) -> Meeting:
    meeting = store.get(Meeting, meeting_id)
    if meeting.kind is not MeetingKind.PUBLIC:
        raise KnownError(
            _("Leaflets are made for public meetings only."),
            hint=_("Make the meeting a public meeting first, or choose a public meeting."),
        )
    return meeting


def leaflet_for(store: Store, meeting_id: str) -> Leaflet:
    """The meeting's leaflet, or a new one (not stored yet) with the venue's usual access filled in."""
    meeting = _public_meeting(store, meeting_id)
    found = leaflet_of(store, meeting.id)
    if found is not None:
        return found
    step_free = "step-free" in meeting.venue.casefold()
    return Leaflet(meeting_id=meeting.id, step_free_access=step_free)


def save_leaflet(store: Store, leaflet: Leaflet) -> Edit:
    """Create or change the leaflet of a public meeting (one per meeting)."""
    from facilitator.operations import Edit  # noqa: PLC0415 - loaded when used: reading records needs none of it

    validate_leaflet(leaflet)
    _public_meeting(store, leaflet.meeting_id)
    for logo_id in leaflet.logo_ids:
        logo = store.find(StoredFile, logo_id)  # a logo added in the same edit is not stored yet
        if logo is not None and logo.purpose is not FileUse.LOGO:
            raise ValidationError("logo_ids", _("names a file that is not kept as a logo"))
    before = leaflet_of(store, leaflet.meeting_id)
    if before is not None and before.id != leaflet.id:
        leaflet = replace(leaflet, id=before.id)
    after = touched(leaflet)
    if before is None:
        return Edit(_("Write the leaflet"), ((None, after),))
    return Edit(_("Edit the leaflet"), ((before, touched(replace(after, created=before.created))),))


# --- what the leaflet prints ----------------------------------------------------------------------------------


def previous_public_meeting(store: Store, meeting: Meeting) -> Meeting | None:
    """The forum's last public meeting before ``meeting`` that was not cancelled."""
    from facilitator.meeting_ops import meetings_of  # noqa: PLC0415 - loaded when used: reading records needs none of it

    earlier = [
        m
        for m in meetings_of(store, meeting.forum_id)
        if m.kind is MeetingKind.PUBLIC
        and m.status is not MeetingStatus.CANCELLED
        and m.starts_at < meeting.starts_at
        and m.id != meeting.id
    ]
    return max(earlier, key=lambda m: m.starts_at) if earlier else None


def actions_to_report(store: Store, meeting: Meeting) -> list[Action]:
    """Public actions of the forum done after the previous public meeting (up to this one's day) that have a
    public wording; those without one are not told. Oldest first."""
    from facilitator.audience import Audience, Visibility, visibility  # noqa: PLC0415 - loaded when used: reading records needs none of it

    previous = previous_public_meeting(store, meeting)
    since = previous.starts_at.date() if previous else dt.date.min
    until = meeting.starts_at.date()
    found = [
        a
        for a in store.where(Action, {"forum_id": meeting.forum_id})
        if a.status is ActionStatus.DONE
        and a.completed_on is not None
        and since < a.completed_on <= until
        and a.public_text.strip()
        and visibility(Audience.public(), a.confidentiality, a.restricted_to) is Visibility.SHOW
    ]
    return sorted(found, key=lambda a: (a.completed_on or dt.date.min, a.created))


def topic_items(store: Store, meeting_id: str) -> list[AgendaItem]:
    """The meeting's agenda items the public may see, in agenda order: what a leaflet may list as topics. The
    routine standing items (attendance, any other business...) are not topics unless someone gave one a title."""
    from facilitator.audience import Audience, Visibility, visibility  # noqa: PLC0415 - loaded when used: reading records needs none of it
    from facilitator.meeting_ops import agenda  # noqa: PLC0415 - loaded when used: reading records needs none of it

    return [
        item
        for item in agenda(store, meeting_id)
        if visibility(Audience.public(), item.confidentiality, item.restricted_to) is Visibility.SHOW
        and (item.title.strip() or item.kind not in STANDING_KINDS)
    ]


def leaflet_texts(store: Store, meeting_id: str) -> list[TranslatableText]:
    """The meeting's texts that only its leaflet prints: the leaflet's own, the venue and the actions' public
    wording. A translatable-text source (``content_translation.TEXT_SOURCES``)."""
    meeting = store.find(Meeting, meeting_id)
    if meeting is None or meeting.kind is not MeetingKind.PUBLIC:
        return []
    texts: list[TranslatableText] = []
    if meeting.venue.strip():
        texts.append(TranslatableText("meetings", meeting.id, "venue", meeting.venue, _("Leaflet: venue")))
    leaflet = leaflet_of(store, meeting_id)
    if leaflet is not None:
        for name, where in TRANSLATED_FIELDS.items():
            source = str(getattr(leaflet, name))
            if source.strip():
                texts.append(TranslatableText(KIND_NAME, leaflet.id, name, source, _(where)))
    for number, action in enumerate(actions_to_report(store, meeting), start=1):
        where = _("Leaflet: what we did ({n})").format(n=number)
        texts.append(TranslatableText("actions", action.id, "public_text", action.public_text, where))
    return texts


TEXT_SOURCES.append(leaflet_texts)


@frozen
class LeafletSection:
    """One part of a leaflet in one language: a heading (may be empty), paragraphs and list items."""

    key: Section
    heading: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()


@frozen
class LeafletSide:
    """The whole leaflet in one language, in its direction."""

    language: str
    right_to_left: bool
    kicker: str  # "Public meeting · Station Square Partnership" (who invites, when the partnership is named)
    sections: tuple[LeafletSection, ...]
    untranslated: tuple[str, ...] = ()  # texts printed in the original for want of a translation
    welcome: str = ""  # "Free, and everyone is welcome."
    qr_caption: str = ""  # what the QR code leads to, when there is one

    def section(self, key: Section) -> LeafletSection | None:
        """The section ``key``, if the leaflet has it."""
        return next((s for s in self.sections if s.key is key), None)


@frozen
class LeafletModel:
    """A leaflet ready to lay out: one side per language (two for a bilingual leaflet), and the logos (the
    images kept in the partnership file, as bytes: a writer never opens a file named in the data)."""

    meeting_id: str
    sides: tuple[LeafletSide, ...]
    logos: tuple[bytes, ...] = ()
    qr_link: str = ""  # where the QR code leads (the venue's map, the partnership's page); empty: no code

    @property
    def language(self) -> str:
        """The leaflet's first language (the document's language)."""
        return self.sides[0].language

    @property
    def title(self) -> str:
        """The headline in the first language, for the file's properties."""
        headline = self.sides[0].section(Section.HEADLINE)
        return headline.paragraphs[0] if headline and headline.paragraphs else ""


class _Texts:
    """Texts of the record in one language: the translation where there is a usable one, else the original."""

    def __init__(self, store: Store, forum: Forum, language: str) -> None:
        self.store = store
        self.source_language = forum.working_language
        self.language = language
        self.untranslated: list[str] = []

    def get(self, kind: str, record_id: str, field: str, source: str) -> str:
        if not source.strip() or self.language == self.source_language:
            return source
        found = translated_text(
            self.store, TranslatableText(kind, record_id, field, source, ""), self.language
        )
        if found is not None:
            return found
        self.untranslated.append(source[:80])
        return source


#: A phone number or another run of digit groups: in a right-to-left line its groups would be shown in reverse.
_DIGIT_GROUPS = r"(?:\+|00)?\d[\d ()./-]{5,}\d"


def isolate_numbers(text: str) -> str:
    """``text`` with phone numbers isolated left to right (U+2066 … U+2069), for right-to-left languages."""
    return re.sub(
        _DIGIT_GROUPS, lambda m: f"\u2066{m.group(0)}\u2069" if " " in m.group(0) else m.group(0), text
    )


def _when(meeting: Meeting, t: Translator) -> str:
    start, end = meeting.starts_at, meeting.ends_at
    day = t.format_date(start.date(), "full")
    first, last = t.format_time(start.time()), t.format_time(end.time())
    if t.right_to_left:  # isolated, the times keep their own order inside a right-to-left line
        first, last = f"\u2066{first}\u2069", f"\u2066{last}\u2069"
    hours = f"{first}\u00a0–\u00a0{last}"  # no-break spaces: the hours stay on one line
    return f"{day}\n{hours}"


def _side(
    store: Store, meeting: Meeting, forum: Forum, leaflet: Leaflet, *, language: str, actions: list[Action]
) -> LeafletSide:
    t = document_translator(store, language)
    texts = _Texts(store, forum, language)

    def own(name: str) -> str:
        return texts.get(KIND_NAME, leaflet.id, name, str(getattr(leaflet, name)))

    def heading(key: Section) -> str:
        return t.gettext(HEADINGS[key])

    headline = own("headline").strip() or t.gettext("Residents' meeting")
    venue = texts.get("meetings", meeting.id, "venue", meeting.venue).strip()
    sections = [
        LeafletSection(Section.HEADLINE, "", (headline,)),
        LeafletSection(Section.WHEN, heading(Section.WHEN), (_when(meeting, t),)),
    ]
    where = tuple(p for p in (venue, leaflet.venue_address.strip()) if p)
    if where:
        sections.append(LeafletSection(Section.WHERE, heading(Section.WHERE), where))
    note = own("accessibility_note").strip()
    said = (
        venue,
        note,
    )  # each fact once: an offer the venue's name or the note already states is not repeated
    offered = tuple(
        t.gettext(label)
        for name, label in ACCESS_FLAGS
        if getattr(leaflet, name) and not already_said(t.gettext(label), said)
    )
    if offered or note:
        sections.append(
            LeafletSection(Section.ACCESS, heading(Section.ACCESS), (note,) if note else (), offered)
        )
    topics = []
    for item in topic_items(store, meeting.id):
        if item.id in leaflet.left_out_item_ids:
            continue
        if item.title.strip():
            found = translated(store, item, "title", language) if language != forum.working_language else None
            if found is None and language != forum.working_language:
                texts.untranslated.append(item.title[:80])
            topics.append(found or item.title)
        else:
            topics.append(item.kind.label_in(t))
    if topics:
        sections.append(LeafletSection(Section.TOPICS, heading(Section.TOPICS), (), tuple(topics)))
    done = tuple(texts.get("actions", a.id, "public_text", a.public_text).strip() for a in actions)
    if done:
        sections.append(LeafletSection(Section.DONE, heading(Section.DONE), (), done))
    concern = own("concern").strip() or t.gettext(DEFAULT_CONCERN)
    sections.append(LeafletSection(Section.CONCERN, heading(Section.CONCERN), (concern,)))
    contacts = own("contacts").strip()
    if contacts:
        lines = tuple(line.strip() for line in contacts.splitlines() if line.strip())
        sections.append(LeafletSection(Section.CONTACTS, heading(Section.CONTACTS), lines))
    privacy = own("data_protection").strip() or t.gettext(DEFAULT_DATA_PROTECTION)
    sections.append(LeafletSection(Section.PRIVACY, heading(Section.PRIVACY), (privacy,)))
    if t.right_to_left:
        sections = [
            replace(
                s,
                paragraphs=tuple(map(isolate_numbers, s.paragraphs)),
                items=tuple(map(isolate_numbers, s.items)),
            )
            for s in sections
        ]
    kicker = t.gettext("Public meeting")
    name = partnership_name(store)
    if name:  # who invites: a resident reads the leaflet without knowing the partnership; its name is not translated
        kicker += " · " + (f"\u2068{name}\u2069" if t.right_to_left else name)
    return LeafletSide(
        language=language,
        right_to_left=t.right_to_left,
        kicker=kicker,
        sections=tuple(sections),
        untranslated=tuple(dict.fromkeys(texts.untranslated)),
        welcome=t.gettext("Free, and everyone is welcome."),
        qr_caption=t.gettext("Scan for the map and more") if leaflet.qr_link.strip() else "",
    )


def already_said(label: str, texts: tuple[str, ...]) -> bool:
    """Whether one of ``texts`` already states the offer ``label`` ("Step-free access" in a venue named "main
    hall (step-free access)", "Interpreters" in a note on "Polish and Arabic interpreters"): its longest word,
    the one that carries its meaning, is found in one of them."""
    words = [w for w in re.split(r"[^\w-]+", label.casefold()) if w]
    if not words:
        return False
    key = max(words, key=len)
    return any(re.search(rf"(?<![\w-]){re.escape(key)}", text.casefold()) for text in texts if text)


#: A leaflet speaks at most this many languages (one page each, or a panel each of a folded sheet).
MAX_LANGUAGES = 4


def build_leaflet(store: Store, meeting_id: str, language: str, *more: str | None) -> LeafletModel:
    """The leaflet of a public meeting in ``language`` and up to three ``more`` languages, ready to lay out.

    Only public agenda items and public actions are asked for (``audience.visibility`` decides); texts without
    a usable translation are printed in the original and listed in each side's ``untranslated``.
    """
    languages = list(dict.fromkeys(code for code in (language, *more) if code))
    for code in languages:
        if not is_known_language(code):
            raise ValidationError("language", _("'{code}' is not a known language code").format(code=code))
    if len(languages) > MAX_LANGUAGES:
        raise ValidationError(
            "language", _("a leaflet has at most {count} languages").format(count=MAX_LANGUAGES)
        )
    meeting = _public_meeting(store, meeting_id)
    forum = store.get(Forum, meeting.forum_id)
    leaflet = leaflet_for(store, meeting_id)
    actions = actions_to_report(store, meeting)
    sides = tuple(_side(store, meeting, forum, leaflet, language=code, actions=actions) for code in languages)
    return LeafletModel(meeting.id, sides, logos_of(store, leaflet), leaflet.qr_link.strip())


# --- personal data --------------------------------------------------------------------------------------------

_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_PHONE = r"(?<![\w+])(?:\+|00)?\d[\d ()./-]{5,}\d(?!\w)"
#: Domains of free mail services: an address there belongs to a person, not to an office.
_WEBMAIL = (
    "gmail.com googlemail.com hotmail.com hotmail.co.uk outlook.com live.com yahoo.com yahoo.co.uk icloud.com "
    "me.com aol.com gmx.de gmx.net web.de wp.pl o2.pl onet.pl interia.pl orange.fr free.fr laposte.net "
    "proton.me protonmail.com"
)
WEBMAIL = frozenset(_WEBMAIL.split())
#: Mobile numbers by their international prefix (digits after the +), and national mobile prefixes: a mobile
#: number on a leaflet is almost always someone's own phone. A heuristic: it warns, it never refuses.
MOBILE_INTERNATIONAL = (
    r"^(?:447|336|337|316|3247|3246|3248|3249|4915|4916|4917|48(?:50|51|53|57|60|66|69|72|73|78|79|88)"
    r"|905|467|474|479|407|3538|346|347|3519|4176|4177|4178|4179|4366|4367|4368|4369|9665|9715|201)"
)
MOBILE_NATIONAL = r"^(?:07|06|015|016|017|05)"


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ł", "l").replace("ı", "i")


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


@frozen
class _People:
    names: tuple[tuple[str, re.Pattern[str]], ...]  # (shown name, pattern of the name or surname)
    name_tokens: frozenset[str]
    emails: frozenset[str]
    phones: frozenset[str]  # the last nine digits


def _people(store: Store) -> _People:
    names: list[tuple[str, re.Pattern[str]]] = []
    tokens: set[str] = set()
    emails: set[str] = set()
    phones: set[str] = set()
    for person in store.all(Representative, include_archived=True):
        words = person.name.split()
        if not words:
            continue
        alternatives = [re.escape(" ".join(words))]
        if len(words) > 1:  # "ask Kowalska" names her too, and "Haddad" names Yusuf Al-Haddad
            surnames = {words[-1], *re.split(r"[-‐]", words[-1])}
            alternatives += [re.escape(part) for part in surnames if len(part) >= 4]
        names.append((person.name, re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)))
        tokens.update(t for t in re.split(r"[\s'’-]+", _folded(person.name)) if len(t) >= 3)
        if person.email.strip():
            emails.add(person.email.strip().casefold())
        if len(_digits(person.phone)) >= 7:
            phones.add(_digits(person.phone)[-9:])
    return _People(tuple(names), frozenset(tokens), frozenset(emails), frozenset(phones))


def _personal_email(address: str, people: _People) -> bool:
    local, _at, domain = address.casefold().rpartition("@")
    if address.casefold() in people.emails or domain in WEBMAIL:
        return True
    return any(part in people.name_tokens for part in re.split(r"[._+-]+", _folded(local)))


def _personal_phone(number: str, people: _People) -> bool:
    digits = _digits(number)
    if len(digits) < 7:
        return False
    if digits[-9:] in people.phones:
        return True
    stripped = number.strip()
    if stripped.startswith("+"):
        return re.match(MOBILE_INTERNATIONAL, digits) is not None
    if stripped.startswith("00"):
        return re.match(MOBILE_INTERNATIONAL, digits[2:]) is not None
    return re.match(MOBILE_NATIONAL, digits) is not None


def _short(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def text_warnings(where: str, text: str, people: _People) -> list[str]:
    """What in one text looks like personal data, each as a message that says where it is."""
    found: list[str] = []
    for name, pattern in people.names:
        if pattern.search(text):
            found.append(
                _("{where}: names {name}, a representative. Leaflets name organisations, not people.").format(
                    where=where, name=name
                )
            )
    emails = re.findall(_EMAIL, text)
    for address in emails:
        if _personal_email(address, people):
            found.append(
                _("{where}: “{found}” looks like a personal e-mail address.").format(
                    where=where, found=address
                )
            )
    without_emails = re.sub(_EMAIL, " ", text)
    for match in re.finditer(_PHONE, without_emails):
        if _personal_phone(match.group(0), people):
            found.append(
                _("{where}: “{found}” looks like a personal phone number.").format(
                    where=where, found=match.group(0).strip()
                )
            )
    return found


def personal_data_warnings(store: Store, leaflet: Leaflet) -> list[str]:
    """Warnings about free text the leaflet would print that names a representative, or holds what looks
    like a personal phone number or e-mail address: the leaflet's own texts and their translations, the
    topics and the actions' public wording. Shown before export; they never stop it."""
    people = _people(store)
    meeting = store.get(Meeting, leaflet.meeting_id)
    checked: list[tuple[str, str]] = []
    for name, where in {**TRANSLATED_FIELDS, **PLAIN_FIELDS}.items():
        checked.append((_(where), str(getattr(leaflet, name))))
    from facilitator.content_translation import ContentTranslation  # noqa: PLC0415 - a record kind

    for version in store.where(ContentTranslation, {"record_id": leaflet.id}):
        if version.record_kind == KIND_NAME and version.field in TRANSLATED_FIELDS:
            where = _("{field} ({language})").format(
                field=_(TRANSLATED_FIELDS[version.field]), language=version.language
            )
            checked.append((where, version.text))
    for item in topic_items(store, meeting.id):
        if item.id not in leaflet.left_out_item_ids:
            checked.append((_("Topic “{title}”").format(title=_short(item.title, 40)), item.title))
    for action in actions_to_report(store, meeting):
        where = _("What we did: “{text}”").format(text=_short(action.public_text, 40))
        checked.append((where, action.public_text))
        for version in store.where(ContentTranslation, {"record_id": action.id, "field": "public_text"}):
            checked.append((f"{where} ({version.language})", version.text))
    warnings: list[str] = []
    for where, text in checked:
        if text.strip():
            warnings.extend(text_warnings(where, text, people))
    return list(dict.fromkeys(warnings))


class PageSize(Enum):
    """The paper a leaflet is printed on."""

    A4 = "a4"
    A5 = "a5"


class Folding(LabelledEnum):
    """How a leaflet in several languages is printed: a page for each, or a folded A4 sheet with a panel (A5)
    for each language."""

    SET = "set", N_("One page for each language")
    FOLDED = "folded", N_("Folded A4, a panel for each language")
