"""Throughput, memory and incremental rebuild of `kg build` against bare spaCy.

    .venv/bin/python bench/throughput.py [--scales 1 5 25] [--jobs 1 2]

On ../shared/corpus/guardian-ukraine-2022.jsonl (188 articles), replicated with distinct ids to
5x and 25x, it prints for each scale: words per second of bare spaCy `nlp.pipe` (same model, same
texts), of `kg build` end to end (model loading and export included) at each --jobs, their ratio,
and peak RSS; then the time of an incremental rebuild after adding one article to the 188.
Every figure comes from a fresh process, so one run does not warm the next.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "guardian-ukraine-2022.jsonl"
KG = [sys.executable, "-m", "kg"]

BARE_SPACY = """
import json, sys, time, spacy
from kg.paths import DEFAULT_MODEL
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
nlp = spacy.load(DEFAULT_MODEL)
start = time.perf_counter()
for _ in nlp.pipe(texts, batch_size=16):
    pass
print(time.perf_counter() - start)
"""


def replicate(rows: list[dict], times: int, path: Path) -> int:
    words = 0
    with open(path, "w", encoding="utf-8") as fh:
        for n in range(times):
            for row in rows:
                copy = dict(row, id=f"{row['id']}-r{n}")
                words += len(row["text"].split())
                fh.write(json.dumps(copy, ensure_ascii=False) + "\n")
    return words


def peak_rss_of(cmd: list[str]) -> tuple[float, float, str]:
    # RUSAGE_CHILDREN accumulates over every child this process waited for, so each measured
    # command runs under its own small wrapper process that reports only its own children.
    wrapper = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter(); p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "w = time.perf_counter() - t\n"
        "print(json.dumps({'rc': p.returncode, 'wall': w, 'rss': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 'out': p.stdout, 'err': p.stderr[-2000:]}))\n"
    )
    res = subprocess.run([sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True, cwd=ROOT)
    data = json.loads(res.stdout)
    if data["rc"] != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{data['err']}")
    return data["wall"], data["rss"], data["out"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 5, 25])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()

    rows = [json.loads(line) for line in open(args.corpus, encoding="utf-8") if line.strip()]
    # The corpus repeats a few articles verbatim under the same id; kg skips such repeats with a
    # warning, so both sides are measured on the unique articles.
    rows = list({row["id"]: row for row in reversed(rows)}.values())[::-1]
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    print(f"corpus: {args.corpus.name}, {len(rows)} articles; cores: {os.cpu_count()}")
    print(f"{'scale':>5} {'articles':>8} {'words':>9} | {'spaCy w/s':>9} | " + " | ".join(f"kg j{j} w/s  ratio  RSS MiB" for j in args.jobs))
    try:
        for scale in args.scales:
            path = work / f"corpus-{scale}x.jsonl"
            words = replicate(rows, scale, path)
            bare_wall, _, out = peak_rss_of([sys.executable, "-c", BARE_SPACY, str(path)])
            bare = words / float(out.strip())
            cells = []
            for jobs in args.jobs:
                wall, rss, _ = peak_rss_of([*KG, "build", str(path), "--out", str(work / "out"), "--jobs", str(jobs), "--no-cache", "--quiet"])
                cells.append(f"{words / wall:>9.0f} {words / wall / bare:>6.2f} {rss:>8.0f}")
            print(f"{scale:>5} {len(rows) * scale:>8} {words:>9} | {bare:>9.0f} | " + " | ".join(cells), flush=True)

        # Incremental: a full build with the cache, then the same corpus plus one article.
        base = work / "incremental.jsonl"
        replicate(rows, 1, base)
        cache = work / "cache"
        full, _, _ = peak_rss_of([*KG, "build", str(base), "--out", str(work / "inc"), "--jobs", "1", "--cache-dir", str(cache), "--quiet"])
        extra = dict(rows[0], id="added-article", text=rows[0]["text"] + "\n\nThis article was added later.")
        with open(base, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(extra, ensure_ascii=False) + "\n")
        again, _, _ = peak_rss_of([*KG, "build", str(base), "--out", str(work / "inc"), "--jobs", "1", "--cache-dir", str(cache), "--quiet"])
        print(f"incremental rebuild after adding 1 article to {len(rows)}: {again:.1f}s vs full build {full:.1f}s = {again / full:.0%}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
