"""The fast paths of the rules give exactly what the plain implementations gave."""

from __future__ import annotations

import random
from pathlib import PurePath

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from graph.checks.labels import _file_name
from graph.checks.similar import FEW_QUERIES, CloseNames, _Index
from graph.checks.structure_reach import Reachability
from graph.model import fold
from graph.views.nx import undirected_links

numpy = pytest.importorskip("numpy")

_ALPHABET = "abcdeilmnorstu  -9äßé机"


def _names(rng: random.Random, count: int) -> list[str]:
    words = ["".join(rng.choice(_ALPHABET) for _ in range(rng.randrange(1, 9))) for _ in range(60)]
    names = {fold(" ".join(rng.sample(words, rng.randrange(1, 4)))) for _ in range(count)}
    return sorted(names | {"", "a", "delta", "delta force"})


def test_close_names_match_rapidfuzz_extract() -> None:
    rng = random.Random(7)
    names = _names(rng, 3000)
    queries = [name[: rng.randrange(0, len(name) + 1)] + rng.choice(["", "x", "e", " a"])
               for name in rng.sample(names, 400)] + names[:50] + ["", " ", "机器", "straße 9"]
    matcher = CloseNames(names, limit=9, cutoff=80)
    matcher.prefetch(queries)
    for query in queries:
        expected = process.extract(query, names, scorer=fuzz.ratio, limit=9, score_cutoff=80)
        assert matcher.extract(query) == expected, query


def test_file_name_matches_purepath() -> None:
    for file in ["a/b/large-language-model.yml", "x.YAML", "a/.yml", "dir.d/t.v1.yaml", "t.yml"]:
        path = PurePath(file)
        assert _file_name(file) == (path.name, path.stem, path.suffix)


def test_weak_components_are_the_undirected_components() -> None:
    graph = nx.MultiDiGraph([("a", "b"), ("b", "a"), ("c", "d"), ("e", "e")])
    graph.add_node("f")
    weak = [sorted(c) for c in nx.weakly_connected_components(graph)]
    plain = [sorted(c) for c in nx.connected_components(undirected_links(graph))]
    assert weak == plain


_SMALL = st.text(alphabet="abcde 9é机", max_size=12)
_REPEATS = st.text(alphabet="aab  e9", max_size=30)  # many repeats: the levels and the excess matter


def _assert_filters_keep_every_match(names: list[str], queries: list[str], cutoff: float) -> None:
    """Brute force: every name `fuzz.ratio` puts at `cutoff` or above passes the filters."""
    matcher = CloseNames(names, limit=2, cutoff=cutoff)
    matcher._bits = _Index(numpy, matcher.names)  # the filter, even for a few queries
    matcher.prefetch(queries)
    for query in dict.fromkeys(queries):
        kept = set(matcher._candidates([query])[0].tolist())
        for i, name in enumerate(names):
            if fuzz.ratio(query, name) >= cutoff:
                assert i in kept, (query, name)
        expected = process.extract(query, names, scorer=fuzz.ratio, limit=2, score_cutoff=cutoff)
        assert matcher.extract(query) == expected, query


@settings(max_examples=200, deadline=None)
@given(names=st.lists(_SMALL, min_size=1, max_size=40), queries=st.lists(_SMALL, min_size=1, max_size=8),
       cutoff=st.sampled_from([0.5, 1, 50, 79.5, 80, 100]))
def test_close_names_filters_never_drop_a_match(names: list[str], queries: list[str], cutoff: float) -> None:
    """The counting and pair filters and the float32 cdist pass keep every name rapidfuzz keeps."""
    _assert_filters_keep_every_match(names, queries, cutoff)


@settings(max_examples=200, deadline=None)
@given(names=st.lists(_REPEATS, min_size=1, max_size=40), queries=st.lists(_REPEATS, min_size=1, max_size=8),
       cutoff=st.sampled_from([60, 75, 80, 85, 90]))
def test_close_names_filters_with_repeated_characters(names: list[str], queries: list[str],
                                                       cutoff: float) -> None:
    _assert_filters_keep_every_match(names, queries, cutoff)


def test_a_few_queries_are_scored_directly_with_the_same_answers() -> None:
    """Up to FEW_QUERIES are scored against every name: no index, and the filter's answers."""
    rng = random.Random(5)
    names = _names(rng, 500)
    queries = [name[:-1] + "x" for name in rng.sample(names, FEW_QUERIES)]
    direct = CloseNames(names)
    direct.prefetch(queries)
    assert direct._bits is None
    filtered = CloseNames(names)
    filtered._bits = _Index(numpy, filtered.names)
    filtered.prefetch(queries)
    assert [direct.extract(q) for q in queries] == [filtered.extract(q) for q in queries]
    assert any(direct.extract(q) for q in queries)
    direct.prefetch(queries + [name + "y" for name in names[:FEW_QUERIES + 1]])
    assert direct._bits is not None  # more than a few: the filter


def test_close_names_match_brute_force_on_random_names() -> None:
    """Near-misses of many names (the case the filters are tuned for) against plain rapidfuzz."""
    rng = random.Random(11)
    names = _names(rng, 2000)
    queries = []
    for name in rng.sample(names, 300):
        chars = list(name)
        for _ in range(rng.randrange(0, 5)):
            spot = rng.randrange(0, len(chars) + 1)
            if chars and rng.random() < 0.5:
                del chars[min(spot, len(chars) - 1)]
            else:
                chars.insert(spot, rng.choice(_ALPHABET))
        queries.append("".join(chars))
    for cutoff in (70, 80, 90):
        _assert_filters_keep_every_match(names, queries[:100] if cutoff != 80 else queries, cutoff)


@settings(max_examples=200, deadline=None)
@given(edges=st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), max_size=40))
def test_reachability_matches_networkx(edges: list[tuple[int, int]]) -> None:
    """The dict condensation and its levels answer is_above like nx.has_path (cycles included)."""
    hierarchy = nx.DiGraph((f"n{a}", f"n{b}") for a, b in edges if a != b)
    hierarchy.add_nodes_from(f"n{i}" for i in range(13))
    reach = Reachability(hierarchy)
    for lower in hierarchy:
        for upper in hierarchy:
            assert reach.is_above(upper, lower) == nx.has_path(hierarchy, lower, upper), (lower, upper)


def test_a_few_queries_do_not_import_numpy():
    """Importing numpy costs 0.1 s: a check after adding one link should not pay it."""
    import subprocess
    import sys

    code = ("import sys; from graph.checks.similar import CloseNames, FEW_QUERIES; "
            "c = CloseNames(['alpha', 'beta']); c.extract('alph'); print('numpy' in sys.modules); "
            "c.prefetch([f'q{i}' for i in range(FEW_QUERIES + 1)]); print('numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True"]
