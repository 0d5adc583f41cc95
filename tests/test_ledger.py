"""The ledger (kg.ledger) and one claim per quote (kg.claims): which reports are one."""

from __future__ import annotations

from pathlib import Path

import pytest

import kg
from kg.claims import group_statements
from kg.ledger import Report, group_reports, head_noun, item_words

FIXTURES = Path(__file__).parent / "fixtures" / "ledger"


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ("state-of-the-art Starstreak anti-aircraft weapons to Ukraine", "weapon"),
        ("six CAESAR howitzers and armored vehicles", "howitzer"),
        ("a $40bn infusion of military and economic aid for Ukraine", "infusion"),
        ("new air defence batteries", "battery"),
        ("$40bn", None),
        ("to 225 Canadian armed forces to the UK", "force"),
    ],
)
def test_head_noun(item, expected):
    assert head_noun(item) == expected


def report(iri, date, *, donors=("us",), kind="materiel", item="howitzers", amount=None, **kw):
    return Report(
        iri=iri,
        document=f"doc-{iri}",
        date=date,
        status=kw.get("status", "pledged"),
        kind=kind,
        item=item,
        head=head_noun(item),
        words=item_words(item),
        amount=amount,
        currency="USD" if amount is not None else None,
        quantity=kw.get("quantity"),
        recipient=kw.get("recipient", "ukraine"),
        committers=tuple(donors),
        donors=frozenset(donors),
    )


# (reports, how many entries they make)
LEDGER_CASES = [
    # one sum, three articles, money called funding in one and financial in another
    (
        [
            report("a", "2022-05-19", kind="funding", item="a $40bn package", amount=4e10),
            report("b", "2022-05-21", kind="financial", item="$40bn in aid", amount=4e10),
            report("c", "2022-05-24", kind="financial", item="aid worth $40bn", amount=4e10),
        ],
        1,
    ),
    # two different sums of one donor are two commitments
    (
        [
            report("a", "2022-05-19", kind="funding", item="aid", amount=4e10),
            report("b", "2022-05-21", kind="funding", item="aid", amount=1.7e9),
        ],
        2,
    ),
    # the same sum from two donors: two commitments
    (
        [
            report("a", "2022-05-09", donors=("canada",), kind="funding", amount=5e7),
            report("b", "2022-05-09", donors=("us",), kind="funding", amount=5e7),
        ],
        2,
    ),
    # the same specific item within the window: one; beyond it: a new package
    (
        [
            report("a", "2022-07-01", item="six CAESAR howitzers"),
            report("b", "2022-07-03", item="six CAESAR howitzers to Ukraine"),
            report("c", "2022-10-01", item="six CAESAR howitzers"),
        ],
        2,
    ),
    # a generic head ("aid", "weapons") identifies nothing
    ([report("a", "2022-07-01", item="weapons"), report("b", "2022-07-02", item="weapons")], 2),
    # one head, different words: two weapons of one family
    (
        [
            report("a", "2022-06-05", item="such missiles"),
            report("b", "2022-06-21", item="the newly tested Sarmat intercontinental missiles"),
        ],
        2,
    ),
    # recipients that contradict each other
    (
        [
            report("a", "2022-07-01", item="CAESAR howitzers", recipient="ukraine"),
            report("b", "2022-07-02", item="CAESAR howitzers", recipient="poland"),
        ],
        2,
    ),
    # an undated report joins by the same sum only
    (
        [
            report("a", "2022-07-01", item="CAESAR howitzers"),
            report("b", None, item="CAESAR howitzers"),
            report("c", None, kind="funding", item="aid", amount=4e10),
            report("d", "2022-05-01", kind="funding", item="aid", amount=4e10),
        ],
        3,
    ),
]


@pytest.mark.parametrize(("reports", "entries"), LEDGER_CASES)
def test_which_reports_are_one_commitment(reports, entries):
    assert len(group_reports(reports)) == entries


# (texts of one speaker, groups of indexes that are one claim)
CLAIM_CASES = [
    (["We will not give up.", "“We will not give up,”", "we will NOT give up"], [[0, 1, 2]]),
    (
        [
            "Russia is committing genocide against the people of Ukraine every day",
            "Russia is committing genocide against the people of Ukraine each day",
        ],
        [[0, 1]],
    ),
    (
        [
            "Russia is committing genocide against the people of Ukraine every day",
            "Russia is losing the war it started against the people of Ukraine",
        ],
        [[0], [1]],
    ),
    (["No", "No."], [[0, 1]]),
    (["It is a war crime", "It is not a war crime"], [[0], [1]]),
]


@pytest.mark.parametrize(("texts", "groups"), CLAIM_CASES)
def test_which_quotes_are_one_claim(texts, groups):
    statements = [(f"s{n}", "speaker", f"2022-05-0{n + 1}", t) for n, t in enumerate(texts)]
    found = group_statements(statements)
    assert sorted(sorted(int(s[1:]) for s in g) for g in found) == groups


def test_one_claim_per_speaker():
    statements = [
        ("s0", "biden", None, "We stand with Ukraine"),
        ("s1", "scholz", None, "We stand with Ukraine"),
    ]
    assert len(group_statements(statements)) == 2


@pytest.fixture(scope="module")
def package_build(tmp_path_factory):
    from kg.api import build

    out = tmp_path_factory.mktemp("ledger") / "output"
    build([str(FIXTURES / "package-40bn.jsonl")], out)
    return kg.load(out)


def test_one_package_three_articles_three_speakers(package_build):
    commitments = package_build.commitments()
    assert len({c.document for c in commitments}) == 3, commitments
    assert len({c.committers for c in commitments}) == 3, commitments
    ledger = package_build.ledger()
    assert [(e.donor, e.amount, e.currency, e.reports) for e in ledger] == [
        ("United States", 4e10, "USD", 3)
    ]
    assert ledger[0].first_reported == "2022-05-19"
    money = package_build.query("money").records()
    assert [(m["committer"], m["currency"], float(m["total"]), m["entries"]) for m in money] == [
        ("United States", "USD", 4e10, 1)
    ]


def test_one_quote_three_articles_is_one_claim(package_build):
    claims = [c for c in package_build.claims() if c.speaker == "Nancy Pelosi"]
    assert [(c.reports, c.documents) for c in claims] == [(3, 3)]
    rows = package_build.query("statements", actor="Pelosi").records()
    assert [r["reports"] for r in rows] == [3]


@pytest.mark.parametrize(
    ("statuses", "history"),
    [
        (
            ["pledged", "committed", "pledged"],
            ["pledged", "committed"],
        ),  # a recap sets nothing back
        (["pledged", "delivered"], ["pledged", "delivered"]),
        (["pledged", "withdrawn"], ["pledged", "withdrawn"]),
        (["refused", "pledged"], ["refused", "pledged"]),
    ],
)
def test_status_history_goes_forward(statuses, history):
    from kg.ledger import _status_history

    reports = [report(f"r{n}", f"2022-05-1{n}", status=s) for n, s in enumerate(statuses)]
    assert [status for _, status in _status_history(reports)] == history
