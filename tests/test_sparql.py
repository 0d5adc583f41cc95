"""Canned SPARQL queries on the contract sample: specific rows, parameters, both engines agree, CLI
formats."""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
import rdflib
from rdflib.namespace import RDF

from kg.cli import main
from kg.errors import OutputMissing, QueryError
from kg.export.rdf import cooccurrence, rdflib_term
from kg.graph import COOCCURRENCE_PARTNERS, add_cooccurrences
from kg.namespaces import SCHEMA, Iris, slug
from kg.query import (
    canned_queries,
    canned_query,
    lookups_resolved,
    run_canned,
    run_query,
    sparql_literal,
)
from tests.graph_kit import with_claims_and_ledger
from tests.seeds_rows import (
    CALIBER,
    HERALD,
    MOORE_EVIDENCE,
    MOORE_QUOTE,
    PUTIN_BITTEN,
    RUTTE_STATEMENT,
    membership_refused,
    project,
)

SAMPLE = Path(__file__).parent / "fixtures" / "contract_sample.ttl"


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory) -> Path:
    """A build folder as `kg build` writes it, made from the hand-written sample."""
    folder = tmp_path_factory.mktemp("build")
    graph = with_claims_and_ledger(with_cooccurrences(rdflib.Graph().parse(SAMPLE)))
    graph.serialize(folder / "graph.nt", format="nt", encoding="utf-8")
    graph.serialize(folder / "graph.ttl", format="turtle")
    return folder


def with_cooccurrences(graph: rdflib.Graph) -> rdflib.Graph:
    """The sample plus the kg:Cooccurrence pairs a build derives from its schema:mentions, by the
    build's code."""
    iris = Iris()
    mentions = nx.MultiDiGraph()
    for doc in graph.subjects(RDF.type, SCHEMA.NewsArticle):
        mentions.add_node(str(doc), kind="document")
        for actor in graph.objects(doc, SCHEMA.mentions):
            # The sample's actors are minted as kg mints them, from the slug of their name.
            assert iris.actor(slug(str(graph.value(actor, SCHEMA.name)))) == str(actor)
            mentions.add_edge(str(doc), str(actor), key="mentions")
    add_cooccurrences(mentions, partners=COOCCURRENCE_PARTNERS)
    for a, b, key, articles in mentions.edges(keys=True, data="articles"):
        if key == "cooccurs":
            subject, pairs = cooccurrence(iris, a, b, articles)
            for predicate, obj in pairs:
                graph.add((rdflib.URIRef(subject), rdflib.URIRef(predicate), rdflib_term(obj)))
    return graph


def rows_of(out_dir, name, engine="oxigraph", **params) -> list[tuple]:
    """The rows `kg query --name` gives (lookups first), checked against the query run in one go;
    the columns of tests.seeds_rows.COLUMNS."""
    variables, rows = run_canned(out_dir, name, params, engine=engine)
    assert (variables, rows) == run_query(out_dir, canned_query(name).bind(params), engine=engine)
    return project(name, variables, rows)


def test_every_canned_query_has_a_description_and_rows(out_dir):
    queries = canned_queries()
    assert set(queries) == {
        "statements",
        "quotes-mentioning",
        "commitments",
        "ledger",
        "money",
        "posts",
        "cooccurrence",
        "evidence",
        "stances",
    }
    for name, query in queries.items():
        assert query.description and not query.description.startswith("#"), name
        assert rows_of(out_dir, name), name


@pytest.mark.parametrize(
    ("name", "params", "expected"),
    [
        (
            "statements",
            {"actor": "Rutte"},
            [RUTTE_STATEMENT],
        ),
        (
            "statements",
            {"actor": "kellogg"},
            [
                (
                    "Keith Kellogg",
                    "direct",
                    "note",
                    "We are working with Ukrainians now to make sure we have got this drone "
                    "technology exchange, which I think is very important.",
                    HERALD,
                    None,
                ),
            ],
        ),
        (
            "quotes-mentioning",
            {"actor": "Putin"},
            [
                ("Vladimir Putin", "Richard Moore", PUTIN_BITTEN, HERALD),
            ],
        ),
        (
            "commitments",
            {"actor": "United States"},
            [
                membership_refused("United States"),  # dated: newest first, undated last
                (
                    "United States",
                    "industrial_cooperation",
                    "considering",
                    "drone technology exchange",
                    "Ukraine",
                    "Keith Kellogg",
                    HERALD,
                ),
            ],
        ),
        (
            "commitments",
            {"status": "refused"},
            [membership_refused("Donald Trump"), membership_refused("United States")],
        ),
        (
            "commitments",
            {"kind": "funding", "status": "committed"},
            [
                (
                    "Western allies",
                    "funding",
                    "committed",
                    "direct funding for Ukrainian production of artillery, missiles, drones and "
                    "anti-tank weapons",
                    "Ukraine",
                    None,
                    HERALD,
                ),
            ],
        ),
        ("money", {}, [("Western allies", "USD", "1500000000", "1")]),
        ("posts", {"actor": "Rutte"}, [("Mark Rutte", "Secretary-General", "NATO", CALIBER)]),
        ("posts", {"actor": "Kellogg"}, [("Keith Kellogg", "envoy", None, HERALD)]),
        (
            "cooccurrence",
            {"actor": "NATO"},
            [("NATO", "Ukraine", "2"), ("NATO", "United States", "2")],
        ),
        (
            "evidence",
            {"fact": MOORE_QUOTE},
            [MOORE_EVIDENCE],
        ),
        (
            "evidence",
            {"fact": "statement/national-herald-moore-mi6-txt/569-621"},
            [],
        ),  # an IRI, exactly
        (
            "evidence",
            {"fact": "https://example.org/kg/id/actor/nato"},
            [],
        ),  # an IRI, but not a fact
        (
            "evidence",
            {"document": "moore", "actor": "Richard Moore"},
            [MOORE_EVIDENCE],
        ),
    ],
)
def test_canned_query_rows(out_dir, name, params, expected):
    assert rows_of(out_dir, name, **params) == expected


def test_cooccurrence_ranks_pairs_by_shared_documents(out_dir):
    top = rows_of(out_dir, "cooccurrence")[:3]
    assert top == [
        ("NATO", "Ukraine", "2"),
        ("NATO", "United States", "2"),
        ("Ukraine", "United States", "2"),
    ]


def test_evidence_by_actor_covers_posts_statements_and_commitments(out_dir):
    facts = {(row[1], row[3], row[4]) for row in rows_of(out_dir, "evidence", actor="Kellogg")}
    assert facts == {("post", "2767", "2789"), ("statement", "2802", "2926")}
    # the commitment Kellogg asserted is the United States'; assertedBy does not make him its
    # committer
    assert {row[1] for row in rows_of(out_dir, "evidence", actor="United States")} == {"commitment"}


@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_both_engines_agree(out_dir, name):
    text = canned_query(name).text
    ox_vars, ox_rows = run_query(out_dir, text, engine="oxigraph")
    rdf_vars, rdf_rows = run_query(out_dir, text, engine="rdflib")
    assert ox_vars == rdf_vars
    assert normal(ox_rows) == normal(rdf_rows)
    assert ox_rows  # non-empty, so the comparison means something
    # and as `kg query --name` runs it, lookups first, on either engine
    assert run_canned(out_dir, name) == (ox_vars, ox_rows)
    assert normal(run_canned(out_dir, name, engine="rdflib")[1]) == normal(ox_rows)


def test_lookups_become_values_of_iris_from_the_store(out_dir):
    query = canned_query("commitments").bind({"actor": "united"})
    assert "# lookup ?committerNode" in query
    resolved = lookups_resolved(out_dir, query)
    assert "# lookup" not in resolved and "?param_actor" not in resolved
    assert "VALUES ?committerNode { <https://example.org/kg/id/actor/united-states> }" in resolved
    # no match: an empty VALUES, no rows, on both engines
    resolved = lookups_resolved(
        out_dir, canned_query("commitments").bind({"actor": 'x" } <a> ?b ?c . #'})
    )
    assert "VALUES ?committerNode { <urn:kg:lookup:nothing-found> }" in resolved
    for engine in ("oxigraph", "rdflib"):
        assert run_query(out_dir, resolved, engine=engine)[1] == []


def test_cooccurrence_with_a_name_pairs_that_actor_with_everyone(out_dir):
    rows = rows_of(out_dir, "cooccurrence", actor="United States")
    assert rows and {row[0] for row in rows} == {"United States"}
    assert normal(
        run_canned(out_dir, "cooccurrence", {"actor": "United States"}, engine="rdflib")[1]
    ) == normal(run_canned(out_dir, "cooccurrence", {"actor": "United States"})[1])
    # an actor of one article only has no pair shared by two articles
    assert rows_of(out_dir, "cooccurrence", actor="Putin") == []


def normal(rows):
    return sorted(tuple(_value(t) for t in row) for row in rows)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("statements", {"actor": "rutte"}),
        ("commitments", {"status": "refused"}),
        ("evidence", {"actor": "Trump"}),
    ],
)
def test_both_engines_agree_with_parameters(out_dir, name, params):
    text = canned_query(name).bind(params)
    ox_rows = run_query(out_dir, text, engine="oxigraph")[1]
    assert ox_rows
    assert normal(ox_rows) == normal(run_query(out_dir, text, engine="rdflib")[1])


def _value(term):
    # Engines may write the same number differently ("1.50" vs "1.5"), and Oxigraph stores
    # xsd:nonNegativeInteger as xsd:integer: compare numbers by value.
    if isinstance(term, rdflib.Literal):
        value = term.toPython()
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            return ("number", Decimal(str(value)).normalize())
        return ("literal", str(term), str(term.datatype or ""), term.language or "")
    return ("term", str(term))


@pytest.mark.parametrize(
    "value",
    [
        'Rutte" } ; DROP ALL #',
        "a\\b",
        'x")) || true || ((',
        "line\nbreak",
        "'single'",
        "} UNION { ?s ?p ?o",
    ],
)
def test_parameters_are_substituted_as_literals(out_dir, value):
    text = canned_query("statements").bind({"actor": value})
    assert sparql_literal(value) in text
    assert run_query(out_dir, text)[1] == []
    assert run_canned(out_dir, "statements", {"actor": value})[1] == []
    assert run_canned(out_dir, "evidence", {"fact": value, "actor": value})[1] == []


def test_unknown_parameter_and_query_are_errors():
    with pytest.raises(QueryError, match="no parameter 'who'"):
        canned_query("statements").bind({"who": "x"})
    with pytest.raises(QueryError, match="'nope' is not a canned query; choose from: commitments"):
        canned_query("nope")
    with pytest.raises(QueryError, match="did you mean 'statements'"):
        canned_query("statments")
    with pytest.raises(QueryError, match="did you mean 'refused'.*choose from: proposed"):
        canned_query("commitments").bind({"status": "refsued"})
    with pytest.raises(QueryError, match="'weapons' is not a kind"):
        canned_query("ledger").bind({"kind": "weapons"})
    with pytest.raises(QueryError, match="YYYY-MM-DD"):
        canned_query("statements").bind({"from": "March 2022"})
    with pytest.raises(QueryError, match="YYYY-MM-DD"):
        canned_query("money").bind({"to": "2022-02-30"})


def test_missing_build_is_an_actionable_error(tmp_path):
    with pytest.raises(OutputMissing, match="kg build"):
        run_query(tmp_path, "ASK {}")


def test_ask_and_syntax_error(out_dir):
    assert run_query(out_dir, "ASK { ?s a <https://schema.org/Quotation> }") == (
        ["boolean"],
        [(rdflib.Literal(True),)],
    )
    with pytest.raises(QueryError, match="syntax"):
        run_query(out_dir, "SELEC nothing")


# ------------------------------------------------------------------ command line


def test_cli_list(capsys):
    assert main(["query", "--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == sorted(canned_queries())
    assert any(line.startswith("statements ") and "--param actor=" in line for line in lines)


def test_cli_json_is_sparql_results_json(out_dir, capsys):
    assert main(["query", str(out_dir), "--name", "money", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["head"]["vars"] == [
        "committer",
        "currency",
        "status",
        "total",
        "entries",
        "donorNode",
    ]
    (binding,) = data["results"]["bindings"]
    assert binding["committer"] == {"type": "literal", "value": "Western allies"}
    assert binding["total"]["datatype"] == "http://www.w3.org/2001/XMLSchema#decimal"


@pytest.mark.parametrize(("fmt", "delimiter"), [("csv", ","), ("tsv", "\t")])
def test_cli_csv_and_tsv(out_dir, capsys, fmt, delimiter):
    assert (
        main(["query", str(out_dir), "--name", "posts", "--param", "actor=Rutte", "--format", fmt])
        == 0
    )
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out), delimiter=delimiter))
    columns = ["date", "person", "role", "organization", "document", "title", "url", "post"]
    assert rows[0] == (columns if fmt == "csv" else [f"?{c}" for c in columns])
    assert rows[1][1:4] in (
        ["Mark Rutte", "Secretary-General", "NATO"],
        ['"Mark Rutte"', '"Secretary-General"', '"NATO"'],
    )


def test_cli_table_from_query_text_and_file(out_dir, tmp_path, capsys):
    query = (
        "PREFIX schema: <https://schema.org/> SELECT ?name WHERE { ?a a schema:Country ; "
        "schema:name ?name } ORDER BY ?name"
    )
    assert main(["query", str(out_dir), query]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "name",
        "-------------",
        "Ukraine",
        "United States",
        "(2 rows)",
    ]
    (tmp_path / "q.rq").write_text(query)
    assert main(["query", str(out_dir), "-f", str(tmp_path / "q.rq")]) == 0
    assert "United States" in capsys.readouterr().out


def test_cli_errors_are_one_line(out_dir, capsys):
    assert main(["query", str(out_dir), "--name", "statements", "--param", "nope=1"]) == 1
    assert "no parameter 'nope'" in capsys.readouterr().err
    assert main(["query", str(out_dir)]) == 1
    assert "exactly one of" in capsys.readouterr().err


# ------------------------------------------------------------------ shapes and row limits


@pytest.mark.parametrize(
    "name", sorted(n for n, q in canned_queries().items() if "actor" in q.params)
)
def test_both_engines_agree_with_an_actor(out_dir, name):
    # With a name the query takes its other shape (`#+actor` lines): check it on both engines too.
    text = canned_query(name).bind({"actor": "a"})
    assert not re.search(r"^\s*#\+actor|#-actor\s*$", text, re.M)
    ox_rows = run_query(out_dir, text, engine="oxigraph")[1]
    assert ox_rows
    assert normal(ox_rows) == normal(run_query(out_dir, text, engine="rdflib")[1])


def test_interactive_queries_have_a_row_limit_that_can_be_changed(out_dir):
    limits = {name: q.limit for name, q in canned_queries().items()}
    assert limits == {
        "commitments": 100,
        "cooccurrence": 100,
        "evidence": 100,
        "ledger": 100,
        "posts": 100,
        "quotes-mentioning": 100,
        "statements": 100,
        "money": 100,
        "stances": 100,
    }
    query = canned_query("evidence")
    assert len(run_query(out_dir, query.bind({}, limit=2))[1]) == 2
    everything = run_query(out_dir, query.bind({}, limit=0))[1]
    assert "# rows" not in query.bind({}, limit=0)
    assert (
        len(everything) == len(run_query(out_dir, query.bind({}))[1]) > 2
    )  # the sample has fewer than 100
    with pytest.raises(QueryError, match="--limit"):
        query.bind({}, limit=-1)


def test_marked_lines_switch_shape_only_for_their_parameter():
    from kg.query import parse_canned

    query = parse_canned(
        "x",
        "# x\n# param actor: a\nSELECT * WHERE {\n  ?s ?p ?o . #-actor\n  #+actor VALUES "
        "?param_actor { UNDEF }\n}\n",
    )
    assert query.bind({}) == query.text  # the file as it is: the no-name shape
    assert (
        query.bind({"actor": "N"})
        == '# x\n# param actor: a\nSELECT * WHERE {\n  VALUES ?param_actor { "N" }\n}\n'
    )

    with pytest.raises(QueryError, match="no such parameter"):
        parse_canned("x", "# x\nSELECT * WHERE {\n  #+who ?s ?p ?o\n}\n")


def test_a_cut_table_counts_its_rows_up_to_a_bound(out_dir, capsys, monkeypatch):
    import kg.cli.query
    import kg.query

    monkeypatch.setattr(kg.query, "TABLE_COUNT_AT_MOST", 2)
    monkeypatch.setattr(kg.cli.query, "TABLE_COUNT_AT_MOST", 2)
    assert main(["query", str(out_dir), "--name", "statements", "--limit", "1"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("\n1 of more than 2 rows (--limit 0 for all)")
    monkeypatch.setattr(kg.query, "TABLE_COUNT_AT_MOST", 4)
    monkeypatch.setattr(kg.cli.query, "TABLE_COUNT_AT_MOST", 4)
    assert main(["query", str(out_dir), "--name", "statements", "--limit", "1"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("\n1 of 4 rows (--limit 0 for all)")


def test_a_bounded_count_counts_what_the_query_gives(out_dir):
    # The count behind "100 of N rows" leaves out orderings and `#-count` lines (patterns with one
    # match by the shapes): the same number as the rows the query itself gives.
    from kg.query import count_canned

    for name, query in canned_queries().items():
        for params in ({}, {"actor": "a"} if "actor" in query.params else {}):
            rows = run_canned(out_dir, name, params, 0)[1]
            assert count_canned(out_dir, name, params, at_most=10_000) == len(rows), (name, params)
            assert count_canned(out_dir, name, params, at_most=1) == min(len(rows), 2), name


@pytest.mark.parametrize(
    ("sparql", "expected"),
    [
        ("SELECT * WHERE {\n  ?s ?p ?o\n}\nORDER BY ?s\n", "SELECT * WHERE {\n  ?s ?p ?o\n}\n\n"),
        # an ORDER BY that chooses the rows a LIMIT keeps stays
        ("{ SELECT ?s WHERE { ?s ?p ?o }\n  ORDER BY ?s\n  LIMIT 3\n}", None),
        ("{ SELECT ?s WHERE { ?s ?p ?o }\n  ORDER BY ?s LIMIT 3\n}", None),
        ("{ SELECT ?s WHERE { ?s ?p ?o }\n  ORDER BY ?s\n  OFFSET 3\n}", None),
    ],
)
def test_a_count_drops_only_the_orderings_no_limit_depends_on(sparql, expected):
    from kg.query import unordered

    assert unordered(sparql) == (sparql if expected is None else expected)


def test_cli_limit(out_dir, capsys):
    assert main(["query", str(out_dir), "--name", "statements", "--limit", "1"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("\n1 of 4 rows (--limit 0 for all)")
    assert main(["query", str(out_dir), "--name", "statements", "--limit", "4"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("\n(4 rows)")  # not cut
    assert main(["query", str(out_dir), "--name", "statements", "--limit", "0"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("(4 rows)")
    assert main(["query", str(out_dir), "ASK {}", "--limit", "3"]) == 1
    assert "only apply to canned queries" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("statements", {}),
        ("statements", {"from": "2020-01-01"}),
        ("commitments", {}),
        ("commitments", {"from": "2020-01-01"}),
        ("evidence", {}),
        ("evidence", {"from": "2020-01-01"}),
        ("evidence", {"actor": "a"}),
        ("posts", {}),
        ("ledger", {}),
        ("ledger", {"from": "2020-01-01"}),
        ("quotes-mentioning", {}),
    ],
)
def test_a_limit_cuts_a_prefix_of_one_order(out_dir, name, params):
    # Small limits also try `# first rows` positions and `# window`s smaller than the sample.
    everything = run_canned(out_dir, name, params, limit=0)[1]
    assert everything, name
    for n in range(1, len(everything) + 1):
        assert run_canned(out_dir, name, params, limit=n)[1] == everything[:n], n


def test_a_lookup_too_long_for_the_guard_stays_a_subquery(out_dir, monkeypatch):
    import kg.query

    expected = run_canned(out_dir, "cooccurrence", {})[1]
    monkeypatch.setattr(kg.query, "LOOKUP_MAX_BYTES", 0)
    assert "# lookup ?pair" in kg.query.lookups_resolved(
        out_dir, canned_query("cooccurrence").bind({})
    )
    assert run_canned(out_dir, "cooccurrence", {})[1] == expected


def test_dates_filter_and_order_newest_first(out_dir):
    dated = rows_of(out_dir, "statements", **{"from": "2026-01-01"})
    assert dated and {row[-1] for row in dated} == {"2026-02-04"}
    assert rows_of(out_dir, "statements", to="2025-12-31") == []
    everything = rows_of(out_dir, "statements")
    dates = [row[-1] for row in everything]
    assert dates == sorted(dates, key=lambda d: d is None)  # the dated first, undated last
    assert rows_of(out_dir, "statements", document="caliber") == dated
    assert {row[1] for row in rows_of(out_dir, "statements", kind="direct")} == {"direct"}


def test_table_cuts_long_texts_but_never_iris():
    from kg.query import format_table

    iri = "https://example.org/kg/id/statement/" + "x" * 80
    row_terms = (pyoxigraph.NamedNode(iri), pyoxigraph.Literal("word " * 30))
    text = format_table(["fact", "text"], [row_terms], width=20)
    row = text.splitlines()[2]
    assert "<" + iri + ">" in row and row.rstrip().endswith("  word word word wo...")


_MONEY_GRAPH = """\
@prefix kg: <https://example.org/kg/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix kind: <https://example.org/kg/ontology/commitment-kind/> .
@prefix status: <https://example.org/kg/ontology/commitment-status/> .
@prefix id: <https://example.org/kg/id/> .
id:eu schema:name "European Union" .
<https://example.org/kg/id/ledger/aid> a kg:LedgerEntry ; kg:donor id:eu ;
    kg:ledgerKind kind:financial ; kg:latestStatus status:committed ;
    kg:ledgerAmount 5.0 ; kg:ledgerCurrency "EUR" .
<https://example.org/kg/id/ledger/freeze> a kg:LedgerEntry ; kg:donor id:eu ;
    kg:ledgerKind kind:sanctions ; kg:latestStatus status:committed ;
    kg:ledgerAmount 300.0 ; kg:ledgerCurrency "EUR" .
"""


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [("European Union", "EUR", "committed", "5.0")]),  # an asset freeze is no money given
        ({"kind": "sanctions"}, [("European Union", "EUR", "committed", "300.0")]),
        ({"kind": "FINANCIAL"}, [("European Union", "EUR", "committed", "5.0")]),
        ({"kind": "materiel"}, []),
    ],
)
def test_money_leaves_out_sanctions_unless_asked(tmp_path, params, expected):
    graph = tmp_path / "graph.ttl"
    graph.write_text(_MONEY_GRAPH, encoding="utf-8")
    # rdflib answers an aggregate over no rows with one unbound group (a known rdflib quirk, as
    # for status=refused before): the empty case on Oxigraph only.
    for engine in ("oxigraph", "rdflib") if expected else ("oxigraph",):
        rows = run_canned(graph, "money", params, engine=engine)[1]
        got = [(*(str(t) for t in row[:3]), Decimal(str(row[3]))) for row in rows]
        assert got == [(*row[:3], Decimal(row[3])) for row in expected], engine


def test_money_refuses_an_unknown_kind():
    from kg.errors import UnknownChoice

    with pytest.raises(UnknownChoice, match="sanctions"):
        canned_query("money").bind({"kind": "sanction"})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("{ ?a ?b ?c OPTIONAL { ?a <u> ?d } }", "{ ?a ?b ?c LATERAL { OPTIONAL { ?a <u> ?d } } }"),
        # the outermost only, whatever its inner groups
        (
            "{ ?a ?b ?c optional { ?a <u> ?d OPTIONAL { ?d <v> ?e } } }",
            "{ ?a ?b ?c LATERAL { optional { ?a <u> ?d OPTIONAL { ?d <v> ?e } } } }",
        ),
        # braces in strings and comments, and the word in a comment or a name, are not code
        (
            '{ ?a ?b "}" # OPTIONAL {\n OPTIONAL { ?a <u> "{" } }',
            '{ ?a ?b "}" # OPTIONAL {\n LATERAL { OPTIONAL { ?a <u> "{" } } }',
        ),
        ("{ ?a kg:OPTIONAL ?c }", "{ ?a kg:OPTIONAL ?c }"),
        ("{ ?a ?b ?c OPTIONAL { ?a ?b", "{ ?a ?b ?c OPTIONAL { ?a ?b"),  # unbalanced: as it is
    ],
)
def test_optionals_become_lateral_on_oxigraph(text, expected):
    from kg.query import lateral_optionals

    assert lateral_optionals(text) == expected


@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_lateral_optionals_give_the_same_rows(out_dir, name):
    from kg.query import lateral_optionals

    sparql = lookups_resolved(out_dir, canned_query(name).bind({}, limit=0))
    assert "LATERAL" in lateral_optionals(sparql) or "OPTIONAL" not in sparql
    assert run_query(out_dir, lateral_optionals(sparql)) == run_query(out_dir, sparql)


@pytest.mark.parametrize("build", ["out_dir", "seeds_build", "synthetic_build"])
def test_every_evidence_has_its_position_in_the_order_of_the_evidence_query(request, build):
    # kg:evidenceNewestFirst numbers every evidence of every fact (whatever its type) 1..N in the
    # order the evidence query gave before it stored them: document's position, fact, offsets, rule;
    # and the evidence query lists every one (a new type of fact must join its type FILTER).
    out_dir = request.getfixturevalue(build)
    ordered = """
        PREFIX oa: <http://www.w3.org/ns/oa#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX kg: <https://example.org/kg/ontology#>
        SELECT ?n WHERE {
          ?fact prov:wasDerivedFrom ?ev . ?ev oa:hasSource ?doc ; kg:rule ?rule ;
            oa:hasSelector ?position . ?position oa:start ?start ; oa:end ?end .
          ?doc kg:sourceNewestFirst ?docPosition .
          OPTIONAL { ?ev kg:evidenceNewestFirst ?n }
        } ORDER BY ?docPosition ?fact ?start ?end ?rule"""
    positions = [int(row[0]) for row in run_query(out_dir, ordered)[1]]
    assert positions == list(range(1, len(positions) + 1))
    assert len(run_canned(out_dir, "evidence", limit=0)[1]) == len(positions) > 2


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, True),
        ({"a": "x"}, False),
        ({"b": "x"}, False),
    ],
)
def test_a_line_with_several_markers_is_dropped_when_any_is_given(params, expected):
    from kg.query import parse_canned

    query = parse_canned(
        "x",
        "# x\n# param a: a\n# param b: b\nSELECT * WHERE {\n  ?s ?p ?o . #-a #-b\n"
        "  #+a VALUES ?param_a { UNDEF }\n  #+b VALUES ?param_b { UNDEF }\n}\n",
    )
    assert ("?s ?p ?o" in query.bind(params)) is expected


@pytest.mark.parametrize(
    ("line", "windows"),
    [("# window ?pos", ["400", "3200"]), ("# window ?pos scale 7", ["2800", "22400"])],
)
def test_a_window_scale_widens_every_window(line, windows):
    from kg.query import window_candidates

    sparql = f"SELECT * WHERE {{\n  ?s <p> ?pos .\n  {line}\n}}\nLIMIT 100 # rows\n"
    *windowed, whole = window_candidates(sparql)
    assert [w.split("<= ")[1].split(")")[0] for w in windowed] == windows
    assert whole == sparql
