"""The document as every statement rule sees it: its text, quotations, paragraphs and tokens by
place, the mention resolver, and the words and confidences of the rules
(kg/data/statements.toml)."""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from kg.extract.lexicon import read_data, word_sets
from kg.extract.mentions import Resolver
from kg.extract.quotes import INLINE_BLANK, MARKS, Quote, find_quotes, paragraphs
from kg.extract.reporting import Reporting, load_reporting
from kg.nlp import text_of
from kg.paths import DATA_DIR
from kg.records import ActorMention, PostRecord

STATEMENTS_FILE = DATA_DIR / "statements.toml"
SENTENCE_END = {".", "!", "?"}
SENTENCE_END_CHARS = ".!?"
# Words a reported clause must add after a quotation it holds to be read instead of it.
MORE_WORDS_AFTER_QUOTE = 2


@dataclass(frozen=True, slots=True)
class StatementWords:
    """kg/data/statements.toml: the word lists of [words] and each rule's confidence."""

    complementizers: frozenset[str]
    object_prepositions: frozenset[str]
    topic_prepositions: frozenset[str]
    object_continuations: frozenset[str]
    owner_prepositions: frozenset[str]
    passive_reports: frozenset[str]
    issuing_verbs: frozenset[str]
    title_small_words: frozenset[str]
    confidence: dict[str, float]


@lru_cache(maxsize=4)
def load_statement_words(path: str = str(STATEMENTS_FILE)) -> StatementWords:
    data = read_data(path)
    return StatementWords(**word_sets(data["words"]), confidence=dict(data["confidence"]))


@dataclass(frozen=True, slots=True)
class Rule:
    """A statement rule: its id (the provenance each statement it reads carries), the function
    that applies it, and its confidence (kg/data/statements.toml)."""

    id: str
    apply: Callable
    confidence: float


class Context:
    """One parsed document with the indexes every rule needs: quotes, paragraphs and tokens by
    place, and the resolver of its mentions."""

    def __init__(
        self,
        doc: Doc,
        mentions: list[ActorMention],
        posts: list[PostRecord],
        *,
        reporting: Reporting | None = None,
        words: StatementWords | None = None,
    ):
        self.doc = doc
        self.text = text_of(doc)
        self.reporting = reporting or load_reporting()
        self.words = words or load_statement_words()
        self.quotes = find_quotes(self.text)
        self._index_quotes()
        self.paragraphs = paragraphs(self.text)
        self._token_starts = doc.to_array(IDX).tolist() if len(doc) else []
        self.opening_marks = {q.open_char for q in self.quotes}
        self.closing_marks = {q.close_char for q in self.quotes if q.close_char is not None}
        self.resolver = Resolver(
            doc,
            mentions,
            posts=posts,
            quoted=self.in_quote,
            paragraphs=self.paragraphs,
            reporting=self.reporting,
        )
        self.mentions = self.resolver.mentions
        # The attribution and last quote of the quotation read last (a quote may carry it on).
        self.last_attributed: tuple[object, Quote] | None = None
        # Results the rules of one place share (the words around a quotation), by question.
        self.memo: dict[tuple, object] = {}

    # --- places -----------------------------------------------------------------------------
    def paragraph_of(self, char: int) -> int:
        return self.resolver.paragraph_of(char)

    def token_at(self, char: int) -> Token:
        return self.doc[max(bisect_right(self._token_starts, char) - 1, 0)]

    def mentions_within(self, start: int, end: int) -> list[ActorMention]:
        return self.resolver.index.within(start, end)

    def quote_around(self, char: int) -> Quote | None:
        """The first quote (in text order) whose marks enclose char."""
        i = bisect_right(self._quote_points, char) - 1
        return self._quote_at[i] if i >= 0 else None

    def in_quote(self, char: int) -> bool:
        return self.quote_around(char) is not None

    def _index_quotes(self) -> None:
        # Which quote encloses a character changes only where one opens or one has closed: the
        # answer is kept for each run between such points (the rules ask tens of thousands of
        # times). One sweep over the points, the open quotes in a heap by text order: the first
        # quote that encloses a point is the heap's least once those already closed are dropped.
        bounds = [
            (q.open_char, q.close_char if q.close_char is not None else q.end_char)
            for q in self.quotes
        ]
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

    # --- the text around a quotation ----------------------------------------------------------
    def starts_sentence(self, quote: Quote) -> bool:
        last = last_char(self.text, quote.open_char, blank=INLINE_BLANK)
        if not last or last in "\n.!?:":
            return True
        before_mark = skip_back(self.text, quote.open_char, INLINE_BLANK) - 1
        return last in MARKS and last_char(self.text, before_mark) in SENTENCE_END


def skip_back(text: str, end: int, blank: str | None = None) -> int:
    """Where the run of `blank` characters (any whitespace when None) that ends at `end` starts.
    Read backwards from `end`: slicing the text before it made every quote cost the whole text."""
    i = end
    while i > 0 and (text[i - 1] in blank if blank is not None else text[i - 1].isspace()):
        i -= 1
    return i


def last_char(text: str, end: int, blank: str | None = None) -> str:
    """The last character before `end` that is not `blank` (`text[:end].rstrip(blank)[-1:]`)."""
    i = skip_back(text, end, blank)
    return text[i - 1] if i > 0 else ""
