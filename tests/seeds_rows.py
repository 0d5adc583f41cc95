"""Rows the canned queries give on the seeds, shared by the tests that expect them: on the real
seeds build (test_seeds_queries) and on the hand-written contract sample (test_sparql)."""

from __future__ import annotations

CALIBER = "caliber-politico-steel-porcupine.txt"
ESSAY = "essay-europe-guarantee-force.txt"
HERALD = "national-herald-moore-mi6.txt"

RUTTE_STATEMENT = (
    "Mark Rutte",
    "direct",
    "say",
    "In addition to strong armed forces, Ukraine needs robust security guarantees,",
    CALIBER,
    "2026-02-04",
)


# The commitments row of a refusal of NATO membership for Ukraine, by `refuser`.
def membership_refused(refuser: str) -> tuple:
    return (refuser, "membership", "refused", "NATO membership", "Ukraine", None, CALIBER)


MOORE_QUOTE = "https://example.org/kg/id/statement/national-herald-moore-mi6-txt/569-621"
PUTIN_BITTEN = "Bluntly, Putin has bitten off more than he can chew."
# The evidence row of Richard Moore's quote about Putin.
MOORE_EVIDENCE = (
    MOORE_QUOTE,
    "statement",
    HERALD,
    "569",
    "621",
    PUTIN_BITTEN,
    PUTIN_BITTEN,
    "quote-said",
    "0.95",
)


# The columns the rows above hold, per canned query (the queries give more: dates, titles, URLs,
# IRIs, report counts); `project` picks them.
COLUMNS = {
    "statements": ("speaker", "kind", "cue", "text", "document", "date"),
    "quotes-mentioning": ("mentioned", "speaker", "text", "document"),
    "commitments": ("committer", "kind", "status", "item", "recipient", "asserted_by", "document"),
    "money": ("committer", "currency", "total", "entries"),
    "posts": ("person", "role", "organization", "document"),
    "cooccurrence": ("actor1", "actor2", "documents"),
    "stances": ("holder", "kind", "cue", "text", "document"),
    "evidence": (
        "fact",
        "type",
        "document",
        "start",
        "end",
        "exact",
        "fact_text",
        "rule",
        "confidence",
    ),
}


def project(name: str, variables: list[str], rows: list[tuple]) -> list[tuple]:
    """The COLUMNS of `name` of each row, as text (None where unbound)."""
    at = [variables.index(c) for c in COLUMNS.get(name, variables)]
    return [tuple(None if row[i] is None else str(row[i]) for i in at) for row in rows]
