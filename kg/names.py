"""How names compare: the folding of ../shared/gold/README.md, used by the gazetteer and `kg eval`."""

from __future__ import annotations

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
})


def fold_text(text: str) -> str:
    """Case-fold, straighten quotes and apostrophes, collapse white space."""
    return " ".join(text.translate(_QUOTES).casefold().split())


def fold_name(name: str) -> str:
    """`fold_text` plus dropping a leading "the": "The Kremlin" and "kremlin" compare equal."""
    folded = fold_text(name)
    if folded.startswith("the "):
        folded = folded[4:].lstrip()
    return folded
