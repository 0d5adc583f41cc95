"""What a build says, per document, read from its RDF graph (graph.ttl, else graph.nt) through the
RDF contract: `kg eval` scores what users get, not an internal structure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import OutputMissing
from kg.filenames import GRAPH_NT, GRAPH_TTL
from kg.namespaces import ACTOR_CLASSES, IRIS, local_name

# The graph file scored, in order of preference.
SCORED_FILES = (GRAPH_TTL, GRAPH_NT)
_ACTOR_TYPE_OF_CLASS = {iri: name for name, iri in ACTOR_CLASSES.items()}


@dataclass(frozen=True, slots=True)
class SystemActor:
    iri: str
    names: tuple[str, ...]
    types: tuple[str, ...]  # Person, Organization, Country, Group


@dataclass(frozen=True, slots=True)
class SystemStatement:
    iri: str
    speakers: tuple[str, ...]
    text: str


@dataclass(frozen=True, slots=True)
class SystemCommitment:
    iri: str
    committers: tuple[str, ...]
    kinds: tuple[str, ...]
    statuses: tuple[str, ...]
    recipients: tuple[str, ...]
    item: str


@dataclass(frozen=True, slots=True)
class SystemPost:
    iri: str
    persons: tuple[str, ...]
    organizations: tuple[str, ...]
    titles: tuple[str, ...]


@dataclass(slots=True)
class SystemDocument:
    identifier: str
    actors: list[SystemActor] = field(default_factory=list)
    statements: list[SystemStatement] = field(default_factory=list)
    commitments: list[SystemCommitment] = field(default_factory=list)
    posts: list[SystemPost] = field(default_factory=list)
    meta: dict[str, list[str]] = field(default_factory=dict)


def graph_path(out_dir: str | Path) -> Path:
    out = Path(out_dir)
    for name in SCORED_FILES:
        if (out / name).is_file():
            return out / name
    raise OutputMissing(str(out_dir))


def _terms(values: Iterable[Any], namespace: str) -> tuple[str, ...]:
    """The vocabulary terms of `values` in `namespace`, sorted (kgkind:funding -> "funding")."""
    return tuple(sorted(t for v in values if (t := local_name(str(v), namespace)) is not None))


def read_system(out_dir: str | Path) -> dict[str, SystemDocument]:
    """Every document of the build's graph, keyed by `schema:identifier`."""
    from rdflib import Graph, Literal
    from rdflib.namespace import RDF, SKOS

    from kg.namespaces import KG, OA, ORG, PROV, SCHEMA

    path = graph_path(out_dir)
    g = Graph()
    g.parse(path, format="turtle" if path.suffix == ".ttl" else "nt")

    def texts(node, prop) -> tuple[str, ...]:
        return tuple(sorted(str(o) for o in g.objects(node, prop)))

    def names(node, prop) -> tuple[str, ...]:
        # An object may be a node with a schema:name or, leniently, a plain literal.
        out: set[str] = set()
        for obj in g.objects(node, prop):
            if isinstance(obj, Literal):
                out.add(str(obj))
            else:
                out.update(str(n) for n in g.objects(obj, SCHEMA.name))
        return tuple(sorted(out))

    docs: dict[str, SystemDocument] = {}
    doc_id_of: dict[Any, str] = {}
    for doc in g.subjects(RDF.type, SCHEMA.NewsArticle):
        ident = next((str(o) for o in g.objects(doc, SCHEMA.identifier)), str(doc))
        doc_id_of[doc] = ident
        sysdoc = docs.setdefault(ident, SystemDocument(ident))
        sysdoc.meta = {
            "title": list(texts(doc, SCHEMA.headline)),
            "published": list(texts(doc, SCHEMA.datePublished)),
            "publisher": list(names(doc, SCHEMA.publisher)),
            "author": list(names(doc, SCHEMA.author)),
        }
        for actor in sorted(set(g.objects(doc, SCHEMA.mentions)), key=str):
            types = (_ACTOR_TYPE_OF_CLASS.get(str(t)) for t in g.objects(actor, RDF.type))
            sysdoc.actors.append(
                SystemActor(
                    str(actor),
                    texts(actor, SCHEMA.name),
                    tuple(sorted(t for t in types if t)),
                )
            )

    def documents_of(node) -> set[str]:
        out = set()
        for ev in g.objects(node, PROV.wasDerivedFrom):
            sources = list(g.objects(ev, OA.hasSource)) or [ev]
            out.update(doc_id_of[s] for s in sources if s in doc_id_of)
        return out

    for st in sorted(set(g.subjects(RDF.type, SCHEMA.Quotation)), key=str):
        record = SystemStatement(
            str(st), names(st, SCHEMA.creator), " ".join(texts(st, SCHEMA.text))
        )
        for ident in documents_of(st):
            docs[ident].statements.append(record)
    for cm in sorted(set(g.subjects(RDF.type, KG.Commitment)), key=str):
        record = SystemCommitment(
            str(cm),
            names(cm, KG.committer),
            _terms(g.objects(cm, KG.commitmentKind), IRIS["kgkind"]),
            _terms(g.objects(cm, KG.commitmentStatus), IRIS["kgstatus"]),
            names(cm, KG.recipient),
            " ".join(texts(cm, KG.item)),
        )
        for ident in documents_of(cm):
            docs[ident].commitments.append(record)
    for post in sorted(set(g.subjects(RDF.type, ORG.Membership)), key=str):
        titles = tuple(
            sorted(
                str(label)
                for role in g.objects(post, ORG.role)
                for label in g.objects(role, SKOS.prefLabel)
            )
        )
        record = SystemPost(
            str(post), names(post, ORG.member), names(post, ORG.organization), titles or ("",)
        )
        for ident in documents_of(post):
            docs[ident].posts.append(record)
    return docs


def find_document(docs: dict[str, SystemDocument], file: str) -> SystemDocument | None:
    """The system document of a gold `file`: by identifier, else by file name when only one has it
    (the identifier is relative to the input folder the user gave)."""
    if file in docs:
        return docs[file]
    same_name = [d for ident, d in docs.items() if Path(ident).name == Path(file).name]
    return same_name[0] if len(same_name) == 1 else None
