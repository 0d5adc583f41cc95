"""Quotations read as statements: each chain of quotes (kg/extract/quotes.py) gets its
attribution from the first place whose rules find one (kg/extract/statements/quote_rules.py), and
each quote of it becomes a statement: `direct`, `partial` (a fragment inside the writer's
sentence), or `mixed` when the cue's complement or the sentence around the quote reports more
than the quote. A quote with no attribution is a scare quote or a title, not a statement. Two
quotes split by their own attribution (`"P1," he said, "p2."`) are read as one statement.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from kg.extract.quotes import INLINE_BLANK, MARKS, Quote, quote_chains
from kg.extract.statements.attribution import Attribution, Found, is_cue_verb, statement
from kg.extract.statements.context import (
    MORE_WORDS_AFTER_QUOTE,
    SENTENCE_END,
    SENTENCE_END_CHARS,
    Context,
    Rule,
    last_char,
)
from kg.extract.statements.quote_rules import adjacent_before, window_after
from kg.records import StatementRecord

# The places an attribution is looked for, after the two around the quote itself: places whose
# attribution needs no words of its own next to the quote.
DETACHED_PLACES = ("introduced", "continued")
# A quoted title of a work is short.
TITLE_WORDS = 6

Reading = tuple[StatementRecord, Quote, Attribution]
Places = dict[str, tuple[Rule, ...]]  # the rules of each place an attribution is looked for


def quote_statements(ctx: Context, places: Places) -> list[StatementRecord]:
    read: list[Reading] = []
    for record, quote, attribution in _readings(ctx, places):
        if read and _interrupted_by_own_attribution(ctx, read[-1], (record, quote, attribution)):
            read[-1] = (_joined(ctx, read[-1][0], record), quote, read[-1][2])
        else:
            read.append((record, quote, attribution))
    return [record for record, _, _ in read]


def _attribution(
    ctx: Context,
    chain: list[Quote],
    places: Places,
) -> tuple[Attribution | None, bool]:
    """(the chain's attribution, whether it leads straight into the chain) from the first place
    whose rules find one. A quote that opens its sentence is attributed after it first ("'…,' X
    said"); one inside a sentence by the words before it ("X said the plan was 'a mess'")."""
    first = chain[0]
    after_first = ctx.starts_sentence(first) or _cue_right_after(ctx, first)
    around = ("after", "before") if after_first else ("before", "after")
    for place in around + DETACHED_PLACES:
        for quote in chain if place == "after" else (first,):
            if (found := _first_found(ctx, quote, places[place])) is not None:
                return found, place in DETACHED_PLACES or adjacent_before(ctx, first)
    return None, False


def _cue_right_after(ctx: Context, quote: Quote) -> bool:
    """Whether a quote ending on a comma is followed at once by its own attribution ("…, “why
    not?” asked Dunn", "…: “we won,” she said"): then it speaks louder than a cue before the
    quote that only leads into it."""
    if quote.close_char is None or ctx.text[quote.end_char - 1] not in ",?!":
        return False
    window = window_after(ctx, quote.close_char)
    if not window:
        return False
    if is_cue_verb(window[0], ctx.reporting):  # "…," said X
        return True
    return (
        len(window) > 1
        and window[0].pos_ in ("PROPN", "PRON")
        and is_cue_verb(window[1], ctx.reporting)
    )  # "…," X said / she said


def _first_found(ctx: Context, quote: Quote, rules: tuple[Rule, ...]) -> Attribution | None:
    """The attribution of the first rule that finds its cue (None when its subject cannot speak)."""
    for rule in rules:
        found: Found | None = rule.apply(ctx, quote, rule)
        if found is not None:
            return found if isinstance(found, Attribution) else None
    return None


def _readings(ctx: Context, places: Places) -> list[Reading]:
    """(record, quote, attribution) of every attributed quote, one record per quote span."""
    records: list[Reading] = []
    for chain in quote_chains(ctx.quotes):
        attribution, adjacent = _attribution(ctx, chain, places)
        if attribution is None or _is_title(ctx, chain[0]):
            continue  # a scare quote or a title: nobody is said to say it
        for q in chain:
            kind = _quote_kind(ctx, q, adjacent) if q is chain[0] else "direct"
            span = (q.start_char, q.end_char)
            if kind == "partial" and (complement := _complement_span(ctx, attribution, q)):
                span, kind = complement, "mixed"
            elif q is chain[0] and (clause := _clause_leading_in(ctx, attribution, q)):
                span, kind = clause, "mixed"
            elif q is chain[0] and (sentence := _sentence_before_attribution(ctx, attribution, q)):
                span, kind = sentence, "mixed"
            records.append((statement(ctx, attribution, *span, kind), q, attribution))
        ctx.last_attributed = (attribution, chain[-1])
        if attribution.speaker is not None:
            ctx.resolver.add_speaker(attribution.speaker_start, attribution.speaker)
    return records


def _is_title(ctx: Context, quote: Quote) -> bool:
    """A quoted name of a work or show ("on Fox News's 'Fox and Friends.'"): short, every word
    capitalised."""
    words = [
        w
        for w in ctx.text[quote.start_char : quote.end_char].split()
        if any(c.isalpha() for c in w)
    ]
    if not words or len(words) > TITLE_WORDS or ctx.starts_sentence(quote):
        return False
    small = ctx.words.title_small_words
    capitalised = all(w.lstrip("‘'(")[:1].isupper() or w.lower() in small for w in words)
    return capitalised and words[0][:1].isupper()


def _quote_kind(ctx: Context, quote: Quote, adjacent: bool) -> str:
    last = last_char(ctx.text, quote.open_char, blank=INLINE_BLANK)
    standalone = not last or last in "\n.!?:,—–" or (last in MARKS) or adjacent
    return "direct" if standalone else "partial"


def _complement_span(ctx: Context, a: Attribution, quote: Quote) -> tuple[int, int] | None:
    """What a cue verb before an embedded quote reports: from the verb's complement to the quote's
    end ("called Trump a 'con artist'" -> "Trump a 'con artist'")."""
    if a.rule != "quote.before" or a.cue_end is None or a.cue_end > quote.open_char:
        return None
    if quote.close_char is None:
        return None
    cue = ctx.token_at(a.cue_start)
    tokens = [t for t in ctx.doc[cue.i + 1 : ctx.token_at(quote.open_char).i] if not t.is_space]
    while tokens and (
        tokens[0].is_punct
        or tokens[0].dep_ in ("prt", "advmod", "npadvmod")
        or tokens[0].lower_ == "that"
    ):
        tokens = tokens[1:]
    if not tokens or any(t.text in SENTENCE_END for t in tokens):
        return None
    return tokens[0].idx, max(quote.close_char + 1, _phrase_end_holding(ctx, cue, quote))


# Relations by which a reported clause hangs on its cue verb ("said that if …, '…'"), and by which
# the writer's words leading into it may ("says no matter what X does, '…'"): not an object or a
# setting of the cue ("told reporters", "said in a statement released Monday").
REPORTED_CLAUSE_DEPS = ("ccomp", "xcomp")
LEAD_IN_DEPS = ("ccomp", "xcomp", "advcl", "advmod", "mark", "neg", "punct")


def _clause_leading_in(ctx: Context, a: Attribution, quote: Quote) -> tuple[int, int] | None:
    """What a cue verb before a quote reports when its reported clause opens with the writer's
    words and runs into the quote ("Ryan said that if the US pulls back, '…'", "she told him that
    if he wants them, '…'"): from the clause's first word to the quote's end, or the clause's end
    when it goes on past the quote. None when the clause is the quote itself ('X said: "…"')."""
    if a.rule != "quote.before" or a.cue_start is None or a.cue_end > quote.open_char:
        return None
    if quote.close_char is None:
        return None
    cue = ctx.token_at(a.cue_start)
    opening = ctx.token_at(quote.open_char)
    clause = _child_of(opening, cue)
    if clause is None or clause.dep_ not in REPORTED_CLAUSE_DEPS:
        return None
    lead = [t for t in ctx.doc[cue.i + 1 : opening.i] if not t.is_space]
    while lead and (lead[0].is_punct or lead[0].lower_ == "that" or _is_object_of(lead[0], cue)):
        lead = lead[1:]  # "told the president that …": whom the cue tells is no reported word
    if not any(t.pos_ in ("VERB", "AUX") for t in lead):
        return None  # no clause of its own before the quote: 'X said Tuesday, "…"'
    for t in lead:
        child = _child_of(t, cue)
        if child is None or child.dep_ not in LEAD_IN_DEPS:
            return None
    text = ctx.text[lead[0].idx : quote.open_char]
    if "\n" in text or any(c in MARKS or c in SENTENCE_END_CHARS for c in text):
        return None
    tail = [t for t in clause.subtree if t.i > opening.i and not t.is_space]
    while tail and tail[-1].is_punct and tail[-1].text not in MARKS:
        tail = tail[:-1]
    end = max(quote.close_char + 1, tail[-1].idx + len(tail[-1]) if tail else 0)
    if "\n" in ctx.text[quote.close_char : end]:
        end = quote.close_char + 1
    return lead[0].idx, end


def _is_object_of(token: Token, cue: Token) -> bool:
    child = _child_of(token, cue)
    return child is not None and child.dep_ in ("dobj", "dative", "iobj")


def _child_of(token: Token, head: Token) -> Token | None:
    """The child of `head` whose subtree holds `token`, or None when `head` does not govern it."""
    while token.head.i != token.i and token.head.i != head.i:
        token = token.head
    return token if token.head.i == head.i and token.i != head.i else None


def _phrase_end_holding(ctx: Context, cue: Token, quote: Quote) -> int:
    """The end of the cue's complement that holds the quote, when it goes on past it ("described
    Clinton as 'a lifetime politician' who 'has never accomplished a real job'")."""
    token = ctx.token_at(quote.start_char)
    while token.head.i != token.i and token.head.i != cue.i:
        token = token.head
    if token.head.i != cue.i or token.i < cue.i:
        return 0
    tokens = [t for t in token.subtree if t.i > cue.i]
    while tokens and (tokens[-1].is_punct and tokens[-1].text not in MARKS or tokens[-1].is_space):
        tokens = tokens[:-1]
    if not tokens or "\n" in ctx.text[quote.close_char : tokens[-1].idx]:
        return 0
    end = tokens[-1].idx + len(tokens[-1])
    cut = ctx.quote_around(end - 1)  # a phrase that ends inside a quotation takes all of it
    return cut.close_char + 1 if cut is not None and cut.close_char is not None else end


def _sentence_before_attribution(
    ctx: Context,
    a: Attribution,
    quote: Quote,
) -> tuple[int, int] | None:
    """What a quote attributed after it reports when its sentence holds more than the quote:
    from the sentence's start to the attribution ("With thousands of systems, '…,' he said";
    "'You squeezed employees' to drive up the stock price, she said"). Not for "as X put it",
    where the quoted words are the speaker's and the sentence the writer's."""
    if (
        a.rule not in ("quote.after", "quote.after_any_verb")
        or quote.close_char is None
        or a.cue_start is None
    ):
        return None
    attribution_start = min(a.speaker_start, a.cue_start)
    if attribution_start < quote.close_char:
        return None
    between = ctx.text[quote.close_char + 1 : attribution_start]
    if re.search(r"\bas\s*$", between.rstrip(" ,")) or re.search(r"\bas\b", between):
        return None
    sentence = ctx.token_at(quote.open_char).sent
    start = quote.open_char
    before = ctx.text[sentence.start_char : quote.open_char]
    if before.strip() and not any(c in before for c in MARKS):
        words = ctx.doc.char_span(sentence.start_char, quote.open_char, alignment_mode="expand")
        if not any(is_cue_verb(t, ctx.reporting) for t in words or []):
            start = sentence.start_char
    end = quote.close_char + 1
    words_after = between.strip(" ,;—–-")
    if (
        words_after
        and ctx.text[quote.end_char - 1] not in SENTENCE_END_CHARS  # "'…!' the nominee, X, said"
        and sum(w.isalpha() for w in words_after.split()) >= MORE_WORDS_AFTER_QUOTE
        and not any(c in MARKS or c in SENTENCE_END_CHARS for c in words_after)
    ):
        end = quote.close_char + 1 + len(between.rstrip(" ,;—–-\n"))
    if (start, end) == (quote.open_char, quote.close_char + 1):
        return None
    return start, end


def _interrupted_by_own_attribution(ctx: Context, first: Reading, then: Reading) -> bool:
    """Whether two quote parts are one utterance split by its attribution, as annotators read news:
    `"P1," he said, "p2."`, `"P1," he said. "P2."`, `X said: "P1." "P2."` - same paragraph, same
    attribution, and nothing between the parts but that attribution (one sentence at most)."""
    r1, q1, a1 = first
    r2, q2, a2 = then
    if q1.close_char is None or q2.paragraph != q1.paragraph:
        return False
    if r1.parts and r1.parts[-1] != (q1.start_char, q1.end_char):
        return False
    if (r1.start_char, r1.end_char) != (q1.start_char, q1.end_char) and not r1.parts:
        return False  # a quote read with its complement ("called Trump a 'con artist'")
    if (r2.start_char, r2.end_char) != (q2.start_char, q2.end_char):
        return False
    gap = ctx.text[q1.close_char + 1 : q2.open_char]
    if not gap.strip():  # two quotes in a row: the second carries on the first
        return a2.rule == "quote.continuation"
    if a1.cue_start is None or not q1.close_char < a1.cue_start < q2.open_char:
        return False  # the attribution between the parts must be the first part's own
    if a2.cue_start != a1.cue_start and a2.rule != "quote.continuation":
        return False
    # The attribution's sentence and nothing more: no sentence ends before the gap's own end.
    return _ABBREVIATED_SENTENCE_END.search(gap.rstrip()) is None


# A full stop that ends a sentence inside a text: not after an initial or a short title
# ("George W. Bush", "the Rev. Peter Wherry", "Rep. Jim Jordan"), and followed by more words.
_ABBREVIATED_SENTENCE_END = re.compile(
    r"(?<!\b[A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z][a-z])(?<!\b[A-Z][a-z][a-z][a-z])[.!?]\s+\S"
)


def _joined(ctx: Context, first: StatementRecord, then: StatementRecord) -> StatementRecord:
    """One record read from the parts of both (records.StatementRecord.parts)."""
    parts = first.parts or [(first.start_char, first.end_char)]
    parts = parts + [(then.start_char, then.end_char)]
    first.parts = parts
    first.end_char = parts[-1][1]
    first.text = " ".join(ctx.text[a:b] for a, b in parts)
    first.mentions = [m for a, b in parts for m in ctx.mentions_within(a, b)]
    return first
