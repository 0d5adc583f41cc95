"""Graph: the resolved corpus as a networkx MultiDiGraph, the one in-memory form every export reads.

Schema (stable; exports, the HTML view and `kg.load` rely on it):

Nodes are keyed by IRI. Every node has `kind` (document | actor | post | statement | commitment |
stance) and `label` (a short display text). Further attributes by kind:
- document: identifier, title, published, author, publisher, url (str or None), passages (list
  of [start, end, text]: the paragraphs holding the start of some evidence, kg.passages; page
  data carried in graph.json only, not in RDF, GraphML/GEXF or the tables)
- actor: type (Person | Organization | Country | Group), name, aliases (list[str]), wikidata (str or
None)
- post: title, evidence
- statement: text, statement_kind, cue, date, evidence
- commitment: commitment_kind, status, item, quantity, unit, amount, currency, amount_bound,
  text, cue, evidence, other_amounts (list of [amount, currency, bound])
- stance (what an actor wants, intends, supports, opposes or judges, which nobody is reported
  saying: never a statement): text (what is wanted, supported or judged), stance_kind (intention |
  position | view), cue (the verb's lemma: "want", "oppose", "see"), date, evidence
- claim (kg.claims: one quote of one speaker across articles): text, first_reported,
  last_reported (dates or None), reports (statements), documents
- ledger (kg.ledger: one commitment across articles): commitment_kind, item, amount, currency,
  amount_bound, quantity, unit, first_reported, last_reported, latest_status, status_history
  (list of [date, status]), reports (commitments), documents
`evidence` is a list of dicts {document (IRI), start, end, exact, rule, confidence}, sorted.

Edges run in the direction of the RDF property; the edge key and its `relation` attribute name it:
- document -mentions-> actor; document -author-> actor; document -publisher-> actor
- post -member-> actor (person); post -organization-> actor
- statement -creator-> actor; statement -mentions-> actor; statement -source-> document
- commitment -committer-> actor; -recipient-> actor; -asserted_by-> actor; -source-> document
- stance -holder-> actor; stance -mentions-> actor; stance -source-> document (the holder edge is
  not named `creator`, so nothing that counts a speaker's statements counts a stance)
- claim -author-> actor (the speaker); claim -report-> statement; claim -first_report-> statement
- ledger -donor-> actor; ledger -recipient-> actor; ledger -report-> commitment
- actor -cooccurs-> actor (source IRI < target IRI), with `articles`: how many articles mention
both.
  A pair is kept when at least COOCCURRENCE_MIN_ARTICLES articles mention both and it is among
  either actor's COOCCURRENCE_PARTNERS most frequent partners (ties by IRI): all pairs would grow
  with the square of the actors per article, and the strongest partners are what a reader asks for
  ("who appears with NATO?").
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from itertools import combinations

import networkx as nx

from kg.claims import add_claims
from kg.ledger import add_ledger
from kg.namespaces import Iris
from kg.passages import evidence_starts as all_evidence_starts
from kg.passages import held, passages
from kg.records import (
    CommitmentRecord,
    Corpus,
    DocRecords,
    PostRecord,
    StanceRecord,
    StatementRecord,
)

Evidenced = PostRecord | StatementRecord | CommitmentRecord | StanceRecord

COOCCURRENCE_PARTNERS = 20
# A pair named together in one article only is no pattern across the corpus, and such pairs are most
# of them (19.3k of 23.6k on the 178 Guardian articles, which would more than double the graph).
COOCCURRENCE_MIN_ARTICLES = 2
# Commitment node attributes that are the record's fields under the same name (`kind` is renamed).
COMMITMENT_ATTRIBUTES = (
    "status",
    "item",
    "quantity",
    "unit",
    "amount",
    "currency",
    "amount_bound",
    "text",
    "cue",
)


def evidence(
    iris: Iris, doc_id: str, start: int, end: int, exact: str, rule: str, confidence: float
) -> dict:
    return {
        "document": iris.document(doc_id),
        "start": start,
        "end": end,
        "exact": exact,
        "rule": rule,
        "confidence": round(float(confidence), 3),
    }


def _evidence_key(ev: dict) -> tuple:
    return (ev["document"], ev["start"], ev["end"], ev["rule"])


def _add_evidence(graph: nx.MultiDiGraph, node: str, ev: dict) -> None:
    current = graph.nodes[node].setdefault("evidence", [])
    if all(_evidence_key(e) != _evidence_key(ev) for e in current):
        current.append(ev)
        current.sort(key=_evidence_key)


def _add_record_evidence(
    graph: nx.MultiDiGraph, node: str, iris: Iris, doc_id: str, record: Evidenced
) -> None:
    """The evidence of a post, statement, commitment or stance record: its whole span and
    text."""
    r = record
    _add_evidence(
        graph, node, evidence(iris, doc_id, r.start_char, r.end_char, r.text, r.rule, r.confidence)
    )


def _attributes(record: object, *names: str) -> dict:
    """Node attributes copied from the record fields of the same names, in that order."""
    return {name: getattr(record, name) for name in names}


def _edge(graph: nx.MultiDiGraph, u: str, v: str, relation: str) -> None:
    if not graph.has_edge(u, v, key=relation):
        graph.add_edge(u, v, key=relation, relation=relation)


def build_graph(
    corpus: Corpus,
    *,
    iris: Iris | None = None,
    cooccurrence_partners: int = COOCCURRENCE_PARTNERS,
    cooccurrence_min_articles: int = COOCCURRENCE_MIN_ARTICLES,
    consume_records: bool = False,
) -> nx.MultiDiGraph:
    """The graph of `corpus`. With `consume_records` each document's records are let go once they
    are in the graph (corpus.docs is emptied): a build then never holds records and graph whole at
    once."""
    iris = iris or Iris()
    graph = nx.MultiDiGraph()
    # fact node -> what its IRI was minted from, for the claim and ledger entry it may start
    statement_origin: dict[str, tuple[str, int, int]] = {}
    commitment_origin: dict[str, tuple[str, int, int, int]] = {}
    used = _used_actors(corpus)
    for actor in sorted(corpus.actors.values(), key=lambda a: a.id):
        if actor.id in used:
            _add_actor(graph, iris, actor)
    for records in _documents_in_order(corpus, consume=consume_records):
        doc = records.document
        doc_iri = iris.document(doc.id)
        meta = doc.meta
        graph.add_node(
            doc_iri,
            kind="document",
            label=meta.title or doc.id,
            identifier=doc.id,
            **_attributes(meta, "title", "published", "author", "publisher", "url"),
        )
        for role in ("author", "publisher"):
            if agent := corpus.document_agents.get((doc.id, role)):
                _add_actor(graph, iris, corpus.actors[agent])
                _edge(graph, doc_iri, iris.actor(agent), role)
        # An adjective alone ("East German territory") does not make a country a participant.
        mentioned = {
            corpus.actor_id(doc.id, m) for m in records.mentions if m.rule != "gazetteer.demonym"
        } - {None}
        for actor_id in sorted(mentioned):
            _edge(graph, doc_iri, iris.actor(actor_id), "mentions")

        evidence_starts: list[int] = []  # of every evidence kept, for the passages around them
        for post in records.posts:
            person = corpus.actor_id(doc.id, post.person)
            if person is None:
                continue
            org = corpus.actor_id(doc.id, post.organization)
            node = iris.post(person, org, post.title)
            if node not in graph:
                graph.add_node(node, kind="post", label=post.title, title=post.title)
            _add_record_evidence(graph, node, iris, doc.id, post)
            evidence_starts.append(post.start_char)
            _edge(graph, node, iris.actor(person), "member")
            if org:
                _edge(graph, node, iris.actor(org), "organization")

        first_said: dict[tuple[str, str], str] = {}  # (speaker, words) -> statement node
        first_held: dict[tuple[str, str], str] = {}  # (holder, words) -> stance node
        for st in sorted(records.statements, key=lambda r: (r.start_char, r.end_char)):
            speaker = corpus.actor_id(doc.id, st.speaker)
            if speaker is None:
                continue
            # A quote repeated verbatim in one document is one statement with several evidences.
            said = (speaker, " ".join(st.text.split()).casefold())
            node = first_said.setdefault(said, iris.statement(doc.id, st.start_char, st.end_char))
            if node not in graph:
                statement_origin[node] = (doc.id, st.start_char, st.end_char)
                graph.add_node(
                    node,
                    kind="statement",
                    label=_short(st.text),
                    text=st.text,
                    statement_kind=st.kind,
                    cue=st.cue,
                    date=meta.published,
                )
            if st.parts:  # a split quote: one evidence per part, each part's own text
                exacts = _part_texts(st)
                for (start, end), exact in zip(st.parts, exacts):
                    _add_evidence(
                        graph,
                        node,
                        evidence(iris, doc.id, start, end, exact, st.rule, st.confidence),
                    )
                    evidence_starts.append(start)
            else:
                _add_record_evidence(graph, node, iris, doc.id, st)
                evidence_starts.append(st.start_char)
            _edge(graph, node, iris.actor(speaker), "creator")
            _edge(graph, node, doc_iri, "source")
            for m in st.mentions:
                if (a := corpus.actor_id(doc.id, m)) and a != speaker:
                    _edge(graph, node, iris.actor(a), "mentions")

        for n, cm in enumerate(records.commitments):
            committers = sorted({c for m in cm.committers if (c := corpus.actor_id(doc.id, m))})
            if not committers:
                continue
            node = iris.commitment(doc.id, cm.start_char, cm.end_char, n)
            commitment_origin[node] = (doc.id, cm.start_char, cm.end_char, n)
            graph.add_node(
                node,
                kind="commitment",
                label=_short(f"{cm.status}: {cm.item}"),
                commitment_kind=cm.kind,
                **_attributes(cm, *COMMITMENT_ATTRIBUTES),
                other_amounts=[list(x) for x in cm.other_amounts],
            )
            _add_record_evidence(graph, node, iris, doc.id, cm)
            evidence_starts.append(cm.start_char)
            for c in committers:
                _edge(graph, node, iris.actor(c), "committer")
            if r := corpus.actor_id(doc.id, cm.recipient):
                _edge(graph, node, iris.actor(r), "recipient")
            if s := corpus.actor_id(doc.id, cm.asserted_by):
                _edge(graph, node, iris.actor(s), "asserted_by")
            _edge(graph, node, doc_iri, "source")
        for st in records.stances:
            if _add_stance(graph, iris, corpus, doc.id, st, first_held) is not None:
                evidence_starts.append(st.start_char)
        # Page data for graph.json only (the explorer's "Read around"): not RDF (the public contract
        # has no article text), not GraphML/GEXF or the tables (kg.export.tables, kg.rows skip it).
        # A build lets the text go after extraction, keeping the passages of every record
        # (records.passages); records made with the text at hand are read here.
        available = records.passages or passages(doc.text, all_evidence_starts(records))
        graph.nodes[doc_iri]["passages"] = [list(p) for p in held(available, evidence_starts)]
    # Across documents: one claim per quote, one ledger entry per commitment (after every
    # document, as they join reports of several).
    add_claims(graph, claim_iri=lambda first: iris.claim(*statement_origin[first]))
    add_ledger(
        graph,
        entry_iri=lambda first: iris.ledger_entry(*commitment_origin[first]),
        actor_iri=iris.actor,
    )
    add_cooccurrences(graph, partners=cooccurrence_partners, min_articles=cooccurrence_min_articles)
    return graph


def _add_stance(
    graph: nx.MultiDiGraph,
    iris: Iris,
    corpus: Corpus,
    doc_id: str,
    st: StanceRecord,
    first_held: dict[tuple[str, str], str],
) -> str | None:
    """The stance node of a record (None when its holder is no actor): a stance repeated in one
    document ("(holder, words)" the same) is one node with several evidences, as a statement is."""
    holder = corpus.actor_id(doc_id, st.holder)
    if holder is None:
        return None
    node = first_held.setdefault(
        (holder, " ".join(st.text.split()).casefold()),
        iris.stance(doc_id, st.start_char, st.end_char),
    )
    if node not in graph:
        document = iris.document(doc_id)
        graph.add_node(
            node,
            kind="stance",
            label=_short(st.text),
            text=st.text,
            stance_kind=st.kind,
            cue=st.cue,
            date=graph.nodes[document].get("published"),
        )
    _add_record_evidence(graph, node, iris, doc_id, st)
    _edge(graph, node, iris.actor(holder), "holder")
    _edge(graph, node, iris.document(doc_id), "source")
    for m in st.mentions:
        if (a := corpus.actor_id(doc_id, m)) and a != holder:
            _edge(graph, node, iris.actor(a), "mentions")
    return node


def _documents_in_order(corpus: Corpus, *, consume: bool) -> Iterator[DocRecords]:
    ordered = sorted(corpus.docs, key=lambda r: r.document.id)
    if not consume:
        yield from ordered
        return
    corpus.docs.clear()
    ordered.reverse()
    while ordered:
        yield ordered.pop()


def add_cooccurrences(
    graph: nx.MultiDiGraph, *, partners: int, min_articles: int = COOCCURRENCE_MIN_ARTICLES
) -> None:
    """actor -cooccurs-> actor edges with `articles`, for each actor's `partners` strongest pairs
    that at least `min_articles` articles share."""
    shared: Counter[tuple[str, str]] = Counter()
    for node, kind in graph.nodes(data="kind"):
        if kind == "document":
            mentioned = sorted(
                {v for _, v, key in graph.out_edges(node, keys=True) if key == "mentions"}
            )
            shared.update(combinations(mentioned, 2))
    by_actor: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for (a, b), n in shared.items():
        if n < min_articles:
            continue
        by_actor[a].append((-n, b))
        by_actor[b].append((-n, a))
    kept = set()
    for actor, ranked in by_actor.items():
        for _, other in sorted(ranked)[:partners]:
            kept.add((min(actor, other), max(actor, other)))
    for a, b in sorted(kept):
        graph.add_edge(a, b, key="cooccurs", relation="cooccurs", articles=shared[a, b])


def _part_texts(st) -> list[str]:
    """The text of each part of a split quote, recovered from the joined text (parts are joined
    by one space, and the article text is no longer at hand)."""
    lengths = [end - start for start, end in st.parts]
    out, at = [], 0
    for n in lengths:
        out.append(st.text[at : at + n])
        at += n + 1
    return out


def _used_actors(corpus: Corpus) -> set[str]:
    """Actors some document mentions; agents (author, publisher) are added with their document."""
    return set(corpus.actor_of.values())


def _add_actor(graph: nx.MultiDiGraph, iris: Iris, actor) -> None:
    node = iris.actor(actor.id)
    if node not in graph:
        graph.add_node(
            node,
            kind="actor",
            label=actor.name,
            type=actor.type,
            name=actor.name,
            aliases=sorted(set(actor.aliases) - {actor.name}),
            wikidata=actor.wikidata,
        )


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
