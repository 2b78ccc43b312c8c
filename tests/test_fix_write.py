"""`fix --write` keeps what users wrote: concurrent edits, one run at a time, links, modes, signals.

The subprocess tests patch `graph.checks.fix_write.before_replace` (called once
a file's new text is in its temporary file, before the last comparison and
the rename) to slow writing down, or to stop it there.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_util import PROJECT, run_glossgraph

import graph
from graph.checks import fix_write
from graph.checks.fix import plan_fixes
from graph.cli import cli

#: Runs glossgraph with a hook: argv[1] a marker file touched at each file, argv[2] a delay in
#: seconds, argv[3] what to do at the file named argv[4]: "sleep", "kill" (SIGKILL), "term"
#: (SIGTERM) or "int" (SIGINT).
DRIVER = """
import os, signal, sys, time, pathlib
import graph.checks.fix_write as w
marker, delay, action, name = pathlib.Path(sys.argv[1]), float(sys.argv[2]), sys.argv[3], sys.argv[4]
del sys.argv[1:5]
def hook(target):
    marker.write_text(target.name)
    if target.name == name and action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    if target.name == name and action == "term":
        os.kill(os.getpid(), signal.SIGTERM)
    if target.name == name and action == "int":
        os.kill(os.getpid(), signal.SIGINT)
    time.sleep(delay)
w.before_replace = hook
sys.argv[0] = "glossgraph"
from graph.cli import main
main()
"""


def _glossary(folder: Path) -> Path:
    """Four terms; fix adds `related: [a]` to b.yml and `narrower: [c]` to d.yml."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.yml").write_text("term: a\nrelationships:\n  related: [b]\n")
    (folder / "b.yml").write_text("term: b\n")
    (folder / "c.yml").write_text("term: c\nrelationships:\n  broader: [d]\n")
    (folder / "d.yml").write_text("term: d\n")
    return folder


def _temp_files(*folders: Path) -> list[str]:
    return sorted(name for folder in folders for name in os.listdir(folder)
                  if name.endswith(fix_write.TEMP_SUFFIX))


def _counts(data: Path) -> Counter:
    return Counter((f.code, f.severity) for f in graph.load(data).check())


def test_a_symlinked_file_is_written_through_to_its_target(tmp_path):
    data = _glossary(tmp_path / "terms")
    shared = tmp_path / "shared"
    shared.mkdir()
    (data / "b.yml").rename(shared / "b.yml")
    (data / "b.yml").symlink_to(shared / "b.yml")
    result = CliRunner().invoke(cli, ["fix", "--data", str(data), "--write", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert (data / "b.yml").is_symlink()
    assert (shared / "b.yml").read_text() == "term: b\nrelationships:\n  related:\n  - a\n"
    assert _temp_files(data, shared) == []


def test_hard_links_mode_and_owner_are_kept(tmp_path):
    data = _glossary(tmp_path / "terms")
    other = tmp_path / "elsewhere.yml"
    os.link(data / "b.yml", other)
    os.chmod(data / "d.yml", 0o640)
    if os.geteuid() == 0:
        os.chown(data / "d.yml", 12345, 23456)
    inode = os.stat(data / "b.yml").st_ino
    result = CliRunner().invoke(cli, ["fix", "--data", str(data), "--write", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert os.stat(data / "b.yml").st_ino == inode and os.stat(other).st_nlink == 2
    assert other.read_text() == "term: b\nrelationships:\n  related:\n  - a\n"
    info = os.stat(data / "d.yml")
    assert info.st_mode & 0o7777 == 0o640
    if os.geteuid() == 0:
        assert (info.st_uid, info.st_gid) == (12345, 23456)
    assert (data / "d.yml").read_text() == "term: d\nrelationships:\n  narrower:\n  - c\n"


def test_a_read_only_file_is_left_alone_with_a_message(tmp_path):
    data = _glossary(tmp_path / "terms")
    os.chmod(data / "b.yml", 0o444)
    result = CliRunner().invoke(cli, ["fix", "--data", str(data), "--write", "--no-cache"])
    assert result.exit_code == 1
    assert f"Not written: {os.path.relpath(data / 'b.yml')} is read-only; left as it is." in result.output
    assert (data / "b.yml").read_text() == "term: b\n"
    assert "narrower:\n  - c" in (data / "d.yml").read_text()
    assert "Fixed 1 problem in 1 file." in result.output


def test_fix_on_an_rdf_source_is_a_clear_error(tmp_path):
    vocab = tmp_path / "v.ttl"
    vocab.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                     "<http://x/a> a skos:Concept ; skos:prefLabel 'a' ; skos:broader <http://x/a> .\n")
    for args in (["fix", "--data", str(vocab)], ["fix", "--data", str(vocab), "--write"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2
        assert f"Error: {vocab} is RDF: fix edits YAML term files only" in result.output
    assert "Traceback" not in result.output


def test_an_interrupted_write_leaves_the_old_content(tmp_path, monkeypatch):
    data = _glossary(tmp_path / "terms")
    plan = plan_fixes(graph.load(data))
    assert [change.path.name for change in plan.changes] == ["b.yml", "d.yml"]

    def stop_at_d(target: Path) -> None:
        if target.name == "d.yml":
            raise RuntimeError("interrupted")

    monkeypatch.setattr(fix_write, "before_replace", stop_at_d)
    with pytest.raises(RuntimeError):
        plan.apply()
    assert (data / "d.yml").read_text() == "term: d\n"  # the old content, whole
    assert "related:\n  - a" in (data / "b.yml").read_text()  # replaced before the stop
    assert _temp_files(data) == []


def _driver(data: Path, tmp_path: Path, action: str, name: str, delay: float = 0.0) -> list[str]:
    return [str(tmp_path / "marker"), str(delay), action, name, "fix", "--data", str(data),
            "--write", "--no-cache"]


@pytest.mark.parametrize(("action", "returncode"), [("term", -signal.SIGTERM), ("int", 130)])
def test_sigterm_and_sigint_remove_the_temporary_file(tmp_path, action, returncode):
    data = _glossary(tmp_path / "terms")
    run = run_glossgraph(_driver(data, tmp_path, action, "d.yml"), tmp_path, python_code=DRIVER)
    assert run.returncode == returncode, run.describe()
    assert _temp_files(data) == []
    assert (data / "d.yml").read_text() == "term: d\n"
    assert "Traceback" not in run.output


def test_a_leftover_of_a_killed_run_is_removed_by_the_next(tmp_path):
    data = _glossary(tmp_path / "terms")
    run = run_glossgraph(_driver(data, tmp_path, "kill", "d.yml"), tmp_path, python_code=DRIVER)
    assert run.returncode == -signal.SIGKILL
    assert len(_temp_files(data)) == 1 and (data / "d.yml").read_text() == "term: d\n"
    assert graph.load(data).check()  # loading ignores the leftover
    again = run_glossgraph(["fix", "--data", str(data), "--write"], tmp_path)
    assert again.returncode == 0, again.describe()
    assert _temp_files(data) == [] and "narrower:\n  - c" in (data / "d.yml").read_text()


def _many(tmp_path: Path, count: int = 60) -> tuple[Path, list[str]]:
    """`count` terms each related to the next one way: fix writes every file but the first."""
    data = tmp_path / "terms"
    data.mkdir()
    for i in range(count):
        target = f"t{i + 1:03d}" if i + 1 < count else "t000"
        (data / f"t{i:03d}.yml").write_text(f"term: t{i:03d}\nrelationships:\n  related: [{target}]\n")
    return data, sorted(p.name for p in data.iterdir())


def _start(args: list[str], cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    return subprocess.Popen([sys.executable, "-c", DRIVER, *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(marker: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not marker.exists():
        assert time.monotonic() < deadline, "the fix never started writing"
        time.sleep(0.01)


def test_an_edit_made_while_fix_writes_survives(tmp_path):
    data, names = _many(tmp_path)
    late = data / names[-1]
    process = _start(_driver(data, tmp_path, "sleep", "", delay=0.05), tmp_path)
    _wait_for(tmp_path / "marker")
    edited = late.read_text().replace("term: t059", "term: t059\nshort_def: Edited meanwhile.")
    late.write_text(edited)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 1, err
    assert late.read_text() == edited
    assert f"Not written: {os.path.relpath(late, tmp_path)} changed while fix was running" in err
    assert (data / names[1]).read_text().endswith("related: [t002, t000]\n")  # t001 gets t000 back
    assert "Traceback" not in err


def test_two_concurrent_runs_never_both_write(tmp_path):
    data, names = _many(tmp_path)
    expected = {change.path.name: change.after for change in plan_fixes(graph.load(data)).changes}
    first = _start(_driver(data, tmp_path, "sleep", "", delay=0.02), tmp_path)
    _wait_for(tmp_path / "marker")
    second = run_glossgraph(["fix", "--data", str(data), "--write"], tmp_path)
    out, err = first.communicate(timeout=60)
    assert first.returncode == 0, err
    assert second.returncode == 2
    assert "another `glossgraph fix --write` (pid" in second.stderr
    assert "nothing was written" in second.stderr and "Fixed" not in second.stderr
    assert {name: (data / name).read_text() for name in expected} == expected
    assert not (data / fix_write.LOCK_NAME).exists()


@pytest.mark.realdata
def test_every_count_is_lower_or_equal_on_the_real_glossary_without_cache(ai_glossary, tmp_path):
    from conftest import writable_copy

    data = writable_copy(ai_glossary, tmp_path / "aig")
    before = _counts(data)
    run = run_glossgraph(["fix", "--data", str(data), "--write", "--no-cache"], tmp_path)
    assert run.returncode == 0, run.describe()
    after = _counts(data)
    assert after != before and all(after[key] <= before[key] for key in after), (before, after)


def test_every_count_is_lower_or_equal_on_a_generated_glossary(tmp_path):
    from benchmarks.synth import generate

    data = generate(400, tmp_path / "synth")
    before = _counts(data)
    result = CliRunner().invoke(cli, ["fix", "--data", str(data), "--write", "--no-cache"])
    assert result.exit_code == 0, result.output
    after = _counts(data)
    fixable = ("GG102", "GG105", "GG202", "GG203")
    assert sum(after[key] for key in after if key[0] in fixable) < sum(
        before[key] for key in before if key[0] in fixable)
    assert all(after[key] <= before[key] for key in after), (before, after)
