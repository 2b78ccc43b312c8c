"""A cold load: the cache file's layout, its write in a thread, stamps, listing order, GC."""

from __future__ import annotations

import gc
import threading
from pathlib import Path

import pytest
from test_cache import write

from graph import cache as cache_module
from graph import cache_file as file_layout
from graph import cache_workers
from graph.cache import FORMAT, ParseCache
from graph.sources import load_glossary, yaml_file_names


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "terms"
    for n in range(6):
        write(folder, f"t{n}.yml", f"term: t{n}\nrelationships: {{related: [t{(n + 1) % 6}]}}\n")
    return folder


def cache_file(cache: ParseCache) -> Path:
    (found,) = cache.directory.glob("parse-*.msgpack")
    return found


def test_payloads_follow_the_index_and_are_views_into_the_file(data, tmp_path):
    cache = ParseCache(tmp_path / "cache", racy_seconds=0)
    load_glossary(data, cache=cache)
    assert FORMAT == 3
    header, entries = file_layout.read_body(cache_file(cache))
    assert header["format"] == FORMAT and sorted(entries) == [f"t{n}.yml" for n in range(6)]
    for key, (size, _, _, payload) in entries.items():
        assert isinstance(payload, memoryview) and size == (data / key).stat().st_size
        assert cache_module._decode(payload, key)[0][0].label == key[:-4]


@pytest.mark.parametrize("damage", ["index longer", "index shorter", "row", "not a mapping"])
def test_an_index_that_does_not_match_the_payloads_is_ignored(data, tmp_path, damage):
    cache = ParseCache(tmp_path / "cache", racy_seconds=0)
    load_glossary(data, cache=cache)
    target = cache_file(cache)
    header, entries = file_layout.read_body(target)
    rows = {key: [*entry[:3], len(entry[3])] for key, entry in entries.items()}
    first = next(iter(rows))
    if damage == "index longer":
        rows[first][3] += 1
    elif damage == "index shorter":
        rows[first][3] -= 1
    elif damage == "row":
        rows[first] = [1, 2, 3]
    else:
        rows = [1, 2, 3]
    packed = cache_module.msgpack.packb([header, rows], use_bin_type=True)
    body = file_layout.INDEX_SIZE.pack(len(packed)) + packed
    body += b"".join(bytes(entry[3]) for entry in entries.values())
    target.write_bytes(file_layout.MAGIC + file_layout.checksum(body) + body)
    with pytest.raises(ValueError, match="index|payload|entry|row|mapping|length"):
        file_layout.read_body(target)  # the checksum holds: the index itself is refused
    load_glossary(data, cache=cache)
    assert cache.stats == {"hits": 0, "misses": 6, "written": 1}


def test_the_cache_is_written_in_a_thread_and_waited_for(data, tmp_path, monkeypatch):
    release = threading.Event()
    store = ParseCache._store

    def slow_store(self, target, body):
        release.wait(10)
        store(self, target, body)

    monkeypatch.setattr(ParseCache, "_store", slow_store)
    cache = ParseCache(tmp_path / "cache", racy_seconds=0)
    files = yaml_file_names(data)
    list(cache.read(files, data))
    assert threading.active_count() == 2 and not list(cache.directory.glob("parse-*"))
    release.set()
    assert cache.stats == {"hits": 0, "misses": 6, "written": 1}  # stats waits for the write
    assert threading.active_count() == 1 and cache_file(cache).exists()


def test_a_second_cache_object_waits_for_the_first_ones_write(data, tmp_path, monkeypatch):
    release = threading.Event()
    store = ParseCache._store
    monkeypatch.setattr(ParseCache, "_store",
                        lambda self, target, body: (release.wait(10), store(self, target, body)))
    files = yaml_file_names(data)
    list(ParseCache(tmp_path / "cache", racy_seconds=0).read(files, data))
    threading.Timer(0.2, release.set).start()
    other = ParseCache(tmp_path / "cache", racy_seconds=0)
    list(other.read(files, data))
    assert other.stats["hits"] == 6


def test_load_returns_with_the_file_written_and_no_thread_left(data, tmp_path):
    cache = ParseCache(tmp_path / "cache", racy_seconds=0)
    load_glossary(data, cache=cache)
    assert threading.active_count() == 1 and cache_file(cache).exists()


def test_an_unexpected_write_error_is_raised_by_wait(data, tmp_path, monkeypatch):
    def broken(*args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(cache_module, "_file_bytes", broken)
    cache = ParseCache(tmp_path / "cache", racy_seconds=0)
    with pytest.raises(RuntimeError, match="disk on fire"):
        load_glossary(data, cache=cache)
    cache.wait()  # raised once


def test_workers_stamp_each_file_before_parsing_it(data, tmp_path, monkeypatch):
    monkeypatch.setattr(cache_workers, "PARALLEL_MIN_FILES", 1)
    monkeypatch.setattr(cache_workers, "_worker_count", lambda files: 2)
    stamped_here = []  # what the workers stamp stays in their memory
    stamp = cache_module.file_stamp
    monkeypatch.setattr(cache_module, "file_stamp",
                        lambda path: (stamped_here.append(path), stamp(path))[1])
    cache = ParseCache(tmp_path / "cache", racy_seconds=0)
    load_glossary(data, cache=cache)
    assert stamped_here == []
    _, entries = file_layout.read_body(cache_file(cache))
    for key, entry in entries.items():
        stat = (data / key).stat()
        assert entry[:3] == [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns]
    load_glossary(data, cache=cache)
    assert cache.stats == {"hits": 6, "misses": 0, "written": 0}


def test_files_are_listed_in_path_order(tmp_path):
    names = ["a.yml", "a/b.yml", "a/b/c.yml", "a.b/c.yml", "a-b.yml", "a b/c.yml", "A/z.yml",
             "a/b.c/d.yml", "a/b-c.yml", "é.yml", "z.yaml", "a/.hidden/x.yml", ".h/y.yml"]
    for name in names:
        write(tmp_path, name, "term: x\n")
    listed = yaml_file_names(tmp_path)
    assert listed == [str(p) for p in sorted(Path(n) for n in listed)]
    assert len(listed) == len(names) - 2


def test_loaded_objects_are_moved_to_the_oldest_generation(data):
    assert gc.isenabled()
    glossary = load_glossary(data)
    oldest = {id(obj) for obj in gc.get_objects(generation=2)}
    assert all(id(term) in oldest for term in glossary)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_a_paused_collector_is_left_alone(data):
    gc.disable()
    try:
        gc.collect()
        glossary = load_glossary(data)
        assert not gc.isenabled()
        assert id(next(iter(glossary))) in {id(obj) for obj in gc.get_objects(generation=0)}
    finally:
        gc.enable()
