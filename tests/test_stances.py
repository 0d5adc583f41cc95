"""Stances (kg/extract/statements/stances.py): who wants, plans, supports, opposes or judges what,
read as StanceRecords of their own, never as statements. Each case: (text, holder, content, cue),
or a text where no stance may be read."""

from __future__ import annotations

import pytest


def _stances(records):
    return records.stances


INTENTIONS = [
    (
        "Sweden wants to join the alliance before the winter summit.",
        "Sweden",
        "to join the alliance before the winter summit",
        "want",
    ),
    (
        "Norway plans to open a second embassy in the region next year.",
        "Norway",
        "to open a second embassy in the region next year",
        "plan",
    ),
    (
        # scare quotes inside a stance are no quotation: the stance holds them, nobody says them
        "Ukraine wants to become a “steel porcupine” capable of deterring aggression.",
        "Ukraine",
        "to become a “steel porcupine” capable of deterring aggression",
        "want",
    ),
    (
        "Many farmers want the minister to resign over the drought relief scandal.",
        "farmers",
        "the minister to resign over the drought relief scandal",
        "want",
    ),
    (
        "Angela Merkel hopes to finish the bridge before the rains come.",
        "Angela Merkel",
        "to finish the bridge before the rains come",
        "hope",
    ),
    (
        "The minister declined to answer questions about the drought relief scandal.",
        "minister",
        "to answer questions about the drought relief scandal",
        "decline",
    ),
    (
        "The mayor of Leeds, who intends to stand again, opened the new library.",
        "mayor",
        "to stand again",
        "intend",
    ),
]

POSITIONS = [
    (
        "Governor Tom Ashby endorsed Maria Delgado on Tuesday.",
        "Tom Ashby",
        "Maria Delgado",
        "endorse",
    ),
    (
        "The farmers' union opposed the new water tax at its annual meeting.",
        "union",
        "the new water tax",
        "oppose",
    ),
    (
        # a verb of taking sides modifying its holder
        "A farmers' union backing Maria Delgado paid for the posters.",
        "union",
        "Maria Delgado",
        "back",
    ),
    (
        # a participle modifying the content, with its holder as the agent
        "The water tax, opposed by the farmers' union, was dropped in June.",
        "union",
        "The water tax",
        "oppose",
    ),
    (
        "Most teachers voted for the longer summer break.",
        "teachers",
        "the longer summer break",
        "vote",
    ),
]

VIEWS = [
    (
        "Most Estonians see Moscow as the main threat to their security.",
        "Estonians",
        "Moscow as the main threat to their security",
        "see",
    ),
    (
        "Many voters consider the governor honest.",
        "voters",
        "the governor honest",
        "consider",
    ),
]

NO_STANCE = [
    "Senator Ruth Lee will not support the new water tax.",  # denied
    "The separatists, long Moscow-backed, shelled the town.",  # a modifier
    "The plan was supported by most members of the council.",  # passive: holder not subject
    "Ruth Lee supports it.",  # the object names no position
    "Ruth Lee may want to leave the party.",  # hedged
    "The villagers stood with their arms folded in the square.",  # no side taken
    "The soldiers tried to cross the river at dawn.",  # an attempt, not a wish
    "She saw the minister at the station.",  # seeing, no judgement
    "Hardly anyone here would oppose the new water tax.",  # hypothetical
    "The envoy praised Norway for backing the water treaty.",  # whose backing: not parsed
    "The decree ordered all staff to return home to support the war effort.",  # a purpose
    # a verb joined to a denied or hedged one shares its auxiliaries
    "The council cannot ignore the farmers and expect to keep their votes next spring.",
    # a modifier whose noun can take no side
    "The activities opposing the water tax were cancelled in June.",
    # a condition
    "If the council really wants to keep their votes, it must listen to the farmers.",
    "We plan to reopen the old library next spring.",  # "we" outside quotation marks: whose?
]


KIND = {"stance.intention": "intention", "stance.position": "position", "stance.view": "view"}


@pytest.mark.parametrize(("text", "holder", "content", "cue"), INTENTIONS + POSITIONS + VIEWS)
def test_stance_read(extract, text, holder, content, cue):
    records = extract(text)
    stances = _stances(records)
    assert [(s.text, s.cue) for s in stances] == [(content, cue)]
    (stance,) = stances
    assert holder in stance.holder.text
    assert stance.kind == KIND[stance.rule]
    assert records.document.text[stance.start_char : stance.end_char] == stance.text
    # a stance is no statement: nothing said is read from the same words
    assert not any(s.start_char < stance.end_char < s.end_char for s in records.statements)


@pytest.mark.parametrize("text", NO_STANCE)
def test_no_stance(extract, text):
    assert _stances(extract(text)) == []


def test_speech_wins_over_a_stance_inside_it(extract):
    """A stance inside a reported clause is what the speaker said: one statement, no stance."""
    records = extract("Lavrov said that Moscow wants to keep the southern regions for good.")
    assert [(s.rule, s.speaker.text) for s in records.statements] == [("clause.verb", "Lavrov")]
    assert records.stances == []


REPEATS_A_COMMITMENT = [
    # the commitment reader reads these clauses (considering, refused, committed): the stance
    # would say the same thing twice
    "Norway plans to send 20 tanks to Ukraine next month.",
    "Poland refused to send fighter jets to Ukraine.",
    "Hungary opposed the new sanctions against Russia.",
]


@pytest.mark.parametrize("text", REPEATS_A_COMMITMENT)
def test_no_stance_repeats_a_commitment(extract, text):
    records = extract(text)
    assert records.commitments
    assert records.stances == []


def test_stances_are_kept_apart_from_each_other_and_from_speech():
    """without_speech: a statement's words are no stance's, and overlapping stances give one."""
    from kg.extract.statements.stances import without_speech
    from kg.records import StanceRecord, StatementRecord

    def stance(start, end, rule="stance.position"):
        return StanceRecord(None, start, end, "x" * (end - start), "position", "back", rule=rule)

    said = [StatementRecord(None, 10, 20, "y" * 10, "indirect", "say")]
    kept = without_speech([stance(30, 40), stance(15, 25), stance(0, 5), stance(32, 45)], said)
    assert [(s.start_char, s.end_char) for s in kept] == [(0, 5), (30, 40)]
