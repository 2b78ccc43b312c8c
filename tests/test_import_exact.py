"""`import` writes YAML that resolves exactly, and says what it wrote by IRI and what it lost."""

from __future__ import annotations

import re

import pytest
import rdflib
from click.testing import CliRunner
from test_identity_by_iri import FIXTURES, Vocabulary

import graph
from graph.cli import cli

GG = "https://w3id.org/glossgraph/ns#"
XSD_STRING = rdflib.URIRef("http://www.w3.org/2001/XMLSchema#string")


def _plain(graph_: rdflib.Graph) -> set:
    """The triples without gg: ones, xsd:string literals as plain ones (RDF 1.1 says they are equal)."""
    found = set()
    for s, p, o in graph_:
        if str(p).startswith(GG):
            continue
        if isinstance(o, rdflib.Literal) and o.datatype == XSD_STRING:
            o = rdflib.Literal(str(o))
        found.add((s, p, o))
    return found


@pytest.mark.parametrize("name", FIXTURES)
def test_import_round_trip_keeps_every_link_by_iri(fixtures, tmp_path, name):
    path = fixtures / "skos" / name
    vocabulary = Vocabulary(path)
    result = CliRunner().invoke(cli, ["import", str(path), "--to", str(tmp_path / "yaml")])
    assert result.exit_code == 0, result.output
    imported = graph.load(tmp_path / "yaml")
    iri = {term.id: rdflib.URIRef(imported.iri(term)) for term in imported}
    assert {(iri[k.source], k.relation, iri[k.target]) for k in imported.links} == vocabulary.links
    assert imported.ambiguous == []

    folded = [name.casefold() for name in vocabulary.names.values()]
    shared = {c for c, name in vocabulary.names.items() if folded.count(name.casefold()) > 1}
    by_iri = sum(1 for _, _, target in vocabulary.links if target in shared)
    assert f"{by_iri} links name their target by IRI" in result.output

    exported = rdflib.Graph().parse(data=imported.rdf.serialize(format="nt"), format="nt")
    assert _plain(vocabulary.rdf) - _plain(exported) == set()
    kept = (tmp_path / "yaml" / "rdf-extra.nt").read_text()
    counted = re.search(r"(\d+) triples YAML cannot hold are kept in", result.output)
    marks = kept.count("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                       "<http://www.w3.org/2004/02/skos/core#Concept> .")
    assert marks == 2  # the two concepts with an rdfs:label, marked as concepts
    assert int(counted.group(1)) == kept.count("\n") - marks == 4  # 2 rdfs:label, the scheme's 2
