"""One HTTP exchange with a deadline for the whole of it, and a cap on the reply's size.

A socket timeout bounds each read, not the exchange: a server that sends one
byte a second would never trip it. Here a timer shuts the connection's
socket down when the deadline passes, whatever phase the exchange is in
(connecting, sending the body, waiting for headers, reading the reply), and
every read checks the deadline, so a reply cut short by the timer is never
taken for a complete one. The reply is read in chunks and stopped past
`max_bytes`.

Standard library only (urllib, so proxies from the environment still apply);
redirects are not followed, so credentials never travel to another host.
"""

from __future__ import annotations

import functools
import http.client
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from ..errors import RemoteError
from ..terminal import redact_credentials

__all__ = ["MAX_REPLY_BYTES", "Reply", "exchange", "timeout_error"]

#: Largest remote reply read, in bytes (`--max-reply-mb`).
MAX_REPLY_BYTES = 256 * 1024 * 1024
_CHUNK = 1 << 16


class _Deadline:
    """Shuts the watched sockets down when `timeout` seconds have passed."""

    def __init__(self, timeout: float | None) -> None:
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._timer = threading.Timer(timeout, self._expire) if timeout else None
        if self._timer is not None:
            self._timer.daemon = True
            self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.append(sock)
            if self.expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _shut(sock)

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, deadline: _Deadline, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._deadline = deadline

    def connect(self) -> None:
        super().connect()
        self._deadline.watch(self.sock)


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, deadline: _Deadline, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._deadline = deadline

    def connect(self) -> None:
        super().connect()
        self._deadline.watch(self.sock)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def http_open(self, req):  # noqa: D102
        return self.do_open(functools.partial(_HTTPConnection, deadline=self._deadline), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def https_open(self, req):  # noqa: D102
        return self.do_open(functools.partial(_HTTPSConnection, deadline=self._deadline), req,
                            context=self._context)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102
        return None


def timeout_error(url: str, timeout: float | None) -> RemoteError:
    """The error for an exchange that passed its deadline."""
    return RemoteError(f"no answer from {url} within {timeout:g} s (--timeout)")


class Reply:
    """The status, content type and body (a binary file, read under the deadline and cap)."""

    def __init__(self, url: str, response, deadline: _Deadline, timeout: float | None,
                 max_bytes: int) -> None:
        self.url, self.status = url, response.status
        self.content_type = response.headers.get("Content-Type", "")
        self._response, self._deadline, self._timeout = response, deadline, timeout
        self._max_bytes, self.size = max_bytes, 0

    def read(self, size: int = -1) -> bytes:
        """Up to `size` bytes (all that is left when negative); raises past the deadline or cap."""
        if size is None or size < 0:
            return b"".join(iter(lambda: self.read(_CHUNK), b""))
        try:
            data = self._response.read1(min(size, _CHUNK)) if size else b""
        except (OSError, http.client.HTTPException) as exc:
            if self._deadline.expired:
                raise timeout_error(self.url, self._timeout) from None
            raise RemoteError(f"the reply from {self.url} broke off: {exc}") from None
        if self._deadline.expired:
            raise timeout_error(self.url, self._timeout)
        self.size += len(data)
        if self.size > self._max_bytes:
            raise RemoteError(f"the reply from {self.url} is larger than "
                              f"{self._max_bytes / 2**20:g} MiB; it was not read further",
                              hint="add a LIMIT to the query, or raise --max-reply-mb")
        return data

    def readable(self) -> bool:  # noqa: D102 - for io wrappers
        return True


@contextmanager
def exchange(method: str, url: str, body: bytes | None, headers: Mapping[str, str],
             timeout: float | None, max_bytes: int = MAX_REPLY_BYTES) -> Iterator[Reply]:
    """Send one request; yields the `Reply` (its body read under the same deadline).

    Raises
    ------
    RemoteError
        One line for a refused connection, the deadline, an HTTP error status
        (the server's text with credentials redacted), or a reply over `max_bytes`.
    """
    deadline = _Deadline(timeout)
    opener = urllib.request.build_opener(_HTTPHandler(deadline), _HTTPSHandler(deadline),
                                         _NoRedirect)
    req = urllib.request.Request(url, data=body, headers=dict(headers), method=method)
    try:
        try:
            response = opener.open(req, timeout=timeout)
        except urllib.error.HTTPError as exc:
            if deadline.expired:
                raise timeout_error(url, timeout) from None
            raise http_error(url, exc) from None
        except TimeoutError:
            raise timeout_error(url, timeout) from None
        except urllib.error.URLError as exc:
            if deadline.expired or isinstance(exc.reason, (socket.timeout, TimeoutError)):
                raise timeout_error(url, timeout) from None
            text = getattr(exc.reason, "strerror", None) or str(exc.reason)
            raise RemoteError(f"cannot reach {url}: {text}") from None
        except (http.client.HTTPException, OSError) as exc:
            if deadline.expired:
                raise timeout_error(url, timeout) from None
            detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            raise RemoteError(f"connection to {url} failed: {detail}") from None
        with response:
            yield Reply(url, response, deadline, timeout, max_bytes)
    finally:
        deadline.cancel()


def http_error(url: str, exc: urllib.error.HTTPError) -> RemoteError:
    """One line for an HTTP error status: the server's words (credentials redacted) and a hint."""
    try:
        detail = " ".join(exc.read(2000).decode("utf-8", "replace").split())[:300]
    except (OSError, http.client.HTTPException):
        detail = ""
    detail = redact_credentials(detail)
    message = f"{url} answered HTTP {exc.code} {exc.reason}" + (f": {detail}" if detail else "")
    hint = None
    if exc.code in (401, 403):
        hint = ("set GLOSSGRAPH_SPARQL_TOKEN, or GLOSSGRAPH_SPARQL_USER and "
                "GLOSSGRAPH_SPARQL_PASSWORD")
    elif 300 <= exc.code < 400:
        hint = f"redirects are not followed; use the final URL ({exc.headers.get('Location')})"
    return RemoteError(message, hint=hint)
