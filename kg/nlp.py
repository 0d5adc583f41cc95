"""NLP: the spaCy pipeline, with the curated gazetteer running inside it before `ner`.

The gazetteer's EntityRuler sets entities first and `ner` fills in around them, so curated names
win and the model's known mistakes on this domain ("Kyiv" as PERSON, "Ursula von" + "Leyen",
"Patriot" as ORG) never reach the extractors. A small component marks every paragraph break as a
sentence start, so no sentence runs across two paragraphs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import ModelNotInstalled
from kg.paths import DEFAULT_MODEL
from kg.records import Document

__all__ = ["DEFAULT_MODEL", "load_pipeline", "parse", "text_of"]
RULER_NAME = "kg_gazetteer"
CASELESS_RULER_NAME = "kg_gazetteer_caseless"


@Language.component("kg_paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if any(brk in previous.text or brk in previous.whitespace_ for brk in "\n\r"):
            token.is_sent_start = True
    return doc


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
    # First in the pipeline (so before `ner`): its patterns match on token text only, and when
    # patterns are added spaCy runs every component before the ruler over each one, which cost
    # seconds per model load with the ruler after the parser.
    add_gazetteer_rulers(nlp, gazetteer.load())
    return nlp


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
    docs = iter(documents)
    pairs = ((d.body_text(), d) for d in docs)
    for spacy_doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield document, spacy_doc
