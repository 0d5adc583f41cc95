"""Descriptions: new mentions for speakers the text describes but names no actor for
("officials", "the newspaper") and for collectives ("Nordic donors"), and the head-word tests
that tell a describer of someone from a thing ("the report", "the war").

A mixin of the Resolver (kg/extract/mentions/resolver.py): it reads the resolver's words,
pronoun words and the mentions it has made so far (`described`).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg import gazetteer as gazetteer_module
from kg.names import titles
from kg.records import ActorMention


class DescriptionRules:
    """The description rules of the Resolver."""

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
        first = phrase[0]
        # "Its defence ministry said": a capital a sentence gave, not a name's
        common = first.is_sent_start and first.pos_ != "PROPN" and not first.ent_type_
        mention = ActorMention(
            phrase.start_char,
            phrase.end_char,
            phrase.text,
            type_,
            name=first.lower_ + phrase.text[len(first.text) :] if common else None,
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

    def is_thing(self, head: Token) -> bool:
        """A head noun that names no one who could speak ("the report", "polls", "the war")."""
        lower = head.lower_
        if head.pos_ != "NOUN" or lower in self.pronouns.non_speakers or self.capitalised(head):
            return False
        if head.lemma_.lower() in self.words.document_heads:
            return True
        return head.tag_ == "NN" and not self.names_a_person(head)

    @staticmethod
    def singular_common(head: Token) -> bool:
        """A singular common noun, also when the tagger took a lower-case one for a name ("the
        Russian ministry of emergency situations" tagged NNP)."""
        return head.tag_ == "NN" or (head.tag_ == "NNP" and head.text.islower())

    @staticmethod
    def capitalised(head: Token) -> bool:
        """A capitalised word inside a sentence: a name the tagger took for a common noun."""
        return head.text[:1].isupper() and not head.is_sent_start

    def names_people(self, head: Token) -> bool:
        """A plural noun whose singular names a person ("officials", "diplomats", "economists")."""
        lemma = head.lemma_.lower()
        if lemma in self.words.person_heads or lemma in titles()["heads"]:
            return True
        return len(lemma) > 5 and any(lemma.endswith(end) for end in self.words.person_suffixes)

    def names_a_person(self, head: Token) -> bool:
        """A noun that names a person: a title ("the governor"), a person word ("the candidate")
        or a person's ending ("the economist", "a historian")."""
        lower = head.lower_
        if lower in self.words.person_heads or lower in titles()["heads"]:
            return True
        if head.i >= 2 and head.nbor(-1).text == "-" and not head.nbor(-1).whitespace_:
            # "front-runner", "co-founder": a person word the tokenizer split at its hyphen
            whole = head.nbor(-2).lower_ + "-" + lower
            if whole in self.words.person_heads or whole in titles()["heads"]:
                return True
        return len(lower) > 5 and any(lower.endswith(end) for end in self.words.person_suffixes)
