"""Reading the extractors' data files (kg/data/*.toml): word lists become frozen sets."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path


def read_data(path: str | Path) -> dict:
    with open(path, "rb") as fh:
        return tomllib.load(fh)


def word_sets(table: Mapping[str, list[str]]) -> dict[str, frozenset[str]]:
    """{"heads": ["ally", ...]} -> {"heads": frozenset({"ally", ...})}."""
    return {name: frozenset(words) for name, words in table.items()}
