"""The interactive HTML view: one self-contained, offline page of the graph, drawn by vis-network.

`write_html(graph, path, view=...)` renders the networkx MultiDiGraph of `kg.graph` (read its schema
there) as `graph.html`. Two views:
- "full": every node (actors, statements, commitments, documents, posts) and every edge;
- "actors": actors only; statements and commitments become labelled edges
  (said about: speaker -> mentioned actor, pledged to: committer -> recipient,
  member of: person -> organisation).
"auto" (what `kg build` uses by default) is "full" up to FULL_VIEW_MAX_NODES nodes, else "actors".

Why it looks the way it does:
- Offline: pyvis assembles the vis-network node/edge data and ships vis-network, which we inline;
  pyvis' own template links Bootstrap from a CDN, so we render our own template (kg/data/html_*).
- Fast: the layout is computed here (fixed seed, rounded coordinates) and physics is off, so the
  browser only draws; 2,000 nodes are interactive in well under two seconds.
- Deterministic: nodes and edges sorted, explicit edge ids, JSON with sorted keys, no clock or
random
  value anywhere, so the same graph gives byte-identical pages.
- Safe: article text travels only as JSON data (every `<`, `>`, `&` escaped, so no `</script>`), and
  the page turns it into DOM text nodes (textContent); nothing from an article reaches innerHTML,
  and no node carries a pyvis `title`, so pyvis' "href" HTML-popup mode can never switch on.
"""

from __future__ import annotations

import html
import json
import math
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg.filenames import GRAPH_HTML
from kg.paths import DATA_DIR

VIEWS = ("full", "actors", "auto")
# "auto" draws every node up to this many, else the actor view: 2,000 nodes are interactive in
# ~1.5 s (bench/html.py), and a page of every node of thousands of articles (80k nodes at 25x the
# Guardian corpus) would be ~90 MB that no browser lays out; the actors stay a few thousand.
FULL_VIEW_MAX_NODES = 6_000
# Co-occurrence edges (up to 20 an actor) would bury the facts the page is for; the SPARQL query and
# the table exports carry them.
UNDRAWN_RELATIONS = frozenset({"cooccurs"})
LAYOUT_SEED = 7
# networkx's default. Each iteration is a dense n x n step over the core (about 7 ms at 400 nodes);
# the 178-article page drawn with 80 looked the same as with 50 and took 0.23 s more.
LAYOUT_ITERATIONS = 50
# spring_layout needs scipy from 500 nodes on; the rest is placed around its laid-out neighbours.
CORE_LIMIT = 400
TEXT_LIMIT = 400  # longest quote or sentence shown in one tooltip line
LIST_LIMIT = 12  # most quotes/pledges listed under one actor or edge

# category -> (vis shape, colour, legend text). Shapes keep the label outside, so size can show
# degree.
CATEGORY_STYLE: dict[str, tuple[str, str, str]] = {
    "Person": ("dot", "#4e79a7", "Person"),
    "Organization": ("square", "#59a14f", "Organization"),
    "Country": ("diamond", "#e15759", "Country"),
    "Group": ("hexagon", "#b07aa1", "Group"),
    "Actor": ("dot", "#9d7660", "Other actor"),
    "statement": ("dot", "#f28e2b", "Statement"),
    "commitment": ("triangle", "#d4a017", "Commitment"),
    "document": ("square", "#8c8c8c", "Document"),
    "post": ("triangleDown", "#76b7b2", "Post"),
}
RELATION_COLOUR = {
    "said about": "#f28e2b",
    "pledged to": "#d4a017",
    "member of": "#76b7b2",
    "creator": "#f28e2b",
    "committer": "#d4a017",
    "recipient": "#b8860b",
    "asserted_by": "#c9b458",
}
EDGE_COLOUR = "#c8c8c8"
ACTOR_CATEGORIES = ("Person", "Organization", "Country", "Group", "Actor")
BIG_GRAPH = 500  # nodes; above it statements, commitments and posts are drawn without a label
SILENT_ON_BIG_GRAPHS = ("statement", "commitment", "post")


# ---------------------------------------------------------------- the view: plain data, no vis yet


@dataclass
class ViewNode:
    id: str
    label: str
    category: str
    info: str  # plain text: tooltip and details panel
    degree: int
    names: list[str] = field(default_factory=list)  # what the search box matches


@dataclass
class ViewEdge:
    source: str
    target: str
    relation: str
    info: str
    label: str = ""
    count: int = 1


def _clip(text: object, limit: int = TEXT_LIMIT) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _targets(graph: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    # The adjacency itself (target -> {key: data}): each neighbour once, no edge views built.
    return sorted(v for v, keys in graph.succ[node].items() if relation in keys)


def _sources(graph: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    return sorted(u for u, keys in graph.pred[node].items() if relation in keys)


def _label(graph: nx.MultiDiGraph, node: str) -> str:
    return str(graph.nodes[node].get("label") or node)


def _names(graph: nx.MultiDiGraph, nodes: list[str]) -> str:
    return "; ".join(_label(graph, n) for n in nodes)


def _category(attrs: dict) -> str:
    kind = attrs.get("kind", "")
    if kind == "actor":
        return attrs.get("type") if attrs.get("type") in CATEGORY_STYLE else "Actor"
    return kind if kind in CATEGORY_STYLE else "document"


def _document_line(graph: nx.MultiDiGraph, doc: str) -> str:
    attrs = graph.nodes[doc] if doc in graph else {}
    title = attrs.get("title") or attrs.get("label") or doc
    date = attrs.get("published")
    return _clip(f"{title} ({date})" if date else title, 200)


def _evidence_lines(graph: nx.MultiDiGraph, attrs: dict) -> list[str]:
    lines = []
    for ev in (attrs.get("evidence") or [])[:3]:
        lines.append(f"Evidence: “{_clip(ev.get('exact'))}”")
        lines.append(
            f"  in {_document_line(graph, ev.get('document', ''))} [{ev.get('rule')}, "
            f"{ev.get('confidence')}]"
        )
    return lines


def _amount(attrs: dict) -> str:
    if attrs.get("amount") is None:
        return ""
    bound = f"{attrs['amount_bound']} " if attrs.get("amount_bound") else ""
    amount = attrs["amount"]
    number = (
        f"{amount:,.0f}"
        if isinstance(amount, (int, float)) and float(amount).is_integer()
        else str(amount)
    )
    return f"{bound}{number} {attrs.get('currency') or ''}".strip()


def _commitment_summary(attrs: dict) -> str:
    parts = [str(attrs.get("status") or "commitment"), _clip(attrs.get("item"), 120)]
    if amount := _amount(attrs):
        parts.append(amount)
    return " · ".join(p for p in parts if p)


# (relation, line label, whether the line is there, as "unknown", when the node has no such edge)
COMMITMENT_ROLES = (
    ("committer", "Committed by", True),
    ("recipient", "To", False),
    ("asserted_by", "Reported by", False),
)


def _role_lines(
    graph: nx.MultiDiGraph, node: str, roles: tuple[tuple[str, str, bool], ...]
) -> list[str]:
    """A line per role naming the actors the node's edges of that relation point to."""
    lines = []
    for relation, label, always in roles:
        targets = _targets(graph, node, relation)
        if always:
            lines.append(f"{label}: {_names(graph, targets) or 'unknown'}")
        elif targets:
            lines.append(f"{label}: {_names(graph, targets)}")
    return lines


def _source_lines(graph: nx.MultiDiGraph, node: str) -> list[str]:
    return [f"Source: {_document_line(graph, doc)}" for doc in _targets(graph, node, "source")]


def _describe_statement(graph: nx.MultiDiGraph, node: str, attrs: dict) -> list[str]:
    lines = [
        f"Statement ({attrs.get('statement_kind') or 'quote'})",
        f"“{_clip(attrs.get('text'))}”",
    ]
    lines += _role_lines(graph, node, (("creator", "Speaker", True), ("mentions", "About", False)))
    lines += _source_lines(graph, node)
    if attrs.get("cue"):
        lines.append(f"Cue: {attrs['cue']}")
    return lines + _evidence_lines(graph, attrs)


def _describe_commitment(graph: nx.MultiDiGraph, node: str, attrs: dict) -> list[str]:
    lines = [
        f"Commitment ({attrs.get('commitment_kind') or 'pledge'}), status: "
        f"{attrs.get('status') or 'unknown'}"
    ]
    lines.append(f"Item: {_clip(attrs.get('item'), 200)}")
    if amount := _amount(attrs):
        lines.append(f"Amount: {amount}")
    if attrs.get("quantity") is not None:
        lines.append(f"Quantity: {attrs['quantity']} {attrs.get('unit') or ''}".rstrip())
    for extra in attrs.get("other_amounts") or []:
        lines.append("Also: " + " ".join(str(x) for x in extra if x is not None))
    lines += _role_lines(graph, node, COMMITMENT_ROLES)
    lines += _source_lines(graph, node)
    if attrs.get("text"):
        lines.append(f"Text: “{_clip(attrs['text'])}”")
    return lines + _evidence_lines(graph, attrs)


def _describe_document(graph: nx.MultiDiGraph, node: str, attrs: dict) -> list[str]:
    lines = [f"Document: {_clip(attrs.get('title') or attrs.get('label'), 200)}"]
    for key, name in (
        ("published", "Published"),
        ("author", "Author"),
        ("publisher", "Publisher"),
        ("url", "URL"),
    ):
        if attrs.get(key):
            lines.append(f"{name}: {_clip(attrs[key], 200)}")
    statements = sum(1 for keys in graph.pred[node].values() if "source" in keys)
    lines.append(
        f"Mentions {len(_targets(graph, node, 'mentions'))} actors; {statements} "
        "statements/commitments"
    )
    return lines


def _describe_post(graph: nx.MultiDiGraph, node: str, attrs: dict) -> list[str]:
    lines = [f"Post: {_clip(attrs.get('title') or attrs.get('label'), 200)}"]
    lines += _role_lines(graph, node, (("member", "Held by", True), ("organization", "In", False)))
    return lines + _evidence_lines(graph, attrs)


def _describe_actor(graph: nx.MultiDiGraph, node: str, attrs: dict) -> list[str]:
    lines = [f"{attrs.get('name') or attrs.get('label')} ({attrs.get('type') or 'actor'})"]
    if attrs.get("aliases"):
        lines.append(f"Also: {_clip(', '.join(attrs['aliases']), 200)}")
    if attrs.get("wikidata"):
        lines.append(f"Wikidata: {attrs['wikidata']}")
    posts = [graph.nodes[p].get("label") for p in _sources(graph, node, "member")]
    if posts:
        lines.append(f"Posts: {_clip('; '.join(map(str, posts)), 200)}")
    said = _sources(graph, node, "creator")
    if said:
        lines.append(f"Said ({len(said)}):")
        lines += [f"  “{_clip(graph.nodes[s].get('text'), 200)}”" for s in said[:LIST_LIMIT]]
    pledged = _sources(graph, node, "committer")
    if pledged:
        lines.append(f"Pledged ({len(pledged)}):")
        lines += [f"  {_commitment_summary(graph.nodes[c])}" for c in pledged[:LIST_LIMIT]]
    received = _sources(graph, node, "recipient")
    if received:
        lines.append(f"Pledged to them: {len(received)}")
    docs = _sources(graph, node, "mentions")
    lines.append(
        f"Mentioned in {sum(1 for d in docs if graph.nodes[d].get('kind') == 'document')} documents"
    )
    return lines


DESCRIBE = {
    "statement": _describe_statement,
    "commitment": _describe_commitment,
    "document": _describe_document,
    "post": _describe_post,
    "actor": _describe_actor,
}


def describe(graph: nx.MultiDiGraph, node: str) -> str:
    """The plain-text description of one node: its tooltip and its details panel."""
    attrs = graph.nodes[node]
    describe_kind = DESCRIBE.get(attrs.get("kind"), lambda g, n, a: [_label(g, n)])
    return "\n".join(describe_kind(graph, node, attrs))


def _short_label(graph: nx.MultiDiGraph, node: str) -> str:
    attrs = graph.nodes[node]
    return _clip(attrs.get("label") or node, 60 if attrs.get("kind") == "actor" else 32)


def _view_node(graph: nx.MultiDiGraph, node: str, degree: int) -> ViewNode:
    attrs = graph.nodes[node]
    names = [str(attrs.get("label") or node)]
    if attrs.get("kind") == "actor":
        names += [str(a) for a in attrs.get("aliases") or []]
    return ViewNode(
        node, _short_label(graph, node), _category(attrs), describe(graph, node), degree, names
    )


def _degree(graph: nx.MultiDiGraph, node: str) -> int:
    """Edges the page draws at `node` (its size)."""
    ends = (*graph.succ[node].values(), *graph.pred[node].values())
    return sum(1 for keys in ends for key in keys if key not in UNDRAWN_RELATIONS)


def full_view(graph: nx.MultiDiGraph) -> tuple[list[ViewNode], list[ViewEdge]]:
    nodes = [_view_node(graph, n, _degree(graph, n)) for n in sorted(graph.nodes)]
    edges = [
        ViewEdge(u, v, str(data.get("relation") or key), str(data.get("relation") or key))
        for u, v, key, data in sorted(
            graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))
        )
        if key not in UNDRAWN_RELATIONS
    ]
    return nodes, edges


class _Lines:
    """The first LIST_LIMIT lines of an edge's evidence and how many there were: the page shows no
    more, and keeping every quote of a large corpus grew with it."""

    def __init__(self):
        self.kept: list[str] = []
        self.count = 0

    def append(self, line: str) -> None:
        self.count += 1
        if len(self.kept) < LIST_LIMIT:
            self.kept.append(line)


# kind -> (relation to the first actor, relation to the second, the actor-to-actor edge they make)
ACTOR_LINKS = {
    "statement": ("creator", "mentions", "said about"),
    "commitment": ("committer", "recipient", "pledged to"),
    "post": ("member", "organization", "member of"),
}


def _link_line(graph: nx.MultiDiGraph, node: str, attrs: dict) -> str:
    """The line of evidence a statement, commitment or post gives the actor edge it makes."""
    kind = attrs.get("kind")
    if kind == "statement":
        return (
            f"“{_clip(attrs.get('text'), 200)}” ({_names(graph, _targets(graph, node, 'source'))})"
        )
    if kind == "commitment":
        return f"{_commitment_summary(attrs)} ({_names(graph, _targets(graph, node, 'source'))})"
    return str(attrs.get("title") or attrs.get("label"))


def actor_view(graph: nx.MultiDiGraph) -> tuple[list[ViewNode], list[ViewEdge]]:
    actors = sorted(n for n, a in graph.nodes(data=True) if a.get("kind") == "actor")
    # (source, target, relation) -> lines of evidence for the edge
    links: dict[tuple[str, str, str], _Lines] = defaultdict(_Lines)
    for node, attrs in sorted(graph.nodes(data=True)):
        if (link := ACTOR_LINKS.get(attrs.get("kind"))) is None:
            continue
        from_relation, to_relation, relation = link
        line = _link_line(graph, node, attrs)
        for u in _targets(graph, node, from_relation):
            for v in _targets(graph, node, to_relation):
                if u != v:
                    links[(u, v, relation)].append(line)
    edges = []
    for (u, v, relation), lines in sorted(links.items()):
        head = f"{_label(graph, u)} — {relation} — {_label(graph, v)}"
        more = lines.count - len(lines.kept)
        shown = [f"  {line}" for line in lines.kept] + ([f"  … and {more} more"] if more else [])
        label = relation if lines.count == 1 else f"{relation} ×{lines.count}"
        edges.append(
            ViewEdge(u, v, relation, "\n".join([head, *shown]), label=label, count=lines.count)
        )
    nodes = [_view_node(graph, n, _degree(graph, n)) for n in actors]
    return nodes, edges


# ---------------------------------------------------------------- layout (Python, fixed seed)


def _sunflower(centre: tuple[float, float], index: int, *, step: float) -> tuple[float, float]:
    # Golden-angle spiral: children of one parent spread evenly without overlapping.
    angle = index * 2.399963229728653
    radius = step * math.sqrt(index + 1.5)
    return centre[0] + radius * math.cos(angle), centre[1] + radius * math.sin(angle)


def layout(
    nodes: list[ViewNode], edges: list[ViewEdge], *, seed: int = LAYOUT_SEED
) -> dict[str, tuple[int, int]]:
    """Integer coordinates for every node: a spring layout of the best-connected actors and
    documents (at most CORE_LIMIT, numpy only), every other node placed on a spiral around a
    laid-out neighbour, and components with no laid-out node packed in rows below."""
    undirected = nx.Graph()
    undirected.add_nodes_from(
        n.id for n in nodes
    )  # nodes arrive sorted: the order is part of the seed
    undirected.add_edges_from(
        sorted({tuple(sorted((e.source, e.target))) for e in edges if e.source != e.target})
    )
    anchor = {
        n.id: n.category in CATEGORY_STYLE and n.category not in ("statement", "commitment", "post")
        for n in nodes
    }
    priority = sorted(undirected, key=lambda n: (not anchor[n], -undirected.degree(n), n))
    core = [n for n in priority if undirected.degree(n) > 0][:CORE_LIMIT]
    spread = 60.0 * math.sqrt(len(nodes) + 4)
    positions: dict[str, tuple[float, float]] = {}
    if len(core) == 1:
        positions[core[0]] = (0.0, 0.0)
    elif core:
        from threadpoolctl import threadpool_limits

        # Built node by node in `core` order: a subgraph view iterates its nodes through a set,
        # whose order for strings changes with every process's hash seed, and the spring layout
        # depends on node order.
        sub = nx.Graph()
        sub.add_nodes_from(core)
        sub.add_edges_from(sorted(tuple(sorted(e)) for e in undirected.subgraph(core).edges()))
        # One BLAS thread: multi-threaded matrix products need not sum in the same order each run.
        with threadpool_limits(limits=1):
            laid = nx.spring_layout(
                sub, seed=seed, method="force", iterations=LAYOUT_ITERATIONS, scale=spread
            )
        positions.update({n: (float(x), float(y)) for n, (x, y) in laid.items()})

    children: dict[str, int] = defaultdict(int)

    def grow(frontier: list[str]) -> None:
        # Breadth-first from placed nodes: each new node orbits the first placed neighbour found.
        queue = deque(frontier)
        while queue:
            parent = queue.popleft()
            for child in sorted(undirected.neighbors(parent)):
                if child not in positions:
                    positions[child] = _sunflower(positions[parent], children[parent], step=22.0)
                    children[parent] += 1
                    queue.append(child)

    grow(core)
    # Whatever is left is not connected to the core: pack its components in rows below the drawing.
    rest = [n for n in priority if n not in positions]
    if rest:
        ys = [p[1] for p in positions.values()] or [0.0]
        left, width = -spread, 2 * spread if positions else 800.0
        x, y, row_height = left, max(ys) + 120.0, 0.0
        for root in rest:
            if root in positions:
                continue
            size = len(nx.node_connected_component(undirected, root))
            cell = 70.0 + 45.0 * math.sqrt(size)
            if x + cell > left + max(width, cell):
                x, y, row_height = left, y + row_height, 0.0
            positions[root] = (x + cell / 2, y + cell / 2)
            x, row_height = x + cell, max(row_height, cell)
            grow([root])
    return {n: (round(p[0]), round(p[1])) for n, p in positions.items()}


# ---------------------------------------------------------------- vis-network data via pyvis


def _node_size(node: ViewNode) -> int:
    if node.category in ("statement", "post"):
        return 7
    if node.category in ("commitment", "document"):
        return 9
    return min(48, round(10 + 4 * math.sqrt(node.degree)))


def _options(*, edge_count: int, edge_labels: bool) -> dict:
    # Software-rendered canvases redraw thousands of edges slowly: on big graphs no hover
    # highlighting (tooltips still show) and no edges while dragging or zooming.
    big = edge_count > 1500
    edges: dict = {
        "smooth": False,
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
        "color": {"color": EDGE_COLOUR, "inherit": False},
        "width": 1,
    }
    if edge_labels:
        edges["font"] = {"size": 10, "align": "middle", "color": "#555555"}
    return {
        "physics": {"enabled": False},  # the layout is final: the browser only draws
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": False},
        "interaction": {
            "hover": not big,
            "tooltipDelay": 120,
            "multiselect": False,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
        },
        "nodes": {"borderWidth": 1, "font": {"size": 10, "face": "sans-serif"}},
        "edges": edges,
    }


class _NodeIds(list):
    """pyvis keeps node ids in a list and tests `in` on it for every node and both ends of every
    edge: quadratic, 1.3 s of a 178-article page and hours at 100k nodes. The same list, with O(1)
    `in`."""

    def __init__(self):
        super().__init__()
        self._members: set = set()

    def append(self, item) -> None:
        super().append(item)
        self._members.add(item)

    def __contains__(self, item) -> bool:
        return item in self._members


def _vis_data(
    nodes: list[ViewNode],
    edges: list[ViewEdge],
    positions: dict[str, tuple[int, int]],
    *,
    view: str,
) -> dict:
    from pyvis.network import Network  # imported here so `kg --help` does not pay for it

    net = Network(directed=True, cdn_resources="in_line")
    net.node_ids = _NodeIds()
    for n in nodes:
        shape, colour, _ = CATEGORY_STYLE[n.category]
        x, y = positions[n.id]
        # Only actors carry their own font: every per-node option costs vis-network time.
        font = {"font": {"size": 14}} if n.category in ACTOR_CATEGORIES else {}
        net.add_node(
            n.id,
            label=n.label or n.id,
            shape=shape,
            color=colour,
            size=_node_size(n),
            x=x,
            y=y,
            category=n.category,
            info=n.info,
            names=n.names,
            **font,
        )
    for i, e in enumerate(edges):
        extra = (
            {"label": e.label, "width": round(min(6.0, 1 + math.log2(e.count)), 2)}
            if e.label
            else {}
        )
        net.add_edge(
            e.source,
            e.target,
            id=f"e{i}",
            relation=e.relation,
            info=e.info,
            color=RELATION_COLOUR.get(e.relation, EDGE_COLOUR),
            **extra,
        )
    net.options = _options(edge_count=len(edges), edge_labels=view == "actors")
    vis_nodes, vis_edges, _, _, _, _ = net.get_network_data()
    for item in vis_nodes:
        item["heading"] = item["label"]  # the panel's and search list's name for the node
        if item["category"] in SILENT_ON_BIG_GRAPHS and len(vis_nodes) > BIG_GRAPH:
            del item["label"]  # thousands of canvas labels cost draw time and are unreadable anyway
    for item in vis_edges:
        item.pop("arrows", None)  # pyvis sets it on every edge; the global option already does
    # A pyvis title containing "href" would switch its template to an innerHTML popup; we never set
    # one.
    assert not any("title" in item for item in vis_nodes + vis_edges)
    shown = {n.category for n in nodes}
    relations = sorted({e.relation for e in edges}) if view == "actors" else []
    return {
        "view": view,
        "nodes": vis_nodes,
        "edges": vis_edges,
        "options": net.options,
        "legend": [
            [cat, shape, colour, text]
            for cat, (shape, colour, text) in CATEGORY_STYLE.items()
            if cat in shown
        ],
        "edgeLegend": [[r, RELATION_COLOUR.get(r, EDGE_COLOUR)] for r in relations],
    }


# ---------------------------------------------------------------- the page


def _script_json(data: object) -> str:
    """JSON that is safe inside a <script> element: no `<`, `>` or `&` survives, so article text can
    neither close the element (`</script>`) nor open a comment; JSON.parse restores them."""
    text = json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def _asset(path: Path, *, element: str) -> str:
    text = path.read_text(encoding="utf-8")
    # Inlined code must not end its own element early.
    if f"</{element}" in text.lower() or "<!--" in text:
        raise ValueError(f"{path.name} cannot be inlined in <{element}>")
    return text


def _vis_asset(name: str, *, element: str) -> str:
    import pyvis

    return _asset(
        Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2" / name,
        element=element,
    )


def chosen_view(graph: nx.MultiDiGraph, view: str) -> str:
    """ "full" or "actors": `view` itself, or for "auto" full up to FULL_VIEW_MAX_NODES nodes."""
    if view != "auto":
        return view
    return "full" if graph.number_of_nodes() <= FULL_VIEW_MAX_NODES else "actors"


def render_html(graph: nx.MultiDiGraph, *, view: str = "full") -> str:
    """The page as a string (see write_html)."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}: choose one of {', '.join(VIEWS)}")
    view = chosen_view(graph, view)
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup

    nodes, edges = full_view(graph) if view == "full" else actor_view(graph)
    positions = layout(nodes, edges)
    data = _vis_data(nodes, edges, positions, view=view)
    env = Environment(
        loader=FileSystemLoader(str(DATA_DIR)),
        autoescape=select_autoescape(default=True),
        keep_trailing_newline=True,
    )
    template = env.get_template("html_template.html")
    counts = f"{len(nodes):,} nodes, {len(edges):,} edges"
    return template.render(
        title=f"kg — {'actors' if view == 'actors' else 'who said what, who pledged what'} "
        f"({counts})",
        vis_js=Markup(_vis_asset("vis-network.min.js", element="script")),
        view_css=Markup(_asset(DATA_DIR / "html_view.css", element="style")),
        view_js=Markup(_asset(DATA_DIR / "html_view.js", element="script")),
        data_json=Markup(_script_json(data)),
    )


def write_html(graph: nx.MultiDiGraph, path: str | Path, *, view: str = "full") -> None:
    """Write the offline, self-contained interactive page of `graph` to `path` as UTF-8.

    view="full" draws every node; view="actors" draws actors linked by said about / pledged to /
    member of edges. The same graph always gives the same bytes."""
    page = render_html(graph, view=view)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(page.encode("utf-8"))  # bytes: no platform newline translation


# ---------------------------------------------------------------- notebooks


class HtmlView:
    """The page shown inline in Jupyter, VS Code and Colab: an iframe whose `srcdoc` holds the whole
    page, HTML-escaped (no file server, no IFrame to a path the notebook front end cannot reach)."""

    def __init__(self, page: str, *, height: int = 640):
        self.page = page
        self.height = height

    @classmethod
    def from_file(cls, path: str | Path, *, height: int = 640) -> HtmlView:
        return cls(Path(path).read_text(encoding="utf-8"), height=height)

    @classmethod
    def from_graph(
        cls, graph: nx.MultiDiGraph, *, view: str = "full", height: int = 640
    ) -> HtmlView:
        return cls(render_html(graph, view=view), height=height)

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.page, quote=True)}" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #ddd" '
            'sandbox="allow-scripts" title="kg graph view"></iframe>'
        )


def show(out_dir: str | Path, *, name: str = GRAPH_HTML, height: int = 640) -> HtmlView:
    """The view of a build directory, inline in a notebook: `kg.show("output")`."""
    page = Path(out_dir) / name
    if not page.exists():
        raise FileNotFoundError(
            f"no {name} in {out_dir}: run `kg build INPUT... --out {out_dir}` first"
        )
    return HtmlView.from_file(page, height=height)
