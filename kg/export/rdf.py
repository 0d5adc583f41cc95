"""RDF: the networkx graph as RDF, exactly per the contract (../shared/design/rdf-contract.md).

Triples are generated straight from the networkx graph as Oxigraph terms and streamed, in one
pass, to graph.nt and graph.jsonld (kg.export.jsonld); graph.ttl is written from graph.nt, read
back as a stream. No rdflib graph of the whole corpus is built: it held about 1 KB a triple and
took a third of the export.
Every IRI is minted from content by the Iris the graph was built with (kg.namespaces.Iris), so no
blank node appears and no IRI is cut apart here; subjects come in
the graph's own order (build_graph adds them deterministically) with each subject's triples
together and sorted, so two builds of the same input give byte-identical files.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.export.jsonld import JsonLdWriter
from kg.filenames import GRAPH_JSONLD, GRAPH_NT, GRAPH_TTL
from kg.namespaces import ACTOR_CLASSES, IRIS, RDF_TYPE, XSD_STRING, Iris
from kg.paths import ONTOLOGY_DIR

# Plain strings: Oxigraph terms are made from str, and str concatenation is all this module needs.
SCHEMA, PROV, OA, ORG, KG, SKOS, XSD = (
    IRIS[p] for p in ("schema", "prov", "oa", "org", "kg", "skos", "xsd")
)
KG_KIND, KG_STATUS, WD = IRIS["kgkind"], IRIS["kgstatus"], IRIS["wd"]

EDGE_PREDICATE = {
    ("document", "mentions"): SCHEMA + "mentions",
    ("document", "author"): SCHEMA + "author",
    ("document", "publisher"): SCHEMA + "publisher",
    ("statement", "creator"): SCHEMA + "creator",
    ("statement", "mentions"): SCHEMA + "mentions",
    ("stance", "holder"): SCHEMA + "creator",
    ("stance", "mentions"): SCHEMA + "mentions",
    ("commitment", "committer"): KG + "committer",
    ("commitment", "recipient"): KG + "recipient",
    ("commitment", "asserted_by"): KG + "assertedBy",
    ("post", "member"): ORG + "member",
    ("post", "organization"): ORG + "organization",
    ("claim", "author"): SCHEMA + "author",
    ("claim", "report"): SCHEMA + "appearance",
    ("claim", "first_report"): SCHEMA + "firstAppearance",
    ("ledger", "donor"): KG + "donor",
    ("ledger", "recipient"): KG + "ledgerRecipient",
}


def _iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def _text(value: str) -> ox.Literal:
    return ox.Literal(value)


def _typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(datatype))


def _decimal(value: float | int) -> ox.Literal:
    # Plain notation, never an exponent, and always a point, so the literal reads back the same
    # from Turtle (where 1500000000.0 is a decimal and 1500000000 an integer).
    text = format(Decimal(repr(float(value))).normalize(), "f")
    return _typed(text if "." in text else text + ".0", XSD + "decimal")


# Facts whose one node gathers evidence from several documents (kg.graph mints the others from one).
FACTS_ACROSS_DOCUMENTS = frozenset({"post"})


def _evidence_iri(graph: nx.MultiDiGraph, iris: Iris, fact: str, kind: str, ev: dict) -> str:
    across = kind in FACTS_ACROSS_DOCUMENTS
    doc_id = graph.nodes[ev["document"]]["identifier"] if across else None
    return iris.evidence(fact, ev["start"], ev["end"], ev["rule"], doc_id=doc_id)


def _evidence_triples(
    graph: nx.MultiDiGraph,
    iris: Iris,
    fact: str,
    kind: str,
    evidence: list[dict],
    positions: dict[str, int],
) -> Iterator[tuple[str, list[tuple]]]:
    """(subject, its (predicate, object) pairs) for the evidence of one fact. `positions`: each
    evidence's kg:evidenceNewestFirst (`_evidence_positions`)."""
    for ev in evidence:
        node = _evidence_iri(graph, iris, fact, kind, ev)
        position, quote = iris.position_selector(node), iris.quote_selector(node)
        pairs = [
            (RDF_TYPE, _iri(OA + "SpecificResource")),
            (OA + "hasSource", _iri(ev["document"])),
            (OA + "hasSelector", _iri(position)),
            (OA + "hasSelector", _iri(quote)),
            (KG + "rule", _text(ev["rule"])),
            (KG + "confidence", _decimal(ev["confidence"])),
        ]
        if node in positions:
            pairs.append(
                (KG + "evidenceNewestFirst", _typed(str(positions[node]), XSD + "integer"))
            )
        yield node, pairs
        yield (
            position,
            [
                (RDF_TYPE, _iri(OA + "TextPositionSelector")),
                (OA + "start", _typed(str(ev["start"]), XSD + "nonNegativeInteger")),
                (OA + "end", _typed(str(ev["end"]), XSD + "nonNegativeInteger")),
            ],
        )
        yield (
            quote,
            [(RDF_TYPE, _iri(OA + "TextQuoteSelector")), (OA + "exact", _text(ev["exact"]))],
        )


def _optional(pairs: list[tuple], predicate: str, value, make=_text) -> None:
    if value is not None and value != "":
        pairs.append((predicate, make(value)))


def _url(value: str) -> ox.NamedNode | None:
    try:
        return ox.NamedNode(value)
    except ValueError:  # not a valid IRI (a space, a bare path): the document simply has no url
        return None


def _node_pairs(iris: Iris, data: dict, role_titles: dict[str, Counter]) -> list[tuple]:
    kind = data["kind"]
    pairs: list[tuple] = []
    if kind == "actor":
        pairs.append((RDF_TYPE, _iri(ACTOR_CLASSES[data["type"]])))
        pairs.append((SCHEMA + "name", _text(data["name"])))
        pairs += [(SCHEMA + "alternateName", _text(alias)) for alias in data.get("aliases", [])]
        if data.get("wikidata"):
            pairs.append((SCHEMA + "sameAs", _iri(WD + data["wikidata"])))
    elif kind == "document":
        pairs.append((RDF_TYPE, _iri(SCHEMA + "NewsArticle")))
        pairs.append((SCHEMA + "identifier", _text(data["identifier"])))
        _optional(pairs, SCHEMA + "headline", data.get("title"))
        _optional(
            pairs,
            SCHEMA + "datePublished",
            data.get("published"),
            lambda v: _typed(v, XSD + "date"),
        )
        if data.get("url") and (url := _url(data["url"])):
            pairs.append((SCHEMA + "url", url))
    elif kind == "statement":
        pairs.append((RDF_TYPE, _iri(SCHEMA + "Quotation")))
        pairs.append((SCHEMA + "text", _text(data["text"])))
        pairs.append((KG + "statementKind", _iri(KG + data["statement_kind"])))
        pairs.append((KG + "cue", _text(data["cue"])))
        _optional(
            pairs, SCHEMA + "dateCreated", data.get("date"), lambda v: _typed(v, XSD + "date")
        )
    elif kind == "stance":
        # A claim of what the holder wants, supports or judges, never a schema:Quotation: nobody
        # is reported saying it.
        pairs.append((RDF_TYPE, _iri(KG + "Stance")))
        pairs.append((SCHEMA + "text", _text(data["text"])))
        pairs.append((KG + "stanceKind", _iri(KG + data["stance_kind"])))
        pairs.append((KG + "cue", _text(data["cue"])))
        _optional(
            pairs, SCHEMA + "dateCreated", data.get("date"), lambda v: _typed(v, XSD + "date")
        )
    elif kind == "commitment":
        pairs.append((RDF_TYPE, _iri(KG + "Commitment")))
        pairs.append((KG + "commitmentKind", _iri(KG_KIND + data["commitment_kind"])))
        pairs.append((KG + "commitmentStatus", _iri(KG_STATUS + data["status"])))
        pairs.append((KG + "item", _text(data["item"])))
        pairs.append((SCHEMA + "text", _text(data["text"])))
        if data.get("quantity") is not None:
            pairs.append((KG + "quantity", _decimal(data["quantity"])))
            _optional(pairs, KG + "unit", data.get("unit"))
        if data.get("amount") is not None:
            pairs.append((KG + "amount", _decimal(data["amount"])))
            _optional(pairs, KG + "currency", data.get("currency"))
            _optional(pairs, KG + "amountBound", data.get("amount_bound"))
    elif kind == "claim":
        pairs.append((RDF_TYPE, _iri(KG + "Claim")))
        pairs.append((SCHEMA + "text", _text(data["text"])))
        pairs.append((KG + "reportCount", _typed(str(data["reports"]), XSD + "positiveInteger")))
        _newest_first(pairs, data.get("newest_first"))
        _dates(pairs, data)
    elif kind == "ledger":
        pairs.append((RDF_TYPE, _iri(KG + "LedgerEntry")))
        pairs.append((KG + "ledgerKind", _iri(KG_KIND + data["commitment_kind"])))
        pairs.append((KG + "ledgerItem", _text(data["item"])))
        pairs.append((KG + "latestStatus", _iri(KG_STATUS + data["latest_status"])))
        pairs.append((KG + "reportCount", _typed(str(data["reports"]), XSD + "positiveInteger")))
        if data.get("amount") is not None:
            pairs.append((KG + "ledgerAmount", _decimal(data["amount"])))
            _optional(pairs, KG + "ledgerCurrency", data.get("currency"))
        _newest_first(pairs, data.get("newest_first"))
        _dates(pairs, data)
    elif kind == "post":
        role = iris.role(data["title"])
        pairs.append((RDF_TYPE, _iri(ORG + "Membership")))
        pairs.append((ORG + "role", _iri(role)))
        role_titles.setdefault(role, Counter())[data["title"]] += 1
    return pairs


def _newest_first(pairs: list[tuple], position: int | None) -> None:
    if position is not None:
        pairs.append((KG + "newestFirst", _typed(str(position), XSD + "integer")))


def _dates(pairs: list[tuple], data: dict) -> None:
    for key, predicate in (("first_reported", "firstReported"), ("last_reported", "lastReported")):
        _optional(pairs, KG + predicate, data.get(key), lambda v: _typed(v, XSD + "date"))


def _ledger_reports(
    graph: nx.MultiDiGraph, iris: Iris, entry: str
) -> Iterator[tuple[str, list[tuple]]]:
    """The kg:LedgerReport nodes of a ledger entry: each reported commitment with its article,
    the article's date and the status it reported, in date order (undated last), numbered from 1.
    """
    reports = []
    for _, commitment, key in graph.out_edges(entry, keys=True):
        if key != "report":
            continue
        documents = sorted(v for _, v, k in graph.out_edges(commitment, keys=True) if k == "source")
        document = documents[0] if documents else None
        published = graph.nodes[document].get("published") if document else None
        reports.append((published or "9999", commitment, document, published))
    for n, (_, commitment, document, published) in enumerate(sorted(reports), start=1):
        pairs = [
            (RDF_TYPE, _iri(KG + "LedgerReport")),
            (KG + "reportOf", _iri(commitment)),
            (KG + "reportStatus", _iri(KG_STATUS + graph.nodes[commitment]["status"])),
        ]
        if document:
            pairs.append((KG + "reportedIn", _iri(document)))
        _optional(pairs, KG + "reportDate", published, lambda v: _typed(v, XSD + "date"))
        _newest_first(pairs, (graph.nodes[entry].get("report_ranks") or {}).get(commitment))
        yield iris.ledger_report(entry, n), _sorted(pairs)


def _source_positions(graph: nx.MultiDiGraph) -> dict[str, int]:
    """kg:sourceNewestFirst: each document some evidence cites -> its position among them, newest
    first (undated last), then by IRI, from 1 (the order of the evidence query)."""
    from kg.claims import newest_first

    sources = {
        ev["document"] for _, data in graph.nodes(data=True) for ev in data.get("evidence", [])
    }
    ordered = newest_first([d for d in sources if d in graph], graph, attribute="published")
    return {document: n for n, document in enumerate(ordered, start=1)}


def _evidence_positions(
    graph: nx.MultiDiGraph, iris: Iris, source_positions: dict[str, int]
) -> dict[str, int]:
    """kg:evidenceNewestFirst: the IRI of each evidence of any fact (any node with evidence, so a
    new kind of fact is covered as it comes) -> its position in the order of the evidence query,
    from 1: its document's kg:sourceNewestFirst (date newest first, undated last, then IRI), then
    the fact's IRI, the offsets and the rule. SPARQL orders IRIs and plain literals by their
    characters, as Python orders str. A query for the first N rows then looks up N positions
    instead of sorting the evidence of the newest documents."""
    keyed = []
    for fact, data in graph.nodes(data=True):
        for ev in data.get("evidence", []):
            position = source_positions.get(ev["document"])
            if position is not None:
                key = (position, fact, ev["start"], ev["end"], ev["rule"])
                keyed.append((key, _evidence_iri(graph, iris, fact, data["kind"], ev)))
    keyed.sort()
    return {node: n for n, (_, node) in enumerate(keyed, start=1)}


def _stance_positions(graph: nx.MultiDiGraph, source_positions: dict[str, int]) -> dict[str, int]:
    """kg:newestFirst of stances: each stance's IRI -> its position in the stances query's order,
    from 1: its document's kg:sourceNewestFirst, then its IRI. Stances are few beside the other
    evidence of a document, so a window over documents read mostly what was not a stance."""
    keyed = sorted(
        (min(source_positions.get(ev["document"], 0) for ev in data["evidence"]), node)
        for node, data in graph.nodes(data=True)
        if data.get("kind") == "stance" and data.get("evidence")
    )
    return {node: n for n, (_, node) in enumerate(keyed, start=1)}


def _sorted(pairs: list[tuple]) -> list[tuple]:
    """The pairs sorted, each once: a triple written twice would make report.json's count a lie."""
    return sorted(dict.fromkeys(pairs), key=lambda po: (po[0], str(po[1])))


def subjects(graph: nx.MultiDiGraph, iris: Iris) -> Iterator[tuple[str, list[tuple]]]:
    """(subject IRI, its (predicate IRI, object term) pairs), every subject once, in a stable order:
    the graph's nodes, each followed by its evidence, then the roles, then the co-occurrence pairs.
    `iris` is the Iris the graph was built with (kg.graph.build_graph)."""
    role_titles: dict[str, Counter] = {}
    pairs_of_actors: list[tuple[str, str, int]] = []
    source_positions = _source_positions(graph)
    evidence_positions = _evidence_positions(graph, iris, source_positions)
    stance_positions = _stance_positions(graph, source_positions)
    for iri, data in graph.nodes(data=True):
        pairs = _node_pairs(iris, data, role_titles)
        _newest_first(pairs, stance_positions.get(iri))
        if iri in source_positions:
            pairs.append(
                (KG + "sourceNewestFirst", _typed(str(source_positions[iri]), XSD + "integer"))
            )
        kind = data["kind"]
        for _, target, key, articles in graph.out_edges(iri, keys=True, data="articles"):
            if key == "cooccurs":
                pairs_of_actors.append((iri, target, articles))
            elif (predicate := EDGE_PREDICATE.get((kind, key))) is not None:
                pairs.append((predicate, _iri(target)))
        if kind == "ledger":
            reports = list(_ledger_reports(graph, iris, iri))
            pairs += [(KG + "report", _iri(report)) for report, _ in reports]
        evidence = data.get("evidence", [])
        pairs += [
            (PROV + "wasDerivedFrom", _iri(_evidence_iri(graph, iris, iri, kind, ev)))
            for ev in evidence
        ]
        yield iri, _sorted(pairs)
        for node, ev_pairs in _evidence_triples(
            graph, iris, iri, kind, evidence, evidence_positions
        ):
            yield node, _sorted(ev_pairs)
        if kind == "ledger":
            yield from reports
    for role in sorted(role_titles):
        # One role, spelled "President" here and "president" there: one preferred label (the most
        # frequent spelling, then the first in sort order), the others as alternatives.
        titles = role_titles[role]
        preferred, *others = sorted(titles, key=lambda t: (-titles[t], t))
        pairs = [(RDF_TYPE, _iri(ORG + "Role")), (SKOS + "prefLabel", _text(preferred))]
        pairs += [(SKOS + "altLabel", _text(title)) for title in others]
        yield role, _sorted(pairs)
    for a, b, articles in sorted(pairs_of_actors):
        yield cooccurrence(iris, a, b, articles)


def cooccurrence(iris: Iris, a: str, b: str, articles: int) -> tuple[str, list[tuple]]:
    """The kg:Cooccurrence subject of actors `a` and `b` (IRIs minted by `iris`) and its
    (predicate, object) pairs."""
    return iris.cooccurrence(a, b), [
        (RDF_TYPE, _iri(KG + "Cooccurrence")),
        (KG + "actor", _iri(a)),
        (KG + "actor", _iri(b)),
        (KG + "articleCount", _typed(str(articles), XSD + "positiveInteger")),
    ]


@cache  # a few dozen predicates, each made once
def _predicate(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _subject_triples(subject: str, pairs: list[tuple]) -> Iterator[ox.Triple]:
    s = ox.NamedNode(subject)
    for predicate, obj in pairs:
        yield ox.Triple(s, _predicate(predicate), obj)


def triples(graph: nx.MultiDiGraph, iris: Iris) -> Iterator[ox.Triple]:
    """Every triple of the graph's RDF, as Oxigraph terms, streamed (see `subjects` for the
    order)."""
    for subject, pairs in subjects(graph, iris):
        yield from _subject_triples(subject, pairs)


def to_rdf(graph: nx.MultiDiGraph, iris: Iris | None = None):
    """The graph's RDF as an rdflib Graph, for small graphs in notebooks and tests (a build
    streams). `iris`: the Iris the graph was built with (default: one under the default base)."""
    from rdflib import Graph

    g = Graph(bind_namespaces="none")
    for prefix, iri in IRIS.items():
        g.bind(prefix, iri)
    for triple in triples(graph, iris or Iris()):
        g.add(
            (rdflib_term(triple.subject), rdflib_term(triple.predicate), rdflib_term(triple.object))
        )
    return g


def rdflib_term(term):
    """An rdflib term for an Oxigraph IRI or literal."""
    from rdflib import Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    datatype = term.datatype.value
    return (
        Literal(term.value)
        if datatype == XSD_STRING
        else Literal(term.value, datatype=URIRef(datatype))
    )


def _prefixes() -> dict[str, str]:
    return dict(IRIS)


def write_rdf(graph: nx.MultiDiGraph, folder: Path, *, iris: Iris) -> int:
    """graph.nt, graph.ttl and graph.jsonld in `folder`; returns the number of triples. `iris` is
    the Iris the graph was built with.

    One pass over the graph's subjects feeds graph.nt and graph.jsonld (making the terms was a fifth
    of the RDF export, and was done twice); Turtle reads graph.nt back as a stream."""
    count = 0
    nt = folder / GRAPH_NT
    with JsonLdWriter(folder / GRAPH_JSONLD, context=jsonld_context()) as jsonld:

        def each_triple() -> Iterator[ox.Triple]:
            nonlocal count
            for subject, pairs in subjects(graph, iris):
                jsonld.write(subject, pairs)
                for triple in _subject_triples(subject, pairs):
                    count += 1
                    yield triple

        ox.serialize(each_triple(), str(nt), ox.RdfFormat.N_TRIPLES)
    ox.serialize(_read_nt(nt), str(folder / GRAPH_TTL), ox.RdfFormat.TURTLE, prefixes=_prefixes())
    return count


def _read_nt(path: Path) -> Iterator[ox.Triple]:
    return (quad.triple for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES))


def jsonld_context() -> dict:
    context_file = ONTOLOGY_DIR / "context.jsonld"
    if context_file.exists():
        return json.loads(context_file.read_text(encoding="utf-8"))["@context"]
    return _prefixes()
