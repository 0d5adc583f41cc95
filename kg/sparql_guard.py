"""Refuse a hostile SPARQL query by reading its text, before any parser sees it.

Oxigraph's parser recurses, so the query that would crash it cannot be caught by parsing it; and a
`SERVICE` clause makes Oxigraph send an HTTP request to any address the query names. So the text is
scanned once, lexically: strings, IRIs and comments are skipped (a `{` or the word SERVICE inside
them means nothing), and what is left is measured against kg/queries/limits.toml. SPARQL has no
escape that could spell a keyword or bracket outside a string (Oxigraph reads `\\u0053ERVICE` as a
syntax error), so what the scan does not see, the parser does not see either.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from kg.errors import QueryRefused
from kg.paths import QUERIES_DIR

LIMITS_FILE = QUERIES_DIR / "limits.toml"

_SKIPPED = re.compile(
    r'''
      \#[^\n\r]*                              # a comment
    | """(?:[^"\\]|\\.|"(?!""))*"""           # long strings
    | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
    | "(?:[^"\\\n\r]|\\.)*"                   # strings
    | '(?:[^'\\\n\r]|\\.)*'
    | <[^<>"{}|^`\\\x00-\x20]*>               # an IRI (a `<` followed by a space is "less than")
    ''',
    re.X | re.S,
)
_BRACKET = re.compile(r"[{}()\[\]]")
_OPENING = frozenset("{([")
_OPERATOR = re.compile(r"[-+*/|^&=!<>,;]")
# A keyword is a whole word: not part of a variable (?x), a prefixed name (ex:service) or a local
# name (a-service).
_KEYWORD = r"(?<![\w:?$\\-])({})(?![\w:-])"
_CHAINING = re.compile(
    _KEYWORD.format("UNION|OPTIONAL|MINUS|FILTER|BIND|GRAPH|SERVICE|VALUES|EXISTS"), re.I
)
_SERVICE = re.compile(_KEYWORD.format("SERVICE"), re.I)


@dataclass(frozen=True)
class QueryLimits:
    max_depth: int
    max_operators: int
    max_bytes: int
    max_result_bytes: int


@lru_cache(maxsize=1)
def default_limits() -> QueryLimits:
    with LIMITS_FILE.open("rb") as f:
        return QueryLimits(**tomllib.load(f))


def skipped_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each string, IRI and comment of the query's text: where a bracket or a
    keyword is not code."""
    return [m.span() for m in _SKIPPED.finditer(text)]


def code_of(text: str) -> str:
    """The query's text with strings, IRIs and comments each replaced by a space."""
    return " ".join(_SKIPPED.split(text))


def max_depth(code: str) -> int:
    depth = deepest = 0
    for bracket in _BRACKET.findall(code):
        if bracket in _OPENING:
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def check_query(
    text: str, *, allow_service: bool = False, limits: QueryLimits | None = None
) -> None:
    """Raise QueryRefused if the query is too large, too deep or too long for the engine, or (unless
    `allow_service`) asks for a SERVICE, which would make kg fetch from another address."""
    limits = limits or default_limits()
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_bytes:
        raise QueryRefused(
            f"it is {size:,} bytes long, more than the {limits.max_bytes:,} kg accepts"
        )
    code = code_of(text)
    if not allow_service and _SERVICE.search(code):
        raise QueryRefused(
            "it asks for a SERVICE, which would make kg send a request to another address; "
            "give --allow-service if you trust the query and that address"
        )
    depth = max_depth(code)
    if depth > limits.max_depth:
        raise QueryRefused(
            f"its brackets nest {depth:,} deep, more than the {limits.max_depth} kg accepts"
        )
    operators = len(_OPERATOR.findall(code)) + len(_CHAINING.findall(code))
    if operators > limits.max_operators:
        raise QueryRefused(
            f"it chains {operators:,} operators and clauses, "
            f"more than the {limits.max_operators:,} kg accepts "
            "(a long list of values fits in a VALUES block)"
        )
