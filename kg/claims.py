"""Claims: one quotation of one speaker, however many articles report it.

News outlets and live blogs repeat the same quote ("We will not give up," Zelenskyy said) in
article after article; each report is a statement of its own document (kg.graph), and a count of
statements counts the reports. A claim gathers the statements of one speaker whose texts are the
same after normalisation (case, punctuation, quotation marks and spacing ignored), or nearly the
same: SequenceMatcher ratio at least `similarity` (kg/data/claims.toml) between normalised texts
of comparable length. Near-identical candidates are looked for only among statements of the same
speaker sharing their first or last words (a quote cut or extended at one end keeps the other), so
the work grows with the reports, not with their square.

Every statement belongs to exactly one claim (a quote reported once is a claim with one report), so
counts of claims can replace counts of statements everywhere. A claim's IRI is minted from its
earliest report (by date, then IRI), so adding a later report keeps it.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache

import networkx as nx

from kg.paths import DATA_DIR

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class ClaimRules:
    similarity: float  # SequenceMatcher ratio of two normalised texts that are one quote
    min_length_ratio: float  # the shorter text is at least this share of the longer one
    anchor_words: int  # candidates share their first or last this many words
    min_words: int  # texts shorter than this merge only when identical


@cache
def claim_rules() -> ClaimRules:
    data = tomllib.loads((DATA_DIR / "claims.toml").read_text(encoding="utf-8"))
    return ClaimRules(**data["near_identical"])


def normalised(text: str) -> str:
    """The words of `text`, case-folded and accents kept, one space apart: what is compared."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD.findall(text))


def _undated_last(date: str | None) -> str:
    return date or "9999-99-99"


def _same_quote(a: str, b: str, rules: ClaimRules) -> bool:
    if a == b:
        return True
    if min(len(a.split()), len(b.split())) < rules.min_words:
        return False
    if min(len(a), len(b)) < rules.min_length_ratio * max(len(a), len(b)):
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= rules.similarity and matcher.ratio() >= rules.similarity


def group_statements(statements: list[tuple[str, str, str | None, str]]) -> list[list[str]]:
    """Groups of statement IRIs that are one claim. `statements`: (iri, speaker IRI, date, text).
    Each group is in report order (date, undated last, then IRI); groups in the order of their
    first report."""
    rules = claim_rules()
    ordered = sorted(statements, key=lambda s: (_undated_last(s[2]), s[0]))
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:  # the earlier report stays the root: ordered[] is visited in report order
            parent[max(ra, rb, key=rank.__getitem__)] = min(ra, rb, key=rank.__getitem__)

    rank = {s[0]: n for n, s in enumerate(ordered)}
    exact: dict[tuple[str, str], str] = {}
    anchors: dict[tuple[str, str, str], list[tuple[str, str]]] = {}
    for iri, speaker, _date, text in ordered:
        parent[iri] = iri
        words = normalised(text)
        if (same := exact.get((speaker, words))) is not None:
            union(same, iri)
            continue
        exact[(speaker, words)] = iri
        split = words.split()
        keys = []
        if len(split) >= rules.min_words:
            n = rules.anchor_words
            keys = [
                (speaker, "first", " ".join(split[:n])),
                (speaker, "last", " ".join(split[-n:])),
            ]
        for key in keys:
            for other, other_words in anchors.get(key, ()):
                if find(other) != find(iri) and _same_quote(words, other_words, rules):
                    union(other, iri)
        for key in keys:
            anchors.setdefault(key, []).append((iri, words))
    groups: dict[str, list[str]] = {}
    for iri, *_ in ordered:
        groups.setdefault(find(iri), []).append(iri)
    return list(groups.values())


def add_claims(graph: nx.MultiDiGraph, *, claim_iri: Callable[[str], str]) -> None:
    """A `claim` node for each group of statements that are one quote (see the module docstring):
    attributes text (of the first report), first_reported, last_reported (dates, None when no
    report is dated), reports (statements), documents (articles) and newest_first (the claim's
    position by last report, newest first, then IRI, from 1); edges claim -author-> speaker
    and claim -report-> statement. `claim_iri`: the claim's IRI from its first report's IRI."""
    statements = []
    for node, data in graph.nodes(data=True):
        if data.get("kind") != "statement":
            continue
        speakers = sorted(v for _, v, key in graph.out_edges(node, keys=True) if key == "creator")
        if speakers:
            statements.append((node, speakers[0], data.get("date"), data.get("text") or ""))
    speaker_of = {s[0]: s[1] for s in statements}
    claims: list[str] = []
    for group in group_statements(statements):
        first = graph.nodes[group[0]]
        dates = sorted(d for s in group if (d := graph.nodes[s].get("date")))
        documents = {
            v for s in group for _, v, key in graph.out_edges(s, keys=True) if key == "source"
        }
        node = claim_iri(group[0])
        graph.add_node(
            node,
            kind="claim",
            label=first.get("label"),
            text=first.get("text"),
            first_reported=dates[0] if dates else None,
            last_reported=dates[-1] if dates else None,
            reports=len(group),
            documents=len(documents),
        )
        claims.append(node)
        graph.add_edge(node, speaker_of[group[0]], key="author", relation="author")
        graph.add_edge(node, group[0], key="first_report", relation="first_report")
        for statement in group:
            graph.add_edge(node, statement, key="report", relation="report")
    for n, claim in enumerate(newest_first(claims, graph), start=1):
        graph.nodes[claim]["newest_first"] = n


def newest_first(nodes: list[str], graph: nx.MultiDiGraph, attribute: str = "last_reported"):
    """`nodes` by their `attribute` date, newest first and undated last, then by IRI: the order of
    the canned queries (SPARQL's `ORDER BY DESC(?date) ?iri`)."""
    ordered = sorted(nodes)
    ordered.sort(key=lambda n: graph.nodes[n].get(attribute) or "", reverse=True)
    return ordered
