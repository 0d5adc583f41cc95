"""Money and quantity parsing: pure text, no spaCy."""

from __future__ import annotations

import pytest

from kg.extract.quantities import parse_money, parse_quantity

MONEY_CASES = [
    ("over $1.5 billion in direct funding", [(1.5e9, "USD", "min")]),
    ("a $1.5bn package", [(1.5e9, "USD", "exact")]),
    ("€2.1 billion", [(2.1e9, "EUR", "exact")]),
    ("110 billion hryvnia", [(110e9, "UAH", "exact")]),
    (
        "spending more than 110 billion hryvnia (€2.1 billion)",
        [(110e9, "UAH", "min"), (2.1e9, "EUR", "exact")],
    ),
    ("£500m for air defence", [(500e6, "GBP", "exact")]),
    ("nearly $10 billion", [(10e9, "USD", "approx")]),
    ("up to $35 billion worth of arms", [(35e9, "USD", "max")]),
    ("at least $30 billion of weapons", [(30e9, "USD", "min")]),
    ("EUR 300 million", [(300e6, "EUR", "exact")]),
    ("500 million euros", [(500e6, "EUR", "exact")]),
    ("US$ 2bn", [(2e9, "USD", "exact")]),
    ("1.2 billion Danish kroner", [(1.2e9, "DKK", "exact")]),
    ("about 3 billion pounds", [(3e9, "GBP", "approx")]),
    ("₴40bn", [(40e9, "UAH", "exact")]),
    ("billions of dollars", [(1e9, "USD", "min")]),
    ("$15 billion expected in 2025", [(15e9, "USD", "exact")]),
    ("four combat brigades", []),
]

QUANTITY_CASES = [
    ("nearly a thousand air-to-ground guided missiles", [(1000, "missiles", "approx")]),
    ("two million FPV drones", [(2e6, "drones", "exact")]),
    ("more than 1,600", [(1600, None, "min")]),
    ("hundreds of new ballistic missiles", [(100, "missiles", "min")]),
    ("4m rounds of ammunition", [(4e6, "rounds", "exact")]),
    (
        "four combat brigades to Ukraine—around 20,000 troops",
        [(4, "brigades", "exact"), (20000, "troops", "approx")],
    ),
    (
        "at least ten squadrons—around 200 combat aircraft",
        [(10, "squadrons", "min"), (200, "aircraft", "approx")],
    ),
    ("4.5 million FPV drones, spending", [(4.5e6, "drones", "exact")]),
    ("a military of 800,000 soldiers", [(800000, "soldiers", "exact")]),
    ("twenty-five Leopard tanks", [(25, "tanks", "exact")]),
    ("one hundred and fifty howitzers", [(150, "howitzers", "exact")]),
    ("tens of thousands of shells", [(10000, "shells", "min")]),
    ("up to 60 percent of capacity", [(60, "percent", "max")]),
    ("about 35,000 troops per month", [(35000, "troops", "approx")]),
    ("In 2024 alone", []),
    ("On September 7, a strike followed", []),
    ("the F-16 jets and MI6", []),
]


@pytest.mark.parametrize(("text", "expected"), MONEY_CASES)
def test_parse_money(text, expected):
    got = [(m.amount, m.currency, m.bound) for m in parse_money(text)]
    assert got == [(pytest.approx(a), c, b) for a, c, b in expected]


@pytest.mark.parametrize(("text", "expected"), QUANTITY_CASES)
def test_parse_quantity(text, expected):
    got = [(q.value, q.unit, q.bound) for q in parse_quantity(text)]
    assert got == [(pytest.approx(v), u, b) for v, u, b in expected]


@pytest.mark.parametrize(
    "text", ["Allies committed over $1.5 billion.", "They ordered nearly a thousand missiles."]
)
def test_offsets_cover_the_figure(text):
    for record in [*parse_money(text), *parse_quantity(text)]:
        span = text[record.start_char : record.end_char]
        assert span and span == span.strip() and any(c.isdigit() or c.isalpha() for c in span)


def test_money_span_includes_bound_and_currency():
    text = "spending more than 110 billion hryvnia today"
    (money,) = parse_money(text)
    assert text[money.start_char : money.end_char] == "more than 110 billion hryvnia"
