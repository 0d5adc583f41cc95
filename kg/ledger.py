"""The ledger: one entry per real-world commitment, followed across the articles that report it.

Each commitment of the graph is one article's report of a pledge ("the Senate passed a $40bn
package", "Biden signed the $40bn package"); the ledger gathers the reports that are one
commitment, as the Kiel Ukraine Support Tracker does by hand. Two reports are one commitment when
(rules and figures in kg/data/ledger.toml, the reasons in docs/ledger.md):

- their donors overlap: a committer stands for its state when it is a head of state or government,
  a minister or another office of that state (a curated post, or a post the articles give with a
  state title), or a state body (curated: the US Congress, the Pentagon); "Joe Biden", "US
  Congress" and "United States" are one donor, the United States;
- their kinds are one family (`funding` and `financial` are both money), unless they are the same
  sum of money (an article's wording decides the kind: "$40bn of military and economic aid" reads
  as materiel, "$40bn in aid" as financial);
- their recipients agree, or one report does not say (an unknown recipient contradicts nothing);
- their items are compatible: the same sum of money in the same currency, or (no sums or
  quantities that differ) the same specific head noun ("howitzers"; not "aid", "support",
  "sanctions", which every package has) and mostly the same words (Jaccard overlap of the items'
  words at least `min_word_overlap`: "six CAESAR howitzers" and "six CAESAR howitzers to Ukraine"
  are one item, "such missiles" and "the newly tested Sarmat ballistic missiles" are not);
- and the report falls within the window of the entry's latest report: longer for the same sum
  (an exact sum is a strong identity; delivery follows a pledge by months) than for a head noun.
  An undated report joins by the same sum only.

Reports are read in date order (undated last, then IRI), each joining the first compatible entry
or starting one, so the ledger is deterministic. Every commitment is in exactly one entry.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

import networkx as nx

from kg.paths import DATA_DIR
from kg.records import COMMITMENT_STATUSES

# How far a status has gone: the latest status of a day with several is the one furthest along.
STATUS_PROGRESS = {status: n for n, status in enumerate(COMMITMENT_STATUSES)}
# The stages a commitment goes through. A later article recalling an earlier stage ("the US has
# pledged $40bn", after the package was signed) does not set it back; a refusal or withdrawal
# ends it, and a new stage after one revives it.
STAGES = ("proposed", "requested", "considering", "pledged", "committed", "delivered")
# Where an item's first phrase ends: punctuation, or a preposition or conjunction standing as a
# word of its own ("state-of-the-art" holds no "of").
_ITEM_CUT = re.compile(
    r",|;|\(|\s[-–—]\s|(?<!\S)(?:to|for|of|in|into|from|with|by|on|at|over|as well as|and|or"
    r"|including|which|that|who|worth|amounting)(?!\S)",
    re.I,
)
# A word of letters standing on its own: not the "bn" of "$40bn".
_LETTERS = re.compile(r"(?<![\w$£€])[^\W\d_][\w'’-]*")


@dataclass(frozen=True, slots=True)
class LedgerRules:
    same_sum_window_days: int
    same_item_window_days: int
    kind_families: dict[str, str]
    generic_heads: frozenset[str]
    min_word_overlap: float
    function_words: frozenset[str]
    state_titles: tuple[str, ...]
    state_bodies: dict[str, str]  # actor id -> country actor id


@cache
def ledger_rules() -> LedgerRules:
    data = tomllib.loads((DATA_DIR / "ledger.toml").read_text(encoding="utf-8"))
    families = {kind: family for family, kinds in data["kind_families"].items() for kind in kinds}
    return LedgerRules(
        same_sum_window_days=data["window"]["same_sum_days"],
        same_item_window_days=data["window"]["same_item_days"],
        kind_families=families,
        generic_heads=frozenset(data["items"]["generic_heads"]),
        min_word_overlap=data["items"]["min_word_overlap"],
        function_words=frozenset(data["items"]["function_words"]),
        state_titles=tuple(t.casefold() for t in data["donors"]["state_titles"]),
        state_bodies=dict(data["donors"]["state_bodies"]),
    )


def item_words(item: str) -> frozenset[str]:
    """The words of an item that say what it is: letters only, case-folded, function words out."""
    stop = ledger_rules().function_words
    return frozenset(w for w in (w.casefold() for w in _LETTERS.findall(item)) if w not in stop)


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def head_noun(item: str) -> str | None:
    """The head of the item's first phrase, case-folded and singular: "state-of-the-art Starstreak
    anti-aircraft weapons to Ukraine" -> "weapon"; None when it has no word of letters."""
    # The first phrase with a word ("to 225 Canadian armed forces": the item starts with a cut).
    phrases = (p for p in _ITEM_CUT.split(item) if p and _LETTERS.search(p))
    words = _LETTERS.findall(next(phrases, ""))
    if not words:
        return None
    word = words[-1].casefold().replace("’", "'")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@dataclass(slots=True)
class Report:
    iri: str  # the commitment
    document: str | None
    date: str | None
    status: str
    kind: str
    item: str
    head: str | None
    words: frozenset[str]  # the item's words, case-folded, function words left out
    amount: float | None
    currency: str | None
    quantity: float | None
    recipient: str | None
    committers: tuple[str, ...]
    donors: frozenset[str]


@dataclass(slots=True)
class Entry:
    reports: list[Report] = field(default_factory=list)

    @property
    def last_date(self) -> str | None:
        dates = [r.date for r in self.reports if r.date]
        return max(dates) if dates else None


def _days(a: str, b: str) -> int:
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


def _same_sum(a: Report, b: Report) -> bool:
    return a.amount is not None and a.amount == b.amount and a.currency == b.currency


def compatible(report: Report, entry: Entry, rules: LedgerRules) -> bool:
    """Whether `report` is one more report of the commitment of `entry`."""
    same_sum = any(_same_sum(report, r) for r in entry.reports)
    for earlier in entry.reports:
        if not (report.donors & earlier.donors):
            return False
        family = rules.kind_families.get(report.kind, report.kind)
        # The same sum identifies the package whatever kind one article's wording suggests
        # ("$40bn of military and economic aid" reads as materiel, "$40bn in aid" as financial).
        if not same_sum and family != rules.kind_families.get(earlier.kind, earlier.kind):
            return False
        if report.recipient and earlier.recipient and report.recipient != earlier.recipient:
            return False
    if not same_sum:
        if report.amount is not None and any(r.amount is not None for r in entry.reports):
            return False  # two different sums are two commitments
        if report.quantity is not None and any(
            r.quantity is not None and r.quantity != report.quantity for r in entry.reports
        ):
            return False
        head = report.head
        if head is None or head in rules.generic_heads:
            return False
        if not any(
            r.head == head and _overlap(r.words, report.words) >= rules.min_word_overlap
            for r in entry.reports
        ):
            return False
    last = entry.last_date
    if report.date is None or last is None:
        return same_sum  # no window can be checked: only an exact sum identifies
    window = rules.same_sum_window_days if same_sum else rules.same_item_window_days
    return _days(report.date, last) <= window


def donor_map(graph: nx.MultiDiGraph, actor_iri: Callable[[str], str]) -> dict[str, str]:
    """actor IRI -> the IRI of the state it acts for (see the module docstring). A person with
    offices in two states acts for neither (kept as themselves)."""
    from kg import gazetteer
    from kg.namespaces import slug

    rules = ledger_rules()
    countries = {n for n, d in graph.nodes(data=True) if d.get("type") == "Country"}
    states: dict[str, set[str]] = {}
    for entry in gazetteer.load().entries.values():
        for post in entry.posts:
            state = actor_iri(post.get("org") or "")
            if state in countries:
                states.setdefault(actor_iri(slug(entry.name)), set()).add(state)
    for body, state in rules.state_bodies.items():
        if actor_iri(state) in countries:
            states.setdefault(actor_iri(body), set()).add(actor_iri(state))
    for node, data in graph.nodes(data=True):
        if data.get("kind") != "post":
            continue
        title = (data.get("title") or "").casefold()
        if not any(re.search(rf"\b{re.escape(t)}\b", title) for t in rules.state_titles):
            continue
        members = [v for _, v, k in graph.out_edges(node, keys=True) if k == "member"]
        orgs = [v for _, v, k in graph.out_edges(node, keys=True) if k == "organization"]
        for person in members:
            for org in orgs:
                if org in countries:
                    states.setdefault(person, set()).add(org)
    return {actor: next(iter(s)) for actor, s in states.items() if len(s) == 1}


def _report(graph: nx.MultiDiGraph, node: str, data: dict, donors_of: dict[str, str]) -> Report:
    def targets(relation: str) -> list[str]:
        return sorted(v for _, v, k in graph.out_edges(node, keys=True) if k == relation)

    committers = tuple(targets("committer"))
    documents = targets("source")
    document = documents[0] if documents else None
    recipients = targets("recipient")
    return Report(
        iri=node,
        document=document,
        date=graph.nodes[document].get("published") if document else None,
        status=data["status"],
        kind=data["commitment_kind"],
        item=data.get("item") or "",
        head=head_noun(data.get("item") or ""),
        words=item_words(data.get("item") or ""),
        amount=data.get("amount"),
        currency=data.get("currency"),
        quantity=data.get("quantity"),
        recipient=recipients[0] if recipients else None,
        committers=committers,
        donors=frozenset(donors_of.get(c, c) for c in committers),
    )


def group_reports(reports: list[Report]) -> list[Entry]:
    """The entries the reports make, in the order of their first report."""
    rules = ledger_rules()
    entries: list[Entry] = []
    by_donor: dict[str, list[Entry]] = {}
    for report in sorted(reports, key=lambda r: (r.date or "9999-99-99", r.iri)):
        candidates = sorted(
            {id(e): e for d in sorted(report.donors) for e in by_donor.get(d, [])}.values(),
            key=entries.index,
        )
        entry = next((e for e in candidates if compatible(report, e, rules)), None)
        if entry is None:
            entry = Entry()
            entries.append(entry)
        entry.reports.append(report)
        for d in report.donors:
            if entry not in by_donor.setdefault(d, []):
                by_donor[d].append(entry)
    return entries


def _latest(reports: list[Report]) -> Report:
    """The latest report (by date; on one day, the status furthest along; then IRI)."""
    return max(reports, key=lambda r: (r.date or "", STATUS_PROGRESS[r.status], r.iri))


def _next_status(current: str | None, reported: str) -> str:
    if current in STAGES and reported in STAGES:
        return max(current, reported, key=STAGES.index)
    return reported


def _status_history(reports: list[Report]) -> list[list[str | None]]:
    """[date, status] each time the status changes, in date order (undated reports last); the
    status goes forward only (STAGES), unless a report refuses or withdraws."""
    history: list[list[str | None]] = []
    ordered = sorted(reports, key=lambda r: (r.date or "9999", STATUS_PROGRESS[r.status], r.iri))
    status = None
    for r in ordered:
        status = _next_status(status, r.status)
        if not history or history[-1][1] != status:
            history.append([r.date, status])
    return history


def _most_common(values: list, latest) -> object:
    """The most frequent of `values` (None left out); ties go to the latest report's."""
    counts = Counter(v for v in values if v is not None)
    if not counts:
        return None
    best = max(counts.values())
    return latest if counts.get(latest) == best else min(v for v, n in counts.items() if n == best)


def add_ledger(
    graph: nx.MultiDiGraph,
    *,
    entry_iri: Callable[[str], str],
    actor_iri: Callable[[str], str],
) -> None:
    """A `ledger` node for each entry: attributes commitment_kind, item, amount, currency,
    amount_bound, quantity, unit, first_reported, last_reported, latest_status, status_history
    ([[date, status], ...]), reports, documents, newest_first (position by last report, newest
    first, then IRI, from 1) and report_ranks (commitment IRI -> its position among all reports,
    newest article first, then IRI); edges ledger -donor-> actor, -recipient-> actor,
    -report-> commitment. `entry_iri`: the entry's IRI from its first report's IRI; `actor_iri`:
    an actor's IRI from its id."""
    donors_of = donor_map(graph, actor_iri)
    reports = [
        _report(graph, node, data, donors_of)
        for node, data in graph.nodes(data=True)
        if data.get("kind") == "commitment"
    ]
    entries: list[str] = []
    for entry in group_reports(reports):
        rs = entry.reports
        latest = _latest(rs)
        with_sum = [r for r in rs if r.amount is not None]
        money = _latest(with_sum) if with_sum else None
        data_of = graph.nodes[(money or latest).iri]
        dates = sorted(r.date for r in rs if r.date)
        history = _status_history(rs)
        node = entry_iri(rs[0].iri)
        graph.add_node(
            node,
            kind="ledger",
            label=graph.nodes[latest.iri].get("label"),
            commitment_kind=_most_common([r.kind for r in rs], latest.kind),
            item=(money or latest).item,
            amount=money.amount if money else None,
            currency=money.currency if money else None,
            amount_bound=data_of.get("amount_bound") if money else None,
            quantity=graph.nodes[latest.iri].get("quantity"),
            unit=graph.nodes[latest.iri].get("unit"),
            first_reported=dates[0] if dates else None,
            last_reported=dates[-1] if dates else None,
            latest_status=history[-1][1],
            status_history=history,
            reports=len(rs),
            documents=len({r.document for r in rs if r.document}),
        )
        for donor in sorted(set().union(*(r.donors for r in rs))):
            graph.add_edge(node, donor, key="donor", relation="donor")
        recipient = _most_common([r.recipient for r in rs], latest.recipient)
        if recipient:
            graph.add_edge(node, recipient, key="recipient", relation="recipient")
        entries.append(node)
        for r in sorted(rs, key=lambda r: r.iri):
            graph.add_edge(node, r.iri, key="report", relation="report")
    from kg.claims import newest_first

    for n, node in enumerate(newest_first(entries, graph), start=1):
        graph.nodes[node]["newest_first"] = n
    # Each report's position among all reports (commitments), newest article first, then IRI.
    ordered = sorted(reports, key=lambda r: r.iri)
    ordered.sort(key=lambda r: r.date or "", reverse=True)
    entry_of = {
        r: node for node in entries for _, r, k in graph.out_edges(node, keys=True) if k == "report"
    }
    for n, r in enumerate(ordered, start=1):
        graph.nodes[entry_of[r.iri]].setdefault("report_ranks", {})[r.iri] = n
