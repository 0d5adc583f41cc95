"""Throughput of `kg build --scheduler local` (a Dask LocalCluster) against `--jobs 2` and
`--jobs 1`, and the time and memory of the client-side stages (resolve, graph, export, store).

    .venv/bin/python bench/cluster.py [--scale 5] [--workers 2] [--repeat 1]

On ../shared/corpus/guardian-ukraine-2022.jsonl replicated `--scale` times with distinct ids, it
runs each build from a fresh process with --no-cache and prints wall time, words per second, the
ratio to `--jobs 2`, and peak RSS (of the build process and its children: the cluster's workers
are children of the build). It then checks that every output file (the store's manifest included)
is byte-identical across the three. Last, the client-side stages alone: the same corpus rebuilt
from the extraction cache (no model is loaded, nothing is parsed), at scale 1 and `--scale`, their
seconds and peak RSS, per 100k facts (statements, commitments and posts) and per million triples.

The machine may be shared: the load average before and after each run is printed with it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from throughput import CORPUS, KG, peak_rss_of, replicate

COMPARED = (
    "graph.nt",
    "graph.ttl",
    "graph.jsonld",
    "graph.json",
    "graph.html",
    "report.json",
    "store/manifest.json",
    ".kg-build",
)
# A build in-process that prints its stage timings and counts as JSON (kg build prints the total).
TIMED_BUILD = """
import json, sys
from pathlib import Path
from kg.pipeline import BuildConfig, build
r = build([sys.argv[1]], Path(sys.argv[2]), BuildConfig(cache_dir=Path(sys.argv[3]),
          release_model=True, jobs=1))
print(json.dumps({"timings": r.timings, "counts": r.counts,
                  "triples": json.loads((Path(sys.argv[2]) / "report.json").read_text())["triples"]}))
"""


def load() -> str:
    return f"load {os.getloadavg()[0]:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster workers and --jobs")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()

    rows = [json.loads(line) for line in open(args.corpus, encoding="utf-8") if line.strip()]
    rows = list({row["id"]: row for row in reversed(rows)}.values())[::-1]
    work = Path(tempfile.mkdtemp(prefix="kg-bench-cluster-"))
    try:
        path = work / f"corpus-{args.scale}x.jsonl"
        words = replicate(rows, args.scale, path)
        print(
            f"corpus: {args.corpus.name} x{args.scale}: {len(rows) * args.scale} articles, "
            f"{words:,} words; cores: {os.cpu_count()}; rounds: {args.repeat}",
            flush=True,
        )
        runs = {
            f"--scheduler local ({args.workers} workers)": [
                "--scheduler",
                "local",
                "--jobs",
                str(args.workers),
            ],
            f"--jobs {args.workers}": ["--jobs", str(args.workers)],
            "--jobs 1": ["--jobs", "1"],
        }
        walls: dict[str, list[float]] = {name: [] for name in runs}
        peaks: dict[str, float] = {name: 0.0 for name in runs}
        for _ in range(args.repeat):
            for name, flags in runs.items():
                out = work / name.split()[0].strip("-") / name.split()[-1].strip("()")
                before = load()
                wall, peak, _ = peak_rss_of(
                    [*KG, "build", str(path), "--out", str(out), *flags, "--no-cache", "--quiet"]
                )
                walls[name].append(wall)
                peaks[name] = max(peaks[name], peak)
                print(f"  {name}: {wall:.1f} s ({before}, after {load()})", flush=True)
        reference = statistics.median(walls[f"--jobs {args.workers}"])
        print(f"{'build':32} {'wall s':>8} {'words/s':>8} {'vs jobs ' + str(args.workers):>10}")
        for name in runs:
            wall = statistics.median(walls[name])
            print(
                f"{name:32} {wall:8.1f} {words / wall:8.0f} {reference / wall:10.2f}"
                f"   peak RSS of the largest process {peaks[name]:.0f} MiB"
            )
        outs = [p for p in work.rglob(".kg-build")]
        first = outs[0].parent
        same = all(
            (first / f).read_bytes() == (o.parent / f).read_bytes() for o in outs for f in COMPARED
        )
        print(f"outputs byte-identical across the {len(outs)} builds: {same}", flush=True)

        print("client-side stages (rebuilt from the cache: no model, no parse)")
        for scale in sorted({1, args.scale}):
            corpus = work / f"client-{scale}x.jsonl"
            replicate(rows, scale, corpus)
            cache = work / f"cache-{scale}"
            filled = [*KG, "build", str(corpus), "--out", str(work / "fill")]
            peak_rss_of([*filled, "--cache-dir", str(cache), "--jobs", "2", "--quiet"])
            script = [sys.executable, "-c", TIMED_BUILD, str(corpus), str(work / "client")]
            wall, peak, out = peak_rss_of([*script, str(cache)])
            data = json.loads(out)
            facts = sum(data["counts"].get(k, 0) for k in ("statement", "commitment", "post"))
            t = data["timings"]
            client = t["resolve_graph"] + t["export"] + t.get("store", 0.0)
            print(
                f"  x{scale}: {facts:,} facts, {data['triples']:,} triples: resolve+graph "
                f"{t['resolve_graph']:.1f} s, export {t['export']:.1f} s, store "
                f"{t.get('store', 0):.1f} s, reading the cache {t['ingest_nlp_extract']:.1f} s; "
                f"peak RSS {peak:.0f} MiB; per 100k facts {client / facts * 1e5:.0f} s; per 1M "
                f"triples {client / data['triples'] * 1e6:.0f} s ({load()})",
                flush=True,
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
