"""The benchmark at 200 terms: every stage runs, the table and JSON come out, the data is seeded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.benchmarks import bench
from tests.benchmarks.synth import generate, synthesize


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yml"))}


def test_generator_is_seeded_and_shaped_like_a_glossary(tmp_path):
    first = generate(200, tmp_path / "a")
    assert files(first) == files(generate(200, tmp_path / "b"))
    assert files(first) != files(generate(200, tmp_path / "c", seed=1))
    sizes = [len(data) for data in files(first).values()]
    assert len(sizes) == 200 and 1500 < sum(sizes) / len(sizes) < 3000
    terms = synthesize(2000)
    assert sum(len(t.related) for t in terms) / len(terms) == pytest.approx(3, abs=0.4)
    assert {t.depth for t in terms} == set(range(7))


def test_generated_glossary_has_the_flaws_checks_look_for(tmp_path):
    import networkx as nx

    import graph
    from graph.views.links import hierarchy_from_links

    glossary = graph.load(generate(1000, tmp_path), config={})
    references = sum(len(term.references) for term in glossary)
    assert 0.005 < len(glossary.unresolved) / references < 0.05
    cycles = [c for c in nx.strongly_connected_components(hierarchy_from_links(glossary)) if len(c) > 1]
    assert 1 <= len(cycles) <= 10
    related = {(link.source, link.target) for link in glossary.links if link.relation == "related"}
    one_way = [pair for pair in related if pair[::-1] not in related]
    assert one_way


def test_benchmark_runs_every_stage_at_200_terms(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert bench.main(["--sizes", "200", "--repeat", "1", "--workdir", str(tmp_path),
                       "--no-browser", "--json", str(out)]) == 0
    report = json.loads(out.read_text())
    stages = report["sizes"]["200"]
    errors = {name: entry["error"] for name, entry in stages.items() if "error" in entry}
    assert errors == {}
    for name in ("parse_cold", "parse_warm", "resolve", "nx_view", "rdf_store", "checks",
                 "export_ttl", "export_html", "skosify", "ttl_load_and_checks",
                 "cli_check_cold", "cli_check_warm", "cli_check_rules", "cli_check_edit",
                 "cli_check_relink"):
        assert stages[name]["median"] > 0, name
    assert stages["cli_check_peak_rss_mb"]["value"] > 10
    assert stages["sparql"] and all({"ours", "raw", "rdflib"} <= set(row)
                                    for row in stages["sparql"].values())
    table = capsys.readouterr().out
    assert "glossgraph check, warm" in table and "SPARQL at 200 terms" in table
    # the CLI rows time glossgraph as installed: its modules compiled, as pip install does
    import importlib.util

    import graph.cli

    assert report["machine"]["bytecode"] == "compiled before the CLI runs"
    assert Path(importlib.util.cache_from_source(graph.cli.__file__)).exists()
    assert "glossgraph's bytecode: compiled before the CLI runs" in table
