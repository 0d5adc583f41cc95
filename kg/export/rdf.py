"""RDF: the networkx graph as RDF, exactly per the contract (../shared/design/rdf-contract.md).

Every IRI is minted from content (kg.namespaces.Iris), so no blank node appears and two builds of
the same input give the same triples; the files are written in a canonical order (sorted
N-Triples, rdflib's sorted Turtle, JSON-LD with its graph sorted by @id) so they are byte-identical.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from kg.namespaces import KG, KG_KIND, KG_STATUS, OA, ORG, PREFIXES, PROV, SCHEMA, WD, slug
from kg.paths import ONTOLOGY_DIR

ACTOR_CLASS = {"Person": SCHEMA.Person, "Organization": SCHEMA.Organization, "Country": SCHEMA.Country, "Group": KG.Group}
EDGE_PREDICATE = {
    ("document", "mentions"): SCHEMA.mentions,
    ("document", "author"): SCHEMA.author,
    ("document", "publisher"): SCHEMA.publisher,
    ("statement", "creator"): SCHEMA.creator,
    ("statement", "mentions"): SCHEMA.mentions,
    ("commitment", "committer"): KG.committer,
    ("commitment", "recipient"): KG.recipient,
    ("commitment", "asserted_by"): KG.assertedBy,
    ("post", "member"): ORG.member,
    ("post", "organization"): ORG.organization,
}


def _decimal(value: float | int) -> Literal:
    # Plain notation, never an exponent, and always a point: rdflib's Turtle writer turns
    # "1500000000"^^xsd:decimal into 1500000000.0, which would not read back as the same literal.
    text = format(Decimal(repr(float(value))).normalize(), "f")
    return Literal(text if "." in text else text + ".0", datatype=XSD.decimal)


def _add_evidence(g: Graph, fact: URIRef, evidence: list[dict]) -> None:
    for ev in evidence:
        node = URIRef(f"{fact}/evidence/{ev['start']}-{ev['end']}/{slug(ev['rule'])}")
        position, quote = URIRef(f"{node}/position"), URIRef(f"{node}/quote")
        g.add((fact, PROV.wasDerivedFrom, node))
        g.add((node, RDF.type, OA.SpecificResource))
        g.add((node, OA.hasSource, URIRef(ev["document"])))
        g.add((node, OA.hasSelector, position))
        g.add((node, OA.hasSelector, quote))
        g.add((node, KG.rule, Literal(ev["rule"])))
        g.add((node, KG.confidence, _decimal(ev["confidence"])))
        g.add((position, RDF.type, OA.TextPositionSelector))
        g.add((position, OA.start, Literal(ev["start"], datatype=XSD.nonNegativeInteger)))
        g.add((position, OA.end, Literal(ev["end"], datatype=XSD.nonNegativeInteger)))
        g.add((quote, RDF.type, OA.TextQuoteSelector))
        g.add((quote, OA.exact, Literal(ev["exact"])))


def _literal(g: Graph, s: URIRef, p: URIRef, value, datatype=None) -> None:
    if value is not None and value != "":
        g.add((s, p, Literal(value, datatype=datatype)))


def to_rdf(graph: nx.MultiDiGraph) -> Graph:
    g = Graph(bind_namespaces="none")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    role_titles: dict[URIRef, Counter] = {}
    for iri, data in graph.nodes(data=True):
        s = URIRef(iri)
        kind = data["kind"]
        if kind == "actor":
            g.add((s, RDF.type, ACTOR_CLASS[data["type"]]))
            g.add((s, SCHEMA.name, Literal(data["name"])))
            for alias in data.get("aliases", []):
                g.add((s, SCHEMA.alternateName, Literal(alias)))
            if data.get("wikidata"):
                g.add((s, SCHEMA.sameAs, WD[data["wikidata"]]))
        elif kind == "document":
            g.add((s, RDF.type, SCHEMA.NewsArticle))
            g.add((s, SCHEMA.identifier, Literal(data["identifier"])))
            _literal(g, s, SCHEMA.headline, data.get("title"))
            _literal(g, s, SCHEMA.datePublished, data.get("published"), XSD.date)
            if data.get("url"):
                g.add((s, SCHEMA.url, URIRef(data["url"])))
        elif kind == "statement":
            g.add((s, RDF.type, SCHEMA.Quotation))
            g.add((s, SCHEMA.text, Literal(data["text"])))
            g.add((s, KG.statementKind, KG[data["statement_kind"]]))
            g.add((s, KG.cue, Literal(data["cue"])))
            _literal(g, s, SCHEMA.dateCreated, data.get("date"), XSD.date)
            _add_evidence(g, s, data["evidence"])
        elif kind == "commitment":
            g.add((s, RDF.type, KG.Commitment))
            g.add((s, KG.commitmentKind, KG_KIND[data["commitment_kind"]]))
            g.add((s, KG.commitmentStatus, KG_STATUS[data["status"]]))
            g.add((s, KG.item, Literal(data["item"])))
            g.add((s, SCHEMA.text, Literal(data["text"])))
            if data.get("quantity") is not None:
                g.add((s, KG.quantity, _decimal(data["quantity"])))
                _literal(g, s, KG.unit, data.get("unit"))
            if data.get("amount") is not None:
                g.add((s, KG.amount, _decimal(data["amount"])))
                _literal(g, s, KG.currency, data.get("currency"))
                _literal(g, s, KG.amountBound, data.get("amount_bound"))
            _add_evidence(g, s, data["evidence"])
        elif kind == "post":
            role = URIRef(iri.split("/post/")[0] + "/role/" + slug(data["title"]))
            g.add((s, RDF.type, ORG.Membership))
            g.add((s, ORG.role, role))
            g.add((role, RDF.type, ORG.Role))
            role_titles.setdefault(role, Counter())[data["title"]] += 1
            _add_evidence(g, s, data["evidence"])
    for role, titles in role_titles.items():
        # One role, spelled "President" here and "president" there: one preferred label (the most
        # frequent spelling, then the first in sort order), the others as alternatives.
        preferred, *others = sorted(titles, key=lambda t: (-titles[t], t))
        g.add((role, SKOS.prefLabel, Literal(preferred)))
        for title in others:
            g.add((role, SKOS.altLabel, Literal(title)))
    for u, v, key in graph.edges(keys=True):
        predicate = EDGE_PREDICATE.get((graph.nodes[u]["kind"], key))
        if predicate is not None:
            g.add((URIRef(u), predicate, URIRef(v)))
    return g


def canonical_triples(g: Graph) -> list:
    """The graph's triples as Oxigraph terms in a canonical order (no blank nodes are minted).

    The key compares plain strings: rdflib terms are str subclasses, and sorting on rdflib's own
    rich comparisons took longer than writing the files."""
    import pyoxigraph as ox

    def term(t):
        if isinstance(t, URIRef):
            return ox.NamedNode(str(t))
        if t.language:
            return ox.Literal(str(t), language=t.language)
        if t.datatype:
            return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)))
        return ox.Literal(str(t))

    def key(triple):
        s, p, o = triple
        return (str.__str__(s), str.__str__(p), str.__str__(o), str(getattr(o, "datatype", None) or ""), getattr(o, "language", None) or "")

    return [ox.Triple(term(s), term(p), term(o)) for s, p, o in sorted(g, key=key)]


def _serialize(triples: list, path: Path, format_name: str) -> None:
    # rdflib builds the graph; Oxigraph's serialisers write it, several times faster than rdflib's
    # Turtle writer on real builds, from the same sorted triples so the files are stable.
    import pyoxigraph as ox

    prefixes = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    ox.serialize(triples, str(path), getattr(ox.RdfFormat, format_name), prefixes=prefixes)


def write_rdf(g: Graph, folder: Path) -> None:
    """graph.ttl, graph.nt and graph.jsonld, sorting the triples once for both Oxigraph writers."""
    triples = canonical_triples(g)
    _serialize(triples, folder / "graph.ttl", "TURTLE")
    _serialize(triples, folder / "graph.nt", "N_TRIPLES")
    write_jsonld(g, folder / "graph.jsonld")


def jsonld_context() -> dict:
    context_file = ONTOLOGY_DIR / "context.jsonld"
    if context_file.exists():
        return json.loads(context_file.read_text(encoding="utf-8"))["@context"]
    return {prefix: str(ns) for prefix, ns in PREFIXES.items()}


def write_jsonld(g: Graph, path: Path) -> None:
    """Compacted with ontology/context.jsonld (rdflib does the JSON-LD), one node a line.

    The object comes straight from rdflib (no text round trip) and each node is written with the
    C JSON encoder: indenting the whole document forced the pure-Python one, a third of the time."""
    from rdflib.plugins.serializers.jsonld import from_rdf

    context = jsonld_context()
    data = from_rdf(g, context_data=context, auto_compact=True)
    nodes = data.get("@graph") if isinstance(data, dict) else None
    if nodes is None:  # a graph of one node compacts without "@graph"
        nodes = [{k: v for k, v in data.items() if k != "@context"}] if data else []
    nodes.sort(key=lambda node: node.get("@id", ""))

    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    lines = ",\n".join(dump(node) for node in nodes)
    path.write_text(f'{{"@context": {dump(context)},\n"@graph": [\n{lines}\n]}}\n', encoding="utf-8")
