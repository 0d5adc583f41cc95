"""Headless Chromium as the browser tests and the HTML benchmark (bench/html.py) start it."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")  # Debian's chromium
# Keep Chromium quiet on a closed network: no sync, updates, QUIC or first-run traffic.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# ---------------------------------------------------------------- a corpus-scale graph

BASE = "https://example.org/kg/id/"
TYPES = ("Person", "Person", "Person", "Organization", "Country", "Group")
WORDS = (
    "the government said its forces would hold the line near the river while allies weighed "
    "new sanctions air defence systems artillery shells grain exports and talks on security "
    "guarantees for the coming winter after weeks of heavy shelling across the eastern front"
).split()
STATUSES = ("pledged", "delivered", "committed", "proposed", "refused", "considering")


def corpus_graph(articles: int = 178, *, seed: int = 1):
    """A schema-shaped graph (kg/graph.py) in the proportions of the 178-article Guardian build:
    per article about 13 statements (some over 300 characters), 0.8 commitments, 2 posts and 33
    actors mentioned, from a pool of 8 actors an article; speakers follow a skewed distribution
    as in real news, articles are dated over half a year."""
    import random

    import networkx as nx

    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    actors = [f"{BASE}actor/a{i:05d}" for i in range(max(40, articles * 8))]
    for i, iri in enumerate(actors):
        kind = TYPES[i % len(TYPES)]
        name = f"{kind} {i}"
        g.add_node(
            iri, kind="actor", label=name, type=kind, name=name, aliases=[f"A{i}"], wikidata=None
        )

    def pick() -> str:
        return actors[min(int(rng.paretovariate(1.1)) - 1, len(actors) - 1)]

    def evidence(doc: str, start: int, text: str) -> list[dict]:
        end = start + len(text)
        return [dict(document=doc, start=start, end=end, exact=text, rule="bench", confidence=0.9)]

    for d in range(articles):
        doc = f"{BASE}doc/d{d:05d}"
        date = f"2022-{3 + d * 6 // max(1, articles):02d}-{1 + d % 28:02d}"
        g.add_node(
            doc,
            kind="document",
            label=f"Article {d}",
            identifier=f"d{d}",
            title=f"Article {d}: the war on day {d}",
            published=date,
            author=None,
            publisher="Bench",
            url=f"https://example.com/{d}",
        )
        for actor in {pick() for _ in range(33)}:
            g.add_edge(doc, actor, key="mentions", relation="mentions")
        offset = 0
        for s in range(13):
            words = rng.randint(8, 70)
            text = " ".join(rng.choice(WORDS) for _ in range(words)) + f" (article {d}, {s})"
            node = f"{BASE}statement/d{d:05d}/{offset}"
            g.add_node(
                node,
                kind="statement",
                label=text[:60],
                text=text,
                statement_kind=("direct", "indirect", "mixed")[s % 3],
                cue="said",
                date=date,
                evidence=evidence(doc, offset, text),
            )
            g.add_edge(node, pick(), key="creator", relation="creator")
            g.add_edge(node, pick(), key="mentions", relation="mentions")
            g.add_edge(node, doc, key="source", relation="source")
            offset += len(text) + 40
        if d % 5 != 4:
            item = f"{rng.randint(2, 90)} {rng.choice(('howitzers', 'tanks', 'drones'))}"
            text = f"The ministry pledged {item} to the army"
            node = f"{BASE}commitment/d{d:05d}/{offset}"
            g.add_node(
                node,
                kind="commitment",
                label=f"pledged: {item}",
                commitment_kind="military_aid",
                status=STATUSES[d % len(STATUSES)],
                item=item,
                quantity=None,
                unit=None,
                amount=float(1_000_000 * (d + 1)),
                currency="USD",
                amount_bound=None,
                text=text,
                cue="pledged",
                other_amounts=[],
                evidence=evidence(doc, offset, text),
            )
            g.add_edge(node, pick(), key="committer", relation="committer")
            g.add_edge(node, pick(), key="recipient", relation="recipient")
            g.add_edge(node, doc, key="source", relation="source")
        for p in range(2):
            holder, org = pick(), pick()
            node = f"{BASE}post/d{d:05d}/{p}"
            g.add_node(
                node,
                kind="post",
                label="minister",
                title="minister",
                evidence=evidence(doc, 5 * p, "a minister"),
            )
            g.add_edge(node, holder, key="member", relation="member")
            g.add_edge(node, org, key="organization", relation="organization")
    return g
