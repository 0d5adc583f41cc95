"""`kg serve DIR`: a read-only SPARQL 1.1 Protocol endpoint over a build, run by Oxigraph's own server.

We do not write an HTTP server: the `oxigraph` CLI (from the `oxigraph` package) already speaks the
SPARQL 1.1 Protocol (GET and POST `query`, content negotiation for JSON, CSV, TSV and XML results)
and has CORS, a query timeout and a read-only mode in which updates are refused. This module loads
DIR/graph.nt into an Oxigraph store in a temporary folder, starts `oxigraph serve-read-only` on it,
waits until it answers, prints the endpoint URL, and removes the store when the server stops.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kg.errors import ServerError

DEFAULT_HOST = "127.0.0.1"  # loopback only unless the user says otherwise
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_S = 30
READY_WITHIN_S = 30.0


@dataclass(frozen=True)
class ServeConfig:
    out_dir: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    timeout_s: int = DEFAULT_TIMEOUT_S
    cors: bool = True

    @property
    def bind(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.bind}/query"


def oxigraph_binary() -> str:
    # The venv's own copy first: `kg` may run without the venv on PATH.
    beside = Path(sys.executable).with_name("oxigraph")
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise ServerError("the `oxigraph` command is not installed; install it with: pip install oxigraph")


def _check_port_free(host: str, port: int) -> None:
    # Otherwise a server already on the port would answer our readiness check in oxigraph's place.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ServerError(f"cannot listen on {host}:{port}: {exc.strerror}; choose another with --port") from None


def load_store(graph_path: Path, location: Path) -> None:
    """Bulk-load the graph into an on-disk Oxigraph store with the oxigraph CLI."""
    command = [oxigraph_binary(), "load", "--location", str(location), "--file", str(graph_path)]
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise ServerError(f"oxigraph could not load {graph_path}: {done.stderr.strip()[-500:]}")


def serve_command(config: ServeConfig, location: Path) -> list[str]:
    command = [
        oxigraph_binary(), "serve-read-only",
        "--location", str(location),
        "--bind", config.bind,
        "--timeout-s", str(config.timeout_s),
    ]
    return command + (["--cors"] if config.cors else [])


def wait_until_ready(config: ServeConfig, process: subprocess.Popen, *, within_s: float = READY_WITHIN_S) -> None:
    probe = config.url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"oxigraph stopped with exit code {process.returncode} (its message is above)")
        try:
            with urllib.request.urlopen(probe, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    raise ServerError(f"the SPARQL endpoint did not answer within {within_s:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def serve(config: ServeConfig) -> int:
    from kg.query import graph_file

    graph_path = graph_file(config.out_dir)
    _check_port_free(config.host, config.port)
    location = Path(tempfile.mkdtemp(prefix="kg-serve-"))
    # SIGTERM (e.g. from a supervisor) takes the same clean path as Ctrl-C.
    previous = signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    process = None
    try:
        load_store(graph_path, location)
        process = subprocess.Popen(serve_command(config, location), stdout=subprocess.DEVNULL)
        wait_until_ready(config, process)
        print(f"SPARQL endpoint: {config.url}  (read-only, {graph_path}; Ctrl-C to stop)", flush=True)
        return_code = process.wait()
        raise ServerError(f"oxigraph stopped with exit code {return_code}")
    except KeyboardInterrupt:
        return 0
    finally:
        if process is not None:
            _stop(process)
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(location, ignore_errors=True)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out_dir", metavar="DIR", help="a build folder (holding graph.nt or graph.ttl)")
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST}: this machine only)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument(
        "--timeout", type=int, default=DEFAULT_TIMEOUT_S, metavar="SECONDS",
        help=f"stop any query running longer than this (default {DEFAULT_TIMEOUT_S})",
    )
    parser.add_argument("--no-cors", action="store_true", help="do not allow cross-origin requests from browsers")


def run(args) -> int:
    config = ServeConfig(
        out_dir=Path(args.out_dir), host=args.host, port=args.port, timeout_s=args.timeout, cors=not args.no_cors,
    )
    return serve(config)
