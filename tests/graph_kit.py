"""Hand-made graphs in the schema of kg/graph.py: one builder per node kind, shared by the tests
that need a small graph with every kind (test_api, test_html) instead of each spelling it out."""

from __future__ import annotations

import networkx as nx


def edge(g: nx.MultiDiGraph, u: str, v: str, relation: str) -> None:
    g.add_edge(u, v, key=relation, relation=relation)


def add_document(
    g: nx.MultiDiGraph,
    iri: str,
    identifier: str,
    *,
    title: str | None = None,
    published: str | None = None,
    author: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
) -> None:
    g.add_node(
        iri,
        kind="document",
        label=title or identifier,
        identifier=identifier,
        title=title,
        published=published,
        author=author,
        publisher=publisher,
        url=url,
    )


def add_actor(
    g: nx.MultiDiGraph,
    iri: str,
    type_: str,
    name: str,
    aliases: list[str],
    wikidata: str | None = None,
) -> None:
    g.add_node(
        iri, kind="actor", label=name, type=type_, name=name, aliases=aliases, wikidata=wikidata
    )


def add_statement(
    g: nx.MultiDiGraph, iri: str, text: str, *, cue: str, date: str, evidence: list[dict]
) -> None:
    g.add_node(
        iri,
        kind="statement",
        label=text[:60],
        text=text,
        statement_kind="direct",
        cue=cue,
        date=date,
        evidence=evidence,
    )


COMMITMENT_FIGURES = ("quantity", "unit", "amount", "currency", "amount_bound")


def add_commitment(
    g: nx.MultiDiGraph,
    iri: str,
    what: tuple[str, str, str],
    text: str,
    evidence: list[dict],
    *,
    cue: str,
    other_amounts: list | None = None,
    **figures,
) -> None:
    """`what`: (commitment_kind, status, item); `figures`: any of COMMITMENT_FIGURES (else None)."""
    kind, status, item = what
    g.add_node(
        iri,
        kind="commitment",
        label=f"{status}: {item}",
        commitment_kind=kind,
        status=status,
        item=item,
        **{name: figures.get(name) for name in COMMITMENT_FIGURES},
        text=text,
        cue=cue,
        other_amounts=other_amounts or [],
        evidence=evidence,
    )


def add_post(g: nx.MultiDiGraph, iri: str, title: str, evidence: list[dict]) -> None:
    g.add_node(iri, kind="post", label=title, title=title, evidence=evidence)
