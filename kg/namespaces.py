"""The RDF namespaces of the contract (../shared/design/rdf-contract.md) and how data IRIs are
minted."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from urllib.parse import quote

# The namespaces as plain strings: what the build needs. rdflib's Namespace objects (below, for
# rdflib users: `kg eval`, validation, notebooks) are made on first use, because importing rdflib
# costs a build 0.2 s it has no other use for.
IRIS: dict[str, str] = {
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "kg": "https://example.org/kg/ontology#",
    "kgkind": "https://example.org/kg/ontology/commitment-kind/",
    "kgstatus": "https://example.org/kg/ontology/commitment-status/",
    "wd": "http://www.wikidata.org/entity/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
}

DEFAULT_BASE = "https://example.org/kg/id/"
RDF_TYPE = IRIS["rdf"] + "type"
XSD_STRING = IRIS["xsd"] + "string"
# An actor's type in the graph (kg.graph) -> its class in the RDF.
ACTOR_CLASSES = {
    "Person": IRIS["schema"] + "Person",
    "Organization": IRIS["schema"] + "Organization",
    "Country": IRIS["schema"] + "Country",
    "Group": IRIS["kg"] + "Group",
}

# Module attribute -> prefix, for the rdflib Namespace objects made by __getattr__.
_RDFLIB_NAMESPACES = {
    "SCHEMA": "schema",
    "PROV": "prov",
    "OA": "oa",
    "ORG": "org",
    "KG": "kg",
    "KG_KIND": "kgkind",
    "KG_STATUS": "kgstatus",
    "WD": "wd",
}


def __getattr__(name: str):
    """SCHEMA, PROV, OA, ORG, KG, KG_KIND, KG_STATUS, WD (rdflib Namespaces) and PREFIXES (prefix ->
    rdflib Namespace, in IRIS order), made on first use."""
    if name not in _RDFLIB_NAMESPACES and name != "PREFIXES":
        # Checked first: the import system asks for names such as __path__ on every `from` import.
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rdflib import Namespace

    if name == "PREFIXES":
        value = {prefix: Namespace(iri) for prefix, iri in IRIS.items()}
    else:
        value = Namespace(IRIS[_RDFLIB_NAMESPACES[name]])
    globals()[name] = value
    return value


def compact_iri(iri: str, prefixes: dict[str, str]) -> str | None:
    """ "https://schema.org/name" -> "schema:name" with the first prefix (in `prefixes` order) that
    fits; None when none does."""
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
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
        return f"{names[found.lastindex - 1]}:{iri[found.end() :]}"

    return compact


def local_name(iri: str, namespace: str) -> str | None:
    """The term of `iri` in vocabulary `namespace` ("funding" of kgkind:funding); None if `iri`
    is not in it."""
    return (
        iri[len(namespace) :] if iri.startswith(namespace) and len(iri) > len(namespace) else None
    )


def curie(iri: str, prefixes: dict[str, str]) -> str:
    """ "https://schema.org/name" -> "schema:name" with the first prefix that fits, else "<iri>"."""
    return compact_iri(iri, prefixes) or f"<{iri}>"


def slug(text: str) -> str:
    """A stable, readable IRI segment: "Volodymyr Zelenskyy" -> "volodymyr-zelenskyy"; a name with
    no ASCII letter or digit keeps its own letters, percent-encoded."""
    text = re.sub(r"['’‘`]", "", text)  # "Ukraine's" and "Ukraine’s" give one slug
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    out = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if out:
        return out
    # Nothing ASCII to keep ("Путін", "Зеленський"): one fixed slug would make all such names one
    # actor, so the name itself is kept, case-folded and percent-encoded.
    kept = "-".join(unicodedata.normalize("NFC", text).casefold().split())
    return quote(kept, safe="", errors="surrogatepass") or "x"


def document_segment(doc_id: str) -> str:
    """The one IRI path segment of a document id: the id percent-encoded (UTF-8), everything but
    ASCII letters, digits and "-._~". Unlike a slug it is injective (case, non-ASCII letters and
    punctuation all count: "Report.txt" and "report.txt", "Україна.txt" and "Росія.txt" are two
    documents) and it holds no "/", so the IRIs minted from it cannot run into one another; a plain
    ASCII file name reads as itself ("national-herald-moore-mi6.txt"). A lone surrogate (a file
    name that is not UTF-8, as Python decodes it) is encoded too, by its own bytes."""
    return quote(doc_id, safe="", errors="surrogatepass")


class Iris:
    """Mints every data IRI under one base, deterministically from content: the one place that
    knows how kg's IRIs are made. Everything minted from a document carries its
    `document_segment`, so facts of two documents never share an IRI.

    IRIs are never cut apart to get their parts back: what a later IRI is minted from is passed
    in, and the id of each actor this Iris minted is remembered (`cooccurrence` is minted from
    two actors' ids)."""

    def __init__(self, base: str = DEFAULT_BASE):
        self.base = base if base.endswith(("/", "#")) else base + "/"
        self._actor_ids: dict[str, str] = {}  # actor IRI -> the id it was minted from

    def document(self, doc_id: str) -> str:
        return f"{self.base}doc/{document_segment(doc_id)}"

    def actor(self, actor_id: str) -> str:
        iri = f"{self.base}actor/{actor_id}"
        self._actor_ids[iri] = actor_id
        return iri

    def role(self, title: str) -> str:
        return f"{self.base}role/{slug(title)}"

    def post(self, person_id: str, org_id: str | None, title: str) -> str:
        return f"{self.base}post/{person_id}/{org_id or 'none'}/{slug(title)}"

    def statement(self, doc_id: str, start: int, end: int) -> str:
        return f"{self.base}statement/{document_segment(doc_id)}/{start}-{end}"

    def stance(self, doc_id: str, start: int, end: int) -> str:
        return f"{self.base}stance/{document_segment(doc_id)}/{start}-{end}"

    def commitment(self, doc_id: str, start: int, end: int, n: int) -> str:
        return f"{self.base}commitment/{document_segment(doc_id)}/{start}-{end}-{n}"

    def claim(self, doc_id: str, start: int, end: int) -> str:
        """The kg:Claim whose first report is the statement minted from the same arguments."""
        return f"{self.base}claim/{document_segment(doc_id)}/{start}-{end}"

    def ledger_entry(self, doc_id: str, start: int, end: int, n: int) -> str:
        """The kg:LedgerEntry whose first report is the commitment minted from the same
        arguments."""
        return f"{self.base}ledger/{document_segment(doc_id)}/{start}-{end}-{n}"

    def ledger_report(self, entry: str, n: int) -> str:
        """The `n`th report (in date order, from 1) of ledger entry `entry` (an IRI)."""
        return f"{entry}/report/{n}"

    def evidence(
        self, fact: str, start: int, end: int, rule: str, *, doc_id: str | None = None
    ) -> str:
        """The evidence node of `fact` (an IRI) at `start`-`end`. A fact read from one document (a
        statement, a commitment) names it in its own IRI; one that gathers evidence across
        documents (a post) passes the document's id, or the same span in two articles would be
        one node with two sources."""
        where = f"{document_segment(doc_id)}/" if doc_id is not None else ""
        return f"{fact}/evidence/{where}{start}-{end}/{slug(rule)}"

    def position_selector(self, evidence: str) -> str:
        """The oa:TextPositionSelector of an evidence node (an IRI from `evidence`)."""
        return f"{evidence}/position"

    def quote_selector(self, evidence: str) -> str:
        """The oa:TextQuoteSelector of an evidence node (an IRI from `evidence`)."""
        return f"{evidence}/quote"

    def cooccurrence(self, a: str, b: str) -> str:
        """The kg:Cooccurrence of actors `a` and `b`, IRIs this Iris minted (`actor`)."""
        try:
            return f"{self.base}cooccurrence/{self._actor_ids[a]}/{self._actor_ids[b]}"
        except KeyError as missing:
            raise ValueError(
                f"{missing.args[0]} was not minted by this Iris: "
                "pass the Iris the graph was built with"
            ) from None
