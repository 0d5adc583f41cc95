"""`kg serve DIR`: the command line of kg.serve."""

from __future__ import annotations

import argparse
from pathlib import Path

from kg.serve import (
    DEFAULT_HOST,
    DEFAULT_PORT,
    DEFAULT_QUEUE,
    DEFAULT_TIMEOUT_S,
    DEFAULT_WORKERS,
    ServeConfig,
    serve,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "out_dir", metavar="DIR", help="a build folder (holding graph.nt or graph.ttl)"
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}: this machine only)",
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_S,
        metavar="SECONDS",
        help=f"stop any query running longer than this (default {DEFAULT_TIMEOUT_S})",
    )
    parser.add_argument(
        "--no-cors",
        action="store_true",
        help="do not allow cross-origin requests from browsers",
    )
    parser.add_argument(
        "--allow-service",
        action="store_true",
        help="let queries' SERVICE clauses fetch from other addresses (refused by default)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=DEFAULT_WORKERS,
        metavar="N",
        help=f"queries run at once, each in its own process (default {DEFAULT_WORKERS})",
    )
    parser.add_argument(
        "--queue",
        type=int,
        default=DEFAULT_QUEUE,
        metavar="N",
        help=f"queries waiting for a worker before more get 503 (default {DEFAULT_QUEUE})",
    )


def run(args) -> int:
    config = ServeConfig(
        out_dir=Path(args.out_dir),
        host=args.host,
        port=args.port,
        timeout_s=args.timeout,
        cors=not args.no_cors,
        allow_service=args.allow_service,
        workers=args.workers,
        queue=args.queue,
    )
    return serve(config, ready=lambda line: print(line, flush=True))
