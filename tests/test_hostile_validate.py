"""Hostile builds for `kg validate`: tampered, empty, missing, damaged or remote-context files.

Each case ends in a report or one clean error naming the file (and line), never a traceback, a
page of log output, a network request, or "conforms" for a graph that was not checked.
"""

from __future__ import annotations

import http.server
import importlib.util
import json
import logging
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.errors import EmptyGraph, GraphSyntaxError, OutputMissing, RemoteContextRefused
from kg.export.jsonld import write_jsonld
from kg.export.rdf import jsonld_context
from kg.validate import format_report, validate_dir
from tests.conftest import ROOT

SAMPLE = Path(__file__).parent / "fixtures" / "contract_sample.ttl"
EXAMPLE = "https://example.org/kg/id/"


def _named(term):
    # The sample's selectors are blank nodes; kg mints an IRI for every node (so does this).
    return (
        ox.NamedNode(f"{EXAMPLE}selector/{term.value}") if isinstance(term, ox.BlankNode) else term
    )


def write_build(folder: Path, *, skolemize: bool = True) -> Path:
    """graph.nt, graph.ttl and (skolemized) graph.jsonld of the contract sample, as `kg build`
    writes them."""
    folder.mkdir(exist_ok=True)
    triples = [q.triple for q in ox.parse(path=str(SAMPLE))]
    if skolemize:
        triples = [ox.Triple(_named(t.subject), t.predicate, _named(t.object)) for t in triples]
    triples.sort(key=str)
    ox.serialize(triples, output=str(folder / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    ox.serialize(
        triples,
        output=str(folder / "graph.ttl"),
        format=ox.RdfFormat.TURTLE,
        prefixes={"kg": "https://example.org/kg/ontology#", "schema": "https://schema.org/"},
    )
    if not skolemize:
        return folder
    subjects: dict[str, list] = defaultdict(list)
    for t in triples:
        subjects[t.subject.value].append((t.predicate.value, t.object))
    write_jsonld(subjects.items(), folder / "graph.jsonld", context=jsonld_context())
    return folder


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    return write_build(tmp_path_factory.mktemp("validate") / "out")


def copy_build(build: Path, to: Path) -> Path:
    to.mkdir()
    for f in build.iterdir():
        (to / f.name).write_bytes(f.read_bytes())
    return to


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["validate", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_rdf_file_of_a_clean_build_is_checked(build, capsys):
    code, out, err = run_cli(capsys, str(build))
    assert code == 0, out + err
    lines = out.splitlines()
    assert lines[0] == f"{build / 'graph.nt'}: conforms to the RDF contract (294 triples)"
    assert lines[1:3] == ["graph.ttl holds the same triples", "graph.jsonld holds the same triples"]
    assert err == ""  # not a terminal: no progress


# (file, what to change in it, what to change it to, an expected line of the report)
TAMPERS = [
    (
        "graph.ttl",
        '"Keith Kellogg"',
        '"Keith Kellog"',
        "graph.ttl does not hold the same triples as graph.nt: 1 only in graph.ttl, 1 missing from "
        "it",
    ),
    (
        "graph.jsonld",
        '"0.7"',
        '"0.8"',
        "graph.jsonld does not hold the same triples as graph.nt: 1 only in graph.jsonld, 1 "
        "missing from it",
    ),
    (
        "graph.nt",
        '<https://schema.org/name> "Keith Kellogg" .\n',
        '<https://schema.org/name> "Keith Kellogg" .\n'
        '<https://example.org/kg/id/actor/x> <https://schema.org/name> "X" .\n',
        "graph.ttl does not hold the same triples as graph.nt: 0 only in graph.ttl, 1 missing from "
        "it",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "expected"), TAMPERS, ids=[t[0] for t in TAMPERS])
def test_a_tampered_file_does_not_conform(build, tmp_path, capsys, name, old, new, expected):
    out_dir = copy_build(build, tmp_path / "out")
    text = (out_dir / name).read_text(encoding="utf-8")
    assert old in text
    (out_dir / name).write_text(text.replace(old, new, 1), encoding="utf-8")
    code, out, err = run_cli(capsys, str(out_dir))
    assert code == 1 and err == ""
    assert f"Violation: {expected}" in out.splitlines(), out
    assert "conforms" not in out


def test_report_shows_the_differing_triples(build, tmp_path):
    out_dir = copy_build(build, tmp_path / "out")
    ttl = out_dir / "graph.ttl"
    ttl.write_text(
        ttl.read_text(encoding="utf-8").replace('"Keith Kellogg"', '"Keith Kellog"', 1),
        encoding="utf-8",
    )
    report = validate_dir(out_dir)
    assert not report.conforms and report.violations == []
    assert report.also_checked == [out_dir / "graph.jsonld"]
    out = format_report(report)
    assert (
        f'  only in graph.ttl: <{EXAMPLE}actor/keith-kellogg> <https://schema.org/name> "Keith '
        'Kellog" .' in out
    )
    assert (
        f"  missing from graph.ttl: <{EXAMPLE}actor/keith-kellogg> <https://schema.org/name> "
        '"Keith Kellogg" .' in out
    )
    assert out.splitlines()[0].endswith("1 violation(s) of the RDF contract (294 triples)")


def test_blank_nodes_are_compared_up_to_renaming(tmp_path, capsys):
    out_dir = write_build(tmp_path / "out", skolemize=False)
    code, out, _ = run_cli(capsys, str(out_dir))
    assert code == 0 and "graph.ttl holds the same triples" in out
    ttl = out_dir / "graph.ttl"
    ttl.write_text(
        ttl.read_text(encoding="utf-8").replace('"US envoy Keith Kellogg"', '"US envoy"', 1),
        encoding="utf-8",
    )
    code, out, _ = run_cli(capsys, str(out_dir))
    assert code == 1
    assert (
        "  the triples with blank nodes differ (84 in graph.ttl, 84 in graph.nt)"
        in out.splitlines()
    ), out


@pytest.mark.parametrize(
    "content", ["", "\n\n", "# only a comment\n"], ids=["zero bytes", "blank lines", "comment"]
)
def test_an_empty_graph_is_an_error_not_a_conforming_graph(tmp_path, capsys, content):
    (tmp_path / "graph.nt").write_text(content, encoding="utf-8")
    with pytest.raises(EmptyGraph):
        validate_dir(tmp_path)
    code, out, err = run_cli(capsys, str(tmp_path))
    assert (code, out) == (1, "")
    assert (
        err
        == f"kg validate: error: {tmp_path / 'graph.nt'} holds no triples: an empty graph is not a "
        "build; "
        "rebuild it with `kg build INPUT --out DIR`\n"
    )


@pytest.mark.parametrize("where", ["empty folder", "no such folder", "no such file"])
def test_a_missing_graph_is_an_error(tmp_path, capsys, where):
    target = {
        "empty folder": tmp_path,
        "no such folder": tmp_path / "nowhere",
        "no such file": tmp_path / "graph.nt",
    }[where]
    with pytest.raises(OutputMissing):
        validate_dir(target)
    code, out, err = run_cli(capsys, str(target))
    assert (code, out) == (1, "")
    assert (
        err.startswith("kg validate: error: ")
        and "not found: run `kg build" in err
        and err.count("\n") == 1
    )


def _lines(*texts: str) -> str:
    return "".join(t + "\n" for t in texts)


GOOD_LINE = f'<{EXAMPLE}actor/a> <https://schema.org/name> "A" .'
# (file name, content, the line the error must name)
DAMAGED = [
    ("graph.nt", _lines(GOOD_LINE, f'<{EXAMPLE}actor/b> <https://schema.org/name> "B .'), "line 2"),
    (
        "graph.nt",
        _lines(GOOD_LINE, GOOD_LINE, f'<{EXAMPLE}actor/b> <https://schema.org/name> "B\\q" .'),
        "line 3",
    ),
    (
        "graph.nt",
        _lines(GOOD_LINE) + f"<{EXAMPLE}actor/b> <https://schema.org/na",
        "line 2",
    ),  # truncated
    (
        "graph.nt",
        _lines(GOOD_LINE, f'<{EXAMPLE}actor/b> <https://schema.org/name> "1"^^<not an iri> .'),
        "line 2",
    ),
    ("graph.ttl", SAMPLE.read_text(encoding="utf-8")[:5000], "line "),  # truncated mid-file
    (
        "graph.jsonld",
        '{"@context": {"name": "https://schema.org/name"},\n"@graph": [{"@id": "https://e.org/a", '
        '"name": "A"},\n',
        "line ",
    ),
    (
        "graph.nt",
        GOOD_LINE.encode()
        + b"\n"
        + GOOD_LINE.replace('"A"', '"\xff\xfe"').encode(encoding="latin-1")
        + b"\n",
        "line 2",
    ),
    ("graph.nt", bytes(range(256)) * 8, "line 1"),
]


@pytest.mark.parametrize(
    ("name", "content", "where"),
    DAMAGED,
    ids=[
        "unterminated literal",
        "bad escape",
        "truncated nt",
        "bad datatype IRI",
        "truncated ttl",
        "truncated jsonld",
        "invalid UTF-8",
        "binary",
    ],
)
def test_a_damaged_file_is_one_clean_error_naming_file_and_line(
    tmp_path, capsys, name, content, where
):
    if isinstance(content, bytes):
        (tmp_path / name).write_bytes(content)
    else:
        (tmp_path / name).write_text(content, encoding="utf-8")
    with pytest.raises(GraphSyntaxError):
        validate_dir(tmp_path)
    code, out, err = run_cli(capsys, str(tmp_path))
    assert (code, out) == (1, "")
    assert (
        err.startswith(f"kg validate: error: {tmp_path / name}, {where}") and err.count("\n") == 1
    ), err
    assert "Traceback" not in err


def test_a_damaged_sibling_file_is_reported_too(build, tmp_path, capsys):
    out_dir = copy_build(build, tmp_path / "out")
    jsonld = out_dir / "graph.jsonld"
    jsonld.write_bytes(jsonld.read_bytes()[: jsonld.stat().st_size // 2])
    code, out, err = run_cli(capsys, str(out_dir))
    assert code == 1 and err.startswith(f"kg validate: error: {jsonld}, line ")


def test_an_ill_typed_literal_is_one_violation_without_log_noise(build, tmp_path, capsys, caplog):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    nt = (build / "graph.nt").read_text(encoding="utf-8")
    old = '"0.7"^^<http://www.w3.org/2001/XMLSchema#decimal>'
    assert old in nt
    (out_dir / "graph.nt").write_text(
        nt.replace(old, '"seventy percent"^^<http://www.w3.org/2001/XMLSchema#decimal>', 1)
    )
    with caplog.at_level(logging.WARNING):
        code, out, err = run_cli(capsys, str(out_dir))
    assert code == 1 and err == ""
    assert [r for r in caplog.records if r.name.startswith("rdflib")] == []
    bad = [line for line in out.splitlines() if line.startswith("Violation:")]
    assert any(
        "kg:confidence: evidence needs exactly one kg:confidence" in line
        and '"seventy percent"' in line
        for line in bad
    )


class _Counting(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        type(self).requests.append(self.path)
        body = json.dumps({"@context": {"name": "https://schema.org/name"}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def context_server():
    server = http.server.HTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Counting.requests = []
    yield f"http://127.0.0.1:{server.server_port}/context.jsonld"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("as_file", [False, True], ids=["in a build folder", "given as the file"])
def test_a_remote_jsonld_context_is_refused_not_fetched(
    build, tmp_path, capsys, context_server, as_file
):
    out_dir = copy_build(build, tmp_path / "out")
    jsonld = out_dir / "graph.jsonld"
    jsonld.write_text(
        json.dumps({"@context": context_server, "@id": f"{EXAMPLE}actor/a", "name": "A"}),
        encoding="utf-8",
    )
    target = jsonld if as_file else out_dir
    with pytest.raises(RemoteContextRefused):
        validate_dir(target)
    code, out, err = run_cli(capsys, str(target))
    assert (code, out) == (1, "")
    assert err.startswith(
        f"kg validate: error: {jsonld}: its JSON-LD @context is a remote document, which kg never "
        "fetches"
    )
    assert _Counting.requests == []


@pytest.mark.parametrize("name", ["graph.ttl", "graph.jsonld"])
def test_a_single_file_other_than_ntriples_is_checked_against_the_shapes(build, tmp_path, name):
    report = validate_dir(build / name)
    assert report.conforms and report.triples == 294 and report.graph_path == build / name
    broken = tmp_path / name
    broken.write_text(
        (build / name).read_text(encoding="utf-8").replace('"USD"', '"dollars"'), encoding="utf-8"
    )
    report = validate_dir(broken)
    assert not report.conforms
    assert any("kg:currency must be one ISO 4217 code" in v.line() for v in report.violations)


def test_progress_goes_to_stderr_only_when_asked(build, capsys):
    validate_dir(build, progress=True)
    out, err = capsys.readouterr()
    assert out == "" and "checking 294 triples against the shapes" in err
    validate_dir(build, progress=False)
    assert capsys.readouterr() == ("", "")


def test_the_report_is_deterministic(build, capsys):
    first = run_cli(capsys, str(build))
    assert run_cli(capsys, str(build)) == first


@pytest.fixture(scope="module")
def synthetic_sparql_bench():
    spec = importlib.util.spec_from_file_location("bench_sparql", ROOT / "bench" / "sparql.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_sparql"] = module
    spec.loader.exec_module(module)
    return module


def test_a_graph_pyshacl_never_finished_validates_in_seconds(synthetic_sparql_bench, tmp_path):
    # pySHACL ran each SPARQL constraint over the whole graph once per focus node: 8k triples of
    # the Guardian build took over 10 minutes. 20k triples must take seconds
    # (bench/hostile_validate.py times 85k and 1M).
    corpus = synthetic_sparql_bench.generate(triples=20_000)
    (tmp_path / "graph.nt").write_text(corpus.ntriples, encoding="utf-8")
    start = time.perf_counter()
    report = validate_dir(tmp_path)
    assert time.perf_counter() - start < 30
    assert report.triples == corpus.triples


def test_a_folder_name_that_looks_like_rdf_or_a_url_is_read_as_a_path(
    build, tmp_path, monkeypatch, capsys
):
    # The SHACL engine reads a str starting with "<", "{", "#" or "http:" as RDF text or a URL.
    odd = copy_build(build, tmp_path / "{odd} <dir> #1")
    monkeypatch.chdir(odd)
    code, out, err = run_cli(capsys, "graph.nt")
    assert (code, err) == (0, "") and out.startswith(
        "graph.nt: conforms to the RDF contract (294 triples)"
    )
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(capsys, odd.name)
    assert (code, err) == (0, "") and "graph.jsonld holds the same triples" in out
