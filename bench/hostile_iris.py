"""Count what issue 14 asks of a build's RDF: triples written twice, documents merged into one IRI,
evidence with more than one source. Reads build folders; builds nothing, so the same script measures
a build of main ("before") and of this branch ("after").

    .venv/bin/kg build ../shared/corpus/guardian-ukraine-2022.jsonl --out /tmp/g --cache-dir
    /tmp/g-cache .venv/bin/python bench/hostile_iris.py /tmp/g [OTHER_BUILD ...]

Per build: graph.nt lines, distinct lines, duplicated lines (`sort graph.nt | uniq -d | wc -l`),
report.json's triple count, documents read (report.json) against document IRIs and identifiers in
the graph, and evidence nodes with more than one oa:hasSource. The fast variant is
tests/test_hostile_iris.py.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

HAS_SOURCE = "<http://www.w3.org/ns/oa#hasSource>"
IDENTIFIER = "<https://schema.org/identifier>"
NEWS_ARTICLE = "<https://schema.org/NewsArticle>"


def measure(build: Path) -> dict[str, int]:
    # N-Triples as kg writes it: one triple a line, subject and predicate without spaces.
    lines = (build / "graph.nt").read_text(encoding="utf-8").splitlines()
    counts = Counter(lines)
    report = json.loads((build / "report.json").read_text(encoding="utf-8"))
    sources: Counter[str] = Counter()
    articles = identifiers = 0
    for line in counts:
        subject, predicate, rest = line.split(" ", 2)
        if predicate == HAS_SOURCE:
            sources[subject] += 1
        elif predicate == IDENTIFIER:
            identifiers += 1
        elif rest.startswith(NEWS_ARTICLE):
            articles += 1
    return {
        "graph.nt lines": len(lines),
        "distinct lines": len(counts),
        "duplicated lines (uniq -d)": sum(1 for n in counts.values() if n > 1),
        "report.json triples": report["triples"],
        "documents read (report.json)": report["documents"],
        "document IRIs": articles,
        "schema:identifier values": identifiers,
        "evidence with >1 oa:hasSource": sum(1 for n in sources.values() if n > 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "builds", nargs="+", type=Path, metavar="BUILD", help="a build folder (kg build --out)"
    )
    args = parser.parse_args()
    figures = {str(b): measure(b) for b in args.builds}
    width = max(len(k) for k in next(iter(figures.values())))
    print(f"{'':{width}}  " + "  ".join(f"{b:>14}" for b in figures))
    for key in next(iter(figures.values())):
        print(f"{key:{width}}  " + "  ".join(f"{f[key]:>14}" for f in figures.values()))


if __name__ == "__main__":
    main()
