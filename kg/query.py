"""SPARQL (or a canned query shipped in kg/queries) on a build: `kg query` (kg.cli.query).

Queries run on Oxigraph (pyoxigraph); rdflib stays available as a second engine so tests and the
benchmark can check that both give the same answers. `run_query` is the Python entry point.

Canned queries are plain SPARQL files. The first comment line is the description; lines
`# param NAME: help` declare optional parameters. A parameter is a line
`VALUES ?param_NAME { UNDEF }` in the query, so the file stays valid SPARQL as it is (the filter
is off when the value is UNDEF); `--param NAME=VALUE` replaces UNDEF with an escaped literal.

Two more conventions keep the canned queries fast on large graphs and still plain SPARQL:

- A line starting `#+NAME ` is a comment in the file and becomes that line's SPARQL (the prefix
  removed) when parameter NAME is given; a line ending `#-NAME` is dropped when NAME is given
  (ending `#-A #-B`: when A or B is).
  So the file as it is runs the fast shape for "no parameter", and a given name switches to the
  shape that binds the matching actors first and joins them to the facts (one generic query
  with `FILTER(!BOUND(?param) || ...)` would check every row, or match every name).
- A line ending `#-any` is dropped when any parameter is given, except `from`. The no-parameter
  shape of the queries ordered newest first keeps `FILTER (?newest <= N) # first rows`: the
  positions newest first (kg:newestFirst, kg:sourceNewestFirst, stored by the build) of the first
  N rows, so the store sorts N nodes instead of every fact (seconds on 1M triples); `--limit`
  changes N, `--limit 0` drops the filter. (In memory a range FILTER on the positions beats a
  `VALUES` list of them: Oxigraph hash-joins a VALUES list with whole patterns. On the on-disk
  store the list is the faster, and `for_engine` writes it there.) `from` (on or after a
  day) keeps that shape: in an order newest first, the rows on or after a day are a prefix of it,
  so the first N rows within `from` are among the first N positions (undated rows, last, fail the
  filter anyway).
- The clause `LIMIT N # rows` is the query's row limit (100 for the interactive queries):
  `--limit N` changes it and `--limit 0` removes it (every row). A query may repeat it with the
  same N (a subquery that ranks, then the final cut); all change together.
- A line `# values NAME: a b c` lists the values parameter NAME accepts (case-insensitive); any
  other value is refused with the list (kg.errors.UnknownChoice). `# values NAME: YYYY-MM-DD`
  accepts an ISO date.
- A comment line `# window ?POS` (in a query ordered by ?POS, a stored position, first) becomes
  `FILTER (?POS <= W)` for the smallest window W, 4 or 32 times the row limit, that holds a full
  page of rows (`window_candidates`); as a comment it filters nothing, so the query as it is still
  gives the same rows, only slower. `run_canned` and `kg query` run each window's query in turn
  and keep the first whose rows fill a page (`window_candidates`), with no counting query.
- A table a row limit cut says how many rows it left out, counted up to TABLE_COUNT_AT_MOST
  (`count_canned`): the query without its ORDER BYs and its lines ending `#-count` (patterns the
  shapes give exactly one match, which add columns, not rows), cut at that many rows; or, for a
  query with the header line `# count by limit` (rows made by grouping, which an unordered count
  cannot stop early), the query itself with its row limit raised to that many.
- A group `{ # lookup ?VAR` ... `} # end lookup` is a subquery that finds a few nodes (the actors
  matching a name, the strongest co-occurrence pairs). `run_canned` (what `kg query --name` runs)
  runs it alone first and replaces it with `VALUES ?VAR { <iri> ... }` before running the query:
  Oxigraph then starts from those nodes instead of scanning every fact. The IRIs come from the store
  and are re-serialised by pyoxigraph (which validates them), never pasted from user input. The
  query as `bind` returns it gives the same rows in one request, in any store.
"""

from __future__ import annotations

import io
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from kg.errors import OutputMissing, QueryError, QueryFileRefused, QueryRefused, UnknownChoice
from kg.filenames import QUERYABLE_FILES
from kg.namespaces import IRIS, curie
from kg.paths import QUERIES_DIR
from kg.safe_text import for_terminal, for_xml
from kg.sparql_guard import check_query, default_limits

ENGINES = ("oxigraph", "rdflib")
FORMATS = ("table", "csv", "tsv", "json", "xml")
DEFAULT_TIMEOUT_S = 30

_PARAM_LINE = re.compile(r"^#\s*param\s+([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)$")
_VALUES_LINE = re.compile(r"^#\s*values\s+([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)$")
ISO_DATE = "YYYY-MM-DD"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WITH_LINE = re.compile(r"^([ \t]*)#\+([A-Za-z_][A-Za-z0-9_]*) ?(.*)$", re.M)
# A line ending with one or more `#-NAME` markers: dropped when any of those parameters is given.
_WITHOUT_LINE = re.compile(r"^.*?((?:#-[A-Za-z_][A-Za-z0-9_]*[ \t]*)+)\n", re.M)
_WITHOUT_MARKER = re.compile(r"#-([A-Za-z_][A-Za-z0-9_]*)")
_ROW_LIMIT = re.compile(r"LIMIT\s+(\d+)([ \t]*#[ \t]*rows\b)", re.I)
T = TypeVar("T")  # what a window's query gives (first_full_window)

_FIRST_ROWS = re.compile(r"FILTER\s*\(\s*\?(\w+)\s*<=\s*(\d+)\s*\)([ \t]*#[ \t]*first rows\b)")
ANY_PARAMETER = "any"  # `#-any`: the line is dropped when any parameter but these is given
# `#-count`: the line is dropped from the query that counts a cut table's rows: a pattern the shapes
# guarantee one match for (an actor's one name, a pair's other actor), which adds columns, not rows.
COUNTING = "count"
COUNT_BY_LIMIT = "# count by limit"
# Parameters that keep a prefix of the newest-first order (rows on or after a day): the first N
# positions still hold the first N rows.
PREFIX_PARAMETERS = frozenset({"from"})
_LOOKUP = re.compile(
    r"^[ \t]*\{[ \t]*# lookup \?([A-Za-z_][A-Za-z0-9_]*)[^\n]*\n"
    r"(.*?)\n[ \t]*\}[ \t]*# end lookup[^\n]*",
    re.S | re.M,
)
_NO_NODE = "<urn:kg:lookup:nothing-found>"
# A lookup's VALUES list longer than this stays a subquery: well under the guard's 1 MB query limit
# (kg/queries/limits.toml) whatever the corpus size.
LOOKUP_MAX_BYTES = 250_000
_PREFIX_LINE = re.compile(r"^[ \t]*PREFIX[ \t]+[^\n]*$", re.M | re.I)


@dataclass(frozen=True)
class CannedQuery:
    name: str
    description: str
    text: str
    params: dict[str, str] = field(default_factory=dict)  # name -> help
    limit: int | None = (
        None  # the default row limit (`LIMIT N # rows`), None when the query has none
    )
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name -> accepted values
    # `# count by limit`: a cut table's bounded count runs the query with its limit raised, as its
    # rows come from grouping (one per claim, per donor) that an unordered count cannot cut short.
    count_by_limit: bool = False

    def check_value(self, name: str, value: str) -> None:
        """Raise UnknownChoice unless `value` is one parameter `name` accepts."""
        accepted = self.values.get(name)
        if not accepted:
            return
        if accepted == (ISO_DATE,):
            if not _ISO_DATE.match(value) or not _is_date(value):
                raise QueryError(
                    f"--param {name}={value!r}: give a date as YYYY-MM-DD, e.g. 2022-03-01"
                )
        elif value.casefold() not in accepted:
            raise UnknownChoice(
                value,
                list(accepted),
                what=f"a {name} of canned query {self.name!r} (--param {name})",
            )

    def bind(
        self, values: dict[str, str], limit: int | None = None, *, counting: bool = False
    ) -> str:
        """The query text with each given parameter substituted as a safely escaped literal.

        `#+NAME` lines are used and `#-NAME` lines dropped for given parameters; `limit` replaces
        the query's row limit (0: no limit, every row; None: the query's own); `counting` drops
        the `#-count` lines (the same number of rows, fewer columns)."""
        unknown = sorted(set(values) - set(self.params))
        if unknown:
            known = ", ".join(sorted(self.params)) or "none"
            raise QueryError(
                f"canned query {self.name!r} has no parameter {unknown[0]!r} (parameters: {known})"
            )
        if limit is not None and limit < 0:
            raise QueryError(f"--limit must be 0 (every row) or more, not {limit}")
        for name, value in values.items():
            self.check_value(name, value)
        text = _WITH_LINE.sub(
            lambda m: m.group(1) + m.group(3) if m.group(2) in values else m.group(0), self.text
        )
        given = set(values) | ({ANY_PARAMETER} if set(values) - PREFIX_PARAMETERS else set())
        given |= {COUNTING} if counting else set()
        text = _WITHOUT_LINE.sub(
            lambda m: "" if set(_WITHOUT_MARKER.findall(m.group(1))) & given else m.group(0), text
        )
        if limit is not None:
            text = _ROW_LIMIT.sub(
                lambda m: "" if limit == 0 else f"LIMIT {limit}{m.group(2)}", text
            )
            text = _FIRST_ROWS.sub(lambda m: _first_rows(m, limit), text)
        for name, value in values.items():
            text = _values_placeholder(name).sub(
                lambda _m, v=value, n=name: f"VALUES ?param_{n} {{ {sparql_literal(v)} }}", text
            )
        return text


def _first_rows(match: re.Match, limit: int) -> str:
    """`FILTER (?newest <= limit) # first rows`; no filter at all (every row) for limit 0, the
    comment kept (what follows it on the line stays a comment)."""
    if limit == 0:
        return match.group(3)
    return f"FILTER (?{match.group(1)} <= {limit}){match.group(3)}"


def _is_date(text: str) -> bool:
    from datetime import date

    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _values_placeholder(name: str) -> re.Pattern:
    return re.compile(r"VALUES\s+\?param_" + re.escape(name) + r"\s*\{\s*UNDEF\s*\}")


def sparql_literal(value: str) -> str:
    """A SPARQL string literal for any text: nothing in `value` can end the literal early."""
    escaped = (
        value.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    return f'"{escaped}"'


def parse_canned(name: str, text: str) -> CannedQuery:
    lines = text.splitlines()
    if not lines or not lines[0].startswith("#"):
        raise QueryError(f"canned query {name!r} must start with a '# description' comment line")
    description = lines[0].lstrip("#").strip()
    params: dict[str, str] = {}
    values: dict[str, tuple[str, ...]] = {}
    for line in lines[1:]:
        if not line.startswith("#"):
            break
        match = _PARAM_LINE.match(line)
        if match:
            params[match.group(1)] = match.group(2).strip()
        if match := _VALUES_LINE.match(line):
            values[match.group(1)] = tuple(
                v.casefold() if v != ISO_DATE else v for v in match.group(2).split()
            )
    for param in values:
        if param not in params:
            raise QueryError(f"canned query {name!r} lists values of {param!r}, no parameter of it")
    for param in params:
        # Usually one; a lookup repeated in two subqueries (which do not see each other's
        # variables) repeats its parameter.
        if not _values_placeholder(param).findall(text):
            raise QueryError(
                f"canned query {name!r} declares {param!r} but has no "
                f"`VALUES ?param_{param} {{ UNDEF }}`"
            )
    marked_lines = [(m, [m.group(2)]) for m in _WITH_LINE.finditer(text)] + [
        (m, _WITHOUT_MARKER.findall(m.group(1))) for m in _WITHOUT_LINE.finditer(text)
    ]
    for marked, markers in marked_lines:
        for marker in markers:
            if marker not in params and not (
                marked.re is _WITHOUT_LINE and marker in (ANY_PARAMETER, COUNTING)
            ):
                raise QueryError(
                    f"canned query {name!r} marks a line for {marked.group(0).strip()!r} "
                    "but has no such parameter"
                )
    # Several `LIMIT N # rows` may stand in a query (a subquery that ranks before joining names, the
    # final cut); --limit changes them all, so they must agree.
    limits = {int(n) for n, _ in _ROW_LIMIT.findall(text)}
    if len(limits) > 1:
        raise QueryError(
            f"canned query {name!r} has `LIMIT N # rows` clauses with different N: {sorted(limits)}"
        )
    limit = limits.pop() if limits else None
    for first in _FIRST_ROWS.finditer(text):
        if int(first.group(2)) != limit:
            raise QueryError(
                f"canned query {name!r}: `FILTER (?{first.group(1)} <= N) # first rows` must "
                f"have N = {limit}, the row limit"
            )
    return CannedQuery(
        name=name,
        description=description,
        text=text,
        params=params,
        limit=limit,
        values=values,
        count_by_limit=any(line.strip() == COUNT_BY_LIMIT for line in lines[1:]),
    )


def canned_queries(folder: Path = QUERIES_DIR) -> dict[str, CannedQuery]:
    """Every canned query, by name (the file name without .rq), sorted by name."""
    files = sorted(folder.glob("*.rq"))
    return dict(_parsed(tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)))


@lru_cache(maxsize=4)
def _parsed(files: tuple[tuple[str, int, int], ...]) -> tuple[tuple[str, CannedQuery], ...]:
    # Parsed once while the files are unchanged: parsing them all was 2 ms of every canned query.
    return tuple(
        (Path(path).stem, parse_canned(Path(path).stem, Path(path).read_text(encoding="utf-8")))
        for path, _, _ in files
    )


def canned_query(name: str) -> CannedQuery:
    queries = canned_queries()
    if name not in queries:
        raise UnknownChoice(
            name, list(queries), what="a canned query", hint=" (`kg query --list` describes them)"
        )
    return queries[name]


# ------------------------------------------------------------------ loading


def graph_file(out_dir: str | Path) -> Path:
    """The graph of a build folder (graph.nt, else graph.ttl); a graph file is taken as it is."""
    path = Path(out_dir)
    if path.is_file():
        return path
    for name in QUERYABLE_FILES:  # graph.nt first: it parses several times faster
        if (path / name).is_file():
            return path / name
    raise OutputMissing(str(out_dir), QUERYABLE_FILES[0])


def _file_key(path: Path) -> tuple[str, int, int]:
    # Reload when the file changes (a rebuild), reuse otherwise: loading dominates small queries.
    stat = path.stat()
    return (str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def _rdf_format(path: Path):
    import pyoxigraph

    return pyoxigraph.RdfFormat.N_TRIPLES if path.suffix == ".nt" else pyoxigraph.RdfFormat.TURTLE


@lru_cache(maxsize=4)
def _oxigraph_store(key: tuple[str, int, int]):
    import pyoxigraph

    path = Path(key[0])
    store = pyoxigraph.Store()
    store.bulk_load(path=str(path), format=_rdf_format(path))
    return store


@lru_cache(maxsize=2)
def _rdflib_graph(key: tuple[str, int, int]):
    import rdflib

    path = Path(key[0])
    return rdflib.Graph().parse(str(path), format="nt" if path.suffix == ".nt" else "turtle")


def oxigraph_store(out_dir: str | Path):
    """The build's graph as a pyoxigraph Store: its on-disk store opened read-only when the build
    has one that matches graph.nt (kg.store), else graph.nt loaded into memory. Cached until the
    file changes."""
    key = _file_key(graph_file(out_dir))
    stored = _persistent_store(key)
    return stored if stored is not None else _oxigraph_store(key)


@lru_cache(maxsize=4)
def _persistent_store(key: tuple[str, int, int]):
    from kg.store import open_read_only

    return open_read_only(Path(key[0]))


def rdflib_graph(out_dir: str | Path):
    return _rdflib_graph(_file_key(graph_file(out_dir)))


# ------------------------------------------------------------------ running


def _to_rdflib(term):
    """A pyoxigraph term as the equal rdflib term, so callers see one term type whatever the
    engine."""
    import pyoxigraph
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == _XSD_STRING:
            return Literal(term.value)
        return _typed_literal(term.value, datatype)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    raise QueryError(f"unsupported result term {term!r}")


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@lru_cache(maxsize=4096)
def _typed_literal(value: str, datatype: str):
    # rdflib parses a typed literal's value (a date, a decimal) at every Literal made: 100 rows of
    # evidence took 7 ms to convert, 2 ms with the repeated dates and numbers made once.
    from rdflib import Literal, URIRef

    return Literal(value, datatype=URIRef(datatype))


def oxigraph_results(out_dir: str | Path, sparql: str, *, allow_service: bool = False):
    """Raw pyoxigraph results (QuerySolutions, QueryBoolean or QueryTriples), once the query passed
    `kg.sparql_guard.check_query` (QueryRefused otherwise)."""
    check_query(sparql, allow_service=allow_service)
    store = oxigraph_store(out_dir)
    try:
        return store.query(sparql)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None


def run_query(
    out_dir: str | Path,
    sparql: str,
    *,
    engine: str = "oxigraph",
    allow_service: bool = False,
) -> tuple[list[str], list[tuple]]:
    """Run a SELECT (or ASK) query on the build in `out_dir`.

    Returns (variable names without '?', rows); each row is a tuple of rdflib terms, None where a
    variable is unbound. ASK gives (["boolean"], [(Literal(True or False),)]). A query that could
    crash the engine, or that asks for a SERVICE (unless `allow_service`), raises QueryRefused. The
    query runs in this process without a time limit; `kg query` runs it in a child process it can
    stop.
    """
    if engine == "oxigraph":
        return _run_oxigraph(out_dir, sparql, allow_service)
    if engine == "rdflib":
        check_query(sparql, allow_service=allow_service)  # rdflib would fetch a SERVICE too
        return _run_rdflib(out_dir, sparql)
    raise QueryError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")


def _run_oxigraph(out_dir, sparql, allow_service):
    import pyoxigraph
    from rdflib import Literal

    results = oxigraph_results(out_dir, sparql, allow_service=allow_service)
    if isinstance(results, pyoxigraph.QueryBoolean):
        return ["boolean"], [(Literal(bool(results)),)]
    if not isinstance(results, pyoxigraph.QuerySolutions):
        raise QueryError(
            "run_query answers SELECT and ASK queries; use `kg query` for CONSTRUCT/DESCRIBE"
        )
    variables = [v.value for v in results.variables]
    try:
        rows = [
            tuple(_to_rdflib(solution[i]) for i in range(len(variables))) for solution in results
        ]
    except OSError as exc:  # Oxigraph evaluates while the results are read: its errors come here
        raise QueryError(f"query failed: {exc}") from None
    return variables, rows


def _run_rdflib(out_dir, sparql):
    from rdflib import Literal

    graph = rdflib_graph(out_dir)
    try:
        result = graph.query(sparql)
    except Exception as exc:  # rdflib raises pyparsing errors of several types
        raise QueryError(f"SPARQL error: {exc}") from None
    if result.type == "ASK":
        return ["boolean"], [(Literal(bool(result.askAnswer)),)]
    if result.type != "SELECT":
        raise QueryError(
            "run_query answers SELECT and ASK queries; use `kg query` for CONSTRUCT/DESCRIBE"
        )
    variables = [str(v) for v in result.vars]
    return variables, [tuple(row) for row in result]


def run_canned(
    out_dir: str | Path,
    name: str,
    params: dict[str, str] | None = None,
    limit: int | None = None,
    *,
    engine: str = "oxigraph",
) -> tuple[list[str], list[tuple]]:
    """Run canned query `name` as `kg query --name` does: (variables, rows) as `run_query` returns
    them.

    Each `# lookup` block runs first on its own; its nodes replace it as a VALUES list (see the
    module docstring). The rows are those of `canned_query(name).bind(params, limit=limit)` run in
    one go."""
    sparql = lookups_resolved(
        out_dir, canned_query(name).bind(params or {}, limit=limit), engine=engine
    )

    def rows_of(candidate: str) -> tuple[tuple[list[str], list[tuple]], int]:
        variables, rows = run_query(out_dir, candidate, engine=engine)
        return (variables, rows), len(rows)

    return first_full_window(out_dir, sparql, rows_of, engine=engine)


def first_full_window(
    out_dir: str | Path,
    sparql: str,
    run: Callable[[str], tuple[T, int | None]],
    *,
    engine: str = "oxigraph",
) -> T:
    """`run(query)`'s result for the first of `sparql`'s window candidates (`window_candidates`,
    each as it runs fastest on `engine`) whose rows fill a page, else for the query with no window.

    A window that holds a full page holds the first rows (`window_candidates`): its rows are the
    answer, with no counting query run first to find that out. `run` gives its result and the
    number of rows in it (None: not rows)."""
    *windowed, whole = [for_engine(out_dir, c, engine=engine) for c in window_candidates(sparql)]
    page = page_size(sparql)
    for candidate in windowed:
        result, rows = run(candidate)
        if rows is not None and rows >= page:
            return result
    return run(whole)[0]


_POSITIONS = re.compile(r"FILTER\s*\(\s*\?(\w+)\s*<=\s*(\d+)\s*\)(?=[ \t]*#[ \t]*first rows\b)")
# A `# first rows` filter that only narrows where another one finds the rows (the documents holding
# the first N evidences): in memory, reading every document's position is cheaper than every
# evidence's; on the store, the other filter's VALUES list is looked up directly and a second list
# joined with it tripled the time (10M triples).
_IN_MEMORY_ONLY = re.compile(
    r"FILTER\s*\(\s*\?\w+\s*<=\s*\d+\s*\)(?=[ \t]*#[ \t]*first rows, in memory only\b)"
)


def on_disk(out_dir: str | Path) -> bool:
    """Whether queries on `out_dir` run on its on-disk store (kg.store), not on graph.nt loaded into
    memory."""
    return _persistent_store(_file_key(graph_file(out_dir))) is not None


def for_engine(out_dir: str | Path, sparql: str, *, engine: str = "oxigraph") -> str:
    """A canned query's text as it runs fastest where it runs; the same rows.

    On Oxigraph each OPTIONAL becomes a LATERAL one (`lateral_optionals`). On the on-disk store a
    `FILTER (?POS <= N) # first rows, in memory only` is dropped, and each other
    `FILTER (?POS <= N) # first rows` becomes `VALUES ?POS { 1 2 ... N }`:
    the store then looks up N stored positions in its index, where the FILTER reads every position
    of the graph, and a read on disk costs several times one in memory (on 10M triples, 4 ms against
    125 ms for the first 100 reports). In memory the FILTER is the faster (8 ms against 14 ms at 1M
    triples: Oxigraph hash-joins the list with every position). A `# window` stays a FILTER: joined
    with an actor's facts, a list of 400 positions made Oxigraph start from the positions (0.5 s
    against 0.08 s at 1M triples)."""
    if engine != "oxigraph":
        return sparql
    sparql = lateral_optionals(sparql)
    if not on_disk(out_dir):
        return sparql
    sparql = _IN_MEMORY_ONLY.sub("", sparql)
    return _POSITIONS.sub(
        lambda m: f"VALUES ?{m.group(1)} {{ {' '.join(map(str, range(1, int(m.group(2)) + 1)))} }}",
        sparql,
    )


_OPTIONAL = re.compile(r"(?<![\w:?$-])OPTIONAL\s*\{", re.I)


def lateral_optionals(sparql: str) -> str:
    """Each outermost `OPTIONAL { ... }` of `sparql` as `LATERAL { OPTIONAL { ... } }`: the same
    rows, looked up for each row before it.

    Oxigraph evaluates an OPTIONAL as a hash join: it reads every match of the optional pattern
    (every document's headline, every fact's text) to join them with a page of 100 rows; on 10M
    triples on disk that made a one-row query take a quarter of a second. LATERAL (Oxigraph's
    SPARQL extension, SEP-0006) evaluates the group once per row with the row's values in place:
    for a group of triple patterns (as in the canned queries), the left join's own rows. rdflib
    has no LATERAL: only Oxigraph's text is rewritten. Braces in comments, strings and IRIs are
    skipped."""
    from kg.sparql_guard import skipped_spans

    code = list(sparql)  # the text with what is not code blanked, positions kept
    for start, end in skipped_spans(sparql):
        code[start:end] = " " * (end - start)
    code_text = "".join(code)
    out, done = [], 0
    for match in _OPTIONAL.finditer(code_text):
        if match.start() < done:
            continue
        depth, i = 0, match.end() - 1
        while i < len(code_text):
            depth += {"{": 1, "}": -1}.get(code_text[i], 0)
            if depth == 0:
                break
            i += 1
        else:
            return sparql  # unbalanced: left for the parser to report
        out += [sparql[done : match.start()], "LATERAL { ", sparql[match.start() : i + 1], " }"]
        done = i + 1
    return "".join(out) + sparql[done:]


def count_canned(
    out_dir: str | Path,
    name: str,
    params: dict[str, str] | None = None,
    *,
    engine: str = "oxigraph",
    at_most: int | None = None,
) -> int:
    """How many rows canned query `name` has with `params` and no row limit: what a cut table
    reports as "100 of N rows". With `at_most`, counting stops past it (`at_most` + 1 is
    returned for "more than `at_most`"): on a 10M-triple build, counting every row of a frequent
    name took 1-4 s, several times the query itself."""
    canned = canned_query(name)
    if at_most is not None and canned.count_by_limit:
        return len(run_canned(out_dir, name, params or {}, at_most + 1, engine=engine)[1])
    query = canned.bind(params or {}, limit=0, counting=at_most is not None)
    sparql = lookups_resolved(out_dir, query, engine=engine)
    if engine == "oxigraph":  # the same rows, the optional patterns looked up per row
        sparql = lateral_optionals(sparql)
    if at_most is not None:
        sparql = unordered(sparql)
    return count_rows(out_dir, sparql, engine=engine, at_most=at_most)


_ORDER_LINE = re.compile(r"^[ \t]*ORDER BY\b[^\n]*$", re.M)
_SLICE = re.compile(r"\b(?:LIMIT|OFFSET)\b", re.I)
_SLICE_NEXT = re.compile(r"\s*(?:LIMIT|OFFSET)\b", re.I)


def unordered(sparql: str) -> str:
    """`sparql` without the ORDER BY lines that only order (no LIMIT or OFFSET on or after them):
    the same rows, which a count need not sort."""
    out, done = [], 0
    for match in _ORDER_LINE.finditer(sparql):
        if _SLICE.search(match.group()) or _SLICE_NEXT.match(sparql, match.end()):
            continue
        out += [sparql[done : match.start()]]
        done = match.end()
    return "".join(out) + sparql[done:]


def count_rows(
    out_dir: str | Path, sparql: str, *, engine: str = "oxigraph", at_most: int | None = None
) -> int:
    """The number of rows of SELECT query `sparql` on the build (run as a subquery of a COUNT);
    with `at_most`, at most `at_most` + 1."""
    prefixes = "\n".join(_PREFIX_LINE.findall(sparql))
    body = _PREFIX_LINE.sub("", sparql)
    if at_most is not None:
        body = f"SELECT * WHERE {{\n{{\n{body}\n}}\n}}\nLIMIT {at_most + 1}"
    counting = f"{prefixes}\nSELECT (COUNT(*) AS ?kg_rows) WHERE {{\n{{\n{body}\n}}\n}}"
    if engine == "oxigraph":  # the number read as it is, with no rdflib term (see _lookup_iris)
        try:
            return sum(int(s[0].value) for s in oxigraph_results(out_dir, counting))
        except OSError as exc:
            raise QueryError(f"query failed: {exc}") from None
    rows = run_query(out_dir, counting, engine=engine)[1]
    return int(rows[0][0].toPython()) if rows else 0


TABLE_COUNT_AT_MOST = 1000  # a cut table counts the rows it left out up to this many


def cut_note(shown: int, total: int) -> str:
    """The footer of a table a row limit cut: "100 of 159 rows (--limit 0 for all)", or "100 of
    more than 1000 rows" for a count stopped at TABLE_COUNT_AT_MOST."""
    of = f"more than {TABLE_COUNT_AT_MOST}" if total > TABLE_COUNT_AT_MOST else str(total)
    return f"{shown} of {of} rows (--limit 0 for all)"


_WINDOW = re.compile(
    r"^([ \t]*)# window \?([A-Za-z_][A-Za-z0-9_]*)\b(?:[ \t]+scale[ \t]+(\d+)\b)?[^\n]*$", re.M
)
WINDOW_FACTORS = (4, 32)  # windows of 4 and 32 times the row limit (times its scale), then none


def page_size(sparql: str) -> int:
    """The smallest row limit (`LIMIT N # rows`) of `sparql`; 0 when it has none."""
    return min((int(n) for n, _ in _ROW_LIMIT.findall(sparql)), default=0)


def window_candidates(sparql: str) -> list[str]:
    """`sparql` with its `# window ?POS` line made `FILTER (?POS <= W)` for each window W, smallest
    first, then `sparql` itself (no window, every position): the queries to try in turn, the first
    that yields a full page giving the rows (`first_full_window`). Just `[sparql]` when it has no
    window or no row limit.

    The rows of such a query are ordered by ?POS first (a stored position, newest first), so every
    row of a position within W sorts before every row beyond it: when the window holds at least
    LIMIT rows, they are the first LIMIT rows of the whole query. Unlike `# first rows`, a position
    may have no row at all (a claim that mentions no one).

    `# window ?POS scale K` multiplies the windows by K: for positions of which a page holds K
    times more than of the query's usual positions (evidence, seven to a document, where a window
    was over documents)."""
    limit = page_size(sparql)
    if _WINDOW.search(sparql) is None or not limit:
        return [sparql]
    return [
        _WINDOW.sub(
            lambda m, f=factor: (
                f"{m.group(1)}FILTER (?{m.group(2)} <= {limit * f * int(m.group(3) or 1)}) # window"
            ),
            sparql,
        )
        for factor in WINDOW_FACTORS
    ] + [sparql]


def lookups_resolved(out_dir: str | Path, sparql: str, *, engine: str = "oxigraph") -> str:
    """`sparql` with each `{ # lookup ?VAR ... } # end lookup` block replaced by `VALUES ?VAR { ...
    }` holding the nodes the block finds in the build. Identical blocks (up to the variable's name
    and indentation) run once. A `# window` line stays for the caller (`first_full_window`)."""
    prefixes = "\n".join(_PREFIX_LINE.findall(sparql))
    found: dict[str, list[str] | None] = {}

    def replace(match: re.Match) -> str:
        var, inner = match.group(1), match.group(2)
        # One key for blocks that differ only in the variable's name and their indentation.
        key = re.sub(r"\?" + re.escape(var) + r"\b", "?lookup", inner)
        key = "\n".join(line.strip() for line in key.splitlines())
        if key not in found:
            lookup = f"{prefixes}\nSELECT ?lookup WHERE {{\n{key}\n}}"
            found[key] = _lookup_iris(out_dir, lookup, engine=engine)
        iris = found[key]
        if iris is None:  # a node that is not an IRI (a blank node): keep the block, same rows
            return match.group(0)
        if sum(len(iri) + 1 for iri in iris) > LOOKUP_MAX_BYTES:
            # So many nodes (a large corpus) that the list would make the query too long for the
            # guard (kg.sparql_guard max_bytes): keep the block, same rows, only slower.
            return match.group(0)
        # nothing found: an IRI no build holds, so no rows (rdflib cannot parse an empty VALUES
        # list)
        return f"VALUES ?{var} {{ {' '.join(iris) or _NO_NODE} }}"

    return _LOOKUP.sub(replace, sparql)


def _lookup_iris(out_dir: str | Path, lookup: str, *, engine: str) -> list[str] | None:
    """The IRIs (`<...>`) query `lookup` finds, as `_iris` gives them. On Oxigraph they are read
    from its terms as they are: converting them to rdflib terms imported rdflib, a third of a
    second of every `kg query` with a name."""
    if engine != "oxigraph":
        return _iris(run_query(out_dir, lookup, engine=engine)[1])
    import pyoxigraph

    out: dict[str, None] = {}
    try:
        for solution in oxigraph_results(out_dir, lookup):
            term = solution[0]
            if not isinstance(term, pyoxigraph.NamedNode):
                return None
            out[str(term)] = None  # N-Triples form, as pyoxigraph validated it
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None
    return list(out)


def _iris(rows: list[tuple]) -> list[str] | None:
    """The first column as SPARQL IRIs (`<...>`), each validated and serialised by pyoxigraph; None
    when a value is not an IRI. Duplicates dropped, order kept."""
    import pyoxigraph
    from rdflib import URIRef

    out: dict[str, None] = {}
    for row in rows:
        term = row[0]
        if not isinstance(term, URIRef):
            return None
        try:
            out[str(pyoxigraph.NamedNode(str(term)))] = None
        except ValueError:
            return None
    return list(out)


# ------------------------------------------------------------------ output


TABLE_CELL_WIDTH = (
    60  # longer texts are cut in the table format (IRIs never; csv, tsv, json and xml keep all)
)


def _cut(text: str, width: int | None) -> str:
    return text if width is None or len(text) <= width else text[: width - 3] + "..."


def _cell(term) -> tuple[str, bool]:
    """(text, whether a literal) of a pyoxigraph term: a literal as its text, an IRI shortened with
    the contract's prefixes. Printed from pyoxigraph's own terms, `kg query` needs no rdflib (0.18 s
    of every call to import)."""
    import pyoxigraph

    if term is None:
        return "", False
    if isinstance(term, pyoxigraph.NamedNode):
        return curie(term.value, IRIS), False
    if isinstance(term, pyoxigraph.Literal):
        return term.value, True
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}", False
    raise QueryError(f"unsupported result term {term!r}")


def format_table(
    variables: list[str],
    rows: list[tuple],
    *,
    width: int | None = TABLE_CELL_WIDTH,
    total: int | None = None,
) -> str:
    """A plain aligned text table of rows of pyoxigraph terms (as Oxigraph returns them); literals
    as their text, IRIs shortened with the contract's prefixes, literals longer than `width`
    characters cut with "..." (None: whole; IRIs are never cut)."""
    cells = [[_cell(t) for t in row] for row in rows]
    # A cell is cut before it is escaped, so an escape is never cut in half.
    shown = [
        [
            for_terminal(_cut(text.replace("\n", " "), width if literal else None))
            for text, literal in row
        ]
        for row in cells
    ]
    widths = [max([len(v)] + [len(r[i]) for r in shown]) for i, v in enumerate(variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(variables, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in shown]
    if total is not None and total > len(cells):
        lines.append(cut_note(len(cells), total))
    else:
        lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines) + "\n"


class _CappedBuffer(io.RawIOBase):
    """Where a serializer writes; refuses to hold more than `max_bytes` (a result that would fill
    memory)."""

    def __init__(self, max_bytes: int):
        super().__init__()
        self.data = bytearray()
        self.max_bytes = max_bytes

    def writable(self) -> bool:
        return True

    def write(self, chunk) -> int:
        self.data += chunk
        if len(self.data) > self.max_bytes:
            raise QueryRefused(
                f"its result is larger than {self.max_bytes:,} bytes "
                "(max_result_bytes in kg/queries/limits.toml); "
                "ask for fewer rows (a LIMIT)"
            )
        return len(chunk)


def serialize_results(results, fmt: str, *, max_bytes: int | None = None) -> bytes:
    """Results (or triples, as N-Triples) in `fmt`: json, csv, tsv or xml; at most `max_bytes`
    (default: max_result_bytes of kg/queries/limits.toml), QueryRefused past that."""
    import pyoxigraph

    if isinstance(results, pyoxigraph.QueryTriples):
        result_format = pyoxigraph.RdfFormat.N_TRIPLES
    else:
        result_format = {
            "json": pyoxigraph.QueryResultsFormat.JSON,
            "csv": pyoxigraph.QueryResultsFormat.CSV,
            "tsv": pyoxigraph.QueryResultsFormat.TSV,
            "xml": pyoxigraph.QueryResultsFormat.XML,
        }[fmt]
    buffer = _CappedBuffer(max_bytes or default_limits().max_result_bytes)
    results.serialize(buffer, format=result_format)
    serialized = bytes(buffer.data)
    if fmt == "xml":
        # Oxigraph writes a literal's control characters as they are, which XML 1.0 forbids; outside
        # literals its XML holds none, so replacing them in the whole text touches only values.
        return for_xml(serialized.decode("utf-8")).encode("utf-8")
    return serialized


# ------------------------------------------------------------------ query files and results


def read_query_file(path: str | Path) -> str:
    """The text of a query file: a regular file of at most max_bytes (kg/queries/limits.toml) of
    UTF-8.

    A device, pipe or folder is refused before reading (`-f /dev/urandom` would read forever), and
    no more than the limit is read even if the file grows meanwhile."""
    limit = default_limits().max_bytes
    try:
        with open(path, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise QueryFileRefused(
                    str(path), "not a regular file (a device, pipe or folder); give a .rq file"
                )
            data = f.read(limit + 1)
    except OSError as exc:
        raise QueryFileRefused(str(path), f"cannot read it: {exc.strerror}") from None
    if len(data) > limit:
        raise QueryFileRefused(
            str(path), f"larger than the {limit:,} bytes a query may have; is it really a query?"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryFileRefused(
            str(path), f"not UTF-8 text (byte {exc.start}); save the query as UTF-8"
        ) from None


def format_results(results, fmt: str, *, total: Callable[[int], int | None] | None = None) -> bytes:
    """Oxigraph results as `kg query` prints them: `fmt` is table, csv, tsv, json or xml.
    `total(shown)`: for a table, the number of rows before a row limit cut them (None: not cut)."""
    return format_counted(results, fmt, total=total)[0]


def format_counted(
    results, fmt: str, *, total: Callable[[int], int | None] | None = None
) -> tuple[bytes, int | None]:
    """`format_results` and the number of rows it holds (None for a boolean or triples): what tells
    `kg query` whether a `# window` held a full page, without a counting query."""
    import pyoxigraph

    if fmt != "table":
        data = serialize_results(results, fmt)
        if not isinstance(results, pyoxigraph.QuerySolutions):
            return data, None
        return data, _serialized_rows(data, fmt)
    if isinstance(results, pyoxigraph.QueryBoolean):
        return f"{'true' if results else 'false'}\n".encode(), None
    if isinstance(results, pyoxigraph.QueryTriples):
        return serialize_results(results, "table"), None
    variables = [v.value for v in results.variables]
    rows = [tuple(s[i] for i in range(len(variables))) for s in results]
    text = format_table(variables, rows, total=total(len(rows)) if total else None)
    return text.encode("utf-8"), len(rows)


def _serialized_rows(data: bytes, fmt: str) -> int:
    """The rows of SELECT results as `serialize_results` wrote them in `fmt`."""
    if fmt == "json":
        import json

        return len(json.loads(data)["results"]["bindings"])
    if fmt == "csv":  # a literal may hold a line break, quoted
        import csv

        return sum(1 for _ in csv.reader(io.StringIO(data.decode("utf-8"), newline=""))) - 1
    if fmt == "tsv":  # one line a row (line breaks in literals are escaped), after the header
        return data.count(b"\n") - 1
    # xml: one <result> element a row ("<" in a value is escaped)
    return data.count(b"<result>") + data.count(b"<result/>")
