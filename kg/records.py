"""Plain records passed from one stage to the next.

ingest -> Document; extract -> DocRecords (a pure function of one Document, so it can be cached
and run in parallel); resolve -> Corpus (canonical actors across all documents); graph -> networkx;
export -> files. Every extracted record carries `start_char`/`end_char` into `Document.text`, the
text exactly as decoded from the file, and the id of the rule that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ACTOR_TYPES = ("Person", "Organization", "Country", "Group")
STATEMENT_KINDS = ("direct", "partial", "mixed", "indirect")
# What a stance states of its holder (kg/extract/statements/stances.py): what they intend or want
# ("plans to send tanks"), which side they take ("opposed the measure"), how they judge something
# ("sees Moscow as a threat").
STANCE_KINDS = ("intention", "position", "view")
COMMITMENT_KINDS = (
    "materiel",
    "funding",
    "financial",
    "humanitarian",
    "troops",
    "training",
    "security_guarantee",
    "membership",
    "industrial_cooperation",
    "sanctions",
    "policy",
    "other",
)
COMMITMENT_STATUSES = (
    "proposed",
    "requested",
    "considering",
    "pledged",
    "committed",
    "delivered",
    "refused",
    "withdrawn",
)
AMOUNT_BOUNDS = ("exact", "min", "max", "approx")


@dataclass(slots=True)
class DocumentMeta:
    title: str | None = None
    published: str | None = None  # ISO date, YYYY-MM-DD
    author: str | None = None
    publisher: str | None = None
    url: str | None = None


@dataclass(slots=True)
class Document:
    id: str  # the path relative to the input folder: schema:identifier
    text: str  # exactly as decoded from the file; every offset indexes it
    meta: DocumentMeta = field(default_factory=DocumentMeta)
    # (start, end) of the paragraphs that make up the article body, in order; chrome and
    # verbatim repeats are left out, but the text itself is never changed.
    body: list[tuple[int, int]] = field(default_factory=list)
    encoding: str = "utf-8"
    source: str = ""  # the path as given on the command line, for messages

    def body_text(self) -> str:
        """The text with everything outside the body blanked, same length, so offsets still hold.
        Line breaks stay, so no sentence or entity runs across a blanked line."""
        chars = [c if c in "\n\r" else " " for c in self.text]
        out = list(chars)
        for start, end in self.body:
            out[start:end] = self.text[start:end]
        return "".join(out)


@dataclass(slots=True)
class ActorMention:
    """One place a document names an actor, or a pronoun/title resolved to one."""

    start_char: int
    end_char: int
    text: str
    type: str  # one of ACTOR_TYPES
    # The curated actor key (ontology/actors.jsonl `id`) when the gazetteer knows it, else None and
    # the resolve stage clusters by name.
    key: str | None = None
    name: str | None = None  # canonical-looking name the extractor derived (titles stripped)
    rule: str = ""
    confidence: float = 1.0


@dataclass(slots=True)
class PostRecord:
    """A person holding a post: "NATO Secretary-General Mark Rutte"."""

    person: ActorMention
    organization: ActorMention | None
    title: str  # the title as written: "Secretary-General", "head of Ukraine's mission to NATO"
    start_char: int  # evidence: the whole phrase
    end_char: int
    text: str
    rule: str = ""
    confidence: float = 1.0


@dataclass(slots=True)
class StatementRecord:
    """Who said what: `text` is the content without the outer quotation marks."""

    speaker: (
        ActorMention | None
    )  # the actor who speaks (a pronoun already replaced by its antecedent)
    start_char: int  # the content span
    end_char: int
    text: str
    kind: str  # one of STATEMENT_KINDS
    cue: str  # lemma of the reporting word: "say", "according to", "statement"
    cue_start: int | None = None
    cue_end: int | None = None
    speaker_start: int | None = None  # the span that names the speaker in the text ("he", "Moore")
    speaker_end: int | None = None
    mentions: list[ActorMention] = field(default_factory=list)
    rule: str = ""
    confidence: float = 1.0
    # A quote interrupted by its own attribution ('"Part one," he said, "part two."') is one
    # statement read from several spans: then `text` joins them with a space, start_char/end_char
    # run from the first part's start to the last part's end, and each part is one evidence.
    parts: list[tuple[int, int]] = field(default_factory=list)

    def spans(self) -> list[tuple[int, int]]:
        """The evidence spans: each part, or the one content span."""
        return list(self.parts) or [(self.start_char, self.end_char)]


@dataclass(slots=True)
class StanceRecord:
    """What an actor wants, intends, supports, opposes or judges, read from a verb of stance, not
    of speech ("Finland wants to join Nato", "Hungary opposed the sanctions"): no statement, as
    nobody is reported saying it. `text` is what is wanted, supported or judged ("to join Nato")."""

    holder: ActorMention | None  # the verb's subject, resolved like a speaker
    start_char: int  # the content span
    end_char: int
    text: str
    kind: str  # one of STANCE_KINDS
    cue: str  # lemma of the verb of stance: "want", "oppose", "see"
    cue_start: int | None = None
    cue_end: int | None = None
    holder_start: int | None = None  # the span that names the holder in the text ("she", "Orbán")
    holder_end: int | None = None
    mentions: list[ActorMention] = field(default_factory=list)
    rule: str = ""
    confidence: float = 1.0


@dataclass(slots=True)
class CommitmentRecord:
    committers: list[ActorMention]
    kind: str  # one of COMMITMENT_KINDS
    status: str  # one of COMMITMENT_STATUSES
    item: str
    start_char: int  # evidence: the clause or sentence
    end_char: int
    text: str  # the sentence it was read from
    recipient: ActorMention | None = None
    quantity: float | None = None
    unit: str | None = None
    amount: float | None = None
    currency: str | None = None  # ISO 4217
    amount_bound: str | None = None  # one of AMOUNT_BOUNDS
    # Further money figures in the same phrase ("110 billion hryvnia (€2.1 billion)").
    other_amounts: list[tuple[float, str, str]] = field(default_factory=list)
    asserted_by: ActorMention | None = None
    cue: str = ""
    rule: str = ""
    confidence: float = 1.0


@dataclass(slots=True)
class DocRecords:
    """Everything extracted from one document; a pure function of its text and the pipeline."""

    document: Document
    mentions: list[ActorMention] = field(default_factory=list)
    posts: list[PostRecord] = field(default_factory=list)
    statements: list[StatementRecord] = field(default_factory=list)
    commitments: list[CommitmentRecord] = field(default_factory=list)
    stances: list[StanceRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # (start, end, text) of the paragraphs around the records' evidence (kg.passages), taken before
    # the build lets the article text go; empty while the text is still at hand.
    passages: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass(slots=True)
class Actor:
    id: str  # slug of the canonical name; the IRI is base + "actor/" + id
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None  # "Q..." where curated


@dataclass(slots=True)
class Corpus:
    """The output of resolve: canonical actors and, per document, mention -> actor id."""

    actors: dict[str, Actor]
    docs: list[DocRecords]
    # (document id, start_char, end_char) of a mention -> actor id
    actor_of: dict[tuple[str, int, int], str]
    # (document id, "author" | "publisher") -> actor id
    document_agents: dict[tuple[str, str], str] = field(default_factory=dict)

    def actor_id(self, doc_id: str, mention: ActorMention | None) -> str | None:
        if mention is None:
            return None
        return self.actor_of.get((doc_id, mention.start_char, mention.end_char))
