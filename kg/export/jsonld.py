"""JSON-LD: the graph's subjects compacted with ontology/context.jsonld, one node a line, streamed.

The context is fixed and small (terms, prefixes, type coercions), so compacting a node is a lookup
per predicate. rdflib's general compaction (`from_rdf`) needed an rdflib graph of the whole corpus
and took two thirds of the export (163k triples: ~20 s of a 38 s export under the profiler), and
pyoxigraph's JSON-LD writer writes expanded JSON-LD only. Every build's graph.jsonld is read back by
rdflib's JSON-LD parser in the tests and must be isomorphic to graph.nt.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class Compactor:
    """Compacts (subject, [(predicate IRI, Oxigraph term)]) into a JSON-LD node object for `context`."""

    def __init__(self, context: dict):
        self.prefixes = {term: value for term, value in context.items() if isinstance(value, str) and value.endswith(("/", "#"))}
        # Longest namespace first, so an IRI takes its most specific prefix (kgkind: before kg:).
        self._by_length = sorted(((ns, term) for term, ns in self.prefixes.items()), key=lambda p: (-len(p[0]), p[1]))
        self.terms: dict[str, tuple[str, str | None]] = {}  # property IRI -> (term, "@id" | datatype IRI | None)
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
        for ns, prefix in self._by_length:
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return iri

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


def write_jsonld(subjects: Iterable[tuple[str, list[tuple]]], path: Path, *, context: dict) -> None:
    """`{"@context": ..., "@graph": [...]}` with one node a line, each subject given once with all its pairs."""
    compactor = Compactor(context)

    def dump(value) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    with open(path, "w", encoding="utf-8") as out:
        out.write(f'{{"@context": {dump(context)},\n"@graph": [')
        separator = "\n"
        for subject, pairs in subjects:
            out.write(separator + dump(compactor.node(subject, pairs)))
            separator = ",\n"
        out.write("\n]}\n")
