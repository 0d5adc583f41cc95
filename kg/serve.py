"""A read-only SPARQL 1.1 Protocol endpoint over a build: `kg serve DIR` (kg.cli.serve).

kg answers HTTP itself (stdlib http.server) rather than run `oxigraph serve-read-only`, because in
Oxigraph's server neither the number of threads (one per query) nor one runaway query can be
bounded: past its --timeout-s a COUNT over a product of VALUES gave no answer and kept burning CPU
after its client had left (bench/hostile_query.py), and a query nested 3,000 deep killed the
server. Here each query is first read (kg.sparql_guard: no SERVICE unless --allow-service, no
nesting deep enough to crash the parser), then run by one of a few worker processes holding the
store read-only (kg.sparql_pool), which is killed and replaced when the query outlives --timeout.
Requests beyond the workers and their waiting line get 503 with Retry-After.

The protocol part: GET and POST `query` (form-encoded or application/sparql-query), results in
JSON, CSV, TSV or XML by the Accept header (N-Triples for CONSTRUCT and DESCRIBE), CORS, and any
update refused with 403. GET / answers the explorer page (kg.export.html) with every fact of the
build, also past what one graph.html file holds. The workers open the build's own store (DIR/store,
kg.store) read-only; a build without one has DIR/graph.nt loaded into an on-disk store in a
temporary folder (`oxigraph load`), removed when the endpoint stops.
"""

from __future__ import annotations

import ipaddress
import logging
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from kg.errors import EndpointBusy, KgError, QueryCrashed, QueryError, QueryTimedOut, ServerError
from kg.sparql_guard import check_query, default_limits
from kg.sparql_pool import Answer, ClientGone, Pool

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"  # loopback only unless the user says otherwise
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_S = 30
DEFAULT_WORKERS = 2
DEFAULT_QUEUE = 32
READY_WITHIN_S = 30.0
# Connections read or answered at once; past it a connection gets a bare 503 as it is accepted.
# Above workers + queue so that the 503 of a full queue can be sent after reading the request.
MAX_CONNECTIONS = 64
READ_TIMEOUT_S = (
    10  # a client that sends its request slower than this is dropped (it holds a thread)
)
RETRY_AFTER_S = 1


@dataclass(frozen=True)
class ServeConfig:
    out_dir: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    timeout_s: float = DEFAULT_TIMEOUT_S
    cors: bool = True
    allow_service: bool = False
    workers: int = DEFAULT_WORKERS
    queue: int = DEFAULT_QUEUE

    @property
    def bind(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.bind}/query"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except (
        ValueError
    ):  # a host name: whatever it resolves to, it is not known to be this machine only
        return False


def oxigraph_binary() -> str:
    # The venv's own copy first: `kg` may run without the venv on PATH.
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise ServerError(
        "the `oxigraph` command is not installed; install it with: pip install oxigraph"
    )


def load_store(graph_path: Path, location: Path) -> None:
    """Bulk-load the graph into an on-disk Oxigraph store with the oxigraph CLI."""
    command = [oxigraph_binary(), "load", "--location", str(location), "--file", str(graph_path)]
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise ServerError(f"oxigraph could not load {graph_path}: {done.stderr.strip()[-500:]}")


class SparqlServer(ThreadingHTTPServer):
    """A threading HTTP server with at most MAX_CONNECTIONS handler threads (one thread per
    connection, unbounded, is what took Oxigraph's server down)."""

    daemon_threads = True
    allow_reuse_address = True  # restart at once on the port of an endpoint just stopped

    def __init__(self, config: ServeConfig, pool: Pool | None = None):
        self.config = config
        self.pool = pool
        self.address_family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
        self._connections = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self._explorer: bytes | None = None
        self._explorer_lock = threading.Lock()
        super().__init__((config.host, config.port), SparqlHandler)

    def explorer_page(self) -> bytes | None:
        """The explorer of the build with every fact (a file holds SINGLE_FILE_FACTS at most),
        rendered at the first request; None when the folder has no graph.json."""
        from kg.export.html import served_page

        with self._explorer_lock:
            if self._explorer is None:
                page = served_page(self.config.out_dir)
                self._explorer = b"" if page is None else page.encode("utf-8")
        return self._explorer or None

    def process_request(self, request, client_address):
        if not self._connections.acquire(blocking=False):
            self._refuse(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._connections.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._connections.release()

    def _refuse(self, request) -> None:
        body = b"the endpoint is busy; retry in a moment\n"
        head = (
            f"HTTP/1.0 503 Service Unavailable\r\nRetry-After: {RETRY_AFTER_S}\r\n"
            "Content-Type: text/plain\r\n"
            f"Content-Length: {len(body)}\r\n"
            + ("Access-Control-Allow-Origin: *\r\n" if self.config.cors else "")
            + "\r\n"
        )
        try:
            request.settimeout(1)
            request.sendall(head.encode() + body)
        except OSError:
            pass
        self.shutdown_request(request)


class SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    server_version = "kg-serve"
    timeout = READ_TIMEOUT_S

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass  # no line per request on the terminal, as with oxigraph's server

    # ---------------------------------------------------------------- routes

    def do_GET(self):
        if urlsplit(self.path).path in ("/", "/explorer"):
            return self._explorer()
        if self._routed_to_query():
            self._query_form(urlsplit(self.path).query)

    def do_POST(self):
        if not self._routed_to_query():
            return
        body = self._body()
        if body is None:
            return
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type == "application/sparql-update":
            return self._refuse_update()
        if content_type == "application/sparql-query":
            try:
                return self._query([body.decode("utf-8")])
            except UnicodeDecodeError:
                return self._send(Answer(400, "text/plain", b"the query is not UTF-8 text\n"))
        if content_type == "application/x-www-form-urlencoded":
            return self._query_form(body.decode("utf-8", "replace"))
        self._send(
            Answer(
                415,
                "text/plain",
                b"POST a query as application/sparql-query or a form field `query`\n",
            )
        )

    def _routed_to_query(self) -> bool:
        """True when the request is for /query; otherwise the refusal or 404 is sent."""
        path = urlsplit(self.path).path
        if path == "/update":
            self._refuse_update()
            return False
        if path != "/query":
            self._send(Answer(404, "text/plain", b"not found: the SPARQL endpoint is /query\n"))
            return False
        return True

    def _query_form(self, encoded: str) -> None:
        """A query sent as form fields, in a GET's query string or a POST's urlencoded body."""
        fields = self._fields(encoded)
        if fields is None:
            return
        if "update" in fields:
            return self._refuse_update()
        self._query(fields.get("query", []))

    def do_OPTIONS(self):  # a browser's CORS preflight
        self.send_response(204)
        if self.server.config.cors:
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header(
                "Access-Control-Allow-Headers",
                self.headers.get("Access-Control-Request-Headers") or "Content-Type, Accept",
            )
            self.send_header("Access-Control-Max-Age", "86400")
        self.send_header("Content-Length", "0")
        self._cors()
        self.end_headers()

    # ---------------------------------------------------------------- helpers

    def _fields(self, text: str) -> dict[str, list[str]] | None:
        try:
            return parse_qs(text, max_num_fields=100)
        except ValueError:
            self._send(Answer(400, "text/plain", b"too many form fields\n"))
            return None

    def _body(self) -> bytes | None:
        limit = default_limits().max_bytes
        length = self.headers.get("Content-Length")
        if length is None or not length.strip().isdigit():
            self._send(Answer(411, "text/plain", b"a POST needs a Content-Length\n"))
            return None
        if int(length) > limit:
            self._send(
                Answer(413, "text/plain", f"a query may have at most {limit:,} bytes\n".encode())
            )
            return None
        return self.rfile.read(int(length))

    def _explorer(self):
        page = self.server.explorer_page()
        if page is None:
            body = b"no graph.json in this folder: the explorer needs a folder `kg build` wrote\n"
            return self._send(Answer(404, "text/plain", body))
        self._send(Answer(200, "text/html; charset=utf-8", page))

    def _refuse_update(self):
        self._send(Answer(403, "text/plain", b"this endpoint is read-only: updates are refused\n"))

    def _query(self, queries: list[str]):
        if len(queries) != 1:
            return self._send(Answer(400, "text/plain", b"give exactly one `query` parameter\n"))
        try:
            check_query(queries[0], allow_service=self.server.config.allow_service)
            answer = self.server.pool.run(
                queries[0], self.headers.get("Accept"), self._client_waits
            )
        except ClientGone:
            return None
        except EndpointBusy as exc:
            return self._send(
                Answer(503, "text/plain", f"{exc}\n".encode()), {"Retry-After": str(RETRY_AFTER_S)}
            )
        except QueryTimedOut as exc:
            return self._send(Answer(503, "text/plain", f"{exc}\n".encode()))
        except QueryCrashed as exc:
            return self._send(Answer(500, "text/plain", f"{exc}\n".encode()))
        except QueryError as exc:
            return self._send(Answer(400, "text/plain", f"{exc}\n".encode()))
        self._send(answer)

    def _client_waits(self) -> bool:
        """False once the client has hung up (its socket reads as closed): its query is not worth a
        worker."""
        try:
            poller = select.poll()  # not select.select: it fails on descriptors past 1023
            poller.register(self.connection, select.POLLIN | select.POLLHUP | select.POLLERR)
            return not poller.poll(0) or self.connection.recv(1, socket.MSG_PEEK) != b""
        except OSError:
            return False

    def _cors(self):
        if self.server.config.cors:
            self.send_header("Access-Control-Allow-Origin", "*")

    def _send(self, answer: Answer, headers: dict[str, str] | None = None):
        try:
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self._cors()
            self.end_headers()
            self.wfile.write(answer.body)
        except OSError:
            pass  # the client went away; nothing to tell it


def _store_for(graph_path: Path, scratch: Path) -> Path:
    """The build's own store (kg.store: written by `kg build`, opened read-only, so the endpoint
    starts at once), else `graph_path` loaded into `scratch` (an older build, or a graph file)."""
    from kg.store import store_location

    built = store_location(graph_path)
    if built is not None:
        return built
    load_store(graph_path, scratch)
    return scratch


def serve(config: ServeConfig, *, ready: Callable[[str], None] = lambda line: None) -> int:
    """Serve until Ctrl-C or SIGTERM; `ready` is called with one line naming the endpoint's URL
    once it answers queries."""
    from kg.query import graph_file

    graph_path = graph_file(config.out_dir)
    if config.workers < 1 or config.queue < 0 or config.timeout_s <= 0:
        raise ServerError(
            "--workers must be 1 or more, --queue 0 or more and --timeout more than 0"
        )
    if not is_loopback(config.host):
        log.warning(
            "listening on %s, not a loopback address: anyone who can reach this machine on that "
            "address can query the graph (the default --host 127.0.0.1 is this machine only)",
            config.host,
        )
    try:
        server = SparqlServer(config)
    except OSError as exc:
        raise ServerError(
            f"cannot listen on {config.bind}: {exc.strerror}; choose another with --port"
        ) from None
    location = Path(tempfile.mkdtemp(prefix="kg-serve-"))
    # SIGTERM (e.g. from a supervisor) takes the same clean path as Ctrl-C.
    previous = signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    pool = None
    try:
        pool = Pool(
            _store_for(graph_path, location / "store"),
            workers=config.workers,
            queue_size=config.queue,
            timeout_s=config.timeout_s,
        )
        pool.start(within_s=READY_WITHIN_S)
        server.pool = pool
        ready(
            f"SPARQL endpoint: {config.url}  (read-only, {graph_path}; Ctrl-C to stop); "
            f"explorer: http://{config.bind}/"
        )
        server.serve_forever()
        return 0
    except KeyboardInterrupt:
        return 0
    except KgError as exc:
        raise ServerError(f"the endpoint could not start: {exc}") from None
    finally:
        server.server_close()
        if pool is not None:
            pool.close()
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(location, ignore_errors=True)
