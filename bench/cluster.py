"""Throughput of `kg build --scheduler local` (a Dask LocalCluster) against `--jobs 2` and
`--jobs 1`, and the time and memory of the client-side stages (resolve, graph, export, store).

    .venv/bin/python bench/cluster.py [--scale 5] [--workers 2] [--repeat 1]

On ../shared/corpus/guardian-ukraine-2022.jsonl replicated `--scale` times with distinct ids, it
runs each build from a fresh process and prints wall time, words per second, the ratio to
`--jobs 2`, and the peak RSS of the largest process (the build's, or one of the cluster's workers,
which are children of the build). The `--jobs 2` build also fills an extraction cache; the other
two read none. Right after it, the client-side stages alone: the corpus rebuilt from that cache
(no model is loaded, nothing is parsed), at scale 1 and `--scale`, their seconds and peak RSS, per
100k facts (statements, commitments and posts) and per million triples. Last, every output file
(the store's manifest included) is checked byte-identical across the builds.

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

from kg.filenames import BYTE_STABLE_FILES

# A build in-process that prints its stage timings and counts as JSON (kg build prints the total).
TIMED_BUILD = """
import json, sys
from pathlib import Path
from kg.pipeline import BuildConfig, build
r = build([sys.argv[1]], Path(sys.argv[2]), BuildConfig(cache_dir=Path(sys.argv[3]),
          release_model=True, jobs=1))
report = json.loads((Path(sys.argv[2]) / "report.json").read_text())
print(json.dumps({"timings": r.timings, "counts": r.counts, "triples": report["triples"]}))
"""


def load() -> str:
    return f"load {os.getloadavg()[0]:.2f}"


def client_stages(rows: list[dict], top: int, work: Path, cache: Path, name: str) -> None:
    """Seconds and peak RSS of resolve, graph, export and store: builds served from the cache of
    the `top`x corpus, in a fresh process each. The 1x corpus is its first replica under the same
    file name `name`: the same document ids and texts, so the same cache keys."""
    print("client-side stages (rebuilt from the cache: no model, no parse)", flush=True)
    for scale in sorted({1, top}):
        corpus = work / f"client-{scale}x" / name
        corpus.parent.mkdir()
        replicate(rows, scale, corpus)
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
        cache = work / "cache"
        # --jobs N first: it also fills the extraction cache the client-side stages are timed from
        # (writing the cache costs it about one per cent); the other two read no cache.
        runs = {
            f"--jobs {args.workers}": ["--jobs", str(args.workers), "--cache-dir", str(cache)],
            f"--scheduler local ({args.workers} workers)": [
                "--scheduler",
                "local",
                "--jobs",
                str(args.workers),
                "--no-cache",
            ],
            "--jobs 1": ["--jobs", "1", "--no-cache"],
        }
        walls: dict[str, list[float]] = {name: [] for name in runs}
        peaks: dict[str, float] = {name: 0.0 for name in runs}
        outs: list[Path] = []
        for round_ in range(args.repeat):
            for n, (name, flags) in enumerate(runs.items()):
                if round_:  # a fresh cache each round: a filled one would be read, not timed
                    flags = [f if f != str(cache) else str(work / f"cache-{round_}") for f in flags]
                out = work / f"out-{n}"
                before = load()
                wall, peak, _ = peak_rss_of([*KG, "build", str(path), "--out", str(out), *flags])
                walls[name].append(wall)
                peaks[name] = max(peaks[name], peak)
                outs.append(out)
                print(f"  {name}: {wall:.1f} s ({before}, after {load()})", flush=True)
                if n == 0 and round_ == 0:
                    client_stages(rows, args.scale, work, cache, path.name)
        reference = statistics.median(walls[f"--jobs {args.workers}"])
        print(f"{'build':32} {'wall s':>8} {'words/s':>8} {'vs jobs ' + str(args.workers):>10}")
        for name in runs:
            wall = statistics.median(walls[name])
            print(
                f"{name:32} {wall:8.1f} {words / wall:8.0f} {reference / wall:10.2f}"
                f"   peak RSS of the largest process {peaks[name]:.0f} MiB"
            )
        first = outs[0]
        same = all(
            (first / f).read_bytes() == (o / f).read_bytes()
            for o in outs
            for f in BYTE_STABLE_FILES
        )
        print(f"outputs byte-identical across the {len(outs)} builds: {same}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
