"""Who speaks and who is an actor, end to end on short texts: described speakers and their names,
questions put to someone, live-blog stamps, countries named only as places, and curated posts
read against the article's year."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kg.extract.stamps import after_stamp
from kg.ingest import make_document
from kg.resolve import resolve

HEADLINE = "Allies weigh a new security plan for Ukraine after talks\n\n"


def speakers(extract, gazetteer, body: str) -> list[tuple[str | None, str]]:
    """(speaker's actor name, text) of every statement of a one-article text."""
    records = extract(HEADLINE + body)
    corpus = resolve([records], gazetteer=gazetteer)
    out = []
    for s in records.statements:
        actor = corpus.actor_id("test.txt", s.speaker) if s.speaker else None
        out.append((corpus.actors[actor].name if actor in corpus.actors else None, s.text))
    return out


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # an unnamed official is named by the description, without its article
        (
            "The town had become an artillery war zone, one Ukrainian military official said.",
            "Ukrainian military official",
        ),
        # a description holding a name is kept as written, not capitalised word by word
        (
            "A former head of the British army said leaders lacked a long-term strategy.",
            "former head of the British army",
        ),
        # a curated body, however the country is given
        ("Russia's defence ministry said the strikes hit their targets.", "Ministry of Defence"),
        ("The Russian defence ministry said the strikes hit their targets.", "Ministry of Defence"),
    ],
)
def test_described_speaker_names(extract, gazetteer, body, expected):
    found = speakers(extract, gazetteer, body)
    assert found and all(name is not None and expected in name for name, _ in found)


@pytest.mark.parametrize(
    "body",
    [
        # the question is put to Peskov: he did not say it
        "Asked about a report that US intelligence helped Ukraine, Dmitry Peskov said: “We never"
        " comment on such reports.”",
        "“The whole world is fighting against Russia,” Jean Sangwa added when asked why he had"
        " decided to join the militia.",
        "“He is inflicting atrocities upon civilians. But he can only lose,” Justin Trudeau said"
        " when asked what he would tell Putin on the eve of the commemorations.",
    ],
)
def test_question_put_to_someone_is_not_their_statement(extract, gazetteer, body):
    for _, text in speakers(extract, gazetteer, body):
        assert not text.startswith(("about a report", "why he had", "what he would"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("27 Jul 2022 14.42 BST Gazprom said flows would fall.", "Gazprom said flows would fall."),
        ("9 May 2022 02.50 The UK government has expanded", "The UK government has expanded"),
        ("01:49 Ukrainian evacuees said", "Ukrainian evacuees said"),
        ("14.42 BST Kyiv said", "Kyiv said"),
        # numbers that are no stamp
        ("12.50 percent of the grain left port", "12.50 percent of the grain left port"),
        ("3.7 million Ukrainian refugees", "3.7 million Ukrainian refugees"),
        ("14.42", "14.42"),
    ],
)
def test_live_blog_stamp(text, expected):
    assert text[after_stamp(text) :] == expected


def test_statement_and_speaker_lose_the_live_blog_stamp(extract, gazetteer):
    found = speakers(
        extract,
        gazetteer,
        "27 Jul 2022 16.34 BST Germany accused Russia of using gas as a weapon, the economy"
        " ministry said.\n\n27 Jul 2022 16.40 BST Olaf Scholz said the turbine was ready.",
    )
    assert found
    for name, text in found:
        assert not text[:1].isdigit() and not (name or "")[:1].isdigit()


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # named only as where something happened: not an actor of the article
        (
            "Turkey launched a military operation in Syria, Nato said. Sweden and Finland imposed"
            " curbs on Turkey.",
            "Syria",
        ),
        ("Talks with Turkey were held in Norway. Ukraine and Russia sent delegations.", "Norway"),
    ],
)
def test_country_named_only_as_a_location_is_no_actor(extract, gazetteer, text, place):
    corpus = resolve([extract(text)], gazetteer=gazetteer)
    names = {a.name for a in corpus.actors.values()}
    assert place not in names and "Turkey" in names


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # a country that acts, or one of a list of countries taking part, stays an actor
        ("Syria condemned the strikes. Talks were held in Syria.", "Syria"),
        (
            "Allies are partnering with defence firms in Denmark, Germany, Britain and other"
            " countries to build factories.",
            "Denmark",
        ),
        ("Syrian forces shelled the town, Turkey said.", "Syria"),
    ],
)
def test_country_acting_somewhere_stays_an_actor(extract, gazetteer, text, country):
    corpus = resolve([extract(text)], gazetteer=gazetteer)
    assert country in {a.name for a in corpus.actors.values()}


@pytest.mark.parametrize(
    ("published", "holder"),
    [
        # both are named; the article's year tells which one is the prime minister
        ("2022-06-26", "Boris Johnson"),
        ("2025-03-01", "Keir Starmer"),
    ],
)
def test_bare_title_resolves_only_to_a_holder_in_office(nlp, gazetteer, published, holder):
    from kg.extract import extract_document
    from kg.nlp import parse

    text = (
        HEADLINE + "Boris Johnson and Keir Starmer spoke in Bavaria. Overall, the prime minister"
        " argued that it was worth it."
    )
    document = make_document("test.txt", text)
    document = replace(document, meta=replace(document.meta, published=published))
    ((document, doc),) = parse(nlp, [document])
    records = extract_document(document, doc, gazetteer=gazetteer)
    held = {p.person.name for p in records.posts if p.rule == "post.bare_title"}
    assert held == {holder}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a country or a party that only tells which officials speak is not the speaker
        ("“The deadline stands,” US officials said on Monday.", "US officials"),
        ("“The deadline stands,” one of the US officials said.", "US officials"),
        (
            "“The deadline stands,” said a former U.S. intelligence official who asked not to be"
            " named.",
            "former U.S. intelligence official",
        ),
        ("“The count was wrong,” the Labour front-runner said.", "Labour front-runner"),
        # a person or a group named before a collective head is still the actor
        ("“The deadline stands,” NATO leaders said.", "NATO leaders"),
        # whom the speaker tells is not the speaker
        ("“The deadline stands,” Petra Lind, 61, told Reuters on Monday.", "Petra Lind"),
        (
            "Petra Lind called the vote “historic,” telling reporters in Oslo that it mattered.",
            "Petra Lind",
        ),
        # a place named after the quote is not the speaker named after it
        (
            "Two drones hit a “fuel depot” near Rivne, the regional governor, Petra Lind, said.",
            "Petra Lind",
        ),
        # a surname opening a sentence, read by the model as a common noun, is the person
        (
            "Sean Hannity opened the show. “Is that a promise?” Hannity pressed.",
            "Sean Hannity",
        ),
    ],
)
def test_speaker_classes(extract, gazetteer, body, expected):
    found = speakers(extract, gazetteer, body)
    assert found and all(name is not None and expected in name for name, _ in found), found
