"""Resolution rules (kg/resolve.py) on hand-made mentions: what the model tags is given, so each
case tests one rule of merging and splitting, not the model."""

from __future__ import annotations

import pytest

from kg.gazetteer import Gazetteer
from kg.names import clean_org_name, clean_person_name, fold_text, plain_text
from kg.records import ActorMention, DocRecords, Document, PostRecord
from kg.resolve import resolve

TAG_CONFIDENCE = {"Person": 0.8, "Organization": 0.7}


def _doc(doc_id: str, *spans: tuple[str, str], posts: tuple[tuple[int, str], ...] = ()):
    """A document of `spans` ((text, type) in order) and posts ((span index, title))."""
    text, mentions = "", []
    for words, type_ in spans:
        start = len(text)
        text += words + " said something. "
        mentions.append(
            ActorMention(
                start,
                start + len(words),
                words,
                type_,
                rule=f"ner.{type_.lower()[:3]}",
                confidence=TAG_CONFIDENCE[type_],
            )
        )
    post_records = [
        PostRecord(mentions[i], None, title, mentions[i].start_char, mentions[i].end_char, title)
        for i, title in posts
    ]
    return DocRecords(Document(doc_id, text), mentions=mentions, posts=post_records)


def _actors(corpus, doc_id: str) -> list[tuple[str, str]]:
    """(name, type) of each mention of the document, in text order."""
    records = next(r for r in corpus.docs if r.document.id == doc_id)
    out = []
    for m in records.mentions:
        actor = corpus.actors[corpus.actor_id(doc_id, m)]
        out.append((actor.name, actor.type))
    return out


@pytest.mark.parametrize(
    "docs, doc_id, expected",
    [
        (  # one name tagged PERSON in one article and ORG in two: one node, the majority's type
            [
                _doc("a", ("Alexei Navalny", "Person")),
                _doc("b", ("Alexei Navalny", "Organization")),
                _doc("c", ("Alexei Navalny", "Person")),
            ],
            "b",
            [("Alexei Navalny", "Person")],
        ),
        (  # a post outweighs the tags: its holder is a person
            [
                _doc("a", ("Oleksandr Starukh", "Person"), posts=((0, "governor"),)),
                _doc("b", ("Oleksandr Starukh", "Organization")),
                _doc("c", ("Oleksandr Starukh", "Organization")),
            ],
            "c",
            [("Oleksandr Starukh", "Person")],
        ),
        (  # called by surname alone: a person, whatever the tag of the full name
            [
                _doc(
                    "a",
                    ("Anne-Marie Trevelyan", "Organization"),
                    ("Trevelyan", "Person"),
                ),
            ],
            "a",
            [("Anne-Marie Trevelyan", "Person"), ("Anne-Marie Trevelyan", "Person")],
        ),
        (  # named with "the": no person, however often the model says so
            [
                _doc("a", ("Donetsk People's Republic", "Person")),
                _doc("b", ("Donetsk People's Republic", "Person")),
                _doc("c", ("the Donetsk People's Republic", "Organization")),
            ],
            "a",
            [("Donetsk People's Republic", "Organization")],
        ),
        (  # a PERSON tag on a word no article completes counts below another tag's mentions
            [
                _doc("a", ("Roscosmos", "Person"), ("Roscosmos", "Person")),
                _doc("b", ("Roscosmos", "Organization")),
            ],
            "a",
            [("Roscosmos", "Organization"), ("Roscosmos", "Organization")],
        ),
    ],
)
def test_one_node_per_name_typed_by_evidence(docs, doc_id, expected):
    corpus = resolve(docs, gazetteer=_no_gazetteer())
    assert _actors(corpus, doc_id) == expected
    assert len({a.name.casefold() for a in corpus.actors.values()}) == len(corpus.actors)


@pytest.mark.parametrize(
    ("spellings", "expected"),
    [
        (["ZORIN", "Zorin", "ZORIN"], "Zorin"),  # a transcript's shouted name
        (["Kestrel Media", "KESTREL MEDIA"], "Kestrel Media"),  # a logo's capitals
        (["UNHCR", "UNHCR"], "UNHCR"),  # an acronym: the text writes it in capitals only
        (["Omsk Forum", "OMSK"], "Omsk Forum"),  # the longer name, whatever its case
    ],
)
def test_a_name_also_written_in_lower_case_is_not_named_in_capitals(spellings, expected):
    docs = [_doc(str(i), (name, "Organization")) for i, name in enumerate(spellings)]
    names = {a.name for a in resolve(docs, gazetteer=_no_gazetteer()).actors.values()}
    assert expected in names and not {n for n in names if n.casefold() == expected.casefold()} - {
        expected
    }


@pytest.mark.parametrize(
    "spans, expected",
    [
        (  # a surname: the nearest full name before it
            [("Evgeny Lebedev", "Person"), ("Alexander Lebedev", "Person"), ("Lebedev", "Person")],
            ["Evgeny Lebedev", "Alexander Lebedev", "Alexander Lebedev"],
        ),
        (  # before any full name: the first after it
            [("Lebedev", "Person"), ("Evgeny Lebedev", "Person")],
            ["Evgeny Lebedev", "Evgeny Lebedev"],
        ),
        (  # a first name: the one person of that first name
            [("Brittney Griner", "Person"), ("Brittney", "Person")],
            ["Brittney Griner", "Brittney Griner"],
        ),
        (  # an ORG tag on one word is no first name
            [("Roscosmos Telegram", "Person"), ("Roscosmos", "Organization")],
            ["Roscosmos Telegram", "Roscosmos"],
        ),
        (  # a short form of an organisation's name
            [("Amnesty International", "Organization"), ("Amnesty", "Organization")],
            ["Amnesty International", "Amnesty International"],
        ),
        (  # ... not of a span that ran on into a title or a phrase
            [
                ("Telegram Chief Executive Pavel Durov", "Organization"),
                ("Telegram", "Organization"),
            ],
            ["Telegram Chief Executive Pavel Durov", "Telegram"],
        ),
        (
            [("Kharkiv regional prosecutors", "Organization"), ("Kharkiv", "Organization")],
            ["Kharkiv regional prosecutors", "Kharkiv"],
        ),
        (  # a name cut short takes the surname the article spells whole
            [("Gerhard Schrö", "Person"), ("Schröder", "Person")],
            ["Gerhard Schröder", "Gerhard Schröder"],
        ),
        (  # a span that took in a word before the name is the name without it
            [("Dan Norris", "Person"), ("England Dan Norris", "Person"), ("Norris", "Person")],
            ["Dan Norris", "Dan Norris", "Dan Norris"],
        ),
        (  # format characters are invisible: not part of a name
            [("Justin Bronk\u200b", "Person"), ("Justin Bronk", "Person")],
            ["Justin Bronk", "Justin Bronk"],
        ),
    ],
)
def test_one_word_and_damaged_names_read_against_the_article(spans, expected):
    corpus = resolve([_doc("a", *spans)], gazetteer=_no_gazetteer())
    assert [name for name, _ in _actors(corpus, "a")] == expected


@pytest.mark.parametrize(
    "first, second, same",
    [
        (_doc("a", ("Andreas Schröder", "Person")), _doc("b", ("Schröder", "Person")), False),
        (
            _doc("a", ("Andreas Schröder", "Person"), posts=((0, "energy analyst"),)),
            _doc("b", ("Schröder", "Person"), posts=((0, "analyst"),)),
            True,
        ),
        (
            _doc("a", ("Andreas Schröder", "Person"), posts=((0, "energy analyst"),)),
            _doc("b", ("Schröder", "Person"), posts=((0, "former chancellor"),)),
            False,
        ),
    ],
)
def test_a_surname_joins_another_article_only_with_an_agreeing_post(first, second, same):
    corpus = resolve([first, second], gazetteer=_no_gazetteer())
    assert (_actors(corpus, "b")[0][0] == "Andreas Schröder") is same


@pytest.mark.parametrize(
    "text, plain",
    [
        ("Justin Bronk\u200b", "Justin Bronk"),
        ("Schr\u00adöder", "Schröder"),
        ("Schro\u0308der", "Schröder"),  # decomposed umlaut -> NFC
        ("\u200eKyiv\u200f", "Kyiv"),
    ],
)
def test_plain_text(text, plain):
    assert plain_text(text) == plain
    assert clean_person_name(text) == plain
    assert clean_org_name(text) == plain
    assert fold_text(text) == plain.casefold()


def _no_gazetteer() -> Gazetteer:
    return Gazetteer([])
