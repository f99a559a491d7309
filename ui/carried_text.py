"""What a meeting carries from the registers, in words: counted for a table cell or a Home line, and named for a
tooltip. What it carries is decided by ``facilitator.carried``; this only says it."""

from __future__ import annotations

from facilitator import i18n
from facilitator.actions import Action, ActionReview
from facilitator.carried import Carried
from facilitator.conflicts import Conflict
from facilitator.entities import Record
from facilitator.escalation import Direction, Escalation, EscalationReview
from facilitator.notices import Notice
from facilitator.store import Store
from facilitator.tablings import Tabling


def carried_texts(store: Store, found: Carried, item_id: str | None = None) -> tuple[str, str]:
    """What ``found`` carries (under one item, or in all), counted ("3 actions, 1 notice") and named, one per
    line; two empty texts when it carries nothing."""
    under: list[Record] = found.under(item_id) if item_id is not None else list(found.records)
    counts: list[str] = []
    names: list[str] = []
    reviews = [r for r in under if isinstance(r, ActionReview)]
    if reviews:
        counts.append(i18n.ngettext("{n} action", "{n} actions", len(reviews)).format(n=len(reviews)))
        names += [a.title for r in reviews if (a := store.find(Action, r.action_id)) is not None]
    escalations = [r for r in under if isinstance(r, EscalationReview)]
    incoming = [r for r in escalations if r.direction is Direction.INCOMING]
    answers = [r for r in escalations if r.direction is Direction.REPORT_BACK]
    if incoming:
        counts.append(i18n.ngettext("{n} escalation", "{n} escalations", len(incoming)).format(n=len(incoming)))
    if answers:
        counts.append(i18n.ngettext("{n} answer", "{n} answers", len(answers)).format(n=len(answers)))
    names += [e.subject_title for r in escalations if (e := store.find(Escalation, r.escalation_id)) is not None]
    tabled = [t for t in under if isinstance(t, Tabling)]
    conflicts = [t for t in tabled if t.subject_kind == "conflicts"]
    notices = [t for t in tabled if t.subject_kind == "notices"]
    if notices:
        counts.append(i18n.ngettext("{n} notice", "{n} notices", len(notices)).format(n=len(notices)))
        names += [n.title for t in notices if (n := store.find(Notice, t.subject_id)) is not None]
    if conflicts:
        counts.append(i18n.ngettext("{n} conflict", "{n} conflicts", len(conflicts)).format(n=len(conflicts)))
        names += [c.title for t in conflicts if (c := store.find(Conflict, t.subject_id)) is not None]
    return ", ".join(counts), "\n".join(f"• {name}" for name in names)
