"""Actor mentions, posts and resolution on short texts, with the real pipeline."""

from __future__ import annotations

import pytest

from kg.extract.actors import extract_mentions
from kg.names import clean_person_name
from kg.resolve import resolve


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sir richard Moore", "Richard Moore"),
        ("Mr. Biden's", "Biden"),
        ("Dr Jane Smith", "Jane Smith"),
        ("President Volodymyr Zelenskyy", "Volodymyr Zelenskyy"),
        ("Moore", "Moore"),
    ],
)
def test_clean_person_name(text, expected):
    assert clean_person_name(text) == expected


@pytest.mark.parametrize(
    "text, name, type_",
    [
        ("Missiles hit Kyiv overnight, officials said.", "Ukraine", "Country"),  # model says PERSON
        ("Ursula von der Leyen spoke in Brussels.", "Ursula von der Leyen", "Person"),
        ("The head of MI6 spoke on Friday.", "Secret Intelligence Service", "Organization"),
        ("The Kremlin rejected the plan.", "Russia", "Country"),
        ("The Trump administration paused aid.", "United States", "Country"),
        ("Downing Street confirmed the call.", "United Kingdom", "Country"),
        ("Several Baltic states joined the mission.", "Baltic states", "Group"),
        ("The G7 agreed new sanctions.", "G7", "Group"),
    ],
)
def test_curated_mentions(extract, gazetteer, text, name, type_):
    records = extract(text)
    corpus = resolve([records], gazetteer=gazetteer)
    names = {(a.name, a.type) for a in corpus.actors.values()}
    assert (name, type_) in names


@pytest.mark.parametrize(
    "text, not_actor",
    [
        ("Germany has acquired additional Patriot systems.", "Patriot"),
        ("The meeting took place in Alaska.", "Alaska"),
        ("Ships patrol the Black Sea.", "Black Sea"),
        ("The Budapest Memorandum failed Ukraine.", "Budapest Memorandum"),
        ("He spoke at the British consulate in Istanbul.", "Istanbul"),
        # Towns the model tags PERSON or ORG: the gazetteer of places, borne out by the document
        ("Ukraine's army said Kherson came under heavy shelling on Monday.", "Kherson"),
        ("Mariupol has been besieged for weeks. Ukraine said hundreds were killed.", "Mariupol"),
        ("Russian troops fought in Hostomel. Hostomel was shelled again.", "Hostomel"),
        ("Belgorod Oblast reported new strikes, Russia said.", "Belgorod Oblast"),
        ("The Shangri-La Dialogue opened in Singapore on Friday.", "Shangri-La Dialogue"),
        ("The Sierra Leone-registered ship Razoni set sail on Monday.", "Razoni"),
        ("The ministry said on Twitter that its troops had withdrawn.", "Twitter"),
        ("A grain ship left port. Photograph: Valentyn Ogirenko/Reuters", "Valentyn Ogirenko/"),
        ("A grain ship left port. Photograph: Valentyn Ogirenko/Reuters", "Reuters"),
        ("Joe Biden spoke. Photograph: Alexey Furman/Getty Images", "Alexey Furman"),
    ],
)
def test_not_actors(extract, gazetteer, text, not_actor):
    corpus = resolve([extract(text)], gazetteer=gazetteer)
    assert not_actor not in {a.name for a in corpus.actors.values()}


@pytest.mark.parametrize(
    "text, actor",
    [
        # a town's name that is also part of a person's name in the document stays the person's
        (
            "Oleksiy Danilov, Ukraine's security chief, spoke. Danilov said Russia would lose.",
            "Danilov",
        ),
        ("Kim Jong-un met officials. Kim said the tests would continue.", "Kim"),
        ("Reuters reported that Ukraine would receive more aid.", "Reuters"),
    ],
)
def test_actors_near_not_actor_rules(nlp, gazetteer, text, actor):
    mentions = extract_mentions(nlp(text), gazetteer=gazetteer)
    assert actor in {m.text for m in mentions}


def test_surname_and_case_variants_resolve_to_one_person(extract, gazetteer):
    text = (
        "Sir Jonathan Pickering, the head of the agency, spoke on Friday. "
        "Sir jonathan Pickering said the war would go on. Pickering added that talks had stalled."
    )
    corpus = resolve([extract(text)], gazetteer=gazetteer)
    people = [a for a in corpus.actors.values() if a.type == "Person"]
    assert [p.name for p in people] == ["Jonathan Pickering"]


@pytest.mark.parametrize(
    "first_text, second_text, people",
    [
        (  # the same post on both sides: one person
            "Analyst Maria Kowalczyk said the front was stable.",
            "Analyst Kowalczyk warned that supplies were running low.",
            ["Maria Kowalczyk"],
        ),
        (  # a surname alone is no evidence: another article's Kowalczyk may be anyone
            "Analyst Maria Kowalczyk said the front was stable.",
            "Kowalczyk warned that supplies were running low.",
            ["Kowalczyk", "Maria Kowalczyk"],
        ),
        (  # the same full name is one person across articles
            "Maria Kowalczyk said the front was stable.",
            "Maria Kowalczyk warned that supplies were running low.",
            ["Maria Kowalczyk"],
        ),
    ],
)
def test_cross_document_surnames_need_evidence(extract, gazetteer, first_text, second_text, people):
    first = extract(first_text, "a.txt")
    second = extract(second_text, "b.txt")
    corpus = resolve([first, second], gazetteer=gazetteer)
    assert sorted(a.name for a in corpus.actors.values() if a.type == "Person") == people


def test_acronym_joins_spelled_out_organisation(extract, gazetteer):
    text = (
        "Analysts at the Foundation for Defense of Democracies disagreed. "
        "An FDD report said production would double."
    )
    corpus = resolve([extract(text)], gazetteer=gazetteer)
    orgs = [a.name for a in corpus.actors.values() if a.type == "Organization"]
    assert orgs == ["Foundation for Defense of Democracies"]


@pytest.mark.parametrize(
    "text, person, title, org",
    [
        (
            "NATO Secretary-General Mark Rutte visited Kyiv.",
            "Mark Rutte",
            "Secretary-General",
            "NATO",
        ),
        (
            "Defence Minister Mykhailo Fedorov promised reforms.",
            "Mykhailo Fedorov",
            "Defence Minister",
            None,
        ),
        (
            "EU foreign policy chief Kaja Kallas spoke.",
            "Kaja Kallas",
            "foreign policy chief",
            "European Union",
        ),
        ("US envoy Keith Kellogg has noted progress.", "Keith Kellogg", "envoy", "United States"),
        (
            "Alyona Getmanchuk, head of Ukraine's mission to NATO, said so.",
            "Alyona Getmanchuk",
            "head of Ukraine's mission to NATO",
            "NATO",
        ),
        (
            "Up to 60 percent remains unused, said Ihor Fedirko of the Ukrainian Council of the "
            "Defence Industry.",
            "Ihor Fedirko",
            "member",
            "Ukrainian Council of the Defence Industry",
        ),
        (
            "Ukraine needs help, and its own president, Volodymyr Zelenskyy, knows it.",
            "Volodymyr Zelenskyy",
            "president",
            "Ukraine",
        ),
        (
            "Jan Novak, a senior fellow at the Atlantic Council, disagreed.",
            "Jan Novak",
            "senior fellow at the Atlantic Council",
            "Atlantic Council",
        ),
        (
            "Donald Trump met Putin. The talks were harder than the US president anticipated.",
            "Donald Trump",
            "president",
            "United States",
        ),
        (
            "Elsewhere, the Nato secretary general, Jens Stoltenberg, spoke to Ankara.",
            "Jens Stoltenberg",
            "secretary general",
            "NATO",
        ),
        (
            "The Swiss president, Ignazio Cassis, said so.",
            "Ignazio Cassis",
            "president",
            "Switzerland",
        ),
        (
            "Ukraine says so. It comes as the governor of Luhansk, Serhiy Haidai, said so.",
            "Serhiy Haidai",
            "governor of Luhansk",
            "Ukraine",
        ),
        (
            "Germany’s minister for economic affairs and climate action, Robert Habeck, said so.",
            "Robert Habeck",
            "minister for economic affairs and climate action",
            "Germany",
        ),
        (
            "Jake Sullivan, the White House national security adviser, told reporters.",
            "Jake Sullivan",
            "national security adviser",
            "United States",
        ),
        (
            "John Kirby, spokesperson for the US national security council, said so.",
            "John Kirby",
            "spokesperson for the US national security council",
            "United States National Security Council",
        ),
        (
            "In remarks to the RT editor-in-chief, Margarita Simonyan, Lavrov said so.",
            "Margarita Simonyan",
            "editor-in-chief",
            "RT",
        ),
        (
            "China has refused to condemn Russia’s invasion and its president, Xi Jinping, agreed.",
            "Xi Jinping",
            "president",
            "China",
        ),
        (
            "Tim Ash, a Russia expert at the Chatham House thinktank, said so.",
            "Tim Ash",
            "expert at the Chatham House thinktank",
            "Chatham House",
        ),
        ("Nick Beake, BBC correspondent, said so.", "Nick Beake", "correspondent", "BBC"),
        (
            "However, US secretary of state Antony Blinken said so.",
            "Antony Blinken",
            "secretary of state",
            "United States",
        ),
        (
            "Boris Johnson visited the UK troops. Overall, the prime minister argued it was right.",
            "Boris Johnson",
            "prime minister",
            "United Kingdom",
        ),
    ],
)
def test_posts(extract, gazetteer, text, person, title, org):
    records = extract(text)
    corpus = resolve([records], gazetteer=gazetteer)
    found = set()
    for post in records.posts:
        person_id = corpus.actor_id("test.txt", post.person)
        org_id = corpus.actor_id("test.txt", post.organization)
        found.add(
            (
                corpus.actors[person_id].name,
                post.title,
                corpus.actors[org_id].name if org_id else None,
            )
        )
        assert text[post.start_char : post.end_char] == post.text  # provenance
    assert (person, title, org) in found


@pytest.mark.parametrize(
    "text, person",
    [
        # the noun phrase after the comma is the subject of a new clause, not an apposition
        (
            "Despite support for Ukraine and Zelenskiy, a former head of the British army "
            "accused leaders of lacking a strategy.",
            "Zelenskiy",
        ),
        # a list, and a title that belongs to the next name
        ("Kyiv thanked Antony Blinken, and the defence secretary, Lloyd Austin.", "Antony Blinken"),
        ("Chuck Schumer, Defence Secretary Lloyd Austin and others met.", "Chuck Schumer"),
        (
            "Asked about Brittney Griner, the state department spokesperson, Ned Price, said so.",
            "Brittney Griner",
        ),
        # the name is the president's, not the adviser's
        (
            "Yermak said an adviser to the president, Volodymyr Zelenskiy, agreed.",
            "Volodymyr Zelenskiy",
        ),
    ],
)
def test_no_wrong_post(extract, text, person):
    assert all(p.person.text != person for p in extract(text).posts)


@pytest.mark.parametrize(
    "text",
    [
        "The president of the club, John Smith, resigned.",  # a post, but not a title before a name
        "Mark Rutte visited Kyiv on Tuesday.",
    ],
)
def test_no_post_without_title(extract, text):
    assert all(p.title != "" for p in extract(text).posts)
    if "Rutte" in text:
        assert extract(text).posts == []


def test_described_speakers_keep_their_wording_and_curated_names_resolve(extract, gazetteer):
    text = (
        '"We will not back down," the former secretary of state said. '
        'Since then the POTUS has said that Europe "should pay more".'
    )
    records = extract(text)
    corpus = resolve([records], gazetteer=gazetteer)
    speakers = {
        corpus.actors[corpus.actor_id("test.txt", s.speaker)].name for s in records.statements
    }
    assert speakers == {"former secretary of state", "Donald Trump"}
