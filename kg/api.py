"""The Python API: `kg.load(out_dir)` gives a build back as networkx, rdflib, rows and DataFrames;
`build(inputs, out_dir, **options)` makes one.

`graph.json` (node-link JSON of the networkx graph, schema in kg.graph) is the source of every
row (kg.rows), so rows, tables and graph exports agree node for node; `graph.nt` is parsed only
when `.rdf` or `.query` needs it. Every row carries the IRI of its node, so a table joins back to
the RDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import MissingExtra, OutputMissing, QueryError
from kg.filenames import GRAPH_HTML, GRAPH_JSON, GRAPH_NT
from kg.rows import (  # noqa: F401  (the row types are part of the API)
    ROW_READERS,
    ROW_TYPES,
    ActorRow,
    ClaimRow,
    CommitmentRow,
    DocumentRow,
    EvidenceRow,
    LedgerRow,
    MentionRow,
    PostRow,
    StanceRow,
    StatementRow,
    actor_rows,
    all_evidence_rows,
    claim_rows,
    commitment_rows,
    document_rows,
    ledger_rows,
    mention_rows,
    post_rows,
    stance_rows,
    statement_rows,
)

# A canned query's name: one word (letters, digits, "-", "_"), which no SPARQL query is.
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")

if TYPE_CHECKING:
    import networkx as nx
    import rdflib

    from kg.namespaces import Iris
    from kg.pipeline import BuildResult


# ------------------------------------------------------------------ query results


@dataclass(frozen=True, slots=True)
class QueryResult:
    """A SELECT (or ASK) answer: variable names and rows of rdflib terms (None where unbound)."""

    variables: list[str]
    rows: list[tuple]
    # rows before a canned query's row limit cut them (None: not cut, or not a canned query)
    total: int | None = None

    @property
    def cut(self) -> bool:
        """Whether a row limit left rows out: `total` rows there are, `len(self)` shown."""
        return self.total is not None and self.total > len(self.rows)

    def __iter__(self) -> Iterator[tuple]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def records(self) -> list[dict[str, Any]]:
        """Rows as dicts of plain Python values (str, int, Decimal, date...)."""
        return [
            {v: (None if t is None else t.toPython()) for v, t in zip(self.variables, row)}
            for row in self.rows
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
    """A build of `kg`: the networkx graph, the RDF, and rows of each kind of node.

    A loaded build's RDF is its graph.nt. A graph made in memory (kg.graph.build_graph) has its
    RDF made from it, by `iris`, the Iris it was built with (default: the default base)."""

    def __init__(
        self, graph: nx.MultiDiGraph, *, out_dir: str | Path | None = None, iris: Iris | None = None
    ):
        self.graph = graph
        self.out_dir = Path(out_dir) if out_dir is not None else None
        self.iris = iris

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

        if self.out_dir is not None:
            if not (self.out_dir / GRAPH_NT).is_file():
                raise OutputMissing(str(self.out_dir), GRAPH_NT)
            return Graph().parse(self.out_dir / GRAPH_NT, format="nt")
        from kg.export.rdf import to_rdf

        return to_rdf(self.graph, self.iris)

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

    def stances(self) -> list[StanceRow]:
        """What actors want, intend, support, oppose or judge: not statements (nobody is reported
        saying them)."""
        return stance_rows(self.graph)

    def claims(self) -> list[ClaimRow]:
        """One row per quote, however many articles report it (kg.claims)."""
        return claim_rows(self.graph)

    def ledger(self) -> list[LedgerRow]:
        """One row per commitment across the articles reporting it (kg.ledger), latest first."""
        return ledger_rows(self.graph)

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
        stances, claims, ledger, mentions, evidence); money, quantities, offsets and confidences are
        numeric columns."""
        _pandas("to_pandas()")
        from kg.export.tables import data_frames

        return data_frames(self.graph)

    def query(self, sparql: str, *, limit: int | None = None, **params: str) -> QueryResult:
        """Run SPARQL (SELECT or ASK) on the build, or a canned query by name (`kg query --list`)
        with its parameters as keywords: `kg.load("output").query("statements", actor="Rutte")`.
        A canned query returns every row (`limit=None` or 0), or the first `limit` rows of its order
        (newest first); then `total` says how many there are and `cut` whether some were left
        out. A name that is no canned query (a typo) raises kg.errors.UnknownChoice with the
        names, as does a parameter value the query does not accept."""
        try:
            from kg import query as kg_query
        except ImportError:
            kg_query = None
        name = sparql.strip()
        if kg_query is not None and _NAME.match(name):
            kg_query.canned_query(name)  # UnknownChoice for a typo, not a SPARQL syntax error
        if kg_query is not None and name in kg_query.canned_queries():
            if limit is not None and limit < 0:
                raise QueryError(f"limit must be 0 or more (None or 0: every row), not {limit}")
            limit = limit or None
            bound_limit = 0 if limit is None else limit
            if self.out_dir is not None:  # names resolved to actors first: the fast path
                variables, rows = kg_query.run_canned(self.out_dir, name, params, bound_limit)
                total = None
                if limit is not None and len(rows) >= limit:
                    total = kg_query.count_canned(self.out_dir, name, params)
                return QueryResult(list(variables), list(rows), total)
            sparql = kg_query.canned_query(name).bind(params, limit=bound_limit)
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

        cells = "".join(
            f"<tr><td>{html.escape(k)}</td><td>{n}</td></tr>" for k, n in self.counts().items()
        )
        return f"<table><caption>{html.escape(repr(self))}</caption>{cells}</table>"


def read_graph(path: str | Path) -> nx.MultiDiGraph:
    """A node-link JSON file (graph.json, `kg export --format nodelink`) as a MultiDiGraph."""
    from kg.export.nodelink import read_node_link

    return read_node_link(path)


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


def build(inputs: Iterable[str | Path], out_dir: str | Path, **options: Any) -> BuildResult:
    """Build articles into `out_dir`, as `kg build INPUT... --out DIR` does:
    `kg.api.build(["seeds"], "output", jobs=2)`. `options` are the fields of
    `kg.pipeline.BuildConfig` (model, base, view, strict, max_chars, jobs, cache_dir, progress,
    mapper, batch_size, release_model, force, store, scheduler); unlike the command, no cache
    unless `cache_dir`."""
    from kg.pipeline import BuildConfig
    from kg.pipeline import build as build_with

    return build_with([str(i) for i in inputs], Path(out_dir), BuildConfig(**options))
