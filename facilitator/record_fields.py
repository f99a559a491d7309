"""Reading a record's fields from plain data (JSON values, or a row as storage keeps it), each checked for its
type: the part of ``facilitator.records`` that needs only the kind being read.

``facilitator.records`` lists every kind (and so imports every module of the core); storage's reader and the
read-only commands read a few kinds and import only those (``storage/reading.py``). The table of each kind, by
the kind's class name, is declared here once (``TABLES``); ``records.KINDS`` is built from it.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import inspect
import math
import operator
import sys
import types
import typing
from collections.abc import Callable, Collection
from enum import Enum
from typing import Any

from facilitator.entities import QuorumRule, R, Record, Sector
from facilitator.errors import ValidationError
from facilitator.i18n import _

Json = Any

#: The table of each kind of record (and its list in the JSON document), by the kind's class name, in dependency
#: order (``records.KINDS`` follows it).
TABLES: dict[str, str] = {
    "Profile": "profiles",
    "Forum": "forums",
    "Partner": "partners",
    "Representative": "representatives",
    "Membership": "memberships",
    "UsualItem": "usual_items",
    "Meeting": "meetings",
    "AgendaItem": "agenda_items",
    "Attendance": "attendance",
    "Decision": "decisions",
    "Position": "positions",
    "SpeakerTurn": "speaker_turns",
    "MinutesRecord": "minutes_records",
    "Correction": "corrections",
    "ContentTranslation": "content_translations",
    "Action": "actions",
    "ActionReview": "action_reviews",
    "ActionUpdate": "action_updates",
    "ActionOverride": "action_overrides",
    "Escalation": "escalations",
    "EscalationReview": "escalation_reviews",
    "Conflict": "conflicts",
    "ConflictStep": "conflict_steps",
    "Notice": "notices",
    "NoticeResponse": "notice_responses",
    "Tabling": "tablings",
    "StoredFile": "stored_files",
    "Leaflet": "leaflets",
    "TrackedFigure": "tracked_figures",
    "FigureReading": "figure_readings",
    "FigureTarget": "figure_targets",
    "Paper": "papers",
    "Circulation": "circulations",
    "CirculatedCopy": "circulated_copies",
}


def table_of(kind: type[Record]) -> str:
    """The table (and JSON list) that holds records of ``kind``."""
    return TABLES[kind.__name__]


_HINTS: dict[type, dict[str, Any]] = {}


_ANNOTATIONS: dict[str, types.CodeType] = {}


def _hints(kind: type[Record]) -> dict[str, Any]:
    """``typing.get_type_hints(kind, include_extras=True)``, in a tenth of the time: each annotation evaluated
    where its class was written, each distinct annotation compiled once (``check`` asks for every kind; the
    tests compare the two)."""
    hints = _HINTS.get(kind)
    if hints is None:
        hints = {}
        for base in reversed(kind.__mro__):
            module = vars(sys.modules[base.__module__])
            for name, written in inspect.get_annotations(base).items():
                if isinstance(written, str):
                    code = _ANNOTATIONS.get(written)
                    if code is None:
                        code = _ANNOTATIONS[written] = compile(written, "<annotation>", "eval")
                    hints[name] = eval(code, module, dict(vars(base)))
                else:
                    hints[name] = written
        _HINTS[kind] = hints
    return hints


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
        from facilitator.stored_files import from_text  # noqa: PLC0415 - only files' contents are bytes

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
#: What a quick reader answers when the value is not plainly of its type: ``_parse`` then reads it, and says
#: what is wrong with it.
_SLOW = object()
Quick = Callable[[Json], object]
_PLANS: dict[type, tuple[tuple[str, Any, bool, int, Quick | None], ...]] = {}


def _iso(read: Callable[[str], object]) -> Quick:
    def quick(value: Json) -> object:
        if type(value) is not str:
            return _SLOW
        try:
            return read(value)
        except ValueError:
            return _SLOW

    return quick


_moment = _iso(dt.datetime.fromisoformat)


def _aware(value: Json) -> object:
    moment = _moment(value)
    if not isinstance(moment, dt.datetime):
        return _SLOW
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _local(value: Json) -> object:
    moment = _moment(value)
    return moment if isinstance(moment, dt.datetime) and moment.tzinfo is None else _SLOW


def _texts(value: Json) -> object:
    if type(value) is list and all(type(item) is str for item in value):
        return tuple(value)
    return _SLOW


def _quick(hint: Any) -> Quick | None:
    """A reader of ``hint``'s plain values that gives exactly what ``_parse`` gives for them, in fewer steps,
    and ``_SLOW`` for anything else (None: ``_parse`` reads every value). Thousands of records are read to
    show a window or write minutes: this is most of the time it takes."""
    shape, inner = _shape(hint)
    if shape == "optional":
        read = _quick(inner)
        if read is None:
            return None
        return lambda value: None if value is None else read(value)
    if shape == "local":
        return _local
    if shape == "tuple":
        return _texts if inner is str else None
    if hint is bool:
        return lambda value: value if value is True or value is False else _SLOW
    if hint is int:
        return lambda value: value if type(value) is int else _SLOW
    if hint is dt.datetime:
        return _aware
    if hint is dt.date:
        return _iso(dt.date.fromisoformat)
    if hint is dt.time:
        return _iso(dt.time.fromisoformat)
    if isinstance(hint, type) and issubclass(hint, Enum):
        members = hint._value2member_map_
        return lambda value: members.get(value, _SLOW) if type(value) is str else _SLOW
    return None


def _plan(kind: type[Record]) -> tuple[tuple[str, Any, bool, int, Quick | None], ...]:
    """How to read each field of ``kind``: its name, type hint, whether it must be given, whether it is text
    (``_TEXT``) or optional text (``_OPTIONAL_TEXT``), read as it comes, and its quick reader (``_quick``).
    Worked out once per kind."""
    plan = _PLANS.get(kind)
    if plan is None:
        hints = _hints(kind)
        rows = []
        for name, spec in _fields(kind).items():
            missing = spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING
            hint = hints[name]
            shape, inner = _shape(hint)
            text = _TEXT if hint is str else _OPTIONAL_TEXT if shape == "optional" and inner is str else 0
            rows.append((name, hint, missing or name in ("id", "created", "updated"), text, _quick(hint)))
        plan = _PLANS[kind] = tuple(rows)
    return plan


#: Whether ``fields_from_dict`` reads every one of a field's values as it is or with its quick reader: never
#: false for values it would read, and false for every value it would refuse. A test of a whole column at once
#: (``storage``'s check of every record reads tens of thousands), so that most columns cost a few C loops.
Plainly = Callable[[Collection[Json]], bool]
_NONE = type(None)


def _types_in(allowed: frozenset[type]) -> Plainly:
    return lambda values: set(map(type, values)) <= allowed


def _iso_texts(read: Callable[[str], object], optional: bool, *, local: bool = False) -> Plainly:
    """ISO texts (None too, for an optional field) that ``read`` takes (as ``_iso``, ``_aware`` and ``_local``
    do), each distinct text read once; ``local``: date and times without a time zone."""
    allowed = frozenset({str, _NONE}) if optional else frozenset({str})
    zone = operator.attrgetter("tzinfo")

    def plainly(values: Collection[Json]) -> bool:
        if not set(map(type, values)) <= allowed:
            return False
        texts = set(values)  # only texts and None: no two values of different types are equal
        texts.discard(None)
        try:
            read_all = map(read, texts)
            if local:
                return set(map(zone, read_all)) <= {None}
            collections.deque(read_all, maxlen=0)  # read each, in C
        except ValueError:
            return False
        return True

    return plainly


def _numbers(optional: bool) -> Plainly:
    allowed = frozenset({int, float, _NONE}) if optional else frozenset({int, float})

    def plainly(values: Collection[Json]) -> bool:
        if not set(map(type, values)) <= allowed:
            return False
        try:
            return all(math.isfinite(v) for v in values if v is not None)
        except OverflowError:  # a whole number too large for a float
            return False

    return plainly


def _plainly(hint: Any) -> Plainly | None:
    """The whole-column test of ``hint``'s values (``Plainly``); None when every value goes through ``_parse``."""
    shape, inner = _shape(hint)
    optional = shape == "optional"
    base = inner if optional else hint
    if base in (str, int, bool, bytes):
        return _types_in(frozenset({base, _NONE}) if optional else frozenset({base}))
    if base is float:
        return _numbers(optional)
    if shape == "tuple":
        if inner is not str:
            return None
        return lambda values: all(_texts(v) is not _SLOW for v in values)
    if base in (dt.datetime, dt.date, dt.time):
        return _iso_texts(base.fromisoformat, optional)
    if _shape(base)[0] == "local":
        return _iso_texts(dt.datetime.fromisoformat, optional, local=True)
    if isinstance(base, type) and issubclass(base, Enum):
        codes = frozenset(base._value2member_map_)
        allowed = frozenset({str, _NONE}) if optional else frozenset({str})
        return lambda values: set(map(type, values)) <= allowed and set(values) - {None} <= codes
    return None


def plainly_read(kind: type[Record]) -> dict[str, Plainly | None]:
    """Each field of ``kind`` and its whole-column test (``Plainly``; None: no value is taken as it is), for a
    reader that checks many records of one kind without making them (``storage.record_check``)."""
    return {name: _plainly(hint) for name, hint, _required, _text, _quick_read in _plan(kind)}


def required_fields(kind: type[Record]) -> frozenset[str]:
    """The fields ``fields_from_dict`` refuses to go without."""
    return frozenset(name for name, _hint, required, _text, _quick_read in _plan(kind) if required)


@dataclasses.dataclass(frozen=True, kw_only=True)
class _MadeByDataclasses:
    field: int


def constructs_plainly(kind: type[Record]) -> bool:
    """Whether making a record of ``kind`` from fields of the right types cannot fail: a frozen dataclass whose
    ``__init__`` is the one ``dataclasses`` writes, with no ``__post_init__``, no ``__new__`` and no metaclass of
    its own, every field given to ``__init__``. A kind that checks its values when it is made is not (a reader that
    skips making records must make them for it)."""
    made_by_dataclasses = _MadeByDataclasses.__init__.__code__.co_filename
    init = getattr(kind.__init__, "__code__", None)
    return (
        dataclasses.is_dataclass(kind)
        and kind.__dataclass_params__.frozen  # type: ignore[attr-defined]
        and init is not None
        and init.co_filename == made_by_dataclasses
        and not hasattr(kind, "__post_init__")
        and kind.__new__ is object.__new__
        and type(kind).__call__ is type.__call__
        and all(f.init for f in dataclasses.fields(kind))
    )


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
        from facilitator.stored_files import to_text  # noqa: PLC0415 - only files' contents are bytes

        return to_text(value)
    return value


def record_to_dict(record: Record) -> dict[str, Json]:
    """The record as a dict of JSON values (dates as ISO text, enums as their codes)."""
    return {f.name: _plain(getattr(record, f.name)) for f in dataclasses.fields(record)}


def fields_from_dict(kind: type[R], data: dict[str, Json]) -> R:
    """A record of ``kind`` from plain data, every field checked for its type (``ValidationError`` naming the
    field); unknown fields are refused. The core's rules are not applied (``records.record_from_dict`` does)."""
    if not isinstance(data, dict):
        raise ValidationError("", _("is not a record"))
    names = _fields(kind)
    if not data.keys() <= names.keys():
        unknown = sorted(data.keys() - names.keys())
        raise ValidationError(unknown[0], _("is not a field of this kind of record"))
    values: dict[str, object] = {}
    for name, hint, required, text, quick in _plan(kind):
        if name not in data:
            if required:
                raise ValidationError(name, _("is missing"))
            continue
        value = data[name]
        # Text, and optional text left empty, as it comes: most fields of most records (no call per field).
        if text and (isinstance(value, str) or (value is None and text == _OPTIONAL_TEXT)):
            values[name] = value
            continue
        if quick is not None:
            read = quick(value)
            if read is not _SLOW:
                values[name] = read
                continue
        values[name] = _parse(name, hint, value)
    return kind(**values)  # type: ignore[arg-type]
