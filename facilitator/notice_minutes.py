"""What notices of intended change print in minutes and agendas, as they stood at the meeting (what it carries,
from ``facilitator.carried``), with the answers given by then. Listed in ``facilitator.rules.ITEM_SECTIONS``;
the public never sees a notice, and restricted ones only the partners named."""

from __future__ import annotations

from facilitator.docmodel import Block, Paragraph, Table, Tone
from facilitator.meetings import AgendaItem
from facilitator.minutes import Context, none_recorded
from facilitator.notices import Notice, NoticeStatus, is_short_notice, responses


def notices_section(c: Context, item: AgendaItem) -> list[Block]:
    """Notices of intended change tabled at the meeting, with the answers given by then."""
    t = c.t
    blocks: list[Block] = []
    shown, withheld = c.tabled_here(
        c.carried.notices, item, lambda tabling: c.store.find(Notice, tabling.subject_id), c.sees
    )
    for tabling, notice in shown:
        when = t.format_date(notice.takes_effect_on, "long")
        head = t.gettext("{partner}: {title}, taking effect on {date}.").format(
            partner=c.partner_name(notice.partner_id), title=notice.title, date=when
        )
        short = is_short_notice(c.store, notice)
        blocks.append(Paragraph(head, Tone.WARNING if short else Tone.NORMAL, label=t.gettext("Notice:")))
        if short:
            blocks.append(Paragraph(t.gettext("This change was notified at short notice."), Tone.WARNING))
        answers = [r for r in responses(c.store, notice.id) if r.on <= c.meeting.starts_at.date()]
        if answers:
            rows = tuple((c.partner_name(r.partner_id), r.kind.label_in(t), r.text) for r in answers)
            blocks.append(
                Table((t.gettext("Partner"), t.gettext("Answer"), t.gettext("Comment")), rows, (3, 1.6, 4))
            )
        waiting = [p for p in notice.affected_partners if p not in {r.partner_id for r in answers}]
        if waiting:
            names = ", ".join(c.partner_name(p) for p in waiting)
            blocks.append(Paragraph(names, Tone.NOTE, label=t.gettext("No answer yet from:")))
        status = NoticeStatus(tabling.state_then).label_in(t)
        blocks.append(Paragraph(status, Tone.NOTE, label=t.gettext("Status:")))
    blocks += c.withheld(
        withheld,
        t.ngettext(
            "{n} confidential notice is to be tabled.", "{n} confidential notices are to be tabled.", withheld
        ),
        t.ngettext("{n} confidential notice was tabled.", "{n} confidential notices were tabled.", withheld),
    )
    if not blocks:
        blocks.append(none_recorded(c))
    return blocks
