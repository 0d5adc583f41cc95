"""Actor mentions: the entities of the spaCy doc that are actors.

Curated names come with their gazetteer key (set by the EntityRuler inside the pipeline). Other
PERSON and ORG entities become mentions with a cleaned name (honorifics stripped). Places the
gazetteer does not know as countries (cities, regions, seas) are not actors; nor are weapons,
treaties and the like, which the ruler labels PRODUCT or LAW. A PERSON or ORG the model tagged
that is in fact a place, a photo credit or an event is dropped too (`kg.extract.not_actors`), and
so is a country the document names only as a location ("an operation in Syria").
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from kg.extract.not_actors import NotActors
from kg.gazetteer import Entry, Gazetteer
from kg.names import clean_org_name, clean_person_name
from kg.records import ActorMention

NER_TYPES = {"PERSON": "Person", "ORG": "Organization"}


def _plausible_name(text: str) -> bool:
    if not text or "\n" in text or len(text) < 2 or len(text) > 80:
        return False
    if not any(c.isupper() for c in text) or any(c.isdigit() for c in text[:1]):
        return False
    return bool(re.search(r"[A-Za-z]{2}", text))


def gazetteer_mention(
    span: Span, entry: Entry, *, rule: str, confidence: float = 1.0
) -> ActorMention:
    """The mention of a curated actor that `span` names."""
    return ActorMention(
        span.start_char,
        span.end_char,
        span.text,
        entry.type,
        key=entry.key,
        name=entry.name,
        rule=rule,
        confidence=confidence,
    )


def _ner_mention(
    span: Span,
    name: str,
    actor_type: str,
    gazetteer: Gazetteer,
    not_actors: NotActors,
    *,
    rule: str,
    confidence: float,
) -> ActorMention | None:
    """A cleaned NER name: the gazetteer's actor when it knows the name (curated actors and
    metonyms win), nothing when it is a place, a credit or an event, else a new actor."""
    if (entry := gazetteer.lookup(name)) is not None:
        return gazetteer_mention(span, entry, rule="gazetteer.name", confidence=0.9)
    if not_actors.rejects(span, name):
        return None
    return ActorMention(
        span.start_char,
        span.end_char,
        span.text,
        actor_type,
        name=name,
        rule=rule,
        confidence=confidence,
    )


def mention_from_span(
    span: Span, gazetteer: Gazetteer, not_actors: NotActors | None = None
) -> ActorMention | None:
    not_actors = not_actors or NotActors(span.doc)
    if span.ent_id_:
        entry = gazetteer.entries.get(span.ent_id_)
        if entry is None:  # a curated non-actor (weapon, treaty, place)
            return None
        if entry.type != "Country" and not_actors.in_a_credit(span):
            return None  # "Photograph: Albert Gea/Reuters"
        if span.label_ == "NORP":
            return gazetteer_mention(span, entry, rule="gazetteer.demonym", confidence=0.6)
        return gazetteer_mention(span, entry, rule="gazetteer.name", confidence=0.95)
    actor_type = NER_TYPES.get(span.label_)
    if actor_type is None:
        return None
    if not any(t.tag_ in ("NNP", "NNPS") for t in span):
        return None  # "Officials said": a common noun the model tagged as a name
    if actor_type == "Person":
        name = clean_person_name(span.text)
        if not _plausible_name(name) or name.isupper():
            return None
        return _ner_mention(
            span, name, "Person", gazetteer, not_actors, rule="ner.person", confidence=0.8
        )
    name = clean_org_name(span.text)
    if not _plausible_name(name) or name[0].islower():
        return None
    return _ner_mention(
        span, name, "Organization", gazetteer, not_actors, rule="ner.org", confidence=0.7
    )


def extract_mentions(doc: Doc, *, gazetteer: Gazetteer) -> list[ActorMention]:
    not_actors = NotActors(doc)
    mentions = [
        m for ent in doc.ents if (m := mention_from_span(ent, gazetteer, not_actors)) is not None
    ]
    located = not_actors.located_only(mentions)
    mentions = [m for m in mentions if m.key not in located]
    return sorted(mentions, key=lambda m: (m.start_char, m.end_char))
