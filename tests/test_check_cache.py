"""The check cache: an unchanged glossary's findings are read back, and any change is a miss."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import count_calls, writable_copy

import graph.cache as cache_module
import graph.checks as checks_module
import graph.commands.check as check_command
import graph.result_cache as result_cache
from graph.cli import cli
from graph.findings import Finding
from graph.result_cache import CheckCache, Extent

FORMATS = ["text", "json", "sarif", "github"]


@pytest.fixture
def data(tmp_path, ai_glossary, monkeypatch) -> Path:
    """A copy of the real ai-glossary, with no racy window, checked from tmp_path."""
    copy = tmp_path / "terms"
    writable_copy(ai_glossary, copy)
    monkeypatch.setattr(result_cache, "RACY_SECONDS", 0)
    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0)
    monkeypatch.chdir(tmp_path)
    return copy


@pytest.fixture
def runs(monkeypatch) -> list[int]:
    """One entry per time the rules actually run."""
    return count_calls(monkeypatch, checks_module, "run_checks")


def check(data: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--data", str(data), *args])
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, result.output


def fresh(data: Path, *args: str) -> tuple[int, str]:
    return check(data, "--no-cache", *args)


def test_unchanged_glossary_is_read_back_in_every_format(data, runs):
    first = check(data)
    assert (data / ".glossgraph-cache" / "check.msgpack").exists()
    for fmt in FORMATS:
        before = len(runs)
        assert check(data, "--format", fmt) == fresh(data, "--format", fmt)
        assert len(runs) == before + 1  # only the --no-cache run ran the rules
    assert check(data, "--statistics") == fresh(data, "--statistics")
    assert first == check(data)
    assert first[0] == 1 and "GG101" in first[1]


def test_edited_added_and_removed_files_are_checked_again(data, runs):
    check(data)
    target = sorted(data.glob("*.yml"))[0]
    target.write_text("term: edited term\nrelationships:\n  related:\n    - no such term at all\n",
                      encoding="utf-8")
    edited = check(data)
    assert len(runs) == 2
    assert edited == fresh(data)
    assert "no such term at all" in edited[1]

    (data / "zz-new.yml").write_text("term: brand new term\n", encoding="utf-8")
    assert check(data) == fresh(data)
    assert "zz-new.yml" in check(data)[1]
    target.unlink()
    removed = check(data)
    assert removed == fresh(data) and target.name not in removed[1]


@pytest.mark.parametrize("change", ["select", "ignore", "config", "schema", "today", "cwd", "code"])
def test_every_input_is_part_of_the_key(data, runs, monkeypatch, tmp_path, ai_glossary_schema, change):
    args: list[str] = []
    schema = tmp_path / "schema.json"
    shutil.copy(ai_glossary_schema, schema)
    check(data, "--schema", str(schema)) if change == "schema" else check(data)
    if change == "select":
        args = ["--select", "GG1"]
    elif change == "ignore":
        args = ["--ignore", "GG403"]
    elif change == "config":
        (data / "glossgraph.toml").write_text("stale_after_days = 5000\n", encoding="utf-8")
    elif change == "schema":
        schema.write_text('{"type": "object", "required": ["nonexistent_field"]}', encoding="utf-8")
        args = ["--schema", str(schema)]
    elif change == "today":
        monkeypatch.setattr(check_command.dt, "date", _FarFuture)
        monkeypatch.setattr(checks_module.dt, "date", _FarFuture)
    elif change == "cwd":
        monkeypatch.chdir(data)
    elif change == "code":
        monkeypatch.setattr(result_cache, "code_stamps", lambda: ["another build"])
    changed = check(data, *args)
    assert len(runs) == 2, "a changed input must run the rules again"
    assert changed == fresh(data, *args)


class _FarFuture(dt.date):
    @classmethod
    def today(cls):
        return cls(2040, 1, 1)


def test_today_changes_the_findings(data, monkeypatch):
    before = check(data, "--select", "GG403")[1]
    monkeypatch.setattr(check_command.dt, "date", _FarFuture)
    monkeypatch.setattr(checks_module.dt, "date", _FarFuture)
    after = check(data, "--select", "GG403")[1]
    assert before != after  # every review is stale in 2040: the cached answer would be wrong


@pytest.mark.parametrize("damage", [b"", b"garbage", b"GLOSSGRAPH-CHECK-CACHE\n" + b"\0" * 40, "flip"])
def test_corrupt_cache_is_a_miss_and_is_rebuilt(data, runs, damage):
    expected = check(data)
    stored = data / ".glossgraph-cache" / "check.msgpack"
    if damage == "flip":
        body = bytearray(stored.read_bytes())
        body[-5] ^= 0xFF
        damage = bytes(body)
    stored.write_bytes(damage)
    assert check(data) == expected
    assert len(runs) == 2
    assert check(data) == expected and len(runs) == 2  # rebuilt, and trusted again


def test_no_cache_neither_reads_nor_writes(data, runs):
    fresh(data)
    assert not (data / ".glossgraph-cache").exists()
    check(data)
    fresh(data)
    assert len(runs) == 3


def test_recently_changed_files_are_not_stored(tmp_path, ai_glossary, runs, monkeypatch):
    copy = tmp_path / "terms"
    # written just now: inside the default racy window
    writable_copy(ai_glossary, copy)
    monkeypatch.chdir(tmp_path)
    check(copy)
    check(copy)
    assert len(runs) == 2
    assert not (copy / ".glossgraph-cache" / "check.msgpack").exists()


def test_cache_dir_option_and_read_only_folder(data, tmp_path, runs):
    elsewhere = tmp_path / "cache-here"
    expected = check(data, "--cache-dir", str(elsewhere))
    assert (elsewhere / "check.msgpack").exists()
    assert check(data, "--cache-dir", str(elsewhere)) == expected and len(runs) == 1
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert check(data, "--cache-dir", str(blocker / "cache")) == expected


def test_a_read_only_folder_is_cached_in_the_user_cache_directory(data, tmp_path, monkeypatch, runs):
    """Nothing is written into a folder without write permission (root included: the owner said
    no), yet the second check is still answered from a cache, in the user's cache directory."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    os.chmod(data, 0o555)
    try:
        first = check(data)
        assert check(data) == first == fresh(data)
    finally:
        os.chmod(data, 0o755)
    assert len(runs) == 2  # the first check and --no-cache ran the rules; the second was read back
    assert not (data / ".glossgraph-cache").exists()
    kept = list((tmp_path / "xdg" / "glossgraph").glob("*/check.msgpack"))
    assert len(kept) == 1 and list(kept[0].parent.glob("parse-*.msgpack"))
    assert cache_module.default_cache_dir(data) == data / ".glossgraph-cache"  # writable again


def test_unreadable_files_are_never_stored(tmp_path, monkeypatch, runs):
    monkeypatch.setattr(result_cache, "RACY_SECONDS", 0)
    folder = tmp_path / "g"
    folder.mkdir()
    (folder / "ok.yml").write_text("term: fine\n", encoding="utf-8")
    (folder / "bad.yml").write_bytes(b"term: \xff\n")
    first = check(folder)
    assert "GG004" in first[1]
    assert check(folder) == first
    assert len(runs) == 2


def test_key_is_none_for_missing_or_racy_files(tmp_path):
    folder = tmp_path / "g"
    folder.mkdir()
    (folder / "a.yml").write_text("term: a\n", encoding="utf-8")
    cache = CheckCache(tmp_path / "cache")
    assert cache.key(folder, [str(folder / "a.yml")], {}) is None  # just written
    old = 1_600_000_000
    os.utime(folder / "a.yml", (old, old))
    patient = CheckCache(tmp_path / "cache", racy_seconds=0)
    assert patient.key(folder, [str(folder / "gone.yml")], {}) is None
    assert patient.key(folder, [str(folder / "a.yml")], {"x": 1}) != patient.key(
        folder, [str(folder / "a.yml")], {"x": 2})


def test_a_file_dated_past_64_bit_nanoseconds_is_not_cached(tmp_path):
    folder = tmp_path / "g"
    folder.mkdir()
    (folder / "a.yml").write_text("term: a\n", encoding="utf-8")
    late = 10**19  # the year 2286, in nanoseconds: more than int64 holds
    try:
        os.utime(folder / "a.yml", ns=(late, late))
    except (OSError, OverflowError):
        pytest.skip("this file system cannot date a file that late")
    if os.stat(folder / "a.yml").st_mtime_ns < 2**63:
        pytest.skip("this file system clamped the date")
    cache = CheckCache(tmp_path / "cache", racy_seconds=-10**11)  # not racy, however late
    assert cache.key(folder, [str(folder / "a.yml")], {}) is None
    assert cache.stamps[str(folder / "a.yml")][1] == late  # the parse cache still gets it


def test_previous_gives_back_each_file_and_its_stamp(tmp_path):
    folder = tmp_path / "g"
    folder.mkdir()
    names = [str(folder / f"{letter}.yml") for letter in "cab"]  # in listing order, not sorted
    for number, name in enumerate(names):
        Path(name).write_text("term: x\n" * (number + 1), encoding="utf-8")
        os.utime(name, (1_600_000_000 + number, 1_600_000_000 + number))
    cache = CheckCache(tmp_path / "cache", racy_seconds=0)
    key = cache.key(folder, names, {})
    cache.put(key, Extent(3, 3), [])
    again = CheckCache(tmp_path / "cache", racy_seconds=0)
    again.key(folder, names, {})
    previous = again.previous()
    assert previous.listing.names == tuple(names)
    for name in names:
        assert previous.listing.stamp(name) == tuple(cache.stamps[name])
    assert previous.listing.stamp(str(folder / "other.yml")) is None
    assert previous.listing.changed(again.listing) == []
    os.utime(names[2], (1_700_000_000, 1_700_000_000))
    os.utime(names[0], (1_700_000_000, 1_700_000_000))
    again.key(folder, names, {})
    assert previous.listing.changed(again.listing) == [names[0], names[2]]
    again.key(folder, names[:2], {})
    assert previous.listing.changed(again.listing) is None  # a file less: no stamps to compare
    again.key(folder, [names[1], names[0], names[2]], {})
    assert previous.listing.changed(again.listing) is None


def test_put_then_get_round_trips_every_field(tmp_path):
    cache = CheckCache(tmp_path / "cache", racy_seconds=0)
    findings = [Finding("GG101", "broken-reference", "error", "m", "a.yml", 3, 5, "t", "x", "related",
                        "y"), Finding("GG207", "disconnected", "info", "n")]
    cache.put(b"k" * 16, Extent(2, 1), findings)
    assert cache.get(b"k" * 16) == (Extent(2, 1), findings)
    assert cache.get(b"j" * 16) is None
    assert cache.get(None) is None


def test_the_glossary_and_the_frozen_collector_outlive_the_command_only_under_main(sample, monkeypatch):
    import gc

    import graph.commands.options as options
    from graph.model import Glossary

    monkeypatch.setattr(options, "_KEPT", None)
    CliRunner().invoke(cli, ["check", "--data", str(sample), "--no-cache"])
    assert options._KEPT is None  # the library and test runners keep nothing
    assert gc.isenabled() and gc.get_freeze_count() == 0  # and get the collector back
    options.keep_objects_until_exit()  # what graph.cli.main does: it leaves with os._exit
    try:
        CliRunner().invoke(cli, ["check", "--data", str(sample), "--no-cache"])
        assert [type(kept) for kept in options._KEPT] == [Glossary]
        # giving the collector back there ran a full collection before exit: 0.26 s at 100k
        assert not gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.enable()
        gc.unfreeze()


def test_findings_read_back_are_made_with_the_collector_paused(data, runs, monkeypatch):
    import gc

    import graph.commands.options as options

    check(data)
    monkeypatch.setattr(options, "_KEPT", None)
    seen = []
    get = result_cache.CheckCache.get
    monkeypatch.setattr(result_cache.CheckCache, "get",
                        lambda self, key: seen.append(gc.isenabled()) or get(self, key))
    before = len(runs)
    check(data)  # read back: 0.3 s of collections at 100k terms when the collector ran
    assert seen == [False] and len(runs) == before
    assert gc.isenabled() and gc.get_freeze_count() == 0  # given back when the command ends


_MAIN_NOTING_FORKS = """
import sys
import graph.cache as parse_cache, graph.forked as forked, graph.result_cache as check_cache
check_cache.RACY_SECONDS = parse_cache.RACY_SECONDS = 0  # the copied files are seconds old
start = forked.Forked._start
def noted(self):
    start(self)
    if self.pid:
        print("forked", file=sys.stderr)
forked.Forked._start = noted
from graph.cli import main
main()
"""


@pytest.mark.skipif(not (os.uname().sysname == "Linux" and len(os.sched_getaffinity(0)) > 1),
                    reason="forking needs Linux and two CPUs")
def test_a_forked_child_writes_the_cache_and_it_is_complete_when_the_command_ends(data):
    def run() -> subprocess.CompletedProcess:
        # Without GG101, whose search imports numpy: its BLAS threads would rule out forking.
        return subprocess.run([sys.executable, "-c", _MAIN_NOTING_FORKS, "check", "--data", str(data),
                               "--format", "json", "--ignore", "GG101"], capture_output=True,
                              text=True, cwd=data.parent, timeout=120)

    first = run()
    assert first.returncode == 1 and (data / ".glossgraph-cache" / "check.msgpack").exists()
    assert first.stderr.count("forked") == 1  # 112 terms: only the cache write forks
    second = run()
    assert second.stdout == first.stdout and "forked" not in second.stderr  # read back


def test_a_miss_stats_each_file_once(data, monkeypatch):
    check(data)  # both caches warm
    (data / ".glossgraph-cache" / "check.msgpack").unlink()
    stats: list[str] = []
    real = cache_module.file_stamp
    monkeypatch.setattr(cache_module, "file_stamp", lambda path: stats.append(path) or real(path))
    assert check(data) == fresh(data)
    assert stats == []  # the parse cache used the stamps the check cache's key took
