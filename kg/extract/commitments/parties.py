"""Parties: the actor a token stands for, as the commitments rules read it.

Every mention lookup of the commitments rules goes through `Parties`: a name the gazetteer or the
model found, a phrase around one ("US President Donald Trump", "the Trump administration"), a
pronoun (the reporting subject, the quoted speaker, the last person named), a collective the
gazetteer does not name ("Nordic donors"), and the country the document is about. To resolve
mentions another way, change this module alone: the rules only call the methods of `Parties`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from spacy.tokens import Doc, Token

from kg import gazetteer as gazetteer_module
from kg.extract.commitments.lexicon import PartyWords, ReportingWords
from kg.extract.commitments.syntax import VERBAL, child
from kg.records import ActorMention, StatementRecord

# Clauses through which a reporting verb or noun governs what it reports.
_REPORTED_CLAUSES = frozenset({"ccomp", "parataxis", "conj", "acl", "xcomp", "advcl", "relcl"})
# Clauses through which a pronoun's antecedent is the subject of the governing verb.
_ANTECEDENT_CLAUSES = frozenset({"ccomp", "conj", "advcl"})
# Children of a noun that may carry the name of the actor it stands for.
_NAME_CARRIERS = frozenset({"compound", "amod", "poss", "nmod"})


class Parties:
    """The actors of one document, looked up by token."""

    def __init__(
        self,
        doc: Doc,
        mentions: list[ActorMention],
        statements: list[StatementRecord],
        *,
        words: PartyWords,
        reporting: ReportingWords,
    ):
        self.mentions = mentions
        self._statements = statements
        self._words = words
        self._reporting = reporting
        self._by_token = _index(doc, mentions)
        self.topic = _topic_country(mentions)  # the key of the country the document is about

    # --- names -----------------------------------------------------------------------------

    def at(self, token: Token) -> ActorMention | None:
        """The mention covering `token`."""
        return self._by_token.get(token.i)

    def of(self, token: Token) -> ActorMention | None:
        """The mention naming `token`, or the one inside its phrase ("US President Donald
        Trump")."""
        if (m := self.at(token)) is not None:
            return m
        for c in token.children:
            if c.dep_ in _NAME_CARRIERS and (m := self.at(c)) is not None:
                if c.dep_ != "poss" or token.lemma_.lower() in self._words.possessed_heads:
                    return m
        return None

    def first_in(self, token: Token, exclude: Collection[str | None]) -> ActorMention | None:
        """The first mention in the phrase of `token` whose key is not in `exclude`."""
        for t in token.subtree:
            m = self.at(t)
            if m is not None and m.key not in exclude:
                return m
        return None

    def named_near(self, key: str, before: int) -> ActorMention | None:
        """The last mention of `key` before `before`, else its first mention."""
        candidates = [m for m in self.mentions if m.key == key]
        earlier = [m for m in candidates if m.start_char <= before]
        return (earlier or candidates or [None])[-1 if earlier else 0]

    def keys_of_type(self, actor_type: str) -> set[str | None]:
        return {m.key for m in self.mentions if m.type == actor_type}

    @staticmethod
    def side_of(m: ActorMention) -> str | None:
        """The country or organisation an actor stands for: itself, or a curated person's post."""
        if m.type != "Person":
            return m.key
        entry = gazetteer_module.load().entries.get(m.key or "")
        if entry and entry.posts:
            return entry.posts[0].get("org")
        return None

    # --- speakers and committers -------------------------------------------------------------

    def speaker_of(self, token: Token) -> ActorMention | None:
        """The speaker of the quotation holding `token`, else the subject of a reporting verb (or
        possessor of a reporting noun) that governs it."""
        for st in self._statements:
            if st.speaker is not None and st.start_char <= token.idx < st.end_char:
                return st.speaker
        t = token
        for _ in range(6):
            if t.dep_ not in _REPORTED_CLAUSES:
                return None
            t = t.head
            if t.pos_ in VERBAL and t.lemma_.lower() in self._reporting.verbs:
                subject = child(t, "nsubj")
                return self.of(subject) if subject is not None else None
            if t.pos_ == "NOUN" and t.lemma_.lower() in self._reporting.nouns:
                owner = child(t, "poss")
                return self.of(owner) if owner is not None else None
        return None

    def committers(self, subject: Token, top: Token) -> tuple[list[ActorMention], bool]:
        """The actors of the subject phrase of the chain starting at `top`, split at "and"; the
        flag says whether a pronoun was resolved."""
        out: list[ActorMention] = []
        resolved = False
        head = subject
        if subject.lower_ in self._words.relative_pronouns and top.dep_ == "relcl":
            head = top.head  # "the US, which pledged ..."
        for token in _conjoined(head):
            m = self.of(token)
            if m is None and token.pos_ == "PRON":
                m = self._pronoun(token, top)
                resolved = resolved or m is not None
            if m is None:
                m = self.collective(token)
            if m is not None and all(
                (o.start_char, o.end_char) != (m.start_char, m.end_char) for o in out
            ):
                out.append(m)
        return out, resolved

    def addressees(self, token: Token) -> list[ActorMention]:
        """The actors asked or urged: the named ones and the collectives of a coordination."""
        return [m for t in _conjoined(token) if (m := self.of(t) or self.collective(t))]

    def collective(self, token: Token) -> ActorMention | None:
        """ "Nordic donors": a collective actor the gazetteer does not name, as a new Group
        mention."""
        words = self._words
        if (
            token.lemma_.lower() not in words.collective_heads
            and token.lower_ not in words.collective_heads
        ):
            return None
        modifiers = [
            c for c in token.lefts if c.dep_ in ("amod", "compound") and c.text[:1].isupper()
        ]
        if not modifiers:
            return None
        span = token.doc[min(m.i for m in modifiers) : token.i + 1]
        entry = gazetteer_module.load().lookup(span.text)
        return ActorMention(
            span.start_char,
            span.end_char,
            span.text,
            entry.type if entry else "Group",
            key=entry.key if entry else None,
            name=entry.name if entry else span.text,
            rule=words.collective_rule,
            confidence=words.collective_confidence,
        )

    def _pronoun(self, token: Token, top: Token) -> ActorMention | None:
        lower = token.lower_
        words = self._words
        if lower in words.speaker_pronouns:
            return self.speaker_of(top)
        if lower not in words.thing_pronouns | words.person_pronouns:
            return None
        wants_person = lower in words.person_pronouns
        # "X has made clear it no longer intends to ...": the subject of the governing verb.
        t = top
        while t.dep_ in _ANTECEDENT_CLAUSES and t.head != t:
            t = t.head
            subject = child(t, "nsubj")
            if subject is not None and subject != token and (m := self.of(subject)) is not None:
                if (m.type == "Person") == wants_person:
                    return m
        if wants_person:  # the last person named in this sentence or the one before
            sent = token.sent
            previous = token.doc[sent.start - 1].sent if sent.start > 0 else sent
            people = [
                m
                for m in self.mentions
                if m.type == "Person" and previous.start_char <= m.start_char < token.idx
            ]
            return people[-1] if people else None
        return None


def _conjoined(token: Token) -> list[Token]:
    """`token` and the tokens conjoined to it ("Britain, Estonia, France, and Lithuania")."""
    return [token, *token.conjuncts]


def _index(doc: Doc, mentions: list[ActorMention]) -> dict[int, ActorMention]:
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
