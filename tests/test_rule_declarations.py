"""Rules declare what they read, and the caches follow from it.

The rules below are written here as a contributor would write them: one
function, its declaration, its doc. Nothing else in glossgraph knows about
them, yet a cached or incremental `glossgraph check` must always give what
`--no-cache` gives.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import networkx
import pytest
from click.testing import CliRunner
from conftest import count_calls
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graph.cache as cache_module
import graph.commands.check as check_command
import graph.result_cache as result_cache
from graph.checks import RULES, run_checks
from graph.checks.incremental import compared_fields
from graph.checks.registry import CheckContext, Problem, expand_reads, rule
from graph.cli import cli
from graph.model import Glossary, Term


def duplicate_definition(ctx: CheckContext) -> Iterator[Problem]:
    """What it does:
        Reports a term whose short definition is another term's too.
    """
    seen = Counter((term.short_def or "").strip() for term in ctx.glossary)
    for term in ctx.glossary:
        if term.short_def and seen[term.short_def.strip()] > 1:
            yield Problem(term, f"'{term.label}' shares its short definition")


def longest_label(ctx: CheckContext) -> Iterator[Problem]:
    """Reports the term with the longest label (reads every label)."""
    if len(ctx.glossary):
        term = max(ctx.glossary, key=lambda t: (len(t.label), t.label))
        yield Problem(term, f"'{term.label}' has the longest label")


def mostly_linked_to(ctx: CheckContext) -> Iterator[Problem]:
    """Reports a term more links point at than leave it (reads every link)."""
    incoming = Counter(link.target for link in ctx.glossary.links)
    outgoing = Counter(link.source for link in ctx.glossary.links)
    for term in ctx.glossary:
        if incoming[term.id] > outgoing[term.id]:
            yield Problem(term, f"'{term.label}' is linked to more than it links")


def deep_term(ctx: CheckContext) -> Iterator[Problem]:
    """Reports a term with two or more ancestors (reads the whole hierarchy)."""
    for term in ctx.glossary:
        if term.id in ctx.hierarchy and len(networkx.descendants(ctx.hierarchy, term.id)) >= 2:
            yield Problem(term, f"'{term.label}' sits deep in the hierarchy")


def only_draft(ctx: CheckContext) -> Iterator[Problem]:
    """Reports the draft term when it is the only one (reads every status)."""
    drafts = [term for term in ctx.glossary if term.status == "draft"]
    if len(drafts) == 1:
        yield Problem(drafts[0], f"'{drafts[0].label}' is the only draft")


def long_text(ctx: CheckContext) -> Iterator[Problem]:
    """Reports a long definition of more than 40 characters (one term at a time)."""
    for term in ctx.glossary:
        if len(term.long_def or "") > 40:
            yield Problem(term, f"'{term.label}' has a long definition", term.position_of("long_def"))


#: One rule per kind of dependency: (code, function, scope, reads).
TEST_RULES = [
    ("GG491", duplicate_definition, "glossary", ["short_def"]),
    ("GG492", longest_label, "glossary", ["labels"]),
    ("GG493", mostly_linked_to, "glossary", ["links"]),
    ("GG494", deep_term, "glossary", ["hierarchy"]),
    ("GG495", only_draft, "glossary", ["status"]),
    ("GG496", long_text, "file", ["long_def"]),
]


@pytest.fixture
def test_rules(monkeypatch) -> None:
    """Register TEST_RULES (with caches that store even files edited a moment ago)."""
    monkeypatch.setattr(result_cache, "RACY_SECONDS", 0)
    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0)
    saved = dict(RULES)
    for code, func, scope, reads in TEST_RULES:
        rule(code, func.__name__.replace("_", "-"), "warning", scope=scope, reads=reads)(func)
    yield
    RULES.clear()
    RULES.update(saved)


def write_term(folder: Path, name: str, text: str, tick: list[int]) -> None:
    """Write a term file with a new, distinct modification time (as an edit later on would)."""
    path = folder / f"{name}.yml"
    path.write_text(text, encoding="utf-8")
    tick[0] += 1
    os.utime(path, (1_700_000_000 + tick[0],) * 2)


def check_json(data: Path, *args: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["check", "--data", str(data), "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["findings"]


# The case that once gave a stale answer.

@pytest.mark.parametrize("reads", [["short_def"], None], ids=["declared", "undeclared"])
def test_a_new_glossary_wide_rule_sees_an_edit_to_what_it_reads(tmp_path, monkeypatch, reads):
    monkeypatch.setattr(result_cache, "RACY_SECONDS", 0)
    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0)
    monkeypatch.chdir(tmp_path)
    saved = dict(RULES)
    rule("GG491", "duplicate-definition", "warning", reads=reads)(duplicate_definition)
    try:
        tick = [0]
        for name, definition in [("alpha", "First."), ("beta", "Second."), ("gamma", "Third.")]:
            write_term(tmp_path, name, f"term: {name}\nshort_def: {definition}\n", tick)
        assert not [f for f in check_json(tmp_path) if f["code"] == "GG491"]
        write_term(tmp_path, "beta", "term: beta\nshort_def: First.\n", tick)
        cached = check_json(tmp_path)
        assert [f["term"] for f in cached if f["code"] == "GG491"] == ["alpha", "beta"]
        assert cached == check_json(tmp_path, "--no-cache")
    finally:
        RULES.clear()
        RULES.update(saved)


def test_declarations_name_term_fields_or_kinds():
    assert expand_reads(["hierarchy"]) >= {"references", "label", "aliases", "suppressed"}
    assert expand_reads(None) == expand_reads(["everything"])
    with pytest.raises(ValueError, match="short_definition"):
        expand_reads(["short_definition"])


def test_every_built_in_rule_declares_what_it_reads():
    every = expand_reads(None)
    for code, the_rule in RULES.items():
        if the_rule.func is not None and code != "GG401":  # GG401 validates the whole term
            assert the_rule.reads < every, f"{code} declares nothing"


@pytest.mark.parametrize("field, value", [
    ("short_def", "Changed."), ("long_def", "Changed at length."), ("categories", ["Other"]),
    ("last_reviewed", "2001-01-01"), ("citations", [{"source": "x"}]), ("roles", ["r"]),
])
def test_built_in_glossary_wide_rules_read_only_what_they_declare(field, value):
    """Changing a field no glossary-wide rule declares leaves their findings as they were."""
    checked = [r for r in RULES.values() if r.severity != "suggestion"]  # GG5xx: only when selected
    assert field not in compared_fields(checked)
    glossary_wide = [r.code for r in checked if r.func and r.scope == "glossary"]

    def terms() -> list[Term]:
        from graph.model import Reference

        return [Term("alpha", short_def="A.", status="draft",
                     references=[Reference("beta", "broader", 0), Reference("gama", "related", 1)]),
                Term("beta", aliases=["alpha"], short_def="A.",
                     references=[Reference("alpha", "broader", 0)]),
                Term("gamma", status="deprecated", references=[Reference("beta", "related", 0)])]

    before = run_checks(Glossary(terms()), select=glossary_wide)
    changed = terms()
    for term in changed:
        setattr(term, field, value)
    assert run_checks(Glossary(changed), select=glossary_wide) == before
    assert before  # the glossary does give glossary-wide findings


# Random edits: cached, incremental and uncached checks always agree.

NAMES = ["alpha", "beta", "gamma", "delta", "epsilon"]
DEFINITIONS = ["One.", "Two.", "Three."]

edit = st.one_of(
    st.tuples(st.just("short_def"), st.sampled_from(NAMES), st.sampled_from(DEFINITIONS)),
    st.tuples(st.just("long_def"), st.sampled_from(NAMES), st.sampled_from(["Short.", "L" * 50])),
    st.tuples(st.just("status"), st.sampled_from(NAMES), st.sampled_from(["draft", "approved"])),
    st.tuples(st.just("alias"), st.sampled_from(NAMES), st.sampled_from(["", "a much longer alias"])),
    st.tuples(st.just("label"), st.sampled_from(NAMES), st.sampled_from(["", " with a long tail"])),
    st.tuples(st.just("broader"), st.sampled_from(NAMES), st.sampled_from(NAMES + [""])),
    st.tuples(st.just("related"), st.sampled_from(NAMES), st.sampled_from(NAMES + [""])),
    st.tuples(st.just("comment"), st.sampled_from(NAMES), st.sampled_from(["", "\n", "\n\n"])),
    st.tuples(st.just("ignore"), st.sampled_from(NAMES), st.sampled_from(["", "GG491", "GG493"])),
)


def render(term: dict[str, str]) -> str:
    lines = [term["comment"], f"# glossgraph: ignore {term['ignore']}" if term["ignore"] else "",
             f"term: {term['name']}{term['label']}"]
    lines += [f"aliases: [{term['alias']}]"] if term["alias"] else []
    lines += [f"short_def: {term['short_def']}", f"long_def: {term['long_def']}",
              f"status: {term['status']}", "last_reviewed: '2025-01-01'"]
    links = [(relation, term[relation]) for relation in ("broader", "related") if term[relation]]
    if links:
        lines.append("relationships:")
        lines += [f"  {relation}: [{target}]" for relation, target in links]
    return "\n".join(lines) + "\n"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(edit, min_size=1, max_size=8))
def test_cached_incremental_and_uncached_checks_agree(test_rules, edits):
    terms = {name: {"name": name, "label": "", "alias": "", "short_def": DEFINITIONS[i % 3],
                    "long_def": "Short.", "status": "approved", "broader": "", "related": "",
                    "comment": "", "ignore": ""} for i, name in enumerate(NAMES)}
    terms["beta"]["broader"] = "alpha"
    terms["gamma"]["broader"] = "beta"
    with tempfile.TemporaryDirectory() as folder:
        data, tick = Path(folder), [0]
        for name, term in terms.items():
            write_term(data, name, render(term), tick)
        check_json(data)
        for field, name, value in edits:
            terms[name][field] = value
            write_term(data, name, render(terms[name]), tick)
            cached = check_json(data)
            assert cached == check_json(data, "--no-cache"), (field, name, value)
            assert check_json(data) == cached  # read back from the check cache


def test_the_random_edits_are_rechecked_incrementally_at_times(test_rules, tmp_path, monkeypatch):
    """The comparison above covers the incremental path, not only full checks."""
    loads = count_calls(monkeypatch, check_command, "open_glossary")
    tick = [0]
    base = {"label": "", "alias": "", "long_def": "Short.", "status": "approved", "broader": "",
            "related": "", "comment": "", "ignore": ""}
    for index, name in enumerate(NAMES):
        write_term(tmp_path, name, render({**base, "name": name, "short_def": DEFINITIONS[index % 3]}),
                   tick)
    check_json(tmp_path)
    before = len(loads)
    write_term(tmp_path, "beta", render({**base, "name": "beta", "short_def": "Two.",
                                         "long_def": "L" * 50, "comment": "\n"}), tick)
    cached = check_json(tmp_path)
    assert len(loads) == before  # a long_def (file-scoped) and a moved line: rechecked
    assert any(f["code"] == "GG496" for f in cached)
    assert cached == check_json(tmp_path, "--no-cache")


def test_a_rule_registered_after_a_check_is_a_check_cache_miss(tmp_path, monkeypatch):
    """The check cache keys on every rule's declaration and code, wherever it is defined."""
    monkeypatch.setattr(result_cache, "RACY_SECONDS", 0)
    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0)
    tick = [0]
    for name in ("alpha", "beta"):
        write_term(tmp_path, name, f"term: {name}\nshort_def: Same.\n", tick)
    assert not [f for f in check_json(tmp_path) if f["code"] == "GG491"]
    saved = dict(RULES)
    try:
        rule("GG491", "duplicate-definition", "warning", reads=["short_def"])(duplicate_definition)
        assert [f["term"] for f in check_json(tmp_path) if f["code"] == "GG491"] == ["alpha", "beta"]
    finally:
        RULES.clear()
        RULES.update(saved)
