"""Suggestion quality: hidden related links recovered, against the TF-IDF baseline (the ai-glossary
and WordNet tests are realdata; the bundled sample is in the repo)."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest

import graph
from graph.suggest.evaluate import evaluate
from tests.benchmarks.suggest_bench import WORDNET, wordnet_glossary

SEEDS = range(5)
SAMPLE = Path(__file__).resolve().parents[1] / "data"


@functools.cache
def _runs(path: Path) -> list[dict]:
    glossary = graph.load(path)
    return [evaluate(glossary, "related", seed) for seed in SEEDS]


@pytest.fixture
def runs(ai_glossary):
    return _runs(ai_glossary)


def mean(runs, method, metric):
    return float(np.mean([run[method][metric] for run in runs]))


@pytest.mark.realdata
def test_hidden_related_links_recall_at_10(runs):
    # The goal. Measured 0.841 over these 5 seeds, 0.814 over 20 (baseline 0.688; docs/suggest.md).
    assert mean(runs, "suggest", "recall@10") >= 0.80


@pytest.mark.realdata
def test_suggest_beats_the_tfidf_baseline(runs):
    for metric in ("recall@5", "recall@10", "mrr"):
        assert mean(runs, "suggest", metric) > mean(runs, "baseline", metric), metric
    assert all(run["suggest"]["hidden"] == 59 for run in runs)


@pytest.mark.realdata
@pytest.mark.skipif(not WORDNET.exists(), reason="Debian's wordnet-base is not installed")
def test_wordnet_glossary_above_the_baseline():
    glossary = wordnet_glossary("body_part")
    for relation in ("related", "broader"):
        runs = [evaluate(glossary, relation, seed) for seed in range(2)]
        for metric in ("recall@5", "recall@10", "mrr"):
            assert mean(runs, "suggest", metric) > mean(runs, "baseline", metric), (relation, metric)


def test_sample_related_links_above_the_baseline():
    # The bundled sample (70 terms, 10 of 52 related pairs hidden per seed). Below the baseline on
    # recall@5 and MRR before the "closest wording" feature (0.540 / 0.380 against 0.640 / 0.392).
    runs = _runs(SAMPLE)
    for metric in ("recall@5", "recall@10", "mrr"):
        assert mean(runs, "suggest", metric) > mean(runs, "baseline", metric), metric
    assert all(run["suggest"]["hidden"] == 10 for run in runs)
