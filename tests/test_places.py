"""The offline gazetteer of places (kg/places.py): names, alternate spellings, countries."""

from __future__ import annotations

import pytest

from kg import places


@pytest.mark.parametrize(
    "name, country",
    [
        ("Kherson", "UA"),
        ("Mariupol", "UA"),
        ("Odessa", "UA"),  # another spelling of a big city
        ("Lugansk", "UA"),
        ("St Petersburg", "RU"),
        ("Dusseldorf", "DE"),
        ("Texas", "US"),
    ],
)
def test_places(name, country):
    place = places.load().lookup(name)
    assert place is not None and country in place.countries


@pytest.mark.parametrize(
    "name",
    [
        "BBC",  # a code among a town's alternate names
        "Stalin",  # a former name of Donetsk, not a spelling of it
        "Ukraine",  # countries are actors, not places
        "Vladimir Putin",
    ],
)
def test_not_places(name):
    assert places.load().lookup(name) is None
