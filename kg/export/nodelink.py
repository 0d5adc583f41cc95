"""Node-link JSON: the networkx graph itself, as `nx.node_link_data(graph, edges="edges")` gives it.

One writer for every node-link file kg writes: a build's graph.json (what `kg.load` reads) and
`kg export --format nodelink` (the same, with a "generator" key first, by which the next export
recognises its own file). A node and an edge a line, keys sorted, so the whole document is never
one string in memory (it was a build's peak at 5x the corpus) and one graph always gives the same
bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from kg.export.jsonstream import JsonArrayWriter, dumps

if TYPE_CHECKING:
    import networkx as nx

EDGES_KEY = "edges"  # networkx's future default; "links" before networkx 3.4


def write_node_link(graph: nx.MultiDiGraph, out: TextIO, *, generator: str | None = None) -> None:
    """`graph` as node-link JSON into `out`; `generator`, if given, is the value of a first key."""
    head = f"{dumps('generator')}: {dumps(generator)}, " if generator is not None else ""
    out.write(
        f'{{{head}"directed": {dumps(graph.is_directed())}, "graph": {dumps(graph.graph)}, '
        f'"multigraph": {dumps(graph.is_multigraph())},\n"nodes": '
    )
    nodes = JsonArrayWriter(out)
    for node, data in graph.nodes(data=True):
        nodes.add({**data, "id": node})
    nodes.close()
    out.write(f",\n{dumps(EDGES_KEY)}: ")
    edges = JsonArrayWriter(out)
    for u, v, key, data in graph.edges(keys=True, data=True):
        edges.add({**data, "source": u, "target": v, "key": key})
    edges.close()
    out.write("}\n")


def read_node_link(path: str | Path) -> nx.MultiDiGraph:
    """A node-link JSON file (graph.json, `kg export --format nodelink`) as a MultiDiGraph."""
    import networkx as nx

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return nx.node_link_graph(data, edges=EDGES_KEY)
