"""Hostile names: one IRI per document, no triple written twice, XML that parses, no raw terminal
escapes."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.export import tables
from kg.namespaces import DEFAULT_BASE, Iris, document_segment, slug
from kg.safe_text import for_terminal, for_xml
from tests.conftest import ROOT

POST = (
    'NATO Secretary-General Mark Rutte said on Monday that "allies will send more air defence '
    'to Ukraine".\n'
)
PLEDGE = (
    "Ukrainian President Volodymyr Zelenskyy said Germany had pledged 500 million euros in aid.\n"
)
ESC_NAME = (
    "evil\x1b[31m\x07.txt"  # a good article whose file name colours the terminal and rings its bell
)
# name -> text; names that slug alike, the same sentence in two files, control characters in names
FILES = {
    "Report.txt": POST,
    "report.txt": POST,
    "Україна.txt": PLEDGE,
    "Росія.txt": PLEDGE,
    ESC_NAME: PLEDGE,
    # an empty file: its warning names it; the escape sets a window title
    "empty\x1b]0;pwned\x07.txt": "",
    "two\nlines.txt": "",
}
ARTICLES = sorted(name for name, text in FILES.items() if text)
SCHEMA, OA = "https://schema.org/", "http://www.w3.org/ns/oa#"
RAW_CONTROLS = ("\x1b", "\x07", "\x9b")


def run_kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT, timeout=240
    )


@pytest.fixture(scope="module")
def clash(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("iris")
    folder = root / "input"
    folder.mkdir()
    for name, text in FILES.items():
        (folder / name).write_text(text, encoding="utf-8")
    out = root / "out"
    done = run_kg("build", str(folder), "--out", str(out), "--cache-dir", str(root / "cache"))
    assert done.returncode == 0, done.stderr
    return {
        "root": root,
        "folder": folder,
        "out": out,
        "stdout": done.stdout,
        "stderr": done.stderr,
    }


def nt_lines(out: Path) -> list[str]:
    return (out / "graph.nt").read_text(encoding="utf-8").splitlines()


def triples(out: Path) -> list[ox.Triple]:
    return [
        quad.triple for quad in ox.parse(path=str(out / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
    ]


# ------------------------------------------------------------------ document IRIs


@pytest.mark.parametrize(
    "one, other",
    [
        ("Report.txt", "report.txt"),  # case
        ("Україна.txt", "Росія.txt"),  # non-ASCII letters only (both slugged to "txt")
        ("a-b.txt", "a.b.txt"),  # punctuation
        ("a/b.txt", "a%2Fb.txt"),  # a folder against a name spelled like its encoding
        ("\u00e9.txt", "e\u0301.txt"),  # composed against decomposed
        ("x.jsonl#1", "x.jsonl-1"),
        ("bad\udcff.txt", "bad\udcfe.txt"),  # names that are not UTF-8, as Python decodes them
    ],
)
def test_document_ids_that_differ_give_different_iris(one, other):
    iris = Iris()
    assert iris.document(one) != iris.document(other)
    assert iris.statement(one, 1, 2) != iris.statement(other, 1, 2)
    assert iris.commitment(one, 1, 2, 0) != iris.commitment(other, 1, 2, 0)


@pytest.mark.parametrize(
    "doc_id, segment",
    [
        (
            "national-herald-moore-mi6.txt",
            "national-herald-moore-mi6.txt",
        ),  # plain ASCII reads as itself
        ("Report_2~1.txt", "Report_2~1.txt"),
        ("sub/dir/a b.txt", "sub%2Fdir%2Fa%20b.txt"),
        ("news.jsonl#guardian-1", "news.jsonl%23guardian-1"),
        ("Україна.txt", "%D0%A3%D0%BA%D1%80%D0%B0%D1%97%D0%BD%D0%B0.txt"),
        (ESC_NAME, "evil%1B%5B31m%07.txt"),
    ],
)
def test_document_segment_is_the_percent_encoded_id(doc_id, segment):
    assert document_segment(doc_id) == segment
    assert Iris().document(doc_id) == f"{DEFAULT_BASE}doc/{segment}"


@pytest.mark.parametrize(
    "base", [DEFAULT_BASE, "https://example.com/data", "https://example.com/data#", "urn:x:"]
)
@pytest.mark.parametrize("doc_id", ["a.txt", "sub/Ä ö.md", ESC_NAME, "bad\udcff.txt", "%41.txt"])
def test_minted_iris_are_valid_under_any_base(base, doc_id):
    iris = Iris(base)
    document = iris.document(doc_id)
    fact = iris.statement(doc_id, 3, 9)
    evidence = iris.evidence(fact, 3, 9, "quote.before", doc_id=doc_id)
    for iri in (document, fact, iris.commitment(doc_id, 3, 9, 2), evidence):
        assert ox.NamedNode(iri).value == iri
        assert iri.startswith(iris.base)


def test_post_evidence_iris_name_the_document():
    iris = Iris()
    post = iris.post("mark-rutte", "nato", "Secretary-General")
    one, other = (
        iris.evidence(post, 0, 40, "post.prefix", doc_id=d) for d in ("Report.txt", "report.txt")
    )
    assert one != other


@pytest.mark.parametrize(
    "same, different",
    [
        (("Путін", "ПУТІН"), "Зеленський"),  # no ASCII letter: the name's own letters, case-folded
        (("Ελλάδα", "ελλάδα"), "Κύπρος"),
        (("Kyiv", "KYIV"), "Київ"),
    ],
)
def test_actor_slugs_of_non_ascii_names_stay_apart(same, different):
    assert slug(same[0]) == slug(same[1]) != slug(different)
    assert ox.NamedNode(Iris().actor(slug(different)))


# ------------------------------------------------------------------ a build of clashing names


def test_every_file_is_its_own_document(clash):
    identifiers = sorted(
        t.object.value for t in triples(clash["out"]) if t.predicate.value == SCHEMA + "identifier"
    )
    assert identifiers == ARTICLES
    report = json.loads((clash["out"] / "report.json").read_text(encoding="utf-8"))
    assert report["counts"]["document"] == len(ARTICLES)


def test_no_triple_is_written_twice_and_the_report_counts_them(clash):
    lines = nt_lines(clash["out"])
    assert len(set(lines)) == len(lines)
    report = json.loads((clash["out"] / "report.json").read_text(encoding="utf-8"))
    assert report["triples"] == len(lines)


def test_the_same_post_in_two_documents_has_one_evidence_per_document(clash):
    found = triples(clash["out"])
    sources = Counter(t.subject.value for t in found if t.predicate.value == OA + "hasSource")
    assert sources and set(sources.values()) == {1}
    rutte = [
        t
        for t in found
        if t.subject.value.startswith(DEFAULT_BASE + "post/mark-rutte/")
        and t.predicate.value == "http://www.w3.org/ns/prov#wasDerivedFrom"
    ]
    documents = {
        t.object.value
        for t in found
        if t.subject.value in {r.object.value for r in rutte}
        and t.predicate.value == OA + "hasSource"
    }
    assert documents == {Iris().document("Report.txt"), Iris().document("report.txt")}


def test_the_build_conforms_to_the_contract(clash, capsys):
    assert main(["validate", str(clash["out"])]) == 0
    assert "conforms to the RDF contract" in capsys.readouterr().out


def rebuild(clash: dict, out: Path, *more: str) -> subprocess.CompletedProcess:
    """The clash folder built again into `out`, through the module build's cache."""
    cache = clash["root"] / "cache"
    return run_kg(
        "build",
        str(clash["folder"]),
        "--out",
        str(out),
        "--cache-dir",
        str(cache),
        "--quiet",
        *more,
    )


def test_a_rebuild_gives_the_same_bytes(clash):
    again = clash["root"] / "again"
    done = rebuild(clash, again)
    assert done.returncode == 0, done.stderr
    for name in ("graph.nt", "graph.ttl", "graph.jsonld"):
        assert (again / name).read_bytes() == (clash["out"] / name).read_bytes(), name


@pytest.mark.parametrize("base", ["https://example.com/data#", "urn:kg:"])
def test_a_base_without_a_slash_builds_and_conforms(clash, base, capsys):
    out = clash["root"] / f"base-{base[-1]}"
    done = rebuild(clash, out, "--base", base)
    assert done.returncode == 0, done.stderr
    minted = Iris(base).base  # "urn:kg:" gets its "/"
    subjects = {line.split(" ", 1)[0] for line in nt_lines(out)}
    assert all(s.startswith(f"<{minted}") for s in subjects)
    assert any(s.startswith(f"<{minted}role/") for s in subjects)
    assert any(s.startswith(f"<{minted}cooccurrence/") for s in subjects)
    assert main(["validate", str(out)]) == 0, capsys.readouterr().out


# ------------------------------------------------------------------ terminal and XML


def test_build_output_has_no_raw_control_characters(clash):
    shown = clash["stdout"] + clash["stderr"]
    assert not any(c in shown for c in RAW_CONTROLS)
    assert "empty\\x1b]0;pwned\\x07.txt: empty file" in clash["stderr"]
    assert "two\\x0alines.txt: empty file" in clash["stderr"]  # a warning stays one line
    assert len(clash["stderr"].strip().splitlines()) == 2


def test_query_table_has_no_raw_control_characters(clash, capsys):
    query = f"SELECT ?id WHERE {{ ?doc <{SCHEMA}identifier> ?id }} ORDER BY ?id"
    assert main(["query", str(clash["out"]), query]) == 0
    shown = capsys.readouterr().out
    assert not any(c in shown for c in RAW_CONTROLS)
    assert "evil\\x1b[31m\\x07.txt" in shown


def test_query_xml_is_well_formed(clash, capsysbinary):
    query = f"SELECT ?id WHERE {{ ?doc <{SCHEMA}identifier> ?id }} ORDER BY ?id"
    assert main(["query", str(clash["out"]), query, "--format", "xml"]) == 0
    root = ET.fromstring(capsysbinary.readouterr().out)
    values = sorted(e.text for e in root.iter("{http://www.w3.org/2005/sparql-results#}literal"))
    assert values == sorted(for_xml(name) for name in ARTICLES)
    assert "evil\u241b[31m\u2407.txt" in values


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_exports_are_well_formed(clash, fmt):
    from kg.api import load

    graph = load(clash["out"]).graph
    path = tables.export(graph, fmt, clash["root"] / f"graph.{fmt}")
    text = path.read_text(encoding="utf-8")
    ET.fromstring(text.encode("utf-8"))
    assert "evil\u241b[31m\u2407.txt" in text


# ------------------------------------------------------------------ the mappings themselves


@pytest.mark.parametrize(
    "text, expected",
    [
        ("plain", "plain"),
        ("tab\tline\ncr\r", "tab\tline\ncr\r"),  # XML 1.0 allows these
        ("\x00\x1b\x1f", "\u2400\u241b\u241f"),
        ("\x7f\x85\x9b", "\x7f\x85\x9b"),  # allowed in XML 1.0 (discouraged, but well-formed)
        ("lone \ud800 and \udcff", "lone \ufffd and \ufffd"),
        ("\ufffe\uffff", "\ufffd\ufffd"),
        ("Україна 😀", "Україна 😀"),
    ],
)
def test_for_xml(text, expected):
    assert for_xml(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Україна.txt", "Україна.txt"),
        ("a\x1b[2Jb", "a\\x1b[2Jb"),
        ("bell\x07", "bell\\x07"),
        ("csi\x9b31m", "csi\\x9b31m"),
        ("two\nlines\r", "two\\x0alines\\x0d"),
        ("rtl\u202eTXT.exe", "rtl\\u202eTXT.exe"),
        ("isolate\u2066x\u2069", "isolate\\u2066x\\u2069"),
        ("bad\udcff.txt", "bad\\udcff.txt"),
        ("back\\slash", "back\\slash"),
    ],
)
def test_for_terminal(text, expected):
    assert for_terminal(text) == expected


def test_for_terminal_can_keep_line_feeds():
    assert for_terminal("first\x1b\nsecond", keep_newlines=True) == "first\\x1b\nsecond"
