"""Domestic acts: money an actor keeps or spends at home is given to no other actor, so it is no
commitment ("its Russian operations contributed about $2bn of the company's sales", "a £37bn
package to help households"). A commitment in kg is one actor's act towards another: a pledge,
an order, a delivery, a refusal. An actor's income (revenue, sales, profits, taxes) and its own
budget are not given to anyone, and support for its own households or economy has no recipient
among the actors; counted as commitments they would be summed by `kg query --name money` as aid.

Only items of the money kinds are judged. Income is no one's gift whatever the phrase names
("its revenues from selling gas to the EU"); a beneficiary at home counts only when the record has
no recipient: aid "for Ukrainian households" has one (the demonym names Ukraine). "$1bn for
Ukraine's budget" and "budget support" measure money given, not the budget itself. Troops "in
Estonia" are a deployment, whoever owns them.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.commitments.lexicon import DomesticWords
from kg.extract.commitments.syntax import lemma, objects, preps
from kg.extract.mentions import MentionIndex


def _measured(head: Token) -> list[Token]:
    """The head and what it measures: "$2bn of gas revenue", "9% of the company's sales, or
    about $2bn" (the figure's apposition too)."""
    out = [head]
    for _ in range(3):
        nxt = [g for h in out for p in preps(h, ("of", "in")) for g in objects(p)]
        nxt += [c for h in out for c in h.children if c.dep_ in ("appos", "conj")]
        new = [t for t in nxt if t not in out]
        if not new:
            break
        out += new
    return out


def _own_money(head: Token, words: DomesticWords) -> bool:
    return any(lemma(t) in words.own_money or t.lower_ in words.own_money for t in _measured(head))


def _names_actor(token: Token, mentions: MentionIndex) -> bool:
    return any(mentions.at_token(t) is not None for t in token.subtree)


def _home_beneficiary(phrase: list[Token], mentions: MentionIndex, words: DomesticWords) -> bool:
    """ "a package to help households", "support for consumers": a beneficiary at home, named
    with no actor ("Ukrainian households" names Ukraine)."""
    for t in phrase:
        if t.lower_ not in words.beneficiaries and lemma(t) not in words.beneficiaries:
            continue
        governor = t.head
        by_prep = t.dep_ == "pobj" and governor.lower_ in words.beneficiary_preps
        by_verb = t.dep_ == "dobj" and lemma(governor) in words.beneficiary_verbs
        if (by_prep or by_verb) and not _names_actor(t, mentions):
            return True
    return False


def domestic(
    head: Token | None,
    phrase: list[Token],
    *,
    kind: str,
    has_recipient: bool,
    mentions: MentionIndex,
    words: DomesticWords,
) -> bool:
    """Whether the record read is an actor's own money (whatever else the phrase names: "its
    revenues from selling gas to the EU") or, with no recipient, money for people at home."""
    if kind not in words.kinds:
        return False
    if head is not None and _own_money(head, words):
        return True
    return not has_recipient and _home_beneficiary(phrase, mentions, words)
