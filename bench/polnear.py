"""PolNeAR dev benchmark for statement extraction (a benchmark, not a test).

Runs the real pipeline (ingest -> nlp -> extract -> resolve) on the PolNeAR dev articles and scores
the statements against the hand-annotated attributions, as /work/shared/polnear-dev/README.md
defines it (the rules: kg.scoring.polnear).

    .venv/bin/python bench/polnear.py [--data DIR] [--limit N] [--show-misses] [--show-wrong]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "polnear-dev"


def run_pipeline(articles):
    """(records, corpus) of the articles, with the real pipeline."""
    from kg import gazetteer
    from kg.extract import extract_document
    from kg.ingest import make_document
    from kg.nlp import load_pipeline, parse
    from kg.resolve import resolve

    nlp = load_pipeline()
    gaz = gazetteer.load()
    documents = [make_document(a.name + ".txt", a.text) for a in articles]
    records = [
        extract_document(document, doc, gazetteer=gaz) for document, doc in parse(nlp, documents)
    ]
    corpus = resolve(records, gazetteer=gaz)
    return records, corpus


def main(argv: list[str] | None = None) -> int:
    from kg.scoring.polnear import load_articles, score

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    parser.add_argument(
        "--show-misses", action="store_true", help="print gold attributions not covered"
    )
    parser.add_argument(
        "--show-wrong",
        action="store_true",
        help="print statements overlapping no gold content and wrong speakers",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    articles = load_articles(args.data, limit=args.limit)
    records, corpus = run_pipeline(articles)
    scores = score(articles, records, corpus)
    shown = {"miss": args.show_misses, "wrong": args.show_wrong}
    for finding in scores.findings:
        if shown[finding.kind]:
            print(f"  {finding.line}")
    print(
        f"PolNeAR {Path(args.data).name}: {len(articles)} articles, {scores.gold_all} attributions "
        f"({scores.gold_quoted} quoted), {scores.statements} statements, "
        f"{time.perf_counter() - started:.1f}s"
    )
    for key, value in scores.figures().items():
        print(f"  {key:26s} {value:.3f}")
    print(f"  (speaker scored on {scores.speaker_scored} quoted attributions with a named source)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    raise SystemExit(main())
