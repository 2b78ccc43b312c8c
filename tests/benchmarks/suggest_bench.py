"""Benchmark of `glossgraph suggest`: quality on hidden links, and speed on synthetic glossaries.

Quality: for each glossary available, a seeded 20% of its related pairs (then,
separately, of its broader pairs) is hidden, and recall@5, recall@10 and MRR
of the hidden pairs are measured for `suggest` and for the TF-IDF baseline in
the same run (`graph.suggest.evaluate`), averaged over `--seeds` seeds.
Glossaries: the real ai-glossary (../shared/data), the bundled sample (data/)
and, when Debian's `wordnet-base` is installed (`apt-get install
wordnet-base`), a glossary built from a subtree of WordNet 3.0 nouns (a real
public vocabulary with definitions: glosses; broader = hypernym, related =
part/member/substance meronym or holonym, aliases = the synset's other words).

Speed: `glossgraph suggest PATH --format json` in a child process on a
synthetic glossary (tests/benchmarks/synth.py), cold (no parse cache) and
warm, with the child's peak RSS.

    python -m tests.benchmarks.suggest_bench --sizes 1000,10000 --json suggest.json
    python -m tests.benchmarks.suggest_bench --sizes 100000 --no-quality
    python -m tests.benchmarks.suggest_bench --sizes '' --embeddings MODEL_FOLDER

`--embeddings` runs the quality part with GG503's similar meaning on
(graph/suggest/embeddings.py): every glossary gets that model folder as its
`embeddings` setting.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

import graph
from graph.model import Glossary, Reference, Term
from graph.suggest.evaluate import evaluate

ROOT = Path(__file__).resolve().parents[2]
AI_GLOSSARY = ROOT.parent / "shared" / "data" / "ai-glossary" / "terms"
WORDNET = Path("/usr/share/wordnet/data.noun")
_RELATED_POINTERS = ("%p", "%m", "%s", "#p", "#m", "#s")


def wordnet_glossary(root_word: str = "body_part", path: Path = WORDNET) -> Glossary:
    """The WordNet noun synsets under `root_word` (its first sense), as a glossary."""
    synsets = _read_wordnet(path)
    wanted = root_word.replace("_", " ")
    root = next(offset for offset, s in synsets.items() if wanted in s["words"])
    chosen, todo = {root}, [root]
    while todo:  # hyponyms, transitively
        for symbol, target in synsets[todo.pop()]["pointers"]:
            if symbol in ("~", "~i") and target in synsets and target not in chosen:
                chosen.add(target)
                todo.append(target)
    labels = _unique_labels(synsets, sorted(chosen))
    terms = []
    for offset in sorted(chosen):
        synset = synsets[offset]
        refs = [Reference(labels[t], "broader" if symbol.startswith("@") else "related", n)
                for n, (symbol, t) in enumerate(synset["pointers"])
                if t in chosen and (symbol in ("@", "@i") or symbol in _RELATED_POINTERS)]
        aliases = [w for w in synset["words"][1:] if w != labels[offset]]
        terms.append(Term(labels[offset], aliases=aliases, short_def=synset["gloss"], references=refs))
    return Glossary(terms, source=f"wordnet:{root_word}")


def _unique_labels(synsets: dict, offsets: list[str]) -> dict[str, str]:
    labels, seen = {}, set()
    for offset in offsets:
        words = synsets[offset]["words"]
        label = next((w for w in words if w not in seen), f"{words[0]} ({offset})")
        seen.add(label)
        labels[offset] = label
    return labels


def _read_wordnet(path: Path) -> dict[str, dict]:
    synsets = {}
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(" "):
            continue
        head, _, gloss = line.partition(" | ")
        parts = head.split()
        count = int(parts[3], 16)
        words = [parts[4 + 2 * i].replace("_", " ").lower() for i in range(count)]
        at = 4 + 2 * count
        pointers = [(parts[at + 1 + 4 * i], parts[at + 2 + 4 * i]) for i in range(int(parts[at]))
                    if parts[at + 3 + 4 * i] == "n"]
        definition = gloss.split('; "')[0].strip()
        synsets[parts[0]] = {"words": words, "pointers": pointers, "gloss": definition}
    return synsets


def quality(glossaries: dict[str, Glossary], seeds: int) -> list[dict]:
    rows = []
    for name, glossary in glossaries.items():
        for relation in ("related", "broader"):
            runs = [evaluate(glossary, relation, seed) for seed in range(seeds)]
            row = {"glossary": name, "terms": len(glossary), "relation": relation,
                   "hidden": runs[0]["suggest"]["hidden"]}
            for method in ("suggest", "baseline"):
                for metric in ("recall@5", "recall@10", "mrr"):
                    row[f"{method} {metric}"] = round(float(np.mean([r[method][metric] for r in runs])), 3)
            rows.append(row)
            print(_quality_line(row), flush=True)
    return rows


def _quality_line(row: dict) -> str:
    return (f"| {row['glossary']} | {row['terms']} | {row['relation']} | {row['hidden']} | "
            f"{row['suggest recall@5']:.3f} | {row['suggest recall@10']:.3f} | {row['suggest mrr']:.3f} | "
            f"{row['baseline recall@5']:.3f} | {row['baseline recall@10']:.3f} | "
            f"{row['baseline mrr']:.3f} |")


def speed(size: int, folder: Path) -> dict:
    from tests.benchmarks.synth import generate

    data = generate(size, folder / f"synth-{size}")
    result = {"terms": size}
    for run in ("cold", "warm"):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        command = [sys.executable, "-c", "from graph.cli import main; main()", "suggest", str(data),
                   "--format", "json"]
        done = subprocess.run(command, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "0"})
        seconds = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(done.stderr.decode())
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        result[f"{run} s"] = round(seconds, 2)
        result[f"{run} peak MB"] = round(max(peak, before) / 1024)
        result["suggestions"] = json.loads(done.stdout)["summary"]["suggestions"]
    print(f"| {size:,} | {result['cold s']} | {result['warm s']} | {result['warm peak MB']} | "
          f"{result['suggestions']:,} |", flush=True)
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="synthetic sizes for speed ('' for none)")
    parser.add_argument("--seeds", type=int, default=5, help="hidings averaged per glossary")
    parser.add_argument("--no-quality", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="also write the results here")
    parser.add_argument("--embeddings", type=Path, default=None,
                        help="a local model2vec folder: evaluate with GG503's similar meaning on")
    args = parser.parse_args(argv)
    results: dict = {"quality": [], "speed": []}
    if not args.no_quality:
        glossaries = {"sample (data/)": graph.load(ROOT / "data")}
        if AI_GLOSSARY.exists():
            glossaries["ai-glossary"] = graph.load(AI_GLOSSARY)
        if WORDNET.exists():
            glossaries["wordnet body_part"] = wordnet_glossary("body_part")
        for glossary in glossaries.values() if args.embeddings else ():
            glossary.config = {**glossary.config, "embeddings": str(args.embeddings.resolve())}
        print("| glossary | terms | hidden links | pairs hidden | suggest R@5 | suggest R@10 | "
              "suggest MRR | baseline R@5 | baseline R@10 | baseline MRR |")
        print("|---|---|---|---|---|---|---|---|---|---|")
        results["quality"] = quality(glossaries, args.seeds)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    if sizes:
        print("\n| terms | cold (s) | warm (s) | peak RSS (MB) | suggestions |\n|---|---|---|---|---|")
        with tempfile.TemporaryDirectory() as folder:
            results["speed"] = [speed(size, Path(folder)) for size in sizes]
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
