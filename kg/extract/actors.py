"""Actor mentions: the entities of the spaCy doc that are actors.

Curated names come with their gazetteer key (set by the EntityRuler inside the pipeline). Other
PERSON and ORG entities become mentions with a cleaned name (honorifics stripped). Places the
gazetteer does not know as countries (cities, regions, seas) are not actors; nor are weapons,
treaties and the like, which the ruler labels PRODUCT or LAW.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache

from spacy.tokens import Doc, Span

from kg.gazetteer import Gazetteer
from kg.paths import DATA_DIR
from kg.records import ActorMention

NER_TYPES = {"PERSON": "Person", "ORG": "Organization"}
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@lru_cache(maxsize=1)
def _titles() -> dict[str, frozenset[str]]:
    data = tomllib.loads((DATA_DIR / "titles.toml").read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in data.items()}


def honorifics() -> frozenset[str]:
    return _titles()["honorifics"]


def clean_person_name(text: str) -> str:
    """"Sir richard Moore's" -> "Richard Moore": honorifics off, each word capitalised."""
    words = _POSSESSIVE.sub("", " ".join(text.split())).split(" ")
    while len(words) > 1 and words[0].lower().rstrip(".") in {h.rstrip(".") for h in honorifics()}:
        words = words[1:]
    return " ".join(w[:1].upper() + w[1:] if w.islower() and w.isalpha() else w for w in words)


def clean_org_name(text: str) -> str:
    text = _POSSESSIVE.sub("", " ".join(text.split()))
    return re.sub(r"^(?:the|The)\s+", "", text)


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
            span.start_char, span.end_char, span.text, entry.type, key=entry.key, name=entry.name,
            rule="gazetteer.demonym" if demonym else "gazetteer.name", confidence=0.6 if demonym else 0.95,
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
            return ActorMention(span.start_char, span.end_char, text, entry.type, key=entry.key, name=entry.name, rule="gazetteer.name", confidence=0.9)
        return ActorMention(span.start_char, span.end_char, text, "Person", name=name, rule="ner.person", confidence=0.8)
    name = clean_org_name(text)
    if not _plausible_name(name) or name[0].islower():
        return None
    if (entry := gazetteer.lookup(name)) is not None:
        return ActorMention(span.start_char, span.end_char, text, entry.type, key=entry.key, name=entry.name, rule="gazetteer.name", confidence=0.9)
    return ActorMention(span.start_char, span.end_char, text, "Organization", name=name, rule="ner.org", confidence=0.7)


def extract_mentions(doc: Doc, *, gazetteer: Gazetteer) -> list[ActorMention]:
    mentions = [m for ent in doc.ents if (m := mention_from_span(ent, gazetteer)) is not None]
    return sorted(mentions, key=lambda m: (m.start_char, m.end_char))
