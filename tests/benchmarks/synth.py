"""A seeded generator of realistic synthetic glossaries, written as YAML term files.

The shape follows a real enterprise glossary (the ai-glossary shape): one
file of about 2 KB per term with aliases, categories, roles, definitions,
audiences, examples, governance, citations, status and review date, and:

- a broader tree 3 to 7 levels deep, with some polyhierarchy (about 5% of
  terms have a second parent), a third of the hierarchy also declared as
  narrower on the parent;
- about 3 related links per term, nearly all declared on both sides, a few
  percent one-way;
- a few percent of references broken (misspelled or unknown labels);
- a few broader cycles.

The same size and seed always give the same files, byte for byte.

Examples
--------
>>> import tempfile
>>> folder = generate(50, tempfile.mkdtemp())
>>> len(list(folder.glob("*.yml")))
50
"""

from __future__ import annotations

import os
import random
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SynthTerm", "synthesize", "generate", "render"]

#: Files get this fixed modification time (2024-01-01), so they are never "just changed".
FIXED_MTIME = 1_704_067_200
_FORMAT = 1

_WORDS = (
    "adaptive agent alignment anomaly attention audit batch benchmark bias calibration "
    "canary capacity causal checkpoint classifier cluster cohort compliance context contract "
    "control corpus curation dashboard data decision deployment drift embedding encoder "
    "ensemble evaluation event explanation exposure feature feedback filter fleet forecast "
    "gateway governance gradient graph guardrail harm hazard incident index inference "
    "integrity interface kernel label latency lineage loss memory metric model monitor "
    "network observability ontology oracle outlier pipeline policy prompt privacy provenance "
    "quality quota ranking recall registry regression reliability replay retrieval review "
    "reward risk robustness rollout routing safety sampling scheduler schema score security "
    "sentinel shadow signal simulation sketch snapshot sparsity steward stream surrogate "
    "synthetic taxonomy telemetry tenant threshold token topology trace training transfer "
    "trust tuning uncertainty validation vector vendor version watermark weight window workflow"
).split()
_QUALIFIERS = ("", "", "", "strategy", "review", "plan", "layer", "service", "standard", "test")
_CATEGORIES = ("Foundations", "Governance & Risk", "Operations & Monitoring", "Data",
               "Evaluation", "Security", "Product", "Infrastructure", "Research", "Legal")
_ROLES = ("data_science", "engineering", "product", "legal", "security", "policy", "exec")
_STATUSES = ("draft", "reviewed", "approved", "approved", "approved", "deprecated")
_TAGS = ("validity", "reliability", "safety", "security", "accountability", "privacy",
         "fairness", "transparency")
_SENTENCE_BITS = (
    "keeps {a} aligned with {b} across every release",
    "lets teams compare {a} against {b} before rollout",
    "documents how {a} interacts with {b} in production",
    "reduces the risk that {a} silently degrades {b}",
    "gives reviewers a shared vocabulary for {a} and {b}",
    "records the owner, scope and limits of {a} for {b}",
    "is measured continuously so that {a} drift shows up in {b}",
)


@dataclass
class SynthTerm:
    """One generated term: its label, aliases and declared relationships."""

    label: str
    depth: int
    aliases: list[str] = field(default_factory=list)
    broader: list[str] = field(default_factory=list)
    narrower: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)


def _labels(rng: random.Random, n: int) -> list[str]:
    labels: list[str] = []
    seen: set[str] = set()
    while len(labels) < n:
        words = rng.sample(_WORDS, rng.choice((2, 2, 3)))
        qualifier = rng.choice(_QUALIFIERS)
        label = " ".join(words + ([qualifier] if qualifier else []))
        if label in seen:
            label = f"{label} {len(labels)}"
        seen.add(label)
        labels.append(label)
    return labels


def _tree(rng: random.Random, terms: list[SynthTerm]) -> list[list[int]]:
    """Parents per term: roots at depth 0, others 1..6 deep (so 2 to 7 levels), some twice."""
    roots = max(3, len(terms) // 400)
    by_depth: dict[int, list[int]] = {0: list(range(roots))}
    parents: list[list[int]] = [[] for _ in terms]
    for index in range(roots, len(terms)):
        depth = min(rng.choice((1, 2, 3, 3, 4, 4, 5, 5, 6)), max(by_depth) + 1)
        candidates = by_depth[depth - 1]
        parents[index].append(rng.choice(candidates))
        if rng.random() < 0.05 and len(candidates) > 1:
            second = rng.choice(candidates)
            if second not in parents[index]:
                parents[index].append(second)
        terms[index].depth = depth
        by_depth.setdefault(depth, []).append(index)
    return parents


def _reference(rng: random.Random, term: SynthTerm, broken: float) -> str:
    """How another term names `term`: its label, mostly; sometimes an alias or other case."""
    roll = rng.random()
    if roll < broken:
        return rng.choice((term.label[:-1], term.label + "s x", "legacy " + term.label))
    if roll < 0.12 and term.aliases:
        return term.aliases[0]
    if roll < 0.18:
        return term.label.title()
    return term.label


def synthesize(n: int, seed: int = 0) -> list[SynthTerm]:
    """The terms of a synthetic glossary of `n` terms (deterministic for a seed)."""
    rng = random.Random(f"glossgraph-{seed}-{n}")
    terms = [SynthTerm(label, 0) for label in _labels(rng, n)]
    for term in terms:
        if rng.random() < 0.4:
            term.aliases.append("".join(word[0] for word in term.label.split()).upper()
                                + f"-{rng.randrange(100, 999)}")
    parents = _tree(rng, terms)
    broken = 0.02
    for child, ids in enumerate(parents):
        for parent in ids:
            terms[child].broader.append(_reference(rng, terms[parent], broken))
            if rng.random() < 0.33:
                terms[parent].narrower.append(_reference(rng, terms[child], broken))
    for _ in range(n * 3 // 2):  # ~3 related per term, counting both ends
        a, b = rng.sample(range(n), 2)
        terms[a].related.append(_reference(rng, terms[b], broken))
        if rng.random() > 0.03:  # a few one-way links
            terms[b].related.append(_reference(rng, terms[a], broken))
    _add_cycles(rng, terms, parents, count=2 + n // 2000)
    return terms


def _add_cycles(rng: random.Random, terms: list[SynthTerm], parents: list[list[int]],
                count: int) -> None:
    """Make a few ancestors declare one of their descendants as broader."""
    deep = [i for i, term in enumerate(terms) if term.depth >= 2]
    for index in rng.sample(deep, min(count, len(deep))):
        ancestor = parents[parents[index][0]][0]
        terms[ancestor].broader.append(terms[index].label)


def _words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(count))


def _paragraph(rng: random.Random, term: SynthTerm, sentences: int) -> str:
    parts = []
    for _ in range(sentences):
        bit = rng.choice(_SENTENCE_BITS).format(a=term.label, b=_words(rng, 2))
        parts.append(f"{term.label.capitalize()} {bit}, with {_words(rng, 3)}.")
    return " ".join(parts)


def _block(key: str, text: str, indent: int = 0) -> list[str]:
    pad = " " * indent
    lines = textwrap.wrap(text, 88 - indent)
    return [f"{pad}{key}: >-", *(f"{pad}  {line}" for line in lines)]


def _list(key: str, items: list[str], indent: int = 0) -> list[str]:
    pad = " " * indent
    return [f"{pad}{key}:", *(f"{pad}- {item}" for item in items)] if items else []


def render(term: SynthTerm, rng: random.Random) -> str:
    """The YAML text of one term (about 2 KB)."""
    lines = [f"term: {term.label}"]
    lines += _list("aliases", term.aliases)
    lines += _list("categories", sorted(set(rng.sample(_CATEGORIES, rng.choice((1, 1, 2))))))
    lines += _list("roles", sorted(rng.sample(_ROLES, 3)))
    lines.append("part_of_speech: " + rng.choice(("concept", "process", "metric", "artifact")))
    lines += _block("short_def", _paragraph(rng, term, 1))
    lines += _block("long_def", _paragraph(rng, term, 4))
    lines += ["audiences:", *_block("exec", _paragraph(rng, term, 1), 2),
              *_block("engineer", _paragraph(rng, term, 1), 2)]
    lines += ["examples:", *_list("do", [_paragraph(rng, term, 1)], 2),
              *_list("dont", [_paragraph(rng, term, 1)], 2)]
    lines += ["governance:", *_list("nist_rmf_tags", sorted(rng.sample(_TAGS, 2)), 2),
              *_block("risk_notes", _paragraph(rng, term, 1), 2)]
    relations = [(name, getattr(term, name)) for name in ("broader", "narrower", "related")]
    if any(items for _, items in relations):
        lines.append("relationships:")
        for name, items in relations:
            lines += _list(name, items, 2)
    slug = term.label.replace(" ", "-")
    lines += ["citations:", f"- source: Handbook of {term.label}",
              f"  url: https://example.org/handbook/{slug}",
              "license: CC BY-SA 4.0", f"status: {rng.choice(_STATUSES)}",
              f"last_reviewed: '2025-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}'"]
    return "\n".join(lines) + "\n"


def generate(n: int, out_dir: str | Path, seed: int = 0) -> Path:
    """Write the glossary of `n` terms under `out_dir/terms` (reused when already there).

    Returns the terms folder. Files get a fixed old modification time.
    """
    folder = Path(out_dir) / "terms"
    marker = Path(out_dir) / ".synth"
    stamp = f"format={_FORMAT} n={n} seed={seed}\n"
    if marker.exists() and marker.read_text() == stamp:
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"glossgraph-text-{seed}-{n}")
    for index, term in enumerate(synthesize(n, seed)):
        path = folder / f"{index // 1000:03d}" / f"{term.label.replace(' ', '-')}.yml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(render(term, rng), encoding="utf-8")
        os.utime(path, (FIXED_MTIME, FIXED_MTIME))
    marker.write_text(stamp)
    return folder
