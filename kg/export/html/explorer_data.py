"""The explorer's data: the graph of kg.graph turned into compact, index-linked tables for the page.

The page draws nothing from the graph directly: it receives actors, documents and facts (statements,
commitments, stances, posts) as arrays whose cross references are list indices, and computes the
network, the index, the timelines and the search in the browser, for whatever date range the reader
picks.
Indices instead of IRIs keep a 4,500-article corpus under 60 MB; IRIs travel once per actor and fact
so that `kgView.find` and `kgView.select` speak the graph's identifiers.

Everything is sorted (actors and documents by IRI, facts by article date, article and offset), so
the same graph gives the same payload byte for byte.
"""

from __future__ import annotations

import math
import os
from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

ACTOR_TYPES = ("Person", "Country", "Organization", "Group", "Actor")
# type -> (vis shape, colour, legend text); the order of ACTOR_TYPES ranks a person first among
# search results of the same name.
TYPE_STYLE: dict[str, tuple[str, str, str]] = {
    "Person": ("dot", "#4e79a7", "Person"),
    "Country": ("diamond", "#e15759", "Country"),
    "Organization": ("square", "#59a14f", "Organization"),
    "Group": ("hexagon", "#b07aa1", "Group"),
    "Actor": ("dot", "#9d7660", "Other actor"),
}
# The links the network draws between two actors, and how each is read from the facts.
RELATION_STYLE: dict[str, str] = {
    "pledged to": "#2b8a3e",
    "said about": "#f4a261",
    "holds post in": "#76b7b2",
    "appears with": "#c8c8c8",
}
# Beyond this many statements and commitments one file is no longer a page a browser opens in a
# few seconds (~270 bytes a fact: 150,000 facts are ~40 MB; 25x the Guardian corpus is 62,000, a
# 17 MB page interactive in under 4 s, bench/html.py).
# Past it the page keeps the facts of the most active actors and says so; `kg serve` has them all.
SINGLE_FILE_FACTS = 150_000


@dataclass(frozen=True, slots=True)
class Span:
    """Where a fact was read: a document (index into `documents`) and character offsets."""

    document: int
    start_char: int
    end_char: int
    exact: str


@dataclass(slots=True)
class Fact:
    """A statement, a commitment or a stance as the page lists it."""

    iri: str
    kind: str  # "statement" | "commitment" | "stance"
    date: str  # the article's date (ISO), or the fact's own, or ""
    span: Span | None
    text: str
    actors: list[int]  # speakers / committers / holders
    targets: list[int]  # actors spoken about / recipients / named in the stance
    reporters: list[int] = field(default_factory=list)  # commitments: asserted by
    # statements: direct | indirect | mixed | partial; commitments: status; stances: intention |
    # position | view
    manner: str = ""
    cue: str = ""
    item: str = ""  # commitments only
    amount: str = ""
    category: str = ""  # commitments: military_aid, ...


def _targets(graph: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    return sorted(v for v, keys in graph.succ[node].items() if relation in keys)


def amount_text(attrs: dict) -> str:
    """'at least 500,000,000 EUR' from a commitment's amount, currency and bound."""
    amount = attrs.get("amount")
    if amount is None:
        return ""
    bound = f"{attrs['amount_bound']} " if attrs.get("amount_bound") else ""
    is_whole = isinstance(amount, (int, float)) and math.isfinite(amount) and amount == int(amount)
    number = f"{amount:,.0f}" if is_whole else str(amount)
    return f"{bound}{number} {attrs.get('currency') or ''}".strip()


class _Tables:
    """Index lookups for actors and documents while the facts are read."""

    def __init__(self, graph: nx.MultiDiGraph):
        self.graph = graph
        kinds: dict[str, list[str]] = {"actor": [], "document": []}
        for node, kind in graph.nodes(data="kind"):
            if kind in kinds:
                kinds[kind].append(node)
        self.actor_iris = sorted(kinds["actor"])
        self.document_iris = sorted(kinds["document"])
        self.actor_at = {iri: i for i, iri in enumerate(self.actor_iris)}
        self.document_at = {iri: i for i, iri in enumerate(self.document_iris)}

    def actors(self, node: str, relation: str) -> list[int]:
        return [
            self.actor_at[v] for v in _targets(self.graph, node, relation) if v in self.actor_at
        ]

    def span(self, attrs: dict, node: str) -> Span | None:
        for ev in attrs.get("evidence") or []:
            if ev.get("document") in self.document_at:
                return Span(
                    self.document_at[ev["document"]],
                    int(ev.get("start") or 0),
                    int(ev.get("end") or 0),
                    str(ev.get("exact") or ""),
                )
        sources = [d for d in _targets(self.graph, node, "source") if d in self.document_at]
        return Span(self.document_at[sources[0]], 0, 0, "") if sources else None

    def date(self, span: Span | None, own: object) -> str:
        if span is not None:
            published = self.graph.nodes[self.document_iris[span.document]].get("published")
            if published:
                return str(published)[:10]
        return str(own or "")[:10]


def _statement(tables: _Tables, node: str, attrs: dict) -> Fact:
    span = tables.span(attrs, node)
    return Fact(
        iri=node,
        kind="statement",
        date=tables.date(span, attrs.get("date")),
        span=span,
        text=" ".join(str(attrs.get("text") or "").split()),
        actors=tables.actors(node, "creator"),
        targets=tables.actors(node, "mentions"),
        manner=str(attrs.get("statement_kind") or ""),
        cue=str(attrs.get("cue") or ""),
    )


def _stance(tables: _Tables, node: str, attrs: dict) -> Fact:
    span = tables.span(attrs, node)
    return Fact(
        iri=node,
        kind="stance",
        date=tables.date(span, attrs.get("date")),
        span=span,
        text=" ".join(str(attrs.get("text") or "").split()),
        actors=tables.actors(node, "holder"),
        targets=tables.actors(node, "mentions"),
        manner=str(attrs.get("stance_kind") or ""),
        cue=str(attrs.get("cue") or ""),
    )


def _commitment(tables: _Tables, node: str, attrs: dict) -> Fact:
    span = tables.span(attrs, node)
    return Fact(
        iri=node,
        kind="commitment",
        date=tables.date(span, None),
        span=span,
        text=" ".join(str(attrs.get("text") or "").split()),
        actors=tables.actors(node, "committer"),
        targets=tables.actors(node, "recipient"),
        reporters=tables.actors(node, "asserted_by"),
        manner=str(attrs.get("status") or ""),
        cue=str(attrs.get("cue") or ""),
        item=" ".join(str(attrs.get("item") or "").split()),
        amount=amount_text(attrs),
        category=str(attrs.get("commitment_kind") or ""),
    )


def iri_prefix(iris: list[str]) -> str:
    """What every IRI of `iris` starts with, up to its last `/`."""
    common = os.path.commonprefix(iris) if iris else ""
    return common[: common.rfind("/") + 1]


@dataclass(frozen=True, slots=True)
class IriCodec:
    """Fact IRIs written short: kg names a fact `<kind prefix><document's local name>/<offsets>`,
    so a fact read from document d travels as its tail (`/1724-2069`, starting with `/`) and the
    page puts the prefix and d's local name back; any other IRI travels whole. A third of the page
    at 25x the Guardian corpus was these IRIs."""

    fact_prefix: str
    document_prefix: str
    document_iris: list[str]

    def encode(self, iri: str, document: int) -> str:
        if document < 0 or not iri.startswith(self.fact_prefix):
            return iri
        local = self.document_iris[document][len(self.document_prefix) :]
        tail = iri[len(self.fact_prefix) :]
        if local and tail.startswith(local + "/"):
            return tail[len(local) :]
        return iri


def _fact_row(fact: Fact, codec: IriCodec) -> list:
    """A fact as the page's array. The evidence text is sent only when it is not the fact's own
    text (for nearly every statement it is the same characters)."""
    span = fact.span
    where = [-1, 0, 0, ""] if span is None else [span.document, span.start_char, span.end_char, ""]
    if span is not None and span.exact and span.exact != fact.text:
        where[3] = span.exact
    iri = codec.encode(fact.iri, where[0])
    row = [iri, fact.date, *where, fact.actors, fact.targets, fact.manner, fact.cue, fact.text]
    if fact.kind == "commitment":
        row += [fact.item, fact.amount, fact.category, fact.reporters]
    return row


def _passages(attrs: dict) -> list[list]:
    """A document's passages (kg.graph) as [start, text]: the end is the start plus the text's
    length, so it is not sent. A graph.json older than passages has none: the page then lists the
    spans kg read instead."""
    out = []
    for item in attrs.get("passages") or []:
        start, _end, text = item
        out.append([int(start), str(text)])
    return out


def _activity(facts: list[Fact], mentions: Counter) -> Counter:
    score: Counter = Counter(mentions)
    for fact in facts:
        for actor in fact.actors:
            score[actor] += 1
    return score


def explorer_payload(
    graph: nx.MultiDiGraph, *, max_facts: int | None = SINGLE_FILE_FACTS, title: str = ""
) -> dict:
    """The page's data. With more than `max_facts` statements, commitments and stances, only those
    of the most active actors are kept and `truncated` says how many there were."""
    tables = _Tables(graph)
    statements, commitments, stances, posts = [], [], [], []
    for node, attrs in graph.nodes(data=True):
        kind = attrs.get("kind")
        if kind == "statement":
            statements.append(_statement(tables, node, attrs))
        elif kind == "commitment":
            commitments.append(_commitment(tables, node, attrs))
        elif kind == "stance":
            stances.append(_stance(tables, node, attrs))
        elif kind == "post":
            span = tables.span(attrs, node)
            posts.append(
                [
                    tables.actors(node, "member"),
                    tables.actors(node, "organization"),
                    " ".join(str(attrs.get("title") or attrs.get("label") or "").split()),
                    tables.date(span, None),
                    -1 if span is None else span.document,
                    node,
                ]
            )

    def order(fact: Fact) -> tuple:
        span = fact.span
        return (
            (fact.date, -1, 0, fact.iri)
            if span is None
            else (fact.date, span.document, span.start_char, fact.iri)
        )

    statements.sort(key=order)
    commitments.sort(key=order)
    stances.sort(key=order)
    posts.sort(key=lambda p: (p[3], p[5]))

    documents = []
    mentions: Counter = Counter()
    for iri in tables.document_iris:
        attrs = graph.nodes[iri]
        mentioned = tables.actors(iri, "mentions")
        mentions.update(mentioned)
        documents.append(
            [
                iri,
                str(attrs.get("title") or attrs.get("label") or attrs.get("identifier") or iri),
                str(attrs.get("published") or "")[:10],
                str(attrs.get("url") or ""),
                str(attrs.get("publisher") or ""),
                str(attrs.get("identifier") or ""),
                mentioned,
                _passages(attrs),
            ]
        )

    truncated = None
    total = len(statements) + len(commitments) + len(stances)
    if max_facts is not None and total > max_facts:
        rank = _activity(statements + commitments, mentions)
        ranked = sorted(
            statements + commitments + stances,
            key=lambda f: (-max((rank[a] for a in f.actors), default=0), f.iri),
        )
        kept = {f.iri for f in ranked[:max_facts]}
        statements = [f for f in statements if f.iri in kept]
        commitments = [f for f in commitments if f.iri in kept]
        stances = [f for f in stances if f.iri in kept]
        truncated = {"kept": max_facts, "total": total}

    actors = []
    for iri in tables.actor_iris:
        attrs = graph.nodes[iri]
        kind = attrs.get("type") if attrs.get("type") in TYPE_STYLE else "Actor"
        aliases = sorted({str(a) for a in attrs.get("aliases") or []} - {str(attrs.get("name"))})
        actors.append(
            [
                iri,
                str(attrs.get("name") or attrs.get("label") or iri),
                ACTOR_TYPES.index(kind),
                aliases,
                str(attrs.get("wikidata") or ""),
            ]
        )
    document_prefix = iri_prefix(tables.document_iris)
    prefixes = {
        "document": document_prefix,
        "statement": iri_prefix([f.iri for f in statements]),
        "commitment": iri_prefix([f.iri for f in commitments]),
        "stance": iri_prefix([f.iri for f in stances]),
    }
    codecs = {
        kind: IriCodec(prefixes[kind], document_prefix, tables.document_iris)
        for kind in ("statement", "commitment", "stance")
    }
    return {
        "title": title,
        "types": [[t, *TYPE_STYLE[t]] for t in ACTOR_TYPES],
        "relations": [[r, c] for r, c in RELATION_STYLE.items()],
        "actors": actors,
        "documents": documents,
        "prefixes": prefixes,
        "statements": [_fact_row(f, codecs["statement"]) for f in statements],
        "commitments": [_fact_row(f, codecs["commitment"]) for f in commitments],
        "stances": [_fact_row(f, codecs["stance"]) for f in stances],
        "posts": posts,
        "truncated": truncated,
    }
