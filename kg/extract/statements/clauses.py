"""Reported clauses read as statements:

- a reporting verb with a subject and a reported clause (`X said that …`, `…, sources said`),
  or an object that quotes, or an object complement for verbs that report by it (`urged allies
  to send jets`): `indirect`, or `mixed` when the clause holds a quotation; a verb of thought the
  same, under its own rule;
- a reporting noun with its owner (`X's statement that …`, `a suggestion by Y that …`);
- `according to X, …` and `…, according to X`: the rest of the sentence.

Each rule takes (context, rule) and returns the statements it reads.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Token

from kg.extract.mentions import SUBJECT_DEPS
from kg.extract.quotes import MARKS
from kg.extract.statements.attribution import (
    CUE_VERB_POS,
    Attribution,
    according_first_words,
    according_speaker,
    as_attribution,
    attribute,
    is_cue_verb,
    statement,
    subject_of,
)
from kg.extract.statements.context import SENTENCE_END, Context, Rule
from kg.nlp import tokens_where
from kg.records import StatementRecord

# A reported clause or object complement shorter than this many tokens is not a statement.
CLAUSE_TOKENS = 3
COMPLEMENT_TOKENS = 2
# A clause before its speaker ("…, sources said") is joined to it by this much punctuation at
# most.
CLAUSE_TO_SPEAKER_CHARS = 6
# A time of day that opens a live blog's entry, not a word of what is reported.
_CLOCK_TIME = re.compile(r"\d{1,2}[:.]\d{2}")


def verb_clauses(ctx: Context, rule: Rule) -> list[StatementRecord]:
    """`X said that …`, `…, X said`, `X urged allies to …`: verbs of speech or judging."""
    return _reported_by_verbs(ctx, rule, thought=False)


def thought_clauses(ctx: Context, rule: Rule) -> list[StatementRecord]:
    """`X believes that …`: verbs of thought."""
    return _reported_by_verbs(ctx, rule, thought=True)


def _reported_by_verbs(ctx: Context, rule: Rule, *, thought: bool) -> list[StatementRecord]:
    reporting = ctx.reporting
    lemmas = reporting.thought if thought else reporting.verbs - reporting.thought
    records = []
    for token in tokens_where(ctx.doc, pos=CUE_VERB_POS, lemmas=lemmas):
        if ctx.in_quote(token.idx):
            continue
        parts: list[tuple[int, int]] = []
        found = _verb_content(ctx, token)
        if found is None and (aside := _parenthetical_content(ctx, token)) is not None:
            parts, subject = aside
            found = (parts[0][0], parts[-1][1]), subject
        if found is None:
            continue
        span, subject = found
        attribution = as_attribution(attribute(ctx, token, subject, rule))
        if attribution is not None and (record := _clause_record(ctx, attribution, span)):
            if len(parts) > 1:
                record.parts = parts
                record.text = " ".join(ctx.text[a:b] for a, b in parts)
                record.mentions = [m for a, b in parts for m in ctx.mentions_within(a, b)]
            records.append(record)
    return records


def _parenthetical_content(
    ctx: Context, token: Token
) -> tuple[list[tuple[int, int]], Token] | None:
    """([the clause's parts], subject) of a reporting verb set off by commas inside the clause it
    reports: "Her countrymen, she said, should not listen …", "The plan, officials said, would
    cost …" (the parser makes it a parataxis of the clause's verb), or in an aside with "as" ("As
    X noted, …", "…, as X said, …"). The clause without the aside, in one part or two."""
    head = token.head
    as_aside = token.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in token.children
    )
    if token.dep_ != "parataxis" and not as_aside:
        return None
    if head.pos_ not in CUE_VERB_POS or not asserted(ctx, token):
        return None
    if any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in token.children):
        return None  # the verb reports something of its own
    subjects = [c for c in token.children if c.dep_ == "nsubj" and c.i < token.i]
    if not subjects or ctx.in_quote(subjects[0].idx):
        return None
    doc = ctx.doc
    aside_start, aside_end = token.left_edge.i, token.right_edge.i
    core = [t for t in doc[aside_start : aside_end + 1] if not t.is_punct]
    opens_sentence = core and as_aside and core[0].i == token.sent.start
    if not core or not opens_sentence and (core[0].i == 0 or doc[core[0].i - 1].text != ","):
        return None
    if core[-1].i + 1 < len(doc) and doc[core[-1].i + 1].text not in (",", ".", "!", "?"):
        return None
    runs: list[list[Token]] = [[], []]
    # Token.subtree follows the tree, not the text: a non-projective parse yields it out of order.
    for t in sorted(head.subtree, key=lambda t: t.i):
        if t.i < aside_start:
            runs[0].append(t)
        elif t.i > aside_end:
            runs[1].append(t)
    while runs[0] and (runs[0][0].dep_ == "cc" or runs[0][0].is_punct):
        runs[0] = runs[0][1:]  # "But, X added, …": the conjunction joins, it is not said
    parts = []
    for run in runs:
        run = trimmed(run)
        if run:
            parts.append((run[0].idx, run[-1].idx + len(run[-1])))
    words = sum(1 for run in runs for t in run if t.is_alpha)
    if not parts or words < CLAUSE_TOKENS or any("\n" in ctx.text[a:b] for a, b in parts):
        return None
    return parts, subjects[0]


def _verb_content(ctx: Context, token: Token) -> tuple[tuple[int, int], Token] | None:
    """(the characters a reporting verb reports, its subject), when it reports something."""
    reporting = ctx.reporting
    lemma = token.lemma_.lower()
    span = None
    content = next((c for c in token.children if c.dep_ == "ccomp"), None)
    addressee = False
    if content is None and lemma not in reporting.clause_only:
        content = next((c for c in token.children if c.dep_ == "dobj"), None)
        if content is not None:
            span = _clause_span(ctx, content, token)
            if span is None or not _quote_share(ctx, *span)[0]:
                if lemma not in reporting.object_content:
                    return None  # an object is reported speech only when it quotes
                # "urged allies to send jets": who is urged; the complement after it is said
                content, span, addressee = None, None, True
    if content is None and lemma in reporting.object_content:
        content = _object_complement(ctx, token)
        if addressee and content is not None and not _said_after_addressee(ctx, content):
            return None
        if content is not None:
            span = _complement_after(ctx, token, content)
            if span is None:
                return None
    if content is None:
        return None
    subjectless = not any(c.dep_ in SUBJECT_DEPS | {"expl"} for c in content.children)
    if content.dep_ == "ccomp" and subjectless:
        return None  # a clause with no subject is a mis-parse more often than reported speech
    span = span if content.dep_ not in ("ccomp", "dobj") else _clause_span(ctx, content, token)
    if span is None or not asserted(ctx, token):
        return None
    subject = subject_of(token, ctx.words)
    if subject is None or ctx.in_quote(subject.idx):
        return None
    if span[1] <= subject.idx and not _follows_directly(ctx, span[1], subject, token):
        return None
    if content.dep_ == "ccomp" and token.i < content.i:
        span = (span[0], _coordinated_end(ctx, token, content, span[1]))
    return span, subject


def _coordinated_end(ctx: Context, verb: Token, clause: Token, end: int) -> int:
    """Where a reported clause ends when the parser hung a second clause of it on the reporting
    verb: "said the process was fair, but required candidates to …", "said she got a scholarship,
    but her parents earned too much". A clause with a reporting verb of its own ("… and added
    that …") is its own statement."""
    for conj in verb.rights:
        if conj.dep_ != "conj" or conj.i <= clause.right_edge.i or conj.pos_ not in CUE_VERB_POS:
            continue
        if is_cue_verb(conj, ctx.reporting) or ctx.in_quote(conj.idx):
            return end
        if not any(c.dep_ == "cc" and c.i < conj.i for c in conj.children) and not any(
            t.dep_ == "cc" for t in ctx.doc[clause.right_edge.i + 1 : conj.i]
        ):
            return end
        tokens = trimmed(list(ctx.doc[clause.right_edge.i + 1 : conj.right_edge.i + 1]))
        if not tokens or any(t.is_space and "\n" in t.text for t in tokens):
            return end
        return tokens[-1].idx + len(tokens[-1])
    return end


def noun_clauses(ctx: Context, rule: Rule) -> list[StatementRecord]:
    """ "Macron's statement that …", "the Trump administration's suggestion that Europe '…'"."""
    words = ctx.words
    records = []
    for token in tokens_where(ctx.doc, pos=("NOUN",), lemmas=ctx.reporting.nouns):
        if ctx.in_quote(token.idx):
            continue
        clause = next(
            (
                c
                for c in token.children
                if c.dep_ in ("acl", "ccomp", "relcl")
                and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
            ),
            None,
        )
        if clause is None:
            continue
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if owner is None:
            by = next(
                (
                    c
                    for c in token.children
                    if c.dep_ == "prep" and c.lower_ in words.owner_prepositions
                ),
                None,
            )
            objects = by.children if by is not None else ()
            owner = next((c for c in objects if c.dep_ == "pobj"), None)
        if owner is None:
            continue
        span = _clause_span(ctx, clause, token)
        if span is None:
            continue
        attribution = as_attribution(attribute(ctx, token, owner, rule))
        if attribution is not None and (record := _clause_record(ctx, attribution, span)):
            records.append(record)
    return records


def according_clauses(ctx: Context, rule: Rule) -> list[StatementRecord]:
    """ "According to X, …" and "…, according to X": the rest of the sentence."""
    records = []
    # Only sentences holding a word that starts a phrase: listing every sentence's tokens was most
    # of this rule's time.
    starts = [t.i for t in tokens_where(ctx.doc, lower=according_first_words(ctx.reporting))]
    for sent in ctx.doc.sents:
        if bisect_left(starts, sent.start) == bisect_left(starts, sent.end):
            continue
        tokens = list(sent)
        found = according_speaker(ctx, tokens)
        if found is None:
            continue
        cue, who = found
        phrase_tokens = [t for t in cue.subtree] or [cue]
        p_start, p_end = phrase_tokens[0].i, phrase_tokens[-1].i + 1
        # The sentence's words, without the punctuation and paragraph break that close it.
        words = trimmed(tokens)
        if not words:
            continue
        if p_start <= words[0].i:
            body = [t for t in tokens if t.i >= p_end]
        elif p_end > words[-1].i:
            body = [t for t in tokens if t.i < p_start]
        else:
            continue  # "according to" mid-sentence: too loose to tell the content
        body = trimmed(body)
        if len(body) < CLAUSE_TOKENS:
            continue
        if any(t.dep_ == "ROOT" and is_cue_verb(t, ctx.reporting) for t in body):
            continue  # "X said …, according to AFP": X speaks; the agency only passes it on
        attribution = as_attribution(attribute(ctx, cue, who, rule, lemma="according to"))
        if attribution is None:
            continue
        span = (body[0].idx, body[-1].idx + len(body[-1]))
        if (record := _clause_record(ctx, attribution, span)) is not None:
            records.append(record)
    return records


def trimmed(tokens: list[Token]) -> list[Token]:
    """Without edge punctuation and space (a closing quotation mark stays)."""
    while tokens and (tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct and tokens[-1].text not in MARKS or tokens[-1].is_space):
        tokens = tokens[:-1]
    return tokens


def _clause_span(ctx: Context, head: Token, cue: Token) -> tuple[int, int] | None:
    """Characters of a reported clause: its subtree without "that" and edge punctuation."""
    tokens = list(head.subtree)
    complementizers = ctx.words.complementizers
    while tokens and (
        tokens[0].dep_ == "mark"
        and tokens[0].lower_ in complementizers
        or tokens[0].is_punct
        or tokens[0].is_space
        or _CLOCK_TIME.fullmatch(tokens[0].text)  # a live blog's "01:11 X will …, says Y"
    ):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct and tokens[-1].text not in MARKS or tokens[-1].is_space):
        tokens = tokens[:-1]
    if len(tokens) < CLAUSE_TOKENS:
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    # A clause that cuts a quotation in two takes all of it ("pledges were “solid.”").
    for q in ctx.quotes:
        if start <= q.open_char < end < q.end_char + 2 and q.close_char is not None:
            end = q.close_char + 1
        if q.open_char < start <= q.end_char < end:
            start = q.open_char
    if start <= cue.idx < end or "\n" in ctx.text[start:end].strip():
        return None
    return start, end


def _quote_share(ctx: Context, start: int, end: int) -> tuple[int, int]:
    """(words inside quotation marks, words outside) of text[start:end]."""
    inside = outside = 0
    for token in ctx.doc.char_span(start, end, alignment_mode="expand") or []:
        if not token.is_alpha:
            continue
        q = ctx.quote_around(token.idx)
        if q is not None and q.start_char <= token.idx < q.end_char:
            inside += 1
        else:
            outside += 1
    return inside, outside


def _clause_record(
    ctx: Context,
    attribution: Attribution,
    span: tuple[int, int],
) -> StatementRecord | None:
    start, end = span
    quote = ctx.quote_around(start)
    if quote is not None and quote is ctx.quote_around(end - 1):
        return None  # inside one quotation: the quote rules read it
    inside, outside = _quote_share(ctx, start, end)
    if outside < 1:
        return None
    # A clause that starts or ends on a quotation mark keeps the mark only if it is inside.
    return statement(ctx, attribution, start, end, "mixed" if inside else "indirect")


def _object_complement(ctx: Context, verb: Token) -> Token | None:
    """The last complement of a verb that reports by its object ("urged allies to send jets")."""
    complements = [
        c for c in verb.rights if c.dep_ in ("dobj", "xcomp", "prep", "dative", "oprd", "advcl")
    ]
    objects = [
        c
        for c in complements
        if c.dep_ in ("dobj", "xcomp", "oprd") or c.lower_ in ctx.words.object_prepositions
    ]
    return objects[-1] if objects else None


def _said_after_addressee(ctx: Context, complement: Token) -> bool:
    """Whether a complement after who is spoken to says something: an infinitive ("urged allies
    to send jets") or a topic ("warned Moscow against an offensive"), not a time or a place
    ("told reporters on Monday")."""
    if complement.dep_ in ("xcomp", "oprd"):
        return True
    return complement.dep_ == "prep" and complement.lower_ in ctx.words.topic_prepositions


def _complement_after(ctx: Context, verb: Token, last: Token) -> tuple[int, int] | None:
    tokens = [t for t in ctx.doc[verb.i + 1 : last.right_edge.i + 1] if not t.is_space]
    while tokens and (tokens[0].is_punct or tokens[0].dep_ in ("prt", "advmod")):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in MARKS:
        tokens = tokens[:-1]
    if len(tokens) < COMPLEMENT_TOKENS or any(t.text in SENTENCE_END for t in tokens):
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def asserted(ctx: Context, verb: Token) -> bool:
    """Whether the verb reports something said, not something someone should, will or may say."""
    reporting = ctx.reporting
    if any(c.dep_ == "aux" and c.lower_ in reporting.hedges for c in verb.children):
        return False
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() not in reporting.verbs:
        return False
    return not any(c.dep_ == "neg" for c in verb.children)


def _follows_directly(ctx: Context, end: int, subject: Token, cue: Token) -> bool:
    """A clause before its speaker ("…, sources said") is joined to it by punctuation only, or
    by punctuation and the cue when the speaker comes after it ("…, says X")."""
    phrase = ctx.resolver.noun_phrase(subject)
    gap = ctx.text[end : phrase.start_char]
    if end <= cue.idx < phrase.start_char:
        gap = gap.replace(cue.text, "", 1)
    return all(not c.isalnum() for c in gap) and len(gap) <= CLAUSE_TO_SPEAKER_CHARS
