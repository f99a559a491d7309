"""Migration 0011 on a file written by the version before it: quorum rules say every partner counts, decisions
have no moment, meetings start their calendar revisions where the calendars already are, and overrides of
prerequisites can be kept from then on. Read back through the app, and round-tripped through JSON."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import icalendar
import sqlite_utils

from facilitator.actions import Action, ActionStatus, overrides_of, set_status
from facilitator.document import build_document, load_document, parse_document
from facilitator.entities import Forum, Partner, QuorumRule, Sector
from facilitator.exports.ics import calendar_bytes
from facilitator.meeting_ops import move_meeting
from facilitator.meetings import AgendaItem, Decision, DecisionMethod, Meeting, MeetingStatus
from facilitator.quorum import meeting_standings
from facilitator.storage import open_partnership
from facilitator.storage.schema import known_migrations, migrations
from tests.storage.conftest import write_as_older_version

MIGRATION = "0011_decisions_and_overrides"


def _older_file(path: Path) -> dict[str, object]:
    """A file as the version before 0011 wrote it: only the columns its tables had, the quorum without the
    deciders-only flag."""
    db = sqlite_utils.Database(path)
    db.execute("PRAGMA journal_mode = wal")
    migrations.apply(db, stop_before=MIGRATION)
    forum = Forum(name="Station round", quorum=QuorumRule(2, frozenset({Sector.POLICE})))
    police = Partner(name="Police", sector=Sector.POLICE)
    planned = Meeting(forum_id=forum.id, starts_at=dt.datetime(2025, 6, 2, 10), timezone="Europe/London")
    cancelled = Meeting(
        forum_id=forum.id,
        starts_at=dt.datetime(2025, 6, 9, 10),
        timezone="Europe/London",
        status=MeetingStatus.CANCELLED,
        cancelled_reason="Bank holiday",
    )
    item = AgendaItem(meeting_id=planned.id, position=0, title="Bins")
    decision = Decision(item_id=item.id, text="Empty them twice a day", method=DecisionMethod.CONSENSUS)
    beds = Action(forum_id=forum.id, title="Find beds", owner_partner_id=police.id)
    raid = Action(
        forum_id=forum.id, title="Clear the underpass", owner_partner_id=police.id, waits_for=(beds.id,)
    )
    write_as_older_version(db, forum, quorum=json.dumps({"min_partners": 2, "required_sectors": ["police"]}))
    write_as_older_version(db, police, planned, cancelled, item, decision, beds, raid)
    assert "sequence" not in db.table("meetings").columns_dict
    assert "taken_at" not in db.table("decisions").columns_dict
    assert "action_overrides" not in db.table_names()
    db.conn.close()
    return {"forum": forum, "planned": planned, "cancelled": cancelled, "decision": decision, "raid": raid}


def test_an_older_file_is_migrated_and_means_what_it_meant(db_path: Path, tmp_path: Path) -> None:
    old = _older_file(db_path)
    forum, planned, cancelled = old["forum"], old["planned"], old["cancelled"]
    assert isinstance(forum, Forum) and isinstance(planned, Meeting) and isinstance(cancelled, Meeting)
    with open_partnership(db_path) as migrated:
        assert migrated.schema_version() == known_migrations()
        assert migrated.migrated_from is not None
        assert migrated.migrated_from.name.startswith(f"{db_path.stem}.before-{MIGRATION}.")
        # Every partner present still counts, as before.
        assert migrated.get(Forum, forum.id) == forum
        assert migrated.get(Forum, forum.id).quorum.deciders_only is False
        stored = migrated.db.execute("select quorum from forums").fetchone()[0]
        assert json.loads(stored) == {
            "min_partners": 2,
            "required_sectors": ["police"],
            "deciders_only": False,
        }
        _standings, quorum = meeting_standings(migrated, migrated.get(Meeting, planned.id))
        assert quorum.applies and not quorum.deciders_only
        # Decisions keep no moment: judged over the meeting, as they were.
        assert migrated.get(Decision, old["decision"].id).taken_at is None  # type: ignore[union-attr]
        # A cancellation was published with SEQUENCE:1; the meeting now counts on from there.
        assert migrated.get(Meeting, planned.id).sequence == 0
        assert migrated.get(Meeting, cancelled.id).sequence == 1
        (event,) = icalendar.Calendar.from_ical(
            calendar_bytes([migrated.get(Meeting, cancelled.id)], {forum.id: forum})
        ).walk("VEVENT")
        assert event.decoded("SEQUENCE") == 1
        move_meeting(migrated, planned.id, dt.datetime(2025, 6, 3, 10)).apply(migrated)
        assert migrated.get(Meeting, planned.id).sequence == 1
        # Overrides can be kept at once.
        raid = old["raid"]
        assert isinstance(raid, Action)
        set_status(
            migrated, [raid.id], ActionStatus.IN_PROGRESS, dt.date(2025, 6, 3), override_reason="Court order"
        ).edit.apply(migrated)
        assert [o.reason for o in overrides_of(migrated, raid.id)] == ["Court order"]
        assert migrated.integrity() == "ok"
        document = build_document(migrated)
    # Everything new goes through the JSON document and back into a new file.
    assert document["action_overrides"][0]["reason"] == "Court order"
    assert document["forums"][0]["quorum"]["deciders_only"] is False
    with open_partnership(tmp_path / "copy.sqlite") as copy:
        load_document(copy, parse_document(json.loads(json.dumps(document))))
        assert copy.get(Meeting, planned.id).sequence == 1
        assert [o.reason for o in overrides_of(copy, raid.id)] == ["Court order"]
