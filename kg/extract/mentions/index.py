"""The actor mentions of one document in text order, found by place (bisection, not scans)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from spacy.tokens import Doc, Token

from kg.records import ActorMention


class MentionIndex:
    """The actor mentions of one document in text order, found by place.

    The extractors ask about mentions near a place thousands of times a document: they are looked
    up by bisection, not by a scan of every mention (quadratic on a long document)."""

    def __init__(self, doc: Doc, mentions: Iterable[ActorMention]):
        self.doc = doc
        self.mentions = sorted(mentions, key=lambda m: (m.start_char, m.end_char))
        self._starts = [m.start_char for m in self.mentions]
        self._longest = max((m.end_char - m.start_char for m in self.mentions), default=0)
        self._by_end = {m.end_char: m for m in self.mentions}
        self._by_token: dict[int, ActorMention] | None = None

    def over(self, start: int, end: int) -> ActorMention | None:
        """The first mention (in text order) that covers start..end."""
        # Only a mention that starts at most the longest mention's length before `start` can
        # reach `end`.
        lo = bisect_left(self._starts, start - self._longest)
        for m in self.mentions[lo : bisect_right(self._starts, start)]:
            if end <= m.end_char:
                return m
        return None

    def over_token(self, token: Token) -> ActorMention | None:
        return self.over(token.idx, token.idx + len(token))

    def within(self, start: int, end: int) -> list[ActorMention]:
        lo, hi = bisect_left(self._starts, start), bisect_right(self._starts, end)
        return [m for m in self.mentions[lo:hi] if m.end_char <= end]

    def starting_at(self, char: int) -> list[ActorMention]:
        return self.mentions[bisect_left(self._starts, char) : bisect_right(self._starts, char)]

    def ending_at(self, char: int) -> ActorMention | None:
        return self._by_end.get(char)

    def at_token(self, token: Token) -> ActorMention | None:
        """The first mention whose tokens include this one (a mention covers every token it
        touches)."""
        if self._by_token is None:
            self._by_token = {}
            for m in self.mentions:
                span = self.doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
                for t in span if span is not None else ():
                    self._by_token.setdefault(t.i, m)
        return self._by_token.get(token.i)

    def first_of(self, key: str, *, before: int) -> ActorMention | None:
        """The last mention of the actor `key` starting by `before`, else its first mention."""
        candidates = [m for m in self.mentions if m.key == key]
        earlier = [m for m in candidates if m.start_char <= before]
        return (earlier or candidates or [None])[-1 if earlier else 0]
