"""Run glossgraph on hostile input in a subprocess, under a time and memory limit.

Shared by tests/test_hostile.py (YAML cases) and tests/test_hostile_rdf.py
(RDF and SPARQL cases). Each run is a real process (`graph.cli.main`, as the `glossgraph` script):

- wall time at most `TIME_LIMIT` seconds (the process group is killed past it);
- address space capped at `ADDRESS_LIMIT` (RLIMIT_AS, a safety net for the
  machine), and peak resident memory measured with `os.wait4` (the process and
  the children it waited for), to compare with `MEMORY_LIMIT`;
- stdout and stderr kept in full, to look for tracebacks and internal errors.

`snapshot` records every file under some folders (size, mtime_ns, digest) so a
test can show that a command wrote nothing outside its output.
"""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
#: Wall-time limit of one command, in seconds.
TIME_LIMIT = 60.0
#: Peak resident memory one command may reach.
MEMORY_LIMIT = 1 << 30
#: RLIMIT_AS of the child: a cap that keeps a runaway from taking the machine down. Virtual
#: size runs well above resident size (thread stacks, malloc arenas, pyoxigraph), so the
#: 1 GB limit is checked on the measured peak RSS instead.
ADDRESS_LIMIT = 4 << 30
#: Output that must never reach a user: a Python traceback, or an unexpected error.
_NEVER = ("Traceback (most recent call last)", "internal error", "MemoryError")

_MAIN = "import sys; sys.argv[0] = 'glossgraph'; from graph.cli import main; main()"

#: Export formats (kept in step with graph.export.EXPORTERS by test_hostile.py).
EXPORT_FORMATS = ("csv", "gexf", "graphml", "html", "json", "jsonld", "nt", "ttl", "xml")


@dataclass
class Run:
    """One finished (or killed) command."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_rss: int  # bytes
    timed_out: bool

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    def problems(self, time_limit: float = TIME_LIMIT, memory_limit: int = MEMORY_LIMIT) -> list[str]:
        """What breaks the rules for any command on any input (empty when none)."""
        found = []
        if self.timed_out or self.seconds > time_limit:
            found.append(f"took {self.seconds:.1f} s (limit {time_limit:.0f} s)")
        if self.peak_rss > memory_limit:
            found.append(f"peak memory {self.peak_rss >> 20} MB (limit {memory_limit >> 20} MB)")
        if self.returncode < 0:
            found.append(f"killed by signal {-self.returncode}")
        found += [f"printed {text!r}" for text in _NEVER if text in self.output]
        return found

    def describe(self) -> str:
        return (f"glossgraph {' '.join(self.args)} -> exit {self.returncode} in "
                f"{self.seconds:.1f} s, {self.peak_rss >> 20} MB\n--- stdout\n{self.stdout[-3000:]}"
                f"\n--- stderr\n{self.stderr[-3000:]}")


def _limit_child(address_limit: int) -> None:  # pragma: no cover - runs in the child
    os.setsid()  # its own process group, so a timeout kills its workers too
    resource.setrlimit(resource.RLIMIT_AS, (address_limit, address_limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_glossgraph(args: list[str], cwd: Path, *, timeout: float = TIME_LIMIT,
                   address_limit: int = ADDRESS_LIMIT, env: dict[str, str] | None = None,
                   python_code: str | None = None) -> Run:
    """Run ``glossgraph ARGS`` in `cwd` under the limits; returns the `Run`.

    `python_code`: run this with ``python -c`` instead (it reads its own
    ``sys.argv[1:]``, which are `args`), for tests that patch a hook first.
    """
    command = [sys.executable, "-c", python_code or _MAIN]
    full_env = {**os.environ, "PYTHONPATH": str(PROJECT), "NO_COLOR": "1", **(env or {})}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        process = subprocess.Popen([*command, *args], cwd=cwd, env=full_env, stdin=subprocess.DEVNULL,
                                   stdout=out, stderr=err,
                                   preexec_fn=lambda: _limit_child(address_limit))
        status, usage, timed_out = _wait(process, start + timeout)
        seconds = time.monotonic() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    return Run(list(args), process.returncode, stdout, stderr, seconds,
               usage.ru_maxrss * 1024, timed_out)


def _wait(process: subprocess.Popen, deadline: float) -> tuple[int, resource.struct_rusage, bool]:
    """(wait status, resource usage, whether it was killed for time) of the child."""
    timed_out = False
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            return status, usage, timed_out
        if time.monotonic() > deadline and not timed_out:
            timed_out = True
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:  # pragma: no cover - ended meanwhile
                pass
        time.sleep(0.02)


def chain_glossary(folder: Path, size: int) -> Path:
    """A glossary of `size` terms in one YAML file, each broader of the next (t0 on top)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "terms.yml"
    with path.open("w") as out:
        for i in range(size):
            out.write(f"- term: t{i}\n  short_def: T{i}.\n")
            if i:
                out.write(f"  relationships:\n    broader: [t{i - 1}]\n")
    return path


def every_command(data: Path, out: Path, term: str, *, yaml_source: bool = True) -> list[list[str]]:
    """The commands the hostile corpus runs on `data`, each writing only under `out` (created).

    `term` is a label of a good term (for show/search). `import` applies to RDF
    sources only; `fix` (as a diff, never --write here) to YAML ones.
    """
    out.mkdir(parents=True, exist_ok=True)
    base = ["--data", str(data)]
    commands = [
        ["check", *base],
        ["check", *base, "--format", "json"],
        ["stats", *base],
        ["show", term, *base],
        ["search", term, *base],
        ["sparql", "SELECT ?c WHERE { ?c a skos:Concept } LIMIT 5", *base],
        ["build", *base, "--out", str(out / "build"), "--formats", ",".join(EXPORT_FORMATS)],
    ]
    commands += [["export", fmt, *base, "-o", str(out / f"export.{fmt}")]
                 for fmt in EXPORT_FORMATS]
    if yaml_source:
        commands.append(["fix", *base])
    else:
        commands.append(["import", str(data), "--to", str(out / "imported")])
    return commands


def snapshot(*roots: Path, skip: tuple[Path, ...] = ()) -> dict[str, tuple[int, int, str]]:
    """Every regular file under `roots` (not under `skip`): path -> (size, mtime_ns, sha256).

    Special files (FIFOs, devices, symlinks to them) are recorded by their lstat only,
    never opened.
    """
    state: dict[str, tuple[int, int, str]] = {}
    skipped = tuple(str(path) for path in skip)
    for root in roots:
        for folder, dirs, files in os.walk(root):
            if folder.startswith(skipped):
                dirs[:] = []
                continue
            for name in [*files, *dirs]:
                path = os.path.join(folder, name)
                if path.startswith(skipped):
                    continue
                info = os.lstat(path)
                digest = ""
                if os.path.isfile(path) and not os.path.islink(path) and os.access(path, os.R_OK):
                    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
                state[path] = (info.st_size, info.st_mtime_ns if digest else 0, digest)
    return state


def changed(before: dict, after: dict) -> list[str]:
    """Paths added, removed or modified between two snapshots, sorted."""
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
