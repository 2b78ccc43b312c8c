"""The glossgraph benchmark: every stage timed per size, side by side with rdflib and skosify.

Run it with::

    python -m tests.benchmarks.bench --sizes 1000,10000 --json bench.json

For each size a synthetic glossary (`tests.benchmarks.synth`) is written
under ``--workdir`` (default: a folder in the system temp directory) and
timed, as the median of ``--repeat`` runs, through: parse cold (no cache),
parse warm (parse cache), resolve, networkx view, RDF store, all checks,
each named SPARQL query (our API, raw pyoxigraph on the same store, and
rdflib's Memory store), Turtle export, HTML export (write time, size, and
first draw in headless Chromium when available), and `glossgraph check`
end to end in a subprocess (cold; warm, where the check cache answers; warm
with the check cache removed, so the rules run; and a few seconds after
editing one file), with its peak RSS, after compiling glossgraph's modules
to bytecode as `pip install` does (`_compile_glossgraph`). skosify runs
with its defaults on the same glossary's Turtle, against our Turtle load
plus all checks. The machine may be noisy: compare the ratios measured in
one run. A stage that cannot run is reported as n/a with the reason.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph.cache import RACY_SECONDS
from graph.views.nx import nx_view
from graph.views.skos import store_of

from .synth import FIXED_MTIME, generate

__all__ = ["TARGETS", "measure", "run_size", "run", "format_table", "main"]

Result = dict[str, Any]

#: (size, stage, limit, unit): the targets of issue 7.
TARGETS = [
    (10_000, "cli_check_cold", 4.0, "s"),
    (10_000, "cli_check_warm", 1.5, "s"),
    (10_000, "cli_check_edit", 1.5, "s"),
    (10_000, "cli_check_relink", 1.5, "s"),
    (10_000, "cli_check_peak_rss_mb", 600, "MB"),
    (100_000, "cli_check_cold", 30.0, "s"),
    (100_000, "cli_check_warm", 8.0, "s"),
    (100_000, "cli_check_edit", 8.0, "s"),
    (100_000, "cli_check_relink", 8.0, "s"),
    (100_000, "cli_check_peak_rss_mb", 3072, "MB"),
    (100_000, "sparql_worst_ratio_vs_raw", 2.0, "x"),
    (10_000, "export_html", 3.0, "s"),
    (10_000, "html_first_draw", 5.0, "s"),
    (20_000, "skosify_speedup", 5.0, "x (at least)"),
]


def measure(func: Callable[[], Any], repeat: int, setup: Callable[[], Any] | None = None) -> Result:
    """Median and every run of `func` (after `setup`, untimed, before each run)."""
    runs = []
    for _ in range(max(1, repeat)):
        argument = setup() if setup is not None else None
        start = time.perf_counter()
        func() if setup is None else func(argument)
        runs.append(time.perf_counter() - start)
    return {"median": statistics.median(runs), "runs": runs}


def _stage(results: Result, name: str, action: Callable[[], Result]) -> None:
    """Run one stage; a failure is recorded, not raised, so the rest still runs."""
    try:
        results[name] = action()
    except Exception as exc:  # noqa: BLE001 - a missing feature must not stop the benchmark
        results[name] = {"error": f"{type(exc).__name__}: {exc}".splitlines()[0][:160]}


# In-process stages ------------------------------------------------------------------------


def _load_stages(results: Result, folder: Path, workdir: Path, repeat: int) -> Any:
    from graph.cache import ParseCache
    from graph.model import Glossary
    from graph.sources import load_glossary

    _stage(results, "parse_cold", lambda: measure(lambda: load_glossary(folder), repeat))
    cache = ParseCache(workdir / "cache-api")
    load_glossary(folder, cache=cache)
    _stage(results, "parse_warm", lambda: measure(lambda: load_glossary(folder, cache=cache), repeat))
    glossary = load_glossary(folder, cache=cache)
    terms = list(glossary)

    def resolve() -> Glossary:
        return Glossary(terms, glossary.scheme, glossary.load_findings, source=glossary.source)

    _stage(results, "resolve", lambda: measure(resolve, repeat))
    return resolve


def _view_stages(results: Result, fresh: Callable[[], Any], repeat: int) -> None:
    from graph.views.nx import build_nx
    from graph.views.skos import build_store

    _stage(results, "nx_view", lambda: measure(build_nx, repeat, setup=fresh))
    _stage(results, "rdf_store", lambda: measure(build_store, repeat, setup=fresh))

    def with_nx() -> Any:
        glossary = fresh()
        nx_view(glossary)  # build the view outside the timing
        return glossary

    def checks(glossary: Any) -> None:
        from graph.checks import run_checks

        run_checks(glossary)

    _stage(results, "checks", lambda: measure(checks, repeat, setup=with_nx))


def _export_stages(results: Result, glossary: Any, workdir: Path, repeat: int,
                   browser: bool, html: bool = True) -> Path:
    from graph.export import export

    turtle = workdir / "glossary.ttl"
    _stage(results, "export_ttl", lambda: measure(lambda: export(glossary, "ttl", turtle), repeat))
    if html:
        _html_stages(results, glossary, workdir, repeat, browser)
    return turtle


def _html_stages(results: Result, glossary: Any, workdir: Path, repeat: int, browser: bool) -> None:
    from graph.checks import run_checks
    from graph.export import export

    html = workdir / "glossary.html"
    findings = run_checks(glossary)  # the page marks them; computed once, outside the timing

    def write_html() -> None:
        export(glossary, "html", html, findings=findings)

    _stage(results, "export_html", lambda: measure(write_html, repeat))
    if html.exists():
        results["export_html_mb"] = {"value": round(html.stat().st_size / 1e6, 2)}
        if browser:
            _stage(results, "html_first_draw", lambda: _first_draw(html, repeat))


def _first_draw(html: Path, repeat: int) -> Result:
    """Time to first draw in headless Chromium, through the HTML feature's own helper."""
    helper = _find_first_draw_helper()
    if helper is None:
        raise RuntimeError("no first-draw timing helper found under tests/")
    runs = [float(helper(html)) for _ in range(max(1, repeat))]
    return {"median": statistics.median(runs), "runs": runs}


def _find_first_draw_helper() -> Callable[[Path], float] | None:
    import importlib

    for module_name in ("tests.benchmarks.html_timing", "tests.html_timing"):
        try:
            module = importlib.import_module(module_name)
        except Exception:  # noqa: BLE001 - not this one
            continue
        for name in ("first_draw_seconds", "time_to_first_draw"):
            if callable(getattr(module, name, None)):
                return getattr(module, name)
    return None


# SPARQL: our API, raw pyoxigraph, rdflib Memory ----------------------------------------------

_PARAMS = {"since": "2025-06-01", "category": "Data", "tag": "privacy", "role": "engineering"}


def _query_terms(glossary: Any) -> dict[str, str]:
    """A deep term (for ancestors) and the root above it (for descendants)."""
    deep = next((link.source for link in reversed(glossary.links) if link.relation == "broader"),
                next(iter(glossary.terms)))
    root, seen = deep, {deep}
    while True:
        up = [link.target for link in glossary.links
              if link.source == root and link.relation == "broader" and link.target not in seen]
        if not up:
            break
        root = up[0]
        seen.add(root)
    return {"ancestors": glossary.terms[deep].label, "descendants": glossary.terms[root].label}


def _prepared_queries(glossary: Any) -> dict[str, tuple[dict[str, str], str]]:
    """Per named query: its parameters and the exact text our API runs (values bound)."""
    from graph.query import check_query, named_queries
    from graph.query.params import bind, with_values

    terms = _query_terms(glossary)
    prepared = {}
    for name, named in named_queries().items():
        params = {key: terms.get(name, "") if key == "term" else _PARAMS.get(key, "")
                  for key in named.params}
        shape = check_query(named.text)
        prepared[name] = (params, with_values(shape, bind(params, shape.variables)))
    return prepared


def _consume(results: Any) -> int:
    """Read every solution and every value, as a caller would."""
    if isinstance(results, bool) or not hasattr(results, "__iter__"):
        return int(bool(results))
    count = 0
    for row in results:
        count += 1
        for value in (row.values() if isinstance(row, dict) else row):
            str(value)
    return count


def _query_stages(results: Result, glossary: Any, turtle: Path, repeat: int, compare: bool) -> None:
    from graph.query import prefixes_for, run_named

    queries = _prepared_queries(glossary)
    prefixes = prefixes_for(glossary.scheme.base_iri)
    declared = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items())
    store = store_of(glossary)
    memory = _rdflib_memory(results, turtle) if compare else None
    table: dict[str, Result] = {}
    for name, (params, text) in queries.items():
        runs: list[tuple[str, Callable[[], Any], int]] = [
            ("ours", lambda n=name, p=params: run_named(glossary, n, p), repeat),
            ("raw", lambda t=text: store.query(t, prefixes=prefixes), repeat)]
        row: Result = {}
        for engine, run_query, times in runs:
            _stage(row, engine, lambda q=run_query, n=times: _warm_then_measure(lambda: _consume(q()), n))
        if memory is not None:
            _stage(row, "rdflib", lambda t=text: _in_child(
                lambda: _consume(memory.query(declared + t)), RDFLIB_TIMEOUT))
        table[name] = row
    results["sparql"] = table
    ratios = [row["ours"]["median"] / max(row["raw"]["median"], 1e-6)
              for row in table.values() if "median" in row.get("ours", {})
              and "median" in row.get("raw", {})]
    if ratios:
        results["sparql_worst_ratio_vs_raw"] = {"value": round(max(ratios), 2)}


def _warm_then_measure(func: Callable[[], Any], repeat: int) -> Result:
    """One untimed run first (caches, lazy imports, first-touch page faults), then `measure`.

    Without it a single run (`--repeat 1`) charged one-time costs to whichever
    engine happened to go first.
    """
    func()
    return measure(func, repeat)


#: Seconds after which an rdflib query is stopped and reported as "more than" that.
RDFLIB_TIMEOUT = 30.0


def _in_child(func: Callable[[], Any], timeout: float) -> Result:
    """Time `func` once in a forked child, killed after `timeout` seconds (a lower bound then)."""
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def child() -> None:
        start = time.perf_counter()
        func()
        send.send(time.perf_counter() - start)

    process = context.Process(target=child, daemon=True)
    process.start()
    ready = receive.poll(timeout)
    elapsed = receive.recv() if ready else None
    process.kill() if elapsed is None else process.join()
    process.join()
    if elapsed is None:
        return {"median": timeout, "runs": [timeout], "timed_out": True}
    return {"median": elapsed, "runs": [elapsed]}


def _rdflib_memory(results: Result, turtle: Path) -> Any:
    import rdflib

    if not turtle.exists():
        return None
    graph = rdflib.Graph(store="Memory")
    start = time.perf_counter()
    graph.parse(turtle, format="turtle")
    results["rdflib_memory_load"] = {"median": time.perf_counter() - start, "runs": 1}
    return graph


def _skosify_stage(results: Result, turtle: Path) -> None:
    """skosify with its defaults against our Turtle load plus all checks, same file."""
    import logging

    import skosify

    import graph

    logging.getLogger().setLevel(logging.ERROR)
    _stage(results, "skosify", lambda: measure(lambda: skosify.skosify(str(turtle)), 1))

    def ours() -> None:
        graph.check(graph.load(turtle, config={}))

    _stage(results, "ttl_load_and_checks", lambda: measure(ours, 1))
    theirs, mine = results["skosify"].get("median"), results["ttl_load_and_checks"].get("median")
    if theirs and mine:
        results["skosify_speedup"] = {"value": round(theirs / mine, 2)}


# The CLI end to end ---------------------------------------------------------------------


def _run_cli(args: list[str]) -> tuple[float, float]:
    """Run `glossgraph ARGS` in a child process: (wall seconds, peak RSS in MB).

    The peak RSS comes from GNU time when installed: a child forked from this
    large process would otherwise report this process's memory as its own.
    """
    command = [sys.executable, "-c", "from graph.cli import main; main()", *args]
    gnu_time = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        if gnu_time:
            command = [gnu_time, "-f", "%M", "-o", rss.name, *command]
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        errors = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
        if code not in (0, 1):
            raise RuntimeError(f"glossgraph {' '.join(args)} exited {code}: {errors[-300:]}")
        text = rss.read().strip().splitlines()
    if gnu_time and text and text[-1].isdigit():
        return elapsed, int(text[-1]) / 1024
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return elapsed, usage.ru_maxrss * scale / 1e6


def _cli_stages(results: Result, folder: Path, workdir: Path, repeat: int) -> None:
    """`glossgraph check` cold, warm (unchanged: the check cache answers), warm with the
    check cache removed (the rules run on the parse cache), and after two kinds of edit:
    a definition made a line longer (rechecked from the last findings) and a link added
    (every rule runs again)."""
    cache_dir = workdir / "cache-cli"
    base = ["check", "--data", str(folder), "--cache-dir", str(cache_dir)]
    files = sorted(folder.rglob("*.yml"))
    edited = next((path for path in files if b"\n  related:\n" in path.read_bytes()), files[0])
    original = edited.read_bytes()
    edits = [0]

    def cold() -> tuple[float, float]:
        shutil.rmtree(cache_dir, ignore_errors=True)
        return _run_cli(base)

    def warm() -> tuple[float, float]:
        return _run_cli(base)

    def rules() -> tuple[float, float]:
        (cache_dir / "check.msgpack").unlink(missing_ok=True)
        return _run_cli(base)

    def edit(old: bytes, new: bytes) -> Callable[[], tuple[float, float]]:
        def action() -> tuple[float, float]:
            edits[0] += 1
            text = edited.read_bytes()
            edited.write_bytes(text.replace(old, new.replace(b"N", str(edits[0]).encode()), 1))
            # As after a person's edit: the check starts a few seconds later, past the
            # window in which a just-changed file is parsed but not cached.
            time.sleep(RACY_SECONDS + 0.5)
            return _run_cli(base)
        return action

    stages = (("cli_check_cold", cold), ("cli_check_warm", warm),
              ("cli_check_rules", rules),
              ("cli_check_edit", edit(b"long_def: >-\n", b"long_def: >-\n  Edit N of the text.\n")),
              ("cli_check_relink", edit(b"\n  related:\n", b"\n  related:\n  - benchmark link N\n")))
    try:
        for name, action in stages:
            if name in ("cli_check_warm", "cli_check_edit"):
                _run_cli(base)  # make sure both caches are complete
            _cli_stage(results, name, action, repeat)
    finally:
        edited.write_bytes(original)
        os.utime(edited, (FIXED_MTIME, FIXED_MTIME))


def _cli_stage(results: Result, name: str, action: Callable[[], tuple[float, float]],
               repeat: int) -> None:
    try:
        runs = [action() for _ in range(max(1, repeat))]
    except Exception as exc:  # noqa: BLE001
        results[name] = {"error": str(exc)[:200]}
        return
    results[name] = {"median": statistics.median(r[0] for r in runs), "runs": [r[0] for r in runs]}
    rss = max(r[1] for r in runs)
    key = "cli_check_peak_rss_mb"
    results[key] = {"value": round(max(rss, results.get(key, {}).get("value", 0)), 1)}


# One size, all sizes --------------------------------------------------------------------


def run_size(size: int, workdir: Path, repeat: int = 3, compare: bool = True,
             browser: bool = True, cli: bool = True, html: bool = True) -> Result:
    """Every stage for one synthetic glossary of `size` terms."""
    folder_root = workdir / f"synth-{size}"
    start = time.perf_counter()
    folder = generate(size, folder_root)
    _settle(folder)
    results: Result = {"generate": {"median": time.perf_counter() - start, "runs": 1}}
    fresh = _load_stages(results, folder, folder_root, repeat)
    _view_stages(results, fresh, repeat)
    glossary = fresh()
    turtle = _export_stages(results, glossary, folder_root, repeat, browser, html)
    _query_stages(results, glossary, turtle, repeat, compare)
    if compare and turtle.exists():
        _skosify_stage(results, turtle)
    if cli:
        _cli_stages(results, folder, folder_root, repeat)
    results["process_peak_rss_mb"] = {"value": _self_rss_mb()}
    return results


def _settle(folder: Path) -> None:
    """Wait until freshly written files are older than the cache's racy window."""
    from graph.cache import RACY_SECONDS

    newest = max(path.stat().st_ctime for path in folder.rglob("*.yml"))
    time.sleep(max(0.0, newest + RACY_SECONDS + 0.1 - time.time()))


def _self_rss_mb() -> float:
    import resource

    scale = 1 if sys.platform == "darwin" else 1024
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 1e6, 1)


def run(sizes: list[int], workdir: Path, **options: Any) -> Result:
    """The whole benchmark: machine description and results per size."""
    import graph

    report: Result = {"machine": _machine(), "glossgraph": graph.__version__, "sizes": {}}
    if options.get("cli", True):
        report["machine"]["bytecode"] = _compile_glossgraph()
    for size in sizes:
        report["sizes"][str(size)] = run_size(size, workdir, **options)
    return report


def _compile_glossgraph() -> str:
    """Compile glossgraph's modules to bytecode first, as `pip install` does.

    The `glossgraph check` rows then time the tool as installed. From an
    editable install with PYTHONDONTWRITEBYTECODE set (the machine the
    published numbers come from sets it), each run compiled every module of
    the package again: 0.1 s of a 10k check. The `.pyc` files go to the
    package's `__pycache__` folders, which git ignores.
    """
    import compileall

    import graph

    done = compileall.compile_dir(Path(graph.__file__).parent, quiet=1, workers=1)
    return "compiled before the CLI runs" if done else "compiling failed: the CLI runs compile"


def _machine() -> Result:
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "affinity": len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity") else None}


# Output ---------------------------------------------------------------------------------

_ROWS = [
    ("generate", "generate files (once)"), ("parse_cold", "parse, no cache"),
    ("parse_warm", "parse, warm cache"), ("resolve", "resolve references"),
    ("nx_view", "networkx view"), ("rdf_store", "RDF store (pyoxigraph)"),
    ("checks", "all checks"), ("export_ttl", "Turtle export"), ("export_html", "HTML export write"),
    ("export_html_mb", "HTML size (MB)"), ("html_first_draw", "HTML first draw (Chromium)"),
    ("rdflib_memory_load", "rdflib Memory: parse Turtle"),
    ("sparql_worst_ratio_vs_raw", "SPARQL: worst ours/raw"),
    ("ttl_load_and_checks", "ours: Turtle load + checks"), ("skosify", "skosify defaults"),
    ("skosify_speedup", "speed-up vs skosify"), ("cli_check_cold", "glossgraph check, cold"),
    ("cli_check_warm", "glossgraph check, warm"),
    ("cli_check_rules", "  warm, rules run (no check cache)"),
    ("cli_check_edit", "  warm, a definition edited"),
    ("cli_check_relink", "  warm, a link edited"), ("cli_check_peak_rss_mb", "  peak RSS (MB)"),
    ("process_peak_rss_mb", "benchmark process RSS (MB)"),
]


def _cell(entry: Result | None) -> str:
    if not entry:
        return "-"
    if "error" in entry:
        return "n/a"
    if "value" in entry:
        return f"{entry['value']:g}"
    return f"{entry['median']:.3f} s"


def format_table(report: Result) -> str:
    """The results as a text table: stages down, sizes across; then queries and targets."""
    sizes = list(report["sizes"])
    width = 36
    lines = [f"{'stage':<{width}}" + "".join(f"{s + ' terms':>16}" for s in sizes)]
    if "bytecode" in report.get("machine", {}):
        lines.insert(0, f"glossgraph's bytecode: {report['machine']['bytecode']}")
    for key, label in _ROWS:
        cells = [_cell(report["sizes"][s].get(key)) for s in sizes]
        lines.append(f"{label:<{width}}" + "".join(f"{c:>16}" for c in cells))
    lines += _query_lines(report, sizes) + _error_lines(report, sizes) + _target_lines(report)
    return "\n".join(lines)


def _query_lines(report: Result, sizes: list[str]) -> list[str]:
    lines = []
    for size in sizes:
        table = report["sizes"][size].get("sparql")
        if not isinstance(table, dict) or "error" in table:
            continue
        lines += ["", f"SPARQL at {size} terms: ours | raw pyoxigraph | ours/raw | rdflib | rdflib/ours"]
        for name, row in table.items():
            ours, raw, lib = (row.get(k, {}).get("median") for k in ("ours", "raw", "rdflib"))
            ratio = f"{ours / raw:6.2f}x" if ours and raw else "   n/a"
            speed = f"{lib / ours:7.1f}x" if ours and lib else "    n/a"
            if row.get("rdflib", {}).get("timed_out"):
                speed = ">" + speed.strip()
            fmt = (lambda v: f"{v * 1000:9.1f} ms" if v else "      n/a   ")  # noqa: E731
            lines.append(f"  {name:<28}{fmt(ours)} {fmt(raw)} {ratio} {fmt(lib)} {speed}")
    return lines


def _error_lines(report: Result, sizes: list[str]) -> list[str]:
    lines = []
    for size in sizes:
        for key, entry in report["sizes"][size].items():
            if isinstance(entry, dict) and "error" in entry:
                lines.append(f"  n/a at {size}: {key}: {entry['error']}")
    return ["", "Not measured:", *lines] if lines else []


def _target_lines(report: Result) -> list[str]:
    lines = ["", "Targets:"]
    for size, key, limit, unit in TARGETS:
        entry = report["sizes"].get(str(size), {}).get(key)
        if not entry or "error" in entry:
            continue
        value = entry.get("value", entry.get("median"))
        lines.append(f"  {size:>7} {key:<28} {value:10.3f} vs {limit:g} {unit:<13} "
                     f"{_verdict(key, value, limit, entry.get('runs'))}")
    return lines if len(lines) > 2 else []


def _verdict(key: str, value: float, limit: float, runs: Any) -> str:
    """"met" or "NOT MET" for the median, and how many single runs missed (the machine is noisy).

    >>> _verdict("cli_check_relink", 1.45, 1.5, [1.43, 1.45, 1.69])
    'met (1 of 3 runs not; runs 1.430-1.690)'
    >>> _verdict("skosify_speedup", 9.8, 5, 1)
    'met'
    """
    def within(number: float) -> bool:
        return number >= limit if key == "skosify_speedup" else number <= limit

    verdict = "met" if within(value) else "NOT MET"
    if not isinstance(runs, list) or len(runs) < 2:
        return verdict
    missed = sum(not within(run) for run in runs)
    spread = f"runs {min(runs):.3f}-{max(runs):.3f}"
    return f"{verdict} ({missed} of {len(runs)} runs not; {spread})" if missed else f"{verdict} ({spread})"


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m tests.benchmarks.bench --sizes 1000,10000 --json out.json``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated term counts")
    parser.add_argument("--repeat", type=int, default=3, help="runs per stage (median)")
    parser.add_argument("--json", type=Path, default=None, help="write the results here")
    parser.add_argument("--workdir", type=Path,
                        default=Path(tempfile.gettempdir()) / "glossgraph-bench")
    parser.add_argument("--no-compare", action="store_true", help="skip rdflib and skosify")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium first draw")
    parser.add_argument("--no-cli", action="store_true", help="skip `glossgraph check` runs")
    parser.add_argument("--no-html", action="store_true", help="skip the HTML export")
    parser.add_argument("--rdflib-timeout", type=float, default=RDFLIB_TIMEOUT,
                        help="stop each rdflib query after this many seconds")
    args = parser.parse_args(argv)
    sizes = [int(size.replace("_", "")) for size in args.sizes.split(",") if size]
    globals()["RDFLIB_TIMEOUT"] = args.rdflib_timeout
    report = run(sizes, args.workdir, repeat=args.repeat, compare=not args.no_compare,
                 browser=not args.no_browser, cli=not args.no_cli, html=not args.no_html)
    print(format_table(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
