"""The `kg` command: one subcommand per module of this package, each with `add_arguments(parser)`
and `run(args)`.

This package is the only part of kg that prints: library modules return results and reports, and
send warnings through `logging` (logger "kg"), which a command shows on stderr as
`kg COMMAND: warning: ...` while it runs.

Modules are imported only when their subcommand runs, so `kg --help` stays fast and one broken
optional dependency does not take the other commands down.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from kg.errors import KgError, Terminated
from kg.safe_text import for_terminal

# subcommand -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("kg.cli.build", "build the graph from articles: kg build INPUT... --out DIR"),
    "eval": ("kg.cli.eval", "score a build against gold annotations"),
    "validate": ("kg.cli.validate", "check a build against the SHACL shapes"),
    "query": ("kg.cli.query", "run a SPARQL query (or a canned one) on a build"),
    "serve": ("kg.cli.serve", "serve a build as a read-only SPARQL endpoint"),
    "export": ("kg.cli.export", "export a build to GraphML, GEXF, node-link, CSV or Parquet"),
}


class CommandLog(logging.Handler):
    """kg's log records on stderr, named after the command: `kg build: warning: ...` for a warning,
    `kg build: ...` for a note. sys.stderr is looked up for each record, not kept."""

    def __init__(self, command: str):
        super().__init__(logging.INFO)
        self.command = command

    def emit(self, record: logging.LogRecord) -> None:
        kind = "warning: " if record.levelno >= logging.WARNING else ""
        line = for_terminal(f"kg {self.command}: {kind}{record.getMessage()}")
        print(line, file=sys.stderr, flush=True)


@contextmanager
def logging_to_terminal(command: str) -> Iterator[None]:
    """While a command runs, kg's notes and warnings go to stderr (and only there)."""
    logger = logging.getLogger("kg")
    handler = CommandLog(command)
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def _parser(argv: list[str]) -> tuple[argparse.ArgumentParser, object | None]:
    parser = argparse.ArgumentParser(
        prog="kg", description="who said what, and who pledged what to whom"
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = next((a for a in argv if a in COMMANDS), None)
    module = None
    for name, (module_name, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        # SUPPRESS: `kg --debug build` must not be reset by the subcommand's own default.
        p.add_argument(
            "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks"
        )
        if name == chosen:
            module = importlib.import_module(module_name)
            module.add_arguments(p)
    return parser, module


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser, module = _parser(argv)
    args = parser.parse_args(argv)
    if module is None:
        parser.print_help()
        return 0 if not argv else 2
    try:
        with logging_to_terminal(args.command):
            return int(module.run(args) or 0)
    except KgError as exc:
        if args.debug:
            raise
        print(for_terminal(f"kg {args.command}: error: {exc}", keep_newlines=True), file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        # The reader went away (`kg eval ... | head`): stop quietly, as other Unix tools do.
        # Python would report the pipe again while flushing stdout at exit, so point it at
        # /dev/null first (https://docs.python.org/3/library/signal.html#note-on-sigpipe).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except KeyboardInterrupt as exc:
        stopped = "terminated" if isinstance(exc, Terminated) else "interrupted"
        print(f"kg {args.command}: {stopped}", file=sys.stderr)
        return getattr(exc, "exit_code", 130)
    except Exception as exc:  # a bug: one line, the traceback on --debug
        if args.debug:
            raise
        print(
            for_terminal(
                f"kg {args.command}: internal error: {type(exc).__name__}: {exc} "
                "(run with --debug for the traceback)"
            ),
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
