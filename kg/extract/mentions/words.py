"""kg/data/mentions.toml, read once: the resolver's words (title words come from kg.names)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.extract.lexicon import read_data, word_sets
from kg.paths import DATA_DIR


@dataclass(frozen=True, slots=True)
class MentionWords:
    """kg/data/mentions.toml: the word lists of [words], the collectives' rule id, confidences."""

    phrase_prepositions: frozenset[str]
    determiners: frozenset[str]
    possessive_determiners: frozenset[str]
    possessive_markers: frozenset[str]
    organisation_heads: frozenset[str]
    person_heads: frozenset[str]
    person_suffixes: frozenset[str]
    document_heads: frozenset[str]
    owner_heads: frozenset[str]
    voice_heads: frozenset[str]
    collective_heads: frozenset[str]
    collective_rule: str
    confidence: dict[str, float]


# The word lists the resolver reads unless it is given others.
MENTIONS_FILE = DATA_DIR / "mentions.toml"


@lru_cache(maxsize=4)
def load_mention_words(path: str = str(MENTIONS_FILE)) -> MentionWords:
    data = read_data(path)
    return MentionWords(
        **word_sets(data["words"]),
        collective_rule=data["collectives"]["rule"],
        confidence=dict(data["confidence"]),
    )
