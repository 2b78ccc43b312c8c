"""Hostile YAML input: every command ends in time and memory, without a traceback.

The harness is tests/hostile_util.py (shared with tests/test_hostile_rdf.py).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from hostile_util import EXPORT_FORMATS, Run, changed, every_command, run_glossgraph, snapshot

import graph
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


# The hostile YAML corpus: tests/fixtures/hostile plus special files made here.

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
#: The file of each case and the code it must be reported with.
EXPECTED = {
    "alias-bomb.yml": "GG001",
    "alias-loop.yml": "GG001",
    "wide.yml": "GG001",
    "big.yml": "GG004",
    "zero.yml": "GG004",
    "random.yml": "GG004",
    "fifo.yml": "GG004",
    "bad-dates.yml": "GG401",
    "bad-keys.yml": "GG401",
    "bad-iri.yml": "GG401",
}
GOOD_TERMS = ("alpha", "beta", "dated", "keyed", "spaced")


def alias_bomb(levels: int = 9) -> str:
    """About 600 bytes that expand to 10**levels nodes."""
    lines = ["term: bomb", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + f"\naliases: *a{levels}\n"


def make_corpus(folder: Path) -> Path:
    shutil.copytree(HOSTILE, folder, ignore=shutil.ignore_patterns("*.md"))
    (folder / "alias-bomb.yml").write_text(alias_bomb())
    (folder / "alias-loop.yml").write_text("term: loop\nx: &x [a, *x]\n")
    (folder / "wide.yml").write_text("term: wide\nx: [" + ",".join(["a"] * 1_100_000) + "]\n")
    with open(folder / "big.yml", "wb") as handle:  # past MAX_FILE_BYTES, made here, never committed
        handle.write(b"term: big\n" + b"# filler line of a very large file\n" * 620_000)
    os.symlink("/dev/zero", folder / "zero.yml")
    os.symlink("/dev/urandom", folder / "random.yml")
    os.mkfifo(folder / "fifo.yml")
    return folder


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("hostile") / "terms")


def _reported(run: Run) -> dict[str, set[str]]:
    findings = json.loads(run.stdout)["findings"]
    return {name: {f["code"] for f in findings if Path(f["file"]).name == name} for name in EXPECTED}


@pytest.mark.parametrize("cache", [True, False], ids=["cache", "no-cache"])
def test_check_reports_each_bad_file_and_loads_the_good_ones(corpus, tmp_path, cache):
    args = ["check", "--data", str(corpus), "--format", "json", *([] if cache else ["--no-cache"])]
    for _ in range(2 if cache else 1):  # the second run reads what the first cached
        run = run_glossgraph(args, tmp_path)
        assert run.returncode == 1 and not run.problems(), run.describe()
        reported = _reported(run)
        assert all(code in reported[name] for name, code in EXPECTED.items()), reported
        assert json.loads(run.stdout)["summary"]["terms"] == len(GOOD_TERMS)
    cache_files = sorted((corpus / ".glossgraph-cache").glob("parse-*.msgpack"))
    assert all(path.stat().st_size < 1_000_000 for path in cache_files)  # no expansion stored


def test_every_command_ends_in_time_without_traceback_or_stray_writes(corpus, tmp_path):
    out = tmp_path / "out"
    before = snapshot(corpus, tmp_path, skip=(corpus / ".glossgraph-cache", out))
    commands = every_command(corpus, out, "alpha") + [
        ["fix", "--data", str(corpus), "--write"],
        ["show", "dated", "--data", str(corpus)],
        ["show", "keyed", "--data", str(corpus), "--format", "json"],
    ]
    for args in commands:
        run = run_glossgraph(args, tmp_path)
        assert run.returncode in (0, 1) and not run.problems(), run.describe()
    assert changed(before, snapshot(corpus, tmp_path, skip=(corpus / ".glossgraph-cache", out))) == []
    turtle = (out / "export.ttl").read_text()
    assert all(f'"{label}"' in turtle for label in GOOD_TERMS)
    assert "bomb" not in turtle and (out / "export.ttl").stat().st_size < 100_000


def test_special_files_in_the_cache_folder_are_never_read(corpus, tmp_path):
    data = tmp_path / "terms"
    shutil.copytree(corpus, data, symlinks=True, ignore=shutil.ignore_patterns("fifo.yml", ".*"))
    assert run_glossgraph(["check", "--data", str(data)], tmp_path).returncode == 1
    cache = data / ".glossgraph-cache"
    names = sorted(path.name for path in cache.iterdir() if path.name.endswith(".msgpack"))
    assert names
    for index, name in enumerate(names):
        (cache / name).unlink()
        if index % 2:
            os.mkfifo(cache / name)
        else:
            os.symlink("/dev/zero", cache / name)
    for args in (["check", "--data", str(data)], ["stats", "--data", str(data)],
                 ["export", "ttl", "--data", str(data), "-o", str(tmp_path / "x.ttl")]):
        run = run_glossgraph(args, tmp_path)
        assert run.returncode in (0, 1) and not run.problems(), run.describe()
    assert "GG004" in run_glossgraph(["check", "--data", str(data)], tmp_path).stdout


def test_an_unreadable_folder_is_a_finding(tmp_path, monkeypatch):
    from graph.sources import load_glossary

    shutil.copytree(HOSTILE, tmp_path / "terms", ignore=shutil.ignore_patterns("*.md"))
    locked = tmp_path / "terms" / "locked"
    locked.mkdir()
    (locked / "hidden.yml").write_text("term: hidden\n")
    locked.chmod(0)
    if os.geteuid() == 0:  # root lists any folder: refuse this one as the kernel would for others
        real = os.scandir

        def scandir(path: Any = ".") -> Any:
            if os.fspath(path).rstrip(os.sep) == str(locked):
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real(path)

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        glossary = load_glossary(tmp_path / "terms")
    finally:
        locked.chmod(0o755)
    found = [f for f in glossary.load_findings if f.code == "GG004"]
    assert [(f.file, f.message) for f in found] == [
        (os.path.relpath(locked), "cannot list the folder: Permission denied; its files are not loaded")]
    assert "alpha" in glossary and "hidden" not in glossary


def test_invalid_dates_and_odd_keys_keep_the_term(tmp_path):
    from graph.sources import load_glossary

    glossary = load_glossary(HOSTILE / "bad-dates.yml")
    term = glossary.find("dated")
    assert term.last_reviewed == "2025-02-30"
    assert term.extra["review_log"] == {"opened": "2025-01-01 25:61:00", "created": "0000-01-01"}
    assert [(f.code, f.line, f.column) for f in glossary.load_findings] == [
        ("GG401", 4, 16), ("GG401", 6, 11), ("GG401", 7, 12)]
    keyed = load_glossary(HOSTILE / "bad-keys.yml").find("keyed")
    assert keyed.extra == {"1": "a"} and keyed.governance == {"true": "b", "2024-01-01": "c"}
    spaced = load_glossary(HOSTILE / "bad-iri.yml")
    assert spaced.iri("spaced") == spaced.scheme.base_iri + "spaced"
    assert [f.code for f in graph.check(spaced) if f.code == "GG401"] == ["GG401"]
