"""Shared pytest fixtures: paths to fixtures and to the real data in ../shared/data."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
PROJECT = TESTS.parent
SHARED_DATA = PROJECT.parent / "shared" / "data"
AI_GLOSSARY = SHARED_DATA / "ai-glossary" / "terms"
AI_GLOSSARY_SCHEMA = SHARED_DATA / "ai-glossary" / "term.schema.json"
PHYSH = SHARED_DATA / "physh" / "physh_skos_compat.ttl"
SAMPLE = PROJECT / "data"


@pytest.fixture(autouse=True, scope="session")
def _user_cache_of_the_run(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The caches of read-only folders (../shared/data) go to the user cache directory; a test
    run keeps them in a folder of its own, never in the user's ~/.cache (subprocesses inherit
    the setting)."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))
    yield
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"real data not available: {path} (needs ../shared/data)")
    return path


@pytest.fixture
def ai_glossary() -> Path:
    """The real ai-glossary terms folder; skips when ../shared/data is absent."""
    return _need(AI_GLOSSARY)


@pytest.fixture
def ai_glossary_schema() -> Path:
    return _need(AI_GLOSSARY_SCHEMA)


@pytest.fixture
def physh() -> Path:
    """The real PhySH SKOS Turtle file; skips when ../shared/data is absent."""
    return _need(PHYSH)


@pytest.fixture
def fixtures() -> Path:
    """The tests/fixtures folder (one small glossary folder per scenario)."""
    return FIXTURES


@pytest.fixture
def sample() -> Path:
    """The bundled sample glossary (data/)."""
    return SAMPLE


def count_calls(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    """Replace `owner.name` with a wrapper that appends 1 to the returned list per call."""
    calls: list[int] = []
    real = getattr(owner, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def writable_copy(source: Path, target: Path) -> Path:
    """A copy of a glossary folder that fix may write (../shared/data is read-only: 0444 files),
    without its hidden folders (a parse cache)."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(".*"), copy_function=shutil.copyfile)
    for folder, _, _ in os.walk(target):
        os.chmod(folder, 0o755)
    return target
