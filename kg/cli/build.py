"""`kg build INPUT... --out DIR`: the command line of kg.pipeline.build."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kg.errors import Terminated
from kg.filenames import CACHE_DIR
from kg.ingest import DEFAULT_MAX_CHARS
from kg.namespaces import DEFAULT_BASE
from kg.paths import DEFAULT_MODEL
from kg.pipeline import BuildConfig, build
from kg.safe_text import for_terminal


def add_arguments(parser) -> None:
    parser.add_argument(
        "inputs", nargs="+", metavar="INPUT", help="article files or folders (.txt, .md, .jsonl)"
    )
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument(
        "--model", default=DEFAULT_MODEL, help=f"spaCy pipeline to use (default {DEFAULT_MODEL})"
    )
    parser.add_argument(
        "--base", default=DEFAULT_BASE, help=f"base IRI of the data (default {DEFAULT_BASE})"
    )
    parser.add_argument(
        "--view",
        choices=("auto", "full", "actors"),
        default="auto",
        help="kept for scripts that pass it: graph.html is the explorer whichever you choose",
    )
    parser.add_argument(
        "--strict", action="store_true", help="fail (exit 2) if any input file is bad"
    )
    parser.add_argument(
        "--max-chars",
        type=int,
        default=DEFAULT_MAX_CHARS,
        help="skip documents longer than this (default 5,000,000)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes (default: all cores)",
    )
    parser.add_argument(
        "--cache-dir",
        default=None,
        help="extraction cache (default: .kg-cache beside the output folder)",
    )
    parser.add_argument("--no-cache", action="store_true", help="extract every document again")
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="extract on a Dask cluster: a `dask scheduler` address (tcp://HOST:8786), or "
        "'local' for a local cluster of --jobs worker processes (default: --jobs processes)",
    )
    parser.add_argument(
        "--no-store",
        action="store_true",
        help="do not write the on-disk SPARQL store (store/) that kg query and kg serve open",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=16,
        help="documents per spaCy batch and per worker task (default 16)",
    )
    parser.add_argument(
        "--quiet", action="store_true", help="print nothing but warnings and errors"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="replace --out even if it is a file or a folder kg did not write (never an input)",
    )


def config_of(args) -> BuildConfig:
    """The build the arguments ask for (`kg build` frees the model once extraction is done: one
    build a process)."""
    if args.no_cache:
        cache_dir = None
    elif args.cache_dir:
        cache_dir = Path(args.cache_dir)
    else:
        cache_dir = Path(args.out).resolve().parent / CACHE_DIR
    return BuildConfig(
        model=args.model,
        base=args.base,
        view=args.view,
        strict=args.strict,
        max_chars=args.max_chars,
        jobs=max(1, args.jobs),
        cache_dir=cache_dir,
        progress=not args.quiet,
        batch_size=max(1, args.batch_size),
        release_model=True,
        force=args.force,
        store=not args.no_store,
        scheduler=args.scheduler or None,
    )


def run(args) -> int:
    with _terminate_unwinds():
        result = build(args.inputs, Path(args.out), config_of(args))
    if not args.quiet:
        counts = ", ".join(f"{v} {k}" for k, v in result.counts.items())
        print(
            for_terminal(
                f"kg build: {result.documents} documents -> {result.out_dir} ({counts}) "
                f"in {result.timings['total']:.1f}s"
            )
        )
    return 0


@contextmanager
def _terminate_unwinds() -> Iterator[None]:
    """SIGTERM raises Terminated, so a stopped build removes its staging folder and stops its
    workers."""

    def terminate(signum, frame):
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
