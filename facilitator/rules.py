"""Every rule that hooks into other operations, listed once: the guards every edit passes, what the registers put
before a meeting, what documents print under each kind of agenda item, and what a merge of copies checks.

Nothing registers itself by being imported: the operations that need a list import it from here (``Edit.apply``
the guards, ``carried`` the derivers, the minutes the sections), so a rule exists whether or not some other module
happened to be imported first. A new rule is added to its list here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from facilitator import action_minutes, conflict_minutes, merging, notice_minutes, street_report
from facilitator.actions import Action, ActionReview
from facilitator.actions import derive_reviews as derive_action_reviews
from facilitator.agenda_routing import Routing
from facilitator.approval import refuse_changes_to_approved_minutes
from facilitator.conflicts import derive_tablings
from facilitator.entities import Membership, Record, Representative
from facilitator.escalation import Escalation, EscalationReview
from facilitator.escalation import derive_reviews as derive_escalation_reviews
from facilitator.figure_ops import guard_figures
from facilitator.figures import FigureReading
from facilitator.meeting_ops import Step
from facilitator.meetings import ItemKind, Meeting, Position
from facilitator.minutes import ClosingBuilder, SectionBuilder
from facilitator.notices import mark_notices_tabled
from facilitator.operations import EditGuard
from facilitator.profile import Profile
from facilitator.store import Store
from facilitator.tablings import Tabling

#: Checks every edit passes before it is written or undone; the first that refuses raises its ``KnownError``.
EDIT_GUARDS: tuple[EditGuard, ...] = (refuse_changes_to_approved_minutes, guard_figures)


@dataclass(frozen=True)
class AgendaDeriver:
    """What one register puts before a meeting: derived while the meeting has not started, written as records of
    ``kind`` (each with ``meeting_id``, ``item_id`` and ``position``) when it starts."""

    kind: type[Record]
    derive: Callable[[Routing, Meeting], Sequence[Record]]


#: What the registers put before a meeting, in the order ``carried`` lists it.
AGENDA_DERIVERS: tuple[AgendaDeriver, ...] = (
    AgendaDeriver(ActionReview, derive_action_reviews),
    AgendaDeriver(EscalationReview, derive_escalation_reviews),
    AgendaDeriver(Tabling, derive_tablings),
)

#: What else changes when a meeting starts and what it carries is written: each gets the store and the records
#: written, and returns steps to add to the start.
WHEN_FIXED: tuple[Callable[[Store, list[Record]], list[Step]], ...] = (mark_notices_tabled,)

#: What the minutes print under an item of each kind, after its notes and before its decision: what the registers
#: carry, the new actions, then the street figures entered under the item.
_FIRST: dict[ItemKind, tuple[SectionBuilder, ...]] = {
    ItemKind.REVIEW_OF_ACTIONS: (action_minutes.review_of_actions, action_minutes.action_overrides),
    ItemKind.REPORT_BACK: (action_minutes.escalations_and_report_back,),
    ItemKind.CONFLICT: (conflict_minutes.conflicts_section,),
    ItemKind.NOTICE: (notice_minutes.notices_section,),
}
ITEM_SECTIONS: Mapping[ItemKind, tuple[SectionBuilder, ...]] = {
    kind: (*_FIRST.get(kind, ()), action_minutes.new_actions, street_report.figures_in_minutes)
    for kind in ItemKind
}

#: What the minutes print after the items and any corrigendum, before the next meeting: the actions agreed.
CLOSING_SECTIONS: tuple[ClosingBuilder, ...] = (action_minutes.actions_agreed,)

#: Rules a record must keep with the records around it, by kind: each is called with the store as it holds the
#: record, the record before a change and after it, and refuses with ``KnownError``. The operations apply these
#: rules as the edit is made; a merge of copies (``merging.check_record``) and ``apply`` check every record they
#: write against them, and a merged change that breaks one gives way.
RECORD_RULES: Mapping[type[Record], tuple[merging.RecordRule, ...]] = {
    Action: (merging.no_cycle, merging.prerequisites_done_or_overridden),
    Membership: (merging.one_seat,),
    Representative: (merging.has_partner,),
    Position: (merging.position_held,),
    Escalation: (merging.escalation_goes_up,),
    FigureReading: (merging.reading_fits,),
}

#: Records that cannot stand together, by kind: given the store and a record, the records holding its place. When a
#: merge brings such records together (two laptops entered readings of a figure counting the same day), the one
#: made first keeps the place and the others give way, whichever laptop merges; the unique places of the tables
#: (one seat per partner on a forum, one reading of a figure per meeting) follow the same rule.
PLACE_RIVALS: Mapping[type[Record], merging.Rivals] = {FigureReading: merging.overlapping_readings}

#: Changes that freeze other records (approving minutes freezes them and their meeting's record): in a merge the
#: values written with such a change stand over concurrent edits (``merging.standing``).
LOCKS: tuple[merging.Lock, ...] = (merging.approval_locks,)

#: Kinds a partnership holds one record of: if two laptops each made one, the one made first stays.
ONE_PER_PARTNERSHIP: tuple[type[Record], ...] = (Profile,)
