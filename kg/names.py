"""How names are cleaned and compared: the folding the gold annotations use (docs/quality.md; used
by the gazetteer and `kg eval`), and the cleaning of a mention's text into a name (used by
extraction and resolution). Plain strings only, so resolving cached records never imports spaCy."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache

from kg.paths import DATA_DIR

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)


def plain_text(text: str) -> str:
    """NFC, without format characters (Unicode category Cf: zero-width space, soft hyphen, joiners,
    direction marks): invisible in the article, they would make "Justin Bronk\u200b" a name of
    its own."""
    text = unicodedata.normalize("NFC", text)
    return "".join(c for c in text if unicodedata.category(c) != "Cf")


def fold_text(text: str) -> str:
    """Case-fold, straighten quotes and apostrophes, collapse white space, drop Cf characters."""
    return " ".join(plain_text(text).translate(_QUOTES).casefold().split())


def fold_name(name: str) -> str:
    """`fold_text` plus dropping a leading "the": "The Kremlin" and "kremlin" compare equal."""
    folded = fold_text(name)
    if folded.startswith("the "):
        folded = folded[4:].lstrip()
    return folded


_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


@lru_cache(maxsize=1)
def titles() -> dict[str, frozenset[str]]:
    data = tomllib.loads((DATA_DIR / "titles.toml").read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in data.items()}


def honorifics() -> frozenset[str]:
    return titles()["honorifics"]


def clean_person_name(text: str) -> str:
    """ "Sir richard Moore's" -> "Richard Moore": honorifics off, each word capitalised."""
    words = _POSSESSIVE.sub("", " ".join(plain_text(text).split())).split(" ")
    while len(words) > 1 and words[0].lower().rstrip(".") in {h.rstrip(".") for h in honorifics()}:
        words = words[1:]
    return " ".join(w[:1].upper() + w[1:] if w.islower() and w.isalpha() else w for w in words)


def clean_org_name(text: str) -> str:
    text = _POSSESSIVE.sub("", " ".join(plain_text(text).split()))
    return re.sub(r"^(?:the|The)\s+", "", text)
