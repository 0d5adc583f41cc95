"""The curated gazetteer as spaCy rules, on spacy.blank("en"): no model, only the data files."""

from __future__ import annotations

import re

import pytest
import spacy

from kg import gazetteer as gazetteer_module
from kg.nlp import add_gazetteer_rulers


@pytest.fixture(scope="module")
def ruler_nlp():
    nlp = spacy.blank("en")
    add_gazetteer_rulers(nlp, gazetteer_module.load())
    return nlp


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Missiles hit Kyiv.", [("Kyiv", "GPE", "ukraine")]),
        ("The Kremlin said no.", [("Kremlin", "GPE", "russia")]),
        (
            "Ursula von der Leyen urged Kyiv",
            [
                ("Ursula von der Leyen", "PERSON", "ursula-von-der-leyen"),
                ("Kyiv", "GPE", "ukraine"),
            ],
        ),
        ("Sir richard Moore warned", [("Sir richard Moore", "PERSON", "richard-moore")]),
        ("the head of MI6", [("MI6", "ORG", "secret-intelligence-service")]),
        (
            "Germany acquired Patriot systems",
            [("Germany", "GPE", "germany"), ("Patriot", "PRODUCT", "")],
        ),
        ("26 Western allies were ready", [("Western allies", "ORG", "western-allies")]),
        ("the Trump administration", [("the Trump administration", "GPE", "united-states")]),
        ("Downing Street confirmed", [("Downing Street", "GPE", "united-kingdom")]),
        ("on Ukrainian soil", [("Ukrainian", "NORP", "ukraine")]),
        ("Article 5 of the treaty", [("Article 5", "LAW", "")]),
        ("in the Black Sea", [("Black Sea", "LOC", "")]),
    ],
)
def test_curated_patterns(ruler_nlp, text, expected):
    doc = ruler_nlp(text)
    assert [(e.text, e.label_, e.ent_id_) for e in doc.ents] == expected


@pytest.mark.parametrize(
    "name, canonical, type_",
    [
        ("Britain", "United Kingdom", "Country"),
        ("the Netherlands", "Netherlands", "Country"),
        ("Washington", "United States", "Country"),
        ("Zelensky", "Volodymyr Zelenskyy", "Person"),
        ("the alliance", "NATO", "Organization"),
        ("European leaders", "European countries", "Group"),
        ("Moldova", "Moldova", "Country"),  # from pycountry, with a curated capital
        ("Kiribati", "Kiribati", "Country"),  # from pycountry alone
    ],
)
def test_lookup(name, canonical, type_):
    entry = gazetteer_module.load().lookup(name)
    assert (entry.name, entry.type) == (canonical, type_)


@pytest.mark.parametrize(
    "key, qid",
    [
        ("ukraine", "Q212"),
        ("united-kingdom", "Q145"),
        ("vladimir-putin", "Q7747"),
        ("volodymyr-zelenskyy", "Q3874799"),
        ("nato", "Q7184"),
        ("european-union", "Q458"),
        ("united-nations", "Q1065"),
    ],
)
def test_wikidata_ids_where_verified(key, qid):
    assert gazetteer_module.load().entries[key].wikidata == qid


def test_wikidata_ids_are_well_formed_and_name_one_actor_each():
    ids = [e.wikidata for e in gazetteer_module.load().entries.values() if e.wikidata]
    assert all(re.fullmatch(r"Q[1-9][0-9]*", q) for q in ids)
    assert len(ids) == len(set(ids))


def test_paragraph_break_starts_a_sentence():
    nlp = spacy.blank("en")
    nlp.add_pipe("kg_paragraph_breaks")
    doc = nlp("Kyiv asked for help\nGermany said yes")
    assert [t.is_sent_start for t in doc if t.text == "Germany"] == [True]
