"""The link table (numpy) gives exactly what the plain-Python structure functions give."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import graph
from graph.checks import run_checks, structure_table
from graph.checks.registry import CheckContext
from graph.checks.structure import missing_inverses
from graph.checks.structure_reach import PlainHierarchy
from graph.checks.structure_table import TableHierarchy
from graph.model import Glossary, Reference, Term
from graph.views import link_table
from graph.views.link_table import LinkTable
from graph.views.links import link_components, linked_ids
from tests.benchmarks.synth import generate

_RELATION = st.sampled_from(["broader", "narrower", "related"])
#: Per term, its references: (target number, relation); a number past the last term is broken.
_GLOSSARY = st.integers(1, 24).flatmap(
    lambda size: st.lists(st.lists(st.tuples(st.integers(0, size), _RELATION), max_size=5),
                          min_size=size, max_size=size))


def _glossary(refs: list[list[tuple[int, str]]]) -> Glossary:
    names = [f"t{i}" for i in range(len(refs))]
    return Glossary([Term(name, references=[
        Reference(names[target] if target < len(names) else "nowhere", relation, index)
        for index, (target, relation) in enumerate(refs[number])]) for number, name in enumerate(names)])


def _plain_missing(glossary: Glossary) -> list[tuple]:
    ctx = CheckContext(glossary)
    ctx.table = None  # the plain loop
    return list(missing_inverses(ctx, ("broader", "narrower", "related")))


@settings(max_examples=400, deadline=None)
@given(_GLOSSARY)
def test_table_answers_equal_the_plain_functions(refs):
    glossary = _glossary(refs)
    table = LinkTable(glossary)
    assert table.linked_ids() == linked_ids(glossary)
    assert table.components() == link_components(glossary)
    links = glossary.links
    missing = [links[i] for i in table.missing_inverses().tolist()]
    assert missing == [link for link, _ in _plain_missing(glossary)]


def _cycles(index) -> list:
    found = [(sorted(members), list(parents.items())) for members, parents in index.cycles()]
    return sorted(found)


@settings(max_examples=400, deadline=None)
@given(_GLOSSARY)
def test_table_hierarchy_answers_equal_the_plain_ones(refs):
    import networkx as nx

    glossary = _glossary(refs)
    ctx = CheckContext(glossary)
    plain, table = PlainHierarchy(ctx), TableHierarchy.build(LinkTable(glossary))
    assert _cycles(table) == _cycles(plain)
    assert table.clashes() == plain.clashes()
    assert table.redundant() == plain.redundant()
    ids, np = table.table.ids, table.np
    lower, upper = (np.array(column, np.int64) for column in zip(*[(a, b) for a in range(len(ids))
                                                                    for b in range(len(ids))]))
    above = table.above(upper, lower).tolist()
    for a, b, is_above in zip(lower.tolist(), upper.tolist(), above):
        assert is_above == ctx.reach.is_above(ids[b], ids[a])
        if is_above:
            assert table.path(a, b) == nx.shortest_path(ctx.hierarchy, ids[a], ids[b])


def test_a_hierarchy_too_deep_for_the_rounds_is_left_to_the_plain_one(monkeypatch):
    depth = structure_table.MAX_ROUNDS + 10
    refs = [[(i + 1, "broader")] * (i + 1 < depth) + [(i + 3, "related")] * (i % 7 == 0)
            for i in range(depth)]
    refs += [[(depth + 1, "broader"), (0, "broader")], [(depth, "broader")]]  # a cycle at the bottom
    glossary = _glossary(refs)
    assert TableHierarchy.build(LinkTable(glossary)) is None
    plain = _structure_findings(glossary, monkeypatch, 10**9)
    assert _structure_findings(glossary, monkeypatch, 0) == plain
    assert {f.code for f in plain} >= {"GG204", "GG205"}


def test_components_settle_on_a_long_chain():
    # label propagation on a path numbered against its direction: the worst order for it
    size = 3000
    refs = [[(i - 1, "related")] if i else [] for i in range(size)]
    refs.reverse()
    glossary = _glossary([[(size - 1 - t, r) for t, r in row] for row in refs])
    table = LinkTable(glossary)
    assert table._component_numbers() is not None
    assert table.components() == link_components(glossary) and len(table.components()) == 1


def _structure_findings(glossary: Glossary, monkeypatch: pytest.MonkeyPatch, minimum: int) -> list:
    monkeypatch.setattr(link_table, "TABLE_MIN_LINKS", minimum)
    return run_checks(glossary, select="GG2", today=dt.date(2026, 1, 1))


def test_checks_with_the_table_equal_the_plain_checks(tmp_path, monkeypatch):
    folder = generate(600, tmp_path)
    for name, text in {"lone": "term: lone\n",  # an orphan, and a cluster of two
                       "isle-a": "term: isle a\nrelationships:\n  related: [isle b]\n",
                       "isle-b": "term: isle b\nrelationships:\n  narrower: [isle a, isle b]\n"}.items():
        (folder / f"{name}.yml").write_text(text)
    glossary = graph.load(folder, config={})
    built = []
    original = LinkTable.__init__
    monkeypatch.setattr(LinkTable, "__init__", lambda self, g: (built.append(1), original(self, g))[1])
    plain = _structure_findings(glossary, monkeypatch, 10**9)
    assert not built
    fast = _structure_findings(glossary, monkeypatch, 0)
    assert built == [1]
    assert fast == plain
    assert {f.code for f in plain} >= {"GG201", "GG202", "GG203", "GG204", "GG205", "GG206", "GG207"}


@pytest.mark.realdata
def test_checks_with_the_table_equal_the_plain_checks_on_the_real_glossary(ai_glossary, monkeypatch):
    glossary = graph.load(ai_glossary)
    plain = _structure_findings(glossary, monkeypatch, 10**9)
    assert _structure_findings(glossary, monkeypatch, 0) == plain
    assert {f.code for f in plain} >= {"GG202", "GG203", "GG205", "GG206"}


@pytest.mark.realdata
def test_checks_with_the_table_equal_the_plain_checks_on_physh(physh, monkeypatch):
    glossary = graph.load(physh)
    plain = _structure_findings(glossary, monkeypatch, 10**9)
    assert _structure_findings(glossary, monkeypatch, 0) == plain
    assert TableHierarchy.build(LinkTable(glossary)) is not None  # the deep real hierarchy settles


def test_numpy_comes_without_a_thread_pool():
    code = ("from graph.views.link_table import import_numpy; from graph.forked import single_threaded; "
            "import os; import_numpy(); print(single_threaded(), 'OPENBLAS_NUM_THREADS' in os.environ)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "False"]


def test_an_empty_glossary_has_no_components():
    assert LinkTable(Glossary([])).components() == [] == link_components(Glossary([]))


def test_one_cycle_through_every_term_with_chords(monkeypatch):
    # the trimming leaves everything: networkx's SCCs then run on the whole hierarchy
    size = 1500
    refs = [[((i + 1) % size, "broader")] + [((i * 7) % size, "related")] * (i % 5 == 0)
            + [((i + 2) % size, "narrower")] * (i % 11 == 0) for i in range(size)]
    glossary = _glossary(refs)
    plain = _structure_findings(glossary, monkeypatch, 10**9)
    assert _structure_findings(glossary, monkeypatch, 0) == plain
    [cycle] = [f for f in plain if f.code == "GG204"]
    assert f"({size} terms in the cycle" in cycle.message
    assert {f.code for f in plain} >= {"GG202", "GG203", "GG204", "GG205"}


def test_a_large_glossary_is_checked_without_networkx():
    # importing networkx is 0.15 s; with the table, cycles are found without it too
    code = ("import sys\n"
            "from graph.checks import run_checks\n"
            "from graph.model import Glossary, Reference, Term\n"
            "from graph.views import link_table\n"
            "link_table.TABLE_MIN_LINKS = 0\n"
            "terms = [Term(f't{i}', references=[Reference(f't{i // 2}', 'broader', 0)] if i else\n"
            "              [Reference('t9', 'broader', 0)]) for i in range(50)]\n"
            "codes = {f.code for f in run_checks(Glossary(terms), select='GG2')}\n"
            "print(sorted(codes), 'networkx' in sys.modules, 'numpy' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["['GG202',", "'GG204']", "False", "True"]
