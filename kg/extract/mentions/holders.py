"""Holders: the actor a phrase refers to through someone or something else: a title -> the
person holding the post ("the defence secretary"), a definite description -> the actor it names
again ("the governor", "the ministry"), a document -> its issuer ("a report by Ceasefire"), a
person in apposition ("the Swiss president, Ignazio Cassis"), an actor modifying a head.

A mixin of the Resolver (kg/extract/mentions/resolver.py): it reads the resolver's document,
index, posts, paragraphs and words, and asks its pronoun and description rules.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.mentions.pronouns import ANTECEDENT_PARAGRAPHS
from kg.names import titles
from kg.records import ActorMention

# Relations by which a named actor modifies the head of a speaker phrase ("Swiss embassy").
MODIFIER_DEPS = ("compound", "amod", "poss", "nmod")
# Prepositions that name the issuer of a document or the owner of a body ("a report by X").
ISSUER_PREPOSITIONS = ("by", "from")
# The shortest name before a document taken for its issuer ("the Pew survey", not "the Q poll").
MIN_ISSUER_CHARS = 3


def _modifies(token: Token, head: Token) -> bool:
    """Whether `token` modifies `head` itself or a modifier of it, as "U.S." does in "a U.S. law
    enforcement official"."""
    while token.dep_ in MODIFIER_DEPS and token.head.i != token.i:
        if token.head.i == head.i:
            return True
        token = token.head
    return False


class HolderRules:
    """The title, description, document and apposition rules of the Resolver."""

    def post_holder(self, phrase: Span) -> ActorMention | None:
        """The person the article names in the post a description gives ("the defence
        secretary"): the nearest post before it, else the nearest after."""
        title_table = titles()
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

    def _apposed_holder(self, token: Token) -> ActorMention | None:
        """The person in apposition to a speaker phrase ("the Swiss president, Ignazio Cassis"):
        after a title any named actor but a country, however its name was typed."""
        is_title = token.lower_ in titles()["heads"]
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
        or a singular title or body whose named actors are all in its "of" complement ("the mayor
        of Mariupol", "the office of Ukraine's prosecutor general": the mayor or the office
        speaks, not the city or the country). Not a body that is its owner's voice ("the
        government of Ukraine", "the press service of the Kremlin")."""
        if head.pos_ == "PROPN" and head.text[:1].isupper():
            return True
        if not self.singular_common(head):
            return False
        words = self.words
        lemma = head.lemma_.lower()
        body = lemma in words.organisation_heads and lemma not in words.owner_heads
        if head.lower_ not in titles()["heads"] and not body:
            return False
        if lemma in words.voice_heads:
            return False
        complement = [
            t for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree
        ]
        if not complement:
            return False
        start, end = complement[0].idx, complement[-1].idx + len(complement[-1])
        return all(start <= m.start_char and m.end_char <= end for m in inside)

    def _only_modified(self, head: Token, inside: list[ActorMention]) -> bool:
        """A head naming a person or a body of its own ("official", "minister", "ministry",
        "general staff") that the named actors only modify ("one Ukrainian military official",
        "Russia's defence ministry"). Not a head that stands for its owner ("the Trump
        administration", "NATO leaders"), nor a voice of the body ("the Kremlin's spokesperson",
        "Zelenskiy's office")."""
        plural = head.tag_ == "NNS"
        if not (self.singular_common(head) or plural):
            return False
        words = self.words
        lemma = head.lemma_.lower()
        if lemma in words.owner_heads or lemma in words.collective_heads:
            return False
        if lemma in words.voice_heads:
            return False
        if plural and not self.names_people(head):
            return False  # "US officials", "Russian diplomats": people a country only describes
        if not plural and not (lemma in words.organisation_heads or self.names_a_person(head)):
            return False
        for m in inside:
            span = self.doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
            if span is None or not _modifies(span.root, head):
                return False
            if m.start_char > head.idx:
                return False  # "the gas firm Gazprom": a name after the head is its name
            if m.type == "Person":
                return False  # "Zelenskiy's office", "Biden's spokesperson": their voice
        return True

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
        is_title = head.lower_ in titles()["heads"]
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
        modifiers = titles()["modifiers"] | self.words.determiners
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
