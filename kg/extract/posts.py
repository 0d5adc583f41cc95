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
from kg.gazetteer import Entry, Gazetteer
from kg.names import titles
from kg.nlp import text_of
from kg.records import ActorMention, PostRecord

STOP = {",", ".", ";", ":", "(", ")", "—", "–", '"', "“", "”", "?", "!"}
ORG_TYPES = ("Organization", "Country", "Group")
# Words that may open the noun phrase of an apposition before its title ("a former ...").
APPOSITION_OPENERS = ("the", "a", "an", "former", "now", "then", "currently")
# Words between the organisation and the title proper ("its own president", "the new head").
TITLE_OPENERS = ("own", "new", "former", "then", "outgoing", "incoming")
# Words that open a preposed noun phrase ("the governor of Luhansk, Serhiy Haidai").
PHRASE_OPENERS = ("the", "a", "an", "its", "his", "her", "their")
# Honorifics that may stand between a title and a name ("Gen Sir Patrick Sanders").
NAME_HONORIFICS = ("sir", "dame", "lord", "lady")
# Dependency labels of a clause's subject: a noun phrase with one is not an apposition.
SUBJECTS = ("nsubj", "nsubjpass")
MAX_PREPOSED_WORDS = 10
# Words that end a bare title or show it has a complement ("the president of ...").
BARE_STOPS = ("of", "the", "for", "and", "at", "to", "in", "with")


def _curated_holder(
    doc: Doc, entry: Entry, start: int, end: int, *, confidence: float
) -> ActorMention:
    """The curated person a title phrase (doc text start..end) stands for."""
    return ActorMention(
        start,
        end,
        text_of(doc)[start:end],
        "Person",
        key=entry.key,
        name=entry.name,
        rule="coreference",
        confidence=confidence,
    )


def _is_title_word(token: Token) -> bool:
    words = titles()
    lower = token.lower_
    return lower in words["heads"] or lower in words["modifiers"] or lower == "-"


def _is_person(token: Token, resolver: Resolver) -> bool:
    mention = resolver.index.at_token(token)
    return mention is not None and mention.type == "Person"


def _in_compound(token: Token) -> bool:
    """A word hyphenated to the one before it ("in" of "editor-in-chief")."""
    before = token.doc[token.i - 1] if token.i >= 1 else None
    return before is not None and before.text == "-" and not before.whitespace_


def _titles_the_name(token: Token) -> bool:
    """A word that, right before a name, makes a title of it ("Secretary Lloyd Austin"), unlike a
    link word or an article ("spokesperson for Erdoğan", "commander of the Azov regiment")."""
    return _is_title_word(token) and token.lower_ not in titles()["links"] | {"the", "and", "-"}


def _names_next(doc: Doc, i: int, resolver: Resolver) -> bool:
    """A comma at `i` and a person's name after it: the phrase before is that person's title."""
    return i + 1 < len(doc) and doc[i].text == "," and _is_person(doc[i + 1], resolver)


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
    if i >= 0 and doc[i].lower_ in NAME_HONORIFICS:  # "foreign secretary Sir Malcolm Rifkind"
        i -= 1
    title: list[Token] = []
    while (
        i >= 0
        and _is_title_word(doc[i])
        and not doc[i].ent_type_
        and doc[i].lower_ not in ("the", "for", "and")
        # "of" inside a title after its head ("secretary of state"), never at its end
        and (doc[i].lower_ != "of" or (bool(title) and i >= 1 and _is_head(doc[i - 1])))
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


def _org_mention_at(token: Token, resolver: Resolver) -> ActorMention | None:
    """The organisation, country or group mention covering `token` ("the White House", "Swiss")."""
    mention = resolver.index.at_token(token)
    return mention if mention is not None and mention.type in ORG_TYPES else None


def _skip_org_mentions(doc: Doc, i: int, resolver: Resolver) -> tuple[int, ActorMention | None]:
    """Past the organisations named before a title ("the White House national security adviser",
    "the Ukrainian governor"): the index after them and the last of them."""
    owner = None
    while i < len(doc) and (mention := _org_mention_at(doc[i], resolver)) is not None:
        owner = mention
        while i < len(doc) and doc[i].idx < mention.end_char:
            i += 1
    return i, owner


def _apposition_post(doc: Doc, person: ActorMention, resolver: Resolver) -> PostRecord | None:
    span = doc.char_span(person.start_char, person.end_char, alignment_mode="expand")
    if span is None or span.end >= len(doc) or doc[span.end].text != ",":
        return None
    i = span.end + 1
    if i < len(doc) and doc[i].lower_ in ("and", "or"):
        return None  # "Blinken, and the defence secretary": a list, not an apposition
    while i < len(doc) and doc[i].lower_ in APPOSITION_OPENERS:
        i += 1
    i, named_org = _skip_org_mentions(doc, i, resolver)
    while i < len(doc) and doc[i].lower_ in TITLE_OPENERS:
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
        if _is_person(doc[i], resolver) and phrase and _titles_the_name(phrase[-1]):
            # "Schumer, Defence Secretary Lloyd Austin and ...": the title is the next name's
            return None
        phrase.append(doc[i])
        i += 1
    if _names_next(doc, i, resolver):
        return None  # "Griner, the state department spokesperson, Ned Price, said"
    phrase = _strip_edges(phrase)
    heads = [t for t in phrase if _is_head(t)]
    if not heads or heads[0].dep_ in SUBJECTS:
        # "Zelenskiy, a former head of the British army accused ...": the noun phrase after the
        # comma is the subject of a new clause, not an apposition to the name before it.
        return None
    start, end = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
    own = _pick_org(resolver.index.within(start, end))
    subject_head = heads[0].lower_ in titles()["subject_heads"]
    if named_org is not None and named_org.type == "Country" and subject_head:
        named_org = None  # "a Russia expert at ...": the country is the subject, not the employer
    org = own if own is not None and own.type == "Organization" else named_org or own
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


def _preposed_phrase(doc: Doc, comma: int, resolver: Resolver) -> tuple[int, list[Token]]:
    """The noun phrase before the comma at `comma` ("the governor of Luhansk", "the Nato
    secretary general", "Germany's minister for economic affairs and climate action"): the index
    of the token that opens it (a determiner or possessive, -1 at the start of the document) and
    its words."""
    i = comma - 1
    phrase: list[Token] = []
    while i >= 0 and len(phrase) < MAX_PREPOSED_WORDS:
        token = doc[i]
        if token.text in STOP or token.is_space or token.pos_ in ("VERB", "AUX"):
            break
        if _is_person(token, resolver):
            break
        # "head of the British army": a "the" after a title's link word is inside the phrase
        inner = i >= 2 and doc[i - 1].lower_ in titles()["links"] and _is_title_word(doc[i - 2])
        if (token.lower_ in PHRASE_OPENERS and not inner) or resolver.is_possessive(token):
            break
        phrase.insert(0, token)
        i -= 1
    return i, phrase


def _preposed_post(doc: Doc, person: ActorMention, resolver: Resolver) -> PostRecord | None:
    span = doc.char_span(person.start_char, person.end_char, alignment_mode="expand")
    if span is None or span.start < 2 or doc[span.start - 1].text != ",":
        return None
    i, phrase = _preposed_phrase(doc, span.start - 1, resolver)
    owner = doc[i] if i >= 0 else None
    if owner is not None and not (
        owner.lower_ in PHRASE_OPENERS or resolver.is_possessive(owner) or owner.is_sent_start
    ):
        return None
    # The title: after the organisations that qualify it and the words that open it ("own"),
    # title words up to a head, then the complement a link word opens ("of Luhansk").
    k, named_org = _skip_org_mentions(doc, phrase[0].i, resolver) if phrase else (0, None)
    words = [t for t in phrase if t.i >= k]
    while words and words[0].lower_ in TITLE_OPENERS:
        words = words[1:]
    links = titles()["links"]
    cut = next(
        (n for n, t in enumerate(words) if t.lower_ in links and not _in_compound(t)), len(words)
    )
    core, complement = words[:cut], words[cut:]
    if (
        not core
        or not _is_head(core[-1])
        or not all(_is_title_word(t) or _in_compound(t) for t in core)
    ):
        return None
    if complement and (
        len(complement) < 2
        or any(_org_mention_at(t, resolver) is None and t.is_punct for t in complement)
        # "an adviser to the president, Volodymyr Zelenskiy": the name is the president's
        or _is_head(complement[-1])
    ):
        return None
    org = None
    if owner is not None and resolver.is_possessive(owner):
        org = resolver.possessive_owner(owner)
        org = org if org is not None and org.type in ORG_TYPES else None
    org = org or named_org
    if org is None and complement:
        end = complement[-1].idx + len(complement[-1])
        org = _pick_org(resolver.index.within(complement[0].idx, end))
    start = owner.idx if owner is not None and not owner.is_sent_start else phrase[0].idx
    if owner is not None and owner.is_sent_start and owner.lower_ in PHRASE_OPENERS:
        start = owner.idx
    title = _title_text(words)
    return _post(
        doc, person, org, title, start, person.end_char, rule="post.preposed", confidence=0.75
    )


def held_posts(entry: Entry, year: int | None) -> list[dict]:
    """The curated posts of `entry` held in `year` (all of them when the year is unknown): a post
    curated "from"/"to" (years, either may be left out) outside it is not what a title in an
    article of that year means ("the prime minister" in 2024 is not Boris Johnson)."""
    if year is None:
        return list(entry.posts)
    return [
        p for p in entry.posts if int(p.get("from") or year) <= year <= int(p.get("to") or year)
    ]


def _definite_posts(
    doc: Doc, mentions: list[ActorMention], gazetteer: Gazetteer, year: int | None
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
                for p in held_posts(gazetteer.entries[key], year)
            )
        )
        if len(holders) != 1:
            continue
        entry = gazetteer.entries[holders[0]]
        start, end = doc[span.start - 1].idx, title[-1].idx + len(title[-1].text)
        person = _curated_holder(doc, entry, start, end, confidence=0.7)
        title_text = _title_text(title)
        posts.append(
            _post(doc, person, org, title_text, start, end, rule="post.definite", confidence=0.7)
        )
    return posts


def _curated_org(post: PostRecord, resolver: Resolver, gazetteer: Gazetteer) -> ActorMention | None:
    """The organisation of the person's curated post whose title shares a head word with this one
    ("governor" -> "Governor of Luhansk Oblast" at Ukraine), when exactly one organisation fits
    and the document names it."""
    entry = gazetteer.entries.get(post.person.key or "")
    if entry is None:
        return None
    heads = {w for w in post.title.lower().split() if w in titles()["heads"]}
    orgs = {
        known["org"]
        for known in entry.posts  # any year: the text names the person ("former foreign secretary")
        if known.get("org") and heads & set(known["title"].lower().split())
    }
    if len(orgs) != 1:
        return None
    return resolver.index.first_of(orgs.pop(), before=post.start_char)


def _checked_against_curated(
    post: PostRecord, resolver: Resolver, gazetteer: Gazetteer
) -> PostRecord:
    """A post whose organisation the text leaves out, or gives only by a pronoun ("its president,
    Xi Jinping" after "China ... Russia's invasion"), takes the organisation of the person's
    curated post of that title."""
    by_pronoun = post.text.split(" ", 1)[0].lower() in resolver.words.possessive_determiners
    if post.organization is not None and not by_pronoun:
        return post
    org = _curated_org(post, resolver, gazetteer)
    if org is None or (post.organization is not None and post.organization.key == org.key):
        return post
    return PostRecord(
        post.person,
        org,
        post.title,
        post.start_char,
        post.end_char,
        post.text,
        rule=post.rule,
        confidence=post.confidence,
    )


def _bare_title_posts(
    doc: Doc,
    mentions: list[ActorMention],
    gazetteer: Gazetteer,
    resolver: Resolver,
    year: int | None,
) -> list[PostRecord]:
    """A person the article goes on to call by title alone ("the prime minister argued"): the
    first "the" + title with no name or organisation beside it, when exactly one person the
    document names holds a curated post of exactly that title."""
    named = {m.key for m in mentions if m.type == "Person" and m.key and m.rule == "gazetteer.name"}
    holders: dict[str, list[tuple[str, dict]]] = {}
    for key in sorted(named):
        for known in held_posts(gazetteer.entries[key], year):
            holders.setdefault(known["title"].lower(), []).append((key, known))
    posts: list[PostRecord] = []
    seen: set[str] = set()
    for the in doc:
        if the.lower_ != "the" or resolver.index.at_token(the) is not None:
            continue
        i = the.i + 1
        title: list[Token] = []
        while i < len(doc) and _is_title_word(doc[i]) and doc[i].lower_ not in BARE_STOPS:
            if doc[i].ent_type_ or resolver.index.at_token(doc[i]) is not None:
                break
            title.append(doc[i])
            i += 1
        if not title or not _is_head(title[-1]) or i >= len(doc):
            continue
        after = doc[i]
        if after.ent_type_ or after.lower_ in BARE_STOPS or after.text in ("'s", "’s", ","):
            continue  # a name, an organisation or a complement follows: not a bare title
        words = " ".join(t.lower_ for t in title)
        fits = holders.get(words, [])
        if len(fits) != 1 or words in seen:
            continue
        seen.add(words)
        key, known = fits[0]
        entry = gazetteer.entries[key]
        start, end = the.idx, title[-1].idx + len(title[-1].text)
        person = _curated_holder(doc, entry, start, end, confidence=0.6)
        org = resolver.index.first_of(known["org"], before=start) if known.get("org") else None
        title_text = _title_text(title)
        posts.append(
            _post(doc, person, org, title_text, start, end, rule="post.bare_title", confidence=0.6)
        )
    return posts


RULES = (_prefix_post, _apposition_post, _affiliation_post, _preposed_post)


def extract_posts(
    doc: Doc,
    mentions: list[ActorMention],
    *,
    gazetteer: Gazetteer | None = None,
    year: int | None = None,
) -> list[PostRecord]:
    """The posts read from the doc; `year`, the article's, decides which curated posts a title
    alone may stand for."""
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
        posts = [_checked_against_curated(p, resolver, gazetteer) for p in posts]
        posts += _definite_posts(doc, mentions, gazetteer, year)
        posts += _bare_title_posts(doc, mentions, gazetteer, resolver, year)
    return posts
