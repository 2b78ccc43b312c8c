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
warm, each with the child's own peak RSS, the load average when it started,
and whether the targets of issue 20 are met (`TARGETS`: 10,000 terms in 10 s,
100,000 in 120 s, both within 2 GB).

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


#: Terms -> (wall seconds, peak RSS MB) that `glossgraph suggest` must stay within (issue 20).
TARGETS = {10_000: (10.0, 2048), 100_000: (120.0, 2048)}


def speed(size: int, folder: Path) -> dict:
    from tests.benchmarks.synth import generate

    data = generate(size, folder / f"synth-{size}")
    result: dict = {"terms": size, "load average": round(os.getloadavg()[0], 2)}
    for run in ("cold", "warm"):
        seconds, peak, output = _timed_suggest(data)
        result[f"{run} s"] = round(seconds, 2)
        result[f"{run} peak MB"] = peak
        result["suggestions"] = json.loads(output)["summary"]["suggestions"]
    limit_s, limit_mb = TARGETS.get(size, (None, None))
    if limit_s is not None:
        result["target"] = f"{limit_s:g} s, {limit_mb} MB"
        for run in ("cold", "warm"):
            result[f"{run} met"] = result[f"{run} s"] <= limit_s and result[f"{run} peak MB"] <= limit_mb
    print(_speed_line(result), flush=True)
    return result


def _timed_suggest(data: Path) -> tuple[float, int, bytes]:
    """(wall seconds, peak RSS in MB, stdout) of `glossgraph suggest DATA --format json` in a
    child process (its own peak, read with wait4, not the largest child's so far)."""
    command = [sys.executable, "-c", "from graph.cli import main; main()", "suggest", str(data),
               "--format", "json"]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err,
                                 env={**os.environ, "PYTHONHASHSEED": "0"})
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            err.seek(0)
            raise SystemExit(err.read().decode())
        out.seek(0)
        return seconds, round(usage.ru_maxrss / 1024), out.read()


def _speed_line(row: dict) -> str:
    met = " / ".join("yes" if row.get(f"{run} met") else "no" for run in ("cold", "warm")) \
        if "target" in row else "-"
    return (f"| {row['terms']:,} | {row['cold s']} | {row['cold peak MB']:,} | {row['warm s']} | "
            f"{row['warm peak MB']:,} | {row['suggestions']:,} | {row.get('target', '-')} | {met} | "
            f"{row['load average']} |")


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
        print("\n| terms | cold (s) | cold peak RSS (MB) | warm (s) | warm peak RSS (MB) | suggestions "
              "| target | met (cold / warm) | load average |\n|---|---|---|---|---|---|---|---|---|")
        with tempfile.TemporaryDirectory() as folder:
            results["speed"] = [speed(size, Path(folder)) for size in sizes]
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
