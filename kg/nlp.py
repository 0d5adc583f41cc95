"""NLP: the spaCy pipeline, with the curated gazetteer running inside it before `ner`.

The gazetteer's EntityRuler sets entities first and `ner` fills in around them, so curated names
win and the model's known mistakes on this domain ("Kyiv" as PERSON, "Ursula von" + "Leyen",
"Patriot" as ORG) never reach the extractors. A small component marks every paragraph break as a
sentence start, so no sentence runs across two paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator

import numpy
from spacy.attrs import IS_SPACE, LEMMA, LOWER, POS
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from kg.errors import ModelNotInstalled
from kg.paths import DEFAULT_MODEL
from kg.records import Document

__all__ = ["DEFAULT_MODEL", "load_pipeline", "parse", "text_of", "tokens_where"]
RULER_NAME = "kg_gazetteer"
CASELESS_RULER_NAME = "kg_gazetteer_caseless"
# The parse's cost in memory grows with the characters spaCy is given at once (about 3 MB per
# 1,000), so a document longer than PARSE_CHUNK_CHARS is parsed in pieces cut at paragraph breaks,
# and a batch holds at most BATCH_CHARS. No news article comes near either (the longest of 178
# Guardian articles is 25,000 characters): such documents are parsed whole, as before.
PARSE_CHUNK_CHARS = 50_000
BATCH_CHARS = 400_000
# spaCy's tokenizer strips a word's suffixes one at a time, searching the rest of the word each
# time, so a run of n non-space characters made of suffixes ("))))...") costs n squared: 10,000
# nested brackets took two minutes. Runs longer than this are tokenized a piece at a time.
TOKENIZER_RUN_CHARS = 256


@Language.component("kg_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    # The tokenizer splits text into runs of whitespace and of the rest, so a newline can only be
    # in a whitespace token (`whitespace_` is at most one space). Looking at those alone keeps this
    # from making a Token object for every token of the corpus.
    spaces = numpy.flatnonzero(doc.to_array(IS_SPACE)).tolist() if len(doc) else []
    for i in spaces:
        if i + 1 < len(doc) and _has_break(doc[i].text):
            doc[i + 1].is_sent_start = True
    return doc


def _has_break(text: str) -> bool:
    return "\n" in text or "\r" in text


def load_pipeline(model: str = DEFAULT_MODEL, *, max_length: int = 5_000_000) -> Language:
    import spacy

    from kg import gazetteer

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        if "E050" in str(exc) or "E053" in str(exc):
            raise ModelNotInstalled(model) from None
        raise
    nlp.max_length = max(nlp.max_length, max_length + 1)
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("kg_paragraph_breaks", before="parser")
    _lemma_index_as_sets(nlp)
    # First in the pipeline (so before `ner`): its patterns match on token text only, and when
    # patterns are added spaCy runs every component before the ruler over each one, which cost
    # seconds per model load with the ruler after the parser.
    add_gazetteer_rulers(nlp, gazetteer.load())
    nlp.tokenizer = RunBoundedTokenizer(nlp.tokenizer, max_run=TOKENIZER_RUN_CHARS)
    return nlp


class RunBoundedTokenizer:
    """spaCy's tokenizer, given runs of at most `max_run` non-space characters at a time. Text
    without a longer run (every article seen so far) is tokenized exactly as spaCy does it."""

    def __init__(self, tokenizer, *, max_run: int):
        self.tokenizer = tokenizer
        self.max_run = max_run
        self._long_run = re.compile(rf"\S{{{max_run + 1},}}")

    def __call__(self, text: str) -> Doc:
        cuts = [
            cut
            for run in self._long_run.finditer(text)
            for cut in range(run.start() + self.max_run, run.end(), self.max_run)
        ]
        if not cuts:
            return self.tokenizer(text)
        bounds = [0, *cuts, len(text)]
        pieces = [self.tokenizer(text[a:b]) for a, b in zip(bounds, bounds[1:])]
        return Doc.from_docs(pieces, ensure_whitespace=False, exclude=["tensor"])

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str):
        # Everything else (vocab, rules, serialisation) is the wrapped tokenizer's.
        if name == "tokenizer":  # not set yet (a copy being made): no recursion
            raise AttributeError(name)
        return getattr(self.tokenizer, name)


def _lemma_index_as_sets(nlp: Language) -> None:
    """spaCy's rule lemmatizer tests `form in index` on the English word lists as loaded: Python
    lists of up to 57k words, scanned for every suffix rule of every (word, tag) not yet cached. On
    178 articles that was 4.4 s of lemmatizing (a tenth of the whole parse); as sets, 0.16 s, with
    the same lemmas."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    index = lookups.get_table("lemma_index")
    for pos in list(index.keys()):
        index[pos] = frozenset(index[pos])


def add_gazetteer_rulers(nlp: Language, curated) -> None:
    """The curated gazetteer as two EntityRulers first in `nlp`: names as written, then multi-word
    person and organisation names in any case (a phrase matcher on LOWER)."""
    ruler = nlp.add_pipe(
        "entity_ruler",
        name=RULER_NAME,
        first=True,
        config={"overwrite_ents": True, "validate": False},
    )
    ruler.add_patterns(curated.ruler_patterns())
    caseless = nlp.add_pipe(
        "entity_ruler",
        name=CASELESS_RULER_NAME,
        after=RULER_NAME,
        config={"overwrite_ents": True, "validate": False, "phrase_matcher_attr": "LOWER"},
    )
    caseless.add_patterns(curated.caseless_ruler_patterns())


def text_of(doc: Doc) -> str:
    """The doc's text, computed once: spaCy's `Doc.text` joins every token on each access, which
    made slicing it in the extractors cost more than the rules themselves."""
    text = doc.user_data.get("kg_text")
    if text is None:
        text = doc.user_data["kg_text"] = doc.text
    return text


def parse(
    nlp: Language, documents: Iterable[Document], *, batch_size: int = 16
) -> Iterator[tuple[Document, Doc]]:
    """Parse the body of each document; the spaCy Doc has the same length as the document text.

    A long document is parsed in chunks (`chunk_bounds`) joined back into one Doc, so every token's
    `idx` still indexes the document's text and a fact can draw on the whole document."""
    parts: list[Doc] = []
    # No chunk may pass the pipeline's own limit, whatever --max-chars let in.
    max_chars = min(PARSE_CHUNK_CHARS, nlp.max_length)
    for group in _batches(_chunks(documents, max_chars=max_chars), batch_size=batch_size):
        texts = [text[a:b] for text, a, b, _, _ in group]
        for spacy_doc, (text, _, _, document, last) in zip(
            nlp.pipe(texts, batch_size=len(texts)), group
        ):
            parts.append(spacy_doc)
            if not last:
                continue
            whole = (
                parts[0]
                if len(parts) == 1
                else Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor"])
            )
            parts = []
            # spaCy's tokenization keeps every character, so the doc's text is the text it was
            # given: `text_of` need not join the tokens back.
            whole.user_data["kg_text"] = text
            yield document, whole


def _chunks(
    documents: Iterable[Document], *, max_chars: int
) -> Iterator[tuple[str, int, int, Document, bool]]:
    """(body text, chunk start, chunk end, document, is the last chunk) of every document."""
    for document in documents:
        text = document.body_text()
        bounds = chunk_bounds(text, max_chars=max_chars)
        for i, (start, end) in enumerate(bounds):
            yield text, start, end, document, i == len(bounds) - 1


def _batches(chunks: Iterator[tuple], *, batch_size: int) -> Iterator[list[tuple]]:
    """At most `batch_size` chunks and, unless one chunk alone is more, BATCH_CHARS characters."""
    batch: list[tuple] = []
    size = 0
    for chunk in chunks:
        length = chunk[2] - chunk[1]
        if batch and (len(batch) >= batch_size or size + length > BATCH_CHARS):
            yield batch
            batch, size = [], 0
        batch.append(chunk)
        size += length
    if batch:
        yield batch


# Where a chunk may end, best first: after a paragraph break, after a sentence's end, after any
# space.
_CHUNK_ENDS = (re.compile(r"[\r\n]\s*"), re.compile(r"[.!?][\"'”’)\]]*\s+"), re.compile(r"\s+"))


def chunk_bounds(text: str, *, max_chars: int) -> list[tuple[int, int]]:
    """(start, end) of consecutive chunks of `text`, each at most `max_chars` long, cut at the
    best place the chunk offers; one chunk if the text is short enough."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > max_chars:
        limit = start + max_chars
        end = limit  # no space at all in max_chars: a hard cut (the tokenizer cuts such runs too)
        for pattern in _CHUNK_ENDS:
            ends = [
                m.end()
                for m in pattern.finditer(text, start + max_chars // 2, limit)
                if m.end() <= limit
            ]
            if ends:
                end = ends[-1]
                break
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return bounds


def tokens_where(
    doc: Doc,
    *,
    pos: Collection[str] | None = None,
    lemmas: Collection[str] | None = None,
    lower: Collection[str] | None = None,
) -> list[Token]:
    """The tokens, in order, whose `pos_` is in `pos`, whose `lemma_.lower()` is in `lemmas` and
    whose `lower_` is in `lower` (each test only when given). The same as testing every token, but
    read from the doc's arrays, so only the tokens kept become Token objects: the rules that looked
    for their cue words token by token spent most of their time making them."""
    if not len(doc):
        return []
    columns = doc.to_array([POS, LEMMA, LOWER])
    keep = numpy.ones(len(doc), dtype=bool)
    if pos is not None:
        keep &= numpy.isin(columns[:, 0], [POS_IDS[p] for p in pos])
    if lower is not None:
        keep &= numpy.isin(
            columns[:, 2], numpy.array([get_string_id(w) for w in lower], dtype=numpy.uint64)
        )
    kept = numpy.flatnonzero(keep).tolist()
    if lemmas is not None:
        strings = doc.vocab.strings
        fits: dict[int, bool] = {}
        for i in kept:
            key = int(columns[i, 1])
            if key not in fits:
                fits[key] = strings[key].lower() in lemmas
        kept = [i for i in kept if fits[int(columns[i, 1])]]
    return [doc[i] for i in kept]
