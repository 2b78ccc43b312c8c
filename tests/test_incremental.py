"""Incremental checking: after an edit, the findings equal a full check's, whichever way they are made."""

from __future__ import annotations

import os
import random
import re
import shutil
from dataclasses import fields
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import count_calls, writable_copy

import graph.cache as cache_module
import graph.commands.check as check_command
import graph.result_cache as result_cache
from graph import load
from graph.checks import RULES, run_checks, run_file_checks
from graph.checks.incremental import compared_fields, moves, recheck, signature
from graph.cli import cli
from graph.model import Glossary, Position, Reference, Term

COMPARED = compared_fields()
FILE_CODES = sorted(code for code, the_rule in RULES.items() if the_rule.scope == "file")


@pytest.fixture
def loads(monkeypatch) -> list[int]:
    """One entry per check that loaded the whole glossary (not rechecked from the last one)."""
    monkeypatch.setattr(result_cache, "RACY_SECONDS", 0)
    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0)
    return count_calls(monkeypatch, check_command, "open_glossary")


@pytest.fixture
def data(tmp_path, ai_glossary, monkeypatch) -> Path:
    """A copy of the real ai-glossary, checked from tmp_path."""
    copy = tmp_path / "terms"
    writable_copy(ai_glossary, copy)
    monkeypatch.chdir(tmp_path)
    return copy


def check(data: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["check", "--data", str(data), "--format", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return result.output


_TICK = [0]


def rewrite(path: Path, change) -> None:
    """Change a file's text and give it a new, distinct modification time."""
    text = path.read_text(encoding="utf-8")
    new = change(text)
    assert new != text, f"the edit changed nothing in {path.name}"
    path.write_text(new, encoding="utf-8")
    _TICK[0] += 1
    stamp = 1_700_000_000 + _TICK[0]
    os.utime(path, (stamp, stamp))


def same_as_full_check(data: Path, loads: list[int], *args: str) -> bool:
    """Check (cached), compare with a check without caches; return whether it was rechecked."""
    before = len(loads)
    cached = check(data, *args)
    rechecked = len(loads) == before
    assert cached == check(data, "--no-cache", *args)
    return rechecked


def with_findings_after(data: Path, field: str) -> Path:
    """The file with the most glossary-wide findings at lines below its `field`."""
    glossary = load(data)
    below: dict[str, int] = {}
    for finding in run_checks(glossary):
        if RULES[finding.code].scope == "glossary" and finding.file and finding.line:
            term = next(t for t in glossary if t.file == finding.file)
            start = term.positions.get(field)
            if start and finding.line > start[0]:
                below[finding.file] = below.get(finding.file, 0) + 1
    assert below, f"no glossary-wide finding below {field}"
    return Path(max(below, key=below.get)).resolve()


def longer_definition(text: str) -> str:
    return re.sub(r"^(definition|short_def|long_def):(.*)$",
                  lambda m: f"{m.group(1)}: >-\n  A longer first line.\n  {m.group(2).strip(' >|-')}",
                  text, count=1, flags=re.M)


# What can be rechecked: edits that leave labels, aliases, links, status and suppressions alone.

def test_a_longer_definition_moves_the_findings_below_it(data, loads):
    check(data)
    target = with_findings_after(data, "relationships")
    rewrite(target, longer_definition)
    assert same_as_full_check(data, loads)


def test_a_line_added_at_the_top_moves_every_finding_of_the_file(data, loads):
    check(data)
    target = with_findings_after(data, "term")
    rewrite(target, lambda text: "# a comment on top\n\n" + text)
    assert same_as_full_check(data, loads)


@pytest.mark.parametrize("change", [
    lambda text: re.sub(r"^last_reviewed:.*$", "last_reviewed: '2001-02-03'", text, count=1, flags=re.M),
    lambda text: re.sub(r"^last_reviewed:.*$", "last_reviewed: someday", text, count=1, flags=re.M),
    lambda text: text + "citations:\n- url: www.example.org/paper\n",
    lambda text: re.sub(r"^short_def:.*\n(  .*\n)*", "short_def: ''\n", text, count=1, flags=re.M),
], ids=["stale", "not-a-date", "bad-citation", "no-definition"])
def test_file_scoped_findings_are_recomputed(data, loads, change):
    check(data)
    rewrite(sorted(data.glob("*.yml"))[0], change)
    assert same_as_full_check(data, loads)


def test_an_unknown_field_edit_runs_the_whole_check(data, loads):
    """Unknown fields land in `extra`, where a term's `iri` lives too, and GG307 (duplicate IRIs
    across terms) declares that it reads `extra`: such an edit cannot be rechecked file by file."""
    check(data)
    rewrite(sorted(data.glob("*.yml"))[0], lambda text: text + "aliases_are_unknown_here: 3\n")
    assert not same_as_full_check(data, loads)


def test_two_edits_in_a_row_and_two_files_at_once(data, loads):
    check(data)
    first, second = with_findings_after(data, "relationships"), sorted(data.glob("*.yml"))[3]
    rewrite(first, longer_definition)
    assert same_as_full_check(data, loads)
    rewrite(first, lambda text: "# again\n" + text)
    rewrite(second, longer_definition)
    assert same_as_full_check(data, loads)


# What cannot: every one of these is checked in full, and still equals a full check.

def _first_related(text: str) -> str:
    return re.sub(r"^(  (broader|narrower|related):\s*\n\s*- ).*$", r"\1a term nobody wrote", text,
                  count=1, flags=re.M)


def _one_more_alias(text: str) -> str:
    if re.search(r"^aliases:", text, flags=re.M):
        return re.sub(r"^aliases:.*$", "aliases:\n- one more alias", text, count=1, flags=re.M)
    return re.sub(r"^(term: .*)$", r"\1\naliases:\n- one more alias", text, count=1, flags=re.M)


@pytest.mark.parametrize("change", [
    _first_related,
    lambda text: re.sub(r"^term: (.*)$", r"term: \1 renamed", text, count=1, flags=re.M),
    _one_more_alias,
    lambda text: re.sub(r"^status:.*$", "status: deprecated", text, count=1, flags=re.M),
    lambda text: "# glossgraph: ignore GG101\n" + text,
    lambda text: "term: [unclosed\n" + text,
], ids=["link", "label", "alias", "status", "suppression", "broken-yaml"])
def test_edits_that_change_the_graph_run_every_rule(data, loads, change):
    check(data)
    target = with_findings_after(data, "relationships")
    rewrite(target, change)
    assert not same_as_full_check(data, loads)


def test_added_and_removed_files_run_every_rule(data, loads):
    check(data)
    (data / "zz-new.yml").write_text("term: a new term\nshort_def: New.\n", encoding="utf-8")
    assert not same_as_full_check(data, loads)
    (data / "zz-new.yml").unlink()
    assert not same_as_full_check(data, loads)


def test_a_message_quoting_a_line_of_the_edited_file_is_not_moved(data, loads):
    """GG105 says where the first copy of a link is; after a move that line would be stale."""
    check(data)
    target = with_findings_after(data, "relationships")
    rewrite(target, lambda text: re.sub(r"^(  (broader|narrower|related):\s*\n)(\s*- .*\n)",
                                        r"\1\3\3", text, count=1, flags=re.M))
    assert not same_as_full_check(data, loads)
    assert "GG105" in check(data)
    rewrite(target, longer_definition)
    assert not same_as_full_check(data, loads)


def test_a_last_version_is_read_back_only_when_it_is_the_one_last_checked(data, loads):
    """The parse cache can hold a newer version than the last check saw (another command
    loaded it); comparing with that one would keep findings the check never made."""
    from graph.cache import open_cache

    check(data)
    target = with_findings_after(data, "relationships")
    rewrite(target, _first_related)  # the last check's findings no longer hold...
    load(data, cache=open_cache(data))  # ...and the parse cache now holds this version
    rewrite(target, longer_definition)
    assert not same_as_full_check(data, loads)
    rewrite(target, longer_definition)
    assert same_as_full_check(data, loads)
    shutil.rmtree(data / ".glossgraph-cache")
    check(data)
    for name in os.listdir(data / ".glossgraph-cache"):
        if name.startswith("parse-"):
            os.remove(data / ".glossgraph-cache" / name)
    rewrite(target, longer_definition)
    assert not same_as_full_check(data, loads)  # nothing to compare with


def test_the_same_options_are_rechecked_but_other_options_or_a_new_day_are_not(data, loads,
                                                                               monkeypatch):
    import datetime as dt

    selected = ("--select", "GG1,GG4", "--ignore", "GG403")
    check(data)
    target = with_findings_after(data, "relationships")
    rewrite(target, longer_definition)
    assert not same_as_full_check(data, loads, *selected)  # the last check had other options
    rewrite(target, longer_definition)
    assert same_as_full_check(data, loads, *selected)

    class Tomorrow(dt.date):
        @classmethod
        def today(cls):
            return cls(2099, 1, 1)

    monkeypatch.setattr(dt, "date", Tomorrow)
    rewrite(target, longer_definition)
    assert not same_as_full_check(data, loads, *selected)


def test_a_file_of_several_terms(tmp_path, monkeypatch, loads):
    """Moving the first term's definition moves the whole second term, and its findings."""
    data = tmp_path / "terms"
    data.mkdir()
    (data / "pair.yml").write_text(
        "- term: alpha\n  short_def: First.\n  relationships:\n    related: [gamma]\n"
        "- term: beta\n  short_def: Second.\n  relationships:\n    broader: [alpha, delt]\n",
        encoding="utf-8")
    (data / "gamma.yml").write_text("term: gamma\nshort_def: Third.\n", encoding="utf-8")
    for path in data.iterdir():
        os.utime(path, (1_600_000_000, 1_600_000_000))
    monkeypatch.chdir(tmp_path)
    check(data)
    pair = data / "pair.yml"
    rewrite(pair, lambda text: text.replace("  short_def: First.\n",
                                            "  short_def: >-\n    First,\n    and longer.\n"))
    assert same_as_full_check(data, loads)
    assert '"line": 10' in check(data)  # GG101 on 'delt', two lines further down
    rewrite(pair, lambda text: text.replace("beta", "bet"))
    assert not same_as_full_check(data, loads)


def test_a_file_the_parse_cache_left_out_is_rechecked_from_the_check_cache(tmp_path, monkeypatch,
                                                                           loads):
    """With 600 files, one edited file is parsed but not written to the parse cache; the check
    cache keeps its signature instead, so the next edit of it can still be rechecked."""
    from tests.benchmarks.synth import generate

    data = generate(600, tmp_path / "synth")
    monkeypatch.chdir(tmp_path)
    check(data)
    parse_cache = next((data / ".glossgraph-cache").glob("parse-*"))
    written = parse_cache.stat().st_mtime_ns
    target = min(p for p in data.rglob("*.yml") if "\n  related:\n" in p.read_text())
    rewrite(target, _first_related)
    assert not same_as_full_check(data, loads)
    assert parse_cache.stat().st_mtime_ns == written  # not rewritten for one file
    rewrite(target, longer_definition)
    assert same_as_full_check(data, loads)
    rewrite(target, longer_definition)
    assert same_as_full_check(data, loads)


# The synthetic glossary of the benchmark: random edits of every kind, over and over.

def test_random_edits_of_a_synthetic_glossary(tmp_path, monkeypatch, loads):
    from tests.benchmarks.synth import generate

    data = generate(300, tmp_path / "synth")
    monkeypatch.chdir(tmp_path)
    rng = random.Random(7)
    files = sorted(data.rglob("*.yml"))
    check(data)
    edits = [longer_definition, lambda text: "\n" + text, _first_related,
             lambda text: text.replace("status: ", "status: x", 1),
             lambda text: text.replace("last_reviewed: '2025", "last_reviewed: '2021", 1),
             lambda text: text.replace("https://", "ftp://", 1)]
    rechecked = 0
    for _ in range(12):
        for path in rng.sample(files, rng.choice((1, 1, 2))):
            rewrite(path, rng.choice(edits))
        rechecked += same_as_full_check(data, loads)
    assert 0 < rechecked < 12


# The pieces.

def test_the_compared_fields_are_what_the_glossary_wide_rules_declare():
    checked = [r for r in RULES.values() if r.severity != "suggestion"]  # GG5xx: only when selected
    assert set(compared_fields(checked)) == {"label", "aliases", "id", "declared_id", "references",
                                             "status", "suppressed", "extra"}  # extra: GG307's `iri`
    assert set(compared_fields()) < {item.name for item in fields(Term)}


@pytest.mark.parametrize("which", ["ai", "synthetic"])
def test_file_scoped_rules_see_one_file_at_a_time(which, ai_glossary, tmp_path):
    """Their findings on the whole glossary are the union of their findings file by file."""
    if which == "ai":
        glossary = load(ai_glossary)
    else:
        from tests.benchmarks.synth import generate

        glossary = load(generate(300, tmp_path))
    whole = run_checks(glossary, select=FILE_CODES, today=None)
    by_file: dict[str, list[Term]] = {}
    for term in glossary:
        by_file.setdefault(term.file, []).append(term)
    parts = []
    for terms in by_file.values():
        parts += run_file_checks(Glossary(terms, config=glossary.config), select=FILE_CODES)
    assert len(whole) > 10
    assert sorted(parts, key=repr) == sorted(whole, key=repr)


def test_positions_pair_up_or_refuse():
    old = signature([Term("a", position=Position("f", 1, 1),
                          references=[Reference("b", "related", 0, Position("f", 5, 3))])], COMPARED)
    new = signature([Term("a", position=Position("f", 2, 1),
                          references=[Reference("b", "related", 0, Position("f", 7, 3))])], COMPARED)
    assert old[0] == new[0]
    assert moves(old[1], new[1]) == {(1, 1): (2, 1), (5, 3): (7, 3)}
    merged = signature([Term("a", position=Position("f", 2, 1),
                             references=[Reference("b", "related", 0, Position("f", 2, 1))])], COMPARED)
    assert moves(old[1], merged[1]) is None  # two places became one: the order could change
    other = signature([Term("a", references=[Reference("c", "related", 0)])], COMPARED)
    assert other[0] != old[0]


def test_recheck_refuses_a_finding_it_cannot_place():
    from graph.findings import Finding

    term = Term("a", position=Position("a.yml", 1, 1), short_def="A.", last_reviewed="2026-01-01")
    old = signature([term], COMPARED)
    stray = Finding("GG201", "orphan", "warning", "m", "a.yml", 9, 9)
    assert recheck(lambda: [stray], {"a.yml": old}, {"a.yml": old}, {"a.yml": ([term], [])}, {},
                   {}) is None
    placed = Finding("GG201", "orphan", "warning", "m", "a.yml", 1, 1)
    assert recheck(lambda: [placed], {"a.yml": old}, {"a.yml": old}, {"a.yml": ([term], [])}, {},
                   {}) == [placed]
    quoting = Finding("GG301", "duplicate-term", "error", "also at a.yml:1:1", "g.yml", 1, 1)
    assert recheck(lambda: [quoting], {"a.yml": old}, {"a.yml": old}, {"a.yml": ([term], [])}, {},
                   {}) is None


def _quoting_codes(glossary: Glossary) -> set[str]:
    """The glossary-wide rules whose messages quote a line or a position."""
    return {f.code for f in run_checks(glossary) if RULES[f.code].scope == "glossary"
            and re.search(r"\bline \d+|:\d+(:\d+)?\)", f.message)}


@pytest.mark.parametrize("which", ["ai", "synthetic"])
def test_only_the_listed_rules_quote_a_line_in_their_messages(which, ai_glossary, tmp_path):
    """A glossary-wide finding is moved, not redone: a line quoted in its message would go stale.
    Rules that quote one must be listed, so that their findings in an edited file are redone
    (GG301 quotes a whole path, which makes any edit of that file run every rule)."""
    if which == "ai":
        glossary = load(ai_glossary)
    else:
        from tests.benchmarks.synth import generate

        glossary = load(generate(300, tmp_path))
    listed = {code for code, the_rule in RULES.items() if the_rule.quotes_lines}
    assert listed == {"GG105"}
    assert _quoting_codes(glossary) <= listed | {"GG301"}


def test_the_quote_detector_finds_the_rules_that_quote(tmp_path):
    data = tmp_path / "terms"
    data.mkdir()
    (data / "alpha.yml").write_text("term: alpha\nrelationships:\n  related: [beta, beta]\n",
                                    encoding="utf-8")
    (data / "beta.yml").write_text("term: beta\nrelationships:\n  related: [alpha]\n",
                                   encoding="utf-8")
    (data / "beta-again.yml").write_text("term: beta\n", encoding="utf-8")
    assert _quoting_codes(load(data)) == {"GG105", "GG301"}
