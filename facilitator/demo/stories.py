"""The demo's stories as data: the TOML files in ``facilitator/demo/stories/``, read into typed plans.

What the demonstration partnership says and does (its forums, partners and people, what its meetings talk about,
the actions, conflicts, notices and escalations of its registers, its street figures, its leaflet and papers)
is written in those files, one a kind; the modules beside this one turn each plan into the core's operations
and draw what varies over the years (attendance, the topics of a week, the numbers) from a seeded generator.

TOML rather than JSON: the stories are prose that people edit, and TOML has comments to say what an entry is
for, strings over several lines, and times of day; Python reads it with the standard library (``tomllib``).

``load(name, kind)`` reads ``stories/<name>.toml`` into ``kind``, a dataclass whose fields name the file's
keys. Each value is made from the field's type: enumerations from their codes, tuples and frozensets from
lists, nested dataclasses from tables, ``dict[str, X]`` from tables of X; ``Any`` keeps the value as read (the
core's own records are made from such tables by ``entry`` when the demo is built, so that their timestamps are
the moment of building). A key the dataclass does not have is refused, so that a misspelt key cannot be lost.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import tomllib
import types
import typing
from collections.abc import Mapping
from importlib import resources
from typing import Any, TypeVar, get_args, get_origin, get_type_hints

T = TypeVar("T")


def load(name: str, kind: type[T]) -> T:
    """The story file ``stories/<name>.toml`` as ``kind``."""
    text = resources.files("facilitator.demo").joinpath("stories", f"{name}.toml").read_text(encoding="utf-8")
    return entry(kind, tomllib.loads(text), where=f"{name}.toml")


def entry(kind: type[T], table: Mapping[str, Any], *, where: str = "") -> T:
    """One table of a story file as ``kind`` (a dataclass); fields it does not give keep their defaults."""
    hints = get_type_hints(kind)
    fields = {f.name for f in dataclasses.fields(kind)}  # type: ignore[arg-type]
    unknown = sorted(set(table) - fields)
    if unknown:
        raise ValueError(f"{where}: {kind.__name__} has no field {', '.join(unknown)}")
    values = {name: _value(hints[name], value, f"{where}.{name}") for name, value in table.items()}
    return kind(**values)


def _value(hint: Any, value: Any, where: str) -> Any:
    origin = get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        (hint,) = [arg for arg in get_args(hint) if arg is not type(None)]
        return _value(hint, value, where)
    if origin is tuple:
        args = get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_value(args[0], v, f"{where}[{n}]") for n, v in enumerate(value))
        return tuple(_value(a, v, f"{where}[{n}]") for n, (a, v) in enumerate(zip(args, value, strict=True)))
    if origin is frozenset:
        return frozenset(_value(get_args(hint)[0], v, where) for v in value)
    if origin is dict:
        of = get_args(hint)[1]
        return {key: _value(of, v, f"{where}.{key}") for key, v in value.items()}
    if hint is Any:
        return value
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint(value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return entry(hint, value, where=where)
    if hint is float:
        return float(value)
    if hint is dt.time and not isinstance(value, dt.time):
        raise ValueError(f"{where}: a time of day is written 10:00:00")
    return value
