"""Commitment records: the sentence as evidence, the figures of the item, the previous record a
stance without an object refers to, and one record per committers, kind and sentence."""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Span, Token

from kg.extract.commitments.items import bounds
from kg.extract.commitments.status import Status
from kg.extract.quantities import parse_money, parse_quantity
from kg.nlp import text_of
from kg.records import ActorMention, CommitmentRecord


def make_record(
    sent: Span,
    *,
    committers: list[ActorMention],
    kind: str,
    status: Status,
    item: str,
    item_span: tuple[int, int],
    clause: Token,
    recipient: ActorMention | None,
    confidence: float,
    skip_units: Collection[str],
) -> CommitmentRecord:
    text = text_of(sent.doc)
    start, end = bounds(list(sent))
    record = CommitmentRecord(
        committers=committers,
        kind=kind,
        status=status.status,
        item=item,
        start_char=start,
        end_char=end,
        text=text[start:end],
        recipient=recipient,
        cue=status.cue.lemma_.lower(),
        rule=status.rule,
        confidence=round(max(0.1, min(1.0, confidence)), 2),
    )
    _add_figures(record, text, item_span, clause, skip_units)
    return record


def _add_figures(
    record: CommitmentRecord,
    text: str,
    item_span: tuple[int, int],
    clause: Token,
    skip_units: Collection[str],
) -> None:
    """Quantity from the item; money from the item, else from the whole clause ("..., spending
    €2.1bn")."""
    start, end = item_span
    item_text = text[start:end]
    quantities = [q for q in parse_quantity(item_text) if (q.unit or "").lower() not in skip_units]
    if quantities:
        q = next((q for q in quantities if q.unit), quantities[0])
        record.quantity, record.unit = q.value, q.unit
    money = parse_money(item_text)
    if not money:
        c_start, c_end = bounds(list(clause.subtree))
        money = parse_money(text[c_start:c_end])
    if money:
        first, *rest = money
        record.amount, record.currency, record.amount_bound = (
            first.amount,
            first.currency,
            first.bound,
        )
        record.other_amounts = [(m.amount, m.currency, m.bound) for m in rest]


def previous_in_paragraph(previous: list[CommitmentRecord], sent: Span) -> CommitmentRecord | None:
    """The last commitment of the same paragraph, for a stance with no object ("remain
    cautious")."""
    if not previous:
        return None
    last = previous[-1]
    between = text_of(sent.doc)[last.end_char : sent.start_char]
    return last if "\n" not in between.strip(" ") and last.end_char <= sent.start_char else None


def _actors(r: CommitmentRecord) -> tuple:
    return tuple(sorted(m.key or (m.name or m.text).casefold() for m in r.committers))


def dedupe(
    records: list[CommitmentRecord], *, separate: Collection[str] = ()
) -> list[CommitmentRecord]:
    """One record per committers, kind and sentence: the first rule to read it wins; a status in
    `separate` (a request of the same givers: "promised 10, but Kyiv called for 60") is a record of
    its own. A sentence a live blog repeats gives one record: the same committers, kind, status and
    item again in the document are the same commitment."""
    seen: set[tuple] = set()
    out = []
    for r in records:
        key = (
            tuple(sorted((m.start_char, m.end_char) for m in r.committers)),
            r.kind,
            r.start_char,
            r.status if r.status in separate else "",
        )
        again = (_actors(r), r.kind, r.status, " ".join(r.item.casefold().split()))
        if key not in seen and again not in seen:
            out.append(r)
        seen.update((key, again))  # a repeat's other readings are repeats too
    return out
