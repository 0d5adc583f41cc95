"""Throughput, memory and incremental rebuild of `kg build` against bare spaCy.

    .venv/bin/python bench/throughput.py [--scales 1 5 25] [--jobs 1 2] [--repeat 3] [--kg-nlp]

On ../shared/corpus/guardian-ukraine-2022.jsonl (188 articles), replicated with distinct ids to
5x and 25x, it prints for each scale: words per second of bare spaCy `nlp.pipe` (same model, same
texts), of `kg build` end to end (model loading and export included) at each --jobs, their ratio,
and peak RSS; then the time of an incremental rebuild after adding one article to the 188.
Every figure comes from a fresh process, so one run does not warm the next.

This machine's speed drifts by up to a tenth over minutes, so one run of each can put the ratio
anywhere from 0.8 to 0.95. Each scale therefore runs `--repeat` rounds, each round bare spaCy then
every kg build back to back; a ratio is taken within a round and the median over rounds is printed,
with the lowest and highest. `--kg-nlp` adds kg's own spaCy pipeline (its entity rulers, paragraph
breaks and lemma index: `kg.nlp.load_pipeline`) piped alone, to show how much of the gap is parsing.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "guardian-ukraine-2022.jsonl"
KG = [sys.executable, "-m", "kg"]

# Seconds of `nlp.pipe` over the texts of a JSONL file, the pipeline loaded by {load} (not timed).
PIPE_SECONDS = """
import json, sys, time
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
{load}
start = time.perf_counter()
for _ in nlp.pipe(texts, batch_size=16):
    pass
print(time.perf_counter() - start)
"""
BARE_SPACY = PIPE_SECONDS.format(
    load="import spacy\nfrom kg.paths import DEFAULT_MODEL\nnlp = spacy.load(DEFAULT_MODEL)"
)
KG_NLP = PIPE_SECONDS.format(load="from kg.nlp import load_pipeline\nnlp = load_pipeline()")


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
        "t = time.perf_counter(); p = subprocess.run(sys.argv[1:], capture_output=True, "
        "text=True)\n"
        "w = time.perf_counter() - t\n"
        "print(json.dumps({'rc': p.returncode, 'wall': w, 'rss': "
        "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 'out': p.stdout, "
        "'err': p.stderr[-2000:]}))\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", wrapper, *cmd], capture_output=True, text=True, cwd=ROOT
    )
    data = json.loads(res.stdout)
    if data["rc"] != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{data['err']}")
    return data["wall"], data["rss"], data["out"]


def spread(values: list[float]) -> str:
    """The median of values, with the lowest and highest when there are several."""
    mid = statistics.median(values)
    return f"{mid:.2f}" if len(values) == 1 else f"{mid:.2f} ({min(values):.2f}-{max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--scales", type=int, nargs="*", default=[1, 5, 25], help="none: only the rebuild"
    )
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="rounds per scale and for the rebuild (median printed)",
    )
    parser.add_argument("--kg-nlp", action="store_true", help="also time kg's spaCy pipeline alone")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()

    rows = [json.loads(line) for line in open(args.corpus, encoding="utf-8") if line.strip()]
    # The corpus repeats a few articles verbatim under the same id; kg skips such repeats with a
    # warning, so both sides are measured on the unique articles.
    rows = list({row["id"]: row for row in reversed(rows)}.values())[::-1]
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    print(
        f"corpus: {args.corpus.name}, {len(rows)} articles; cores: {os.cpu_count()}; rounds: "
        f"{args.repeat}"
    )
    print(
        "words per second (median of rounds); ratio to bare spaCy: median (lowest-highest) of the "
        "rounds' ratios"
    )
    header = f"{'scale':>5} {'articles':>8} {'words':>9} | {'spaCy w/s':>9} | "
    if args.kg_nlp:
        header += "kg nlp w/s  ratio | "
    print(header + " | ".join(f"kg j{j} w/s  ratio  RSS MiB" for j in args.jobs), flush=True)
    try:
        for scale in args.scales:
            path = work / f"corpus-{scale}x.jsonl"
            words = replicate(rows, scale, path)
            bare: list[float] = []
            nlp_only: list[float] = []
            kg: dict[int, list[float]] = {j: [] for j in args.jobs}
            rss: dict[int, float] = {j: 0.0 for j in args.jobs}
            for _ in range(args.repeat):
                _, _, out = peak_rss_of([sys.executable, "-c", BARE_SPACY, str(path)])
                bare.append(words / float(out.strip()))
                if args.kg_nlp:
                    _, _, out = peak_rss_of([sys.executable, "-c", KG_NLP, str(path)])
                    nlp_only.append(words / float(out.strip()))
                for jobs in args.jobs:
                    wall, peak, _ = peak_rss_of(
                        [
                            *KG,
                            "build",
                            str(path),
                            "--out",
                            str(work / "out"),
                            "--jobs",
                            str(jobs),
                            "--no-cache",
                            "--quiet",
                        ]
                    )
                    kg[jobs].append(words / wall)
                    rss[jobs] = max(rss[jobs], peak)
            cells = [
                f"{statistics.median(kg[j]):>9.0f} "
                f"{spread([k / b for k, b in zip(kg[j], bare)]):>6} {rss[j]:>8.0f}"
                for j in args.jobs
            ]
            line = (
                f"{scale:>5} {len(rows) * scale:>8} {words:>9} | {statistics.median(bare):>9.0f} | "
            )
            if args.kg_nlp:
                line += (
                    f"{statistics.median(nlp_only):>10.0f} "
                    f"{spread([n / b for n, b in zip(nlp_only, bare)])} | "
                )
            print(line + " | ".join(cells), flush=True)

        # Incremental: a full build with a fresh cache, then the same corpus plus one article.
        shares: list[float] = []
        for round_ in range(args.repeat):
            base = work / f"incremental-{round_}.jsonl"
            replicate(rows, 1, base)
            cache = work / f"cache-{round_}"
            build = [*KG, "build", str(base), "--out", str(work / "inc"), "--jobs", "1"]
            build += ["--cache-dir", str(cache), "--quiet"]
            full, _, _ = peak_rss_of(build)
            extra = dict(
                rows[0],
                id="added-article",
                text=rows[0]["text"] + "\n\nThis article was added later.",
            )
            with open(base, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(extra, ensure_ascii=False) + "\n")
            again, _, _ = peak_rss_of(build)  # the same command, on the grown corpus
            shares.append(again / full)
            print(
                f"incremental rebuild after adding 1 article to {len(rows)}: {again:.1f}s vs full "
                f"build {full:.1f}s = {again / full:.1%}",
                flush=True,
            )
        print(f"incremental rebuild share of a full build: {spread([100 * s for s in shares])} %")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
