"""The words of a term's prose, language by language, for GG503's similarity.

A multilingual glossary (the Carpentries glosario: one definition per
language) must not look similar because its French and Spanish definitions
share "de", "un" and "que". Texts in the glossary's language keep the
folding of `graph.suggest.text` (English stopwords out, English lemmas);
a text in another language (a SKOS definition or scope note tagged with
it) has that language's stopwords taken out (stopwordsiso, the
stopwords-iso lists) and its words lemmatized in that language (simplemma),
and each of its words is tagged with the language ("fr:fichier"), so that
words are only ever compared within one language.

Examples
--------
>>> foreign_words("Un chemin qui désigne le même emplacement dans le système de fichiers.", "fr")
['fr:chemin', 'fr:désigner', 'fr:emplacement', 'fr:système', 'fr:fichier']
>>> shown("fr:fichier"), shown("guardrail")
('fichier (fr)', 'guardrail')
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

from .text import TOKEN, descriptions_of, fold_prose, fold_text, tagged_texts

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Term

__all__ = ["foreign_texts", "foreign_words", "main_texts", "shown", "same_language"]

_SKOS_PROSE = ("definitions", "scope_notes")


def same_language(tag: str, main: str) -> bool:
    """Whether a language tag ("en-GB", "", "EN") is the glossary's language `main`."""
    base = tag.split("-")[0].casefold()
    return not base or base == main.split("-")[0].casefold()


def foreign_texts(term: Term, main: str) -> list[tuple[str, str]]:
    """(language, text) of the term's SKOS definitions and scope notes in another language."""
    return [(tag.split("-")[0].casefold(), text) for name in _SKOS_PROSE
            for tag, text in tagged_texts(term, name) if not same_language(tag, main)]


def main_texts(term: Term, main: str) -> Iterator[str]:
    """The term's prose in the glossary's language: every description but the foreign ones."""
    for field, text in descriptions_of(term):
        if field not in _SKOS_PROSE:
            yield text
    for name in _SKOS_PROSE:
        for tag, text in tagged_texts(term, name):
            if same_language(tag, main):
                yield text


def foreign_words(text: str, lang: str) -> list[str]:
    """The words of a text in language `lang`, stopwords out, lemmatized, tagged "lang:word"."""
    stops = _stopwords(lang)
    found = []
    for token in TOKEN.findall(fold_prose(text)):
        if token in stops or len(token) < 2 or token.isdigit():
            continue
        word = _lemma(token, lang)
        if word not in stops:
            found.append(f"{lang}:{word}")
    return found


def shown(word: str) -> str:
    """A vocabulary word as evidence shows it: "fr:fichier" -> "fichier (fr)"."""
    lang, colon, bare = word.partition(":")
    return f"{bare} ({lang})" if colon else word


@cache
def _stopwords(lang: str) -> frozenset[str]:
    import stopwordsiso

    return frozenset(fold_text(word) for word in stopwordsiso.stopwords(lang))


@cache
def _lemma(token: str, lang: str) -> str:
    """simplemma's lemma in `lang` when it keeps the token's first letters (as `text.lemma`)."""
    import simplemma

    try:
        found = fold_text(simplemma.lemmatize(token, lang=lang))
    except ValueError:  # a language simplemma has no dictionary for
        return token
    keep = min(len(found), len(token)) - 2
    if found != token and found.isalnum() and keep >= 2 and found[:keep] == token[:keep]:
        return found
    return token
