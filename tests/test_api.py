"""kg.load / kg.show: a build as networkx, rdflib, rows and DataFrames (issue 7).

The seeds build checks the real output; a small hand-made graph that follows the schema of
kg/graph.py covers statements and commitments whatever the extractors find in the seeds.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

import kg
from kg.api import ROW_TYPES, KnowledgeGraph
from kg.errors import MissingExtra, OutputMissing
from tests.graph_kit import add_actor, add_commitment, add_document, add_post, add_statement, edge

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SECTION = "Use it in your analysis"

FACT_KINDS = ("document", "actor", "post", "statement", "commitment")
ROW_METHOD = {
    "document": "documents",
    "actor": "actors",
    "post": "posts",
    "statement": "statements",
    "commitment": "commitments",
}


# ------------------------------------------------------------------ a small graph with every kind


def synthetic_graph() -> nx.MultiDiGraph:
    """Two articles, seven actors, a post, a statement and two commitments, per kg/graph.py, with
    the claim and the ledger entries a build derives from them."""
    from kg.graph import evidence
    from kg.namespaces import Iris

    iris = Iris()
    g = nx.MultiDiGraph()
    d1, d2 = iris.document("d1.txt"), iris.document("d2.txt")
    add_document(
        g,
        d1,
        "d1.txt",
        title="Germany pledges air defence",
        published="2025-03-01",
        author="Jane Doe",
        publisher="Daily News",
        url="https://news.example/d1",
    )
    add_document(g, d2, "d2.txt")
    actors = {
        "germany": ("Country", "Germany", ["German government"], "Q183"),
        "norway": ("Country", "Norway", [], "Q20"),
        "ukraine": ("Country", "Ukraine", ["Kyiv"], "Q212"),
        "boris-pistorius": ("Person", "Boris Pistorius", ["Pistorius"], None),
        "nato": ("Organization", "NATO", [], "Q7184"),
        "western-allies": ("Group", "Western allies", [], None),
        "jane-doe": ("Person", "Jane Doe", [], None),
        "daily-news": ("Organization", "Daily News", [], None),
    }
    for key, actor in actors.items():
        add_actor(g, iris.actor(key), *actor)

    edge(g, d1, iris.actor("jane-doe"), "author")
    edge(g, d1, iris.actor("jane-doe"), "mentions")  # a parallel edge: the author is also mentioned
    edge(g, d1, iris.actor("daily-news"), "publisher")
    for key in ("germany", "norway", "ukraine", "boris-pistorius"):
        edge(g, d1, iris.actor(key), "mentions")
    for key in ("nato", "western-allies", "ukraine"):
        edge(g, d2, iris.actor(key), "mentions")

    post = iris.post("boris-pistorius", "germany", "Defence Minister")
    phrase = "German Defence Minister Boris Pistorius"
    add_post(
        g, post, "Defence Minister", [evidence(iris, "d1.txt", 10, 45, phrase, "post.title", 0.9)]
    )
    edge(g, post, iris.actor("boris-pistorius"), "member")
    edge(g, post, iris.actor("germany"), "organization")

    text = "We will stand by Ukraine for as long as it takes"
    statement = iris.statement("d1.txt", 100, 149)
    said = [
        evidence(iris, "d1.txt", 100, 149, text, "statement.direct", 0.95),
        evidence(iris, "d1.txt", 300, 349, text, "statement.direct", 0.95),
    ]
    add_statement(g, statement, text, cue="say", date="2025-03-01", evidence=said)
    edge(g, statement, iris.actor("boris-pistorius"), "creator")
    edge(g, statement, iris.actor("ukraine"), "mentions")
    edge(g, statement, d1, "source")

    money = iris.commitment("d1.txt", 200, 290, 0)
    pledge = "Germany and Norway pledged over €1.5 billion"
    add_commitment(
        g,
        money,
        ("funding", "pledged", "air defence"),
        pledge + " for air defence.",
        [evidence(iris, "d1.txt", 200, 290, pledge, "commitment.pledge", 0.8)],
        cue="pledge",
        amount=1500000000,
        currency="EUR",
        amount_bound="min",
        other_amounts=[[1.6e9, "USD", "approx"]],
    )
    for key in ("germany", "norway"):
        edge(g, money, iris.actor(key), "committer")
    edge(g, money, iris.actor("ukraine"), "recipient")
    edge(g, money, iris.actor("boris-pistorius"), "asserted_by")
    edge(g, money, d1, "source")

    systems = iris.commitment("d2.txt", 5, 60, 0)
    delivered = "NATO delivered two Patriot systems"
    what = ("materiel", "delivered", "Patriot systems")
    seen = [evidence(iris, "d2.txt", 5, 60, delivered, "commitment.deliver", 0.7)]
    add_commitment(
        g, systems, what, delivered + ".", seen, cue="deliver", quantity=2, unit="systems"
    )
    edge(g, systems, iris.actor("nato"), "committer")
    edge(g, systems, d2, "source")
    # across articles, as kg.graph.build_graph ends: claims and the ledger
    from kg.claims import add_claims
    from kg.ledger import add_ledger

    add_claims(g, claim_iri=lambda _first: iris.claim("d1.txt", 100, 149))
    firsts = {money: ("d1.txt", 200, 290, 0), systems: ("d2.txt", 5, 60, 0)}
    add_ledger(g, entry_iri=lambda first: iris.ledger_entry(*firsts[first]), actor_iri=iris.actor)
    return g


def write_build(graph: nx.MultiDiGraph, out_dir: Path) -> Path:
    """The files `kg build` writes from a graph (all but the HTML view and the report)."""
    from kg.export import rdf
    from kg.export.nodelink import write_node_link
    from kg.namespaces import Iris

    out_dir.mkdir(parents=True, exist_ok=True)
    rdf.write_rdf(graph, out_dir, iris=Iris())  # synthetic_graph mints under the default base
    with open(out_dir / "graph.json", "w", encoding="utf-8") as out:
        write_node_link(graph, out)
    return out_dir


def kinds(graph: nx.MultiDiGraph) -> dict[str, int]:
    counts: dict[str, int] = {}
    for _, kind in graph.nodes(data="kind"):
        counts[kind] = counts.get(kind, 0) + 1
    return counts


# ------------------------------------------------------------------ loading


def test_load_gives_the_graph_the_build_counted(seeds_build):
    loaded = kg.load(seeds_build)
    report = json.loads((seeds_build / "report.json").read_text(encoding="utf-8"))
    assert isinstance(loaded.graph, nx.MultiDiGraph)
    assert kinds(loaded.graph) == report["counts"]
    assert loaded.counts() == report["counts"]


@pytest.mark.parametrize("kind", FACT_KINDS)
def test_one_row_per_node_of_its_kind(any_build, kind):
    loaded = kg.load(any_build)
    rows = getattr(loaded, ROW_METHOD[kind])()
    nodes = sorted(n for n, k in loaded.graph.nodes(data="kind") if k == kind)
    assert [row.iri for row in rows] == nodes


@pytest.mark.parametrize("kind", FACT_KINDS)
def test_every_row_iri_is_a_subject_of_the_rdf(any_build, kind):
    from rdflib import URIRef

    loaded = kg.load(any_build)
    subjects = set(loaded.rdf.subjects())
    for row in getattr(loaded, ROW_METHOD[kind])():
        assert URIRef(row.iri) in subjects


def test_evidence_rows_point_into_documents(any_build):
    loaded = kg.load(any_build)
    documents = {d.iri: d.identifier for d in loaded.documents()}
    for ev in loaded.evidence():
        assert documents[ev.document_iri] == ev.document
        assert 0 <= ev.start < ev.end and 0.0 <= ev.confidence <= 1.0


def test_rdf_is_parsed_only_when_asked_for(seeds_build):
    loaded = kg.load(seeds_build)
    assert "rdf" not in vars(loaded)
    assert len(loaded.rdf) == json.loads((seeds_build / "report.json").read_text())["triples"]


@pytest.mark.parametrize("name", ["missing", "empty"])
def test_load_without_a_build_says_run_kg_build(tmp_path, name):
    folder = tmp_path / name
    if name == "empty":
        folder.mkdir()
    with pytest.raises(OutputMissing, match="kg build"):
        kg.load(folder)


# ------------------------------------------------------------------ rows of the synthetic graph


def test_statement_row_names_speaker_document_and_mentions(synthetic_build):
    (row,) = kg.load(synthetic_build).statements()
    assert (row.speaker, row.kind, row.cue, row.date) == (
        "Boris Pistorius",
        "direct",
        "say",
        "2025-03-01",
    )
    assert row.speaker_iri.endswith("/actor/boris-pistorius")
    assert (row.document, row.mentions) == ("d1.txt", ("Ukraine",))
    assert [(e.start, e.end) for e in row.evidence] == [(100, 149), (300, 349)]


def test_commitment_rows_carry_parties_and_numbers(synthetic_build):
    money, systems = sorted(kg.load(synthetic_build).commitments(), key=lambda r: r.document)
    assert money.committers == ("Germany", "Norway")
    assert (money.recipient, money.asserted_by) == ("Ukraine", "Boris Pistorius")
    assert (money.amount, money.currency, money.amount_bound) == (1.5e9, "EUR", "min")
    assert isinstance(money.amount, float) and money.quantity is None
    assert money.other_amounts == ((1.6e9, "USD", "approx"),)
    assert (systems.committers, systems.recipient, systems.quantity, systems.unit) == (
        ("NATO",),
        None,
        2.0,
        "systems",
    )


def test_document_and_actor_rows(synthetic_build):
    loaded = kg.load(synthetic_build)
    d1, d2 = loaded.documents()
    assert (d1.author, d1.publisher, d1.url) == (
        "Jane Doe",
        "Daily News",
        "https://news.example/d1",
    )
    assert d1.author_iri.endswith("/actor/jane-doe") and d2.author is None
    actors = {a.name: a for a in loaded.actors()}
    assert (actors["Ukraine"].documents, actors["Ukraine"].aliases, actors["Ukraine"].wikidata) == (
        2,
        ("Kyiv",),
        "Q212",
    )
    assert (actors["Germany"].commitments, actors["Boris Pistorius"].statements) == (1, 1)


# ------------------------------------------------------------------ SPARQL


def test_query_runs_sparql_on_the_build(any_build):
    loaded = kg.load(any_build)
    result = loaded.query(
        "PREFIX schema: <https://schema.org/> SELECT ?name WHERE { ?a a schema:Person ; "
        "schema:name ?name } ORDER BY ?name"
    )
    assert result.variables == ["name"]
    assert [r["name"] for r in result.records()] == sorted(
        a.name for a in loaded.actors() if a.type == "Person"
    )


def test_query_on_a_graph_in_memory_uses_rdflib():
    loaded = KnowledgeGraph(synthetic_graph())
    result = loaded.query(
        "PREFIX kg: <https://example.org/kg/ontology#> SELECT ?a WHERE { ?c kg:amount ?a }"
    )
    assert [float(str(a)) for (a,) in result] == [1.5e9]
    assert loaded.query("ASK { ?s ?p ?o }").records() == [{"boolean": True}]


def test_query_takes_a_canned_query_by_name(synthetic_build):
    rows = kg.load(synthetic_build).query("statements", actor="pistorius").records()
    assert [r["speaker"] for r in rows] == ["Boris Pistorius"]
    assert [(r["title"], r["url"], str(r["date"])) for r in rows] == [
        ("Germany pledges air defence", "https://news.example/d1", "2025-03-01")
    ]


def test_query_limit_none_is_every_row_and_a_cut_says_so(synthetic_build):
    loaded = kg.load(synthetic_build)
    everything = loaded.query("evidence")
    assert len(everything) > 2 and not everything.cut
    first = loaded.query("evidence", limit=2)
    assert first.rows == everything.rows[:2] and first.cut and first.total == len(everything)


def test_a_typo_in_a_query_name_lists_the_names(synthetic_build):
    from kg.errors import UnknownChoice

    with pytest.raises(UnknownChoice, match="did you mean 'statements'"):
        kg.load(synthetic_build).query("statments")
    with pytest.raises(UnknownChoice, match="choose from: materiel"):
        kg.load(synthetic_build).query("ledger", kind="weapons")


def test_ledger_table_in_kiel_shape(synthetic_build):
    frame = kg.load(synthetic_build).to_pandas()["ledger"]
    assert list(frame.columns[:11]) == [
        "donor",
        "recipient",
        "kind",
        "item",
        "amount",
        "currency",
        "first_reported",
        "last_reported",
        "latest_status",
        "status_history",
        "reports",
    ]
    germany = frame[frame["donor"] == "Germany; Norway"].iloc[0]
    assert (germany["amount"], germany["currency"], germany["reports"]) == (1.5e9, "EUR", 1)
    assert germany["status_history"] == "2025-03-01 pledged"


# ------------------------------------------------------------------ pandas


def test_to_pandas_gives_one_frame_per_table(any_build):
    loaded = kg.load(any_build)
    frames = loaded.to_pandas()
    assert list(frames) == list(ROW_TYPES)
    counts = kinds(loaded.graph)
    for name, kind in [
        ("documents", "document"),
        ("actors", "actor"),
        ("posts", "post"),
        ("statements", "statement"),
        ("commitments", "commitment"),
    ]:
        assert len(frames[name]) == counts.get(kind, 0)
        assert frames[name]["iri"].is_unique
    assert len(frames["evidence"]) == len(loaded.evidence())
    assert len(frames["mentions"]) == len(loaded.mentions())


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("commitments", "amount"),
        ("commitments", "quantity"),
        ("evidence", "start"),
        ("evidence", "end"),
        ("evidence", "confidence"),
        ("actors", "documents"),
    ],
)
def test_money_quantities_and_offsets_are_numeric_columns(any_build, table, column):
    import pandas as pd

    assert pd.api.types.is_numeric_dtype(kg.load(any_build).to_pandas()[table][column])


def test_missing_amount_is_nan_not_none(synthetic_build):
    commitments = kg.load(synthetic_build).to_pandas()["commitments"].set_index("item")
    assert commitments.loc["air defence", "amount"] == 1.5e9
    assert commitments["amount"].isna().sum() == 1
    assert commitments.loc["air defence", "committers"] == "Germany; Norway"


def test_to_pandas_without_pandas_names_the_extra(synthetic_build, monkeypatch):
    loaded = kg.load(synthetic_build)
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now raises ImportError
    with pytest.raises(MissingExtra, match=re.escape("pip install kg-newsgraph[pandas]")):
        loaded.to_pandas()


# ------------------------------------------------------------------ notebooks and import


def test_repr_html_shows_the_interactive_view(seeds_build):
    assert "<iframe" in kg.load(seeds_build)._repr_html_()


def test_repr_html_without_the_view_module_is_a_summary(synthetic_build, monkeypatch):
    monkeypatch.setitem(sys.modules, "kg.export.html", None)
    page = kg.load(synthetic_build)._repr_html_()
    assert "<table>" in page and "commitment" in page


def test_show_returns_something_a_notebook_renders(seeds_build):
    assert "<iframe" in kg.show(seeds_build)._repr_html_()


def test_import_kg_is_light():
    code = (
        "import sys, kg; heavy = [m for m in ('networkx', 'rdflib', 'pandas', 'spacy') if m in "
        "sys.modules];"
        "assert not heavy, heavy; print(kg.__version__)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert re.match(r"\d+\.\d+", done.stdout)


# ------------------------------------------------------------------ the README examples


def analysis_section() -> str:
    """README's "Use it in your analysis" section."""
    text = README.read_text(encoding="utf-8")
    heading = re.search(rf"^(#+)\s+{re.escape(SECTION)}\s*$", text, re.M)
    assert heading, f"README.md has no section {SECTION!r}"
    level = len(heading.group(1))
    lines, fenced = [], False
    for line in text[heading.end() :].splitlines(keepends=True):
        fenced ^= line.startswith("```")  # a "# comment" inside a code block is no heading
        if not fenced and re.match(rf"#{{1,{level}}}\s", line):
            break
        lines.append(line)
    return "".join(lines)


def python_examples() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", analysis_section(), re.S | re.M)


def test_the_section_has_pandas_and_networkx_examples():
    blocks = python_examples()
    assert any("to_pandas()" in b for b in blocks)
    assert any("import networkx" in b for b in blocks)


@pytest.mark.parametrize("number", range(len(python_examples())))
def test_readme_example_runs(seeds_build, tmp_path, monkeypatch, capsys, number):
    (tmp_path / "output").symlink_to(seeds_build, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    exec(
        compile(python_examples()[number], f"{SECTION} example {number + 1}", "exec"),
        {"__name__": "__main__"},
    )
    assert capsys.readouterr().out  # every example prints what it found


def test_canned_query_limit_passes_through(seeds_build):
    g = kg.load(seeds_build)
    assert len(g.query("posts", limit=2).rows) == 2
    assert len(g.query("posts", limit=0).rows) >= len(g.query("posts", limit=2).rows)
