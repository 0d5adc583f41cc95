"""Pronouns: the actor a discourse pronoun stands for (`antecedent`), a pronoun subject of a
clause (`clause_pronoun`), and who asserts a clause (`reporting_speaker`, "we" inside a quote).

A mixin of the Resolver (kg/extract/mentions/resolver.py): it reads the resolver's document,
mentions, paragraphs, statements, speakers and reporting words.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate

from spacy.tokens import Token

from kg.names import titles
from kg.records import ActorMention

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
# How far back (in paragraphs, counting the pronoun's own) a pronoun looks for what it stands for.
ANTECEDENT_PARAGRAPHS = 3
# Relations a clause hangs on the verb above it by, climbed to find its reporting verb.
REPORTED_CLAUSE_DEPS = ("ccomp", "parataxis", "conj", "acl", "xcomp", "advcl", "relcl")
REPORTING_HOPS = 6


@dataclass(slots=True)
class AntecedentIndex:
    """The mentions a pronoun may stand for, found by bisection (a scan of every mention before
    each pronoun, parsing each as a subject or not, made long documents quadratic)."""

    ends_so_far: list[int]  # the largest end_char of the mentions up to each one, in text order
    subjects: dict[bool, list[int]]  # wants a person? -> mentions outside quotes that are subjects
    anyone: dict[bool, list[int]]  # wants a person? -> all mentions outside quotes


class PronounRules:
    """The pronoun rules of the Resolver."""

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
        if not want_person and (body := self._body_subject(token)) is not None:
            return body
        return best if best is not None else nearest(index.anyone[want_person])

    def _body_subject(self, token: Token) -> ActorMention | None:
        """The body "it" stands for when the nearest main-clause subject before it (in its
        sentence, else the sentence before) names a body or a document but no actor ("The
        Russian ministry of emergency situations published videos … which it called …" -> that
        ministry, not Russia; "The report … says … It says …" -> the report's issuer), as the
        speaker rules resolve that phrase. None when that subject is a name, a person or
        anything else: the other rules decide."""
        if token.lower_ not in self.pronouns.only_with_antecedent:
            return None
        doc = self.doc
        sent = token.sent
        previous = doc[sent.start - 1].sent if sent.start > 0 else None
        while previous is not None and not any(t.is_alpha for t in previous):
            # a paragraph break the parser made a sentence of its own
            previous = doc[previous.start - 1].sent if previous.start > 0 else None
        candidates = [doc[i] for i in range(token.i - 1, sent.start - 1, -1)]
        if previous is not None:
            candidates += [doc[i] for i in range(previous.end - 1, previous.start - 1, -1)]
        words = self.words
        for t in candidates:
            if t.dep_ not in SUBJECT_DEPS or t.head.dep_ != "ROOT" or self._quoted(t.idx):
                continue
            if t.pos_ not in ("NOUN", "PROPN", "PRON"):
                continue  # "The report, one of the first studies, says": "one" is no subject
            lemma = t.lemma_.lower()
            body = lemma in words.organisation_heads or lemma in words.document_heads
            if not self.singular_common(t) or not body:
                return None
            phrase = self.noun_phrase(t)
            inside = self.index.within(phrase.start_char, phrase.end_char)
            if inside and not (self._only_modified(t, inside) or self._names_itself(t, inside)):
                return None  # "the gas firm Gazprom": a name is the subject, the rules decide
            found = self.speaker(t, rule="mentions.antecedent")
            return found.mention if found is not None else None
        return None

    def _antecedent_index(self) -> AntecedentIndex:
        if self._antecedents is not None:
            return self._antecedents
        ends = [m.end_char for m in self.mentions]
        index = AntecedentIndex(
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
        heads = titles()["heads"]
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

    def antecedent_person(self, token: Token) -> ActorMention | None:
        """The person a bare title stands for when the article names no holder: as "he" would."""
        return self.antecedent(token, person=True)
