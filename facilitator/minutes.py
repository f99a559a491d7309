"""Minutes and agendas of a meeting as document models, for an audience and in a language.

What each audience may see is asked of ``facilitator.audience``; nothing here decides confidentiality. The
registers (actions, notices, conflicts, escalations) print what they put before the meeting under their standing
item through the sections listed in ``facilitator.rules.ITEM_SECTIONS``, without touching this module or the
writers. Approved minutes are built from the snapshot taken when they were approved (``facilitator.snapshot``),
so nothing edited later changes what they print.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import field
from functools import cached_property
from typing import Protocol, TypeVar

from facilitator.approval import MinutesStatus, corrections, minutes_record
from facilitator.audience import Audience, Confidential, Visibility, in_sight, seen_by, visibility
from facilitator.carried import Carried, carried
from facilitator.content_translation import translated
from facilitator.docmodel import (
    Block,
    BulletList,
    DocumentModel,
    Facts,
    Figure,
    Heading,
    Measure,
    Paragraph,
    Table,
    Tone,
)
from facilitator.document_choice import minutes_are_a_template
from facilitator.entities import Forum, Partner, Representative
from facilitator.frozen import frozen
from facilitator.i18n import N_, Translator
from facilitator.meeting_ops import agenda, decision_of, meetings_around, roll
from facilitator.meetings import (
    AgendaItem,
    Attendance,
    AttendeeRole,
    Decision,
    DecisionMethod,
    ItemKind,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Position,
    Presence,
    Stance,
)
from facilitator.profile import document_translator, partnership_name
from facilitator.quorum import (
    Outcome,
    QuorumResult,
    Standing,
    decision_outcome,
    meeting_standings,
    vote_outcome,
)
from facilitator.snapshot import ReadOnce, frozen_store
from facilitator.store import Store


class _UnderAnItem(Protocol):
    """What a meeting carries under an item: a review, a tabling, an escalation to answer."""

    @property
    def item_id(self) -> str: ...


S = TypeVar("S", bound=_UnderAnItem)
R = TypeVar("R")


@frozen
class Context:
    """What every section builder gets: the record, who the document is for, and in which language."""

    store: Store
    meeting: Meeting
    forum: Forum
    audience: Audience
    t: Translator
    partners: dict[str, Partner]
    people: dict[str, Representative]
    untranslated: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)  # the numbers printed, checked before writing
    agenda: bool = False  # an agenda circulated before the meeting, not its minutes

    @cached_property
    def carried(self) -> Carried:
        """What the meeting carries from the registers (derived until it starts, then as written then)."""
        return carried(self.store, self.meeting)

    def content(self, record: AgendaItem | Decision, name: str) -> tuple[str, bool]:
        """A record's text in the document's language, and whether it fell back to the original."""
        source = str(getattr(record, name))
        if not source.strip() or self.t.language == self.forum.working_language:
            return source, False
        found = translated(self.store, record, name, self.t.language)
        if found is not None:
            return found, False
        self.untranslated.append(source[:80])
        return source, True

    def tabled_here(
        self,
        carried: Iterable[S],
        item: AgendaItem,
        record_of: Callable[[S], R | None],
        judge: Callable[[R], Visibility],
    ) -> tuple[list[tuple[S, R]], int]:
        """What the meeting carries under ``item`` from one register (``carried``), each with the record it is
        about, that this audience sees whole (``judge``, asking ``audience.seen_by``); and how many it may only
        know exist. A record that cannot be found cannot be judged: nothing of it is printed."""
        found = [(s, r) for s in carried if s.item_id == item.id if (r := record_of(s)) is not None]
        return in_sight(found, lambda pair: judge(pair[1]))

    def withheld(self, number: int, before: str, after: str = "") -> list[Block]:
        """The line counting the ``number`` records under a heading that this audience may only know exist (none
        when there are none): ``before`` in an agenda (what the meeting will do with them), ``after`` in minutes
        (what it did; ``before`` when the two read the same). Both are already in the document's plural for
        ``number`` (``t.ngettext``), with ``{n}`` where the number goes."""
        if not number:
            return []
        text = before if self.agenda or not after else after
        return [Paragraph(text.format(n=number), Tone.WITHHELD)]

    def sees(self, record: Confidential) -> Visibility:
        """What this document's audience gets of ``record`` (``audience.seen_by``)."""
        return seen_by(self.audience, record)

    def document(self, title: str, subtitle: str, blocks: list[Block], *, status: str, **footer: str) -> DocumentModel:
        """The minutes or agenda made of ``blocks``: in this context's language and direction, with every text
        left in its original language and every figure printed; ``footer``: the draft mark and footer note."""
        return DocumentModel(
            title=title,
            subtitle=subtitle,
            language=self.t.language,
            right_to_left=self.t.right_to_left,
            blocks=tuple(blocks),
            status=status,
            page_label=self.t.gettext("Page {page} of {pages}"),
            untranslated=tuple(self.untranslated),
            figures=tuple(self.figures),
            **footer,
        )

    def original_marker(self) -> str:
        """What follows a text left in the original language, e.g. "(in English)"."""
        language = self.t.language_name(self.forum.working_language)
        return self.t.gettext("(original, in {language})").format(language=language)

    def partner_name(self, partner_id: str | None) -> str:
        """A partner's name as documents print it: in full in minutes, by its short name in an agenda (a working
        paper among partners who know each other, kept to one page)."""
        partner = self.partners.get(partner_id or "")
        if partner is None:
            return ""
        return partner.display_name if self.agenda else partner.name

    def person_with_partner(self, representative_id: str) -> str:
        """A person named with the partner they work for, e.g. "Aminata Diallo (Harbour Lane)"."""
        person = self.people.get(representative_id)
        if person is None:
            return ""
        partner = self.partner_name(person.partner_id)
        return f"{self.person(representative_id)} ({partner})" if partner else self.person(representative_id)

    def person(self, representative_id: str | None) -> str:
        """A person as this audience may see them: named for partners, their organisation for the public."""
        person = self.people.get(representative_id or "")
        if person is None:
            return ""
        if self.audience.names_people:
            return person.name
        return self.partner_name(person.partner_id)


#: What a register prints under an item (listed in ``facilitator.rules.ITEM_SECTIONS``).
SectionBuilder = Callable[[Context, AgendaItem], list[Block]]
#: What the minutes print after the items, before the next meeting (``facilitator.rules.CLOSING_SECTIONS``).
ClosingBuilder = Callable[[Context], list[Block]]

#: The one line a section with nothing in it prints, everywhere in minutes and agendas: a heading is never left
#: alone, and "nothing" reads the same under every heading.
NONE_RECORDED = N_("None recorded.")


def none_recorded(c: Context) -> Paragraph:
    """The line printed under a heading that has nothing under it."""
    return Paragraph(c.t.gettext(NONE_RECORDED), Tone.NOTE)


def _sections(kind: ItemKind) -> tuple[SectionBuilder, ...]:
    from facilitator.rules import ITEM_SECTIONS  # noqa: PLC0415 - the rules import the sections, which build on this

    return ITEM_SECTIONS.get(kind, ())


def _closing_sections() -> tuple[ClosingBuilder, ...]:
    from facilitator.rules import CLOSING_SECTIONS  # noqa: PLC0415 - as _sections

    return CLOSING_SECTIONS


def _context(
    store: Store, meeting_id: str, audience: Audience, language: str, *, agenda: bool = False
) -> Context:
    meeting = store.get(Meeting, meeting_id)
    return Context(
        store=store,
        meeting=meeting,
        forum=store.get(Forum, meeting.forum_id),
        audience=audience,
        t=document_translator(store, language),
        partners={p.id: p for p in store.all(Partner, include_archived=True)},
        people={r.id: r for r in store.all(Representative, include_archived=True)},
        agenda=agenda,
    )


def _when_and_where(c: Context) -> Facts:
    t, m = c.t, c.meeting
    day = t.format_date(m.starts_at.date(), "full")
    hours = f"{t.format_time(m.starts_at.time())} – {t.format_time(m.ends_at.time())}"
    if c.agenda:  # one line for when, and the kind only when it is not the usual: an agenda keeps to one page
        pairs = [(t.gettext("Date"), t.gettext("{date} at {time}").format(date=day, time=hours))]
    else:
        pairs = [(t.gettext("Date"), day), (t.gettext("Time"), hours)]
    if m.venue:
        pairs.append((t.gettext("Place"), m.venue))
    if not c.agenda or m.kind is not MeetingKind.REGULAR:
        pairs.append((t.gettext("Kind of meeting"), m.kind.label_in(t)))
    if not c.agenda and c.audience.names_people:  # the public sees organisations, not who chaired or wrote
        for label, person in ((N_("Chair"), m.chair_id), (N_("Minutes taken by"), m.minute_taker_id)):
            if person:
                pairs.append((t.gettext(label), c.person_with_partner(person)))
    return Facts(tuple(pairs))


def _visible_items(c: Context) -> list[tuple[AgendaItem, Visibility]]:
    shown: list[tuple[AgendaItem, Visibility]] = []
    for item in agenda(c.store, c.meeting.id):
        seen = visibility(c.audience, item.confidentiality, item.restricted_to)
        if seen is not Visibility.OMIT:
            shown.append((item, seen))
    return shown


def _item_title(c: Context, item: AgendaItem) -> str:
    text, original = _title_in_language(c, item)
    return f"{text} {c.original_marker()}" if original else text


def _title_in_language(c: Context, item: AgendaItem) -> tuple[str, bool]:
    """An item's title in the document's language, and whether it was left in the original."""
    if not item.title:
        return item.kind.label_in(c.t), False
    return c.content(item, "title")


def _withheld(c: Context, number: int) -> list[Block]:
    return [
        Heading(f"{number}. {c.t.gettext('Confidential item')}", 2),
        Paragraph(
            c.t.gettext("This item is confidential to some partners and is not shown here."), Tone.WITHHELD
        ),
    ]


def _attendance(c: Context, lines: Sequence[Attendance]) -> list[Block]:
    t = c.t
    standings, quorum = meeting_standings(c.store, c.meeting)
    # Minutes of a meeting not yet held are a template for notes: attendance is left to fill in, and no verdict
    # on a quorum is printed for a meeting nobody has come to yet.
    blank = minutes_are_a_template(c.meeting) and c.meeting.status is not MeetingStatus.CANCELLED
    rows: list[tuple[str, ...]] = []
    by_partner: dict[str, list[Attendance]] = {}
    for line in lines:
        if line.role is AttendeeRole.MEMBER and line.partner_id:
            by_partner.setdefault(line.partner_id, []).append(line)
    for standing in standings:
        mine = by_partner.get(standing.partner.id, [])
        if blank:
            state = t.gettext("Apologies") if standing.apologies else ""
        elif standing.standing is Standing.NOT_PRESENT:
            state = t.gettext("Apologies") if standing.apologies else t.gettext("Absent")
        else:
            state = t.gettext("Present")
        people = []
        for line in mine:
            if line.presence not in (Presence.PRESENT, Presence.SUBSTITUTE) or not c.audience.names_people:
                continue
            text = c.person(line.representative_id)
            if line.presence is Presence.SUBSTITUTE:
                text = t.gettext("{name}, for {colleague}").format(
                    name=text, colleague=c.person(line.substitute_for_id)
                )
            if line.arrived_at:
                text += " · " + t.gettext("arrived {time}").format(time=t.format_time(line.arrived_at))
            if line.left_at:
                text += " · " + t.gettext("left {time}").format(time=t.format_time(line.left_at))
            people.append(text)
        row = (
            (standing.partner.name, state, "; ".join(people))
            if c.audience.names_people
            else (standing.partner.name, state)
        )
        rows.append(row)
    header: tuple[str, ...] = (t.gettext("Partner"), t.gettext("Attendance"))
    if c.audience.names_people:
        header += (t.gettext("Represented by"),)
    blocks: list[Block] = [Table(header, tuple(rows), (3, 1.4, 4) if c.audience.names_people else (3, 1.4))]
    guests = [
        line for line in lines if line.role is not AttendeeRole.MEMBER and line.presence is Presence.PRESENT
    ]
    if guests and c.audience.names_people:
        blocks.append(
            Paragraph(
                ", ".join(
                    f"{g.guest_name or c.person(g.representative_id)}"
                    + (f" ({g.guest_organisation})" if g.guest_organisation else "")
                    for g in guests
                ),
                label=t.gettext("Guests and observers:"),
            )
        )
    if blank:
        if quorum.applies and quorum.partners_needed:
            c.figures.append(Figure(N_("partners needed for a quorum"), quorum.partners_needed, Measure.NEEDED))
            needed = t.ngettext(
                "For a quorum: {count} partner present.",
                "For a quorum: {count} partners present.",
                quorum.partners_needed,
            ).format(count=t.format_number(quorum.partners_needed))
            blocks.append(Paragraph(needed, Tone.NOTE))
        return blocks
    c.figures.extend(_quorum_figures(quorum, len(standings)))
    if not quorum.applies:  # a forum without a quorum rule says nothing about quorum, only who came
        present = t.gettext("Partners present: {present}.").format(
            present=t.format_number(quorum.partners_present)
        )
        blocks.append(Paragraph(present))
        return blocks
    verdict = (
        t.gettext("The meeting was quorate.") if quorum.quorate else t.gettext("The meeting was not quorate.")
    )
    detail = " ".join(quorum.reasons(t))
    blocks.append(Paragraph(f"{verdict} {detail}", Tone.NORMAL if quorum.quorate else Tone.WARNING))
    return blocks


def _quorum_figures(quorum: QuorumResult, seated: int) -> list[Figure]:
    """The quorum's numbers as printed: partners counted (never more than those seated) and, where the rule
    names a number, how many are needed (never "of 0 needed")."""
    figures = [Figure(N_("partners present"), quorum.partners_present, Measure.COUNT, most=seated)]
    if quorum.applies and quorum.partners_needed:
        figures.append(Figure(N_("partners needed for a quorum"), quorum.partners_needed, Measure.NEEDED))
    return figures


def _decision(c: Context, item: AgendaItem) -> list[Block]:
    found = decision_of(c.store, item.id)
    if found is None:
        return []
    decision, positions = found
    t = c.t
    how = decision.method.label_in(t)
    outcome = decision_outcome(decision.method, (p.stance for p in positions))
    text, original = c.content(decision, "text")
    undecided = outcome in (Outcome.BLOCKED, Outcome.NOT_REACHED, Outcome.NOT_CARRIED)
    blocks: list[Block] = [
        Paragraph(
            f"{text} {c.original_marker()}" if original else (text or how),
            Tone.UNTRANSLATED if original else Tone.NORMAL,
            label=t.gettext("Proposal:") if undecided else t.gettext("Decision:"),
        )
    ]
    blocks += _outcome(c, outcome, positions)
    blocks += _quorum_at_decision(c, item, decision, outcome)
    if c.audience.sees_positions and positions:
        rows = tuple(
            (c.partner_name(p.partner_id), p.stance.label_in(t), p.reason)
            for p in sorted(positions, key=lambda p: c.partner_name(p.partner_id).casefold())
        )
        blocks.append(
            Table((t.gettext("Partner"), t.gettext("Position"), t.gettext("Reason")), rows, (3, 1.4, 4))
        )
    return blocks


def _outcome(c: Context, outcome: Outcome, positions: Sequence[Position]) -> list[Block]:
    """How the decision came out: a block makes a consensus blocked, never "reached by consensus"."""
    t = c.t
    if outcome in (Outcome.CARRIED, Outcome.NOT_CARRIED):
        counted = vote_outcome(p.stance for p in positions)
        for count in (counted.agree, counted.disagree, counted.abstain, counted.block):
            c.figures.append(Figure(N_("partners in a vote"), count, Measure.COUNT, most=len(positions)))
        result = t.gettext("carried") if outcome is Outcome.CARRIED else t.gettext("not carried")
        text = t.gettext(
            "By vote, {result}: {agree} agree, {disagree} disagree, {abstain} abstain, {block} block."
        ).format(
            result=result,
            agree=counted.agree,
            disagree=counted.disagree,
            abstain=counted.abstain,
            block=counted.block,
        )
        return [Paragraph(text, Tone.NOTE)]
    if outcome is Outcome.REACHED:
        method = DecisionMethod.CONSENSUS.label_in(t)
        return [Paragraph(t.gettext("Reached by: {method}.").format(method=method), Tone.NOTE)]
    if outcome is Outcome.DEFERRED:
        return [Paragraph(t.gettext("Deferred to a later meeting."), Tone.NOTE)]
    if outcome is Outcome.NO_DECISION:
        return [Paragraph(t.gettext("No decision was taken."), Tone.NOTE)]
    stance = Stance.BLOCK if outcome is Outcome.BLOCKED else Stance.DISAGREE
    names = ", ".join(
        sorted((c.partner_name(p.partner_id) for p in positions if p.stance is stance), key=str.casefold)
    )
    if not c.audience.sees_positions:  # the public is not told who took which position
        blocked = stance is Stance.BLOCK
        text = (
            t.gettext("Consensus not reached: blocked.") if blocked else t.gettext("Consensus not reached.")
        )
    elif stance is Stance.BLOCK:
        text = t.gettext("Consensus not reached: blocked by {partners}.").format(partners=names)
    else:
        text = t.gettext("Consensus not reached: {partners} disagree.").format(partners=names)
    return [Paragraph(text, Tone.WARNING)]


def _quorum_at_decision(c: Context, item: AgendaItem, decision: Decision, outcome: Outcome) -> list[Block]:
    """A warning when the forum's quorum was not met at the moment the decision was taken."""
    if outcome in (Outcome.DEFERRED, Outcome.NO_DECISION):
        return []
    moment = decision.taken_at
    standings, quorum = meeting_standings(c.store, c.meeting, moment)
    if not quorum.applies or quorum.quorate:
        return []
    c.figures.extend(_quorum_figures(quorum, len(standings)))
    t = c.t
    if quorum.at is not None:
        head = t.gettext("Taken without quorum, at {time}.").format(time=t.format_time(quorum.at))
    else:
        head = t.gettext("Taken without quorum.")
    return [Paragraph(" ".join([head, *quorum.reasons(t)]), Tone.WARNING)]


def _next_meeting(c: Context) -> list[Block]:
    _before, following = meetings_around(c.store, c.meeting)
    t = c.t
    if following is None:
        return [Heading(t.gettext("Next meeting")), Paragraph(t.gettext("Not yet planned."))]
    when = t.gettext("{date} at {time}").format(
        date=t.format_date(following.starts_at.date(), "full"), time=t.format_time(following.starts_at.time())
    )
    place = f", {following.venue}" if following.venue else ""
    return [Heading(t.gettext("Next meeting")), Paragraph(when + place)]


#: What the minutes of a meeting not yet held say at the top and in the footer of every page: they are a template
#: to take notes in, not minutes.
TEMPLATE_MARK = N_("Template for notes — meeting not yet held")


def _status_line(c: Context) -> tuple[str, str, str]:
    """What the footer says, the draft mark (empty once approved) and the approved record's checksum."""
    t = c.t
    record = minutes_record(c.store, c.meeting.id)
    if record is None or record.status is MinutesStatus.DRAFT:
        return t.gettext("Draft minutes"), t.gettext("DRAFT"), ""
    if record.status is MinutesStatus.CIRCULATED and record.circulated_on:
        status = t.gettext("Draft circulated on {date}").format(
            date=t.format_date(record.circulated_on, "long")
        )
        return status, t.gettext("DRAFT"), ""
    approved = record.approved_on or c.meeting.starts_at.date()
    status = t.gettext("Approved on {date}").format(date=t.format_date(approved, "long"))
    return status, "", record.checksum


def _corrigendum(c: Context) -> list[Block]:
    found = [
        fix
        for fix in corrections(c.store, c.meeting.id)
        if visibility(c.audience, fix.confidentiality, fix.restricted_to) is Visibility.SHOW
    ]
    if not found:
        return []
    t = c.t
    lines = tuple(f"{t.format_date(fix.recorded_on, 'long')}: {fix.text}" for fix in found)
    return [Heading(t.gettext("Corrigendum")), BulletList(lines)]


def _title(c: Context, kind: str) -> tuple[str, str]:
    t = c.t
    title = c.meeting.title or c.forum.name
    return title, kind + " · " + t.format_date(c.meeting.starts_at.date(), "long")


def _footer_note(c: Context) -> str:
    t = c.t
    audience = c.audience.kind.label_in(t)
    if c.audience.partner_id:
        audience = t.gettext("{audience}, for {partner}").format(
            audience=audience, partner=c.partner_name(c.audience.partner_id)
        )
    note = t.gettext("Version for: {audience}").format(audience=audience)
    name = partnership_name(c.store)  # public, so every version names it; approved minutes: as it was then
    return f"{name} · {note}" if name else note


def build_minutes(
    store: Store, meeting_id: str, audience: Audience, language: str, *, frozen: bool = True
) -> DocumentModel:
    """The minutes of a meeting for ``audience`` in ``language``: attendance and quorum, every item the
    audience may see with its notes and decision, what the registers put before it, and the next meeting.

    Approved minutes are built from their snapshot (``frozen`` False reads the partnership as it is: only
    taking the snapshot does that)."""
    if frozen:
        store = frozen_store(store, meeting_id)
    # Each section reads the meeting, its agenda and the forum's figures again (twenty items: twenty times):
    # read once for the whole document, which only reads.
    c = _context(ReadOnce(store), meeting_id, audience, language)
    t = c.t
    blocks: list[Block] = [_when_and_where(c)]
    lines = roll(c.store, meeting_id)
    blocks += [Heading(t.gettext("Attendance")), *_attendance(c, lines)]
    blocks.append(Heading(t.gettext("Items")))
    shown = _visible_items(c)
    if not shown:
        blocks.append(none_recorded(c))
    for number, (item, seen) in enumerate(shown, start=1):
        if seen is Visibility.PLACEHOLDER:
            blocks += _withheld(c, number)
            continue
        blocks.append(Heading(f"{number}. {_item_title(c, item)}", 2))
        heading_at = len(blocks)
        presenter = c.person(item.presenter_id) or c.partner_name(item.presenter_partner_id)
        if presenter:
            blocks.append(Paragraph(presenter, Tone.NOTE, label=t.gettext("Presented by:")))
        if item.notes.strip():
            notes, original = c.content(item, "notes")
            if original:
                blocks.append(Paragraph(notes.strip(), Tone.UNTRANSLATED, label=c.original_marker()))
            else:
                blocks.append(Paragraph(notes.strip()))
        for section in _sections(item.kind):
            blocks += section(c, item)
        blocks += _decision(c, item)
        if len(blocks) == heading_at:
            blocks.append(none_recorded(c))
    if c.meeting.status is MeetingStatus.CANCELLED:
        blocks.insert(1, Paragraph(t.gettext("This meeting was cancelled."), Tone.WARNING))
    elif minutes_are_a_template(c.meeting):  # exported too, not only marked in the window: a printout says it
        blocks.insert(0, Paragraph(t.gettext(TEMPLATE_MARK), Tone.WARNING))
    blocks += _corrigendum(c)
    for closing in _closing_sections():
        blocks += closing(c)
    blocks += _next_meeting(c)
    title, subtitle = _title(c, t.gettext("Minutes"))
    status, mark, digest = _status_line(c)
    if minutes_are_a_template(c.meeting) and c.meeting.status is not MeetingStatus.CANCELLED:
        status, mark = t.gettext(TEMPLATE_MARK), t.gettext("TEMPLATE")
    note = _footer_note(c)
    if digest:
        note += " · " + t.gettext("Checksum of the approved record: {checksum}").format(checksum=digest[:16])
    return c.document(title, subtitle, blocks, status=status, draft_mark=mark, footer_note=note)


def _papers(c: Context) -> dict[str, list[str]]:
    """The names of the papers that come with the agenda, by item id: only the papers of items this audience
    receives whole (``papers.papers_for`` asks the audience rule), so a restricted item's paper is never named
    to anyone outside its restriction."""
    from facilitator.papers import papers_for  # noqa: PLC0415 - papers reads the stored files, only for agendas

    by_item: dict[str, list[str]] = {}
    for entry in papers_for(c.store, agenda(c.store, c.meeting.id), c.audience):
        by_item.setdefault(entry.item.id, []).append(entry.paper.name)
    return by_item


def build_agenda(store: Store, meeting_id: str, audience: Audience, language: str) -> DocumentModel:
    """The agenda of a meeting for circulation before it: when, where, and each item the audience may see,
    with its presenter and the time allowed; then what the registers put before the meeting under each item
    (actions to review, notices, conflicts, escalations and answers), as ``carried`` gives it."""
    c = _context(store, meeting_id, audience, language, agenda=True)
    t = c.t
    rows = []
    papers = _papers(c)
    carried_blocks: list[Block] = []
    left_in_original = False
    for number, (item, seen) in enumerate(_visible_items(c), start=1):
        if seen is Visibility.PLACEHOLDER:
            rows.append((str(number), t.gettext("Confidential item"), "", ""))
            continue
        presenter = c.person(item.presenter_id) or c.partner_name(item.presenter_partner_id)
        c.figures.append(Figure(N_("minutes allowed for an item"), item.minutes_allowed, Measure.DURATION))
        minutes = t.ngettext("{n} minute", "{n} minutes", item.minutes_allowed).format(n=item.minutes_allowed)
        title, original = _title_in_language(c, item)
        if original:  # marked, and said once in the footer: an agenda keeps to one page in every language
            title, left_in_original = f"{title} *", True
        if item.id in papers:  # named in the item's own row: the agenda keeps to one page
            title = t.gettext("{item}; papers: {papers}").format(item=title, papers=", ".join(papers[item.id]))
        rows.append((str(number), title, presenter, minutes))
        if c.carried.under(item.id):
            shown = [block for section in _sections(item.kind) for block in section(c, item)]
            if shown:
                carried_blocks += [Heading(f"{number}. {_item_title(c, item)}", 3), *shown]
    blocks: list[Block] = [
        _when_and_where(c),
        Table(
            (t.gettext("No."), t.gettext("Item"), t.gettext("Presented by"), t.gettext("Time")),
            tuple(rows),
            (0.6, 7, 1.9, 1.4),  # presenters by short name, so that an item's title keeps to one line
            dense=True,
        ),
        *carried_blocks,
    ]
    members = [c.partner_name(line.partner_id) for line in roll(store, meeting_id) if line.partner_id]
    if (
        members and not audience.is_public
    ):  # with when and where: a usual weekly round's agenda keeps to one page
        invited = ", ".join(sorted(set(members), key=str.casefold))
        facts = blocks[0]
        assert isinstance(facts, Facts)
        blocks[0] = Facts((*facts.pairs, (t.gettext("Invited partners"), invited)))
    title, subtitle = _title(c, t.gettext("Agenda"))
    note = _footer_note(c) + (f" · * {c.original_marker()}" if left_in_original else "")
    return c.document(title, subtitle, blocks, status=t.gettext("Agenda for circulation"), footer_note=note)
