"""`import` writes its folder all at once: safe file names, nothing partial, progress on a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_util import PROJECT, changed, run_glossgraph, snapshot

import graph
import graph.errors
from graph.cli import cli
from graph.yaml_out import write_glossary

SKOS = "http://www.w3.org/2004/02/skos/core#"


def _vocabulary(path: Path, labels: list[str]) -> Path:
    lines = [f"@prefix skos: <{SKOS}> ."]
    lines += [f'<http://x/c{i}> a skos:Concept ; skos:prefLabel "{label}"@en .'
              for i, label in enumerate(labels)]
    path.write_text("\n".join(lines) + "\n")
    return path


def _import(*args: str):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def test_long_and_reserved_labels_get_safe_file_names(tmp_path: Path) -> None:
    long_a, long_b = "a" * 299 + "x", "a" * 299 + "y"
    labels = [long_a, long_b, "CON", "aux", "nul", "Com1", "lpt9", "con"]
    vocab = _vocabulary(tmp_path / "v.ttl", labels)
    result = _import(vocab, "--to", tmp_path / "out")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert all(len(name) <= 130 for name in names)
    stems = {name.split(".")[0].lower() for name in names}
    assert not stems & {"con", "aux", "nul", "com1", "lpt9"}
    assert {"con-term", "aux-term", "nul-term", "com1-term", "lpt9-term", "con-term-2"} <= stems
    loaded = graph.load(tmp_path / "out")
    assert sorted(term.label for term in loaded) == sorted(labels)


def test_a_folder_where_a_file_goes_is_an_error_and_nothing_is_written(tmp_path: Path) -> None:
    vocab = _vocabulary(tmp_path / "v.ttl", ["alpha", "beta"])
    out = tmp_path / "out"
    (out / "beta.yml").mkdir(parents=True)
    (out / "notes.txt").write_text("mine")
    before = snapshot(tmp_path)
    result = _import(vocab, "--to", out, "--force")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (f"Error: {out / 'beta.yml'} is a folder where a file "
                                             "would be written")
    assert changed(before, snapshot(tmp_path)) == []


def test_to_that_is_a_file_is_an_error(tmp_path: Path) -> None:
    vocab = _vocabulary(tmp_path / "v.ttl", ["alpha"])
    (tmp_path / "out").write_text("a file")
    result = _import(vocab, "--to", tmp_path / "out")
    assert result.exit_code == 2 and f"Directory '{tmp_path / 'out'}' is a file" in result.stderr
    with pytest.raises(graph.errors.GlossgraphError, match="exists and is not a folder"):
        write_glossary(graph.Glossary([]), tmp_path / "out")


def test_existing_folder_keeps_other_files_and_refuses_overwrites(tmp_path: Path) -> None:
    vocab = _vocabulary(tmp_path / "v.ttl", ["alpha", "beta"])
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "alpha.yml").write_text("term: old\n")
    refused = _import(vocab, "--to", out)
    assert refused.exit_code == 2 and "refusing to overwrite 1 existing file(s)" in refused.stderr
    assert (out / "alpha.yml").read_text() == "term: old\n" and not (out / "beta.yml").exists()
    forced = _import(vocab, "--to", out, "--force")
    assert forced.exit_code == 0, forced.output
    assert (out / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in out.iterdir()) == ["alpha.yml", "beta.yml", "glossgraph.toml",
                                                     "notes.txt"]
    assert not [p for p in tmp_path.iterdir() if ".partial-" in p.name]


#: Runs the CLI with the 30th file write failing as on a full disk (fault injection).
_FULL_DISK = """
import builtins, errno, sys
import graph.folder_out as folder_out
calls = [0]
def failing_open(path, mode="r", *args, **kwargs):
    if "w" in mode:
        calls[0] += 1
        if calls[0] == 30:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
    return builtins.open(path, mode, *args, **kwargs)
folder_out.open = failing_open
sys.argv[0] = "glossgraph"
from graph.cli import main
main()
"""


@pytest.mark.parametrize("existing", [False, True])
def test_a_failed_write_leaves_the_target_as_it_was(tmp_path: Path, existing: bool) -> None:
    vocab = _vocabulary(tmp_path / "v.ttl", [f"term {i}" for i in range(60)])
    out = tmp_path / "out"
    if existing:
        out.mkdir()
        (out / "notes.txt").write_text("mine")
    before = snapshot(tmp_path)
    run = run_glossgraph(["import", str(vocab), "--to", str(out)], tmp_path,
                         python_code=_FULL_DISK)
    assert not run.problems(), run.describe()
    assert run.returncode == 2
    assert run.stderr.startswith(f"Error: cannot write {out}: No space left on device")
    assert changed(before, snapshot(tmp_path)) == []  # no partial folder, no temporary one


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    vocab = _vocabulary(tmp_path / "v.ttl", [f"term {i}" for i in range(600)])
    quiet = _import(vocab, "--to", tmp_path / "quiet")
    assert quiet.exit_code == 0 and quiet.stderr == ""
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "COLUMNS": "100"}
    main = "import sys; sys.argv[0] = 'glossgraph'; from graph.cli import main; main()"
    process = subprocess.run([sys.executable, "-c", main, "import", str(vocab), "--to",
                              str(tmp_path / "shown")], stderr=follower, stdout=subprocess.PIPE,
                             env=env, timeout=60, check=False)
    os.close(follower)
    shown = b""
    try:
        while chunk := os.read(leader, 65536):
            shown += chunk
    except OSError:  # the terminal closes when the child is gone
        pass
    os.close(leader)
    assert process.returncode == 0, shown
    assert b"Reading " in shown and b"Writing YAML files" in shown and b"100%" in shown
