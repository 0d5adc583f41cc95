"""The rules that find who a quotation is attributed to, by the place they look:

- after the closing mark:  `"…" ― Carla Sanchez` (byline), `"…," according to X`, `"…," said X`,
                           `"…," X, head of Y, said`, `"…," as X put it`
- before the opening mark: `according to X, "…"`, `X said: "…"`, `X has noted, "…"`, and a colon
                           introduction without a verb: `For X, the conclusion is stark: "…"`
- the paragraph before:    a short one ending with a colon (`He said:`, `The Times reports:`)
- the quote before:        a quote that starts a sentence right after an attributed one carries
                           on its attribution

Each rule takes (context, quote, rule) and answers an Attribution, UNSPOKEN (its cue is there but
its subject cannot speak) or None (no cue of its kind).
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.quotes import MARKS, Quote
from kg.extract.statements.attribution import (
    UNSPOKEN,
    Attribution,
    Found,
    according_speaker,
    attribute,
    is_cue_verb,
    relative_antecedent,
    subject_of,
)
from kg.extract.statements.context import SENTENCE_END, Context, Rule

PRE_WINDOW_TOKENS = 45
POST_WINDOW_TOKENS = 25
# How far after the closing mark a reporting verb is looked for, and how far "according to".
AFTER_CUE_TOKENS = 12
AFTER_ACCORDING_TOKENS = 4
# How far before its verb "as" makes a cue of "put" ("as The Post's Ruth Marcus puts it").
AS_CUE_TOKENS = 6
# A quote that ended its sentence is attributed only by an inverted "… said X" or "X said".
ENDED_CUE_OFFSET = 5
# How far after the closing mark the verb of a subject that opens the words after it is looked
# for ("'…,' an angry Hollande retaliated").
ANY_VERB_TOKENS = 6
# An introduction paragraph ending with a colon is short: "He said:", "The Times reports:".
INTRODUCTION_TOKENS = 30
DASHES = "―—–-"


# --- the words around a quotation -----------------------------------------------------------


def window_after(ctx: Context, close_char: int) -> list[Token]:
    """The tokens after a closing mark, to the end of its sentence or paragraph or the next
    quote."""
    key = ("after", close_char)
    if key not in ctx.memo:
        close_token = ctx.token_at(close_char)
        para = ctx.paragraphs[ctx.paragraph_of(close_char)]
        out: list[Token] = []
        for token in ctx.doc[close_token.i + 1 : close_token.i + 1 + POST_WINDOW_TOKENS]:
            if token.idx >= para[1] or token.idx in ctx.opening_marks:
                break
            if token.text in SENTENCE_END:
                break
            out.append(token)
        ctx.memo[key] = out
    return ctx.memo[key]


def window_before(ctx: Context, open_char: int) -> list[Token]:
    """The tokens before an opening mark, back to the start of its sentence or paragraph or the
    previous quote."""
    key = ("before", open_char)
    if key not in ctx.memo:
        open_token = ctx.token_at(open_char)
        para = ctx.paragraphs[ctx.paragraph_of(open_char)]
        out: list[Token] = []
        for token in reversed(ctx.doc[max(open_token.i - PRE_WINDOW_TOKENS, 0) : open_token.i]):
            if token.idx < para[0] or token.idx in ctx.closing_marks:
                break
            if token.text in SENTENCE_END and not ctx.in_quote(token.idx):
                break
            out.append(token)
        ctx.memo[key] = list(reversed(out))
    return ctx.memo[key]


def adjacent_before(ctx: Context, quote: Quote) -> bool:
    """Whether the words before the quote lead straight into it (`X said: "…"`, `X said that
    "…"`)."""
    window = window_before(ctx, quote.open_char)
    if not window:
        return False
    last = window[-1]
    if last.text in (":", ",", "—", "–") or last.lower_ == "that":
        return True
    return is_cue_verb(last, ctx.reporting)


# --- after the closing mark -------------------------------------------------------------------


def byline(ctx: Context, quote: Quote, rule: Rule) -> Found | None:
    """A name under a quotation after a dash, ending the paragraph: "'…' ― Carla Sanchez"."""
    if quote.close_char is None:
        return None
    para_end = ctx.paragraphs[quote.paragraph][1]
    rest = ctx.text[quote.close_char + 1 : para_end]
    if not rest.strip() and quote.paragraph + 1 < len(ctx.paragraphs):
        # "'…'" closing its paragraph, the next one only "- Name, where or how." (a byline line)
        para_end = ctx.paragraphs[quote.paragraph + 1][1]
        rest = ctx.text[ctx.paragraphs[quote.paragraph + 1][0] : para_end]
        if "," in rest:
            para_end -= len(rest) - rest.index(",")
            rest = rest[: rest.index(",")]
    stripped = rest.lstrip()
    if not stripped or stripped[0] not in DASHES:
        return None
    dash = para_end - len(stripped)
    name_text = stripped.lstrip(DASHES + " ").rstrip(" .")
    words = name_text.split()
    if not words or len(words) > 5 or not all(w[0].isupper() for w in words if w.isalpha()):
        return None
    start = para_end - len(stripped.lstrip(DASHES + " "))
    end = start + len(name_text)
    index = ctx.resolver.index
    mention = index.over(start, end) or next(iter(index.within(start, end)), None)
    if mention is None:
        span = ctx.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        mention = ctx.resolver.description(span, rule=rule.id, type_="Person")
    if mention is None:
        return None
    return Attribution(mention, start, end, "byline", dash, dash + 1, rule.id, rule.confidence)


def according_after(ctx: Context, quote: Quote, rule: Rule) -> Found | None:
    """`"…," according to X`."""
    if quote.close_char is None:
        return None
    window = window_after(ctx, quote.close_char)
    if (found := according_speaker(ctx, window[:AFTER_ACCORDING_TOKENS])) is None:
        return None
    cue, who = found
    return attribute(ctx, cue, who, rule, lemma="according to")


def verb_after(ctx: Context, quote: Quote, rule: Rule) -> Found | None:
    """`"…," said X` / `"…," X said` / `"…," X, head of Y, said` / `"…," as X put it`."""
    if quote.close_char is None:
        return None
    window = window_after(ctx, quote.close_char)
    if not window:
        return None
    reporting = ctx.reporting
    ended = ctx.text[quote.end_char - 1] in SENTENCE_END
    for offset, token in enumerate(window):
        lemma = token.lemma_.lower()
        after_as = any(t.lower_ == "as" for t in window[:offset])
        as_cue = after_as and lemma in reporting.as_verbs and token.pos_ in ("VERB", "AUX")
        if not (is_cue_verb(token, reporting) or as_cue):
            continue
        if lemma in reporting.thought and not after_as:
            continue
        if offset >= AFTER_CUE_TOKENS or (ended and offset > ENDED_CUE_OFFSET):
            # Far from the quote, the cue is its attribution only when all between is the
            # speaker with an apposition ("'…!' the party's nominee, Donald Trump, tweeted").
            if (subject := apposed_speaker(window, offset)) is not None:
                return attribute(ctx, token, subject, rule)
            if offset >= AFTER_CUE_TOKENS:
                return None
            return UNSPOKEN
        subject = subject_of(token, ctx.words)
        if subject is None or not (window[0].i <= subject.i <= window[-1].i):
            # "…," X said / an inverted "…," said X whose X the parser did not make the subject
            # (not the day in "…," X said Monday); "…," X, 58, told Y: the apposed X.
            subject = apposed_speaker(window, offset) or _next_to_cue(window, offset, token)
        if subject is None:
            return UNSPOKEN
        return attribute(ctx, token, subject, rule)
    return None


# Relations by which a word after a cue is what the cue tells or whom it tells ("told AFP",
# "telling reporters"), never who speaks.
OBJECT_DEPS = ("dobj", "dative", "iobj")


def _next_to_cue(window: list[Token], offset: int, cue: Token) -> Token | None:
    """The word right before the cue ("…," X said), else right after it ("…," said X), that may
    name the speaker: a noun or pronoun, not a date, not the cue's object ("…," telling
    reporters)."""
    leader = window[offset - 1] if offset > 0 else None
    follower = window[offset + 1] if offset + 1 < len(window) else None
    for t in (leader, follower):
        if t is None or t.pos_ not in ("PROPN", "NOUN", "PRON", "DET"):
            continue
        if t.ent_type_ in ("DATE", "TIME"):
            continue
        if (
            t is follower
            and t.head == cue
            and t.dep_ in OBJECT_DEPS
            and (offset > 0 or cue.tag_ == "VBG")
        ):
            continue  # an inverted "…," said X may parse X as an object; "…," X told Y not
        return t.head if t.pos_ == "DET" else t
    return None


def any_verb_after(ctx: Context, quote: Quote, rule: Rule) -> Found | None:
    """`"…," Bennett shot back` / `"…?" a staffer wondered` / `"…," retorted X`: a quote that
    ends on a comma, question or exclamation mark and is followed straight by a subject and its
    verb is attributed to that subject whatever the verb (news puts only its attribution there,
    and the reporting lexicon cannot list every manner of speaking)."""
    if quote.close_char is None or ctx.text[quote.end_char - 1] not in ",?!":
        return None
    window = window_after(ctx, quote.close_char)
    if not window:
        return None
    first, last = window[0].i, window[-1].i
    for offset, token in enumerate(window[:ANY_VERB_TOKENS]):
        if token.pos_ != "VERB":
            continue
        subjects = [c for c in token.children if c.dep_ == "nsubj" and first <= c.i <= last]
        if not subjects:
            return None
        subject = subjects[0]
        if subject.i < token.i and subject.left_edge.i != first:
            return None  # "…," and Trump went on: the words after are no attribution
        if subject.i > token.i and offset != 0:
            return None
        return attribute(ctx, token, subject, rule)
    return None


def apposed_speaker(window: list[Token], offset: int) -> Token | None:
    """The head of the noun phrase that opens the window when everything from it to the cue at
    `offset` is that phrase and one apposition or aside set off by commas: `X, head of Y, said`,
    `the nominee, Donald Trump, tweeted`, `X, a demographer at Emory University, said`."""
    if offset < 3 or window[offset - 1].text != ",":
        return None
    commas = [i for i, t in enumerate(window[:offset]) if t.text == ","]
    if commas and window[0].pos_ == "ADP":
        # "…' in Yaroviv, the regional governor, X, said": the words up to the first comma
        # say where, the speaker's phrase follows
        start = commas[0] + 1
        return apposed_speaker(window[start:], offset - start)
    if len(commas) < 2 or commas[0] == 0:
        return None
    phrase = window[: commas[0]]
    aside = window[commas[0] + 1 : offset - 1]
    if any(t.pos_ in ("VERB", "AUX") for t in phrase) or not aside:
        return None
    # An aside is a description or a relative clause on the speaker ("X, 30, of Raleigh, who
    # was among those polled, said"), not a clause of its own: no sentence end, and no finite
    # verb outside a part that opens with "who".
    if any(t.text in SENTENCE_END for t in aside):
        return None
    part: list[Token] = []
    for t in aside + [window[offset - 1]]:
        if t.text != ",":
            part.append(t)
            continue
        relative = bool(part) and part[0].lower_ == "who"
        if not relative and any(p.tag_ in ("VBD", "VBZ", "VBP", "MD") for p in part):
            return None
        part = []
    heads = [t for t in phrase if t.pos_ in ("PROPN", "NOUN")]
    named = [t for t in aside if t.pos_ == "PROPN"]
    if heads and heads[-1].pos_ == "NOUN" and named and len(named) == len(aside):
        return named[-1]  # "the nominee, Donald Trump," names the speaker in its aside
    return heads[-1] if heads else None


# --- before the opening mark ------------------------------------------------------------------


def according_before(ctx: Context, quote: Quote, rule: Rule) -> Found | None:
    """`according to X, "…"`."""
    window = window_before(ctx, quote.open_char)
    if not window or (found := according_speaker(ctx, window)) is None:
        return None
    cue, who = found
    return attribute(ctx, cue, who, rule, lemma="according to")


def verb_before(ctx: Context, quote: Quote, rule: Rule) -> Found | None:
    """`X said: "…"` / `X has noted, "…"` / `X called it "a mess"`: the nearest reporting verb
    that governs the quote or leads straight into it."""
    window = window_before(ctx, quote.open_char)
    if not window:
        return None
    reporting = ctx.reporting
    open_token = ctx.token_at(quote.open_char)
    adjacent = adjacent_before(ctx, quote)
    for offset, token in reversed(list(enumerate(window))):
        # "As X puts it, '…'": a verb that reports speech only after "as"
        as_cue = (
            token.lemma_.lower() in reporting.as_verbs
            and token.pos_ in ("VERB", "AUX")
            and any(t.lower_ == "as" for t in window[max(offset - AS_CUE_TOKENS, 0) : offset])
        )
        if ctx.in_quote(token.idx) or not (as_cue or is_cue_verb(token, reporting)):
            continue
        governs = token.left_edge.i <= open_token.i <= token.right_edge.i
        if not (governs or adjacent):
            continue
        if token.lemma_.lower() in reporting.thought and not governs:
            continue
        subject = subject_of(token, ctx.words) or relative_antecedent(token)
        if subject is None:
            continue
        return attribute(ctx, token, subject, rule)
    return None


def colon_before(ctx: Context, quote: Quote, rule: Rule) -> Found | None:
    """ "For President X, the conclusion is stark: '…'": the actor the introduction names."""
    window = window_before(ctx, quote.open_char)
    if not window or window[-1].text != ":":
        return None
    named = [
        m
        for m in ctx.mentions_within(window[0].idx, window[-1].idx)
        if not ctx.in_quote(m.start_char)
    ]
    people = [m for m in named if m.type == "Person"] or named
    colon = window[-1]
    if not people:
        return _unnamed_before_colon(ctx, window, rule)
    m = people[0]
    return Attribution(
        m, m.start_char, m.end_char, "colon", colon.idx, colon.idx + 1, rule.id, rule.confidence
    )


# At most this many words before a colon make a name that introduces a quote ("Philip Bump:").
COLON_NAME_TOKENS = 6


def _unnamed_before_colon(ctx: Context, window: list[Token], rule: Rule) -> Found | None:
    """The speaker of `X <verb>: "…"` or `Philip Bump: "…"` when no mention names X: the subject
    of the verb right before the colon, or a short name alone before it, as the resolver reads
    them (a description when the article names no such actor)."""
    phrase = [t for t in window[:-1] if not t.is_space]
    if not phrase:
        return None
    colon = window[-1]
    verb = phrase[-1] if phrase[-1].pos_ == "VERB" else None
    if verb is not None:
        subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    elif len(phrase) <= COLON_NAME_TOKENS and all(t.pos_ == "PROPN" for t in phrase):
        subject = phrase[-1]  # "Philip Bump:" opening the sentence
        if phrase[0].i != phrase[0].sent.start:
            return None
    else:
        return None
    if subject is None or subject.pos_ != "PROPN":
        return None
    found = ctx.resolver.speaker(subject, rule=rule.id)
    if found is None or found.mention is None:
        return None
    return Attribution(
        found.mention,
        found.start,
        found.end,
        verb.lemma_.lower() if verb is not None else "colon",
        colon.idx,
        colon.idx + 1,
        rule.id,
        rule.confidence,
    )


# --- the paragraph before -----------------------------------------------------------------


def _introduction(ctx: Context, quote: Quote) -> tuple[int, int, list[Token]] | None:
    """(start, end, tokens) of a short paragraph ending with a colon right before the quote's
    paragraph, when the quote opens its paragraph ("He said:", "Sanders made the following
    comment:")."""
    para_start = ctx.paragraphs[quote.paragraph][0] if quote.paragraph < len(ctx.paragraphs) else -1
    if quote.open_char != para_start or quote.paragraph == 0:
        return None
    start, end = ctx.paragraphs[quote.paragraph - 1]
    if ctx.text[end - 1] != ":":
        return None
    span = ctx.doc.char_span(start, end, alignment_mode="expand")
    intro = [t for t in span or [] if not t.is_space]
    if not intro or len(intro) > INTRODUCTION_TOKENS or any(ctx.in_quote(t.idx) for t in intro):
        return None
    return start, end, intro


def verb_introducing(ctx: Context, quote: Quote, rule: Rule) -> Found | None:
    """The introduction's reporting verb and its subject ("He said:")."""
    if (introduction := _introduction(ctx, quote)) is None:
        return None
    reporting = ctx.reporting
    for token in reversed(introduction[2]):
        if (
            is_cue_verb(token, reporting)
            and token.lemma_.lower() not in reporting.thought
            and (subject := subject_of(token, ctx.words)) is not None
        ):
            return attribute(ctx, token, subject, rule)
    return None


def colon_introducing(ctx: Context, quote: Quote, rule: Rule) -> Found | None:
    """The actor an introduction without a reporting verb names ("The New York Times reports:")."""
    if (introduction := _introduction(ctx, quote)) is None:
        return None
    start, end, intro = introduction
    named = ctx.mentions_within(start, end)
    people = [m for m in named if m.type == "Person"] or named
    if not people:
        return None
    colon = intro[-1]
    m = people[0]
    return Attribution(
        m, m.start_char, m.end_char, "colon", colon.idx, colon.idx + 1, rule.id, rule.confidence
    )


# --- the quote before -----------------------------------------------------------------------


def continuation(ctx: Context, quote: Quote, rule: Rule) -> Found | None:
    """A quote starting a sentence right after an attributed one, in its paragraph or opening the
    next (a multi-paragraph quote): the same attribution, less sure."""
    if ctx.last_attributed is None:
        return None
    last, last_quote = ctx.last_attributed
    if not ctx.starts_sentence(quote) and not _resumed_after_attribution(ctx, quote):
        return None
    paragraph = ctx.paragraph_of(quote.open_char)
    gap = paragraph - last_quote.paragraph
    if not (gap == 0 or (gap == 1 and quote.open_char == ctx.paragraphs[paragraph][0])):
        return None
    return Attribution(
        last.speaker,
        last.speaker_start,
        last.speaker_end,
        last.cue,
        last.cue_start,
        last.cue_end,
        rule.id,
        last.confidence * rule.confidence,
    )


def _resumed_after_attribution(ctx: Context, quote: Quote) -> bool:
    """Whether a quote inside a sentence resumes the quote before it, split by that quote's own
    attribution and a comma: `"P1," said X, an economist at Y, "p2."` - the words between are
    that attribution and no more (no sentence ends there), whatever the parser made of them."""
    last, last_quote = ctx.last_attributed
    if last_quote.close_char is None or last.cue_start is None:
        return False
    if ctx.paragraph_of(quote.open_char) != ctx.paragraph_of(last_quote.close_char):
        return False
    if not last_quote.close_char < last.cue_start < quote.open_char:
        return False
    gap = ctx.text[last_quote.close_char + 1 : quote.open_char].strip()
    if not gap.endswith(",") or ctx.text[last_quote.end_char - 1] != ",":
        return False
    return not any(c in SENTENCE_END or c in MARKS for c in gap)
