"""Money and quantities in plain text: "over $1.5 billion", "110 billion hryvnia", "nearly a
thousand missiles".

A pure-text parser (no spaCy): `parse_money(text)` and `parse_quantity(text)` return typed records
with character offsets into `text`, so a caller can parse a sentence or a clause and shift the
offsets itself. Number words, scales, hedges and currencies are data (kg/data/quantities.toml).

Why not a library: `price-parser` reads one price per string and returns the symbol, not an ISO
code, and knows no scale words ("billion", "bn"); `word2number` reads a whole string as one number
and raises on anything else; `quantulum3` is heavy and knows no hedges ("nearly", "over"). None of
them gives a bound, which the Kiel-style records need.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from kg.paths import DATA_DIR


@dataclass(slots=True, frozen=True)
class Money:
    amount: float
    currency: str  # ISO 4217
    bound: str  # one of kg.records.AMOUNT_BOUNDS
    start_char: int
    end_char: int


@dataclass(slots=True, frozen=True)
class Quantity:
    value: float
    unit: str | None  # the head word of the counted thing as written ("missiles"), or None
    bound: str
    start_char: int
    end_char: int


@dataclass(slots=True, frozen=True)
class _Figure:
    """A number as written: its value and where it is, before money or units are read around it."""

    value: float
    start: int
    end: int
    bound: str | None = None  # set by vague plurals ("hundreds of")


@dataclass(slots=True, frozen=True)
class _Lexicon:
    numbers: dict[str, float]
    scales: dict[str, float]
    abbreviations: dict[str, float]
    vague: dict[str, float]
    bounds: list[tuple[str, str]]  # (phrase, bound), longest phrase first
    symbols: list[tuple[str, str]]  # (symbol, code), longest first
    names: list[tuple[str, str]]  # (lower-case name, code), longest first
    codes: frozenset[str]
    stop_words: frozenset[str]
    date_words: frozenset[str]
    percent: list[str]
    max_unit_words: int
    figure: re.Pattern


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    data = tomllib.loads((DATA_DIR / "quantities.toml").read_text(encoding="utf-8"))
    numbers = {k: float(v) for k, v in data["numbers"].items()}
    scales = {k: float(v) for k, v in data["scales"].items()}
    abbreviations = {k: float(v) for k, v in data["scale_abbreviations"].items()}
    vague = {k: float(v) for k, v in data["vague_plurals"].items()}
    bounds = sorted(
        ((p, b) for b, phrases in data["bounds"].items() for p in phrases), key=lambda x: -len(x[0])
    )
    symbols = sorted(data["currency_symbols"].items(), key=lambda x: -len(x[0]))
    names = sorted(
        ((k.lower(), v) for k, v in data["currency_names"].items()), key=lambda x: -len(x[0])
    )
    units = data["units"]
    return _Lexicon(
        numbers,
        scales,
        abbreviations,
        vague,
        bounds,
        symbols,
        names,
        frozenset(data["currency_codes"]["codes"]),
        frozenset(units["stop_words"]),
        frozenset(units["date_words"]),
        list(units["percent"]),
        int(units["max_unit_words"]),
        _figure_pattern(numbers, scales, abbreviations, vague),
    )


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _figure_pattern(numbers, scales, abbreviations, vague) -> re.Pattern:
    word = _alternation([*numbers, *scales])
    scale = _alternation(scales)
    digits = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
    return re.compile(
        rf"""(?<![\w.,-])(?:
            (?P<vague>(?:tens\s+of\s+)?(?:{_alternation(vague)}))\s+of\b
          | (?P<digits>{digits})(?:(?P<abbr>{_alternation(abbreviations)})\b
                |(?P<dscale>(?:[\s-]+(?:{scale})\b)+)|(?![\w]))
          | (?P<words>(?:\b(?:a|an)\s+(?=(?:{scale}|dozen)\b))?\b(?:{word})\b
                (?:(?:\s+and\s+|[\s-]+)(?:{word})\b)*)
        )""",
        re.IGNORECASE | re.VERBOSE,
    )


def _words_value(text: str, lex: _Lexicon) -> float:
    """ "two million" -> 2e6, "one hundred and fifty" -> 150, "a thousand" -> 1000."""
    total = current = 0.0
    for w in re.split(r"[\s-]+", text.lower()):
        if w in ("a", "an"):
            current = 1.0
        elif w in lex.numbers:
            current += lex.numbers[w]
        elif w == "hundred":
            current = (current or 1.0) * 100
        elif w in lex.scales:
            total += (current or 1.0) * lex.scales[w]
            current = 0.0
    return total + current


def find_figures(text: str) -> list[_Figure]:
    """Every number written in `text`, in digits, words or both ("1.5 billion", "two million",
    "4m")."""
    lex = lexicon()
    figures: list[_Figure] = []
    for m in lex.figure.finditer(text):
        if m.group("vague"):
            words = m.group("vague").lower().split()
            value = lex.vague[words[-1]] * (10 if words[0] == "tens" else 1)
            figures.append(_Figure(value, m.start(), m.end("vague"), bound="min"))
        elif m.group("digits"):
            value = float(m.group("digits").replace(",", ""))
            if m.group("abbr"):
                value *= lex.abbreviations[m.group("abbr")]
            elif m.group("dscale"):
                for w in m.group("dscale").lower().replace("-", " ").split():
                    value *= lex.scales[w]
            figures.append(_Figure(value, m.start(), m.end()))
        elif m.group("words") and m.group("words").lower() not in ("a", "an"):
            figures.append(
                _Figure(_words_value(m.group("words"), lex), m.start("words"), m.end("words"))
            )
    return figures


def _bound_before(text: str, start: int, lex: _Lexicon) -> tuple[str, int]:
    """The hedge right before `start` ("over", "nearly", "more than") and where it begins."""
    head = text[:start].rstrip()
    lower = head.lower()
    for phrase, bound in lex.bounds:
        if lower.endswith(phrase) and (
            len(lower) == len(phrase) or not lower[-len(phrase) - 1].isalnum()
        ):
            if phrase[-1].isalnum() or phrase == "~":
                return bound, len(head) - len(phrase)
    return "exact", start


def _currency_before(text: str, start: int, lex: _Lexicon) -> tuple[str, int] | None:
    head = text[:start]
    stripped = head.rstrip(" ")
    if len(head) - len(stripped) <= 1:  # "$1.5bn", "US$ 2bn": at most one space between
        for symbol, code in lex.symbols:
            if stripped.endswith(symbol):
                return code, len(stripped) - len(symbol)
    m = re.search(r"\b([A-Z]{3})\s?$", head)
    if m and m.group(1) in lex.codes:
        return m.group(1), m.start(1)
    return None


def _currency_after(text: str, end: int, lex: _Lexicon) -> tuple[str, int] | None:
    tail = text[end:]
    m = re.match(r"\s*", tail)
    offset = m.end() if m else 0
    rest = tail[offset:]
    lower = rest.lower()
    for name, code in lex.names:
        if lower.startswith(name) and (len(lower) == len(name) or not lower[len(name)].isalpha()):
            return code, end + offset + len(name)
    m = re.match(r"([A-Z]{3})\b", rest)
    if m and m.group(1) in lex.codes:
        return m.group(1), end + offset + 3
    return None


def parse_money(text: str) -> list[Money]:
    """Money figures with ISO 4217 currency and bound: "over $1.5 billion" -> 1.5e9 USD, min."""
    lex = lexicon()
    out: list[Money] = []
    for fig in find_figures(text):
        if fig.bound:  # "billions of dollars": too vague for an amount, but still money
            after = _currency_after(text, fig.end + len(" of"), lex)
            if after:
                out.append(Money(fig.value, after[0], "min", fig.start, after[1]))
            continue
        before = _currency_before(text, fig.start, lex)
        after = None if before else _currency_after(text, fig.end, lex)
        if not before and not after:
            continue
        start = before[1] if before else fig.start
        end = after[1] if after else fig.end
        bound, bound_start = _bound_before(text, start, lex)
        out.append(Money(fig.value, (before or after)[0], bound, min(start, bound_start), end))
    return out


def _is_date(text: str, fig: _Figure, lex: _Lexicon) -> bool:
    """ "in 2024", "September 7", "since 1991": a year or a day, not a count."""
    written = text[fig.start : fig.end]
    words_before = re.findall(r"[A-Za-z]+", text[max(0, fig.start - 12) : fig.start])
    previous = words_before[-1].lower() if words_before else ""
    if re.fullmatch(r"1[5-9]\d\d|20\d\d", written):
        return True
    return (
        previous in lex.date_words
        and re.fullmatch(r"\d{1,2}", written) is not None
        and previous not in ("in", "of", "by", "from", "for")
    )


def _unit_after(text: str, end: int, lex: _Lexicon) -> tuple[str | None, int]:
    """The counted thing: the words after the figure up to a stop word or punctuation; its last
    word.

    A lower-case plural ends the phrase ("four brigades deployed" -> "brigades"), since English
    noun phrases end in their head noun.
    """
    tail = text[end:]
    for p in lex.percent:
        if m := re.match(rf"\s*{re.escape(p)}(?!\w)", tail, re.IGNORECASE):
            return "percent", end + m.end()
    m = re.match(r"\s+of\b", tail)  # "hundreds of new ballistic missiles"
    offset = m.end() if m else 0
    unit, unit_end = None, end
    for i, w in enumerate(re.finditer(r"[ \t]*([^\s,.;:!?()\[\]\"“”—–]+)", tail[offset:])):
        word = w.group(1).strip("'’")
        if (
            i >= lex.max_unit_words
            or word.lower() in lex.stop_words
            or not re.search(r"[A-Za-z]", word)
        ):
            break
        if i == 0 and w.start() == 0 and not w.group(0)[:1].isspace() and offset == 0:
            break  # "5th": letters glued to the number that are not a scale
        if any(c.isdigit() for c in word) and not re.search(r"[A-Za-z]-?\d", word):
            break  # another figure; a model name such as "F-16" is part of the unit phrase
        unit, unit_end = word, end + offset + w.end()
        if word.islower() and len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            break
    return unit, unit_end


def parse_quantity(text: str) -> list[Quantity]:
    """Counts that are not money: "nearly a thousand air-to-ground guided missiles" -> 1000
    missiles, approx."""
    lex = lexicon()
    money = parse_money(text)
    out: list[Quantity] = []
    for fig in find_figures(text):
        if any(m.start_char <= fig.start < m.end_char for m in money) or _is_date(text, fig, lex):
            continue
        bound, bound_start = (
            (fig.bound, fig.start) if fig.bound else _bound_before(text, fig.start, lex)
        )
        unit, end = _unit_after(text, fig.end, lex)
        out.append(Quantity(fig.value, unit, bound, min(bound_start, fig.start), max(end, fig.end)))
    return out
