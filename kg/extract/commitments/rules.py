"""The rule table: which readers try each chain top, in which order, at what confidence.

Like posts.RULES or spaCy's span_ruler, the table is data: `[[readers]]` in
kg/data/commitments.toml gives each rule's id, order and confidence; READERS binds an id to its
function. The first reader to return a record for a chain top wins.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.errors import UnknownRule
from kg.extract.commitments.lexicon import Lexicon
from kg.extract.commitments.readers import Context, read_addressee, read_chain, read_noun
from kg.records import CommitmentRecord

Reader = Callable[..., CommitmentRecord | None]  # (top, sent, ctx, previous, *, confidence)

READERS: dict[str, Reader] = {
    "commitments.noun": read_noun,
    "commitments.addressee": read_addressee,
    "commitments.chain": read_chain,
}


@dataclass(slots=True, frozen=True)
class Rule:
    id: str
    read: Reader
    confidence: float

    def apply(
        self, top: Token, sent: Span, ctx: Context, previous: list[CommitmentRecord]
    ) -> CommitmentRecord | None:
        return self.read(top, sent, ctx, previous, confidence=self.confidence)


def rule_table(lex: Lexicon) -> tuple[Rule, ...]:
    """The readers the lexicon lists, in its order, bound to their functions."""
    for entry in lex.readers:
        if entry.id not in READERS:
            raise UnknownRule("commitments.toml [[readers]]", entry.id, list(READERS))
    return tuple(Rule(entry.id, READERS[entry.id], entry.confidence) for entry in lex.readers)
