"""The words of a term: folded, inflection-folded tokens of its names and definitions.

Every rule compares terms through the same folding, so that "Guardrails" in a
definition names the term "guardrail", and "AI incident responses" names
"ai incident response". Folding is NFKC + casefold (as the resolver does),
tokens are runs of letters and digits (so hyphens and punctuation are word
boundaries), and each token is replaced by its lemma from simplemma's English
dictionary when the lemma is an inflection of the token (it keeps the token's
first letters: "policies" -> "policy", "running" -> "run", but "ai" is never
"be").

Examples
--------
>>> tokens("AI Incident Responses, retrieval-augmented generation")
['ai', 'incident', 'response', 'retrieval', 'augment', 'generation']
>>> lemma("guardrails"), lemma("ai"), lemma("was")
('guardrail', 'ai', 'was')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Term

__all__ = ["tokens", "lemma", "names_of", "definitions_of", "descriptions_of", "sentences",
           "clause_tokens", "fold_prose", "STOPWORDS", "TOKEN"]

#: A word: a run of letters and digits (in a folded text).
TOKEN = re.compile(r"[^\W_]+")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_PARENTHESIS = re.compile(r"\s*\([^)]*\)")

#: Words that carry no topic (scikit-learn's English list, kept here so matching needs no import).
STOPWORDS = frozenset("""a about above after again against all also am an and any are as at be
because been before being below between both but by can could did do does doing down during each
few for from further had has have having he her here hers herself him himself his how i if in into
is it its itself just me more most my myself no nor not now of off on once only or other our ours
ourselves out over own same she should so some such than that the their theirs them themselves then
there these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves often use used using uses
helps help e g i.e etc via""".split())


def fold_text(text: str) -> str:
    """NFKC and casefold, as the resolver folds labels."""
    return unicodedata.normalize("NFKC", text).casefold()


#: The target of a Markdown link, "[path](#path)" or "[site](https://example.org/a-b)".
_LINK_TARGET = re.compile(r"(?<=\])\([^()\s]*\)")


def fold_prose(text: str) -> str:
    """`fold_text`, with each Markdown link's target blanked: glosario writes "[path](#path)",
    and the anchor is no word of the definition. Blanked, not removed, so offsets in the
    folded text stay those of the text.

    >>> fold_prose("A [Path](#path) to the [docs](https://x.org/a-b).")
    'a [path]        to the [docs]                   .'
    """
    folded = fold_text(text)
    if "](" not in folded:
        return folded
    return _LINK_TARGET.sub(lambda link: " " * len(link.group()), folded)


@cache
def lemma(token: str) -> str:
    """The inflection-folded form of a folded token (the token itself when none applies)."""
    if len(token) < 4 or token.isdigit():
        return token
    found = _lemmatize(token)
    keep = min(len(found), len(token)) - 2
    if found != token and found.isalnum() and keep >= 2 and found[:keep] == token[:keep]:
        return found
    return token


def _lemmatize(token: str) -> str:
    import simplemma

    return simplemma.lemmatize(token, lang="en")


#: Folded token -> its lemma, filled as tokens are met (a dict lookup is 5x cheaper than a call).
_LEMMAS: dict[str, str] = {}


def tokens(text: str) -> list[str]:
    """The folded, inflection-folded tokens of a text, in order."""
    return _lemmatized(TOKEN.findall(fold_prose(text)))


def _lemmatized(found: list[str]) -> list[str]:
    known = _LEMMAS
    return [known.get(token) or known.setdefault(token, lemma(token)) for token in found]


#: Punctuation that ends a sentence or clause, then a space: no name is read across it.
_BOUNDARY = re.compile(r"[.;:!?]\s")


def clause_tokens(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """`tokens(text)`, and the (first, stop) token indices of its sentences and clauses.

    A name is matched within one clause: "an audit cohort. Attention weights" does not
    mention "cohort attention". A point without a space after it ("3.5") cuts nothing.

    >>> clause_tokens("An audit cohort. Attention weights; gpt 3.5 too")
    (['an', 'audit', 'cohort', 'attention', 'weight', 'gpt', '3', '5', 'too'], [(0, 3), (3, 5), (5, 9)])
    >>> clause_tokens("No cut here")[1]
    [(0, 3)]
    """
    words: list[str] = []
    cuts = [0]
    for part in _BOUNDARY.split(fold_prose(text)):
        words += TOKEN.findall(part)
        if len(words) > cuts[-1]:
            cuts.append(len(words))
    return _lemmatized(words), list(zip(cuts, cuts[1:]))


def name_tokens(name: str) -> tuple[str, ...]:
    """The tokens of a label or alias, without a trailing parenthesis ("(RAG)")."""
    bare = _PARENTHESIS.sub("", name).strip() or name
    return tuple(tokens(bare))


def names_of(term: Term) -> list[str]:
    """The label, then the aliases of a term."""
    return [term.label, *(alias for alias in term.aliases if isinstance(alias, str))]


def definitions_of(term: Term) -> Iterator[tuple[str, str]]:
    """(field, text) of each definition of a term: short_def, long_def, then SKOS extras."""
    for name in ("short_def", "long_def"):
        value = getattr(term, name)
        if isinstance(value, str) and value.strip():
            yield name, value
    for name in ("definitions", "scope_notes"):
        for _, text in tagged_texts(term, name):
            yield name, text


def tagged_texts(term: Term, name: str) -> Iterator[tuple[str, str]]:
    """(language tag, text) of each text of a SKOS extra (`definitions`, `scope_notes`)."""
    by_lang = term.extra.get(name)
    if isinstance(by_lang, dict):
        for lang, texts in by_lang.items():
            for text in texts if isinstance(texts, list) else [texts]:
                if isinstance(text, str) and text.strip():
                    yield str(lang), text


def descriptions_of(term: Term) -> Iterator[tuple[str, str]]:
    """The definitions, then what else describes the term in prose: the definition for each
    audience (`audiences.exec`), the examples (`examples.do`) and the risk notes."""
    yield from definitions_of(term)
    for name, text in sorted(term.audiences.items()) if isinstance(term.audiences, dict) else ():
        if isinstance(text, str) and text.strip():
            yield f"audiences.{name}", text
    for name, texts in sorted(term.examples.items()) if isinstance(term.examples, dict) else ():
        for text in texts if isinstance(texts, list) else [texts]:
            if isinstance(text, str) and text.strip():
                yield f"examples.{name}", text
    notes = term.governance.get("risk_notes") if isinstance(term.governance, dict) else None
    if isinstance(notes, str) and notes.strip():
        yield "governance.risk_notes", notes


def sentences(text: str) -> list[str]:
    """A definition split into sentences (on ., ! or ? followed by a capital)."""
    return [part.strip() for part in _SENTENCE.split(" ".join(text.split())) if part.strip()]
