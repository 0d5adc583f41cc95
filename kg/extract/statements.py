"""Statements: who said what. (Placeholder until the extractor lands.)"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.records import ActorMention, PostRecord, StatementRecord


def extract_statements(doc: Doc, mentions: list[ActorMention], posts: list[PostRecord]) -> list[StatementRecord]:
    return []
