"""Round trips, property-based: YAML -> SKOS -> YAML and SKOS -> YAML -> SKOS.

RDF has no order, so list fields are compared as sets (import sorts them);
links are compared as sets after resolution (RDF keeps no duplicate triple;
a reference written as an alias comes back naming the label of the term).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import rdflib
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rdflib.compare import to_isomorphic
from rdflib.namespace import DCTERMS, RDF, SKOS

import graph
from graph.model import STATUSES, Glossary, Reference, Scheme, Term, fold, slugify
from graph.views.skos import category_iri
from graph.yaml_out import write_glossary

BASE = "https://example.org/glossary/"
SETTINGS = settings(max_examples=30, deadline=None, phases=[Phase.explicit, Phase.generate],
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn", "Zl", "Zp"))
TEXT = st.text(alphabet=CHARS | st.sampled_from("\n:'\"#-{}[]&*!|>%@`"), min_size=1, max_size=30)
WORD = st.text(alphabet=CHARS | st.sampled_from(":'\"#-&*!"), min_size=1, max_size=20).filter(
    lambda s: s.strip() and any(c.isalnum() for c in s) and s == s.strip())
DATE = st.dates().map(lambda d: d.isoformat()) | st.just("not a date")
EXTRA_VALUE = st.recursive(TEXT | st.integers(-1000, 1000) | st.booleans(),
                           lambda inner: st.lists(inner, max_size=3), max_leaves=5)


@st.composite
def glossaries(draw) -> list[Term]:
    """Terms with unique labels (and slugs), odd text, and links to labels, aliases or nothing."""
    labels = draw(st.lists(WORD, min_size=1, max_size=6, unique_by=slugify))
    labels = [label for label in labels if fold(label)]
    taken = {fold(label) for label in labels} | {slugify(label) for label in labels}
    # categories become skos:Collections named by slug: distinct categories need distinct slugs
    pool = draw(st.lists(WORD, min_size=1, max_size=3, unique_by=slugify))
    terms = []
    for label in labels:
        aliases = draw(st.lists(WORD.filter(lambda a: fold(a) not in taken), max_size=2,
                                unique_by=fold))
        terms.append(_term(draw, label, aliases))
        terms[-1].categories = draw(st.lists(st.sampled_from(pool), max_size=2, unique=True))
    names = [t.label for t in terms] + [a for t in terms for a in t.aliases]
    for term in terms:
        targets = draw(st.lists(st.sampled_from(names) | WORD, max_size=3, unique_by=fold))
        relations = draw(st.lists(st.sampled_from(["broader", "narrower", "related"]),
                                  min_size=len(targets), max_size=len(targets)))
        term.references = [Reference(text, rel, i) for i, (text, rel)
                           in enumerate(zip(targets, relations))]
    return terms


def _term(draw, label: str, aliases: list[str]) -> Term:
    optional = st.none() | TEXT
    governance = draw(st.fixed_dictionaries({}, optional={
        "nist_rmf_tags": st.lists(WORD, min_size=1, max_size=2, unique=True),
        "risk_notes": TEXT, "owner": TEXT}))
    return Term(
        label, aliases=aliases,
        roles=draw(st.lists(WORD, max_size=2, unique=True)),
        part_of_speech=draw(st.none() | st.sampled_from(["noun", "verb"])),
        short_def=draw(optional), long_def=draw(optional),
        audiences=draw(st.dictionaries(st.sampled_from(["exec", "engineer", "légal"]), TEXT,
                                       max_size=2)),
        examples=draw(st.fixed_dictionaries({}, optional={
            "do": st.lists(TEXT, min_size=1, max_size=2, unique=True),
            "dont": st.lists(TEXT, min_size=1, max_size=2, unique=True)})),
        governance=governance,
        citations=draw(st.lists(st.fixed_dictionaries(
            {"source": TEXT}, optional={"url": st.just("https://example.org/paper")}),
            max_size=2)),
        license=draw(st.none() | st.sampled_from(["CC-BY-4.0", "MIT"])),
        status=draw(st.none() | st.sampled_from(STATUSES)),
        last_reviewed=draw(st.none() | DATE),
        extra=draw(st.dictionaries(st.sampled_from(["owner_team", "x-source", "ñandú"]),
                                   EXTRA_VALUE, max_size=2)),
    )


def _normal(glossary: Glossary) -> tuple:
    """What must survive a round trip, order-free where RDF has no order."""
    terms = {}
    for term in glossary:
        data = term.to_dict()
        data.pop("relationships", None)
        for key in ("aliases", "categories", "roles"):
            if key in data:
                data[key] = sorted(data[key])
        for key in ("do", "dont"):
            if key in data.get("examples", {}):
                data["examples"][key] = sorted(data["examples"][key])
        if "nist_rmf_tags" in data.get("governance", {}):
            data["governance"]["nist_rmf_tags"] = sorted(data["governance"]["nist_rmf_tags"])
        terms[term.label] = data
    label = {t.id: t.label for t in glossary}
    links = sorted({(label[k.source], k.relation, label[k.target]) for k in glossary.links})
    loose = sorted({(label[u.source], u.reference.relation, u.reference.text)
                    for u in [*glossary.unresolved, *glossary.ambiguous]})
    return terms, links, loose, (glossary.scheme.title, glossary.scheme.base_iri)


@SETTINGS
@given(terms=glossaries())
def test_yaml_to_skos_to_yaml(terms):
    original = Glossary(terms, Scheme("Round «trip»: test", BASE, "en"))
    with tempfile.TemporaryDirectory() as tmp:
        ttl = Path(tmp, "g.ttl")
        graph.export(original, "ttl", ttl)
        from_skos = graph.load(ttl)
        assert from_skos.load_findings == []
        write_glossary(from_skos, Path(tmp, "yaml"))
        again = graph.load(Path(tmp, "yaml"))
    assert again.load_findings == []
    assert _normal(again) == _normal(original)


@st.composite
def vocabularies(draw) -> rdflib.Graph:
    """A SKOS graph: opaque concept IRIs, unique labels, notes, links, one scheme, collections."""
    labels = draw(st.lists(WORD, min_size=1, max_size=6, unique_by=fold))
    concepts = [rdflib.URIRef(f"https://vocab.example/id/{i:04d}") for i in range(len(labels))]
    g = rdflib.Graph()
    scheme = rdflib.URIRef(BASE + "scheme")
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, DCTERMS.title, rdflib.Literal("Vocab", lang="en")))
    taken = {fold(label) for label in labels}
    for concept, label in zip(concepts, labels):
        g.add((concept, RDF.type, SKOS.Concept))
        g.add((concept, SKOS.inScheme, scheme))
        g.add((concept, SKOS.prefLabel, rdflib.Literal(label, lang="en")))
        for alias in draw(st.lists(WORD.filter(lambda a: fold(a) not in taken), max_size=2)):
            g.add((concept, SKOS.altLabel, rdflib.Literal(alias, lang="en")))
        for predicate in (SKOS.definition, SKOS.scopeNote):
            if draw(st.booleans()):
                g.add((concept, predicate, rdflib.Literal(draw(TEXT), lang="en")))
        for predicate in (SKOS.broader, SKOS.narrower, SKOS.related):
            for target in draw(st.lists(st.sampled_from(concepts), max_size=2)):
                g.add((concept, predicate, target))
    for name in draw(st.lists(WORD, max_size=2, unique_by=slugify)):
        collection = rdflib.URIRef(category_iri(BASE, name))
        g.add((collection, RDF.type, SKOS.Collection))
        g.add((collection, SKOS.prefLabel, rdflib.Literal(name, lang="en")))
        for member in draw(st.lists(st.sampled_from(concepts), min_size=1, max_size=3)):
            g.add((collection, SKOS.member, member))
    return g


CORE = {RDF.type, SKOS.prefLabel, SKOS.altLabel, SKOS.definition, SKOS.scopeNote, SKOS.broader,
        SKOS.narrower, SKOS.related, SKOS.inScheme, SKOS.member, DCTERMS.title}
TYPES = {SKOS.Concept, SKOS.Collection, SKOS.ConceptScheme}


def core(g: rdflib.Graph) -> rdflib.Graph:
    """The mapped SKOS core of a graph: labels, notes, the three relations, scheme, collections."""
    projected = rdflib.Graph()
    for s, p, o in g:
        if p in CORE and (p != RDF.type or o in TYPES) and not isinstance(s, rdflib.BNode):
            projected.add((s, p, o))
    return projected


@SETTINGS
@given(vocab=vocabularies())
def test_skos_to_yaml_to_skos_is_isomorphic(vocab):
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp, "vocab.ttl")
        source.write_text(vocab.serialize(format="turtle"), encoding="utf-8")
        write_glossary(graph.load(source), Path(tmp, "yaml"))
        again = graph.load(Path(tmp, "yaml"))
        assert again.load_findings == []
        again.export("ttl", Path(tmp, "back.ttl"))
        back = rdflib.Graph().parse(Path(tmp, "back.ttl"))
    assert to_isomorphic(core(back)) == to_isomorphic(core(vocab))


def test_fixture_round_trip_keeps_every_mapped_triple(fixtures, tmp_path):
    """basic.ttl, hidden labels and links to concepts outside the file included."""
    source = fixtures / "skos" / "basic.ttl"
    write_glossary(graph.load(source), tmp_path / "yaml")
    graph.load(tmp_path / "yaml").export("ttl", tmp_path / "back.ttl")
    original = core(rdflib.Graph().parse(source))
    back = core(rdflib.Graph().parse(tmp_path / "back.ttl"))
    assert to_isomorphic(back) == to_isomorphic(original)


def test_physh_round_trip(physh, tmp_path):
    """PhySH -> YAML -> Turtle: the same concepts, labels and links."""
    write_glossary(graph.load(physh), tmp_path / "yaml")
    graph.load(tmp_path / "yaml").export("ttl", tmp_path / "back.ttl")
    original = rdflib.Graph().parse(physh)
    back = rdflib.Graph().parse(tmp_path / "back.ttl")
    for predicate in (SKOS.broader, SKOS.narrower, SKOS.related, SKOS.prefLabel):
        assert set(back.subject_objects(predicate)) == set(original.subject_objects(predicate))
    assert set(back.subjects(RDF.type, SKOS.Concept)) == set(original.subjects(RDF.type,
                                                                                SKOS.Concept))
