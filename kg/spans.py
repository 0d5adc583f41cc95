"""Character spans over an article's text, shared by the stages that cut evidence out of it."""

from __future__ import annotations


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """text[start:end] without leading and trailing whitespace (all space: start == end)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
