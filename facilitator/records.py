"""Records as plain data (JSON-ready dicts) and back, with every field checked.

The JSON document and storage both go through here, so a record means the same thing on disk, in an export
and in memory. ``record_from_dict`` raises ``ValidationError`` naming the field that is wrong.
"""

from __future__ import annotations

import typing

from facilitator.actions import (
    Action,
    ActionOverride,
    ActionReview,
    ActionUpdate,
    validate_action,
    validate_override,
    validate_update,
)
from facilitator.approval import Correction, MinutesRecord, validate_correction
from facilitator.circulation import CirculatedCopy, Circulation, validate_copy
from facilitator.conflicts import Conflict, ConflictStep, validate_conflict, validate_step
from facilitator.content_translation import ContentTranslation, validate_translation
from facilitator.entities import (
    AnyRecord,
    Forum,
    Membership,
    Partner,
    R,
    Record,
    Representative,
    validate_forum,
    validate_partner,
    validate_representative,
)
from facilitator.escalation import Escalation, EscalationReview, validate_escalation
from facilitator.figures import (
    FigureReading,
    FigureTarget,
    TrackedFigure,
    validate_figure,
    validate_reading,
    validate_target,
)
from facilitator.leaflets import Leaflet, validate_leaflet
from facilitator.meetings import (
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    Position,
    SpeakerTurn,
    UsualItem,
    validate_attendance,
    validate_decision,
    validate_item,
    validate_meeting,
    validate_position,
)
from facilitator.notices import Notice, NoticeResponse, validate_notice, validate_response
from facilitator.papers import Paper, validate_paper
from facilitator.profile import Profile, validate_profile
from facilitator.record_fields import (
    TABLES,
    Json,
    fields_from_dict,
    flag_fields,
    record_to_dict,
    structured_fields,
    table_of,
)
from facilitator.stored_files import StoredFile, validate_stored_file
from facilitator.tablings import Tabling

__all__ = [
    "KINDS",
    "KIND_NAMES",
    "Json",
    "flag_fields",
    "record_from_dict",
    "record_to_dict",
    "structured_fields",
    "table_of",
]

_CLASSES: dict[str, type[AnyRecord]] = {
    kind.__name__: kind
    for kind in (
        Profile, Forum, Partner, Representative, Membership, UsualItem, Meeting, AgendaItem, Attendance,
        Decision, Position, SpeakerTurn, MinutesRecord, Correction, ContentTranslation, Action, ActionReview,
        ActionUpdate, ActionOverride, Escalation, EscalationReview, Conflict, ConflictStep, Notice,
        NoticeResponse, Tabling, StoredFile, Leaflet, TrackedFigure, FigureReading, FigureTarget, Paper,
        Circulation, CirculatedCopy,
    )
}  # fmt: skip
#: Kinds of record by the name used for their table and their list in the JSON document, in dependency order
#: (the names and the order are declared once, in ``record_fields.TABLES``, which every kind must be in).
KINDS: dict[str, type[AnyRecord]] = {table: _CLASSES[name] for name, table in TABLES.items()}
assert len(KINDS) == len(_CLASSES), "every kind of record has its table in record_fields.TABLES"
KIND_NAMES: dict[type[Record], str] = {kind: name for name, kind in KINDS.items()}

_VALIDATORS: dict[type[Record], typing.Callable[[typing.Any], None]] = {
    Forum: validate_forum,
    Partner: validate_partner,
    Representative: validate_representative,
    UsualItem: validate_item,
    Meeting: validate_meeting,
    AgendaItem: validate_item,
    Attendance: validate_attendance,
    Decision: validate_decision,
    Position: validate_position,
    Correction: validate_correction,
    ContentTranslation: validate_translation,
    Action: validate_action,
    ActionUpdate: validate_update,
    ActionOverride: validate_override,
    Escalation: validate_escalation,
    Conflict: validate_conflict,
    ConflictStep: validate_step,
    Notice: validate_notice,
    NoticeResponse: validate_response,
    Leaflet: validate_leaflet,
    TrackedFigure: validate_figure,
    FigureReading: validate_reading,
    FigureTarget: validate_target,
    Profile: validate_profile,
    StoredFile: validate_stored_file,
    Paper: validate_paper,
    CirculatedCopy: validate_copy,
}


def record_from_dict(kind: type[R], data: dict[str, Json], *, validate: bool = True) -> R:
    """Build a record of ``kind`` from plain data, checking every field's type; unknown fields are refused.

    ``validate`` also applies the core's rules (names, languages, dates...). Storage skips them when reading
    back what it wrote, because every record was validated on its way in.
    """
    record = fields_from_dict(kind, data)
    validator = _VALIDATORS.get(kind)
    if validate and validator is not None:
        validator(record)
    return record
