"""The build's persistent SPARQL store: an on-disk Oxigraph store of graph.nt, in `store/`.

`kg query` and `kg serve` loaded graph.nt into memory at every call (3.7 s at 1M triples, ~40 s at
10M). `kg build` now bulk-loads graph.nt once into `store/oxigraph/` (RocksDB files), and both open
that read-only in a few tens of milliseconds, whatever the graph's size.

Determinism: graph.nt, graph.ttl and the rest are byte-identical from run to run; RocksDB's files
are not (a random IDENTITY, an info LOG with timestamps, file numbers that depend on its background
threads). So the store is a derived index, not an output to compare: `store/manifest.json` names the
graph it was loaded from (size, SHA-256, triples, the pyoxigraph version), and that file is
byte-identical from run to run; the store's own files are excluded from byte comparisons and can
always be rebuilt from graph.nt (`kg.store.write_store`). A store whose manifest is missing or does
not match graph.nt (the graph was edited or replaced, the build predates the store, another
Oxigraph version cannot open it) is not used: the caller falls back to loading graph.nt.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from kg.filenames import GRAPH_NT, STORE_DIR, STORE_MANIFEST, STORE_OXIGRAPH

log = logging.getLogger(__name__)

FORMAT = 1
SAMPLE_BYTES = 1 << 16  # the head and tail of graph.nt checked when the store is opened
# Oxigraph's column families (its dictionary, three indexes of the default graph, six of named
# graphs, the graph names, default): more sorted files than this means overlapping batches.
ONE_FILE_PER_INDEX = 12


@dataclass(frozen=True, slots=True, kw_only=True)
class Manifest:
    graph: str  # the file the store was loaded from, relative to the build folder
    graph_bytes: int
    graph_sha256: str  # the whole file: what `kg validate` can check
    graph_ends_sha256: str  # its head and tail: what opening checks, in microseconds
    triples: int
    pyoxigraph: str

    def text(self) -> str:
        body = {
            "about": "An Oxigraph store of graph.nt written by kg build; kg query and kg serve "
            "open it read-only. This manifest is byte-stable; the store's other files are not.",
            "format": FORMAT,
            "graph": self.graph,
            "graph_bytes": self.graph_bytes,
            "graph_sha256": self.graph_sha256,
            "graph_ends_sha256": self.graph_ends_sha256,
            "triples": self.triples,
            "pyoxigraph": self.pyoxigraph,
        }
        return json.dumps(body, indent=2) + "\n"


def _pyoxigraph_version() -> str:
    from importlib.metadata import version

    return version("pyoxigraph")


def _ends_digest(path: Path, size: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        digest.update(fh.read(SAMPLE_BYTES))
        if size > SAMPLE_BYTES:
            fh.seek(max(SAMPLE_BYTES, size - SAMPLE_BYTES))
            digest.update(fh.read(SAMPLE_BYTES))
    return digest.hexdigest()


def _whole_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def write_store(folder: Path, *, triples: int) -> Path:
    """Bulk-load `folder`/graph.nt into `folder`/store/oxigraph and write the manifest last (a
    store without its manifest is never opened). Returns the store folder."""
    import gc

    import pyoxigraph

    graph = folder / GRAPH_NT
    location = folder / STORE_OXIGRAPH
    location.mkdir(parents=True)
    store = pyoxigraph.Store(str(location))
    store.bulk_load(path=str(graph), format=pyoxigraph.RdfFormat.N_TRIPLES)
    store.flush()
    # The bulk loader writes each batch of a large graph as its own sorted files, which overlap:
    # every lookup then searches each of them (45 files at 10M triples). Compacting them once
    # made lookups up to ten times faster there (bench/store.py). A graph the loader wrote in one
    # batch (one file per index, up to 1M triples or so) gains little and compaction would
    # rewrite it all: skipped.
    if len(list(location.glob("*.sst"))) > ONE_FILE_PER_INDEX:
        store.optimize()
        store.flush()
    del store  # closes RocksDB: its files are complete before the folder is swapped in
    gc.collect()
    size = graph.stat().st_size
    manifest = Manifest(
        graph=GRAPH_NT,
        graph_bytes=size,
        graph_sha256=_whole_digest(graph),
        graph_ends_sha256=_ends_digest(graph, size),
        triples=triples,
        pyoxigraph=_pyoxigraph_version(),
    )
    (folder / STORE_MANIFEST).write_text(manifest.text(), encoding="utf-8")
    return folder / STORE_DIR


def read_manifest(folder: Path) -> Manifest | None:
    """The store's manifest in build folder `folder`; None when absent or unreadable."""
    try:
        body = json.loads((folder / STORE_MANIFEST).read_text(encoding="utf-8"))
        if body.get("format") != FORMAT:
            return None
        return Manifest(**{k: body[k] for k in Manifest.__dataclass_fields__})
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store_problem(folder: Path, *, whole: bool = False) -> str | None:
    """Why the store in `folder` cannot stand for its graph.nt (None: it can). `whole` checks the
    whole graph's SHA-256 (`kg validate`), else its size and its ends (opening)."""
    manifest = read_manifest(folder)
    if manifest is None:
        return f"{STORE_MANIFEST} is missing or unreadable"
    graph = folder / manifest.graph
    try:
        size = graph.stat().st_size
        if size != manifest.graph_bytes:
            return f"{manifest.graph} is not the graph the store was loaded from (its size differs)"
        if _ends_digest(graph, size) != manifest.graph_ends_sha256 or (
            whole and _whole_digest(graph) != manifest.graph_sha256
        ):
            return f"{manifest.graph} is not the graph the store was loaded from (its hash differs)"
    except OSError as exc:
        return f"cannot read {manifest.graph}: {exc.strerror}"
    if not (folder / STORE_OXIGRAPH).is_dir():
        return f"{STORE_OXIGRAPH} is missing"
    return None


def store_location(graph: Path) -> Path | None:
    """The on-disk store standing for `graph` (a build's graph.nt), or None when there is none
    that matches it: the caller then loads the graph file itself."""
    if graph.name != GRAPH_NT:
        return None
    folder = graph.parent
    if not (folder / STORE_DIR).exists():
        return None  # a build from before the store, or built with --no-store
    problem = store_problem(folder)
    if problem is not None:
        log.warning("not using the store of %s: %s; loading %s instead", folder, problem, graph)
        return None
    return folder / STORE_OXIGRAPH


def open_read_only(graph: Path):
    """The build's store opened read-only (a pyoxigraph Store), or None (see `store_location`)."""
    import pyoxigraph

    location = store_location(graph)
    if location is None:
        return None
    try:
        return pyoxigraph.Store.read_only(str(location))
    except OSError as exc:  # e.g. written by an Oxigraph whose format this one cannot read
        log.warning("cannot open the store %s (%s); loading %s instead", location, exc, graph)
        return None
