"""Benchmark: the explorer (graph.html) of a build, and of N replicas of it, in headless Chromium.

    .venv/bin/python bench/html.py [--build output] [--replicate 25]

Without --build a synthetic graph in the proportions of the 178-article Guardian build is used
(tests/browser_kit.corpus_graph). --replicate N copies every article with its facts N times (new
IRIs, same dates, same actors): 25 replicas of the Guardian build are about 4,500 articles.

Prints the page size, the Python render time, when the page was interactive (first layout drawn and
the main thread free; performance.now(), i.e. from the start of navigation), how long a search
takes (a five-word phrase from inside a long statement, and a name: matching plus the result list)
and how long selecting the most active actor takes to draw. Exits 1 past a budget: interactive
2 s (4 s with --replicate), search 300 ms, page 60 MB.
"""

from __future__ import annotations

import os
import sys

# Run as a script, this file's folder comes first on sys.path and "html.py" would shadow the
# standard library's html package (networkx imports html.entities).
sys.path[:] = [
    p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))
]
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import argparse
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.export.html import write_html
from tests.browser_kit import CHROMIUM, CHROMIUM_ARGS, corpus_graph

REPLICATED_KINDS = ("document", "statement", "commitment", "post")


def replicate(graph: nx.MultiDiGraph, times: int) -> nx.MultiDiGraph:
    """`times` copies of every article and the facts read from it (IRIs suffixed ~rK), the actors
    shared: a corpus `times` as large with the same people in it."""
    out = nx.MultiDiGraph()
    out.add_nodes_from(
        (n, a) for n, a in graph.nodes(data=True) if a.get("kind") not in REPLICATED_KINDS
    )
    copied = {n for n, a in graph.nodes(data=True) if a.get("kind") in REPLICATED_KINDS}
    # A fact's IRI holds its document's local name (kg.namespaces): the copy's holds the copy's.
    local = {}
    for node in copied:
        sources = [v for v, keys in graph.succ[node].items() if "source" in keys]
        if sources and "/" in sources[0]:
            local[node] = "/" + sources[0].rsplit("/", 1)[1] + "/"
    for k in range(times):

        def iri(node: str, k: int = k) -> str:
            if not k or node not in copied:
                return node
            name = local.get(node)
            if name and name in node:
                return node.replace(name, f"{name[:-1]}~r{k}/", 1)
            return f"{node}~r{k}"

        for node in copied:
            attrs = dict(graph.nodes[node])
            if attrs.get("evidence"):
                attrs["evidence"] = [
                    {**e, "document": iri(e["document"])} for e in attrs["evidence"]
                ]
            out.add_node(iri(node), **attrs)
        for u, v, key, data in graph.edges(keys=True, data=True):
            if key != "cooccurs" and (u in copied or v in copied):
                out.add_edge(iri(u), iri(v), key=key, **data)
    return out


def phrase(graph: nx.MultiDiGraph) -> str:
    """Five words from the middle of the longest statement."""
    text = max(
        (a["text"] for _, a in graph.nodes(data=True) if a.get("kind") == "statement"),
        key=lambda t: (len(t), t),
    )
    words = text.split()
    middle = max(0, len(words) // 2 - 2)
    return " ".join(words[middle : middle + 5])


def measure(path: Path, *, queries: list[str]) -> dict:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1600, "height": 1000},
        )
        page = context.new_page()
        page.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
        )
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(path.as_uri())
        page.wait_for_function("window.kgView && window.kgView.ready", timeout=120_000)
        # Interactive: the first layout is drawn and the main thread is free again (a task queued
        # then runs).
        result = page.evaluate(
            """() => new Promise(resolve => setTimeout(() => resolve({
                drawnMs: kgView.readyMs, interactiveMs: performance.now(),
                marks: performance.getEntriesByType("mark").map(
                    m => m.name.slice(3) + " " + Math.round(m.startTime)).join(", "),
                nodes: kgView.drawn.nodes.length}), 0))"""
        )
        # The search index is folded in slices after the first view is drawn.
        page.wait_for_function("kgView.searchReadyMs", timeout=60_000)
        result["searchReadyMs"] = page.evaluate("kgView.searchReadyMs")
        result["searchMs"] = {}
        for query in queries:
            result["searchMs"][query] = page.evaluate(
                """(q) => { const r = kgView.search(q);
                    return [kgView.searchMs, r.actors.length + r.facts.length]; }""",
                query,
            )
        result["selectMs"] = page.evaluate(
            """() => new Promise(resolve => {
                const started = performance.now();
                kgView.select(kgView.indexed[0]);
                const wait = () => kgView.settled ? resolve(performance.now() - started)
                    : requestAnimationFrame(wait);
                wait();
            })"""
        )
        result["errors"] = errors
        context.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", type=Path, help="a kg build folder (its graph.json)")
    parser.add_argument("--replicate", type=int, default=1, help="copies of every article")
    parser.add_argument(
        "--budget-ms", type=float, help="interactive budget (2,000; 4,000 replicated)"
    )
    parser.add_argument("--search-budget-ms", type=float, default=300.0)
    parser.add_argument("--max-mb", type=float, default=60.0)
    args = parser.parse_args(argv)
    if args.build:
        from kg.api import read_graph

        graph = read_graph(args.build / "graph.json")
        source = str(args.build)
    else:
        graph = corpus_graph(178)
        source = "synthetic, 178 articles"
    if args.replicate > 1:
        graph = replicate(graph, args.replicate)
        source += f" x{args.replicate}"
    budget = args.budget_ms or (4000.0 if args.replicate > 1 else 2000.0)
    articles = sum(1 for _, k in graph.nodes(data="kind") if k == "document")
    facts = sum(1 for _, k in graph.nodes(data="kind") if k in ("statement", "commitment"))
    name = graph.nodes[
        max(
            (n for n, a in graph.nodes(data=True) if a.get("kind") == "actor"),
            key=lambda n: (graph.degree(n), n),
        )
    ]["name"].split()[-1]  # the last word of the best-connected actor's name
    queries = [phrase(graph), name]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.html"
        started = time.perf_counter()
        write_html(graph, path)
        render_s = time.perf_counter() - started
        size_mb = path.stat().st_size / 1e6
        result = measure(path, queries=queries)
    print(
        f"{source}: {articles:,} articles, {facts:,} statements and commitments; page "
        f"{size_mb:,.1f} MB; python render {render_s:.2f} s"
    )
    print(
        f"headless Chromium: interactive at {result['interactiveMs']:.0f} ms from navigation "
        f"start ({result['nodes']} actors drawn); selecting the most active actor drawn in "
        f"{result['selectMs']:.0f} ms"
    )
    print(f"milestones (ms): {result['marks']}; search index ready {result['searchReadyMs']:.0f}")
    for query, (ms, hits) in result["searchMs"].items():
        print(f"search {query!r}: {ms:.0f} ms, {hits:,} results")
    slowest = max(ms for ms, _ in result["searchMs"].values())
    ok = (
        result["interactiveMs"] < budget
        and slowest < args.search_budget_ms
        and size_mb < args.max_mb
        and not result["errors"]
    )
    print(
        ("OK" if ok else "FAIL")
        + f": budgets interactive {budget:.0f} ms, search {args.search_budget_ms:.0f} ms, "
        f"page {args.max_mb:.0f} MB" + (f"; errors: {result['errors']}" if result["errors"] else "")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
