"""Verb chains: a verb and the verbs it governs through xcomp, acomp or a gerund after "by"/"from"
("have taken the lead by pledging to send troops", "must be prepared to commit forces"), and the
subject of a chain. Syntax only: which words count is in the lexicon."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.commitments.lexicon import Lexicon
from kg.extract.commitments.syntax import AUXILIARIES, VERBAL, child, has_infinitive, has_subject


def _is_gerund_link(token: Token) -> bool:
    """ "by pledging", "from pledging": a gerund under a preposition that hangs on a verb."""
    return (
        token.dep_ == "pcomp"
        and token.head.dep_ == "prep"
        and token.head.head.pos_ in VERBAL | {"ADJ"}
    )


def chain_tops(tokens: list[Token], lex: Lexicon) -> list[Token]:
    """The verbs (and cue adjectives) that start a chain: not auxiliaries, not links of a chain."""
    tops = []
    for t in tokens:
        if t.pos_ not in VERBAL and not (
            t.pos_ == "ADJ" and t.lemma_.lower() in lex.status.adjective_cues
        ):
            continue
        if t.dep_ in AUXILIARIES:
            continue
        if t.dep_ == "advcl" and has_infinitive(t):
            continue  # "sent tanks to help Ukraine": a purpose, not a commitment of its own
        linked = t.dep_ in ("xcomp", "acomp") or _is_gerund_link(t)
        if linked and not has_subject(t) and accused(t, lex) is None:
            continue
        tops.append(t)
    return tops


def _next_link(current: Token, lex: Lexicon) -> Token | None:
    # A verb with a direct object and a to-infinitive ("assign ten squadrons to control the
    # skies") has a purpose clause, not a chained verb.
    if not any(c.dep_ == "dobj" for c in current.children):
        for dep in ("xcomp", "acomp"):
            link = next((c for c in current.children if c.dep_ == dep and not has_subject(c)), None)
            if link is not None:
                return link
    if any(c.dep_ == "dobj" for c in current.children):
        return None  # "banned 29 journalists from entering": the object does the gerund
    return next(
        (
            g
            for p in current.children
            if p.dep_ == "prep" and p.lemma_ in lex.gerund_preps
            for g in p.children
            if g.dep_ == "pcomp" and g.tag_ == "VBG" and not has_subject(g)
        ),
        None,
    )


def accused(token: Token, lex: Lexicon) -> Token | None:
    """ "accused Iran of preparing to supply": the object of the accusing verb, for the gerund."""
    if token.dep_ != "pcomp" or token.head.lower_ != lex.accusing_prep:
        return None
    verb = token.head.head
    if verb.lemma_.lower() not in lex.accusing_verbs:
        return None
    return child(verb, "dobj")


def chain(top: Token, lex: Lexicon) -> list[Token]:
    links = [top]
    while (link := _next_link(links[-1], lex)) is not None and link not in links:
        links.append(link)
    return links


def subject(links: list[Token], lex: Lexicon | None = None) -> Token | None:
    """The subject of the chain: of its first verb that has one, else of the verb it hangs on."""
    if lex is not None and (found := accused(links[0], lex)) is not None:
        return found
    for token in links:
        # The parser sometimes hangs the subject on the auxiliary ("allies were prepared to").
        for aux in (c for c in token.children if c.dep_ in AUXILIARIES):
            found = child(aux, "nsubj", "nsubjpass")
            if found is not None:
                return found
        for agent in (c for c in token.children if c.dep_ == "agent"):  # "were ordered by Denmark"
            if (found := child(agent, "pobj")) is not None:
                return found
        passive = any(a.dep_ == "auxpass" for a in token.children)
        for c in token.children:
            # A passive subject with its auxiliary is the thing done, not the doer.
            if c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and not passive):
                return c
    # A conjoined or participial verb shares its head's subject ("acquired ..., spending ...").
    top = links[0]
    for _ in range(3):
        if top.dep_ not in ("conj", "advcl", "xcomp"):
            break
        top = top.head
        if (found := child(top, "nsubj")) is not None:
            return found
    return None
