"""A stance through the graph, the RDF, the rows and the claims: its own kind of fact (kg:Stance, a
schema:Claim), never a statement (schema:Quotation), never counted as speech."""

from __future__ import annotations

import pytest

TEXT = "Rutte said NATO stands with Ukraine. Hungary opposed the new sanctions against Russia."
BASE = "https://example.org/kg/id/"


def corpus():
    from kg.records import (
        Actor,
        ActorMention,
        Corpus,
        DocRecords,
        Document,
        DocumentMeta,
        StanceRecord,
        StatementRecord,
    )

    rutte = ActorMention(0, 5, "Rutte", "Person")
    nato = ActorMention(11, 15, "NATO", "Organization")
    hungary = ActorMention(37, 44, "Hungary", "Country")
    russia = ActorMention(79, 85, "Russia", "Country")
    said = StatementRecord(rutte, 11, 35, TEXT[11:35], "indirect", "say", rule="clause.verb")
    stance = StanceRecord(
        holder=hungary,
        start_char=53,
        end_char=85,
        text=TEXT[53:85],
        kind="position",
        cue="oppose",
        cue_start=45,
        cue_end=52,
        mentions=[russia],
        rule="stance.position",
        confidence=0.55,
    )
    doc = Document("d.txt", TEXT, meta=DocumentMeta(published="2022-03-01"))
    records = DocRecords(
        document=doc,
        mentions=[rutte, nato, hungary, russia],
        statements=[said],
        stances=[stance],
    )
    ids = [(rutte, "mark-rutte"), (nato, "nato"), (hungary, "hungary"), (russia, "russia")]
    actors = {
        "mark-rutte": Actor("mark-rutte", "Mark Rutte", "Person"),
        "nato": Actor("nato", "NATO", "Organization"),
        "hungary": Actor("hungary", "Hungary", "Country"),
        "russia": Actor("russia", "Russia", "Country"),
    }
    actor_of = {("d.txt", m.start_char, m.end_char): a for m, a in ids}
    return Corpus(actors=actors, docs=[records], actor_of=actor_of)


@pytest.fixture(scope="module")
def graph():
    from kg.graph import build_graph

    return build_graph(corpus())


STANCE = BASE + "stance/d.txt/53-85"


def test_the_graph_has_a_stance_node_apart_from_statements(graph):
    data = graph.nodes[STANCE]
    assert (data["kind"], data["text"], data["stance_kind"], data["cue"], data["date"]) == (
        "stance",
        "the new sanctions against Russia",
        "position",
        "oppose",
        "2022-03-01",
    )
    edges = sorted((key, v) for _, v, key in graph.out_edges(STANCE, keys=True))
    assert edges == [
        ("holder", BASE + "actor/hungary"),
        ("mentions", BASE + "actor/russia"),
        ("source", BASE + "doc/d.txt"),
    ]
    # claims gather speech only: one claim, of Rutte's statement
    claims = [n for n, k in graph.nodes(data="kind") if k == "claim"]
    assert [graph.nodes[c]["text"] for c in claims] == ["NATO stands with Ukraine"]


def test_the_rdf_types_a_stance_kg_stance_never_a_quotation(graph):
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF

    from kg.export.rdf import to_rdf
    from kg.namespaces import KG, PROV, SCHEMA

    g = to_rdf(graph)
    stance = URIRef(STANCE)
    assert set(g.objects(stance, RDF.type)) == {KG.Stance}
    assert g.value(stance, SCHEMA.creator) == URIRef(BASE + "actor/hungary")
    assert g.value(stance, KG.stanceKind) == KG.position
    assert g.value(stance, KG.cue) == Literal("oppose")
    assert g.value(stance, SCHEMA.text) == Literal("the new sanctions against Russia")
    assert g.value(stance, KG.statementKind) is None
    assert g.value(stance, PROV.wasDerivedFrom) is not None
    assert set(g.subjects(RDF.type, SCHEMA.Quotation)) == {URIRef(BASE + "statement/d.txt/11-35")}


def test_rows_keep_stances_in_a_table_of_their_own(graph):
    from kg.rows import actor_rows, all_evidence_rows, stance_rows, statement_rows

    (row,) = stance_rows(graph)
    assert (row.holder, row.kind, row.cue, row.text, row.document, row.mentions) == (
        "Hungary",
        "position",
        "oppose",
        "the new sanctions against Russia",
        "d.txt",
        ("Russia",),
    )
    assert [r.speaker for r in statement_rows(graph)] == ["Mark Rutte"]
    counts = {a.name: (a.statements, a.stances) for a in actor_rows(graph)}
    assert counts["Hungary"] == (0, 1) and counts["Mark Rutte"] == (1, 0)
    assert {(e.fact_kind, e.rule) for e in all_evidence_rows(graph)} >= {
        ("stance", "stance.position")
    }


def test_the_explorer_lists_stances_apart(graph):
    from kg.export.html.explorer_data import explorer_payload

    data = explorer_payload(graph)
    assert len(data["statements"]) == 1 and len(data["stances"]) == 1
    row = data["stances"][0]
    assert row[8:11] == ["position", "oppose", "the new sanctions against Russia"]


def test_polnear_counts_stances_as_attributions_and_reads_speakers_from_statements():
    """The PolNeAR benchmark counts a stance as an attribution (PolNeAR annotates them), and
    scores a quotation's speaker on the statement of it, not on a stance it overlaps."""
    from kg.records import (
        Actor,
        ActorMention,
        Corpus,
        DocRecords,
        Document,
        StanceRecord,
        StatementRecord,
    )
    from kg.scoring.polnear import Article, GoldAttribution, score

    text = 'Ann Lee said "Bob Hart wants to win the race." Carl Day supports the new tax plan.'
    ann = ActorMention(0, 7, "Ann Lee", "Person")
    bob = ActorMention(14, 22, "Bob Hart", "Person")
    carl = ActorMention(47, 55, "Carl Day", "Person")
    # the statement covers less of the quotation than the stance inside it does
    said = StatementRecord(ann, 14, 28, text[14:28], "partial", "say", rule="quote.before")
    wants = StanceRecord(bob, 29, 44, text[29:44], "intention", "want", rule="stance.intention")
    supports = StanceRecord(carl, 65, 81, text[65:81], "position", "support")
    records = DocRecords(
        document=Document("a.txt", text),
        mentions=[ann, bob, carl],
        statements=[said],
        stances=[wants, supports],
    )
    actors = {k: Actor(k, n, "Person") for k, n in (("ann", "Ann Lee"), ("bob", "Bob Hart"))}
    actor_of = {("a.txt", 0, 7): "ann", ("a.txt", 14, 22): "bob"}
    gold = [
        GoldAttribution([(13, 46)], "Ann Lee", 0),  # the quotation, spoken by Ann Lee
        GoldAttribution([(65, 81)], "Carl Day", 47),  # Carl Day's stance
    ]
    scores = score([Article("a", text, gold)], [records], Corpus(actors, [records], actor_of))
    assert (scores.statements, scores.found_all, scores.covered_all) == (3, 2, 1)
    assert (scores.speaker_scored, scores.speaker_right) == (1, 1)
