"""The gold annotations of ../shared/gold (format `kg-gold/1`): the file, and its actor registry.

A gold file has one actor registry for all documents (canonical name -> type and aliases) and,
per document, the actors, roles, statements, commitments and metadata an annotator found; an
item marked `"optional": true` counts neither for nor against recall. Names are compared after
folding (kg.names.fold_name).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import GoldError
from kg.names import fold_name

GOLD_FORMAT = "kg-gold/1"
META_FIELDS = ("title", "published", "publisher", "author")


def load_gold(path: str | Path) -> dict:
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GoldError(str(path), "file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(str(path), f"not readable JSON ({exc})") from None
    if not isinstance(gold, dict) or gold.get("format") != GOLD_FORMAT:
        raise GoldError(str(path), f"format is not {GOLD_FORMAT!r}")
    return gold


def is_optional(item: dict) -> bool:
    return bool(item.get("optional"))


@dataclass(frozen=True, slots=True)
class Registry:
    """The gold actor registry: folded name or alias -> canonical name, canonical -> type."""

    canonical_of: dict[str, str]
    type_of: dict[str, str]

    @classmethod
    def from_gold(cls, actors: dict[str, dict]) -> Registry:
        canonical_of: dict[str, str] = {}
        # Aliases first, so a canonical name wins over another actor's alias.
        for name, info in actors.items():
            for alias in info.get("aliases") or ():
                canonical_of.setdefault(fold_name(alias), name)
        for name in actors:
            canonical_of[fold_name(name)] = name
        return cls(canonical_of, {n: (i.get("type") or "") for n, i in actors.items()})

    def key(self, name: str) -> str:
        """The gold canonical name when known, else the folded name itself."""
        folded = fold_name(name)
        return self.canonical_of.get(folded, folded)

    def keys(self, names: Iterable[str]) -> set[str]:
        return {self.key(n) for n in names}
