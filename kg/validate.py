"""`kg validate DIR`: check a build's graph against the SHACL shapes of the RDF contract.

pySHACL runs without inference: the shapes check asserted types only, so what passes here is
what users' SPARQL queries will see. Violations print one per line, grouped by what is wrong.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from kg.namespaces import curie
from kg.paths import ONTOLOGY_DIR

SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"


@dataclass(frozen=True)
class Violation:
    severity: str  # Violation | Warning | Info
    focus: str  # the node that breaks the rule, shortened
    path: str  # the property, shortened ("" for node-level rules)
    value: str  # the offending value, shortened ("" when missing)
    message: str
    shape: str  # the shape that found it

    def line(self) -> str:
        where = f"{self.focus} {self.path}".rstrip()
        value = f" (value: {self.value})" if self.value and self.value != self.focus else ""
        return f"{self.severity}: {where}: {self.message}{value}"


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: list[Violation]
    graph_path: Path
    triples: int


def _shorten(term, prefixes: dict[str, str]) -> str:
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return ""
    if isinstance(term, URIRef):
        return curie(term, prefixes)
    if isinstance(term, BNode):
        return "[blank node]"
    if isinstance(term, Literal):
        text = str(term)
        text = text if len(text) <= 60 else text[:57] + "..."
        return f'"{text}"' + (f"^^{_shorten(term.datatype, prefixes)}" if term.datatype else "")
    return str(term)


def _path_text(results, path_node, prefixes) -> str:
    # Property paths other than a plain IRI (e.g. inverse) are rare in our shapes; show them raw.
    from rdflib import URIRef

    if path_node is None:
        return ""
    return _shorten(path_node, prefixes) if isinstance(path_node, URIRef) else "(path)"


def _prefixes(data_base: str | None = None) -> dict[str, str]:
    from kg.namespaces import DEFAULT_BASE, PREFIXES

    prefixes = {name: str(ns) for name, ns in PREFIXES.items()}
    prefixes["id"] = data_base or DEFAULT_BASE
    return prefixes


def load_graph(path: Path):
    import rdflib

    fmt = {".nt": "nt", ".ttl": "turtle", ".jsonld": "json-ld"}.get(path.suffix, "turtle")
    return rdflib.Graph().parse(str(path), format=fmt)


def validate_graph(data_graph, *, shapes_path: Path = SHAPES_FILE) -> tuple[bool, list[Violation]]:
    import pyshacl
    import rdflib
    from rdflib.namespace import RDF, SH

    shapes = rdflib.Graph().parse(str(shapes_path), format="turtle")
    conforms, results, _text = pyshacl.validate(
        data_graph, shacl_graph=shapes, inference="none", abort_on_first=False, allow_warnings=True
    )
    prefixes = _prefixes()
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        violations.append(
            Violation(
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                focus=_shorten(results.value(result, SH.focusNode), prefixes),
                path=_path_text(results, results.value(result, SH.resultPath), prefixes),
                value=_shorten(results.value(result, SH.value), prefixes),
                message=messages[0] if messages else "does not conform",
                shape=_shorten(results.value(result, SH.sourceShape), prefixes),
            )
        )
    violations.sort(key=lambda v: (v.severity != "Violation", v.message, v.focus, v.path, v.value))
    return bool(conforms), violations


def validate_dir(out_dir: str | Path, *, shapes_path: Path = SHAPES_FILE) -> Report:
    from kg.query import graph_file

    path = graph_file(out_dir)
    graph = load_graph(path)
    conforms, violations = validate_graph(graph, shapes_path=shapes_path)
    return Report(conforms=conforms, violations=violations, graph_path=path, triples=len(graph))


def format_report(report: Report, *, limit: int = 50) -> str:
    if report.conforms:
        warn = f", {len(report.violations)} warning(s)" if report.violations else ""
        head = f"{report.graph_path}: conforms to the RDF contract ({report.triples} triples{warn})"
        return head + "\n" + "".join(v.line() + "\n" for v in report.violations[:limit])
    by_message = Counter(v.message for v in report.violations)
    lines = [f"{report.graph_path}: {len(report.violations)} violation(s) of the RDF contract ({report.triples} triples)"]
    lines += [v.line() for v in report.violations[:limit]]
    if len(report.violations) > limit:
        lines.append(f"... {len(report.violations) - limit} more (use --limit 0 to see all)")
    lines.append("summary:")
    lines += [f"  {n:5d}  {message}" for message, n in by_message.most_common()]
    return "\n".join(lines) + "\n"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out_dir", metavar="DIR", help="a build folder (graph.nt or graph.ttl), or a graph file")
    parser.add_argument("--shapes", metavar="FILE", default=str(SHAPES_FILE), help="SHACL shapes (default: ontology/shapes.ttl)")
    parser.add_argument("--limit", type=int, default=50, metavar="N", help="print at most N violations (0: all)")


def run(args) -> int:
    report = validate_dir(args.out_dir, shapes_path=Path(args.shapes))
    limit = args.limit if args.limit > 0 else len(report.violations)
    sys.stdout.write(format_report(report, limit=limit))
    return 0 if report.conforms else 1
