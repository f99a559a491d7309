"""What conflicts print in minutes and agendas, as they stood at the meeting (what it carries, from
``facilitator.carried``). Listed in ``facilitator.rules.ITEM_SECTIONS``; the public never sees a conflict, and
restricted ones only their partners. Notices print from ``facilitator.notice_minutes``."""

from __future__ import annotations

from facilitator.conflicts import Conflict, ConflictStage, timeline
from facilitator.docmodel import Block, Paragraph, Tone
from facilitator.meetings import AgendaItem
from facilitator.minutes import Context, none_recorded


def conflicts_section(c: Context, item: AgendaItem) -> list[Block]:
    """Open conflicts tabled at the meeting and what was said about them there."""
    if not c.audience.sees_conflicts:
        return []
    t = c.t
    blocks: list[Block] = []
    shown, withheld = c.tabled_here(
        c.carried.conflicts, item, lambda tabling: c.store.find(Conflict, tabling.subject_id), c.sees
    )
    for tabling, conflict in shown:
        parties = ", ".join(c.partner_name(p) for p in conflict.partners_involved)
        stage = ConflictStage(tabling.state_then).label_in(t)
        head = t.gettext("{title} ({stage}; {category})").format(
            title=conflict.title, stage=stage, category=conflict.category.label_in(t)
        )
        blocks.append(Paragraph(head + (f" — {parties}" if parties else ""), label=t.gettext("Conflict:")))
        for step in timeline(c.store, conflict.id):
            if step.meeting_id == c.meeting.id:
                said = f"{step.stage.label_in(t)}. {step.note}".strip()
                blocks.append(Paragraph(said, Tone.NOTE))
    blocks += c.withheld(
        withheld,
        t.ngettext(
            "{n} confidential conflict is to be discussed.",
            "{n} confidential conflicts are to be discussed.",
            withheld,
        ),
        t.ngettext(
            "{n} confidential conflict was discussed.", "{n} confidential conflicts were discussed.", withheld
        ),
    )
    if not blocks:
        blocks.append(none_recorded(c))
    return blocks
