"""Commitments: who pledged what to whom. (Placeholder until the extractor lands.)"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.records import ActorMention, CommitmentRecord, StatementRecord


def extract_commitments(doc: Doc, mentions: list[ActorMention], statements: list[StatementRecord]) -> list[CommitmentRecord]:
    return []
