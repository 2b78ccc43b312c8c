"""Suggestion quality on the real ai-glossary: hidden related links recovered (realdata)."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest

import graph
from graph.suggest.evaluate import evaluate
from tests.benchmarks.suggest_bench import WORDNET, wordnet_glossary

pytestmark = pytest.mark.realdata

SEEDS = range(5)


@functools.cache
def _runs(path: Path) -> list[dict]:
    glossary = graph.load(path)
    return [evaluate(glossary, "related", seed) for seed in SEEDS]


@pytest.fixture
def runs(ai_glossary):
    return _runs(ai_glossary)


def mean(runs, method, metric):
    return float(np.mean([run[method][metric] for run in runs]))


def test_hidden_related_links_recall_at_10(runs):
    # The goal. Measured 0.844 over these 5 seeds, 0.82 over 20 (baseline 0.688; docs/suggest.md).
    assert mean(runs, "suggest", "recall@10") >= 0.80


def test_suggest_beats_the_tfidf_baseline(runs):
    for metric in ("recall@5", "recall@10", "mrr"):
        assert mean(runs, "suggest", metric) > mean(runs, "baseline", metric), metric
    assert all(run["suggest"]["hidden"] == 59 for run in runs)


@pytest.mark.skipif(not WORDNET.exists(), reason="Debian's wordnet-base is not installed")
def test_wordnet_glossary_above_the_baseline():
    glossary = wordnet_glossary("body_part")
    for relation in ("related", "broader"):
        runs = [evaluate(glossary, relation, seed) for seed in range(2)]
        for metric in ("recall@5", "recall@10", "mrr"):
            assert mean(runs, "suggest", metric) > mean(runs, "baseline", metric), (relation, metric)
