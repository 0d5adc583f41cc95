"""`kg validate DIR`: the command line of kg.validate."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kg.validate import SHAPES_FILE, format_report, validate_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "out_dir",
        metavar="DIR",
        help="a build folder (its graph.nt, graph.ttl and graph.jsonld are all checked), "
        "or one graph file",
    )
    parser.add_argument(
        "--shapes",
        metavar="FILE",
        default=str(SHAPES_FILE),
        help="SHACL shapes (default: ontology/shapes.ttl)",
    )
    parser.add_argument(
        "--limit", type=int, default=50, metavar="N", help="print at most N violations (0: all)"
    )


def run(args) -> int:
    report = validate_dir(args.out_dir, shapes_path=Path(args.shapes), progress=None)
    limit = args.limit if args.limit > 0 else len(report.violations)
    sys.stdout.write(format_report(report, limit=limit))
    return 0 if report.conforms else 1
