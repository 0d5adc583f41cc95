"""The build's on-disk SPARQL store (kg.store) at 1M and 10M synthetic triples: load time, size,
canned-query p50, and what a user waits for: `kg query` end to end and `kg serve` until ready.

    .venv/bin/python bench/store.py [--triples 1000000 10000000] [--runs 5] [--no-before]

The graph is bench/sparql.py's (the RDF contract's shape, Zipf-distributed actors), written as a
build folder's graph.nt; `kg.store.write_store` bulk-loads it as `kg build` does. For each size it
prints: the store's load time and size beside graph.nt's; each canned query's p50 in-process on the
store opened read-only (as bench/sparql.py runs them: lookups first, default row limit, an actor
filter where the query has one); the p50 wall time of `kg query DIR --name ...` as a fresh process
(start, open, query, print); and the seconds `kg serve DIR` takes to print its ready line. With
the default, it also times what `kg query` did before the store: graph.nt loaded into memory.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(_HERE))

from sparql import cases, time_query, write_graph

from kg.query import _file_key, _oxigraph_store, oxigraph_store, run_canned
from kg.store import write_store

KG = [sys.executable, "-m", "kg"]
CLI_CASES = [
    ("commitments", ["--param", "actor=Actor 1 "]),
    ("statements", ["--param", "actor=Actor 1 "]),
    ("posts", []),
    ("money", []),
    ("cooccurrence", ["--param", "actor=Actor 1 "]),
    ("evidence", ["--param", "actor=Actor 1 "]),
]


def load() -> str:
    return f"{os.getloadavg()[0]:.2f}"


def size_mib(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def cli_p50(folder: Path, name: str, extra: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [*KG, "query", str(folder), "--name", name, *extra, "--format", "csv"],
            check=True,
            stdout=subprocess.DEVNULL,
            cwd=ROOT,
        )
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def serve_ready_s(folder: Path) -> float:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*KG, "serve", str(folder), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
    )
    try:
        line = proc.stdout.readline()
        ready = time.perf_counter() - start
        if "SPARQL endpoint" not in line:
            raise SystemExit(f"kg serve did not start: {line!r}")
        return ready
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--no-before", action="store_true", help="skip loading graph.nt into memory (the old way)"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-bench-store-"))
    try:
        for triples in args.triples:
            started = time.perf_counter()
            folder = work / f"build-{triples}"
            folder.mkdir()
            count = write_graph(folder / "graph.nt", triples=triples).triples
            print(
                f"== {count:,} triples (generated in {time.perf_counter() - started:.0f} s; "
                f"load average {os.getloadavg()[0]:.2f})",
                flush=True,
            )
            started = time.perf_counter()
            write_store(folder, triples=count)
            loaded = time.perf_counter() - started
            store_mib, graph_mib = size_mib(folder / "store"), size_mib(folder / "graph.nt")
            print(
                f"store load (bulk loader, then compaction): {loaded:.1f} s; store "
                f"{store_mib:.0f} MiB, graph.nt {graph_mib:.0f} MiB (load average {load()})",
                flush=True,
            )
            if not args.no_before:
                started = time.perf_counter()
                _oxigraph_store(_file_key(folder / "graph.nt"))
                print(
                    f"before the store: graph.nt loaded into memory in "
                    f"{time.perf_counter() - started:.1f} s (at every kg query, every kg serve; "
                    f"load average {load()})",
                    flush=True,
                )
                _oxigraph_store.cache_clear()
            started = time.perf_counter()
            oxigraph_store(folder)
            print(f"store opened read-only in {1000 * (time.perf_counter() - started):.0f} ms")
            slow = []
            for label, case in cases():
                p50, rows, _ = time_query(
                    lambda c, at=folder: len(run_canned(at, c[0], c[1])[1]), case, runs=args.runs
                )
                print(f"  {label:38} p50 {p50:9.1f} ms {rows:6d} rows  (load {load()})", flush=True)
                if p50 >= 1000:
                    slow.append(label)
            for name, extra in CLI_CASES:
                wall = cli_p50(folder, name, extra, args.runs)
                print(
                    f"  kg query --name {name} {' '.join(extra):22} end to end p50 {wall:.2f} s "
                    f"(load {load()})",
                    flush=True,
                )
            print(f"  kg serve ready in {serve_ready_s(folder):.2f} s (load {load()})", flush=True)
            if slow:
                print(f"  p50 >= 1 s in-process: {', '.join(slow)}")
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
