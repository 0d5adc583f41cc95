"""`kg build --scheduler`: the extraction on a dask.distributed cluster of 2 worker processes gives
the bytes of `--jobs 1`; a failed task is retried, a document that keeps failing is a warning."""

from __future__ import annotations

import functools

import pytest

from kg.api import build
from kg.pipeline import extract_batch
from tests.conftest import OUTPUTS, SEEDS

distributed = pytest.importorskip("distributed")  # in requirements.lock; an older venv may lack it

from kg.distributed import dask_mapper  # noqa: E402

POISON = "poison"  # a document whose batch always fails on the cluster


@pytest.fixture(scope="module")
def cluster():
    import logging

    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as local:
        yield local


def flaky_extract(marks, model, batch):
    """Fails the first time any worker runs a batch (a worker lost mid-task, say), then works."""
    mark = marks / "-".join(d.id for d in batch)
    if not mark.exists():
        mark.touch()
        raise ConnectionError("lost the worker")
    return extract_batch(model, batch)


def poisoned_extract(model, batch):
    if any(POISON in d.id for d in batch):
        raise MemoryError("the worker ran out of memory")
    return extract_batch(model, batch)


def test_a_cluster_build_is_the_jobs_1_build(cluster, seeds_build, tmp_path):
    out = tmp_path / "out"
    result = build([str(SEEDS)], out, scheduler=cluster.scheduler_address, batch_size=1)
    assert result.documents == 3 and not result.warnings
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (seeds_build / name).read_bytes(), name


def test_a_failed_task_is_retried(cluster, seeds_build, tmp_path):
    marks = tmp_path / "marks"
    marks.mkdir()
    mapper = dask_mapper(cluster.scheduler_address, retries=1)
    flaky = functools.partial(flaky_extract, marks)
    out = tmp_path / "out"
    result = build([str(SEEDS)], out, mapper=lambda fn, tasks: mapper(flaky, tasks), batch_size=2)
    assert len(list(marks.iterdir())) == 2  # both batches failed once
    assert not result.warnings
    assert (out / "graph.nt").read_bytes() == (seeds_build / "graph.nt").read_bytes()


def test_a_document_that_keeps_failing_is_reported_and_skipped(cluster, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", f"{POISON}.txt", "b.txt"):
        (folder / name).write_text(
            "Germany pledged more air defence systems to Ukraine, Chancellor Friedrich Merz "
            "said.\n",
            encoding="utf-8",
        )
    mapper = dask_mapper(cluster.scheduler_address, retries=1)
    result = build(
        [str(folder)],
        tmp_path / "out",
        mapper=lambda fn, tasks: mapper(poisoned_extract, tasks),
        batch_size=3,
    )
    assert result.documents == 2
    assert len(result.warnings) == 1 and f"{POISON}.txt" in result.warnings[0]
    assert "MemoryError" in result.warnings[0]


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path, monkeypatch):
    import kg.distributed
    from kg.errors import SchedulerError

    monkeypatch.setattr(kg.distributed, "CONNECT_TIMEOUT_S", 1)
    with pytest.raises(SchedulerError, match="cannot connect"):
        build([str(SEEDS)], tmp_path / "out", scheduler="tcp://127.0.0.1:9")
    assert not (tmp_path / "out").exists()


def test_the_command_line_takes_a_scheduler():
    import argparse

    from kg.cli.build import add_arguments, config_of

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    config = config_of(parser.parse_args(["seeds", "--out", "o", "--scheduler", "local"]))
    assert config.scheduler == "local" and config.store
    config = config_of(parser.parse_args(["seeds", "--out", "o", "--no-store"]))
    assert config.scheduler is None and not config.store


def test_a_local_clusters_workers_allocate_like_forked_workers_and_do_not_profile(monkeypatch):
    from kg.distributed import LOCAL, _connect

    # A nanny exports its pre-spawn environment into its own process: the module's cluster above
    # left Dask's default trim threshold in this one, which every later worker would inherit.
    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)

    def environ():
        import os

        return os.environ.get("MALLOC_ARENA_MAX"), os.environ.get("MALLOC_TRIM_THRESHOLD_")

    def profiling(dask_worker):  # Dask's sampling profiler is a periodic callback of its loop
        return "profile" in dask_worker.periodic_callbacks

    client, cluster = _connect(LOCAL, workers=1)
    try:
        assert set(client.run(environ).values()) == {("1", None)}
        assert set(client.run(profiling).values()) == {False}
    finally:
        client.close()
        cluster.close()
