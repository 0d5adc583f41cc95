"""The mention resolver (facade): a token or span of a document -> the actor it refers to.

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

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from kg.extract.mentions.descriptions import DescriptionRules
from kg.extract.mentions.holders import HolderRules
from kg.extract.mentions.index import MentionIndex
from kg.extract.mentions.pronouns import AntecedentIndex, PronounRules
from kg.extract.mentions.words import MentionWords, load_mention_words
from kg.extract.quotes import paragraphs as paragraphs_of
from kg.extract.reporting import Reporting, load_reporting
from kg.extract.stamps import after_stamp
from kg.nlp import text_of
from kg.records import ActorMention, PostRecord, StatementRecord

ORG_TYPES = ("Organization", "Country", "Group")
# The rule of a mention the model tagged ORG: many such names are people's.
NER_ORGANIZATION = "ner.org"


@dataclass(slots=True)
class SpeakerPhrase:
    """The actor a speaker phrase refers to (None: a pronoun with no antecedent), and the
    phrase's characters."""

    mention: ActorMention | None
    start: int
    end: int


class Resolver(PronounRules, HolderRules, DescriptionRules):
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
        self._antecedents: AntecedentIndex | None = None
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
        if token.lower_ in pronouns.quantifiers and token.pos_ != "PROPN":
            return self.quantified(token, rule=rule)
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
        elif (m := self.surname_at_sentence_start(token)) is not None:
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
        elif inside and self._only_modified(token, inside):
            # "one Ukrainian military official", "Moldova's president", "Turkey's defence
            # ministry": the official or the body speaks, not the country that tells which one
            found.mention = self.description(self._without_setting(phrase, token), rule=rule)
        elif inside:
            # "NATO leaders", "the Trump administration", "Clinton's campaign": the named actor.
            found.mention = self._modifying(token, inside)
        elif (m := self.description(phrase, rule=rule)) is not None:
            found.mention = m
        elif not self.is_thing(phrase.root):
            return None
        # else "the report", "the war": something is said, by no actor the text names
        return found

    def surname_at_sentence_start(self, token: Token) -> ActorMention | None:
        """The person a capitalised word opening its sentence names when the model read it as a
        common noun ("Hannity pressed"): the nearest person named before it in full whose name
        ends with that word, else the first after it. Only a word alone, only a name that may be a
        person's (a person's, or one the model tagged ORG)."""
        if not token.is_sent_start or not token.text[:1].isupper() or token.pos_ != "NOUN":
            return None
        if any(c.dep_ in ("compound", "amod", "det", "poss") for c in token.children):
            return None
        people = [
            m
            for m in self.index.mentions
            if (m.type == "Person" or m.rule == NER_ORGANIZATION)  # "Sean Hannity" typed ORG
            and len(words := m.text.split()) > 1
            and words[-1] == token.text
            and all(w[:1].isupper() for w in words)
        ]
        before = [m for m in people if m.end_char <= token.idx]
        return before[-1] if before else (people[0] if people else None)

    def quantified(self, token: Token, *, rule: str) -> SpeakerPhrase:
        """The speaker of a quantifier subject: "most of the protesters said" -> the group the
        "of" phrase names, as a speaker of its own; "another said", "some of them argued" -> a
        speaker the text describes but names no actor for (no actor is made of "another")."""
        phrase = self.noun_phrase(token)
        found = SpeakerPhrase(None, phrase.start_char, phrase.end_char)
        for prep in token.rights:
            if prep.dep_ != "prep" or prep.lower_ != "of":
                continue
            group = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if group is not None and not self.is_pronoun(group):
                inner = self.speaker(group, rule=rule)
                found.mention = inner.mention if inner is not None else None
            break
        return found

    def _without_setting(self, phrase: Span, head: Token) -> Span:
        """The phrase without a complement that says where or how its head spoke rather than
        which one it is: "Ukraine's military in a Facebook post" is Ukraine's military, while
        "the Swiss embassy in Moscow" and "the ministry of emergency situations" keep theirs."""
        end = head.i + 1
        for right in head.rights:
            if right.i != end or right.dep_ != "prep" or right.i >= phrase.end:
                break
            named = any(c.dep_ == "pobj" and c.pos_ == "PROPN" for c in right.children)
            if right.lower_ not in ("of", "for") and not named:
                break
            end = min(right.right_edge.i + 1, phrase.end)
        return self.doc[phrase.start : end]

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
        # "27 Jul 2022 16.34 Germany": a live blog's stamp is no part of the phrase
        text = doc.text
        stamp_end = after_stamp(text, doc[start].idx)
        while start < end and (doc[start].is_punct or doc[start].idx < stamp_end):
            start += 1
        while end > start and doc[end - 1].is_punct:
            end -= 1
        return doc[start:end]
