"""The seeds build end to end: the RDF contract, provenance, determinism, the gold yardstick."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.api import build
from kg.namespaces import KG, OA, ORG, PROV, SCHEMA
from tests.conftest import GOLD, OUTPUTS, ROOT, SEEDS

ACTOR_CLASSES = {SCHEMA.Person, SCHEMA.Organization, SCHEMA.Country, KG.Group}


@pytest.fixture(scope="module")
def rdf(seeds_build) -> Graph:
    return Graph().parse(seeds_build / "graph.ttl")


def test_writes_every_output(seeds_build):
    for name in (*OUTPUTS, "report.json"):
        assert (seeds_build / name).stat().st_size > 0, name
    report = json.loads((seeds_build / "report.json").read_text())
    assert report["documents"] == 3 and report["warnings"] == []


def test_every_fact_has_evidence_that_indexes_the_file(rdf):
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.iterdir()}
    facts = [
        s
        for cls in (SCHEMA.Quotation, KG.Commitment, ORG.Membership)
        for s in rdf.subjects(RDF.type, cls)
    ]
    assert facts
    for fact in facts:
        evidences = list(rdf.objects(fact, PROV.wasDerivedFrom))
        assert evidences, fact
        for ev in evidences:
            doc = rdf.value(ev, OA.hasSource)
            text = texts[str(rdf.value(doc, SCHEMA.identifier))]
            selectors = list(rdf.objects(ev, OA.hasSelector))
            start = next(
                int(rdf.value(s, OA.start)) for s in selectors if rdf.value(s, OA.start) is not None
            )
            end = next(
                int(rdf.value(s, OA.end)) for s in selectors if rdf.value(s, OA.end) is not None
            )
            exact = next(
                str(rdf.value(s, OA.exact)) for s in selectors if rdf.value(s, OA.exact) is not None
            )
            assert text[start:end] == exact
            assert rdf.value(ev, KG.rule) is not None
            assert 0 <= float(rdf.value(ev, KG.confidence)) <= 1


def test_actors_have_exactly_one_type_and_name(rdf):
    actors = {s for cls in ACTOR_CLASSES for s in rdf.subjects(RDF.type, cls)}
    assert len(actors) > 20
    for actor in actors:
        assert len(set(rdf.objects(actor, RDF.type)) & ACTOR_CLASSES) == 1, actor
        assert len(list(rdf.objects(actor, SCHEMA.name))) == 1, actor


def test_no_duplicate_actor_names(rdf):
    names = [
        str(n)
        for cls in ACTOR_CLASSES
        for s in rdf.subjects(RDF.type, cls)
        for n in rdf.objects(s, SCHEMA.name)
    ]
    assert len(names) == len(set(names))


def test_every_kg_term_is_defined_in_the_ontology(rdf):
    ontology = Graph().parse(ROOT / "ontology" / "kg.ttl")
    defined = set(ontology.subjects())
    used = {
        t for triple in rdf for t in triple if isinstance(t, URIRef) and str(t).startswith(str(KG))
    }
    assert used and used <= defined, used - defined


def test_no_blank_nodes(seeds_build):
    assert "_:" not in (seeds_build / "graph.nt").read_text(encoding="utf-8")


def test_rdf_files_parse_to_isomorphic_graphs(seeds_build):
    from rdflib.compare import isomorphic

    ttl = Graph().parse(seeds_build / "graph.ttl")
    assert isomorphic(ttl, Graph().parse(seeds_build / "graph.nt"))
    assert isomorphic(ttl, Graph().parse(seeds_build / "graph.jsonld", format="json-ld"))


def test_html_is_offline(seeds_build):
    html = (seeds_build / "graph.html").read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*https?:""", html, re.I)


def test_two_builds_are_byte_identical(seeds_build, tmp_path):
    import subprocess
    import sys

    again = tmp_path / "again"  # built by another process: nothing may depend on process state
    subprocess.run(
        [
            sys.executable,
            "-m",
            "kg",
            "build",
            str(SEEDS),
            "--out",
            str(again),
            "--no-cache",
            "--quiet",
        ],
        check=True,
        cwd=ROOT,
    )
    for name in OUTPUTS:
        assert (seeds_build / name).read_bytes() == (again / name).read_bytes(), name


def test_a_failed_build_leaves_previous_output(seeds_build, tmp_path, monkeypatch):
    import shutil

    import kg.pipeline

    out = tmp_path / "out"
    shutil.copytree(seeds_build, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(kg.pipeline, "write_view", explode)
    with pytest.raises(RuntimeError):
        build([str(SEEDS)], out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left behind


@pytest.mark.skipif(not GOLD.exists(), reason="../shared/gold is not beside this checkout")
def test_gold_yardstick(seeds_build):
    from kg.scoring.kg_gold import evaluate

    scores = evaluate(GOLD, seeds_build)["figures"]
    actors = scores["actors"]
    assert actors["f1"] >= 0.90 and actors["type_accuracy"] >= 0.95
    assert actors["not_actor_hits"] == 0 and actors["duplicate_nodes"] == 0
    assert scores["roles"]["f1"] >= 0.80
    assert scores["metadata"]["accuracy"] >= 0.8


def test_seeds_build_conforms_to_the_shapes(seeds_build):
    from kg.validate import format_report, validate_dir

    report = validate_dir(seeds_build)
    assert report.conforms, format_report(report)
