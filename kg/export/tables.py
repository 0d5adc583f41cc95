"""`kg export`: a build as GraphML, GEXF, node-link JSON, CSV tables or Parquet tables.

Graph formats go through networkx's own writers. GraphML and GEXF take scalar attributes only
(networkx and Gephi reject lists and None), so `scalar_graph` flattens: None and empty lists are
dropped, a list of names becomes one "; "-joined string, anything nested (evidence, other amounts) a
JSON string, and numbers stay numbers; page-only data (documents' passages) is left out; text (node
ids and keys too) goes through `kg.safe_text.for_xml`, so a control character in a name or an
article cannot make the file unreadable. Tables are the rows of `kg.rows`, one file per kind, with
the same columns in CSV, Parquet and `KnowledgeGraph.to_pandas()`; every table has an IRI column.

`kg export` overwrites only what it wrote itself: each graph file starts with SIGNATURE (an XML
comment, or the first key of the JSON) and a table folder holds EXPORT_MARKER; anything else
needs --force, and nothing is ever written into a build folder. Files are written beside their
destination and renamed over it, so a failed export leaves the previous file as it was.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from kg.errors import MissingExtra, OutputRefused
from kg.export.nodelink import write_node_link as write_node_link_json
from kg.filenames import BUILD_MARKER, EXPORT_MARKER, table_file
from kg.rows import ROW_READERS, ROW_TYPES
from kg.safe_text import for_xml

if TYPE_CHECKING:
    import networkx as nx

FORMATS = ("graphml", "gexf", "nodelink", "csv", "parquet")
TABLE_FORMATS = ("csv", "parquet")
# Node attributes that are quantities: always floats, so GraphML/GEXF declare one numeric type.
NUMERIC_ATTRIBUTES = ("amount", "quantity")
# Node attributes that are page data, carried in graph.json only (kg.graph: a document's passages,
# the paragraphs around its facts, for the explorer): GraphML/GEXF keep the graph, not article text.
PAGE_ONLY_ATTRIBUTES = ("passages",)
# Row fields that live in a table of their own (the evidence table), not in a cell.
NESTED_FIELDS = ("evidence",)
LIST_SEPARATOR = "; "
SIGNATURE = "written by kg export"
EXPORT_MARKER_TEXT = (
    "Tables written by `kg export`, which overwrites them when it exports into this folder again.\n"
)
# How far into a file its signature is looked for: past the XML declaration and the root tag.
SIGNATURE_WITHIN = 2048


# ------------------------------------------------------------------ graph formats


def scalar_value(name: str, value: Any) -> str | int | float | bool | None:
    """One attribute value as GraphML/GEXF can hold it; None (also for an empty list) means: leave
    it out."""
    if value is None or (isinstance(value, (list, tuple)) and not value):
        return None
    if (
        name in NUMERIC_ATTRIBUTES
        and isinstance(value, (int, float))
        and not isinstance(value, bool)
    ):
        return float(value)
    if isinstance(value, str):
        return for_xml(value)
    if isinstance(value, (int, float, bool)):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return for_xml(LIST_SEPARATOR.join(value))
    return for_xml(json.dumps(value, ensure_ascii=False, sort_keys=True))


def _scalar_attributes(data: dict) -> dict:
    flat = {k: scalar_value(k, v) for k, v in data.items() if k not in PAGE_ONLY_ATTRIBUTES}
    return {k: v for k, v in sorted(flat.items()) if v is not None}


def scalar_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of `graph` with scalar attributes only, nodes and edges in sorted order."""
    import networkx as nx

    flat = nx.MultiDiGraph()
    for node in sorted(graph.nodes):
        flat.add_node(for_xml(node), **_scalar_attributes(graph.nodes[node]))
    for u, v, key, data in sorted(
        graph.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))
    ):
        flat.add_edge(for_xml(u), for_xml(v), key=for_xml(str(key)), **_scalar_attributes(data))
    return flat


def _sign(root) -> None:
    from xml.etree.ElementTree import Comment

    root.insert(0, Comment(f" {SIGNATURE} "))


def write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    from networkx.readwrite.graphml import GraphMLWriter

    # infer_numeric_types: an attribute that is int on one node and float on another is declared
    # double.
    writer = GraphMLWriter(encoding="utf-8", prettyprint=True, infer_numeric_types=True)
    writer.add_graph_element(scalar_graph(graph))
    _sign(writer.xml)
    with _replacing(path, "wb") as handle:
        writer.dump(handle)


def write_gexf(graph: nx.MultiDiGraph, path: Path) -> None:
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    # networkx stamps today's date into <meta>; the attribute is optional, and without it the same
    # build always gives the same bytes.
    writer.xml.find("meta").attrib.pop("lastmodifieddate", None)
    writer.add_graph(scalar_graph(graph))
    _sign(writer.xml)
    with _replacing(path, "wb") as handle:
        writer.write(handle)


def write_node_link(graph: nx.MultiDiGraph, path: Path) -> None:
    """Node-link JSON as graph.json holds it (lists and None kept), with a "generator" key first:
    the signature leads, so that the next export recognises the file from its first bytes."""
    with _replacing(path, "w", encoding="utf-8") as handle:
        write_node_link_json(graph, handle, generator=SIGNATURE)


# ------------------------------------------------------------------ tables


def _column_type(field: dataclasses.Field) -> str:
    # Annotations are strings here (from __future__ import annotations): "int", "float | None", ...
    annotation = str(field.type)
    if annotation.startswith("tuple"):
        return "string"
    if "float" in annotation:
        return "float64"
    if annotation == "int":
        return "int64"
    return "string"


def columns(table: str) -> dict[str, str]:
    """Column name -> type ("string", "int64" or "float64") of one table, in order."""
    return {
        f.name: _column_type(f)
        for f in dataclasses.fields(ROW_TYPES[table])
        if f.name not in NESTED_FIELDS
    }


def _cell(value: Any) -> str | int | float | None:
    if isinstance(value, tuple):
        if all(isinstance(v, str) for v in value):
            return LIST_SEPARATOR.join(value)
        return json.dumps(
            value, ensure_ascii=False
        )  # other_amounts: [[amount, currency, bound], ...]
    return value


def flat_row(row: Any) -> dict[str, Any]:
    return {
        f.name: _cell(getattr(row, f.name))
        for f in dataclasses.fields(row)
        if f.name not in NESTED_FIELDS
    }


def tables(graph: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    """Every table (documents, actors, posts, statements, commitments, stances, claims, ledger,
    mentions, evidence) as flat rows."""
    return {name: [flat_row(row) for row in read(graph)] for name, read in ROW_READERS.items()}


def data_frames(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Every table as a pandas DataFrame with numeric columns typed (NaN where a value is
    missing)."""
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtra(package="pandas", extra="pandas", needed_for="to_pandas()") from None
    frames = {}
    for name, rows in tables(graph).items():
        types = columns(name)
        frame = pd.DataFrame.from_records(rows, columns=list(types))
        for column, kind in types.items():
            if kind != "string":
                frame[column] = frame[column].astype(kind)
        frames[name] = frame
    return frames


def _table_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / EXPORT_MARKER).write_text(EXPORT_MARKER_TEXT, encoding="utf-8")


def write_csv(graph: nx.MultiDiGraph, folder: Path) -> list[Path]:
    _table_folder(folder)
    written = []
    for name, rows in tables(graph).items():
        path = folder / table_file(name, "csv")
        with _replacing(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(columns(name)), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        written.append(path)
    return written


def write_parquet(graph: nx.MultiDiGraph, folder: Path) -> list[Path]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtra(
            package="pyarrow", extra="parquet", needed_for="kg export --format parquet"
        ) from None
    arrow_type = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64()}
    _table_folder(folder)
    written = []
    for name, rows in tables(graph).items():
        # An explicit schema: an empty table keeps its columns, a missing amount stays a float null.
        schema = pa.schema([(column, arrow_type[kind]) for column, kind in columns(name).items()])
        path = folder / table_file(name, "parquet")
        with _replacing(path, "wb") as handle:
            pq.write_table(pa.Table.from_pylist(rows, schema=schema), handle)
        written.append(path)
    return written


# ------------------------------------------------------------------ what may be overwritten


@contextmanager
def _replacing(path: Path, mode: str, **options) -> Iterator[IO]:
    """A file opened beside `path` that replaces it once written whole; removed if writing fails."""
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".part", dir=path.parent
    )
    try:
        with os.fdopen(descriptor, mode, **options) as handle:
            yield handle
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def is_signed(path: Path) -> bool:
    """Whether `path` is a graph file kg export wrote."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SIGNATURE_WITHIN)
    except OSError:
        return False
    return SIGNATURE.encode() in head


def _build_folder_around(target: Path, build_dir: Path) -> Path | None:
    for folder in (target, *target.parents):
        if folder == build_dir or (folder / BUILD_MARKER).is_file():
            return folder
    return None


def refuse_overwrite(out: str, fmt: str, build_dir: str | Path, *, force: bool = False) -> Path:
    """Check `--out` before the build is loaded; returns where to write (symbolic links followed).

    Never inside a build folder (the build's own files, and the next build would delete the
    export); otherwise only a new path, an empty folder or what kg export wrote, unless `force`.
    """
    target = Path(out).resolve()
    build = _build_folder_around(target, Path(build_dir).resolve())
    if build is not None:
        raise OutputRefused(
            out,
            f"lies inside the build folder {build}, whose files belong to kg build and which the "
            "next build replaces whole (even with --force); write the export outside it, "
            "e.g. --out graph.gexf",
        )
    if not os.path.lexists(target):
        return target
    if fmt in TABLE_FORMATS:
        if not target.is_dir():
            if force and target.is_file():
                return target
            raise OutputRefused(
                out,
                "is a file, and tables are written into a folder; choose another --out, or pass "
                "--force to replace the file",
            )
        if force or (target / EXPORT_MARKER).is_file() or not any(target.iterdir()):
            return target
        raise OutputRefused(
            out,
            "the folder holds files kg export did not write; choose a new or empty folder, or pass "
            "--force "
            "to write the tables into it (files of the same name are overwritten)",
        )
    if target.is_dir():
        raise OutputRefused(
            out, f"is a folder; give the file to write, e.g. --out {Path(out) / ('graph.' + fmt)}"
        )
    if not target.is_file():
        raise OutputRefused(
            out,
            "is not a regular file (a device, FIFO or socket), which kg export never replaces; "
            "give a file name",
        )
    if force or is_signed(target):
        return target
    raise OutputRefused(
        out,
        "exists and was not written by kg export; choose another --out, or pass --force to "
        "overwrite it",
    )


# ------------------------------------------------------------------ one export


def export(graph: nx.MultiDiGraph, fmt: str, path: str | Path) -> Path:
    """Write `graph` in format `fmt` to `path` (a file, or a folder for csv and parquet)."""
    path = Path(path)
    if fmt in TABLE_FORMATS:
        (write_csv if fmt == "csv" else write_parquet)(graph, path)
        return path
    writer = {"graphml": write_graphml, "gexf": write_gexf, "nodelink": write_node_link}.get(fmt)
    if writer is None:
        raise ValueError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    path.parent.mkdir(parents=True, exist_ok=True)
    writer(graph, path)
    return path
