"""The model and the one resolver: labels, aliases, slugs, folding, ambiguity."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.errors import UnknownTermError
from graph.model import Glossary, Reference, Term, fold, slugify
from graph.views.nx import nx_view
from graph.views.skos import store_of


def glossary_of(*terms: Term) -> Glossary:
    return Glossary(terms)


def ref(text: str, relation: str = "related") -> Reference:
    return Reference(text, relation, 0)


def resolved(glossary: Glossary) -> list[tuple[str, str, str]]:
    return [(link.source, link.target, link.via) for link in glossary.links]


def test_resolves_label_alias_and_slug():
    g = glossary_of(
        Term("source", references=[ref("Target Term"), ref("tt"), ref("target-term"), ref("nothing")]),
        Term("target term", aliases=["TT"]),
    )
    assert resolved(g) == [
        ("source", "target-term", "label"),
        ("source", "target-term", "alias"),
        ("source", "target-term", "slug"),
    ]
    assert [u.reference.text for u in g.unresolved] == ["nothing"]


def test_labels_win_over_aliases():
    g = glossary_of(Term("a", references=[ref("shared")]), Term("shared"), Term("other", aliases=["shared"]))
    assert resolved(g) == [("a", "shared", "label")]
    assert g.ambiguous == []


def test_case_unicode_and_whitespace_folding():
    g = glossary_of(
        Term("x", references=[ref("  STRASSE\u00a0 plan "), ref("ｆｕｌｌｗｉｄｔｈ")]),
        Term("Straße plan"),
        Term("fullwidth"),
    )
    assert [target for _, target, _ in resolved(g)] == ["strasse-plan", "fullwidth"]
    assert fold("ＡＢＣ  d") == "abc d"


def test_ambiguous_reference_lists_every_candidate():
    g = glossary_of(Term("a", references=[ref("dup")]), Term("b", aliases=["dup"]),
                    Term("c", aliases=["Dup"]))
    assert g.links == []
    (amb,) = g.ambiguous
    assert amb.source == "a" and amb.candidates == ("b", "c")


def test_duplicate_labels_get_unique_ids_and_are_ambiguous():
    g = glossary_of(Term("same"), Term("Same"), Term("x", references=[ref("same")]))
    assert list(g.terms) == ["same", "same-2", "x"]
    assert g.ambiguous[0].candidates == ("same", "same-2")


def test_slugs_are_stable_ascii():
    assert slugify("Retrieval-Augmented Generation (RAG)") == "retrieval-augmented-generation-rag"
    assert slugify("Ünïcödé") == "unicode"
    assert slugify("機械学習") == slugify("機械学習") != slugify("深層学習")


def test_find_suggests_close_names():
    g = glossary_of(Term("guardrails", aliases=["safety guardrails"]), Term("red teaming"))
    assert g.find("Red-Teaming").id == "red-teaming"
    with pytest.raises(UnknownTermError) as info:
        g.find("gaurdrails")
    assert info.value.hint == "did you mean 'guardrails'?"  # one term, offered once


def test_views_are_built_once():
    g = glossary_of(Term("a"))
    assert nx_view(g) is nx_view(g)
    assert store_of(g) is store_of(g)


def _folded_names(glossary: Glossary) -> dict[str, str]:
    """What `Glossary.names` stands for, written out: labels first, then aliases."""
    names: dict[str, str] = {}
    for term in glossary:
        names.setdefault(fold(term.label), term.label)
    for term in glossary:
        for alias in term.aliases:
            names.setdefault(fold(alias), term.label)
    return names


_NAME = st.sampled_from(["alpha", "Alpha", " ALPHA ", "beta", "Beta  Gamma", "beta gamma", "ǅ", "dž", ""])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_NAME, st.lists(_NAME, max_size=3)), max_size=8))
def test_names_are_every_folded_label_then_alias_in_order(rows):
    glossary = Glossary([Term(label, aliases=aliases) for label, aliases in rows])
    names = glossary.names()
    assert list(names.items()) == list(_folded_names(glossary).items())


def test_names_of_the_real_glossary(ai_glossary):
    from graph.sources import load_glossary

    glossary = load_glossary(ai_glossary, {})
    assert list(glossary.names().items()) == list(_folded_names(glossary).items())
    assert len(glossary.names()) > len(glossary)
