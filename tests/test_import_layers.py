"""graph/ has no import cycle: walked with `ast`, every import counted (lazy ones too).

The convenience API sits above everything it calls (`graph.api`), and
`graph.model` imports nothing above it. Imports under `if TYPE_CHECKING:` are
left out: they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx

import graph

PACKAGE = Path(graph.__file__).parent


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_package(name: str) -> bool:
    return (PACKAGE.parent / name.replace(".", "/") / "__init__.py").exists()


def imported(path: Path, known: set[str]) -> set[str]:
    """The graph modules `path` imports, outside `if TYPE_CHECKING:` blocks."""
    name = module_name(path)
    package = name if is_package(name) else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)  # submodules
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return {item for item in found if item in known and item != name}


def import_graph() -> networkx.DiGraph:
    files = sorted(PACKAGE.rglob("*.py"))
    known = {module_name(path) for path in files}
    edges = networkx.DiGraph()
    edges.add_nodes_from(known)
    for path in files:
        edges.add_edges_from((module_name(path), target) for target in imported(path, known))
    return edges


def test_the_walk_sees_imports():
    edges = import_graph()
    assert edges.has_edge("graph.checks.registry", "graph.model")
    assert edges.has_edge("graph.commands.check", "graph.result_cache")


def test_no_import_cycle_between_modules():
    cycles = [sorted(c) for c in networkx.strongly_connected_components(import_graph()) if len(c) > 1]
    assert cycles == []


def test_the_model_imports_nothing_above_it():
    below = networkx.descendants(import_graph(), "graph.model")
    assert below <= {"graph.findings", "graph.errors", "graph.gcpause", "graph.names",
                     "graph.resolver"}
