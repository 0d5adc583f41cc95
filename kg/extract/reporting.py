"""The lexicon of reporting words and pronouns (kg/data/reporting.toml), loaded once.

Every extractor reads its reporting verbs, reporting nouns and pronouns from here, so they agree
on what reports speech and what a pronoun may stand for.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.extract.lexicon import read_data, word_sets
from kg.paths import DATA_DIR

REPORTING_FILE = DATA_DIR / "reporting.toml"


@dataclass(frozen=True, slots=True)
class Pronouns:
    person: frozenset[str]
    group: frozenset[str]
    only_with_antecedent: frozenset[str]
    speaker: frozenset[str]
    relative: frozenset[str]
    reflexive: frozenset[str]
    non_speakers: frozenset[str]
    quantifiers: frozenset[str]

    def stands_for_actor(self, lower: str) -> bool:
        return lower in self.person or lower in self.group


@dataclass(frozen=True, slots=True)
class Reporting:
    verbs: frozenset[str]  # every verb that makes a statement: speech, thought and judging
    thought: frozenset[str]
    written: frozenset[str]  # cues only with a text as subject ("the sign read")
    signalling: frozenset[str]  # assert a clause, make no statement
    not_stating: frozenset[str]  # make a statement, do not state their clause ("deny", "ask")
    clause_only: frozenset[str]
    as_verbs: frozenset[str]
    object_content: frozenset[str]
    object_statement: frozenset[str]  # verbs whose noun object is what was said
    hedges: frozenset[str]
    nouns: frozenset[str]  # nouns that make a statement
    texts: frozenset[str]  # texts that give words of their own ("the sign", "the letter")
    signalling_nouns: frozenset[str]
    according: tuple[tuple[str, ...], ...]
    prepositional: frozenset[tuple[str, str]]  # (verb, preposition) whose object was said
    noun_prepositional: frozenset[tuple[str, str]]  # (noun, preposition) likewise, with an owner
    pronouns: Pronouns

    @property
    def asserting_verbs(self) -> frozenset[str]:
        """Verbs whose clause their subject asserts: the statement verbs and the signalling ones."""
        return self.verbs | self.signalling

    @property
    def stating_verbs(self) -> frozenset[str]:
        """Verbs whose subject states what their clause says, so a "would" under them reports a
        "will" ("said it would send"): the asserting verbs but thoughts ("believes it would"),
        denials and questions."""
        return self.asserting_verbs - self.thought - self.not_stating

    @property
    def asserting_nouns(self) -> frozenset[str]:
        return self.nouns | self.signalling_nouns


@lru_cache(maxsize=4)
def load_reporting(path: str = str(REPORTING_FILE)) -> Reporting:
    data = read_data(path)
    verbs, nouns = data["verbs"], data["nouns"]
    return Reporting(
        verbs=frozenset(verbs["speech"] + verbs["thought"] + verbs["judging"]),
        thought=frozenset(verbs["thought"]),
        written=frozenset(verbs["written"]),
        signalling=frozenset(verbs["signalling"]),
        not_stating=frozenset(verbs["not_stating"]),
        clause_only=frozenset(verbs["clause_only"]),
        as_verbs=frozenset(verbs["as_verbs"]),
        object_content=frozenset(verbs["object_content"]),
        object_statement=frozenset(verbs["object_statement"]),
        hedges=frozenset(verbs["hedges"]),
        nouns=frozenset(nouns["speech"]),
        texts=frozenset(nouns["texts"]),
        signalling_nouns=frozenset(nouns["signalling"]),
        according=tuple(tuple(p) for p in data["phrases"]["according"]),
        prepositional=frozenset((verb, prep) for verb, prep in data["phrases"]["prepositional"]),
        noun_prepositional=frozenset(
            (noun, prep) for noun, prep in data["phrases"]["noun_prepositional"]
        ),
        pronouns=Pronouns(**word_sets(data["pronouns"])),
    )
