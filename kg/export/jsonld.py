"""JSON-LD: the graph's subjects compacted with ontology/context.jsonld, one node a line, streamed.

The context is fixed and small (terms, prefixes, type coercions), so compacting a node is a lookup
per predicate. rdflib's general compaction (`from_rdf`) needed an rdflib graph of the whole corpus
and took two thirds of the export (163k triples: ~20 s of a 38 s export under the profiler), and
pyoxigraph's JSON-LD writer writes expanded JSON-LD only. Every build's graph.jsonld is read back by
rdflib's JSON-LD parser in the tests and must be isomorphic to graph.nt.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from kg.export.jsonstream import JsonArrayWriter, dumps
from kg.namespaces import RDF_TYPE, XSD_STRING, iri_compacter


class Compactor:
    """Compacts (subject, [(predicate IRI, Oxigraph term)]) into a JSON-LD node object for
    `context`."""

    def __init__(self, context: dict):
        self.prefixes = {
            term: value
            for term, value in context.items()
            if isinstance(value, str) and value.endswith(("/", "#"))
        }
        # Longest namespace first, so an IRI takes its most specific prefix (kgkind: before kg:).
        self._compact = iri_compacter(
            dict(sorted(self.prefixes.items(), key=lambda p: (-len(p[1]), p[0])))
        )
        self.terms: dict[
            str, tuple[str, str | None]
        ] = {}  # property IRI -> (term, "@id" | datatype IRI | None)
        self.classes: dict[str, str] = {}
        for term, value in context.items():
            if term in self.prefixes or term.startswith("@"):
                continue
            if isinstance(value, str):
                iri, coercion = self.expand(value), None
                self.classes.setdefault(iri, term)
            else:
                iri, coercion = self.expand(value["@id"]), value.get("@type")
                if coercion not in (None, "@id"):
                    coercion = self.expand(coercion)
            self.terms.setdefault(iri, (term, coercion))

    def expand(self, curie: str) -> str:
        prefix, colon, local = curie.partition(":")
        return self.prefixes[prefix] + local if colon and prefix in self.prefixes else curie

    def iri(self, iri: str) -> str:
        return self._compact(iri) or iri

    def value(self, term, coercion: str | None):
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value) if coercion == "@id" else {"@id": self.iri(term.value)}
        if term.language:
            return {"@value": term.value, "@language": term.language}
        datatype = term.datatype.value
        if datatype == coercion or (datatype == XSD_STRING and coercion is None):
            return term.value
        if datatype == XSD_STRING:
            return {"@value": term.value}
        return {"@value": term.value, "@type": self.iri(datatype)}

    def node(self, subject: str, pairs: Iterable[tuple[str, object]]) -> dict:
        node: dict = {"@id": subject}
        types: list[str] = []
        values: dict[str, list] = {}
        for predicate, obj in pairs:
            if predicate == RDF_TYPE and isinstance(obj, ox.NamedNode):
                types.append(self.classes.get(obj.value) or self.iri(obj.value))
                continue
            term, coercion = self.terms.get(predicate, (self.iri(predicate), None))
            values.setdefault(term, []).append(self.value(obj, coercion))
        if types:
            node["@type"] = types[0] if len(types) == 1 else types
        for term, found in values.items():
            node[term] = found[0] if len(found) == 1 else found
        return node


class JsonLdWriter:
    """`{"@context": ..., "@graph": [...]}` to `path`, a node a line, as subjects are given to
    `write` (each once, with all its pairs). The file is complete when the `with` block ends without
    error."""

    def __init__(self, path: Path, *, context: dict):
        self._path = path
        self._context = context
        self._compactor = Compactor(context)

    def __enter__(self) -> JsonLdWriter:
        self._out = open(self._path, "w", encoding="utf-8")
        self._out.write(f'{{"@context": {dumps(self._context)},\n"@graph": ')
        self._nodes = JsonArrayWriter(self._out)
        return self

    def write(self, subject: str, pairs: Iterable[tuple[str, object]]) -> None:
        self._nodes.add(self._compactor.node(subject, pairs))

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self._nodes.close()
            self._out.write("}\n")
        self._out.close()


def write_jsonld(subjects: Iterable[tuple[str, list[tuple]]], path: Path, *, context: dict) -> None:
    """graph.jsonld of `subjects` ((subject, pairs), each subject once)."""
    with JsonLdWriter(path, context=context) as out:
        for subject, pairs in subjects:
            out.write(subject, pairs)
