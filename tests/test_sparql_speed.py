"""The fast paths of SPARQL results: lazy rows from pyoxigraph's solutions, the cached query check."""

from __future__ import annotations

import gc
import pickle

import pyoxigraph as ox
import pytest

import graph
from graph.errors import QueryError
from graph.query import check_query, named_queries, prefixes_for, render, run_named, sparql
from graph.query.embedded import run_in_process
from graph.query.params import bind, with_values
from graph.query.results import SparqlResult, term_to_python
from graph.views.skos import store_of

#: Parameters for the named queries that need them (values the fixture has).
PARAMS = {"term": "machine learning", "category": "architecture", "role": "engineering",
          "tag": "validity", "since": "2025-01-01"}


@pytest.fixture(scope="module")
def glossary(request):
    return graph.load(str(request.config.rootpath / "tests" / "fixtures" / "sparql"))


def _params(name: str) -> dict[str, str]:
    given = dict(PARAMS, term="transformer") if name == "ancestors" else PARAMS
    return {key: given[key] for key in named_queries()[name].params}


def _old_style(glossary, name: str) -> tuple[list[str], list[tuple], list[dict]]:
    """Variables, term tuples and row dicts made as before: every solution copied, then converted."""
    shape = check_query(named_queries()[name].text)
    text = with_values(shape, bind(_params(name), shape.variables))
    answer = store_of(glossary).query(text, prefixes=prefixes_for(glossary.scheme.base_iri))
    variables = [variable.value for variable in answer.variables]
    terms = [tuple(solution[i] for i in range(len(variables))) for solution in answer]
    rows = [{key: term_to_python(term) for key, term in zip(variables, row)} for row in terms]
    return variables, terms, rows


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_rows_terms_and_iteration_match_the_old_conversion(glossary, name):
    variables, terms, rows = _old_style(glossary, name)
    result = run_named(glossary, name, _params(name))
    assert rows, f"{name} has no rows in the fixture: the comparison would prove nothing"
    assert len(result) == len(rows)  # before terms or rows are made
    assert list(result) == rows
    assert list(result) == rows  # iterating again gives the same rows
    assert result.rows == rows
    assert result.variables == variables
    assert result.terms == terms
    assert all(type(row) is tuple for row in result.terms)
    assert list(result) == rows  # and still after the terms were made


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_payload_results_match_in_process_results(glossary, name):
    shape = check_query(named_queries()[name].text)
    text = with_values(shape, bind(_params(name), shape.variables))
    prefixes = prefixes_for(glossary.scheme.base_iri)
    kind, payload, media = run_in_process(store_of(glossary), text, prefixes)
    parsed = SparqlResult(kind, payload, media)
    ours = run_named(glossary, name, _params(name))
    assert parsed.rows == ours.rows and parsed.terms == ours.terms
    assert render(parsed, "tsv", prefixes) == render(ours, "tsv", prefixes)
    assert render(parsed, "table", prefixes) == render(ours, "table", prefixes)


def test_term_to_python_exact_types_and_subclasses():
    xsd = "http://www.w3.org/2001/XMLSchema#"
    assert term_to_python(ox.NamedNode("http://example.org/a")) == "http://example.org/a"
    assert term_to_python(ox.Literal("7", datatype=ox.NamedNode(xsd + "integer"))) == 7
    assert term_to_python(ox.Literal("x7", datatype=ox.NamedNode(xsd + "integer"))) == "x7"
    assert term_to_python(ox.Literal("hi", language="en")) == "hi"
    assert term_to_python(ox.BlankNode("b1")) == "_:b1"
    assert term_to_python(None) is None


def test_result_pickles_with_its_rows(glossary):
    result = run_named(glossary, "top-concepts")
    copy = pickle.loads(pickle.dumps(result))
    assert copy.rows == result.rows and copy.terms == result.terms and len(copy) == len(result)


def test_rows_leave_the_garbage_collector_as_it_was(glossary):
    result = run_named(glossary, "top-concepts")
    assert gc.isenabled()
    assert result.rows and result.terms
    assert gc.isenabled()
    gc.disable()
    try:
        assert result.rows
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_changed_query_text_is_checked_again(glossary):
    first = sparql(glossary, "SELECT ?l WHERE { ?c skos:prefLabel ?l } ORDER BY ?l LIMIT 1")
    second = sparql(glossary, "SELECT ?c WHERE { ?c skos:prefLabel ?l } ORDER BY ?l LIMIT 1")
    assert first.variables == ["l"] and second.variables == ["c"]
    assert check_query("ASK { ?a ?b ?c }").variables == {"a", "b", "c"}
    assert check_query("ASK { ?a ?b ?d }").variables == {"a", "b", "d"}
    with pytest.raises(QueryError, match="not a variable"):
        sparql(glossary, "SELECT ?c WHERE { ?c skos:prefLabel ?l }", params={"x": "1"})


def test_cached_shape_is_not_shared_with_the_caller():
    text = "SELECT ?s WHERE { ?s ?p ?o }"
    shape = check_query(text)
    shape.variables.add("injected")
    shape.keywords.clear()
    shape.prefixes["x"] = "http://example.org/"
    again = check_query(text)
    assert again.variables == {"s", "p", "o"} and "SELECT" in again.keywords and not again.prefixes


def test_refused_query_is_refused_every_time():
    for _ in range(3):
        with pytest.raises(QueryError, match="updates are refused"):
            check_query("DROP ALL")
        with pytest.raises(QueryError, match="SERVICE"):
            check_query("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
    assert check_query("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", allow_service=True)
