"""Resolve: mentions across all documents -> one canonical actor each.

Curated mentions carry their gazetteer key. The rest are clustered:
- within a document, a bare surname ("Getmanchuk", "Moore") joins the full name it abbreviates,
  and an ORG the model mistook ("Getmanchuk" tagged ORG) joins the person of that surname;
- across documents, the same full name (case-folded, honorifics stripped) is one actor, and an
  organisation's acronym ("IISS") joins its spelled-out name;
- a surname found alone in a document joins the one full name with that surname in the corpus.
Document authors and publishers become actors too, reusing curated entries where they match.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from kg.gazetteer import Gazetteer, fold
from kg.names import clean_org_name, clean_person_name
from kg.namespaces import slug
from kg.records import Actor, ActorMention, Corpus, DocRecords

_ACRONYM_SKIP = {"of", "the", "for", "and", "on", "in", "to", "de"}


@dataclass(slots=True)
class _Cluster:
    type: str
    names: list[str] = field(default_factory=list)  # cleaned full names seen
    surfaces: set[str] = field(default_factory=set)
    key: str | None = None


def all_mentions(records: DocRecords) -> list[ActorMention]:
    """Every mention any record of the document refers to (posts, speakers, committers...)."""
    out = list(records.mentions)
    for p in records.posts:
        out += [p.person] + ([p.organization] if p.organization else [])
    for s in records.statements:
        out += ([s.speaker] if s.speaker else []) + list(s.mentions)
    for c in records.commitments:
        out += list(c.committers) + [m for m in (c.recipient, c.asserted_by) if m]
    return out


def _is_description(mention: ActorMention) -> bool:
    """A speaker named by description ("officials", "the former secretary of state"), not a name."""
    return not mention.rule.startswith(("ner.", "gazetteer.", "coreference", "post.")) and not any(
        w[:1].isupper() for w in _description_name(mention.text).split()
    )


def _description_name(text: str) -> str:
    # Kept as written: capitalising "the former secretary of state" would invent a proper name.
    return re.sub(r"^(?:the|a|an)\s+", "", " ".join(text.split()), flags=re.IGNORECASE)


def _acronym(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", name) if w.lower() not in _ACRONYM_SKIP]
    return "".join(w[0] for w in words).upper() if len(words) >= 3 else ""


def _best_name(names: list[str]) -> str:
    """The most complete spelling: most words, then most capitals, then alphabetical (stable)."""
    return sorted(names, key=lambda n: (-len(n.split()), -sum(c.isupper() for c in n), n))[0]


def resolve(docs: list[DocRecords], *, gazetteer: Gazetteer) -> Corpus:
    clusters: dict[str, _Cluster] = {}
    actor_of: dict[tuple[str, int, int], str] = {}
    # (doc id, bare surname mention, cluster of its full name in that document, or "")
    pending_surnames: list[tuple[str, ActorMention, str]] = []

    def cluster(cid: str, type_: str, key: str | None = None) -> _Cluster:
        if cid not in clusters:
            clusters[cid] = _Cluster(type_, key=key)
        return clusters[cid]

    def assign(
        place: tuple[str, int, int],
        m: ActorMention,
        cid: str,
        type_: str,
        *,
        name: str | None = None,
        key: str | None = None,
    ) -> None:
        c = cluster(cid, type_, key=key)
        if name:
            c.names.append(name)
        c.surfaces.add(m.text)
        actor_of[place] = cid

    for records in sorted(docs, key=lambda r: r.document.id):
        doc_id = records.document.id
        mentions = sorted(
            {(m.start_char, m.end_char): m for m in all_mentions(records)}.values(),
            key=lambda m: (m.start_char, m.end_char),
        )
        # Surnames of the people this document names in full, curated or not.
        full_people: dict[str, str] = {}
        for m in mentions:
            # Only names have surnames: "the former secretary of state" must not make "State" one.
            if m.type != "Person" or (
                not m.key and (_is_description(m) or gazetteer.lookup(m.name or m.text))
            ):
                continue
            name = gazetteer.entries[m.key].name if m.key else clean_person_name(m.text)
            if len(name.split()) >= 2:
                cid = f"curated:{m.key}" if m.key else f"person:{fold(name)}"
                full_people.setdefault(fold(name.split()[-1]), cid)
        for m in mentions:
            place = (doc_id, m.start_char, m.end_char)
            if m.key:
                entry = gazetteer.entries[m.key]
                c = cluster(f"curated:{m.key}", entry.type, key=m.key)
                if not m.rule.endswith("demonym") and m.rule != "coreference":
                    c.surfaces.add(m.text)
                actor_of[place] = f"curated:{m.key}"
                continue
            if (entry := gazetteer.lookup(m.name or m.text)) is not None:  # "the POTUS" is curated
                assign(place, m, f"curated:{entry.key}", entry.type, key=entry.key)
                continue
            if _is_description(m):
                name = _description_name(m.text)
                assign(place, m, f"description:{m.type}:{fold(name)}", m.type, name=name)
                continue
            if m.type == "Person" or fold(clean_org_name(m.text)) in full_people:
                name = clean_person_name(m.text)
                if len(name.split()) == 1:
                    # Filed once every name is known: the full name may come later in the text.
                    pending_surnames.append((doc_id, m, full_people.get(fold(name), "")))
                    continue
                assign(place, m, f"person:{fold(name)}", "Person", name=name)
                continue
            name = clean_org_name(m.text)
            assign(place, m, f"org:{fold(name)}", m.type, name=name)

    # Bare surnames: the full name of their own document, else the one full name in the corpus.
    by_surname: dict[str, set[str]] = defaultdict(set)
    for cid, c in clusters.items():
        if c.type == "Person":
            name = gazetteer.entries[c.key].name if c.key else _best_name(c.names)
            by_surname[fold(name.split()[-1])].add(cid)
    for doc_id, m, cid in pending_surnames:
        place = (doc_id, m.start_char, m.end_char)
        if not cid:
            name = clean_person_name(m.text)
            candidates = by_surname.get(fold(name), set())
            cid = next(iter(candidates)) if len(candidates) == 1 else f"person:{fold(name)}"
            if cid not in clusters:
                cluster(cid, "Person").names.append(name)
        clusters[cid].surfaces.add(m.text)
        actor_of[place] = cid

    # Acronyms join their spelled-out organisation ("IISS" -> "International Institute ...").
    spelled = {
        _acronym(_best_name(c.names)): cid
        for cid, c in clusters.items()
        if c.type == "Organization" and not c.key and c.names and _acronym(_best_name(c.names))
    }
    merged: dict[str, str] = {}
    for cid, c in clusters.items():
        if c.type == "Organization" and not c.key and c.names:
            target = spelled.get(_best_name(c.names).upper())
            if target and target != cid:
                merged[cid] = target
                clusters[target].surfaces |= c.surfaces

    actors: dict[str, Actor] = {}
    ids: dict[str, str] = {}
    for cid in sorted(clusters):
        if cid in merged:
            continue
        c = clusters[cid]
        if c.key:
            entry = gazetteer.entries[c.key]
            name, type_, wikidata = entry.name, entry.type, entry.wikidata
        else:
            name, type_, wikidata = _best_name(c.names), c.type, None
        actor_id = slug(name)
        if actor_id in actors and actors[actor_id].type != type_:
            actor_id = f"{actor_id}-{type_.lower()}"
        actor = actors.setdefault(actor_id, Actor(actor_id, name, type_, [], wikidata))
        actor.aliases = sorted(set(actor.aliases) | {s for s in c.surfaces if s != name})
        ids[cid] = actor_id
    for cid, target in merged.items():
        ids[cid] = ids[target]

    corpus = Corpus(actors=actors, docs=docs, actor_of={k: ids[v] for k, v in actor_of.items()})
    _add_document_agents(corpus, gazetteer)
    return corpus


def _add_document_agents(corpus: Corpus, gazetteer: Gazetteer) -> None:
    """Authors and publishers are actors as well (schema:author, schema:publisher)."""
    for records in corpus.docs:
        meta = records.document.meta
        for value, type_, role in (
            (meta.author, "Person", "author"),
            (meta.publisher, "Organization", "publisher"),
        ):
            if not value:
                continue
            entry = gazetteer.lookup(value)
            name = entry.name if entry else value
            actor_id = slug(name)
            if actor_id not in corpus.actors:
                corpus.actors[actor_id] = Actor(
                    actor_id,
                    name,
                    entry.type if entry else type_,
                    [],
                    entry.wikidata if entry else None,
                )
            corpus.document_agents[(records.document.id, role)] = actor_id
