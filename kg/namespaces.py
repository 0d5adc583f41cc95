"""The RDF namespaces of the contract (../shared/design/rdf-contract.md) and how data IRIs are minted."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from rdflib import Namespace
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

SCHEMA = Namespace("https://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
KG = Namespace("https://example.org/kg/ontology#")
KG_KIND = Namespace("https://example.org/kg/ontology/commitment-kind/")
KG_STATUS = Namespace("https://example.org/kg/ontology/commitment-status/")
WD = Namespace("http://www.wikidata.org/entity/")

DEFAULT_BASE = "https://example.org/kg/id/"
# As plain strings, for writers that build terms from str (Oxigraph, JSON-LD).
RDF_TYPE = str(RDF.type)
XSD_STRING = str(XSD.string)

PREFIXES = {
    "schema": SCHEMA,
    "prov": PROV,
    "oa": OA,
    "org": ORG,
    "skos": SKOS,
    "kg": KG,
    "kgkind": KG_KIND,
    "kgstatus": KG_STATUS,
    "wd": WD,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "owl": OWL,
}


def compact_iri(iri: str, prefixes: dict[str, str]) -> str | None:
    """"https://schema.org/name" -> "schema:name" with the first prefix (in `prefixes` order) that
    fits; None when none does."""
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return None


def iri_compacter(prefixes: dict[str, str]) -> Callable[[str], str | None]:
    """`compact_iri` with `prefixes` fixed, for many IRIs: one regular expression tries the
    namespaces in order (in C), where the loop cost a third of the JSON-LD export."""
    names = list(prefixes)
    pattern = re.compile("|".join(f"({re.escape(ns)})" for ns in prefixes.values()))

    def compact(iri: str) -> str | None:
        found = pattern.match(iri)
        if found is None:
            return None
        if found.end() == len(iri):  # the bare namespace: a later, shorter one may still fit
            return compact_iri(iri, prefixes)
        return f"{names[found.lastindex - 1]}:{iri[found.end():]}"

    return compact


def curie(iri: str, prefixes: dict[str, str]) -> str:
    """"https://schema.org/name" -> "schema:name" with the first prefix that fits, else "<iri>"."""
    return compact_iri(iri, prefixes) or f"<{iri}>"


def slug(text: str) -> str:
    """A stable, readable IRI segment: "Volodymyr Zelenskyy" -> "volodymyr-zelenskyy"."""
    text = re.sub(r"['’‘`]", "", text)  # "Ukraine's" and "Ukraine’s" give one slug
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    return out or "x"


class Iris:
    """Mints the data IRIs under one base, deterministically from content."""

    def __init__(self, base: str = DEFAULT_BASE):
        self.base = base if base.endswith(("/", "#")) else base + "/"

    def document(self, doc_id: str) -> str:
        return f"{self.base}doc/{slug(doc_id)}"

    def actor(self, actor_id: str) -> str:
        return f"{self.base}actor/{actor_id}"

    def role(self, title: str) -> str:
        return f"{self.base}role/{slug(title)}"

    def post(self, person_id: str, org_id: str | None, title: str) -> str:
        return f"{self.base}post/{person_id}/{org_id or 'none'}/{slug(title)}"

    def statement(self, doc_id: str, start: int, end: int) -> str:
        return f"{self.base}statement/{slug(doc_id)}/{start}-{end}"

    def commitment(self, doc_id: str, start: int, end: int, n: int) -> str:
        return f"{self.base}commitment/{slug(doc_id)}/{start}-{end}-{n}"

    def evidence(self, doc_id: str, start: int, end: int, rule: str) -> str:
        return f"{self.base}evidence/{slug(doc_id)}/{start}-{end}/{slug(rule)}"
