"""Actor mentions: the entities of the spaCy doc that are actors.

Curated names come with their gazetteer key (set by the EntityRuler inside the pipeline). Other
PERSON and ORG entities become mentions with a cleaned name (honorifics stripped). Places the
gazetteer does not know as countries (cities, regions, seas) are not actors; nor are weapons,
treaties and the like, which the ruler labels PRODUCT or LAW.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from kg.gazetteer import Gazetteer
from kg.names import clean_org_name, clean_person_name
from kg.records import ActorMention

NER_TYPES = {"PERSON": "Person", "ORG": "Organization"}


def _plausible_name(text: str) -> bool:
    if not text or "\n" in text or len(text) < 2 or len(text) > 80:
        return False
    if not any(c.isupper() for c in text) or any(c.isdigit() for c in text[:1]):
        return False
    return bool(re.search(r"[A-Za-z]{2}", text))


def mention_from_span(span: Span, gazetteer: Gazetteer) -> ActorMention | None:
    if span.ent_id_:
        entry = gazetteer.entries.get(span.ent_id_)
        if entry is None:  # a curated non-actor (weapon, treaty, place)
            return None
        demonym = span.label_ == "NORP"
        return ActorMention(
            span.start_char,
            span.end_char,
            span.text,
            entry.type,
            key=entry.key,
            name=entry.name,
            rule="gazetteer.demonym" if demonym else "gazetteer.name",
            confidence=0.6 if demonym else 0.95,
        )
    actor_type = NER_TYPES.get(span.label_)
    if actor_type is None:
        return None
    if not any(t.tag_ in ("NNP", "NNPS") for t in span):
        return None  # "Officials said": a common noun the model tagged as a name
    text = span.text
    if actor_type == "Person":
        name = clean_person_name(text)
        if not _plausible_name(name) or name.isupper():
            return None
        if (entry := gazetteer.lookup(name)) is not None:
            return ActorMention(
                span.start_char,
                span.end_char,
                text,
                entry.type,
                key=entry.key,
                name=entry.name,
                rule="gazetteer.name",
                confidence=0.9,
            )
        return ActorMention(
            span.start_char,
            span.end_char,
            text,
            "Person",
            name=name,
            rule="ner.person",
            confidence=0.8,
        )
    name = clean_org_name(text)
    if not _plausible_name(name) or name[0].islower():
        return None
    if (entry := gazetteer.lookup(name)) is not None:
        return ActorMention(
            span.start_char,
            span.end_char,
            text,
            entry.type,
            key=entry.key,
            name=entry.name,
            rule="gazetteer.name",
            confidence=0.9,
        )
    return ActorMention(
        span.start_char,
        span.end_char,
        text,
        "Organization",
        name=name,
        rule="ner.org",
        confidence=0.7,
    )


def extract_mentions(doc: Doc, *, gazetteer: Gazetteer) -> list[ActorMention]:
    mentions = [m for ent in doc.ents if (m := mention_from_span(ent, gazetteer)) is not None]
    return sorted(mentions, key=lambda m: (m.start_char, m.end_char))
