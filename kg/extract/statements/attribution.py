"""Attributions: the speaker and the cue of a statement, and how the rules find them.

A rule that finds its cue (a reporting verb, "according to", a colon) asks the mention resolver
for the actor of the cue's subject. When that subject cannot speak ("which", "it" with no
organisation nearby) the rule still decides: it answers UNSPOKEN, and no later rule of the same
place may attribute the quote.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Token

from kg.extract.reporting import Reporting
from kg.extract.statements.context import Context, Rule, StatementWords
from kg.records import ActorMention, StatementRecord

CUE_VERB_POS = ("VERB", "AUX")
# Relations by which a verb without a subject of its own borrows its head's ("…, saying: '…'").
BORROW_SUBJECT_DEPS = {"advcl", "xcomp", "conj", "ccomp", "pcomp", "acl", "dep"}
BORROW_HOPS = 4


@dataclass(slots=True)
class Attribution:
    speaker: ActorMention | None
    speaker_start: int
    speaker_end: int
    cue: str
    cue_start: int | None
    cue_end: int | None
    rule: str
    confidence: float


class Unspoken:
    """A rule found its cue but the cue's subject cannot speak: the place has no attribution."""

    def __repr__(self) -> str:
        return "UNSPOKEN"


UNSPOKEN = Unspoken()
Found = Attribution | Unspoken


def is_cue_verb(token: Token, reporting: Reporting) -> bool:
    lemma = token.lemma_.lower()
    if token.pos_ not in CUE_VERB_POS:
        # "'…,' the banner read.": the parser takes "banner read" for one noun
        return (
            lemma in reporting.written
            and token.i > 0
            and token.nbor(-1).lemma_.lower() in reporting.texts
            and token.nbor(-1).dep_ == "compound"
        )
    if lemma in reporting.verbs:
        return True
    # "the sign read", "the letter reads", "a sign that read": a text's own words, not "he read
    # the letter"
    if lemma not in reporting.written:
        return False
    for subject in (c for c in token.children if c.dep_ == "nsubj"):
        if subject.lower_ in reporting.pronouns.relative and token.dep_ == "relcl":
            subject = token.head
        if subject.lemma_.lower() in reporting.texts:
            return True
    return False


def subject_of(verb: Token, words: StatementWords) -> Token | None:
    """The verb's subject, or its governing verb's for "…, saying: '…'" and "… and added". A
    passive report's agent ("was accused of … by rights groups"), else its passive subject, which
    the resolver reads as spoken of, not speaking ("Russia has been accused of …")."""
    current = verb
    participle = verb.tag_ == "VBN" or (verb.tag_ == "VBD" and verb.dep_ == "advcl")
    if participle and not any(
        c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children
    ):
        # "Asked about X, Peskov said", "he added when asked why" (a subjectless past in an
        # adverbial clause is a participle the tagger missed): the borrowed subject is the one
        # asked; only an agent ("announced by X") speaks
        return passive_agent(verb)
    for _ in range(BORROW_HOPS):
        subjects = [
            c
            for c in current.children
            if c.dep_ in ("nsubj", "nsubjpass")
            and any(ch.isalpha() for ch in c.text)
            and c.pos_ != "ADP"  # "Of Carson, X said": a preposition the parser took for one
            and c.ent_type_ not in ("DATE", "TIME")
            # "X said the move was made by Y and said '…'": the passive subject of a reported
            # clause is what X spoke of; the parser hung the second "said" on that clause
            and not (c.dep_ == "nsubjpass" and current != verb and current.dep_ == "ccomp")
            # "the plan is said to …": what is said, not who says it
            and not (
                c.dep_ == "nsubjpass" and current == verb and verb.lemma_ in words.passive_reports
            )
        ]
        if subjects:
            subject = min(subjects, key=lambda c: abs(c.i - current.i))
            if subject.dep_ == "nsubjpass" and current == verb:
                return passive_agent(verb) or subject
            return subject
        if current.dep_ in BORROW_SUBJECT_DEPS and current.head != current:
            current = current.head
            continue
        if current != verb and current.pos_ == "ADP" and current.dep_ == "prep":
            current = current.head  # "X landed in trouble by saying …": the verb "by" hangs on
            continue
        if (
            current != verb
            and current.dep_ == "dobj"
            and current.head.lemma_.lower() in words.issuing_verbs
        ):
            # "X issued a statement saying …": who issues the text says what it says.
            current = current.head
            continue
        if current.dep_ == "relcl":  # "X, who said …"
            return current.head
        return None
    return None


# Words a speaker phrase may carry between its noun and an aside: "X, meanwhile, who …, said".
ASIDE_WORDS = ("meanwhile", "however", "too", "also", "though")


def relative_antecedent(verb: Token) -> Token | None:
    """The speaker of "X, who has given money to Y, said '…'" when the parser hung X on the
    relative clause and left the cue without a subject: the noun right before the "who" of the
    aside that ends with a comma right before the cue, all in the cue's sentence. For quotes
    only: a reported clause's reader would take the aside for what is said."""
    doc = verb.doc
    if verb.i == 0 or doc[verb.i - 1].text != ",":
        return None
    start = verb.sent.start
    for i in range(verb.i - 2, start - 1, -1):
        token = doc[i]
        if token.lower_ == "who":
            break
        if token.text in (".", "!", "?", ":", ";") or token.text in ('"', "“", "”"):
            return None
    else:
        return None
    j = i - 1
    while j >= start and (doc[j].is_punct or doc[j].lower_ in ASIDE_WORDS):
        j -= 1
    if j < start or doc[j].pos_ not in ("PROPN", "NOUN"):
        return None
    return doc[j]


def passive_agent(verb: Token) -> Token | None:
    """The speaker of a passive report: "was accused of … by rights groups" -> the groups."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def attribute(
    ctx: Context,
    cue: Token,
    subject: Token,
    rule: Rule,
    *,
    lemma: str | None = None,
) -> Found:
    """The attribution of a cue to the actor its subject stands for, or UNSPOKEN."""
    found = ctx.resolver.speaker(subject, rule=rule.id)
    if found is None:
        return UNSPOKEN
    return Attribution(
        found.mention,
        found.start,
        found.end,
        lemma or cue.lemma_.lower(),
        cue.idx,
        cue.idx + len(cue),
        rule.id,
        rule.confidence,
    )


def as_attribution(found: Found | None) -> Attribution | None:
    return found if isinstance(found, Attribution) else None


@lru_cache(maxsize=4)
def according_first_words(reporting: Reporting) -> frozenset[str]:
    return frozenset(phrase[0] for phrase in reporting.according)


def according_speaker(ctx: Context, tokens: list[Token]) -> tuple[Token, Token] | None:
    """(cue token, speaker token) of "according to X" among tokens."""
    lowers = [t.lower_ for t in tokens]
    if according_first_words(ctx.reporting).isdisjoint(lowers):
        return None  # most windows: no phrase can start here
    for phrase in ctx.reporting.according:
        for i, token in enumerate(tokens[: len(tokens) - len(phrase) + 1]):
            if tuple(lowers[i : i + len(phrase)]) != phrase:
                continue
            last = tokens[i + len(phrase) - 1]
            objects = [c for c in last.children if c.dep_ == "pobj"]
            if objects:
                return token, objects[0]
            nxt = tokens[i + len(phrase)] if i + len(phrase) < len(tokens) else None
            if nxt is not None and nxt.pos_ in ("PROPN", "NOUN", "PRON"):
                return token, nxt
    return None


def statement(ctx: Context, a: Attribution, start: int, end: int, kind: str) -> StatementRecord:
    """The record of what `a` attributes: text[start:end], of the given kind."""
    return StatementRecord(
        speaker=a.speaker,
        start_char=start,
        end_char=end,
        text=ctx.text[start:end],
        kind=kind,
        cue=a.cue,
        cue_start=a.cue_start,
        cue_end=a.cue_end,
        speaker_start=a.speaker_start,
        speaker_end=a.speaker_end,
        mentions=ctx.mentions_within(start, end),
        rule=a.rule,
        confidence=a.confidence,
    )
