"""Loading YAML: positions, list files, field types, and every kind of bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from graph.errors import DataPathError
from graph.sources import load_glossary, yaml_files
from graph.sources.yaml_terms import LOADER, parse_yaml_text, read_yaml_file


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_positions_of_term_and_each_relationship_entry(fixtures):
    glossary = load_glossary(fixtures / "small")
    alpha = glossary.find("alpha")
    assert alpha.position.line == 1 and alpha.position.column == 1
    assert alpha.file.endswith("tests/fixtures/small/terms/alpha.yml")
    refs = [(r.relation, r.text, r.position.line, r.position.column) for r in alpha.references]
    assert refs == [("narrower", "beta", 9, 5), ("related", "gamma", 11, 5)]
    gamma = glossary.find("gamma")
    flow = [(r.text, r.position.line, r.position.column) for r in gamma.references]
    assert flow == [("a-letter", 9, 13), ("Alpha", 10, 13)]


def test_position_of_fields_and_list_items(fixtures):
    beta = load_glossary(fixtures / "small").find("beta")
    assert beta.position_of("aliases[0]").line == 3
    assert beta.position_of("status").line == 12
    assert beta.position_of("no-such-field") == beta.position


def test_unknown_fields_are_kept(fixtures):
    gamma = load_glossary(fixtures / "small").find("gamma")
    assert gamma.extra == {"owner": "greek desk"}
    assert gamma.to_dict()["owner"] == "greek desk"


def test_every_known_field_is_read():
    text = """
term: ai incident response
aliases: [model incident response, ai escalation]
categories: [Operations & Monitoring]
roles: [legal]
part_of_speech: process
short_def: Short.
long_def: Long.
audiences: {exec: For execs., engineer: For engineers.}
examples: {do: [Rehearse.], dont: [Ignore alerts.]}
governance: {nist_rmf_tags: [risk_management], risk_notes: Risky.}
relationships: {broader: [model governance], narrower: [], related: [red teaming]}
citations: [{source: NIST, url: 'https://www.nist.gov/'}]
license: CC BY-SA 4.0
status: approved
last_reviewed: 2025-09-29
"""
    (term,), findings = parse_yaml_text(text, "t.yml")
    assert findings == []
    assert term.aliases == ["model incident response", "ai escalation"]
    assert term.audiences == {"exec": "For execs.", "engineer": "For engineers."}
    assert term.examples["dont"] == ["Ignore alerts."]
    assert term.nist_rmf_tags == ["risk_management"]
    assert term.citations == [{"source": "NIST", "url": "https://www.nist.gov/"}]
    assert term.last_reviewed == "2025-09-29"  # an unquoted date becomes ISO text
    assert [(r.relation, r.text) for r in term.references] == [
        ("broader", "model governance"), ("related", "red teaming")]
    assert term.field_errors == []


def test_a_file_may_hold_a_list_of_terms(tmp_path):
    write(tmp_path, "all.yaml", "- term: one\n  relationships: {related: [two]}\n- term: two\n- 7\n")
    glossary = load_glossary(tmp_path)
    assert [t.label for t in glossary] == ["one", "two"]
    assert glossary.find("two").position.line == 3
    assert [(f.code, f.line) for f in glossary.load_findings] == [("GG003", 4)]
    assert len(glossary.links) == 1


def test_directories_are_read_recursively_and_sorted(tmp_path):
    write(tmp_path, "b/z.yml", "term: z\n")
    write(tmp_path, "a.yaml", "term: a\n")
    write(tmp_path, ".hidden/x.yml", "term: hidden\n")
    write(tmp_path, "notes.txt", "term: not yaml\n")
    assert [p.relative_to(tmp_path).as_posix() for p in yaml_files(tmp_path)] == ["a.yaml", "b/z.yml"]


BAD_FILES = {
    "syntax.yml": ("term: a\n  broken: [\n", "GG001", 2),
    "dupkey.yml": ("term: a\nstatus: draft\nstatus: approved\n", "GG002", 3),
    "termint.yml": ("term: 5\n", "GG003", 1),
    "noterm.yml": ("label: x\n", "GG003", 1),
    "scalar.yml": ("just a sentence\n", "GG003", 1),
    "empty.yml": ("\n\n", "GG003", 1),
    "unsafe.yml": ("term: x\nrun: !!python/object/apply:os.system ['echo pwned']\n", "GG001", 2),
    "custom-tag.yml": ("term: x\nstatus: !shout approved\n", "GG001", 2),
    "badutf8.yml": (b"term: ok\nshort_def: caf\xe9\n", "GG004", 2),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_is_one_finding_and_the_others_still_load(tmp_path, name):
    text, code, line = BAD_FILES[name]
    write(tmp_path, name, text)
    write(tmp_path, "good.yml", "term: good\n")
    glossary = load_glossary(tmp_path)
    assert "good" in glossary
    codes = [(f.code, Path(f.file).name, f.line) for f in glossary.load_findings]
    assert codes == [(code, name, line)]
    assert all(f.severity == "error" for f in glossary.load_findings)


def test_duplicate_key_still_loads_the_term_with_the_last_value(tmp_path):
    write(tmp_path, "d.yml", "term: a\nstatus: draft\nstatus: approved\n")
    glossary = load_glossary(tmp_path)
    assert glossary.find("a").status == "approved"
    assert glossary.load_findings[0].message == (
        "duplicate key 'status' (first at line 2); the last value is used")


def test_unsafe_tag_runs_nothing(tmp_path):
    marker = tmp_path / "pwned"
    write(tmp_path, "u.yml", f"term: x\nrun: !!python/object/apply:os.system ['touch {marker}']\n")
    load_glossary(tmp_path)
    assert not marker.exists()


def test_wrong_field_types_are_recorded_not_raised(tmp_path):
    write(tmp_path, "w.yml", "term: w\nrelationships: x\naliases: one\ncategories: [ok, [nested]]\n")
    term = load_glossary(tmp_path).find("w")
    messages = [(path, message) for path, message, _ in term.field_errors]
    assert messages == [
        ("aliases", "'aliases' should be a list of text, not text"),
        ("categories[1]", "'categories' item 2 should be text, not a list"),
        ("relationships", "'relationships' should be a mapping, not text"),
    ]
    assert term.aliases == ["one"] and term.categories == ["ok"] and term.references == []


def test_deep_nesting_is_refused_without_recursion_error(tmp_path):
    write(tmp_path, "deep.yml", "term: x\nextra: " + "[" * 5000 + "]" * 5000 + "\n")
    glossary = load_glossary(tmp_path)
    assert [f.code for f in glossary.load_findings] == ["GG001"]


def test_c_loader_and_pure_fallback_agree(fixtures):
    path = fixtures / "small" / "terms" / "alpha.yml"
    fast, _ = read_yaml_file(path, loader=LOADER)
    pure, _ = read_yaml_file(path, loader=yaml.SafeLoader)
    assert fast[0].to_dict() == pure[0].to_dict()
    assert [r.position for r in fast[0].references] == [r.position for r in pure[0].references]


def test_loading_writes_nothing(tmp_path):
    write(tmp_path, "a.yml", "term: a\n")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    load_glossary(tmp_path)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(DataPathError, match="data path not found"):
        load_glossary(tmp_path / "nope")


def test_suppression_comment_is_recorded(tmp_path):
    write(tmp_path, "s.yml", "# glossgraph: ignore GG203, gg201\nterm: s\n")
    assert load_glossary(tmp_path).find("s").suppressed == frozenset({"GG203", "GG201"})


@pytest.mark.realdata
def test_real_ai_glossary_loads_every_term(ai_glossary):
    glossary = load_glossary(ai_glossary)
    assert len(glossary) == 112
    assert glossary.load_findings == []
    unresolved = {(glossary.terms[u.source].label, u.reference.text) for u in glossary.unresolved}
    assert ("attention", "transformer") in unresolved
    assert ("agentic ai", "incident response") in unresolved
    # every unresolved text really names no label, alias or slug
    for item in glossary.unresolved:
        assert glossary.lookup(item.reference.text) == (None, [])


def test_anchors_and_merge_keys(tmp_path):
    write(tmp_path, "m.yml", "term: x\nbase: &b {k: 1}\nother:\n  <<: *b\n  j: 2\n"
                             "list: &l [a, b]\nagain: *l\n")
    term = load_glossary(tmp_path).find("x")
    assert term.extra == {"base": {"k": 1}, "other": {"k": 1, "j": 2}, "list": ["a", "b"],
                          "again": ["a", "b"]}


def test_an_alias_bomb_is_refused_and_modest_aliases_load(tmp_path):
    lines = ["term: bomb", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    write(tmp_path, "bomb.yml", "\n".join(lines) + "\n")  # 10**9 leaves once expanded
    write(tmp_path, "fine.yml", "term: fine\nbase: &b {source: x, url: 'https://x'}\n"
                                "citations: [*b, *b]\n")
    glossary = load_glossary(tmp_path)
    assert [(f.code, f.file, f.message) for f in glossary.load_findings] == [
        ("GG001", os.path.relpath(tmp_path / "bomb.yml"), "YAML aliases refused: aliases expand it "
         "past the budget (10,000 nodes or 1,000,000 characters more than written)")]
    assert glossary.find("fine").citations == [{"source": "x", "url": "https://x"}] * 2


def test_typed_scalars_keep_yaml_meaning(tmp_path):
    write(tmp_path, "t.yml", "term: t\ncount: 3\nflag: yes\nnothing: ~\nwhen: 2025-01-02\n"
                             "text: no way\nquoted: 'yes'\n")
    extra = load_glossary(tmp_path).find("t").extra
    import datetime

    assert extra == {"count": 3, "flag": True, "nothing": None, "when": datetime.date(2025, 1, 2),
                     "text": "no way", "quoted": "yes"}


def test_yaml_file_names_are_the_sorted_paths_as_strings(tmp_path):
    from graph.sources import yaml_file_names

    for name in ("b/z.yml", "a.yaml", "b/a b.yml", "B/c.yml", ".hidden/x.yml", "b/.git/y.yml", "c.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("term: t\n", encoding="utf-8")
    names = yaml_file_names(tmp_path)
    assert names == [str(path) for path in sorted(Path(name) for name in names)]
    assert [Path(name).relative_to(tmp_path).as_posix() for name in names] == [
        "B/c.yml", "a.yaml", "b/a b.yml", "b/z.yml"]


def test_a_file_with_more_nodes_than_the_limit_is_refused(monkeypatch):
    from graph.sources import yaml_terms
    from graph.sources.yaml_terms import parse_yaml_text

    monkeypatch.setattr(yaml_terms, "MAX_NODES", 10)
    fits = "term: a\nx: [b, c, d, e, f]\n"  # 10 nodes: the mapping, 2 keys, 'a', the list, 5 items
    terms, findings = parse_yaml_text(fits, "fits.yml")
    assert [t.label for t in terms] == ["a"] and findings == []
    terms, findings = parse_yaml_text(fits.replace("f]", "f, g]"), "over.yml")
    assert terms == [] and [(f.code, f.message) for f in findings] == [
        ("GG001", "more than 10 YAML nodes; the file is refused")]
