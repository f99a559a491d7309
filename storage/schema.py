"""The database schema, created and evolved by numbered migrations (forward only, one transaction each).

The migrations are sqlite-utils' (``migrations``, a ``sqlite_utils.Migrations``), made when first asked for:
their names (``known_migrations``) are known without loading sqlite-utils, so that reading a file
(``storage/reading.py``) does not load it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from facilitator import clock

if TYPE_CHECKING:
    from sqlite_utils import Database, Migrations

    migrations: Migrations  # made at its first use, by the module's ``__getattr__`` below

MIGRATION_SET = "facilitator"
#: SQLite's application_id for our files ("PFac"), so that we recognise a partnership file.
APPLICATION_ID = 0x50466163

#: Every migration, in order: its name and what it does.
_STEPS: list[tuple[str, Callable[[Database], None]]] = []


def _migration(name: str) -> Callable[[Callable[[Database], None]], Callable[[Database], None]]:
    """Declare the migration ``name`` (in the order of this file)."""

    def declare(step: Callable[[Database], None]) -> Callable[[Database], None]:
        _STEPS.append((name, step))
        return step

    return declare


@functools.cache
def _migrations() -> Migrations:
    from sqlite_utils import Migrations  # noqa: PLC0415 - only where a file is written

    made = Migrations(MIGRATION_SET)
    for name, step in _STEPS:
        made(name=name)(step)
    return made


def __getattr__(name: str) -> Migrations:
    """``migrations``: sqlite-utils' migrations of every step of this file, made at the first use."""
    if name == "migrations":
        return _migrations()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

_COMMON = {"id": str, "created": str, "updated": str, "archived": int}


@_migration(name="0001_standing_records")
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
    return [name for name, _step in _STEPS]


@_migration(name="0002_meetings")
def _meetings(db: Database) -> None:
    db.table("usual_items").create(
        {
            **_COMMON,
            "forum_id": str,
            "position": int,
            "title": str,
            "kind": str,
            "minutes_allowed": int,
            "presenter_partner_id": str,
            "confidentiality": str,
            "restricted_to": str,  # JSON list of partner ids
        },
        pk="id",
        not_null={"forum_id", "position", "kind", "confidentiality", "created", "updated"},
        foreign_keys=[("forum_id", "forums", "id"), ("presenter_partner_id", "partners", "id")],
    )
    db.table("meetings").create(
        {
            **_COMMON,
            "forum_id": str,
            "starts_at": str,  # local wall time, ISO, no zone
            "timezone": str,  # IANA zone of starts_at
            "duration_minutes": int,
            "venue": str,
            "kind": str,
            "status": str,
            "title": str,
            "cancelled_reason": str,
            "started_at": str,  # UTC instants of the live clock
            "ended_at": str,
        },
        pk="id",
        not_null={"forum_id", "starts_at", "timezone", "kind", "status", "created", "updated"},
        foreign_keys=[("forum_id", "forums", "id")],
    )
    db.table("agenda_items").create(
        {
            **_COMMON,
            "meeting_id": str,
            "position": int,
            "title": str,
            "kind": str,
            "minutes_allowed": int,
            "presenter_partner_id": str,
            "presenter_id": str,
            "confidentiality": str,
            "restricted_to": str,
            "notes": str,
            "started_at": str,
            "ended_at": str,
        },
        pk="id",
        not_null={"meeting_id", "position", "kind", "confidentiality", "created", "updated"},
        foreign_keys=[
            ("meeting_id", "meetings", "id"),
            ("presenter_partner_id", "partners", "id"),
            ("presenter_id", "representatives", "id"),
        ],
    )
    db.table("attendance").create(
        {
            **_COMMON,
            "meeting_id": str,
            "partner_id": str,
            "representative_id": str,
            "guest_name": str,
            "guest_organisation": str,
            "role": str,
            "presence": str,
            "substitute_for_id": str,
            "arrived_at": str,
            "left_at": str,
        },
        pk="id",
        not_null={"meeting_id", "role", "presence", "created", "updated"},
        foreign_keys=[
            ("meeting_id", "meetings", "id"),
            ("partner_id", "partners", "id"),
            ("representative_id", "representatives", "id"),
            ("substitute_for_id", "representatives", "id"),
        ],
    )
    db.table("decisions").create(
        {**_COMMON, "item_id": str, "text": str, "method": str},
        pk="id",
        not_null={"item_id", "method", "created", "updated"},
        foreign_keys=[("item_id", "agenda_items", "id")],
    )
    db.table("positions").create(
        {**_COMMON, "decision_id": str, "partner_id": str, "stance": str, "reason": str},
        pk="id",
        not_null={"decision_id", "partner_id", "stance", "created", "updated"},
        foreign_keys=[("decision_id", "decisions", "id"), ("partner_id", "partners", "id")],
    )
    db.table("speaker_turns").create(
        {**_COMMON, "item_id": str, "partner_id": str, "requested_at": str, "spoke_at": str},
        pk="id",
        not_null={"item_id", "partner_id", "requested_at", "created", "updated"},
        foreign_keys=[("item_id", "agenda_items", "id"), ("partner_id", "partners", "id")],
    )
    db.table("usual_items").create_index(["forum_id"])
    db.table("meetings").create_index(["forum_id", "starts_at"])
    db.table("agenda_items").create_index(["meeting_id"])
    db.table("attendance").create_index(["meeting_id"])
    db.table("decisions").create_index(["item_id"], unique=True)
    db.table("positions").create_index(["decision_id", "partner_id"], unique=True)
    db.table("speaker_turns").create_index(["item_id"])


@_migration(name="0003_minutes_approval")
def _minutes_approval(db: Database) -> None:
    db.table("minutes_records").create(
        {
            **_COMMON,
            "meeting_id": str,
            "status": str,
            "circulated_on": str,
            "circulated_to": str,  # JSON list of partner ids
            "circulated_record": str,  # the meeting's record as circulated, canonical JSON
            "approved_on": str,
            "approved_at_meeting_id": str,
            "checksum": str,
        },
        pk="id",
        not_null={"meeting_id", "status", "created", "updated"},
        foreign_keys=[("meeting_id", "meetings", "id"), ("approved_at_meeting_id", "meetings", "id")],
    )
    db.table("minutes_records").create_index(["meeting_id"], unique=True)
    db.table("corrections").create(
        {
            **_COMMON,
            "meeting_id": str,
            "text": str,
            "recorded_on": str,
            "recorded_at_meeting_id": str,
            "confidentiality": str,
            "restricted_to": str,  # JSON list of partner ids
        },
        pk="id",
        not_null={"meeting_id", "text", "recorded_on", "created", "updated"},
        foreign_keys=[("meeting_id", "meetings", "id"), ("recorded_at_meeting_id", "meetings", "id")],
    )
    db.table("corrections").create_index(["meeting_id"])


@_migration(name="0004_content_translations")
def _content_translations(db: Database) -> None:
    db.table("content_translations").create(
        {
            **_COMMON,
            "record_kind": str,
            "record_id": str,
            "field": str,
            "language": str,
            "text": str,
            "reviewed": int,
            "source_hash": str,  # fingerprint of the source text when it was translated
        },
        pk="id",
        not_null={"record_kind", "record_id", "field", "language", "created", "updated"},
    )
    db.table("content_translations").create_index(["record_id", "field", "language"], unique=True)


@_migration(name="0005_actions_and_escalations")
def _actions_and_escalations(db: Database) -> None:
    db.table("actions").create(
        {
            **_COMMON,
            "forum_id": str,
            "title": str,
            "details": str,
            "owner_partner_id": str,
            "owner_person_id": str,
            "due": str,
            "status": str,
            "confidentiality": str,
            "restricted_to": str,  # JSON list of partner ids
            "origin_meeting_id": str,
            "origin_item_id": str,
            "waits_for": str,  # JSON list of action ids
            "completed_on": str,
            "public_text": str,
            "agreed_due": str,  # the due date when agreed, as the minutes of that meeting print it
        },
        pk="id",
        not_null={"forum_id", "title", "owner_partner_id", "status", "confidentiality", "created", "updated"},
        foreign_keys=[
            ("forum_id", "forums", "id"),
            ("owner_partner_id", "partners", "id"),
            ("owner_person_id", "representatives", "id"),
            ("origin_meeting_id", "meetings", "id"),
            ("origin_item_id", "agenda_items", "id"),
        ],
    )
    db.table("action_reviews").create(
        {
            **_COMMON,
            "meeting_id": str,
            "item_id": str,
            "action_id": str,
            "position": int,
            "status_then": str,
            "due_then": str,
        },
        pk="id",
        not_null={"meeting_id", "item_id", "action_id", "status_then", "created", "updated"},
        foreign_keys=[
            ("meeting_id", "meetings", "id"),
            ("item_id", "agenda_items", "id"),
            ("action_id", "actions", "id"),
        ],
    )
    db.table("action_updates").create(
        {**_COMMON, "action_id": str, "meeting_id": str, "note": str, "new_status": str, "new_due": str},
        pk="id",
        not_null={"action_id", "meeting_id", "created", "updated"},
        foreign_keys=[("action_id", "actions", "id"), ("meeting_id", "meetings", "id")],
    )
    db.table("escalations").create(
        {
            **_COMMON,
            "subject_kind": str,
            "subject_id": str,
            "subject_title": str,
            "from_forum_id": str,
            "to_forum_id": str,
            "reason": str,
            "raised_on": str,
            "raised_at_meeting_id": str,
            "status": str,
            "response": str,
            "answered_on": str,
            "answered_at_meeting_id": str,
        },
        pk="id",
        not_null={
            "subject_kind",
            "subject_id",
            "from_forum_id",
            "to_forum_id",
            "raised_on",
            "status",
            "created",
            "updated",
        },
        foreign_keys=[
            ("from_forum_id", "forums", "id"),
            ("to_forum_id", "forums", "id"),
            ("raised_at_meeting_id", "meetings", "id"),
            ("answered_at_meeting_id", "meetings", "id"),
        ],
    )
    db.table("escalation_reviews").create(
        {
            **_COMMON,
            "meeting_id": str,
            "item_id": str,
            "escalation_id": str,
            "direction": str,
            "status_then": str,
            "response_then": str,
        },
        pk="id",
        not_null={"meeting_id", "item_id", "escalation_id", "direction", "status_then", "created", "updated"},
        foreign_keys=[
            ("meeting_id", "meetings", "id"),
            ("item_id", "agenda_items", "id"),
            ("escalation_id", "escalations", "id"),
        ],
    )
    db.table("actions").create_index(["forum_id", "status"])
    db.table("actions").create_index(["owner_partner_id"])
    db.table("action_reviews").create_index(["meeting_id"])
    db.table("action_reviews").create_index(["action_id"])
    db.table("action_updates").create_index(["action_id"])
    db.table("action_updates").create_index(["meeting_id"])
    db.table("escalations").create_index(["to_forum_id"])
    db.table("escalations").create_index(["from_forum_id"])
    db.table("escalation_reviews").create_index(["meeting_id"])
    db.table("escalation_reviews").create_index(["escalation_id"])


@_migration(name="0006_conflicts_and_notices")
def _conflicts_and_notices(db: Database) -> None:
    db.table("conflicts").create(
        {
            **_COMMON,
            "forum_id": str,
            "title": str,
            "description": str,
            "raised_on": str,
            "raised_by_partner_id": str,
            "partners_involved": str,  # JSON list of partner ids
            "category": str,
            "severity": str,
            "confidentiality": str,
            "restricted_to": str,
            "review_on": str,
            "stage": str,
            "mediator": str,
            "resolution": str,
            "lessons": str,
        },
        pk="id",
        not_null={"forum_id", "title", "raised_on", "raised_by_partner_id", "stage", "created", "updated"},
        foreign_keys=[("forum_id", "forums", "id"), ("raised_by_partner_id", "partners", "id")],
    )
    db.table("conflict_steps").create(
        {**_COMMON, "conflict_id": str, "on": str, "stage": str, "note": str, "meeting_id": str},
        pk="id",
        not_null={"conflict_id", "on", "stage", "created", "updated"},
        foreign_keys=[("conflict_id", "conflicts", "id"), ("meeting_id", "meetings", "id")],
    )
    db.table("notices").create(
        {
            **_COMMON,
            "partner_id": str,
            "title": str,
            "description": str,
            "reason": str,
            "given_on": str,
            "takes_effect_on": str,
            "affected_partners": str,  # JSON lists of ids
            "affected_forums": str,
            "confidentiality": str,
            "restricted_to": str,
            "status": str,
            "outcome": str,
        },
        pk="id",
        not_null={"partner_id", "title", "given_on", "takes_effect_on", "status", "created", "updated"},
        foreign_keys=[("partner_id", "partners", "id")],
    )
    db.table("notice_responses").create(
        {**_COMMON, "notice_id": str, "partner_id": str, "kind": str, "text": str, "on": str},
        pk="id",
        not_null={"notice_id", "partner_id", "kind", "on", "created", "updated"},
        foreign_keys=[("notice_id", "notices", "id"), ("partner_id", "partners", "id")],
    )
    db.table("tablings").create(
        {
            **_COMMON,
            "meeting_id": str,
            "item_id": str,
            "subject_kind": str,
            "subject_id": str,
            "state_then": str,
        },
        pk="id",
        not_null={"meeting_id", "item_id", "subject_kind", "subject_id", "created", "updated"},
        foreign_keys=[("meeting_id", "meetings", "id"), ("item_id", "agenda_items", "id")],
    )
    db.table("conflicts").create_index(["forum_id"])
    db.table("conflict_steps").create_index(["conflict_id"])
    db.table("notice_responses").create_index(["notice_id", "partner_id"], unique=True)
    db.table("tablings").create_index(["meeting_id"])


@_migration(name="0007_forum_conflict_procedure")
def _forum_conflict_procedure(db: Database) -> None:
    db.table("forums").add_column("conflict_procedure", str, not_null_default="")


@_migration(name="0008_partnership_identity_and_audit")
def _partnership_identity_and_audit(db: Database) -> None:
    # One row naming this partnership, so that a backup of another partnership is recognised before restoring.
    import uuid  # noqa: PLC0415

    db.table("partnership").create({"id": str, "created": str}, pk="id", not_null={"created"})
    db.table("partnership").insert(
        {"id": str(uuid.uuid4()), "created": clock.now().isoformat(timespec="seconds")}
    )
    # Every change to a record, written in the same transaction as the change (storage/audit.py).
    db.table("audit").create(
        {
            "seq": int,
            "at": str,  # UTC instant, ISO
            "coordinator": str,  # the coordinator's name from the settings
            "user": str,  # the system user
            "kind": str,  # the record's table
            "record_id": str,
            "field": str,  # "" for the whole record (created or removed)
            "old": str,  # JSON text of the old value, NULL when created
            "new": str,  # JSON text of the new value, NULL when removed
        },
        pk="seq",
        not_null={"at", "kind", "record_id", "field"},
    )
    db.table("audit").create_index(["kind", "record_id"])


@_migration(name="0009_leaflets")
def _leaflets(db: Database) -> None:
    db.table("leaflets").create(
        {
            **_COMMON,
            "meeting_id": str,
            "headline": str,
            "venue_address": str,
            "step_free_access": int,
            "hearing_loop": int,
            "childcare": int,
            "interpreters": int,
            "accessibility_note": str,
            "concern": str,
            "contacts": str,
            "data_protection": str,
            "logo_paths": str,  # JSON list of image file paths
            "left_out_item_ids": str,  # JSON list of agenda item ids kept off the topics
        },
        pk="id",
        not_null={"meeting_id", "created", "updated"},
        foreign_keys=[("meeting_id", "meetings", "id")],
    )
    db.table("leaflets").create_index(["meeting_id"], unique=True)


@_migration(name="0010_weekly_cycle")
def _weekly_cycle(db: Database) -> None:
    # What a started meeting tabled keeps its order; approved minutes keep a snapshot of what they print.
    db.table("escalation_reviews").add_column("position", int, not_null_default=0)
    db.table("tablings").add_column("position", int, not_null_default=0)
    db.table("minutes_records").add_column("approved_record", str, not_null_default="")
    # Forums get their standing items; planned meetings drop the copies made when they were planned
    # (facilitator/upgrade.py says exactly what changes, for files and older JSON documents alike).
    from facilitator.storage.database import upgrade_rows  # noqa: PLC0415 - the database module imports this one
    from facilitator.upgrade import KINDS_UPGRADED, upgrade_records  # noqa: PLC0415

    upgrade_rows(db, KINDS_UPGRADED, upgrade_records)


@_migration(name="0011_decisions_and_overrides")
def _decisions_and_overrides(db: Database) -> None:
    # When a decision was taken (UTC instant of the live clock): quorum and positions are judged at it.
    db.table("decisions").add_column("taken_at", str)
    # The calendar revision (iCalendar SEQUENCE). A cancellation was already published with SEQUENCE:1.
    db.table("meetings").add_column("sequence", int, not_null_default=0)
    db.execute("update meetings set sequence = 1 where status = 'cancelled'")
    # The forum a forum escalates to, when not simply the tier above (checked by the core, like other links).
    db.table("forums").add_column("escalates_to_id", str)
    # A quorum rule may count only partners represented by someone who can decide; files made before say so.
    db.execute(
        "update forums set quorum = json_set(quorum, '$.deciders_only', json('false')) "
        "where quorum is not null and quorum != '' and json_valid(quorum)"
    )
    # An action set in progress or done before what it waits for was done, with the coordinator's reason.
    db.table("action_overrides").create(
        {
            **_COMMON,
            "action_id": str,
            "on": str,
            "status": str,
            "reason": str,
            "waiting_for": str,  # JSON list of action ids
            "meeting_id": str,
        },
        pk="id",
        not_null={"action_id", "on", "status", "reason", "created", "updated"},
        foreign_keys=[("action_id", "actions", "id"), ("meeting_id", "meetings", "id")],
    )
    db.table("action_overrides").create_index(["action_id"])
    db.table("action_overrides").create_index(["meeting_id"])


@_migration(name="0012_stored_files")
def _stored_files(db: Database) -> None:
    # Files kept inside the partnership file (a leaflet's logos; later an agenda's papers), so that no document
    # ever reads a path named in the data (facilitator/stored_files.py).
    db.table("stored_files").create(
        {**_COMMON, "name": str, "media_type": str, "content": bytes, "sha256": str},
        pk="id",
        not_null={"name", "media_type", "content", "sha256", "created", "updated"},
    )
    db.table("leaflets").add_column("logo_ids", str, not_null_default="[]")  # JSON list of stored file ids
    # Logos used to be named by paths on the laptop. The upgrade does not follow them (a path in the data is
    # never read); they are kept here, out of every document, so that the window can offer to add them again.
    db.table("leaflet_logo_paths_before_upgrade").create(
        {"leaflet_id": str, "position": int, "path": str},
        pk=("leaflet_id", "position"),
    )
    for leaflet_id, paths in db.execute("select id, logo_paths from leaflets").fetchall():
        try:
            named = json.loads(paths) if paths else []
        except ValueError:
            named = []
        db.table("leaflet_logo_paths_before_upgrade").insert_all(
            {"leaflet_id": leaflet_id, "position": i, "path": str(p)} for i, p in enumerate(named)
        )
    db.table("leaflets").transform(drop={"logo_paths"})


@_migration(name="0013_street_figures")
def _street_figures(db: Database) -> None:
    # What each forum counts about the street, what was reported, and the targets agreed (facilitator/figures.py).
    db.table("tracked_figures").create(
        {
            **_COMMON,
            "forum_id": str,
            "partner_id": str,  # the partner that reports it
            "position": int,
            "common": str,  # key of a common figure, or "" for the forum's own
            "name": str,
            "unit": str,
            "counts": str,
            "source": str,
            "frequency": str,
            "higher_is_better": int,
            "combine": str,
            "decimals": int,
            "confidentiality": str,
            "reported_under": str,
        },
        pk="id",
        not_null={"forum_id", "partner_id", "frequency", "combine", "confidentiality", "created", "updated"},
        foreign_keys=[("forum_id", "forums", "id"), ("partner_id", "partners", "id")],
    )
    db.table("figure_readings").create(
        {
            **_COMMON,
            "figure_id": str,
            "meeting_id": str,  # NULL: from the partner's records, not reported at a meeting
            "covers_from": str,
            "covers_to": str,
            "value": float,  # NULL: not available (the note says why); never 0 for missing
            "note": str,
        },
        pk="id",
        not_null={"figure_id", "covers_from", "covers_to", "created", "updated"},
        foreign_keys=[("figure_id", "tracked_figures", "id"), ("meeting_id", "meetings", "id")],
    )
    db.table("figure_targets").create(
        {
            **_COMMON,
            "figure_id": str,
            "decision_id": str,  # the decision that agreed it
            "starts": str,
            "ends": str,
            "value": float,
        },
        pk="id",
        not_null={"figure_id", "decision_id", "starts", "ends", "value", "created", "updated"},
        foreign_keys=[("figure_id", "tracked_figures", "id"), ("decision_id", "decisions", "id")],
    )
    db.table("tracked_figures").create_index(["forum_id"])
    db.table("figure_readings").create_index(["figure_id"])
    db.table("figure_readings").create_index(["meeting_id", "figure_id"], unique=True)
    db.table("figure_targets").create_index(["figure_id"])
    db.table("figure_targets").create_index(["decision_id"])


@_migration(name="0014_exchange")
def _exchange(db: Database) -> None:
    # Which laptop made each change (the audit trail already names the coordinator and the system user).
    db.table("audit").add_column("laptop", str)
    # The replicated record of changes (a pycrdt document, storage/exchange_doc.py), kept as one compacted state.
    db.table("exchange_doc").create({"id": int, "state": bytes, "saved_at": str}, pk="id")
    # Small facts about this file's exchanges: how far the audit trail was taken into the document, and so on.
    db.table("exchange_state").create({"key": str, "value": str}, pk="key")
    # Fields edited on two laptops, and changes that gave way to a rule: shown to the coordinator to decide.
    db.table("exchange_conflicts").create(
        {
            "id": str,  # kind/record/field
            "kind": str,
            "record_id": str,
            "field": str,
            "kept": str,  # JSON envelope of the value that stands
            "others": str,  # JSON list of envelopes of the values set aside
            "reason": str,
            "decided": str,  # "" while open; "keep" once the coordinator confirmed what stands
        },
        pk="id",
        not_null={"kind", "record_id", "field"},
    )
    # Erasures made here that the other laptops must hear of, and those heard of and carried out here.
    db.table("exchange_erasures").create(
        {"person_id": str, "label": str, "published": int, "applied": int}, pk="person_id"
    )
    # Exchange files already read from a shared folder, by name and fingerprint, so unchanged ones are skipped.
    db.table("exchange_files").create({"name": str, "fingerprint": str}, pk="name")


@_migration(name="0015_partnership_region")
def _partnership_region(db: Database) -> None:
    # The partnership's profile: where it works (an ISO country code), so documents write times as people there
    # do (facilitator/profile.py). At most one row.
    db.table("profiles").create({**_COMMON, "region": str}, pk="id", not_null={"created", "updated"})
    # A leaflet's QR code: the venue's map or the partnership's page (facilitator/leaflets.py).
    db.table("leaflets").add_column("qr_link", str, not_null_default="")


@_migration(name="0016_papers_circulation_search")
def _papers_circulation_search(db: Database) -> None:
    # Files may be kept as papers of agenda items, of any type, not only as logos (facilitator/stored_files.py).
    db.table("stored_files").add_column("purpose", str, not_null_default="logo")
    # A paper names its item and its file, with what lists show without reading the file (facilitator/papers.py).
    db.table("papers").create(
        {
            **_COMMON,
            "item_id": str,
            "file_id": str,
            "name": str,
            "media_type": str,
            "size": int,
            "added_by": str,
        },
        pk="id",
        not_null={"item_id", "file_id", "name", "media_type", "size", "created", "updated"},
        foreign_keys=[("item_id", "agenda_items", "id"), ("file_id", "stored_files", "id")],
    )
    db.table("papers").create_index(["item_id"])
    db.table("papers").create_index(["file_id"])
    # What a circulation by e-mail prepared, for whom, with which version (facilitator/circulation.py).
    db.table("circulations").create(
        {**_COMMON, "meeting_id": str, "what": str, "on": str, "prepared_at": str, "public": int},
        pk="id",
        not_null={"meeting_id", "what", "on", "prepared_at", "created", "updated"},
        foreign_keys=[("meeting_id", "meetings", "id")],
    )
    db.table("circulations").create_index(["meeting_id"])
    db.table("circulated_copies").create(
        {
            **_COMMON,
            "circulation_id": str,
            "partner_id": str,
            "audience": str,
            "language": str,
            "recipients": str,
            "attachment": str,
            "checksum": str,
            "content_digest": str,
            "outline": str,
            "papers": str,  # JSON list of stored file ids
            "changes": str,
        },
        pk="id",
        not_null={"circulation_id", "partner_id", "audience", "language", "created", "updated"},
        foreign_keys=[("circulation_id", "circulations", "id"), ("partner_id", "partners", "id")],
    )
    db.table("circulated_copies").create_index(["circulation_id"])
    # The search index (storage/search_index.py): built from the records when the file is next opened.
    from facilitator.storage.search_index import install  # noqa: PLC0415 - the index module reads the core

    install(db)


@_migration(name="0017_minute_taker")
def _minute_taker(db: Database) -> None:
    # Who chaired a meeting and who took its minutes (representatives); the minutes name them. Empty before.
    db.table("meetings").add_column("chair_id", str)
    db.table("meetings").add_column("minute_taker_id", str)


@_migration(name="0018_partnership_name")
def _partnership_name(db: Database) -> None:
    # The partnership's name (facilitator/profile.py): the window's title and the header of its minutes and agendas.
    db.table("profiles").add_column("name", str, not_null_default="")
