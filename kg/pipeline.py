"""`kg build`: ingest -> nlp -> extract -> resolve -> graph -> export, written atomically.

Everything is written into a temporary folder beside the output folder and swapped in at the end,
so a failed or killed build leaves the previous output as it was (kg.outdir: which folders kg may
replace, checked before any article is read, and the swap).

Nothing here prints: a warning (a bad input, a document the extraction failed on) goes to the
logger "kg.pipeline", into BuildResult.warnings and into report.json; kg.cli shows them.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import signal
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.cache import RecordCache, document_key, pipeline_version
from kg.errors import (
    DocumentFailed,
    InputError,
    InputNotice,
    NoInputs,
    StrictModeFailure,
    WorkerDied,
)
from kg.filenames import GRAPH_HTML, GRAPH_JSON, REPORT_JSON
from kg.ingest import DEFAULT_MAX_CHARS, RawDocument, discover, read_raw
from kg.lifeline import die_with_parent
from kg.namespaces import DEFAULT_BASE, Iris
from kg.outdir import prepare, staged, swap_into_place  # noqa: F401 (swap_into_place re-exported)
from kg.paths import DEFAULT_MODEL
from kg.records import DocRecords, Document
from kg.store import write_store

log = logging.getLogger(__name__)


@dataclass(slots=True)
class BuildResult:
    out_dir: Path
    documents: int
    counts: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def read_documents(
    inputs: list[str], *, max_chars: int, warnings: list[str], strict: bool = False
) -> Iterator[RawDocument]:
    """Documents as read (RawDocument), one at a time (the corpus is never held whole); bad files
    become warnings, or with `strict` stop the build at the first one, before any work is spent."""
    seen: set[str] = set()
    for found in discover(inputs):
        if isinstance(found, InputError):  # a file that is not an article
            _warn(found, warnings, strict)
            continue
        path, doc_id = found
        try:
            for item in read_raw(path, doc_id, max_chars=max_chars):
                if isinstance(item, InputError):
                    _warn(item, warnings, strict)
                elif item.id in seen:
                    _warn(
                        InputError(item.source, f"duplicate document id {item.id!r}; skipped"),
                        warnings,
                        strict,
                    )
                else:
                    seen.add(item.id)
                    yield item
        except InputError as exc:
            _warn(exc, warnings, strict)


def _warn(problem: InputError, warnings: list[str], strict: bool) -> None:
    warnings.append(str(problem))
    if strict and not isinstance(problem, InputNotice):  # a notice is no bad file: --strict goes on
        raise StrictModeFailure([str(problem)])
    log.warning("%s", problem)


# The spaCy pipeline and gazetteer of this process. Workers forked from the parent inherit them,
# so the model is loaded once per build, not once per worker.
_STATE: dict[str, object] = {}


def _load_state(model: str) -> None:
    if _STATE.get("model") != model:
        from kg import gazetteer
        from kg.nlp import load_pipeline

        _STATE.update(model=model, nlp=load_pipeline(model), gazetteer=gazetteer.load())


def extract_batch(model: str, documents: list[Document]) -> list[DocRecords]:
    """The pure map of a build: documents -> records. Runs unchanged in any worker or engine."""
    from kg.extract import extract_document
    from kg.nlp import parse
    from kg.passages import evidence_starts, passages

    _load_state(model)

    def extract(batch: list[Document]) -> list[DocRecords]:
        out = []
        for document, doc in parse(_STATE["nlp"], batch):
            records = extract_document(document, doc, gazetteer=_STATE["gazetteer"])
            # Every record carries its own evidence text, and the paragraphs around it are kept for
            # reading in context (the explorer): dropping the article keeps memory flat.
            records.passages = passages(document.text, evidence_starts(records))
            records.document = replace(document, text="")
            out.append(records)
        return out

    try:
        return extract(documents)
    except Exception:
        if len(documents) == 1:
            return [_failed(documents[0])]
    # One document broke its batch: each on its own, so only that one is lost (as a warning).
    out = []
    for document in documents:
        try:
            out += extract([document])
        except Exception:
            out.append(_failed(document))
    return out


def _failed(document: Document) -> DocRecords:
    """The records of a document the parse or the rules failed on: none, and a warning. Not
    cached."""
    import traceback

    last_line = traceback.format_exc(limit=-1).strip().splitlines()[-1]
    problem = DocumentFailed(document.source or document.id, last_line)
    return DocRecords(document=replace(document, text=""), warnings=[str(problem)])


Mapper = Callable[
    [Callable[..., list[DocRecords]], Iterator[tuple[str, list[Document]]]],
    Iterator[list[DocRecords]],
]


def serial_mapper(fn, tasks):
    return (fn(*task) for task in tasks)


def _release_model() -> None:
    """Drop this process's spaCy pipeline: it is a few hundred MB that resolution, the graph and the
    export never use, and the build's peak memory is otherwise the model plus the whole graph."""
    import gc

    _STATE.clear()
    gc.collect()


def _start_worker(parent_pid: int) -> None:
    """In a worker: die with the parent, and one BLAS thread. numpy's OpenBLAS uses every core for
    the model's matrix products, so N workers with all-core BLAS each oversubscribed the machine
    (two jobs gave 1.2x)."""
    from threadpoolctl import threadpool_limits

    die_with_parent(parent_pid)
    _STATE["blas_limit"] = threadpool_limits(limits=1)


STOP_WORKERS_SECONDS = 30  # a pool whose workers were killed winds itself up well within this
WORKER_CHECK_SECONDS = 1.0  # how often a build waiting for a batch looks whether a worker died


def _stop_workers(pool) -> None:
    """Kill the pool's workers now: shutting down waits for every batch in flight, which can be
    minutes for a build that is already failing or being stopped. The pool then finds itself
    broken and its manager thread winds it up, provided it is not left waiting for the rest of a
    result a killed worker was sending: the parent's own copy of the result pipe's write end is
    closed, so that read ends (EOF) instead of waiting forever. (The pool has no public handle on
    its workers or pipes before Python 3.14; these attributes have been there since 3.9.)"""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()
    results = getattr(pool, "_result_queue", None)
    if results is not None:
        results._writer.close()
    manager = getattr(pool, "_executor_manager_thread", None)
    if manager is not None:
        manager.join(timeout=STOP_WORKERS_SECONDS)


def _result(pool, future):
    """The batch `future` holds, once done. A worker that dies while it sends a result (the
    kernel's out-of-memory killer, a kill -9) leaves the pool waiting for the rest forever, so the
    workers are looked at while waiting; a dead one stops the build with a message that says so."""
    from concurrent.futures import TimeoutError
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing.connection import wait

    while True:
        try:
            return future.result(timeout=WORKER_CHECK_SECONDS)
        except TimeoutError:
            workers = list((getattr(pool, "_processes", None) or {}).values())
            ended = set(wait([worker.sentinel for worker in workers], timeout=0))
            dead = [worker for worker in workers if worker.sentinel in ended]
        except BrokenProcessPool:
            dead = list((getattr(pool, "_processes", None) or {}).values())
            if not dead:
                raise
        if dead:
            for worker in dead:
                worker.join(timeout=1)
            codes = [worker.exitcode for worker in dead if worker.exitcode]
            # The pool terminates the others once one has died: the one that died first says why.
            raise WorkerDied(
                next((c for c in codes if c != -signal.SIGTERM), codes[0] if codes else None)
            ) from None


def process_mapper(jobs: int) -> Mapper:
    """Batches to `jobs` forked workers, results in input order, a bounded number in flight."""

    def run(fn, tasks):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        first = next(tasks, None)
        if first is None:
            return
        _load_state(first[0])  # in the parent, before forking: every worker inherits the model
        tasks = itertools.chain([first], tasks)
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
        ) as pool:
            try:
                pending: deque = deque()
                for task in tasks:
                    pending.append(pool.submit(fn, *task))
                    if len(pending) >= 2 * jobs:
                        yield _result(pool, pending.popleft())
                while pending:
                    yield _result(pool, pending.popleft())
            except BaseException:  # also GeneratorExit: the caller stopped reading
                _stop_workers(pool)
                raise

    return run


def extract_all(
    documents: Iterable[RawDocument],
    *,
    model: str = DEFAULT_MODEL,
    jobs: int = 1,
    cache: RecordCache | None = None,
    batch_size: int = 16,
    progress: bool = False,
    mapper: Mapper | None = None,
    warnings: list[str] | None = None,
) -> list[DocRecords]:
    """Records of every document, in input order: from the cache where possible, else ingested
    (`RawDocument.document`) and extracted.

    `mapper(fn, tasks)` runs `fn(model, batch)` over the batches and yields the results in order:
    serial, a process pool (`jobs` > 1), or any engine with a map (Dask, Ray) plugged in here.
    A document the extraction failed on is left out, its warning logged and added to `warnings`.
    """
    from tqdm import tqdm

    cache = cache or RecordCache(None)
    version = pipeline_version(model)
    results: list[DocRecords | None] = []
    in_flight: deque[list[tuple[int, str]]] = deque()  # (result slot, cache key) of each batch sent
    bar = tqdm(desc="kg build", unit="doc", disable=None if progress else True, leave=False)

    def tasks() -> Iterator[tuple[str, list[Document]]]:
        batch: list[Document] = []
        slots: list[tuple[int, str]] = []
        for raw in documents:
            key = document_key(raw, version)
            hit = cache.get(key)
            results.append(hit)
            if hit is not None:
                bar.update(1)
                continue
            batch.append(raw.document())
            slots.append((len(results) - 1, key))
            if len(batch) >= batch_size:
                in_flight.append(slots)
                yield model, batch
                batch, slots = [], []
        if batch:
            in_flight.append(slots)
            yield model, batch

    if mapper is None and jobs > 1:
        mapper = process_mapper(jobs)
    for records in (mapper or serial_mapper)(extract_batch, tasks()):
        for (slot, key), record in zip(in_flight.popleft(), records):
            if record.warnings:
                for warning in record.warnings:
                    log.warning("%s", warning)
                if warnings is not None:
                    warnings += record.warnings
                continue
            cache.put(key, record)
            results[slot] = record
        bar.update(len(records))
    bar.close()
    return [r for r in results if r is not None]


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildConfig:
    """How `build` runs: the options of `kg build` (kg.cli.build), and the engine to run on."""

    model: str = DEFAULT_MODEL  # the spaCy pipeline
    base: str = DEFAULT_BASE  # base of the data IRIs
    view: str = "auto"  # kept for callers passing it: graph.html is the explorer whatever it is
    strict: bool = False  # stop (StrictModeFailure) at the first bad input
    max_chars: int = DEFAULT_MAX_CHARS  # longer documents are skipped, with a warning
    jobs: int = 1  # worker processes
    cache_dir: Path | None = None  # the extraction cache; None: no cache
    progress: bool = False  # a progress bar on a terminal
    mapper: Mapper | None = None  # runs the extraction batches (extract_all); None: by `jobs`
    batch_size: int = 16  # documents per spaCy batch and per worker task
    # Free the spaCy pipeline once every document is extracted (`kg build` does: one build a
    # process); callers building again in-process keep it.
    release_model: bool = False
    force: bool = False  # replace a file or a folder kg did not write (never an input)
    store: bool = True  # write the on-disk SPARQL store (kg.store) that kg query and serve open
    # Run the extraction on a dask.distributed cluster (kg.distributed): a scheduler's address,
    # or "local" for a LocalCluster of `jobs` worker processes on this machine. None: `jobs`.
    scheduler: str | None = None


def build(inputs: list[str], out_dir: Path, config: BuildConfig = BuildConfig()) -> BuildResult:
    """Build `inputs` into `out_dir` as `config` says. `out_dir` is checked before any article is
    read (kg.outdir.prepare)."""
    from kg import gazetteer
    from kg.export import rdf
    from kg.export.html import chosen_view
    from kg.graph import build_graph
    from kg.resolve import resolve

    started = time.perf_counter()
    timings: dict[str, float] = {}
    warnings: list[str] = []

    target, notes = prepare(out_dir, inputs, force=config.force)  # before any work is spent
    for note in notes:
        log.info("%s", note)

    documents = read_documents(
        inputs, max_chars=config.max_chars, warnings=warnings, strict=config.strict
    )
    records = extract_all(
        documents,
        model=config.model,
        jobs=config.jobs,
        cache=RecordCache(config.cache_dir),
        progress=config.progress,
        mapper=config.mapper or _scheduler_mapper(config),
        batch_size=config.batch_size,
        warnings=warnings,
    )
    timings["ingest_nlp_extract"] = time.perf_counter() - started
    if not records:
        raise NoInputs(inputs)

    documents_built = len(records)
    encodings = dict(sorted(Counter(r.document.encoding for r in records).items()))
    if config.release_model:
        _release_model()
    mark = time.perf_counter()
    corpus = resolve(records, gazetteer=gazetteer.load())
    del records  # corpus.docs holds them, and build_graph lets each go once it is in the graph
    iris = Iris(config.base)
    graph = build_graph(corpus, iris=iris, consume_records=True)
    del corpus
    timings["resolve_graph"] = time.perf_counter() - mark

    counts = dict(sorted(Counter(kind for _, kind in graph.nodes(data="kind")).items()))
    view = chosen_view(graph, config.view)
    with staged(target) as staging:
        mark = time.perf_counter()
        store_seconds = 0.0
        with _beside(config.jobs > 1, _write_graph_files, graph, staging, view):
            triples = rdf.write_rdf(graph, staging, iris=iris)
            if config.store:  # while graph.json and graph.html are written beside (--jobs > 1)
                store_mark = time.perf_counter()
                write_store(staging, triples=triples)
                store_seconds = timings["store"] = time.perf_counter() - store_mark
        timings["export"] = time.perf_counter() - mark - store_seconds
        timings["total"] = time.perf_counter() - started
        # Nothing about the run (timings, --jobs): the same input gives the same bytes whatever
        # the machine's load or the number of workers. Timings stay in BuildResult.
        report = {
            "documents": documents_built,
            "counts": counts,
            "triples": triples,
            "warnings": warnings,
            "encodings": encodings,
            "model": config.model,
            "html_view": view,
        }
        (staging / REPORT_JSON).write_text(
            json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return BuildResult(Path(out_dir), documents_built, counts, warnings, timings)


def _scheduler_mapper(config: BuildConfig) -> Mapper | None:
    """The Dask mapper `config.scheduler` asks for (kg.distributed, imported only then)."""
    if config.scheduler is None:
        return None
    from kg.distributed import dask_mapper

    return dask_mapper(config.scheduler, workers=config.jobs)


def _write_graph_files(graph, staging: Path, view: str) -> None:
    """graph.json (the networkx graph, for `kg.load` and users' own analyses) and graph.html."""
    from kg.export.nodelink import write_node_link

    with open(staging / GRAPH_JSON, "w", encoding="utf-8") as out:
        write_node_link(graph, out)
    write_view(graph, staging / GRAPH_HTML, view=view)


@contextmanager
def _beside(parallel: bool, fn, *args):
    """Run fn(*args) in a forked process while the body runs (or after it, when not parallel):
    with --jobs > 1 the HTML view and the node-link file are written while RDF is serialised."""
    if not parallel:
        yield
        fn(*args)
        return
    import multiprocessing

    child = multiprocessing.get_context("fork").Process(
        target=_in_child, args=(os.getpid(), fn, *args)
    )
    child.start()
    try:
        yield
    except BaseException:
        child.kill()  # the build is failing: its files are going anyway
        child.join()
        raise
    child.join()
    if child.exitcode != 0:
        raise RuntimeError(
            f"writing the graph files failed in a worker (exit code {child.exitcode})"
        )


def _in_child(parent_pid: int, fn, *args) -> None:
    die_with_parent(parent_pid)
    fn(*args)


def write_view(graph, path: Path, *, view: str) -> None:
    from kg.export.html import write_html

    write_html(graph, path, view=view)
