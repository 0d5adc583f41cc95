"""The mention resolver (kg/extract/mentions/): a token of a real parse -> the actor it refers
to, rule by rule."""

from __future__ import annotations

import pytest

from kg.extract.actors import extract_mentions
from kg.extract.mentions import MentionIndex, Resolver
from kg.extract.posts import extract_posts


@pytest.fixture(scope="module")
def resolve(nlp, gazetteer):
    """resolve(text) -> (doc, Resolver over its mentions and posts)."""

    def run(text: str):
        doc = nlp(text)
        mentions = extract_mentions(doc, gazetteer=gazetteer)
        posts = extract_posts(doc, mentions, gazetteer=gazetteer)
        return doc, Resolver(doc, mentions, posts=posts)

    return run


def token(doc, word: str):
    """The last token spelt `word` (the one a case asks about comes after any it names)."""
    return [t for t in doc if t.text == word][-1]


def name(mention) -> str | None:
    return None if mention is None else (mention.name or mention.text)


@pytest.mark.parametrize(
    ("text", "word", "expected", "type_"),
    [
        ("Mark Rutte said the talks went well.", "Rutte", "Mark Rutte", "Person"),
        (
            "Mark Rutte arrived in Kyiv on Monday. He said the talks went well.",
            "He",
            "Mark Rutte",
            "Person",
        ),
        (
            "Defence Secretary Ben Wallace flew to Kyiv. The defence secretary said little.",
            "secretary",
            "Ben Wallace",
            "Person",
        ),
        # named as written, without the capital the sentence gave it
        ("Officials said the talks went well.", "Officials", "officials", "Group"),
        ("The newspaper said the talks went well.", "newspaper", "the newspaper", "Organization"),
        (
            "Hillary Clinton's campaign said the talks went well.",
            "campaign",
            "Hillary Clinton",
            "Person",
        ),
    ],
)
def test_speaker(resolve, text, word, expected, type_):
    doc, resolver = resolve(text)
    found = resolver.speaker(token(doc, word), rule="test")
    assert found is not None
    assert (name(found.mention), found.mention.type) == (expected, type_)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("It said the talks went well.", "It"),  # no organisation nearby for "it"
        ("This said the talks went well.", "This"),
    ],
)
def test_no_speaker(resolve, text, word):
    doc, resolver = resolve(text)
    assert resolver.speaker(token(doc, word), rule="test") is None


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # the head of the phrase speaks, not the country that modifies it
        ("The Swiss president, Ignazio Cassis, said it was possible.", "president", "Cassis"),
        (
            "The Swiss embassy in Moscow reported that assets grew.",
            "embassy",
            "Swiss embassy in Moscow",
        ),
        # an official or a body a country only modifies speaks for itself
        (
            "The town fell, one Ukrainian military official said.",
            "official",
            "one Ukrainian military official",
        ),
        ("Moldova's president said the border was calm.", "president", "Moldova's president"),
        (
            "Russia's defence ministry said the strikes hit their targets.",
            "ministry",
            "Ministry of Defence (Russia)",
        ),
        (
            "The office of Ukraine's prosecutor general said 287 children had died.",
            "office",
            "office of Ukraine's prosecutor general",
        ),
        # ... but a spokesperson or the government is its owner's voice
        ("Turkey's spokesperson said the talks went well.", "spokesperson", "Turkey"),
        ("The British government said the talks went well.", "government", "United Kingdom"),
        # "it": the body that is the nearest main-clause subject, when it names no actor
        (
            "Separatists fought near Donetsk. The Russian ministry of emergency situations"
            " published videos of vans, which it called mobile information complexes.",
            "it",
            "Russian ministry of emergency situations",
        ),
        (
            "A report prepared by Amnesty International was published. The report, one of the"
            " first studies, says Russia must pay. It says the delays must end.",
            "It",
            "Amnesty",
        ),
        # a live blog's stamp is no part of the speaker's phrase
        ("27 Jul 2022 16.34 BST The ministry said the talks failed.", "ministry", "The ministry"),
        # a bare title or a definite description: the actor its earlier phrase was tied to
        (
            "Serhiy Haidai, the governor of Luhansk, spoke on Sunday. The shelling went on, the"
            " governor said.",
            "governor",
            "Haidai",
        ),
        (
            "Boris Johnson spoke in Bavaria. Overall, the prime minister argued that it was worth"
            " it.",
            "minister",
            "Johnson",
        ),
        (
            "A report prepared by Amnesty International was published. The report said that"
            " civilians were at risk.",
            "report",
            "Amnesty",
        ),
    ],
)
def test_speaker_is_the_head_or_its_holder(resolve, text, word, expected):
    doc, resolver = resolve(text)
    found = resolver.speaker(token(doc, word), rule="test")
    assert found is not None and found.mention is not None
    assert expected in (found.mention.name or found.mention.text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # a document with no issuer, a thing, the accused: something is said, by no actor
        ("The report said that civilians were at risk.", "report"),
        ("Even if the war continued, the costs would fall.", "war"),
        ("Russia has been accused of war crimes.", "Russia"),
    ],
)
def test_said_by_no_actor(resolve, text, word):
    doc, resolver = resolve(text)
    found = resolver.speaker(token(doc, word), rule="test")
    assert found is not None and found.mention is None


def test_description_is_one_mention_per_phrase(resolve):
    doc, resolver = resolve("Officials said the talks went well.")
    first = resolver.speaker(token(doc, "Officials"), rule="test")
    again = resolver.speaker(token(doc, "Officials"), rule="test")
    assert first.mention is again.mention and first.mention.rule == "test"


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("German officials met in Brussels.", "officials", "Germany"),
        ("Donald Trump's administration refused.", "administration", "Donald Trump"),
        ("Donald Trump's plan failed.", "plan", None),  # a possessor stands only for some heads
        ("Germany pledged more aid.", "Germany", "Germany"),
    ],
)
def test_mention_for(resolve, text, word, expected):
    doc, resolver = resolve(text)
    assert name(resolver.mention_for(token(doc, word))) == expected


def test_reporting_speaker(resolve):
    doc, resolver = resolve("Kaja Kallas said that Europe will send troops to Ukraine.")
    assert name(resolver.reporting_speaker(token(doc, "send"))) == "Kaja Kallas"


def test_reporting_speaker_of_a_noun(resolve):
    doc, resolver = resolve(
        "Emmanuel Macron's statement that Europe will send troops surprised allies."
    )
    assert name(resolver.reporting_speaker(token(doc, "send"))) == "Emmanuel Macron"


def test_speaker_pronoun_in_a_clause_is_the_reporting_speaker(resolve):
    doc, resolver = resolve("Kaja Kallas said that we will send troops to Ukraine.")
    assert name(resolver.clause_pronoun(token(doc, "we"), token(doc, "send"))) == "Kaja Kallas"


def test_person_pronoun_in_a_clause_is_the_last_person_named(resolve):
    doc, resolver = resolve("Olaf Scholz met allies. He will send tanks to Ukraine.")
    assert name(resolver.clause_pronoun(token(doc, "He"), token(doc, "send"))) == "Olaf Scholz"


def test_possessive_owner(resolve):
    doc, resolver = resolve("Ukraine and its own president, Volodymyr Zelenskyy, asked for jets.")
    assert name(resolver.possessive_owner(token(doc, "its"))) == "Ukraine"


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Nordic donors pledged more aid.", "donors", "Nordic donors"),
        ("They thanked several donors.", "donors", None),  # no capitalised modifier
    ],
)
def test_collective(resolve, text, word, expected):
    doc, resolver = resolve(text)
    found = resolver.collective(token(doc, word))
    assert name(found) == expected
    if found is not None:
        assert (found.type, found.rule) == ("Group", "commitments.collective")


def test_index_finds_mentions_by_place(resolve):
    doc, resolver = resolve("Mark Rutte met Kaja Kallas in Brussels.")
    index: MentionIndex = resolver.index
    rutte, kallas = index.mentions[:2]
    assert index.over(rutte.start_char + 1, rutte.end_char) is rutte
    assert index.within(0, kallas.end_char) == [rutte, kallas]
    assert index.ending_at(kallas.end_char) is kallas
    assert index.starting_at(kallas.start_char) == [kallas]
    assert index.at_token(token(doc, "Kallas")) is kallas
    assert index.first_of(kallas.key, before=0) is kallas
