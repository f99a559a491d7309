"""The command line's listing of records: ``meetings``, as a table in the reader's language or as JSON."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from facilitator.cli.options import Commands, command, forum_named, reading
from facilitator.i18n import _, current_language

if TYPE_CHECKING:
    from facilitator.entities import Forum
    from facilitator.i18n import Translator
    from facilitator.meetings import Meeting


def add_commands(commands: Commands) -> None:
    """``meetings``: the meetings of every forum, or of one."""
    listing = command(
        commands,
        "meetings",
        help=_("list the meetings of a partnership"),
        description=_("List the meetings of every forum, or of one, by date."),
        db=_("the partnership file to read"),
    )
    listing.add_argument("--forum", metavar=_("ID"), help=_("only the meetings of the forum with this id"))
    listing.add_argument(
        "--json", action="store_true", help=_("write a JSON array instead of a table (for other tools)")
    )
    listing.set_defaults(run=_meetings)


def _meetings(options: argparse.Namespace) -> int:
    from facilitator.entities import Forum
    from facilitator.meeting_ops import meetings_of
    from facilitator.profile import document_translator

    with reading(options.db) as partnership:
        if options.forum:
            forum_named(partnership, options.forum, options.db)
        found = meetings_of(partnership, options.forum)
        forums = {f.id: f for f in partnership.all(Forum, include_archived=True)}
        # Dates and times as the partnership writes them (its region: 07/12/2026 18:30 in London), as documents do.
        language = document_translator(partnership, current_language())
    if options.json:
        rows = [_meeting_json(m, forums.get(m.forum_id)) for m in found]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not found:
        print(_("There are no meetings."))
        return 0
    print(_table(found, forums, language))
    return 0


def _meeting_json(meeting: Meeting, forum: Forum | None) -> dict[str, object]:
    return {
        "id": meeting.id,
        "forum": meeting.forum_id,
        "forum_name": forum.name if forum else "",
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat(),
        "timezone": meeting.timezone,
        "duration_minutes": meeting.duration_minutes,
        "kind": meeting.kind.value,
        "status": meeting.status.value,
        "title": meeting.title,
        "venue": meeting.venue,
        "cancelled_reason": meeting.cancelled_reason,
    }


def _table(meetings: Sequence[Meeting], forums: dict[str, Forum], language: Translator) -> str:
    """Meetings as a plain text table, dates and times in the format of ``language`` (and its region)."""
    header = [_("Date"), _("Time"), _("Forum"), _("Kind"), _("Status"), _("Id")]
    rows = [
        [
            language.format_date(m.starts_at.date()),
            language.format_time(m.starts_at.time()),
            forums[m.forum_id].name if m.forum_id in forums else m.forum_id,
            m.kind.label,
            m.status.label,
            m.id,
        ]
        for m in meetings
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
