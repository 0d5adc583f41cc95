"""Hostile queries and clients against `kg query` and `kg serve`, measured on a real build.

    .venv/bin/python bench/hostile_query.py                          # this checkout, on
    /work/guardian-out .venv/bin/python bench/hostile_query.py --root ../main --build output --only
    serve-timeout

`--root` is the checkout whose `kg` runs (PYTHONPATH): run once on main and once on a branch for a
before/after table. Every case is bounded (a harness timeout, an address-space cap where a case
reads without end), so a "before" that hangs or eats memory shows up as a number, not a stuck
machine. Each case prints one line: its name and what happened. Loopback addresses only.
"""

from __future__ import annotations

import argparse
import os
import queue
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

# Run as a script, Python puts bench/ first on sys.path, where sibling benchmarks (bench/html.py)
# would shadow standard modules: drop it (this script needs only the standard library).
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))
from tests.hostile_kit import Listener  # noqa: E402

# 50^6 rows to count: minutes on any graph. (A cartesian product of the graph's triples is stopped
# by Oxigraph's own timeout; this one was not: its server was still burning CPU on it minutes
# later.)
_FIFTY = " ".join(str(i) for i in range(50))
RUNAWAY = (
    "SELECT (COUNT(*) AS ?n) WHERE { "
    + " ".join(f"VALUES ?{v} {{ {_FIFTY} }}" for v in "abcdef")
    + " }"
)
DEEP = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000
BUSY_QUERY = (
    "PREFIX schema: <https://schema.org/> SELECT ?n (COUNT(*) AS ?c) WHERE { ?a schema:name ?n . "
    "?d schema:mentions ?a } GROUP BY ?n ORDER BY DESC(?c) LIMIT 10"
)
HARNESS_S = 60.0
MEMORY_CAP = 2 * 1024**3  # address space for a case that would read without end


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Harness:
    def __init__(self, root: Path, build: Path):
        # `python -m` puts the working folder first on sys.path: run from the checkout asked for.
        self.root = str(root.resolve())
        self.env = {**os.environ, "PYTHONPATH": self.root}
        self.build = build.resolve()

    def kg(
        self, *args: str, timeout: float = HARNESS_S, memory_cap: int | None = None
    ) -> tuple[str, float]:
        """Run `kg ARGS`; (what happened, seconds)."""

        def cap():
            if memory_cap:
                resource.setrlimit(resource.RLIMIT_AS, (memory_cap, memory_cap))

        start = time.monotonic()
        try:
            done = subprocess.run(
                [sys.executable, "-m", "kg", *args],
                env=self.env,
                cwd=self.root,
                capture_output=True,
                text=True,
                timeout=timeout,
                preexec_fn=cap,
            )
        except subprocess.TimeoutExpired:
            return (
                f"still running at the harness's {timeout:.0f} s (killed)",
                time.monotonic() - start,
            )
        seconds = time.monotonic() - start
        if done.returncode < 0:
            return f"died: {signal.Signals(-done.returncode).name}", seconds
        message = (done.stderr.strip().splitlines() or [""])[0][:110]
        return f"exit {done.returncode}: {message}", seconds

    def serve(self, *args: str, port: int | None = None):
        return Server(self, port or free_port(), args)


class Server:
    def __init__(self, harness: Harness, port: int, args):
        self.port = port
        self.url = f"http://127.0.0.1:{port}/query"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg", "serve", str(harness.build), "--port", str(port), *args],
            env=harness.env,
            cwd=harness.root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        lines: queue.Queue = queue.Queue()
        threading.Thread(
            target=lambda: [*map(lines.put, self.process.stdout), lines.put("")], daemon=True
        ).start()
        self.stderr: list[str] = []
        threading.Thread(
            target=lambda: [self.stderr.append(x) for x in self.process.stderr], daemon=True
        ).start()
        try:
            self.ready = "SPARQL endpoint" in lines.get(timeout=HARNESS_S)
        except queue.Empty:
            self.ready = False

    def ask(self, query: str, timeout: float = HARNESS_S, method: str = "GET") -> tuple[str, float]:
        start = time.monotonic()
        try:
            if method == "GET":
                request = urllib.request.Request(
                    self.url + "?" + urllib.parse.urlencode({"query": query})
                )
            else:
                request = urllib.request.Request(
                    self.url,
                    data=query.encode(),
                    headers={"Content-Type": "application/sparql-query"},
                )
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
                outcome = f"HTTP {response.status}"
        except urllib.error.HTTPError as exc:
            outcome = f"HTTP {exc.code}: {exc.read().decode(errors='replace').strip()[:80]}"
        except TimeoutError:
            outcome = f"no answer within {timeout:.0f} s"
        except Exception as exc:  # noqa: BLE001 - what a client sees is the measurement
            outcome = f"{type(exc).__name__}: {str(exc)[:60]}"
        return outcome, time.monotonic() - start

    def alive(self) -> str:
        outcome, _ = self.ask("ASK {}", timeout=10)
        return "answers" if outcome == "HTTP 200" else f"does not answer ({outcome})"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


def hammer(
    url: str, clients: int, seconds: float, query: str, *, client_timeout: float = 30
) -> Counter:
    counts: Counter = Counter()
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client():
        while time.monotonic() < stop:
            try:
                with urllib.request.urlopen(
                    url + "?" + urllib.parse.urlencode({"query": query}), timeout=client_timeout
                ) as r:
                    r.read()
                    key = str(r.status)
            except urllib.error.HTTPError as exc:
                key = str(exc.code)
            except Exception as exc:  # noqa: BLE001
                key = type(exc).__name__
            with lock:
                counts[key] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return counts


# ---------------------------------------------------------------------- cases


def query_service(h: Harness) -> str:
    listener = Listener()
    outcome, s = h.kg(
        "query",
        str(h.build),
        f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}",
    )
    return f"{listener.connections} HTTP request(s) sent; {outcome} ({s:.1f} s)"


def query_file_device(h: Harness) -> str:
    outcome, s = h.kg(
        "query", str(h.build), "-f", "/dev/urandom", memory_cap=MEMORY_CAP, timeout=30
    )
    return f"{outcome} after {s:.1f} s (address space capped at {MEMORY_CAP / 1024**3:.0f} GB)"


def query_deep(h: Harness) -> str:
    outcome, s = h.kg("query", str(h.build), DEEP)
    return f"{outcome} ({s:.1f} s)"


def query_timeout(h: Harness) -> str:
    outcome, s = h.kg("query", str(h.build), RUNAWAY, "--timeout", "5")
    if outcome.startswith("exit 2"):  # argparse: no such option
        outcome, s = h.kg("query", str(h.build), RUNAWAY)
        return f"no --timeout; without it: {outcome} after {s:.1f} s"
    return f"--timeout 5: {outcome} after {s:.1f} s"


def serve_service(h: Harness) -> str:
    listener = Listener()
    server = h.serve()
    try:
        outcome, s = server.ask(
            f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }}"
        )
        return f"{listener.connections} HTTP request(s) sent; {outcome[:70]}"
    finally:
        server.stop()


def serve_deep(h: Harness) -> str:
    server = h.serve()
    try:
        outcome, s = server.ask(DEEP, method="POST", timeout=20)
        time.sleep(1)
        return f"{outcome[:70]}; then the endpoint {server.alive()}"
    finally:
        server.stop()


def cpu_seconds(session: int) -> float:
    """CPU time used so far by the processes of a session (kg serve and what it started)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session:  # fields after the name: state ppid pgrp session ...
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def cpu_in_next(session: int, seconds: float) -> float:
    """CPU time a session uses over the next `seconds` (never negative: a killed worker takes
    its CPU time with it)."""
    before = cpu_seconds(session)
    time.sleep(seconds)
    return max(0.0, cpu_seconds(session) - before)


def serve_timeout(h: Harness) -> str:
    server = h.serve("--timeout", "5")
    try:
        outcome, s = server.ask(RUNAWAY, timeout=30)
        burnt = cpu_in_next(server.process.pid, 10)
        return (
            f"--timeout 5: {outcome[:60]} after {s:.1f} s; CPU in the next 10 s: {burnt:.1f} s; "
            f"then the endpoint {server.alive()}"
        )
    finally:
        server.stop()


def serve_concurrency(h: Harness) -> str:
    server = h.serve()
    try:
        counts = hammer(server.url, 20, 10.0, BUSY_QUERY)
        time.sleep(1)
        state = "exited" if server.process.poll() is not None else "running"
        return f"20 clients x 10 s: {dict(counts)}; process {state}, endpoint {server.alive()}"
    finally:
        server.stop()


def serve_runaway_clients(h: Harness) -> str:
    """20 clients send runaway queries for 10 s, each giving up after 2 s and sending another."""
    server = h.serve("--timeout", "5")
    try:
        counts = hammer(server.url, 20, 10.0, RUNAWAY, client_timeout=2)
        burnt = cpu_in_next(server.process.pid, 10)
        state = "exited" if server.process.poll() is not None else "running"
        return (
            f"{dict(counts)}; CPU in the next 10 s: {burnt:.1f} s; process {state}, "
            f"endpoint {server.alive()}"
        )
    finally:
        server.stop()


def serve_host(h: Harness) -> str:
    # 192.0.2.1 (TEST-NET-1) is never this machine's: binding fails, nothing listens beyond
    # loopback.
    server = h.serve("--host", "192.0.2.1")
    server.process.wait(timeout=HARNESS_S)
    time.sleep(0.2)
    warned = any("warning" in line for line in server.stderr)
    return f"--host 192.0.2.1: warning printed: {'yes' if warned else 'no'}"


def serve_restart(h: Harness) -> str:
    port = free_port()
    first = h.serve(port=port)
    for _ in range(5):
        first.ask("ASK {}", timeout=10)
    first.stop()
    start = time.monotonic()
    second = h.serve(port=port)
    try:
        if second.ready:
            return f"restarted on the same port, ready after {time.monotonic() - start:.1f} s"
        second.process.wait(timeout=10)
        return f"restart failed: {''.join(second.stderr).strip()[:100]}"
    finally:
        second.stop()


CASES = {
    "query-service": query_service,
    "query-file-device": query_file_device,
    "query-deep": query_deep,
    "query-timeout": query_timeout,
    "serve-service": serve_service,
    "serve-deep": serve_deep,
    "serve-timeout": serve_timeout,
    "serve-concurrency": serve_concurrency,
    "serve-runaway-clients": serve_runaway_clients,
    "serve-host": serve_host,
    "serve-restart": serve_restart,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root",
        type=Path,
        default=Path(__file__).resolve().parent.parent,
        help="checkout whose kg runs",
    )
    parser.add_argument(
        "--build", type=Path, default=Path("/work/guardian-out"), help="a build folder"
    )
    parser.add_argument(
        "--only", nargs="*", choices=sorted(CASES), help="cases to run (default: all)"
    )
    args = parser.parse_args()
    harness = Harness(args.root, args.build)
    print(f"kg from {args.root.resolve()}, build {args.build}")
    for name in args.only or CASES:
        print(f"{name:22} {CASES[name](harness)}", flush=True)


if __name__ == "__main__":
    main()
