"""`kg build`: ingest -> nlp -> extract -> resolve -> graph -> export, written atomically.

Everything is written into a temporary folder beside the output folder and swapped in at the end,
so a failed or killed build leaves the previous output as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, NoInputs, StrictModeFailure
from kg.ingest import DEFAULT_MAX_CHARS, discover, read_path
from kg.namespaces import DEFAULT_BASE, Iris
from kg.nlp import DEFAULT_MODEL
from kg.records import DocRecords, Document


@dataclass(slots=True)
class BuildResult:
    out_dir: Path
    documents: int
    counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def add_arguments(parser) -> None:
    parser.add_argument("inputs", nargs="+", metavar="INPUT", help="article files or folders (.txt, .md, .jsonl)")
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--model", default=DEFAULT_MODEL, help=f"spaCy pipeline to use (default {DEFAULT_MODEL})")
    parser.add_argument("--base", default=DEFAULT_BASE, help=f"base IRI of the data (default {DEFAULT_BASE})")
    parser.add_argument("--view", choices=("full", "actors"), default="full", help="graph.html: every node, or actors only with facts as edges")
    parser.add_argument("--strict", action="store_true", help="fail (exit 2) if any input file is bad")
    parser.add_argument("--max-chars", type=int, default=DEFAULT_MAX_CHARS, help="skip documents longer than this (default 5,000,000)")
    parser.add_argument("--quiet", action="store_true", help="print nothing but warnings and errors")


def run(args) -> int:
    result = build(
        args.inputs, Path(args.out), model=args.model, base=args.base, view=args.view,
        strict=args.strict, max_chars=args.max_chars,
    )
    if not args.quiet:
        counts = ", ".join(f"{v} {k}" for k, v in result.counts.items())
        print(f"kg build: {result.documents} documents -> {result.out_dir} ({counts}) in {result.timings['total']:.1f}s")
    return 0


def read_documents(inputs: list[str], *, max_chars: int, warnings: list[str]) -> list[Document]:
    documents: list[Document] = []
    seen: set[str] = set()
    for path, doc_id in discover(inputs):
        try:
            for document in read_path(path, doc_id, max_chars=max_chars):
                if document.id in seen:
                    raise InputError(document.source, f"duplicate document id {document.id!r}; skipped")
                seen.add(document.id)
                documents.append(document)
        except InputError as exc:
            warnings.append(str(exc))
            print(f"kg build: warning: {exc}", file=sys.stderr)
    return documents


def extract_all(documents: list[Document], *, model: str) -> list[DocRecords]:
    from kg import gazetteer
    from kg.extract import extract_document
    from kg.nlp import load_pipeline, parse

    nlp = load_pipeline(model)
    gaz = gazetteer.load()
    return [extract_document(document, doc, gazetteer=gaz) for document, doc in parse(nlp, documents)]


def build(
    inputs: list[str],
    out_dir: Path,
    *,
    model: str = DEFAULT_MODEL,
    base: str = DEFAULT_BASE,
    view: str = "full",
    strict: bool = False,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> BuildResult:
    from kg import gazetteer
    from kg.export import rdf
    from kg.graph import build_graph
    from kg.resolve import resolve

    started = time.perf_counter()
    timings: dict[str, float] = {}
    warnings: list[str] = []

    documents = read_documents(inputs, max_chars=max_chars, warnings=warnings)
    timings["ingest"] = time.perf_counter() - started
    if strict and warnings:
        raise StrictModeFailure(warnings)
    if not documents:
        raise NoInputs(inputs)

    mark = time.perf_counter()
    records = extract_all(documents, model=model)
    timings["nlp_extract"] = time.perf_counter() - mark

    mark = time.perf_counter()
    corpus = resolve(records, gazetteer=gazetteer.load())
    graph = build_graph(corpus, iris=Iris(base))
    timings["resolve_graph"] = time.perf_counter() - mark

    counts = dict(sorted(Counter(kind for _, kind in graph.nodes(data="kind")).items()))
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-", dir=out_dir.parent))
    try:
        mark = time.perf_counter()
        g = rdf.to_rdf(graph)
        rdf.write_turtle(g, staging / "graph.ttl")
        rdf.write_ntriples(g, staging / "graph.nt")
        rdf.write_jsonld(g, staging / "graph.jsonld")
        write_node_link(graph, staging / "graph.json")
        write_view(graph, staging / "graph.html", view=view)
        timings["export"] = time.perf_counter() - mark
        timings["total"] = time.perf_counter() - started
        report = {
            "documents": len(documents),
            "counts": counts,
            "triples": len(g),
            "warnings": warnings,
            "encodings": dict(sorted(Counter(d.encoding for d in documents).items())),
            "timings_seconds": {k: round(v, 3) for k, v in timings.items()},
            "model": model,
        }
        (staging / "report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        swap_into_place(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(out_dir, len(documents), counts, warnings, timings)


def write_node_link(graph, path: Path) -> None:
    """The networkx graph itself, for `kg.load` and users' own analyses (node-link JSON)."""
    import networkx as nx

    data = nx.node_link_data(graph, edges="edges")
    path.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


def write_view(graph, path: Path, *, view: str) -> None:
    from kg.export.html import write_html

    write_html(graph, path, view=view)


def swap_into_place(staging: Path, out_dir: Path) -> None:
    """Replace out_dir by staging with renames only; the old output survives until the last step."""
    os.chmod(staging, 0o755)
    if out_dir.exists():
        retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
        os.rename(out_dir, retired / out_dir.name)
        os.rename(staging, out_dir)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.rename(staging, out_dir)
