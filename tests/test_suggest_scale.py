"""What the speed work on `glossgraph suggest` must not change: exact matches and exact results."""

from __future__ import annotations

import random

from graph.model import Glossary, Term
from graph.suggest import suggest
from graph.suggest.context import SuggestContext
from graph.suggest.mention import NameIndex


def _leftmost_longest(words: list[str], owner: dict[tuple[str, ...], int]) -> list[tuple[int, int]]:
    """The reference: at each position the longest name starting there, then after it."""
    longest = max(map(len, owner))
    found, at = [], 0
    while at < len(words):
        for size in range(min(longest, len(words) - at), 0, -1):
            key = tuple(words[at:at + size])
            if key in owner:
                found.append((at + size - 1, owner[key]))
                at += size
                break
        else:
            at += 1
    return found


def test_gg501_finds_a_name_after_a_longer_names_unfinished_start():
    # "audit prompt replay" starts the name "audit prompt replay log" and the text ends there:
    # "prompt replay" is still a mention (pyahocorasick's iter_long missed it)
    glossary = Glossary([
        Term("audit prompt replay log", short_def="The record of audited prompts."),
        Term("prompt replay", short_def="Sending a stored prompt again."),
        Term("context deployment", short_def="A deployment checked with audit prompt replay."),
    ])
    found = [(s.term, s.target) for s in suggest(glossary, select=["GG501"])]
    assert ("context deployment", "prompt replay") in found
    assert ("context deployment", "audit prompt replay log") not in found


def test_name_index_matches_leftmost_longest():
    vocabulary = "alpha beta gamma delta epsilon zeta".split()
    pick = random.Random(7)
    labels = {" ".join(pick.choices(vocabulary, k=pick.randint(1, 4))) for _ in range(40)}
    glossary = Glossary([Term(label) for label in sorted(labels)])
    names = NameIndex(SuggestContext(glossary))
    for _ in range(300):
        words = pick.choices(vocabulary + ["other"], k=pick.randint(0, 30))
        cuts = sorted({0, len(words), *(pick.randint(0, len(words)) for _ in range(pick.randint(0, 3)))})
        parts = list(zip(cuts, cuts[1:]))  # clauses: no name is matched across a cut
        found = [(first + end, owner) for first, end, owner in names.find(words, parts)]
        assert found == [(first + end, owner) for first, stop in parts
                         for end, owner in _leftmost_longest(words[first:stop], names.owner)]


def test_json_in_pieces_is_the_same_json():
    import json
    from pathlib import Path

    import graph
    from graph.commands.suggest import json_chunks, suggestions_json

    glossary = graph.load(Path(__file__).parent / "fixtures" / "suggest" / "small")
    found = suggest(glossary)
    whole = "".join(json_chunks(glossary, found))
    assert len(found) > 3
    assert "".join(json_chunks(glossary, found, rows=2)) == whole
    assert json.loads(whole) == suggestions_json(glossary, found)
    assert whole.count("\n") == len(found) + 2  # one suggestion per line
    assert json.loads("".join(json_chunks(glossary, []))) == suggestions_json(glossary, [])


def test_chosen_suggestions_worded_in_batches_are_the_list(monkeypatch):
    """The CLI writes the chosen suggestions a batch at a time as they are worded: the same
    JSON and the same text as the whole list gives."""
    from pathlib import Path

    from click.testing import CliRunner

    import graph
    import graph.suggest as suggest_module
    from graph.cli import cli
    from graph.commands.suggest import json_chunks
    from graph.suggest import chosen

    folder = Path(__file__).parent / "fixtures" / "suggest" / "small"
    glossary = graph.load(folder)
    whole = suggest(glossary)
    monkeypatch.setattr(suggest_module, "_BATCH", 3)
    picked = chosen(glossary)
    assert [len(batch) for batch in picked.batches()][:2] == [3, 3]
    assert [item for batch in picked.batches() for item in batch] == list(picked) == whole
    assert picked.codes() == [item.code for item in whole]
    assert "".join(json_chunks(glossary, picked, rows=2)) == "".join(json_chunks(glossary, whole))
    text = CliRunner().invoke(cli, ["suggest", str(folder), "--no-cache"])
    assert text.exit_code == 0, text.output
    lines = text.output.splitlines()
    assert lines[:-1] == [f"{s.file}:{s.line}:{s.column}: {s.code} {s.message}" for s in whole]
    assert lines[-1] == f"{len(whole)} suggestions for {len({s.term for s in whole})} terms " \
        f"({len(glossary)} terms read)."


def test_reading_order_is_label_then_score_then_target(monkeypatch):
    """The list is sorted as (term casefolded, term, -score, target casefolded, target), stable:
    two terms with one label interleave by score, as a sort of the built suggestions did."""
    import numpy as np

    import graph.suggest as suggest_module

    pick = random.Random(3)
    words = "Alpha alpha beta Gamma delta".split()
    glossary = Glossary([Term(" ".join(pick.choices(words, k=2)), id=f"t{i}",
                              short_def=" ".join(pick.choices(words, k=6)))
                         for i in range(40)])
    found = suggest(glossary, min_score=0.0, top=10)
    monkeypatch.setattr(suggest_module, "_reading_order",
                        lambda ctx, ranked: np.arange(len(ranked)))
    ranked_order = suggest(glossary, min_score=0.0, top=10)
    assert len({s.term for s in found}) < len({s.term_id for s in found})  # labels repeat
    assert found == sorted(ranked_order, key=lambda s: (s.term.casefold(), s.term, -s.score,
                                                        s.target.casefold(), s.target))
    assert found != ranked_order


def test_row_top_k_dense_is_the_sorted_one(monkeypatch):
    """The dense path (a block where most pairs have a value) keeps exactly what sorting every
    entry keeps: the k largest of each row, ties to the lower column, in the same order."""
    import numpy as np
    from scipy import sparse

    from graph.suggest import similar

    pick = np.random.default_rng(5)
    for case in range(200):
        rows, cols, k = pick.integers(1, 30), pick.integers(1, 40), int(pick.integers(1, 8))
        density = pick.choice([0.05, 0.3, 0.8, 1.0])
        values = pick.choice([0.25, 0.5, 0.75, 1.0], size=(rows, cols)).astype(np.float32)
        values[pick.random((rows, cols)) > density] = 0  # absent
        matrix = sparse.csr_matrix(values)
        monkeypatch.setattr(similar, "DENSE_SHARE", 2.0)  # never dense: sort every entry
        expected = similar.row_top_k(matrix, k)
        monkeypatch.setattr(similar, "DENSE_SHARE", 0.0)  # dense whenever cols > k
        got = similar.row_top_k(matrix, k)
        for want, have in zip(expected, got):
            assert have.dtype == want.dtype
            assert np.array_equal(have, want), case
