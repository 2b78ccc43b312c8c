"""Options shared by commands, and the one way commands open a glossary."""

from __future__ import annotations

import functools
import gc
import json
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..config import load_config
from ..errors import DataPathError, GlossgraphError
from ..gcpause import return_free_memory
from ..model import Glossary

__all__ = ["data_options", "format_option", "open_glossary", "resolve_data_path", "uses_cache",
           "echo_json", "freeze_for_command", "Progress", "Activity"]


def data_options(func: Callable) -> Callable:
    """Add the PATH argument, --data, --rdf-format and --lang; the command receives
    `glossary_options`.

    PATH and --data say the same (as in ruff or yamllint, the path can be the
    last argument); naming two different paths is a usage error.
    """

    @click.argument("data_argument", metavar="[PATH]", required=False,
                    type=click.Path(path_type=Path))
    @click.option("--data", "data", type=click.Path(path_type=Path), default=None,
                  help="Glossary folder, YAML file or RDF file (default: configured, else ./data).")
    @click.option("--rdf-format", default=None,
                  help="RDF syntax of --data when the suffix does not tell (turtle, xml, nt, "
                       "nquads, trig, json-ld).")
    @click.option("--lang", default=None, help="Preferred label language for RDF data (default en).")
    @click.option("--context", "context", multiple=True, metavar="URL=FILE",
                  help="JSON-LD data: use FILE for the remote @context URL (nothing is fetched).")
    @click.option("--no-cache", is_flag=True, help="Parse every file; do not read or write the cache.")
    @click.option("--cache-dir", type=click.Path(path_type=Path), default=None,
                  help="Where to keep the parse cache (default: .glossgraph-cache next to the data).")
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        kwargs["data"] = _one_data_path(kwargs.pop("data_argument"), kwargs["data"])
        kwargs["glossary_options"] = {
            key: kwargs.pop(key) for key in ("data", "rdf_format", "lang", "no_cache", "cache_dir")
        }
        kwargs["glossary_options"]["contexts"] = context_files(kwargs.pop("context"))
        return func(*args, **kwargs)

    return wrapper


def context_files(pairs: tuple[str, ...]) -> dict[str, str]:
    """--context URL=FILE pairs as {URL: FILE}.

    >>> context_files(("https://x/c.jsonld=c.jsonld",))
    {'https://x/c.jsonld': 'c.jsonld'}
    """
    contexts = {}
    for pair in pairs:
        url, sep, file = pair.partition("=")
        if not sep or not url or not file:
            raise click.BadParameter(f"expected URL=FILE, got {pair!r}", param_hint="--context")
        contexts[url] = file
    return contexts


def _one_data_path(argument: Path | None, option: Path | None) -> Path | None:
    """The data path given as PATH or --data; both are fine when they name the same place."""
    if argument is None or option is None:
        return argument or option
    if argument != option and argument.resolve() != option.resolve():
        raise click.UsageError(f"PATH {str(argument)!r} and --data {str(option)!r} name different "
                               "glossaries; give one")
    return option


def format_option(*choices: str, default: str = "text") -> Callable:
    """Add --format with the given choices."""
    return click.option("--format", "fmt", type=click.Choice(choices), default=default,
                        show_default=True, help="Output format.")


def resolve_data_path(data: Path | None) -> tuple[Path, dict[str, Any]]:
    """The data path (option, else configured, else ./data) and the configuration."""
    if data is not None:
        return data, load_config(data) if data.exists() else {}
    config = load_config(Path.cwd())
    return Path(config.get("data", "data")), config


def open_glossary(options: dict[str, Any],
                  listing: tuple[list[str], dict[str, list[int]]] | None = None,
                  cache: Any = None, require_terms: bool = True) -> Glossary:
    """Load the glossary the command's options name (with config, cache and progress).

    `listing`: the YAML files and their stamps, when the caller has listed and
    stat'ed them already (`check`, for its cache key); they are not taken twice.
    `cache`: the parse cache, when the caller has opened it already.
    `require_terms`: when nothing loads and the sources say why (GG0xx), raise
    with those reasons (every command but `check`, which reports them as findings).
    """
    from ..sources import load_glossary

    path, config = resolve_data_path(options.get("data"))
    if not path.exists():
        raise _not_found(path, given=options.get("data") is not None, config=config)
    if cache is None and uses_cache(path, options):
        from ..cache import open_cache

        cache = open_cache(path, options.get("cache_dir"))
    files, stamps = listing or (None, {})
    if cache is not None:
        cache.stamps = stamps
    with Progress("Loading") as progress:
        glossary = load_glossary(path, config, lang=options.get("lang"),
                                 rdf_format=options.get("rdf_format"), cache=cache,
                                 progress=progress, files=files, contexts=options.get("contexts"))
    if require_terms and not len(glossary) and glossary.load_findings:
        raise _nothing_loaded(path, glossary)
    return_free_memory()
    freeze_for_command()
    keep_until_exit(glossary)
    return glossary


#: Objects the process keeps until it ends, when `graph.cli.main` runs the command: it
#: leaves with os._exit, so freeing a glossary's millions of objects one by one when a
#: function returns would be wasted work (0.06 s at 10k terms, about 1 s at 100k).
_KEPT: list[Any] | None = None


def keep_objects_until_exit() -> None:
    """Called by `graph.cli.main` only: the process will end with os._exit."""
    global _KEPT
    _KEPT = []


def keep_until_exit(obj: Any) -> None:
    """Keep `obj` alive until the process ends (only under `graph.cli.main`; else nothing)."""
    if _KEPT is not None:
        _KEPT.append(obj)


def freeze_for_command() -> None:
    """Keep the garbage collector from rescanning the loaded glossary while a command runs.

    Its millions of objects live until the command ends; rescanning them made
    building the views about twice as slow at 10k terms and dominated at 100k.
    The collector is frozen and paused, and restored when the command closes.
    `check` calls it first, for the findings it reads back from the check cache
    too (257k at 100k terms: collections took 0.3 s of a 2.6 s check).
    """
    context = click.get_current_context(silent=True)
    if context is not None and gc.isenabled():
        gc.freeze()
        gc.disable()  # a command is short-lived; the views it builds would be rescanned too
        context.call_on_close(_thaw)


def _thaw() -> None:
    """Give the collector back, unless the process is about to leave with os._exit (`main`).

    Unfrozen, the loaded objects count as new to the collector, and the first
    allocation after `gc.enable` ran a full collection of all of them: 0.26 s
    at 100k terms, after the report was printed, for objects about to be
    dropped unfreed.
    """
    if _KEPT is not None:
        return
    gc.enable()
    gc.unfreeze()


def _nothing_loaded(path: Path, glossary: Glossary) -> GlossgraphError:
    """The load findings that left the glossary empty, as one error (exit 2)."""
    reasons = [f"{f.file or path}{':' + str(f.line) if f.line else ''}: {f.code} {f.message}"
               for f in glossary.load_findings[:3]]
    more = len(glossary.load_findings) - len(reasons)
    tail = f" (and {more} more)" if more > 0 else ""
    return GlossgraphError(f"nothing could be loaded from {path}: " + "; ".join(reasons) + tail,
                           hint="`glossgraph check` lists every load problem")


def _not_found(path: Path, given: bool, config: dict[str, Any]) -> DataPathError:
    """The error for a data path that does not exist; the hint only when PATH was not given."""
    if given:
        return DataPathError(f"data path not found: {path}")
    where = "the configured data path" if "data" in config else "the default data path"
    context = click.get_current_context(silent=True)
    command = context.command_path if context is not None else "glossgraph COMMAND"
    return DataPathError(f"data path not found: {path} ({where})",
                         hint=f"give the glossary's path: {command} PATH (or --data PATH)")


def uses_cache(path: Path, options: dict[str, Any]) -> bool:
    """Whether loading `path` goes through the caches: YAML data, unless --no-cache."""
    from ..sources import RDF_SUFFIXES

    if options.get("no_cache") or options.get("rdf_format"):
        return False
    return not (path.is_file() and path.suffix.lower() in RDF_SUFFIXES)


class Progress:
    """A progress bar on stderr, shown only when stderr is a terminal and the work is slow.

    Use as a context manager; call the instance as ``progress(done, total)``.
    """

    def __init__(self, label: str, delay: float = 1.0) -> None:
        self.label = label
        self.delay = delay
        self.start = time.monotonic()
        self.bar: Any = None
        self.done = 0
        self.enabled = sys.stderr.isatty()

    def __enter__(self) -> Progress:
        return self

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            if time.monotonic() - self.start < self.delay or done >= total:
                return
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def __exit__(self, *exc: Any) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


class Activity:
    """A one-line "label ... done in N s" on stderr for a step with no known length.

    Shown only when stderr is a terminal and the step is still running after
    `delay` seconds, so quick steps and pipes stay silent.
    """

    def __init__(self, label: str, delay: float = 1.0, enabled: bool | None = None) -> None:
        self.label = label
        self.delay = delay
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self.shown = threading.Event()
        self.start = 0.0
        self.timer: threading.Timer | None = None

    def _show(self) -> None:
        self.shown.set()
        click.echo(f"{self.label} ...", file=sys.stderr, nl=False)

    def __enter__(self) -> Activity:
        self.start = time.monotonic()
        if self.enabled:
            self.timer = threading.Timer(self.delay, self._show)
            self.timer.daemon = True
            self.timer.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.timer is not None:
            self.timer.cancel()
        if self.shown.is_set():
            click.echo(f" done in {time.monotonic() - self.start:.1f} s", file=sys.stderr)


def echo_json(data: Any) -> None:
    """Print data as indented JSON (sorted keys, UTF-8 kept)."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False, default=str))
