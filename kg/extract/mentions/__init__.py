"""The mention resolver: a token or span of a document -> the actor it refers to.

One job per module:

- resolver.py:     the `Resolver` facade the extractors use (names, modifiers, possessives,
                   speaker phrases), built from the rules below
- index.py:        `MentionIndex`, a document's mentions found by place
- pronouns.py:     a pronoun's antecedent, a clause's pronoun subject, a clause's reporting speaker
- holders.py:      titles -> post holders, definite descriptions -> the actor named again,
                   documents -> issuers, appositions
- descriptions.py: new mentions for described speakers and collectives
- words.py:        the word lists of kg/data/mentions.toml and kg/data/titles.toml
"""

from kg.extract.mentions.index import MentionIndex
from kg.extract.mentions.pronouns import SUBJECT_DEPS
from kg.extract.mentions.resolver import Resolver, SpeakerPhrase
from kg.extract.mentions.words import MentionWords, load_mention_words

__all__ = [
    "SUBJECT_DEPS",
    "MentionIndex",
    "MentionWords",
    "Resolver",
    "SpeakerPhrase",
    "load_mention_words",
]
