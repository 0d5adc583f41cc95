"""`kg export DIR --format F --out PATH`: the command line of kg.export.tables."""

from __future__ import annotations

import os

from kg.api import load
from kg.export.tables import FORMATS, TABLE_FORMATS, export, refuse_overwrite
from kg.rows import ROW_TYPES
from kg.safe_text import for_terminal


def add_arguments(parser) -> None:
    parser.add_argument("out_dir", metavar="DIR", help="a build folder (kg build --out DIR)")
    parser.add_argument(
        "--format",
        required=True,
        choices=FORMATS,
        help="graphml and gexf open in Gephi; csv and parquet write one table per kind",
    )
    parser.add_argument(
        "--out",
        required=True,
        metavar="PATH",
        help="the file to write, or the folder for csv and parquet",
    )
    parser.add_argument("--quiet", action="store_true", help="print nothing but errors")
    parser.add_argument(
        "--force",
        action="store_true",
        help="overwrite --out even if kg export did not write it (never a build's files)",
    )


def run(args) -> int:
    target = refuse_overwrite(args.out, args.format, args.out_dir, force=args.force)
    graph = load(args.out_dir).graph
    if args.format in TABLE_FORMATS and os.path.lexists(target) and not target.is_dir():
        target.unlink()  # --force: a file where the table folder goes
    export(graph, args.format, target)
    if not args.quiet:
        if args.format in TABLE_FORMATS:
            what = f"{len(ROW_TYPES)} tables"
        else:
            what = f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges"
        print(for_terminal(f"kg export: {args.format} -> {target} ({what})"))
    return 0
