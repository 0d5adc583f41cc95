"""The row model of a build: one typed, flat record per node of the graph, read from networkx.

A row carries the IRI of its node, so a table joins back to the RDF. Rows are read from the
networkx graph of kg.graph (its schema is in that module's docstring), so rows, tables
(kg.export.tables) and `kg.load(...).statements()` (kg.api) agree node for node.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx


# ------------------------------------------------------------------ rows


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    """One place in one document a fact was read from (character offsets, end exclusive)."""

    fact_iri: str
    fact_kind: str  # post | statement | commitment | stance
    document_iri: str
    document: str | None  # the document's identifier (its file name)
    start: int
    end: int
    exact: str
    rule: str
    confidence: float


@dataclass(frozen=True, slots=True)
class DocumentRow:
    iri: str
    identifier: str
    title: str | None
    published: str | None  # ISO date
    author: str | None
    author_iri: str | None
    publisher: str | None
    publisher_iri: str | None
    url: str | None
    mentions: tuple[str, ...]  # names of the actors the article mentions


@dataclass(frozen=True, slots=True)
class ActorRow:
    iri: str
    name: str
    type: str  # Person | Organization | Country | Group
    aliases: tuple[str, ...]
    wikidata: str | None  # "Q..." where curated
    documents: int  # how many documents mention the actor
    statements: int  # how many statements the actor made
    claims: int  # how many claims (quotes, however often reported) the actor made
    commitments: int  # how many commitments the actor is a committer of
    stances: int  # how many stances (what it wants, supports, opposes or judges) the actor holds


@dataclass(frozen=True, slots=True)
class PostRow:
    iri: str
    title: str
    person: str
    person_iri: str
    organization: str | None
    organization_iri: str | None
    evidence: tuple[EvidenceRow, ...]


@dataclass(frozen=True, slots=True)
class StatementRow:
    iri: str
    speaker: str
    speaker_iri: str
    text: str
    kind: str  # direct | partial | mixed | indirect
    cue: str
    date: str | None
    document: str | None
    document_iri: str | None
    mentions: tuple[str, ...]  # names of the actors named inside the statement
    mention_iris: tuple[str, ...]
    evidence: tuple[EvidenceRow, ...]


@dataclass(frozen=True, slots=True)
class CommitmentRow:
    iri: str
    committers: tuple[str, ...]
    committer_iris: tuple[str, ...]
    recipient: str | None
    recipient_iri: str | None
    asserted_by: str | None
    asserted_by_iri: str | None
    kind: str
    status: str
    item: str
    quantity: float | None
    unit: str | None
    amount: float | None
    currency: str | None  # ISO 4217
    amount_bound: str | None  # exact | min | max | approx
    text: str
    cue: str
    document: str | None
    document_iri: str | None
    other_amounts: tuple[tuple[float, str, str], ...]  # (amount, currency, bound)
    evidence: tuple[EvidenceRow, ...]


@dataclass(frozen=True, slots=True)
class StanceRow:
    """What an actor wants, intends, supports, opposes or judges (kg.graph's `stance`): not a
    statement, nobody is reported saying it."""

    iri: str
    holder: str
    holder_iri: str
    text: str  # what is wanted, supported or judged: "to join Nato"
    kind: str  # intention | position | view
    cue: str  # the verb's lemma: "want", "oppose", "see"
    date: str | None
    document: str | None
    document_iri: str | None
    mentions: tuple[str, ...]  # names of the actors named inside the stance
    mention_iris: tuple[str, ...]
    evidence: tuple[EvidenceRow, ...]


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """One quote of one speaker, however many articles report it (kg.claims)."""

    iri: str
    speaker: str
    speaker_iri: str
    text: str
    first_reported: str | None  # ISO date of the earliest dated report
    last_reported: str | None
    reports: int  # statements (one per article, or more when an article repeats it differently)
    documents: int  # articles
    statement_iris: tuple[str, ...]  # the reports, earliest first


@dataclass(frozen=True, slots=True)
class LedgerRow:
    """One commitment across the articles that report it (kg.ledger), in the shape of the Kiel
    Ukraine Support Tracker: donor, recipient, kind, item, amount, currency, first reported,
    latest status, reports."""

    donor: str  # "; "-joined when several give together
    recipient: str | None
    kind: str
    item: str
    amount: float | None
    currency: str | None
    first_reported: str | None  # ISO date
    last_reported: str | None
    latest_status: str
    status_history: tuple[str, ...]  # "2022-05-19 committed", in date order
    reports: int  # commitments read from articles
    documents: int  # articles
    quantity: float | None
    unit: str | None
    amount_bound: str | None
    iri: str
    donor_iris: tuple[str, ...]
    recipient_iri: str | None
    commitment_iris: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MentionRow:
    """An actor named by a document, or inside a statement or a stance."""

    source_iri: str
    source_kind: str  # document | statement | stance
    actor_iri: str
    actor: str
    document_iri: str | None


# table name -> row class; the order of `kg export --format csv` and `to_pandas()`
ROW_TYPES: dict[str, type] = {
    "documents": DocumentRow,
    "actors": ActorRow,
    "posts": PostRow,
    "statements": StatementRow,
    "commitments": CommitmentRow,
    "stances": StanceRow,
    "claims": ClaimRow,
    "ledger": LedgerRow,
    "mentions": MentionRow,
    "evidence": EvidenceRow,
}


# ------------------------------------------------------------------ reading the graph


def _targets(graph: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    return sorted(v for _, v, key in graph.out_edges(node, keys=True) if key == relation)


def _sources(graph: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    return sorted(u for u, _, key in graph.in_edges(node, keys=True) if key == relation)


def _first(graph: nx.MultiDiGraph, node: str, relation: str) -> str | None:
    targets = _targets(graph, node, relation)
    return targets[0] if targets else None


def _name(graph: nx.MultiDiGraph, node: str | None) -> str | None:
    if node is None:
        return None
    data = graph.nodes[node]
    return data.get("name") or data.get("label") or node


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _nodes(graph: nx.MultiDiGraph, kind: str) -> list[tuple[str, dict]]:
    of_kind = ((n, d) for n, d in graph.nodes(data=True) if d.get("kind") == kind)
    return sorted(of_kind, key=lambda nd: nd[0])


def evidence_rows(graph: nx.MultiDiGraph, node: str) -> tuple[EvidenceRow, ...]:
    data = graph.nodes[node]
    rows = []
    for ev in data.get("evidence") or []:
        doc = ev["document"]
        rows.append(
            EvidenceRow(
                fact_iri=node,
                fact_kind=data["kind"],
                document_iri=doc,
                document=graph.nodes[doc].get("identifier") if doc in graph else None,
                start=int(ev["start"]),
                end=int(ev["end"]),
                exact=ev["exact"],
                rule=ev["rule"],
                confidence=float(ev["confidence"]),
            )
        )
    return tuple(rows)


def _document_row(graph: nx.MultiDiGraph, iri: str, d: dict) -> DocumentRow:
    author, publisher = _first(graph, iri, "author"), _first(graph, iri, "publisher")
    return DocumentRow(
        iri=iri,
        identifier=d.get("identifier") or iri,
        title=d.get("title"),
        published=d.get("published"),
        # The byline as written when no actor was resolved for it.
        author=_name(graph, author) or d.get("author"),
        author_iri=author,
        publisher=_name(graph, publisher) or d.get("publisher"),
        publisher_iri=publisher,
        url=d.get("url"),
        mentions=tuple(_name(graph, a) for a in _targets(graph, iri, "mentions")),
    )


def _actor_row(graph: nx.MultiDiGraph, iri: str, d: dict) -> ActorRow:
    mentioned_by = {
        u for u in _sources(graph, iri, "mentions") if graph.nodes[u].get("kind") == "document"
    }
    return ActorRow(
        iri=iri,
        name=d.get("name") or d.get("label") or iri,
        type=d.get("type") or "",
        aliases=tuple(d.get("aliases") or ()),
        wikidata=d.get("wikidata"),
        documents=len(mentioned_by),
        statements=len(_sources(graph, iri, "creator")),
        claims=len(_sources(graph, iri, "author")),
        commitments=len(_sources(graph, iri, "committer")),
        stances=len(_sources(graph, iri, "holder")),
    )


def _post_row(graph: nx.MultiDiGraph, iri: str, d: dict) -> PostRow:
    person, org = _first(graph, iri, "member"), _first(graph, iri, "organization")
    return PostRow(
        iri=iri,
        title=d.get("title") or d.get("label") or "",
        person=_name(graph, person) or "",
        person_iri=person or "",
        organization=_name(graph, org),
        organization_iri=org,
        evidence=evidence_rows(graph, iri),
    )


def _statement_row(graph: nx.MultiDiGraph, iri: str, d: dict) -> StatementRow:
    speakers = _targets(graph, iri, "creator")
    mentioned = _targets(graph, iri, "mentions")
    doc = _first(graph, iri, "source")
    return StatementRow(
        iri=iri,
        speaker="; ".join(_name(graph, s) for s in speakers),
        speaker_iri="; ".join(speakers),
        text=d.get("text") or "",
        kind=d.get("statement_kind") or "",
        cue=d.get("cue") or "",
        date=d.get("date"),
        document=graph.nodes[doc].get("identifier") if doc else None,
        document_iri=doc,
        mentions=tuple(_name(graph, a) for a in mentioned),
        mention_iris=tuple(mentioned),
        evidence=evidence_rows(graph, iri),
    )


def _stance_row(graph: nx.MultiDiGraph, iri: str, d: dict) -> StanceRow:
    holder = _first(graph, iri, "holder")
    mentioned = _targets(graph, iri, "mentions")
    doc = _first(graph, iri, "source")
    return StanceRow(
        iri=iri,
        holder=_name(graph, holder) or "",
        holder_iri=holder or "",
        text=d.get("text") or "",
        kind=d.get("stance_kind") or "",
        cue=d.get("cue") or "",
        date=d.get("date"),
        document=graph.nodes[doc].get("identifier") if doc else None,
        document_iri=doc,
        mentions=tuple(_name(graph, a) for a in mentioned),
        mention_iris=tuple(mentioned),
        evidence=evidence_rows(graph, iri),
    )


def _commitment_row(graph: nx.MultiDiGraph, iri: str, d: dict) -> CommitmentRow:
    committers = _targets(graph, iri, "committer")
    recipient, asserted_by = _first(graph, iri, "recipient"), _first(graph, iri, "asserted_by")
    doc = _first(graph, iri, "source")
    return CommitmentRow(
        iri=iri,
        committers=tuple(_name(graph, c) for c in committers),
        committer_iris=tuple(committers),
        recipient=_name(graph, recipient),
        recipient_iri=recipient,
        asserted_by=_name(graph, asserted_by),
        asserted_by_iri=asserted_by,
        kind=d.get("commitment_kind") or "",
        status=d.get("status") or "",
        item=d.get("item") or "",
        quantity=_number(d.get("quantity")),
        unit=d.get("unit"),
        amount=_number(d.get("amount")),
        currency=d.get("currency"),
        amount_bound=d.get("amount_bound"),
        text=d.get("text") or "",
        cue=d.get("cue") or "",
        document=graph.nodes[doc].get("identifier") if doc else None,
        document_iri=doc,
        other_amounts=tuple((float(a), str(c), str(b)) for a, c, b in d.get("other_amounts") or ()),
        evidence=evidence_rows(graph, iri),
    )


def _claim_row(graph: nx.MultiDiGraph, iri: str, d: dict) -> ClaimRow:
    speaker = _first(graph, iri, "author")
    reports = _targets(graph, iri, "report")
    first = _first(graph, iri, "first_report")
    # earliest first: the first report, then by date and IRI
    ordered = sorted(reports, key=lambda s: (s != first, graph.nodes[s].get("date") or "9999", s))
    return ClaimRow(
        iri=iri,
        speaker=_name(graph, speaker) or "",
        speaker_iri=speaker or "",
        text=d.get("text") or "",
        first_reported=d.get("first_reported"),
        last_reported=d.get("last_reported"),
        reports=int(d.get("reports") or len(reports)),
        documents=int(d.get("documents") or 0),
        statement_iris=tuple(ordered),
    )


def _ledger_row(graph: nx.MultiDiGraph, iri: str, d: dict) -> LedgerRow:
    donors = _targets(graph, iri, "donor")
    recipient = _first(graph, iri, "recipient")
    return LedgerRow(
        donor="; ".join(_name(graph, a) for a in donors),
        recipient=_name(graph, recipient),
        kind=d.get("commitment_kind") or "",
        item=d.get("item") or "",
        amount=_number(d.get("amount")),
        currency=d.get("currency"),
        first_reported=d.get("first_reported"),
        last_reported=d.get("last_reported"),
        latest_status=d.get("latest_status") or "",
        status_history=tuple(
            f"{day or 'undated'} {status}" for day, status in d.get("status_history") or ()
        ),
        reports=int(d.get("reports") or 0),
        documents=int(d.get("documents") or 0),
        quantity=_number(d.get("quantity")),
        unit=d.get("unit"),
        amount_bound=d.get("amount_bound"),
        iri=iri,
        donor_iris=tuple(donors),
        recipient_iri=recipient,
        commitment_iris=tuple(_targets(graph, iri, "report")),
    )


def claim_rows(graph: nx.MultiDiGraph) -> list[ClaimRow]:
    return [_claim_row(graph, iri, d) for iri, d in _nodes(graph, "claim")]


def ledger_rows(graph: nx.MultiDiGraph) -> list[LedgerRow]:
    """The ledger, latest report first (undated last), then by IRI: the order of the canned query
    `ledger`."""
    rows = [_ledger_row(graph, iri, d) for iri, d in _nodes(graph, "ledger")]
    rows.sort(key=lambda r: r.iri)
    rows.sort(key=lambda r: r.last_reported or "", reverse=True)
    return rows


def document_rows(graph: nx.MultiDiGraph) -> list[DocumentRow]:
    return [_document_row(graph, iri, d) for iri, d in _nodes(graph, "document")]


def actor_rows(graph: nx.MultiDiGraph) -> list[ActorRow]:
    return [_actor_row(graph, iri, d) for iri, d in _nodes(graph, "actor")]


def post_rows(graph: nx.MultiDiGraph) -> list[PostRow]:
    return [_post_row(graph, iri, d) for iri, d in _nodes(graph, "post")]


def statement_rows(graph: nx.MultiDiGraph) -> list[StatementRow]:
    return [_statement_row(graph, iri, d) for iri, d in _nodes(graph, "statement")]


def commitment_rows(graph: nx.MultiDiGraph) -> list[CommitmentRow]:
    return [_commitment_row(graph, iri, d) for iri, d in _nodes(graph, "commitment")]


def stance_rows(graph: nx.MultiDiGraph) -> list[StanceRow]:
    return [_stance_row(graph, iri, d) for iri, d in _nodes(graph, "stance")]


def mention_rows(graph: nx.MultiDiGraph) -> list[MentionRow]:
    rows = []
    for kind in ("document", "statement", "stance"):
        for iri, _ in _nodes(graph, kind):
            doc = iri if kind == "document" else _first(graph, iri, "source")
            for actor in _targets(graph, iri, "mentions"):
                rows.append(
                    MentionRow(
                        source_iri=iri,
                        source_kind=kind,
                        actor_iri=actor,
                        actor=_name(graph, actor),
                        document_iri=doc,
                    )
                )
    return rows


def all_evidence_rows(graph: nx.MultiDiGraph) -> list[EvidenceRow]:
    rows: list[EvidenceRow] = []
    for kind in ("post", "statement", "commitment", "stance"):
        for iri, _ in _nodes(graph, kind):
            rows.extend(evidence_rows(graph, iri))
    return rows


ROW_READERS = {
    "documents": document_rows,
    "actors": actor_rows,
    "posts": post_rows,
    "statements": statement_rows,
    "commitments": commitment_rows,
    "stances": stance_rows,
    "claims": claim_rows,
    "ledger": ledger_rows,
    "mentions": mention_rows,
    "evidence": all_evidence_rows,
}
