"""Time `kg validate` on a real build and on synthetic graphs of the RDF contract's shape.

    .venv/bin/python bench/hostile_validate.py                          # 85k and 1M synthetic
    triples .venv/bin/python bench/hostile_validate.py --build /path/to/guardian-out --sizes 85000
    .venv/bin/python bench/hostile_validate.py --sizes 20000 --kg-path ../main --budget 600   #
    "before" .venv/bin/python bench/hostile_validate.py --compare-pyshacl        # same violations
    as pySHACL?

Each run is `python -m kg validate DIR` in a fresh process, timed wall-clock, with its peak
memory; --kg-path runs another checkout's kg (PYTHONPATH) for before/after figures, and a run
longer than --budget seconds is stopped and reported as such. The synthetic graphs come from
bench/sparql.py's generator (documents, Zipf-mentioned actors, posts, statements and commitments
with evidence). --compare-pyshacl checks, when pySHACL is installed, that the broken graphs of
tests/test_validate.py give the same (focus, path, value) violations under pySHACL as under kg.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_HERE = Path(__file__).resolve().parent
ROOT = _HERE.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(ROOT))


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def time_validate(target: Path, *, kg_path: Path, budget: float) -> tuple[str, float, float, str]:
    """(outcome, seconds, peak MiB of the child, first line of its output)."""
    env = dict(os.environ, PYTHONPATH=str(kg_path))
    start = time.perf_counter()
    try:
        # cwd too: `python -m` puts the working folder first on sys.path.
        proc = subprocess.run(
            [sys.executable, "-m", "kg", "validate", str(target)],
            env=env,
            cwd=kg_path,
            capture_output=True,
            text=True,
            timeout=budget,
        )
    except subprocess.TimeoutExpired:
        return f"did not finish in {budget:.0f} s", time.perf_counter() - start, float("nan"), ""
    seconds = time.perf_counter() - start
    # The largest child so far: runs go from small to large, so it is this run's.
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    first = (proc.stdout or proc.stderr).splitlines()[:1]
    return f"exit {proc.returncode}", seconds, peak, first[0] if first else ""


def compare_pyshacl() -> int:
    try:
        import pyshacl
    except ImportError:
        print("pySHACL is not installed: nothing to compare with")
        return 0
    import rdflib

    from kg.validate import SHAPES_FILE, validate_graph

    tests = _load("tests_test_validate", ROOT / "tests" / "test_validate.py")
    shapes = rdflib.Graph().parse(SHAPES_FILE)
    from rdflib.namespace import RDF, SH

    from kg.validate import _path_text, _prefixes, _shorten

    prefixes = _prefixes()
    cases = [("sample", tests.SAMPLE_TEXT)] + [
        (b[2][:50], tests.SAMPLE_TEXT.replace(b[0], b[1], 1)) for b in tests.BREAKS
    ]
    differing = 0
    for name, text in cases:
        graph = rdflib.Graph().parse(data=text, format="turtle")
        _conforms, results, _ = pyshacl.validate(
            graph, shacl_graph=shapes, inference="none", allow_warnings=True
        )
        theirs = sorted(
            (
                _shorten(results.value(r, SH.focusNode), prefixes),
                _path_text(results.value(r, SH.resultPath), prefixes),
                _shorten(results.value(r, SH.value), prefixes),
            )
            for r in results.subjects(RDF.type, SH.ValidationResult)
        )
        ours = sorted((v.focus, v.path, v.value) for v in validate_graph(graph)[1])
        same = ours == theirs
        differing += not same
        print(
            f"{'same' if same else 'DIFFERENT':9s} {len(ours):3d} / {len(theirs):3d} violations  "
            f"{name}"
        )
        if not same:
            print("   only kg:     ", sorted(set(ours) - set(theirs)))
            print("   only pySHACL:", sorted(set(theirs) - set(ours)))
    print(f"{len(cases) - differing} of {len(cases)} graphs give the same violations")
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--build", type=Path, help="also time a real build folder (e.g. the Guardian build)"
    )
    parser.add_argument(
        "--sizes",
        default="85000,1000000",
        help="synthetic graph sizes in triples, comma-separated ('' for none)",
    )
    parser.add_argument(
        "--kg-path", type=Path, default=ROOT, help="the checkout whose kg runs (default: this one)"
    )
    parser.add_argument(
        "--budget", type=float, default=900, help="stop a run after this many seconds"
    )
    parser.add_argument(
        "--compare-pyshacl",
        action="store_true",
        help="compare violations with pySHACL instead of timing",
    )
    args = parser.parse_args(argv)
    if args.compare_pyshacl:
        return compare_pyshacl()

    sparql = _load("bench_sparql", _HERE / "sparql.py")
    print(f"kg from {args.kg_path.resolve()}, budget {args.budget:.0f} s")
    print(f"{'graph':32s} {'triples':>9s} {'outcome':>24s} {'seconds':>8s} {'peak MiB':>9s}")

    def report(name: str, triples: int, target: Path) -> None:
        outcome, seconds, peak, first = time_validate(
            target, kg_path=args.kg_path, budget=args.budget
        )
        print(f"{name:32s} {triples:9d} {outcome:>24s} {seconds:8.1f} {peak:9.0f}", flush=True)
        if first:
            print(f"    {first[:150]}")

    if args.build:
        triples = len(
            {line for line in (args.build / "graph.nt").open(encoding="utf-8") if line.strip()}
        )
        report(args.build.name, triples, args.build)
    for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
        corpus = sparql.generate(triples=size)
        with tempfile.TemporaryDirectory(prefix="kg-bench-validate-") as tmp:
            (Path(tmp) / "graph.nt").write_text(corpus.ntriples, encoding="utf-8")
            report(f"synthetic ({size} asked)", corpus.triples, Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
