"""`kg serve`: a real Oxigraph endpoint on a free loopback port, queried with SPARQLWrapper."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest
import rdflib

from tests.graph_kit import with_claims_and_ledger

SAMPLE = Path(__file__).parent / "fixtures" / "contract_sample.ttl"
READY_TIMEOUT_S = 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _read_lines(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line)


def _write_explorer_graph(folder: Path) -> None:
    """graph.json of the explorer's sample graph: what GET / renders (the SPARQL tests read
    graph.nt)."""
    from kg.export.nodelink import write_node_link
    from tests.test_html import sample_graph

    with open(folder / "graph.json", "w", encoding="utf-8") as out:
        write_node_link(sample_graph(), out)


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    folder = tmp_path_factory.mktemp("build")
    # The positions a build stores (kg:newestFirst, kg:sourceNewestFirst), as the canned queries
    # read them.
    graph = with_claims_and_ledger(rdflib.Graph().parse(SAMPLE))
    graph.serialize(folder / "graph.nt", format="nt", encoding="utf-8")
    _write_explorer_graph(folder)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", str(folder), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_read_lines, args=(process.stdout, lines), daemon=True).start()
    try:
        try:
            first = lines.get(timeout=READY_TIMEOUT_S)
        except queue.Empty:
            pytest.fail(f"kg serve printed nothing within {READY_TIMEOUT_S} s")
        url = f"http://127.0.0.1:{port}/query"
        assert url in first
        yield {"url": url, "port": port, "process": process}
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(
                process.pid, signal.SIGKILL
            )  # the whole group we started: kg serve and its oxigraph
            process.wait(timeout=5)


def test_sparqlwrapper_gets_json_results(endpoint):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(endpoint["url"])
    client.setQuery(
        "PREFIX schema: <https://schema.org/> "
        "SELECT ?name WHERE { ?a a schema:Country ; schema:name ?name } ORDER BY ?name"
    )
    client.setReturnFormat(JSON)
    client.setTimeout(10)
    data = client.query().convert()
    assert [b["name"]["value"] for b in data["results"]["bindings"]] == ["Ukraine", "United States"]


def test_canned_query_over_http_with_post(endpoint):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    from kg.query import canned_query

    client = SPARQLWrapper(endpoint["url"])
    client.setMethod(POST)
    client.setQuery(canned_query("posts").bind({"actor": "Rutte"}))
    client.setReturnFormat(JSON)
    client.setTimeout(10)
    (row,) = client.query().convert()["results"]["bindings"]
    assert (row["person"]["value"], row["role"]["value"], row["organization"]["value"]) == (
        "Mark Rutte",
        "Secretary-General",
        "NATO",
    )


@pytest.mark.parametrize(
    ("accept", "starts"),
    [
        ("text/csv", "name\r\n"),
        ("text/tab-separated-values", "?name\n"),
        ("application/sparql-results+xml", "<?xml"),
    ],
)
def test_content_negotiation(endpoint, accept, starts):
    query = urlencode(
        {"query": "SELECT ?name WHERE { ?a <https://schema.org/name> ?name } LIMIT 1"}
    )
    with urlopen(
        Request(f"{endpoint['url']}?{query}", headers={"Accept": accept}), timeout=10
    ) as response:
        assert response.read().decode().startswith(starts)


def test_cors_header(endpoint):
    query = urlencode({"query": "ASK {}"})
    request = Request(f"{endpoint['url']}?{query}", headers={"Origin": "http://example.com"})
    with urlopen(request, timeout=10) as response:
        assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_updates_are_refused(endpoint):
    from SPARQLWrapper import POST, SPARQLWrapper

    update_url = endpoint["url"].replace("/query", "/update")
    client = SPARQLWrapper(endpoint["url"], updateEndpoint=update_url)
    client.setMethod(POST)
    client.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    client.setTimeout(10)
    with pytest.raises(Exception) as refused:
        client.query()
    assert "403" in str(refused.value) or "Forbidden" in str(refused.value)
    # nor does the update slip through the query endpoint
    request = Request(
        endpoint["url"],
        data=urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    with pytest.raises(HTTPError):
        urlopen(request, timeout=10)
    ask = urlencode({"query": "ASK { <urn:a> <urn:b> <urn:c> }"})
    with urlopen(
        Request(f"{endpoint['url']}?{ask}", headers={"Accept": "application/sparql-results+json"}),
        timeout=10,
    ) as r:
        assert b'"boolean":false' in r.read()


def test_listens_on_loopback_only(endpoint):
    tcp = Path("/proc/net/tcp")
    if not tcp.exists():
        pytest.skip("needs Linux /proc/net/tcp")
    port_hex = f"{endpoint['port']:04X}"
    listening = [
        line.split()[1] for line in tcp.read_text().splitlines()[1:] if line.split()[3] == "0A"
    ]
    ours = [addr for addr in listening if addr.endswith(":" + port_hex)]
    assert ours == ["0100007F:" + port_hex]  # 127.0.0.1, not 0.0.0.0


def test_busy_port_is_an_actionable_error(tmp_path, capsys):
    from kg.cli import main

    rdflib.Graph().parse(SAMPLE).serialize(tmp_path / "graph.nt", format="nt", encoding="utf-8")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        assert main(["serve", str(tmp_path), "--port", str(busy.getsockname()[1])]) == 1
    assert "choose another with --port" in capsys.readouterr().err


def test_the_explorer_is_served_with_every_fact(endpoint, tmp_path):
    from kg.export.html import served_page

    with urlopen(f"http://127.0.0.1:{endpoint['port']}/", timeout=30) as response:
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        page = response.read().decode("utf-8")
    assert "window.kgView" in page and "irreversible" in page and '"served":true' in page
    assert served_page(tmp_path) is None  # no graph.json: GET / answers 404 saying so
