"""Extract: one spaCy doc in, the document's records out (actors, posts, statements, commitments).

`extract_document` is a pure function of the document and the pipeline, so its result can be
cached by content hash and computed in any process; cross-document work happens in `kg.resolve`.
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.actors import extract_mentions
from kg.extract.commitments import extract_commitments
from kg.extract.posts import extract_posts
from kg.extract.statements import extract_statements
from kg.gazetteer import Gazetteer
from kg.records import DocRecords, Document


def extract_document(document: Document, doc: Doc, *, gazetteer: Gazetteer) -> DocRecords:
    mentions = extract_mentions(doc, gazetteer=gazetteer)
    posts = extract_posts(doc, mentions, gazetteer=gazetteer)
    statements = extract_statements(doc, mentions, posts)
    commitments = extract_commitments(doc, mentions, statements)
    return DocRecords(document=document, mentions=mentions, posts=posts, statements=statements, commitments=commitments)
