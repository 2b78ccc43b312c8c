"""The parse cache: warm loads equal cold ones, nothing stale is used, bad caches are rebuilt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import graph
from graph import cache as cache_module
from graph import cache_file as file_layout
from graph import cache_workers
from graph.cache import CACHE_DIR_NAME, ParseCache, default_cache_dir, open_cache
from graph.cli import cli
from graph.sources import load_glossary

RICH = """\
# glossgraph: ignore GG301, GG302
term: Alpha Term
aliases: [a, 2]
categories: Letters
roles: [legal]
part_of_speech: concept
short_def: The first.
long_def: 7
audiences: {exec: For execs.}
examples: {do: [Rehearse.], dont: [Ignore.]}
governance: {nist_rmf_tags: [validity], risk_notes: Notes.}
relationships:
  broader: [beta]
  narrower: gamma
  related: [missing, beta]
  sideways: [x]
citations:
- {source: A book, url: "https://example.org"}
- just text
license: CC BY-SA 4.0
status: approved
last_reviewed: 2024-05-01
owner: desk
when: 2024-05-01T10:20:30+02:00
tags: !!set {x, y}
blob: !!binary aGVsbG8=
nested: {1: one, 2.5: half, null: none, 2020-01-02: day}
"""

LIST = """\
- term: beta
  aliases: [b]
- term: gamma
  relationships: {broader: [Alpha Term]}
- just a string
- {aliases: [no label]}
"""

BROKEN = "term: broken\nterm: again\nstatus: [\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "terms"
    write(folder, "alpha.yml", RICH)
    write(folder, "list.yaml", LIST)
    write(folder, "sub/dup.yml", "term: dup\nstatus: draft\nstatus: approved\n")
    write(folder, "sub/broken.yml", BROKEN)
    write(folder, "empty.yml", "")
    return folder


@pytest.fixture
def cache(data: Path) -> ParseCache:
    """A cache that stores files however recently they changed (tests write them now)."""
    return ParseCache(default_cache_dir(data), racy_seconds=0)


def snapshot(glossary: graph.Glossary) -> tuple:
    """Everything loading produces, for exact comparison."""
    terms = [(t, t.positions, t.suppressed, t.field_errors) for t in glossary]
    return terms, glossary.load_findings, glossary.links, glossary.unresolved


def test_warm_load_equals_cold_load(data, cache):
    cold = load_glossary(data)
    first = load_glossary(data, cache=cache)
    assert cache.stats == {"hits": 0, "misses": 5, "written": 1}
    warm = load_glossary(data, cache=cache)
    assert cache.stats == {"hits": 5, "misses": 0, "written": 0}
    assert snapshot(warm) == snapshot(cold) == snapshot(first)
    alpha = warm.find("Alpha Term")
    assert alpha.extra["tags"] == {"x", "y"} and alpha.extra["blob"] == b"hello"
    assert alpha.extra["when"].utcoffset().total_seconds() == 7200
    nested = alpha.extra["nested"]
    assert nested == cold.find("Alpha Term").extra["nested"]
    assert list(nested) == ["1", "2.5", "null", "2020-01-02"]  # keys that are not text: as written
    assert [f.message for f in warm.load_findings if f.code == "GG401"][:1] == [
        "the key '1' is not text; read as '1'"]
    assert alpha.suppressed == frozenset({"GG301", "GG302"})


def test_cache_yields_like_the_plain_reader(data, cache):
    from graph.sources import read_yaml_terms, yaml_files

    files = yaml_files(data)
    plain = list(read_yaml_terms(files, data))
    list(cache.read(files, data))
    seen: list[tuple[int, int]] = []
    warm = list(cache.read(files, data, progress=lambda done, total: seen.append((done, total))))
    assert warm == plain
    assert seen == [(n, 5) for n in range(1, 6)]


def test_stored_gives_each_files_last_version_and_lends_its_read_to_the_next(data, cache,
                                                                           monkeypatch):
    from graph.sources import yaml_file_names

    files = yaml_file_names(data)
    plain = {path: parsed for path, *parsed in cache.read(files, data)}
    cache.wait()
    alpha = str(data / "alpha.yml")
    stamp = cache_module.file_stamp(alpha)
    write(data, "alpha.yml", "term: changed since\n")
    stored = cache.stored([alpha, str(data / "new.yml")], data)
    assert list(stored) == [alpha]  # a file never stored is left out
    assert stored[alpha][0] == stamp and list(stored[alpha][1][1:]) == plain[alpha]
    reads = []
    real = cache_module._load_entries
    monkeypatch.setattr(cache_module, "_load_entries", lambda *a: reads.append(1) or real(*a))
    assert next(iter(cache.read(files, data)))[1][0].label == "changed since"
    assert reads == []  # the entries `stored` read were lent to this read...
    cache.wait()
    list(cache.read(files, data))
    assert reads == [1]  # ...once
    cache.stored([alpha], data)
    os.utime(cache.cache_file(cache_module._header(data, cache_module.LOADER, None)), (1, 1))
    list(cache.read(files, data))
    assert reads == [1, 1, 1]  # the file changed in between: read again


def test_changed_file_is_reread_even_with_same_size_and_mtime(data, cache):
    load_glossary(data, cache=cache)
    path = data / "sub" / "dup.yml"
    stat = path.stat()
    path.write_text("term: dup\nstatus: draft\nstatus: reviewed\n"[: stat.st_size], encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size and path.stat().st_mtime_ns == stat.st_mtime_ns
    glossary = load_glossary(data, cache=cache)
    assert cache.stats["misses"] == 1
    assert glossary.find("dup").status == "reviewed"


def test_added_and_removed_files(data, cache):
    load_glossary(data, cache=cache)
    write(data, "new.yml", "term: newcomer\n")
    (data / "list.yaml").unlink()
    glossary = load_glossary(data, cache=cache)
    assert cache.stats == {"hits": 4, "misses": 1, "written": 1}
    assert "newcomer" in glossary and "beta" not in glossary
    load_glossary(data, cache=cache)
    assert cache.stats == {"hits": 5, "misses": 0, "written": 0}


def test_recently_changed_files_are_not_cached(data):
    racy = ParseCache(default_cache_dir(data))  # the default window: files written just now
    load_glossary(data, cache=racy)
    load_glossary(data, cache=racy)
    assert racy.stats["hits"] == 0


def test_a_file_edited_just_now_does_not_rewrite_the_cache_and_is_never_served_stale(data):
    patient = ParseCache(default_cache_dir(data), racy_seconds=0)
    load_glossary(data, cache=patient)
    stored = cache_file(patient)
    before = stored.read_bytes()
    write(data, "sub/dup.yml", "term: dup\nstatus: draft\nstatus: retired\n")
    racy = ParseCache(default_cache_dir(data))  # the file was written just now: too recent to store
    assert load_glossary(data, cache=racy).find("dup").status == "retired"
    assert racy.stats == {"hits": 4, "misses": 1, "written": 0}
    assert stored.read_bytes() == before  # the old entry stays, and its stamp no longer matches
    assert load_glossary(data, cache=racy).find("dup").status == "retired"
    assert racy.stats["misses"] == 1
    assert load_glossary(data, cache=patient).find("dup").status == "retired"
    assert patient.stats == {"hits": 4, "misses": 1, "written": 1}  # stored once old enough


def cache_file(cache: ParseCache) -> Path:
    (found,) = cache.directory.glob("parse-*.msgpack")
    return found


@pytest.mark.parametrize("damage", [
    lambda raw: raw[: len(raw) // 2],
    lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]),
    lambda raw: b"garbage",
    lambda raw: b"",
    lambda raw: b"\x80\x04\x95pickle-looking bytes",
])
def test_corrupt_cache_is_ignored_and_rebuilt(data, cache, damage):
    expected = snapshot(load_glossary(data))
    load_glossary(data, cache=cache)
    target = cache_file(cache)
    target.write_bytes(damage(target.read_bytes()))
    assert snapshot(load_glossary(data, cache=cache)) == expected
    assert cache.stats == {"hits": 0, "misses": 5, "written": 1}
    load_glossary(data, cache=cache)
    assert cache.stats["hits"] == 5


def test_cache_of_another_build_of_glossgraph_is_not_used(data, cache, monkeypatch):
    """The parse cache keys on glossgraph's version and the stamps of its sources (a changed
    YAML reader must not keep serving what the old one parsed)."""
    load_glossary(data, cache=cache)
    load_glossary(data, cache=cache)
    assert cache.stats["hits"] == 5
    monkeypatch.setattr(cache_module, "code_stamps", lambda: ["0.1.0", ("sources/yaml_terms.py", 1, 2)])
    load_glossary(data, cache=cache)
    assert cache.stats["hits"] == 0


def test_bad_payload_with_valid_checksum_is_reparsed(data, cache):
    load_glossary(data, cache=cache)
    target = cache_file(cache)
    header, entries = file_layout.read_body(target)
    for entry in entries.values():
        entry[3] = cache_module.msgpack.packb([[["not", "a", "term"]], []])
    file_layout.write_body(target, header, entries)
    expected = snapshot(load_glossary(data))
    assert snapshot(load_glossary(data, cache=cache)) == expected
    assert cache.stats["misses"] == 5


def test_loader_and_field_map_are_part_of_the_key(data, cache):
    load_glossary(data, cache=cache)
    load_glossary(data, cache=cache, loader=yaml.SafeLoader)
    assert cache.stats["hits"] == 0
    load_glossary(data, {"fields": {"term": "name"}}, cache=cache)
    assert cache.stats["hits"] == 0
    load_glossary(data, cache=cache)
    assert cache.stats["hits"] == 5


def test_display_path_follows_the_working_directory(data, cache, monkeypatch):
    monkeypatch.chdir(data.parent)
    load_glossary(Path("terms"), cache=cache)
    monkeypatch.chdir(data / "sub")
    warm = load_glossary(Path(".."), cache=cache)
    assert cache.stats["hits"] == 5
    alpha = warm.find("Alpha Term")
    assert alpha.file == os.path.join("..", "alpha.yml")
    assert str(alpha.references[0].position) == os.path.join("..", "alpha.yml") + ":13:13"
    dup_findings = [f for f in warm.load_findings if f.code == "GG002"]
    assert [f.file for f in dup_findings] == ["dup.yml"]
    assert snapshot(warm) == snapshot(load_glossary(Path("..")))


def test_unreadable_files_are_not_cached(data, cache):
    (data / "bad.yml").write_bytes(b"term: \xff\n")
    load_glossary(data, cache=cache)
    load_glossary(data, cache=cache)
    assert cache.stats == {"hits": 5, "misses": 1, "written": 0}


def test_cache_folder_is_git_ignored_and_next_to_the_data(data, cache, tmp_path):
    load_glossary(data, cache=cache)
    assert cache.directory == data / CACHE_DIR_NAME
    assert (cache.directory / ".gitignore").read_text().splitlines()[-1] == "*"
    assert open_cache(data / "alpha.yml").directory == data / CACHE_DIR_NAME
    assert open_cache(data, tmp_path / "elsewhere").directory == tmp_path / "elsewhere"
    assert "import pickle" not in Path(cache_module.__file__).read_text()


def test_read_only_cache_folder_is_not_an_error(data, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = ParseCache(blocker / "cache", racy_seconds=0)
    assert len(load_glossary(data, cache=cache)) == 4
    assert cache.stats["written"] == 0


def test_cli_uses_the_cache_unless_told_not_to(data, tmp_path, monkeypatch):
    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0)
    runner = CliRunner()
    first = runner.invoke(cli, ["stats", "--data", str(data), "--no-cache"])
    assert not (data / CACHE_DIR_NAME).exists()
    second = runner.invoke(cli, ["stats", "--data", str(data)])
    third = runner.invoke(cli, ["stats", "--data", str(data)])
    assert first.output == second.output == third.output
    assert list((data / CACHE_DIR_NAME).glob("parse-*.msgpack"))
    elsewhere = tmp_path / "cache-here"
    runner.invoke(cli, ["stats", "--data", str(data), "--cache-dir", str(elsewhere)])
    assert list(elsewhere.glob("parse-*.msgpack"))


@pytest.mark.parametrize("where, base", [
    ("parent", "terms"), ("parent", "./terms"), ("data", "."), ("data", "sub/.."),
    ("sub", ".."), ("sub", "../"), ("elsewhere", "ABS"), ("elsewhere", "../link"),
])
def test_display_paths_equal_the_plain_reader(data, cache, monkeypatch, where, base):
    from graph.sources import read_yaml_terms, yaml_files

    places = {"parent": data.parent, "data": data, "sub": data / "sub",
              "elsewhere": data.parent / "elsewhere"}
    if where == "elsewhere":
        places[where].mkdir()
        (data.parent / "link").symlink_to(data)
    monkeypatch.chdir(places[where])
    root = data if base == "ABS" else Path(base)
    files = yaml_files(root)
    list(cache.read(files, root))
    assert list(cache.read(files, root)) == list(read_yaml_terms(files, root))
    assert cache.stats["hits"] == 5


def test_parallel_parse_gives_what_parsing_here_gives(data, cache, monkeypatch):
    (data / "bad.yml").write_bytes(b"term: \xff\n")
    for n in range(40):
        write(data, f"many/t{n:02d}.yml", f"term: many {n}\nrelationships: {{related: [many {n + 1}]}}\n")
    expected = snapshot(load_glossary(data))
    monkeypatch.setattr(cache_workers, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(cache_workers, "_worker_count", lambda files: 2)
    assert snapshot(load_glossary(data, cache=cache)) == expected
    assert cache.stats == {"hits": 0, "misses": 46, "written": 1}
    assert snapshot(load_glossary(data, cache=cache)) == expected
    assert cache.stats == {"hits": 45, "misses": 1, "written": 0}


def test_parse_falls_back_to_this_process_when_workers_fail(data, cache, monkeypatch):
    class NoPool:
        def __init__(self, *args, **kwargs):
            raise OSError("no processes here")

    expected = snapshot(load_glossary(data))
    monkeypatch.setattr(cache_workers, "_worker_count", lambda files: 2)
    monkeypatch.setattr(cache_workers, "ProcessPoolExecutor", NoPool)
    assert snapshot(load_glossary(data, cache=cache)) == expected
    assert cache.stats["misses"] == 5


def test_positions_are_unpacked_only_when_asked_and_equal_the_parsed_ones(tmp_path):
    from graph.cache import PackedPositions, open_cache
    from graph.sources import load_glossary

    data = tmp_path / "terms"
    data.mkdir()
    (data / "a.yml").write_text("term: alpha\naliases:\n  - al\nstatus: draft\n", encoding="utf-8")
    fresh = load_glossary(data).terms["alpha"]
    cache = open_cache(data, tmp_path / "cache")
    cache.racy_seconds = 0
    load_glossary(data, cache=cache)
    warm = load_glossary(data, cache=open_cache(data, tmp_path / "cache")).terms["alpha"]
    assert isinstance(warm.positions, PackedPositions) and warm.positions._table is None
    assert warm.position_of("aliases[0]") == fresh.position_of("aliases[0]")
    assert dict(warm.positions) == dict(fresh.positions) and warm == fresh


def test_positions_that_do_not_unpack_fall_back_to_the_term_position():
    import msgpack

    from graph.cache import PackedPositions
    from graph.model import Position, Term

    for packed in (b"\xc1", msgpack.packb([1, 2]), msgpack.packb("status")):
        term = Term("alpha", position=Position("a.yml", 1, 1), positions=PackedPositions(packed))
        assert term.position_of("status") == Position("a.yml", 1, 1)


def test_stamps_taken_by_the_caller_are_used_instead_of_a_second_stat(data, cache, monkeypatch):
    files = [str(path) for path in sorted(data.rglob("*.y*ml"))]
    load_glossary(data, cache=cache)
    stats: list[str] = []
    real = cache_module.file_stamp
    monkeypatch.setattr(cache_module, "file_stamp", lambda path: stats.append(path) or real(path))
    cache.stamps = {name: real(name) for name in files}
    warm = load_glossary(data, cache=cache, files=files)
    assert stats == [] and cache.stats["hits"] == 5
    assert snapshot(warm) == snapshot(load_glossary(data))
    cache.stamps = {name: [0, 0, 0] for name in files}  # stamps that match no entry: all re-read
    load_glossary(data, cache=cache, files=files)
    assert cache.stats["hits"] == 0 and cache.stats["misses"] == 5


def test_load_reads_the_files_it_is_given(data):
    only = [str(data / "alpha.yml")]
    assert [term.file for term in load_glossary(data, files=only)] == [
        term.file for term in load_glossary(data) if term.file.endswith("alpha.yml")]


def test_a_few_edited_files_do_not_rewrite_a_big_cache(tmp_path):
    """One file in 500 may be left out of the cache file and parsed again next time."""
    data = tmp_path / "many"
    for i in range(1000):
        write(data, f"t{i:04d}.yml", f"term: term {i}\nshort_def: Number {i}.\n")
    cache = ParseCache(default_cache_dir(data), racy_seconds=0)
    load_glossary(data, cache=cache)
    assert cache.stats["written"] == 1 and cache.unwritten == []
    write(data, "t0001.yml", "term: term one\n")
    write(data, "t0002.yml", "term: term two\n")
    glossary = load_glossary(data, cache=cache)
    assert cache.stats == {"hits": 998, "misses": 2, "written": 0}
    assert sorted(cache.unwritten) == [os.path.relpath(data / "t0001.yml"),
                                       os.path.relpath(data / "t0002.yml")]
    assert glossary.find("term one") and "term 1" not in glossary
    again = load_glossary(data, cache=cache)
    assert cache.stats["misses"] == 2  # parsed again: their old entries never match
    assert snapshot(again) == snapshot(load_glossary(data))
    write(data, "t0003.yml", "term: term three\n")
    load_glossary(data, cache=cache)
    assert cache.stats["written"] == 1 and cache.unwritten == []  # three is more than one in 500
    load_glossary(data, cache=cache)
    assert cache.stats == {"hits": 1000, "misses": 0, "written": 0}
    (data / "t0004.yml").unlink()
    load_glossary(data, cache=cache)
    assert cache.stats["written"] == 1  # a file gone: its entry is dropped
