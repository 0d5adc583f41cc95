"""Hostile queries and clients: `kg query` and `kg serve` refuse, stop or survive them (issue 14).

SERVICE is refused unless allowed, a query deep enough to crash the parser is refused before it is
parsed, a query file must be a regular file of sane size, --timeout really stops a query, a crash
costs a worker and not the endpoint, 20 concurrent clients get answers or 503, a non-loopback
--host is warned about and the endpoint restarts at once on its port. Only loopback addresses.
bench/hostile_query.py measures the same cases on a real build.
"""

from __future__ import annotations

import faulthandler
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

import pytest
import rdflib

from kg.cli import main
from kg.errors import OutputMissing, QueryCrashed, QueryRefused, QueryTimedOut
from kg.isolated import run_isolated
from kg.query import canned_queries, run_query
from kg.serve import is_loopback
from kg.sparql_guard import check_query, default_limits
from kg.sparql_pool import Pool, negotiate
from tests.hostile_kit import Listener

SAMPLE = Path(__file__).parent / "fixtures" / "contract_sample.ttl"
READY_TIMEOUT_S = 60
DEEP = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000
# 50^6 rows to count, whatever the graph: runs for minutes, needs no data
_FIFTY = " ".join(str(i) for i in range(50))
SLOW = (
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(f"VALUES ?{v} {{ {_FIFTY} }}" for v in "abcdef")
    + " }"
)


def service_query(port: int) -> str:
    return f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"


@pytest.fixture(scope="module")
def build(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("build")
    rdflib.Graph().parse(SAMPLE).serialize(folder / "graph.nt", format="nt", encoding="utf-8")
    return folder


@pytest.fixture
def listener():
    target = Listener()
    yield target
    target.close()


# ------------------------------------------------------------------ the lexical check


@pytest.mark.parametrize(
    ("query", "why"),
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/s> { ?s ?p ?o } }", "SERVICE"),
        ("select * where { service silent <http://127.0.0.1:1/s> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * WHERE {?s ?p ?o.SERVICE<http://127.0.0.1:1/s>{?s ?p ?o}}", "SERVICE"),
        ("SELECT * WHERE {#c\nSERVICE ?where { ?s ?p ?o } }", "SERVICE"),
        (DEEP, "nest 3,000 deep"),
        ("SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }", "nest 5,002 deep"),
        ("SELECT * WHERE { FILTER(" + "+".join(["1"] * 10000) + ") }", "chains 10,00"),
        ("SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 10000) + " }", "chains 10,00"),
        (
            "SELECT * WHERE { ?s ?p " + ",".join(f"?o{i}" for i in range(20000)) + " }",
            "chains 20,000",
        ),
        ("ASK {} # " + "x" * 1_000_001, "bytes long"),
    ],
)
def test_hostile_query_text_is_refused(query, why):
    with pytest.raises(QueryRefused, match=why):
        check_query(query)


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?s ?p "SERVICE <http://x/> {}" }',
        "SELECT * WHERE { ?s ?p '''a\n SERVICE { ''' }",
        "SELECT * WHERE { ?s <http://example.org/SERVICE> ?o }",
        "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://x/> { }",
        "SELECT ?service WHERE { ?service ?p ?o }",
        "PREFIX service: <http://x/> SELECT * WHERE { ?s service:p ?o . ?s <http://x/p> "
        "ex:a-service }",
        'SELECT * WHERE { ?s ?p "' + "{" * 5000 + '" }',  # brackets in a string nest nothing
        "# " + "(" * 5000 + "\nASK {}",
        "SELECT * WHERE { VALUES ?x { " + " ".join(f"<urn:x{i}>" for i in range(5000)) + " } }",
        "SELECT * WHERE { FILTER(?a < ?b && ?c > 1) }",
    ],
)
def test_harmless_query_text_passes(query):
    check_query(query)


def test_allow_service_lets_a_service_pass():
    check_query(
        "SELECT * WHERE { SERVICE <http://127.0.0.1:1/s> { ?s ?p ?o } }", allow_service=True
    )


def test_every_canned_query_passes_the_check_with_room_to_spare():
    limits = default_limits()
    for query in canned_queries().values():
        # every parameter given, each a value it accepts (kinds, statuses and dates are checked)
        given = {
            p: (query.values.get(p) or ("x",))[0].replace("YYYY-MM-DD", "2022-01-01")
            for p in query.params
        }
        for params in ({}, given):
            check_query(query.bind(params))
    assert limits.max_depth >= 50 and limits.max_operators >= 1000


def test_run_query_refuses_service_on_both_engines(build, listener):
    for engine in ("oxigraph", "rdflib"):
        with pytest.raises(QueryRefused, match="SERVICE"):
            run_query(build, service_query(listener.port), engine=engine)
    assert listener.connections == 0


# ------------------------------------------------------------------ kg query


def test_query_refuses_service_and_sends_nothing(build, listener, capsys):
    assert main(["query", str(build), service_query(listener.port)]) == 1
    assert "--allow-service" in capsys.readouterr().err
    assert listener.connections == 0


def test_query_allow_service_does_send(build, listener, capsys):
    assert (
        main(["query", str(build), service_query(listener.port), "--allow-service"]) == 1
    )  # our listener says 500
    assert "query failed" in capsys.readouterr().err
    assert listener.connections == 1


def test_query_too_deep_is_an_error_not_a_crash(build, capsys):
    assert main(["query", str(build), DEEP]) == 1
    assert "nest 3,000 deep" in capsys.readouterr().err


def _sparse(path: Path, size: int) -> str:
    with open(path, "wb") as f:
        f.truncate(size)
    return str(path)


@pytest.mark.parametrize(
    ("make_path", "problem"),
    [
        (lambda tmp: "/dev/urandom", "not a regular file"),
        (lambda tmp: "/dev/zero", "not a regular file"),
        (lambda tmp: str(tmp), "Is a directory"),
        (lambda tmp: _sparse(tmp / "huge.rq", 4 * 1024**3), "larger than the 1,000,000 bytes"),
        (lambda tmp: _sparse(tmp / "just-over.rq", 1_000_001), "larger than"),
        (
            lambda tmp: (
                (tmp / "latin1.rq").write_bytes(b'ASK { ?s ?p "caf\xe9" }')
                and str(tmp / "latin1.rq")
            ),
            "not UTF-8",
        ),
        (lambda tmp: str(tmp / "missing.rq"), "cannot read it"),
    ],
)
def test_query_file_must_be_a_sane_regular_file(build, tmp_path, capsys, make_path, problem):
    path = make_path(tmp_path)
    start = time.monotonic()
    assert main(["query", str(build), "-f", path]) == 1
    assert time.monotonic() - start < 5
    err = capsys.readouterr().err
    assert problem in err and path in err


def test_query_timeout_stops_a_runaway_query(build, capsys):
    start = time.monotonic()
    assert main(["query", str(build), SLOW, "--timeout", "1"]) == 1
    assert time.monotonic() - start < 4
    assert "longer than 1 s and was stopped" in capsys.readouterr().err


def test_query_timeout_zero_means_no_limit_and_output_is_unchanged(build, capsys):
    assert main(["query", str(build), "ASK {}", "--timeout", "0"]) == 0
    assert capsys.readouterr().out == "true\n"


def _segfault() -> bytes:
    faulthandler.disable()  # pytest's, inherited by the child: it would print the child's stack
    os.kill(os.getpid(), signal.SIGSEGV)
    return b""


def test_a_crash_in_the_child_is_an_error_here():
    with pytest.raises(QueryCrashed, match="SIGSEGV"):
        run_isolated(_segfault, timeout_s=10)


def test_the_childs_error_keeps_its_class_and_message():
    def fail():
        raise OutputMissing("somewhere", "graph.nt")

    with pytest.raises(OutputMissing, match="somewhere/graph.nt not found") as raised:
        run_isolated(fail, timeout_s=10)
    assert raised.value.exit_code == 1


def test_run_isolated_times_out():
    with pytest.raises(QueryTimedOut):
        run_isolated(lambda: time.sleep(30) or b"", timeout_s=0.5)


# ------------------------------------------------------------------ the worker pool (in process)


@pytest.fixture(scope="module")
def store_location(tmp_path_factory, build) -> Path:
    import pyoxigraph

    location = tmp_path_factory.mktemp("store") / "store"
    store = pyoxigraph.Store(str(location))
    store.bulk_load(path=str(build / "graph.nt"), format=pyoxigraph.RdfFormat.N_TRIPLES)
    store.flush()
    del store
    return location


def test_a_crashed_worker_is_replaced(store_location):
    pool = Pool(store_location, workers=1, queue_size=0, timeout_s=20)
    try:
        pool.start(within_s=READY_TIMEOUT_S)
        outcome: queue.Queue = queue.Queue()
        thread = threading.Thread(target=lambda: outcome.put(_outcome(pool.run, SLOW, None)))
        thread.start()
        time.sleep(1.5)
        os.kill(pool.workers[0].process.pid, signal.SIGSEGV)
        thread.join(20)
        assert isinstance(outcome.get_nowait(), QueryCrashed)
        assert pool.run("ASK {}", None).body == b'{"head":{},"boolean":true}'
    finally:
        pool.close()


def _outcome(function, *args):
    try:
        return function(*args)
    except Exception as exc:  # noqa: BLE001 - the exception is what the test looks at
        return exc


@pytest.mark.parametrize(
    ("accept", "chosen"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("text/csv", "text/csv"),
        ("text/*", "text/csv"),
        (
            "application/sparql-results+xml;q=0.9, text/tab-separated-values",
            "text/tab-separated-values",
        ),
        ("text/csv;q=0, application/json", "application/json"),
        ("image/png", None),
    ],
)
def test_negotiate(accept, chosen):
    from kg.sparql_pool import RESULT_TYPES

    assert negotiate(accept, RESULT_TYPES) == chosen


# ------------------------------------------------------------------ kg serve


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Endpoint:
    def __init__(self, folder: Path, port: int, *args: str):
        self.port = port
        self.url = f"http://127.0.0.1:{port}/query"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", str(folder), "--port", str(port), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        lines: queue.Queue = queue.Queue()
        threading.Thread(
            target=lambda: [lines.put(x) for x in self.process.stdout], daemon=True
        ).start()
        try:
            first = lines.get(timeout=READY_TIMEOUT_S)
        except queue.Empty:
            self.stop()
            pytest.fail(f"kg serve printed nothing within {READY_TIMEOUT_S} s")
        assert self.url in first

    def get(
        self, query: str, *, timeout: float = 20, headers: dict | None = None
    ) -> tuple[int, bytes, dict]:
        request = Request(f"{self.url}?{urlencode({'query': query})}", headers=headers or {})
        return _fetch(request, timeout)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(
                self.process.pid, signal.SIGKILL
            )  # the group we started: kg serve and its workers
            self.process.wait(timeout=5)


def _fetch(request: Request, timeout: float) -> tuple[int, bytes, dict]:
    try:
        with urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), dict(response.headers)
    except HTTPError as exc:
        return exc.code, exc.read(), dict(exc.headers)


@pytest.fixture(scope="module")
def endpoint(build):
    server = Endpoint(build, _free_port(), "--timeout", "2", "--workers", "2", "--queue", "4")
    yield server
    server.stop()


def _still_answers(endpoint: Endpoint) -> None:
    assert endpoint.process.poll() is None
    assert endpoint.get("ASK {}")[:2] == (200, b'{"head":{},"boolean":true}')


def test_serve_refuses_service_and_sends_nothing(endpoint, listener):
    status, body, _ = endpoint.get(service_query(listener.port))
    assert (status, listener.connections) == (400, 0)
    assert b"SERVICE" in body


def test_serve_too_deep_is_400_and_the_endpoint_lives(endpoint):
    request = Request(
        endpoint.url, data=DEEP.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    status, body, _ = _fetch(request, 20)
    assert status == 400 and b"nest 3,000 deep" in body
    _still_answers(endpoint)


def test_serve_timeout_stops_a_runaway_query(endpoint):
    start = time.monotonic()
    status, body, _ = endpoint.get(SLOW)
    assert status == 503 and b"longer than 2 s" in body
    assert time.monotonic() - start < 6
    _still_answers(endpoint)


def test_serve_twenty_clients_get_answers_or_503_and_the_endpoint_lives(endpoint):
    counts: Counter = Counter()
    retry_after: set = set()
    lock = threading.Lock()
    stop = time.monotonic() + 3

    def client():
        while time.monotonic() < stop:
            try:
                status, _, headers = endpoint.get(
                    "SELECT ?s WHERE { ?s ?p ?o } LIMIT 50", timeout=20
                )
            except (
                OSError
            ) as exc:  # a refused or reset connection would be a failure of the endpoint
                status, headers = type(exc).__name__, {}
            with lock:
                counts[status] += 1
                if status == 503:
                    retry_after.add(headers.get("Retry-After"))

    threads = [threading.Thread(target=client) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert set(counts) <= {200, 503}, counts
    assert (
        counts[200] > 20 and counts[503] > 0
    )  # 2 workers + 4 waiting: most of the 20 are turned away
    assert retry_after <= {"1"}
    _still_answers(endpoint)


@pytest.mark.parametrize(
    ("method", "path", "body", "headers", "status"),
    [
        (
            "POST",
            "/query",
            None,
            {"Content-Type": "application/sparql-query", "Content-Length": "2000000"},
            413,
        ),
        ("POST", "/query", b"ASK {}", {"Content-Type": "image/png"}, 415),
        (
            "POST",
            "/query",
            b"INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            {"Content-Type": "application/sparql-update"},
            403,
        ),
        ("GET", "/query?" + urlencode({"query": "ASK {}"}), None, {"Accept": "image/png"}, 406),
        ("GET", "/query?" + urlencode({"query": "SELEKT nothing"}), None, {}, 400),
        ("GET", "/query", None, {}, 400),
        ("GET", "/elsewhere", None, {}, 404),
    ],
)
def test_serve_bad_requests_get_a_status_not_a_crash(endpoint, method, path, body, headers, status):
    with socket.create_connection(("127.0.0.1", endpoint.port), timeout=10) as conn:
        head = f"{method} {path} HTTP/1.0\r\nHost: x\r\n" + "".join(
            f"{k}: {v}\r\n" for k, v in headers.items()
        )
        if body is not None and "Content-Length" not in headers:
            head += f"Content-Length: {len(body)}\r\n"
        conn.sendall(head.encode() + b"\r\n" + (body or b""))
        reply = conn.makefile("rb").readline()
    assert reply.split()[1] == str(status).encode()
    _still_answers(endpoint)


def test_serve_construct_answers_n_triples(endpoint):
    status, body, headers = endpoint.get("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1")
    assert status == 200 and headers["Content-Type"] == "application/n-triples"
    assert body.endswith(b" .\n")


def test_serve_restarts_at_once_on_the_same_port(build):
    port = _free_port()
    first = Endpoint(build, port)
    for _ in range(5):
        assert first.get("ASK {}")[0] == 200  # connections that leave the port in TIME_WAIT
    first.stop()
    second = Endpoint(build, port)  # fails the test if it cannot listen
    try:
        assert second.get("ASK {}")[0] == 200
    finally:
        second.stop()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.0.2.1", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_non_loopback_host_is_warned_about(build, capsys):
    # 192.0.2.1 (TEST-NET-1) is never this machine's address: the warning comes, then the bind
    # fails.
    assert main(["serve", str(build), "--host", "192.0.2.1", "--port", str(_free_port())]) == 1
    err = capsys.readouterr().err
    assert "warning: listening on 192.0.2.1, not a loopback address" in err
    assert "cannot listen on 192.0.2.1" in err


def test_loopback_host_is_not_warned_about(build, capsys):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        assert main(["serve", str(build), "--port", str(busy.getsockname()[1])]) == 1
    assert "warning" not in capsys.readouterr().err


def test_serve_stops_the_query_of_a_client_that_hung_up(build):
    # One worker, a long timeout: a client sends a runaway query and gives up. Its query must not
    # keep the worker until the timeout (20 s), or the next client would wait that long.
    server = Endpoint(build, _free_port(), "--timeout", "20", "--workers", "1")
    try:
        with pytest.raises(OSError):
            server.get(SLOW, timeout=0.5)
        start = time.monotonic()
        _still_answers(server)
        assert time.monotonic() - start < 10
    finally:
        server.stop()


def test_serve_too_many_form_fields_is_400(endpoint):
    status, _, _ = _fetch(Request(f"{endpoint.url}?" + "&".join(f"x{i}=1" for i in range(500))), 10)
    assert status == 400
    _still_answers(endpoint)
