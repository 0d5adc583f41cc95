"""The readers: each turns a chain top into a commitment record, or None.

- `read_addressee`: verbs of asking and urging ("urged Kyiv to", "asked allies for") make their
  object the committer and their subject the speaker (`asserted_by`): `requested` when the
  speaker is the would-be recipient, `proposed` otherwise.
- `read_chain`: the subject of the chain commits (split at "and", pronouns resolved); the lowest
  verb and its object are the item, whose head noun gives the kind; figures in it give quantity
  and money; the cue that decided the status is the record's `rule`.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.commitments.chains import chain, subject
from kg.extract.commitments.domestic import domestic
from kg.extract.commitments.items import bounds, instrument, item_head, verb_phrase
from kg.extract.commitments.kinds import item_kind, kind_of
from kg.extract.commitments.lexicon import Lexicon
from kg.extract.commitments.parties import Parties
from kg.extract.commitments.recipient import explicit_recipient, implied_recipient
from kg.extract.commitments.records import make_record, previous_in_paragraph
from kg.extract.commitments.status import Status, asserted, hypothetical, negated, status_of
from kg.extract.commitments.syntax import VERBAL, child, has_infinitive, lemma, objects, preps
from kg.extract.mentions import Resolver
from kg.nlp import text_of
from kg.records import ActorMention, CommitmentRecord


@dataclass(slots=True, frozen=True)
class Context:
    """What every reader of one document shares."""

    lex: Lexicon
    resolver: Resolver  # the actor a token stands for
    parties: Parties  # committers, addressees and sides, asked of `resolver`


def read_chain(
    top: Token, sent: Span, ctx: Context, previous: list[CommitmentRecord], *, confidence: float
) -> CommitmentRecord | None:
    lex, resolver, parties = ctx.lex, ctx.resolver, ctx.parties
    mentions = resolver.index
    links = chain(top, lex)
    status = status_of(links, lex)
    if status is None or not asserted(top, lex):
        return None
    subj = subject(links, lex)
    if subj is None:
        return None
    committers, via_pronoun = parties.committers(subj, top)
    receiver: ActorMention | None = None
    if status.rule in lex.recipients.receiving_cues:
        # "Ukraine received a $733m loan from Canada": the sender gives, the subject receives.
        receiver = committers[0] if len(committers) == 1 else None
        head = item_head(links[-1], lex.items)
        committers = _senders([links[-1], *([head] if head is not None else [])], ctx)
        if receiver is None or not committers:
            return None
    subject_item: Token | None = None
    if not committers and kind_of(subj, mentions, lex.kinds) is not None:
        # "The first Leopard tanks from Poland arrived": the thing arrives, its sender is "from X".
        committers = _senders([subj], ctx)
        subject_item = subj if committers else None
    elif _arriving_item(subj, links, ctx):
        # "Polish tanks arrived in Ukraine", "US military aid to Kyiv arrived": the actor the
        # resolver read off the item's modifier sent it; the item is the subject. Senders are
        # states and bodies: a person's name on an arriving item names the thing ("Himar").
        committers = [m for m in committers if m.type in _SENDER_TYPES]
        subject_item = subj if committers else None
    return _record(
        top,
        links,
        status,
        committers,
        sent,
        ctx,
        previous,
        confidence=confidence,
        via_pronoun=via_pronoun,
        subject_item=subject_item,
        receiver=receiver,
    )


def _senders(tokens: list[Token], ctx: Context) -> list[ActorMention]:
    """The actors after "from" on any of `tokens` ("tanks from Poland", "received ... from")."""
    return [
        m
        for t in tokens
        for p in preps(t, ctx.lex.recipients.sender_preps)
        for g in p.children
        if (m := ctx.resolver.mention_for(g)) is not None
    ]


# The actor types that send an item that arrives.
_SENDER_TYPES = frozenset({"Country", "Organization", "Group"})


def _arriving_item(subj: Token, links: list[Token], ctx: Context) -> bool:
    """Whether the subject is a thing that arrives ("Polish tanks arrived"), not an actor: it names
    a kind and no actor itself, and the arrival verb has no object of its own."""
    lex = ctx.lex
    return (
        lemma(links[-1]) in lex.recipients.arrival_verbs
        and subj.pos_ == "NOUN"
        and ctx.resolver.index.at_token(subj) is None
        and item_head(links[-1], lex.items) is None
        and kind_of(subj, ctx.resolver.index, lex.kinds) is not None
    )


def _in_stated_clause(head: Token, action: Token, status: Status, lex: Lexicon) -> bool:
    """Whether the item is inside a clause a declaring cue governs that carries its own status
    ("announced it was sending $1.7bn"): that clause makes the record, the announcement none."""
    if status.cue.lemma_.lower() not in lex.items.declaring:
        return False
    clause = next((c for c in action.children if c.dep_ == "ccomp" and head in c.subtree), None)
    return clause is not None and status_of(chain(clause, lex), lex) is not None


def _relatives(ctx: Context) -> frozenset[str]:
    return ctx.resolver.pronouns.relative


def _owned(head: Token, objects: frozenset[str]) -> bool:
    """Whether the item names what someone owns: "assets", "€4.5bn of Russian assets"."""
    if lemma(head) in objects or head.lower_ in objects:
        return True
    return any(
        lemma(g) in objects or g.lower_ in objects
        for p in head.children
        if p.dep_ == "prep" and p.lower_ in ("of", "in")
        for g in p.children
        if g.dep_ == "pobj"
    )


def _noun_committer(noun: Token, ctx: Context) -> tuple[Token | None, Token | None]:
    """Who holds the stance a noun names, and the verb the noun is the object of: "Finland's
    decision", "the decision by Finland", "Finland has taken the decision"."""
    poss = child(noun, "poss")
    if poss is not None:
        return poss, None
    for c in noun.children:  # "the US decision to supply"
        if c.dep_ in ("compound", "nmod") and ctx.resolver.index.at_token(c) is not None:
            return c, None
    for by in preps(noun, ctx.lex.status.noun_agent_preps):
        if (agent := child(by, "pobj")) is not None:
            return agent, None
    if noun.dep_ in ("dobj", "nsubjpass") and noun.head.pos_ in VERBAL:
        return subject([noun.head]), noun.head
    return None, None


def read_noun(
    top: Token, sent: Span, ctx: Context, previous: list[CommitmentRecord], *, confidence: float
) -> CommitmentRecord | None:
    """ "Finland has taken the historic decision to supply weapons", "Germany's plan to send
    tanks", "Turkey's refusal to join sanctions": the noun's status, its holder commits."""
    lex, parties = ctx.lex, ctx.parties
    noun = top.head
    if top.dep_ != "acl" or not has_infinitive(top) or noun.pos_ != "NOUN":
        return None
    cue = lex.status.noun_cues.get(lemma(noun))
    if cue is None:
        return None
    holder, verb = _noun_committer(noun, ctx)
    if holder is None:
        return None
    governing = verb if verb is not None else noun.head
    if not asserted(governing, lex) or hypothetical(governing, lex):
        return None
    value = cue.negated if verb is not None and negated(verb, lex) else cue.status
    if value is None:
        return None
    committers, via_pronoun = parties.committers(holder, verb if verb is not None else top)
    links = chain(top, lex)
    return _record(
        top,
        links,
        Status(value, cue.id, noun),
        committers,
        sent,
        ctx,
        previous,
        confidence=confidence,
        via_pronoun=via_pronoun,
        subject_item=None,
    )


def _record(
    top: Token,
    links: list[Token],
    status: Status,
    committers: list,
    sent: Span,
    ctx: Context,
    previous: list[CommitmentRecord],
    *,
    confidence: float,
    via_pronoun: bool,
    subject_item: Token | None,
    receiver: ActorMention | None = None,
) -> CommitmentRecord | None:
    """The record of a chain whose status and committers are known: item, kind, recipient (the
    `receiver` when the subject received it)."""
    lex, resolver, parties = ctx.lex, ctx.resolver, ctx.parties
    mentions = resolver.index
    if not committers:
        return None
    action = links[-1]
    head = subject_item if subject_item is not None else item_head(action, lex.items)
    if action.dep_ in ("acl", "relcl") and (head is None or head.lower_ in _relatives(ctx)):
        head = action.head  # "Himars provided by the US", "tanks that had been provided to"
    if head is not None and _in_stated_clause(head, action, status, lex):
        return None  # "announced that France will deliver": the clause is read on its own
    clause = None
    if head is None and status.cue.lemma_.lower() in lex.items.declaring:
        clause = child(action, "ccomp")  # "declared that Ukraine will become a member"
        if clause is not None and status_of(chain(clause, lex), lex) is not None:
            return None  # "announced it would send tanks": the clause is read on its own
        head = item_head(clause, lex.items) if clause is not None else None
    if head is not None and head.lower_ in lex.items.reflexive_pronouns:
        return None  # "prepared to defend itself": no one else is given anything
    head = instrument(action, head, mentions, lex.items)
    kind = item_kind(head, links, mentions, lex.kinds)
    measures = lex.kinds.asset_measures
    if (
        head is not None
        and lemma(action) in measures.verbs
        and (_owned(head, measures.objects) or _owned(action, measures.objects))
    ):
        # "froze €4.5bn of Russian assets": a sanction taken, not aid withdrawn
        kind, status = measures.kind, Status(measures.status, measures.id, action)
    elif lemma(action) in lex.items.hostile_verbs:
        return None  # "decided to seize the Azovstal plant": an act of war
    inherited: CommitmentRecord | None = None
    if kind is None and head is None and status.status in lex.items.inherited_by:
        inherited = previous_in_paragraph(previous, sent)
        if inherited is None:
            return None
        kind = inherited.kind
        confidence += lex.adjustments.inherited_item
    if kind is None:
        return None
    if clause is not None and head is not None:
        phrase = verb_phrase(clause, with_verb=True)
    else:
        phrase = verb_phrase(action, with_verb=action != status.cue and action.pos_ in VERBAL)
    if head is not None and head not in phrase:
        phrase = sorted(set(phrase) | set(head.subtree), key=lambda t: t.i)
    recipient_phrase = phrase
    if subject_item is not None:
        # the item is the subject without its sender; the recipient is after the verb
        sender = {t for p in preps(subject_item, lex.recipients.sender_preps) for t in p.subtree}
        phrase = [t for t in subject_item.subtree if t not in sender]
        # the recipient is after the verb ("arrived in Ukraine") or on the item ("aid to Kyiv")
        recipient_phrase = sorted(
            set(verb_phrase(action, with_verb=False)) | set(phrase), key=lambda t: t.i
        )
    start, end = bounds(phrase)
    item = text_of(sent.doc)[start:end] if end > start else (inherited.item if inherited else "")
    if not item.strip():  # nothing pledged that a reader could name: no commitment
        return None
    if status.status == lex.addressees.self_status:
        # "Finland applied to join Nato", "Ukraine's bid to join the EU": asked of the organisation
        joins = kind in lex.recipients.joined_kinds
        joined = _joined(phrase, committers, parties) if joins else None
        if joined is None:
            return None
        committers, asker = [joined], committers[0]
        return _finish(
            sent,
            committers,
            kind,
            status,
            text_of(sent.doc)[start:end],
            (start, end),
            action,
            asker,
            confidence,
            lex,
            top,
            resolver,
        )
    exclude = {m.key for m in committers} | {parties.side_of(m) for m in committers}
    recipient = receiver or explicit_recipient(
        recipient_phrase, action, head, kind, parties, lex.recipients, exclude
    )
    if recipient is None and inherited is not None:
        recipient = inherited.recipient
    if domestic(
        head,
        phrase,
        kind=kind,
        has_recipient=recipient is not None,
        mentions=mentions,
        words=lex.domestic,
    ):
        return None  # "its operations contributed $2bn of sales", "£37bn to help households"
    if recipient is None:
        recipient = implied_recipient(kind, sent, parties, lex.recipients, exclude)
        if recipient is not None:
            confidence += lex.adjustments.implied_recipient
    if not _within_limits(action, kind, recipient, lex):
        return None  # "increased oil production": an increase of nothing given, or to no one
    if via_pronoun:
        confidence += lex.adjustments.pronoun_committer
    if any(m.rule == resolver.words.collective_rule for m in committers):
        confidence += lex.adjustments.collective
    committers = [
        m for m in committers if recipient is None or m.key is None or m.key != recipient.key
    ]
    if not committers:
        return None
    return _finish(
        sent,
        committers,
        kind,
        status,
        item,
        (start, end),
        action,
        recipient,
        confidence,
        lex,
        top,
        resolver,
    )


def _within_limits(action: Token, kind: str, recipient, lex: Lexicon) -> bool:
    """Whether a record whose action is a limited cue ("boost", "double") has an item of an
    allowed kind and, when asked, a recipient ([cue_limits] in commitments.toml)."""
    cue = lex.status.verb_cues.get(lemma(action))
    limits = lex.status.cue_limits.get(cue.id) if cue is not None else None
    if limits is None:
        return True
    return kind in limits.kinds and (recipient is not None or not limits.needs_recipient)


def _finish(
    sent,
    committers,
    kind,
    status,
    item,
    item_span,
    action,
    recipient,
    confidence,
    lex,
    top,
    resolver,
) -> CommitmentRecord:
    record = make_record(
        sent,
        committers=committers,
        kind=kind,
        status=status,
        item=item,
        item_span=item_span,
        clause=action,
        recipient=recipient,
        confidence=confidence,
        skip_units=lex.skip_units,
    )
    record.asserted_by = resolver.reporting_speaker(top)
    return record


def _joined(phrase: list[Token], committers: list, parties: Parties):
    """The organisation an applicant asks to join: the first one the item phrase names."""
    keys = {m.key for m in committers}
    for t in phrase:
        m = parties.resolver.index.at_token(t)
        if m is not None and m.type == "Organization" and m.key not in keys:
            return m
    return None


def _addressee(verb: Token, particles: tuple[str, ...]) -> Token | None:
    """Who is asked: the object, or the object of the cue's particle ("called on allies")."""
    if not particles:
        return child(verb, "dobj", "dative")
    prep = next(
        (c for c in verb.children if c.dep_ in ("prep", "prt") and c.lower_ in particles), None
    )
    return child(prep, "pobj") if prep is not None else None


def _asked_before(
    verb: Token, sent: Span, previous: list[CommitmentRecord], words
) -> CommitmentRecord | None:
    """The commitment whose givers a request without an addressee asks: the one just before it
    in the paragraph, when the request is "for" something."""
    if not preps(verb, words.item_preps):
        return None
    before = previous_in_paragraph(previous, sent)
    if before is None and previous and previous[-1].start_char == sent.start_char:
        before = previous[-1]
    return before


def read_addressee(
    verb: Token, sent: Span, ctx: Context, previous: list[CommitmentRecord], *, confidence: float
) -> CommitmentRecord | None:
    lex, resolver, parties = ctx.lex, ctx.resolver, ctx.parties
    mentions = resolver.index
    words = lex.addressees
    cue = words.cues.get(verb.lemma_)
    if cue is None:
        return None
    addressee = _addressee(verb, cue.particles)
    asker_token = child(verb, "nsubj")
    asker = resolver.mention_for(asker_token) if asker_token is not None else None
    if asker is None and asker_token is not None:  # "Kyiv's foreign minister", "Nordic states"
        asker = parties.titled(asker_token) or resolver.collective(asker_token)
    before: CommitmentRecord | None = None
    if addressee is not None:
        committers = parties.addressees(addressee)
    else:  # "promised to send 10 systems, but Ukraine called for 60": asked of the same givers
        before = _asked_before(verb, sent, previous, words)
        committers = list(before.committers) if before is not None else []
        if not committers:  # "called for a large influx of western weaponry"
            asked = next((g for p in preps(verb, words.item_preps) for g in objects(p)), None)
            giver = (
                parties.giver_named_by(asked, words.giver_adjectives) if asked is not None else None
            )
            committers = [giver] if giver is not None else []
    if not committers or negated(verb, lex) or not asserted(verb, lex):
        return None
    action = child(verb, "xcomp")
    if action is None and addressee is not None:  # "called on allies to send": on the addressee
        action = next(
            (c for c in addressee.children if c.dep_ in ("acl", "xcomp") and c.pos_ in VERBAL), None
        )
    head = item_head(action, lex.items) if action is not None else None
    if head is None:  # "asked Germany for more Patriot systems"
        prep = next(iter(preps(verb, words.item_preps)), None)
        head = child(prep, "pobj") if prep is not None else None
    if head is not None and head.lower_ in lex.items.reflexive_pronouns:
        return None
    if action is not None:
        head = instrument(action, head, mentions, lex.items)
    kind = item_kind(head, [action if action is not None else verb], mentions, lex.kinds)
    if kind is None and before is not None and head is not None and head.pos_ == "NUM":
        kind = before.kind  # "called for 60 or even 300": more of the same
    if kind is None:
        return None
    status = cue.status
    asker_side = parties.side_of(asker) if asker is not None else None
    exclude = {m.key for m in committers}
    phrase = verb_phrase(action, with_verb=True) if action is not None else list(head.subtree)
    recipient = None
    if action is not None:
        recipient = explicit_recipient(phrase, action, head, kind, parties, lex.recipients, exclude)
    # The asker is the would-be recipient (Ukraine asking, or its president urging): `requested`.
    asks_for_itself = asker_side is not None and (
        (recipient is not None and recipient.key == asker_side)
        or (recipient is None and (status == words.self_status or asker_side == parties.topic))
    )
    if asks_for_itself:
        status = words.self_status
        named = mentions.first_of(asker_side, before=sent.start_char)
        if kind not in lex.recipients.target_kinds:  # a sanction asked for targets someone else
            recipient = recipient or named or asker
    if recipient is None:
        recipient = implied_recipient(kind, sent, parties, lex.recipients, exclude)
    start, end = bounds(phrase)
    item = text_of(sent.doc)[start:end]
    if not item.strip():
        return None
    record = make_record(
        sent,
        committers=committers,
        kind=kind,
        status=Status(status, cue.id, verb),
        item=item,
        item_span=(start, end),
        clause=action if action is not None else verb,
        recipient=recipient,
        confidence=confidence,
        skip_units=lex.skip_units,
    )
    record.asserted_by = asker
    return record
