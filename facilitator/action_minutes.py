"""What actions and escalations print in minutes and agendas: new actions under the item they came from, the
review of actions as it stood at that meeting, the actions that went ahead before what they wait for was done,
and escalations received or reported back (what the meeting carries, from ``facilitator.carried``). Listed in
``facilitator.rules.ITEM_SECTIONS``; confidentiality is asked of ``facilitator.audience`` like everywhere else."""

from __future__ import annotations

import datetime as dt

from facilitator.actions import Action, ActionUpdate
from facilitator.audience import Confidential, Visibility, in_sight, seen_by
from facilitator.conflicts import Conflict
from facilitator.docmodel import Block, BulletList, Heading, Paragraph, Table, Tone
from facilitator.entities import Forum
from facilitator.escalation import Direction, Escalation
from facilitator.meeting_ops import agenda
from facilitator.meetings import AgendaItem
from facilitator.minutes import Context, none_recorded
from facilitator.prerequisites import by_id, override_line, overrides_reported_at, waits_for_line


def _owner(c: Context, action: Action) -> str:
    owner = c.partner_name(action.owner_partner_id)
    person = c.person(action.owner_person_id) if c.audience.names_people else ""
    return f"{owner} ({person})" if person and person != owner else owner


def _titled(c: Context, action: Action) -> str:
    """The action's title, with what it waits for and where each stands on a line below (services before
    intervention: the prerequisites are printed wherever the action is)."""
    known = by_id(c.store, action.waits_for)
    waits = waits_for_line(c.t, [known[i] for i in action.waits_for if i in known], c.audience)
    return f"{action.title}\n{waits}" if waits else action.title


def _due(c: Context, day: dt.date | None) -> str:
    return c.t.format_date(day, "medium") if isinstance(day, dt.date) else "—"


def _as_agreed(c: Context, actions: list[Action]) -> tuple[list[tuple[str, ...]], int]:
    """Rows (what and what it waits for, who, by when as agreed) of the ``actions`` the audience may see, and how
    many it may know exist without seeing them. A later change of due date does not rewrite these minutes."""
    shown, withheld = in_sight(actions, c.sees)
    return [(_titled(c, a), _owner(c, a), _due(c, a.agreed_due or a.due)) for a in shown], withheld


def _not_shown(c: Context, withheld: int) -> list[Block]:
    not_shown = c.t.ngettext(
        "{n} confidential action is not shown here.", "{n} confidential actions are not shown here.", withheld
    )
    return c.withheld(withheld, not_shown)


def new_actions(c: Context, item: AgendaItem) -> list[Block]:
    """Actions agreed on this item, as they were agreed."""
    t = c.t
    agreed = sorted(c.store.where(Action, {"origin_item_id": item.id}), key=lambda a: a.created)
    rows, withheld = _as_agreed(c, agreed)
    blocks: list[Block] = []
    if rows:
        blocks.append(
            Table((t.gettext("New action"), t.gettext("Who"), t.gettext("Due")), tuple(rows), (5, 3, 1.6))
        )
    return blocks + _not_shown(c, withheld)


def actions_agreed(c: Context) -> list[Block]:
    """The closing table of the minutes: every action agreed at the meeting (what, with what it waits for; who;
    by when, as agreed then), in the order of the items it came from. What the audience may not see is left out,
    and counted where the audience may know it exists (``audience.seen_by``, as everywhere)."""
    t = c.t
    order = {item.id: item.position for item in agenda(c.store, c.meeting.id)}
    agreed = sorted(
        c.store.where(Action, {"origin_meeting_id": c.meeting.id}),
        key=lambda a: (order.get(a.origin_item_id or "", len(order)), a.created, a.title.casefold()),
    )
    rows, withheld = _as_agreed(c, agreed)
    blocks: list[Block] = [Heading(t.gettext("Actions agreed"))]
    if rows:
        header = (t.gettext("What"), t.gettext("Who"), t.gettext("By when"))
        blocks.append(Table(header, tuple(rows), (5, 3, 1.6)))
    elif not withheld:
        blocks.append(none_recorded(c))
    return blocks + _not_shown(c, withheld)


def review_of_actions(c: Context, item: AgendaItem) -> list[Block]:
    """The actions tabled at this meeting as they stood then, with the update given at it (an agenda lists them
    without updates: none has been given yet)."""
    t = c.t
    updates = {u.action_id: u for u in c.store.where(ActionUpdate, {"meeting_id": c.meeting.id})}
    rows: list[tuple[str, ...]] = []
    shown, withheld = c.tabled_here(
        c.carried.actions, item, lambda review: c.store.find(Action, review.action_id), c.sees
    )
    for review, action in shown:
        update = updates.get(action.id)
        said = t.gettext("No update given.")
        if update is not None:
            parts = [update.note] if update.note else []
            if update.new_status is not None:
                parts.append(t.gettext("Now: {status}.").format(status=update.new_status.label_in(t)))
            if update.new_due is not None:
                parts.append(t.gettext("New due date: {date}.").format(date=_due(c, update.new_due)))
            said = " ".join(parts) or said
        status = review.status_then.label_in(t)
        if c.agenda:  # the status beside the title: four columns and an agenda on one page
            titled = _titled(c, action).split("\n", 1)
            titled[0] = t.gettext("{action} ({status})").format(action=titled[0], status=status)
            rows.append((_owner(c, action), "\n".join(titled), _due(c, review.due_then)))
            continue
        row = (_owner(c, action), _titled(c, action), status, _due(c, review.due_then), said)
        rows.append(row)
    blocks: list[Block] = []
    if rows:
        header: tuple[str, ...] = (t.gettext("Partner"), t.gettext("Action"), t.gettext("Due"))
        widths: tuple[float, ...] = (2.4, 5.8, 1.4)
        if not c.agenda:
            header = (*header[:2], t.gettext("Status"), header[2], t.gettext("Update"))
            widths = (2.4, 3.6, 1.4, 1.5, 4)
        blocks.append(Table(header, tuple(rows), widths, dense=c.agenda))
    elif not withheld:
        blocks.append(none_recorded(c))
    return blocks + c.withheld(
        withheld,
        t.ngettext(
            "{n} confidential action is to be reviewed.",
            "{n} confidential actions are to be reviewed.",
            withheld,
        ),
        t.ngettext(
            "{n} confidential action was reviewed.", "{n} confidential actions were reviewed.", withheld
        ),
    )


def action_overrides(c: Context, item: AgendaItem) -> list[Block]:
    """Under the review of actions: actions that went ahead before what they wait for was done, with the
    coordinator's reason, decided at this meeting or since the forum's previous one."""
    lines = []
    for override in overrides_reported_at(c.store, c.meeting):
        action = c.store.find(Action, override.action_id)
        if action is None or c.sees(action) is not Visibility.SHOW:
            continue
        known = by_id(c.store, override.waiting_for)
        lines.append(f"{action.title}: {override_line(c.t, override, known, c.audience)}")
    if not lines:
        return []
    heading = c.t.gettext("Went ahead before what they wait for was done:")
    return [Paragraph(heading, Tone.WARNING), BulletList(tuple(lines))]


def _subject_visibility(c: Context, escalation: Escalation) -> Visibility:
    """An escalation shows what its subject may show: the conflict, action or item's own confidentiality."""
    subject: Confidential | None
    if escalation.subject_kind == "conflicts":
        if not c.audience.sees_conflicts:
            return Visibility.OMIT
        subject = c.store.find(Conflict, escalation.subject_id)
    elif escalation.subject_kind == "actions":
        subject = c.store.find(Action, escalation.subject_id)
    else:
        subject = c.store.find(AgendaItem, escalation.subject_id)
    # A subject that cannot be found cannot be judged: nothing of it is printed.
    return seen_by(c.audience, subject) if subject is not None else Visibility.OMIT


def escalations_and_report_back(c: Context, item: AgendaItem) -> list[Block]:
    """Escalations received (until answered) and answers reported back, as they stood at this meeting."""
    t = c.t
    blocks: list[Block] = []
    shown, withheld = c.tabled_here(
        c.carried.escalations,
        item,
        lambda review: c.store.find(Escalation, review.escalation_id),
        lambda escalation: _subject_visibility(c, escalation),
    )
    for review, escalation in shown:
        if review.direction is Direction.INCOMING:
            label = t.gettext("Escalated from {forum}:").format(forum=_forum(c, escalation.from_forum_id))
            blocks.append(Paragraph(f"{escalation.subject_title}. {escalation.reason}", label=label))
            if escalation.answered_at_meeting_id == c.meeting.id and escalation.response:
                blocks.append(Paragraph(escalation.response, label=t.gettext("Answer:")))
        else:
            label = t.gettext("Answer from {forum}:").format(forum=_forum(c, escalation.to_forum_id))
            blocks.append(Paragraph(f"{escalation.subject_title}. {review.response_then}", label=label))
    not_shown = t.ngettext(
        "{n} confidential escalation is not shown here.",
        "{n} confidential escalations are not shown here.",
        withheld,
    )
    return blocks + c.withheld(withheld, not_shown)


def _forum(c: Context, forum_id: str) -> str:
    forum = c.store.find(Forum, forum_id)
    return forum.name if forum else ""
