"""The resolved links as integer arrays, for the structural checks of large glossaries.

Each structural rule used to walk the 430k `Link` objects of a 100k-term
glossary on its own (which terms are linked, which links are declared back,
the weak components), at 0.3 to 1 s a walk. `LinkTable` reads the links
once into numpy arrays (term numbers in glossary order, relation codes) and
answers those questions with a few array operations. Each answer is exactly
what the plain-Python function in `graph.views.links` (or the loop in
`graph.checks.structure`) gives; tests compare them on random glossaries.

Below `TABLE_MIN_LINKS` links the plain functions are used: importing numpy
(0.1 s) costs more than they take there.
"""

from __future__ import annotations

import os
import sys
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Glossary, Link

__all__ = ["LinkTable", "TABLE_MIN_LINKS", "MAX_ROUNDS", "import_numpy", "find_sorted", "RELATIONS"]

#: From this many links the structural checks read them through a `LinkTable`.
TABLE_MIN_LINKS = 20_000
#: Relation codes in the table; a link's inverse relation is INVERSE_CODE[code].
RELATIONS = ("broader", "narrower", "related")
INVERSE_CODE = (1, 0, 2)
#: Round-by-round array passes (label propagation here, trimming and levels in
#: `graph.checks.structure_table`) give up after this many rounds, and the plain
#: implementation answers; glossaries settle in a handful.
MAX_ROUNDS = 64


def import_numpy() -> Any:
    """numpy, imported without starting OpenBLAS's thread pool.

    glossgraph multiplies no matrices, and a process running a second OS
    thread may not fork (`graph.forked`): the checks and the check cache's
    writer would run in this process instead.

    >>> import_numpy().arange(3).tolist()
    [0, 1, 2]
    """
    if "numpy" not in sys.modules:
        saved = os.environ.get("OPENBLAS_NUM_THREADS")
        os.environ["OPENBLAS_NUM_THREADS"] = "1"  # read once, when OpenBLAS starts
        try:
            import numpy  # noqa: F401
        finally:
            if saved is None:
                del os.environ["OPENBLAS_NUM_THREADS"]
            else:
                os.environ["OPENBLAS_NUM_THREADS"] = saved
    return sys.modules["numpy"]


def find_sorted(np: Any, keys: Any, wanted: Any) -> Any:
    """Per wanted value, its position in the sorted array `keys`, or -1 when absent.

    >>> import numpy as np
    >>> find_sorted(np, np.array([2, 5, 9]), np.array([5, 3, 9, 10])).tolist()
    [1, -1, 2, -1]
    """
    if not len(keys):
        return np.full(len(wanted), -1)
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[at] == wanted, at, -1)


class LinkTable:
    """`glossary.links` as arrays: `source`, `target` (term numbers), `relation` (codes).

    Term number i is the i-th term of `glossary.terms`; `ids[i]` is its id.

    Examples
    --------
    >>> from graph.model import Glossary, Reference, Term
    >>> g = Glossary([Term("a", references=[Reference("b", "broader", 0), Reference("c", "related", 1)]),
    ...               Term("b", references=[Reference("a", "narrower", 0)]), Term("c"), Term("d")])
    >>> table = LinkTable(g)
    >>> table.source.tolist(), table.target.tolist(), table.relation.tolist()
    ([0, 0, 1], [1, 2, 0], [0, 2, 1])
    >>> sorted(table.linked_ids()), table.missing_inverses().tolist()
    (['a', 'b', 'c'], [1])
    >>> [sorted(c) for c in table.components()]
    [['a', 'b', 'c'], ['d']]
    """

    def __init__(self, glossary: Glossary) -> None:
        np = self.np = import_numpy()
        self.glossary = glossary
        self.ids = list(glossary.terms)
        self.number = dict(zip(self.ids, range(len(self.ids))))
        number = self.number.__getitem__
        links, count = glossary.links, len(glossary.links)
        self.source = np.fromiter(map(number, map(attrgetter("source"), links)), np.int64, count)
        self.target = np.fromiter(map(number, map(attrgetter("target"), links)), np.int64, count)
        code = dict(zip(RELATIONS, range(3))).__getitem__
        self.relation = np.fromiter(map(code, map(attrgetter("relation"), links)), np.int8, count)

    def linked_ids(self) -> set[str]:
        """`graph.views.links.linked_ids`: terms with a link to or from another term."""
        np = self.np
        other = self.source != self.target
        linked = np.zeros(len(self.ids), bool)
        linked[self.source[other]] = True
        linked[self.target[other]] = True
        ids = self.ids
        return {ids[i] for i in np.flatnonzero(linked).tolist()}

    def _keys(self, source: Any, target: Any, relation: Any) -> Any:
        """One integer per (source, target, relation)."""
        return (source * len(self.ids) + target) * 3 + relation

    @cached_property
    def _declared(self) -> tuple[Any, Any]:
        """The distinct (source, target, relation) keys, sorted, and each one's first link."""
        return self.np.unique(self._keys(self.source, self.target, self.relation), return_index=True)

    def first_link(self, source: str, target: str, relation: str) -> Link | None:
        """The first link `source` declares with `relation` to `target`, if any.

        >>> from graph.model import Glossary, Reference, Term
        >>> g = Glossary([Term("a", references=[Reference("b", "related", 0), Reference("b", "related", 1)]),
        ...               Term("b")])
        >>> table = LinkTable(g)
        >>> table.first_link("a", "b", "related").reference.index, table.first_link("b", "a", "related")
        (0, None)
        """
        np, number = self.np, self.number
        key = self._keys(number[source], number[target], RELATIONS.index(relation))
        declared, first = self._declared
        at = int(find_sorted(np, declared, np.array([key]))[0])
        return self.glossary.links[int(first[at])] if at >= 0 else None

    def missing_inverses(self) -> Any:
        """Indexes into `glossary.links` of the links the other term does not declare back.

        Self-links are left out, and of repeated declarations only the first
        is given; in link order, as `graph.checks.structure.missing_inverses`.
        """
        np = self.np
        declared, _ = self._declared
        inverse = np.array(INVERSE_CODE, np.int64)[self.relation]
        wanted = self._keys(self.target, self.source, inverse)
        missing = np.flatnonzero((find_sorted(np, declared, wanted) < 0) & (self.source != self.target))
        keys = self._keys(self.source[missing], self.target[missing], self.relation[missing])
        _, first = np.unique(keys, return_index=True)  # the first occurrence of each key
        return np.sort(missing[first])

    def components(self) -> list[set[str]]:
        """`graph.views.links.link_components`: the weak components, ordered by their first term."""
        np = self.np
        group = self._component_numbers()
        if group is None or not len(group):  # pragma: no cover - unsettled after MAX_ROUNDS, or empty
            from .links import link_components

            return link_components(self.glossary)
        order = np.argsort(group, kind="stable")  # a component's number is its first term's
        bounds = np.flatnonzero(np.diff(group[order])) + 1
        ids = self.ids
        return [{ids[i] for i in members.tolist()} for members in np.split(order, bounds)]

    def _component_numbers(self) -> Any:
        """Per term, the number of the first term of its weak component, or None if unsettled.

        Label propagation: every component's root is hooked to the lowest
        number it touches, then every term points straight at its root; when
        a round changes nothing, each link joins two terms of one number.
        """
        np = self.np
        group = np.arange(len(self.ids))
        source, target = self.source, self.target
        for _ in range(MAX_ROUNDS):
            low = np.minimum(group[source], group[target])
            hooked = group.copy()
            np.minimum.at(hooked, group[source], low)  # each component's root takes the lowest
            np.minimum.at(hooked, group[target], low)  # number it touches
            while True:  # then every term points straight at its root
                jumped = hooked[hooked]
                if np.array_equal(jumped, hooked):
                    break
                hooked = jumped
            if np.array_equal(hooked, group):
                return group
            group = hooked
        return None  # pragma: no cover
