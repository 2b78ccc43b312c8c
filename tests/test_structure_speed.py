"""The fast paths of the structural rules answer exactly what the plain ones do."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.checks import run_checks, structure_reach
from graph.checks.structure_reach import Reachability
from graph.views.nx import nx_view

_EDGES = st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=30)


@settings(max_examples=300, deadline=None)
@given(_EDGES)
def test_ancestor_sets_and_search_agree_with_networkx(edges):
    hierarchy = nx.DiGraph()
    hierarchy.add_nodes_from(range(12))
    hierarchy.add_edges_from(edges)
    with_sets = Reachability(hierarchy)
    assert with_sets.ancestors is not None
    searched = Reachability(hierarchy)
    searched.ancestors = None
    for lower in hierarchy:
        for upper in hierarchy:
            truth = lower == upper or nx.has_path(hierarchy, lower, upper)
            assert with_sets.is_above(upper, lower) == truth
            assert searched.is_above(upper, lower) == truth


def test_a_deep_chain_falls_back_to_the_search(monkeypatch):
    monkeypatch.setattr(structure_reach, "ANCESTOR_BUDGET", 4)
    chain = nx.DiGraph([(i, i + 1) for i in range(100)])  # 0 -> 1 -> ... -> 100: 5050 ancestors
    reach = Reachability(chain)
    assert reach.ancestors is None
    assert reach.is_above(100, 0) and not reach.is_above(0, 100)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    import graph
    from tests.benchmarks.synth import generate

    return graph.load(generate(600, tmp_path_factory.mktemp("synth")))


def _structural(glossary):
    return [f.to_dict() for f in run_checks(glossary, select=["GG2", "GG405"])]


def test_structural_findings_do_not_depend_on_the_fast_paths(synthetic, monkeypatch):
    fast = _structural(synthetic)
    assert {f["code"] for f in fast} >= {"GG202", "GG203", "GG204", "GG205"}
    monkeypatch.setattr(structure_reach, "ANCESTOR_BUDGET", 0)
    assert _structural(synthetic) == fast


@pytest.mark.realdata
def test_real_structural_findings_do_not_depend_on_the_fast_paths(ai_glossary, monkeypatch):
    import graph

    fast = _structural(graph.load(ai_glossary))
    assert sum(f["code"] == "GG205" for f in fast) == 28
    monkeypatch.setattr(structure_reach, "ANCESTOR_BUDGET", 0)
    assert _structural(graph.load(ai_glossary)) == fast


def test_a_term_that_is_its_own_broader_does_not_break_the_checks():
    from graph.model import Glossary, Reference, Term

    glossary = Glossary([
        Term("a", references=[Reference("a", "broader", 0), Reference("b", "related", 0)]),
        Term("b", references=[Reference("a", "broader", 0)])])
    codes = [f.code for f in run_checks(glossary)]
    assert "GG103" in codes  # the self reference itself is reported
    assert "GG205" in codes  # b is related to a and below it


_REFS = st.lists(st.lists(st.tuples(st.integers(0, 9), st.sampled_from(["broader", "narrower", "related"])),
                          max_size=2), min_size=9, max_size=9)


def _clusters_from_the_view(glossary):
    """GG207 as it was computed on the networkx view, for comparison."""
    label = lambda node: glossary.terms[node].label  # noqa: E731
    components = [sorted(c, key=label) for c in nx.weakly_connected_components(nx_view(glossary))]
    components.sort(key=lambda c: (-len(c), label(c[0])))
    return [[label(m) for m in c] for c in components[1:] if len(c) > 1]


@settings(max_examples=300, deadline=None)
@given(_REFS, st.lists(st.sampled_from(["a", "b", "c"]), min_size=9, max_size=9))
def test_clusters_and_orphans_match_the_networkx_view(refs, labels):
    from graph.model import Glossary, Reference, Term

    names = [f"{labels[i]} {i}" if i % 3 else labels[i] * (i + 1) for i in range(9)]
    glossary = Glossary([Term(name, references=[
        Reference(names[target] if target < 9 else "nowhere", relation, k)
        for k, (target, relation) in enumerate(refs[i])]) for i, name in enumerate(names)])
    found = run_checks(glossary, select=["GG201", "GG207"])
    clusters = [f.message.split(": ", 1)[1] for f in found if f.code == "GG207"]
    expected = [", ".join(f"'{m}'" for m in c) for c in _clusters_from_the_view(glossary)]
    assert sorted(clusters) == sorted(expected)
    orphans = {f.term for f in found if f.code == "GG201"}
    view = nx_view(glossary)
    assert orphans == {glossary.terms[n].label for n in view
                       if all(o == n for o in nx.all_neighbors(view, n))}
