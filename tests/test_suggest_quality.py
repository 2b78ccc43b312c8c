"""Suggestion quality on the real ai-glossary: hidden related links recovered (realdata)."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pytest

import graph
from graph.suggest.evaluate import evaluate

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
    # Measured 0.770 (5 seeds; baseline 0.688); the goal of 0.80 is not reached (docs/suggest.md).
    assert mean(runs, "suggest", "recall@10") >= 0.75


def test_suggest_beats_the_tfidf_baseline(runs):
    for metric in ("recall@5", "recall@10", "mrr"):
        assert mean(runs, "suggest", metric) > mean(runs, "baseline", metric), metric
    assert all(run["suggest"]["hidden"] == 59 for run in runs)
