"""Benchmark: hostile input files through ingest, each in its own process with a time and memory cap.

    .venv/bin/python bench/hostile_ingest.py [--checkout DIR ...] [--timeout 120] [--memory-mb 2048]

Each case is read as `kg build` reads it (discover, read_raw, make_document; then the text and
metadata are encoded as UTF-8, as every writer does), with the kg of each --checkout on PYTHONPATH
(default: this one). Pass `--checkout /path/to/main --checkout .` for before/after columns. Prints,
per case and checkout, the seconds, the peak memory and what came out: documents, warnings, or the
exception that stopped it. The caps keep a billion-laughs file from taking the machine down.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))
from tests.hostile_kit import billion_laughs  # noqa: E402

# Runs in the child: reads one input as the build does and prints one JSON line.
PROBE = r"""
import json, resource, sys, time
started = time.perf_counter()
out = {"documents": 0, "warnings": [], "error": None, "sample": None, "encoding": None}
try:
    from kg.errors import InputError
    from kg.ingest import discover, read_raw
    for found in discover([sys.argv[1]]):
        if not isinstance(found, tuple):
            out["warnings"].append(str(found))
            continue
        try:
            for item in read_raw(*found):
                if isinstance(item, InputError):
                    out["warnings"].append(str(item))
                    continue
                document = item.document()
                document.text.encode("utf-8")
                str(document.meta).encode("utf-8")
                out["documents"] += 1
                out["body_lines"] = out.get("body_lines", 0) + len(document.body)
                out["sample"], out["encoding"] = document.text[:40], document.encoding
        except InputError as exc:
            out["warnings"].append(str(exc))
except BaseException as exc:
    out["error"] = f"{type(exc).__name__}: {str(exc)[:80]}"
out["seconds"] = round(time.perf_counter() - started, 2)
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps(out))
"""


def random_lines(*, words: int, lines: int) -> str:
    """Lines of 40 words drawn from `words` words: every line shares word triples with many others."""
    rng = random.Random(1)
    vocabulary = [f"w{n}" for n in range(words)]
    return "Title line here\n\n" + "\n".join(" ".join(rng.choice(vocabulary) for _ in range(40)) + "." for _ in range(lines)) + "\n"


def write_cases(folder: Path) -> dict[str, Path]:
    """Case name -> the input (a file, or a folder for the discovery case)."""
    cases: dict[str, Path] = {}

    def put(name: str, data: str | bytes) -> None:
        path = folder / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        cases[name] = path

    put("bomb.md", billion_laughs())
    put("front-matter-3MB.md", "---\ntitle: [" + "1, " * 1_000_000 + "2]\n---\nFrance sent troops.\n")
    put("surrogate.jsonl", '{"id": "s", "text": "Poland sent \\ud800 tanks to Ukraine, the minister said."}\n')
    put("lines-32k.txt", "".join(f"Item number {n} here\n" for n in range(32_000)))
    put("long-lines-12-words.txt", random_lines(words=12, lines=5_000))  # few repeats: each line compared with many
    put("long-lines-4-words-4.6MB.txt", random_lines(words=4, lines=20_000))  # mostly repeats of a few lines
    put("latin1.txt", "Les prêts de la France à l'Ukraine sont prêts, a déclaré le ministre à Paris.".encode("latin-1"))
    mixed = folder / "folder-with-html"
    mixed.mkdir()
    (mixed / "good.txt").write_text("Germany pledged air defence systems to Ukraine, Merz said.\n", encoding="utf-8")
    (mixed / "page.html").write_text("<p>Kyiv</p>", encoding="utf-8")
    (mixed / "data.json").write_text("{}", encoding="utf-8")
    cases["folder: good.txt, page.html, data.json"] = mixed
    return cases


def probe(checkout: Path, target: Path, *, timeout: float, memory_mb: int) -> dict:
    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, memory_mb * 2**20))

    env = {"PYTHONPATH": str(checkout), "PATH": "/usr/bin:/bin"}
    try:
        done = subprocess.run([sys.executable, "-c", PROBE, str(target)], capture_output=True, text=True,
                              timeout=timeout, env=env, preexec_fn=cap, cwd=target.parent)  # not a checkout: "" leads sys.path
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {timeout:.0f} s"}
    lines = done.stdout.strip().splitlines()
    if not lines:
        return {"error": f"died (exit {done.returncode}): {done.stderr.strip().splitlines()[-1:]}"}
    return json.loads(lines[-1])


def outcome(result: dict) -> str:
    if result.get("error"):
        return result["error"]
    parts = [f"{result['documents']} doc(s)"]
    if result.get("body_lines"):
        parts.append(f"{result['body_lines']} body lines")
    if result.get("encoding") not in (None, "utf-8"):
        parts.append(f"{result['encoding']}: {result['sample']!r}")
    parts += [f"warning: {w.split(': ', 1)[-1][:70]}" for w in result["warnings"]]
    return "; ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkout", action="append", type=Path, help="a kg checkout to run (repeatable; default: this one)")
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--memory-mb", type=int, default=2048)
    args = parser.parse_args()
    checkouts = [c.resolve() for c in args.checkout or [HERE]]
    with tempfile.TemporaryDirectory() as tmp:
        for case, target in write_cases(Path(tmp)).items():
            print(f"\n{case}")
            for checkout in checkouts:
                result = probe(checkout, target, timeout=args.timeout, memory_mb=args.memory_mb)
                took = f"{result['seconds']:6.2f} s {result['peak_mb']:5d} MB" if "seconds" in result else " " * 16
                print(f"  {str(checkout):28.28} {took}  {outcome(result)}", flush=True)


if __name__ == "__main__":
    main()
