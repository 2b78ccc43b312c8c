"""The fast paths of the rules give exactly what the plain implementations gave."""

from __future__ import annotations

import random
from pathlib import PurePath

import networkx as nx
import pytest
from rapidfuzz import fuzz, process

from graph.checks.labels import _file_name
from graph.checks.similar import CloseNames
from graph.model import fold
from graph.views.nx import undirected_links

pytest.importorskip("numpy")

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
