"""``@frozen``: the app's frozen dataclasses, made at import for half the cost.

``@frozen`` (or ``@frozen(kw_only=True)``) is ``@dataclass(frozen=True)`` in every way a caller can see: the same
``__init__``, fields, ``replace``, frozen assignment, equality, hash and repr. The difference is when the last three
are made. Python 3.11's ``dataclasses`` compiles six functions from source text for every frozen class
(``__init__``, ``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``), about 150 µs each, and the
app declares about two hundred such classes: every command and the window paid for them before doing anything
(measured on the 10-year demo: 73 ms of a minutes PDF's 390 ms, 48 ms of ``check``'s). Most classes are never
compared, hashed or shown in a given run, so ``@frozen`` compiles those three the first time each is called, for
that class, and puts the compiled one in its place: the same code as ``dataclasses`` writes, as fast from the
second call on (a shared function reading the fields by name was measured 2-3 times slower to compare and hash).
(Python 3.13's ``dataclasses`` compiles a class's functions at once; on it this module would save less.)

What is the same as ``dataclasses``' own (``tests/core/test_frozen.py`` compares them class by class): equality
only between instances of the very same class, over the fields with ``compare`` (``NotImplemented`` otherwise);
the hash of the same tuple of fields with ``hash`` (or ``compare``, when ``hash`` is not given); the repr of the
fields with ``repr``, ``...`` for an instance met again inside itself; a method the class body writes itself is
kept, as ``dataclasses`` keeps it.
"""

from __future__ import annotations

import dataclasses
import reprlib
from collections.abc import Callable
from dataclasses import Field, field
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T")


@overload
def frozen(cls: type[T], /) -> type[T]: ...


@overload
def frozen(*, kw_only: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field, Field))
def frozen(cls: type[T] | None = None, /, *, kw_only: bool = False) -> type[T] | Callable[[type[T]], type[T]]:
    """``cls`` as a frozen dataclass (``kw_only``: every field given by name), its equality, hash and repr shared
    rather than compiled for it."""

    def make(cls: type[T]) -> type[T]:
        return _with_shared_methods(
            dataclasses.dataclass(frozen=True, kw_only=kw_only, eq=False, repr=False)(cls)
        )

    return make if cls is None else make(cls)


#: The three methods as ``dataclasses`` writes them; ``{mine}`` and ``{theirs}`` are ``self.a,self.b,`` and
#: ``other.a,other.b,`` over the fields that take part, ``{shown}`` is ``a={self.a!r}, b={self.b!r}``.
_SOURCES = {
    "__eq__": (
        "def __eq__(self, other):\n"
        "    if other.__class__ is self.__class__:\n"
        "        return ({mine}) == ({theirs})\n"
        "    return NotImplemented\n"
    ),
    "__hash__": "def __hash__(self):\n    return hash(({mine}))\n",
    "__repr__": 'def __repr__(self):\n    return self.__class__.__qualname__ + f"({shown})"\n',
}


def _compiled(cls: type, name: str, names: tuple[str, ...]) -> Callable[..., Any]:
    """``cls``'s own ``name`` (one of ``_SOURCES``) over the fields ``names``, compiled and put on ``cls``."""
    source = _SOURCES[name].format(
        mine="".join(f"self.{n}," for n in names),
        theirs="".join(f"other.{n}," for n in names),
        shown=", ".join(f"{n}={{self.{n}!r}}" for n in names),
    )
    made: dict[str, Any] = {}
    exec(source, {}, made)  # the class's field names only, as dataclasses does
    method: Callable[..., Any] = made[name]
    if name == "__repr__":
        method = reprlib.recursive_repr()(method)
    method.__qualname__ = f"{cls.__qualname__}.{name}"
    setattr(cls, name, method)
    return method


def _with_shared_methods(cls: type[T]) -> type[T]:
    own = cls.__dict__
    # As dataclasses decides it, before anything is added: a hash the class body wrote is kept, but not the
    # None Python puts in when the body writes __eq__ alone.
    explicit_hash = "__hash__" in own and not (own["__hash__"] is None and "__eq__" in own)
    every = dataclasses.fields(cls)  # type: ignore[arg-type]  # cls is a dataclass by now
    compared = tuple(f.name for f in every if f.compare)
    hashed = tuple(f.name for f in every if (f.compare if f.hash is None else f.hash))
    shown = tuple(f.name for f in every if f.repr)

    # Each compiles the class's own method at its first call, which replaces it on the class for good.
    def equal(self: object, other: object) -> Any:  # a bool, or NotImplemented
        return _compiled(cls, "__eq__", compared)(self, other)

    def hash_of(self: object) -> Any:
        return _compiled(cls, "__hash__", hashed)(self)

    def shown_as(self: object) -> Any:
        return _compiled(cls, "__repr__", shown)(self)

    methods: dict[str, Callable[..., Any]] = {
        name: m for name, m in (("__eq__", equal), ("__repr__", shown_as)) if name not in own
    }
    if not explicit_hash:
        methods["__hash__"] = hash_of
    for name, method in methods.items():
        method.__name__, method.__qualname__ = name, f"{cls.__qualname__}.{name}"
        setattr(cls, name, method)
    return cls
