"""Items: the thing pledged or given, read off the lowest verb of a chain (the action): its head
noun, and the phrase quoted as the record's `item`."""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.commitments.lexicon import ItemWords
from kg.extract.commitments.syntax import child, has_infinitive, objects, preps
from kg.extract.mentions import MentionIndex

# Children that are not part of the item phrase of a verb.
_NOT_ITEM = frozenset(
    {
        "nsubj",
        "nsubjpass",
        "csubj",
        "aux",
        "auxpass",
        "neg",
        "punct",
        "advcl",
        "conj",
        "cc",
        "mark",
        "advmod",
        "parataxis",
        "prt",
        "npadvmod",
        "dep",
        "intj",
        "expl",
        "agent",
        "ccomp",
        "preconj",
    }
)
# The dependents that are the item, in the order they are looked for.
_ITEM_DEPS = ("dobj", "attr", "oprd", "dative")
# Entities after "in"/"on"/"about" that say where or when, not what ("in Kyiv", "on Monday").
_CIRCUMSTANCE_ENTITIES = frozenset({"DATE", "GPE", "LOC", "TIME", "ORG", "NORP"})
# How deep the item is looked for under clauses ("ready to start talks about supplying ...").
_MAX_DEPTH = 3


def item_head(action: Token, words: ItemWords, depth: int = 0) -> Token | None:
    """The head noun of what `action` gives or does: its object, else its passive subject, else the
    item of a clause it governs, else the object of "about"/"on"/"in"."""
    for dep in _ITEM_DEPS:
        if (found := child(action, dep)) is not None:
            return found
    if any(c.dep_ == "auxpass" for c in action.children):
        if (found := child(action, "nsubjpass")) is not None:
            return found
    if depth < _MAX_DEPTH:
        for c in action.children:
            purpose = c.dep_ == "advcl" and has_infinitive(c)
            if c.lemma_.lower() in words.copular_verbs:
                continue  # "signed by Putin to become law": the law is not what was signed
            if c.dep_ in ("xcomp", "ccomp") or purpose:
                if (found := item_head(c, words, depth + 1)) is not None:
                    return found
    for prep in preps(action, words.preps):
        pobj = next(iter(objects(prep)), None)
        if pobj is None or pobj.ent_type_ in _CIRCUMSTANCE_ENTITIES:
            continue
        if pobj.pos_ == "VERB" and depth < _MAX_DEPTH:  # "cautious about sending missiles"
            found = item_head(pobj, words, depth + 1)
            return found if found is not None else pobj
        if pobj.lower_ in words.talk_nouns and depth < _MAX_DEPTH:  # "in talks about supplying"
            return item_head(pobj, words, depth + 1)
        return pobj
    return None


def instrument(
    action: Token, head: Token | None, mentions: MentionIndex, words: ItemWords
) -> Token | None:
    """ "provide Ukraine with missiles": when the object is the recipient, the thing is after
    "with"."""
    if head is None or mentions.at_token(head) is None:
        return head
    prep = next(iter(preps(action, words.instrument_preps)), None)
    pobj = child(prep, "pobj") if prep is not None else None
    return pobj if pobj is not None and mentions.at_token(pobj) is None else head


def verb_phrase(action: Token, *, with_verb: bool) -> list[Token]:
    """The tokens of what follows the verb: its objects and their phrases (and the verb)."""
    tokens = [action] if with_verb else []
    for c in action.children:
        if c.dep_ not in _NOT_ITEM and c.i > action.i:  # what precedes the verb is not its object
            tokens.extend(c.subtree)
    return sorted(tokens, key=lambda t: t.i)


def bounds(tokens: list[Token]) -> tuple[int, int]:
    """The characters from the first to the last token, without spaces and edge punctuation."""
    tokens = [t for t in tokens if not t.is_space]
    while tokens and tokens[-1].is_punct:
        tokens.pop()
    while tokens and tokens[0].is_punct:
        tokens.pop(0)
    if not tokens:
        return 0, 0
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
