"""Every canned query answers on the real seeds build, with the rows an analyst would expect."""

from __future__ import annotations

import pytest

import kg
from kg import query as kg_query
from tests.seeds_rows import CALIBER, ESSAY, RUTTE_STATEMENT, project


@pytest.fixture(scope="module")
def graph(seeds_build):
    return kg.load(seeds_build)


def rows(graph, name, **params):
    """Every row of canned query `name`, the columns of tests.seeds_rows.COLUMNS."""
    result = graph.query(name, **params)
    return project(name, result.variables, result.rows)


def test_every_canned_query_answers_on_the_seeds(graph):
    for name in kg_query.canned_queries():
        assert rows(graph, name), name


def test_who_said_what_about_rutte(graph):
    found = rows(graph, "statements", actor="Rutte")
    assert RUTTE_STATEMENT in found


def test_germany_patriot_commitment(graph):
    found = rows(graph, "commitments", actor="Germany")
    assert any(
        r[:5] == ("Germany", "materiel", "committed", "additional Patriot systems", "Ukraine")
        and r[-1] == ESSAY
        for r in found
    ), found


def test_money_by_committer_and_currency(graph):
    money = {(r[0], r[1]): float(r[2]) for r in rows(graph, "money")}
    assert money[("Western allies", "USD")] == 1.5e9


def test_ledger_has_every_commitment_once(graph):
    ledger = graph.ledger()
    reported = [iri for entry in ledger for iri in entry.commitment_iris]
    assert sorted(reported) == sorted(c.iri for c in graph.commitments())
    assert rows(graph, "ledger")


def test_claims_have_every_statement_once(graph):
    reported = [iri for claim in graph.claims() for iri in claim.statement_iris]
    assert sorted(reported) == sorted(s.iri for s in graph.statements())


def test_posts_and_cooccurrence(graph):
    assert ("Mark Rutte", "Secretary-General", "NATO", CALIBER) in rows(
        graph, "posts", actor="Rutte"
    )
    pairs = {(a, b): int(n) for a, b, n in rows(graph, "cooccurrence")}
    assert pairs[("Donald Trump", "Ukraine")] == 3  # all three seeds mention both


def test_evidence_indexes_the_seed_text(graph, seeds_build):
    from tests.conftest import SEEDS

    for _fact, _type, document, start, end, exact, *_ in rows(graph, "evidence")[:50]:
        text = (SEEDS / document).read_text(encoding="utf-8")
        assert text[int(start) : int(end)] == exact


def test_stored_cooccurrences_match_counts_from_mentions(graph):
    counted = kg_query.run_query(
        graph.out_dir,
        """
        PREFIX schema: <https://schema.org/>
        SELECT ?a ?b (COUNT(DISTINCT ?doc) AS ?n) WHERE {
          ?doc a schema:NewsArticle ; schema:mentions ?x , ?y . FILTER (STR(?x) < STR(?y))
          ?x schema:name ?a . ?y schema:name ?b .
        } GROUP BY ?a ?b""",
    )[1]
    counted = {tuple(sorted((str(a), str(b)))): int(n) for a, b, n in counted}
    stored = {}
    for a, b, n in rows(graph, "cooccurrence"):
        stored[tuple(sorted((a, b)))] = int(n)
    assert stored and all(counted[pair] == n for pair, n in stored.items())
    # the strongest pair overall is stored
    best = max(counted.values())
    assert max(stored.values()) == best
