"""Text for a terminal: control characters shown, never obeyed; credentials never shown.

A label can hold ``ESC ] 0;TITLE BEL`` (which retitles a terminal window) or
other C0/C1 control characters. Every text output passes what came from the
data through `escape_controls`, which writes each such character as a
visible ``\\xHH`` escape and keeps tab and newline.

A server's error page can echo the request's headers; `redact_credentials`
hides bearer tokens, basic-auth pairs, passwords in URLs and the
credentials glossgraph itself sends (read from the environment) in any text
before it is printed.

>>> escape_controls("a\\x1b]0;pwned\\x07b\\tc\\n\\x9b")
'a\\\\x1b]0;pwned\\\\x07b\\tc\\n\\\\x9b'
>>> redact_credentials("Authorization: Bearer s3cr3t at https://bob:pw@host/?api_key=k&x=1")
'Authorization: [redacted] at https://[redacted]@host/?api_key=[redacted]&x=1'
"""

from __future__ import annotations

import base64
import os
import re
from typing import Any

__all__ = ["REDACTED", "escape_controls", "escape_data", "redact_credentials", "safe_text"]

REDACTED = "[redacted]"
_CONTROLS = [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)]
_ESCAPES = {code: f"\\x{code:02x}" for code in _CONTROLS}
_PATTERNS = [
    (re.compile(r"(?i)\b((?:proxy-)?authorization\"?\s*[:=]\s*\"?)(?:[A-Za-z]+\s+)?[^\s,;\"'}]+"),
     r"\1" + REDACTED),
    (re.compile(r"(?i)\b(bearer|basic|digest|token)(\s+)[A-Za-z0-9._~+/=\-]{4,}"),
     r"\1\2" + REDACTED),
    (re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s@]+@"), r"\1" + REDACTED + "@"),
    (re.compile(r"(?i)([?&;](?:[\w\-]*(?:token|key|secret|password|passwd|pwd|auth)[\w\-]*)=)"
                r"[^&\s\"']+"), r"\1" + REDACTED),
]


def escape_controls(text: str) -> str:
    """`text` with every C0/C1 control character but tab and newline as a ``\\xHH`` escape."""
    return text.translate(_ESCAPES)


def escape_data(value: Any) -> Any:
    """`value` with `escape_controls` applied to every string in it (dicts, lists, keys too).

    For outputs that add their own styling after: escape the data, then style.

    >>> escape_data({"term": "a\x1bb", "aliases": ["\x07"], "n": 1})
    {'term': 'a\\\\x1bb', 'aliases': ['\\\\x07'], 'n': 1}
    """
    if isinstance(value, str):
        return escape_controls(value)
    if isinstance(value, dict):
        return {escape_data(key): escape_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [escape_data(item) for item in value]
    return value


def _secrets() -> list[str]:
    """The credentials glossgraph sends (from the environment), as they could be echoed."""
    token = os.environ.get("GLOSSGRAPH_SPARQL_TOKEN") or ""
    user = os.environ.get("GLOSSGRAPH_SPARQL_USER") or ""
    password = os.environ.get("GLOSSGRAPH_SPARQL_PASSWORD") or ""
    found = [token, password]
    if user:
        found.append(base64.b64encode(f"{user}:{password}".encode()).decode("ascii"))
    return sorted((s for s in found if len(s) >= 3), key=len, reverse=True)


def redact_credentials(text: str) -> str:
    """`text` with tokens, basic-auth pairs and URL passwords replaced by ``[redacted]``."""
    for secret in _secrets():
        text = text.replace(secret, REDACTED)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def safe_text(text: str) -> str:
    """`text` fit for a terminal: credentials redacted, control characters escaped."""
    return escape_controls(redact_credentials(text))
