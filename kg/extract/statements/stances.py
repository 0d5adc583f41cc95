"""Stances: what an actor wants, intends, supports, opposes or judges.

News attributes positions and intentions as it attributes speech ("Moscow wants to occupy broad
swaths of southern Ukraine", "the senator opposed the measure"), but nobody is reported saying
them: each is a `StanceRecord` (kg/records.py), never a statement, and the graph types it kg:Stance
(a schema:Claim, not a schema:Quotation). Three rules, their words in kg/data/stances.toml:

- `stance.intention` (kind `intention`): a verb of wanting or planning with its to-infinitive
  ("wants to join Nato", "plans to send tanks"), an object and an infinitive ("wants Trump to
  lose"), or for a few verbs an object alone ("wants a ceasefire"): the complement after the verb;
- `stance.position` (kind `position`): a verb of taking sides with its object ("supports Clinton",
  "opposed the measure", "voted for Sanders"): the object phrase;
- `stance.view` (kind `view`): a verb of judging with its object and predicate ("sees Moscow as a
  threat", "considers Clinton honest"): the object and the predicate.

The cue is the verb's lemma. The holder is the verb's subject, resolved by the same resolver as a
speaker, which is why the rules run on the statement rules' Context (its quotations and resolver)
and live beside them. A stance that is denied, hedged or passive is not read: "will not support",
"may want", "is supported by". Where speech reads the same words (a stance inside a reported clause
is what the speaker said) the statement wins: `without_speech` drops the stance.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from spacy.tokens import Token

from kg.extract.lexicon import read_data, word_sets
from kg.extract.quotes import MARKS
from kg.extract.statements.attribution import (
    as_attribution,
    attribute,
    passive_agent,
    subject_of,
)
from kg.extract.statements.context import SENTENCE_END, Context, Rule
from kg.nlp import tokens_where
from kg.paths import DATA_DIR
from kg.records import CommitmentRecord, StanceRecord, StatementRecord

STANCES_FILE = DATA_DIR / "stances.toml"
# An infinitive complement shorter than this many words ("to go") states no intention worth a
# statement; an object may be one name ("supports Clinton").
INTENTION_WORDS = 2
# Parts of speech an object of a stance must have for its phrase to name a position or an actor.
OBJECT_POS = {"NOUN", "PROPN", "NUM"}
SUBJECT_OR_AUX = {"nsubj", "nsubjpass", "aux", "auxpass"}


@dataclass(frozen=True, slots=True)
class StanceWords:
    """kg/data/stances.toml."""

    intention: frozenset[str]
    with_object: frozenset[str]
    cue_of_lemma: dict[str, str]
    object_alone: frozenset[str]
    position: frozenset[str]
    prepositional: dict[str, frozenset[str]]
    view: frozenset[str]
    predicate_prepositions: frozenset[str]
    bare_predicate: frozenset[str]
    empty_objects: frozenset[str]
    hedges: frozenset[str]
    conditions: frozenset[str]
    confidence: dict[str, float]


@lru_cache(maxsize=4)
def load_stance_words(path: str = str(STANCES_FILE)) -> StanceWords:
    data = read_data(path)
    intention = word_sets({k: v for k, v in data["intention"].items() if k != "cue_of_lemma"})
    position = data["position"]
    return StanceWords(
        intention=intention["verbs"],
        with_object=intention["with_object"],
        cue_of_lemma=dict(data["intention"]["cue_of_lemma"]),
        object_alone=intention["object_alone"],
        position=frozenset(position["verbs"]),
        prepositional=word_sets(position["prepositional"]),
        **word_sets({"view" if k == "verbs" else k: v for k, v in data["view"].items()}),
        empty_objects=frozenset(data["words"]["empty_objects"]),
        hedges=frozenset(data["words"]["hedges"]),
        conditions=frozenset(data["words"]["conditions"]),
        confidence=dict(data["confidence"]),
    )


def stance_rules(words: StanceWords | None = None) -> tuple[Rule, ...]:
    """The stance rules, each with its confidence."""
    confidence = (words or load_stance_words()).confidence
    return tuple(
        Rule(rule_id, apply, confidence[rule_id]) for rule_id, (_kind, apply) in RULES.items()
    )


def stances(ctx: Context) -> list[StanceRecord]:
    """Every stance of the document, rule by rule."""
    return [record for rule in stance_rules() for record in rule.apply(ctx, rule)]


def without_speech(
    stances: list[StanceRecord], statements: list[StatementRecord]
) -> list[StanceRecord]:
    """The stances no statement reads the same words of ("Lavrov said that Moscow wants to keep
    the regions" is Lavrov's statement, not Moscow's stance), each span once: where two stances
    overlap, the one that starts first (then the longer) stays."""
    spoken = sorted((s.start_char, s.end_char) for s in statements)
    starts = [start for start, _ in spoken]
    # the largest end among the statements up to each one (by start): a span [a, b) overlaps some
    # statement when one that starts before b ends after a
    reach = list(accumulate((end for _, end in spoken), max))
    kept: list[StanceRecord] = []
    for st in sorted(stances, key=lambda r: (r.start_char, -(r.end_char - r.start_char), r.rule)):
        before = bisect_left(starts, st.end_char)
        if before and reach[before - 1] > st.start_char:
            continue
        if kept and kept[-1].end_char > st.start_char:  # kept stances are apart, in text order
            continue
        kept.append(st)
    return kept


def without_commitments(
    stances: list[StanceRecord], commitments: list[CommitmentRecord]
) -> list[StanceRecord]:
    """The stances that repeat no commitment read from the same clause: "Poland refused to send
    jets" is a refused commitment, "Norway plans to send tanks" one under consideration, and the
    stance would say it twice. A commitment repeats a stance when its evidence holds the stance's
    verb and it was read from that verb (the same cue) or commits what the stance wants (its item
    lies inside the stance's text)."""
    ordered = sorted(commitments, key=lambda c: c.start_char)
    starts = [c.start_char for c in ordered]
    longest = max((c.end_char - c.start_char for c in ordered), default=0)
    kept = []
    for st in stances:
        at = st.cue_start if st.cue_start is not None else st.start_char
        near = ordered[bisect_left(starts, at - longest) : bisect_right(starts, at)]
        if not any(c.start_char <= at < c.end_char and _repeats(c, st) for c in near):
            kept.append(st)
    return kept


def _repeats(commitment: CommitmentRecord, stance: StanceRecord) -> bool:
    item = " ".join(commitment.item.split()).casefold()
    return (
        commitment.cue == stance.cue
        or bool(item)
        and item in " ".join(stance.text.split()).casefold()
    )


def intention_stances(ctx: Context, rule: Rule) -> list[StanceRecord]:
    """ "X wants to join Nato", "X plans to send tanks", "X wants Y to lose", "X wants a
    ceasefire"."""
    words = load_stance_words()
    records = []
    for verb in tokens_where(ctx.doc, pos=("VERB",), lemmas=words.intention):
        if not _held(ctx, verb):
            continue
        lemma = verb.lemma_.lower()
        last = _infinitive(verb, with_object=lemma in words.with_object)
        if last is None and lemma in words.object_alone:
            last = _object(verb, words)
        if last is None:
            continue
        span = _complement_span(ctx, verb.i + 1, last)
        if span is None or _word_count(ctx, *span) < INTENTION_WORDS:
            continue
        if (record := _record(ctx, verb, rule, span)) is not None:
            records.append(record)
    return records


def position_stances(ctx: Context, rule: Rule) -> list[StanceRecord]:
    """ "X supports Clinton", "X opposed the measure", "X voted for Sanders"."""
    words = load_stance_words()
    lemmas = words.position | words.prepositional.keys()
    records = []
    for verb in tokens_where(ctx.doc, pos=("VERB",), lemmas=lemmas):
        if verb.dep_ == "acl" and verb.lemma_.lower() in words.position:
            if (record := _modifier_stance(ctx, verb, rule, words)) is not None:
                records.append(record)
            continue
        if not _held(ctx, verb):
            continue
        lemma = verb.lemma_.lower()
        if lemma in words.position:
            obj = _object(verb, words)
        else:
            obj = _prepositional_object(verb, words.prepositional[lemma], words)
        if obj is None:
            continue
        # The object phrase itself: "voted for Sanders" holds "Sanders".
        span = _complement_span(ctx, obj.left_edge.i, obj)
        if span is not None and (record := _record(ctx, verb, rule, span)) is not None:
            records.append(record)
    return records


def _modifier_stance(
    ctx: Context, verb: Token, rule: Rule, words: StanceWords
) -> StanceRecord | None:
    """A verb of taking sides that modifies a noun: "a super PAC backing Jeb Bush" (the noun
    holds the stance, the object is its content), "the bill, opposed by House Republicans" (the
    agent holds it, the noun phrase is its content). Not "Russian-backed" (an adjective, whose
    holder the text does not name as an actor phrase of its own)."""
    noun = verb.head
    if noun.pos_ not in ("NOUN", "PROPN") or ctx.in_quote(verb.idx):
        return None
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    if verb.tag_ == "VBG":
        obj = _object(verb, words)
        if obj is None or not _can_hold(ctx, noun):
            return None
        span = _complement_span(ctx, obj.left_edge.i, obj)
        holder = noun
    elif verb.tag_ == "VBN":
        holder = passive_agent(verb)
        if holder is None or noun.i > verb.i or not _names_something(noun, words):
            return None
        span = _tokens_span(ctx, noun.left_edge.i, noun.i)
    else:
        return None
    return None if span is None else _record(ctx, verb, rule, span, subject=holder)


def _can_hold(ctx: Context, noun: Token) -> bool:
    """Whether a noun names someone who can take a side: a name, an organisation or a collective
    ("a super PAC", "groups", "countries"), or people ("pundits", "voters"), not "activities
    opposing Moscow's actions"."""
    resolver, lemma = ctx.resolver, noun.lemma_.lower()
    heads = resolver.words.organisation_heads | resolver.words.collective_heads
    return (
        noun.pos_ == "PROPN"
        or resolver.mention_for(noun) is not None
        or lemma in heads
        or lemma in resolver.words.person_heads
        or resolver.names_a_person(noun)
    )


def _tokens_span(ctx: Context, first: int, last: int) -> tuple[int, int] | None:
    """Characters of tokens `first`..`last` (one sentence, one line), punctuation trimmed."""
    tokens = [t for t in ctx.doc[first : last + 1] if not t.is_space]
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]
    if not tokens or any(t.text in SENTENCE_END for t in tokens):
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return None if "\n" in ctx.text[start:end] else (start, end)


def view_stances(ctx: Context, rule: Rule) -> list[StanceRecord]:
    """ "X sees Moscow as a threat", "X regards the deal as dead", "X considers Clinton honest"."""
    words = load_stance_words()
    records = []
    for verb in tokens_where(ctx.doc, pos=("VERB",), lemmas=words.view):
        if not _held(ctx, verb):
            continue
        found = _judged(verb, words)
        if found is None:
            continue
        first, last = found
        span = _complement_span(ctx, first.i, last)
        if span is not None and (record := _record(ctx, verb, rule, span)) is not None:
            records.append(record)
    return records


def _judged(verb: Token, words: StanceWords) -> tuple[Token, Token] | None:
    """(first token, predicate) of what a verb of judging judges: its object and the "as"
    phrase after it ("sees Moscow as a threat": spaCy hangs the phrase on the verb, as a prep
    or an adverbial clause), or a small clause ("considers Clinton honest")."""
    obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    if obj is not None and _names_something(obj, words):
        for c in verb.rights:
            if c.i <= obj.i:
                continue
            if c.dep_ == "prep" and c.lower_ in words.predicate_prepositions:
                return obj.left_edge, c
            if c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in words.predicate_prepositions for m in c.children
            ):
                return obj.left_edge, c
        return None
    if verb.lemma_.lower() not in words.bare_predicate:
        return None
    small = next((c for c in verb.rights if c.dep_ in ("ccomp", "oprd")), None)
    if small is None or small.pos_ not in ("ADJ", "NOUN") or small.dep_ != "ccomp":
        return None
    subject = next((c for c in small.children if c.dep_ == "nsubj"), None)
    if subject is None or not _names_something(subject, words):
        return None
    return subject.left_edge, small


def _held(ctx: Context, verb: Token) -> bool:
    """Whether the verb states a stance its subject holds: outside quotations (the quote rules
    read those), not denied, hedged or passive, and not a modifier ("Russian-backed")."""
    if ctx.in_quote(verb.idx) or verb.dep_ in ("amod", "compound", "pcomp", "acl"):
        # a modifier ("Russian-backed"), a gerund after a preposition ("hailing Russia for
        # backing …": whose stance the parse does not say) or a participle ("meant to mirror")
        return False
    hedges = (ctx.reporting.hedges | load_stance_words().hedges) - {"to"}
    for child in verb.children:
        if child.dep_ in ("neg", "nsubjpass", "auxpass"):
            return False
        if child.dep_ == "mark" and child.lower_ in load_stance_words().conditions:
            return False  # "if the west really wants peace": a condition, not a stance held
        if child.dep_ == "aux" and (child.lower_ in hedges or child.lower_ == "to"):
            # hedged; or an infinitive, whose holder the verb above it says ("refused to back
            # the sanctions" is read there) or which tells a purpose ("returned to support")
            return False
    if verb.dep_ == "conj" and not any(c.dep_ in SUBJECT_OR_AUX for c in verb.children):
        # A verb joined to another without a subject or auxiliary of its own shares the other's:
        # "cannot upend … and expect to benefit" is denied, "will not back X or support Y" too.
        for child in verb.head.children:
            if child.dep_ == "neg" or (child.dep_ == "aux" and child.lower_ in hedges | {"to"}):
                return False
    # "the plan backed by Congress": a participle without an auxiliary is passive.
    return not (verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in verb.children))


def _infinitive(verb: Token, *, with_object: bool) -> Token | None:
    """The to-infinitive the verb governs ("wants to join"), or with an object before it ("wants
    Trump to lose": spaCy reads the object as the infinitive's subject, a ccomp)."""
    for child in verb.rights:
        if child.dep_ == "xcomp" and _has_to(child):
            return child
        if with_object and child.dep_ == "ccomp" and _has_to(child):
            if any(c.dep_ == "nsubj" and c.i < child.i for c in child.children):
                return child
    return None


def _has_to(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" and c.i < verb.i for c in verb.children)


def _object(verb: Token, words: StanceWords) -> Token | None:
    """The verb's direct object when it names something (a noun or name, not "it")."""
    for child in verb.rights:
        if child.dep_ == "dobj":
            return child if _names_something(child, words) else None
    return None


def _prepositional_object(verb: Token, preps: frozenset[str], words: StanceWords) -> Token | None:
    for child in verb.rights:
        if child.dep_ == "prep" and child.lower_ in preps:
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            return obj if obj is not None and _names_something(obj, words) else None
    return None


def _names_something(token: Token, words: StanceWords) -> bool:
    return token.pos_ in OBJECT_POS and token.lower_ not in words.empty_objects


def _complement_span(ctx: Context, first: int, last: Token) -> tuple[int, int] | None:
    """Characters from token `first` to the end of `last`'s phrase, within one sentence and one
    paragraph."""
    # An aside the parse hangs inside the phrase ("…, the minister said") is not part of it.
    aside = {t.i for c in last.subtree if c.dep_ == "parataxis" for t in c.subtree}
    tokens = [
        t for t in ctx.doc[first : last.right_edge.i + 1] if not t.is_space and t.i not in aside
    ]
    while tokens and (tokens[0].is_punct or tokens[0].dep_ in ("prt", "advmod")):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in MARKS:
        tokens = tokens[:-1]
    if not tokens or any(t.text in SENTENCE_END for t in tokens):
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    if "\n" in ctx.text[start:end]:
        return None
    return start, end


def _word_count(ctx: Context, start: int, end: int) -> int:
    return sum(1 for w in ctx.text[start:end].split() if any(c.isalnum() for c in w))


def _record(
    ctx: Context, verb: Token, rule: Rule, span: tuple[int, int], *, subject: Token | None = None
) -> StanceRecord | None:
    """The stance, held by the verb's subject (or `subject`, where the verb modifies a noun) as
    the resolver reads it."""
    subject = subject if subject is not None else subject_of(verb, ctx.words)
    if subject is None or subject.dep_ == "nsubjpass" or ctx.in_quote(subject.idx):
        return None
    if subject.lower_ in ctx.reporting.pronouns.speaker:
        # "We plan to maintain this pace." outside quotation marks is a speaker's words whose
        # marks the text lost (or an opinion's author): who "we" are is not in the sentence.
        return None
    if subject.idx > verb.idx and subject.head == verb:
        return None  # "…, supports X" with the holder after the verb: an inversion seldom seen
    lemma = verb.lemma_.lower()
    cue = load_stance_words().cue_of_lemma.get(lemma, lemma)
    attribution = as_attribution(attribute(ctx, verb, subject, rule, lemma=cue))
    if attribution is None:
        return None
    start, end = span
    quote = ctx.quote_around(start)
    if quote is not None and quote is ctx.quote_around(end - 1):
        return None  # inside one quotation: the quote rules read it
    kind, _apply = RULES[rule.id]
    return StanceRecord(
        holder=attribution.speaker,
        start_char=start,
        end_char=end,
        text=ctx.text[start:end],
        kind=kind,
        cue=attribution.cue,
        cue_start=attribution.cue_start,
        cue_end=attribution.cue_end,
        holder_start=attribution.speaker_start,
        holder_end=attribution.speaker_end,
        mentions=ctx.mentions_within(start, end),
        rule=rule.id,
        confidence=rule.confidence,
    )


# rule id -> (stance kind, the function that reads it), in the order the rules run.
RULES = {
    "stance.intention": ("intention", intention_stances),
    "stance.position": ("position", position_stances),
    "stance.view": ("view", view_stances),
}
