"""Kinds: what sort of thing an item is (troops, materiel, funding, ...), from its head noun, the
modifiers of a generic head ("humanitarian aid"), the object of a measure ("$1bn in funding"), the
action verb ("fund Ukraine's defense"), or, for an item that is only money, its words."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.commitments.lexicon import KindWords
from kg.extract.commitments.syntax import lemma, objects, preps
from kg.extract.mentions import MentionIndex
from kg.extract.quantities import parse_money

_MAX_DEPTH = 3


def _noun_kind(token: Token, words: KindWords) -> str | None:
    for word in (token.lower_, lemma(token)):
        if word in words.nouns:
            return words.nouns[word]
    return words.entities.get(token.ent_type_)


def _measured_kind(head: Token, mentions: MentionIndex, words: KindWords, depth: int) -> str | None:
    """ "$1.5 billion in funding", "a package of drones": the thing measured."""
    for prep in preps(head, words.measure_preps):
        for obj in objects(prep):
            if obj.pos_ == "VERB" and lemma(obj) in words.verbs:
                return words.verbs[lemma(obj)]
            if (kind := kind_of(obj, mentions, words, depth + 1)) is not None:
                return kind
    return None


def _ordered_kind(head: Token, mentions: MentionIndex, words: KindWords, depth: int) -> str | None:
    """ "signed a contract for 4m rounds": the thing measured hangs on the verb."""
    if head.dep_ != "dobj":
        return None
    for prep in preps(head.head, words.verb_measure_preps):
        for obj in (g for g in prep.children if g.dep_ == "pobj" and mentions.at_token(g) is None):
            if (kind := kind_of(obj, mentions, words, depth + 1)) is not None:
                return kind
    return None


def _generic_kind(head: Token, words: KindWords) -> str | None:
    """ "financial support", "agreements to co-produce drones": a generic head's modifier or
    verb."""
    modifiers = [c for c in head.children if c.dep_ in ("amod", "compound", "nmod")]
    modifiers += [g for m in modifiers for g in m.children if g.dep_ == "conj"]
    for m in sorted(modifiers, key=lambda t: t.i):
        if (kind := words.modifiers.get(lemma(m)) or words.modifiers.get(m.lower_)) is not None:
            return kind
    for verb in (c for c in head.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"):
        if lemma(verb) in words.verbs:
            return words.verbs[lemma(verb)]
    return None


def kind_of(head: Token, mentions: MentionIndex, words: KindWords, depth: int = 0) -> str | None:
    """The kind the item headed by `head` names, or None (a name, a pronoun, an unknown noun)."""
    if depth > _MAX_DEPTH:
        return None
    if mentions.at_token(head) is not None and head.pos_ == "PROPN":
        # "block Finland and Sweden's Nato membership": a name, but a conjoined noun may say what
        conj = [c for c in head.children if c.dep_ == "conj" and c.pos_ == "NOUN"]
        return next((k for c in conj if (k := kind_of(c, mentions, words, depth + 1))), None)
    if head.lower_ in words.reflexive_pronouns:
        return None
    if lemma(head) in words.measure_heads or head.pos_ == "NUM":
        if (kind := _measured_kind(head, mentions, words, depth)) is not None:
            return kind
        if head.pos_ == "NUM" and head.head.pos_ == "NOUN" and head.dep_ == "nummod":
            return kind_of(head.head, mentions, words, depth + 1)  # "four brigades": the noun alone
        if (kind := _ordered_kind(head, mentions, words, depth)) is not None:
            return kind
        if lemma(head) in words.measure_heads and any(
            objects(p) for p in preps(head, ("of",))
        ):  # "a new round of annexations": the measured thing names no kind
            return None
    if lemma(head) in words.generic_heads and (kind := _generic_kind(head, words)) is not None:
        return kind
    if (kind := _noun_kind(head, words)) is not None:
        return kind
    for c in head.children:
        if c.dep_ == "compound" and (kind := _noun_kind(c, words)) is not None:
            return kind
    for c in head.children:
        if (
            c.dep_ in ("conj", "appos")
            and (kind := kind_of(c, mentions, words, depth + 1)) is not None
        ):
            return kind
    return None


def kind_for(
    head: Token | None, chain: list[Token], mentions: MentionIndex, words: KindWords
) -> str | None:
    """The kind of a commitment: a decisive verb's ("fund"), else the item's, else any verb's."""
    verb_kind = next(
        (words.verbs[lemma(t)] for t in reversed(chain) if lemma(t) in words.verbs), None
    )
    if verb_kind in words.decisive_verb_kinds:
        return verb_kind
    kind = kind_of(head, mentions, words) if head is not None else None
    return kind or verb_kind


def money_kind(text: str, words: KindWords) -> str | None:
    """An item that is only money: `funding` when it pays for arms or industry, else `financial`."""
    if not parse_money(text):
        return None
    found = {w.strip(".,;:’'\"").lower() for w in text.split()}
    return words.money_funding if found & words.money_funding_words else words.money_default


def item_kind(
    head: Token | None, chain: list[Token], mentions: MentionIndex, words: KindWords
) -> str | None:
    """The kind of the item headed by `head`, or of the money it names."""
    kind = kind_for(head, chain, mentions, words)
    if kind is None and head is not None:
        kind = money_kind(" ".join(t.text for t in head.subtree), words)
    return kind
