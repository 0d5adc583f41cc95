"""Statements: who said what, read from quotations and reporting clauses.

Two passes over one parsed document, each a table of rules (below) whose words are data
(kg/data/reporting.toml, kg/data/statements.toml) and whose confidences are data
(kg/data/statements.toml):

- quotations (kg/extract/quotes.py finds them; quote_rules.py attributes them; quoted.py reads
  them): each chain of quotes gets its attribution from the first place whose rules find one,
  looking after the closing mark, before the opening mark, in an introducing paragraph, or
  carrying on the quote before. Within a place the first rule that finds its cue decides;
- reported clauses (clauses.py): a reporting verb with a subject and a reported clause, a
  reporting noun with its owner, `according to X`;

then merge.py keeps what each adds. The same Context also reads stances (stances.py,
kg/data/stances.toml): what an actor wants, intends, supports, opposes or judges, which nobody is
reported saying, so they are `StanceRecord`s of their own, never statements
(`extract_statements_and_stances`). Speakers are resolved by the mention resolver
(kg/extract/mentions/): a name, a pronoun's antecedent, a title's holder, or a new mention over
a description ("officials", "the newspaper").

Each statement's `rule` is the id of the rule that read it: part of its provenance in the graph.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc

from kg.extract.reporting import Reporting
from kg.extract.stamps import without_stamp
from kg.extract.statements import clauses, objects, quote_rules, stances
from kg.extract.statements.context import Context, Rule, StatementWords, load_statement_words
from kg.extract.statements.merge import merge
from kg.extract.statements.quoted import Places, quote_statements
from kg.records import ActorMention, PostRecord, StanceRecord, StatementRecord

__all__ = [
    "CLAUSE_RULES",
    "QUOTE_RULES",
    "Context",
    "extract_statements",
    "extract_statements_and_stances",
    "rule_table",
]

# Where a quotation's attribution is looked for, and the rules that look there, in order.
QUOTE_RULES = {
    "after": (
        ("quote.byline", quote_rules.byline),
        ("quote.according_after", quote_rules.according_after),
        ("quote.after", quote_rules.verb_after),
        ("quote.after_any_verb", quote_rules.any_verb_after),
    ),
    "before": (
        ("quote.according_before", quote_rules.according_before),
        ("quote.before", quote_rules.verb_before),
        ("quote.colon", quote_rules.colon_before),
    ),
    "introduced": (
        ("quote.introduced", quote_rules.verb_introducing),
        ("quote.colon", quote_rules.colon_introducing),
    ),
    "continued": (("quote.continuation", quote_rules.continuation),),
}
# The rules that read reported clauses: each reads all of its kind in the document.
CLAUSE_RULES = (
    ("clause.verb", clauses.verb_clauses),
    ("clause.thought", clauses.thought_clauses),
    ("clause.noun", clauses.noun_clauses),
    ("clause.according", clauses.according_clauses),
    ("clause.object", objects.object_statements),
    ("clause.noun_object", objects.noun_object_statements),
)


def rule_table(words: StatementWords | None = None) -> tuple[Places, tuple[Rule, ...]]:
    """(quote rules by place, clause rules), each rule with its confidence."""
    confidence = (words or load_statement_words()).confidence

    def bound(rules: tuple[tuple[str, Callable], ...]) -> tuple[Rule, ...]:
        return tuple(Rule(rule_id, apply, confidence[rule_id]) for rule_id, apply in rules)

    return {place: bound(rules) for place, rules in QUOTE_RULES.items()}, bound(CLAUSE_RULES)


def extract_statements(
    doc: Doc,
    mentions: list[ActorMention],
    posts: list[PostRecord],
    *,
    reporting: Reporting | None = None,
    words: StatementWords | None = None,
) -> list[StatementRecord]:
    """Who said what in one parsed document."""
    return _speech(Context(doc, mentions, posts, reporting=reporting, words=words))


def extract_statements_and_stances(
    doc: Doc,
    mentions: list[ActorMention],
    posts: list[PostRecord],
    *,
    reporting: Reporting | None = None,
    words: StatementWords | None = None,
) -> tuple[list[StatementRecord], list[StanceRecord]]:
    """(statements, stances) of one parsed document. The stances are read after the statements,
    on the same Context (a holder resolves as a speaker does), and where a statement reads the same
    words the statement wins."""
    ctx = Context(doc, mentions, posts, reporting=reporting, words=words)
    statements = _speech(ctx)
    return statements, stances.without_speech(stances.stances(ctx), statements)


def _speech(ctx: Context) -> list[StatementRecord]:
    places, clause_rules = rule_table(ctx.words)
    quoted = quote_statements(ctx, places)
    clause_records = [record for rule in clause_rules for record in rule.apply(ctx, rule)]
    return [without_stamp(s) for s in merge(quoted, clause_records)]
