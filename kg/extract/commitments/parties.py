"""Parties: who commits, who is asked, and whose side an actor is on, as commitments read them.

Which actor a token stands for (a name, a phrase around one, a pronoun, a reporting speaker, a
collective) is the mention resolver's job (kg/extract/mentions/), shared with every extractor.
This layer adds what only commitments ask: the committers of a chain's subject phrase split at
"and", the actors asked or urged, the side a person stands for, a recipient in a phrase that is
not a committer, and the country the document is about.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from functools import lru_cache

from spacy.tokens import Token

from kg.extract.actors import gazetteer_mention
from kg.extract.mentions import Resolver
from kg.gazetteer import Gazetteer
from kg.names import titles
from kg.records import ActorMention


class Parties:
    """The commitments' questions about the actors of one document, asked of its resolver."""

    def __init__(self, resolver: Resolver, *, gazetteer: Gazetteer):
        self.resolver = resolver
        self.gazetteer = gazetteer  # the build's curated actors, loaded once by the caller
        self.topic = _topic_country(resolver.mentions)  # the key of the country the doc is about

    def first_in(self, token: Token, exclude: Collection[str | None]) -> ActorMention | None:
        """The first mention in the phrase of `token` whose key is not in `exclude`."""
        for t in token.subtree:
            m = self.resolver.index.at_token(t)
            if m is not None and m.key not in exclude:
                return m
        return None

    def keys_of_type(self, actor_type: str) -> set[str | None]:
        return {m.key for m in self.resolver.mentions if m.type == actor_type}

    def side_of(self, m: ActorMention) -> str | None:
        """The country or organisation an actor stands for: itself, or a curated person's post."""
        if m.type != "Person":
            return m.key
        entry = self.gazetteer.entries.get(m.key or "")
        if entry and entry.posts:
            return entry.posts[0].get("org")
        return None

    def committers(self, subject: Token, top: Token) -> tuple[list[ActorMention], bool]:
        """The actors of the subject phrase of the chain starting at `top`, split at "and"; the
        flag says whether a pronoun was resolved."""
        resolver = self.resolver
        out: list[ActorMention] = []
        resolved = False
        head = subject
        if subject.lower_ in resolver.pronouns.relative and top.dep_ == "relcl":
            head = top.head  # "the US, which pledged ..."
        for token in _conjoined(head):
            m = resolver.mention_for(token)
            if m is None and token.pos_ == "PRON":
                m = resolver.clause_pronoun(token, top)
                resolved = resolved or m is not None
            if m is None:
                m = resolver.collective(token) or self.group(token) or self.titled(token)
            if m is not None and all(
                (o.start_char, o.end_char) != (m.start_char, m.end_char) for o in out
            ):
                out.append(m)
        return out, resolved

    def titled(self, token: Token) -> ActorMention | None:
        """ "Germany's chancellor promised": a title the article names no holder for stands for
        its possessor's country or organisation."""
        if token.pos_ != "NOUN" or token.lower_ not in _title_heads():
            return None
        poss = next((c for c in token.children if c.dep_ == "poss"), None)
        m = self.resolver.index.at_token(poss) if poss is not None else None
        return m if m is not None and m.type in ("Country", "Organization") else None

    def addressees(self, token: Token) -> list[ActorMention]:
        """The actors asked or urged: the named ones and the collectives of a coordination."""
        resolver = self.resolver
        return [
            m
            for t in _conjoined(token)
            if (m := resolver.mention_for(t) or resolver.collective(t) or self.group(t))
        ]

    def group(self, token: Token) -> ActorMention | None:
        """ "the west", "Ukraine's allies" in lower case: a curated group the model did not tag."""
        return self._curated(token, "Group", rule="commitments.group")

    def host(self, token: Token) -> ActorMention | None:
        """ "troops in Estonia", "arrived in Ukraine": the country a deployment is in or an item
        arrives in. The document may name it only there, as a place (not an actor of the document
        then): as a host it receives them."""
        m = self.resolver.index.at_token(token)
        if m is not None:
            return m if m.type == "Country" else None
        return self._curated(token, "Country", rule="commitments.host")

    def _curated(self, token: Token, actor_type: str, *, rule: str) -> ActorMention | None:
        """The curated actor of `actor_type` the phrase ending at `token` names."""
        if token.pos_ not in ("NOUN", "PROPN"):
            return None
        lefts = [t for t in token.subtree if t.i < token.i]
        if any(t.dep_ not in _GROUP_PHRASE and t.head == token for t in lefts):
            return None
        span = token.doc[lefts[0].i if lefts else token.i : token.i + 1]
        entry = self.gazetteer.lookup(span.text)
        if entry is None or entry.type != actor_type:
            return None
        return gazetteer_mention(span, entry, rule=rule)

    def giver_named_by(self, token: Token, adjectives: dict[str, str]) -> ActorMention | None:
        """ "western weaponry": the curated group an adjective of the item names as its giver."""
        for t in token.subtree:
            name = adjectives.get(t.lower_) if t.dep_ == "amod" else None
            entry = self.gazetteer.lookup(name) if name else None
            if entry is not None:
                return gazetteer_mention(t.doc[t.i : t.i + 1], entry, rule="commitments.group")
        return None


# The words of a noun phrase that may be part of a curated group name ("the west").
_GROUP_PHRASE = frozenset({"det", "amod", "compound", "poss", "case"})


@lru_cache(maxsize=1)
def _title_heads() -> frozenset[str]:
    return titles()["heads"]


def _conjoined(token: Token) -> list[Token]:
    """`token` and the tokens conjoined to it ("Britain, Estonia, France, and Lithuania")."""
    return [token, *token.conjuncts]


def _topic_country(mentions: list[ActorMention]) -> str | None:
    """The country the document is about: the one it names most often (ties: first named)."""
    counts = Counter(m.key for m in mentions if m.type == "Country" and m.key)
    if not counts:
        return None
    order = {m.key: i for i, m in reversed(list(enumerate(mentions)))}
    return max(counts, key=lambda k: (counts[k], -order[k]))
