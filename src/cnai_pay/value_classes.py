"""Dataclasses that cost less to define, for the fifty or so that a start defines.

A frozen dataclass gets six methods that `dataclasses` writes as source and compiles when the
class is defined: about 0.1 ms each on Python 3.11, so ~0.5 ms a class and ~25 ms of every
start. Equality, the hash and the repr read the same for every class, so they are written once
here and shared; `dataclasses` still writes `__init__` (a frozen class's `__setattr__` and
`__delattr__` are shared too on Python 3.11 and 3.12: see `_dataclass`). The classes behave as
`@dataclass(frozen=True)` (`frozen`) or `@dataclass` (`mutable`) ones do: fields, `replace`,
`asdict` and pydantic's validation all see a dataclass, with equality on the same fields; a mutable one has no hash.
"""

from __future__ import annotations

import dataclasses
import reprlib
import sys
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

_Class = TypeVar("_Class", bound=type)


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        compared: Callable[[Any], tuple[Any, ...]] = type(self).__value_compared__
        return compared(self) == compared(other)
    return NotImplemented


def _hash(self: Any) -> int:
    hashed: Callable[[Any], tuple[Any, ...]] = type(self).__value_hashed__
    return hash(hashed(self))


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in type(self).__value_shown__)
    return f"{type(self).__qualname__}({shown})"


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    cls = type(self)
    owner: type[Any] = getattr(cls, "__value_owner__", cls)
    if cls is owner or name in cls.__value_fields__:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
    super(owner, self).__setattr__(name, value)


def _frozen_delattr(self: Any, name: str) -> None:
    cls = type(self)
    owner: type[Any] = getattr(cls, "__value_owner__", cls)
    if cls is owner or name in cls.__value_fields__:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
    super(owner, self).__delattr__(name)


# dataclasses installs each method under its __name__.
_frozen_setattr.__name__ = _frozen_setattr.__qualname__ = "__setattr__"
_frozen_delattr.__name__ = _frozen_delattr.__qualname__ = "__delattr__"


def _shared_frozen_methods(cls: type, fields: Any, globals: Any) -> tuple[Callable[..., None], ...]:
    """Stands in for `dataclasses._frozen_get_del_attr`, which compiles both methods for every class."""
    return (_frozen_setattr, _frozen_delattr)


# `dataclasses` makes a frozen class's `__setattr__`/`__delattr__` in `_frozen_get_del_attr(cls,
# fields, globals)` on 3.11 and 3.12 (3.13 changed it): lent our shared pair only while one of our
# classes is made, they save two compilations a class, ~0.14 ms each class, ~5 ms of a start.
# The stdlib has no public hook for this; elsewhere its own methods are kept.
_SHARES_FROZEN_METHODS = (
    sys.version_info[:2] in ((3, 11), (3, 12))
    and hasattr(dataclasses, "_frozen_get_del_attr")
    and hasattr(dataclasses, "_field_assign")
)


def _stored_in_dict(frozen: bool, name: str, value: str, self_name: str) -> str:
    """Stands in for `dataclasses._field_assign` for a frozen class whose fields live in its
    instances' `__dict__`: `__init__` stores each field there instead of calling
    `object.__setattr__` for it, which made a record of six fields twice as slow to build."""
    return f"{self_name}.__dict__[{name!r}]={value}"


def _fields_in_dict(cls: type, slots: bool) -> bool:
    # A base with __slots__ may hold some fields in slots, which the dict would shadow.
    return not slots and all("__slots__" not in vars(base) for base in cls.__mro__[1:-1])


def _dataclass(cls: type, *, frozen: bool, kw_only: bool, slots: bool) -> Any:
    make = dataclasses.dataclass(frozen=frozen, kw_only=kw_only, slots=slots, eq=False, repr=False)
    if not (frozen and _SHARES_FROZEN_METHODS):
        return make(cls)
    own_methods = dataclasses._frozen_get_del_attr  # type: ignore[attr-defined]
    own_assign = dataclasses._field_assign  # type: ignore[attr-defined]
    dataclasses._frozen_get_del_attr = _shared_frozen_methods  # type: ignore[attr-defined]
    if _fields_in_dict(cls, slots):
        dataclasses._field_assign = _stored_in_dict  # type: ignore[attr-defined]
    try:
        return make(cls)
    finally:
        dataclasses._frozen_get_del_attr = own_methods  # type: ignore[attr-defined]
        dataclasses._field_assign = own_assign  # type: ignore[attr-defined]


def _getter(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    if not names:
        return lambda obj: ()
    if len(names) == 1:  # attrgetter of one name returns the value, not a tuple
        get_one = attrgetter(names[0])
        return lambda obj: (get_one(obj),)
    return attrgetter(*names)


def _make(cls: _Class, kw_only: bool, slots: bool, is_frozen: bool = True) -> _Class:
    own = dict(cls.__dict__)
    if not own.get("__doc__"):  # else dataclasses writes one from inspect.signature: ~0.1 ms a class
        cls.__doc__ = f"{cls.__name__}, a {'frozen' if is_frozen else 'mutable'} record."
    for name, method in (("__eq__", _eq), ("__repr__", _repr)):
        if name not in own:
            setattr(cls, name, method)
    # As dataclasses decides: a hash the class spells out is kept (a class body with __eq__ alone
    # has __hash__ = None, which is not spelling one out); else the fields' hash, or none when mutable.
    if "__hash__" not in own or (own["__hash__"] is None and "__eq__" in own):
        cls.__hash__ = _hash if is_frozen else None  # type: ignore[assignment]
    made: Any = _dataclass(cls, frozen=is_frozen, kw_only=kw_only, slots=slots)
    fields = dataclasses.fields(made)
    made.__value_owner__ = made  # the class the frozen methods guard (slots=True makes a new one)
    made.__value_fields__ = frozenset(f.name for f in fields)
    made.__value_compared__ = _getter([f.name for f in fields if f.compare])
    # As dataclasses hashes: a field's own `hash`, else whether it is compared.
    made.__value_hashed__ = _getter([f.name for f in fields if (f.compare if f.hash is None else f.hash)])
    made.__value_shown__ = tuple(f.name for f in fields if f.repr)
    result: _Class = made
    return result


@overload
def frozen(cls: _Class, /) -> _Class: ...
@overload
def frozen(*, kw_only: bool = False, slots: bool = False) -> Callable[[_Class], _Class]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def frozen(cls: _Class | None = None, /, *, kw_only: bool = False, slots: bool = False) -> Any:
    """`@dataclass(frozen=True, …)`, with equality, hash and repr shared instead of compiled."""
    if cls is None:
        return lambda later: _make(later, kw_only, slots)
    return _make(cls, kw_only, slots)


@overload
def mutable(cls: _Class, /) -> _Class: ...
@overload
def mutable(*, kw_only: bool = False, slots: bool = False) -> Callable[[_Class], _Class]: ...


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def mutable(cls: _Class | None = None, /, *, kw_only: bool = False, slots: bool = False) -> Any:
    """`@dataclass(…)`, with equality and repr shared instead of compiled."""
    if cls is None:
        return lambda later: _make(later, kw_only, slots, is_frozen=False)
    return _make(cls, kw_only, slots, is_frozen=False)
