"""The graph stage's derived co-occurrence pairs: counts, each actor's strongest partners, ties."""

from __future__ import annotations

import networkx as nx
import pytest

from kg.graph import add_cooccurrences


def mentions_graph(articles: list[str]) -> nx.MultiDiGraph:
    """One document per string; each letter is an actor it mentions."""
    graph = nx.MultiDiGraph()
    for n, actors in enumerate(articles):
        graph.add_node(f"doc{n}", kind="document")
        for actor in actors:
            graph.add_node(actor, kind="actor")
            graph.add_edge(f"doc{n}", actor, key="mentions", relation="mentions")
    return graph


def pairs(graph: nx.MultiDiGraph) -> dict[tuple[str, str], int]:
    return {
        (u, v): n for u, v, key, n in graph.edges(keys=True, data="articles") if key == "cooccurs"
    }


@pytest.mark.parametrize(
    ("articles", "partners", "min_articles", "expected"),
    [
        (["ab", "ab", "bc"], 5, 1, {("a", "b"): 2, ("b", "c"): 1}),
        (["ab", "ab", "bc"], 5, 2, {("a", "b"): 2}),  # one shared article is not enough
        (["a", "b"], 5, 1, {}),  # no article names two actors
        (
            ["abc"],
            1,
            1,
            {("a", "b"): 1, ("a", "c"): 1},
        ),  # a's, b's and c's strongest partner, ties by name
        (
            ["ab", "ab", "ac", "bc"],
            1,
            1,
            {("a", "b"): 2, ("a", "c"): 1},
        ),  # c keeps its strongest, a tie
        (
            ["abcd", "ab", "cd"],
            1,
            1,
            {("a", "b"): 2, ("c", "d"): 2},
        ),  # strongest first, not the first in order
        (
            ["abc", "abc", "ab"],
            1,
            2,
            {("a", "b"): 3, ("a", "c"): 2},
        ),  # c's strongest is a (tie with b, by name)
    ],
)
def test_each_actor_keeps_its_strongest_partners(articles, partners, min_articles, expected):
    graph = mentions_graph(articles)
    add_cooccurrences(graph, partners=partners, min_articles=min_articles)
    assert pairs(graph) == expected


def test_pairs_point_from_the_smaller_iri_and_do_not_touch_other_edges():
    graph = mentions_graph(["ba", "ab"])
    before = graph.number_of_edges()
    add_cooccurrences(graph, partners=20, min_articles=1)
    assert pairs(graph) == {("a", "b"): 2}
    assert graph.number_of_edges() == before + 1


def small_corpus():
    from kg.records import Actor, ActorMention, Corpus, DocRecords, Document, StatementRecord

    docs, actor_of = [], {}
    for n in range(3):
        text = "Rutte said NATO stands with Ukraine."
        rutte, nato, ukraine = (
            ActorMention(0, 5, "Rutte", "Person"),
            ActorMention(11, 15, "NATO", "Organization"),
            ActorMention(28, 35, "Ukraine", "Country"),
        )
        doc = Document(f"d{n}.txt", text)
        statement = StatementRecord(
            speaker=rutte,
            start_char=11,
            end_char=35,
            text=text[11:35],
            kind="indirect",
            cue="say",
            mentions=[nato, ukraine],
            rule="test",
        )
        docs.append(
            DocRecords(document=doc, mentions=[rutte, nato, ukraine], statements=[statement])
        )
        for mention, actor in ((rutte, "mark-rutte"), (nato, "nato"), (ukraine, "ukraine")):
            actor_of[(doc.id, mention.start_char, mention.end_char)] = actor
    actors = {
        a.id: a
        for a in (
            Actor("mark-rutte", "Mark Rutte", "Person"),
            Actor("nato", "NATO", "Organization"),
            Actor("ukraine", "Ukraine", "Country"),
        )
    }
    return Corpus(actors=actors, docs=docs, actor_of=actor_of)


def test_consuming_records_builds_the_same_graph_and_lets_them_go():
    from kg.graph import build_graph

    kept = build_graph(small_corpus())
    corpus = small_corpus()
    consumed = build_graph(corpus, consume_records=True)
    assert corpus.docs == []
    assert nx.utils.graphs_equal(kept, consumed)
    assert list(kept.nodes) == list(consumed.nodes) and list(kept.edges(keys=True)) == list(
        consumed.edges(keys=True)
    )
    assert pairs(kept) == {
        ("https://example.org/kg/id/actor/mark-rutte", "https://example.org/kg/id/actor/nato"): 3,
        (
            "https://example.org/kg/id/actor/mark-rutte",
            "https://example.org/kg/id/actor/ukraine",
        ): 3,
        ("https://example.org/kg/id/actor/nato", "https://example.org/kg/id/actor/ukraine"): 3,
    }


# ------------------------------------------------------------------ passages (kg.passages)

LONG = " ".join(f"Sentence number {n} is here." for n in range(200))  # ~5,600 characters


@pytest.mark.parametrize(
    ("text", "starts", "expected"),
    [
        ("Title\n\nFirst para.\n\nSecond one here.\n", [7], ["First para."]),
        (
            "Title\n\nFirst para.\n\nSecond one here.\n",
            [9, 20, 7],
            ["First para.", "Second one here."],
        ),
        ("One line only.", [4], ["One line only."]),
        ("  indented line  \nnext", [3], ["indented line"]),  # surrounding whitespace left out
        ("Title\n\nBody.", [6], []),  # a start on a blank line has no paragraph
        ("Body.", [-1, 99], []),  # offsets outside the text
    ],
)
def test_passages_are_the_paragraphs_holding_each_start(text, starts, expected):
    from kg.passages import passages

    found = passages(text, starts)
    assert [p[2] for p in found] == expected
    assert all(text[start:end] == exact for start, end, exact in found)


@pytest.mark.parametrize("at", [0, 40, 2_800, len(LONG) - 30])
def test_a_long_paragraph_gives_a_window_cut_at_sentences(at):
    from kg.passages import PASSAGE_LIMIT, passages

    ((start, end, exact),) = passages(LONG, [at])
    assert LONG[start:end] == exact and start <= at < end
    assert len(exact) <= PASSAGE_LIMIT
    assert exact.startswith("Sentence") and exact.endswith(".")


def test_document_passages_hold_every_evidence_start():
    from kg.graph import build_graph

    graph = build_graph(small_corpus())
    for _node, attrs in graph.nodes(data=True):
        if attrs["kind"] == "document":
            assert attrs["passages"] == [[0, 36, "Rutte said NATO stands with Ukraine."]]
    for _node, attrs in graph.nodes(data=True):
        for ev in attrs.get("evidence", []):
            assert any(s <= ev["start"] < e for s, e, _ in graph.nodes[ev["document"]]["passages"])


def test_seeds_passages_are_slices_of_the_text_holding_every_evidence(seeds_build):
    from kg.api import read_graph
    from kg.ingest import decode
    from tests.conftest import SEEDS

    graph = read_graph(seeds_build / "graph.json")
    documents = {n: a for n, a in graph.nodes(data=True) if a["kind"] == "document"}
    assert documents and all(a["passages"] for a in documents.values())
    for attrs in documents.values():
        path = SEEDS / attrs["identifier"]
        text, _encoding = decode(path.read_bytes(), str(path))
        assert all(text[start:end] == exact for start, end, exact in attrs["passages"])
    for _node, attrs in graph.nodes(data=True):
        for ev in attrs.get("evidence", []):
            held = documents[ev["document"]]["passages"]
            assert any(s <= ev["start"] < e for s, e, _ in held), ev


def test_passages_stay_out_of_rdf_graphml_and_tables(seeds_build):
    import pyoxigraph

    from kg.api import read_graph
    from kg.export.tables import scalar_graph

    graph = read_graph(seeds_build / "graph.json")
    said = {
        str(v)
        for _n, a in graph.nodes(data=True)
        for k, v in a.items()
        if k != "passages" and isinstance(v, str)
    } | {ev["exact"] for _n, a in graph.nodes(data=True) for ev in a.get("evidence", [])}
    passages = {
        p[2] for _n, a in graph.nodes(data=True) for p in a.get("passages", []) if p[2] not in said
    }
    assert passages
    with open(seeds_build / "graph.nt", "rb") as handle:
        literals = {
            t.object.value
            for t in pyoxigraph.parse(handle, format=pyoxigraph.RdfFormat.N_TRIPLES)
            if isinstance(t.object, pyoxigraph.Literal)
        }
    assert not passages & literals
    assert all("passages" not in a for _n, a in scalar_graph(graph).nodes(data=True))
