"""Hostile output paths: kg deletes or replaces only what it wrote, and leaves nothing behind.

Refusals run the real command (they come before any article is read, so each takes a fraction of a
second); builds that succeed run in-process on a one-line article, with the spaCy pipeline loaded
once. Kill tests run `kg build` on copies of a seed essay and signal it while its workers are busy.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import kg.outdir
from kg import outdir
from kg.api import build
from kg.cli import main
from kg.errors import NoInputs, OutputRefused
from kg.export import tables
from kg.filenames import BUILD_MARKER as MARKER
from kg.filenames import EXPORT_MARKER
from kg.outdir import Owner, clean_leftovers, exchange, leftovers, prepare, swap_into_place
from tests.conftest import OUTPUTS, ROOT, SEEDS
from tests.hostile_kit import GOOD, KG, build_args, run_kg

ESSAY = SEEDS / "essay-europe-guarantee-force.txt"


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every path under `folder` with its bytes (None for a folder): what a refusal must not
    touch."""
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else None
        for p in sorted(folder.rglob("*"))
    }


def dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


@pytest.fixture
def tree(tmp_path) -> Path:
    """arts/ with one article, notes/ a user's folder (with .git), a.txt a user's file."""
    (tmp_path / "arts").mkdir()
    (tmp_path / "arts" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "notes" / ".git").mkdir(parents=True)
    (tmp_path / "notes" / "todo.md").write_text("call the editor\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("my own file\n", encoding="utf-8")
    return tmp_path


# ------------------------------------------------------------------ kg build: refused up front


# (inputs, --out, cwd below the test folder, message); the first five are refused even with --force.
REFUSED = {
    "out-is-input": (["arts"], "arts", "", "is the input"),
    "out-contains-input": (["arts/a.txt"], "arts", "", "contains the input"),
    "out-inside-input": (["arts"], "arts/out", "", "lies inside the input"),
    "out-is-cwd": (["../arts"], ".", "notes", "is the folder you are in"),
    "out-above-cwd": (
        ["../../arts"],
        "..",
        "notes/.git",
        "is the folder you are in (or one above it)",
    ),
    "foreign-folder": (["arts"], "notes", "", "holds files kg did not write (.git, todo.md)"),
    "file": (["arts"], "a.txt", "", "is a file, not a folder kg wrote"),
}
FORCE_REPLACES = ("foreign-folder", "file")


@pytest.mark.parametrize(
    "case, force",
    [(case, False) for case in REFUSED]
    + [(case, True) for case in REFUSED if case not in FORCE_REPLACES],
    ids=lambda value: (
        {False: "plain", True: "force"}.get(value, value) if isinstance(value, bool) else value
    ),
)
def test_build_refuses_an_out_it_must_not_replace(tree, case, force):
    inputs, out, cwd, message = REFUSED[case]
    before = snapshot(tree)
    result = run_kg(
        "build",
        *inputs,
        "--out",
        out,
        "--no-cache",
        *(["--force"] if force else []),
        cwd=tree / cwd,
    )
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and message in errors[0] and f"--out {out}:" in errors[0], result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(tree) == before  # nothing deleted, nothing left behind


def test_a_device_or_fifo_is_never_replaced(tree, synthetic_build, capsys):
    os.mkfifo(tree / "pipe")
    result = run_kg("build", "arts", "--out", "pipe", "--no-cache", "--force", cwd=tree)
    assert result.returncode == 1 and "is not a folder or a regular file" in result.stderr
    assert (
        main(
            [
                "export",
                str(synthetic_build),
                "--format",
                "gexf",
                "--out",
                str(tree / "pipe"),
                "--force",
            ]
        )
        == 1
    )
    assert "is not a regular file" in capsys.readouterr().err
    assert (tree / "pipe").is_fifo() and not list(leftovers(tree / "pipe"))


def test_refusal_comes_before_any_article_is_read(tree, monkeypatch):
    import kg.pipeline

    def read_documents(*args, **kwargs):
        raise AssertionError("an article was read before --out was checked")

    monkeypatch.setattr(kg.pipeline, "read_documents", read_documents)
    with pytest.raises(OutputRefused, match="holds files kg did not write"):
        build([str(tree / "arts")], tree / "notes")


def test_failed_build_leaves_nothing_behind(tree):
    with pytest.raises(NoInputs):
        build([str(tree / "nothing-here")], tree / "new" / "out")
    assert sorted(p.name for p in tree.iterdir()) == ["a.txt", "arts", "notes"]


def test_out_below_a_file_is_refused_up_front(tree):
    from kg.errors import OutputNotWritable

    with pytest.raises(OutputNotWritable, match="a.txt is a file"):
        build([str(tree / "arts")], tree / "a.txt" / "out")


def test_build_failing_while_it_writes_stops_its_child_and_leaves_nothing(tree, monkeypatch):
    import multiprocessing

    import kg.export.rdf

    def explode(graph, folder, *, iris):
        raise RuntimeError("disk full")

    monkeypatch.setattr(kg.export.rdf, "write_rdf", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        build(
            [str(tree / "arts")], tree / "out", jobs=2
        )  # graph.html is written by a child meanwhile
    assert multiprocessing.active_children() == []
    assert sorted(p.name for p in tree.iterdir()) == ["a.txt", "arts", "notes"]


# ------------------------------------------------------------------ kg build: what it may replace


def test_empty_folder_and_own_output_are_built_into(tree):
    out = tree / "out"
    out.mkdir()
    build([str(tree / "arts")], out)
    assert (out / MARKER).is_file() and (out / "graph.nt").stat().st_size > 0
    first = (out / "graph.nt").read_bytes()
    build([str(tree / "arts")], out)  # its own output: replaced without --force
    assert (out / "graph.nt").read_bytes() == first
    assert sorted(p.name for p in tree.iterdir()) == ["a.txt", "arts", "notes", "out"]


def test_output_written_before_the_marker_is_still_kgs(tree, seeds_build):
    out = tree / "old-output"
    out.mkdir()
    for name in OUTPUTS:
        if name != MARKER and "/" not in name:
            shutil.copy(seeds_build / name, out / name)
    build([str(tree / "arts")], out)
    assert (out / MARKER).is_file()


def test_a_file_added_to_an_output_is_not_deleted_by_the_next_build(tree):
    out = tree / "out"
    build([str(tree / "arts")], out)
    assert (out / MARKER).read_text(encoding="utf-8").splitlines()[1:] == sorted(
        p.name for p in out.iterdir() if p.name != MARKER
    )
    (out / "my-notes.md").write_text("mine\n", encoding="utf-8")
    with pytest.raises(OutputRefused, match=r"kg did not write \(my-notes.md\)"):
        build([str(tree / "arts")], out)
    assert (out / "my-notes.md").read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize("out", ["notes", "a.txt"])
def test_force_replaces_what_kg_did_not_write(tree, out):
    build([str(tree / "arts")], tree / out, force=True)
    assert (tree / out / "graph.nt").is_file() and not (tree / out / "todo.md").exists()
    assert sorted(p.name for p in tree.iterdir()) == ["a.txt", "arts", "notes"]


def test_out_through_a_symbolic_link_builds_into_its_target(tree):
    (tree / "real").mkdir()
    (tree / "link").symlink_to("real")
    build([str(tree / "arts")], tree / "link")
    assert (tree / "link").is_symlink() and (tree / "real" / "graph.nt").is_file()


# ------------------------------------------------------------------ the swap


def kg_output(folder: Path, text: str) -> Path:
    folder.mkdir()
    (folder / "graph.nt").write_text(text, encoding="utf-8")
    outdir.write_marker(folder)
    return folder


@pytest.mark.skipif(outdir._renameat2() is None, reason="renameat2 is Linux-only")
def test_swap_is_one_atomic_exchange(tmp_path, monkeypatch):
    out = kg_output(tmp_path / "out", "old")
    staging = kg_output(tmp_path / ".out.building-x", "new")

    def rename(*args):
        raise AssertionError("a rename: the output would be missing between two of them")

    monkeypatch.setattr(os, "rename", rename)
    swap_into_place(staging, out)
    assert (out / "graph.nt").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_exchange_swaps_two_folders(tmp_path):
    a, b = kg_output(tmp_path / "a", "a"), kg_output(tmp_path / "b", "b")
    if not exchange(a, b):
        pytest.skip("no atomic exchange on this system")
    assert (a / "graph.nt").read_text() == "b" and (b / "graph.nt").read_text() == "a"


def test_build_stopped_between_two_renames_gets_its_output_back(tmp_path, monkeypatch):
    """Where there is no atomic exchange: killed after the first rename, the next build restores."""
    out = kg_output(tmp_path / "out", "old")
    staging = kg_output(tmp_path / ".out.building-x", "new")
    monkeypatch.setattr(kg.outdir, "exchange", lambda a, b: False)
    monkeypatch.setattr(
        kg.outdir.Owner,
        "this_process",
        classmethod(lambda cls: Owner(outdir._host_tag(), dead_pid(), 0)),
    )
    real_rename, renames = os.rename, []

    def killed_after_first(src, dst):
        if renames:
            raise KeyboardInterrupt  # stands for SIGKILL: nothing after this runs
        renames.append(dst)
        real_rename(src, dst)

    monkeypatch.setattr(os, "rename", killed_after_first)
    with pytest.raises(KeyboardInterrupt):
        swap_into_place(staging, out)
    monkeypatch.setattr(os, "rename", real_rename)
    assert not out.exists() and Path(renames[0]).name.startswith(".out.old-")
    target, notes = prepare(out, [], force=False)
    assert target == out.resolve() and (out / "graph.nt").read_text() == "old"
    assert len(notes) == 1 and "put back the previous output" in notes[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.building-x", "out"]


def test_next_build_removes_only_dead_builds_leftovers(tmp_path):
    out = kg_output(tmp_path / "out", "current")
    me = Owner.this_process()
    dead = Owner(me.host, dead_pid(), 0)
    names = {
        "dead-staging": f".out.building-{dead.tag()}-abc123",
        "dead-retired": f".out.old-{dead.tag()}-def456",
        "live-staging": f".out.building-{me.tag()}-ghi789",  # a build running now: never touched
        # a pid on another machine means nothing here
        "other-host": f".out.building-00000000-{dead.pid}-0-jkl012",
        "unowned-old": ".out.building-mno345",  # left by kg before owners were recorded
        "unowned-new": ".out.old-pqr678",
        "not-ours": ".out.notes",
    }
    for name in names.values():
        kg_output(tmp_path / name, name)
    hours_ago = time.time() - 2 * outdir.UNOWNED_GRACE_SECONDS
    os.utime(tmp_path / names["unowned-old"], (hours_ago, hours_ago))
    assert clean_leftovers(out) == []
    left = {p.name for p in tmp_path.iterdir()}
    assert left == {
        "out",
        names["live-staging"],
        names["other-host"],
        names["unowned-new"],
        names["not-ours"],
    }
    assert (out / "graph.nt").read_text() == "current"


# ------------------------------------------------------------------ kill and terminate


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def gone(pid: int) -> bool:
    """Exited: no process, or a zombie nobody reaps (an orphan's parent may not be a real init)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] in "ZX"
    except OSError:
        return True


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def busy_build(tmp_path: Path, jobs: int) -> tuple[subprocess.Popen, Path, Path]:
    """`kg build` of 24 copies of a seed essay, returned once the first document is extracted."""
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(24):
        shutil.copy(ESSAY, folder / f"essay-{n:02d}.txt")
    out, cache = tmp_path / "out", tmp_path / "cache"
    proc = subprocess.Popen(
        [*KG, *build_args(folder, out, cache=cache, jobs=jobs, more=("--batch-size", "1"))],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_until(lambda: proc.poll() is not None or any(p.is_file() for p in cache.rglob("*")), 120)
    assert proc.poll() is None, "the build finished before it could be stopped"
    return proc, out, cache


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds workers through /proc")
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_workers_exit_when_the_build_is_killed(tmp_path, signum):
    proc, out, _ = busy_build(tmp_path, jobs=2)
    workers = children_of(proc.pid)
    assert len(workers) >= 2
    proc.send_signal(signum)
    proc.wait(timeout=60)
    try:
        assert wait_until(lambda: all(gone(pid) for pid in workers), 20), (
            "a worker outlived the build"
        )
    finally:
        for pid in workers:
            if not gone(pid):
                os.kill(pid, signal.SIGKILL)
    if signum == signal.SIGTERM:  # unwound: exit 143, one line says why
        assert proc.returncode == 143 and "terminated" in proc.stderr.read()
    # Stopped while reading: nothing written yet (test_next_build_removes_only_dead_builds_leftovers
    # has what a build killed while writing leaves).
    assert not list(leftovers(out)) and not out.exists()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the child through /proc")
def test_graph_files_child_exits_when_the_build_is_killed(tmp_path):
    """The process that writes graph.html beside the RDF (--jobs > 1) dies with its parent too."""
    script = textwrap.dedent("""
        import sys, time
        from kg.pipeline import _beside
        with _beside(True, time.sleep, 600):
            print("started", flush=True)
            time.sleep(600)
    """)
    proc = subprocess.Popen(
        [sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "started"
    assert wait_until(lambda: children_of(proc.pid), 10)
    (child,) = children_of(proc.pid)
    proc.kill()
    proc.wait(timeout=10)
    try:
        assert wait_until(lambda: gone(child), 10), "the child outlived its parent"
    finally:
        if not gone(child):
            os.kill(child, signal.SIGKILL)


def _send_half_a_result(flag: str) -> None:
    """In a pool worker: the first bytes of a result message, as a worker killed while it sends one
    leaves."""
    import struct

    frame = sys._getframe()
    while frame.f_code.co_name != "_process_worker":
        frame = frame.f_back
    writer = frame.f_locals["result_queue"]._writer
    os.write(writer.fileno(), struct.pack("!i", 1000) + b"half")
    Path(flag).touch()


def _send_half_a_result_then_wait(flag: str) -> None:
    _send_half_a_result(flag)
    time.sleep(120)


def test_stopping_workers_mid_result_does_not_hang(tmp_path):
    """A worker killed while it sends a result left the pool's manager reading forever, so a stopped
    or failing --jobs build never exited (found by test_workers_exit_when_the_build_is_killed)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from kg.pipeline import _stop_workers

    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
    future = pool.submit(_send_half_a_result_then_wait, str(tmp_path / "sent"))
    assert wait_until(lambda: (tmp_path / "sent").exists(), 30)
    time.sleep(0.2)  # the manager thread is now reading the rest of the message
    manager = pool._executor_manager_thread
    try:
        _stop_workers(pool)
        assert not manager.is_alive()
        with pytest.raises(BrokenProcessPool):
            future.result(timeout=5)
    finally:
        if manager.is_alive():  # unstick it, or the test run would hang at exit
            pool._result_queue._writer.close()
        pool.shutdown(wait=True)


def _send_half_a_result_then_die(flag: str) -> None:
    _send_half_a_result(flag)
    os.kill(os.getpid(), signal.SIGKILL)


@pytest.mark.parametrize("worker", ["dies mid-result", "dies while working"])
def test_a_worker_that_dies_stops_the_build_with_a_message(tmp_path, monkeypatch, worker):
    """Killed by the out-of-memory killer, say: mid-result it left a --jobs build waiting
    forever."""
    import kg.pipeline
    from kg.errors import WorkerDied
    from kg.pipeline import process_mapper

    monkeypatch.setattr(kg.pipeline, "_load_state", lambda model: None)  # no spaCy in these workers
    fn = _send_half_a_result_then_die if worker == "dies mid-result" else _die
    with pytest.raises(WorkerDied, match="killed by signal 9.*fewer --jobs"):
        list(process_mapper(2)(fn, iter([(str(tmp_path / "sent"),), (str(tmp_path / "other"),)])))


def _die(flag: str) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


# ------------------------------------------------------------------ kg export


def export(build_dir: Path, fmt: str, out: Path, *extra: str) -> int:
    return main(["export", str(build_dir), "--format", fmt, "--out", str(out), "--quiet", *extra])


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "nodelink"])
def test_export_overwrites_its_own_file_only(synthetic_build, tmp_path, capsys, fmt):
    own = tmp_path / f"graph.{fmt}"
    assert export(synthetic_build, fmt, own) == 0 and tables.is_signed(own)
    assert export(synthetic_build, fmt, own) == 0
    article = tmp_path / "article.txt"
    article.write_text(GOOD, encoding="utf-8")
    assert export(synthetic_build, fmt, article) == 1
    assert "not written by kg export" in capsys.readouterr().err
    assert article.read_text(encoding="utf-8") == GOOD
    assert export(synthetic_build, fmt, article, "--force") == 0 and tables.is_signed(article)


@pytest.mark.parametrize("name", ["graph.nt", "graph.json", "report.json", "new.gexf", ".kg-build"])
@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_export_never_writes_into_a_build(seeds_build, tmp_path, capsys, name, force):
    before = snapshot(seeds_build)
    assert export(seeds_build, "gexf", seeds_build / name, *(["--force"] if force else [])) == 1
    assert "lies inside the build folder" in capsys.readouterr().err
    link = tmp_path / "link.gexf"
    link.symlink_to(seeds_build / "graph.nt")
    assert export(seeds_build, "gexf", link, *(["--force"] if force else [])) == 1
    assert snapshot(seeds_build) == before


def test_export_does_not_write_into_another_build(seeds_build, synthetic_build, capsys):
    """A build folder is known by its marker, whichever build is being exported."""
    before = snapshot(seeds_build)
    assert export(synthetic_build, "csv", seeds_build / "tables", "--force") == 1
    assert "lies inside the build folder" in capsys.readouterr().err
    assert snapshot(seeds_build) == before


def test_export_tables_only_into_a_new_empty_or_own_folder(synthetic_build, tmp_path, capsys):
    folder = tmp_path / "tables"
    assert export(synthetic_build, "csv", folder) == 0 and (folder / EXPORT_MARKER).is_file()
    assert export(synthetic_build, "csv", folder) == 0
    (tmp_path / "empty").mkdir()
    assert export(synthetic_build, "csv", tmp_path / "empty") == 0
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "actors.csv").write_text("my,own\n", encoding="utf-8")
    assert export(synthetic_build, "csv", mine) == 1
    assert "did not write" in capsys.readouterr().err
    assert (mine / "actors.csv").read_text(encoding="utf-8") == "my,own\n"
    assert export(synthetic_build, "csv", mine, "--force") == 0


def test_export_to_a_folder_of_a_graph_format_is_refused(synthetic_build, tmp_path, capsys):
    assert export(synthetic_build, "gexf", tmp_path) == 1
    assert "is a folder" in capsys.readouterr().err


def test_failed_export_leaves_the_previous_file(synthetic_build, tmp_path, monkeypatch):
    from networkx.readwrite.gexf import GEXFWriter

    own = tmp_path / "graph.gexf"
    assert export(synthetic_build, "gexf", own) == 0
    before = own.read_bytes()

    def write_half(self, handle):
        handle.write(before[: len(before) // 2])
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(GEXFWriter, "write", write_half)
    assert export(synthetic_build, "gexf", own) == 1
    assert own.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["graph.gexf"]
