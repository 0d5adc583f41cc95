"""Small questions the commitments rules ask of the dependency parse, and the labels they use."""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Token

VERBAL = frozenset({"VERB", "AUX"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
AUXILIARIES = frozenset({"aux", "auxpass"})
OBJECTS_OF_PREPOSITION = frozenset({"pobj", "pcomp"})
# The infinitive marker: "to" under a verb makes it a to-infinitive ("need to send").
INFINITIVE = "to"


def lemma(token: Token) -> str:
    return token.lemma_.lower()


def child(token: Token, *deps: str) -> Token | None:
    """The first child with one of `deps`."""
    return next((c for c in token.children if c.dep_ in deps), None)


def has_subject(token: Token) -> bool:
    return any(c.dep_ in SUBJECTS for c in token.children)


def has_infinitive(token: Token) -> bool:
    return any(c.lower_ == INFINITIVE for c in token.children)


def preps(token: Token, words: Collection[str]) -> list[Token]:
    """The prepositions hanging on `token` that are one of `words` ("to", "for")."""
    return [c for c in token.children if c.dep_ == "prep" and c.lower_ in words]


def objects(prep: Token) -> list[Token]:
    """What a preposition governs: its object or its clause ("to Ukraine", "about sending")."""
    return [g for g in prep.children if g.dep_ in OBJECTS_OF_PREPOSITION]
