"""Commitments: who pledged, ordered, delivered, urged or ruled out what, for whom.

Rules read verb chains off the dependency parse; every word, rule order and confidence is data in
kg/data/commitments.toml (reporting words and pronouns: kg/data/reporting.toml). One module per
job:

- chains.py     a verb and the verbs it governs ("pledged to send"), and the chain's subject
- status.py     the status (modality) the outermost cue gives: proposed, pledged, refused, ...
- parties.py    committers, addressees, sides and the document's country, asked of the shared
                mention resolver (kg/extract/mentions/), which says what actor a token stands for
- items.py      the item's head noun and phrase
- kinds.py      the kind of the item (troops, materiel, funding, ...)
- recipient.py  who the commitment is for, stated or implied
- records.py    the record: evidence sentence, figures, inheritance of a previous item, dedupe
- readers.py    the readers (asking/urging, verb chain) that combine the above
- rules.py      the rule table: the readers in their order, with their confidence
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc

from kg.extract.commitments.chains import chain_tops
from kg.extract.commitments.lexicon import Lexicon, load_lexicon
from kg.extract.commitments.parties import Parties
from kg.extract.commitments.readers import Context
from kg.extract.commitments.records import dedupe
from kg.extract.commitments.rules import rule_table
from kg.extract.commitments.syntax import VERBAL
from kg.extract.mentions import Resolver
from kg.gazetteer import Gazetteer
from kg.nlp import text_of, tokens_where
from kg.records import ActorMention, CommitmentRecord, StatementRecord

__all__ = ["Lexicon", "extract_commitments", "load_lexicon"]


def extract_commitments(
    doc: Doc,
    mentions: list[ActorMention],
    statements: list[StatementRecord],
    *,
    gazetteer: Gazetteer,
    lexicon: Lexicon | None = None,
) -> list[CommitmentRecord]:
    """The commitments of one parsed document; `gazetteer` is the build's curated actors (loaded
    once by the caller, like every extractor's)."""
    lex = lexicon or load_lexicon()
    rules = rule_table(lex)
    # Built once per document: the mention index and pronoun lookups are shared by every chain.
    resolver = Resolver(doc, mentions, statements=statements, reporting=lex.reporting)
    ctx = Context(lex, resolver, Parties(resolver, gazetteer=gazetteer))
    records: list[CommitmentRecord] = []
    text = text_of(doc)
    # The tokens a chain can start from, found once from the doc's arrays (see `tokens_where`).
    candidates = tokens_where(doc, pos=VERBAL | {"ADJ"})
    starts = [t.i for t in candidates]
    for sent in doc.sents:
        if not text[sent.start_char : sent.end_char].strip():
            continue
        in_sentence = candidates[bisect_left(starts, sent.start) : bisect_left(starts, sent.end)]
        for top in chain_tops(in_sentence, lex):
            record = next(
                (r for rule in rules if (r := rule.apply(top, sent, ctx, records)) is not None),
                None,
            )
            if record is not None:
                records.append(record)
    return dedupe(records, separate=lex.separate_statuses)
