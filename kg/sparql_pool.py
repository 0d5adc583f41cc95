"""A few worker processes that answer SPARQL queries on an on-disk Oxigraph store, opened read-only.

Why processes: a query inside pyoxigraph cannot be interrupted from its own process, so a query
that runs too long is stopped by killing its worker, which is then replaced; a query that crashes
the engine kills one worker, not the endpoint. Why few: each query holds a worker for its whole run,
so `workers` bounds the CPU and memory queries take, and at most `queue` requests wait for one
(EndpointBusy past that, which the endpoint answers with 503 and Retry-After).

Workers are started with "spawn" (a fresh interpreter): the endpoint that replaces them runs
threads, and forking a threaded process can copy a held lock into the child.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import EndpointBusy, QueryCrashed, QueryError, QueryTimedOut
from kg.isolated import how_it_died

# media type -> kg.query.serialize_results format, for each kind of result, preferred first
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {"application/n-triples": "nt", "text/plain": "nt"}


CHECK_CLIENT_S = 0.25  # how often a running query checks that its client still waits


class ClientGone(Exception):
    """The client hung up before its answer was ready; there is no one to tell."""


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes


def negotiate(accept: str | None, types: dict[str, str]) -> str | None:
    """The media type among `types` the Accept header prefers (the first of `types` for */* or no
    header); None when it accepts none of them."""
    if not accept or not accept.strip():
        return next(iter(types))
    ranked = []
    for order, item in enumerate(accept.split(",")):
        media, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranked.append((-quality, order, media.lower()))
    for negative_quality, _, media in sorted(ranked):
        if negative_quality >= 0:
            break
        if media in types:
            return media
        if media == "*/*":
            return next(iter(types))
        family = next((t for t in types if media.endswith("/*") and t.startswith(media[:-1])), None)
        if family:
            return family
    return None


def answer(store, sparql: str, accept: str | None) -> Answer:
    """Run `sparql` on `store` and serialize its results as `accept` prefers (in the worker)."""
    import pyoxigraph

    from kg.query import serialize_results

    try:
        results = store.query(sparql)
        graph = isinstance(results, pyoxigraph.QueryTriples)
        types = GRAPH_TYPES if graph else RESULT_TYPES
        media = negotiate(accept, types)
        if media is None:
            return Answer(
                406,
                "text/plain",
                f"cannot answer in {accept}; ask for one of: {', '.join(types)}\n".encode(),
            )
        return Answer(
            200,
            media + ("; charset=utf-8" if media.startswith("text/") else ""),
            serialize_results(results, "json" if graph else types[media]),
        )
    except SyntaxError as exc:
        return Answer(400, "text/plain", f"SPARQL syntax error: {exc}\n".encode())
    except QueryError as exc:
        return Answer(400, "text/plain", f"{exc}\n".encode())
    except OSError as exc:
        return Answer(500, "text/plain", f"query failed: {exc}\n".encode())


def _worker_main(location: str, connection) -> None:
    import signal

    import pyoxigraph

    signal.signal(
        signal.SIGINT, signal.SIG_IGN
    )  # Ctrl-C is for the endpoint, which stops the workers
    store = pyoxigraph.Store.read_only(location)
    connection.send("ready")
    while True:
        try:
            sparql, accept = connection.recv()
        except EOFError:
            return
        connection.send(answer(store, sparql, accept))


class Worker:
    def __init__(self, location: Path):
        context = multiprocessing.get_context("spawn")
        self.connection, child_end = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(str(location), child_end), daemon=True
        )
        self.process.start()
        child_end.close()
        self.ready = False

    def wait_ready(self, timeout_s: float) -> None:
        if not self.connection.poll(timeout_s):
            raise QueryCrashed(f"the store did not open within {timeout_s:g} s")
        try:
            self.connection.recv()
        except EOFError:
            self.process.join(5)
            raise QueryCrashed(
                f"could not open the store: {how_it_died(self.process.exitcode)}"
            ) from None
        self.ready = True

    def ask(
        self, sparql: str, accept: str | None, timeout_s: float, still_wanted: Callable[[], bool]
    ) -> Answer:
        """The worker's answer. QueryTimedOut, QueryCrashed or ClientGone (`still_wanted()` turned
        false while the query ran) leave the worker dead: replace it."""
        if not self.ready:
            self.wait_ready(timeout_s)
        try:
            self.connection.send((sparql, accept))
        except OSError:  # it died while idle
            self.stop()
            raise QueryCrashed(how_it_died(self.process.exitcode)) from None
        deadline = time.monotonic() + timeout_s
        while not self.connection.poll(min(CHECK_CLIENT_S, max(0.0, deadline - time.monotonic()))):
            if time.monotonic() >= deadline:
                self.stop()
                raise QueryTimedOut(timeout_s)
            if not still_wanted():
                self.stop()
                raise ClientGone()
        try:
            return self.connection.recv()
        except EOFError:
            self.process.join(5)
            raise QueryCrashed(how_it_died(self.process.exitcode)) from None

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.connection.close()


class Pool:
    def __init__(self, location: Path, *, workers: int, queue_size: int, timeout_s: float):
        self.location = location
        self.timeout_s = timeout_s
        self.workers = [Worker(location) for _ in range(workers)]
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._waiting = threading.BoundedSemaphore(workers + queue_size)
        self._lock = threading.Lock()

    def start(self, *, within_s: float) -> None:
        for worker in self.workers:
            worker.wait_ready(within_s)
            self._idle.put(worker)

    def run(
        self, sparql: str, accept: str | None, still_wanted: Callable[[], bool] = lambda: True
    ) -> Answer:
        """The answer of one idle worker. EndpointBusy when `workers + queue` requests are already
        in, or no worker came free within the timeout; QueryTimedOut / QueryCrashed / ClientGone as
        Worker.ask (the worker is replaced). `still_wanted()` says whether the client still waits: a
        client that hung up gets no worker, and its query is stopped."""
        if not self._waiting.acquire(blocking=False):
            raise EndpointBusy("every worker is busy and the waiting line is full")
        try:
            try:
                worker = self._idle.get(timeout=self.timeout_s)
            except queue.Empty:
                raise EndpointBusy(f"no worker came free within {self.timeout_s:g} s") from None
            try:
                if not still_wanted():
                    raise ClientGone()
                return worker.ask(sparql, accept, self.timeout_s, still_wanted)
            except ClientGone:
                if worker.process.is_alive():
                    raise  # it never got the query
                worker = self._replace(worker)
                raise
            except (QueryTimedOut, QueryCrashed):
                worker = self._replace(worker)
                raise
            finally:
                self._idle.put(worker)
        finally:
            self._waiting.release()

    def _replace(self, dead: Worker) -> Worker:
        dead.stop()
        fresh = Worker(self.location)  # ready when it answers its first query
        with self._lock:
            self.workers[self.workers.index(dead)] = fresh
        return fresh

    def close(self) -> None:
        with self._lock:
            for worker in self.workers:
                worker.stop()
