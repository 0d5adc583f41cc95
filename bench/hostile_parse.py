"""Hostile parse and cache cases, timed: one line per case with seconds, peak memory and outcome.

    python bench/hostile_parse.py                      # this checkout
    python bench/hostile_parse.py --tree /path/to/old  # another checkout of kg: the "before"
    figures python bench/hostile_parse.py --only brackets,rebuild

Each case runs `kg build` in a subprocess (PYTHONPATH=--tree) under /usr/bin/time, bounded by
--timeout. The cases:
  brackets   10,000 nested brackets without spaces in one sentence (20 KB)
  long       one 2.5 MB article (the Guardian corpus three times over, as one file, no paragraph
  repeated) oneparagraph  500 KB of the Guardian's articles as one paragraph (the window pronouns
  look back through) overlimit  5.2 million characters, most of them blank, with --max-chars 6000000
  (past spaCy's max_length) planted    a pickle planted in every cache file: does the rebuild run
  it? rebuild    the Guardian corpus rebuilt from a warm cache (--jobs 1), best of 3
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "guardian-ukraine-2022.jsonl"
GOOD = (
    "Germany pledged more air defence systems to Ukraine, Chancellor Friedrich Merz said on "
    "Monday.\n"
)


def kg_build(tree: Path, inputs: list[Path], out: Path, *extra: str, timeout: float) -> dict:
    """Run `kg build`; seconds, peak RSS (MB), exit code and the last line of stderr."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [
        "/usr/bin/time",
        "-f",
        "kg-bench-rss %M",
        sys.executable,
        "-m",
        "kg",
        "build",
        *map(str, inputs),
        "--out",
        str(out),
        "--jobs",
        "1",
        "--quiet",
        *extra,
    ]
    started = time.perf_counter()
    try:
        # cwd too: `python -m` puts the working directory before PYTHONPATH on sys.path.
        proc = subprocess.run(
            command, capture_output=True, text=True, env=env, cwd=tree, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return {
            "seconds": round(time.perf_counter() - started, 1),
            "rss_mb": None,
            "exit": "timeout",
            "said": "",
        }
    seconds = time.perf_counter() - started
    rss = re.search(r"kg-bench-rss (\d+)", proc.stderr)
    said = [
        line
        for line in proc.stderr.splitlines()
        if line.strip() and not line.startswith(("kg-bench-rss", "Command exited"))
    ]
    return {
        "seconds": round(seconds, 1),
        "rss_mb": int(rss.group(1)) // 1024 if rss else None,
        "exit": proc.returncode,
        "said": said[-1][:160] if said else "",
    }


def case_brackets(tree: Path, work: Path, timeout: float) -> dict:
    folder = work / "brackets"
    folder.mkdir()
    n = 10_000
    # No spaces: spaCy's tokenizer takes a run of brackets apart one suffix at a time.
    (folder / "brackets.txt").write_text(
        "Zelenskyy said " + "(" * n + "Ukraine" + ")" * n + " would win.\n" + GOOD, encoding="utf-8"
    )
    return kg_build(tree, [folder], work / "brackets-out", "--no-cache", timeout=timeout)


def corpus_texts() -> list[str]:
    """The article texts of the Guardian corpus (CORPUS), the raw material of the large cases."""
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def case_long(tree: Path, work: Path, timeout: float) -> dict:
    texts = corpus_texts()
    folder = work / "long"
    folder.mkdir()
    # Each copy's paragraphs marked, so none is a verbatim repeat (ingest leaves those out).
    copies = [
        "\n\n".join(
            f"{p} [{k}]" if k and p.strip() else p for p in "\n\n".join(texts).split("\n\n")
        )
        for k in range(3)
    ]
    (folder / "long.txt").write_text("\n\n".join(copies)[:2_500_000], encoding="utf-8")
    return kg_build(tree, [folder], work / "long-out", "--no-cache", timeout=timeout)


def case_oneparagraph(tree: Path, work: Path, timeout: float) -> dict:
    texts = corpus_texts()
    folder = work / "oneparagraph"
    folder.mkdir()
    # Without the paragraphs that name a newsletter: a line that does is chrome to ingest, whole.
    paragraphs = [
        p
        for t in texts
        for p in t.split("\n")
        if len(p.split()) > 8 and "newsletter" not in p.lower()
    ]
    (folder / "one.txt").write_text(
        " ".join(" ".join(paragraphs).split())[:500_000], encoding="utf-8"
    )
    return kg_build(tree, [folder], work / "oneparagraph-out", "--no-cache", timeout=timeout)


def case_overlimit(tree: Path, work: Path, timeout: float) -> dict:
    folder = work / "overlimit"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "long.txt").write_text(GOOD + " " * 5_200_000 + "\n" + GOOD, encoding="utf-8")
    return kg_build(
        tree,
        [folder],
        work / "overlimit-out",
        "--no-cache",
        "--max-chars",
        "6000000",
        timeout=timeout,
    )


class _Planted:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def case_planted(tree: Path, work: Path, timeout: float) -> dict:
    folder = work / "planted"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    cache = work / "planted-cache"
    kg_build(tree, [folder], work / "planted-out", "--cache-dir", str(cache), timeout=timeout)
    marker = work / "planted-ran"
    for path in [p for p in cache.rglob("*") if p.is_file()]:
        path.write_bytes(pickle.dumps(_Planted(marker)))
    result = kg_build(
        tree, [folder], work / "planted-out", "--cache-dir", str(cache), timeout=timeout
    )
    result["planted code ran"] = marker.exists()
    return result


def case_rebuild(tree: Path, work: Path, timeout: float) -> dict:
    cache = work / "rebuild-cache"
    cold = kg_build(
        tree, [CORPUS], work / "rebuild-out", "--cache-dir", str(cache), timeout=timeout
    )
    warm = [
        kg_build(tree, [CORPUS], work / "rebuild-out", "--cache-dir", str(cache), timeout=timeout)
        for _ in range(3)
    ]
    best = min(warm, key=lambda r: r["seconds"])
    return {
        **best,
        "cold_seconds": cold["seconds"],
        "warm_seconds": [r["seconds"] for r in warm],
        "said": "",
    }


CASES = {
    "brackets": case_brackets,
    "long": case_long,
    "oneparagraph": case_oneparagraph,
    "overlimit": case_overlimit,
    "planted": case_planted,
    "rebuild": case_rebuild,
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--tree", type=Path, default=ROOT, help="checkout of kg to run (default: this one)"
    )
    parser.add_argument("--only", default=",".join(CASES), help="comma-separated cases")
    parser.add_argument(
        "--timeout", type=float, default=600, help="seconds per build (default 600)"
    )
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kg-bench-hostile-"))
    try:
        for name in args.only.split(","):
            result = CASES[name](args.tree.resolve(), work, args.timeout)
            print(f"{name:10s} {json.dumps(result, ensure_ascii=False)}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
