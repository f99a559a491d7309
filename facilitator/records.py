"""Records as plain data (JSON-ready dicts) and back, with every field checked.

The JSON document and storage both go through here, so a record means the same thing on disk, in an export
and in memory. ``record_from_dict`` raises ``ValidationError`` naming the field that is wrong.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import types
import typing
from enum import Enum
from typing import Any

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
    QuorumRule,
    R,
    Record,
    Representative,
    Sector,
    validate_forum,
    validate_partner,
    validate_representative,
)
from facilitator.errors import ValidationError
from facilitator.escalation import Escalation, EscalationReview, validate_escalation
from facilitator.figures import (
    FigureReading,
    FigureTarget,
    TrackedFigure,
    validate_figure,
    validate_reading,
    validate_target,
)
from facilitator.i18n import _
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
from facilitator.stored_files import StoredFile, from_text, to_text, validate_stored_file
from facilitator.tablings import Tabling

#: Kinds of record by the name used for their table and their list in the JSON document, in dependency order.
KINDS: dict[str, type[AnyRecord]] = {
    "profiles": Profile,
    "forums": Forum,
    "partners": Partner,
    "representatives": Representative,
    "memberships": Membership,
    "usual_items": UsualItem,
    "meetings": Meeting,
    "agenda_items": AgendaItem,
    "attendance": Attendance,
    "decisions": Decision,
    "positions": Position,
    "speaker_turns": SpeakerTurn,
    "minutes_records": MinutesRecord,
    "corrections": Correction,
    "content_translations": ContentTranslation,
    "actions": Action,
    "action_reviews": ActionReview,
    "action_updates": ActionUpdate,
    "action_overrides": ActionOverride,
    "escalations": Escalation,
    "escalation_reviews": EscalationReview,
    "conflicts": Conflict,
    "conflict_steps": ConflictStep,
    "notices": Notice,
    "notice_responses": NoticeResponse,
    "tablings": Tabling,
    "stored_files": StoredFile,
    "leaflets": Leaflet,
    "tracked_figures": TrackedFigure,
    "figure_readings": FigureReading,
    "figure_targets": FigureTarget,
    "papers": Paper,
    "circulations": Circulation,
    "circulated_copies": CirculatedCopy,
}
KIND_NAMES: dict[type[Record], str] = {kind: name for name, kind in KINDS.items()}

_VALIDATORS: dict[type[Record], typing.Callable[[Any], None]] = {
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

Json = Any


def _plain(value: object) -> Json:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        # HH:MM as forms enter it; seconds only when there are some (an arrival marked "now"), so none are lost.
        return value.isoformat(timespec="minutes" if not (value.second or value.microsecond) else "auto")
    if isinstance(value, QuorumRule):
        return {
            "min_partners": value.min_partners,
            "required_sectors": sorted(s.value for s in value.required_sectors),
            "deciders_only": value.deciders_only,
        }
    if isinstance(value, tuple | list | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, bytes):
        return to_text(value)
    return value


def record_to_dict(record: AnyRecord) -> dict[str, Json]:
    """The record as a dict of JSON values (dates as ISO text, enums as their codes)."""
    return {f.name: _plain(getattr(record, f.name)) for f in dataclasses.fields(record)}


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(kind: type[Record]) -> dict[str, Any]:
    if kind not in _HINTS:
        _HINTS[kind] = typing.get_type_hints(kind, include_extras=True)
    return _HINTS[kind]


_STRUCTURED: dict[type, frozenset[str]] = {}
_FLAGS: dict[type, frozenset[str]] = {}


def structured_fields(kind: type[Record]) -> frozenset[str]:
    """Fields of ``kind`` whose plain form is a list or an object (stored as JSON text in a column); worked
    out once per kind (storage asks for every row it reads)."""
    if kind not in _STRUCTURED:
        _STRUCTURED[kind] = frozenset(
            name for name, hint in _hints(kind).items() if hint is QuorumRule or typing.get_origin(hint) is tuple
        )
    return _STRUCTURED[kind]


def flag_fields(kind: type[Record]) -> frozenset[str]:
    """Fields of ``kind`` that are true or false (stored as 0 or 1); worked out once per kind."""
    if kind not in _FLAGS:
        _FLAGS[kind] = frozenset(name for name, hint in _hints(kind).items() if hint is bool)
    return _FLAGS[kind]


def _bad(field: str, value: object, expected: str) -> ValidationError:
    shown = repr(value)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return ValidationError(field, _("{value} is not {expected}").format(value=shown, expected=expected))


#: What ``_parse`` needs to know of a type hint, worked out once per hint (asking ``typing`` for every field of
#: every record read was most of the time reading thousands of records took).
_SHAPES: dict[Any, tuple[str, Any]] = {}


def _shape(hint: Any) -> tuple[str, Any]:
    """``("local", None)`` for a local date and time, ``("optional", inner)`` for ``X | None``, ``("tuple",
    item)`` for ``tuple[X, ...]``, else ``("plain", None)``."""
    shape = _SHAPES.get(hint)
    if shape is None:
        origin = typing.get_origin(hint)
        if origin is typing.Annotated and "local" in hint.__metadata__:
            shape = ("local", None)
        elif origin in (typing.Union, types.UnionType):
            shape = ("optional", next(a for a in typing.get_args(hint) if a is not type(None)))
        elif origin is tuple:
            shape = ("tuple", typing.get_args(hint)[0])
        else:
            shape = ("plain", None)
        _SHAPES[hint] = shape
    return shape


def _parse(field: str, hint: Any, value: Json) -> object:
    if hint is str and isinstance(value, str):  # most fields of most records
        return value
    shape, inner = _shape(hint)
    if shape == "local":
        try:
            moment = dt.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise _bad(field, value, _("a date and time")) from None
        if moment.tzinfo is not None:
            raise _bad(field, value, _("a local date and time without a time zone"))
        return moment
    if shape == "optional":
        if value is None:
            return None
        return _parse(field, inner, value)
    if hint is str:
        if not isinstance(value, str):
            raise _bad(field, value, _("text"))
        return value
    if hint is bool:
        if not isinstance(value, bool):
            raise _bad(field, value, _("true or false"))
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _bad(field, value, _("a whole number"))
        return value
    if hint is float:
        # A whole number is a number too (JSON writes 12.0 as 12 in some tools); never true or false.
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise _bad(field, value, _("a number"))
        return float(value)
    if hint is bytes:
        if isinstance(value, bytes):  # as stored
            return value
        try:
            return from_text(value)  # as written in a document
        except (TypeError, ValueError, AttributeError):
            raise _bad(field, value, _("a file's content (base64)")) from None
    if hint is dt.datetime:
        try:
            moment = dt.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise _bad(field, value, _("a date and time")) from None
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    if hint is dt.date:
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise _bad(field, value, _("a date (YYYY-MM-DD)")) from None
    if hint is dt.time:
        try:
            return dt.time.fromisoformat(value)
        except (TypeError, ValueError):
            raise _bad(field, value, _("a time (HH:MM)")) from None
    if isinstance(hint, type) and issubclass(hint, Enum):
        try:
            return hint(value)
        except ValueError:
            raise _bad(
                field, value, _("one of {codes}").format(codes=", ".join(m.value for m in hint))
            ) from None
    if hint is QuorumRule:
        if not isinstance(value, dict):
            raise _bad(field, value, _("a quorum rule"))
        minimum = _parse(f"{field}.min_partners", int, value.get("min_partners", 0))
        sectors = value.get("required_sectors", [])
        if not isinstance(sectors, list):
            raise _bad(f"{field}.required_sectors", sectors, _("a list"))
        # Files and documents from before the setting existed have no "deciders_only": every partner counts.
        deciders_only = _parse(f"{field}.deciders_only", bool, value.get("deciders_only", False))
        return QuorumRule(
            typing.cast(int, minimum),
            frozenset(typing.cast(Sector, _parse(f"{field}.required_sectors", Sector, s)) for s in sectors),
            typing.cast(bool, deciders_only),
        )
    if shape == "tuple":
        if not isinstance(value, list):
            raise _bad(field, value, _("a list"))
        return tuple(_parse(field, inner, v) for v in value)
    raise TypeError(f"no parser for {hint!r}")  # a programming error, not a user one


_FIELDS: dict[type, dict[str, dataclasses.Field[Any]]] = {}


def _fields(kind: type[Record]) -> dict[str, dataclasses.Field[Any]]:
    """The dataclass fields of ``kind`` by name (worked out once per kind)."""
    if kind not in _FIELDS:
        _FIELDS[kind] = {f.name: f for f in dataclasses.fields(kind)}
    return _FIELDS[kind]


_TEXT, _OPTIONAL_TEXT = 1, 2
_PLANS: dict[type, tuple[tuple[str, Any, bool, int], ...]] = {}


def _plan(kind: type[Record]) -> tuple[tuple[str, Any, bool, int], ...]:
    """How to read each field of ``kind``: its name, type hint, whether it must be given, and whether it is text
    (``_TEXT``) or optional text (``_OPTIONAL_TEXT``), read as it comes. Worked out once per kind."""
    plan = _PLANS.get(kind)
    if plan is None:
        hints = _hints(kind)
        rows = []
        for name, spec in _fields(kind).items():
            missing = spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING
            hint = hints[name]
            shape, inner = _shape(hint)
            text = _TEXT if hint is str else _OPTIONAL_TEXT if shape == "optional" and inner is str else 0
            rows.append((name, hint, missing or name in ("id", "created", "updated"), text))
        plan = _PLANS[kind] = tuple(rows)
    return plan


def record_from_dict(kind: type[R], data: dict[str, Json], *, validate: bool = True) -> R:
    """Build a record of ``kind`` from plain data, checking every field's type; unknown fields are refused.

    ``validate`` also applies the core's rules (names, languages, dates...). Storage skips them when reading
    back what it wrote, because every record was validated on its way in.
    """
    if not isinstance(data, dict):
        raise ValidationError("", _("is not a record"))
    names = _fields(kind)
    if not data.keys() <= names.keys():
        unknown = sorted(data.keys() - names.keys())
        raise ValidationError(unknown[0], _("is not a field of this kind of record"))
    values: dict[str, object] = {}
    for name, hint, required, text in _plan(kind):
        if name not in data:
            if required:
                raise ValidationError(name, _("is missing"))
            continue
        value = data[name]
        # Text, and optional text left empty, as it comes: most fields of most records (no call per field).
        if text and (isinstance(value, str) or (value is None and text == _OPTIONAL_TEXT)):
            values[name] = value
        else:
            values[name] = _parse(name, hint, value)
    record = kind(**values)  # type: ignore[arg-type]
    validator = _VALIDATORS.get(kind)
    if validate and validator is not None:
        validator(record)
    return record
