"""The build's on-disk SPARQL store (kg.store): written with the build, opened read-only by kg query
and kg serve, the same rows as rdflib on graph.nt, and graph.nt loaded instead when it does not
match."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys

import pyoxigraph
import pytest

from kg.api import build
from kg.filenames import STORE_DIR, STORE_OXIGRAPH
from kg.query import canned_queries, graph_file, oxigraph_store, run_canned
from kg.store import read_manifest, store_location, store_problem
from tests.conftest import SEEDS
from tests.test_sparql import _value

# Every canned query with no parameter, and with the parameters an analyst would give.
CASES = [(name, {}) for name in sorted(canned_queries())] + [
    ("statements", {"actor": "Rutte"}),
    ("commitments", {"actor": "Germany"}),
    ("posts", {"actor": "Rutte"}),
    ("cooccurrence", {"actor": "Ukraine"}),
    ("evidence", {"actor": "United States"}),
    ("quotes-mentioning", {"actor": "Ukraine"}),
]


def normal(rows):
    # The same number may be written differently by the two engines ("1.0" vs "1"): by value.
    return sorted(tuple(("-",) if v is None else _value(v) for v in row) for row in rows)


@pytest.fixture()
def copied(seeds_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(seeds_build, out)
    return out


def test_the_build_writes_a_store_that_matches_its_graph(seeds_build):
    manifest = read_manifest(seeds_build)
    assert manifest is not None and manifest.graph == "graph.nt"
    assert manifest.triples == sum(1 for _ in open(seeds_build / "graph.nt", "rb"))
    assert store_problem(seeds_build, whole=True) is None
    assert store_location(seeds_build / "graph.nt") == seeds_build / STORE_OXIGRAPH


def test_queries_open_the_store_read_only(seeds_build):
    store = oxigraph_store(seeds_build)
    assert len(store) == read_manifest(seeds_build).triples
    quad = pyoxigraph.Quad(
        pyoxigraph.NamedNode("urn:a"), pyoxigraph.NamedNode("urn:b"), pyoxigraph.Literal("c")
    )
    with pytest.raises((OSError, RuntimeError), match="read-write"):
        store.add(quad)


@pytest.mark.parametrize(("name", "params"), CASES, ids=lambda v: str(v) if v else "-")
def test_the_store_and_rdflib_give_the_same_rows(seeds_build, name, params):
    store_vars, store_rows = run_canned(seeds_build, name, params, limit=0)
    rdf_vars, rdf_rows = run_canned(seeds_build, name, params, limit=0, engine="rdflib")
    assert store_vars == rdf_vars
    assert store_rows and normal(store_rows) == normal(rdf_rows)


def test_an_edited_graph_is_loaded_instead_of_the_store(copied, caplog):
    extra = '<urn:kg:test:a> <https://schema.org/name> "Added by hand" .\n'
    with open(copied / "graph.nt", "a", encoding="utf-8") as fh:
        fh.write(extra)
    assert "size differs" in store_problem(copied)
    with caplog.at_level(logging.WARNING, logger="kg.store"):
        assert store_location(graph_file(copied)) is None
    assert "not using the store" in caplog.text
    store = oxigraph_store(copied)
    assert len(store) == read_manifest(copied).triples + 1  # graph.nt as it is now


def test_a_build_without_a_store_loads_its_graph(copied):
    shutil.rmtree(copied / STORE_DIR)
    assert store_location(graph_file(copied)) is None
    assert run_canned(copied, "commitments", {"actor": "Germany"})[1]


def test_no_store_builds_none(tmp_path):
    build([str(SEEDS / "essay-europe-guarantee-force.txt")], tmp_path / "out", store=False)
    assert not (tmp_path / "out" / STORE_DIR).exists()
    assert run_canned(tmp_path / "out", "commitments")[1]


def test_serve_opens_the_build_store_and_loads_nothing(seeds_build, tmp_path):
    from kg.serve import _store_for

    scratch = tmp_path / "scratch"
    assert _store_for(seeds_build / "graph.nt", scratch) == seeds_build / STORE_OXIGRAPH
    assert not scratch.exists()


def test_a_store_in_an_input_folder_gives_no_warnings(copied):
    from kg.ingest import discover

    found = list(discover([str(copied.parent)]))
    assert not any(STORE_DIR in str(item) for item in found)


def test_a_canned_table_from_the_store_needs_no_rdflib(seeds_build):
    # rdflib's import is a fifth of a second of every `kg query`; the table is printed from
    # pyoxigraph's own terms, the same text as from rdflib's (checked across every canned query).
    code = (
        "import sys\n"
        "from kg.cli.query import _output\n"
        "from types import SimpleNamespace as A\n"
        f"args = A(out_dir={str(seeds_build)!r}, name='posts', param=[],\n"
        "         limit=None, format='table', query=None, file=None, allow_service=False)\n"
        "text = _output(args).decode()\n"
        "assert 'NATO' in text, text\n"
        "print('rdflib' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
