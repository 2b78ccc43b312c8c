"""Rules in a forked child: the same findings as in one process, and failures fall back.

A process forks only when it runs a single OS thread; the test process has
more once numpy (BLAS) or Chromium tests have run, so every test that needs
a real fork runs in a fresh Python process, and fails (not skips) when that
process could not fork on a Linux machine with two CPUs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from graph.forked import Forked, can_fork

PROJECT = Path(__file__).resolve().parent.parent

could_fork = sys.platform.startswith("linux") and len(os.sched_getaffinity(0)) > 1
needs_fork = pytest.mark.skipif(not could_fork, reason="forking needs Linux and two CPUs")


def fresh(body: str, *args: str) -> dict:
    """Run `body` in a new interpreter (with `args` in sys.argv); it prints one JSON line, returned."""
    code = "import json, os, sys\nfrom graph.forked import Forked, can_fork\n" + textwrap.dedent(body)
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=PROJECT, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@needs_fork
def test_the_value_comes_from_the_child():
    seen = fresh("""
        print(json.dumps({"fork": can_fork(), "parent": os.getpid(), "value": Forked(os.getpid).result()}))
    """)
    assert seen["fork"] and seen["value"] != seen["parent"]


@needs_fork
def test_a_child_that_dies_or_returns_what_does_not_pickle_is_replaced_by_running_here():
    seen = fresh("""
        parent = os.getpid()
        def dies():
            if os.getpid() != parent:
                os._exit(3)  # the child crashes without a word
            return "computed here"
        unpicklable = Forked(lambda: (lambda: os.getpid())).result()()  # a lambda does not pickle
        print(json.dumps({"fork": can_fork(), "dies": Forked(dies).result(),
                          "unpicklable": unpicklable == parent}))
    """)
    assert seen == {"fork": True, "dies": "computed here", "unpicklable": True}


def test_an_exception_surfaces_as_it_would_without_the_child():
    def work() -> None:
        raise ValueError("bad schema")

    with pytest.raises(ValueError, match="bad schema"):
        Forked(work).result()


def test_disabled_runs_here():
    assert Forked(os.getpid, enabled=False).result() == os.getpid()


def test_a_native_thread_keeps_the_checks_in_one_process(monkeypatch):
    import graph.forked as forked

    monkeypatch.setattr(forked.os, "listdir", lambda path: ["1", "2"])  # as if BLAS had started a thread
    assert not forked.single_threaded() and not can_fork()
    assert Forked(os.getpid).result() == os.getpid()


_SAME_FINDINGS = """
    import graph, graph.checks as checks, graph.forked as forked
    forks = []
    start = forked.Forked._start
    def counted(self):
        forks.append(1)
        start(self)
    forked.Forked._start = counted
    def findings(path, parallel, **options):
        checks.PARALLEL_MIN_TERMS = 0 if parallel else sys.maxsize
        return [f.to_dict() for f in checks.run_checks(graph.load(path), **options)]
    path, options = sys.argv[1], json.loads(sys.argv[2])
    can = can_fork()
    two = findings(path, True, **options)  # first: GG101 imports numpy, whose BLAS starts a thread
    one = findings(path, False, **options)
    print(json.dumps({"fork": can, "forks": len(forks), "same": one == two, "count": len(one),
                      "codes": sorted({f["code"] for f in one}),
                      "graded": sorted({f["severity"] for f in one if f["code"] == "GG403"})}))
"""


def _compare(path: Path, options: dict) -> dict:
    return fresh(_SAME_FINDINGS, str(path), json.dumps(options))


@needs_fork
@pytest.mark.realdata
def test_parallel_checks_give_the_same_findings_on_the_real_glossary(ai_glossary):
    seen = _compare(ai_glossary, {})
    assert seen["fork"] and seen["forks"] == 1 and seen["same"]
    assert seen["count"] > 400 and {"GG101", "GG202", "GG205", "GG403"} <= set(seen["codes"])


@needs_fork
def test_parallel_checks_keep_select_and_severity(sample):
    seen = _compare(sample, {"select": ["GG1", "GG2", "GG403"], "severity": {"GG403": "error"}})
    assert seen["fork"] and seen["forks"] == 1 and seen["same"] and seen["count"] > 0
    assert seen["graded"] == ["error"]  # the sample's one stale review, graded up


@needs_fork
def test_a_result_never_asked_for_leaves_no_child_behind():
    seen = fresh("""
        import time
        job = Forked(lambda: time.sleep(60))
        pid = job.pid
        del job
        try:
            os.kill(pid, 0)
            alive = True
        except ProcessLookupError:
            alive = False
        print(json.dumps({"forked": pid is not None, "alive": alive}))
    """)
    assert seen == {"forked": True, "alive": False}


@needs_fork
def test_the_large_split_gives_the_same_findings(tmp_path):
    # In a fresh process: a test run before this one may have started native threads here
    # (numpy's BLAS), and then no process forks.
    seen = fresh("""
        import graph, graph.checks as checks, graph.forked as forked
        from tests.benchmarks.synth import generate
        glossary = graph.load(generate(2500, sys.argv[1]), config={})
        forks = []
        start = forked.Forked._start
        forked.Forked._start = lambda self: forks.append(1) or start(self)
        checks.PARALLEL_MIN_TERMS = 0
        split = checks.run_checks(glossary)  # first: GG101 here would import numpy, start BLAS
        checks.PARALLEL_MIN_TERMS = 10**9  # every rule in this process
        alone = checks.run_checks(glossary)
        print(json.dumps({"forks": len(forks), "same": split == alone,
                          "codes": sorted({f.code for f in alone})}))
    """, str(tmp_path))
    assert seen["same"] and seen["forks"] == 1
    assert {"GG101", "GG202", "GG204", "GG403"} <= set(seen["codes"])
