"""What every scorer measures with: word tokens and their overlap, character positions of spans,
and ratios (precision, recall, F1) of counts."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kg.names import fold_text

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """The `\\w+` runs of the case- and quote-folded text."""
    return _TOKEN.findall(fold_text(text))


def matched_positions(gold: list[str], system: list[str]) -> tuple[set[int], set[int]]:
    """Positions of `gold` and of `system` inside their longest matching blocks."""
    matcher = difflib.SequenceMatcher(None, gold, system, autojunk=False)
    in_gold: set[int] = set()
    in_system: set[int] = set()
    for block in matcher.get_matching_blocks():
        in_gold.update(range(block.a, block.a + block.size))
        in_system.update(range(block.b, block.b + block.size))
    return in_gold, in_system


def char_positions(spans: Iterable[tuple[int, int]]) -> set[int]:
    """The character offsets inside (start, end) spans, end exclusive."""
    return {i for start, end in spans for i in range(start, end)}


def ratio(n: int, d: int, *, empty: float | None = None) -> float | None:
    """n / d; `empty` when there is nothing to divide by."""
    return n / d if d else empty


@dataclass(slots=True)
class Counts:
    """gold: required gold items; found: of those, found. system: scored system items; correct:
    of those."""

    gold: int = 0
    found: int = 0
    system: int = 0
    correct: int = 0

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.found += other.found
        self.system += other.system
        self.correct += other.correct

    def figures(self) -> dict[str, Any]:
        p = ratio(self.correct, self.system)
        r = ratio(self.found, self.gold)
        if r == 0.0 or p == 0.0:
            f1 = 0.0  # finding nothing (or nothing right) is a zero, even with nothing to divide by
        elif p is None or r is None:
            f1 = None
        else:
            f1 = 2 * p * r / (p + r)
        return {
            "precision": p,
            "recall": r,
            "f1": f1,
            "gold": self.gold,
            "found": self.found,
            "system": self.system,
            "correct": self.correct,
        }
