"""Names the model tags PERSON or ORG that are not actors, told by general rules: places (the
offline gazetteer of `kg.places`, and names shaped like a region, a building or a street),
events and prizes, and photo credits ("Valentyn Ogirenko/Reuters").

A name the gazetteer of places knows is a place when the document bears it out: the place is in a
country the document names, the model tags the name GPE/LOC/FAC somewhere, or it follows "in",
"near"... somewhere ("Mary", "Levi" and "Duma" are towns too). A name that is part of a person's
full name in the document ("Kim" of "Kim Jong-un") is a person's. The curated gazetteer is asked
first by the caller: its actors and metonyms win.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from kg import gazetteer as gazetteer_module
from kg import places
from kg.extract.reporting import load_reporting
from kg.names import fold_name
from kg.nlp import text_of
from kg.records import ActorMention

PLACE_LABELS = ("GPE", "LOC", "FAC")
# "CDU/CSU", "AC/DC": acronyms joined by a slash name one body; any other slash in a name is a
# photo credit ("Alexey Furman/Getty Images", "Albert Gea/").
_ACRONYM_PAIR = re.compile(r"[A-Z0-9&]+(?:/[A-Z0-9&]+)+")


class NotActors:
    """The rules over one doc; what they need of the whole doc is computed once, when asked."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.rules = places.rules()
        self._place_texts: set[str] | None = None
        self._person_words: set[str] | None = None
        self._countries: set[str] | None = None
        self._located: dict[str, bool] = {}

    def rejects(self, span: Span, name: str) -> bool:
        return (
            self.is_credit(span)
            or self.is_channel(span)
            or self.is_of_a_kind(span)
            or self.is_named_feature(span)
            or self.is_event(span)
            or self.is_place(span, name)
        )

    def located_only(self, mentions: list[ActorMention]) -> set[str]:
        """The keys of the countries this doc names only as where something is ("an operation in
        Syria", "talks in Moscow"): never the subject, object or owner of anything, so not actors
        of the doc. A demonym ("Syrian forces") is not a location, nor is a country in a list of
        them ("partnering with firms in Denmark, Germany, Britain and other countries"): a list
        names the countries taking part."""
        located: dict[str, bool] = {}
        for m in mentions:
            if m.type != "Country" or m.key is None:
                continue
            located[m.key] = located.get(m.key, True) and self._is_located(m)
        return {key for key, only in located.items() if only}

    def _is_located(self, m: ActorMention) -> bool:
        span = self.doc.char_span(m.start_char, m.end_char, alignment_mode="expand")
        if span is None or m.rule == "gazetteer.demonym" or span.start == 0:
            return False
        i = span.start - 1
        if self.doc[i].lower_ == "the" and i > 0:
            i -= 1
        before = self.doc[i]
        if span.root.conjuncts:
            return False
        return (
            before.lower_ in self.rules.country_locative_words
            and before.dep_ == "prep"
            and span.root.head == before
        )

    def is_credit(self, span: Span) -> bool:
        text = span.text.strip()
        return ("/" in text and not _ACRONYM_PAIR.fullmatch(text)) or self.in_a_credit(span)

    def in_a_credit(self, span: Span) -> bool:
        """After "Photograph:" or after the slash of "Albert Gea/": a name in a photo credit,
        however well known ("Reuters")."""
        before = text_of(self.doc)[max(0, span.start_char - 40) : span.start_char]
        return before.endswith("/") or bool(self.rules.credit_cue.search(before))

    def is_channel(self, span: Span) -> bool:
        """ "said on Telegram", "in a post on Twitter": where something was said."""
        if span.start == 0:
            return False
        on = self.doc[span.start - 1]
        if on.lower_ != "on" or on.head.i == on.i:
            return False
        head = on.head.lemma_.lower()
        reporting = load_reporting()
        return head in reporting.verbs | reporting.nouns | self.rules.channel_heads

    def is_of_a_kind(self, span: Span) -> bool:
        """ "the ship Razoni", "the city of Mariupol", "the Azot chemical plant": a name next to
        the kind of thing it is."""
        root = span.root
        if root.dep_ in ("compound", "amod", "nmod") and root.head not in span:
            head = root.head
            if head.tag_ in ("NN", "NNS") and head.lower_ in self.rules.place_kinds:
                return True
        i = span.start - 1
        of = i >= 1 and self.doc[i].lower_ == "of"
        if of:
            i -= 1
        if i < 0:
            return False
        kind = self.doc[i]
        if kind.tag_ not in ("NN", "NNS") or kind.lower_ not in self.rules.kind_nouns:
            return False
        if not of and span.label_ == "PERSON" and len(span) > 1:
            return False  # "trapped in the city Jan Egeland, the NRC's head, said": a comma lost
        link = self.doc[span.start - 1] if of else kind
        return root.head == link or kind.head == root  # the name hangs on the noun, or it on it

    def is_named_feature(self, span: Span) -> bool:
        """ "Belgorod Oblast", "St Peter's Square": a region, a street or a building, by the
        name's last word."""
        last = span[-1].lower_
        return len(span) > 1 and (
            last in self.rules.division_words or last in self.rules.feature_heads
        )

    def is_event(self, span: Span) -> bool:
        return len(span) > 1 and span[-1].lower_ in self.rules.event_heads

    def is_place(self, span: Span, name: str) -> bool:
        place = places.load().lookup(name)
        if place is None or self._in_a_persons_name(span, name):
            return False
        return (
            bool(place.countries & self.countries())
            or fold_name(name) in self.place_texts()
            or self._located_in_text(name)
        )

    def countries(self) -> set[str]:
        """The ISO codes of the countries the doc names (or names the people of)."""
        if self._countries is None:
            codes = places.country_codes()
            self._countries = {codes[e.ent_id_] for e in self.doc.ents if e.ent_id_ in codes}
            # A country inside a curated body's name ("Ukraine's defence ministry") is named too
            curated = gazetteer_module.load()
            for e in self.doc.ents:
                if e.ent_id_ and e.ent_id_ not in codes:
                    for t in e:
                        entry = curated.lookup(t.text) or curated.demonym(t.text)
                        if entry is not None and entry.key in codes:
                            self._countries.add(codes[entry.key])
        return self._countries

    def place_texts(self) -> set[str]:
        if self._place_texts is None:
            self._place_texts = {
                fold_name(e.text) for e in self.doc.ents if e.label_ in PLACE_LABELS
            }
        return self._place_texts

    def _in_a_persons_name(self, span: Span, name: str) -> bool:
        """One word of a longer name of a person elsewhere in the doc: the first or last word of
        a PERSON ("Kim" of "Kim Jong-un"), or the last of an ORG of capitalised words only,
        which is how the model mistypes a person ("Oleksiy Danilov" ORG). A place begins such an
        ORG ("Kherson Regional Administration") rather than ends it."""
        if self._person_words is None:
            self._person_words = set()
            for e in self.doc.ents:
                if len(e) < 2 or e.label_ not in ("PERSON", "ORG"):
                    continue
                if e.label_ == "PERSON":
                    self._person_words.add(fold_name(e[0].text))
                if e.label_ == "PERSON" or all(t.text[:1].isupper() for t in e):
                    self._person_words.add(fold_name(e[-1].text))
        return len(span) == 1 and fold_name(name) in self._person_words

    def _located_in_text(self, name: str) -> bool:
        """The name after a locative word somewhere in the doc: "in Hostomel", "near Izium"."""
        if name not in self._located:
            words = "|".join(sorted(self.rules.locative_words))
            pattern = rf"\b(?i:{words})\s+(?:the\s+)?{re.escape(name)}\b"
            self._located[name] = re.search(pattern, text_of(self.doc)) is not None
        return self._located[name]
