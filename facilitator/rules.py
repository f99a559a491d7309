"""Every rule that hooks into other operations, listed once: the guards every edit passes, what the registers put
before a meeting, what documents print under each kind of agenda item, and what a merge of copies checks.

Nothing registers itself by being imported: the operations that need a list import it from here (``Edit.apply``
the guards, ``carried`` the derivers, the minutes the sections), so a rule exists whether or not some other module
happened to be imported first. A new rule is added to its list here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from facilitator.actions import Action, ActionReview
from facilitator.actions import derive_reviews as derive_action_reviews
from facilitator.agenda_routing import Routing
from facilitator.approval import refuse_changes_to_approved_minutes
from facilitator.conflicts import derive_tablings
from facilitator.entities import Membership, Record, Representative
from facilitator.escalation import Escalation, EscalationReview
from facilitator.escalation import derive_reviews as derive_escalation_reviews
from facilitator.frozen import frozen
from facilitator.meeting_ops import Step
from facilitator.meetings import ItemKind, Meeting, Position
from facilitator.notices import mark_notices_tabled
from facilitator.operations import EditGuard
from facilitator.profile import Profile
from facilitator.store import Store
from facilitator.tablings import Tabling

if TYPE_CHECKING:
    from facilitator import merging
    from facilitator.minutes import ClosingBuilder, SectionBuilder

#: Checks every edit passes before it is written or undone; the first that refuses raises its ``KnownError``.
#: Built when first asked for (``__getattr__``), as the lists further down: the street figures' rules load with
#: the first edit, not with Home, which only reads.
EDIT_GUARDS: tuple[EditGuard, ...]


@frozen
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

# The lists below need the documents' sections or the merge's rules, which import the document model and the
# street figures: each group is built when first asked for (``__getattr__``), so that what only reads (Home, the
# derivers above) does not load the documents, and a document does not load the merge.

#: What the minutes print under an item of each kind, after its notes and before its decision: what the registers
#: carry, the new actions, then the street figures entered under the item.
ITEM_SECTIONS: Mapping[ItemKind, tuple[SectionBuilder, ...]]

#: What the minutes print after the items and any corrigendum, before the next meeting: the actions agreed.
CLOSING_SECTIONS: tuple[ClosingBuilder, ...]

#: Rules a record must keep with the records around it, by kind: each is called with the store as it holds the
#: record, the record before a change and after it, and refuses with ``KnownError``. The operations apply these
#: rules as the edit is made; a merge of copies (``merging.check_record``) and ``apply`` check every record they
#: write against them, and a merged change that breaks one gives way.
RECORD_RULES: Mapping[type[Record], tuple[merging.RecordRule, ...]]

#: Records that cannot stand together, by kind: given the store and a record, the records holding its place. When a
#: merge brings such records together (two laptops entered readings of a figure counting the same day), the one
#: made first keeps the place and the others give way, whichever laptop merges; the unique places of the tables
#: (one seat per partner on a forum, one reading of a figure per meeting) follow the same rule.
PLACE_RIVALS: Mapping[type[Record], merging.Rivals]

#: Changes that freeze other records (approving minutes freezes them and their meeting's record): in a merge the
#: values written with such a change stand over concurrent edits (``merging.standing``).
LOCKS: tuple[merging.Lock, ...]


def _documents() -> dict[str, object]:
    """The documents' lists above, built."""
    from facilitator import (  # noqa: PLC0415 - see above
        action_minutes,
        conflict_minutes,
        figure_minutes,
        notice_minutes,
    )

    first: dict[ItemKind, tuple[SectionBuilder, ...]] = {
        ItemKind.REVIEW_OF_ACTIONS: (action_minutes.review_of_actions, action_minutes.action_overrides),
        ItemKind.REPORT_BACK: (action_minutes.escalations_and_report_back,),
        ItemKind.CONFLICT: (conflict_minutes.conflicts_section,),
        ItemKind.NOTICE: (notice_minutes.notices_section,),
    }
    return {
        "ITEM_SECTIONS": {
            kind: (*first.get(kind, ()), action_minutes.new_actions, figure_minutes.figures_in_minutes)
            for kind in ItemKind
        },
        "CLOSING_SECTIONS": (action_minutes.actions_agreed,),
    }


def _merges() -> dict[str, object]:
    """The merge's lists above, built (a document does not need them)."""
    from facilitator import merging  # noqa: PLC0415 - see above
    from facilitator.figures import FigureReading  # noqa: PLC0415

    return {
        "RECORD_RULES": {
            Action: (merging.no_cycle, merging.prerequisites_done_or_overridden),
            Membership: (merging.one_seat,),
            Representative: (merging.has_partner,),
            Position: (merging.position_held,),
            Escalation: (merging.escalation_goes_up,),
            FigureReading: (merging.reading_fits,),
        },
        "PLACE_RIVALS": {FigureReading: merging.overlapping_readings},
        "LOCKS": (merging.approval_locks,),
    }


def _guards() -> tuple[EditGuard, ...]:
    from facilitator.figure_ops import guard_figures  # noqa: PLC0415 - see EDIT_GUARDS

    return (refuse_changes_to_approved_minutes, guard_figures)


def __getattr__(name: str) -> object:
    if name == "EDIT_GUARDS":
        globals()[name] = _guards()  # built once: later reads find it in the module
        return globals()[name]
    if name in ("ITEM_SECTIONS", "CLOSING_SECTIONS"):
        globals().update(_documents())  # built once: later reads find them in the module
        return globals()[name]
    if name in ("RECORD_RULES", "PLACE_RIVALS", "LOCKS"):
        globals().update(_merges())
        return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: Kinds a partnership holds one record of: if two laptops each made one, the one made first stays.
ONE_PER_PARTNERSHIP: tuple[type[Record], ...] = (Profile,)
