"""From a server's root URL to its query, Graph Store and update URLs.

Users often give the server's root (``--endpoint http://127.0.0.1:7878``).
Only a URL with no path is looked at; any other URL is used as given.

- Apache Jena Fuseki lists its datasets at ``/$/datasets``: with one
  dataset, its service for the role is used (``/ds/query``, ``/ds/data``,
  ``/ds/update``); with several, the error lists them.
- Otherwise the Oxigraph layout: ``/query``, ``/store``, ``/update``.

If the guessed URL does not answer, the error says which URL to pass.
"""

from __future__ import annotations

import json
import urllib.parse

from ..errors import RemoteError

__all__ = ["ROLES", "endpoint_hint", "is_server_root", "resolve_endpoint"]

#: Role -> (Oxigraph path, Fuseki service type).
ROLES = {"query": ("/query", "query"), "store": ("/store", "gsp-rw"),
         "update": ("/update", "update")}
_PROBE_TIMEOUT = 5.0


def is_server_root(url: str) -> bool:
    """Whether `url` names a server only (no path, query or fragment).

    >>> is_server_root("http://127.0.0.1:7878"), is_server_root("http://h:3030/ds/query")
    (True, False)
    """
    parts = urllib.parse.urlsplit(url)
    return parts.path in ("", "/") and not parts.query and not parts.fragment


def endpoint_hint(root: str, role: str) -> str:
    """Which URL to pass for `role` on the servers glossgraph knows.

    >>> endpoint_hint("http://h:7878/", "store")
    'pass the Graph Store URL itself (Oxigraph: http://h:7878/store; Fuseki: http://h:7878/DATASET/data)'
    """
    root = root.rstrip("/")
    name = {"query": "query", "store": "Graph Store", "update": "update"}[role]
    fuseki = {"query": "query", "store": "data", "update": "update"}[role]
    return (f"pass the {name} URL itself (Oxigraph: {root}{ROLES[role][0]}; "
            f"Fuseki: {root}/DATASET/{fuseki})")


def resolve_endpoint(url: str, role: str, timeout: float | None = None) -> str:
    """The URL to use for `role` (``query``, ``store`` or ``update``) given `url`.

    Raises
    ------
    RemoteError
        When `url` is a Fuseki root holding several datasets (or none).
    """
    if not is_server_root(url):
        return url
    root = url.rstrip("/")
    service = _fuseki_service(root, role, timeout)
    return service if service is not None else root + ROLES[role][0]


def _fuseki_service(root: str, role: str, timeout: float | None) -> str | None:
    from .remote import request

    wait = min(timeout or _PROBE_TIMEOUT, _PROBE_TIMEOUT)
    try:
        _, media, body = request("GET", f"{root}/$/datasets", None,
                                 {"Accept": "application/json"}, wait, 1 << 20)
        datasets = json.loads(body)["datasets"] if "json" in media else None
    except (RemoteError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(datasets, list):
        return None
    names = [d.get("ds.name", "") for d in datasets if isinstance(d, dict)]
    if len(names) != 1:
        listed = ", ".join(names) or "none"
        raise RemoteError(f"{root} is a Fuseki server with {len(names)} datasets ({listed})",
                          hint=endpoint_hint(root, role).replace("DATASET", "DATASET (one of "
                                                                 f"{listed})"))
    for service in datasets[0].get("ds.services", []):
        if service.get("srv.type") == ROLES[role][1]:
            names_given = [e for e in service.get("srv.endpoints", []) if e] or [""]
            return f"{root}{names[0]}/{names_given[0]}".rstrip("/")
    return None
