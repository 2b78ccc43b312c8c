"""The main job as one API call: check a glossary and write its exports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .export import exporter
from .findings import SEVERITIES, Finding
from .model import slugify
from .wording import plural

if TYPE_CHECKING:  # pragma: no cover
    from .model import Glossary

__all__ = ["DEFAULT_FORMATS", "BuildSummary", "build_glossary", "files_read"]

#: What `glossgraph build` writes unless told otherwise.
DEFAULT_FORMATS = ("ttl", "html")


@dataclass
class BuildSummary:
    """What a build found and wrote."""

    title: str
    source: str | None
    terms: int
    files: int
    links: dict[str, int]
    unresolved: int
    findings: list[Finding]
    written: list[Path] = field(default_factory=list)
    unloaded: int = 0  # files read that gave no term (each has a load finding)

    @property
    def by_severity(self) -> dict[str, int]:
        counts = Counter(f.severity for f in self.findings)
        return {severity: counts.get(severity, 0) for severity in SEVERITIES}

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "source": self.source,
            "terms": self.terms,
            "files": self.files,
            "unloaded": self.unloaded,
            "links": self.links,
            "unresolved": self.unresolved,
            "findings": self.by_severity,
            "written": [str(path) for path in self.written],
        }

    def lines(self) -> list[str]:
        """The summary as text lines."""
        links = self.links
        counts = self.by_severity
        unloaded = f"; {self.unloaded} could not be loaded" if self.unloaded else ""
        lines = [
            f"Loaded {plural(self.terms, 'term')} from {plural(self.files, 'file')} "
            f"({self.source}{unloaded})",
            f"Links: {sum(links.values())} declared (broader {links['broader']}, narrower "
            f"{links['narrower']}, related {links['related']}); {self.unresolved} unresolved",
            f"Findings: {plural(counts['error'], 'error')}, {plural(counts['warning'], 'warning')}, "
            f"{counts['info']} info" + ("  (details: glossgraph check)" if self.findings else ""),
        ]
        for path in self.written:
            lines.append(f"Wrote {path} ({_size(path)})")
        return lines


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1024:.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


def files_read(glossary: Glossary) -> tuple[int, int]:
    """(files read, those that gave no term): the files `glossgraph check` counts too.

    A file that does not load (GG001-GG006) counts among the files read, as in
    the check's summary, and among those that gave no term.
    """
    with_terms = {term.file for term in glossary if term.file}
    read = with_terms | {f.file for f in glossary.load_findings if f.file}
    return len(read), len(read - with_terms)


def build_glossary(glossary: Glossary, out: str | Path, formats: list[str] | tuple[str, ...]
                   = DEFAULT_FORMATS, step: Callable[[str], AbstractContextManager] | None = None,
                   problems: bool = False) -> BuildSummary:
    """Check `glossary` and write each format to `out/<name>.<suffix>`.

    The name is the slug of the scheme title. Unknown formats raise
    `UnknownFormatError` before anything is written. `step`, when given, is
    entered around each stage with a label (the CLI shows slow ones on stderr).
    `problems` opens the HTML page with its findings shown.
    """
    step = step or (lambda label: nullcontext())
    chosen = [exporter(name) for name in formats]
    from .checks import run_checks  # lazily, like every command: `build` is one of them

    with step("Checking"):
        findings = run_checks(glossary)
    out = Path(out)
    name = slugify(glossary.scheme.title)
    written: list[Path] = []
    for item in chosen:
        options: dict[str, Any] = {"findings": findings, "problems": problems} if item.name == "html" else {}
        path = out / f"{name}{item.suffix}"
        with step(f"Writing {path}"):
            written.extend(item.load()(glossary, path, **options))
    links = Counter(link.relation for link in glossary.links)
    files, unloaded = files_read(glossary)
    return BuildSummary(
        title=glossary.scheme.title,
        source=glossary.source,
        terms=len(glossary),
        files=files,
        unloaded=unloaded,
        links={relation: links.get(relation, 0) for relation in ("broader", "narrower", "related")},
        unresolved=len(glossary.unresolved) + len(glossary.ambiguous),
        findings=findings,
        written=written,
    )
