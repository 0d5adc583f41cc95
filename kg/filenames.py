"""The names of the files kg writes and reads: a build's output folder, and what beside it.

One place, so `kg build` (kg.pipeline, kg.export), the folder checks (kg.outdir), `kg validate`,
`kg query`, `kg eval`, `kg export` and `kg.load` (kg.api) cannot disagree on a name.
"""

from __future__ import annotations

# ------------------------------------------------------------------ a build's output folder

GRAPH_NT = "graph.nt"  # the RDF as N-Triples: what queries and validation read first
GRAPH_TTL = "graph.ttl"  # the same triples as Turtle
GRAPH_JSONLD = "graph.jsonld"  # the same triples as compacted JSON-LD
GRAPH_JSON = "graph.json"  # the networkx graph as node-link JSON: what kg.load reads
GRAPH_HTML = "graph.html"  # the interactive view
REPORT_JSON = "report.json"  # counts, warnings, encodings
BUILD_MARKER = ".kg-build"  # names the files above: the folder is kg's to replace
# The on-disk Oxigraph store of graph.nt that `kg query` and `kg serve` open read-only (kg.store):
# a folder holding the store (RocksDB files, not byte-stable) and its manifest (byte-stable).
STORE_DIR = "store"
STORE_MANIFEST = f"{STORE_DIR}/manifest.json"
STORE_OXIGRAPH = f"{STORE_DIR}/oxigraph"

# The RDF files of a build, fastest to parse first (validation checks the first one it finds).
RDF_FILES = (GRAPH_NT, GRAPH_TTL, GRAPH_JSONLD)
# The graph files a SPARQL store or `kg eval` loads, in order of preference.
QUERYABLE_FILES = (GRAPH_NT, GRAPH_TTL)
# Every file a build writes beside its marker.
BUILD_FILES = frozenset({*RDF_FILES, GRAPH_JSON, GRAPH_HTML, REPORT_JSON, STORE_DIR})
# The files two builds of the same input give byte for byte. The store's RocksDB files are not
# byte-stable (kg.store); its manifest, which names the graph they hold, is.
BYTE_STABLE_FILES = (
    *RDF_FILES,
    GRAPH_JSON,
    GRAPH_HTML,
    REPORT_JSON,
    STORE_MANIFEST,
    BUILD_MARKER,
)

# ------------------------------------------------------------------ beside the output

CACHE_DIR = ".kg-cache"  # the extraction cache, by default beside the output folder

# ------------------------------------------------------------------ kg export

EXPORT_MARKER = ".kg-export"  # a folder of tables `kg export` wrote


def table_file(table: str, fmt: str) -> str:
    """The file of one table (kg.rows.ROW_TYPES) in a `kg export --format csv|parquet` folder."""
    return f"{table}.{fmt}"
