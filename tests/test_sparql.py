"""SPARQL on the embedded store: named queries, formats, ASK, errors, timeout, Python API."""

from __future__ import annotations

import csv
import datetime
import io
import json
import time
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import graph
from graph.cli import cli
from graph.errors import QueryError
from graph.query import named_queries, run_named, sparql
from graph.views.skos import store_of

B = "https://example.org/glossary/"
ML, DL, NN, TR = B + "machine-learning", B + "deep-learning", B + "neural-network", B + "transformer"
DQ, DC, AN = B + "data-quality", B + "data-cleaning", B + "anonymization"

#: name -> (params, expected rows as tuples in the order of the query's variables)
EXPECTED = {
    "top-concepts": ({}, [(AN, "anonymization"), (DC, "data cleaning"), (DQ, "data quality"),
                          (ML, "machine learning")]),
    "descendants": ({"term": "Machine Learning"}, [(DL, "deep learning"), (NN, "neural network"),
                                                   (TR, "transformer")]),
    "ancestors": ({"term": "transformer"}, [(DL, "deep learning"), (ML, "machine learning"),
                                            (NN, "neural network")]),
    "orphans": ({}, [(DC, "data cleaning")]),
    "one-way-related": ({}, [(AN, "anonymization", DQ, "data quality"),
                             (DL, "deep learning", NN, "neural network")]),
    "broader-without-narrower": ({}, [(NN, "neural network", DL, "deep learning"),
                                      (TR, "transformer", NN, "neural network")]),
    "unresolved-references": ({}, [("data quality", "narrower", "data lineage", "data-quality.yml"),
                                   ("transformer", "related", "attention mechanism",
                                    "transformer.yml")]),
    "terms-by-category": ({"category": "architecture"}, [(NN, "neural network"),
                                                         (TR, "transformer")]),
    "terms-by-role": ({"role": "engineering"}, [(ML, "machine learning"), (TR, "transformer")]),
    "terms-by-nist-tag": ({"tag": "validity"}, [(DQ, "data quality"), (ML, "machine learning")]),
    "not-reviewed-since": ({"since": "2025-01-01"}, [
        (TR, "transformer", None),
        (DC, "data cleaning", datetime.date(2022, 12, 31)),
        (NN, "neural network", datetime.date(2023, 5, 1)),
        (DL, "deep learning", datetime.date(2024, 6, 1))]),
    "shared-labels": ({}, [("scrubbing", AN, "anonymization"), ("scrubbing", DC, "data cleaning")]),
    "category-counts": ({}, [("Foundations", 3), ("Governance", 3), ("Architecture", 2)]),
}


@pytest.fixture(scope="module")
def data(request) -> str:
    return str(request.config.rootpath / "tests" / "fixtures" / "sparql")


@pytest.fixture(scope="module")
def glossary(data):
    return graph.load(data)


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_every_named_query_is_pinned():
    assert sorted(EXPECTED) == sorted(named_queries())
    for named in named_queries().values():
        assert named.description and not named.description.startswith("#")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_named_query_rows(glossary, name):
    params, expected = EXPECTED[name]
    result = run_named(glossary, name, params)
    rows = [tuple(row.values()) for row in result.rows]
    if name == "unresolved-references":  # gg:sourceFile is the path as shown, relative to the cwd
        rows = [(*row[:3], row[3].rsplit("/", 1)[-1]) for row in rows]
    assert rows == expected


def test_list_shows_names_and_descriptions():
    result = invoke("sparql", "--list")
    assert result.exit_code == 0
    for name, named in named_queries().items():
        assert f"{name} " in result.stdout and named.description in result.stdout
    assert "descendants" in result.stdout and "[term=...]" in result.stdout


def test_cli_named_query_table_shortens_iris(data):
    result = invoke("sparql", "--data", data, "--name", "descendants", "--param", "term=ML")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "?concept         ?label",
        "---------------  --------------",
        ":deep-learning   deep learning",
        ":neural-network  neural network",
        ":transformer     transformer",
    ]


def test_missing_and_unknown_parameters(data):
    result = invoke("sparql", "--data", data, "--name", "descendants")
    assert result.exit_code == 2 and "query 'descendants' needs term" in result.stderr
    result = invoke("sparql", "--data", data, "--name", "orphans", "--param", "nope=1")
    assert result.exit_code == 2 and "parameter 'nope' is not a variable" in result.stderr
    result = invoke("sparql", "--data", data, "--name", "no-such-query")
    assert result.exit_code == 2 and "no named query 'no-such-query'" in result.stderr


SELECT = "SELECT ?concept ?label ?modified WHERE { ?concept a skos:Concept ; skos:prefLabel ?label . " \
         "OPTIONAL { ?concept dcterms:modified ?modified } } ORDER BY ?label"


def _select(data, fmt):
    result = invoke("sparql", "--data", data, SELECT, "--format", fmt)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_csv_parses_back(data):
    rows = list(csv.reader(io.StringIO(_select(data, "csv"))))
    assert rows[0] == ["concept", "label", "modified"]
    assert rows[1] == [AN, "anonymization", "2025-02-01"]
    assert rows[-1] == [TR, "transformer", ""]
    assert len(rows) == 8


def test_tsv_parses_back(data):
    rows = list(csv.reader(io.StringIO(_select(data, "tsv")), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows[0] == ["?concept", "?label", "?modified"]
    assert rows[1] == [f"<{AN}>", '"anonymization"@en',
                       '"2025-02-01"^^<http://www.w3.org/2001/XMLSchema#date>']
    assert len(rows) == 8


def test_json_parses_back(data):
    document = json.loads(_select(data, "json"))
    assert document["head"]["vars"] == ["concept", "label", "modified"]
    first = document["results"]["bindings"][0]
    assert first["concept"] == {"type": "uri", "value": AN}
    assert first["label"] == {"type": "literal", "value": "anonymization", "xml:lang": "en"}
    assert len(document["results"]["bindings"]) == 7


def test_xml_parses_back(data):
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(_select(data, "xml"))
    assert [v.get("name") for v in root.findall("r:head/r:variable", ns)] == [
        "concept", "label", "modified"]
    results = root.findall("r:results/r:result", ns)
    assert len(results) == 7
    assert results[0].find("r:binding[@name='concept']/r:uri", ns).text == AN


def test_xml_and_json_parse_with_rdflib(data):
    from rdflib.query import Result

    for fmt in ("json", "xml"):
        parsed = Result.parse(io.BytesIO(_select(data, fmt).encode()), format=fmt)
        assert len(list(parsed)) == 7


CONSTRUCT = "CONSTRUCT { ?c skos:prefLabel ?l } WHERE { ?c skos:prefLabel ?l ; skos:broader ?b }"


@pytest.mark.parametrize("fmt, rdf_format", [("turtle", "turtle"), ("nt", "nt"),
                                             ("jsonld", "json-ld")])
def test_graph_formats_parse_back(data, fmt, rdf_format):
    import rdflib

    result = invoke("sparql", "--data", data, CONSTRUCT, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("\n") and not result.stdout.endswith("\n\n")
    parsed = rdflib.Graph().parse(data=result.stdout, format=rdf_format)
    labels = sorted(str(o) for o in parsed.objects())
    assert labels == ["deep learning", "neural network", "transformer"]


def test_format_must_fit_the_query(data):
    result = invoke("sparql", "--data", data, CONSTRUCT, "--format", "csv")
    assert result.exit_code == 2 and "format 'csv' is for SELECT results" in result.stderr
    result = invoke("sparql", "--data", data, SELECT, "--format", "turtle")
    assert result.exit_code == 2 and "for CONSTRUCT and DESCRIBE" in result.stderr


def test_ask_prints_and_exits(data):
    yes = invoke("sparql", "--data", data, "ASK { :transformer skos:broader :neural-network }")
    no = invoke("sparql", "--data", data, "ASK { :transformer skos:broader :deep-learning }")
    assert (yes.exit_code, yes.stdout) == (0, "true\n")
    assert (no.exit_code, no.stdout) == (1, "false\n")
    as_json = invoke("sparql", "--data", data, "ASK { ?s ?p ?o }", "--format", "json")
    assert json.loads(as_json.stdout)["boolean"] is True


def test_syntax_error_has_line_and_column(data):
    result = invoke("sparql", "--data", data, "SELECT * WHERE {\n  ?s ?p ?o\n  FILTER(")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: SPARQL syntax error at line 3, column 10: expected")
    assert len(result.stderr.splitlines()) == 1


def test_query_from_file(data, tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("SELECT ?l WHERE { :transformer skos:prefLabel ?l }\n")
    result = invoke("sparql", "--data", data, "-f", str(path), "--format", "csv")
    assert result.stdout.splitlines() == ["l", "transformer"]


def test_python_api_rows_are_dicts(glossary):
    result = glossary.sparql("SELECT ?label ?n WHERE { ?c skos:prefLabel ?label ; "
                             "gg:sourceLine ?n } ORDER BY ?label LIMIT 2")
    assert result.kind == "select" and result.variables == ["label", "n"]
    assert result.rows == [{"label": "anonymization", "n": 1}, {"label": "data cleaning", "n": 1}]
    assert list(result) == result.rows and len(result) == 2 and bool(result)
    assert isinstance(result.terms[0][0], ox.Literal)
    assert graph.sparql(glossary, "ASK { ?s ?p ?o }").boolean is True
    triples = glossary.sparql(CONSTRUCT)
    assert triples.kind == "graph" and len(triples) == 3


def test_to_dataframe(glossary):
    pandas = pytest.importorskip("pandas")
    frame = run_named(glossary, "category-counts").to_dataframe()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == ["category", "concepts"]
    assert frame.to_dict("records") == [{"category": "Foundations", "concepts": 3},
                                        {"category": "Governance", "concepts": 3},
                                        {"category": "Architecture", "concepts": 2}]


EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?o ?p }"


def test_timeout_stops_a_runaway_query(glossary):
    start = time.monotonic()
    with pytest.raises(QueryError, match=r"query stopped after the 1 s timeout"):
        sparql(glossary, EXPLOSIVE, timeout=1)
    assert time.monotonic() - start < 5


def test_timeout_gives_the_same_answer_when_in_time(glossary):
    fast = run_named(glossary, "descendants", {"term": "ml"}, timeout=30)
    assert fast.rows == run_named(glossary, "descendants", {"term": "ml"}).rows


@pytest.mark.realdata
def test_real_unresolved_references(ai_glossary):
    glossary = graph.load(ai_glossary)
    result = invoke("sparql", "--data", str(ai_glossary), "--no-cache", "--name", "unresolved-references",
                    "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == len(glossary.unresolved) > 0
    expected = sorted((glossary.terms[u.source].label, u.reference.relation, u.reference.text)
                      for u in glossary.unresolved)
    assert sorted((r["label"], r["relation"], r["reference"]) for r in rows) == expected


@pytest.mark.realdata
def test_real_concept_count_json(ai_glossary):
    result = invoke("sparql", "--data", str(ai_glossary), "--no-cache",
                    "SELECT (COUNT(?c) AS ?n) WHERE { ?c a skos:Concept }", "--format", "json")
    assert result.exit_code == 0
    binding = json.loads(result.stdout)["results"]["bindings"][0]["n"]
    assert binding == {"type": "literal", "value": "112",
                       "datatype": "http://www.w3.org/2001/XMLSchema#integer"}


def test_in_process_answers_serialise_like_pyoxigraph(tmp_path):
    """Results kept as terms (no JSON round trip) give the same W3C payloads."""
    import json as json_module

    import pyoxigraph as ox

    from graph.model import Glossary, Reference, Term
    from graph.query import prefixes_for, sparql

    glossary = Glossary([Term("alpha", last_reviewed="2025-01-02", status="draft",
                              references=[Reference("beta", "broader", 0)]), Term("beta")])
    query = ("SELECT ?c ?label ?when ?status ?source WHERE { ?c skos:prefLabel ?label "
             "OPTIONAL { ?c dcterms:modified ?when } OPTIONAL { ?c gg:status ?status } "
             "OPTIONAL { ?c dcterms:source ?source } } ORDER BY ?label")
    ours = sparql(glossary, query)
    expected = store_of(glossary).query(query, prefixes=prefixes_for(glossary.scheme.base_iri))
    json_format = ox.QueryResultsFormat.JSON
    assert (json_module.loads(ours.results_payload(json_format))
            == json_module.loads(expected.serialize(format=json_format)))
    assert [row["when"] for row in ours.rows] == [__import__("datetime").date(2025, 1, 2), None]
    assert json_module.loads(sparql(glossary, "ASK { ?s ?p ?o }").results_payload(json_format)) \
        == {"head": {}, "boolean": True}


LABELLED = "SELECT ?c WHERE { ?c skos:prefLabel ?l }"


def test_a_plain_string_for_a_label_variable_has_the_glossary_language(data):
    result = invoke("sparql", LABELLED, "--param", "l=deep learning", "--data", data, "--format", "csv")
    assert result.stdout.split() == ["c", "https://example.org/glossary/deep-learning"]
    # not a label: the text stays a plain string, as the named queries compare it with STR()
    other = invoke("sparql", "SELECT ?c WHERE { ?c skos:prefLabel ?l FILTER(STR(?l) = ?t) }",
                   "--param", "t=deep learning", "--data", data, "--format", "csv")
    assert other.stdout == result.stdout


@pytest.mark.parametrize("value, rows", [
    ('"deep learning"@en', 1), ('"deep learning"', 0), ('"deep learning"@fr', 0),
    ("'deep learning'@EN", 1),
])
def test_turtle_literals_are_bound_as_written(data, value, rows):
    result = invoke("sparql", LABELLED, "--param", f"l={value}", "--data", data, "--format", "json")
    assert len(json.loads(result.stdout)["results"]["bindings"]) == rows


def test_typed_turtle_literal_and_iri(glossary):
    from graph.query.params import TurtleText

    five = "ASK { FILTER(?n = 5) }"
    assert sparql(glossary, five, params={"n": TurtleText('"5"^^xsd:int')}).boolean
    assert not sparql(glossary, five, params={"n": '"5"^^xsd:int'}).boolean  # from Python: text
    assert not sparql(glossary, five, params={"n": TurtleText("5")}).boolean  # a string
    assert sparql(glossary, "ASK { FILTER(DATATYPE(?d) = xsd:date) }", params={
        "d": TurtleText('"2025-01-31"^^<http://www.w3.org/2001/XMLSchema#date>')}).boolean
    assert sparql(glossary, "ASK { ?c skos:prefLabel ?l }", params={"c": f"<{DL}>"}).boolean
    with pytest.raises(QueryError, match="not a Turtle literal"):
        sparql(glossary, five, params={"n": TurtleText('"5"^^nope:int')})


def test_a_broken_turtle_literal_is_a_clear_error(data):
    result = invoke("sparql", LABELLED, "--param", 'l="deep learning', "--data", data)
    assert result.exit_code == 2
    assert result.stderr == (
        'Error: not a Turtle literal: "deep learning\n'
        'Hint: a value starting with a quote is read as Turtle: "text", "text"@en, "5"^^xsd:int; '
        "write text without quotes for a plain string\n")


def test_a_typed_parameter_of_a_named_query_is_checked(data):
    result = invoke("sparql", "--name", "not-reviewed-since", "--param", "since=notadate",
                    "--data", data)
    assert result.exit_code == 2
    assert result.stderr == ("Error: --param since='notadate' is not a date (query 'not-reviewed-since')\n"
                             "Hint: write a date as YYYY-MM-DD, for example 2025-01-31\n")
    assert invoke("sparql", "--name", "not-reviewed-since", "--param", "since=2024-02-30",
                  "--data", data).exit_code == 2
    good = invoke("sparql", "--name", "not-reviewed-since", "--param", "since=2024-01-01",
                  "--data", data, "--format", "csv")
    assert len(good.stdout.splitlines()) == 4  # header, transformer (never), data cleaning, neural network
