"""The Python API: `kg.load(out_dir)` gives a build back as networkx, rdflib, rows and DataFrames.

`graph.json` (node-link JSON of the networkx graph, schema in kg.graph) is the source of every
row, so rows, tables and graph exports agree node for node; `graph.nt` is parsed only when `.rdf`
or `.query` needs it. Every row carries the IRI of its node, so a table joins back to the RDF.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from kg.errors import MissingExtra, OutputMissing

if TYPE_CHECKING:
    import networkx as nx
    import rdflib

GRAPH_JSON = "graph.json"
GRAPH_NT = "graph.nt"
GRAPH_HTML = "graph.html"


# ------------------------------------------------------------------ rows


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """One place in one document a fact was read from (character offsets, end exclusive)."""

    fact_iri: str
    fact_kind: str  # post | statement | commitment
    document_iri: str
    document: str | None  # the document's identifier (its file name)
    start: int
    end: int
    exact: str
    rule: str
    confidence: float


@dataclass(frozen=True, slots=True)
class DocumentRow:
    iri: str
    identifier: str
    title: str | None
    published: str | None  # ISO date
    author: str | None
    author_iri: str | None
    publisher: str | None
    publisher_iri: str | None
    url: str | None
    mentions: tuple[str, ...]  # names of the actors the article mentions


@dataclass(frozen=True, slots=True)
class ActorRow:
    iri: str
    name: str
    type: str  # Person | Organization | Country | Group
    aliases: tuple[str, ...]
    wikidata: str | None  # "Q..." where curated
    documents: int  # how many documents mention the actor
    statements: int  # how many statements the actor made
    commitments: int  # how many commitments the actor is a committer of


@dataclass(frozen=True, slots=True)
class PostRow:
    iri: str
    title: str
    person: str
    person_iri: str
    organization: str | None
    organization_iri: str | None
    evidence: tuple[EvidenceRow, ...]


@dataclass(frozen=True, slots=True)
class StatementRow:
    iri: str
    speaker: str
    speaker_iri: str
    text: str
    kind: str  # direct | partial | mixed | indirect
    cue: str
    date: str | None
    document: str | None
    document_iri: str | None
    mentions: tuple[str, ...]  # names of the actors named inside the statement
    mention_iris: tuple[str, ...]
    evidence: tuple[EvidenceRow, ...]


@dataclass(frozen=True, slots=True)
class CommitmentRow:
    iri: str
    committers: tuple[str, ...]
    committer_iris: tuple[str, ...]
    recipient: str | None
    recipient_iri: str | None
    asserted_by: str | None
    asserted_by_iri: str | None
    kind: str
    status: str
    item: str
    quantity: float | None
    unit: str | None
    amount: float | None
    currency: str | None  # ISO 4217
    amount_bound: str | None  # exact | min | max | approx
    text: str
    cue: str
    document: str | None
    document_iri: str | None
    other_amounts: tuple[tuple[float, str, str], ...]  # (amount, currency, bound)
    evidence: tuple[EvidenceRow, ...]


@dataclass(frozen=True, slots=True)
class MentionRow:
    """An actor named by a document, or inside a statement."""

    source_iri: str
    source_kind: str  # document | statement
    actor_iri: str
    actor: str
    document_iri: str | None


# table name -> row class; the order of `kg export --format csv` and `to_pandas()`
ROW_TYPES: dict[str, type] = {
    "documents": DocumentRow,
    "actors": ActorRow,
    "posts": PostRow,
    "statements": StatementRow,
    "commitments": CommitmentRow,
    "mentions": MentionRow,
    "evidence": EvidenceRow,
}


# ------------------------------------------------------------------ reading the graph


def _targets(graph: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    return sorted(v for _, v, key in graph.out_edges(node, keys=True) if key == relation)


def _sources(graph: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    return sorted(u for u, _, key in graph.in_edges(node, keys=True) if key == relation)


def _first(graph: nx.MultiDiGraph, node: str, relation: str) -> str | None:
    targets = _targets(graph, node, relation)
    return targets[0] if targets else None


def _name(graph: nx.MultiDiGraph, node: str | None) -> str | None:
    if node is None:
        return None
    data = graph.nodes[node]
    return data.get("name") or data.get("label") or node


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _nodes(graph: nx.MultiDiGraph, kind: str) -> list[tuple[str, dict]]:
    return sorted(((n, d) for n, d in graph.nodes(data=True) if d.get("kind") == kind), key=lambda nd: nd[0])


def evidence_rows(graph: nx.MultiDiGraph, node: str) -> tuple[EvidenceRow, ...]:
    data = graph.nodes[node]
    rows = []
    for ev in data.get("evidence") or []:
        doc = ev["document"]
        rows.append(EvidenceRow(
            fact_iri=node, fact_kind=data["kind"], document_iri=doc,
            document=graph.nodes[doc].get("identifier") if doc in graph else None,
            start=int(ev["start"]), end=int(ev["end"]), exact=ev["exact"], rule=ev["rule"],
            confidence=float(ev["confidence"]),
        ))
    return tuple(rows)


def document_rows(graph: nx.MultiDiGraph) -> list[DocumentRow]:
    rows = []
    for iri, d in _nodes(graph, "document"):
        author, publisher = _first(graph, iri, "author"), _first(graph, iri, "publisher")
        rows.append(DocumentRow(
            iri=iri, identifier=d.get("identifier") or iri, title=d.get("title"), published=d.get("published"),
            # The byline as written when no actor was resolved for it.
            author=_name(graph, author) or d.get("author"), author_iri=author,
            publisher=_name(graph, publisher) or d.get("publisher"), publisher_iri=publisher,
            url=d.get("url"), mentions=tuple(_name(graph, a) for a in _targets(graph, iri, "mentions")),
        ))
    return rows


def actor_rows(graph: nx.MultiDiGraph) -> list[ActorRow]:
    rows = []
    for iri, d in _nodes(graph, "actor"):
        mentioned_by = {u for u in _sources(graph, iri, "mentions") if graph.nodes[u].get("kind") == "document"}
        rows.append(ActorRow(
            iri=iri, name=d.get("name") or d.get("label") or iri, type=d.get("type") or "",
            aliases=tuple(d.get("aliases") or ()), wikidata=d.get("wikidata"),
            documents=len(mentioned_by), statements=len(_sources(graph, iri, "creator")),
            commitments=len(_sources(graph, iri, "committer")),
        ))
    return rows


def post_rows(graph: nx.MultiDiGraph) -> list[PostRow]:
    rows = []
    for iri, d in _nodes(graph, "post"):
        person, org = _first(graph, iri, "member"), _first(graph, iri, "organization")
        rows.append(PostRow(
            iri=iri, title=d.get("title") or d.get("label") or "", person=_name(graph, person) or "",
            person_iri=person or "", organization=_name(graph, org), organization_iri=org,
            evidence=evidence_rows(graph, iri),
        ))
    return rows


def statement_rows(graph: nx.MultiDiGraph) -> list[StatementRow]:
    rows = []
    for iri, d in _nodes(graph, "statement"):
        speakers = _targets(graph, iri, "creator")
        mentioned = _targets(graph, iri, "mentions")
        doc = _first(graph, iri, "source")
        rows.append(StatementRow(
            iri=iri, speaker="; ".join(_name(graph, s) for s in speakers), speaker_iri="; ".join(speakers),
            text=d.get("text") or "", kind=d.get("statement_kind") or "", cue=d.get("cue") or "",
            date=d.get("date"), document=graph.nodes[doc].get("identifier") if doc else None, document_iri=doc,
            mentions=tuple(_name(graph, a) for a in mentioned), mention_iris=tuple(mentioned),
            evidence=evidence_rows(graph, iri),
        ))
    return rows


def commitment_rows(graph: nx.MultiDiGraph) -> list[CommitmentRow]:
    rows = []
    for iri, d in _nodes(graph, "commitment"):
        committers = _targets(graph, iri, "committer")
        recipient, asserted_by = _first(graph, iri, "recipient"), _first(graph, iri, "asserted_by")
        doc = _first(graph, iri, "source")
        rows.append(CommitmentRow(
            iri=iri, committers=tuple(_name(graph, c) for c in committers), committer_iris=tuple(committers),
            recipient=_name(graph, recipient), recipient_iri=recipient,
            asserted_by=_name(graph, asserted_by), asserted_by_iri=asserted_by,
            kind=d.get("commitment_kind") or "", status=d.get("status") or "", item=d.get("item") or "",
            quantity=_number(d.get("quantity")), unit=d.get("unit"),
            amount=_number(d.get("amount")), currency=d.get("currency"), amount_bound=d.get("amount_bound"),
            text=d.get("text") or "", cue=d.get("cue") or "",
            document=graph.nodes[doc].get("identifier") if doc else None, document_iri=doc,
            other_amounts=tuple((float(a), str(c), str(b)) for a, c, b in d.get("other_amounts") or ()),
            evidence=evidence_rows(graph, iri),
        ))
    return rows


def mention_rows(graph: nx.MultiDiGraph) -> list[MentionRow]:
    rows = []
    for source, kind in (("document", "document"), ("statement", "statement")):
        for iri, _ in _nodes(graph, kind):
            doc = iri if source == "document" else _first(graph, iri, "source")
            for actor in _targets(graph, iri, "mentions"):
                rows.append(MentionRow(
                    source_iri=iri, source_kind=kind, actor_iri=actor, actor=_name(graph, actor), document_iri=doc,
                ))
    return rows


def all_evidence_rows(graph: nx.MultiDiGraph) -> list[EvidenceRow]:
    rows: list[EvidenceRow] = []
    for kind in ("post", "statement", "commitment"):
        for iri, _ in _nodes(graph, kind):
            rows.extend(evidence_rows(graph, iri))
    return rows


ROW_READERS = {
    "documents": document_rows,
    "actors": actor_rows,
    "posts": post_rows,
    "statements": statement_rows,
    "commitments": commitment_rows,
    "mentions": mention_rows,
    "evidence": all_evidence_rows,
}


# ------------------------------------------------------------------ query results


@dataclass(frozen=True, slots=True)
class QueryResult:
    """A SELECT (or ASK) answer: variable names and rows of rdflib terms (None where unbound)."""

    variables: list[str]
    rows: list[tuple]

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values (str, int, Decimal, date...)."""
        return [
            {v: (None if t is None else t.toPython()) for v, t in zip(self.variables, row)} for row in self.rows
        ]

    def to_pandas(self):
        pd = _pandas("QueryResult.to_pandas()")
        return pd.DataFrame.from_records(self.records(), columns=self.variables)


def _pandas(needed_for: str):
    try:
        import pandas
    except ImportError:
        raise MissingExtra(package="pandas", extra="pandas", needed_for=needed_for) from None
    return pandas


# ------------------------------------------------------------------ the loaded build


class KnowledgeGraph:
    """A build of `kg`: the networkx graph, the RDF, and rows of each kind of node."""

    def __init__(self, graph: nx.MultiDiGraph, *, out_dir: str | Path | None = None):
        self.graph = graph
        self.out_dir = Path(out_dir) if out_dir is not None else None

    def __repr__(self) -> str:
        counts = ", ".join(f"{n} {kind}s" for kind, n in self.counts().items())
        where = f" {str(self.out_dir)!r}" if self.out_dir else ""
        return f"<kg.KnowledgeGraph{where}: {counts or 'empty'}>"

    def counts(self) -> dict[str, int]:
        """Nodes per kind, e.g. {"actor": 53, "document": 3, ...}."""
        counts: dict[str, int] = {}
        for _, kind in self.graph.nodes(data="kind"):
            counts[kind] = counts.get(kind, 0) + 1
        return dict(sorted(counts.items()))

    @cached_property
    def rdf(self) -> rdflib.Graph:
        """The RDF graph (rdflib), parsed from graph.nt on first use."""
        from rdflib import Graph

        if self.out_dir is not None and (self.out_dir / GRAPH_NT).exists():
            return Graph().parse(self.out_dir / GRAPH_NT, format="nt")
        from kg.export.rdf import to_rdf

        return to_rdf(self.graph)

    # rows, one list per kind, sorted by IRI
    def documents(self) -> list[DocumentRow]:
        return document_rows(self.graph)

    def actors(self) -> list[ActorRow]:
        return actor_rows(self.graph)

    def posts(self) -> list[PostRow]:
        return post_rows(self.graph)

    def statements(self) -> list[StatementRow]:
        return statement_rows(self.graph)

    def commitments(self) -> list[CommitmentRow]:
        return commitment_rows(self.graph)

    def mentions(self) -> list[MentionRow]:
        return mention_rows(self.graph)

    def evidence(self) -> list[EvidenceRow]:
        return all_evidence_rows(self.graph)

    def tables(self) -> dict[str, list[dict[str, Any]]]:
        """The flat tables of `kg export --format csv`: scalar cells only, by table name."""
        from kg.export.tables import tables

        return tables(self.graph)

    def to_pandas(self) -> dict[str, Any]:
        """One pandas DataFrame per table (documents, actors, posts, statements, commitments,
        mentions, evidence); money, quantities, offsets and confidences are numeric columns."""
        _pandas("to_pandas()")
        from kg.export.tables import data_frames

        return data_frames(self.graph)

    def query(self, sparql: str, *, limit: int | None = None, **params: str) -> QueryResult:
        """Run SPARQL (SELECT or ASK) on the build, or a canned query by name (`kg query --list`)
        with its parameters as keywords: `kg.load("output").query("statements", actor="Rutte")`.
        A canned query returns its own row limit (usually 100) unless `limit` says otherwise
        (0: every row)."""
        try:
            from kg import query as kg_query
        except ImportError:
            kg_query = None
        if kg_query is not None and sparql.strip() in kg_query.canned_queries():
            if self.out_dir is not None:  # names resolved to actors first: the fast path
                variables, rows = kg_query.run_canned(self.out_dir, sparql.strip(), params, limit)
                return QueryResult(list(variables), list(rows))
            sparql = kg_query.canned_query(sparql.strip()).bind(params, limit=limit)
        elif params or limit is not None:
            raise TypeError("query parameters and limit apply to canned queries only")
        if kg_query is not None and self.out_dir is not None:
            variables, rows = kg_query.run_query(self.out_dir, sparql)
            return QueryResult(list(variables), list(rows))
        return self._rdflib_query(sparql)

    def _rdflib_query(self, sparql: str) -> QueryResult:
        from rdflib import Literal

        result = self.rdf.query(sparql)
        if result.type == "ASK":
            return QueryResult(["boolean"], [(Literal(bool(result.askAnswer)),)])
        return QueryResult([str(v) for v in result.vars], [tuple(row) for row in result])

    # notebooks
    def _html_view(self):
        try:
            from kg.export.html import HtmlView
        except ImportError:  # the view is optional: a summary table stands in
            return None
        if self.out_dir is not None and (self.out_dir / GRAPH_HTML).exists():
            return HtmlView.from_file(self.out_dir / GRAPH_HTML)
        return HtmlView.from_graph(self.graph)

    def _repr_html_(self) -> str:
        view = self._html_view()
        if view is not None:
            return view._repr_html_()
        import html

        cells = "".join(f"<tr><td>{html.escape(k)}</td><td>{n}</td></tr>" for k, n in self.counts().items())
        return f"<table><caption>{html.escape(repr(self))}</caption>{cells}</table>"


def read_graph(path: str | Path) -> nx.MultiDiGraph:
    """A node-link JSON file (graph.json, `kg export --format nodelink`) as a MultiDiGraph."""
    import networkx as nx

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return nx.node_link_graph(data, edges="edges")


def load(out_dir: str | Path) -> KnowledgeGraph:
    """The build in `out_dir` (the folder `kg build --out` wrote)."""
    out_dir = Path(out_dir)
    if not (out_dir / GRAPH_JSON).is_file():
        raise OutputMissing(str(out_dir), GRAPH_JSON)
    return KnowledgeGraph(read_graph(out_dir / GRAPH_JSON), out_dir=out_dir)


def show(out_dir: str | Path):
    """The interactive view of a build, inline in a notebook: `kg.show("output")`."""
    out_dir = Path(out_dir)
    if (out_dir / GRAPH_HTML).is_file():
        try:
            from kg.export.html import show as html_show
        except ImportError:
            pass
        else:
            return html_show(out_dir)
    return load(out_dir)
