"""Posts people hold, read from title patterns and appositions around a person mention.

- prefix:      "NATO Secretary-General Mark Rutte", "EU foreign policy chief Kaja Kallas",
               "Defence Minister Mykhailo Fedorov", "Ukraine's President Volodymyr Zelenskyy"
- apposition:  "Alyona Getmanchuk, head of Ukraine's mission to NATO", "Moore, the head of MI6"
- affiliation: "Ihor Fedirko of the Ukrainian Council of the Defence Industry"
- preposed:    "its own president, Volodymyr Zelenskyy", "the head of MI6, Richard Moore"
- definite:    "the US president" with no name beside it, when exactly one person the document
               names holds that post in the curated data (ontology/actors.jsonl `posts`)

The words a title may be made of are data (kg/data/titles.toml).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from kg.extract.mentions import Resolver
from kg.gazetteer import Gazetteer
from kg.names import titles
from kg.nlp import text_of
from kg.records import ActorMention, PostRecord

STOP = {",", ".", ";", ":", "(", ")", "—", "–", '"', "“", "”", "?", "!"}
ORG_TYPES = ("Organization", "Country", "Group")


def _is_title_word(token: Token) -> bool:
    words = titles()
    lower = token.lower_
    return lower in words["heads"] or lower in words["modifiers"] or lower == "-"


def _is_head(token: Token) -> bool:
    return token.lower_ in titles()["heads"]


def _title_text(tokens: list[Token]) -> str:
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i : tokens[-1].i + 1].text


def _strip_edges(tokens: list[Token]) -> list[Token]:
    """No title starts or ends with a link word or a hyphen ("of", "the", "-")."""
    links = titles()["links"] | {"the", "a", "an", "and", "-", "now", "its", "their", "own"}
    while tokens and tokens[0].lower_ in links:
        tokens = tokens[1:]
    while tokens and tokens[-1].lower_ in links:
        tokens = tokens[:-1]
    return tokens


def _pick_org(candidates: list[ActorMention]) -> ActorMention | None:
    """The organisation of a title phrase: its last organisation, else its last country or group."""
    orgs = [m for m in candidates if m.type == "Organization"]
    others = [m for m in candidates if m.type in ("Country", "Group")]
    return (orgs or others or [None])[-1]


def _post(
    doc: Doc,
    person: ActorMention,
    org: ActorMention | None,
    title: str,
    start: int,
    end: int,
    *,
    rule: str,
    confidence: float,
) -> PostRecord:
    """A post whose evidence is the document's characters from `start` to `end`."""
    return PostRecord(
        person, org, title, start, end, text_of(doc)[start:end], rule=rule, confidence=confidence
    )


def _prefix_post(doc: Doc, person: ActorMention, resolver: Resolver) -> PostRecord | None:
    first = doc.char_span(person.start_char, person.end_char, alignment_mode="expand")
    if first is None:
        return None
    i = first.start - 1
    title: list[Token] = []
    while (
        i >= 0
        and _is_title_word(doc[i])
        and not doc[i].ent_type_
        and doc[i].lower_ not in ("of", "the", "for", "and")
    ):
        title.insert(0, doc[i])
        i -= 1
    title = _strip_edges(title)
    if not title or not any(_is_head(t) for t in title):
        return None
    # Sentence-initial capitals aside, a prefix title is part of a name phrase, not a verb's object.
    org = None
    j = title[0].i - 1
    if j >= 0 and doc[j].lower_ in ("'s", "’s"):
        j -= 1
    if j >= 0:
        org = resolver.index.ending_at(doc[j].idx + len(doc[j].text))
        if org is not None and org.type not in ORG_TYPES:
            org = None
    start = org.start_char if org else title[0].idx
    words = _title_text(title)
    return _post(
        doc, person, org, words, start, person.end_char, rule="post.prefix", confidence=0.85
    )


def _apposition_post(doc: Doc, person: ActorMention, resolver: Resolver) -> PostRecord | None:
    span = doc.char_span(person.start_char, person.end_char, alignment_mode="expand")
    if span is None or span.end >= len(doc) or doc[span.end].text != ",":
        return None
    i = span.end + 1
    while i < len(doc) and doc[i].lower_ in (
        "the",
        "a",
        "an",
        "former",
        "now",
        "then",
        "currently",
    ):
        i += 1
    if (
        i >= len(doc)
        or not _is_head(doc[i])
        and not (_is_title_word(doc[i]) and i + 1 < len(doc) and _is_title_word(doc[i + 1]))
    ):
        return None
    phrase: list[Token] = []
    while (
        i < len(doc)
        and doc[i].text not in STOP
        and doc[i].pos_ not in ("VERB", "AUX")
        and not doc[i].is_space
    ):
        phrase.append(doc[i])
        i += 1
    phrase = _strip_edges(phrase)
    if not phrase or not any(_is_head(t) for t in phrase):
        return None
    start, end = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
    org = _pick_org(resolver.index.within(start, end))
    title = text_of(doc)[start:end]
    return _post(
        doc, person, org, title, person.start_char, end, rule="post.apposition", confidence=0.8
    )


def _affiliation_post(doc: Doc, person: ActorMention, resolver: Resolver) -> PostRecord | None:
    span = doc.char_span(person.start_char, person.end_char, alignment_mode="expand")
    if span is None or span.end + 1 >= len(doc) or doc[span.end].lower_ not in ("of", "at", "from"):
        return None
    i = span.end + 1
    if doc[i].lower_ == "the":
        i += 1
    if i >= len(doc):
        return None
    index = resolver.index
    starting = (m for char in (doc[i - 1].idx, doc[i].idx) for m in index.starting_at(char))
    org = next((m for m in starting if m.type == "Organization"), None)
    if org is None:
        return None
    return _post(
        doc,
        person,
        org,
        "member",
        person.start_char,
        org.end_char,
        rule="post.affiliation",
        confidence=0.7,
    )


def _preposed_post(doc: Doc, person: ActorMention, resolver: Resolver) -> PostRecord | None:
    span = doc.char_span(person.start_char, person.end_char, alignment_mode="expand")
    if span is None or span.start < 2 or doc[span.start - 1].text != ",":
        return None
    i = span.start - 2
    title: list[Token] = []
    while (
        i >= 0 and (_is_title_word(doc[i]) or doc[i].lower_ in ("own",)) and doc[i].text not in STOP
    ):
        title.insert(0, doc[i])
        i -= 1
    title = _strip_edges([t for t in title if t.lower_ != "own"] if title else title)
    if not title or not _is_head(title[-1]):
        return None
    owner = doc[i] if i >= 0 else None
    org = None
    if owner is not None and resolver.is_possessive(owner):
        org = resolver.possessive_owner(owner)
    elif owner is not None and owner.lower_ not in ("the", "a", "an"):
        return None
    start = owner.idx if owner is not None else title[0].idx
    words = _title_text(title)
    return _post(
        doc, person, org, words, start, person.end_char, rule="post.preposed", confidence=0.75
    )


def _definite_posts(
    doc: Doc, mentions: list[ActorMention], gazetteer: Gazetteer
) -> list[PostRecord]:
    named = {m.key for m in mentions if m.type == "Person" and m.key and m.rule == "gazetteer.name"}
    posts = []
    for org in mentions:
        if org.type not in ORG_TYPES or not org.key:
            continue
        span = doc.char_span(org.start_char, org.end_char, alignment_mode="expand")
        if span is None or span.start == 0 or doc[span.start - 1].lower_ != "the":
            continue
        i = span.end
        title: list[Token] = []
        while (
            i < len(doc)
            and _is_title_word(doc[i])
            and not doc[i].ent_type_
            and doc[i].lower_ not in ("of", "the", "for", "and")
        ):
            title.append(doc[i])
            i += 1
        title = _strip_edges(title)
        if not title or not _is_head(title[-1]) or (i < len(doc) and doc[i].ent_type_ == "PERSON"):
            continue
        head = title[-1].lower_
        holders = sorted(
            key
            for key in named
            if any(
                p.get("org") == org.key and head in p["title"].lower().split()
                for p in gazetteer.entries[key].posts
            )
        )
        if len(holders) != 1:
            continue
        entry = gazetteer.entries[holders[0]]
        start, end = doc[span.start - 1].idx, title[-1].idx + len(title[-1].text)
        person = ActorMention(
            start,
            end,
            text_of(doc)[start:end],
            "Person",
            key=entry.key,
            name=entry.name,
            rule="coreference",
            confidence=0.7,
        )
        title_text = _title_text(title)
        posts.append(
            _post(doc, person, org, title_text, start, end, rule="post.definite", confidence=0.7)
        )
    return posts


RULES = (_prefix_post, _apposition_post, _affiliation_post, _preposed_post)


def extract_posts(
    doc: Doc, mentions: list[ActorMention], *, gazetteer: Gazetteer | None = None
) -> list[PostRecord]:
    resolver = Resolver(doc, mentions)
    posts: list[PostRecord] = []
    for person in mentions:
        if person.type != "Person":
            continue
        for rule in RULES:
            post = rule(doc, person, resolver)
            if post is not None:
                posts.append(post)
    if gazetteer is not None:
        posts += _definite_posts(doc, mentions, gazetteer)
    return posts
