"""`kg validate DIR` (kg.cli.validate): every RDF file of a build against the RDF contract.

What is checked, and why this way:
- Each of graph.nt, graph.ttl and graph.jsonld present in DIR is parsed (Oxigraph's parsers: fast,
  and a damaged or cut-short file stops with one error naming the file, line and column). The
  JSON-LD parser has no document loader, so a remote @context is refused, never fetched.
- One of them (graph.nt, else graph.ttl, else graph.jsonld) is checked against the SHACL shapes;
  the others must hold exactly the same triples, compared by hash, without holding every triple
  of the corpus twice (triples with blank nodes, which kg never writes, are compared up to
  renaming).
- The SHACL engine is pyshacl-turbo (Rust, pySHACL-compatible reports), run without inference:
  the shapes check asserted types only, so what passes here is what users' SPARQL queries see.
  pySHACL took over 20 minutes on the 85k triples of the 178-article Guardian build (its SPARQL
  constraints are evaluated once per focus node, over the whole graph each time).
Violations print one per line, grouped by what is wrong. A graph with no triples is an error.
"""

from __future__ import annotations

import logging
import re
import sys
import tempfile
import threading
import tomllib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import (
    EmptyGraph,
    GraphSyntaxError,
    GraphUnreadable,
    OutputMissing,
    RemoteContextRefused,
)
from kg.filenames import GRAPH_NT, RDF_FILES
from kg.namespaces import curie, local_name
from kg.paths import DATA_DIR, ONTOLOGY_DIR

SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
MESSAGES_FILE = DATA_DIR / "shacl_messages.toml"
FORMATS = {".nt": "N_TRIPLES", ".ttl": "TURTLE", ".jsonld": "JSON_LD"}
EXAMPLES = 3  # differing triples shown per file


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
class Mismatch:
    """An RDF file of the build that does not hold the triples of the file that was validated."""

    path: Path
    reference: Path
    only_here: int
    missing: int
    examples: list[str]  # "only in graph.ttl: <s> <p> <o>" / "missing from graph.ttl: ..."

    def line(self) -> str:
        return (
            f"Violation: {self.path.name} does not hold the same triples as {self.reference.name}: "
            f"{self.only_here} only in {self.path.name}, {self.missing} missing from it"
        )


@dataclass(frozen=True)
class Report:
    conforms: bool
    violations: list[Violation]
    graph_path: Path
    triples: int
    also_checked: list[Path] = field(default_factory=list)  # files found to hold the same triples
    mismatches: list[Mismatch] = field(default_factory=list)


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


def _path_text(path_node, prefixes) -> str:
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


# ---------------------------------------------------------------- progress (a terminal only)


def _show_progress(progress: bool | None) -> bool:
    return sys.stderr.isatty() if progress is None else progress


@contextmanager
def _ticker(desc: str, enabled: bool):
    """Elapsed time on stderr while a step that reports no progress of its own runs."""
    if not enabled:
        yield
        return
    from tqdm import tqdm

    bar = tqdm(desc=desc, bar_format="{desc}: {elapsed}", file=sys.stderr, leave=False)
    stop = threading.Event()

    def tick() -> None:
        while not stop.wait(0.5):
            bar.refresh()

    thread = threading.Thread(target=tick, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        bar.close()


# ---------------------------------------------------------------- reading the build's files


def graph_files(out_dir: str | Path) -> list[Path]:
    """The RDF files to check: a graph file as given, or those of RDF_FILES (in that order) a
    build folder holds."""
    path = Path(out_dir)
    if path.is_file():
        return [path]
    found = [path / name for name in RDF_FILES if (path / name).is_file()]
    if not found:
        raise OutputMissing(str(out_dir), RDF_FILES[0])
    return found


def _format(path: Path):
    import pyoxigraph as ox

    return getattr(ox.RdfFormat, FORMATS.get(path.suffix, "TURTLE"))


def read_triples(path: Path, *, progress: bool = False) -> Iterator:
    """Each triple of `path` (a pyoxigraph Triple), as the file is read.

    Raises GraphSyntaxError (with the line) for a file that does not parse, RemoteContextRefused
    for JSON-LD that would need a remote context, GraphUnreadable when the file cannot be opened.
    """
    import pyoxigraph as ox
    from tqdm import tqdm

    try:
        size = path.stat().st_size
        raw = open(path, "rb")
    except OSError as exc:
        raise GraphUnreadable(str(path), exc.strerror or str(exc)) from None
    with (
        raw,
        tqdm.wrapattr(
            raw,
            "read",
            total=size,
            desc=f"reading {path.name}",
            unit="B",
            unit_scale=True,
            file=sys.stderr,
            leave=False,
            disable=not progress,
        ) as stream,
    ):
        try:
            for quad in ox.parse(stream, _format(path)):
                yield quad.triple
        except SyntaxError as exc:
            if "remote context" in str(exc).lower():
                raise RemoteContextRefused(str(path)) from None
            # Oxigraph's text repeats the position, which the error gives as line and column.
            problem = re.sub(r"^Parser error [^:]*: ", "", exc.msg)
            raise GraphSyntaxError(
                str(path), line=exc.lineno, column=exc.offset, problem=problem
            ) from None
        except OSError as exc:
            raise GraphUnreadable(str(path), exc.strerror or str(exc)) from None


@dataclass
class _Contents:
    """What a file holds, compactly: a hash per ground triple; triples with blank nodes as text
    (their labels are the parser's, so they compare only up to renaming; kg itself writes none)."""

    ground: set[int] = field(default_factory=set)
    blank: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ground) + len(set(self.blank))


def _has_blank(triple) -> bool:
    import pyoxigraph as ox

    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def _contents(
    path: Path,
    *,
    progress: bool,
    reference: _Contents | None = None,
    examples: list[str] | None = None,
) -> _Contents:
    contents = _Contents()
    for triple in read_triples(path, progress=progress):
        text = str(triple)
        if _has_blank(triple):
            contents.blank.append(text)
            continue
        key = hash(text)
        if (
            reference is not None
            and key not in reference.ground
            and key not in contents.ground
            and len(examples) < EXAMPLES
        ):
            examples.append(f"only in {path.name}: {text} .")
        contents.ground.add(key)
    return contents


def _isomorphic(ours: list[str], theirs: list[str]) -> bool:
    if not ours and not theirs:
        return True
    import rdflib
    from rdflib.compare import isomorphic

    def graph(lines: list[str]) -> rdflib.Graph:
        return rdflib.Graph().parse(data="".join(f"{line} .\n" for line in lines), format="nt")

    return isomorphic(graph(ours), graph(theirs))


def _compare(
    path: Path, reference: Path, expected: _Contents, *, progress: bool
) -> Mismatch | None:
    """None when `path` holds exactly the triples of `reference` (whose contents are `expected`)."""
    examples: list[str] = []
    found = _contents(path, progress=progress, reference=expected, examples=examples)
    extra = len(found.ground - expected.ground)
    missing = len(expected.ground - found.ground)
    if missing:
        # A second read of the reference, only when something is missing: no copy of it is kept.
        shown = 0
        for triple in read_triples(reference, progress=progress):
            text = str(triple)
            if not _has_blank(triple) and hash(text) not in found.ground:
                examples.append(f"missing from {path.name}: {text} .")
                shown += 1
                if shown == EXAMPLES:
                    break
    if not _isomorphic(found.blank, expected.blank):
        extra, missing = extra + len(set(found.blank)), missing + len(set(expected.blank))
        examples.append(
            f"the triples with blank nodes differ ({len(set(found.blank))} in {path.name}, "
            f"{len(set(expected.blank))} in {reference.name})"
        )
    if not extra and not missing:
        return None
    return Mismatch(
        path=path, reference=reference, only_here=extra, missing=missing, examples=examples
    )


# ---------------------------------------------------------------- SHACL


@contextmanager
def _quiet_rdflib():
    # rdflib logs a traceback for every ill-typed literal ("1.5 billion"^^xsd:decimal) it meets;
    # each is reported once, as a datatype violation, instead.
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _messages() -> dict[str, dict[str, str]]:
    return tomllib.loads(MESSAGES_FILE.read_text(encoding="utf-8"))


def _message(results, shapes, result, messages, prefixes) -> str:
    from rdflib.namespace import SH

    found = sorted(str(m) for m in results.objects(result, SH.resultMessage))
    shape = results.value(result, SH.sourceShape)
    has_own = shape is not None and (
        shapes.value(shape, SH.message) or results.value(shape, SH.message)
    )
    component = local_name(str(results.value(result, SH.sourceConstraintComponent)), str(SH)) or ""
    if found and (has_own or not found[0].startswith(component or "\0")):
        return found[0]
    # The engine's own text for a shape without sh:message names only the component: say what it
    # wants.
    generic = messages.get(component)
    if generic is None:
        return found[0] if found else "does not conform"
    parameter = None
    if shape is not None:
        parameter = results.value(shape, SH[generic["parameter"]]) or shapes.value(
            shape, SH[generic["parameter"]]
        )
    return generic["message"].format(
        _shorten(parameter, prefixes) if parameter is not None else "?"
    )


def _violations(results, shapes) -> list[Violation]:
    from rdflib.namespace import RDF, SH

    prefixes = _prefixes()
    messages = _messages()
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(result, SH.resultSeverity)
        violations.append(
            Violation(
                severity=(
                    local_name(str(severity), str(SH)) or str(severity) if severity else "Violation"
                ),
                focus=_shorten(results.value(result, SH.focusNode), prefixes),
                path=_path_text(results.value(result, SH.resultPath), prefixes),
                value=_shorten(results.value(result, SH.value), prefixes),
                message=_message(results, shapes, result, messages, prefixes),
                shape=_shorten(results.value(result, SH.sourceShape), prefixes),
            )
        )
    violations.sort(key=lambda v: (v.severity != "Violation", v.message, v.focus, v.path, v.value))
    return violations


def _shacl(data, *, data_format: str | None, shapes_path: Path) -> tuple[bool, list[Violation]]:
    """`data`: an rdflib graph, or the Path of a file (a str would be taken for a URL or for RDF
    text)."""
    import pyshacl_turbo
    import rdflib

    shapes = rdflib.Graph().parse(str(shapes_path), format="turtle")
    with _quiet_rdflib():
        conforms, results, _text = pyshacl_turbo.validate(
            data,
            data_graph_format=data_format,
            shacl_graph=shapes,
            inference="none",
            abort_on_first=False,
            allow_warnings=True,
        )
    return bool(conforms), _violations(results, shapes)


def validate_graph(data_graph, *, shapes_path: Path = SHAPES_FILE) -> tuple[bool, list[Violation]]:
    """SHACL check of an rdflib graph (small graphs; builds go through validate_dir)."""
    return _shacl(data_graph, data_format=None, shapes_path=shapes_path)


def validate_dir(
    out_dir: str | Path, *, shapes_path: Path = SHAPES_FILE, progress: bool | None = False
) -> Report:
    """Check every RDF file of a build folder (or one graph file); progress=None: on a terminal
    only."""
    import pyoxigraph as ox

    show = _show_progress(progress)
    files = graph_files(out_dir)
    checked, others = files[0], files[1:]
    contents = _contents(checked, progress=show)
    triples = len(contents)
    if not triples:
        raise EmptyGraph(str(checked))
    mismatches = [m for path in others if (m := _compare(path, checked, contents, progress=show))]
    del contents
    with _ticker(f"checking {triples} triples against the shapes", show):
        if checked.suffix == ".nt":
            conforms, violations = _shacl(checked, data_format="nt", shapes_path=shapes_path)
        else:
            # The SHACL engine reads N-Triples from Oxigraph's parser: no second parser (and no
            # JSON-LD document loader) between the file and the check.
            with tempfile.TemporaryDirectory(prefix="kg-validate-") as tmp:
                nt = Path(tmp) / GRAPH_NT
                ox.serialize(
                    (q.triple for q in ox.parse(path=str(checked), format=_format(checked))),
                    output=str(nt),
                    format=ox.RdfFormat.N_TRIPLES,
                )
                conforms, violations = _shacl(nt, data_format="nt", shapes_path=shapes_path)
    return Report(
        conforms=conforms and not mismatches,
        violations=violations,
        graph_path=checked,
        triples=triples,
        also_checked=[p for p in others if all(m.path != p for m in mismatches)],
        mismatches=mismatches,
    )


def format_report(report: Report, *, limit: int = 50) -> str:
    same = [f"{p.name} holds the same triples" for p in report.also_checked]
    tail = "".join(f"{line}\n" for line in same)
    if report.conforms:
        warn = f", {len(report.violations)} warning(s)" if report.violations else ""
        head = f"{report.graph_path}: conforms to the RDF contract ({report.triples} triples{warn})"
        return head + "\n" + tail + "".join(v.line() + "\n" for v in report.violations[:limit])
    by_message = Counter(v.message for v in report.violations)
    count = len(report.violations) + len(report.mismatches)
    lines = [
        f"{report.graph_path}: {count} violation(s) of the RDF contract ({report.triples} triples)"
    ]
    lines += same
    for mismatch in report.mismatches:
        lines.append(mismatch.line())
        lines += [f"  {example}" for example in mismatch.examples]
    lines += [v.line() for v in report.violations[:limit]]
    if len(report.violations) > limit:
        lines.append(f"... {len(report.violations) - limit} more (use --limit 0 to see all)")
    if report.violations:
        lines.append("summary:")
        lines += [f"  {n:5d}  {message}" for message, n in by_message.most_common()]
    return "\n".join(lines) + "\n"
