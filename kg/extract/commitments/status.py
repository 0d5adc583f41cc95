"""The status of a chain (modality): the outermost cue decides.

A modal auxiliary ("should") is a recommendation (`proposed`), "pledge" `pledged`, "order"
`committed`, "send" `delivered`, "ready to" `considering`, "rule out" `refused`, "suspend"
`withdrawn`; negation turns a pledge into a refusal ("no longer intends to fund"); "could" and
"might" make no commitment, and "will" alone a pledge only when the chain ends in an action.

Each verb of the chain, outermost first, goes through STEPS in order. A step has no opinion
(None), decides the chain (a final Verdict, whose status may be None: no commitment), or offers a
tentative status that holds unless a later verb decides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Token

from kg.extract.commitments.lexicon import Cue, Lexicon
from kg.extract.commitments.syntax import AUXILIARIES, VERBAL, has_infinitive, has_subject, lemma


@dataclass(slots=True)
class Status:
    status: str
    rule: str  # the id of the cue that decided it: the record's `rule`
    cue: Token


@dataclass(slots=True, frozen=True)
class Link:
    """One verb of a chain, as the steps see it."""

    token: Token
    chain: list[Token]
    auxiliaries: frozenset[str]  # its auxiliaries, lower case ("will", "should")
    negated: bool


@dataclass(slots=True, frozen=True)
class Verdict:
    status: Status | None
    final: bool = True  # False: tentative, unless a later verb of the chain decides


def negated(token: Token, lex: Lexicon) -> bool:
    words = lex.status
    for c in token.children:
        if c.dep_ == "neg" or c.lower_.replace("’", "'") in words.negation:
            return True
        if c.lower_ in words.no_longer and any(
            g.lower_ in words.no_longer_with for g in c.children
        ):
            return True
    return False


def asserted(token: Token, lex: Lexicon) -> bool:
    """Whether the clause of `token` is asserted: not a condition ("if such missiles were
    supplied") and not under a denial ("denied it had sent"), up the clauses that govern it."""
    words = lex.status
    t = token
    for _ in range(8):
        if t.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in words.conditional_marks for c in t.children
        ):
            return False
        if t.dep_ not in words.clause_links or t.head == t:
            return True
        t = t.head
        if lemma(t) in words.denial_verbs:
            return False
    return True


def hypothetical(token: Token, lex: Lexicon) -> bool:
    """ "could take the decision": a verb with a hypothetical modal."""
    return bool({a.lower_ for a in _auxiliaries(token)} & lex.status.hypothetical)


def _auxiliaries(token: Token) -> list[Token]:
    auxes = [c for c in token.children if c.dep_ in AUXILIARIES]
    # "Europe must assume ... and be ready to": a conjoined verb shares its head's modal.
    if token.dep_ == "conj" and not has_subject(token) and not auxes:
        auxes = [c for c in token.head.children if c.dep_ in AUXILIARIES]
    return auxes


def _particle_ok(token: Token, cue: Cue) -> bool:
    if not cue.particles:
        return True
    return any(
        c.lower_ in cue.particles for c in token.children if c.dep_ in ("prt", "prep", "advmod")
    )


def _under_reporting(token: Token, lex: Lexicon) -> bool:
    """Whether a verb that states what it governs ("said", "signalled") governs `token` through
    clauses ("said it would send"; not "denied it would send", "believes it would send")."""
    t = token
    while t.dep_ in ("ccomp", "conj", "parataxis") and t.head != t:
        t = t.head
        if t.lemma_ in lex.reporting.stating_verbs:
            return True
    return False


# --------------------------------------------------------------------------------------------
# The steps, in order


def _hypothetical(link: Link, lex: Lexicon) -> Verdict | None:
    """ "could", "might": no commitment; "would" under a reporting verb: a reported pledge."""
    words = lex.status
    if not link.auxiliaries & words.hypothetical:
        return None
    if link.auxiliaries & words.reported and _under_reporting(link.chain[0], lex):
        if link.negated:  # "would not send troops, Biden said": a reported refusal
            return Verdict(Status(words.refused_status, words.modal_id, link.token), final=False)
        return Verdict(Status(words.future_status, words.modal_id, link.token), final=False)
    return Verdict(None)


def _proposed(link: Link, lex: Lexicon) -> Verdict:
    words = lex.status
    return Verdict(
        None if link.negated else Status(words.proposed_status, words.modal_id, link.token)
    )


def _modal(link: Link, lex: Lexicon) -> Verdict | None:
    """ "should send", "must provide": a recommendation."""
    return _proposed(link, lex) if link.auxiliaries & lex.status.proposed_modals else None


def _modal_verb(link: Link, lex: Lexicon) -> Verdict | None:
    """ "will need to maintain", "have to send": a verb that works like a modal."""
    token = link.token
    if lemma(token) not in lex.status.proposed_verbs:
        return None
    if not any(c.dep_ == "xcomp" and has_infinitive(c) for c in token.children):
        return None
    return _proposed(link, lex)


def _cue(link: Link, lex: Lexicon) -> Verdict | None:
    """ "pledged", "ruled out", "ready to": the cue's status, or its negated status."""
    words, token = lex.status, link.token
    cues = words.verb_cues if token.pos_ in VERBAL else words.adjective_cues
    cue = cues.get(lemma(token))
    if cue is None or not _particle_ok(token, cue):
        return None
    status = cue.negated if link.negated else cue.status
    if status in words.future_turns and (_announced(link, lex) or _scheduled(link, lex)):
        status = words.future_status  # "will send", "will provide": announced, not yet done
    return Verdict(Status(status, cue.id, token) if status else None)


def _announced(link: Link, lex: Lexicon) -> bool:
    """ "will send", "will continue to send": "will" on this verb or one before it in the chain."""
    at = link.chain.index(link.token)
    return any(
        {a.lower_ for a in _auxiliaries(t)} & lex.status.future for t in link.chain[: at + 1]
    )


def _scheduled(link: Link, lex: Lexicon) -> bool:
    """ "Spain is to supply": the verb before it in the chain is "be" with this to-infinitive."""
    at = link.chain.index(link.token)
    if at == 0:
        return False
    before = link.chain[at - 1]
    return lemma(before) in lex.status.scheduled and has_infinitive(link.token)


def _phrase(link: Link, lex: Lexicon) -> Verdict | None:
    """ "in talks with": a cue that is a prepositional phrase on the verb."""
    for prep in (
        c for c in link.token.children if c.dep_ == "prep" and c.lower_ in lex.status.phrase_preps
    ):
        rule, status, objects = lex.status.phrase_preps[prep.lower_]
        if any(p.lower_ in objects for p in prep.children if p.dep_ == "pobj"):
            return Verdict(Status(status, rule, prep))
    return None


def _future(link: Link, lex: Lexicon) -> Verdict | None:
    """ "will send": a pledge, if the chain ends in an action."""
    words = lex.status
    if link.auxiliaries & words.future:
        return Verdict(Status(words.future_status, words.modal_id, link.token), final=False)
    return None


Step = Callable[[Link, Lexicon], Verdict | None]
STEPS: tuple[Step, ...] = (_hypothetical, _modal, _modal_verb, _cue, _phrase, _future)


def _framed(top: Token, lex: Lexicon) -> Status | None:
    """ "it is vital that Europe reaffirm ...": the clause of a frame adjective is a proposal."""
    words = lex.status
    if top.dep_ != "ccomp":
        return None
    frame = top.head
    if frame.lemma_ in words.frame_adjectives or any(
        c.dep_ == "acomp" and c.lemma_ in words.frame_adjectives for c in frame.children
    ):
        return Status(words.frame_status, words.frame_id, frame)
    return None


def _done(status: Status | None, lex: Lexicon) -> bool:
    """Whether `status` says the act is done ("delivered", "committed")."""
    return status is not None and status.status in lex.status.future_turns


def status_of(chain: list[Token], lex: Lexicon) -> Status | None:
    """The outermost cue of the chain, or None when the chain makes no commitment."""
    if (framed := _framed(chain[0], lex)) is not None:
        return framed
    tentative: Status | None = None
    for token in chain:
        auxiliaries = frozenset(a.lower_ for a in _auxiliaries(token))
        link = Link(token, chain, auxiliaries, negated(token, lex))
        for step in STEPS:
            verdict = step(link, lex)
            if verdict is None:
                continue
            if verdict.final:
                if tentative is not None and _done(verdict.status, lex):
                    # "allies would continue to supply Ukraine, he said": the reported "would" of
                    # a verb before it announces the delivery, as "will" does
                    return tentative
                return verdict.status
            tentative = tentative or verdict.status
            break
    if tentative is not None and lemma(chain[-1]) in lex.status.actions:
        return tentative
    return None
