"""kg export and the RDF files: every format reads back to the same graph (issue 7).

Graph formats are read back with networkx, tables with pandas, RDF with rdflib; each on the seeds
build and on the hand-made graph of test_api, which has statements and commitments.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF
from test_api import kinds, synthetic_graph

import kg
from kg.api import ROW_TYPES
from kg.cli import main
from kg.errors import MissingExtra
from kg.export import rdf, tables
from kg.paths import ONTOLOGY_DIR

TABLE_OF_KIND = {
    "documents": "document",
    "actors": "actor",
    "posts": "post",
    "statements": "statement",
    "commitments": "commitment",
}
RDF_FORMATS = {"graph.ttl": "turtle", "graph.nt": "nt", "graph.jsonld": "json-ld"}


def read_graph(fmt: str, path: Path) -> nx.MultiDiGraph:
    if fmt == "graphml":
        return nx.read_graphml(path, force_multigraph=True)
    if fmt == "gexf":
        return nx.MultiDiGraph(nx.read_gexf(path))
    return nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")


def edge_set(graph: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(u, v, data["relation"]) for u, v, data in graph.edges(data=True)}


# ------------------------------------------------------------------ graph formats


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "nodelink"])
def test_graph_format_round_trip(any_build, tmp_path, fmt):
    graph = kg.load(any_build).graph
    path = tables.export(graph, fmt, tmp_path / f"graph.{fmt}")
    back = read_graph(fmt, path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (
        graph.number_of_nodes(),
        graph.number_of_edges(),
    )
    assert set(back.nodes) == set(graph.nodes)
    assert edge_set(back) == edge_set(graph)
    assert {n: d["kind"] for n, d in back.nodes(data=True)} == dict(graph.nodes(data="kind"))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_hold_scalars_and_keep_numbers_numeric(synthetic_build, tmp_path, fmt):
    path = tables.export(kg.load(synthetic_build).graph, fmt, tmp_path / f"graph.{fmt}")
    back = read_graph(fmt, path)
    for _, data in back.nodes(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in data.values()), data
    money = next(d for _, d in back.nodes(data=True) if d.get("item") == "air defence")
    assert money["amount"] == 1.5e9 and isinstance(money["amount"], float)
    assert json.loads(money["evidence"])[0]["start"] == 200
    germany = next(d for _, d in back.nodes(data=True) if d.get("name") == "Germany")
    assert germany["aliases"] == "German government" and "wikidata" in germany


def test_scalar_graph_drops_none_and_flattens_lists():
    flat = tables.scalar_graph(synthetic_graph())
    for _, data in flat.nodes(data=True):
        assert None not in data.values()
        assert not any(isinstance(v, (list, tuple, dict)) for v in data.values())
    ukraine = next(d for _, d in flat.nodes(data=True) if d.get("name") == "Ukraine")
    assert ukraine["aliases"] == "Kyiv"


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "nodelink"])
def test_graph_exports_are_byte_identical(synthetic_build, tmp_path, fmt):
    graph = kg.load(synthetic_build).graph
    first = tables.export(graph, fmt, tmp_path / f"a.{fmt}").read_bytes()
    assert tables.export(graph, fmt, tmp_path / f"b.{fmt}").read_bytes() == first


# ------------------------------------------------------------------ tables


def read_tables(fmt: str, folder: Path) -> dict:
    import pandas as pd

    reader = pd.read_csv if fmt == "csv" else pd.read_parquet
    return {name: reader(folder / f"{name}.{fmt}") for name in ROW_TYPES}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_table_round_trip(any_build, tmp_path, fmt):
    loaded = kg.load(any_build)
    frames = read_tables(fmt, tables.export(loaded.graph, fmt, tmp_path / fmt))
    counts = kinds(loaded.graph)
    for name, kind in TABLE_OF_KIND.items():
        assert len(frames[name]) == counts.get(kind, 0)
        assert set(frames[name]["iri"]) == {
            n for n, k in loaded.graph.nodes(data="kind") if k == kind
        }
    assert len(frames["evidence"]) == len(loaded.evidence())
    assert len(frames["mentions"]) == len(loaded.mentions())
    for name, frame in frames.items():
        assert list(frame.columns) == list(tables.columns(name))


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_tables_read_back_with_numeric_money(synthetic_build, tmp_path, fmt):
    import pandas as pd

    frames = read_tables(fmt, tables.export(kg.load(synthetic_build).graph, fmt, tmp_path / fmt))
    commitments = frames["commitments"].set_index("item")
    assert pd.api.types.is_float_dtype(commitments["amount"])
    assert commitments.loc["air defence", "amount"] == 1.5e9
    assert commitments.loc["Patriot systems", "quantity"] == 2.0
    assert pd.isna(commitments.loc["Patriot systems", "amount"])
    assert json.loads(commitments.loc["air defence", "other_amounts"]) == [[1.6e9, "USD", "approx"]]
    assert pd.api.types.is_integer_dtype(frames["evidence"]["start"])


def test_tables_match_to_pandas(synthetic_build, tmp_path):
    loaded = kg.load(synthetic_build)
    frames = read_tables("parquet", tables.export(loaded.graph, "parquet", tmp_path / "parquet"))
    for name, frame in loaded.to_pandas().items():
        assert frame.shape == frames[name].shape
        assert frame.columns.tolist() == frames[name].columns.tolist()


def test_every_csv_has_a_header_even_when_empty(tmp_path):
    empty = nx.MultiDiGraph()
    for path in tables.write_csv(empty, tmp_path):
        assert path.read_text(encoding="utf-8").splitlines() == [
            ",".join(tables.columns(path.stem))
        ]


def test_every_table_has_an_iri_column():
    for name in ROW_TYPES:
        assert any(c == "iri" or c.endswith("_iri") for c in tables.columns(name)), name


def test_parquet_without_pyarrow_names_the_extra(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingExtra, match=re.escape("pip install kg-newsgraph[parquet]")):
        tables.write_parquet(synthetic_graph(), tmp_path)


# ------------------------------------------------------------------ the command


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("graphml", "g.graphml"), ("gexf", "g.gexf"), ("nodelink", "g.json"), ("csv", "tables")],
)
def test_kg_export_command(synthetic_build, tmp_path, capsys, fmt, name):
    out = tmp_path / "exports" / name
    assert main(["export", str(synthetic_build), "--format", fmt, "--out", str(out)]) == 0
    assert out.exists()
    assert f"kg export: {fmt} ->" in capsys.readouterr().out


def test_kg_export_without_a_build_says_run_kg_build(tmp_path, capsys):
    assert (
        main(
            [
                "export",
                str(tmp_path / "nothing"),
                "--format",
                "gexf",
                "--out",
                str(tmp_path / "g.gexf"),
            ]
        )
        == 1
    )
    assert "kg build" in capsys.readouterr().err


# ------------------------------------------------------------------ RDF files


def parse(path: Path) -> Graph:
    return Graph().parse(path, format=RDF_FORMATS[path.name])


@pytest.mark.parametrize("name", ["graph.ttl", "graph.jsonld"])
def test_rdf_files_are_isomorphic_to_the_ntriples(any_build, name):
    reference = parse(any_build / "graph.nt")
    other = parse(any_build / name)
    assert len(other) == len(reference) > 0
    assert isomorphic(other, reference)


def test_jsonld_uses_the_context_of_the_ontology_folder(synthetic_build):
    data = json.loads((synthetic_build / "graph.jsonld").read_text(encoding="utf-8"))
    context = json.loads((ONTOLOGY_DIR / "context.jsonld").read_text(encoding="utf-8"))["@context"]
    assert data["@context"] == context == rdf.jsonld_context()
    nodes = {node["@id"]: node for node in data["@graph"]}
    money = next(n for n in nodes.values() if n.get("@type") == "Commitment")
    assert (money["amount"], money["currency"], money["item"]) == (
        "1500000000.0",
        "EUR",
        "air defence",
    )
    quote = next(n for n in nodes.values() if n.get("@type") == "Quotation")
    assert quote["creator"].endswith("/actor/boris-pistorius") and quote["cue"] == "say"
    document = nodes[next(iri for iri in nodes if iri.endswith("/doc/d1.txt"))]
    assert document["name" if "name" in document else "headline"] and isinstance(
        document["mentions"], list
    )


def test_context_has_a_short_term_for_every_property_in_use(any_build):
    context = rdf.jsonld_context()
    prefixes = {k: v for k, v in context.items() if isinstance(v, str) and v.endswith(("/", "#"))}

    def expand(curie: str) -> str:
        prefix, _, local = curie.partition(":")
        return prefixes[prefix] + local

    terms = {
        expand(v if isinstance(v, str) else v["@id"])
        for k, v in context.items()
        if k not in prefixes
    }
    predicates = {str(p) for p in parse(any_build / "graph.nt").predicates() if p != RDF.type}
    assert predicates <= terms, sorted(predicates - terms)


def test_jsonld_of_the_context_keeps_typed_values(tmp_path):
    # Typed terms ("start": nonNegativeInteger, "amount": decimal, "@type": "@id") must give the
    # very same literals and IRIs back, also for values the seeds do not have yet.
    from kg.export.jsonld import write_jsonld
    from kg.namespaces import Iris

    g = rdf.to_rdf(synthetic_graph())
    subjects = rdf.subjects(synthetic_graph(), Iris())
    write_jsonld(subjects, tmp_path / "graph.jsonld", context=rdf.jsonld_context())
    back = Graph().parse(tmp_path / "graph.jsonld", format="json-ld")
    assert isomorphic(back, g)
    assert {
        str(o) for o in back.objects(None, URIRef("https://example.org/kg/ontology#commitmentKind"))
    } == {
        "https://example.org/kg/ontology/commitment-kind/funding",
        "https://example.org/kg/ontology/commitment-kind/materiel",
    }


def test_node_link_file_is_what_networkx_writes(tmp_path):
    import networkx as nx

    from kg.export.nodelink import write_node_link

    graph = synthetic_graph()
    with open(tmp_path / "graph.json", "w", encoding="utf-8") as out:
        write_node_link(graph, out)
    written = json.loads((tmp_path / "graph.json").read_text(encoding="utf-8"))
    assert written == json.loads(json.dumps(nx.node_link_data(graph, edges="edges")))
    assert nx.utils.graphs_equal(nx.node_link_graph(written, edges="edges"), graph)


def test_exported_node_link_is_the_build_file_signed(any_build, tmp_path):
    # One writer: `kg export --format nodelink` is graph.json with the generator key put first.
    from kg.export.tables import SIGNATURE

    out = tmp_path / "g.json"
    args = ["export", str(any_build), "--format", "nodelink", "--out", str(out), "--quiet"]
    assert main(args) == 0
    exported = out.read_text(encoding="utf-8")
    head = f'{{"generator": {json.dumps(SIGNATURE)}, '
    assert exported.startswith(head)
    assert "{" + exported[len(head) :] == (any_build / "graph.json").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "iri",
    [
        "https://schema.org/name",
        "https://example.org/kg/ontology#Commitment",
        "https://example.org/kg/ontology/commitment-kind/pledge",  # kgkind:, not kg:
        # a bare namespace: the next that fits
        "https://example.org/kg/ontology/commitment-status/",
        "https://example.org/kg/id/actor/ukraine",
        "http://www.w3.org/2001/XMLSchema#decimal",
        "urn:x-unknown",
        "",
    ],
)
def test_iri_compacter_is_compact_iri(iri):
    from kg.namespaces import PREFIXES, compact_iri, iri_compacter

    for prefixes in (
        {p: str(ns) for p, ns in PREFIXES.items()},
        dict(sorted({p: str(ns) for p, ns in PREFIXES.items()}.items(), key=lambda p: -len(p[1]))),
    ):
        assert iri_compacter(prefixes)(iri) == compact_iri(iri, prefixes)
