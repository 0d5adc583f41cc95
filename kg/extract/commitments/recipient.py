"""Recipients: who a commitment is for. The indirect object, the object of "to"/"for"/"with", the
country of "on Ukrainian soil", the object of "support"/"fund", a possessor ("Ukraine's defense"),
the subject of the clause the item is in, or, when the text names none, the document's country."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.commitments.lexicon import RecipientWords
from kg.extract.commitments.parties import Parties
from kg.extract.commitments.syntax import VERBAL, child, lemma, objects, preps
from kg.records import ActorMention


def _allowed(m: ActorMention | None, exclude: set[str | None]) -> ActorMention | None:
    """`m`, unless its key is excluded (a committer, or the organisation joined)."""
    return m if m is not None and m.key not in exclude else None


def _clause_subject(
    head: Token, action: Token, parties: Parties, exclude: set[str | None]
) -> ActorMention | None:
    """ "X is the recipient of Y's aid": the subject of the clause an attribute or object is in."""
    if head.dep_ not in ("attr", "pobj"):
        return None
    # The nearest verb above (none when the sentence has no verb: "Germany cautious about tanks.").
    clause = next((t for t in (head.head, *head.head.ancestors) if t.pos_ in VERBAL), None)
    if clause is None or clause == action:
        return None
    subject = child(clause, "nsubj")
    return _allowed(parties.resolver.mention_for(subject), exclude) if subject is not None else None


def _target(
    phrase: list[Token],
    head: Token | None,
    parties: Parties,
    words: RecipientWords,
    exclude: set[str | None],
) -> ActorMention | None:
    """Whom a sanction targets: "against Russia", "on Russian metals", "Russia's largest bank"."""
    tokens = list(phrase)
    if head is not None:
        tokens += [t for t in head.subtree if t not in phrase]
    for word in words.target_preps:
        for prep in (t for t in tokens if t.dep_ == "prep" and t.lower_ == word):
            for obj in objects(prep):
                if (m := parties.first_in(obj, exclude)) is not None:
                    return m
    for verb in (t for t in tokens if t.pos_ == "VERB" and lemma(t) in words.target_verbs):
        for obj in (c for c in verb.children if c.dep_ == "dobj"):  # "efforts to sanction Russia"
            if (m := parties.first_in(obj, exclude)) is not None:
                return m
    if head is not None and (m := _allowed(parties.resolver.index.at_token(head), exclude)):
        return m  # "banned 963 Americans"
    owned = [head] if head is not None else []
    owned += [t for t in phrase if t.dep_ == "pobj" and t.head.lower_ == "of"]  # parse slips
    owned += [g for h in owned for p in preps(h, ("of",)) for g in objects(p)]  # "€4.5bn of ..."
    for h in owned:
        for c in h.children:
            if c.dep_ in ("poss", "amod", "compound") and (m := parties.first_in(c, exclude)):
                return m
    return None


def _joiner(head: Token | None, parties: Parties, exclude: set[str | None]) -> ActorMention | None:
    """Who joins: "ratified Finland's accession", "the accession of Finland", "admit Finland"."""
    if head is None:
        return None
    if (m := _allowed(parties.resolver.index.at_token(head), exclude)) is not None:
        return m
    for c in head.children:
        if c.dep_ in ("poss", "nmod") and (m := parties.first_in(c, exclude)):
            return m
    for obj in (g for p in preps(head, ("of",)) for g in objects(p)):
        if (m := parties.first_in(obj, exclude)) is not None:
            return m
    return None


def explicit_recipient(
    phrase: list[Token],
    action: Token,
    head: Token | None,
    kind: str,
    parties: Parties,
    words: RecipientWords,
    exclude: set[str | None],
) -> ActorMention | None:
    """The recipient the text names, or None; an actor whose key is in `exclude` is not one."""
    resolver = parties.resolver
    if kind in words.target_kinds:  # a sanction is for no one: its recipient is its target
        return _target(phrase, head, parties, words, exclude)
    if kind in words.joined_kinds:  # the organisation joined is not the recipient
        exclude = exclude | parties.keys_of_type("Organization")
        if (m := _joiner(head, parties, exclude)) is not None:
            return m
    for c in action.children:
        if c.dep_ in ("dative", "iobj") and (m := parties.first_in(c, exclude)):
            return m
        # "supply Russia with drones": the object named, the thing given after "with"
        if c.dep_ == "dobj" and head is not None and c != head and head.i > c.i:
            if (m := _allowed(resolver.index.at_token(c), exclude)) is not None:
                return m
    phrase_preps = [t for t in phrase if t.dep_ in ("prep", "dative")]
    for word in words.preps:
        for prep in (p for p in phrase_preps if p.lower_ == word):
            for obj in objects(prep):
                if (m := parties.first_in(obj, exclude)) is not None:
                    return m
    arriving = lemma(action) in words.arrival_verbs
    if arriving or kind in words.host_kinds:
        # "arrived in Ukraine"; "boost its troops in Estonia": the country they are in, named on
        # the verb or the item (not deeper: "soldiers trapped in Azovstal")
        for prep in (p for p in phrase_preps if p.lower_ in words.arrival_preps):
            if not arriving and prep.head not in (action, head):
                continue
            for obj in objects(prep):
                m = parties.first_in(obj, exclude) if arriving else None
                if (m := m or _allowed(parties.host(obj), exclude)) is not None:
                    return m
    for prep in (p for p in phrase_preps if p.lower_ in words.on_preps):
        for obj in (g for g in prep.children if g.dep_ == "pobj" and lemma(g) in words.on_nouns):
            if (m := parties.first_in(obj, exclude)) is not None:
                return m
    if lemma(action) in words.beneficiary_verbs:
        dobj = child(action, "dobj")
        if dobj is not None and (m := _allowed(resolver.mention_for(dobj), exclude)):
            return m
    # "approved $50m to help Ukrainian households": a purpose in the item names whom it is for
    for verb in (t for t in phrase if t.pos_ == "VERB" and lemma(t) in words.beneficiary_verbs):
        dobj = child(verb, "dobj")
        if dobj is not None and (m := _allowed(resolver.mention_for(dobj), exclude)):
            return m
    if head is not None:
        for c in head.children:
            if c.dep_ == "poss" and (m := _allowed(resolver.index.at_token(c), exclude)):
                return m
        return _clause_subject(head, action, parties, exclude)
    return None


def implied_recipient(
    kind: str, sent: Span, parties: Parties, words: RecipientWords, exclude: set[str | None]
) -> ActorMention | None:
    """The document's country, for a kind that has a recipient, unless it is a committer."""
    if kind in words.no_implied or not parties.topic or parties.topic in exclude:
        return None
    # Implied only where the paragraph names the country: an article about Russia's war names
    # Russia most, but aid in a paragraph that never names it is not for Russia.
    resolver = parties.resolver
    paragraph = resolver.paragraph_of(sent.start_char)
    named = [
        m
        for m in resolver.index.within(*resolver.paragraphs[paragraph])
        if m.key == parties.topic and m.start_char < sent.end_char
    ]
    if not named:
        return None
    return resolver.index.first_of(parties.topic, before=sent.start_char) or named[0]
