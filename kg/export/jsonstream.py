"""JSON arrays written an item a line, so a large document is never one string in memory."""

from __future__ import annotations

import json
from typing import TextIO

# One encoder for every value: json.dumps with options builds a new one each call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True)


def dumps(value) -> str:
    """One value as compact JSON, keys sorted (the same bytes every build), text kept as UTF-8."""
    return _ENCODER.encode(value)


class JsonArrayWriter:
    """Writes `[`, then each added value on a line of its own, then `]` on close."""

    def __init__(self, out: TextIO):
        self._out = out
        self._separator = "\n"
        out.write("[")

    def add(self, value) -> None:
        self._out.write(self._separator + dumps(value))
        self._separator = ",\n"

    def close(self) -> None:
        self._out.write("\n]")
