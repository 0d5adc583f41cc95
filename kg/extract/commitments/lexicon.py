"""The commitments lexicon: every word, label and confidence the rules use, read from
kg/data/commitments.toml into one typed section per job (status, items, kinds, recipients, ...),
with the reporting words and pronouns every extractor shares (kg/data/reporting.toml)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kg.extract.lexicon import read_data
from kg.extract.reporting import Reporting, load_reporting
from kg.paths import DATA_DIR


@dataclass(slots=True, frozen=True)
class Cue:
    """A status cue: "pledge" -> pledged (negated: refused); `particles` it needs ("rule out")."""

    id: str
    status: str
    negated: str | None
    particles: tuple[str, ...] = ()


@dataclass(slots=True, frozen=True)
class CueLimits:
    """What a record whose action is a cue of this id needs: an item of one of `kinds`, and a
    recipient when `needs_recipient` ("boosted its troops in Estonia", not "boosted production")."""

    kinds: frozenset[str]
    needs_recipient: bool


@dataclass(slots=True, frozen=True)
class DomesticWords:
    """An actor's own money, or money for people at home: given to no other actor."""

    kinds: frozenset[str]
    own_money: frozenset[str]
    beneficiaries: frozenset[str]
    beneficiary_preps: frozenset[str]
    beneficiary_verbs: frozenset[str]


@dataclass(slots=True, frozen=True)
class ReaderEntry:
    """One row of the rule table as data: a reader's id and the confidence of its records."""

    id: str
    confidence: float


@dataclass(slots=True, frozen=True)
class StatusWords:
    verb_cues: dict[str, Cue]
    adjective_cues: dict[str, Cue]
    phrase_preps: dict[str, tuple[str, str, frozenset[str]]]  # preposition -> (id, status, objects)
    modal_id: str
    proposed_status: str
    proposed_modals: frozenset[str]
    proposed_verbs: frozenset[str]
    future: frozenset[str]
    future_status: str
    future_turns: frozenset[str]
    scheduled: frozenset[str]  # "is to supply": announced, like "will"
    refused_status: str  # "would not send", reported
    hypothetical: frozenset[str]
    reported: frozenset[str]
    negation: frozenset[str]
    no_longer: frozenset[str]
    no_longer_with: frozenset[str]
    frame_id: str
    frame_status: str
    frame_adjectives: frozenset[str]
    actions: frozenset[str]
    cue_limits: dict[str, CueLimits]  # by cue id: "cue.increase" needs a kind and a recipient
    noun_cues: dict[str, Cue]  # "decision to", "plans to", "refusal to"
    noun_agent_preps: frozenset[str]  # "the decision by Finland to"
    conditional_marks: frozenset[str]  # "if", "unless": not asserted
    denial_verbs: frozenset[str]  # "denied it had sent": not asserted
    clause_links: frozenset[str]  # the dependencies a governed clause hangs by


@dataclass(slots=True, frozen=True)
class AssetMeasures:
    """ "froze €4.5bn of Russian assets": a verb on what a target owns is a sanction."""

    id: str
    status: str
    kind: str
    verbs: frozenset[str]
    objects: frozenset[str]


@dataclass(slots=True, frozen=True)
class AddresseeWords:
    cues: dict[str, Cue]
    self_status: str
    item_preps: frozenset[str]
    giver_adjectives: dict[str, str]  # "western weaponry" -> the curated "Western allies"


@dataclass(slots=True, frozen=True)
class ItemWords:
    preps: frozenset[str]
    talk_nouns: frozenset[str]
    instrument_preps: frozenset[str]
    inherited_by: frozenset[str]
    declaring: frozenset[str]  # pledge verbs whose `that` clause holds the item
    copular_verbs: frozenset[str]  # "to become law": no item under these
    hostile_verbs: frozenset[str]  # "decided to seize the plant": an act of war, no commitment
    reflexive_pronouns: frozenset[str]


@dataclass(slots=True, frozen=True)
class KindWords:
    nouns: dict[str, str]
    modifiers: dict[str, str]
    verbs: dict[str, str]
    entities: dict[str, str]  # entity label -> kind
    decisive_verb_kinds: frozenset[str]
    generic_heads: frozenset[str]
    measure_heads: frozenset[str]
    measure_preps: frozenset[str]
    verb_measure_preps: frozenset[str]
    money_default: str
    money_funding: str
    money_funding_words: frozenset[str]
    reflexive_pronouns: frozenset[str]
    asset_measures: AssetMeasures


@dataclass(slots=True, frozen=True)
class RecipientWords:
    preps: tuple[str, ...]  # in the order they are tried
    arrival_verbs: frozenset[str]
    arrival_preps: tuple[str, ...]
    host_kinds: frozenset[str]  # "its troops in Estonia": the host receives them
    on_preps: frozenset[str]
    on_nouns: frozenset[str]
    beneficiary_verbs: frozenset[str]
    sender_preps: frozenset[str]
    receiving_cues: frozenset[str]  # "received a loan from Canada": the subject receives
    no_implied: frozenset[str]
    joined_kinds: frozenset[str]
    target_kinds: frozenset[str]  # kinds whose recipient is their target ("sanctions")
    target_preps: tuple[str, ...]
    target_verbs: frozenset[str]


@dataclass(slots=True, frozen=True)
class Adjustments:
    """What lowers a record's confidence below its reader's."""

    implied_recipient: float
    pronoun_committer: float
    inherited_item: float
    collective: float


@dataclass(slots=True, frozen=True)
class Lexicon:
    readers: tuple[ReaderEntry, ...]
    gerund_preps: frozenset[str]
    accusing_verbs: frozenset[str]  # "accused Iran of preparing to": Iran is the subject
    accusing_prep: str
    status: StatusWords
    reporting: Reporting  # the shared lexicon of reporting words and pronouns
    addressees: AddresseeWords
    items: ItemWords
    kinds: KindWords
    recipients: RecipientWords
    domestic: DomesticWords
    skip_units: frozenset[str]
    adjustments: Adjustments
    separate_statuses: frozenset[str]  # kept beside another record of the same givers and kind


def _cues(rows: list[dict]) -> dict[str, Cue]:
    out: dict[str, Cue] = {}
    for row in rows:
        particles = row.get("particles", {})
        for lemma in row["lemmas"]:
            cue = Cue(row["id"], row["status"], row.get("negated"), tuple(particles.get(lemma, ())))
            out.setdefault(lemma, cue)
    return out


def _by_word(table: dict[str, list[str]], *, lower: bool) -> dict[str, str]:
    """{"troops": ["brigade", ...]} -> {"brigade": "troops"}; the first kind listing a word wins."""
    out: dict[str, str] = {}
    for kind, words in table.items():
        for word in words:
            out.setdefault(word.lower() if lower else word, kind)
    return out


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    data = read_data(DATA_DIR / "commitments.toml")
    modals, frames, negation = data["modals"], data["proposal_frames"], data["negation"]
    items, kinds, rec = data["items"], data["kinds"], data["recipients"]
    reporting = load_reporting()
    reflexive = reporting.pronouns.reflexive
    return Lexicon(
        readers=tuple(ReaderEntry(r["id"], float(r["confidence"])) for r in data["readers"]),
        gerund_preps=frozenset(data["chains"]["gerund_prepositions"]),
        accusing_verbs=frozenset(data["chains"]["accusing_verbs"]),
        accusing_prep=data["chains"]["accusing_preposition"],
        status=StatusWords(
            verb_cues=_cues(data["cues"]),
            adjective_cues=_cues(data["adjective_cues"]),
            phrase_preps={
                r["preposition"]: (r["id"], r["status"], frozenset(r["objects"]))
                for r in data["phrase_cues"]
            },
            modal_id=modals["id"],
            proposed_status=modals["proposed_status"],
            proposed_modals=frozenset(modals["proposed"]),
            proposed_verbs=frozenset(modals["proposed_verbs"]),
            future=frozenset(modals["future"]),
            future_status=modals["future_status"],
            future_turns=frozenset(modals["future_turns"]),
            scheduled=frozenset(modals["scheduled"]),
            refused_status=modals["refused_status"],
            hypothetical=frozenset(modals["hypothetical"]),
            reported=frozenset(modals["reported"]),
            negation=frozenset(negation["words"]),
            no_longer=frozenset(negation["no_longer"]),
            no_longer_with=frozenset(negation["no_longer_with"]),
            frame_id=frames["id"],
            frame_status=frames["status"],
            frame_adjectives=frozenset(frames["adjectives"]),
            actions=frozenset(data["actions"]["lemmas"]),
            cue_limits={
                cue_id: CueLimits(frozenset(row["kinds"]), bool(row["needs_recipient"]))
                for cue_id, row in data["cue_limits"].items()
            },
            noun_cues=_cues(data["noun_cues"]),
            noun_agent_preps=frozenset(data["noun_cue_words"]["agent_prepositions"]),
            conditional_marks=frozenset(data["unasserted"]["conditional_marks"]),
            denial_verbs=frozenset(data["unasserted"]["denial_verbs"]),
            clause_links=frozenset(data["unasserted"]["links"]),
        ),
        reporting=reporting,
        addressees=AddresseeWords(
            cues=_cues(data["addressee_cues"]),
            self_status=data["addressees"]["self_status"],
            item_preps=frozenset(data["addressees"]["item_prepositions"]),
            giver_adjectives=dict(data["addressees"]["giver_adjectives"]),
        ),
        items=ItemWords(
            preps=frozenset(items["prepositions"]),
            talk_nouns=frozenset(items["talk_nouns"]),
            instrument_preps=frozenset(items["instrument_prepositions"]),
            inherited_by=frozenset(items["inherited_by"]),
            declaring=frozenset(items["declaring"]),
            copular_verbs=frozenset(items["copular_verbs"]),
            hostile_verbs=frozenset(items["hostile_verbs"]),
            reflexive_pronouns=reflexive,
        ),
        kinds=KindWords(
            nouns=_by_word(kinds["nouns"], lower=True),
            modifiers=_by_word(kinds["modifiers"], lower=True),
            verbs=_by_word(kinds["verbs"], lower=False),
            entities=dict(kinds["entities"]),
            decisive_verb_kinds=frozenset(kinds["decisive_verbs"]["kinds"]),
            generic_heads=frozenset(kinds["generic_heads"]["lemmas"]),
            measure_heads=frozenset(kinds["measure_heads"]["lemmas"]),
            measure_preps=frozenset(kinds["measure_heads"]["prepositions"]),
            verb_measure_preps=frozenset(kinds["measure_heads"]["verb_prepositions"]),
            money_default=kinds["money"]["default"],
            money_funding=kinds["money"]["funding"],
            money_funding_words=frozenset(kinds["money"]["funding_words"]),
            reflexive_pronouns=reflexive,
            asset_measures=AssetMeasures(
                id=kinds["asset_measures"]["id"],
                status=kinds["asset_measures"]["status"],
                kind=kinds["asset_measures"]["kind"],
                verbs=frozenset(kinds["asset_measures"]["verbs"]),
                objects=frozenset(kinds["asset_measures"]["objects"]),
            ),
        ),
        recipients=RecipientWords(
            preps=tuple(rec["prepositions"]),
            arrival_verbs=frozenset(rec["arrival_verbs"]),
            arrival_preps=tuple(rec["arrival_prepositions"]),
            host_kinds=frozenset(rec["host_kinds"]),
            on_preps=frozenset(rec["on_prepositions"]),
            on_nouns=frozenset(rec["on_nouns"]),
            beneficiary_verbs=frozenset(rec["beneficiary_verbs"]),
            sender_preps=frozenset(rec["sender_prepositions"]),
            receiving_cues=frozenset(rec["receiving_cues"]),
            no_implied=frozenset(rec["no_implied"]),
            joined_kinds=frozenset(rec["joined_kinds"]),
            target_kinds=frozenset(rec["target_kinds"]),
            target_preps=tuple(rec["target_prepositions"]),
            target_verbs=frozenset(rec["target_verbs"]),
        ),
        domestic=DomesticWords(
            kinds=frozenset(data["domestic"]["kinds"]),
            own_money=frozenset(data["domestic"]["own_money"]),
            beneficiaries=frozenset(data["domestic"]["beneficiaries"]),
            beneficiary_preps=frozenset(data["domestic"]["beneficiary_prepositions"]),
            beneficiary_verbs=frozenset(data["domestic"]["beneficiary_verbs"]),
        ),
        skip_units=frozenset(data["figures"]["skip_units"]),
        adjustments=Adjustments(**{k: float(v) for k, v in data["confidence"].items()}),
        separate_statuses=frozenset(data["records"]["separate_statuses"]),
    )
