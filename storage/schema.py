"""The database schema, created and evolved by numbered migrations (forward only, one transaction each)."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATION_SET = "facilitator"
#: SQLite's application_id for our files ("PFac"), so that we recognise a partnership file.
APPLICATION_ID = 0x50466163

migrations = Migrations(MIGRATION_SET)

_COMMON = {"id": str, "created": str, "updated": str, "archived": int}


@migrations(name="0001_standing_records")
def _standing_records(db: Database) -> None:
    db.table("forums").create(
        {
            **_COMMON,
            "name": str,
            "tier": str,
            "cadence": str,
            "usual_weekday": int,
            "usual_time": str,
            "usual_duration_minutes": int,
            "usual_venue": str,
            "quorum": str,  # JSON: {"min_partners": n, "required_sectors": [...]}
            "min_notice_days": int,
            "working_language": str,
            "other_languages": str,  # JSON list of language codes
        },
        pk="id",
        not_null={"name", "tier", "cadence", "created", "updated"},
    )
    db.table("partners").create(
        {**_COMMON, "name": str, "short_name": str, "sector": str, "contact": str, "language": str},
        pk="id",
        not_null={"name", "sector", "created", "updated"},
    )
    db.table("representatives").create(
        {
            **_COMMON,
            "name": str,
            "partner_id": str,
            "role": str,
            "seniority": str,
            "may_decide": int,
            "email": str,
            "phone": str,
            "preferred_language": str,
            "active_from": str,
            "active_to": str,
        },
        pk="id",
        not_null={"name", "partner_id", "created", "updated"},
        foreign_keys=[("partner_id", "partners", "id")],
    )
    db.table("memberships").create(
        {**_COMMON, "forum_id": str, "partner_id": str, "main_representative_id": str},
        pk="id",
        not_null={"forum_id", "partner_id", "created", "updated"},
        foreign_keys=[
            ("forum_id", "forums", "id"),
            ("partner_id", "partners", "id"),
            ("main_representative_id", "representatives", "id"),
        ],
    )
    db.table("membership_substitutes").create(
        {"membership_id": str, "representative_id": str, "position": int},
        pk=("membership_id", "representative_id"),
        foreign_keys=[
            ("membership_id", "memberships", "id"),
            ("representative_id", "representatives", "id"),
        ],
    )
    db.table("representatives").create_index(["partner_id"])
    db.table("memberships").create_index(["forum_id", "partner_id"], unique=True)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def known_migrations() -> list[str]:
    """The names of every migration this version of the app knows, in order."""
    return [m.name for m in migrations._migrations]
