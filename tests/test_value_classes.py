"""cnai_pay.value_classes' classes behave as `@dataclass(frozen=True)` and `@dataclass` ones do."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnai_pay.value_classes import frozen, mutable


def _pair(**options: Any) -> tuple[Any, Any]:
    """The same class twice: as a stdlib frozen dataclass and as cnai_pay.value_classes's."""

    def body() -> type:
        class Point:
            x: int
            y: tuple[str, ...] = ()
            hidden: int = dataclasses.field(default=0, compare=False, repr=False)

        return Point

    return dataclasses.dataclass(frozen=True, **options)(body()), frozen(**options)(body())


VALUES = st.tuples(st.integers(), st.lists(st.text(max_size=3), max_size=3).map(tuple), st.integers())


@pytest.mark.parametrize("options", [{}, {"slots": True}, {"kw_only": True, "slots": True}])
@given(first=VALUES, second=VALUES)
def test_equality_hash_and_repr_match_the_standard_dataclass(
    options: dict[str, bool], first: tuple[Any, ...], second: tuple[Any, ...]
) -> None:
    standard, ours = _pair(**options)

    def made(cls: Any, values: tuple[Any, ...]) -> Any:
        return cls(**dict(zip(("x", "y", "hidden"), values, strict=True)))

    a, b = made(ours, first), made(ours, second)
    sa, sb = made(standard, first), made(standard, second)
    assert (a == b) == (sa == sb) and (a != b) == (sa != sb)
    assert (hash(a) == hash(made(ours, first))) and {a: 1}[made(ours, first)] == 1
    assert repr(a) == repr(sa)
    assert dataclasses.astuple(a) == dataclasses.astuple(sa)
    assert dataclasses.replace(a, x=first[0]) == a
    assert a != sa  # another class is never equal, as between two dataclasses


def test_instances_are_frozen_and_a_class_may_spell_out_its_own_methods() -> None:
    @frozen(slots=True)
    class Tag:
        name: str

        def __eq__(self, other: object) -> bool:
            return isinstance(other, Tag) and other.name.lower() == self.name.lower()

        def __hash__(self) -> int:
            return hash(self.name.lower())

    tag = Tag("Visa")
    with pytest.raises(dataclasses.FrozenInstanceError):
        tag.name = "other"  # type: ignore[misc]
    assert tag == Tag("VISA") and hash(tag) == hash(Tag("visa"))
    assert not hasattr(tag, "__dict__")  # slotted


def test_a_class_without_fields_is_still_comparable() -> None:
    @frozen
    class Nothing:
        pass

    assert Nothing() == Nothing() and hash(Nothing()) == hash(Nothing()) and repr(Nothing()).endswith("Nothing()")


@given(first=VALUES, second=VALUES)
def test_a_mutable_class_compares_as_a_dataclass_and_is_unhashable(
    first: tuple[Any, ...], second: tuple[Any, ...]
) -> None:
    def body() -> type:
        class Step:
            x: int
            y: tuple[str, ...] = ()
            note: int = dataclasses.field(default=0, compare=False)

        return Step

    standard, ours = dataclasses.dataclass(body()), mutable(body())
    names = ("x", "y", "note")
    a, b = ours(**dict(zip(names, first, strict=True))), ours(**dict(zip(names, second, strict=True)))
    sa, sb = standard(**dict(zip(names, first, strict=True))), standard(**dict(zip(names, second, strict=True)))
    assert (a == b) == (sa == sb) and repr(a) == repr(sa)
    a.x = second[0]  # fields may change
    assert a.x == second[0]
    with pytest.raises(TypeError):
        hash(a)


@pytest.mark.parametrize("slots", [False, True])
def test_frozen_methods_guard_as_the_standard_ones_do(slots: bool) -> None:
    standard, ours = _pair(slots=slots)

    def outcome(attempt: Any, instance: Any) -> str:
        try:
            attempt(instance)
        except dataclasses.FrozenInstanceError as error:
            return f"frozen: {error}"
        except AttributeError:
            return "no such attribute"
        except TypeError as error:
            # Python 3.11's slotted frozen class guards the class it replaced: super() then fails.
            assert "super(type, obj)" in str(error)
            return "the standard one fails"
        return "done"

    for cls in (standard, ours):
        cls.Child = type("Child", (cls,), {})  # a plain subclass may add attributes of its own
    for attempt in (
        lambda p: setattr(p, "x", 2),
        lambda p: delattr(p, "y"),
        lambda p: setattr(p, "other", 1),
        lambda p: setattr(p.Child(1), "other", 1),
        lambda p: setattr(p.Child(1), "x", 1),
        lambda p: delattr(p.Child(1), "x"),
    ):
        expected = outcome(attempt, standard(1))
        if expected != "the standard one fails":
            assert outcome(attempt, ours(1)) == expected
    assert ours.__setattr__ is not standard.__setattr__
    # The stdlib's own maker is back once our class is made: a later dataclass gets its own methods.
    later = dataclasses.dataclass(frozen=True)(type("Later", (), {"__annotations__": {"x": int}}))
    assert later.__setattr__ is not ours.__setattr__ and later.__setattr__.__qualname__.endswith("__setattr__")


def test_a_frozen_record_built_through_its_dict_reads_and_refuses_as_a_frozen_one() -> None:
    @frozen
    class Base:
        a: int
        b: tuple[int, ...] = dataclasses.field(default_factory=tuple)
        memo: int | None = dataclasses.field(default=None, init=False, compare=False)

        def __post_init__(self) -> None:
            object.__setattr__(self, "memo", self.a * 2)

    @frozen(slots=True)
    class Slotted:
        a: int

    @frozen
    class OnSlots(Slotted):  # its base's field lives in a slot: never shadowed by the dict
        c: str = "c"

    record = Base(3)
    assert (record.a, record.b, record.memo) == (3, (), 6) and vars(record) == {"a": 3, "b": (), "memo": 6}
    assert record == Base(3) and hash(record) == hash(Base(3)) and record != Base(4)
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.a = 4  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del record.b  # type: ignore[misc]
    on_slots = OnSlots(1, "x")
    assert (on_slots.a, on_slots.c) == (1, "x") and "a" not in vars(on_slots)
    assert dataclasses.replace(on_slots, a=2) == OnSlots(2, "x")
