"""The small graph algorithms give exactly networkx's answers, in networkx's order."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.views.digraph import find_cycle, strongly_connected_components

#: A directed graph on nodes 0..n-1: its edges in insertion order (self-loops and repeats too).
_EDGES = st.integers(1, 12).flatmap(
    lambda size: st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, size - 1)), max_size=30))


def _graphs(edges: list[tuple[int, int]]) -> tuple[nx.DiGraph, dict[int, dict[int, None]]]:
    graph = nx.DiGraph()
    graph.add_edges_from(edges)
    succ: dict[int, dict[int, None]] = {}
    for u, v in edges:
        succ.setdefault(u, {})
        succ.setdefault(v, {})
        succ[u][v] = None
    assert list(succ) == list(graph) and all(list(succ[u]) == list(graph[u]) for u in graph)
    return graph, succ


@settings(max_examples=500, deadline=None)
@given(_EDGES)
def test_components_equal_networkx_in_its_order(edges):
    graph, succ = _graphs(edges)
    assert list(strongly_connected_components(succ)) == list(nx.strongly_connected_components(graph))


@settings(max_examples=500, deadline=None)
@given(_EDGES)
def test_the_cycle_from_each_node_is_networkx_cycle(edges):
    graph, succ = _graphs(edges)
    for node in graph:
        try:
            expected = nx.find_cycle(graph, source=node)
        except nx.NetworkXNoCycle:
            expected = []
        assert find_cycle(succ, node) == expected


def test_a_long_cycle_with_chords_and_a_dead_end():
    size = 3000  # deeper than the recursion limit: both functions must be iterative
    edges = [(i, (i + 1) % size) for i in range(size)] + [(i, (i * 7) % size) for i in range(0, size, 5)]
    edges.append((5, size))  # a sink
    graph, succ = _graphs(edges)
    assert list(strongly_connected_components(succ)) == list(nx.strongly_connected_components(graph))
    assert find_cycle(succ, 3) == nx.find_cycle(graph, source=3)
    assert find_cycle(succ, size) == []
