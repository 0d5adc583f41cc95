"""Commitments through the real pipeline: modality -> status, committers, recipients, kinds,
figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.records import AMOUNT_BOUNDS, COMMITMENT_KINDS, COMMITMENT_STATUSES


def _names(mentions) -> list[str]:
    return [m.name or m.text for m in mentions]


def _only(extract, text):
    records = extract(text).commitments
    assert len(records) == 1, [(r.status, r.kind, _names(r.committers), r.item) for r in records]
    return records[0]


# (text, status): one case per status, and the negations that flip them.
STATUS_CASES = [
    ("Germany pledged €500 million in military aid to Ukraine.", "pledged"),
    ("The Netherlands has promised to deliver 18 F-16 fighter jets to Ukraine.", "pledged"),
    ("Norway vowed to send air defence systems to Ukraine.", "pledged"),
    ("Japan will provide $4.5 billion in budget support to Ukraine.", "pledged"),
    (
        "Denmark has ordered nearly a thousand air-to-ground guided missiles for Ukraine.",
        "committed",
    ),
    ("Germany has acquired additional Patriot systems for Ukraine.", "committed"),
    ("Britain approved a £500m package of drones for Ukraine.", "committed"),
    ("France delivered 12 Caesar howitzers to Ukraine last month.", "delivered"),
    ("The EU disbursed €4.2 billion in macro-financial assistance to Ukraine.", "delivered"),
    ("Canada has deployed 200 instructors to Ukraine.", "delivered"),
    ("European countries should send four combat brigades to Ukraine.", "proposed"),
    ("NATO allies must provide Ukraine with more long-range missiles.", "proposed"),
    ("Europe will need to maintain a substantial naval presence off Ukraine.", "proposed"),
    ("Italy is considering sending more SAMP/T systems to Ukraine.", "considering"),
    ("Germany is ready to provide additional Patriot batteries to Ukraine.", "considering"),
    ("Spain is in talks with Ukraine about supplying more Hawk missiles.", "considering"),
    ("Chancellor Olaf Scholz ruled out sending Taurus missiles to Ukraine.", "refused"),
    ("Germany declined to send Taurus cruise missiles to Ukraine.", "refused"),
    ("Hungary rejected the €50 billion aid package for Ukraine.", "refused"),
    ("Washington remains cautious about sending ATACMS missiles to Ukraine.", "refused"),
    ("Poland no longer intends to supply weapons to Ukraine.", "refused"),
    ("Denmark did not pledge any new F-16s to Ukraine.", "refused"),
    ("The United States suspended deliveries of Patriot interceptors to Ukraine.", "withdrawn"),
    ("Slovakia has halted arms shipments to Ukraine.", "withdrawn"),
    ("Ukraine asked Germany for more Patriot systems.", "requested"),
    ("Ukraine asked its allies to send more air defence systems.", "requested"),
    # "would" under a verb that states the clause reports a "will".
    ("Germany said it would send tanks to Ukraine.", "pledged"),
    ("Germany signalled it would send tanks to Ukraine.", "pledged"),
]


@pytest.mark.parametrize(("text", "status"), STATUS_CASES)
def test_modality_decides_status(extract, text, status):
    assert _only(extract, text).status == status


NO_COMMITMENT = [
    "Ukraine could receive more aid next year.",
    "Ukraine must be prepared to defend itself.",
    # "would" under a denial, a question or a thought is no pledge.
    "Germany denied it would send tanks to Ukraine.",
    "Scholz wondered whether Germany would send tanks to Ukraine.",
    "Scholz believes Germany would send tanks to Ukraine.",
    "The Kremlin will categorically reject such principles.",
    "Ukraine assembled two million FPV drones in 2024.",
    "Would Trump sanction Russia for breaking any ceasefire? Very unlikely.",
]


@pytest.mark.parametrize("text", NO_COMMITMENT)
def test_no_commitment(extract, text):
    assert extract(text).commitments == []


# (text, committers): coordinations split, collectives kept.
COMMITTER_CASES = [
    (
        "Germany and Norway have acquired additional Patriot systems for Ukraine.",
        ["Germany", "Norway"],
    ),
    (
        "France and the United Kingdom have pledged to send troops to Ukraine.",
        ["France", "United Kingdom"],
    ),
    (
        "Only Britain, Estonia, France, and Lithuania have pledged to station their units on "
        "Ukrainian soil.",
        ["United Kingdom", "Estonia", "France", "Lithuania"],
    ),
    (
        "Macron said that 26 Western allies were prepared to support Ukraine from land, sea, or "
        "air.",
        ["Western allies"],
    ),
    ("Several Baltic states have pledged to send troops to Ukraine.", ["Baltic states"]),
    (
        "Nordic donors pledged more than $1 billion for Ukrainian drone production.",
        ["Nordic donors"],
    ),
    ("The first Leopard tanks from Poland arrived in Ukraine on Monday.", ["Poland"]),
    (
        "The United States, which pledged $2 billion in military aid to Ukraine, is a donor.",
        ["United States"],
    ),
    ("Olaf Scholz spoke on Monday. He pledged to send tanks to Ukraine.", ["Olaf Scholz"]),
]


@pytest.mark.parametrize(("text", "committers"), COMMITTER_CASES)
def test_committers(extract, text, committers):
    assert _names(_only(extract, text).committers) == committers


# (text, recipient): stated or implied.
RECIPIENT_CASES = [
    ("Trump has ruled out NATO membership for Ukraine.", "Ukraine"),
    ("Britain pledged to station units on Ukrainian soil.", "Ukraine"),
    ("Germany pledged to send more air defence systems to Kyiv.", "Ukraine"),
    (
        "The Trump administration has made clear it no longer intends to fund Ukraine's defense.",
        "Ukraine",
    ),
    (
        "Ukraine is in a war. Denmark has ordered nearly a thousand missiles. Ukraine needs them.",
        "Ukraine",
    ),
    ("Defence Minister Mykhailo Fedorov has promised sweeping reforms.", None),
    # No verb above the item: looking for the clause's subject once climbed past the root forever.
    ("Ukraine is in a war. Germany cautious about tanks.", "Ukraine"),
]


@pytest.mark.parametrize(("text", "recipient"), RECIPIENT_CASES)
def test_recipient(extract, text, recipient):
    record = _only(extract, text)
    assert (record.recipient.name if record.recipient else None) == recipient


KIND_CASES = [
    ("Trump has ruled out NATO membership for Ukraine.", "membership"),
    ("The US and UK offered assurances to Ukraine.", "security_guarantee"),
    ("Defence Minister Mykhailo Fedorov has promised sweeping reforms.", "policy"),
    (
        "Western allies have committed over $1.5 billion in direct funding for Ukrainian "
        "production of drones.",
        "funding",
    ),
    ("Japan will provide $4.5 billion in budget support to Ukraine.", "financial"),
    ("European countries should send four combat brigades to Ukraine.", "troops"),
    ("Canada has deployed 200 instructors to Ukraine.", "training"),
    (
        "Denmark has ordered nearly a thousand air-to-ground guided missiles for Ukraine.",
        "materiel",
    ),
    ("Germany pledged humanitarian aid to Ukraine.", "humanitarian"),
]


@pytest.mark.parametrize(("text", "kind"), KIND_CASES)
def test_kind(extract, text, kind):
    assert _only(extract, text).kind == kind


# (text, (quantity, unit), (amount, currency, bound), other amounts)
FIGURE_CASES = [
    (
        "Denmark has ordered nearly a thousand air-to-ground guided missiles for Ukraine.",
        (1000, "missiles"),
        None,
        [],
    ),
    (
        "European countries should send four combat brigades to Ukraine—around 20,000 troops.",
        (4, "brigades"),
        None,
        [],
    ),
    (
        "Western allies have committed over $1.5 billion in direct funding for Ukrainian "
        "production.",
        None,
        (1.5e9, "USD", "min"),
        [],
    ),
    (
        "In 2025 alone, Kyiv contracted 4.5 million FPV drones, spending more than 110 billion "
        "hryvnia (€2.1 billion).",
        (4.5e6, "drones"),
        (110e9, "UAH", "min"),
        [(2.1e9, "EUR", "exact")],
    ),
    ("Britain approved a £500m package of drones for Ukraine.", None, (500e6, "GBP", "exact"), []),
]


@pytest.mark.parametrize(("text", "quantity", "money", "others"), FIGURE_CASES)
def test_figures(extract, text, quantity, money, others):
    record = _only(extract, text)
    if quantity:
        assert (record.quantity, record.unit) == (pytest.approx(quantity[0]), quantity[1])
    if money:
        assert (record.amount, record.currency, record.amount_bound) == (
            pytest.approx(money[0]),
            money[1],
            money[2],
        )
    assert [(pytest.approx(a), c, b) for a, c, b in others] == record.other_amounts


SPEAKER_CASES = [
    (
        "Macron said that 26 Western allies were prepared to support Ukraine from land, sea, or "
        "air.",
        "Emmanuel Macron",
    ),
    (
        "Meanwhile, US envoy Keith Kellogg has noted, \u201cWe are working with Ukrainians now to "
        "make sure we have got "
        "this drone technology exchange.\u201d The talks go on.",
        "Keith Kellogg",
    ),
    ("Zelenskyy asked Germany for more Patriot systems to protect Ukraine.", "Volodymyr Zelenskyy"),
    (
        "European Commission President Ursula von der Leyen urged Germany to send more Taurus "
        "missiles to Ukraine.",
        "Ursula von der Leyen",
    ),
    (
        "Macron's statement that France will send troops to Ukraine surprised allies.",
        "Emmanuel Macron",
    ),
    ("Olaf Scholz met reporters. He said Germany would send tanks to Ukraine.", "Olaf Scholz"),
]


@pytest.mark.parametrize(("text", "speaker"), SPEAKER_CASES)
def test_asserted_by(extract, text, speaker):
    record = _only(extract, text)
    assert record.asserted_by is not None and record.asserted_by.name == speaker


def test_urged_actor_is_the_committer(extract):
    record = _only(
        extract,
        "European Commission President Ursula von der Leyen urged Germany to send more Taurus "
        "missiles to Ukraine.",
    )
    assert (_names(record.committers), record.status, record.recipient.name) == (
        ["Germany"],
        "proposed",
        "Ukraine",
    )


def test_asking_recipient_makes_a_request(extract):
    record = _only(
        extract, "Zelensky urged Western allies to send more air defence systems to Ukraine."
    )
    assert (_names(record.committers), record.status, record.recipient.name) == (
        ["Western allies"],
        "requested",
        "Ukraine",
    )


def test_stance_without_object_inherits_the_previous_item(extract):
    records = extract(
        "France and Britain have pledged to send troops to Ukraine. But Poland and Germany remain "
        "cautious."
    ).commitments
    assert [(r.status, r.kind, _names(r.committers)) for r in records] == [
        ("pledged", "troops", ["France", "United Kingdom"]),
        ("refused", "troops", ["Poland", "Germany"]),
    ]


def test_records_are_well_formed(extract):
    text = (
        Path(__file__)
        .resolve()
        .parent.parent.joinpath("seeds", "essay-europe-guarantee-force.txt")
        .read_text(encoding="utf-8")
    )
    result = extract(text, "essay.txt")
    assert result.commitments
    mentions = {(m.start_char, m.end_char) for m in result.mentions}
    for r in result.commitments:
        assert r.kind in COMMITMENT_KINDS and r.status in COMMITMENT_STATUSES
        assert r.amount_bound in (None, *AMOUNT_BOUNDS)
        assert text[r.start_char : r.end_char] == r.text and r.item
        assert r.rule.startswith("cue.") and 0 < r.confidence <= 1
        for m in [*r.committers, *([r.recipient] if r.recipient else [])]:
            assert (m.start_char, m.end_char) in mentions or m.rule == "commitments.collective"


# --- the rule table -----------------------------------------------------------------------------


def _commitments_with(nlp, gazetteer, text, lexicon):
    from kg.extract import extract_document
    from kg.extract.commitments import extract_commitments
    from kg.ingest import make_document
    from kg.nlp import parse

    ((document, doc),) = parse(nlp, [make_document("test.txt", text)])
    records = extract_document(document, doc, gazetteer=gazetteer)
    return extract_commitments(
        doc, records.mentions, records.statements, gazetteer=gazetteer, lexicon=lexicon
    )


def test_commitments_read_the_shared_reporting_lexicon():
    """Reporting words and pronouns are kg/data/reporting.toml's, not a copy of their own."""
    from kg.extract.commitments import load_lexicon
    from kg.extract.reporting import load_reporting

    lex = load_lexicon()
    assert lex.reporting is load_reporting()
    reflexive = lex.reporting.pronouns.reflexive
    assert lex.items.reflexive_pronouns == lex.kinds.reflexive_pronouns == reflexive


def test_rule_table_follows_the_data():
    from kg.extract.commitments import load_lexicon
    from kg.extract.commitments.rules import rule_table

    lex = load_lexicon()
    table = rule_table(lex)
    assert [(r.id, r.confidence) for r in table] == [(e.id, e.confidence) for e in lex.readers]
    assert [r.id for r in rule_table(lex)] == [
        "commitments.noun",
        "commitments.addressee",
        "commitments.chain",
    ]


def test_unknown_rule_in_the_data_is_an_error():
    from dataclasses import replace

    from kg.errors import UnknownRule
    from kg.extract.commitments import load_lexicon
    from kg.extract.commitments.lexicon import ReaderEntry
    from kg.extract.commitments.rules import rule_table

    with pytest.raises(UnknownRule, match="commitments.nothing"):
        rule_table(replace(load_lexicon(), readers=(ReaderEntry("commitments.nothing", 0.5),)))


# (text, reader whose confidence is changed): a record's confidence starts at its reader's.
CONFIDENCE_CASES = [
    ("Germany pledged €500 million in military aid to Ukraine.", "commitments.chain"),
    (
        "Ursula von der Leyen urged Germany to send more Taurus missiles to Ukraine.",
        "commitments.addressee",
    ),
]


@pytest.mark.parametrize(("text", "reader"), CONFIDENCE_CASES)
def test_reader_confidence_is_data(nlp, gazetteer, text, reader):
    from dataclasses import replace

    from kg.extract.commitments import load_lexicon
    from kg.extract.commitments.lexicon import ReaderEntry

    lex = load_lexicon()
    readers = tuple(ReaderEntry(e.id, 0.5 if e.id == reader else e.confidence) for e in lex.readers)
    (record,) = _commitments_with(nlp, gazetteer, text, replace(lex, readers=readers))
    assert record.confidence == 0.5


@pytest.mark.parametrize(
    "text",
    [
        "A crew member on a superyacht linked to an oligarch sanctioned by the UK told the "
        "Observer last week: “We were told to turn off the AIS”.",
    ],
)
def test_every_commitment_names_its_item(extract, text):
    # The contract wants one non-empty kg:item: a reading that finds no item is no commitment.
    for record in extract(f"Headline\n\n{text}\n").commitments:
        assert record.item.strip()


# Issue 17: the general classes of news commitments, one flat case each:
# (text, committers, kind, status, recipient) of the one record the sentence gives.
def _read(record) -> tuple:
    recipient = record.recipient.name if record.recipient else None
    return (_names(record.committers), record.kind, record.status, recipient)


CLASS_CASES = [
    # sanctions: the sanctioning actor commits, the target is the recipient
    (
        "Canada imposed new sanctions on Russia's biggest lender.",
        (["Canada"], "sanctions", "committed", "Russia"),
    ),
    (
        "Japan has widened its sanctions against Russia to cover exports of luxury cars.",
        (["Japan"], "sanctions", "committed", "Russia"),
    ),
    (
        "Italy has frozen €800m of Russian assets, its finance ministry said.",
        (["Italy"], "sanctions", "committed", "Russia"),
    ),
    (
        "Hungary is not imposing an embargo on Russian gas.",
        (["Hungary"], "sanctions", "refused", "Russia"),
    ),
    (
        "Both India and Brazil have resisted joining efforts to sanction Russia.",
        (["India", "Brazil"], "sanctions", "refused", "Russia"),
    ),
    # stances in noun form
    (
        "Norway has taken the unprecedented decision to send weapons to Ukraine.",
        (["Norway"], "materiel", "committed", "Ukraine"),
    ),
    (
        "Sweden's plan to send anti-tank weapons to Ukraine was welcomed in Kyiv.",
        (["Sweden"], "materiel", "considering", "Ukraine"),
    ),
    (
        "Moscow condemned the US decision to supply Ukraine with rocket launchers.",
        (["United States"], "materiel", "committed", "Ukraine"),
    ),
    # membership decisions: the joiner is the recipient, never the alliance
    (
        "The Canadian parliament ratified Sweden's accession to Nato.",
        (["Canada"], "membership", "committed", "Sweden"),
    ),
    # an application to join is asked of the organisation joined
    (
        "Georgia applied to join the European Union last year.",
        (["European Union"], "membership", "requested", "Georgia"),
    ),
    (
        "Brussels is weighing Moldova's bid to become a member of the European Union.",
        (["European Union"], "membership", "requested", "Moldova"),
    ),
    # a person's pledge, when the article names no holder of the title
    (
        "Poland's president promised to send more tanks to Ukraine.",
        (["Poland"], "materiel", "pledged", "Ukraine"),
    ),
    # requests: the actor asked commits
    (
        "Kyiv's foreign minister urged the west to send more artillery to Ukraine.",
        (["Western allies"], "materiel", "requested", "Ukraine"),
    ),
    # a request with no one asked, whose item names its givers
    (
        "Kyiv has been calling for a steady flow of western artillery.",
        (["Western allies"], "materiel", "requested", "Ukraine"),
    ),
    # an allegation keeps the committer it names
    (
        "Washington accused Belarus of preparing to supply Russia with artillery shells.",
        (["Belarus"], "materiel", "considering", "Russia"),
    ),
    # the giver of a thing named in passing
    (
        "The strike hit howitzers that had been delivered to Ukraine by Canada.",
        (["Canada"], "materiel", "delivered", "Ukraine"),
    ),
    # a banned person's country is the target; the gerund after "from" is what they may not do
    (
        "Moscow banned 40 Canadians, including the prime minister, from entering Russia.",
        (["Russia"], "sanctions", "committed", "Canada"),
    ),
    # "is to supply": scheduled, like "will"
    (
        "Portugal is to supply Ukraine with armoured vehicles.",
        (["Portugal"], "materiel", "pledged", "Ukraine"),
    ),
    # "will" before a verb of continuing still announces
    (
        "Denmark will continue to send artillery shells to Ukraine.",
        (["Denmark"], "materiel", "pledged", "Ukraine"),
    ),
    # a reported "would not" is a refusal
    (
        "Canada would not send troops to Ukraine, its defence minister said.",
        (["Canada"], "troops", "refused", "Ukraine"),
    ),
    # a threat is a stance, not a deed
    (
        "Hungary threatened to veto the accession of Finland to Nato.",
        (["Hungary"], "membership", "considering", "Finland"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), CLASS_CASES)
def test_commitment_classes(extract, text, expected):
    assert _read(_only(extract, text)) == expected


# Sentences that commit no one to anything.
NOT_COMMITTED = [
    # a condition, a threat built on one
    "If longer-range rockets were delivered, Moscow would hit new targets, the Kremlin said.",
    # a denial of a delivery
    "Belarus denied it had sent troops to Ukraine.",
    # a domestic bill becoming law
    "The bill still has to be signed by the president to become law.",
    # an act of war under a cue
    "Russian commanders have decided to storm the steel plant.",
    # a purpose clause of a verb that commits nothing itself
    "Officials met in Brussels to discuss how to fund the reconstruction.",
]


@pytest.mark.parametrize("text", NOT_COMMITTED)
def test_not_committed(extract, text):
    assert extract(text).commitments == []


# One commitment, however many ways the sentence or the document states it.
ONE_RECORD = [
    # an announcement and the clause it announces
    "Macron announced that France will deliver six howitzers to Ukraine.",
    # a sentence a live blog repeats
    "Spain will send 20 tanks to Ukraine.\n\nSpain will send 20 tanks to Ukraine.",
]


@pytest.mark.parametrize("text", ONE_RECORD)
def test_one_record(extract, text):
    assert len(extract(text).commitments) == 1


def test_request_asks_the_givers_just_named(extract):
    records = extract(
        "Germany sent ten howitzers to Ukraine last week. Kyiv has asked for more heavy weapons."
    ).commitments
    assert [(_names(r.committers), r.status) for r in records] == [
        (["Germany"], "delivered"),
        (["Germany"], "requested"),
    ]


def test_implied_recipient_needs_the_paragraph_to_name_it(extract):
    text = (
        "Russia's war on Ukraine goes on. Russia fired missiles. Russia lost tanks.\n\n"
        "Finland pledged new howitzers."
    )
    (record,) = extract(text).commitments
    assert record.recipient is None


# --- domestic acts, increases, receipts (issue 17 follow-ups) -----------------------------------


def _read_item(record) -> tuple:
    return (*_read(record), record.item)


# Money an actor keeps or spends at home is given to no other actor: no commitment.
DOMESTIC = [
    # a company's income
    "Last quarter its Russian subsidiary contributed about $3bn of the group's annual sales.",
    # a country's own revenue, raised
    "Norway more than doubled its oil revenues in the first half of the year.",
    # support for households at home
    "The French government unveiled a €20bn support package for households facing higher bills.",
    "Italy has approved a €14bn package to help families and businesses cope with inflation.",
    # its own budget
    "Germany will increase its defence budget to €100bn.",
]


@pytest.mark.parametrize("text", DOMESTIC)
def test_domestic_money_is_no_commitment(extract, text):
    assert extract(text).commitments == []


# (text, (committers, kind, status, recipient, item)): money given to another actor stays, though
# its words look domestic ("budget support", a sale, households named by a demonym); increases of
# troops or aid are deployments and pledges; a receipt "from" someone is their delivery.
GIVEN = [
    (
        "Japan will provide $600 million in budget support to Ukraine.",
        (["Japan"], "financial", "pledged", "Ukraine", "$600 million in budget support to Ukraine"),
    ),
    (
        "The US approved a $165m sale of ammunition to Ukraine.",
        (
            ["United States"],
            "funding",
            "committed",
            "Ukraine",
            "a $165m sale of ammunition to Ukraine",
        ),
    ),
    (
        "Sweden approved $50m to help Ukrainian households through the winter.",
        (
            ["Sweden"],
            "financial",
            "committed",
            "Ukraine",
            "$50m to help Ukrainian households through the winter",
        ),
    ),
    # increases: the host of the troops receives them; "will" makes it a pledge
    (
        "Britain will boost its troops in Estonia to 2,000.",
        (["United Kingdom"], "troops", "pledged", "Estonia", "its troops in Estonia to 2,000"),
    ),
    (
        "The US has doubled its presence in Poland.",
        (["United States"], "troops", "delivered", "Poland", "its presence in Poland"),
    ),
    (
        "Canada will increase its contingent in Latvia.",
        (["Canada"], "troops", "pledged", "Latvia", "its contingent in Latvia"),
    ),
    (
        "France has reinforced its battlegroup in Romania.",
        (["France"], "troops", "delivered", "Romania", "its battlegroup in Romania"),
    ),
    (
        "Germany decided to double its military aid to Ukraine.",
        (["Germany"], "materiel", "committed", "Ukraine", "double its military aid to Ukraine"),
    ),
    # receipts and arrivals: the sender commits
    (
        "Ukraine received a $500m loan from Japan.",
        (["Japan"], "financial", "delivered", "Ukraine", "a $500m loan from Japan"),
    ),
    (
        "Moldova received 20 generators from Romania.",
        (["Romania"], "humanitarian", "delivered", "Moldova", "20 generators from Romania"),
    ),
    (
        "Dutch howitzers arrived in Ukraine last week.",
        (["Netherlands"], "materiel", "delivered", "Ukraine", "Dutch howitzers"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), GIVEN)
def test_money_and_deployments_given(extract, text, expected):
    assert _read_item(_only(extract, text)) == expected


# Increases of nothing given, or of something given to no one named; receipts from no one named;
# running totals (the sum of commitments reported one by one, which `money` would count twice).
NOT_GIVEN = [
    "Russia increased oil production last month.",
    "China boosted its exports of microchips.",
    "Poland strengthened its economy.",
    "Ukraine received a loan last month.",
    "The new pledges bring Norway's total military assistance to Ukraine to about $1bn.",
]


@pytest.mark.parametrize("text", NOT_GIVEN)
def test_not_given(extract, text):
    assert extract(text).commitments == []


# (text, status): a reported "would" on a verb before the action announces it, as "will" does.
REPORTED_CONTINUATION = [
    ("The minister said Norway would continue to supply Ukraine with artillery shells.", "pledged"),
    ("Orbán said Hungary would not continue to send arms to Ukraine.", "refused"),
]


@pytest.mark.parametrize(("text", "status"), REPORTED_CONTINUATION)
def test_reported_continuation(extract, text, status):
    assert _only(extract, text).status == status
