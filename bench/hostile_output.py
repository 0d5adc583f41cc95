"""Hostile output paths (issue 14), measured on one or two kg checkouts side by side (a benchmark,
not a test: tests/test_hostile_output.py holds the regression tests).

Each case runs `python -m kg` (or a few lines of kg's own code) with PYTHONPATH set to a checkout,
in a fresh temporary folder, and says what became of the user's files, the output folder, the
temporary folders and the worker processes.

    .venv/bin/python bench/hostile_output.py [--before CHECKOUT] [--after CHECKOUT]

`--after` defaults to this checkout; give `--before` (e.g. a checkout of main) for a before column.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
SEEDS = HERE / "seeds"
ESSAY = SEEDS / "essay-europe-guarantee-force.txt"
GOOD = (
    "Germany pledged more air defence systems to Ukraine, Chancellor Friedrich Merz said on "
    "Monday.\n"
)


class Checkout:
    def __init__(self, root: Path):
        self.root = root
        self.env = {**os.environ, "PYTHONPATH": str(root)}

    def kg(
        self, *args: str, cwd: Path, timeout: int = 300
    ) -> tuple[subprocess.CompletedProcess, float]:
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "kg", *args],
            cwd=cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        return result, time.perf_counter() - started

    def python(self, code: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code), *args],
            cwd=cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )


def articles(folder: Path, copies: int = 2) -> Path:
    folder.mkdir()
    for n in range(copies):
        (folder / f"a{n}.txt").write_text(GOOD, encoding="utf-8")
    return folder


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".building-" in p.name or ".old-" in p.name)


def outcome(result: subprocess.CompletedProcess, seconds: float) -> str:
    return f"exit {result.returncode} in {seconds:.1f}s"


# ------------------------------------------------------------------ cases


def out_is_input(kg: Checkout, tmp: Path) -> str:
    articles(tmp / "arts")
    result, seconds = kg.kg("build", "arts", "--out", "arts", "--no-cache", "--quiet", cwd=tmp)
    left = sorted(p.name for p in (tmp / "arts").iterdir() if p.suffix == ".txt")
    return f"{outcome(result, seconds)}; articles left {len(left)}/2"


def out_holds_user_files(kg: Checkout, tmp: Path) -> str:
    articles(tmp / "arts")
    (tmp / "project" / ".git").mkdir(parents=True)
    (tmp / "project" / "notes.md").write_text("mine\n", encoding="utf-8")
    result, seconds = kg.kg(
        "build", str(SEEDS), "--out", "project", "--no-cache", "--quiet", cwd=tmp
    )
    kept = [n for n in (".git", "notes.md") if (tmp / "project" / n).exists()]
    return f"{outcome(result, seconds)}; user files left {len(kept)}/2"


def out_is_a_file(kg: Checkout, tmp: Path) -> str:
    articles(tmp / "arts")
    (tmp / "a.txt").write_text("mine\n", encoding="utf-8")
    result, seconds = kg.kg("build", "arts", "--out", "a.txt", "--no-cache", "--quiet", cwd=tmp)
    state = "still the user's file" if (tmp / "a.txt").is_file() else "replaced by a folder"
    return f"{outcome(result, seconds)}; a.txt {state}"


def out_is_cwd(kg: Checkout, tmp: Path) -> str:
    articles(tmp / "arts")
    (tmp / "work").mkdir()
    result, seconds = kg.kg(
        "build", "../arts", "--out", ".", "--no-cache", "--quiet", cwd=tmp / "work"
    )
    left = temporaries(tmp) + temporaries(tmp / "work")
    first = (result.stderr.strip().splitlines() or [""])[-1][:60]
    return f"{outcome(result, seconds)}; temporary folders left {len(left)}; {first!r}"


def export_over_a_file(kg: Checkout, tmp: Path) -> str:
    articles(tmp / "arts")
    kg.kg("build", "arts", "--out", "out", "--no-cache", "--quiet", cwd=tmp)
    (tmp / "article.txt").write_text(GOOD, encoding="utf-8")
    nt = (tmp / "out" / "graph.nt").read_bytes()
    user, _ = kg.kg("export", "out", "--format", "gexf", "--out", "article.txt", "--quiet", cwd=tmp)
    own, _ = kg.kg("export", "out", "--format", "gexf", "--out", "out/graph.nt", "--quiet", cwd=tmp)
    article = "kept" if (tmp / "article.txt").read_text(encoding="utf-8") == GOOD else "overwritten"
    graph_nt = "kept" if (tmp / "out" / "graph.nt").read_bytes() == nt else "overwritten"
    return (
        f"article.txt: exit {user.returncode}, {article}; out/graph.nt: exit {own.returncode}, "
        f"{graph_nt}"
    )


SWAP_STOPPED = """
    import os, sys
    from pathlib import Path
    import kg.pipeline
    if sys.argv[2] == "two-renames":  # as on a system or file system without an atomic exchange
        try:
            import kg.outdir
            kg.outdir.exchange = lambda a, b: False
        except ImportError:
            pass  # main: two renames always
    base = Path(sys.argv[1])
    for name, text in (("out", "old"), (".out.building-x", "new")):
        (base / name).mkdir()
        (base / name / "graph.nt").write_text(text)
        try:
            from kg.outdir import write_marker
            write_marker(base / name)
        except ImportError:
            pass  # main: no marker
    rename, done = os.rename, []
    def killed_after_the_first(src, dst):
        if done:
            os._exit(9)  # SIGKILL here: nothing after this runs
        done.append(dst)
        rename(src, dst)
    os.rename = killed_after_the_first
    kg.pipeline.swap_into_place(base / ".out.building-x", base / "out")
"""
NEXT_RUN = """
    import sys
    from pathlib import Path
    from kg.outdir import prepare
    prepare(Path(sys.argv[1]) / "out", [])  # raises if what it put back were not kg's
"""


def swap_stopped(kg: Checkout, tmp: Path, mode: str) -> str:
    kg.python(SWAP_STOPPED, str(tmp), mode, cwd=tmp)
    state = "out/ present" if (tmp / "out").is_dir() else "NO out/"
    if not (tmp / "out").is_dir() and (kg.root / "kg" / "outdir.py").exists():
        next_run = kg.python(NEXT_RUN, str(tmp), cwd=tmp)
        back = next_run.returncode == 0 and (tmp / "out" / "graph.nt").read_text() == "old"
        state += ", the next run puts it back" if back else ", not recovered"
    return (
        f"{state}; temporary folders {len([n for n in temporaries(tmp) if '.old-' in n])} "
        ".out.old-*"
    )


def swap_stopped_atomic(kg: Checkout, tmp: Path) -> str:
    return swap_stopped(kg, tmp, "atomic")


def swap_stopped_two_renames(kg: Checkout, tmp: Path) -> str:
    return swap_stopped(kg, tmp, "two-renames")


def stale_temporaries(kg: Checkout, tmp: Path) -> str:
    """Folders a killed build left beside an existing output, named and laid out as the checkout
    leaves them (a staging folder, and a retired previous output), 1 MB each."""
    articles(tmp / "arts")
    kg.kg("build", "arts", "--out", "out", "--no-cache", "--quiet", cwd=tmp)
    dead = subprocess.Popen(["true"])
    dead.wait()
    named = kg.python(
        """
        import sys
        try:
            from kg.outdir import Owner
        except ImportError:  # main: no owner in the name, the retired output one level down
            print(".out.building-abc123_x .out.old-def456_y/out")
        else:
            me = Owner.this_process()
            dead = Owner(me.host, int(sys.argv[1]), 0).tag()
            print(f".out.building-{dead}-abc123 .out.old-{dead}-def456")
    """,
        str(dead.pid),
        cwd=tmp,
    ).stdout.split()
    for name in named:
        shutil.copytree(tmp / "out", tmp / name)
        (tmp / name / "graph.html").write_bytes(b"x" * 1_000_000)
    result, _ = kg.kg("build", "arts", "--out", "out", "--no-cache", "--quiet", cwd=tmp)
    return (
        f"exit {result.returncode}; left after the next build: {len(temporaries(tmp))} of "
        f"{len(named)}"
    )


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.add(int(entry.name))
            except (OSError, ValueError, IndexError):
                pass
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in "ZX"
    except OSError:
        return False


def stopped_parallel_build(kg: Checkout, tmp: Path, signum: int) -> str:
    folder = tmp / "in"
    folder.mkdir()
    for n in range(24):
        shutil.copy(ESSAY, folder / f"essay-{n:02d}.txt")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kg",
            "build",
            "in",
            "--out",
            "out",
            "--cache-dir",
            "cache",
            "--jobs",
            "2",
            "--batch-size",
            "1",
        ],
        cwd=tmp,
        env=kg.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while (
        time.monotonic() < deadline
        and proc.poll() is None
        and not any(p.is_file() for p in (tmp / "cache").rglob("*"))
    ):
        time.sleep(0.05)
    workers = children(proc.pid)
    proc.send_signal(signum)
    try:
        code = proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        code = "hung"
    time.sleep(10)
    survivors = [pid for pid in workers if alive(pid)]
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    return (
        f"exit {code}; workers alive 10s later: {len(survivors)}/{len(workers)}; temporary "
        f"folders {len(temporaries(tmp))}"
    )


CASES: list[tuple[str, Callable[[Checkout, Path], str]]] = [
    ("kg build arts --out arts", out_is_input),
    ("--out a folder with .git and notes", out_holds_user_files),
    ("--out an existing file a.txt", out_is_a_file),
    ("--out . (the folder you are in)", out_is_cwd),
    ("kg export --out article.txt / out/graph.nt", export_over_a_file),
    ("swap stopped after its first rename (Linux)", swap_stopped_atomic),
    ("swap stopped after its first rename (no exchange)", swap_stopped_two_renames),
    ("temporary folders of a killed build (2 x 1 MB)", stale_temporaries),
    (
        "SIGKILL to kg build --jobs 2",
        lambda kg, tmp: stopped_parallel_build(kg, tmp, signal.SIGKILL),
    ),
    (
        "SIGTERM to kg build --jobs 2",
        lambda kg, tmp: stopped_parallel_build(kg, tmp, signal.SIGTERM),
    ),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="a kg checkout to compare with (e.g. main)")
    parser.add_argument(
        "--after", type=Path, default=HERE, help="the kg checkout to measure (default: this one)"
    )
    args = parser.parse_args()
    checkouts = [("before", Checkout(args.before.resolve()))] if args.before else []
    checkouts.append(("after", Checkout(args.after.resolve())))
    print("| case | " + " | ".join(f"{label} ({c.root})" for label, c in checkouts) + " |")
    print("|---|" + "---|" * len(checkouts))
    for name, case in CASES:
        cells = []
        for _, checkout in checkouts:
            with tempfile.TemporaryDirectory(prefix="kg-hostile-output-") as tmp:
                cells.append(case(checkout, Path(tmp)))
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
