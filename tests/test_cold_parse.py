"""The fast paths of a cold parse give exactly what PyYAML's safe loader gives."""

from __future__ import annotations

import re

import pytest
import yaml

from graph.sources import yaml_terms
from graph.sources.yaml_nodes import WORD_MAX, FastSafeLoader, construct
from graph.sources.yaml_terms import parse_yaml_text, read_yaml_file

SCALARS = [
    "narrower", "term", "no", "No", "NO", "nope", "nothing", "n", "null", "Null", "NULL",
    "nulls", "yes", "Yes", "YES", "yesterday", "y", "true", "True", "TRUE", "truest",
    "false", "False", "FALSE", "falsely", "Falsey", "on", "On", "ON", "onward", "off",
    "Off", "OFF", "offset", "officer", "~", "~tilde", "~ ~ ~ ~ ~", "o", "t", "f",
    "12", "-3", "+4", ".5", ".inf", "0x1F", "2024-05-01", "<<", "=", "a b", "Off track",
    "nULL", "TRUe", "trueish thing", "False start",
]


def resolved(text: str, loader: type) -> list:
    """(tag, value) of each scalar of a flow sequence, as composed by `loader`."""
    node = yaml.compose(text, Loader=loader)
    return [(item.tag, item.value) for item in node.value]


@pytest.mark.parametrize("style", ["{}", "'{}'", '"{}"', "! {}"])
def test_fast_resolver_tags_like_the_safe_loader(style):
    text = "[" + ", ".join(style.format(s) for s in SCALARS) + "]"
    assert resolved(text, FastSafeLoader) == resolved(text, yaml.SafeLoader)


def test_long_words_are_longer_than_every_boolean_and_null():
    resolvers = yaml.SafeLoader.yaml_implicit_resolvers
    for char in FastSafeLoader._word_chars:
        for tag, regexp in resolvers[char]:
            words = re.findall(r"[A-Za-z~]+", regexp.pattern)
            assert words and max(map(len, words)) < WORD_MAX, (char, tag)
    assert set("yYnNtTfFoO~") <= FastSafeLoader._word_chars
    assert not FastSafeLoader._word_chars & set("0123456789-+.<=")


def test_collections_get_their_default_tags():
    node = yaml.compose("a: [1, {b: c}]\n", Loader=FastSafeLoader)
    assert node.tag == "tag:yaml.org,2002:map"
    assert node.value[0][1].tag == "tag:yaml.org,2002:seq"


DOCUMENTS = [
    "term: a\naliases: [x, 1, true, null, ~, 2024-01-01, 'q']\n",
    "a: &x [1, {b: *x}]\nb: *x\n",
    "base: &b {status: draft}\nterm: m\n<<: *b\n",
    "term: a\nterm: b\nx: {k: 1, k: 2}\n",
    "? [1, 2]\n: list key\nterm: t\n",
    "term: t\n1: one\n'1': quoted one\n",
    "term: t\nx: !!set {a, b}\ny: !!omap [a: 1]\n",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_construct_equals_the_safe_constructor(text):
    loader = FastSafeLoader(text)
    try:
        fast = construct(loader.get_single_node(), loader, 50, lambda key, first: None)
    except yaml.YAMLError as exc:
        fast = type(exc)
    finally:
        loader.dispose()
    try:
        safe = yaml.load(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        safe = type(exc)
    assert repr(fast) == repr(safe)


@pytest.mark.parametrize("levels", [47, 48, 49])
@pytest.mark.parametrize("innermost, deepest", [("x", 48), ("{k: x}", 47), ("[]", 48)])
def test_nesting_limit_holds_on_the_inline_path(levels, innermost, deepest):
    # The document is level 1 and x's list level 2: `levels` lists, then the innermost value.
    text = "term: d\nx: " + "[" * levels + innermost + "]" * levels + "\n"
    terms, findings = parse_yaml_text(text, "d.yml")
    if levels > deepest:
        assert [f.message for f in findings] == ["nesting deeper than 50 levels"] and not terms
    else:
        assert not findings and terms[0].label == "d"


def test_duplicate_keys_are_reported_parent_first_in_order():
    text = "term: a\nx:\n  k: 1\n  k: 2\nterm: b\ny: 1\ny: 2\n"
    _, findings = parse_yaml_text(text, "d.yml")
    assert [(f.line, f.message) for f in findings] == [
        (5, "duplicate key 'term' (first at line 1); the last value is used"),
        (7, "duplicate key 'y' (first at line 6); the last value is used"),
        (4, "duplicate key 'k' (first at line 3); the last value is used"),
    ]


def test_read_errors_keep_their_messages(tmp_path, monkeypatch):
    missing = read_yaml_file(tmp_path / "missing.yml")[1][0].message
    assert missing == "cannot read file: No such file or directory"
    assert read_yaml_file(tmp_path)[1][0].message == "not a regular file (a folder); skipped"
    big = tmp_path / "big.yml"
    big.write_text("term: big\n" + "# filler\n" * 20)
    monkeypatch.setattr(yaml_terms, "MAX_FILE_BYTES", 100)
    assert read_yaml_file(str(big))[1][0].message == "file is larger than 0 MB; skipped"


@pytest.mark.parametrize("raw", [b"", b"\xef\xbb\xbfterm: bom\n", b"term: x\n" * 20000])
def test_read_regular_reads_whole_files(tmp_path, raw):
    from graph.fileio import read_regular

    path = tmp_path / "t.yml"
    path.write_bytes(raw)
    assert read_regular(path)[0] == raw == read_regular(str(path), len(raw))[0]
