"""`kg eval GOLD --out DIR`: the command line of kg.scoring (rules: ../shared/gold/README.md)."""

from __future__ import annotations

import argparse
import json
import sys

from kg.scoring.kg_gold import evaluate
from kg.scoring.report import format_errors, format_table


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("gold", metavar="GOLD", help="gold annotations (kg-gold/1 JSON)")
    parser.add_argument(
        "--out", required=True, metavar="DIR", help="the build's output folder (holds graph.ttl)"
    )
    parser.add_argument(
        "--show-errors",
        action="store_true",
        help="list misses and false positives per document",
    )
    parser.add_argument(
        "--json", action="store_true", help="print every figure as JSON instead of a table"
    )


def run(args: argparse.Namespace) -> int:
    result = evaluate(args.gold, args.out)
    if args.json:
        payload = result
        if not args.show_errors:
            payload = {
                **result,
                "per_document": {
                    file: {k: v for k, v in doc.items() if k != "errors"}
                    for file, doc in result["per_document"].items()
                },
            }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    print(format_table(result))
    if args.show_errors:
        print(format_errors(result))
    sys.stdout.flush()
    return 0
