"""The optional semantic similarity (`embeddings` in the configuration, model2vec).

No model is downloaded: each test builds a tiny real model2vec `StaticModel`
(a tokenizers WordLevel tokenizer over a small vocabulary and hand-made
vectors in which the pet words lie together and the vehicle words together),
saves it with model2vec's own `save_pretrained` and names its folder in a
glossgraph.toml.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import graph
from graph.cli import cli
from graph.suggest import DEFAULT_MIN_SCORE, suggest

model2vec = pytest.importorskip("model2vec")

TERMS = {
    "cat": "A small domesticated feline kept indoors.",
    "kitten": "The young offspring of a household pet.",
    "truck": "A heavy road vehicle carrying freight.",
    "lorry": "A goods carrier driven on highways.",
    "apple": "A crisp orchard fruit.",
    "pear": "A sweet juicy pome grown on trees.",
}
PETS = {"cat", "feline", "domesticated", "kitten", "young", "offspring", "household", "pet",
        "kept", "indoors", "small"}
VEHICLES = {"truck", "heavy", "road", "vehicle", "carrying", "freight", "lorry", "goods",
            "carrier", "driven", "highways"}
FRUIT = {"apple", "crisp", "orchard", "fruit", "pear", "sweet", "juicy", "pome", "grown", "trees"}
ALIKE = {("cat", "kitten"), ("kitten", "cat"), ("truck", "lorry"), ("lorry", "truck"),
         ("apple", "pear"), ("pear", "apple")}


def save_tiny_model(folder: Path, pets: bool = True) -> Path:
    """A real model2vec model: the pet words alike, the vehicle words alike, the fruit words
    alike, the three groups unrelated (without `pets`, the pet words have zero vectors: no pet
    is like anything)."""
    from model2vec import StaticModel
    from tokenizers import Tokenizer, normalizers, pre_tokenizers
    from tokenizers.models import WordLevel

    words = sorted(PETS | VEHICLES | FRUIT)
    vocabulary = {"[UNK]": 0, **{word: i + 1 for i, word in enumerate(words)}}
    tokenizer = Tokenizer(WordLevel(vocabulary, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.Lowercase()
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    rng = np.random.default_rng(0)
    vectors = np.zeros((len(vocabulary), 12), dtype=np.float32)
    for word, i in vocabulary.items():
        # Each group has dimensions of its own (pets 0-3, vehicles 4-7, fruit 8-11): orthogonal.
        for start, group in ((0, PETS if pets else set()), (4, VEHICLES), (8, FRUIT)):
            if word in group:
                vectors[i, start:start + 4] = [1.0, *rng.normal(0, 0.5, 3)]
    StaticModel(vectors=vectors, tokenizer=tokenizer, normalize=True).save_pretrained(folder)
    return folder


def write_glossary(folder: Path, setting: str | None) -> Path:
    terms = folder / "terms"
    terms.mkdir(parents=True)
    for label, definition in TERMS.items():
        (terms / f"{label}.yml").write_text(f"term: {label}\nshort_def: {definition}\n")
    if setting is not None:
        (folder / "glossgraph.toml").write_text(f'data = "terms"\nembeddings = "{setting}"\n')
    return terms


def run(data: Path, *args: str):
    return CliRunner().invoke(cli, ["suggest", "--data", str(data), "--no-cache", "--format",
                                    "json", *args])


def pairs_of(output: str) -> dict[tuple[str, str], dict]:
    return {(s["term"], s["target"]): s for s in json.loads(output)["suggestions"]}


def test_without_the_setting_no_pair_shares_a_word(tmp_path):
    data = write_glossary(tmp_path, None)
    result = run(data)
    assert result.exit_code == 0, result.output
    assert pairs_of(result.output) == {}


def test_a_configured_model_proposes_the_pairs_alike_in_meaning(tmp_path):
    save_tiny_model(tmp_path / "models" / "tiny")
    data = write_glossary(tmp_path, "models/tiny")
    result = run(data)
    assert result.exit_code == 0, result.output
    found = pairs_of(result.output)
    assert set(found) == ALIKE
    cat = found[("cat", "kitten")]
    assert cat["code"] == "GG503" and cat["relation"] == "related"
    assert re.search(r"similar meaning \(embedding cosine 0\.[6-9]\d\)", cat["evidence"]), cat
    assert "similar wording" not in cat["evidence"]  # no shared word at all


def test_meaning_adds_to_wording_in_the_ranking(tmp_path):
    save_tiny_model(tmp_path / "tiny")
    without = graph.load(write_glossary(tmp_path / "one", None))
    with_model = graph.load(write_glossary(tmp_path / "two", str(tmp_path / "tiny")))
    assert suggest(without, select=["GG503"], min_score=0) == []
    scored = {(s.term, s.target): s.score for s in suggest(with_model, select=["GG503"], min_score=0)}
    assert scored[("cat", "kitten")] > DEFAULT_MIN_SCORE  # shown by default
    assert ("cat", "truck") not in scored  # opposite directions: cosine 0, never proposed
    # Other rules are not affected by the setting.
    assert suggest(with_model, select=["GG501", "GG504"], min_score=0) == []


def error_of(result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


def test_a_missing_folder_is_a_clear_error(tmp_path):
    data = write_glossary(tmp_path, "models/nowhere")
    assert "models/nowhere does not exist" in error_of(run(data))


def test_a_hub_id_is_refused_not_downloaded(tmp_path):
    data = write_glossary(tmp_path, "minishlab/potion-base-8M")
    env = {"HF_HOME": str(tmp_path / "hf-home")}
    message = error_of(CliRunner(env=env).invoke(
        cli, ["suggest", "--data", str(data), "--no-cache"]))
    assert "looks like a model hub id" in message and "never downloads" in message
    assert not (tmp_path / "hf-home").exists()


def test_a_file_or_a_folder_without_a_model_is_a_clear_error(tmp_path):
    (tmp_path / "model.bin").write_bytes(b"\0" * 16)
    data = write_glossary(tmp_path / "file", str(tmp_path / "model.bin"))
    assert "is not a folder" in error_of(run(data))
    (tmp_path / "empty").mkdir()
    data = write_glossary(tmp_path / "folder", str(tmp_path / "empty"))
    assert "is not a model2vec model folder" in error_of(run(data))
    broken = save_tiny_model(tmp_path / "broken")
    (broken / "model.safetensors").write_bytes(b"not safetensors")
    data = write_glossary(tmp_path / "broken-data", str(broken))
    assert "is not a model2vec model folder" in error_of(run(data))


def test_without_the_extra_the_error_names_the_pip_command(tmp_path):
    """model2vec made unimportable in a child process (as if the extra were not installed)."""
    save_tiny_model(tmp_path / "tiny")
    data = write_glossary(tmp_path, str(tmp_path / "tiny"))
    code = ("import sys; sys.modules['model2vec'] = None; from graph.cli import main; "
            f"sys.argv = ['glossgraph', 'suggest', '--data', {str(data)!r}, '--no-cache']; main()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "NO_COLOR": "1"}, timeout=120)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install 'glossgraph[embeddings]'" in lines[0], result.stderr


def test_the_check_cache_sees_another_model_in_the_same_folder(tmp_path, monkeypatch):
    from graph import cache as cache_module
    from graph import result_cache

    monkeypatch.setattr(result_cache, "RACY_SECONDS", 0)  # store the files just written
    monkeypatch.setattr(cache_module, "RACY_SECONDS", 0)
    model = save_tiny_model(tmp_path / "models" / "tiny")
    data = write_glossary(tmp_path, "models/tiny")
    runner = CliRunner()

    def check_suggestions() -> set[tuple[str, str]]:
        result = runner.invoke(cli, ["check", "--data", str(data), "--select", "GG5",
                                     "--format", "json"])
        return {(f["term"], f["target"]) for f in json.loads(result.output)["findings"]}

    assert ("cat", "kitten") in check_suggestions()
    assert (data / ".glossgraph-cache" / "check.msgpack").exists()
    save_tiny_model(model, pets=False)
    assert check_suggestions() == ALIKE - {("cat", "kitten"), ("kitten", "cat")}


def test_rules_that_do_not_read_the_model_run_without_it(tmp_path):
    data = write_glossary(tmp_path, "models/nowhere")
    result = run(data, "--select", "GG501")
    assert result.exit_code == 0, result.output


def test_the_evaluation_runs_suggest_as_configured(tmp_path):
    """`graph.suggest.evaluate` hides links but keeps the configuration (and so the model)."""
    from graph.suggest.evaluate import hide_links, ranks_of, suggest_lists

    save_tiny_model(tmp_path / "tiny")
    data = write_glossary(tmp_path, str(tmp_path / "tiny"))
    (data / "cat.yml").write_text(f"term: cat\nshort_def: {TERMS['cat']}\n"
                                  "relationships:\n  related:\n    - kitten\n")
    (data / "kitten.yml").write_text(f"term: kitten\nshort_def: {TERMS['kitten']}\n"
                                     "relationships:\n  related:\n    - cat\n")
    reduced, hidden = hide_links(graph.load(data), "related", fraction=1.0)
    assert hidden == [("cat", "kitten")] and not reduced.links
    assert ranks_of(suggest_lists(reduced), hidden) == [1.0]
