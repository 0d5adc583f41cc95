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


def with_claims_and_ledger(graph):
    """An rdflib graph of the contract (the hand-written sample) plus what a build derives across
    articles from its facts, as kg.export.rdf writes it: each statement its own kg:Claim, each
    commitment its own kg:LedgerEntry with its one kg:LedgerReport (the sample's facts are all
    distinct, so the build's rules would not join any)."""
    import rdflib
    from rdflib.namespace import RDF, XSD

    from kg.namespaces import KG, OA, PROV, SCHEMA

    def lit(value, datatype=None):
        return rdflib.Literal(str(value), datatype=datatype)

    def document_of(fact):
        for evidence in graph.objects(fact, PROV.wasDerivedFrom):
            return graph.value(evidence, OA.hasSource)
        return None

    added = []
    for q in sorted(graph.subjects(RDF.type, SCHEMA.Quotation)):
        claim = rdflib.URIRef(str(q).replace("/statement/", "/claim/"))
        date = graph.value(q, SCHEMA.dateCreated)
        added += [
            (claim, RDF.type, KG.Claim),
            (claim, SCHEMA.author, graph.value(q, SCHEMA.creator)),
            (claim, SCHEMA.text, graph.value(q, SCHEMA.text)),
            (claim, KG.reportCount, lit(1, XSD.positiveInteger)),
            (claim, SCHEMA.appearance, q),
            (claim, SCHEMA.firstAppearance, q),
        ]
        if date is not None:
            added += [(claim, KG.firstReported, date), (claim, KG.lastReported, date)]
    for c in sorted(graph.subjects(RDF.type, KG.Commitment)):
        entry = rdflib.URIRef(str(c).replace("/commitment/", "/ledger/"))
        report = rdflib.URIRef(f"{entry}/report/1")
        doc = document_of(c)
        date = graph.value(doc, SCHEMA.datePublished) if doc is not None else None
        added += [
            (entry, RDF.type, KG.LedgerEntry),
            (entry, KG.ledgerKind, graph.value(c, KG.commitmentKind)),
            (entry, KG.ledgerItem, graph.value(c, KG.item)),
            (entry, KG.latestStatus, graph.value(c, KG.commitmentStatus)),
            (entry, KG.reportCount, lit(1, XSD.positiveInteger)),
            (entry, KG.report, report),
            (report, RDF.type, KG.LedgerReport),
            (report, KG.reportOf, c),
            (report, KG.reportStatus, graph.value(c, KG.commitmentStatus)),
        ]
        added += [(entry, KG.donor, a) for a in graph.objects(c, KG.committer)]
        if (recipient := graph.value(c, KG.recipient)) is not None:
            added.append((entry, KG.ledgerRecipient, recipient))
        if (amount := graph.value(c, KG.amount)) is not None:
            added += [
                (entry, KG.ledgerAmount, amount),
                (entry, KG.ledgerCurrency, graph.value(c, KG.currency)),
            ]
        if doc is not None:
            added.append((report, KG.reportedIn, doc))
        if date is not None:
            added += [
                (entry, KG.firstReported, date),
                (entry, KG.lastReported, date),
                (report, KG.reportDate, date),
            ]
    # kg:newestFirst: positions by date, newest first (undated last), then IRI, as a build stores
    dates = {}
    for s_, p_, o_ in added:
        if p_ in (KG.lastReported, KG.reportDate):
            dates[s_] = str(o_)
    for cls in (KG.Claim, KG.LedgerEntry, KG.LedgerReport):
        nodes = sorted({s_ for s_, p_, o_ in added if p_ == RDF.type and o_ == cls})
        nodes.sort(key=lambda n: dates.get(n, ""), reverse=True)
        added += [(n, KG.newestFirst, lit(i, XSD.integer)) for i, n in enumerate(nodes, 1)]
    # kg:sourceNewestFirst: the documents evidence cites, by publication date likewise
    sources = sorted(set(graph.objects(None, OA.hasSource)))
    sources.sort(key=lambda d: str(graph.value(d, SCHEMA.datePublished) or ""), reverse=True)
    added += [(d, KG.sourceNewestFirst, lit(i, XSD.integer)) for i, d in enumerate(sources, 1)]
    # kg:evidenceNewestFirst: every evidence, by its document's position, fact IRI, offsets, rule
    source_position = {d: i for i, d in enumerate(sources, 1)}
    keyed = []
    for fact, ev in graph.subject_objects(PROV.wasDerivedFrom):
        selector = next(
            s for s in graph.objects(ev, OA.hasSelector) if (s, OA.start, None) in graph
        )
        start, end = int(graph.value(selector, OA.start)), int(graph.value(selector, OA.end))
        doc = graph.value(ev, OA.hasSource)
        key = (source_position[doc], str(fact), start, end, str(graph.value(ev, KG.rule)))
        keyed.append((key, ev))
    keyed.sort()
    added += [
        (ev, KG.evidenceNewestFirst, lit(i, XSD.integer)) for i, (_, ev) in enumerate(keyed, 1)
    ]
    for triple in added:
        graph.add(triple)
    return graph
