"""``@frozen`` behaves as ``@dataclass(frozen=True)``: each class below is made both ways from the same body and
the two are compared on the same values; and the app's frozen classes are all made by ``@frozen``."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
from collections.abc import Callable
from dataclasses import field
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.frozen import frozen

ROOT = Path(__file__).resolve().parents[2]

Body = Callable[[], dict[str, Any]]


def _fields(**hints: str) -> dict[str, Any]:
    return {"__annotations__": dict(hints)}


def plain() -> dict[str, Any]:
    return {**_fields(a="int", b="str"), "b": "x"}


def options() -> dict[str, Any]:
    body = _fields(a="int", hidden="str", loose="float", keyed="int", unkeyed="int")
    body["hidden"] = field(default="secret", repr=False)
    body["loose"] = field(default=0.0, compare=False)
    body["keyed"] = field(default=1, compare=False, hash=True)
    body["unkeyed"] = field(default=2, hash=False)
    return body


def one_field() -> dict[str, Any]:
    return _fields(a="float")


def empty() -> dict[str, Any]:
    return {}


def with_class_var() -> dict[str, Any]:
    return {**_fields(a="int", kind="ClassVar[str]"), "kind": "k", "ClassVar": ClassVar}


def own_eq() -> dict[str, Any]:
    def __eq__(self: Any, other: object) -> bool:  # noqa: N807 - the class body's own, as written in a class
        return True

    return {**_fields(a="int"), "__eq__": __eq__}


def own_hash() -> dict[str, Any]:
    return {**_fields(a="int"), "__hash__": lambda self: 7}


def unhashable() -> dict[str, Any]:
    return {**_fields(a="int"), "__hash__": None}


def own_repr() -> dict[str, Any]:
    return {**_fields(a="int"), "__repr__": lambda self: "mine"}


BODIES: dict[str, Body] = {
    f.__name__: f
    for f in (plain, options, one_field, empty, with_class_var, own_eq, own_hash, unhashable, own_repr)
}


def both(body: Body, *, kw_only: bool = False) -> tuple[type, type]:
    """The class ``body`` makes, by ``dataclasses`` and by ``frozen`` (each from a fresh body: fields are
    consumed by the class they are given to)."""
    theirs = dataclasses.dataclass(frozen=True, kw_only=kw_only)(type("Sample", (), body()))
    ours = frozen(kw_only=kw_only)(type("Sample", (), body()))
    return theirs, ours


def _outcome(call: Callable[[], Any]) -> Any:
    try:
        return ("value", call())
    except Exception as error:  # the same error, or the same value, is what is compared
        return ("raised", type(error).__name__)


def _behaviour(cls: type, first: dict[str, Any], second: dict[str, Any]) -> list[Any]:
    a, b, a_again = cls(**first), cls(**second), cls(**first)
    return [
        repr(a),
        repr(b),
        a == b,
        a == a_again,
        a != a_again,
        a == "not a record",
        a.__eq__(object()),
        _outcome(lambda: hash(a) == hash(a_again)),
        _outcome(lambda: hash(a)),
        _outcome(lambda: setattr(a, "a", 5)),
        _outcome(lambda: delattr(a, "a")),
        _outcome(lambda: setattr(a, "not_a_field", 5)),
        dataclasses.replace(a) == a,
        [f.name for f in dataclasses.fields(cls)],
        dataclasses.asdict(a),
        cls.__match_args__,
    ]


_values = st.integers(-3, 3) | st.floats(allow_nan=True, allow_infinity=True)
_texts = st.sampled_from(["", "x", "<b>&'\"", "ن"])


@pytest.mark.parametrize("name", sorted(BODIES))
@given(first=st.fixed_dictionaries({"a": _values, "b": _texts}), second=st.fixed_dictionaries({"a": _values}))
def test_each_kind_of_class_behaves_as_dataclasses_makes_it(
    name: str, first: dict[str, Any], second: dict[str, Any]
) -> None:
    theirs, ours = both(BODIES[name])
    names = [f.name for f in dataclasses.fields(theirs)]
    first = {k: v for k, v in first.items() if k in names}
    second = {**first, **{k: v for k, v in second.items() if k in names}}
    assert _behaviour(ours, first, second) == _behaviour(theirs, first, second)


def test_not_a_number_equals_itself_inside_a_record_as_in_a_dataclass() -> None:
    # Tuples compare their items by identity first; a one-field record must too (not NaN == NaN).
    theirs, ours = both(one_field)
    nan = float("nan")
    assert (ours(a=nan) == ours(a=nan)) is (theirs(a=nan) == theirs(a=nan)) is True
    assert (ours(a=nan) == ours(a=float("nan"))) is (theirs(a=nan) == theirs(a=float("nan"))) is False


def test_fields_given_by_name_only_and_subclasses_as_dataclasses_make_them() -> None:
    theirs, ours = both(plain, kw_only=True)
    for cls in (theirs, ours):
        with pytest.raises(TypeError):
            cls(1)
    base_theirs, base_ours = theirs, ours
    sub_theirs = dataclasses.dataclass(frozen=True, kw_only=True)(
        type("Sub", (base_theirs,), _fields(c="int"))
    )
    sub_ours = frozen(kw_only=True)(type("Sub", (base_ours,), _fields(c="int")))
    assert _behaviour(sub_ours, {"a": 1, "c": 2}, {"a": 2, "c": 2}) == _behaviour(
        sub_theirs, {"a": 1, "c": 2}, {"a": 2, "c": 2}
    )
    assert (sub_ours(a=1, c=2) == base_ours(a=1)) is (sub_theirs(a=1, c=2) == base_theirs(a=1)) is False


def test_a_record_met_again_inside_itself_is_shown_as_dots() -> None:
    theirs, ours = both(lambda: _fields(items="list"))
    for cls in (theirs, ours):
        inside: list[Any] = []
        outer = cls(items=inside)
        inside.append(outer)
        assert repr(outer) == "Sample(items=[...])"


def test_each_method_is_compiled_once_at_its_first_call_and_names_its_class() -> None:
    _theirs, ours = both(plain)
    first = {name: vars(ours)[name] for name in ("__eq__", "__hash__", "__repr__")}
    record = ours(a=1)
    assert record == ours(a=1) and hash(record) == hash((1, "x")) and repr(record) == "Sample(a=1, b='x')"
    for name, lazy in first.items():
        compiled = vars(ours)[name]
        assert compiled is not lazy and compiled.__qualname__ == lazy.__qualname__ == f"Sample.{name}"
    compiled_eq = vars(ours)["__eq__"]
    assert record != ours(a=2)
    assert vars(ours)["__eq__"] is compiled_eq  # not compiled again


def _app_modules() -> list[str]:
    """Every module of the core, storage and the writers (the window's classes are checked by their source)."""
    import facilitator.exports
    import facilitator.storage

    packages = (facilitator, facilitator.storage, facilitator.exports)
    found = [m.name for p in packages for m in pkgutil.walk_packages(p.__path__, f"{p.__name__}.")]
    return [n for n in found if not n.startswith("facilitator.ui") and n != "facilitator.__main__"]


def test_every_frozen_class_of_the_app_shares_its_equality_hash_and_repr() -> None:
    # A class written with @dataclass(frozen=True) would compile its own again: the import cost comes back
    # unnoticed. The record-kind probe of record_fields is the one that must be made by dataclasses itself.
    written = re.compile(r"^\s*@(dataclasses\.)?dataclass\(frozen=True", re.MULTILINE)
    for folder in ("facilitator", "storage", "exports", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            found = written.findall(path.read_text(encoding="utf-8"))
            allowed = 1 if path.name == "record_fields.py" else 0
            assert len(found) == allowed, f"{path.relative_to(ROOT)}: use @frozen (facilitator.frozen)"
    checked = 0
    for name in _app_modules():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and value.__module__ == name
                and dataclasses.is_dataclass(value)
                and value.__dataclass_params__.frozen  # type: ignore[attr-defined]
                and not value.__name__.startswith("_MadeBy")
            ):
                # dataclasses was told not to write equality (eq=False): @frozen gave the class its own.
                assert not value.__dataclass_params__.eq, value  # type: ignore[attr-defined]
                assert "__eq__" in vars(value), value
                checked += 1
    assert checked > 100
