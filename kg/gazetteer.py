"""Curated knowledge about actors, loaded from `ontology/`: names, aliases, metonyms, demonyms,
posts.

Countries come from pycountry (every ISO 3166 country by its common name), completed by
`ontology/countries.jsonl` (the short names, capitals and seats of government used as metonyms,
demonyms). People, organisations and collective actors come from `ontology/actors.jsonl`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from kg.names import fold_name
from kg.namespaces import slug
from kg.paths import DATA_DIR, ONTOLOGY_DIR, jsonl_rows

SPACY_LABEL = {"Person": "PERSON", "Organization": "ORG", "Country": "GPE", "Group": "ORG"}


@dataclass(slots=True)
class Entry:
    key: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    wikidata: str | None = None
    posts: list[dict] = field(default_factory=list)


def fold(text: str) -> str:
    """The comparison form of a name (as gold scoring folds it): see kg.names.fold_name."""
    return fold_name(text)


class Gazetteer:
    def __init__(self, entries: list[Entry]):
        self.entries = {e.key: e for e in entries}
        self._by_name: dict[str, str] = {}
        for e in entries:  # earlier entries win a clash: curated people/orgs are loaded first
            for name in (e.name, *e.aliases):
                self._by_name.setdefault(fold(name), e.key)
        self._demonyms = {fold(d): e.key for e in entries for d in e.demonyms}

    def lookup(self, name: str) -> Entry | None:
        key = self._by_name.get(fold(name))
        return self.entries[key] if key else None

    def demonym(self, word: str) -> Entry | None:
        key = self._demonyms.get(fold(word))
        return self.entries[key] if key else None

    def ruler_patterns(self) -> list[dict]:
        """EntityRuler patterns matched as written: every name, alias and demonym, and kg/data's
        patterns."""
        patterns: list[dict] = []
        seen: set[tuple[str, str]] = set()

        def add(label: str, pattern, key: str) -> None:
            marker = (label, json.dumps(pattern, sort_keys=True))
            if marker not in seen:
                seen.add(marker)
                patterns.append({"label": label, "pattern": pattern, "id": key})

        for e in self.entries.values():
            label = SPACY_LABEL[e.type]
            for name in (e.name, *e.aliases):
                add(label, name, e.key)
            for d in e.demonyms:
                add("NORP", d, e.key)
        for row in jsonl_rows(DATA_DIR / "entity_patterns.jsonl"):
            add(row["label"], row["pattern"], row.get("id", ""))
        return patterns

    def caseless_ruler_patterns(self) -> list[dict]:
        """Patterns for a ruler matching on LOWER: multi-word person and organisation names in any
        case ("Sir richard Moore", "VOLODYMYR ZELENSKYY"). One word is left out: "us" or "patriot"
        in lower case is an ordinary word. A phrase matcher on LOWER, where token patterns
        ([{"LOWER": ...}, ...]) cost 2.9 s of a 63 s build of 178 articles."""
        patterns: dict[tuple[str, str], dict] = {}
        for e in self.entries.values():
            if e.type not in ("Person", "Organization"):
                continue
            for name in (e.name, *e.aliases):
                if len(name.split()) > 1:
                    patterns.setdefault(
                        (SPACY_LABEL[e.type], name.lower()),
                        {"label": SPACY_LABEL[e.type], "pattern": name.lower(), "id": e.key},
                    )
        return list(patterns.values())


def _country_entries() -> list[Entry]:
    import pycountry

    curated = {row["code"]: row for row in jsonl_rows(ONTOLOGY_DIR / "countries.jsonl")}
    entries = []
    for country in sorted(pycountry.countries, key=lambda c: c.alpha_2):
        row = curated.pop(country.alpha_2, {})
        common = getattr(country, "common_name", None) or country.name
        name = row.get("name") or common
        aliases = [
            n
            for n in (country.name, common, getattr(country, "official_name", None))
            if n and "," not in n and "(" not in n
        ]
        aliases = [a for a in dict.fromkeys([*row.get("aliases", []), *aliases]) if a != name]
        entries.append(
            Entry(
                slug(name), name, "Country", aliases, row.get("demonyms", []), row.get("wikidata")
            )
        )
    for row in curated.values():  # historical states pycountry does not list as current countries
        entries.append(
            Entry(
                slug(row["name"]),
                row["name"],
                "Country",
                row.get("aliases", []),
                row.get("demonyms", []),
                row.get("wikidata"),
            )
        )
    return entries


@lru_cache(maxsize=1)
def load() -> Gazetteer:
    entries = [
        Entry(
            row["id"],
            row["name"],
            row["type"],
            row.get("aliases", []),
            [],
            row.get("wikidata"),
            row.get("posts", []),
        )
        for row in jsonl_rows(ONTOLOGY_DIR / "actors.jsonl")
    ]
    entries.extend(_country_entries())
    return Gazetteer(entries)
