"""Group colours: distinct when the glossary's groups fit the palette, the same in every export and
process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from graph.export.html import build_page_data
from graph.export.html_data import PALETTE
from graph.export.palette import colour_slot, distinct_colours, glossary_groups
from graph.model import Glossary, Reference, Term

TWELVE = [f"group {k}" for k in range(12)]


def test_as_many_groups_as_colours_get_every_colour():
    assert len({colour_slot(name, len(PALETTE)) for name in TWELVE}) < 12  # hashing alone collides
    colours = distinct_colours(TWELVE, PALETTE)
    assert sorted(colours.values()) == sorted(PALETTE)


def test_a_group_that_collides_with_nothing_keeps_its_hash_colour():
    names = []
    for name in TWELVE:  # the first names whose hash slots all differ
        if colour_slot(name, 12) not in {colour_slot(other, 12) for other in names}:
            names.append(name)
    assert len(names) >= 3
    assert distinct_colours(names, PALETTE) == {name: PALETTE[colour_slot(name, 12)] for name in names}


def test_more_groups_than_colours_repeat_their_hash_colours():
    names = TWELVE + ["one more"]
    assert distinct_colours(names, PALETTE) == {name: PALETTE[colour_slot(name, 12)] for name in names}


def test_the_empty_group_has_no_palette_colour():
    assert distinct_colours(["", "a"], PALETTE).keys() == {"a"}


def test_same_colours_in_every_process_and_order(tmp_path):
    script = ("from graph.export.palette import distinct_colours as d; "
              "from graph.export.html_data import PALETTE; "
              f"print(sorted(d(set({TWELVE[:7]!r}), PALETTE).items()))")
    outputs = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              env={"PYTHONHASHSEED": seed, "PATH": ""}, cwd=cwd).stdout
               for seed, cwd in (("1", tmp_path), ("2", Path(__file__).parent), ("3", tmp_path))}
    assert outputs == {f"{sorted(distinct_colours(TWELVE[:7], PALETTE).items())}\n"}
    assert len(set(distinct_colours(TWELVE[:7], PALETTE).values())) == 7


def test_glossary_groups_are_its_categories_or_its_top_concepts():
    with_categories = Glossary([Term("a", categories=["X", "Y"]), Term("b", categories=["Z"]), Term("c")])
    assert glossary_groups(with_categories) == ["X", "Y", "Z"]
    tops = Glossary([Term("a"), Term("a1", references=[Reference("a", "broader", 0)]), Term("b")])
    assert glossary_groups(tops) == ["a", "b"]


def test_page_colours_are_distinct_and_the_same_in_a_focus_export():
    glossary = Glossary([Term(f"term {k}", categories=[name],
                              references=[Reference("term 0", "related", 0)] if k else [])
                         for k, name in enumerate(TWELVE[:7])])
    full = {c["name"]: c["color"] for c in build_page_data(glossary, findings=[])["categories"]}
    focus = {c["name"]: c["color"] for c in build_page_data(glossary, findings=[], focus="term 3",
                                                            depth=1)["categories"]}
    assert len(set(full.values())) == 7
    assert focus and all(full[name] == colour for name, colour in focus.items())
