"""SHACL validation: the contract sample conforms; each deliberate break is reported readably."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF, RDFS

from kg.cli import main
from kg.namespaces import KG
from kg.paths import ONTOLOGY_DIR
from kg.validate import format_report, validate_dir, validate_graph

SAMPLE = Path(__file__).parent / "fixtures" / "contract_sample.ttl"
SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample() -> rdflib.Graph:
    return rdflib.Graph().parse(SAMPLE)


def test_sample_conforms(sample):
    conforms, violations = validate_graph(sample)
    assert conforms, [v.line() for v in violations]
    assert violations == []


def test_cli_exit_codes(tmp_path, capsys):
    good = tmp_path / "good"
    good.mkdir()
    rdflib.Graph().parse(SAMPLE).serialize(good / "graph.ttl", format="turtle")
    assert main(["validate", str(good)]) == 0
    assert "conforms to the RDF contract" in capsys.readouterr().out

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "graph.ttl").write_text(SAMPLE_TEXT.replace('kg:currency "USD" ;', ""), encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "1 violation(s)" in out
    assert (
        "id:commitment/national-herald-moore-mi6-txt/4103-4251-0: kg:amount and kg:currency must "
        "be given together" in out
    )


# (what to replace in the sample, with what, a piece of the expected violation line)
BREAKS = [
    (
        "kgstatus:refused",
        "kgstatus:maybe",
        "kg:commitmentStatus: kg:commitmentStatus must be a commitment-status concept",
    ),
    (
        "kgkind:funding",
        "<https://example.org/elsewhere/funding>",
        "kg:commitmentKind: kg:commitmentKind must be a commitment-kind concept",
    ),
    (
        'kg:statementKind kg:direct ;\n    kg:cue "note"',
        'kg:statementKind kg:quoted ;\n    kg:cue "note"',
        "kg:statementKind: kg:statementKind must be exactly one of kg:direct",
    ),
    ('kg:cue "note" ;', "", "kg:cue: a statement needs exactly one kg:cue"),
    # a stance is its own kind of fact: never a quotation, never with a statement kind
    (
        "5905-5950> a kg:Stance ;",
        "5905-5950> a kg:Stance , schema:Quotation ;",
        "rdf:type: a stance is no statement: it is never a schema:Quotation",
    ),
    (
        "kg:stanceKind kg:intention ;",
        "kg:stanceKind kg:intention ; kg:statementKind kg:indirect ;",
        "kg:statementKind: a stance is no statement: it has no kg:statementKind",
    ),
    (
        "kg:stanceKind kg:intention ;",
        "kg:stanceKind kg:wish ;",
        "kg:stanceKind: kg:stanceKind must be exactly one of kg:intention, kg:position, kg:view",
    ),
    ('kg:cue "aim" ;', "", "kg:cue: a stance needs exactly one kg:cue"),
    (
        'schema:name "Keith Kellogg" ;',
        "",
        "id:actor/keith-kellogg schema:name: an actor needs exactly one non-empty schema:name",
    ),
    (
        "actor/western-allies> a kg:Group",
        "actor/western-allies> a kg:Group , schema:Country",
        "id:actor/western-allies: an actor must have exactly one of the types",
    ),
    (
        "schema:sameAs <http://www.wikidata.org/entity/Q7747>",
        "schema:sameAs <https://en.wikipedia.org/wiki/Putin>",
        "schema:sameAs: schema:sameAs must be one Wikidata entity IRI",
    ),
    (
        'kg:confidence "0.7"^^xsd:decimal',
        'kg:confidence "1.7"^^xsd:decimal',
        "kg:confidence: evidence needs exactly one kg:confidence",
    ),
    (
        'kg:confidence "0.7"^^xsd:decimal',
        'kg:confidence "0.7"',
        "kg:confidence: evidence needs exactly one kg:confidence",
    ),
    ('kg:rule "post-apposition" ;', "", "kg:rule: evidence needs exactly one kg:rule"),
    (
        'oa:start "569"^^xsd:nonNegativeInteger',
        'oa:start "560"^^xsd:nonNegativeInteger',
        "oa:exact is 52 characters long but oa:start..oa:end spans 61",
    ),
    (
        'oa:start "569"^^xsd:nonNegativeInteger',
        'oa:start "-3"^^xsd:integer',
        "oa:start: a position selector needs one oa:start",
    ),
    (
        '[ a oa:TextQuoteSelector ; oa:exact "US envoy Keith Kellogg" ]',
        "[ a oa:TextQuoteSelector ]",
        "oa:exact: a quote selector needs exactly one non-empty oa:exact",
    ),
    (
        "    prov:wasDerivedFrom "
        "<https://example.org/kg/id/evidence/national-herald-moore-mi6-txt/2767-2789/post-title> .",
        "    .",
        "prov:wasDerivedFrom: every statement, stance, commitment and post needs "
        "prov:wasDerivedFrom",
    ),
    (
        'kg:currency "USD"',
        'kg:currency "dollars"',
        "kg:currency: kg:currency must be one ISO 4217 code",
    ),
    (
        'kg:amountBound "min"',
        'kg:amountBound "at least"',
        "kg:amountBound: kg:amountBound must be one of the plain literals",
    ),
    ('kg:amount "1500000000"^^xsd:decimal', 'kg:amount "1.5 billion"', "kg:amount"),
    (
        "org:member <https://example.org/kg/id/actor/mark-rutte>",
        "org:member <https://example.org/kg/id/actor/nato>",
        "org:member: a post needs exactly one org:member -> a schema:Person",
    ),
    (
        'skos:prefLabel "envoy"',
        'skos:prefLabel "envoy" , "Envoy"',
        "skos:prefLabel: a role needs exactly one skos:prefLabel",
    ),
    (
        'schema:identifier "national-herald-moore-mi6.txt" ;',
        "",
        "schema:identifier: a document needs exactly one schema:identifier",
    ),
    (
        'schema:datePublished "2026-02-04"^^xsd:date',
        'schema:datePublished "4 February 2026"',
        "schema:datePublished",
    ),
    (
        "schema:mentions <https://example.org/kg/id/actor/richard-moore> ,",
        "schema:mentions <https://example.org/kg/id/actor/nobody> , "
        "<https://example.org/kg/id/actor/richard-moore> ,",
        "id:actor/nobody: schema:mentions must point at an actor",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), BREAKS, ids=[b[2][:40] for b in BREAKS])
def test_broken_graph_fails_readably(old, new, expected):
    assert SAMPLE_TEXT.count(old) >= 1, old
    broken = rdflib.Graph().parse(data=SAMPLE_TEXT.replace(old, new, 1), format="turtle")
    conforms, violations = validate_graph(broken)
    assert not conforms
    lines = [v.line() for v in violations]
    assert any(expected in line for line in lines), lines


def test_report_lists_each_violation_then_a_summary(tmp_path):
    text = SAMPLE_TEXT.replace('kg:confidence "0.95"', 'kg:confidence "2"')
    (tmp_path / "graph.ttl").write_text(text, encoding="utf-8")
    report = validate_dir(tmp_path)
    out = format_report(report, limit=2)
    assert out.splitlines()[0].endswith("3 violation(s) of the RDF contract (294 triples)")
    assert "... 1 more" in out
    assert "      3  evidence needs exactly one kg:confidence, an xsd:decimal in [0, 1]" in out


def test_ontology_defines_every_kg_term_used():
    ontology = rdflib.Graph().parse(ONTOLOGY_DIR / "kg.ttl")
    used = {
        t
        for triple in rdflib.Graph().parse(SAMPLE)
        for t in triple
        if isinstance(t, rdflib.URIRef) and t.startswith(KG)
    }
    used |= {
        t
        for triple in rdflib.Graph().parse(ONTOLOGY_DIR / "shapes.ttl")
        for t in triple
        if isinstance(t, rdflib.URIRef) and t.startswith(KG)
    }
    required = {
        KG[n]
        for n in (
            "Group Commitment StatementKind statementKind direct partial mixed indirect cue rule "
            "confidence committer "
            "recipient commitmentKind commitmentStatus item quantity unit amount currency "
            "amountBound assertedBy"
        ).split()
    }
    for term in sorted(used | required):
        assert ontology.value(term, RDFS.label), term
        assert ontology.value(term, RDFS.comment), term
        if (term, RDF.type, rdflib.OWL.ObjectProperty) in ontology or (
            term,
            RDF.type,
            rdflib.OWL.DatatypeProperty,
        ) in ontology:
            assert ontology.value(term, RDFS.domain) and ontology.value(term, RDFS.range), term
    assert (KG.Group, RDFS.subClassOf, rdflib.URIRef("https://schema.org/Organization")) in ontology
    assert (KG.Commitment, RDFS.subClassOf, rdflib.URIRef("https://schema.org/Claim")) in ontology
    assert {s for s in ontology.subjects(RDF.type, KG.StatementKind)} == {
        KG.direct,
        KG.partial,
        KG.mixed,
        KG.indirect,
    }
    assert list(ontology.subjects(RDF.type, rdflib.OWL.Ontology))
