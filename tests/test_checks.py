"""The rule catalogue through the API: exact findings for each family's bad and good fixtures."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import writable_copy

import graph
from graph.checks import RULES, run_checks, summarize
from graph.errors import ConfigError
from graph.model import Glossary, Reference, Term

CHECKS = Path(__file__).parent / "fixtures" / "checks"
TODAY = dt.date(2026, 11, 29)


def pinned(folder: str, select: list[str], **options) -> list[tuple]:
    glossary = graph.load(CHECKS / folder)
    findings = run_checks(glossary, select=select, today=TODAY, **options)
    return [(Path(f.file).name, f.line, f.code, f.message) for f in findings]


def test_references_bad():
    assert pinned("references/bad", ["GG1"]) == [
        ("alpha.yml", 8, "GG101",
         "'alpha' is related to 'delt', which is not a term (did you mean 'delta'?)"),
        ("alpha.yml", 9, "GG102", "'alpha' is related to 'd', an alias of 'delta'; use the label"),
        ("alpha.yml", 10, "GG105", "'alpha' lists related 'delta' more than once (first at line 9)"),
        ("alpha.yml", 11, "GG103", "'alpha' lists itself as related (through its alias 'first letter')"),
        ("alpha.yml", 12, "GG104", "'alpha' is related to 'ml', which matches several terms: "
                                   "'machine learning', 'maximum likelihood'"),
    ]


def test_finding_fields_for_the_explorer():
    glossary = graph.load(CHECKS / "references/bad")
    broken = run_checks(glossary, select=["GG101"])[0]
    assert (broken.term, broken.target, broken.relation, broken.column) == ("alpha", "delt", "related", 5)
    assert broken.rule == "broken-reference" and broken.severity == "error"
    assert broken.suggestion == "replace with 'delta'"


def test_structure_bad():
    assert pinned("structure/bad", ["GG2"]) == [
        ("leaf.yml", 7, "GG206", "'leaf' has broader 'top', already implied by leaf → mid → top"),
        ("leaf.yml", 9, "GG205",
         "'leaf' is related to 'top', but they are also linked by broader: leaf → top"),
        ("lonely.yml", 1, "GG201", "'lonely' has no links to or from other terms"),
        ("p.yml", 1, "GG207", "3 terms not linked to the rest of the glossary: 'p', 'q', 'r'"),
        ("p.yml", 6, "GG202", "'p' has broader 'q', but 'q' does not list 'p' as narrower"),
        ("p.yml", 6, "GG204", "broader cycle: p → q → r → p (3 terms in the cycle: 'p', 'q', 'r')"),
        ("q.yml", 6, "GG202", "'q' has broader 'r', but 'r' does not list 'q' as narrower"),
        ("r.yml", 6, "GG202", "'r' has broader 'p', but 'p' does not list 'r' as narrower"),
        ("top.yml", 10, "GG205",
         "'top' is related to 'leaf', but they are also linked by broader: leaf → top"),
        ("x.yml", 1, "GG207", "2 terms not linked to the rest of the glossary: 'x', 'y'"),
        ("x.yml", 6, "GG203", "'x' is related to 'y', but not the other way round"),
    ]


def test_structure_edge_cases():
    """A cycle of two terms, and a broken `narrower` reference."""
    assert pinned("structure/edge-cases", ["GG1", "GG2"]) == [
        ("a.yml", 6, "GG204", "broader cycle: a → b → a (2 terms in the cycle: 'a', 'b')"),
        ("b.yml", 6, "GG202", "'b' has broader 'a', but 'a' does not list 'b' as narrower"),
        ("c.yml", 6, "GG203", "'c' is related to 'a', but not the other way round"),
        ("c.yml", 8, "GG101", "'c' has narrower 'nowhere', which is not a term"),
    ]


def test_flat_glossary_has_no_orphans_or_clusters():
    codes = {code for _, _, code, _ in pinned("structure/bad", ["GG2"], flat=True)}
    assert "GG201" not in codes and "GG207" not in codes and "GG204" in codes


def test_labels_bad():
    found = pinned("labels/bad", ["GG3"])
    assert [(name, line, code, re.sub(r" \(.*:1:1\)$", "", msg)) for name, line, code, msg in found] == [
        ("alpha.yml", 3, "GG305", "alias 'Alpha' of 'alpha' repeats its label"),
        ("alpha.yml", 4, "GG302", "alias 'beta' of 'alpha' is the label of 'beta'"),
        ("alpha.yml", 5, "GG304", "alias ' spaced  alias' has extra whitespace (should be 'spaced alias')"),
        ("beta-dup.yml", 1, "GG303",
         "file name 'beta-dup.yml' is not the slug of 'Beta' (expected 'beta.yml')"),
        ("beta.yml", 1, "GG301", "'beta' has the same label as 'Beta'"),
        ("gamma-ray.yml", 1, "GG304", "label 'gamma  ray ' has extra whitespace (should be 'gamma ray')"),
        ("list.yml", 2, "GG302", "alias 'dd' of 'delta' is also an alias of 'epsilon'"),
        ("list.yml", 6, "GG302", "alias 'dd' of 'epsilon' is also an alias of 'delta'"),
    ]
    assert found[4][3].endswith("beta-dup.yml:1:1)")


def test_content_bad():
    assert pinned("content/bad", ["GG4"]) == [
        ("alpha.yml", 1, "GG402", "'alpha' has no short definition (short_def)"),
        ("alpha.yml", 1, "GG403", "'alpha' has no last_reviewed date"),
        ("alpha.yml", 3, "GG404", "'alpha': citation 1 has no source"),
        ("alpha.yml", 3, "GG404", "'alpha': citation 1 has url 'www.example.org/paper', "
                                  "which is not an absolute http(s) URL"),
        ("beta.yml", 2, "GG401", "'beta': 'aliases' should be a list of text, not text"),
        ("beta.yml", 4, "GG403", "'beta': last_reviewed 'soon' is not a date (YYYY-MM-DD)"),
        ("gamma.yml", 6, "GG405", "'gamma' is related to 'old term', which is deprecated"),
        ("gamma.yml", 10, "GG403", "'gamma' was last reviewed on 2020-01-01, 2524 days ago (more than 365)"),
    ]


def test_schema_violations_point_at_the_field():
    found = pinned("content/bad", ["GG401"], schema=str(CHECKS / "content/schema.json"))
    assert found == [
        ("alpha.yml", 1, "GG401", "'alpha': 'short_def' is a required property"),
        ("beta.yml", 2, "GG401", "'beta': 'aliases' should be a list of text, not text"),
        ("gamma.yml", 3, "GG401", "'gamma': Additional properties are not allowed ('owner' was unexpected)"),
    ]


def test_unusable_schema_is_a_config_error(tmp_path):
    bad = tmp_path / "schema.json"
    bad.write_text("{not json")
    with pytest.raises(ConfigError, match="cannot read JSON Schema"):
        run_checks(graph.load(CHECKS / "content/good"), schema=str(bad))


def test_stale_after_days_and_today():
    assert pinned("content/bad", ["GG403"], stale_after_days=10000)[-1][2:] != (
        "GG403", "'gamma' was last reviewed on 2020-01-01, 2524 days ago (more than 365)")


@pytest.mark.parametrize("family", ["references", "structure", "labels", "content"])
def test_good_fixtures_have_no_findings_of_their_family(family):
    prefix = {"references": "GG1", "structure": "GG2", "labels": "GG3", "content": "GG4"}[family]
    assert pinned(f"{family}/good", [prefix]) == []


def test_select_ignore_and_severity():
    glossary = graph.load(CHECKS / "references/bad")
    found = run_checks(glossary, select="GG1", ignore=["GG104", "duplicate-link"],
                       severity={"GG101": "info", "GG1": "warning"})
    assert [(f.code, f.severity) for f in found] == [
        ("GG101", "info"), ("GG102", "warning"), ("GG103", "warning")]
    with pytest.raises(ConfigError, match="unknown rule 'GG999'"):
        run_checks(glossary, select=["GG999"])
    with pytest.raises(ConfigError, match="is not one of"):
        run_checks(glossary, severity={"GG101": "fatal"})


def test_config_and_inline_suppression(tmp_path):
    (tmp_path / "glossgraph.toml").write_text(
        'ignore = ["GG403"]\nflat = true\n[severity]\nGG203 = "error"\n')
    terms = tmp_path / "terms"
    terms.mkdir()
    (terms / "x.yml").write_text("term: x\nshort_def: X.\nrelationships:\n  related: [y]\n")
    (terms / "y.yml").write_text("# glossgraph: ignore GG203\nterm: y\nshort_def: Y.\n"
                                 "relationships:\n  related: [z]\n")
    (terms / "z.yml").write_text("term: z\nshort_def: Z.\n")
    found = graph.load(terms).check()
    assert [(f.code, f.severity, f.term) for f in found] == [("GG203", "error", "x")]


def test_load_findings_are_included_and_filtered(tmp_path):
    (tmp_path / "bad.yml").write_text("term: [unclosed\n")
    (tmp_path / "ok.yml").write_text("term: ok\nshort_def: Ok.\n")
    glossary = graph.load(tmp_path)
    assert [f.code for f in run_checks(glossary, select=["GG0"])] == ["GG001"]
    assert run_checks(glossary, select=["GG0"], ignore=["GG001"]) == []


def test_summarize():
    glossary = graph.load(CHECKS / "content/bad")
    assert summarize(run_checks(glossary, select=["GG4"], today=TODAY)) == {
        "error": 1, "warning": 4, "info": 3}


def _chain(n: int, close: bool = False) -> Glossary:
    terms = [Term(f"t{i}", short_def="x", references=[Reference(f"t{i + 1}", "broader", 0)])
             for i in range(n - 1)]
    last_refs = [Reference("t0", "broader", 0)] if close else []
    return Glossary([*terms, Term(f"t{n - 1}", short_def="x", references=last_refs)])


def test_hundred_thousand_deep_chain_has_no_cycle():
    found = run_checks(_chain(100_000), select=["GG204", "GG205", "GG206", "GG207"])
    assert found == []


def test_hundred_thousand_term_cycle_is_reported_once():
    found = run_checks(_chain(100_000, close=True), select=["GG204"])
    assert len(found) == 1
    assert found[0].message.startswith("broader cycle: t0 → t1 → t2")
    assert "100000 terms in the cycle" in found[0].message


def test_a_dense_tangle_is_one_finding():
    names = [f"n{i}" for i in range(30)]
    terms = [Term(a, references=[Reference(b, "broader", i) for i, b in enumerate(names) if b != a])
             for a in names]
    found = run_checks(Glossary(terms), select=["GG204"])
    assert len(found) == 1 and "30 terms in the cycle" in found[0].message


def test_every_rule_has_the_documented_shape():
    assert len(RULES) == 36  # 7 load codes (YAML, RDF, suppressions) + 24 rules + 5 suggestions
    for code, rule in RULES.items():
        assert re.fullmatch(r"GG\d{3}", code)
        assert rule.severity in ("error", "warning", "info", "suggestion")
        heads = [re.sub(r" \(\w+\)", "", block.split("\n")[0]) for block in rule.doc.split("\n\n")]
        assert heads == ["What it does:", "Why it matters:", "Example:", "Fix:"], code


def _shared(rules, section: int) -> set[str]:
    texts = [rule.doc.split("\n\n")[section] for rule in rules]
    return {text.split("\n")[1] for text in texts if texts.count(text) > 1}


def test_every_rule_has_its_own_example_and_each_load_rule_its_own_why_and_fix():
    from graph.checks.registry import LOAD_RULES

    assert not _shared(RULES.values(), 2), "an example shared by several rules"
    for section in (1, 3):  # why it matters, fix (GG202 and GG203 share their fix: add the inverse)
        assert not _shared(LOAD_RULES.values(), section)


def test_real_ai_glossary(ai_glossary):
    glossary = graph.load(ai_glossary)
    found = run_checks(glossary, today=TODAY)
    counts = Counter(f.code for f in found)
    assert counts == {"GG101": 56, "GG102": 4, "GG202": 92, "GG203": 258, "GG205": 28,
                      "GG206": 10, "GG302": 3, "GG403": 112}
    dangling = {(u.reference.position.file, u.reference.position.line) for u in glossary.unresolved}
    reported = {(f.file, f.line) for f in found if f.code == "GG101"}
    assert reported == dangling
    resolved = {(lk.reference.position.file, lk.reference.position.line) for lk in glossary.links}
    assert not resolved & reported
    sample = next(f for f in found if f.file.endswith("agentic-ai.yml") and f.code == "GG101")
    assert (sample.line, sample.target) == (51, "incident response")
    assert "did you mean 'ai incident response'?" in sample.message


def test_real_ai_glossary_with_its_schema(ai_glossary, ai_glossary_schema, tmp_path):
    """The real glossary passes its own schema; a copy with two violations gives exactly them."""
    assert run_checks(graph.load(ai_glossary), select=["GG401"], schema=str(ai_glossary_schema)) == []
    copy = tmp_path / "terms"
    writable_copy(ai_glossary, copy)
    first = sorted(copy.glob("*.yml"))[0]
    first.write_text(first.read_text(encoding="utf-8") + "owner: somebody\n", encoding="utf-8")
    second = sorted(copy.glob("*.yml"))[1]
    second.write_text(re.sub(r"^status: .*$", "status: finished", second.read_text(encoding="utf-8"),
                             count=1, flags=re.M), encoding="utf-8")
    found = run_checks(graph.load(copy), select=["GG401"], schema=str(ai_glossary_schema))
    assert [(Path(f.file).name, f.line) for f in found] == [
        (first.name, len(first.read_text(encoding="utf-8").splitlines())),
        (second.name, next(i for i, line in enumerate(second.read_text().splitlines(), 1)
                           if line.startswith("status:")))]


def test_inline_suppression_takes_rule_names_and_reports_unknown_ones(tmp_path):
    import json

    from click.testing import CliRunner

    from graph.cli import cli

    (tmp_path / "x.yml").write_text("term: x\nshort_def: X.\nrelationships:\n  related: [y]\n")
    (tmp_path / "y.yml").write_text(
        "# glossgraph: ignore one-way-related, GG4O3  # kept for the demo\n"
        "term: y\nshort_def: Y.\nrelationships:\n  related: [z]\n"
        "# glossgraph: ignore stale-reviews\n")
    (tmp_path / "z.yml").write_text("term: z\nshort_def: Z.\n")
    result = CliRunner().invoke(cli, ["check", str(tmp_path), "--no-cache", "--select", "GG0,GG203",
                                      "--format", "json"])
    found = [(f["code"], f["file"].rsplit("/", 1)[-1], f["line"], f["column"], f["message"])
             for f in json.loads(result.output)["findings"]]
    assert found == [
        ("GG203", "x.yml", 4, 13, "'x' is related to 'y', but not the other way round"),
        ("GG007", "y.yml", 1, 39,
         "'GG4O3' in `# glossgraph: ignore` names no rule (did you mean GG403?)"),
        ("GG007", "y.yml", 6, 22,
         "'stale-reviews' in `# glossgraph: ignore` names no rule (did you mean stale-review?)"),
    ]
    assert result.exit_code == 0  # GG007 is a warning; --fail-on error
