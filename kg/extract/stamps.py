"""Live-blog entry stamps ("27 Jul 2022 14.42 BST") at the start of a phrase: the parser reads a
paragraph's stamp into its first sentence, so a statement's text or a speaker's phrase can open
with one. The pattern is `live_blog_stamp` in kg/data/chrome.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from functools import lru_cache

from kg.paths import DATA_DIR
from kg.records import StatementRecord


@lru_cache(maxsize=1)
def _stamp() -> re.Pattern[str]:
    data = tomllib.loads((DATA_DIR / "chrome.toml").read_text(encoding="utf-8"))
    return re.compile(data["live_blog_stamp"])


def after_stamp(text: str, start: int = 0) -> int:
    """The offset in `text` after the stamp that opens it at `start`, or `start` when none does.
    A stamp must leave something after it: a bare "14.42 " is a number, not a stamp."""
    found = _stamp().match(text, start)
    if found is None or found.end() >= len(text.rstrip()):
        return start
    return found.end()


def without_stamp(statement: StatementRecord) -> StatementRecord:
    """The statement without a stamp opening its text ("23 Jul 2022 19.38 Germany has delayed
    …, the Kyiv Independent reports" says "Germany has delayed …"). A statement read from
    several parts keeps its text: its first part opens with a quotation, never a stamp."""
    if statement.parts:
        return statement
    cut = after_stamp(statement.text)
    if cut == 0:
        return statement
    return replace(statement, start_char=statement.start_char + cut, text=statement.text[cut:])
