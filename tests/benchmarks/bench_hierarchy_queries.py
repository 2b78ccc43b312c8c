"""The named queries `ancestors` and `descendants` on a chain of N terms: time per query.

Both walk the hierarchy with a property path; they must grow linearly with
the chain's depth (before LATERAL: 3.3 s at 1,000 deep, over 120 s at 10,000).

    python -m tests.benchmarks.bench_hierarchy_queries [--sizes 1000,2000,5000,10000] [--json F]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from graph.model import Glossary, Reference, Term
from graph.query import named_query, sparql
from graph.views.skos import store_of


def chain(size: int) -> Glossary:
    """`size` terms, t0 on top, each the broader of the next."""
    return Glossary([Term(f"t{i}", references=[Reference(f"t{i - 1}", "broader", 0)] if i else [])
                     for i in range(size)])


def measure(size: int) -> dict[str, float]:
    glossary = chain(size)
    store_of(glossary)  # built before the clock starts
    row: dict[str, float] = {"terms": size}
    for name, term in (("ancestors", f"t{size - 1}"), ("descendants", "t0")):
        start = time.perf_counter()
        result = sparql(glossary, named_query(name).text, params={"term": term})
        row[name] = time.perf_counter() - start
        assert len(result) == size - 1
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,2000,5000,10000")
    parser.add_argument("--json", type=Path, default=Path("bench_hierarchy_queries.json"))
    args = parser.parse_args()
    rows = [measure(int(size)) for size in args.sizes.split(",")]
    print(f"{'terms':>7}  {'ancestors s':>12}  {'descendants s':>14}")
    for row in rows:
        print(f"{row['terms']:>7}  {row['ancestors']:>12.3f}  {row['descendants']:>14.3f}")
    args.json.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
