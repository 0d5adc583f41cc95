"""The mention resolver: a token or span of a document -> the actor it refers to.

Built once per document from its actor mentions (kg/extract/actors.py) and the posts read from it
(kg/extract/posts.py). Every extractor asks it who a subject, a speaker, an owner or a committer
is, by the rule the text calls for:

- name:         the mention over the token ("Mark Rutte said")
- modifier:     the mention in the token's modifiers ("German officials", "Trump's administration")
- pronoun:      a discourse pronoun -> the nearest preceding subject of the right kind outside
                quotations, or the speaker of an earlier statement (`antecedent`); a pronoun in
                a clause -> the subject of the verb above it, else the last person named
                (`clause_pronoun`); "we" inside a quotation -> its speaker (`reporting_speaker`)
- reporting:    the subject of a reporting verb (or owner of a reporting noun) above a clause
- possessive:   "its"/"their" -> the last organisation of the sentence before them; "X's" -> X
- title:        "the defence secretary" -> the person the article names in that post
- description:  a speaker the text describes but names no actor for ("officials", "the
                newspaper", "the Kremlin"), as a new mention typed by its head
- collective:   "Nordic donors", "26 Western allies", as a new Group mention

Words are data: pronouns and reporting words in kg/data/reporting.toml, description heads and
collective heads in kg/data/mentions.toml, title words in kg/data/titles.toml.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from spacy.tokens import Doc, Span, Token

from kg import gazetteer as gazetteer_module
from kg.extract.lexicon import read_data, word_sets
from kg.extract.quotes import paragraphs as paragraphs_of
from kg.extract.reporting import Reporting, load_reporting
from kg.names import titles
from kg.nlp import text_of
from kg.paths import DATA_DIR
from kg.records import ActorMention, PostRecord, StatementRecord

MENTIONS_FILE = DATA_DIR / "mentions.toml"
ORG_TYPES = ("Organization", "Country", "Group")
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# How far back (in paragraphs, counting the pronoun's own) a pronoun looks for what it stands for.
ANTECEDENT_PARAGRAPHS = 3
# Relations a clause hangs on the verb above it by, climbed to find its reporting verb.
REPORTED_CLAUSE_DEPS = ("ccomp", "parataxis", "conj", "acl", "xcomp", "advcl", "relcl")
REPORTING_HOPS = 6
# Relations by which a named actor modifies the head of a speaker phrase ("Swiss embassy").
MODIFIER_DEPS = ("compound", "amod", "poss", "nmod")
# Prepositions that name the issuer of a document or the owner of a body ("a report by X").
ISSUER_PREPOSITIONS = ("by", "from")
# The shortest name before a document taken for its issuer ("the Pew survey", not "the Q poll").
MIN_ISSUER_CHARS = 3


@dataclass(frozen=True, slots=True)
class MentionWords:
    """kg/data/mentions.toml: the word lists of [words], the collectives' rule id, confidences."""

    phrase_prepositions: frozenset[str]
    determiners: frozenset[str]
    possessive_determiners: frozenset[str]
    possessive_markers: frozenset[str]
    organisation_heads: frozenset[str]
    person_heads: frozenset[str]
    person_suffixes: frozenset[str]
    document_heads: frozenset[str]
    owner_heads: frozenset[str]
    collective_heads: frozenset[str]
    collective_rule: str
    confidence: dict[str, float]


@lru_cache(maxsize=1)
def title_words() -> dict[str, frozenset[str]]:
    """kg/data/titles.toml, read once: the resolver asks for title words per mention."""
    return titles()


@lru_cache(maxsize=4)
def load_mention_words(path: str = str(MENTIONS_FILE)) -> MentionWords:
    data = read_data(path)
    return MentionWords(
        **word_sets(data["words"]),
        collective_rule=data["collectives"]["rule"],
        confidence=dict(data["confidence"]),
    )


class MentionIndex:
    """The actor mentions of one document in text order, found by place.

    The extractors ask about mentions near a place thousands of times a document: they are looked
    up by bisection, not by a scan of every mention (quadratic on a long document)."""

    def __init__(self, doc: Doc, mentions: Iterable[ActorMention]):
        self.doc = doc
        self.mentions = sorted(mentions, key=lambda m: (m.start_char, m.end_char))
        self._starts = [m.start_char for m in self.mentions]
        self._longest = max((m.end_char - m.start_char for m in self.mentions), default=0)
        self._by_end = {m.end_char: m for m in self.mentions}
        self._by_token: dict[int, ActorMention] | None = None

    def over(self, start: int, end: int) -> ActorMention | None:
        """The first mention (in text order) that covers start..end."""
        # Only a mention that starts at most the longest mention's length before `start` can
        # reach `end`.
        lo = bisect_left(self._starts, start - self._longest)
        for m in self.mentions[lo : bisect_right(self._starts, start)]:
            if end <= m.end_char:
                return m
        return None

    def over_token(self, token: Token) -> ActorMention | None:
        return self.over(token.idx, token.idx + len(token))

    def within(self, start: int, end: int) -> list[ActorMention]:
        lo, hi = bisect_left(self._starts, start), bisect_right(self._starts, end)
        return [m for m in self.mentions[lo:hi] if m.end_char <= end]

    def starting_at(self, char: int) -> list[ActorMention]:
        return self.mentions[bisect_left(self._starts, char) : bisect_right(self._starts, char)]

    def ending_at(self, char: int) -> ActorMention | None:
        return self._by_end.get(char)

    def at_token(self, token: Token) -> ActorMention | None:
        """The first mention whose tokens include this one (a mention covers every token it
        touches)."""
        if self._by_token is None:
            self._by_token = {}
            for m in self.mentions:
                span = self.doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
                for t in span if span is not None else ():
                    self._by_token.setdefault(t.i, m)
        return self._by_token.get(token.i)

    def first_of(self, key: str, *, before: int) -> ActorMention | None:
        """The last mention of the actor `key` starting by `before`, else its first mention."""
        candidates = [m for m in self.mentions if m.key == key]
        earlier = [m for m in candidates if m.start_char <= before]
        return (earlier or candidates or [None])[-1 if earlier else 0]


@dataclass(slots=True)
class SpeakerPhrase:
    """The actor a speaker phrase refers to (None: a pronoun with no antecedent), and the
    phrase's characters."""

    mention: ActorMention | None
    start: int
    end: int


@dataclass(slots=True)
class _Antecedents:
    """The mentions a pronoun may stand for, found by bisection (a scan of every mention before
    each pronoun, parsing each as a subject or not, made long documents quadratic)."""

    ends_so_far: list[int]  # the largest end_char of the mentions up to each one, in text order
    subjects: dict[bool, list[int]]  # wants a person? -> mentions outside quotes that are subjects
    anyone: dict[bool, list[int]]  # wants a person? -> all mentions outside quotes


class Resolver:
    """Turns tokens and phrases of one document into the actors they refer to.

    `quoted(char)` says whether a character is inside a quotation (a pronoun's antecedent is
    looked for outside them); `statements` are the document's statements when they are known (a
    clause inside one is asserted by its speaker)."""

    def __init__(
        self,
        doc: Doc,
        mentions: Iterable[ActorMention],
        *,
        posts: Iterable[PostRecord] = (),
        statements: Iterable[StatementRecord] = (),
        quoted: Callable[[int], bool] | None = None,
        paragraphs: list[tuple[int, int]] | None = None,
        reporting: Reporting | None = None,
        words: MentionWords | None = None,
    ):
        self.doc = doc
        self.index = MentionIndex(doc, mentions)
        self.posts = list(posts)
        self.statements = list(statements)
        self.reporting = reporting or load_reporting()
        self.pronouns = self.reporting.pronouns
        self.words = words or load_mention_words()
        self._quoted = quoted or (lambda char: False)
        self._paragraphs = paragraphs
        self._para_starts: list[int] | None = None
        self._antecedents: _Antecedents | None = None
        # Mentions made for descriptions, by their characters: one mention per phrase.
        self.described: dict[tuple[int, int], ActorMention] = {}
        # (offset, speaker) of the statements read so far: a later pronoun may stand for one.
        self.speakers: list[tuple[int, ActorMention]] = []

    @property
    def mentions(self) -> list[ActorMention]:
        return self.index.mentions

    @property
    def paragraphs(self) -> list[tuple[int, int]]:
        if self._paragraphs is None:
            self._paragraphs = paragraphs_of(text_of(self.doc))
        return self._paragraphs

    def paragraph_of(self, char: int) -> int:
        if self._para_starts is None:
            self._para_starts = [s for s, _ in self.paragraphs]
        return max(bisect_right(self._para_starts, char) - 1, 0)

    def add_speaker(self, offset: int, speaker: ActorMention) -> None:
        self.speakers.append((offset, speaker))

    # --- names and modifiers ----------------------------------------------------------------

    def mention_for(self, token: Token) -> ActorMention | None:
        """The mention naming `token`, or the one among its modifiers ("US President Donald
        Trump", "NATO leaders"); a possessor only for heads it stands for ("Trump's
        administration")."""
        if (m := self.index.at_token(token)) is not None:
            return m
        for child in token.children:
            if child.dep_ not in ("compound", "amod", "poss", "nmod"):
                continue
            if (m := self.index.at_token(child)) is not None:
                if child.dep_ != "poss" or token.lemma_.lower() in self.words.owner_heads:
                    return m
        return None

    def is_possessive(self, owner: Token) -> bool:
        lower = owner.lower_
        words = self.words
        if lower in words.possessive_markers:
            return owner.i >= 1
        return lower in words.possessive_determiners

    def possessive_owner(self, owner: Token) -> ActorMention | None:
        """The organisation a possessive stands for: "its"/"their" -> the last organisation,
        country or group named earlier in the sentence; "X's" -> X."""
        if owner.lower_ in self.words.possessive_determiners:
            earlier = self.index.within(owner.sent.start_char, owner.idx)
            found = [m for m in earlier if m.type in ORG_TYPES]
            return found[-1] if found else None
        if owner.lower_ in self.words.possessive_markers and owner.i >= 1:
            before = self.doc[owner.i - 1]
            return self.index.ending_at(before.idx + len(before.text))
        return None

    # --- pronouns ---------------------------------------------------------------------------

    def is_pronoun(self, token: Token) -> bool:
        return self.pronouns.stands_for_actor(token.lower_)

    def antecedent(self, token: Token, *, person: bool | None = None) -> ActorMention | None:
        """The actor a pronoun stands for: the nearest preceding subject of the right kind outside
        quotes (a mention, or the speaker of an earlier statement), else the nearest such mention,
        within ANTECEDENT_PARAGRAPHS paragraphs. `person`: the kind, when not the pronoun's."""
        want_person = token.lower_ in self.pronouns.person if person is None else person
        first_para = max(self.paragraph_of(token.idx) - ANTECEDENT_PARAGRAPHS + 1, 0)
        floor = self.paragraphs[first_para][0] if self.paragraphs else 0
        index = self._antecedent_index()
        # Mentions are read in text order up to the first that ends past the pronoun.
        cut = bisect_right(index.ends_so_far, token.idx)

        def nearest(indices: list[int]) -> ActorMention | None:
            i = bisect_left(indices, cut) - 1
            m = self.mentions[indices[i]] if i >= 0 else None
            return m if m is not None and m.start_char >= floor else None

        best = nearest(index.subjects[want_person])
        offset = best.start_char if best is not None else -1
        # At the same offset a speaker wins over a mention, and a later speaker over an earlier one.
        for spoken_at, speaker in self.speakers:
            if not floor <= spoken_at < token.idx or self.is_person(speaker) != want_person:
                continue
            if spoken_at >= offset:
                best, offset = speaker, spoken_at
        return best if best is not None else nearest(index.anyone[want_person])

    def _antecedent_index(self) -> _Antecedents:
        if self._antecedents is not None:
            return self._antecedents
        ends = [m.end_char for m in self.mentions]
        index = _Antecedents(
            list(accumulate(ends, max)),
            {True: [], False: []},
            {True: [], False: []},
        )
        for i, m in enumerate(self.mentions):
            if self._quoted(m.start_char):
                continue
            span = self.doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
            root = span.root if span is not None else None
            person = self.is_person(m, root)
            index.anyone[person].append(i)
            if root is not None and (
                root.dep_ in SUBJECT_DEPS
                or (root.dep_ in ("compound", "appos") and root.head.dep_ in SUBJECT_DEPS)
            ):
                if not self._in_reported_clause(root):
                    index.subjects[person].append(i)
        self._antecedents = index
        return index

    def is_person(self, m: ActorMention, root: Token | None = None) -> bool:
        """Typed a person, or named beside a title ("the governor, Oleksandr Starukh", "Ignazio
        Cassis, the Swiss president") whatever its name's type."""
        if m.type == "Person":
            return True
        if m.type == "Country":
            return False
        if root is None:
            span = self.doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
            root = span.root if span is not None else None
        if root is None:
            return False
        heads = title_words()["heads"]
        if root.dep_ == "appos" and root.head.lower_ in heads:
            return True
        return any(c.dep_ == "appos" and c.lower_ in heads for c in root.children)

    def _in_reported_clause(self, token: Token) -> bool:
        """Whether `token` stands in a clause someone reports ("Biden said Putin had planned
        to …"): its subject is what is said, not whom a later pronoun names."""
        verbs = self.reporting.verbs
        t = token
        for _ in range(REPORTING_HOPS):
            if t.head == t:
                return False
            if t.dep_ in ("ccomp", "parataxis") and t.head.lemma_.lower() in verbs:
                return True
            t = t.head
        return False

    def clause_pronoun(self, token: Token, clause: Token) -> ActorMention | None:
        """A pronoun subject of `clause`: "we" -> the reporting speaker; "he"/"it" -> the subject
        of a verb above the clause ("X has made clear it no longer intends to ..."), and "he" else
        the last person named since the previous sentence."""
        lower = token.lower_
        pronouns = self.pronouns
        if lower in pronouns.speaker:
            return self.reporting_speaker(clause)
        if not pronouns.stands_for_actor(lower):
            return None
        wants_person = lower in pronouns.person
        t = clause
        while t.dep_ in ("ccomp", "conj", "advcl") and t.head != t:
            t = t.head
            subject = next((c for c in t.children if c.dep_ == "nsubj"), None)
            if subject is None or subject == token or (m := self.mention_for(subject)) is None:
                continue
            if (m.type == "Person") == wants_person:
                return m
        if wants_person:
            sent = token.sent
            previous = token.doc[sent.start - 1].sent if sent.start > 0 else sent
            people = [
                m
                for m in self.mentions
                if m.type == "Person" and previous.start_char <= m.start_char < token.idx
            ]
            return people[-1] if people else None
        return None

    # --- reporting ----------------------------------------------------------------------------

    def reporting_speaker(self, token: Token) -> ActorMention | None:
        """Who asserts the clause of `token`: the speaker of a statement holding it, else the
        subject of a reporting verb (or the owner of a reporting noun) above it."""
        for st in self.statements:
            if st.speaker is not None and st.start_char <= token.idx < st.end_char:
                return st.speaker
        verbs, nouns = self.reporting.asserting_verbs, self.reporting.asserting_nouns
        t = token
        for _ in range(REPORTING_HOPS):
            if t.head == t or t.dep_ not in REPORTED_CLAUSE_DEPS:
                return None
            t = t.head
            if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in verbs:
                subject = next((c for c in t.children if c.dep_ == "nsubj"), None)
                return self.mention_for(subject) if subject is not None else None
            if t.pos_ == "NOUN" and t.lemma_.lower() in nouns:
                owner = next((c for c in t.children if c.dep_ == "poss"), None)
                return self.mention_for(owner) if owner is not None else None
        return None

    # --- titles, descriptions, collectives --------------------------------------------------

    def post_holder(self, phrase: Span) -> ActorMention | None:
        """The person the article names in the post a description gives ("the defence
        secretary"): the nearest post before it, else the nearest after."""
        title_table = title_words()
        heads = [t.lower_ for t in phrase if t.lower_ in title_table["heads"]]
        if not heads:
            return None
        words = {t.lower_ for t in phrase if t.is_alpha and t.lower_ not in self.words.determiners}
        best: tuple[int, ActorMention] | None = None
        for post in self.posts:
            title = post.title.lower()
            org = post.organization.text.lower() if post.organization else ""
            if not all(h in title for h in heads):
                continue
            other = [w for w in words if w not in heads and w not in title_table["links"]]
            telling = [w for w in other if w in title_table["modifiers"] or w[0].isalpha()]
            if any(w not in title and w not in org for w in telling):
                continue
            # The nearest post before the phrase; one after it only when there is none before.
            after = 0 if post.start_char < phrase.start_char else 10_000
            distance = abs(phrase.start_char - post.start_char) + after
            if best is None or distance < best[0]:
                best = (distance, post.person)
        return best[1] if best else None

    def description(
        self,
        phrase: Span,
        *,
        rule: str,
        type_: str | None = None,
    ) -> ActorMention | None:
        """A new mention over a speaker the text describes but no mention names ("officials",
        "the newspaper"): typed by its head (organisation heads and metonyms, else a proper noun
        by its entity, plural a Group, else a Person) unless `type_` says."""
        head = phrase.root
        if head.lower_ in self.pronouns.non_speakers or head.pos_ not in ("NOUN", "PROPN"):
            return None
        if not any(c.isalpha() for c in phrase.text) or "\n" in phrase.text:
            return None
        key = (phrase.start_char, phrase.end_char)
        if key in self.described:
            return self.described[key]
        heads = self.words.organisation_heads
        if type_ is not None:
            pass
        elif head.lemma_.lower() in self.words.document_heads:
            return None  # a document speaks for its issuer, or for no actor
        elif head.lemma_.lower() in heads or head.lower_ in heads:
            type_ = "Organization"
        elif head.pos_ == "PROPN" or self.capitalised(head):
            type_ = "Person" if head.ent_type_ in ("PERSON", "") else "Organization"
        elif head.tag_ in ("NNS", "NNPS"):
            type_ = "Group"
        elif self.names_a_person(head):
            type_ = "Person"
        elif (entry := gazetteer_module.load().lookup(phrase.text)) is not None:
            type_ = entry.type  # "the west": a curated collective
        else:
            return None  # "the war", "history": a thing, no speaker
        mention = ActorMention(
            phrase.start_char,
            phrase.end_char,
            phrase.text,
            type_,
            rule=rule,
            confidence=self.words.confidence["description"],
        )
        self.described[key] = mention
        return mention

    def collective(self, token: Token) -> ActorMention | None:
        """ "Nordic donors": a collective actor no mention names, as a new mention (the gazetteer's
        entry when it knows the phrase, else a Group)."""
        words = self.words
        heads = words.collective_heads
        if token.lemma_.lower() not in heads and token.lower_ not in heads:
            return None
        modifiers = [
            c for c in token.lefts if c.dep_ in ("amod", "compound") and c.text[:1].isupper()
        ]
        if not modifiers:
            return None
        start = min(m.i for m in modifiers)
        span = token.doc[start : token.i + 1]
        entry = gazetteer_module.load().lookup(span.text)
        return ActorMention(
            span.start_char,
            span.end_char,
            span.text,
            entry.type if entry else "Group",
            key=entry.key if entry else None,
            name=entry.name if entry else span.text,
            rule=words.collective_rule,
            confidence=words.confidence["collective"],
        )

    # --- speakers -----------------------------------------------------------------------------

    def speaker(self, token: Token, *, rule: str) -> SpeakerPhrase | None:
        """The actor of the phrase `token` heads as a speaker, by the first rule that applies: a
        relative pronoun's noun, a pronoun's antecedent, a name, a person in apposition, a
        title's holder, a name inside the phrase, a description. None when it cannot speak
        ("which", "it" with no organisation nearby)."""
        pronouns = self.pronouns
        if token.lower_ in pronouns.relative and token.head.dep_ == "relcl":
            token = token.head.head
        here = (token.idx, token.idx + len(token))
        if token.dep_ == "nsubjpass" and token.head.lemma_.lower() in self.reporting.verbs:
            # "Russia has been accused of …": spoken of, not speaking; the accusers go unnamed
            phrase = self.noun_phrase(token)
            return SpeakerPhrase(None, phrase.start_char, phrase.end_char)
        if self.is_pronoun(token) and token.lower_ not in pronouns.only_with_antecedent:
            return SpeakerPhrase(self.antecedent(token), *here)
        if token.lower_ in pronouns.non_speakers:
            if token.lower_ in pronouns.only_with_antecedent:
                antecedent = self.antecedent(token)
                return SpeakerPhrase(antecedent, *here) if antecedent else None
            return None
        phrase = self.noun_phrase(token)
        found = SpeakerPhrase(None, phrase.start_char, phrase.end_char)
        inside = self.index.within(phrase.start_char, phrase.end_char)
        if (m := self.index.over_token(token)) is not None:
            found.mention = m
        elif (m := self._apposed_holder(token)) is not None:
            found.mention = m
        elif (m := self.post_holder(phrase)) is not None:
            found.mention = m
        elif (m := self.issuer(token)) is not None:
            found.mention = m
        elif not inside and (m := self.named_before(phrase)) is not None:
            found.mention = m
        elif (m := self._apposed_inside(inside)) is not None:
            # "the head of the European Commission, Ursula von der Leyen" (parsed inside)
            found.mention = m
        elif inside and self._names_itself(token, inside):
            # "the Iran-Russia Joint Chamber of Commerce", "the mayor of Mariupol": a name or a
            # post of its own, not the actor named within it
            found.mention = self.description(phrase, rule=rule)
        elif inside:
            # "NATO leaders", "the Trump administration", "Clinton's campaign": the named actor.
            found.mention = self._modifying(token, inside)
        elif (m := self.description(phrase, rule=rule)) is not None:
            found.mention = m
        elif not self.is_thing(phrase.root):
            return None
        # else "the report", "the war": something is said, by no actor the text names
        return found

    def is_thing(self, head: Token) -> bool:
        """A head noun that names no one who could speak ("the report", "polls", "the war")."""
        lower = head.lower_
        if head.pos_ != "NOUN" or lower in self.pronouns.non_speakers or self.capitalised(head):
            return False
        if head.lemma_.lower() in self.words.document_heads:
            return True
        return head.tag_ == "NN" and not self.names_a_person(head)

    @staticmethod
    def capitalised(head: Token) -> bool:
        """A capitalised word inside a sentence: a name the tagger took for a common noun."""
        return head.text[:1].isupper() and not head.is_sent_start

    def names_a_person(self, head: Token) -> bool:
        """A noun that names a person: a title ("the governor"), a person word ("the candidate")
        or a person's ending ("the economist", "a historian")."""
        lower = head.lower_
        if lower in self.words.person_heads or lower in title_words()["heads"]:
            return True
        return len(lower) > 5 and any(lower.endswith(end) for end in self.words.person_suffixes)

    def _apposed_holder(self, token: Token) -> ActorMention | None:
        """The person in apposition to a speaker phrase ("the Swiss president, Ignazio Cassis"):
        after a title any named actor but a country, however its name was typed."""
        is_title = token.lower_ in title_words()["heads"]
        for child in token.children:
            if child.dep_ != "appos" or (m := self.index.over_token(child)) is None:
                continue
            if m.type == "Person" or (is_title and m.type != "Country"):
                return m
        return None

    def _apposed_inside(self, inside: list[ActorMention]) -> ActorMention | None:
        """A person named in apposition within a speaker phrase: its holder."""
        for m in inside:
            span = self.doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
            if span is not None and span.root.dep_ == "appos" and self.is_person(m, span.root):
                return m
        return None

    def _names_itself(self, head: Token, inside: list[ActorMention]) -> bool:
        """A capitalised head no mention covers (a name of its own: "Joint Chamber of Commerce"),
        or a singular title whose named actors are all in its "of" complement ("the mayor of
        Mariupol": the mayor speaks, not the city)."""
        if head.pos_ == "PROPN" and head.text[:1].isupper():
            return True
        if head.lower_ not in title_words()["heads"] or head.tag_ != "NN":
            return False
        complement = [
            t for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree
        ]
        if not complement:
            return False
        start, end = complement[0].idx, complement[-1].idx + len(complement[-1])
        return all(start <= m.start_char and m.end_char <= end for m in inside)

    def _modifying(self, head: Token, inside: list[ActorMention]) -> ActorMention:
        """Of the actors named inside a speaker phrase, the one that modifies its head ("the Swiss
        embassy in Moscow" -> Switzerland), else the last ("the head of MI6")."""
        for m in inside:
            span = self.doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
            if span is not None and span.root.head == head and span.root.dep_ in MODIFIER_DEPS:
                return m
        return inside[-1]

    def named_before(self, phrase: Span) -> ActorMention | None:
        """The actor a definite description names again ("the governor", "the ministry", "the
        report"): the nearest phrase with the same head word, before it (else after it, in the
        next paragraphs), tied to a named actor: in apposition ("Serhiy Haidai, the governor of
        Luhansk"), named with it ("President Biden", "the Ceasefire report") or, for an
        organisation or a document, its issuer ("a report prepared by Ceasefire"). A bare title
        with no such phrase stands, like a pronoun, for the person last named ("Johnson said …
        the prime minister added")."""
        head = phrase.root
        if not self._is_definite_description(phrase):
            return None
        lemma = head.lemma_.lower()
        is_title = head.lower_ in title_words()["heads"]
        words = self.words
        organisation = not is_title and (
            lemma in words.organisation_heads
            or head.lower_ in words.organisation_heads
            or lemma in words.document_heads
        )
        if not is_title and not organisation:
            return None
        para = self.paragraph_of(phrase.start_char)
        first = max(para - ANTECEDENT_PARAGRAPHS + 1, 0)
        last = min(para + ANTECEDENT_PARAGRAPHS - 1, len(self.paragraphs) - 1)
        # A title's holder is named nearby (a live blog names many governors); a body or a
        # document anywhere before.
        before_start = self.paragraphs[first][0] if self.paragraphs and is_title else 0
        after_end = self.paragraphs[last][1] if self.paragraphs else len(self.doc.text)
        same = [
            t
            for t in self.doc
            if t.lemma_.lower() == lemma
            and t.pos_ in ("NOUN", "PROPN")
            and not phrase.start <= t.i < phrase.end
            and not self._quoted(t.idx)
        ]
        before = [t for t in same if t.i < phrase.start and t.idx >= before_start][::-1]
        after = [t for t in same if t.i >= phrase.end and t.idx < after_end]
        for t in before + after:
            if (m := self._tied_actor(t, organisation=organisation)) is not None:
                return m
        # Only a title told by title words alone ("the prime minister", not "the regional
        # governor") stands for the person last named.
        modifiers = title_words()["modifiers"] | self.words.determiners
        told = all(t.i == head.i or t.lower_ in modifiers for t in phrase)
        return self.antecedent_person(head) if is_title and told else None

    def _is_definite_description(self, phrase: Span) -> bool:
        """ "the governor", "the regional governor", "the prime minister": a head with "the" and
        no capitalised word that would tell which one ("the British prime minister")."""
        head = phrase.root
        if head.pos_ != "NOUN" or head.tag_ not in ("NN", "NNP"):
            return False
        if not phrase or phrase[0].lower_ != "the":
            return False
        if any(c.dep_ == "poss" for c in head.children):
            return False  # "the country's space chief": its owner tells which one
        return all(t.i == head.i or t.i == phrase.start or t.is_lower for t in phrase)

    def _tied_actor(self, token: Token, *, organisation: bool) -> ActorMention | None:
        """The named actor a phrase headed by `token` is tied to, or None."""
        if (m := self.index.at_token(token)) is not None:
            return m  # "Ministry of Defence", "President Biden"
        if token.dep_ in ("appos", "compound") and (m := self.index.at_token(token.head)):
            return m  # "Serhiy Haidai, the governor …", "governor Haidai"
        for child in token.children:
            if child.dep_ == "appos" and (m := self.index.at_token(child)) is not None:
                return m  # "the governor for the area, Pavlo Kyrylenko"
        if not organisation:
            return None
        if (m := self.mention_for(token)) is not None:
            return m  # "the Ceasefire report"
        for child in token.children:
            if child.dep_ == "poss" and (m := self.index.at_token(child)) is not None:
                return m  # "Britain's defence ministry"
        for child in token.children:
            by = [child] if child.dep_ == "prep" and child.lower_ in ISSUER_PREPOSITIONS else []
            if child.dep_ == "acl":  # "a report prepared by …"
                by = [c for c in child.children if c.dep_ == "agent"]
            for prep in by:
                for obj in prep.children:
                    if obj.dep_ == "pobj" and (m := self.index.at_token(obj)) is not None:
                        return m
        return None

    def issuer(self, head: Token) -> ActorMention | None:
        """The body that issued a document a phrase names ("a new report prepared by the Ceasefire
        Centre", "Amnesty's report"), or None."""
        if head.lemma_.lower() not in self.words.document_heads:
            return None
        if (m := self._tied_actor(head, organisation=True)) is not None:
            return m
        # "the Q poll", "a Club for Growth ad": the name before a document is its issuer's
        named = [
            c for c in head.lefts if c.dep_ == "compound" and c.text[:1].isupper() and c.is_alpha
        ]
        if not named:
            return None
        span = head.doc[min(c.left_edge.i for c in named) : max(c.i for c in named) + 1]
        if len(span.text) < MIN_ISSUER_CHARS:
            return None
        return self.description(span, rule="mentions.issuer", type_="Organization")

    def antecedent_person(self, token: Token) -> ActorMention | None:
        """The person a bare title stands for when the article names no holder: as "he" would."""
        return self.antecedent(token, person=True)

    def noun_phrase(self, token: Token) -> Span:
        """The words of the phrase `token` heads, up to it, with the "of"/"at" complements that
        describe it ("the head of MI6"), without appositions or edge punctuation."""
        doc = token.doc
        start = min((t.i for t in token.lefts for t in t.subtree), default=token.i)
        end = token.i + 1
        for right in token.rights:
            describes = right.dep_ == "prep" and right.lower_ in self.words.phrase_prepositions
            if describes and right.i == end:
                end = right.right_edge.i + 1
            elif right.dep_ in ("compound", "case") and right.i == end:
                end = right.i + 1
            else:
                break
        while start < end and doc[start].is_punct:
            start += 1
        while end > start and doc[end - 1].is_punct:
            end -= 1
        return doc[start:end]
