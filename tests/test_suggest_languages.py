"""GG503 compares a multilingual glossary's definitions within each language.

On the glosario fixture (en/fr/es definitions), TF-IDF over all the words at
once made terms look alike through "de", "un", "que", "la" shared by their
French and Spanish definitions. Those pairs must not be suggested; the
pairs that share content words still are.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import graph
from graph.model import Glossary, Term
from graph.suggest import suggest


@pytest.fixture(scope="module")
def glosario():
    return graph.load(Path(__file__).parent / "fixtures" / "glosario")


def _similar(glossary, **options):
    """GG503's suggestions (default --top and --min-score unless given), by (term, target)."""
    return {(s.term, s.target): s for s in suggest(glossary, select=["GG503"], **options)}


def test_function_words_of_other_languages_make_no_pair(glosario):
    found = _similar(glosario)
    # Before, each of these was proposed on "le, que, dans, la, se, en" or "de, una, sistema, que".
    for pair in [("absolute path", "command-line interface"), ("path", "shell"),
                 ("command-line interface", "path"), ("relative path", "repository")]:
        assert pair not in found, found.get(pair)


def test_shared_words_are_content_words_of_one_language(glosario):
    from stopwordsiso import stopwords

    function_words = stopwords(["fr", "es"]) - stopwords("en")
    for suggestion in _similar(glosario).values():
        shared = suggestion.evidence.split("shared words: ")[1].split(";")[0].split(", ")
        bare = {word.split(" (")[0] for word in shared}
        assert not bare & function_words, (suggestion.term, suggestion.target, shared)


def test_content_words_shared_within_a_language_still_count(glosario):
    found = _similar(glosario)
    evidence = found[("relative path", "directory")].evidence
    assert "répertoire (fr)" in evidence and "directorio (es)" in evidence


def _bilingual(fr_one: str, fr_two: str) -> Glossary:
    return Glossary([Term("alpha", short_def="Sorting records by key.",
                          extra={"definitions": {"fr": fr_one}}),
                     Term("beta", short_def="Compressing images losslessly.",
                          extra={"definitions": {"fr": fr_two}})])


def test_only_french_function_words_shared_is_no_similarity():
    glossary = _bilingual("Le tri des enregistrements par une clé qui est dans la table.",
                          "La compression des images sans perte qui est dans le fichier.")
    assert _similar(glossary, min_score=0) == {}


def test_a_french_content_word_shared_is_similarity_in_french_only():
    glossary = _bilingual("Le tri des enregistrements d'une table.",
                          "La compression des images d'une table.")
    found = _similar(glossary, min_score=0)
    assert "table (fr)" in found[("alpha", "beta")].evidence
    # The same word in two languages is two words: an English "table" does not meet a French one.
    glossary = Glossary([Term("alpha", short_def="Rows of a table.", extra={"definitions": {}}),
                         Term("beta", short_def="Compressing images.",
                              extra={"definitions": {"fr": "Les images d'une table."}})])
    assert _similar(glossary, min_score=0) == {}


def test_definitions_in_the_glossary_language_are_not_tagged():
    glossary = Glossary([Term("alpha", short_def="Sorting records.",
                              extra={"definitions": {"en": "Records in a ledger."}}),
                         Term("beta", short_def="A ledger of accounts.")])
    assert "shared words: ledger" in _similar(glossary, min_score=0)[("alpha", "beta")].evidence


def test_same_multilingual_suggestions_in_another_process(tmp_path):
    """Stopword sets and tagged words: another hash seed and working directory, same JSON."""
    import json
    import os
    import shutil
    import subprocess
    import sys

    data = tmp_path / "glosario"
    shutil.copytree(Path(__file__).parent / "fixtures" / "glosario", data)

    def run(seed: str, cwd: Path) -> list:
        done = subprocess.run([sys.executable, "-c", "from graph.cli import main; main()",
                               "suggest", str(data), "--no-cache", "--format", "json",
                               "--select", "GG503", "--min-score", "0", "--top", "20"],
                              capture_output=True, text=True, cwd=cwd,
                              env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        found = json.loads(done.stdout)["suggestions"]
        return [{**item, "file": Path(item["file"]).name} for item in found]

    (tmp_path / "elsewhere").mkdir()
    first = run("1", tmp_path)
    assert any("(fr)" in item["evidence"] for item in first)
    assert first == run("2", tmp_path / "elsewhere")
