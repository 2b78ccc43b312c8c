"""`glossgraph check` gives the same bytes in fresh processes, whatever the hash seed and the
working directory, with and without its caches."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SMALL = Path(__file__).parent / "fixtures" / "checks"


def check(cwd: Path, seed: int, *args: str) -> bytes:
    """`glossgraph check --format json` on ../terms from `cwd`, in a fresh process."""
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    done = subprocess.run([sys.executable, "-c", "from graph.cli import main; main()", "check",
                           "--data", "../terms",
                           "--format", "json", *args], cwd=cwd, env=env, capture_output=True,
                          check=False, timeout=120)
    assert done.returncode in (0, 1), done.stderr.decode()
    return done.stdout


@pytest.fixture
def workspace(tmp_path) -> Path:
    """Every check fixture in one glossary, with two sibling working directories."""
    terms = tmp_path / "terms"
    for family in ("references", "structure", "labels", "content"):
        shutil.copytree(SMALL / family / "bad", terms / family)
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
    return tmp_path


def test_findings_do_not_depend_on_hash_seed_or_working_directory(workspace):
    runs = {check(workspace / cwd, seed, "--no-cache") for cwd, seed in
            [("one", 0), ("one", 1), ("two", 2), ("two", 12345)]}
    assert len(runs) == 1
    assert b'"GG204"' in runs.pop()  # the glossary does have findings, cycles included


def test_cached_and_rechecked_findings_do_not_depend_on_hash_seed(workspace):
    expected = check(workspace / "one", 0, "--no-cache")
    assert check(workspace / "one", 1) == expected  # writes the caches
    assert check(workspace / "two", 2) == expected  # another directory: its own key
    assert check(workspace / "one", 3) == expected  # read back from the check cache
    edited = workspace / "terms" / "content" / "alpha.yml"
    edited.write_text("# a comment\n" + edited.read_text(encoding="utf-8"), encoding="utf-8")
    os.utime(edited, (1_700_000_000, 1_700_000_000))
    expected = check(workspace / "one", 0, "--no-cache")
    assert check(workspace / "one", 4) == expected  # rechecked after the edit
