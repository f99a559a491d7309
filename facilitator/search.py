"""Finding anything in the partnership: what is searched, how words are compared, and how results read.

The rules live here; the index itself is storage's (``storage.search_index``, SQLite FTS5, kept current in the
same transaction as every edit). Each searchable record gives one ``SearchEntry``: its words (with those of its
translations, and for a decision the partners' reasons), the day it belongs to (a record of a meeting takes the
meeting's day, so results read newest first) and where the window opens it.

Words are compared folded (``fold``): without case, accents or the marks Arabic may be written with, so that
"Łódź", "lodz" and "ŁÓDŹ" find each other, and "المخدرات" is found as typed with or without its vowel marks;
an Arabic word is also indexed without its article (``ال``), so "مخدرات" finds it. Every word typed is looked
up as the beginning of a word, so results come as the user types.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from facilitator.actions import Action, ActionUpdate
from facilitator.audience import Audience, AudienceKind, receives
from facilitator.conflicts import Conflict, ConflictStep
from facilitator.content_translation import ContentTranslation
from facilitator.entities import AnyRecord, Forum, LabelledEnum, Partner, Representative
from facilitator.escalation import Escalation
from facilitator.figures import COMMON_FIGURES, FigureReading, TrackedFigure
from facilitator.frozen import frozen
from facilitator.i18n import N_
from facilitator.meetings import AgendaItem, Decision, Meeting, Position
from facilitator.notices import Notice, NoticeResponse
from facilitator.papers import Paper
from facilitator.store import Store

#: Letters that keep no accent a decomposition could take off, compared as people type them without one.
_LETTERS = str.maketrans(
    {
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ı": "i",
        "þ": "th",
        "ħ": "h",
        "ŧ": "t",
        "ŀ": "l",
        "ʼ": "",
        "\u0640": "",  # Arabic tatweel: only stretches a word
        "\u0671": "\u0627",  # alef wasla: alef
        "\u0649": "\u064a",  # alef maksura: ya
        "\u0629": "\u0647",  # ta marbuta: ha
        "\u06a9": "\u0643",  # Persian kaf: kaf
        "\u06cc": "\u064a",  # Persian ya: ya
    }
)
#: Arabic beginnings that are words of their own (the article, "and the", "with the"...): a word is also indexed
#: without them.
_ARABIC_PREFIXES = (
    "\u0648\u0627\u0644",
    "\u0628\u0627\u0644",
    "\u0641\u0627\u0644",
    "\u0643\u0627\u0644",
    "\u0627\u0644",
    "\u0644\u0644",
)
_TOKEN = re.compile(r"[^\W_]+")
#: At most this many words of a query are looked up (a pasted paragraph is not a search).
MAX_TERMS = 8
#: Results shown per kind of record; more are counted.
PER_KIND = 30


def fold(text: str) -> str:
    """``text`` as words are compared: decomposed, without combining marks (accents, Arabic vowel marks,
    hamza and madda on alef), case-folded, with the letters of ``_LETTERS`` written plain."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if c.isascii() or not unicodedata.category(c).startswith("M"))
    return bare.casefold().translate(_LETTERS)


def _is_word_char(char: str) -> bool:
    return char != "_" and (char.isalnum() or unicodedata.category(char).startswith("M") or char in "\u0640ʼ")


def word_spans(text: str) -> list[tuple[int, int]]:
    """Where the words of ``text`` are, as written (letters, digits and the marks on them)."""
    spans: list[tuple[int, int]] = []
    start = None
    for index, char in enumerate(text):
        if _is_word_char(char):
            if start is None:
                start = index
        elif start is not None:
            spans.append((start, index))
            start = None
    if start is not None:
        spans.append((start, len(text)))
    return spans


def _forms_of_tokens(tokens: Iterable[str]) -> list[str]:
    found: list[str] = []
    for token in tokens:
        found.append(token)
        if token.isascii():
            continue
        for prefix in _ARABIC_PREFIXES:
            if token.startswith(prefix) and len(token) - len(prefix) >= 2:
                found.append(token[len(prefix) :])
                break
    return found


def forms(word: str) -> list[str]:
    """The folded forms a written word is found by: itself folded, and an Arabic word without its article."""
    return _forms_of_tokens(_TOKEN.findall(fold(word)))


def index_words(text: str) -> str:
    """What the index holds for ``text``: every form of every word, separated by spaces."""
    return " ".join(_forms_of_tokens(_TOKEN.findall(fold(text))))


def query_terms(text: str) -> list[str]:
    """The words of what the user typed, folded, each once, at most ``MAX_TERMS``."""
    return list(dict.fromkeys(_TOKEN.findall(fold(text))))[:MAX_TERMS]


def matches(word: str, terms: Iterable[str]) -> bool:
    """Whether a written word is found by ``terms`` (one of its forms begins with one of them)."""
    wanted = tuple(terms)
    return any(form.startswith(wanted) for form in forms(word)) if wanted else False


# --- what is searched ---------------------------------------------------------------------------------------------


class ResultKind(LabelledEnum):
    """The groups results are shown in, in this order."""

    MEETINGS = "meetings", N_("Meetings")
    ITEMS = "agenda_items", N_("Agenda items and notes")
    PAPERS = "papers", N_("Papers")
    DECISIONS = "decisions", N_("Decisions")
    ACTIONS = "actions", N_("Actions")
    UPDATES = "action_updates", N_("Updates on actions")
    CONFLICTS = "conflicts", N_("Conflicts")
    CONFLICT_STEPS = "conflict_steps", N_("Steps of conflicts")
    NOTICES = "notices", N_("Notices of change")
    ANSWERS = "notice_responses", N_("Answers to notices")
    ESCALATIONS = "escalations", N_("Escalations")
    PARTNERS = "partners", N_("Partners")
    PEOPLE = "representatives", N_("People")
    FORUMS = "forums", N_("Forums")
    FIGURES = "tracked_figures", N_("Street figures")
    FIGURE_NOTES = "figure_readings", N_("Notes on street figures")


@frozen
class SearchEntry:
    """What the index holds for one record."""

    kind: ResultKind
    record_id: str
    title: str  # what a result shows first
    text: str  # every searchable word of the record, as written
    day: dt.date | None  # the day it belongs to (None: partners, people, forums)
    meeting_id: str | None  # a record of a meeting takes the meeting's day
    screen: str  # where the window opens it (a screen's name)
    target_id: str  # the record that screen shows

    @property
    def words(self) -> str:
        """What the index holds: the folded forms of every word."""
        return index_words(self.text)


#: The kinds searched, by their kind names (``records.KINDS``); a change to one of them is a change to its entry.
SEARCHED: dict[str, type[AnyRecord]] = {
    "meetings": Meeting,
    "agenda_items": AgendaItem,
    "decisions": Decision,
    "actions": Action,
    "action_updates": ActionUpdate,
    "conflicts": Conflict,
    "conflict_steps": ConflictStep,
    "notices": Notice,
    "notice_responses": NoticeResponse,
    "escalations": Escalation,
    "partners": Partner,
    "representatives": Representative,
    "forums": Forum,
    "papers": Paper,
    "tracked_figures": TrackedFigure,
    "figure_readings": FigureReading,
}
#: Kinds whose records belong to another one's entry: (kind name, field naming the record, that record's kind).
#: A partner's position belongs to the decision (its reason is searched with it); a translation to what it
#: translates.
DEPENDENT: tuple[tuple[str, str, str | None], ...] = (
    ("positions", "decision_id", "decisions"),
    ("content_translations", "record_id", None),  # its own ``record_kind`` says which
)


class Lookup:
    """What an entry needs besides its record, read from the store one at a time (an edit) ..."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def meeting(self, meeting_id: str | None) -> Meeting | None:
        """A meeting by id."""
        return self.store.find(Meeting, meeting_id) if meeting_id else None

    def meeting_day(self, meeting_id: str | None) -> dt.date | None:
        """The day of a meeting by id (None: no such meeting): the day of every record held at it."""
        meeting = self.meeting(meeting_id)
        return meeting.starts_at.date() if meeting else None

    def item(self, item_id: str) -> AgendaItem | None:
        """An agenda item by id."""
        return self.store.find(AgendaItem, item_id)

    def forum(self, forum_id: str) -> Forum | None:
        """A forum by id."""
        return self.store.find(Forum, forum_id)

    def reasons(self, decision_id: str) -> list[str]:
        """The partners' reasons given on a decision."""
        return [p.reason for p in self.store.where(Position, {"decision_id": decision_id}) if p.reason]

    def translations(self, kind: str, record_id: str) -> list[str]:
        """Every translation of a record's texts."""
        found = self.store.where(ContentTranslation, {"record_kind": kind, "record_id": record_id})
        return [t.text for t in found]


class BulkLookup(Lookup):
    """... or all read at once (building the whole index)."""

    def __init__(self, store: Store) -> None:
        super().__init__(store)
        self._meetings = {m.id: m for m in store.all(Meeting, include_archived=True)}
        self._items = {i.id: i for i in store.all(AgendaItem, include_archived=True)}
        self._forums = {f.id: f for f in store.all(Forum, include_archived=True)}
        # Positions and translations only lend their words: read as columns, not built as records (thirty years
        # hold tens of thousands of them), and live ones only, as ``Lookup`` reads them.
        self._reasons: dict[str, list[str]] = {}
        for decision_id, reason in store.values(Position, ("decision_id", "reason")):
            if reason:
                self._reasons.setdefault(str(decision_id), []).append(str(reason))
        self._translations: dict[tuple[str, str], list[str]] = {}
        for kind, record_id, text in store.values(ContentTranslation, ("record_kind", "record_id", "text")):
            self._translations.setdefault((str(kind), str(record_id)), []).append(str(text))

    def records(self, kind: type[AnyRecord]) -> list[AnyRecord]:
        """Every record of a searched kind, archived ones too (those already read are not read again)."""
        read: dict[type[AnyRecord], dict[str, Any]] = {
            Meeting: self._meetings,
            AgendaItem: self._items,
            Forum: self._forums,
        }
        if kind in read:
            return list(read[kind].values())
        return self.store.all(kind, include_archived=True)

    def meeting(self, meeting_id: str | None) -> Meeting | None:
        return self._meetings.get(meeting_id or "")

    def item(self, item_id: str) -> AgendaItem | None:
        return self._items.get(item_id)

    def forum(self, forum_id: str) -> Forum | None:
        return self._forums.get(forum_id)

    def reasons(self, decision_id: str) -> list[str]:
        return self._reasons.get(decision_id, [])

    def translations(self, kind: str, record_id: str) -> list[str]:
        return self._translations.get((kind, record_id), [])


def _join(*parts: str | None) -> str:
    return "\n".join(p.strip() for p in parts if p and p.strip())


def _meeting_title(meeting: Meeting, forum: Forum | None) -> str:
    name = meeting.title or (forum.name if forum else "")
    return f"{name} {meeting.starts_at:%Y-%m-%d}".strip()


Builder = Callable[[Lookup, AnyRecord], SearchEntry | None]


def _meeting(look: Lookup, record: AnyRecord) -> SearchEntry:
    assert isinstance(record, Meeting)
    forum = look.forum(record.forum_id)
    title = _meeting_title(record, forum)
    text = _join(record.title, record.venue, record.cancelled_reason, forum.name if forum else "")
    return SearchEntry(
        ResultKind.MEETINGS, record.id, title, text, record.starts_at.date(), record.id, "meetings", record.id
    )


def _item(look: Lookup, record: AnyRecord) -> SearchEntry | None:
    assert isinstance(record, AgendaItem)
    title = record.title or record.kind.label
    text = _join(record.title, record.notes, *look.translations("agenda_items", record.id))
    day = look.meeting_day(record.meeting_id)
    return SearchEntry(
        ResultKind.ITEMS, record.id, title, text, day, record.meeting_id, "meetings", record.meeting_id
    )


def _decision(look: Lookup, record: AnyRecord) -> SearchEntry | None:
    assert isinstance(record, Decision)
    item = look.item(record.item_id)
    if item is None:
        return None
    text = _join(record.text, *look.reasons(record.id), *look.translations("decisions", record.id))
    day = look.meeting_day(item.meeting_id)
    title = item.title or item.kind.label
    return SearchEntry(
        ResultKind.DECISIONS, record.id, title, text, day, item.meeting_id, "meetings", item.meeting_id
    )


def _action(look: Lookup, record: AnyRecord) -> SearchEntry:
    assert isinstance(record, Action)
    day = look.meeting_day(record.origin_meeting_id) or record.due
    text = _join(record.title, record.details, record.public_text, *look.translations("actions", record.id))
    return SearchEntry(
        ResultKind.ACTIONS, record.id, record.title, text, day, record.origin_meeting_id, "actions", record.id
    )


def _update(look: Lookup, record: AnyRecord) -> SearchEntry | None:
    assert isinstance(record, ActionUpdate)
    if not record.note.strip():
        return None
    action = look.store.find(Action, record.action_id)
    title = action.title if action else ""
    day = look.meeting_day(record.meeting_id)
    return SearchEntry(
        ResultKind.UPDATES, record.id, title, record.note, day, record.meeting_id, "actions", record.action_id
    )


def _conflict(look: Lookup, record: AnyRecord) -> SearchEntry:
    assert isinstance(record, Conflict)
    text = _join(record.title, record.description, record.mediator, record.resolution, record.lessons)
    return SearchEntry(
        ResultKind.CONFLICTS, record.id, record.title, text, record.raised_on, None, "conflicts", record.id
    )


def _step(look: Lookup, record: AnyRecord) -> SearchEntry | None:
    assert isinstance(record, ConflictStep)
    if not record.note.strip():
        return None
    conflict = look.store.find(Conflict, record.conflict_id)
    title = conflict.title if conflict else record.stage.label
    return SearchEntry(
        ResultKind.CONFLICT_STEPS,
        record.id,
        title,
        record.note,
        record.on,
        None,
        "conflicts",
        record.conflict_id,
    )


def _notice(look: Lookup, record: AnyRecord) -> SearchEntry:
    assert isinstance(record, Notice)
    text = _join(record.title, record.description, record.reason, record.outcome)
    return SearchEntry(
        ResultKind.NOTICES, record.id, record.title, text, record.given_on, None, "notices", record.id
    )


def _answer(look: Lookup, record: AnyRecord) -> SearchEntry | None:
    assert isinstance(record, NoticeResponse)
    if not record.text.strip():
        return None
    notice = look.store.find(Notice, record.notice_id)
    title = notice.title if notice else ""
    return SearchEntry(
        ResultKind.ANSWERS, record.id, title, record.text, record.on, None, "notices", record.notice_id
    )


def _escalation(look: Lookup, record: AnyRecord) -> SearchEntry:
    assert isinstance(record, Escalation)
    text = _join(record.subject_title, record.reason, record.response)
    return SearchEntry(
        ResultKind.ESCALATIONS,
        record.id,
        record.subject_title,
        text,
        record.raised_on,
        None,
        "escalations",
        record.id,
    )


def _partner(look: Lookup, record: AnyRecord) -> SearchEntry:
    assert isinstance(record, Partner)
    text = _join(record.name, record.short_name, record.contact)
    return SearchEntry(ResultKind.PARTNERS, record.id, record.name, text, None, None, "partners", record.id)


def _person(look: Lookup, record: AnyRecord) -> SearchEntry:
    assert isinstance(record, Representative)
    text = _join(record.name, record.role, record.email, record.phone)
    return SearchEntry(
        ResultKind.PEOPLE, record.id, record.name, text, None, None, "partners", record.partner_id
    )


def _forum(look: Lookup, record: AnyRecord) -> SearchEntry:
    assert isinstance(record, Forum)
    text = _join(record.name, record.usual_venue, record.conflict_procedure)
    return SearchEntry(ResultKind.FORUMS, record.id, record.name, text, None, None, "forums", record.id)


def _paper(look: Lookup, record: AnyRecord) -> SearchEntry:
    assert isinstance(record, Paper)
    item = look.item(record.item_id)
    meeting_id = item.meeting_id if item else None
    day = look.meeting_day(meeting_id)
    # The file's name: its words are taken apart at "_", "-" and "." too ("police_briefing.pdf": "briefing").
    text = record.name
    return SearchEntry(
        ResultKind.PAPERS, record.id, record.name, text, day, meeting_id, "meetings", meeting_id or ""
    )


def _figure_name(figure: TrackedFigure) -> str:
    common = COMMON_FIGURES.get(figure.common)
    return figure.name or (common.name if common else "")


def _figure(look: Lookup, record: AnyRecord) -> SearchEntry:
    assert isinstance(record, TrackedFigure)
    common = COMMON_FIGURES.get(record.common)
    text = _join(
        _figure_name(record),
        record.unit or (common.unit if common else ""),
        record.counts or (common.counts if common else ""),
        record.source,
        record.reported_under,
    )
    return SearchEntry(
        ResultKind.FIGURES, record.id, _figure_name(record), text, None, None, "indicators", record.id
    )


def _figure_note(look: Lookup, record: AnyRecord) -> SearchEntry | None:
    assert isinstance(record, FigureReading)
    if not record.note.strip():
        return None
    figure = look.store.find(TrackedFigure, record.figure_id)
    title = _figure_name(figure) if figure else ""
    return SearchEntry(
        ResultKind.FIGURE_NOTES,
        record.id,
        title,
        record.note,
        record.covers_to,
        record.meeting_id,
        "indicators",
        record.figure_id,
    )


BUILDERS: dict[type[AnyRecord], Builder] = {
    Meeting: _meeting,
    AgendaItem: _item,
    Decision: _decision,
    Action: _action,
    ActionUpdate: _update,
    Conflict: _conflict,
    ConflictStep: _step,
    Notice: _notice,
    NoticeResponse: _answer,
    Escalation: _escalation,
    Partner: _partner,
    Representative: _person,
    Forum: _forum,
    Paper: _paper,
    TrackedFigure: _figure,
    FigureReading: _figure_note,
}


def entry_for(look: Lookup, record: AnyRecord) -> SearchEntry | None:
    """The index entry of ``record``; None when it has nothing to find (an update without a note)."""
    builder = BUILDERS.get(type(record))
    return builder(look, record) if builder is not None else None


def every_entry(store: Store) -> Iterator[SearchEntry]:
    """The entry of every searchable record, archived ones too (building the whole index)."""
    look = BulkLookup(store)
    for kind in SEARCHED.values():
        for record in look.records(kind):
            entry = entry_for(look, record)
            if entry is not None:
                yield entry


def owners(kind_name: str, record: Mapping[str, object]) -> list[tuple[str, str]]:
    """The entries a change to a record of a dependent kind touches: ``(kind name, id)``."""
    for dependent, field, owner in DEPENDENT:
        if dependent == kind_name:
            target = owner or str(record.get("record_kind", ""))
            value = record.get(field)
            return [(target, str(value))] if value and target in SEARCHED else []
    return []


# --- results ------------------------------------------------------------------------------------------------------


@frozen
class Hit:
    """One record found."""

    kind: ResultKind
    record_id: str
    title: str
    text: str
    day: dt.date | None
    screen: str
    target_id: str


@frozen
class Group:
    """The records of one kind found, newest first, and how many more there are."""

    kind: ResultKind
    hits: tuple[Hit, ...]
    more: int = 0
    capped: bool = False  # only the newest matches were counted: ``more`` is a lower bound


def grouped(hits: Iterable[Hit], per_kind: int = PER_KIND) -> list[Group]:
    """Hits by kind, in ``ResultKind`` order; each group newest first (records without a day last, by
    title), at most ``per_kind`` each, the rest counted."""
    by_kind: dict[ResultKind, list[Hit]] = {}
    for hit in hits:
        by_kind.setdefault(hit.kind, []).append(hit)
    groups = []
    for kind in ResultKind:
        found = by_kind.get(kind)
        if not found:
            continue
        found.sort(key=lambda h: (h.day is None, -(h.day.toordinal() if h.day else 0), h.title.casefold()))
        groups.append(Group(kind, tuple(found[:per_kind]), max(0, len(found) - per_kind)))
    return groups


@frozen
class Excerpt:
    """Where the words were found: pieces of the record's text, those that matched marked."""

    parts: tuple[tuple[str, bool], ...]
    cut_before: bool = False
    cut_after: bool = False

    @property
    def text(self) -> str:
        """The excerpt as plain text."""
        return (
            ("…" if self.cut_before else "")
            + "".join(p for p, _m in self.parts)
            + ("…" if self.cut_after else "")
        )


def excerpt(text: str, terms: Iterable[str], width: int = 140) -> Excerpt:
    """The words of ``text`` around the first one ``terms`` find, about ``width`` characters, the words found
    marked (as they are written, accents and all)."""
    wanted = tuple(terms)
    flat = " ".join(text.split())
    spans = word_spans(flat)
    found = [(s, e) for s, e in spans if matches(flat[s:e], wanted)]
    if not flat:
        return Excerpt(())
    first = found[0][0] if found else 0
    start = max(0, first - width // 3)
    if start:
        # Begin at a word, not in the middle of one.
        start = next((s for s, _e in spans if s >= start), first)
    end = min(len(flat), start + width)
    if end < len(flat):
        end = max((e for _s, e in spans if e <= end), default=end)
    parts: list[tuple[str, bool]] = []
    at = start
    for s, e in found:
        if s < start or e > end:
            continue
        if s > at:
            parts.append((flat[at:s], False))
        parts.append((flat[s:e], True))
        at = e
    if at < end:
        parts.append((flat[at:end], False))
    return Excerpt(tuple(parts), start > 0, end < len(flat))


def followers(store: Store, kind_name: str, record: AnyRecord) -> list[tuple[str, str]]:
    """The entries that read something of ``record`` (its title or its day) and change with it: a meeting's
    items, decisions, updates and the actions agreed at it; an item's decision; an action's updates; a
    conflict's steps; a notice's answers; a forum's meetings."""
    found: list[tuple[str, str]] = []
    if isinstance(record, Meeting):
        items = store.where(AgendaItem, {"meeting_id": record.id}, include_archived=True)
        found += [("agenda_items", i.id) for i in items]
        for item in items:
            found += [
                ("decisions", d.id)
                for d in store.where(Decision, {"item_id": item.id}, include_archived=True)
            ]
        found += [("action_updates", u.id) for u in store.where(ActionUpdate, {"meeting_id": record.id})]
        found += [("actions", a.id) for a in store.where(Action, {"origin_meeting_id": record.id})]
        found += [("papers", p.id) for item in items for p in store.where(Paper, {"item_id": item.id})]
    elif isinstance(record, AgendaItem):
        found += [
            ("decisions", d.id) for d in store.where(Decision, {"item_id": record.id}, include_archived=True)
        ]
        found += [("papers", p.id) for p in store.where(Paper, {"item_id": record.id})]
    elif isinstance(record, TrackedFigure):
        found += [("figure_readings", r.id) for r in store.where(FigureReading, {"figure_id": record.id})]
    elif isinstance(record, Action):
        found += [("action_updates", u.id) for u in store.where(ActionUpdate, {"action_id": record.id})]
    elif isinstance(record, Conflict):
        found += [("conflict_steps", s.id) for s in store.where(ConflictStep, {"conflict_id": record.id})]
    elif isinstance(record, Notice):
        found += [("notice_responses", r.id) for r in store.where(NoticeResponse, {"notice_id": record.id})]
    elif isinstance(record, Forum):
        found += [
            ("meetings", m.id) for m in store.where(Meeting, {"forum_id": record.id}, include_archived=True)
        ]
    return found


# --- who may see a result -----------------------------------------------------------------------------------------


def _kept(store: Store, kind: type[AnyRecord], record_id: str) -> AnyRecord | None:
    return store.find(kind, record_id) if record_id else None


#: Entries whose own record decides who may see them.
_ITSELF: dict[ResultKind, type[AnyRecord]] = {
    ResultKind.ITEMS: AgendaItem,
    ResultKind.FIGURES: TrackedFigure,
    ResultKind.ACTIONS: Action,
    ResultKind.CONFLICTS: Conflict,
    ResultKind.NOTICES: Notice,
}
#: Entries that go where the record they belong to goes: their kind, the field naming it, its kind (a paper goes
#: where its item goes, ``facilitator.papers``; a reading's note where its figure goes).
_THROUGH: dict[ResultKind, tuple[type[AnyRecord], str, type[AnyRecord]]] = {
    ResultKind.DECISIONS: (Decision, "item_id", AgendaItem),
    ResultKind.PAPERS: (Paper, "item_id", AgendaItem),
    ResultKind.FIGURE_NOTES: (FigureReading, "figure_id", TrackedFigure),
    ResultKind.UPDATES: (ActionUpdate, "action_id", Action),
    ResultKind.CONFLICT_STEPS: (ConflictStep, "conflict_id", Conflict),
    ResultKind.ANSWERS: (NoticeResponse, "notice_id", Notice),
}


def _confidential_of(store: Store, kind: ResultKind, record_id: str) -> list[object] | None:
    """The records whose confidentiality decides who may see an entry (itself, or what it is about); None when
    the entry is about nothing that is still there."""
    from facilitator.records import KINDS  # noqa: PLC0415 - the records' registry reads this module's kinds

    found: object
    if kind in _ITSELF:
        found = _kept(store, _ITSELF[kind], record_id)
    elif kind in _THROUGH:
        own, field, owner = _THROUGH[kind]
        entry = _kept(store, own, record_id)
        found = _kept(store, owner, getattr(entry, field)) if entry is not None else None
    elif kind is ResultKind.ESCALATIONS:
        escalation = _kept(store, Escalation, record_id)
        subject_kind = KINDS.get(escalation.subject_kind) if isinstance(escalation, Escalation) else None
        found = (
            _kept(store, subject_kind, escalation.subject_id)
            if isinstance(escalation, Escalation) and subject_kind is not None
            else None
        )
    else:
        return []  # meetings, partners, people and forums carry no confidentiality of their own
    return None if found is None else [found]


def visible_to(store: Store, hit: Hit, audience: Audience) -> bool:
    """Whether ``audience`` may see ``hit`` whole, as documents decide it (``facilitator.audience``): only what
    it receives in full. The public sees no conflict (nor its steps), no individual's name (people) and no
    decision (a decision's entry holds the partners' reasons, which the public never sees)."""
    if audience.kind is AudienceKind.FULL:
        return True
    public = audience.is_public
    if public and hit.kind in (ResultKind.CONFLICTS, ResultKind.CONFLICT_STEPS, ResultKind.PEOPLE,
                               ResultKind.DECISIONS):  # fmt: skip
        return False
    deciding = _confidential_of(store, hit.kind, hit.record_id)
    if deciding is None:
        return False
    if public and hit.kind is ResultKind.ESCALATIONS and deciding and isinstance(deciding[0], Conflict):
        return False
    return all(receives(audience, record) for record in deciding)  # type: ignore[arg-type]
