"""Quote statements and clause statements joined into one list: a clause that reports more than
the quotation it holds replaces it; one that overlaps a direct quote or an earlier clause goes."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from kg.extract.statements.context import MORE_WORDS_AFTER_QUOTE
from kg.records import StatementRecord


def merge(quoted: list[StatementRecord], clauses: list[StatementRecord]) -> list[StatementRecord]:
    """Quote records, then clause records that add something: a mixed clause replaces the
    fragments it quotes; a clause overlapping a direct quote or an earlier clause is dropped."""
    # Each test below is about records overlapping one span: only records that start within the
    # longest record's length of it are looked at (all of them made long documents quadratic).
    out: list[StatementRecord] = []
    kept_clauses = _ByStart()
    direct = _ByStart()
    for q in sorted((q for q in quoted if q.kind == "direct"), key=lambda r: r.start_char):
        direct.add(q)
    for c in sorted(clauses, key=lambda r: (r.start_char, -(r.end_char - r.start_char))):
        if any(_overlap(k, c) for k in kept_clauses.near(c.start_char, c.end_char)):
            continue
        near = direct.near(c.start_char, c.end_char)
        if any(_overlap(q, c) and not _reports_quote_within(c, q) for q in near):
            continue
        kept_clauses.add(c)
    for q in quoted:
        inside = [
            c
            for c in kept_clauses.near(q.start_char, q.end_char)
            if c.kind == "mixed" and _shared(c, q) >= (q.end_char - q.start_char) / 2
        ]
        if inside and (
            q.kind in ("partial", "mixed") or any(_reports_quote_within(c, q) for c in inside)
        ):
            continue
        out.append(q)
    out += kept_clauses.records
    return sorted(out, key=lambda r: (r.start_char, r.end_char))


def _overlap(a: StatementRecord, b: StatementRecord) -> bool:
    return a.start_char < b.end_char and b.start_char < a.end_char


def _shared(a: StatementRecord, b: StatementRecord) -> int:
    """Characters the two spans share (negative when apart)."""
    return min(a.end_char, b.end_char) - max(a.start_char, b.start_char)


def _reports_quote_within(clause: StatementRecord, quote: StatementRecord) -> bool:
    """A reported clause that holds a whole quotation and goes on past it ("said that, 'Of course
    he will defend himself' against what ...") or leads into it with words of its own ("said no
    matter what he does, 'his word does not trump the law'") reports more than the quotation
    alone."""
    if clause.kind != "mixed" or quote.parts or clause.parts:
        return False
    if not (clause.start_char <= quote.start_char - 1 and quote.end_char + 1 <= clause.end_char):
        return False
    after = clause.text[quote.end_char + 1 - clause.start_char :]
    # Words leading into the quote count only when the cue comes first ("said no matter what …
    # '…'"), not for a clause before its cue ("… — '…?' asked X"), often a mis-parse.
    leads_in = (
        clause.cue_start is not None
        and clause.cue_start < clause.start_char
        and _same_speaker(clause, quote)
    )
    before = clause.text[: max(quote.start_char - 1 - clause.start_char, 0)] if leads_in else ""
    return any(
        sum(w.isalpha() for w in words.split()) >= MORE_WORDS_AFTER_QUOTE
        for words in (before, after)
    )


def _same_speaker(clause: StatementRecord, quote: StatementRecord) -> bool:
    """Whether the quote is the clause's speaker's own, not a nested one ("An official said X
    addressed Russia, saying: '…'" holds X's words, not the official's)."""
    if clause.speaker is None or quote.speaker is None:
        return False
    said, quoted = clause.speaker, quote.speaker
    return (said.name or said.text) == (quoted.name or quoted.text)


class _ByStart:
    """Records added in order of start, found by the span they may overlap or touch."""

    def __init__(self) -> None:
        self.records: list[StatementRecord] = []
        self._starts: list[int] = []
        self._longest = 0

    def add(self, record: StatementRecord) -> None:
        self.records.append(record)
        self._starts.append(record.start_char)
        self._longest = max(self._longest, record.end_char - record.start_char)

    def near(self, start: int, end: int) -> list[StatementRecord]:
        """Every record with start_char <= end and end_char >= start, in the order added (a
        superset is fine: the caller tests each)."""
        lo = bisect_left(self._starts, start - self._longest)
        return self.records[lo : bisect_right(self._starts, end)]
