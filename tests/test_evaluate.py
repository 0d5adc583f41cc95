"""kg eval: the scoring rules of shared/gold/README.md on small hand-written gold files and
graphs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import GoldError, OutputMissing
from kg.names import fold_name
from kg.scoring.kg_gold import CATEGORIES, evaluate
from kg.scoring.measures import Counts, tokens

PREFIXES = """\
@prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix kg: <https://example.org/kg/ontology#> .
@prefix kind: <https://example.org/kg/ontology/commitment-kind/> .
@prefix status: <https://example.org/kg/ontology/commitment-status/> .
@prefix : <https://example.org/kg/id/> .
"""

ACTORS = """\
:putin a schema:Person ; schema:name "Vladimir Putin" .
:rutte a schema:Person ; schema:name "Mark Rutte" .
:ash a schema:Person ; schema:name "Timothy Ash" .
:nato a schema:Organization ; schema:name "NATO" .
:ukraine a schema:Country ; schema:name "Ukraine" .
:russia a schema:Country ; schema:name "Russia" .
:germany a schema:Country ; schema:name "Germany" .
:norway a schema:Country ; schema:name "Norway" .
:us a schema:Country ; schema:name "United States" .
:allies a kg:Group ; schema:name "Western allies" .
"""

REGISTRY = {
    "Vladimir Putin": {"type": "Person", "aliases": ["Putin"]},
    "Mark Rutte": {"type": "Person", "aliases": ["Rutte"]},
    "Timothy Ash": {"type": "Person", "aliases": ["Ash"]},
    "Fabien Hinz": {"type": "Person", "aliases": ["Hinz"]},
    "NATO": {"type": "Organization", "aliases": ["North Atlantic Treaty Organization"]},
    "Ukraine": {"type": "Country", "aliases": ["Kyiv"]},
    "Russia": {"type": "Country", "aliases": ["Moscow", "the Kremlin"]},
    "Germany": {"type": "Country", "aliases": ["Berlin"]},
    "Norway": {"type": "Country", "aliases": []},
    "United States": {"type": "Country", "aliases": ["US", "Washington"]},
    "Western allies": {"type": "Group", "aliases": ["allies"]},
}


def gold_doc(**parts) -> dict:
    doc = {
        "file": "a.txt",
        "meta": {"title": None, "published": None, "publisher": None, "author": None},
        "actors": [],
        "optional_actors": [],
        "not_actors": [],
        "roles": [],
        "statements": [],
        "commitments": [],
    }
    doc.update(parts)
    return doc


def document(body: str = "", doc_iri: str = ":a", ident: str = "a.txt") -> str:
    return f'{doc_iri} a schema:NewsArticle ; schema:identifier "{ident}" {body} .\n'


def fact(iri: str, body: str, doc: str = ":a", n: int = 0) -> str:
    """A fact node with its evidence in `doc` (per the contract: prov:wasDerivedFrom ->
    oa:hasSource)."""
    ev_iri = f"{iri}-ev{n}"
    return (
        f"{iri} {body} ; prov:wasDerivedFrom {ev_iri} .\n"
        f'{ev_iri} a oa:SpecificResource ; oa:hasSource {doc} ; kg:rule "test" ; kg:confidence 1.0 '
        ".\n"
    )


def score(tmp_path: Path, docs: list[dict], turtle: str, name: str = "graph.ttl") -> dict:
    gold = tmp_path / "gold.json"
    gold.write_text(
        json.dumps({"format": "kg-gold/1", "actors": REGISTRY, "documents": docs}), encoding="utf-8"
    )
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    (out / name).write_text(PREFIXES + ACTORS + turtle, encoding="utf-8")
    return evaluate(gold, out)


# --- folding and tokens -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("The Kremlin", "kremlin"),
        ("Ukraine\u2019s  army", "ukraine's army"),
        ("  NATO ", "nato"),
        ("\u201cSteel porcupine\u201d", '"steel porcupine"'),
    ],
)
def test_fold_name(a, b):
    assert fold_name(a) == fold_name(b)


def test_fold_name_keeps_an_inner_the():
    assert fold_name("Theresa May") == "theresa may"
    assert fold_name("Bank of the North") == "bank of the north"


def test_tokens_are_folded_words():
    words = tokens("Ukraine\u2019s army \u2014 \u201cSOLID.\u201d")
    assert words == ["ukraine", "s", "army", "solid"]


# --- actors -----------------------------------------------------------------------------------


def test_actor_aliases_map_to_the_canonical_name(tmp_path):
    turtle = ':kremlin a schema:Country ; schema:name "the Kremlin" .\n' + document(
        "; schema:mentions :kremlin, :rutte"
    )
    r = score(tmp_path, [gold_doc(actors=["Russia", "Mark Rutte", "NATO"])], turtle)
    a = r["figures"]["actors"]
    assert (a["gold"], a["found"], a["system"], a["correct"]) == (3, 2, 2, 2)
    assert a["precision"] == 1.0 and a["recall"] == pytest.approx(2 / 3)
    assert r["per_document"]["a.txt"]["actors"]["found"] == 2


def test_not_actors_are_counted_and_are_false_positives(tmp_path):
    turtle = ':yt a schema:Organization ; schema:name "YouTube" .\n' + document(
        "; schema:mentions :yt, :nato"
    )
    r = score(tmp_path, [gold_doc(actors=["NATO"], not_actors=["YouTube", "Article 5"])], turtle)
    a = r["figures"]["actors"]
    assert a["not_actor_hits"] == 1 and a["not_actors"] == ["a.txt: YouTube"]
    assert (a["system"], a["correct"]) == (2, 1)


def test_optional_actors_are_neither_rewarded_nor_penalised(tmp_path):
    turtle = document("; schema:mentions :nato, :allies")
    r = score(
        tmp_path, [gold_doc(actors=["NATO", "Ukraine"], optional_actors=["Western allies"])], turtle
    )
    a = r["figures"]["actors"]
    assert (a["gold"], a["found"], a["system"], a["correct"]) == (2, 1, 1, 1)


def test_type_accuracy_and_duplicate_nodes(tmp_path):
    turtle = (
        ':kyiv a schema:Organization ; schema:name "Kyiv" .\n'
        ':putin2 a schema:Person ; schema:name "Putin" .\n'
        + document("; schema:mentions :kyiv, :putin, :putin2")
    )
    r = score(tmp_path, [gold_doc(actors=["Ukraine", "Vladimir Putin"])], turtle)
    a = r["figures"]["actors"]
    assert (a["system"], a["correct"], a["found"]) == (2, 2, 2)  # duplicates count once
    assert a["type_accuracy"] == 0.5  # Kyiv typed as an organisation
    assert a["duplicate_nodes"] == 1 and a["duplicates"][0]["actor"] == "Vladimir Putin"


def test_identical_unknown_names_are_duplicates(tmp_path):
    turtle = (
        ':x1 a schema:Organization ; schema:name "Acme Arms" .\n'
        ':x2 a schema:Organization ; schema:name "the ACME arms" .\n'
        + document("; schema:mentions :x1, :x2")
    )
    r = score(tmp_path, [gold_doc(actors=["NATO"])], turtle)
    a = r["figures"]["actors"]
    assert a["duplicate_nodes"] == 1 and (a["system"], a["correct"]) == (1, 0)


def test_group_type_wins_over_its_superclass(tmp_path):
    turtle = (
        document("; schema:mentions :allies2")
        + ':allies2 a kg:Group, schema:Organization ; schema:name "allies" .\n'
    )
    r = score(tmp_path, [gold_doc(actors=["Western allies"])], turtle)
    assert r["figures"]["actors"]["type_accuracy"] == 1.0


# --- statements -------------------------------------------------------------------------------

ASH_1 = "Would Trump go to war with Russia over Ukraine? Absolutely not,"
ASH_2 = "Would Trump sanction Russia for breaking any ceasefire? Very unlikely."


def statement(iri: str, speaker: str, text: str, doc: str = ":a") -> str:
    return fact(
        iri, f"a schema:Quotation ; schema:creator {speaker} ; schema:text {json.dumps(text)}", doc
    )


def ash_gold(more: tuple[dict, ...] = (), **parts) -> dict:
    return gold_doc(
        statements=[
            {"speaker": ["Timothy Ash"], "text": ASH_1, "kind": "direct"},
            {"speaker": ["Timothy Ash"], "text": ASH_2, "kind": "direct"},
            *more,
        ],
        **parts,
    )


@pytest.mark.parametrize(
    ("turtle", "found", "system", "correct"),
    [
        # one system statement per gold statement, curly quotes and case ignored
        (
            statement(":s1", ":ash", ASH_1.upper())
            + statement(":s2", ":ash", ASH_2.replace("'", "\u2019")),
            2,
            2,
            2,
        ),
        # two adjacent quotes merged into one system statement: both found, the merged one correct
        (statement(":s1", ":ash", ASH_1 + " " + ASH_2), 2, 1, 1),
        # a quote split in two halves: each half is correct; a half with >= 60% of the gold finds it
        (
            statement(":s1", ":ash", "Would Trump go to war with Russia over")
            + statement(":s2", ":ash", "Ukraine? Absolutely not,"),
            1,
            2,
            2,
        ),
        # the wrong speaker: nothing found, nothing correct
        (statement(":s1", ":rutte", ASH_1) + statement(":s2", ":rutte", ASH_2), 0, 2, 0),
        # a short fragment (< 60% of the gold) is still correct, but finds nothing
        (statement(":s1", ":ash", "Absolutely not"), 0, 1, 1),
        # unrelated text
        (statement(":s1", ":ash", "The weather in Kyiv was cold on Monday."), 0, 1, 0),
    ],
)
def test_statement_token_coverage(tmp_path, turtle, found, system, correct):
    r = score(tmp_path, [ash_gold()], document() + turtle)
    s = r["figures"]["statements"]
    assert (s["gold"], s["found"], s["system"], s["correct"]) == (2, found, system, correct)


def test_quote_recall_ignores_the_speaker(tmp_path):
    turtle = document() + statement(":s1", ":rutte", ASH_1) + statement(":s2", ":ash", ASH_2)
    r = score(tmp_path, [ash_gold()], turtle)
    s = r["figures"]["statements"]
    assert s["recall"] == 0.5 and s["quote_recall"] == 1.0
    assert r["per_document"]["a.txt"]["errors"]["statements"]["wrong_speaker"][0]["text"] == ASH_1


def test_optional_statements_are_correct_but_not_required(tmp_path):
    optional = {"speaker": ["Mark Rutte"], "text": "solid.", "kind": "partial", "optional": True}
    turtle = document() + statement(":s1", ":rutte", "solid")
    r = score(tmp_path, [ash_gold(more=[optional])], turtle)
    s = r["figures"]["statements"]
    assert (s["gold"], s["found"], s["system"], s["correct"]) == (2, 0, 1, 1)


def test_any_acceptable_speaker_counts(tmp_path):
    gold = gold_doc(
        statements=[{"speaker": ["Russia", "Vladimir Putin"], "text": ASH_1, "kind": "direct"}]
    )
    turtle = (
        document()
        + ':kremlin a schema:Country ; schema:name "Kremlin" .\n'
        + statement(":s1", ":kremlin", ASH_1)
    )
    # "Kremlin" is not an alias ("the Kremlin" is, and the leading "the" is dropped when folding)
    s = score(tmp_path, [gold], turtle)["figures"]["statements"]
    assert (s["found"], s["correct"]) == (1, 1)


def test_statements_are_scored_in_the_document_of_their_evidence(tmp_path):
    turtle = (
        document()
        + document(doc_iri=":b", ident="b.txt")
        + statement(":s1", ":ash", ASH_1, doc=":b")
        + statement(":s2", ":ash", ASH_2, doc=":b")
    )
    r = score(tmp_path, [ash_gold(), gold_doc(file="b.txt")], turtle)
    assert r["per_document"]["a.txt"]["statements"]["found"] == 0
    assert r["per_document"]["b.txt"]["statements"]["system"] == 2
    assert r["figures"]["statements"]["precision"] == 0.0


# --- commitments ------------------------------------------------------------------------------


def commitment(
    iri: str, committers: str, kind: str, status: str, recipient: str | None = None
) -> str:
    body = (
        f"a kg:Commitment ; kg:committer {committers} ; kg:commitmentKind kind:{kind} ; "
        f"kg:commitmentStatus status:{status}"
    )
    if recipient:
        body += f" ; kg:recipient {recipient}"
    return fact(iri, body + ' ; kg:item "air defence"')


def gold_commitment(actor, kind, status, recipient="Ukraine", **extra) -> dict:
    return {
        "actor": actor,
        "kind": kind,
        "status": status,
        "recipient": recipient,
        "item": "x",
        **extra,
    }


def test_a_joint_commitment_matches_each_committer(tmp_path):
    gold = gold_doc(
        commitments=[
            gold_commitment(["Germany"], ["materiel"], ["pledged"]),
            gold_commitment(["Norway"], ["materiel"], ["pledged"]),
            gold_commitment(["United States"], ["funding"], ["committed"]),
        ]
    )
    turtle = document() + commitment(":c1", ":germany, :norway", "materiel", "pledged", ":ukraine")
    c = score(tmp_path, [gold], turtle)["figures"]["commitments"]
    assert (c["gold"], c["found"], c["system"], c["correct"]) == (3, 2, 1, 1)
    assert c["status_accuracy"] == 1.0 and c["recipient_accuracy"] == 1.0


@pytest.mark.parametrize(
    ("turtle", "found", "correct", "status_ok", "recipient_ok"),
    [
        (commitment(":c1", ":us", "funding", "pledged", ":ukraine"), 1, 1, 1, 1),
        (
            commitment(":c1", ":us", "financial", "pledged", ":ukraine"),
            1,
            1,
            1,
            1,
        ),  # any acceptable kind
        (commitment(":c1", ":us", "funding", "delivered", ":ukraine"), 1, 1, 0, 1),  # wrong status
        (commitment(":c1", ":us", "funding", "pledged", ":russia"), 1, 1, 1, 0),  # wrong recipient
        (commitment(":c1", ":us", "funding", "pledged"), 1, 1, 1, 0),  # missing recipient
        (commitment(":c1", ":us", "troops", "pledged", ":ukraine"), 0, 0, 0, 0),  # wrong kind
        (
            commitment(":c1", ":germany", "funding", "pledged", ":ukraine"),
            0,
            0,
            0,
            0,
        ),  # wrong committer
    ],
)
def test_commitment_kind_status_recipient(
    tmp_path, turtle, found, correct, status_ok, recipient_ok
):
    gold = gold_doc(
        commitments=[
            gold_commitment(["Washington"], ["funding", "financial"], ["pledged", "committed"])
        ]
    )
    c = score(tmp_path, [gold], document() + turtle)["figures"]["commitments"]
    assert (c["found"], c["correct"], c["status_right"], c["recipient_right"]) == (
        found,
        correct,
        status_ok,
        recipient_ok,
    )


@pytest.mark.parametrize(("recipient", "right"), [(None, 1), (":ukraine", 0)])
def test_a_null_gold_recipient_wants_none(tmp_path, recipient, right):
    gold = gold_doc(
        commitments=[gold_commitment(["Russia"], ["policy"], ["pledged"], recipient=None)]
    )
    turtle = document() + commitment(":c1", ":russia", "policy", "pledged", recipient)
    assert score(tmp_path, [gold], turtle)["figures"]["commitments"]["recipient_right"] == right


def test_optional_commitments_make_a_system_commitment_correct(tmp_path):
    gold = gold_doc(
        commitments=[
            gold_commitment(["Germany"], ["materiel"], ["pledged"]),
            gold_commitment(["Norway"], ["training"], ["pledged"], optional=True),
        ]
    )
    turtle = document() + commitment(":c1", ":norway", "training", "pledged", ":ukraine")
    c = score(tmp_path, [gold], turtle)["figures"]["commitments"]
    assert (c["gold"], c["found"], c["system"], c["correct"]) == (1, 0, 1, 1)


# --- roles ------------------------------------------------------------------------------------


def post(iri: str, person: str, title: str, organization: str | None = None) -> str:
    body = f"a org:Membership ; org:member {person} ; org:role {iri}-role"
    if organization:
        body += f" ; org:organization {organization}"
    return fact(iri, body) + f"{iri}-role a org:Role ; skos:prefLabel {json.dumps(title)} .\n"


ROLES = [
    {
        "person": "Mark Rutte",
        "title_keywords": ["Secretary-General", "Secretary General"],
        "org": ["NATO"],
    },
    {"person": "Timothy Ash", "title_keywords": ["analyst"], "org": None},
    {"person": "Vladimir Putin", "title_keywords": [""], "org": ["Russia"]},
]


@pytest.mark.parametrize(
    ("turtle", "found", "system", "correct"),
    [
        (post(":p1", ":rutte", "secretary general", ":nato"), 1, 1, 1),
        (post(":p1", ":rutte", "Secretary-General", ":ukraine"), 0, 1, 0),  # wrong organisation
        (post(":p1", ":rutte", "Secretary-General"), 0, 1, 0),  # an organisation is required
        (post(":p1", ":ash", "senior emerging-markets analyst"), 1, 1, 1),  # org null: none needed
        (post(":p1", ":ash", "strategist", ":nato"), 0, 1, 0),  # title lacks the keyword
        (post(":p1", ":ash", "analyst", ":nato"), 1, 1, 1),  # org null: any organisation
        (post(":p1", ":putin", "leader", ":russia"), 1, 1, 1),  # keyword "" matches any title
        (post(":p1", ":putin", "leader", ":nato"), 0, 1, 0),
        (post(":p1", ":germany", "President"), 0, 0, 0),  # not a person of this document: ignored
    ],
)
def test_roles(tmp_path, turtle, found, system, correct):
    gold = gold_doc(
        actors=["Mark Rutte", "Timothy Ash", "Vladimir Putin", "NATO", "Russia"], roles=ROLES
    )
    r = score(tmp_path, [gold], document() + turtle)["figures"]["roles"]
    assert (r["gold"], r["found"], r["system"], r["correct"]) == (3, found, system, correct)


def test_a_post_of_a_listed_person_without_a_gold_role_is_wrong(tmp_path):
    gold = gold_doc(actors=["Mark Rutte", "Fabien Hinz"], roles=ROLES[:1])
    turtle = (
        document()
        + ':hinz a schema:Person ; schema:name "Hinz" .\n'
        + post(":p1", ":hinz", "analyst")
    )
    r = score(tmp_path, [gold], turtle)["figures"]["roles"]
    assert (r["system"], r["correct"]) == (1, 0)


# --- metadata ---------------------------------------------------------------------------------

META_TURTLE = (
    ':pub a schema:Organization ; schema:name "The Caliber.az" .\n'
    ':auth a schema:Person ; schema:name "Vafa Guliyeva" .\n'
)


@pytest.mark.parametrize(
    ("body", "gold_meta", "right"),
    [
        (
            '; schema:headline "POLITICO: \\"Steel porcupine\\" strategy" ; schema:datePublished '
            '"2026-02-04"^^xsd:date'
            " ; schema:publisher :pub ; schema:author :auth",
            {
                "title": "POLITICO: \u201cSteel porcupine\u201d strategy",
                "published": "2026-02-04",
                "publisher": "Caliber.az",
                "author": "Vafa Guliyeva",
            },
            4,
        ),
        ("", {"title": None, "published": None, "publisher": None, "author": None}, 4),
        (
            '; schema:headline "Menu" ; schema:datePublished "2026-02-05"^^xsd:date',
            {"title": None, "published": "2026-02-04", "publisher": "Caliber.az", "author": None},
            1,
        ),
        (
            '; schema:datePublished "2026-02-04T09:30:00"^^xsd:dateTime',
            {"title": None, "published": "2026-02-04", "publisher": None, "author": None},
            4,
        ),
    ],
)
def test_metadata(tmp_path, body, gold_meta, right):
    r = score(tmp_path, [gold_doc(meta=gold_meta)], META_TURTLE + document(body))
    m = r["figures"]["metadata"]
    assert (m["correct"], m["total"]) == (right, 4)


# --- the whole run ----------------------------------------------------------------------------


def test_a_gold_document_missing_from_the_graph_is_all_misses(tmp_path):
    r = score(tmp_path, [gold_doc(file="b.txt", actors=["NATO"])], document())
    assert r["missing_documents"] == ["b.txt"]
    assert r["figures"]["actors"]["recall"] == 0.0 and r["figures"]["actors"]["precision"] is None


def test_identifier_with_a_folder_matches_by_file_name(tmp_path):
    r = score(
        tmp_path,
        [gold_doc(actors=["NATO"])],
        document("; schema:mentions :nato", ident="seeds/a.txt"),
    )
    assert r["missing_documents"] == [] and r["figures"]["actors"]["recall"] == 1.0


def test_micro_average_sums_counts_over_documents(tmp_path):
    turtle = document("; schema:mentions :nato") + document(
        "; schema:mentions :russia, :ukraine", ":b", "b.txt"
    )
    docs = [gold_doc(actors=["NATO", "Ukraine"]), gold_doc(file="b.txt", actors=["Russia"])]
    a = score(tmp_path, docs, turtle)["figures"]["actors"]
    assert (a["precision"], a["recall"]) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert a["f1"] == pytest.approx(2 / 3)


def test_reads_n_triples_when_there_is_no_turtle(tmp_path):
    nt = (
        "<https://example.org/kg/id/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
        "<https://schema.org/NewsArticle> .\n"
        '<https://example.org/kg/id/a> <https://schema.org/identifier> "a.txt" .\n'
        "<https://example.org/kg/id/a> <https://schema.org/mentions> "
        "<https://example.org/kg/id/nato> .\n"
        '<https://example.org/kg/id/nato> <https://schema.org/name> "NATO" .\n'
    )
    gold = tmp_path / "gold.json"
    gold.write_text(
        json.dumps(
            {"format": "kg-gold/1", "actors": REGISTRY, "documents": [gold_doc(actors=["NATO"])]}
        )
    )
    (tmp_path / "graph.nt").write_text(nt)
    assert evaluate(gold, tmp_path)["figures"]["actors"]["recall"] == 1.0


def test_missing_output_raises(tmp_path):
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"format": "kg-gold/1", "actors": {}, "documents": []}))
    with pytest.raises(OutputMissing):
        evaluate(gold, tmp_path / "nowhere")


@pytest.mark.parametrize("content", ["{}", "not json", '{"format": "kg-gold/2"}'])
def test_bad_gold_raises(tmp_path, content):
    gold = tmp_path / "gold.json"
    gold.write_text(content)
    with pytest.raises(GoldError):
        evaluate(gold, tmp_path)


def test_cli_prints_a_table_errors_and_json(tmp_path, capsys):
    from kg.cli import main

    turtle = document("; schema:mentions :nato, :russia") + statement(":s1", ":rutte", ASH_1)
    score(tmp_path, [ash_gold(actors=["NATO", "Ukraine"])], turtle)
    gold, out = str(tmp_path / "gold.json"), str(tmp_path / "out")

    assert main(["eval", gold, "--out", out, "--show-errors"]) == 0
    text = capsys.readouterr().out
    for expected in (
        "actors",
        "statements",
        "commitments",
        "roles",
        "metadata",
        "quote recall",
        "actors missed: Ukraine",
        "actors wrong: Russia",
        "statements wrong_speaker",
    ):
        assert expected in text

    assert main(["eval", gold, "--out", out, "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)["figures"]
    assert figures["actors"]["recall"] == 0.5 and figures["statements"]["quote_recall"] == 0.5

    assert main(["eval", gold, "--out", str(tmp_path / "empty")]) == 1
    assert "kg build" in capsys.readouterr().err


# --- the real gold file: a graph that says exactly the gold scores 1.0 ------------------------

SEEDS_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "seeds.json"


def gold_as_turtle(gold: dict) -> str:
    """The gold file rendered per the RDF contract, as a perfect build would write it."""
    from kg.namespaces import slug

    types = {n: info["type"] for n, info in gold["actors"].items()}
    prefix = {"Group": "kg", "Person": "schema", "Organization": "schema", "Country": "schema"}

    def actor(name: str) -> str:
        return f":actor-{slug(name)}"

    lines, names = [], set()
    for n, doc in enumerate(gold["documents"]):
        d = f":doc{n}"
        meta = doc["meta"]
        body = f"; schema:identifier {json.dumps(doc['file'])}"
        if meta["title"]:
            body += f" ; schema:headline {json.dumps(meta['title'])}"
        if meta["published"]:
            body += f' ; schema:datePublished "{meta["published"]}"^^xsd:date'
        for field, prop in (("publisher", "publisher"), ("author", "author")):
            if meta[field]:
                names.add(meta[field])
                body += f" ; schema:{prop} {actor(meta[field])}"
        mentioned = doc["actors"] + doc["optional_actors"]
        names.update(mentioned)
        lines.append(
            f"{d} a schema:NewsArticle {body} ; schema:mentions {', '.join(map(actor, mentioned))} "
            "."
        )
        for i, st in enumerate(doc["statements"]):
            names.add(st["speaker"][0])
            lines.append(
                fact(
                    f":st{n}-{i}",
                    f"a schema:Quotation ; schema:creator {actor(st['speaker'][0])} ; "
                    f"schema:text {json.dumps(st['text'])}",
                    d,
                )
            )
        for i, cm in enumerate(doc["commitments"]):
            names.update([cm["actor"][0]] + ([cm["recipient"]] if cm["recipient"] else []))
            body = (
                f"a kg:Commitment ; kg:committer {actor(cm['actor'][0])} ; kg:commitmentKind "
                f"kind:{cm['kind'][0]} ; "
                f"kg:commitmentStatus status:{cm['status'][0]}"
            )
            if cm["recipient"]:
                body += f" ; kg:recipient {actor(cm['recipient'])}"
            lines.append(fact(f":cm{n}-{i}", body, d))
        for i, role in enumerate(doc["roles"]):
            names.update([role["person"]] + (role["org"] or [])[:1])
            body = f"a org:Membership ; org:member {actor(role['person'])} ; org:role :role{n}-{i}"
            if role["org"]:
                body += f" ; org:organization {actor(role['org'][0])}"
            lines.append(fact(f":post{n}-{i}", body, d))
            lines.append(
                f":role{n}-{i} a org:Role ; skos:prefLabel "
                f"{json.dumps(role['title_keywords'][0] or 'x')} ."
            )
    for name in sorted(names):
        t = types.get(name, "Organization")
        lines.append(f"{actor(name)} a {prefix[t]}:{t} ; schema:name {json.dumps(name)} .")
    return PREFIXES + "\n".join(lines) + "\n"


@pytest.mark.skipif(not SEEDS_GOLD.is_file(), reason="shared/gold is not beside the repository")
def test_the_gold_itself_scores_one_everywhere(tmp_path):
    gold = json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))
    (tmp_path / "graph.ttl").write_text(gold_as_turtle(gold), encoding="utf-8")
    r = evaluate(SEEDS_GOLD, tmp_path)
    f = r["figures"]
    assert r["missing_documents"] == []
    for category in CATEGORIES:
        assert (f[category]["precision"], f[category]["recall"], f[category]["f1"]) == (
            1.0,
            1.0,
            1.0,
        ), category
    assert f["actors"]["type_accuracy"] == 1.0 and f["actors"]["not_actor_hits"] == 0
    assert f["actors"]["duplicate_nodes"] == 0
    assert f["statements"]["quote_recall"] == 1.0
    assert (
        f["commitments"]["status_accuracy"] == 1.0 and f["commitments"]["recipient_accuracy"] == 1.0
    )
    assert f["metadata"]["accuracy"] == 1.0


@pytest.mark.parametrize(
    ("correct", "system", "found", "gold", "f1"),
    [
        (0, 0, 0, 3, 0.0),  # nothing produced: P undefined, F1 zero
        (0, 0, 0, 0, None),
        (1, 2, 1, 1, pytest.approx(2 / 3)),
    ],
)
def test_f1_edge_cases(correct, system, found, gold, f1):
    assert Counts(gold=gold, found=found, system=system, correct=correct).figures()["f1"] == f1
