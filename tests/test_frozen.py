"""quick_init: the same frozen dataclass, created faster."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle

import pytest

from graph.findings import Finding
from graph.frozen import quick_init
from graph.model import AmbiguousReference, Link, Position, Reference, UnresolvedReference

QUICK = [Finding, Position, Reference, Link, UnresolvedReference, AmbiguousReference]


def _reference_class(cls: type) -> type:
    """The same dataclass, with the __init__ dataclasses generates."""
    plain = type(cls.__name__, (), {"__annotations__": dict(cls.__annotations__),
                                    **{f.name: f.default for f in dataclasses.fields(cls)
                                       if f.default is not dataclasses.MISSING}})
    return dataclasses.dataclass(frozen=True)(plain)


@pytest.mark.parametrize("cls", QUICK, ids=lambda c: c.__name__)
def test_same_signature_as_the_generated_init(cls):
    assert inspect.signature(cls) == inspect.signature(_reference_class(cls))


@pytest.mark.parametrize("cls", QUICK, ids=lambda c: c.__name__)
def test_fields_defaults_equality_hash_and_freezing(cls):
    names = [f.name for f in dataclasses.fields(cls)]
    required = [f for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING]
    values = {f.name: f"v{i}" for i, f in enumerate(required)}
    made = cls(**values)
    expected = _reference_class(cls)(**values)
    assert [getattr(made, n) for n in names] == [getattr(expected, n) for n in names]
    assert made == cls(**values) and hash(made) == hash(cls(**values))
    assert repr(made) == repr(expected)
    assert pickle.loads(pickle.dumps(made)) == made == copy.deepcopy(made)
    assert dataclasses.replace(made, **{names[0]: "other"}) != made
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, names[0], "changed")
    with pytest.raises(TypeError):
        cls()  # the required fields are still required


def test_positional_and_keyword_arguments_agree():
    row = ("GG101", "broken-reference", "error", "m", "a.yml", 3, 5, "t", "x", "related", "y")
    by_name = Finding(**dict(zip([f.name for f in dataclasses.fields(Finding)], row)))
    assert Finding(*row) == by_name and Finding(*row[:4]).line is None
    with pytest.raises(TypeError):
        Finding(*row, "one too many")


def test_refuses_what_it_cannot_copy_faithfully():
    @dataclasses.dataclass
    class Mutable:
        x: int

    @dataclasses.dataclass(frozen=True)
    class WithFactory:
        x: list = dataclasses.field(default_factory=list)

    @dataclasses.dataclass(frozen=True)
    class WithPostInit:
        x: int

        def __post_init__(self):
            pass

    for cls in (Mutable, WithFactory, WithPostInit, int):
        with pytest.raises(TypeError):
            quick_init(cls)
