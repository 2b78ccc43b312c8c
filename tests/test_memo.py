"""The rule memo: GG101's did-you-mean answers are kept between runs and never reused for other names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import writable_copy
from test_forked import could_fork, fresh

import graph
import graph.cache as cache_module
import graph.checks.similar as similar
import graph.result_cache as result_cache
from graph.checks import run_checks
from graph.checks.memo import Memo
from graph.cli import cli
from graph.result_cache import CheckCache


@pytest.fixture
def scans(monkeypatch) -> list[int]:
    """How many queries CloseNames actually searched (not answered from the memo)."""
    searched: list[int] = []
    real = similar.CloseNames._candidates

    def counted(self, chunk):
        searched.append(len(chunk))
        return real(self, chunk)

    monkeypatch.setattr(similar.CloseNames, "_candidates", counted)
    return searched


def test_kept_answers_give_the_same_findings_without_searching(ai_glossary, scans):
    glossary = graph.load(ai_glossary)
    first = Memo()
    expected = run_checks(glossary, memo=first)
    assert sum(scans) > 0 and first.changed
    scans.clear()
    second = Memo(first.used)
    assert run_checks(glossary, memo=second) == expected
    assert sum(scans) == 0 and not second.changed


def test_answers_for_other_names_are_not_used(ai_glossary, tmp_path, scans):
    copy = tmp_path / "terms"
    writable_copy(ai_glossary, copy)
    first = Memo()
    run_checks(graph.load(copy), memo=first)
    # a new term named like a broken reference: the names change, so must the answers
    broken = next(u.reference.text for u in graph.load(copy).unresolved)
    (copy / "zz-new.yml").write_text(f"term: {broken}x\n", encoding="utf-8")
    scans.clear()
    changed = graph.load(copy)
    again = Memo(first.used)
    assert run_checks(changed, memo=again) == run_checks(changed)
    assert sum(scans) > 0  # searched again: the names changed
    assert again.used.keys() != first.used.keys()


def test_a_memo_with_wrong_answers_under_another_key_is_never_read(ai_glossary):
    glossary = graph.load(ai_glossary)
    honest = Memo()
    expected = run_checks(glossary, select=["GG101"], memo=honest)
    lies = {key.replace("close-names", "close-names-x"): {q: [["nonsense", 100.0, 0]] for q in table}
            for key, table in honest.used.items()}
    assert run_checks(glossary, select=["GG101"], memo=Memo(lies)) == expected


@pytest.mark.skipif(not could_fork, reason="forking needs Linux and two CPUs")
def test_the_forked_half_sends_its_tables_back(ai_glossary):
    seen = fresh("""
        import graph, graph.checks as checks
        from graph.checks.memo import Memo
        checks.PARALLEL_MIN_TERMS = 0
        memo = Memo()
        glossary = graph.load(sys.argv[1])
        can = can_fork()
        found = checks.run_checks(glossary, memo=memo)
        sizes = [len(table) for table in memo.used.values()]
        again = checks.run_checks(glossary, memo=Memo(memo.used))
        print(json.dumps({"fork": can, "sizes": sizes, "same": again == found}))
    """, str(ai_glossary))
    assert seen["fork"] and seen["same"]
    assert seen["sizes"] and min(seen["sizes"]) > 10


def test_cli_keeps_the_memo_next_to_the_check_cache(ai_glossary, tmp_path, monkeypatch, scans):
    monkeypatch.setattr(result_cache, "RACY_SECONDS", 0)
    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0)
    copy = tmp_path / "terms"
    writable_copy(ai_glossary, copy)
    args = ["check", "--data", str(copy), "--format", "json"]
    first = CliRunner().invoke(cli, args).output
    memo_file = copy / ".glossgraph-cache" / "memo.msgpack"
    assert memo_file.exists() and sum(scans) > 0
    (copy / ".glossgraph-cache" / "check.msgpack").unlink()  # make the rules run again
    scans.clear()
    assert CliRunner().invoke(cli, args).output == first
    assert sum(scans) == 0
    memo_file.write_bytes(memo_file.read_bytes()[:-3])  # truncated: ignored, searched again
    (copy / ".glossgraph-cache" / "check.msgpack").unlink()
    assert CliRunner().invoke(cli, args).output == first
    assert sum(scans) > 0
    assert json.loads(first)["summary"]["error"] > 0


def test_memo_of_another_build_is_not_read(tmp_path, monkeypatch):
    cache = CheckCache(tmp_path / "c")
    cache.save_memo({"close-names:1:x": {"q": [["a", 90.0, 0]]}})
    assert cache.memo() == {"close-names:1:x": {"q": (("a", 90.0, 0),)}}
    monkeypatch.setattr(result_cache, "code_stamps", lambda: ["another build"])
    assert cache.memo() == {}


def test_memo_lives_in_the_given_folder(tmp_path):
    target = Path(tmp_path / "elsewhere")
    CheckCache(target).save_memo({})
    assert (target / "memo.msgpack").exists() and (target / ".gitignore").exists()
