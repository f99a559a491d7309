"""Migration 0018 on a file written by the version before it: the partnership's profile gains a name, empty for a
profile saved before, which keeps its region; the guide then asks for the name."""

from __future__ import annotations

from pathlib import Path

import sqlite_utils

from facilitator.profile import Profile, partnership_profile
from facilitator.records import KIND_NAMES
from facilitator.setup import next_step
from facilitator.storage import open_partnership
from facilitator.storage.schema import known_migrations, migrations
from tests.storage.conftest import write_as_older_version

MIGRATION = "0018_partnership_name"


def test_it_is_last_and_comes_after_the_minute_taker() -> None:
    names = known_migrations()
    assert names[-1] == MIGRATION
    assert names.index("0017_minute_taker") < names.index(MIGRATION)


def test_an_older_profile_keeps_its_region_and_has_no_name_yet(db_path: Path) -> None:
    db = sqlite_utils.Database(db_path)
    migrations.apply(db, stop_before=MIGRATION)
    profile = Profile(region="GB")
    assert "name" not in db.table(KIND_NAMES[Profile]).columns_dict
    write_as_older_version(db, profile)
    db.conn.close()
    with open_partnership(db_path) as migrated:
        assert migrated.schema_version() == known_migrations()
        stored = partnership_profile(migrated)
        assert (stored.id, stored.region, stored.name) == (profile.id, "GB", "")
        assert next_step(migrated) == "profile"  # the guide asks the name of a partnership that has none
