"""The explorer page without a browser: offline, deterministic, safe page text; the payload the
page computes its views from; notebooks."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import networkx as nx
import pytest

from kg.export.html import HtmlView, explorer_payload, render_html, show, write_html
from tests.graph_kit import add_actor, add_commitment, add_document, add_post, add_statement, edge

BASE = "https://example.org/kg/id/"
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>alert(1)</script>"
XSS_URL = "javascript:alert(1)"


def _ev(doc: str, start: int, exact: str) -> list[dict]:
    return [
        {
            "document": doc,
            "start": start,
            "end": start + len(exact),
            "exact": exact,
            "rule": "test",
            "confidence": 0.9,
        }
    ]


def sample_graph() -> nx.MultiDiGraph:
    """A small graph following kg.graph's schema: every actor type, a statement by Mark Rutte,
    a commitment, a post, a document, and two hostile quotes."""
    g = nx.MultiDiGraph()
    doc = BASE + "document/d1"
    add_document(
        g,
        doc,
        "d1",
        title="NATO summit ends",
        published="2024-07-11",
        author="A. Writer",
        publisher="Example News",
        url="https://example.com/a",
    )
    actors = {
        "mark-rutte": ("Person", "Mark Rutte", ["Rutte"]),
        "nato": ("Organization", "NATO", ["North Atlantic Treaty Organization"]),
        "ukraine": ("Country", "Ukraine", []),
        "germany": ("Country", "Germany", []),
        "wagner": ("Group", "Wagner Group", []),
        "olaf-scholz": ("Person", "Olaf Scholz", []),
    }
    for slug_, actor in actors.items():
        add_actor(g, BASE + "actor/" + slug_, *actor)
        edge(g, doc, BASE + "actor/" + slug_, "mentions")
    rutte, nato, ukraine, germany, scholz = (
        BASE + "actor/" + s for s in ("mark-rutte", "nato", "ukraine", "germany", "olaf-scholz")
    )
    quote = "Ukraine's path to NATO membership is irreversible"
    hostile_doc = BASE + "document/d2"
    add_document(
        g, hostile_doc, "d2", title="Hostile " + XSS_IMG, url=XSS_URL, published="2024-07-12"
    )
    statements = {
        "s0": (scholz, "Germany would send more air defence soon", [ukraine]),
        "s1": (rutte, quote, [ukraine, nato]),
        "s2": (scholz, XSS_IMG + " is what they sent", [rutte]),
        "s3": (scholz, "we said " + XSS_SCRIPT + " href=x", []),
    }
    for i, (sid, (speaker, text, mentions)) in enumerate(sorted(statements.items())):
        node = BASE + "statement/" + sid
        said = _ev(doc, 100 * i, f"“{text},” he said.")
        source = hostile_doc if sid == "s3" else doc
        if sid == "s3":
            said = _ev(source, 0, f"“{text},” he said.")
        if sid == "s0":  # reported speech: the span is the reported clause itself
            said = _ev(source, 300, text)
        add_statement(g, node, text, cue="said", date="2024-07-11", evidence=said)
        if sid == "s0":
            g.nodes[node]["statement_kind"] = "indirect"
        edge(g, node, speaker, "creator")
        edge(g, node, source, "source")
        for m in mentions:
            edge(g, node, m, "mentions")
    cm = BASE + "commitment/c1"
    text = "Germany pledged five air defence systems"
    add_commitment(
        g,
        cm,
        ("military_aid", "pledged", "air defence systems"),
        text,
        _ev(doc, 400, text + " worth at least €500m"),
        cue="pledged",
        quantity=5,
        unit="systems",
        amount=500000000.0,
        currency="EUR",
        amount_bound="at least",
    )
    for target, relation in (
        (germany, "committer"),
        (ukraine, "recipient"),
        (rutte, "asserted_by"),
    ):
        edge(g, cm, target, relation)
    edge(g, cm, doc, "source")
    post = BASE + "post/rutte-nato-secretary-general"
    add_post(g, post, "Secretary General", _ev(doc, 500, "NATO Secretary General Mark Rutte"))
    edge(g, post, rutte, "member")
    edge(g, post, nato, "organization")
    return g


def payload(page: str) -> dict:
    match = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


class _Attrs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        self.urls += [v or "" for k, v in attrs if k in ("src", "href")]


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(sample_graph())


def test_page_is_offline(page):
    parser = _Attrs()
    parser.feed(page)
    assert not [u for u in parser.urls if re.match(r"\s*(https?:)?//", u, re.I)]
    assert not re.search(r"cdnjs|jsdelivr|unpkg|bootstrap", page, re.I)
    assert "vis.Network" in page  # vis-network inlined


def test_write_html_is_utf8_and_deterministic(tmp_path):
    graph = sample_graph()
    write_html(graph, tmp_path / "a" / "graph.html")
    shuffled = nx.MultiDiGraph()
    shuffled.add_nodes_from(reversed(list(graph.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(graph.edges(keys=True, data=True))))
    write_html(shuffled, tmp_path / "b.html")
    first = (tmp_path / "a" / "graph.html").read_bytes()
    assert first == (tmp_path / "b.html").read_bytes()
    assert "“" in first.decode("utf-8")


def test_hostile_text_cannot_leave_the_data_block(page):
    parser = _Attrs()
    parser.feed(page)
    assert page.lower().count("</script") == parser.scripts  # only our own closing tags
    assert XSS_IMG not in page and "<img" not in page.lower()
    texts = json.dumps(payload(page), ensure_ascii=False)
    assert json.dumps(XSS_IMG)[1:-1] in texts and json.dumps(XSS_SCRIPT)[1:-1] in texts


def test_payload_links_facts_to_actors_documents_and_spans(page):
    data = payload(page)
    actors = [a[1] for a in data["actors"]]
    documents = [d[1] for d in data["documents"]]
    by_text = {s[10]: s for s in data["statements"]}
    rutte = by_text["Ukraine's path to NATO membership is irreversible"]
    iri, date, doc, start, end, exact, speakers, about, manner, cue, _ = rutte
    assert iri.endswith("/statement/s1") and date == "2024-07-11"
    assert documents[doc] == "NATO summit ends" and (start, end) == (100, 100 + len(exact))
    assert exact.startswith("“Ukraine's path")  # the span differs from the text: it travels
    assert [actors[i] for i in speakers] == ["Mark Rutte"]
    assert sorted(actors[i] for i in about) == ["NATO", "Ukraine"]
    assert (manner, cue) == ("direct", "said")
    (commitment,) = data["commitments"]
    assert commitment[8] == "pledged" and commitment[11] == "air defence systems"
    assert commitment[12] == "at least 500,000,000 EUR"
    assert [actors[i] for i in commitment[6]] == ["Germany"]
    assert [actors[i] for i in commitment[7]] == ["Ukraine"]
    assert [actors[i] for i in commitment[14]] == ["Mark Rutte"]
    (post,) = data["posts"]
    assert post[2] == "Secretary General" and [actors[i] for i in post[1]] == ["NATO"]
    assert data["truncated"] is None


# A paragraph around Rutte's quote (read at 100 in d1): astral characters before it (offsets count
# code points, as Python does; a browser's strings count UTF-16 units) and markup as text.
RUTTE_SAID = "“Ukraine's path to NATO membership is irreversible,” he said."
AROUND_RUTTE = (
    "🇺🇦 " + XSS_IMG + " At the summit, Rutte spoke. " + RUTTE_SAID + " Leaders applauded."
)


def with_passage(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    start = 100 - AROUND_RUTTE.index(RUTTE_SAID)
    graph.nodes[BASE + "document/d1"]["passages"] = [
        [start, start + len(AROUND_RUTTE), AROUND_RUTTE]
    ]
    return graph


def test_documents_send_their_passages_as_start_and_text():
    data = explorer_payload(with_passage(sample_graph()))
    by_title = {d[1]: d for d in data["documents"]}
    ((start, text),) = by_title["NATO summit ends"][7]
    assert text == AROUND_RUTTE and text[100 - start :].startswith(RUTTE_SAID)
    assert by_title["Hostile " + XSS_IMG][7] == []  # none (an older graph.json): the page lists


def test_statements_are_listed_by_article_date_then_position():
    statements = explorer_payload(sample_graph())["statements"]
    keys = [(s[1], s[2], s[3]) for s in statements]
    assert keys == sorted(keys)


def test_past_what_one_file_holds_the_most_active_actors_facts_are_kept():
    graph = sample_graph()
    data = explorer_payload(graph, max_facts=2)
    assert data["truncated"] == {"kept": 2, "total": 5}
    actors = [a[1] for a in data["actors"]]
    kept = {actors[i] for s in data["statements"] + data["commitments"] for i in s[6]}
    assert kept == {"Olaf Scholz"}  # three statements: the most active speaker
    assert len(data["actors"]) == 6  # every actor stays in the index


def test_unknown_view_is_refused():
    with pytest.raises(ValueError, match="unknown view"):
        render_html(sample_graph(), view="tree")


@pytest.mark.parametrize("view", ["auto", "full", "actors"])
def test_every_view_is_the_explorer(view):
    from kg.export.html import chosen_view

    assert chosen_view(nx.MultiDiGraph(), view) == "explorer"


def test_empty_graph_renders():
    data = payload(render_html(nx.MultiDiGraph()))
    assert data["actors"] == [] and data["statements"] == []


def test_notebook_view_is_an_escaped_srcdoc_iframe(tmp_path):
    write_html(sample_graph(), tmp_path / "graph.html")
    shown = show(tmp_path)._repr_html_()
    assert shown.startswith('<iframe srcdoc="') and "<script" not in shown and "&lt;script" in shown
    assert HtmlView.from_graph(sample_graph())._repr_html_().startswith("<iframe")
    with pytest.raises(FileNotFoundError):
        show(tmp_path / "missing")


def test_cooccurrence_edges_are_not_facts():
    graph = nx.MultiDiGraph()
    for actor in ("a", "b"):
        graph.add_node(actor, kind="actor", type="Person", label=actor, name=actor, aliases=[])
    graph.add_edge("a", "b", key="cooccurs", relation="cooccurs", articles=3)
    data = payload(render_html(graph))
    assert len(data["actors"]) == 2 and data["statements"] == [] and data["commitments"] == []


@pytest.mark.parametrize(
    ("kind", "iri", "document", "expected"),
    [
        ("statement", "statement/news.jsonl%23a1/17-90", "doc/news.jsonl%23a1", "/17-90"),
        ("commitment", "commitment/a1/17-90-0", "doc/a1", "/17-90-0"),
        ("statement", "statement/other/17-90", "doc/a1", BASE + "statement/other/17-90"),
        ("statement", "../x/1", "doc/a1", BASE + "../x/1"),
    ],
)
def test_fact_iris_travel_as_their_tail_after_the_document(kind, iri, document, expected):
    from kg.export.html.explorer_data import IriCodec

    codec = IriCodec(BASE + kind + "/", BASE + "doc/", [BASE + document])
    assert codec.encode(BASE + iri, 0) == expected
    if expected.startswith("/"):  # what the page does to put it back
        assert codec.fact_prefix + document[len("doc/") :] + expected == BASE + iri
