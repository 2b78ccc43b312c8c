"""Hostile YAML input: every command ends in time and memory, without a traceback.

The harness is tests/hostile_util.py (shared with tests/test_hostile_rdf.py).
"""

from __future__ import annotations

from pathlib import Path

from hostile_util import EXPORT_FORMATS, run_glossgraph

from graph.export import format_names


def test_the_harness_knows_every_export_format() -> None:
    assert list(EXPORT_FORMATS) == format_names()


def test_the_harness_stops_a_hang_and_measures_memory(tmp_path: Path) -> None:
    hung = run_glossgraph([], tmp_path, python_code="import time; time.sleep(30)", timeout=1)
    assert hung.timed_out and hung.returncode < 0 and hung.seconds < 10
    assert "took" in hung.problems()[0]
    big = run_glossgraph([], tmp_path, python_code=(
        "x = bytearray(300 << 20)\nfor i in range(0, len(x), 4096): x[i] = 1"))
    assert big.returncode == 0 and big.peak_rss > 300 << 20
    assert big.problems(memory_limit=200 << 20) and not big.problems()
    crash = run_glossgraph([], tmp_path, python_code="raise MemoryError")
    assert any("Traceback" in problem for problem in crash.problems())
