"""Statements: who said what, read from quotations and reporting clauses.

Three passes over one parsed document, each a small set of rules whose words are data
(kg/data/statement_cues.toml):

- quotations (kg/extract/quotes.py finds the spans): each quote looks for its attribution after
  the closing mark (`"…," said X`, `"…," X, head of Y, said`, `"…," as X put it`), then before the
  opening mark (`X said: "…"`, `X has noted, "…"`, `according to X, "…"`, a colon introduction
  without a verb `For X, the conclusion is stark: "…"`). A quote with none continues the
  previous speaker's quote when it starts a sentence right after it (or a multi-paragraph quote);
  otherwise it is a scare quote and not a statement;
- reporting clauses: a cue verb with a subject and a reported clause (`X said that …`, `…, sources
  said`) is an `indirect` statement, or `mixed` when the clause holds a quotation; a cue noun with
  its owner (`X's statement that …`, `the suggestion that …`) likewise;
- `according to X, …`: the rest of the sentence.

Speakers are resolved as the text names them: an actor mention; a pronoun to the nearest preceding
subject of the right kind; a title ("the defence secretary") to the person the article names in
that post; otherwise a new mention over the description ("officials", "the newspaper").
"""

from __future__ import annotations

import heapq
import re
import tomllib
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from spacy.attrs import IDX
from spacy.tokens import Doc, Span, Token

from kg.extract.quotes import MARKS, Quote, find_quotes, paragraphs, quote_chains
from kg.names import titles
from kg.nlp import text_of, tokens_where
from kg.paths import DATA_DIR
from kg.records import ActorMention, PostRecord, StatementRecord

CUES_FILE = DATA_DIR / "statement_cues.toml"
SENTENCE_END = {".", "!", "?"}
SENTENCE_END_CHARS = ".!?"
DASHES = {"―", "—", "–", "-", "--"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# Relations by which a verb without a subject of its own borrows its head's ("…, saying: '…'").
BORROW_SUBJECT_DEPS = {"advcl", "xcomp", "conj", "ccomp", "pcomp", "acl", "dep"}
PRE_WINDOW_TOKENS = 45
POST_WINDOW_TOKENS = 25
ANTECEDENT_PARAGRAPHS = 3
# An introduction paragraph ending with a colon is short: "He said:", "The Times reports:".
INTRODUCTION_TOKENS = 30
# Words a reported clause must add after a quotation it holds to be read instead of it.
MORE_WORDS_AFTER_QUOTE = 2


@dataclass(frozen=True, slots=True)
class Cues:
    verbs: frozenset[str]
    clause_only: frozenset[str]
    thought: frozenset[str]
    as_verbs: frozenset[str]
    nouns: frozenset[str]
    according: tuple[tuple[str, ...], ...]
    person_pronouns: frozenset[str]
    group_pronouns: frozenset[str]
    non_speakers: frozenset[str]
    hedges: frozenset[str]
    object_content: frozenset[str]
    organisation_heads: frozenset[str]


@lru_cache(maxsize=4)
def load_cues(path: str = str(CUES_FILE)) -> Cues:
    data = tomllib.loads(open(path, encoding="utf-8").read())
    return Cues(
        verbs=frozenset(data["verbs"]), clause_only=frozenset(data["clause_only"]),
        thought=frozenset(data["thought"]), as_verbs=frozenset(data["as_verbs"]),
        nouns=frozenset(data["nouns"]), according=tuple(tuple(p) for p in data["according"]),
        person_pronouns=frozenset(data["person_pronouns"]), group_pronouns=frozenset(data["group_pronouns"]),
        non_speakers=frozenset(data["non_speakers"]), hedges=frozenset(data["hedges"]), object_content=frozenset(data["object_content"]), organisation_heads=frozenset(data["organisation_heads"]),
    )


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


class _Context:
    """The document with the indexes every rule needs: quotes, paragraphs, mentions by place."""

    def __init__(self, doc: Doc, mentions: list[ActorMention], posts: list[PostRecord], cues: Cues):
        self.doc = doc
        self.text = text_of(doc)
        self.mentions = sorted(mentions, key=lambda m: (m.start_char, m.end_char))
        # The rules ask about mentions near a place thousands of times a document: looked up by
        # bisection, not by a scan of every mention (quadratic on a long document).
        self._mention_starts = [m.start_char for m in self.mentions]
        self._longest_mention = max((m.end_char - m.start_char for m in self.mentions), default=0)
        self.posts = posts
        self.cues = cues
        self.quotes = find_quotes(self.text)
        self._index_quotes()
        self.paragraphs = paragraphs(self.text)
        self._para_starts = [s for s, _ in self.paragraphs]
        self._token_starts = doc.to_array(IDX).tolist() if len(doc) else []
        self.opening_marks = {q.open_char for q in self.quotes}
        self.closing_marks = {q.close_char for q in self.quotes if q.close_char is not None}
        self.created: dict[tuple[int, int], ActorMention] = {}
        self.speakers: list[tuple[int, ActorMention]] = []  # (offset, speaker) of statements so far
        self._antecedents: _AntecedentIndex | None = None

    def antecedent_index(self) -> _AntecedentIndex:
        if self._antecedents is None:
            self._antecedents = _antecedent_index(self)
        return self._antecedents

    # --- places -------------------------------------------------------------------------------
    def paragraph_of(self, char: int) -> int:
        return max(bisect_right(self._para_starts, char) - 1, 0)

    def token_at(self, char: int) -> Token:
        return self.doc[max(bisect_right(self._token_starts, char) - 1, 0)]

    def quote_around(self, char: int) -> Quote | None:
        """The first quote (in text order) whose marks enclose char."""
        i = bisect_right(self._quote_points, char) - 1
        return self._quote_at[i] if i >= 0 else None

    def _index_quotes(self) -> None:
        # Which quote encloses a character changes only where one opens or one has closed: the
        # answer is kept for each run between such points (the rules ask tens of thousands of times).
        # One sweep over the points, the open quotes in a heap by text order: the first quote that
        # encloses a point is the heap's least once those already closed are dropped.
        bounds = [(q.open_char, q.close_char if q.close_char is not None else q.end_char) for q in self.quotes]
        self._quote_points = sorted({o for o, _ in bounds} | {e + 1 for _, e in bounds})
        by_open = sorted(range(len(bounds)), key=lambda i: bounds[i][0])
        open_quotes: list[int] = []
        self._quote_at = []
        n = 0
        for p in self._quote_points:
            while n < len(by_open) and bounds[by_open[n]][0] <= p:
                heapq.heappush(open_quotes, by_open[n])
                n += 1
            while open_quotes and bounds[open_quotes[0]][1] < p:
                heapq.heappop(open_quotes)
            self._quote_at.append(self.quotes[open_quotes[0]] if open_quotes else None)

    def in_quote(self, char: int) -> bool:
        return self.quote_around(char) is not None

    def mention_over(self, start: int, end: int) -> ActorMention | None:
        """The first mention (in text order) that covers start..end."""
        # Only a mention that starts at most the longest mention's length before `start` can
        # reach `end`.
        lo = bisect_left(self._mention_starts, start - self._longest_mention)
        for m in self.mentions[lo:bisect_right(self._mention_starts, start)]:
            if end <= m.end_char:
                return m
        return None

    def mentions_within(self, start: int, end: int) -> list[ActorMention]:
        lo, hi = bisect_left(self._mention_starts, start), bisect_right(self._mention_starts, end)
        return [m for m in self.mentions[lo:hi] if m.end_char <= end]


# --- speakers ---------------------------------------------------------------------------------

def _is_pronoun(token: Token, cues: Cues) -> bool:
    return token.lower_ in cues.person_pronouns or token.lower_ in cues.group_pronouns


def _antecedent(ctx: _Context, token: Token) -> ActorMention | None:
    """The actor a pronoun stands for: the nearest preceding subject of the right kind outside quotes
    (a mention, or the speaker of an earlier statement), else the nearest such mention."""
    want_person = token.lower_ in ctx.cues.person_pronouns
    first_para = max(ctx.paragraph_of(token.idx) - ANTECEDENT_PARAGRAPHS + 1, 0)
    floor = ctx.paragraphs[first_para][0] if ctx.paragraphs else 0
    index = ctx.antecedent_index()
    # Mentions are read in text order up to the first that ends past the pronoun.
    cut = bisect_right(index.ends_so_far, token.idx)

    def nearest(indices: list[int]) -> ActorMention | None:
        i = bisect_left(indices, cut) - 1
        m = ctx.mentions[indices[i]] if i >= 0 else None
        return m if m is not None and m.start_char >= floor else None

    best = nearest(index.subjects[want_person])
    offset = best.start_char if best is not None else -1
    # At the same offset a speaker wins over a mention, and a later speaker over an earlier one.
    for spoken_at, speaker in ctx.speakers:
        if floor <= spoken_at < token.idx and (speaker.type == "Person") == want_person and spoken_at >= offset:
            best, offset = speaker, spoken_at
    return best if best is not None else nearest(index.anyone[want_person])


@dataclass(slots=True)
class _AntecedentIndex:
    """The mentions a pronoun may stand for, found by bisection (a scan of every mention before each
    pronoun, parsing each as a subject or not, made long documents quadratic)."""

    ends_so_far: list[int]  # the largest end_char of the mentions up to each one, in text order
    subjects: dict[bool, list[int]]  # want a person? -> indices of mentions outside quotes that are subjects
    anyone: dict[bool, list[int]]  # want a person? -> indices of all mentions outside quotes


def _antecedent_index(ctx: _Context) -> _AntecedentIndex:
    ends = [m.end_char for m in ctx.mentions]
    index = _AntecedentIndex(list(accumulate(ends, max)), {True: [], False: []}, {True: [], False: []})
    for i, m in enumerate(ctx.mentions):
        if ctx.in_quote(m.start_char):
            continue
        person = m.type == "Person"
        index.anyone[person].append(i)
        span = ctx.doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
        root = span.root if span is not None else None
        if root is not None and (
            root.dep_ in SUBJECT_DEPS or (root.dep_ in ("compound", "appos") and root.head.dep_ in SUBJECT_DEPS)
        ):
            index.subjects[person].append(i)
    return index


def _noun_phrase(token: Token) -> Span:
    """The subject's words up to its head, with "of"/"at" complements ("the head of MI6"), no appositions."""
    doc = token.doc
    start = min((t.i for t in token.lefts for t in t.subtree), default=token.i)
    end = token.i + 1
    for right in token.rights:
        if right.dep_ == "prep" and right.lower_ in ("of", "at", "for", "in") and right.i == end:
            end = right.right_edge.i + 1
        elif right.dep_ in ("compound", "case") and right.i == end:
            end = right.i + 1
        else:
            break
    while start < end and doc[start].is_punct:
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    return doc[start:end]


def _post_holder(ctx: _Context, phrase: Span) -> ActorMention | None:
    """The person the article names in the post a description gives ("the defence secretary")."""
    title_words = titles()
    heads = [t.lower_ for t in phrase if t.lower_ in title_words["heads"]]
    if not heads:
        return None
    words = {t.lower_ for t in phrase if t.is_alpha and t.lower_ not in ("the", "a", "an", "its", "his", "her", "their")}
    best: tuple[int, ActorMention] | None = None
    for post in ctx.posts:
        title = post.title.lower()
        org = (post.organization.text.lower() if post.organization else "")
        if not all(h in title for h in heads):
            continue
        other = [w for w in words if w not in heads and w not in title_words["links"]]
        if any(w not in title and w not in org for w in other if w in title_words["modifiers"] or w[0].isalpha()):
            continue
        distance = abs(phrase.start_char - post.start_char) + (0 if post.start_char < phrase.start_char else 10_000)
        if best is None or distance < best[0]:
            best = (distance, post.person)
    return best[1] if best else None


def _created_mention(ctx: _Context, phrase: Span, rule: str, *, type_: str | None = None) -> ActorMention | None:
    """A mention over a speaker the actor extractor did not list ("officials", "the newspaper")."""
    cues = ctx.cues
    head = phrase.root
    if head.lower_ in cues.non_speakers or head.pos_ not in ("NOUN", "PROPN"):
        return None
    if not any(c.isalpha() for c in phrase.text) or "\n" in phrase.text:
        return None
    key = (phrase.start_char, phrase.end_char)
    if key in ctx.created:
        return ctx.created[key]
    if type_ is not None:
        pass
    elif head.lemma_.lower() in cues.organisation_heads or head.lower_ in cues.organisation_heads:
        type_ = "Organization"
    elif head.pos_ == "PROPN":
        type_ = "Person" if head.ent_type_ in ("PERSON", "") else "Organization"
    elif head.tag_ in ("NNS", "NNPS"):
        type_ = "Group"
    else:
        type_ = "Person"
    mention = ActorMention(phrase.start_char, phrase.end_char, phrase.text, type_, rule=rule, confidence=0.5)
    ctx.created[key] = mention
    return mention


def speaker_of(ctx: _Context, token: Token, *, rule: str) -> tuple[ActorMention | None, int, int] | None:
    """Resolve the token heading a speaker phrase; None when it cannot speak ("it", "which")."""
    cues = ctx.cues
    if token.lower_ in ("who", "that", "which") and token.head.dep_ == "relcl":
        token = token.head.head
    if _is_pronoun(token, cues) and token.lower_ != "it":
        return _antecedent(ctx, token), token.idx, token.idx + len(token)
    if token.lower_ in cues.non_speakers:
        # "it" may stand for an organisation only when one is the subject nearby.
        if token.lower_ == "it":
            antecedent = _antecedent(ctx, token)
            return (antecedent, token.idx, token.idx + len(token)) if antecedent else None
        return None
    phrase = _noun_phrase(token)
    if (m := ctx.mention_over(token.idx, token.idx + len(token))) is not None:
        return m, phrase.start_char, phrase.end_char
    for child in token.children:
        if child.dep_ == "appos" and (m := ctx.mention_over(child.idx, child.idx + len(child))) is not None and m.type == "Person":
            return m, phrase.start_char, phrase.end_char
    if (holder := _post_holder(ctx, phrase)) is not None:
        return holder, phrase.start_char, phrase.end_char
    inside = [m for m in ctx.mentions_within(phrase.start_char, phrase.end_char)]
    if inside:
        # "NATO leaders", "the Trump administration", "Clinton's campaign": the named actor.
        return inside[-1], phrase.start_char, phrase.end_char
    created = _created_mention(ctx, phrase, rule)
    if created is None:
        return None
    return created, phrase.start_char, phrase.end_char


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or its governing verb's for "…, saying: '…'" and "… and added"."""
    current = verb
    for _ in range(4):
        subjects = [c for c in current.children if c.dep_ in ("nsubj", "nsubjpass") and any(ch.isalpha() for ch in c.text)
                    and c.ent_type_ not in ("DATE", "TIME")
                    and not (c.dep_ == "nsubjpass" and current is verb and verb.lemma_ in ("say", "report"))]
        if subjects:
            return min(subjects, key=lambda c: abs(c.i - current.i))
        if current.dep_ in BORROW_SUBJECT_DEPS and current.head is not current:
            current = current.head
            continue
        if current.dep_ == "relcl":  # "X, who said …"
            return current.head
        return None
    return None


# --- cues -------------------------------------------------------------------------------------

CUE_VERB_POS = ("VERB", "AUX")


def _is_cue_verb(token: Token, cues: Cues) -> bool:
    return token.pos_ in CUE_VERB_POS and token.lemma_.lower() in cues.verbs


def _window_after(ctx: _Context, close_char: int) -> list[Token]:
    close_token = ctx.token_at(close_char)
    para = ctx.paragraphs[ctx.paragraph_of(close_char)]
    out: list[Token] = []
    for token in ctx.doc[close_token.i + 1 : close_token.i + 1 + POST_WINDOW_TOKENS]:
        if token.idx >= para[1] or token.idx in ctx.opening_marks:
            break
        if token.text in SENTENCE_END:
            break
        out.append(token)
    return out


def _window_before(ctx: _Context, open_char: int) -> list[Token]:
    open_token = ctx.token_at(open_char)
    para = ctx.paragraphs[ctx.paragraph_of(open_char)]
    out: list[Token] = []
    for token in reversed(ctx.doc[max(open_token.i - PRE_WINDOW_TOKENS, 0) : open_token.i]):
        if token.idx < para[0] or token.idx in ctx.closing_marks:
            break
        if token.text in SENTENCE_END and not ctx.in_quote(token.idx):
            break
        out.append(token)
    return list(reversed(out))


@lru_cache(maxsize=4)
def _according_first_words(cues: Cues) -> frozenset[str]:
    return frozenset(phrase[0] for phrase in cues.according)


def _according_speaker(ctx: _Context, tokens: list[Token]) -> tuple[Token, Token] | None:
    """(cue token, speaker token) of "according to X" among tokens."""
    lowers = [t.lower_ for t in tokens]
    if _according_first_words(ctx.cues).isdisjoint(lowers):
        return None  # most windows: no phrase can start here
    for phrase in ctx.cues.according:
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


def _attribution(ctx: _Context, cue: Token, subject: Token, *, rule: str, confidence: float, lemma: str | None = None) -> Attribution | None:
    found = speaker_of(ctx, subject, rule=rule)
    if found is None:
        return None
    speaker, s_start, s_end = found
    return Attribution(speaker, s_start, s_end, lemma or cue.lemma_.lower(), cue.idx, cue.idx + len(cue), rule, confidence)


def _byline(ctx: _Context, quote: Quote) -> Attribution | None:
    """A name under a quotation after a dash, ending the paragraph: "'…' ― Carla Sanchez"."""
    assert quote.close_char is not None
    para_end = ctx.paragraphs[quote.paragraph][1]
    rest = ctx.text[quote.close_char + 1 : para_end]
    stripped = rest.lstrip()
    if not stripped or stripped[0] not in "―—–-":
        return None
    dash = quote.close_char + 1 + len(rest) - len(stripped)
    name_text = stripped.lstrip("―—–- ").rstrip(" .")
    words = name_text.split()
    if not words or len(words) > 5 or not all(w[0].isupper() for w in words if w.isalpha()):
        return None
    start = para_end - len(stripped) + (len(stripped) - len(stripped.lstrip("―—–- ")))
    end = start + len(name_text)
    mention = ctx.mention_over(start, end) or next(iter(ctx.mentions_within(start, end)), None)
    if mention is None:
        span = ctx.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        mention = _created_mention(ctx, span, "quote.byline", type_="Person")
    if mention is None:
        return None
    return Attribution(mention, start, end, "byline", dash, dash + 1, "quote.byline", 0.7)


def _attribution_after(ctx: _Context, quote: Quote) -> Attribution | None:
    """`"…," said X` / `"…," X said` / `"…," X, head of Y, said` / `"…," as X put it`."""
    if quote.close_char is None:
        return None
    if (byline := _byline(ctx, quote)) is not None:
        return byline
    window = _window_after(ctx, quote.close_char)
    if not window:
        return None
    cues = ctx.cues
    ended = ctx.text[quote.end_char - 1] in SENTENCE_END
    if (found := _according_speaker(ctx, window[:4])) is not None:
        cue, who = found
        return _attribution(ctx, cue, who, rule="quote.according_after", confidence=0.85, lemma="according to")
    for offset, token in enumerate(window[:12]):
        lemma = token.lemma_.lower()
        after_as = any(t.lower_ == "as" for t in window[:offset])
        if not (_is_cue_verb(token, cues) or (after_as and lemma in cues.as_verbs and token.pos_ in ("VERB", "AUX"))):
            continue
        if lemma in cues.thought and not after_as:
            continue
        # A quote that ended its sentence is attributed only by an inverted "… said X" or "X said".
        if ended and offset > 5:
            return None
        subject = _subject(token)
        if subject is None or not (window[0].i <= subject.i <= window[-1].i):
            # An inverted "…," said X whose X the parser did not make the subject.
            follower = window[offset + 1] if offset + 1 < len(window) else None
            subject = follower if follower is not None and follower.pos_ in ("PROPN", "NOUN", "PRON", "DET") else None
            if subject is not None and subject.pos_ == "DET":
                subject = subject.head
        if subject is None:
            return None
        return _attribution(ctx, token, subject, rule="quote.after", confidence=0.9)
    return None


def _attribution_before(ctx: _Context, quote: Quote) -> tuple[Attribution | None, bool]:
    """(`X said: "…"` / `X has noted, "…"` / `according to X, "…"` / `For X, …: "…"`, governed)."""
    window = _window_before(ctx, quote.open_char)
    if not window:
        return None, False
    cues = ctx.cues
    open_token = ctx.token_at(quote.open_char)
    adjacent = window[-1].text in (":", ",", "—", "–") or _is_cue_verb(window[-1], cues) or window[-1].lower_ == "that"
    if (found := _according_speaker(ctx, window)) is not None:
        cue, who = found
        return _attribution(ctx, cue, who, rule="quote.according_before", confidence=0.85, lemma="according to"), adjacent
    for token in reversed(window):
        if ctx.in_quote(token.idx) or not _is_cue_verb(token, cues):
            continue
        lemma = token.lemma_.lower()
        governs = token.left_edge.i <= open_token.i <= token.right_edge.i
        if not (governs or adjacent):
            continue
        if lemma in cues.thought and not governs:
            continue
        subject = _subject(token)
        if subject is None:
            continue
        return _attribution(ctx, token, subject, rule="quote.before", confidence=0.85), adjacent
    if window[-1].text == ":":
        # "For President X, the conclusion is stark: '…'": the actor the introduction names.
        named = [m for m in ctx.mentions_within(window[0].idx, window[-1].idx) if not ctx.in_quote(m.start_char)]
        people = [m for m in named if m.type == "Person"] or named
        if people:
            m = people[0]
            return Attribution(m, m.start_char, m.end_char, "colon", window[-1].idx, window[-1].idx + 1, "quote.colon", 0.6), True
    return None, adjacent


def _attribution_introduced(ctx: _Context, quote: Quote) -> Attribution | None:
    """A quote opening its paragraph after a paragraph that ends with a colon ("He said:",
    "The New York Times reports:", "Sanders made the following comment:"): that paragraph's
    cue verb and its subject, or else the actor it names."""
    para_start = ctx.paragraphs[quote.paragraph][0] if quote.paragraph < len(ctx.paragraphs) else -1
    if quote.open_char != para_start or quote.paragraph == 0:
        return None
    start, end = ctx.paragraphs[quote.paragraph - 1]
    if ctx.text[end - 1] != ":":
        return None
    intro = [t for t in ctx.doc.char_span(start, end, alignment_mode="expand") or [] if not t.is_space]
    if not intro or len(intro) > INTRODUCTION_TOKENS or any(ctx.in_quote(t.idx) for t in intro):
        return None
    for token in reversed(intro):
        if _is_cue_verb(token, ctx.cues) and token.lemma_.lower() not in ctx.cues.thought and (subject := _subject(token)) is not None:
            return _attribution(ctx, token, subject, rule="quote.introduced", confidence=0.8)
    named = ctx.mentions_within(start, end)
    people = [m for m in named if m.type == "Person"] or named
    if not people:
        return None
    colon = intro[-1]
    return Attribution(people[0], people[0].start_char, people[0].end_char, "colon", colon.idx, colon.idx + 1, "quote.colon", 0.6)


def _is_title(ctx: _Context, quote: Quote) -> bool:
    """A quoted name of a work or show ("on Fox News's 'Fox and Friends.'"): short, every word capitalised."""
    words = [w for w in ctx.text[quote.start_char : quote.end_char].split() if any(c.isalpha() for c in w)]
    if not words or len(words) > 6 or _starts_sentence(ctx, quote):
        return False
    small = {"and", "of", "the", "a", "an", "in", "on", "for", "to", "with", "at", "or"}
    return all(w.lstrip("‘'(")[:1].isupper() or w.lower() in small for w in words) and words[0][:1].isupper()


def _starts_sentence(ctx: _Context, quote: Quote) -> bool:
    last = _last_char(ctx.text, quote.open_char, blank=" \t")
    if not last or last in "\n.!?:":
        return True
    return last in MARKS and _last_char(ctx.text, _skip_back(ctx.text, quote.open_char, " \t") - 1) in SENTENCE_END


def _quote_kind(ctx: _Context, quote: Quote, adjacent: bool) -> str:
    last = _last_char(ctx.text, quote.open_char, blank=" \t")
    standalone = not last or last in "\n.!?:,—–" or (last in MARKS) or adjacent
    return "direct" if standalone else "partial"


def _skip_back(text: str, end: int, blank: str | None = None) -> int:
    """Where the run of `blank` characters (any whitespace when None) that ends at `end` starts.
    Read backwards from `end`: slicing the text before it made every quote cost the whole text."""
    i = end
    while i > 0 and (text[i - 1] in blank if blank is not None else text[i - 1].isspace()):
        i -= 1
    return i


def _last_char(text: str, end: int, blank: str | None = None) -> str:
    """The last character before `end` that is not `blank` (`text[:end].rstrip(blank)[-1:]`)."""
    i = _skip_back(text, end, blank)
    return text[i - 1] if i > 0 else ""


def _complement_span(ctx: _Context, a: Attribution, quote: Quote) -> tuple[int, int] | None:
    """What a cue verb before an embedded quote reports: from the verb's complement to the quote's
    end ("called Trump a 'con artist'" -> "Trump a 'con artist'")."""
    if a.cue_end is None or a.cue_end > quote.open_char or quote.close_char is None or a.rule != "quote.before":
        return None
    cue = ctx.token_at(a.cue_start)
    tokens = [t for t in ctx.doc[cue.i + 1 : ctx.token_at(quote.open_char).i] if not t.is_space]
    while tokens and (tokens[0].is_punct or tokens[0].dep_ in ("prt", "advmod", "npadvmod") or tokens[0].lower_ == "that"):
        tokens = tokens[1:]
    if not tokens or any(t.text in SENTENCE_END for t in tokens):
        return None
    return tokens[0].idx, max(quote.close_char + 1, _phrase_end_holding(ctx, cue, quote))


def _phrase_end_holding(ctx: _Context, cue: Token, quote: Quote) -> int:
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


def _interrupted_by_own_attribution(ctx: _Context, first: tuple[StatementRecord, Quote, Attribution],
                                    then: tuple[StatementRecord, Quote, Attribution]) -> bool:
    """Whether two quote parts are one utterance split by its attribution, as annotators read news:
    `"P1," he said, "p2."`, `"P1," he said. "P2."`, `X said: "P1." "P2."` - same paragraph, same
    attribution, and nothing between the parts but that attribution (one sentence at most)."""
    r1, q1, a1 = first
    r2, q2, a2 = then
    if q1.close_char is None or q2.paragraph != q1.paragraph or r1.parts and r1.parts[-1] != (q1.start_char, q1.end_char):
        return False
    if (r1.start_char, r1.end_char) != (q1.start_char, q1.end_char) and not r1.parts:
        return False  # a quote read with its complement ("called Trump a 'con artist'")
    if (r2.start_char, r2.end_char) != (q2.start_char, q2.end_char) or a1.speaker is None:
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
_ABBREVIATED_SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z][a-z])(?<!\b[A-Z][a-z][a-z][a-z])[.!?]\s+\S")


def _joined(ctx: _Context, first: StatementRecord, then: StatementRecord) -> StatementRecord:
    """One record read from the parts of both (records.StatementRecord.parts)."""
    parts = (first.parts or [(first.start_char, first.end_char)]) + [(then.start_char, then.end_char)]
    first.parts = parts
    first.end_char = parts[-1][1]
    first.text = " ".join(ctx.text[a:b] for a, b in parts)
    first.mentions = [m for a, b in parts for m in ctx.mentions_within(a, b)]
    return first


def _sentence_before_attribution(ctx: _Context, a: Attribution, quote: Quote) -> tuple[int, int] | None:
    """What a quote attributed after it reports when its sentence holds more than the quote:
    from the sentence's start to the attribution ("With thousands of systems, '…,' he said";
    "'You squeezed employees' to drive up the stock price, she said"). Not for "as X put it",
    where the quoted words are the speaker's and the sentence the writer's."""
    if a.rule != "quote.after" or quote.close_char is None or a.cue_start is None:
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
    if before.strip() and not any(c in before for c in MARKS) \
            and not any(_is_cue_verb(t, ctx.cues) for t in ctx.doc.char_span(sentence.start_char, quote.open_char, alignment_mode="expand") or []):
        start = sentence.start_char
    end = quote.close_char + 1
    words_after = between.strip(" ,;—–-")
    if words_after and sum(w.isalpha() for w in words_after.split()) >= MORE_WORDS_AFTER_QUOTE and not any(c in MARKS or c in SENTENCE_END_CHARS for c in words_after):
        end = quote.close_char + 1 + len(between.rstrip(" ,;—–-\n"))
    if (start, end) == (quote.open_char, quote.close_char + 1):
        return None
    return start, end


def _quote_statements(ctx: _Context) -> list[StatementRecord]:
    read: list[tuple[StatementRecord, Quote, Attribution]] = []
    for record, quote, attribution in _quote_readings(ctx):
        if read and _interrupted_by_own_attribution(ctx, read[-1], (record, quote, attribution)):
            read[-1] = (_joined(ctx, read[-1][0], record), quote, read[-1][2])
        else:
            read.append((record, quote, attribution))
    return [record for record, _, _ in read]


def _quote_readings(ctx: _Context) -> list[tuple[StatementRecord, Quote, Attribution]]:
    """(record, quote, attribution) of every attributed quote, one record per quote span."""
    records: list[tuple[StatementRecord, Quote, Attribution]] = []
    previous: tuple[Attribution, Quote] | None = None
    for chain in quote_chains(ctx.quotes):
        attribution = None
        adjacent = False
        # A quote that opens its sentence is attributed after it ("'…,' X said"); one inside a
        # sentence by the words before it ("X said the plan was 'a mess'").
        if not _starts_sentence(ctx, chain[0]):
            attribution, adjacent = _attribution_before(ctx, chain[0])
        if attribution is None:
            for q in chain:
                if (attribution := _attribution_after(ctx, q)) is not None:
                    break
        if attribution is None:
            attribution, adjacent = _attribution_before(ctx, chain[0])
        if attribution is None:
            attribution = _attribution_introduced(ctx, chain[0])
            adjacent = attribution is not None
        if attribution is None and previous is not None and _starts_sentence(ctx, chain[0]):
            last_attr, last_quote = previous
            gap = ctx.paragraph_of(chain[0].open_char) - last_quote.paragraph
            if gap == 0 or (gap == 1 and chain[0].open_char == ctx.paragraphs[ctx.paragraph_of(chain[0].open_char)][0]):
                attribution = Attribution(
                    last_attr.speaker, last_attr.speaker_start, last_attr.speaker_end, last_attr.cue,
                    last_attr.cue_start, last_attr.cue_end, "quote.continuation", last_attr.confidence * 0.9,
                )
                adjacent = True
        if attribution is None or _is_title(ctx, chain[0]):
            continue  # a scare quote or a title: nobody is said to say it
        for q in chain:
            kind = _quote_kind(ctx, q, adjacent) if q is chain[0] else "direct"
            if kind == "partial" and (complement := _complement_span(ctx, attribution, q)) is not None:
                records.append((_record(ctx, attribution, *complement, "mixed"), q, attribution))
                continue
            if q is chain[0] and (sentence := _sentence_before_attribution(ctx, attribution, q)) is not None:
                records.append((_record(ctx, attribution, *sentence, "mixed"), q, attribution))
                continue
            records.append((_record(ctx, attribution, q.start_char, q.end_char, kind), q, attribution))
        previous = (attribution, chain[-1])
        if attribution.speaker is not None:
            ctx.speakers.append((attribution.speaker_start, attribution.speaker))
    return records


# --- reporting clauses --------------------------------------------------------------------------

def _clause_span(ctx: _Context, head: Token, cue: Token) -> tuple[int, int] | None:
    """Characters of a reported clause: its subtree without "that" and edge punctuation."""
    tokens = list(head.subtree)
    while tokens and (tokens[0].dep_ == "mark" and tokens[0].lower_ in ("that", "whether", "if") or tokens[0].is_punct or tokens[0].is_space):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct and tokens[-1].text not in MARKS or tokens[-1].is_space):
        tokens = tokens[:-1]
    if len(tokens) < 3:
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


def _quote_share(ctx: _Context, start: int, end: int) -> tuple[int, int]:
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


def _clause_record(ctx: _Context, attribution: Attribution, span: tuple[int, int]) -> StatementRecord | None:
    start, end = span
    if ctx.in_quote(start) and ctx.in_quote(end - 1) and ctx.quote_around(start) is ctx.quote_around(end - 1):
        return None  # inside one quotation: the quote pass reports it
    inside, outside = _quote_share(ctx, start, end)
    if outside < 1:
        return None
    kind = "mixed" if inside else "indirect"
    # A clause that starts or ends on a quotation mark keeps the mark only if it is inside.
    return _record(ctx, attribution, start, end, kind)


def _verb_statements(ctx: _Context) -> list[StatementRecord]:
    cues = ctx.cues
    records = []
    for token in tokens_where(ctx.doc, pos=CUE_VERB_POS, lemmas=cues.verbs):
        if ctx.in_quote(token.idx):
            continue
        lemma = token.lemma_.lower()
        span = None
        content = next((c for c in token.children if c.dep_ == "ccomp"), None)
        if content is None and lemma not in cues.clause_only:
            content = next((c for c in token.children if c.dep_ == "dobj"), None)
            if content is not None:
                span = _clause_span(ctx, content, token)
                if span is None or not _quote_share(ctx, *span)[0]:
                    continue  # an object is reported speech only when it quotes
        if content is None and lemma in cues.object_content:
            content = _object_complement(token)
            if content is not None:
                span = _complement_after(ctx, token, content)
                if span is None:
                    continue
        if content is None:
            continue
        if content.dep_ == "ccomp" and not any(c.dep_ in SUBJECT_DEPS | {"expl"} for c in content.children):
            continue  # a clause with no subject is a mis-parse more often than reported speech
        span = span if content.dep_ not in ("ccomp", "dobj") else _clause_span(ctx, content, token)
        if span is None:
            continue
        if not _asserted(token, cues):
            continue
        subject = _subject(token)
        if subject is None or ctx.in_quote(subject.idx):
            continue
        if span[1] <= subject.idx and not _follows_directly(ctx, span[1], subject):
            continue
        rule = "clause.thought" if lemma in cues.thought else "clause.verb"
        attribution = _attribution(ctx, token, subject, rule=rule, confidence=0.6 if lemma in cues.thought else 0.75)
        if attribution is None:
            continue
        if (record := _clause_record(ctx, attribution, span)) is not None:
            records.append(record)
    return records


def _object_complement(verb: Token) -> Token | None:
    """The last complement of a verb that reports by its object ("urged allies to send jets")."""
    complements = [c for c in verb.rights if c.dep_ in ("dobj", "xcomp", "prep", "dative", "oprd", "advcl")]
    objects = [c for c in complements if c.dep_ in ("dobj", "xcomp", "oprd") or c.lower_ in ("on", "for", "about", "of", "to", "against")]
    return objects[-1] if objects else None


def _complement_after(ctx: _Context, verb: Token, last: Token) -> tuple[int, int] | None:
    tokens = [t for t in ctx.doc[verb.i + 1 : last.right_edge.i + 1] if not t.is_space]
    while tokens and (tokens[0].is_punct or tokens[0].dep_ in ("prt", "advmod")):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in MARKS:
        tokens = tokens[:-1]
    if len(tokens) < 2 or any(t.text in SENTENCE_END for t in tokens):
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _asserted(verb: Token, cues: Cues) -> bool:
    """Whether the verb reports something said, not something someone should, will or may say."""
    if any(c.dep_ == "aux" and c.lower_ in cues.hedges for c in verb.children):
        return False
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() not in cues.verbs:
        return False
    return not any(c.dep_ == "neg" for c in verb.children)


def _follows_directly(ctx: _Context, end: int, subject: Token) -> bool:
    """A clause before its speaker ("…, sources said") is joined to it by punctuation only."""
    phrase = _noun_phrase(subject)
    gap = ctx.text[end : phrase.start_char]
    return all(not c.isalnum() for c in gap) and len(gap) <= 6


def _noun_statements(ctx: _Context) -> list[StatementRecord]:
    """"Macron's statement that …", "the Trump administration's suggestion that Europe '…'"."""
    cues = ctx.cues
    records = []
    for token in tokens_where(ctx.doc, pos=("NOUN",), lemmas=cues.nouns):
        if ctx.in_quote(token.idx):
            continue
        clause = next((c for c in token.children if c.dep_ in ("acl", "ccomp", "relcl")
                       and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
        if clause is None:
            continue
        owner = next((c for c in token.children if c.dep_ == "poss"), None)
        if owner is None:
            by = next((c for c in token.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
            owner = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
        if owner is None:
            continue
        span = _clause_span(ctx, clause, token)
        if span is None:
            continue
        attribution = _attribution(ctx, token, owner, rule="clause.noun", confidence=0.7)
        if attribution is None:
            continue
        if (record := _clause_record(ctx, attribution, span)) is not None:
            records.append(record)
    return records


def _according_statements(ctx: _Context) -> list[StatementRecord]:
    """"According to X, …" and "…, according to X": the rest of the sentence."""
    records = []
    # Only sentences holding a word that starts a phrase: listing every sentence's tokens was most
    # of this rule's time.
    starts = [t.i for t in tokens_where(ctx.doc, lower=_according_first_words(ctx.cues))]
    for sent in ctx.doc.sents:
        if bisect_left(starts, sent.start) == bisect_left(starts, sent.end):
            continue
        tokens = list(sent)
        found = _according_speaker(ctx, tokens)
        if found is None:
            continue
        cue, who = found
        phrase_tokens = [t for t in cue.subtree] or [cue]
        p_start, p_end = phrase_tokens[0].i, phrase_tokens[-1].i + 1
        body = [t for t in tokens if not (p_start <= t.i < p_end)]
        if p_start == sent.start:
            body = [t for t in tokens if t.i >= p_end]
        elif p_end >= sent.end - 1:
            body = [t for t in tokens if t.i < p_start]
        else:
            continue  # "according to" mid-sentence: too loose to tell the content
        while body and (body[0].is_punct or body[0].is_space):
            body = body[1:]
        while body and (body[-1].is_punct and body[-1].text not in MARKS or body[-1].is_space):
            body = body[:-1]
        if len(body) < 3:
            continue
        attribution = _attribution(ctx, cue, who, rule="clause.according", confidence=0.75, lemma="according to")
        if attribution is None:
            continue
        if (record := _clause_record(ctx, attribution, (body[0].idx, body[-1].idx + len(body[-1])))) is not None:
            records.append(record)
    return records


# --- records ----------------------------------------------------------------------------------

def _record(ctx: _Context, a: Attribution, start: int, end: int, kind: str) -> StatementRecord:
    return StatementRecord(
        speaker=a.speaker, start_char=start, end_char=end, text=ctx.text[start:end], kind=kind,
        cue=a.cue, cue_start=a.cue_start, cue_end=a.cue_end, speaker_start=a.speaker_start,
        speaker_end=a.speaker_end, mentions=ctx.mentions_within(start, end), rule=a.rule, confidence=a.confidence,
    )


def _reports_quote_within(clause: StatementRecord, quote: StatementRecord) -> bool:
    """A reported clause that holds a whole quotation and goes on past it ("said that, 'Of course
    he will defend himself' against what ...") reports more than the quotation alone."""
    if clause.kind != "mixed" or quote.parts:
        return False
    if not (clause.start_char <= quote.start_char - 1 and quote.end_char + 1 <= clause.end_char):
        return False
    after = clause.text[quote.end_char + 1 - clause.start_char :]
    return sum(w.isalpha() for w in after.split()) >= MORE_WORDS_AFTER_QUOTE


def _merge(quoted: list[StatementRecord], clauses: list[StatementRecord]) -> list[StatementRecord]:
    """Quote records, then clause records that add something: a mixed clause replaces the
    fragments it quotes; a clause overlapping a direct quote or an earlier clause is dropped."""
    # Each test below is about records overlapping one span: only records that start within the
    # longest record's length of it are looked at (all of them made long documents quadratic).
    out: list[StatementRecord] = []
    kept_clauses = _ByStart()
    direct = _ByStart()
    for q in sorted((q for q in quoted if q.kind == "direct"), key=lambda r: r.start_char):
        direct.add(q)
    for c in sorted(clauses, key=lambda r: (r.start_char, -(r.end_char - r.start_char))):
        if any(k.start_char < c.end_char and c.start_char < k.end_char for k in kept_clauses.near(c.start_char, c.end_char)):
            continue
        if any(q.start_char < c.end_char and c.start_char < q.end_char
               and not _reports_quote_within(c, q) for q in direct.near(c.start_char, c.end_char)):
            continue
        kept_clauses.add(c)
    for q in quoted:
        inside = [c for c in kept_clauses.near(q.start_char, q.end_char) if c.kind == "mixed"
                  and min(c.end_char, q.end_char) - max(c.start_char, q.start_char) >= (q.end_char - q.start_char) / 2]
        if inside and (q.kind in ("partial", "mixed") or any(_reports_quote_within(c, q) for c in inside)):
            continue
        out.append(q)
    out += kept_clauses.records
    return sorted(out, key=lambda r: (r.start_char, r.end_char))


class _ByStart:
    """Records added in order of start, found by the span they may overlap or touch."""

    def __init__(self) -> None:
        self.records: list[StatementRecord] = []
        self._starts: list[int] = []
        self._longest = 0

    def add(self, record: StatementRecord) -> None:
        self.records.append(record)
        self._starts.append(record.start_char)
        self._longest = max(self._longest, record.end_char - record.start_char)

    def near(self, start: int, end: int) -> list[StatementRecord]:
        """Every record with start_char <= end and end_char >= start, in the order added (a superset
        is fine: the caller tests each)."""
        lo = bisect_left(self._starts, start - self._longest)
        return self.records[lo:bisect_right(self._starts, end)]


def extract_statements(
    doc: Doc, mentions: list[ActorMention], posts: list[PostRecord], *, cues: Cues | None = None,
) -> list[StatementRecord]:
    ctx = _Context(doc, mentions, posts, cues or load_cues())
    quoted = _quote_statements(ctx)
    clauses = _verb_statements(ctx) + _noun_statements(ctx) + _according_statements(ctx)
    return _merge(quoted, clauses)
