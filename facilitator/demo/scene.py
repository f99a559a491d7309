"""What the demonstration partnership's meetings talk about, as ``stories/meetings.toml`` tells it.

Usual agendas, topics, notes, decisions and reasons, in the words such partnerships use; the shape of each entry
is declared here and ``facilitator.demo.meetings`` puts them on meetings.
"""

from __future__ import annotations

from typing import Any

from facilitator.demo import stories
from facilitator.frozen import frozen
from facilitator.meetings import Confidentiality, ItemKind

RESTRICTED = Confidentiality.RESTRICTED
DISCUSS = ItemKind.DISCUSSION


@frozen
class Topic:
    """An agenda item the demo puts on a meeting: what it is called, who presents it, what was said and decided.

    ``notes`` and ``decision`` may hold ``{n}`` and ``{m}``, filled with small numbers.
    """

    title: str
    kind: ItemKind
    minutes: int
    presenter: str  # partner key
    notes: tuple[str, ...] = ()
    decision: str = ""
    confidentiality: Confidentiality = Confidentiality.PARTNERS
    restricted_to: tuple[str, ...] = ()


@frozen
class ForumTalk:
    """One forum's meetings: its standing items around its usual ones, the topics a meeting draws from, and why
    a meeting was now and then cancelled."""

    opening: tuple[tuple[ItemKind, int], ...] = ()
    closing: tuple[tuple[ItemKind, int], ...] = ()
    usual: tuple[Topic, ...] = ()  # with the notes taken on each at held meetings
    topics: tuple[Topic, ...] = ()
    cancelled: tuple[str, ...] = ()


@frozen
class Scene:
    """Everything ``stories/meetings.toml`` holds."""

    forums: dict[str, ForumTalk]
    operation: Topic  # only the police and the municipality's public order service may see it
    christmas: str
    recess: str
    disagree: tuple[str, ...]
    block: tuple[str, ...]
    cannot_decide: str
    deferred: str  # with ``{decision}``
    guests: tuple[dict[str, Any], ...]  # the core's Attendance of a guest, made when the guest comes


SCENE = stories.load("meetings", Scene)
