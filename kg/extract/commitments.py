"""Commitments: who pledged, ordered, delivered, urged or ruled out what, for whom.

Rules read verb chains off the dependency parse, with every lexicon in kg/data/commitments.toml:

1. A chain is a verb and the verbs it governs through xcomp, acomp or a gerund after "by"/"from"
   ("have taken the lead by pledging to send troops", "must be prepared to commit forces").
2. The outermost cue in the chain decides the status (modality): a modal auxiliary ("should") is a
   recommendation (`proposed`), "pledge" `pledged`, "order" `committed`, "send" `delivered`,
   "ready to" `considering`, "rule out" `refused`, "suspend" `withdrawn`; negation turns a pledge
   into a refusal ("no longer intends to fund"). "could"/"might" make no commitment.
3. The subject of the chain (split at "and", pronouns resolved to the reporting subject, the quoted
   speaker or the last person named) are the committers; the lowest verb and its object are the
   item, whose head noun gives the kind; figures in it give quantity and money.
4. The recipient is the object of "to"/"for"/"with", the country of "on Ukrainian soil", the
   object of "support"/"fund", a possessor ("Ukraine's defense"), or, when the text names none,
   the document's main country.
5. Verbs of asking and urging ("urged Kyiv to", "asked allies for") make their object the
   committer and their subject the speaker (`asserted_by`): `requested` when the speaker is the
   would-be recipient, `proposed` otherwise.

The id of the rule that decided the status is the record's `rule`.
"""

from __future__ import annotations

import tomllib
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from kg import gazetteer as gazetteer_module
from kg.extract.quantities import parse_money, parse_quantity
from kg.paths import DATA_DIR
from kg.records import ActorMention, CommitmentRecord, StatementRecord
from kg.nlp import text_of, tokens_where

_VERBAL = {"VERB", "AUX"}
_SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
# Children that are not part of the item phrase of a verb.
_NOT_ITEM = {"nsubj", "nsubjpass", "csubj", "aux", "auxpass", "neg", "punct", "advcl", "conj", "cc", "mark",
             "advmod", "parataxis", "prt", "npadvmod", "dep", "intj", "expl", "agent", "ccomp", "preconj"}


@dataclass(slots=True, frozen=True)
class Cue:
    id: str
    status: str
    negated: str | None
    particles: tuple[str, ...] = ()


@dataclass(slots=True)
class Lexicon:
    verb_cues: dict[str, Cue]
    adjective_cues: dict[str, Cue]
    phrase_cues: list[tuple[str, str, frozenset[str]]]  # (id, status, preposition + objects) flattened below
    phrase_preps: dict[str, tuple[str, str, frozenset[str]]]
    modal_id: str
    proposed_modals: frozenset[str]
    proposed_verbs: frozenset[str]
    future: frozenset[str]
    hypothetical: frozenset[str]
    negation: frozenset[str]
    no_longer: frozenset[str]
    frame_id: str
    frame_adjectives: frozenset[str]
    addressee_cues: dict[str, Cue]
    actions: frozenset[str]
    reporting_verbs: frozenset[str]
    reporting_nouns: frozenset[str]
    declaring: frozenset[str]
    noun_kinds: dict[str, str]
    modifier_kinds: dict[str, str]
    generic_heads: frozenset[str]
    measure_heads: frozenset[str]
    verb_kinds: dict[str, str]
    money_default_kind: str
    money_funding_kind: str
    money_funding_words: frozenset[str]
    recipient_preps: tuple[str, ...]
    on_nouns: frozenset[str]
    arrival_verbs: frozenset[str]
    beneficiary_verbs: frozenset[str]
    no_implied: frozenset[str]
    collective_rule: str
    collective_heads: frozenset[str]
    speaker_pronouns: frozenset[str]
    person_pronouns: frozenset[str]
    thing_pronouns: frozenset[str]
    relative_pronouns: frozenset[str]
    reflexive_pronouns: frozenset[str]
    skip_units: frozenset[str]
    confidence: dict[str, float]


def _cues(rows: list[dict]) -> dict[str, Cue]:
    out: dict[str, Cue] = {}
    for row in rows:
        particles = row.get("particles", {})
        for lemma in row["lemmas"]:
            out.setdefault(lemma, Cue(row["id"], row["status"], row.get("negated"), tuple(particles.get(lemma, ()))))
    return out


def _by_value(table: dict[str, list[str]]) -> dict[str, str]:
    """{"troops": ["brigade", ...]} -> {"brigade": "troops"}; the first kind listing a word wins."""
    return {w.lower(): kind for kind, words in table.items() for w in reversed(words)} | {}


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    data = tomllib.loads((DATA_DIR / "commitments.toml").read_text(encoding="utf-8"))
    modals, kinds, rec, prn = data["modals"], data["kinds"], data["recipients"], data["pronouns"]
    phrase = [(r["id"], r["status"], frozenset(r["objects"])) for r in data["phrase_cues"]]
    noun_kinds: dict[str, str] = {}
    for kind, words in kinds["nouns"].items():
        for w in words:
            noun_kinds.setdefault(w.lower(), kind)
    modifier_kinds: dict[str, str] = {}
    for kind, words in kinds["modifiers"].items():
        for w in words:
            modifier_kinds.setdefault(w.lower(), kind)
    verb_kinds: dict[str, str] = {}
    for kind, words in kinds["verbs"].items():
        for w in words:
            verb_kinds.setdefault(w, kind)
    return Lexicon(
        verb_cues=_cues(data["cues"]),
        adjective_cues=_cues(data["adjective_cues"]),
        phrase_cues=phrase,
        phrase_preps={r["preposition"]: (r["id"], r["status"], frozenset(r["objects"])) for r in data["phrase_cues"]},
        modal_id=modals["id"],
        proposed_modals=frozenset(modals["proposed"]),
        proposed_verbs=frozenset(modals["proposed_verbs"]),
        future=frozenset(modals["future"]),
        hypothetical=frozenset(modals["hypothetical"]),
        negation=frozenset(data["negation"]["words"]),
        no_longer=frozenset(data["negation"]["no_longer"]),
        frame_id=data["proposal_frames"]["id"],
        frame_adjectives=frozenset(data["proposal_frames"]["adjectives"]),
        addressee_cues=_cues([dict(r, particles=r.get("particles", {})) for r in data["addressee_cues"]]),
        actions=frozenset(data["actions"]["lemmas"]),
        reporting_verbs=frozenset(data["reporting"]["verbs"]),
        reporting_nouns=frozenset(data["reporting"]["nouns"]),
        declaring=frozenset(data["reporting"]["declaring"]),
        noun_kinds=noun_kinds,
        modifier_kinds=modifier_kinds,
        generic_heads=frozenset(kinds["generic_heads"]["lemmas"]),
        measure_heads=frozenset(kinds["measure_heads"]["lemmas"]),
        verb_kinds=verb_kinds,
        money_default_kind=kinds["money"]["default"],
        money_funding_kind=kinds["money"]["funding"],
        money_funding_words=frozenset(kinds["money"]["funding_words"]),
        recipient_preps=tuple(rec["prepositions"]),
        on_nouns=frozenset(rec["on_nouns"]),
        arrival_verbs=frozenset(rec["arrival_verbs"]),
        beneficiary_verbs=frozenset(rec["beneficiary_verbs"]),
        no_implied=frozenset(rec["no_implied"]),
        collective_rule=data["collectives"]["rule"],
        collective_heads=frozenset(data["collectives"]["heads"]),
        speaker_pronouns=frozenset(prn["speaker"]),
        person_pronouns=frozenset(prn["person"]),
        thing_pronouns=frozenset(prn["thing"]),
        relative_pronouns=frozenset(prn["relative"]),
        reflexive_pronouns=frozenset(prn["reflexive"]),
        skip_units=frozenset(data["figures"]["skip_units"]),
        confidence=dict(data["confidence"]),
    )


# Verb kinds that decide the kind even when the object names another ("fund Ukraine's defense").
_DECISIVE_VERB_KINDS = {"funding", "training", "sanctions"}


@dataclass(slots=True)
class _Status:
    status: str
    rule: str
    cue: Token


@dataclass(slots=True)
class _Context:
    """Per-document lookups shared by the rules."""

    doc: Doc
    mentions: list[ActorMention]
    statements: list[StatementRecord]
    lex: Lexicon
    by_token: dict[int, ActorMention]
    topic_key: str | None

    def mention_at(self, token: Token) -> ActorMention | None:
        return self.by_token.get(token.i)

    def first_mention_of(self, key: str, before: int) -> ActorMention | None:
        candidates = [m for m in self.mentions if m.key == key]
        earlier = [m for m in candidates if m.start_char <= before]
        return (earlier or candidates or [None])[-1 if earlier else 0]


# --------------------------------------------------------------------------------------------
# Entry point


def extract_commitments(
    doc: Doc, mentions: list[ActorMention], statements: list[StatementRecord], *, lexicon: Lexicon | None = None,
) -> list[CommitmentRecord]:
    lex = lexicon or load_lexicon()
    ctx = _Context(doc, mentions, statements, lex, _index_mentions(doc, mentions), _topic_country(mentions))
    records: list[CommitmentRecord] = []
    text = text_of(doc)
    # The tokens a chain can start from, found once from the doc's arrays (see `tokens_where`).
    candidates = tokens_where(doc, pos=_VERBAL | {"ADJ"})
    starts = [t.i for t in candidates]
    for sent in doc.sents:
        if not text[sent.start_char:sent.end_char].strip():
            continue
        in_sentence = candidates[bisect_left(starts, sent.start):bisect_left(starts, sent.end)]
        for top in _chain_tops(in_sentence, lex):
            record = _read_addressee(top, sent, ctx) if top.lemma_ in lex.addressee_cues else None
            record = record or _read_chain(top, sent, ctx, records)
            if record is not None:
                records.append(record)
    return _dedupe(records)


def _index_mentions(doc: Doc, mentions: list[ActorMention]) -> dict[int, ActorMention]:
    index: dict[int, ActorMention] = {}
    for m in mentions:
        span = doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            index.setdefault(token.i, m)
    return index


def _topic_country(mentions: list[ActorMention]) -> str | None:
    """The country the document is about: the one it names most often (ties: first named)."""
    counts = Counter(m.key for m in mentions if m.type == "Country" and m.key)
    if not counts:
        return None
    order = {m.key: i for i, m in reversed(list(enumerate(mentions)))}
    return max(counts, key=lambda k: (counts[k], -order[k]))


# --------------------------------------------------------------------------------------------
# Chains


def _is_gerund_link(token: Token) -> bool:
    """ "by pledging", "from pledging": a gerund under a preposition that hangs on a verb."""
    return token.dep_ == "pcomp" and token.head.dep_ == "prep" and token.head.head.pos_ in _VERBAL | {"ADJ"}


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in _SUBJECTS for c in token.children)


def _chain_tops(tokens: list[Token], lex: Lexicon) -> list[Token]:
    tops = []
    for t in tokens:
        if t.pos_ not in _VERBAL and not (t.pos_ == "ADJ" and t.lemma_.lower() in lex.adjective_cues):
            continue
        if t.dep_ in ("aux", "auxpass"):
            continue
        linked = t.dep_ in ("xcomp", "acomp") or _is_gerund_link(t)
        if linked and not _has_subject(t):
            continue
        tops.append(t)
    return tops


def _chain(top: Token) -> list[Token]:
    chain = [top]
    current = top
    while True:
        # A verb with a direct object and a to-infinitive ("assign ten squadrons to control the
        # skies") has a purpose clause, not a chained verb.
        has_object = any(c.dep_ == "dobj" for c in current.children)
        nxt = None if has_object else next(
            (c for c in current.children if c.dep_ == "xcomp" and not _has_subject(c)), None)
        nxt = nxt or next((c for c in current.children if c.dep_ == "acomp" and not _has_subject(c)
                           and not has_object), None)
        if nxt is None:
            nxt = next((g for p in current.children if p.dep_ == "prep" and p.lemma_ in ("by", "from")
                        for g in p.children if g.dep_ == "pcomp" and g.tag_ == "VBG" and not _has_subject(g)), None)
        if nxt is None or nxt in chain:
            return chain
        chain.append(nxt)
        current = nxt


def _negated(token: Token, lex: Lexicon) -> bool:
    for c in token.children:
        if c.dep_ == "neg" or c.lower_.replace("’", "'") in lex.negation:
            return True
        if c.lower_ in lex.no_longer and any(g.lower_ == "no" for g in c.children):
            return True
    return False


def _auxiliaries(token: Token) -> list[Token]:
    auxes = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    # "Europe must assume ... and be ready to": a conjoined verb shares its head's modal.
    if token.dep_ == "conj" and not _has_subject(token) and not auxes:
        auxes = [c for c in token.head.children if c.dep_ in ("aux", "auxpass")]
    return auxes


def _particle_ok(token: Token, cue: Cue) -> bool:
    if not cue.particles:
        return True
    return any(c.lower_ in cue.particles for c in token.children if c.dep_ in ("prt", "prep", "advmod"))


def _under_reporting(token: Token, lex: Lexicon) -> bool:
    t = token
    while t.dep_ in ("ccomp", "conj", "parataxis") and t.head is not t:
        t = t.head
        if t.lemma_ in lex.reporting_verbs:
            return True
    return False


def _status(chain: list[Token], lex: Lexicon) -> _Status | None:
    """The outermost cue of the chain, or None when the chain makes no commitment."""
    weak: _Status | None = None
    top = chain[0]
    if top.dep_ == "ccomp" and (top.head.lemma_ in lex.frame_adjectives or any(
            c.dep_ == "acomp" and c.lemma_ in lex.frame_adjectives for c in top.head.children)):
        return _Status("proposed", lex.frame_id, top.head)
    for token in chain:
        auxes = _auxiliaries(token)
        words = {a.lower_ for a in auxes}
        negated = _negated(token, lex)
        if words & lex.hypothetical:
            if "would" in words and _under_reporting(chain[0], lex):
                weak = weak or _Status("pledged", lex.modal_id, token)
                continue
            return None
        if words & lex.proposed_modals:
            return None if negated else _Status("proposed", lex.modal_id, token)
        lemma = token.lemma_.lower()
        if lemma in lex.proposed_verbs and any(c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children)
                                               for c in token.children):
            return None if negated else _Status("proposed", lex.modal_id, token)
        cue = lex.verb_cues.get(lemma) if token.pos_ in _VERBAL else lex.adjective_cues.get(lemma)
        if cue is None and token.pos_ == "ADJ":
            cue = lex.adjective_cues.get(lemma)
        if cue is not None and _particle_ok(token, cue):
            status = cue.negated if negated else cue.status
            if status in ("delivered", "committed") and words & lex.future:
                status = "pledged"  # "will send", "will provide": announced, not yet done
            return _Status(status, cue.id, token) if status else None
        for prep in (c for c in token.children if c.dep_ == "prep" and c.lower_ in lex.phrase_preps):
            rule, status, objects = lex.phrase_preps[prep.lower_]
            if any(p.lower_ in objects for p in prep.children if p.dep_ == "pobj"):
                return _Status(status, rule, prep)
        if words & lex.future and weak is None:
            weak = _Status("pledged", lex.modal_id, token)
    if weak is not None and chain[-1].lemma_.lower() in lex.actions:
        return weak
    return None


# --------------------------------------------------------------------------------------------
# Actors


def _subject(chain: list[Token]) -> Token | None:
    for token in chain:
        # The parser sometimes hangs the subject on the auxiliary ("allies were prepared to").
        for aux in (c for c in token.children if c.dep_ in ("aux", "auxpass")):
            subject = next((g for g in aux.children if g.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                return subject
        for c in token.children:
            if c.dep_ == "agent":  # "were ordered by Denmark"
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
        for c in token.children:
            if c.dep_ in ("nsubj", "nsubjpass") and not any(a.dep_ == "auxpass" for a in token.children if c.dep_ == "nsubjpass"):
                return c
    top = chain[0]
    # A conjoined or participial verb shares its head's subject ("acquired ..., spending ...").
    hops = 0
    while top.dep_ in ("conj", "advcl", "xcomp") and top.head is not top and hops < 3:
        top = top.head
        hops += 1
        subject = next((c for c in top.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return subject
    return None


def _conjuncts(token: Token) -> list[Token]:
    out = [token]
    for c in token.children:
        if c.dep_ == "conj":
            out.extend(_conjuncts(c))
    return out


def _reporting_speaker(token: Token, ctx: _Context) -> ActorMention | None:
    """The subject of a reporting verb (or possessor of a reporting noun) that governs `token`."""
    lex = ctx.lex
    for st in ctx.statements:
        if st.speaker is not None and st.start_char <= token.idx < st.end_char:
            return st.speaker
    t = token
    for _ in range(6):
        if t.head is t or t.dep_ not in ("ccomp", "parataxis", "conj", "acl", "xcomp", "advcl", "relcl"):
            return None
        t = t.head
        if t.pos_ in _VERBAL and t.lemma_.lower() in lex.reporting_verbs:
            subject = next((c for c in t.children if c.dep_ == "nsubj"), None)
            return _mention_for(subject, ctx) if subject is not None else None
        if t.pos_ == "NOUN" and t.lemma_.lower() in lex.reporting_nouns:
            owner = next((c for c in t.children if c.dep_ == "poss"), None)
            return _mention_for(owner, ctx) if owner is not None else None
    return None


def _mention_for(token: Token, ctx: _Context) -> ActorMention | None:
    """The mention naming `token`, or the one inside its phrase ("US President Donald Trump")."""
    if (m := ctx.mention_at(token)) is not None:
        return m
    for child in token.children:
        if child.dep_ in ("compound", "amod", "poss", "nmod") and (m := ctx.mention_at(child)) is not None:
            if child.dep_ != "poss" or token.lemma_.lower() in ("administration", "government", "leadership"):
                return m
    return None


def _resolve_pronoun(token: Token, top: Token, ctx: _Context) -> ActorMention | None:
    lower = token.lower_
    lex = ctx.lex
    if lower in lex.speaker_pronouns:
        return _reporting_speaker(top, ctx)
    if lower in lex.thing_pronouns | lex.person_pronouns:
        # "X has made clear it no longer intends to ...": the subject of the governing verb.
        t = top
        while t.dep_ in ("ccomp", "conj", "advcl") and t.head is not t:
            t = t.head
            subject = next((c for c in t.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject is not token and (m := _mention_for(subject, ctx)) is not None:
                wants_person = lower in lex.person_pronouns
                if (m.type == "Person") == wants_person:
                    return m
        if lower in lex.person_pronouns:
            sent = token.sent
            previous = token.doc[sent.start - 1].sent if sent.start > 0 else sent
            people = [m for m in ctx.mentions
                      if m.type == "Person" and previous.start_char <= m.start_char < token.idx]
            return people[-1] if people else None
    return None


def _collective(token: Token, ctx: _Context) -> ActorMention | None:
    """ "Nordic donors": a collective actor the gazetteer does not name, as a new Group mention."""
    lex = ctx.lex
    if token.lemma_.lower() not in lex.collective_heads and token.lower_ not in lex.collective_heads:
        return None
    modifiers = [c for c in token.lefts if c.dep_ in ("amod", "compound") and c.text[:1].isupper()]
    if not modifiers:
        return None
    start = min(m.i for m in modifiers)
    span = token.doc[start:token.i + 1]
    entry = gazetteer_module.load().lookup(span.text)
    return ActorMention(
        span.start_char, span.end_char, span.text, entry.type if entry else "Group",
        key=entry.key if entry else None, name=entry.name if entry else span.text,
        rule=lex.collective_rule, confidence=0.6,
    )


def _committers(subject: Token, top: Token, ctx: _Context) -> tuple[list[ActorMention], bool]:
    """The actors of the subject phrase, split at "and"; the flag says whether a pronoun was resolved."""
    lex = ctx.lex
    out: list[ActorMention] = []
    resolved = False
    head = subject
    if subject.lower_ in lex.relative_pronouns and top.dep_ == "relcl":
        head = top.head  # "the US, which pledged ..."
    for token in _conjuncts(head):
        m = _mention_for(token, ctx)
        if m is None and token.pos_ == "PRON":
            m = _resolve_pronoun(token, top, ctx)
            resolved = resolved or m is not None
        if m is None:
            m = _collective(token, ctx)
        if m is not None and all((o.start_char, o.end_char) != (m.start_char, m.end_char) for o in out):
            out.append(m)
    return out, resolved


def _affiliation(m: ActorMention) -> str | None:
    """The country or organisation an actor stands for: itself, or a curated person's post."""
    if m.type != "Person":
        return m.key
    entry = gazetteer_module.load().entries.get(m.key or "")
    if entry and entry.posts:
        return entry.posts[0].get("org")
    return None


# --------------------------------------------------------------------------------------------
# Items and kinds


def _item_head(action: Token, depth: int = 0) -> Token | None:
    for dep in ("dobj", "attr", "oprd", "dative"):
        found = next((c for c in action.children if c.dep_ == dep), None)
        if found is not None:
            return found
    if any(c.dep_ == "auxpass" for c in action.children):
        found = next((c for c in action.children if c.dep_ == "nsubjpass"), None)
        if found is not None:
            return found
    if depth < 3:
        for c in action.children:
            purpose = c.dep_ == "advcl" and any(a.lower_ == "to" for a in c.children)
            if c.dep_ in ("xcomp", "ccomp") or purpose:
                if (found := _item_head(c, depth + 1)) is not None:
                    return found
    for prep in (c for c in action.children if c.dep_ == "prep" and c.lower_ in ("about", "on", "over", "in", "into")):
        pobj = next((g for g in prep.children if g.dep_ in ("pobj", "pcomp")), None)
        if pobj is None or pobj.ent_type_ in ("DATE", "GPE", "LOC", "TIME", "ORG", "NORP"):
            continue
        if pobj.pos_ == "VERB" and depth < 3:  # "cautious about sending missiles"
            return _item_head(pobj, depth + 1) or pobj
        if pobj.lower_ in ("talks", "negotiations", "discussions") and depth < 3:  # "in talks about supplying"
            return _item_head(pobj, depth + 1)
        return pobj
    return None


def _instrument(action: Token, head: Token | None, ctx: _Context) -> Token | None:
    """ "provide Ukraine with missiles": when the object is the recipient, the thing is after "with"."""
    if head is None or ctx.mention_at(head) is None:
        return head
    prep = next((c for c in action.children if c.dep_ == "prep" and c.lower_ == "with"), None)
    pobj = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep is not None else None
    return pobj if pobj is not None and ctx.mention_at(pobj) is None else head


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _noun_kind(token: Token, lex: Lexicon) -> str | None:
    for word in (token.lower_, _lemma(token)):
        if word in lex.noun_kinds:
            return lex.noun_kinds[word]
    if token.ent_type_ == "PRODUCT":
        return "materiel"
    return None


def _kind_of(head: Token, ctx: _Context, depth: int = 0) -> str | None:
    lex = ctx.lex
    lemma = _lemma(head)
    if depth > 3 or ctx.mention_at(head) is not None and head.pos_ == "PROPN":
        return None
    if head.lower_ in lex.reflexive_pronouns:
        return None
    if lemma in lex.measure_heads or head.pos_ == "NUM":
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ in ("of", "in", "worth", "to", "towards", "toward", "for")):
            for obj in (g for g in prep.children if g.dep_ in ("pobj", "pcomp")):
                if obj.pos_ == "VERB" and _lemma(obj) in lex.verb_kinds:
                    return lex.verb_kinds[_lemma(obj)]
                if (kind := _kind_of(obj, ctx, depth + 1)) is not None:
                    return kind
        if head.pos_ == "NUM" and head.head.pos_ == "NOUN" and head.dep_ == "nummod":
            return _kind_of(head.head, ctx, depth + 1)
        if head.dep_ == "dobj":  # "signed a contract for 4m rounds": the "for" hangs on the verb
            for prep in (c for c in head.head.children if c.dep_ == "prep" and c.lower_ == "for"):
                for obj in (g for g in prep.children if g.dep_ == "pobj" and ctx.mention_at(g) is None):
                    if (kind := _kind_of(obj, ctx, depth + 1)) is not None:
                        return kind
    if lemma in lex.generic_heads:
        modifiers = [c for c in head.children if c.dep_ in ("amod", "compound", "nmod")]
        modifiers += [g for m in modifiers for g in m.children if g.dep_ == "conj"]
        for m in sorted(modifiers, key=lambda t: t.i):
            if (kind := lex.modifier_kinds.get(_lemma(m)) or lex.modifier_kinds.get(m.lower_)) is not None:
                return kind
        for verb in (c for c in head.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"):
            if _lemma(verb) in lex.verb_kinds:  # "agreements to co-produce drones"
                return lex.verb_kinds[_lemma(verb)]
    if (kind := _noun_kind(head, lex)) is not None:
        return kind
    for c in head.children:
        if c.dep_ in ("compound",) and (kind := _noun_kind(c, lex)) is not None:
            return kind
    for c in head.children:
        if c.dep_ in ("conj", "appos") and (kind := _kind_of(c, ctx, depth + 1)) is not None:
            return kind
    if lemma in lex.noun_kinds:
        return lex.noun_kinds[lemma]
    return None


def _verb_phrase(action: Token, *, with_verb: bool) -> list[Token]:
    tokens = [action] if with_verb else []
    for c in action.children:
        if c.dep_ not in _NOT_ITEM and c.i > action.i:  # what precedes the verb is not its object
            tokens.extend(c.subtree)
    return sorted(tokens, key=lambda t: t.i)


def _span_text(doc: Doc, tokens: list[Token]) -> tuple[int, int]:
    tokens = [t for t in tokens if not t.is_space]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    while tokens and tokens[0].is_punct:
        tokens.pop(0)
    if not tokens:
        return 0, 0
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


# --------------------------------------------------------------------------------------------
# Recipients


def _first_mention_in(token: Token, ctx: _Context, exclude: set[str | None]) -> ActorMention | None:
    for t in token.subtree:
        m = ctx.mention_at(t)
        if m is not None and m.key not in exclude:
            return m
    return None


def _explicit_recipient(phrase: list[Token], action: Token, head: Token | None, kind: str, ctx: _Context,
                        exclude: set[str | None]) -> ActorMention | None:
    lex = ctx.lex
    if kind == "membership":  # the organisation joined is not the recipient
        exclude = exclude | {m.key for m in ctx.mentions if m.type == "Organization"}
    for c in action.children:
        if c.dep_ in ("dative", "iobj") and (m := _first_mention_in(c, ctx, exclude)):
            return m
    preps = [t for t in phrase if t.dep_ in ("prep", "dative")]
    wanted_preps = lex.recipient_preps + (("in",) if _lemma(action) in lex.arrival_verbs else ())
    for wanted in wanted_preps:
        for prep in (p for p in preps if p.lower_ == wanted):
            for obj in (g for g in prep.children if g.dep_ in ("pobj", "pcomp")):
                if (m := _first_mention_in(obj, ctx, exclude)) is not None:
                    return m
    for prep in (p for p in preps if p.lower_ == "on"):
        for obj in (g for g in prep.children if g.dep_ == "pobj" and _lemma(g) in lex.on_nouns):
            if (m := _first_mention_in(obj, ctx, exclude)) is not None:
                return m
    if _lemma(action) in lex.beneficiary_verbs:
        dobj = next((c for c in action.children if c.dep_ == "dobj"), None)
        if dobj is not None and (m := _mention_for(dobj, ctx)) is not None and m.key not in exclude:
            return m
    if head is not None:
        for c in head.children:
            if c.dep_ == "poss" and (m := ctx.mention_at(c)) is not None and m.key not in exclude:
                return m
        clause = head.head if head.dep_ in ("attr", "pobj") else None
        while clause is not None and clause.pos_ not in _VERBAL and clause.head is not clause:
            clause = clause.head
        if clause is not None and clause is not action:
            subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
            if subject is not None and (m := _mention_for(subject, ctx)) is not None and m.key not in exclude:
                return m
    return None


# --------------------------------------------------------------------------------------------
# Reading one chain


def _read_chain(top: Token, sent: Span, ctx: _Context, previous: list[CommitmentRecord]) -> CommitmentRecord | None:
    lex = ctx.lex
    chain = _chain(top)
    status = _status(chain, lex)
    if status is None:
        return None
    subject = _subject(chain)
    if subject is None:
        return None
    action = chain[-1]
    committers, via_pronoun = _committers(subject, top, ctx)
    subject_as_item = False
    if not committers and _kind_of(subject, ctx) is not None:
        # "The first Leopard tanks from Poland arrived": the thing arrives, its sender is "from X".
        committers = [m for p in subject.children if p.dep_ == "prep" and p.lower_ == "from"
                      for g in p.children if (m := _mention_for(g, ctx)) is not None]
        subject_as_item = bool(committers)
    if not committers:
        return None
    declaring = status.cue.lemma_.lower() in lex.declaring
    head = subject if subject_as_item else _item_head(action)
    if head is None and declaring:
        clause = next((c for c in action.children if c.dep_ == "ccomp"), None)
        head = _item_head(clause) if clause is not None else None
    if head is not None and head.lower_ in lex.reflexive_pronouns:
        return None  # "prepared to defend itself": no one else is given anything
    head = _instrument(action, head, ctx)
    kind = _kind_for(head, chain, ctx)
    if kind is None and head is not None:
        kind = _money_kind(" ".join(t.text for t in head.subtree), lex)
    confidence = lex.confidence["base"]
    inherited: CommitmentRecord | None = None
    if kind is None and head is None and status.status in ("refused", "considering", "withdrawn"):
        inherited = _recent(previous, sent, ctx)
        if inherited is None:
            return None
        kind = inherited.kind
        confidence += lex.confidence["inherited_item"]
    if kind is None:
        return None
    with_verb = action is not status.cue and action.pos_ in _VERBAL
    phrase = _verb_phrase(action, with_verb=with_verb)
    if head is not None and head not in phrase:
        phrase = sorted(set(phrase) | set(head.subtree), key=lambda t: t.i)
    recipient_phrase = phrase
    if subject_as_item:  # the item is the subject without its sender; the recipient is after the verb
        sender = {t for p in subject.children if p.dep_ == "prep" and p.lower_ == "from" for t in p.subtree}
        phrase = [t for t in subject.subtree if t not in sender]
        recipient_phrase = _verb_phrase(action, with_verb=False)
    start, end = _span_text(ctx.doc, phrase)
    item = text_of(ctx.doc)[start:end] if end > start else (inherited.item if inherited else "")
    exclude = {m.key for m in committers} | {_affiliation(m) for m in committers}
    recipient = _explicit_recipient(recipient_phrase, action, head, kind, ctx, exclude)
    if recipient is None and inherited is not None:
        recipient = inherited.recipient
    if recipient is None and kind not in lex.no_implied and ctx.topic_key and ctx.topic_key not in exclude:
        recipient = ctx.first_mention_of(ctx.topic_key, sent.start_char)
        confidence += lex.confidence["implied_recipient"]
    if via_pronoun:
        confidence += lex.confidence["pronoun_committer"]
    if any(m.rule == lex.collective_rule for m in committers):
        confidence += lex.confidence["collective"]
    committers = [m for m in committers if recipient is None or m.key is None or m.key != recipient.key]
    if not committers:
        return None
    record = _record(sent, ctx, committers=committers, kind=kind, status=status, item=item,
                     item_span=(start, end), clause=action, recipient=recipient, confidence=confidence)
    record.asserted_by = _reporting_speaker(top, ctx)
    return record


def _kind_for(head: Token | None, chain: list[Token], ctx: _Context) -> str | None:
    lex = ctx.lex
    verb_kind = next((lex.verb_kinds[_lemma(t)] for t in reversed(chain) if _lemma(t) in lex.verb_kinds), None)
    if verb_kind in _DECISIVE_VERB_KINDS:
        return verb_kind
    kind = _kind_of(head, ctx) if head is not None else None
    return kind or verb_kind


def _money_kind(text: str, lex: Lexicon) -> str | None:
    """An item that is only money: `funding` when it pays for arms or industry, else `financial`."""
    if not parse_money(text):
        return None
    words = {w.strip(".,;:’'\"").lower() for w in text.split()}
    return lex.money_funding_kind if words & lex.money_funding_words else lex.money_default_kind


def _recent(previous: list[CommitmentRecord], sent: Span, ctx: _Context) -> CommitmentRecord | None:
    """The last commitment of the same paragraph, for a stance with no object ("remain cautious")."""
    if not previous:
        return None
    last = previous[-1]
    between = text_of(ctx.doc)[last.end_char:sent.start_char]
    return last if "\n" not in between.strip(" ") and last.end_char <= sent.start_char else None


def _record(sent: Span, ctx: _Context, *, committers, kind, status: _Status, item, item_span, clause: Token,
            recipient, confidence) -> CommitmentRecord:
    doc = ctx.doc
    start, end = _span_text(doc, list(sent))
    record = CommitmentRecord(
        committers=committers, kind=kind, status=status.status, item=item, start_char=start, end_char=end,
        text=text_of(doc)[start:end], recipient=recipient, cue=status.cue.lemma_.lower(), rule=status.rule,
        confidence=round(max(0.1, min(1.0, confidence)), 2),
    )
    _add_figures(record, doc, item_span, clause)
    return record


def _skip_units() -> frozenset[str]:
    return load_lexicon().skip_units


def _add_figures(record: CommitmentRecord, doc: Doc, item_span: tuple[int, int], clause: Token) -> None:
    """Quantity from the item; money from the item, else from the whole clause ("..., spending €2.1bn")."""
    start, end = item_span
    item_text = text_of(doc)[start:end]
    quantities = [q for q in parse_quantity(item_text) if (q.unit or "").lower() not in _skip_units()]
    if quantities:
        q = next((q for q in quantities if q.unit), quantities[0])
        record.quantity, record.unit = q.value, q.unit
    money = parse_money(item_text)
    if not money:
        c_start, c_end = _span_text(doc, list(clause.subtree))
        money = parse_money(text_of(doc)[c_start:c_end])
    if money:
        first, *rest = money
        record.amount, record.currency, record.amount_bound = first.amount, first.currency, first.bound
        record.other_amounts = [(m.amount, m.currency, m.bound) for m in rest]


# --------------------------------------------------------------------------------------------
# Asking and urging


def _read_addressee(verb: Token, sent: Span, ctx: _Context) -> CommitmentRecord | None:
    lex = ctx.lex
    cue = lex.addressee_cues[verb.lemma_.lower()]
    addressee: Token | None = None
    if cue.particles:
        prep = next((c for c in verb.children if c.dep_ in ("prep", "prt") and c.lower_ in cue.particles), None)
        addressee = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep is not None else None
    else:
        addressee = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
    if addressee is None:
        return None
    asker_token = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    asker = _mention_for(asker_token, ctx) if asker_token is not None else None
    committers = [m for t in _conjuncts(addressee) if (m := _mention_for(t, ctx) or _collective(t, ctx))]
    if not committers or _negated(verb, lex):
        return None
    action = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    # The xcomp may hang on the addressee ("called on allies to send") or on the verb.
    action = action or next((c for c in addressee.children if c.dep_ in ("acl", "xcomp") and c.pos_ in _VERBAL), None)
    head = _item_head(action) if action is not None else None
    if head is None:
        prep = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for"), None)
        head = next((g for g in prep.children if g.dep_ == "pobj"), None) if prep is not None else None
    if head is not None and head.lower_ in lex.reflexive_pronouns:
        return None
    if action is not None:
        head = _instrument(action, head, ctx)
    kind = _kind_for(head, [action] if action is not None else [verb], ctx)
    if kind is None and head is not None:
        kind = _money_kind(" ".join(t.text for t in head.subtree), lex)
    if kind is None:
        return None
    status = cue.status
    asker_side = _affiliation(asker) if asker is not None else None
    exclude = {m.key for m in committers}
    phrase = _verb_phrase(action, with_verb=True) if action is not None else list(head.subtree)
    recipient = _explicit_recipient(phrase, action or verb, head, kind, ctx, exclude) if action is not None else None
    # The asker is the would-be recipient (Ukraine asking, or its president urging): `requested`.
    asks_for_itself = asker_side is not None and (
        (recipient is not None and recipient.key == asker_side)
        or (recipient is None and (status == "requested" or asker_side == ctx.topic_key)))
    if asks_for_itself:
        status = "requested"
        recipient = recipient or ctx.first_mention_of(asker_side, sent.start_char) or asker
    if recipient is None and kind not in lex.no_implied and ctx.topic_key and ctx.topic_key not in exclude:
        recipient = ctx.first_mention_of(ctx.topic_key, sent.start_char)
    start, end = _span_text(ctx.doc, phrase)
    record = _record(sent, ctx, committers=committers, kind=kind, status=_Status(status, cue.id, verb),
                     item=text_of(ctx.doc)[start:end], item_span=(start, end), clause=action or verb,
                     recipient=recipient, confidence=ctx.lex.confidence["base"])
    record.asserted_by = asker
    return record


def _dedupe(records: list[CommitmentRecord]) -> list[CommitmentRecord]:
    seen: set[tuple] = set()
    out = []
    for r in records:
        key = (tuple(sorted((m.start_char, m.end_char) for m in r.committers)), r.kind, r.start_char)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
