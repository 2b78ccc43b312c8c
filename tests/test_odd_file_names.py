"""File and folder names that are not UTF-8 (Linux allows any bytes): every command still works.

`os.walk` gives such names with surrogate escapes, which msgpack and the RDF
and HTML writers cannot encode. The caches store them as bytes (or leave
that file out), and outputs show the stray bytes as U+FFFD.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import count_calls

import graph.cache as cache_module
import graph.checks as checks_module
import graph.result_cache as result_cache
from graph.cli import cli

ODD = b"b\xe9ta.yml"  # Latin-1 bytes: not UTF-8


def _odd_name(folder: Path, name: bytes) -> Path:
    """`folder`/`name` created, or the test skipped where the file system refuses the name."""
    if sys.platform != "linux":
        pytest.skip("only Linux file systems keep names that are not UTF-8")
    path = Path(os.fsdecode(os.fsencode(folder) + b"/" + name))
    try:
        path.touch()
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    return path


@pytest.fixture
def runs(monkeypatch) -> list[int]:
    monkeypatch.setattr(result_cache, "RACY_SECONDS", 0)
    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0)
    return count_calls(monkeypatch, checks_module, "run_checks")


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert "internal error" not in result.output, result.output
    return result.exit_code, result.output


@pytest.fixture
def odd(tmp_path, monkeypatch) -> Path:
    """A glossary of two terms, one in a file whose name is not UTF-8."""
    folder = tmp_path / "g"
    folder.mkdir()
    (folder / "alpha.yml").write_text("term: alpha\nrelationships:\n  related: [beta]\n", encoding="utf-8")
    _odd_name(folder, ODD).write_text("term: beta\nrelationships:\n  related: [alpha, gamma]\n",
                                      encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return folder


def test_check_with_the_caches_gives_what_a_fresh_check_gives(odd, runs):
    fresh = _invoke("check", "--data", str(odd), "--no-cache", "--format", "json")
    assert fresh[0] == 1  # GG101: gamma is no term
    assert "b\ufffdta.yml" in fresh[1]  # the stray byte shows as U+FFFD
    for _ in range(3):  # writes the caches, then reads them
        assert _invoke("check", "--data", str(odd), "--format", "json") == fresh
    assert (odd / ".glossgraph-cache").is_dir()
    assert len(runs) == 4  # findings naming that file are not kept: the rules run each time


def test_exports_show_the_name_with_a_replacement_character(odd, tmp_path):
    for fmt, suffix in (("ttl", "ttl"), ("html", "html"), ("graphml", "graphml"), ("json", "json")):
        out = tmp_path / f"out.{suffix}"
        code, output = _invoke("export", fmt, "--data", str(odd), "-o", str(out))
        assert code == 0, output
        assert out.exists()
    turtle = (tmp_path / "out.ttl").read_text(encoding="utf-8")
    assert "b\ufffdta.yml" in turtle  # gg:sourceFile
    assert "b\ufffdta.yml" in (tmp_path / "out.html").read_text(encoding="utf-8")
    code, output = _invoke("build", "--data", str(odd))
    assert code == 1 and "Wrote exports/g.html" in output, output  # 1: gamma is no term


def test_a_data_folder_named_in_latin_1_is_cached(tmp_path, monkeypatch, runs):
    folder = _odd_name(tmp_path, b"d\xe9")
    folder.unlink()
    folder.mkdir()
    (folder / "alpha.yml").write_text("term: alpha\nrelationships:\n  related: [beta]\n", encoding="utf-8")
    (folder / "beta.yml").write_text("term: beta\nrelationships:\n  related: [alpha]\n", encoding="utf-8")
    monkeypatch.chdir(folder)
    first = _invoke("check", "--data", ".")
    assert _invoke("check", "--data", ".") == first
    assert len(runs) == 1  # the second check was read back from the check cache
    assert list((folder / ".glossgraph-cache").glob("parse-*.msgpack"))


def test_a_strict_utf8_stdout_prints_the_name_instead_of_failing(odd):
    """As on a desktop with a UTF-8 locale, where stdout refuses surrogate escapes."""
    import subprocess

    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
    done = subprocess.run([sys.executable, "-c", "from graph.cli import main; main()", "show", "beta",
                           "--data", str(odd), "--no-cache"], capture_output=True, env=env, check=False)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert b"Source: " in done.stdout and b"b?ta.yml" in done.stdout
