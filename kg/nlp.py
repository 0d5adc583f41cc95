"""NLP: the spaCy pipeline, with the curated gazetteer running inside it before `ner`.

The gazetteer's EntityRuler sets entities first and `ner` fills in around them, so curated names
win and the model's known mistakes on this domain ("Kyiv" as PERSON, "Ursula von" + "Leyen",
"Patriot" as ORG) never reach the extractors. A small component marks every paragraph break as a
sentence start, so no sentence runs across two paragraphs.
"""

from __future__ import annotations

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
    return nlp


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
    ruler = nlp.add_pipe("entity_ruler", name=RULER_NAME, first=True, config={"overwrite_ents": True, "validate": False})
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


def parse(nlp: Language, documents: Iterable[Document], *, batch_size: int = 16) -> Iterator[tuple[Document, Doc]]:
    """Parse the body of each document; the spaCy Doc has the same length as the document text."""
    texts = ((text, (text, d)) for d in documents for text in (d.body_text(),))
    for spacy_doc, (text, document) in nlp.pipe(texts, as_tuples=True, batch_size=batch_size):
        # spaCy's tokenization keeps every character, so the doc's text is the text it was given:
        # `text_of` need not join the tokens back.
        spacy_doc.user_data["kg_text"] = text
        yield document, spacy_doc


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
        keep &= numpy.isin(columns[:, 2], numpy.array([get_string_id(w) for w in lower], dtype=numpy.uint64))
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
