"""PolNeAR attributions and how kg's statements are scored against them (bench/polnear.py).

The rules of ../shared/polnear-dev/README.md:

- a gold attribution is *found* when a statement's span overlaps its Content, *covered* when one
  statement covers at least half of the Content's characters;
- figures over all attributions and over those whose Content holds a quotation mark;
- the speaker is right when the gold Source is a name (not a pronoun or description) and shares a
  capitalised word with the statement's resolved speaker name;
- precision: share of statements that overlap some gold Content.

kg's stances (what an actor wants, supports or judges: kg.records.StanceRecord) count as
statements here, their holder as the speaker: PolNeAR annotates them as attributions ("Trump wants
to build a wall" has Source Trump, Cue "wants", Content "to build a wall"), though kg's own graph
keeps them apart from speech.

One annotator per article: the first .ann file in sorted order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.records import StanceRecord
from kg.scoring.measures import char_positions, ratio

QUOTE_MARKS = set('"“”„«»')
_PRONOUNS = {
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "him",
    "her",
    "them",
    "his",
    "its",
    "their",
    "who",
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "some",
    "many",
    "most",
    "one",
    "another",
    "both",
}
# A capitalised first word that opens the sentence is not a name by itself ("Officials said").
_GROUP_WORDS = {
    "officials",
    "aides",
    "sources",
    "experts",
    "analysts",
    "critics",
    "supporters",
    "democrats",
    "republicans",
}


@dataclass(slots=True)
class GoldAttribution:
    content: list[tuple[int, int]]
    source: str
    source_start: int | None

    @property
    def chars(self) -> set[int]:
        return char_positions(self.content)


@dataclass(slots=True)
class Article:
    name: str
    text: str
    gold: list[GoldAttribution] = field(default_factory=list)


def read_ann(path: Path) -> list[GoldAttribution]:
    """The attributions of one brat .ann file: each event's Content spans and its Source."""
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            label, _, offsets = parts[1].partition(" ")
            ranges = [tuple(int(x) for x in chunk.split()) for chunk in offsets.split(";")]
            text = parts[2] if len(parts) > 2 else ""
            spans[parts[0]] = (label, [(s, e) for s, e in ranges], text)
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(arg.split(":", 1) for arg in parts[1].split() if ":" in arg))
    out = []
    for event in events:
        content = spans.get(event.get("Content", ""))
        if content is None:
            continue
        source = spans.get(event.get("Source", ""))
        out.append(
            GoldAttribution(
                content[1],
                source[2] if source else "",
                source[1][0][0] if source else None,
            )
        )
    return out


def load_articles(data: Path, *, limit: int | None = None) -> list[Article]:
    """The articles of a PolNeAR folder (text/*.txt) that have attributions, in name order."""
    articles = []
    for text_path in sorted((data / "text").glob("*.txt")):
        anns = sorted((data / "attributions").glob(f"{text_path.stem}_*.ann"))
        if not anns:
            continue
        text = text_path.read_text(encoding="utf-8")
        articles.append(Article(text_path.stem, text, read_ann(anns[0])))
        if limit and len(articles) >= limit:
            break
    return articles


def is_quoted(text: str, g: GoldAttribution) -> bool:
    return any(c in QUOTE_MARKS for s, e in g.content for c in text[s:e])


def source_name_words(text: str, g: GoldAttribution) -> set[str]:
    """Capitalised words of a Source that is a name; empty for pronouns and descriptions."""
    if not g.source or g.source_start is None:
        return set()
    words = re.findall(r"[A-Za-z][\w.'’-]*", g.source)
    before = text[: g.source_start].rstrip()
    sentence_initial = not before or before[-1] in '.!?\n"“”:'
    names = set()
    for i, w in enumerate(words):
        if not w[0].isupper() or w.lower() in _PRONOUNS:
            continue
        if (
            i == 0
            and sentence_initial
            and len(words) == 1
            and w.lower().rstrip("s") in {"official", "source"}
        ):
            continue
        if (
            i == 0
            and sentence_initial
            and (len(words) == 1 or not words[1][0].isupper())
            and w.islower() is False
            and w.lower() in _PRONOUNS
        ):
            continue
        names.add(re.sub(r"(?:'s|’s)$", "", w).rstrip("."))
    if (
        sentence_initial
        and words
        and len(names) == 1
        and words[0] in names
        and not any(w[0].isupper() for w in words[1:])
        and words[0].lower() in _GROUP_WORDS
    ):
        return set()
    return names


@dataclass(slots=True)
class Finding:
    """One line of --show-wrong ("wrong": a statement overlapping no gold Content, a wrong
    speaker) or --show-misses ("miss": a gold attribution no statement covers)."""

    kind: str  # wrong | miss
    line: str


@dataclass(slots=True)
class Scores:
    gold_all: int = 0
    found_all: int = 0
    covered_all: int = 0
    gold_quoted: int = 0
    found_quoted: int = 0
    covered_quoted: int = 0
    speaker_scored: int = 0
    speaker_right: int = 0
    statements: int = 0
    statements_overlapping: int = 0
    findings: list[Finding] = field(default_factory=list)  # in the order met

    def figures(self) -> dict[str, float]:
        def r(n: int, d: int) -> float:
            return ratio(n, d, empty=0.0)

        return {
            "precision": r(self.statements_overlapping, self.statements),
            "recall_all_overlap": r(self.found_all, self.gold_all),
            "recall_all_covered": r(self.covered_all, self.gold_all),
            "recall_quoted_overlap": r(self.found_quoted, self.gold_quoted),
            "recall_quoted_covered": r(self.covered_quoted, self.gold_quoted),
            "speaker_accuracy_quoted": r(self.speaker_right, self.speaker_scored),
        }


def _name_words(name: str) -> set[str]:
    return set(re.findall(r"[A-Za-z][\w'-]*", name.replace("’", "'")))


@dataclass(frozen=True, slots=True)
class _Attribution:
    """What the scoring reads of a statement or a stance: its source, words, kind and rule."""

    speaker: object  # kg.records.ActorMention | None: the speaker, or the stance's holder
    text: str
    kind: str
    rule: str
    is_stance: bool

    @classmethod
    def of(cls, record) -> _Attribution:
        if isinstance(record, StanceRecord):
            return cls(record.holder, record.text, record.kind, record.rule, True)
        return cls(record.speaker, record.text, record.kind, record.rule, False)


def score(articles: list[Article], records, corpus) -> Scores:
    """Scores of the statements and stances in `records` (kg.records.DocRecords, one per
    article, in order) with speakers resolved by `corpus` (kg.resolve.resolve)."""
    scores = Scores()
    for article, rec in zip(articles, records):
        text = article.text
        doc_id = rec.document.id
        statements = [
            (_Attribution.of(s), char_positions([(s.start_char, s.end_char)]))
            for s in [*rec.statements, *rec.stances]
        ]
        gold_chars = set().union(*(g.chars for g in article.gold)) if article.gold else set()
        scores.statements += len(statements)
        for s, chars in statements:
            if chars & gold_chars:
                scores.statements_overlapping += 1
            else:
                scores.findings.append(
                    Finding("wrong", f"WRONG {article.name}: [{s.kind}/{s.rule}] {s.text[:120]!r}")
                )
        for g in article.gold:
            chars = g.chars
            quoted = is_quoted(text, g)
            overlapping = [(len(c & chars), s) for s, c in statements if c & chars]
            found = bool(overlapping)
            covered = any(n * 2 >= len(chars) for n, _ in overlapping)
            scores.gold_all += 1
            scores.found_all += found
            scores.covered_all += covered
            if quoted:
                scores.gold_quoted += 1
                scores.found_quoted += found
                scores.covered_quoted += covered
                names = source_name_words(text, g)
                if found and names:
                    # A quotation's speaker is read from the statement of it when there is one:
                    # a stance the quotation overlaps (what someone wants, said by another) is
                    # no reading of who speaks it.
                    said = [x for x in overlapping if not x[1].is_stance] or overlapping
                    best = max(said, key=lambda x: x[0])[1]
                    actor_id = corpus.actor_id(doc_id, best.speaker)
                    if actor_id in corpus.actors:
                        name = corpus.actors[actor_id].name
                    else:
                        name = best.speaker.text if best.speaker else ""
                    right = bool({n.replace("’", "'") for n in names} & _name_words(name))
                    scores.speaker_scored += 1
                    scores.speaker_right += right
                    if not right:
                        scores.findings.append(
                            Finding(
                                "wrong",
                                f"SPEAKER {article.name}: gold {g.source!r} system {name!r}: "
                                f"{best.text[:80]!r}",
                            )
                        )
            if not covered:
                tag = "QUOTED" if quoted else "ALL"
                content = " ... ".join(text[s:e] for s, e in g.content)
                scores.findings.append(
                    Finding("miss", f"MISS-{tag} {article.name}: {g.source!r}: {content[:140]!r}")
                )
    return scores
