"""One exception hierarchy for glossgraph.

The library raises these; the CLI turns them into one red line and an exit
code (2 for usage and input errors).
"""

from __future__ import annotations

__all__ = [
    "GlossgraphError",
    "DataPathError",
    "UnknownTermError",
    "UnknownFormatError",
    "ConfigError",
    "QueryError",
    "RemoteError",
]


class GlossgraphError(Exception):
    """Base class of every error glossgraph reports to a user."""

    hint: str | None = None

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        if hint is not None:
            self.hint = hint


class DataPathError(GlossgraphError):
    """The data path does not exist or holds nothing glossgraph can read."""


class UnknownTermError(GlossgraphError):
    """A term named by the user matches no label, alias or slug."""


class UnknownFormatError(GlossgraphError):
    """A format name is not in a registry; the message lists the known ones."""


class ConfigError(GlossgraphError):
    """The configuration file or an option value is unusable."""


class QueryError(GlossgraphError):
    """A SPARQL query is malformed, refused, or failed."""


class RemoteError(GlossgraphError):
    """A remote SPARQL endpoint could not be reached or answered with an error."""
