"""Extract: one spaCy doc in, the document's records out (actors, posts, statements, commitments,
stances).

`extract_document` is a pure function of the document and the pipeline, so its result can be
cached by content hash and computed in any process; cross-document work happens in `kg.resolve`.
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.actors import extract_mentions
from kg.extract.commitments import extract_commitments
from kg.extract.posts import extract_posts
from kg.extract.statements import extract_statements_and_stances
from kg.extract.statements.stances import without_commitments
from kg.gazetteer import Gazetteer
from kg.records import ActorMention, DocRecords, Document


def _year(document: Document) -> int | None:
    """The year the article was published, when its date says."""
    published = document.meta.published or ""
    return int(published[:4]) if published[:4].isdigit() else None


def extract_document(document: Document, doc: Doc, *, gazetteer: Gazetteer) -> DocRecords:
    text = document.text

    def faithful(start: int, end: int, exact: str) -> bool:
        return start < end and text[start:end] == exact

    def mention_ok(m: ActorMention | None) -> bool:
        return m is None or faithful(m.start_char, m.end_char, m.text)

    # The parse saw the body only (everything else blanked); a span that reaches into a blanked
    # region would quote the article wrongly, so it is dropped here, whatever rule produced it.
    mentions = [m for m in extract_mentions(doc, gazetteer=gazetteer) if mention_ok(m)]
    posts = [
        p
        for p in extract_posts(doc, mentions, gazetteer=gazetteer, year=_year(document))
        if faithful(p.start_char, p.end_char, p.text)
        and mention_ok(p.person)
        and mention_ok(p.organization)
    ]
    said, held = extract_statements_and_stances(doc, mentions, posts)
    statements = [
        s
        for s in said
        if mention_ok(s.speaker)
        and (
            s.text == " ".join(text[a:b] for a, b in s.parts) and all(a < b for a, b in s.parts)
            if s.parts
            else faithful(s.start_char, s.end_char, s.text)
        )
    ]
    commitments = [
        c
        for c in extract_commitments(doc, mentions, statements, gazetteer=gazetteer)
        if faithful(c.start_char, c.end_char, c.text)
        and all(map(mention_ok, (*c.committers, c.recipient, c.asserted_by)))
    ]
    stances = [
        s
        for s in without_commitments(held, commitments)
        if mention_ok(s.holder) and faithful(s.start_char, s.end_char, s.text)
    ]
    return DocRecords(
        document=document,
        mentions=mentions,
        posts=posts,
        statements=statements,
        commitments=commitments,
        stances=stances,
    )
