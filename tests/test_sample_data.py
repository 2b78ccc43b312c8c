"""The bundled sample glossary (data/) is a clean, rich demo."""

from __future__ import annotations

import pytest

from graph.explore import glossary_stats
from graph.model import INVERSE
from graph.sources import load_glossary
from graph.views.nx import nx_view


@pytest.fixture(scope="module")
def glossary(request):
    from tests.conftest import SAMPLE

    return load_glossary(SAMPLE)


def test_size_statuses_and_depth(glossary):
    stats = glossary_stats(glossary)
    assert stats["terms"] >= 60
    assert set(stats["statuses"]) == {"draft", "reviewed", "approved", "deprecated"}
    assert 3 <= stats["depth"] <= 4
    assert len(stats["categories"]) >= 3
    assert glossary.load_findings == []


def test_every_reference_resolves_by_label(glossary):
    assert glossary.unresolved == [] and glossary.ambiguous == []
    assert {link.via for link in glossary.links} == {"label"}


def test_every_inverse_link_is_declared(glossary):
    graph = nx_view(glossary)
    for u, v, key, data in graph.edges(keys=True, data=True):
        assert data["declared"], f"{u} -> {v} ({key}) is only inferred"
        assert graph.has_edge(v, u, key=INVERSE[key])


def test_ai_incident_response_has_every_field(glossary):
    term = glossary.find("ai incident response")
    assert term.aliases == ["model incident response", "ai escalation"]
    assert term.categories == ["Operations & Monitoring", "Governance & Risk"]
    assert sorted(term.roles) == ["communications", "engineering", "legal", "policy", "product",
                                  "security"]
    assert term.part_of_speech == "process"
    assert term.short_def and term.long_def
    assert set(term.audiences) == {"exec", "engineer"}
    assert term.examples["do"] and term.examples["dont"]
    assert term.nist_rmf_tags == ["risk_management", "accountability"]
    assert term.governance["risk_notes"]
    relations = term.relationships()
    assert relations["broader"] == ["model governance"]
    assert sorted(relations["related"]) == ["guardrails", "ml observability", "red teaming"]
    sources = [c["source"] for c in term.citations]
    assert sources[0] == "NIST AI Risk Management Framework"
    assert any("CISA" in s for s in sources) and any("CIS " in s for s in sources)
    assert term.license == "CC BY-SA 4.0"
    assert term.status == "approved" and term.last_reviewed == "2025-09-29"
