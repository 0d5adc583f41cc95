"""What a reporting verb's noun object says, read as a statement when no clause does:

- a noun object of a verb that reports by naming what was said (`object_statement` in
  kg/data/reporting.toml): "Sanders defended his vote on the bank bailout", "the ministry
  announced a new round of sanctions", "she mentioned her record as governor";
- the object of a verb and preposition that report so (`prepositional` phrases): "Kasich called
  for the suspension of the deal", "he referred to the crisis on the border", "she talked about
  her mother's illness".

A short object ("defended it", "praised Obama") names no content of its own and is left out, and
so is one that a reported clause or a quotation already reads (the clause rules and merge.py
keep those).
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.reporting import Reporting
from kg.extract.statements.attribution import (
    CUE_VERB_POS,
    as_attribution,
    attribute,
    statement,
    subject_of,
)
from kg.extract.statements.clauses import asserted, trimmed
from kg.extract.statements.context import Context, Rule
from kg.nlp import tokens_where
from kg.records import StatementRecord

# An object with fewer words than this names no content ("defended it", "praised Obama").
OBJECT_WORDS = 3
# An object that is a name, titled or not, is whom the words were about; one with a clause or a
# phrase of its own ("Clinton's handling of the crisis") says something about them.
_NAME_TYPES = {"PERSON", "ORG", "GPE", "NORP"}
_CONTENT_DEPS = ("prep", "relcl", "acl")
# Relations that make the verb report a clause or quotation of its own: the clause rules read it.
_CLAUSE_DEPS = ("ccomp", "xcomp", "parataxis")


def object_statements(ctx: Context, rule: Rule) -> list[StatementRecord]:
    """ "X announced a new package of sanctions", "X called for talks with Moscow"."""
    reporting = ctx.reporting
    cue_lemmas = reporting.object_statement | {verb for verb, _ in reporting.prepositional}
    records = []
    for token in tokens_where(ctx.doc, pos=CUE_VERB_POS, lemmas=cue_lemmas):
        if ctx.in_quote(token.idx) or any(c.dep_ in _CLAUSE_DEPS for c in token.children):
            continue
        obj = _reported_object(ctx, token)
        if obj is None or not asserted(ctx, token):
            continue
        span = _object_span(ctx, obj)
        if span is None:
            continue
        span = (span[0], _continued_end(ctx, token, obj, span[1]))
        if not _speaks_itself(token, reporting):
            continue
        subject = subject_of(token, ctx.words)
        if subject is None or ctx.in_quote(subject.idx) or subject.i > token.i:
            continue
        attribution = as_attribution(attribute(ctx, token, subject, rule))
        if attribution is None or attribution.speaker is None:
            continue  # an object statement of nobody in particular tells the graph nothing
        records.append(statement(ctx, attribution, *span, "indirect"))
    return records


def noun_object_statements(ctx: Context, rule: Rule) -> list[StatementRecord]:
    """ "Trump's attack on the trade deal", "her criticism of the new tax plan", "a call by the
    union for higher wages": a reporting noun with its owner and the preposition it reports by."""
    reporting = ctx.reporting
    records = []
    nouns = {noun for noun, _ in reporting.noun_prepositional}
    for token in tokens_where(ctx.doc, pos=("NOUN",), lemmas=nouns):
        if ctx.in_quote(token.idx) or token.dep_ == "ROOT":
            continue  # a noun the parser made the sentence's head: a headline or a mis-parse
        lemma = token.lemma_.lower()
        prep = next(
            (
                c
                for c in token.rights
                if c.dep_ == "prep" and (lemma, c.lower_) in reporting.noun_prepositional
            ),
            None,
        )
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep else None
        owner = _owner(ctx, token)
        if obj is None or owner is None or ctx.in_quote(owner.idx):
            continue
        span = _object_span(ctx, obj)
        if span is None:
            continue
        attribution = as_attribution(attribute(ctx, token, owner, rule))
        if attribution is None or attribution.speaker is None:
            continue
        records.append(statement(ctx, attribution, *span, "indirect"))
    return records


def _owner(ctx: Context, noun: Token) -> Token | None:
    """Whose words a reporting noun gives: its possessive ("Trump's attack") or the object of
    "by"/"from" ("a call by the union")."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is not None:
        return owner
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ctx.words.owner_prepositions:
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def _speaks_itself(verb: Token, reporting: Reporting) -> bool:
    """Whether the verb is a statement of its own subject: it has one ("Kallas defended …"), is
    that of a relative ("Kallas, who defended …") or joins a verb that has one ("said … and
    defended …"). A participle borrowing its subject ("…, citing the need to …", "while claiming
    the territory") gives a reason or an act more often than words, and a verb in the clause of
    anything but a reporting verb ("it is vital that allies reaffirm …") is wished or judged, not
    said."""
    if verb.dep_ == "ccomp" and verb.head.lemma_.lower() not in reporting.asserting_verbs:
        return False  # "it is vital that allies reaffirm …", "the risk is that X defends …"
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return True
    return verb.dep_ in ("relcl", "conj")


def _reported_object(ctx: Context, verb: Token) -> Token | None:
    """The noun object a verb reports by: its direct object, or the object of a preposition the
    verb reports with."""
    lemma = verb.lemma_.lower()
    if lemma in ctx.reporting.object_statement:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return obj
    for prep in verb.children:
        if prep.dep_ == "prep" and (lemma, prep.lower_) in ctx.reporting.prepositional:
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def _continued_end(ctx: Context, verb: Token, obj: Token, end: int) -> int:
    """Where the object's statement ends when the verb's next complement goes on with it:
    "described his outburst as the worry of a spouse", "announced a website to explain the
    process". Only a complement right after the object, with no comma between."""
    after = obj.right_edge.i + 1
    for child in verb.rights:
        if child.i < after:
            continue
        if child.i != after or child.left_edge.i != after:
            break
        infinitive = child.dep_ in ("xcomp", "advcl") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in child.children
        )
        if (child.dep_ == "prep" and child.lower_ in ctx.words.object_continuations) or infinitive:
            tokens = trimmed(list(ctx.doc[after : child.right_edge.i + 1]))
            if tokens and not any("\n" in t.text for t in tokens):
                return tokens[-1].idx + len(tokens[-1])
        break
    return end


def _object_span(ctx: Context, obj: Token) -> tuple[int, int] | None:
    """Characters of the object phrase, when it names something (enough words, no quotation:
    an object that quotes is the clause rules')."""
    if obj.ent_type_ in _NAME_TYPES and not any(c.dep_ in _CONTENT_DEPS for c in obj.children):
        return None  # "attacked former secretary of state Hillary Clinton": whom, not what
    tokens = trimmed(sorted(obj.subtree, key=lambda t: t.i))
    if any(_main_verb_taken_in(t) for t in tokens):
        return None
    if sum(t.is_alpha for t in tokens) < OBJECT_WORDS:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    if "\n" in ctx.text[start:end] or any(ctx.in_quote(t.idx) for t in tokens):
        return None
    return start, end


def _main_verb_taken_in(token: Token) -> bool:
    """A finite verb with no subject of its own parsed as modifying a noun of the object: the
    sentence's own verb ("X's criticism of the pipeline angered Berlin"), not part of what was
    said."""
    return (
        token.dep_ in ("acl", "relcl")
        and token.tag_ in ("VBD", "VBZ", "VBP")
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
    )
