"""`kg query DIR (QUERY | -f FILE | --name NAME)`: the command line of kg.query."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from kg.errors import QueryError
from kg.isolated import run_isolated
from kg.query import (
    DEFAULT_TIMEOUT_S,
    FORMATS,
    TABLE_COUNT_AT_MOST,
    canned_queries,
    canned_query,
    count_canned,
    first_full_window,
    format_counted,
    lookups_resolved,
    oxigraph_results,
    read_query_file,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "out_dir", nargs="?", metavar="DIR", help="a build folder (holding graph.nt or graph.ttl)"
    )
    parser.add_argument("query", nargs="?", metavar="QUERY", help="SPARQL query text")
    parser.add_argument("-f", "--file", metavar="FILE", help="read the SPARQL query from FILE")
    parser.add_argument("--name", metavar="NAME", help="run the canned query NAME (see --list)")
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a parameter of the canned query, substituted as a literal (repeatable)",
    )
    parser.add_argument(
        "--limit",
        type=int,
        metavar="N",
        help="rows a canned query returns (default: its own, 100 for most; 0: every row)",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="result format (json: SPARQL 1.1 Query Results JSON)",
    )
    parser.add_argument(
        "--list",
        action="store_true",
        help="list the canned queries: name, description, parameters",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_S,
        metavar="SECONDS",
        help=f"stop the query after this long (default {DEFAULT_TIMEOUT_S}; 0: no limit)",
    )
    parser.add_argument(
        "--allow-service",
        action="store_true",
        help="let the query's SERVICE clauses fetch from other addresses (refused by default)",
    )


def _list_text() -> str:
    queries = canned_queries()
    width = max(len(n) for n in queries)
    lines = []
    for name, q in queries.items():
        params = f" [--param {', '.join(f'{p}=...' for p in q.params)}]" if q.params else ""
        limit = f" (first {q.limit} rows; --limit 0 for all)" if q.limit else ""
        values = "".join(
            f" {p}: {' | '.join(v)}." for p, v in q.values.items() if p in ("kind", "status")
        )
        lines.append(f"{name.ljust(width)}  {q.description}{params}{limit}{values}")
    return "\n".join(lines) + "\n"


def _parse_params(items: list[str]) -> dict[str, str]:
    params = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param {item!r}: expected NAME=VALUE")
        params[name.strip()] = value
    return params


def _query_text(args) -> str:
    given = [x for x in (args.query, args.file, args.name) if x]
    if len(given) != 1:
        raise QueryError(
            "give exactly one of: QUERY text, -f FILE, --name NAME (see `kg query --list`)"
        )
    params = _parse_params(args.param)
    if args.name:
        bound = canned_query(args.name).bind(params, limit=args.limit)
        return lookups_resolved(args.out_dir, bound)
    if params or args.limit is not None:
        raise QueryError("--param and --limit only apply to canned queries (--name)")
    if args.file:
        return read_query_file(args.file)
    return args.query


def run(args) -> int:
    if args.list:
        sys.stdout.write(_list_text())
        return 0
    if not args.out_dir:
        raise QueryError("give a build folder: kg query DIR (QUERY | -f FILE | --name NAME)")
    if args.timeout < 0:
        raise QueryError(f"--timeout must be 0 (no limit) or more seconds, not {args.timeout:g}")
    # In a child process: a runaway query can then be stopped, and a crashing one cannot take kg
    # down.
    output = run_isolated(lambda: _output(args), timeout_s=args.timeout)
    sys.stdout.flush()
    sys.stdout.buffer.write(output)
    sys.stdout.buffer.flush()
    return 0


def _total(args) -> Callable[[int], int | None] | None:
    """For a canned query in a table: the rows it has without its row limit, counted only when the
    limit may have cut them (as many rows as the limit)."""
    if not args.name or args.format != "table":
        return None
    query = canned_query(args.name)
    limit = query.limit if args.limit is None else args.limit
    if not limit:
        return None

    def total(shown: int) -> int | None:
        if shown < limit:
            return None
        return count_canned(
            args.out_dir, args.name, _parse_params(args.param), at_most=TABLE_COUNT_AT_MOST
        )

    return total


def _output(args) -> bytes:
    """What `kg query` prints for `args`."""
    sparql = _query_text(args)
    # A canned query's `# window`: the first window whose rows fill a page is the answer, printed
    # as it is. A query of the user's own is run as written.
    if args.name:
        return first_full_window(args.out_dir, sparql, lambda query: _formatted(args, query))
    return _formatted(args, sparql)[0]


def _formatted(args, sparql: str) -> tuple[bytes, int | None]:
    results = oxigraph_results(args.out_dir, sparql, allow_service=args.allow_service)
    try:
        return format_counted(results, args.format, total=_total(args))
    except OSError as exc:  # Oxigraph evaluates while the results are read: its errors come here
        raise QueryError(f"query failed: {exc}") from None
