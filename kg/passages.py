"""Passages: the paragraphs of an article that facts were read from, so a reader can read the text
around a fact offline (the explorer's "Read around") without the build carrying whole articles.

A passage is the line (text between the nearest line breaks; a blank line between paragraphs is
two breaks) that holds the start of an evidence, its surrounding whitespace left out. A paragraph
longer than PASSAGE_LIMIT characters gives a window around the evidence instead, cut at a sentence
boundary where there is one and a word boundary otherwise. Offsets index the text as read, like all
provenance: `text[start:end] == passage text`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from kg.spans import strip_span

if TYPE_CHECKING:
    from kg.records import DocRecords

PASSAGE_LIMIT = 2_000
# Where a sentence ends: its final punctuation, closing quotes or brackets, then whitespace.
_SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u2019\u201d)\]]*\s+")
_SPACE = re.compile(r"\s+")


def evidence_starts(records: DocRecords) -> list[int]:
    """Where each evidence of a document's posts, statements (each part of a split quote),
    commitments and stances starts."""
    starts = [r.start_char for r in records.posts + records.commitments + records.stances]
    for st in records.statements:
        starts += [start for start, _end in st.parts] if st.parts else [st.start_char]
    return starts


def held(
    available: list[tuple[int, int, str]], starts: Iterable[int]
) -> list[tuple[int, int, str]]:
    """The passages of `available` (sorted) that are the first to hold one of `starts`: those of
    the evidence kept in the graph, from passages taken for every record."""
    kept = set()
    for at in starts:
        kept |= {next((p for p in available if p[0] <= at < p[1]), None)}
    return sorted(kept - {None})


def passages(
    text: str, starts: Iterable[int], *, limit: int = PASSAGE_LIMIT
) -> list[tuple[int, int, str]]:
    """(start, end, text) of the passage around each of `starts` (offsets into `text`), sorted and
    without repeats."""
    found = set()
    for at in starts:
        if 0 <= at < len(text):
            span = _passage(text, at, limit)
            if span is not None:
                found.add(span)
    return [(start, end, text[start:end]) for start, end in sorted(found)]


def _passage(text: str, at: int, limit: int) -> tuple[int, int] | None:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    start, end = strip_span(text, start, end)
    if end - start > limit:
        start, end = _window(text, start, end, at, limit)
        start, end = strip_span(text, start, end)
    return (start, end) if start < end else None


def _window(text: str, start: int, end: int, at: int, limit: int) -> tuple[int, int]:
    """At most `limit` characters of text[start:end] around `at`: from the first sentence start
    (else word start) in the half before `at`, to the last sentence end (else word end) after it."""
    low = max(start, min(at - limit // 2, end - limit))
    high = min(end, low + limit)
    if low > start:
        head = text[low:at]
        cut = _SENTENCE_END.search(head) or _SPACE.search(head)
        if cut:
            low += cut.end()
    if high < end:
        tail = text[at:high]
        if sentences := [m.end() for m in _SENTENCE_END.finditer(tail)]:
            high = at + sentences[-1]  # the whitespace after it is stripped
        elif words := [m.start() for m in _SPACE.finditer(tail) if m.start() > 0]:
            high = at + words[-1]
    return low, high
