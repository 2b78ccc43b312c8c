"""GG404's URL fast path agrees with the exact urlparse test on any text."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from graph.checks.content import _is_http_url, _parsed_http_url

_PARTS = st.sampled_from(["http", "https", "HTTP", "ftp", "", ":", "//", "/", "?", "#", "@", "[", "]",
                          "::1", ":80", ":x", " ", "\t", "\n", "\\", "example.org", "a-b.c", "%20",
                          "é", "www", ".", "-", "path", "q=1"])


@settings(max_examples=800, deadline=None)
@given(st.lists(_PARTS, max_size=9).map("".join))
@example("https://example.org/handbook/a")
@example("http://host:8080/x?y#z")
@example("https://example.org/a b")
@example("https://[::1]/x")
@example(" https://example.org ")
def test_fast_path_matches_urlparse_on_url_like_text(text):
    assert _is_http_url(text) == _parsed_http_url(text)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40))
def test_fast_path_matches_urlparse_on_any_text(text):
    assert _is_http_url(text) == _parsed_http_url(text)


def test_the_fast_path_is_taken_for_plain_urls():
    from graph.checks.content import _PLAIN_HTTP_URL

    assert _PLAIN_HTTP_URL.fullmatch("https://example.org/handbook/batch-threshold")
    assert not _PLAIN_HTTP_URL.fullmatch("www.example.org/paper")


def test_a_url_urlparse_cannot_parse_is_reported_not_a_crash():
    from graph.checks import run_checks
    from graph.model import Glossary, Term

    term = Term("alpha", citations=[{"source": "Paper", "url": "http://[oops/x"}])
    found = run_checks(Glossary([term]), select=["GG404"])
    assert [f.message for f in found] == [
        "'alpha': citation 1 has url 'http://[oops/x', which is not an absolute http(s) URL"]
