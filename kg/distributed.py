"""`kg build --scheduler ADDRESS|local`: the per-document extraction as tasks on dask.distributed.

The build is unchanged around it (kg.pipeline): documents are read and looked up in the cache on the
client, only the misses are sent, in batches (`--batch-size`), as `extract_batch(model, batch)`
tasks; results come back in input order, so the output is byte-identical to `--jobs 1`. Resolution,
the graph and the export stay on the client and stream as before.

- The spaCy model is loaded once per worker process: a worker plugin loads it when the worker joins
  (kg.pipeline's per-process state, the same loader `--jobs` uses), and tasks reuse it. Threads of
  one worker share that model, one at a time: spaCy's pipeline is not documented as thread-safe,
  and parsing holds the GIL anyway, so start workers with `--nthreads 1` and as many processes as
  cores.
- Every worker must run the same kg, model and data as the client, or the output would depend on
  which worker took which batch: the pipeline version (kg.cache.pipeline_version, the hash the
  cache is keyed by) of each worker is compared with the client's before anything is submitted.
- A task that fails (an exception, a worker that died under it) is retried `retries` times by the
  scheduler; a batch that still fails is split into single documents, and a document that fails
  on its own is reported like any bad input (a DocumentFailed warning, the build goes on).
- At most `in_flight` batches are submitted ahead of the one being read, so the client holds a
  bounded number of documents whatever the corpus size.

Nothing here prints; Dask's own logging is kept to errors for a LocalCluster.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import replace

from distributed import WorkerPlugin

from kg.errors import DocumentFailed, SchedulerError
from kg.records import DocRecords, Document

log = logging.getLogger(__name__)

LOCAL = "local"
DEFAULT_RETRIES = 2
CONNECT_TIMEOUT_S = 30
PLUGIN_NAME = "kg-model"

_MODEL_LOCK = threading.Lock()  # threads of one worker process share its one spaCy pipeline


def extract_on_worker(fn: Callable[..., list[DocRecords]], model: str, batch: list[Document]):
    """A task: `fn(model, batch)` (kg.pipeline.extract_batch) in a worker, one thread at a time."""
    with _MODEL_LOCK:
        return fn(model, batch)


class ModelPlugin(WorkerPlugin):
    """Loads the spaCy pipeline and gazetteer when a worker starts (and one BLAS thread: workers
    are processes, each on its own core), so no task waits for the model and it is loaded once per
    worker process."""

    def __init__(self, model: str):
        self.model = model

    def setup(self, worker=None) -> None:
        from threadpoolctl import threadpool_limits

        from kg.pipeline import _STATE, _load_state

        with _MODEL_LOCK:
            _STATE.setdefault("blas_limit", threadpool_limits(limits=1))
            _load_state(self.model)


def worker_version(model: str) -> str:
    """The pipeline version a worker would build with (run on each worker)."""
    from kg.cache import pipeline_version

    return pipeline_version(model)


def local_worker_environ() -> dict[str, object]:
    """The environment a LocalCluster's nannies start workers with: Dask's own (one BLAS thread),
    with glibc's allocator set up as in a `--jobs` worker.

    A Dask worker parses in a thread of its own, so glibc gives it a second malloc arena, and the
    nanny fixes MALLOC_TRIM_THRESHOLD_ (to hand memory back sooner), which also stops glibc from
    raising its mmap threshold as spaCy's large arrays are freed. A forked `--jobs` worker parses
    on its main thread with glibc's adaptive defaults. On the Guardian corpus, with every other
    process stopped, the same batches took 61.5 and 61.7 worker-seconds on Dask's default workers,
    and 51.9, 63.2, 50.5 and 50.9 with one arena and no fixed threshold, against 52.5, 51.2, 47.9
    and 51.1 in `--jobs 2` (docs/scaling.md)."""
    import dask

    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}))
    environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    environ["MALLOC_ARENA_MAX"] = 1
    return environ


def local_worker_config() -> dict[str, object]:
    """Dask settings for a LocalCluster's workers (a nanny hands its config to the worker it
    starts): the environment above, and no statistical profiler. The profiler samples every
    thread's stack every 10 ms to feed the dashboard's profile page, which a `--scheduler local`
    build does not start; in a worker it took the GIL from the parsing thread 100 times a second.
    On 188 Guardian articles, with the other helpers' work running, the workers' other threads used
    4.6-10.4 CPU-seconds during the batches with it and 1.5-1.6 without (59-63 s of parsing)."""
    return {
        "distributed.nanny.pre-spawn-environ": local_worker_environ(),
        "distributed.worker.profile.enabled": False,
    }


def _connect(scheduler: str, *, workers: int):
    """(client, cluster or None): a LocalCluster of `workers` processes for "local", else a client
    of the scheduler at `scheduler` (tcp://HOST:PORT)."""
    from distributed import Client, LocalCluster

    if scheduler == LOCAL:
        import dask

        with dask.config.set(local_worker_config()):
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            )
        return Client(cluster), cluster
    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT_S), None
    except (OSError, TimeoutError, ValueError) as exc:
        raise SchedulerError(scheduler, f"cannot connect: {exc}") from None


def _check_workers(client, scheduler: str, model: str) -> None:
    from kg.cache import pipeline_version

    client.wait_for_workers(1, timeout=CONNECT_TIMEOUT_S)
    mine = pipeline_version(model)
    theirs = client.run(worker_version, model)
    other = {address: version for address, version in theirs.items() if version != mine}
    if other:
        address, version = sorted(other.items())[0]
        raise SchedulerError(
            scheduler,
            f"worker {address} runs another kg, model or data (pipeline version {version}, "
            f"here {mine}); install the same kg and model on every worker",
        )


def _failed(document: Document, reason: str) -> DocRecords:
    problem = DocumentFailed(document.source or document.id, reason)
    return DocRecords(document=replace(document, text=""), warnings=[str(problem)])


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[-1]}" if text else type(exc).__name__


def dask_mapper(
    scheduler: str,
    *,
    workers: int = 2,
    retries: int = DEFAULT_RETRIES,
    in_flight: int | None = None,
):
    """A kg.pipeline Mapper on dask.distributed: `scheduler` is an address (tcp://HOST:8786) or
    "local" (a LocalCluster of `workers` processes, started and stopped with the build)."""

    def run(fn, tasks: Iterator[tuple[str, list[Document]]]):
        first = next(tasks, None)
        if first is None:
            return
        client, cluster = _connect(scheduler, workers=workers)
        try:
            model = first[0]
            try:
                _check_workers(client, scheduler, model)
            except TimeoutError:
                raise SchedulerError(
                    scheduler, f"no worker joined within {CONNECT_TIMEOUT_S} s"
                ) from None
            client.register_plugin(ModelPlugin(model), name=PLUGIN_NAME)
            ahead = in_flight or 2 * max(1, sum(client.nthreads().values()))

            def submit(task):
                return client.submit(
                    extract_on_worker, fn, *task, retries=retries, pure=False
                ), task

            pending: deque = deque()
            for task in _chain(first, tasks):
                pending.append(submit(task))
                if len(pending) >= ahead:
                    yield _gather(client, fn, retries, *pending.popleft())
            while pending:
                yield _gather(client, fn, retries, *pending.popleft())
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    return run


def _chain(first, rest):
    yield first
    yield from rest


def _gather(client, fn, retries, future, task) -> list[DocRecords]:
    """The records of one batch; a batch that failed even after its retries is run again one
    document a task, and a document that still fails becomes a warning."""
    model, batch = task
    try:
        return future.result()
    except Exception as exc:  # the task's own exception, or KilledWorker
        if len(batch) == 1:
            log.debug("document %s failed on the cluster: %r", batch[0].id, exc)
            return [_failed(batch[0], f"failed on the cluster: {_reason(exc)}")]
        log.debug("a batch of %d failed on the cluster (%r): one document a task", len(batch), exc)
    singles = [
        client.submit(extract_on_worker, fn, model, [document], retries=retries, pure=False)
        for document in batch
    ]
    out: list[DocRecords] = []
    for document, single in zip(batch, singles):
        try:
            out += single.result()
        except Exception as exc:
            out.append(_failed(document, f"failed on the cluster: {_reason(exc)}"))
    return out
