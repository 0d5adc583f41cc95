"""Resolve: mentions across all documents -> one canonical actor each.

Curated mentions carry their gazetteer key. The rest are clustered by name, whatever type the
model gave each mention: "Alexei Navalny" tagged PERSON in one place and ORG in another is one
actor, typed by the weight of its evidence (each mention's confidence, and the side of a post it
stands on). Within a document, a name of one word is read against the names the document gives in
full:
- a surname ("Getmanchuk", "Moore") joins the full name that ends with it (the nearest one before
  it when two people share it), whether the model tagged it PERSON or ORG;
- a first word of an organisation's name ("Amnesty" in an article about Amnesty International)
  joins that organisation, a first name ("Olena") the one person of that first name;
- a full name cut short ("Gerhard Schrö", from "Schrö der" in the source) takes the surname the
  document spells whole ("Schröder").
Across documents the same full name (case-folded, honorifics stripped) is one actor, and an
organisation's acronym ("IISS") joins its spelled-out name. A surname alone in a document joins a
full name of another document only with compatible evidence: a post of the same title (and
organisation, where both name one). Two Schröders of two articles are otherwise two actors.
Document authors and publishers become actors too, reusing curated entries where they match.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from kg.gazetteer import Gazetteer, fold
from kg.names import clean_org_name, clean_person_name, plain_text, titles
from kg.namespaces import slug
from kg.records import Actor, ActorMention, Corpus, DocRecords

_ACRONYM_SKIP = {"of", "the", "for", "and", "on", "in", "to", "de"}
# The kinds of evidence of an uncurated actor's type, strongest first; each outweighs any amount
# of the kinds after it. Standing on one side of a post: its holder is a person, the body it
# belongs to an organisation. Being called by surname alone: people are, organisations are not.
# Being named with "the" ("the Donetsk People's Republic"): organisations are, people are not.
# Then how many mentions the model tagged so, then their summed confidence.
EVIDENCE = ("post", "surname", "determiner", "mentions", "confidence")
# A cut surname is completed only from a word at least this long: "Al" begins too many names.
MIN_CUT_SURNAME = 3
# A name looks like a person's: capitalised words of letters, hyphens and apostrophes only.
_NAME_WORD = re.compile(r"[A-Z\u00C0-\u024F][\w'\u2019-]*$")

Place = tuple[str, int, int]  # (document id, start, end) of a mention


@dataclass(slots=True)
class _Cluster:
    names: list[str] = field(default_factory=list)  # cleaned full names seen
    surfaces: set[str] = field(default_factory=set)
    key: str | None = None
    # type -> its evidence, one count per kind of EVIDENCE
    votes: dict[str, Counter[str]] = field(default_factory=dict)

    def vote(self, type_: str, kind: str, weight: float = 1.0) -> None:
        self.votes.setdefault(type_, Counter())[kind] += weight

    def type(self, gazetteer: Gazetteer) -> str:
        if self.key:
            return gazetteer.entries[self.key].type
        # Ties go to the type met first (documents are read in id order): deterministic.
        return max(self.votes, key=lambda t: tuple(round(self.votes[t][k], 6) for k in EVIDENCE))

    def name(self, gazetteer: Gazetteer) -> str:
        if self.key:
            return gazetteer.entries[self.key].name
        names = self.names or sorted(self.surfaces)
        if self.type(gazetteer) != "Person":  # "The ICRC", a PERSON tag's cleaning -> "ICRC"
            names = [clean_org_name(n) for n in names]
        return _best_name(names)


@dataclass(frozen=True, slots=True)
class _Name:
    """A name of two words or more that a document gives, and the cluster it belongs to."""

    start: int
    cid: str
    words: tuple[str, ...]  # folded


def all_mentions(records: DocRecords) -> list[ActorMention]:
    """Every mention any record of the document refers to (posts, speakers, committers, stance
    holders...)."""
    out = list(records.mentions)
    for p in records.posts:
        out += [p.person] + ([p.organization] if p.organization else [])
    for s in records.statements:
        out += ([s.speaker] if s.speaker else []) + list(s.mentions)
    for c in records.commitments:
        out += list(c.committers) + [m for m in (c.recipient, c.asserted_by) if m]
    for st in records.stances:
        out += ([st.holder] if st.holder else []) + list(st.mentions)
    return out


def _is_description(mention: ActorMention) -> bool:
    """A speaker named by description ("officials", "the former secretary of state"), not a name."""
    # "a former head of the British army" is a description though it holds a name; only a
    # phrase of capitalised words ("Kyiv Independent") is named, and is cleaned as a name.
    return not mention.rule.startswith(
        ("ner.", "gazetteer.", "coreference", "post.")
    ) and not _is_proper_name(_description_name(mention.text))


def _description_name(text: str) -> str:
    # Kept as written: capitalising "the former secretary of state" would invent a proper name.
    # "one Ukrainian official" is a Ukrainian official: the article counts, the name does not.
    return re.sub(
        r"^(?:the|a|an|one)\s+", "", " ".join(plain_text(text).split()), flags=re.IGNORECASE
    )


def _acronym(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", name) if w.lower() not in _ACRONYM_SKIP]
    return "".join(w[0] for w in words).upper() if len(words) >= 3 else ""


def _best_name(names: list[str]) -> str:
    """The most complete spelling: most words, then not shouted, then most capitals, then
    alphabetical (stable). A spelling all in capitals is shouted when the same name is also
    written in lower case: "OBAMA" in a transcript, "POLITICO" as a logo, are "Obama" and
    "Politico"; an acronym the text writes only in capitals ("NATO", "UNHCR") keeps them."""
    folded_mixed = {n.casefold() for n in names if not n.isupper()}

    def shouted(name: str) -> bool:
        return name.isupper() and name.casefold() in folded_mixed

    return sorted(
        names, key=lambda n: (-len(n.split()), shouted(n), -sum(c.isupper() for c in n), n)
    )[0]


def _looks_like_person(name: str) -> bool:
    words = name.split()
    return 2 <= len(words) <= 4 and all(_NAME_WORD.match(w) for w in words)


def _is_proper_name(name: str) -> bool:
    """Every word capitalised but the small words of a name: "Centre for Civilian Rights"."""
    small = titles()["links"] | {"the", "and", "&"}
    return all(w[:1].isupper() or w[:1].isdigit() or w in small for w in name.split())


def _named_with_the(m: ActorMention) -> bool:
    """ "the Donetsk People's Republic": a name the model found, capitalised words after "the"."""
    words = plain_text(m.text).split()
    return (
        m.rule.startswith("ner.")
        and len(words) >= 2
        and words[0].casefold() == "the"
        and _is_proper_name(" ".join(words[1:]))
    )


def _clean(m: ActorMention) -> str:
    return clean_person_name(m.text) if m.type == "Person" else clean_org_name(m.text)


def _title_head(title: str) -> str:
    """The word a post title is about: "former German chancellor" -> "chancellor", "head of
    Ukraine's mission to NATO" -> "head"."""
    words = re.split(r"\s+(?:of|at|for|to|in|with)\s+", fold(title))[0].split()
    return words[-1] if words else ""


class _DocumentNames:
    """The names a document gives in full, to read its one-word names against."""

    def __init__(self, mentions: list[ActorMention], gazetteer: Gazetteer):
        self.people: list[_Name] = []
        self.orgs: list[_Name] = []
        self.completed: dict[str, str] = {}  # folded cut name -> the name with its whole surname
        self.as_person: set[int] = set()  # starts of the names read as people's, whatever the tag
        words: dict[str, str] = {}  # folded -> as written: every uncurated one-word name
        candidates: list[tuple[ActorMention, str]] = []
        for m in mentions:
            if m.key or _is_description(m) or gazetteer.lookup(m.name or m.text):
                continue
            name = _clean(m)
            if len(name.split()) == 1:
                if m.type == "Person":
                    words.setdefault(fold(name), clean_person_name(m.text))
            else:
                candidates.append((m, name))
        for m in mentions:
            if m.key and gazetteer.entries[m.key].type == "Person":
                name = gazetteer.entries[m.key].name
                if len(name.split()) >= 2:
                    self._add_person(m.start_char, f"curated:{m.key}", name)
        for m, name in candidates:
            if m.type != "Person" and not (
                _looks_like_person(name) and fold(name.split()[-1]) in words
            ):
                # A span that ran on into a title ("Telegram Chief Executive Pavel Durov", "The
                # Labour Leader") is no organisation's full name to read short forms against.
                # Nor is a phrase ("Kharkiv regional prosecutors", "Kharkiv from Izium").
                folded = tuple(fold(name).split())
                if _is_proper_name(name) and not set(folded) & titles()["heads"]:
                    self.orgs.append(_Name(m.start_char, f"name:{fold(name)}", folded))
                continue
            self.as_person.add(m.start_char)
            self._add_person(m.start_char, "", self._complete(clean_person_name(m.text), words))
        self.people.sort(key=lambda n: n.start)
        # A span that took in a word before the name ("England Dan Norris") is the person the
        # document names without it ("Dan Norris"): the shortest such name stands for both.
        shortest: dict[tuple[str, ...], str] = {}
        for n in sorted(self.people, key=lambda n: (len(n.words), n.start)):
            for k in range(len(n.words) - 1, 1, -1):
                if n.words[-k:] in shortest and not n.cid.startswith("curated:"):
                    shortest[n.words] = shortest[n.words[-k:]]
                    break
            else:
                shortest.setdefault(n.words, n.cid)
        self.same_as = {n.cid: shortest[n.words] for n in self.people if shortest[n.words] != n.cid}
        self.people = [_Name(n.start, shortest[n.words], n.words) for n in self.people]

    def _complete(self, name: str, words: dict[str, str]) -> str:
        """ "Gerhard Schrö" -> "Gerhard Schröder" when the document says "Schröder" alone and no
        other full name ends with it."""
        *first, last = name.split()
        cut = fold(last)
        whole = [
            w
            for f, w in words.items()
            if f.startswith(cut) and f != cut and len(cut) >= MIN_CUT_SURNAME
        ]
        if len(whole) != 1 or cut in words:
            return name
        self.completed[fold(name)] = full = " ".join([*first, whole[0]])
        return full

    def _add_person(self, start: int, cid: str, name: str) -> None:
        words = tuple(fold(name).split())
        if len(words) >= 2:  # "The ICRC" folds to one word: no first name, no surname
            self.people.append(_Name(start, cid or f"name:{fold(name)}", words))

    def cluster_of(self, name: str) -> str:
        cid = f"name:{fold(self.completed.get(fold(name), name))}"
        return self.same_as.get(cid, cid)

    def one_word(self, m: ActorMention, word: str) -> tuple[str, bool] | None:
        """(the cluster a one-word name joins in its own document, whether as a surname)."""
        word = fold(word)
        by_surname = [n for n in self.people if n.words[-1] == word]
        if by_surname:  # the nearest full name before it, else the first after it
            before = [n for n in by_surname if n.start <= m.start_char]
            return (before[-1] if before else by_surname[0]).cid, True
        # "Amnesty" for Amnesty International, then "Olena" for the one Olena of the article. A
        # model's ORG tag on one word says nothing of a first name ("Roscosmos").
        # A title is no name ("The Kharkiv Regional Governor" has no first name "Kharkiv").
        people = [n for n in self.people if not set(n.words) & titles()["heads"]]
        for names in (self.orgs, people if m.type == "Person" else []):
            cids = {n.cid for n in names if n.words[0] == word}
            if len(cids) == 1:
                return cids.pop(), False
        return None


def resolve(docs: list[DocRecords], *, gazetteer: Gazetteer) -> Corpus:
    clusters: dict[str, _Cluster] = {}
    actor_of: dict[Place, str] = {}
    # Surnames alone in their document, filed once every full name of the corpus is known.
    pending: dict[tuple[str, str], list[ActorMention]] = defaultdict(list)  # (doc, surname)
    post_sides: dict[Place, str] = {}  # the type a post puts a mention's actor on

    def assign(
        place: Place, m: ActorMention, cid: str, *, name: str = "", tagged: bool = True
    ) -> None:
        """File the mention under cluster `cid`; `tagged`: its type tag is evidence of the type."""
        c = clusters.setdefault(cid, _Cluster())
        if name:
            c.names.append(name)
        c.surfaces.add(plain_text(m.text))
        if tagged:
            c.vote(m.type, "mentions")
            c.vote(m.type, "confidence", m.confidence)
            # ... of a name the model found: "the governor of the Luhansk region" describes a
            # person.
            if _named_with_the(m):
                c.vote("Organization" if m.type == "Person" else m.type, "determiner")
        if (side := post_sides.get(place)) is not None:
            c.vote(side, "post")
        actor_of[place] = cid

    for records in sorted(docs, key=lambda r: r.document.id):
        doc_id = records.document.id
        for post in records.posts:
            post_sides[(doc_id, post.person.start_char, post.person.end_char)] = "Person"
            if (org := post.organization) is not None:
                post_sides.setdefault((doc_id, org.start_char, org.end_char), "Organization")
        mentions = sorted(
            {(m.start_char, m.end_char): m for m in all_mentions(records)}.values(),
            key=lambda m: (m.start_char, m.end_char),
        )
        names = _DocumentNames(mentions, gazetteer)
        for m in mentions:
            place = (doc_id, m.start_char, m.end_char)
            if m.key:
                c = clusters.setdefault(f"curated:{m.key}", _Cluster(key=m.key))
                if not m.rule.endswith("demonym") and m.rule != "coreference":
                    c.surfaces.add(plain_text(m.text))
                actor_of[place] = f"curated:{m.key}"
                continue
            if (entry := gazetteer.lookup(m.name or m.text)) is not None:  # "the POTUS" is curated
                clusters.setdefault(f"curated:{entry.key}", _Cluster(key=entry.key))
                assign(place, m, f"curated:{entry.key}")
                continue
            if _is_description(m):
                name = _description_name(m.name or m.text)
                assign(place, m, f"description:{m.type}:{fold(name)}", name=name)
                continue
            name = clean_person_name(m.text) if m.start_char in names.as_person else _clean(m)
            if len(name.split()) > 1:
                cid = names.cluster_of(name)
                full = names.completed.get(fold(name), name)
                # A run-on span ("England Dan Norris") lends its name to no actor.
                assign(place, m, cid, name=full if cid == f"name:{fold(full)}" else "")
            elif found := names.one_word(m, name):
                # A surname or short form stands for the name the article gives in full; the
                # model's tag of one word says little, being called by surname says "person".
                cid, is_surname = found
                assign(place, m, cid, tagged=False)
                if is_surname:
                    clusters[cid].vote("Person", "surname")
            elif m.type == "Person":
                pending[(doc_id, fold(name))].append(m)
            else:
                assign(place, m, f"name:{fold(name)}", name=name)

    _file_lone_surnames(pending, clusters, actor_of, post_sides, docs, gazetteer, assign)
    merged = _merge_acronyms(clusters, gazetteer)

    actors: dict[str, Actor] = {}
    ids: dict[str, str] = {}
    for cid in sorted(clusters):
        if cid in merged:
            continue
        c = clusters[cid]
        type_, name = c.type(gazetteer), c.name(gazetteer)
        wikidata = gazetteer.entries[c.key].wikidata if c.key else None
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


def _file_lone_surnames(pending, clusters, actor_of, post_sides, docs, gazetteer, assign) -> None:
    """A surname alone in its document joins the one full name of the corpus with that surname
    whose posts agree with its own; without such evidence it stays an actor of its own."""
    by_surname: dict[str, set[str]] = defaultdict(set)
    for cid, c in clusters.items():
        if c.names or c.key:
            name = c.name(gazetteer)
            if len(name.split()) >= 2 and c.type(gazetteer) == "Person":
                by_surname[fold(name.split()[-1])].add(cid)
    posts_of: dict[str, set[tuple[str, str]]] = defaultdict(set)  # cluster -> (title head, org)
    posts_at: dict[Place, set[tuple[str, str]]] = defaultdict(set)  # of a pending mention
    for records in docs:
        doc_id = records.document.id
        for post in records.posts:
            org = post.organization
            org_cid = actor_of.get((doc_id, org.start_char, org.end_char), "") if org else ""
            place = (doc_id, post.person.start_char, post.person.end_char)
            signature = (_title_head(post.title), org_cid)
            if place in actor_of:
                posts_of[actor_of[place]].add(signature)
            else:
                posts_at[place].add(signature)
    for (doc_id, surname), mentions in sorted(pending.items(), key=lambda kv: kv[0]):
        own = set().union(*(posts_at[(doc_id, m.start_char, m.end_char)] for m in mentions))
        agreeing = sorted(
            cid for cid in by_surname.get(surname, ()) if _posts_agree(own, posts_of[cid])
        )
        for m in mentions:
            place = (doc_id, m.start_char, m.end_char)
            if len(agreeing) == 1:
                assign(place, m, agreeing[0], tagged=False)
                clusters[agreeing[0]].vote("Person", "surname")
            else:
                name = clean_person_name(m.text)
                # News introduce a person by full name: a PERSON tag on a word the article never
                # completes ("Roscosmos", "Kharkiv") is the model's weakest guess. It counts by
                # confidence only, below the mentions of any other tag.
                assign(place, m, f"name:{fold(name)}", name=name, tagged=False)
                clusters[f"name:{fold(name)}"].vote(m.type, "confidence", m.confidence)


def _posts_agree(own: set[tuple[str, str]], theirs: set[tuple[str, str]]) -> bool:
    """The same title, and the same organisation where both posts name one."""
    return any(
        head and head == head2 and (not org or not org2 or org == org2)
        for head, org in own
        for head2, org2 in theirs
    )


def _merge_acronyms(clusters: dict[str, _Cluster], gazetteer: Gazetteer) -> dict[str, str]:
    """Acronyms join their spelled-out organisation ("IISS" -> "International Institute ...")."""
    orgs = {
        cid: c.name(gazetteer)
        for cid, c in clusters.items()
        if not c.key and c.names and c.type(gazetteer) == "Organization"
    }
    spelled = {_acronym(name): cid for cid, name in orgs.items() if _acronym(name)}
    merged: dict[str, str] = {}
    for cid, name in orgs.items():
        target = spelled.get(name.upper())
        if target and target != cid:
            merged[cid] = target
            clusters[target].surfaces |= clusters[cid].surfaces
    return merged


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
