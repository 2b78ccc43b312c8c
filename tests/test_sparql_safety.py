"""Read-only by default: updates and SERVICE refused, parameters bound as values only."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import graph
from graph.cli import cli
from graph.errors import QueryError
from graph.query import check_query, run_named, sparql
from graph.query.safety import inspect_query


@pytest.fixture(scope="module")
def glossary(request):
    return graph.load(request.config.rootpath / "tests" / "fixtures" / "sparql")


UPDATES = [
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:1/x.ttl>",
    "CLEAR ALL", "DROP GRAPH <http://g>", "CREATE GRAPH <http://g>",
    "ADD DEFAULT TO <http://g>", "MOVE DEFAULT TO <http://g>", "COPY DEFAULT TO <http://g>",
    "PREFIX ex: <http://e/>\n  insert data { ex:a ex:b ex:c }",
    "SELECT * {} ; DROP ALL",
    r"\u0044ROP ALL",
]


@pytest.mark.parametrize("update", UPDATES)
def test_updates_are_refused(glossary, update):
    with pytest.raises(QueryError, match="updates are refused"):
        sparql(glossary, update)


def test_update_refused_on_the_cli():
    result = CliRunner().invoke(cli, ["sparql", "--data", "tests/fixtures/sparql",
                                      "DELETE WHERE { ?s ?p ?o }"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        "Error: updates are refused: glossgraph runs read-only queries (found DELETE)")


SERVICES = [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }",
    r"SELECT * WHERE { \u0053ERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p 'x' # comment\n SERVICE <http://127.0.0.1:1/> { } }",
    "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a\\#b ?o SERVICE <http://127.0.0.1:1/> {} }",
]


@pytest.mark.parametrize("query", SERVICES)
def test_service_is_refused(glossary, query):
    with pytest.raises(QueryError, match=r"SERVICE \(federated query\) is refused"):
        sparql(glossary, query)


def test_service_allowed_on_request(glossary):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    with pytest.raises(QueryError, match="query failed"):  # it really tried (port 1 is closed)
        sparql(glossary, query, allow_service=True)


NOT_KEYWORDS = [
    'SELECT ?s WHERE { ?s skos:prefLabel "DROP SERVICE INSERT" }',
    "SELECT ?s WHERE { ?s skos:prefLabel '''DELETE\n SERVICE''' }",
    "SELECT ?s WHERE { ?s ?p <http://example.org/SERVICE/insert> }",
    "SELECT ?insert ?service WHERE { ?insert ?service ?drop }",
    "PREFIX service: <http://e/> SELECT ?s WHERE { ?s service:load service:SERVICE }",
    "SELECT ?s WHERE { ?s ?p ?o } # SERVICE <http://x> DROP ALL",
    "SELECT ?s WHERE { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }",
]


@pytest.mark.parametrize("query", NOT_KEYWORDS)
def test_keywords_in_strings_iris_names_and_comments_are_data(glossary, query):
    assert check_query(query).form == "SELECT"
    sparql(glossary, query)


def test_not_a_query():
    with pytest.raises(QueryError, match="not a SPARQL query"):
        check_query("PREFIX ex: <http://e/> hello")


NASTY = [
    'say "hi"',
    'x" } ?s ?p ?o { "',
    "x' } . ?s ?p ?o . FILTER('",
    '""" } SERVICE <http://127.0.0.1:1/> { } """',
    "a\\\\u0022) } DROP ALL #",
    "\\u0022 } }",
    "line\nbreak\ttab\r}",
    "}}}",
    "<not an iri",
]


@pytest.mark.parametrize("value", NASTY)
def test_parameter_values_cannot_change_the_query(glossary, value):
    echo = sparql(glossary, "SELECT ?v WHERE { }", params={"v": value})
    assert echo.rows == [{"v": value}]
    assert run_named(glossary, "descendants", {"term": value}).rows == []
    count = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a skos:Concept FILTER(STR(?c) != ?v) }"
    assert sparql(glossary, count, params={"v": value}).rows == [{"n": 7}]


def test_iri_parameter(glossary):
    result = sparql(glossary, "SELECT ?l WHERE { ?c skos:prefLabel ?l }",
                    params={"c": "<https://example.org/glossary/transformer>"})
    assert result.rows == [{"l": "transformer"}]


def test_parameter_on_the_cli_with_quotes_and_braces():
    result = CliRunner().invoke(cli, ["sparql", "--data", "tests/fixtures/sparql", "--format",
                                      "csv", "SELECT ?v WHERE { }", "--param", 'v=a "b" } c'])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["v", '"a ""b"" } c"']


def test_where_found_after_construct_template():
    shape = inspect_query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert shape.text[: shape.where].endswith("WHERE {")
    assert inspect_query("CONSTRUCT WHERE { ?s ?p ?o }").where is None
