"""Migration 0017 on a file written by the version before it: meetings gain who chaired and who took the minutes,
empty for every meeting held before, and the minutes of those meetings print neither line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import sqlite_utils

from facilitator.audience import Audience
from facilitator.docmodel import Facts
from facilitator.entities import Forum, Partner, Representative, Sector
from facilitator.meetings import Meeting
from facilitator.minutes import build_minutes
from facilitator.storage import open_partnership
from facilitator.storage.schema import known_migrations, migrations
from tests.storage.conftest import write_as_older_version

MIGRATION = "0017_minute_taker"


def test_it_comes_after_the_region_and_before_the_partnership_name() -> None:
    names = known_migrations()
    assert names.index("0015_partnership_region") < names.index(MIGRATION)
    assert names[names.index(MIGRATION) + 1] == "0018_partnership_name"


def test_an_older_file_gets_meetings_without_chair_or_minute_taker(db_path: Path) -> None:
    db = sqlite_utils.Database(db_path)
    migrations.apply(db, stop_before=MIGRATION)
    forum = Forum(name="Station round")
    police = Partner(name="Police", sector=Sector.POLICE)
    ana = Representative(name="Ana Alvarez", partner_id=police.id)
    meeting = Meeting(forum_id=forum.id, starts_at=dt.datetime(2025, 6, 2, 10), timezone="Europe/London")
    write_as_older_version(db, forum, police, ana, meeting)
    assert "chair_id" not in db.table("meetings").columns_dict
    db.conn.close()
    with open_partnership(db_path) as migrated:
        assert migrated.schema_version() == known_migrations()
        stored = migrated.get(Meeting, meeting.id)
        assert (stored.chair_id, stored.minute_taker_id) == (None, None)
        assert stored == meeting
        # A meeting not yet held: its minutes are a template for notes (marked first), then when and where.
        facts = next(
            b
            for b in build_minutes(migrated, meeting.id, Audience.full(), "en").blocks
            if isinstance(b, Facts)
        )
        assert [label for label, _value in facts.pairs] == ["Date", "Time", "Kind of meeting"]
