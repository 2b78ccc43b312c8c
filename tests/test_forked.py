"""Rules in a forked child: the same findings as in one process, and failures fall back."""

from __future__ import annotations

import os
import sys

import pytest

import graph.checks as checks
from graph.forked import Forked, can_fork

needs_fork = pytest.mark.skipif(not can_fork(), reason="forking needs Linux and two CPUs")


@needs_fork
def test_the_value_comes_from_the_child():
    parent = os.getpid()
    assert Forked(os.getpid).result() != parent


@needs_fork
def test_a_child_that_dies_is_replaced_by_running_here():
    parent = os.getpid()

    def work() -> str:
        if os.getpid() != parent:
            os._exit(3)  # the child crashes without a word
        return "computed here"

    assert Forked(work).result() == "computed here"


@needs_fork
def test_an_unpicklable_value_is_computed_here():
    parent = os.getpid()
    job = Forked(lambda: (lambda: os.getpid()))  # a lambda does not pickle
    assert job.result()() == parent


def test_an_exception_surfaces_as_it_would_without_the_child():
    def work() -> None:
        raise ValueError("bad schema")

    with pytest.raises(ValueError, match="bad schema"):
        Forked(work).result()


def test_disabled_runs_here():
    assert Forked(os.getpid, enabled=False).result() == os.getpid()


def _findings(glossary, parallel: bool, monkeypatch, **options):
    monkeypatch.setattr(checks, "PARALLEL_MIN_TERMS", 0 if parallel else sys.maxsize)
    return [finding.to_dict() for finding in checks.run_checks(glossary, **options)]


@needs_fork
def test_parallel_checks_give_the_same_findings_on_the_real_glossary(monkeypatch, ai_glossary):
    import graph

    one = _findings(graph.load(ai_glossary), False, monkeypatch)
    two = _findings(graph.load(ai_glossary), True, monkeypatch)
    assert len(one) > 400 and one == two
    assert {f["code"] for f in one} >= {"GG101", "GG202", "GG205", "GG403"}


@needs_fork
def test_parallel_checks_keep_select_and_severity(monkeypatch, sample):
    import graph

    options = {"select": ["GG1", "GG2", "GG403"], "severity": {"GG403": "error"}}
    one = _findings(graph.load(sample), False, monkeypatch, **options)
    two = _findings(graph.load(sample), True, monkeypatch, **options)
    assert one == two and one
    assert all(f["severity"] == "error" for f in one if f["code"] == "GG403")


def test_a_native_thread_keeps_the_checks_in_one_process(monkeypatch):
    import graph.forked as forked

    monkeypatch.setattr(forked.os, "listdir", lambda path: ["1", "2"])  # as if BLAS had started a thread
    assert not forked.single_threaded() and not can_fork()
    assert Forked(os.getpid).result() == os.getpid()
