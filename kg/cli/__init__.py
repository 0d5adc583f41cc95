"""The `kg` command: one subcommand per module, each with `add_arguments(parser)` and `run(args)`.

Modules are imported only when their subcommand runs, so `kg --help` stays fast and one broken
optional dependency does not take the other commands down.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from kg.errors import KgError, Terminated
from kg.safe_text import for_terminal

# subcommand -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("kg.pipeline", "build the graph from articles: kg build INPUT... --out DIR"),
    "eval": ("kg.evaluate", "score a build against gold annotations"),
    "validate": ("kg.validate", "check a build against the SHACL shapes"),
    "query": ("kg.query", "run a SPARQL query (or a canned one) on a build"),
    "serve": ("kg.serve", "serve a build as a read-only SPARQL endpoint"),
    "export": ("kg.export.tables", "export a build to GraphML, GEXF, node-link, CSV or Parquet"),
}


def _parser(argv: list[str]) -> tuple[argparse.ArgumentParser, object | None]:
    parser = argparse.ArgumentParser(prog="kg", description="who said what, and who pledged what to whom")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = next((a for a in argv if a in COMMANDS), None)
    module = None
    for name, (module_name, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        # SUPPRESS: `kg --debug build` must not be reset by the subcommand's own default.
        p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks")
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
        return int(module.run(args) or 0)
    except KgError as exc:
        if args.debug:
            raise
        print(for_terminal(f"kg {args.command}: error: {exc}", keep_newlines=True), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt as exc:
        print(f"kg {args.command}: {'terminated' if isinstance(exc, Terminated) else 'interrupted'}", file=sys.stderr)
        return getattr(exc, "exit_code", 130)
    except Exception as exc:  # a bug: one line, the traceback on --debug
        if args.debug:
            raise
        print(
            for_terminal(f"kg {args.command}: internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)"),
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
