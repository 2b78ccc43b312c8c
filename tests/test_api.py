"""The public API in graph/__init__.py: the five lines of the README work."""

from __future__ import annotations

import graph


def test_readme_python_lines(sample, tmp_path):
    import graph.export.rdf  # noqa: F401  importing submodules must not shadow the functions
    import graph.query  # noqa: F401

    glossary = graph.load(sample)
    findings = graph.check(glossary)
    assert [f.code for f in findings if f.severity != "info"] == []
    rows = graph.sparql(glossary, "SELECT ?l WHERE { ?c skos:prefLabel ?l }").rows
    assert len(rows) == len(glossary) + len({c for t in glossary for c in t.categories})
    written = graph.export(glossary, "ttl", tmp_path / "g.ttl")
    assert written == [tmp_path / "g.ttl"] and written[0].stat().st_size > 1000
    assert callable(graph.export) and callable(graph.sparql)


def test_public_names():
    for name in graph.__all__:
        assert hasattr(graph, name), name
