"""Services before intervention, in words: what an action waits for and where each stands, and the times it went
ahead before they were done, as the minutes, "what your agency promised", the register and its CSV print them.

One wording everywhere, in the window's language or a document's. What an audience may see of another action
is asked of ``facilitator.audience``: a prerequisite the audience may not see is counted, never named.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from facilitator.actions import Action, ActionOverride, overrides_of
from facilitator.audience import Audience, Visibility, in_sight, seen_by
from facilitator.i18n import Translator
from facilitator.meeting_ops import meetings_around
from facilitator.meetings import Meeting
from facilitator.store import Store


def prerequisite_parts(
    t: Translator, waited: Sequence[Action], audience: Audience | None = None
) -> list[str]:
    """Each prerequisite with its status (``Treatment places (Open)``); those ``audience`` may not see are
    counted in one part at the end, or left out altogether when it may not even know of them. ``audience``
    None: the window, which sees everything."""
    parts: list[str] = []
    seen, withheld = in_sight(waited, lambda a: Visibility.SHOW if audience is None else seen_by(audience, a))
    for action in seen:
        # Translators: document
        shown = t.gettext("{title} ({status})")
        parts.append(shown.format(title=action.title, status=action.status.label_in(t)))
    if withheld:
        parts.append(
            # Translators: document
            t.ngettext("{n} confidential action", "{n} confidential actions", withheld).format(
                n=t.format_number(withheld)
            )
        )
    return parts


def waits_for_line(t: Translator, waited: Sequence[Action], audience: Audience | None = None) -> str:
    """``Waits for: Treatment places (Open); Leaflet (Done)``, or empty when it waits for nothing shown."""
    parts = prerequisite_parts(t, waited, audience)
    # Translators: document
    return t.gettext("Waits for: {prerequisites}").format(prerequisites="; ".join(parts)) if parts else ""


def override_line(
    t: Translator, override: ActionOverride, actions: Mapping[str, Action], audience: Audience | None = None
) -> str:
    """One override in words: when the action was given which status before what it waited for was done, and
    the coordinator's reason."""
    waited = [actions[i] for i in override.waiting_for if i in actions]
    shown = "; ".join(prerequisite_parts(t, waited, audience))
    # Translators: document
    text = t.gettext(
        "Marked {status} on {date} before what it waits for was done ({prerequisites}). Reason: {reason}"
    )
    return text.format(
        status=override.status.label_in(t),
        date=t.format_date(override.on, "medium"),
        prerequisites=shown or "—",
        reason=override.reason,
    )


def by_id(store: Store, ids: Sequence[str]) -> dict[str, Action]:
    """The actions with these ids that exist."""
    found = {i: store.find(Action, i) for i in dict.fromkeys(ids)}
    return {i: a for i, a in found.items() if a is not None}


def action_lines(t: Translator, store: Store, action: Action, audience: Audience | None = None) -> list[str]:
    """What is printed beside an action wherever it appears: what it waits for, and every override of it."""
    overrides = overrides_of(store, action.id)
    known = by_id(store, [*action.waits_for, *(i for o in overrides for i in o.waiting_for)])
    lines = [waits_for_line(t, [known[i] for i in action.waits_for if i in known], audience)]
    lines += [override_line(t, o, known, audience) for o in overrides]
    return [line for line in lines if line]


def overrides_reported_at(store: Store, meeting: Meeting) -> list[ActionOverride]:
    """The overrides a meeting's minutes report: those decided at it, and those made between meetings for
    actions its forum follows up (after the forum's previous meeting, up to this one's day)."""
    made_here = store.where(ActionOverride, {"meeting_id": meeting.id})
    previous, _after = meetings_around(store, meeting)
    since = previous.starts_at.date() if previous is not None else None
    day = meeting.starts_at.date()
    between = []
    for override in store.all(ActionOverride):
        if override.meeting_id is not None or not (since is None or since < override.on) or override.on > day:
            continue
        action = store.find(Action, override.action_id)
        if action is not None and action.forum_id == meeting.forum_id:
            between.append(override)
    return sorted([*made_here, *between], key=lambda o: (o.on, o.created))
