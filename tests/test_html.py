"""The HTML view without a browser: offline, deterministic, safe page text; both views;
notebooks."""

from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser

import networkx as nx
import pytest

from kg.export.html import HtmlView, actor_view, full_view, layout, render_html, show, write_html
from tests.graph_kit import add_actor, add_commitment, add_document, add_post, add_statement, edge

BASE = "https://example.org/kg/id/"
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "</script><script>alert(1)</script>"


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
    statements = {
        "s1": (rutte, quote, [ukraine, nato]),
        "s2": (scholz, XSS_IMG + " is what they sent", [rutte]),
        "s3": (scholz, "we said " + XSS_SCRIPT + " href=x", []),
    }
    for i, (sid, (speaker, text, mentions)) in enumerate(sorted(statements.items())):
        node = BASE + "statement/" + sid
        said = _ev(doc, 100 * i, f"“{text},” he said.")
        add_statement(g, node, text, cue="said", date="2024-07-11", evidence=said)
        edge(g, node, speaker, "creator")
        edge(g, node, doc, "source")
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


def test_every_node_and_edge_is_drawn_with_a_fixed_position(page):
    data = payload(page)
    graph = sample_graph()
    assert len(data["nodes"]) == graph.number_of_nodes()
    assert len(data["edges"]) == graph.number_of_edges()
    assert all(isinstance(n["x"], int) and isinstance(n["y"], int) for n in data["nodes"])
    assert data["options"]["physics"]["enabled"] is False
    assert len({n["id"] for n in data["nodes"]}) == len(data["nodes"])
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])


def test_hostile_text_cannot_leave_the_data_block(page):
    parser = _Attrs()
    parser.feed(page)
    assert page.lower().count("</script") == parser.scripts  # only our own closing tags
    assert XSS_IMG not in page and "<img" not in page.lower()
    data = payload(page)
    infos = "\n".join(n["info"] for n in data["nodes"])
    assert XSS_IMG in infos and XSS_SCRIPT in infos  # the text survives, as text
    # No pyvis title: its "href" check would switch to an innerHTML popup.
    assert not any("title" in item for item in data["nodes"] + data["edges"])


def test_tooltips_say_who_said_what_where(page):
    data = payload(page)
    info = {n["label"]: n["info"] for n in data["nodes"]}
    statement = next(
        n["info"]
        for n in data["nodes"]
        if n["category"] == "statement" and "irreversible" in n["info"]
    )
    assert "Speaker: Mark Rutte" in statement
    assert "Source: NATO summit ends (2024-07-11)" in statement and "Evidence: “" in statement
    commitment = next(n["info"] for n in data["nodes"] if n["category"] == "commitment")
    assert (
        "at least 500,000,000 EUR" in commitment
        and "status: pledged" in commitment
        and "To: Ukraine" in commitment
    )
    assert "irreversible" in info["Mark Rutte"] and "Secretary General" in info["Mark Rutte"]


def test_actor_view_turns_statements_and_commitments_into_labelled_edges():
    graph = sample_graph()
    nodes, edges = actor_view(graph)
    assert {n.category for n in nodes} == {"Person", "Organization", "Country", "Group"}
    by_relation = {
        (e.source.rsplit("/", 1)[1], e.relation, e.target.rsplit("/", 1)[1]) for e in edges
    }
    assert ("mark-rutte", "said about", "ukraine") in by_relation
    assert ("germany", "pledged to", "ukraine") in by_relation
    assert ("mark-rutte", "member of", "nato") in by_relation
    data = payload(render_html(graph, view="actors"))
    assert {e["label"] for e in data["edges"]} >= {"said about", "pledged to", "member of"}


def test_unknown_view_is_refused():
    with pytest.raises(ValueError, match="unknown view"):
        render_html(sample_graph(), view="tree")


def test_layout_is_fast_without_scipy_and_places_every_node():
    g = nx.MultiDiGraph()
    for i in range(300):
        g.add_node(
            f"a{i:04d}",
            kind="actor",
            label=f"Actor {i}",
            type="Person",
            name=f"Actor {i}",
            aliases=[],
        )
    for i in range(1700):
        s = f"s{i:04d}"
        g.add_node(s, kind="statement", label="q", text="q", evidence=[])
        g.add_edge(s, f"a{i % 250:04d}", key="creator", relation="creator")
    nodes, edges = full_view(g)
    started = time.perf_counter()
    positions = layout(nodes, edges)
    assert time.perf_counter() - started < 10
    assert set(positions) == set(g.nodes)
    assert len(set(positions.values())) > 1900  # nodes do not pile up on each other


def test_empty_graph_renders():
    assert payload(render_html(nx.MultiDiGraph()))["nodes"] == []


def test_notebook_view_is_an_escaped_srcdoc_iframe(tmp_path):
    write_html(sample_graph(), tmp_path / "graph.html")
    shown = show(tmp_path)._repr_html_()
    assert shown.startswith('<iframe srcdoc="') and "<script" not in shown and "&lt;script" in shown
    assert HtmlView.from_graph(sample_graph(), view="actors")._repr_html_().startswith("<iframe")
    with pytest.raises(FileNotFoundError):
        show(tmp_path / "missing")


def test_layout_of_a_large_graph_is_the_same_in_every_process(tmp_path):
    """A graph past the core limit: networkx iterates a small subgraph through a set, whose order
    for strings follows each process's hash seed; the layout must not."""
    import subprocess
    import sys

    script = tmp_path / "layout.py"
    script.write_text(
        "import hashlib, networkx as nx\n"
        "from kg.export import html\n"
        "g = nx.MultiDiGraph()\n"
        "for d in range(1500):\n"
        "    doc = f'https://example.org/kg/id/doc/d{d}'\n"
        "    g.add_node(doc, kind='document', label=f'd{d}', identifier=f'd{d}.txt')\n"
        "    for a in (d % 297, (d * 7) % 289, (d * 13) % 283):\n"
        "        actor = f'https://example.org/kg/id/actor/a{a}'\n"
        "        g.add_node(actor, kind='actor', label=f'a{a}', type='Person', name=f'a{a}', "
        "aliases=[], wikidata=None)\n"
        "        g.add_edge(doc, actor, key='mentions', relation='mentions')\n"
        "nodes, edges = html.full_view(g)\n"
        "layout = sorted(html.layout(nodes, edges).items())\n"
        "print(hashlib.md5(repr(layout).encode()).hexdigest())\n",
        encoding="utf-8",
    )
    outputs = {
        subprocess.run(
            [sys.executable, str(script)],
            capture_output=True,
            text=True,
            check=True,
            env={**__import__("os").environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


@pytest.mark.parametrize(
    ("nodes", "view", "expected"),
    [
        (10, "auto", "full"),
        (6_000, "auto", "full"),
        (6_001, "auto", "actors"),
        (6_001, "full", "full"),
        (10, "actors", "actors"),
    ],
)
def test_auto_view_draws_every_node_only_while_a_browser_can(nodes, view, expected):
    from kg.export.html import chosen_view

    graph = nx.MultiDiGraph()
    graph.add_nodes_from(range(nodes))
    assert chosen_view(graph, view) == expected


def test_cooccurrence_edges_stay_off_the_page():
    graph = nx.MultiDiGraph()
    for actor in ("a", "b"):
        graph.add_node(actor, kind="actor", type="Person", label=actor, name=actor, aliases=[])
    graph.add_edge("a", "b", key="cooccurs", relation="cooccurs", articles=3)
    page = render_html(graph)
    data = json.loads(
        re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', page, re.S).group(
            1
        )
    )
    assert len(data["nodes"]) == 2 and data["edges"] == []
