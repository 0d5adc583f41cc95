"""`kg eval GOLD --out DIR` (kg.cli.eval): a build's RDF graph scored against hand annotations
(kg.scoring.gold, format `kg-gold/1`).

The rules are those of `shared/gold/README.md`; the build is read only from `DIR/graph.ttl` (or
`graph.nt`), through the RDF contract (kg.scoring.system), so what users get is scored, not an
internal structure.

Names are compared after folding (case-fold, curly quotes to straight, leading "the" dropped,
white space collapsed). A system actor is identified by its `schema:name`: it maps to a gold
canonical name when that folded name equals the canonical name or one of its aliases in the gold
`actors` registry; otherwise it stays its own folded name. `schema:alternateName` is not used, so
a system node named "Kyiv Independent" that lists "Kyiv" as an alias is not Ukraine.

Decisions the README leaves open, taken here:

- Actors: the system side is the set of canonical names of the document's `schema:mentions`, so
  two nodes that map to one gold actor count once there and are reported as duplicates. A
  `not_actors` hit is also a false positive. Type accuracy is over matched required actors; an
  actor whose duplicate nodes disagree on the type counts as wrong.
- Statements: a gold statement is found when ONE system statement with an acceptable speaker
  covers >= 60% of its word tokens (matched tokens from difflib's matching blocks / gold length).
  A system statement is correct when >= 60% of its tokens are covered by the union of matching
  blocks against every gold statement (optional ones included) that accepts its speaker. Tokens are
  `\\w+` runs of the case- and quote-folded text (no "the" dropping inside texts).
- Commitments: status (recipient) is right for a found gold commitment when ANY system commitment
  that matches it has an acceptable status (the gold recipient). A gold `recipient: null` is right
  only when that system commitment names no recipient.
- Roles: a system post counts for precision when its person is an actor the gold lists for the
  document (required, optional, or holding a gold role); it is correct when it matches a gold role
  of the document. Posts of persons the gold does not list for the document are ignored: they are
  already charged as actor false positives. A post without an `org:role` label has the title "".
- Metadata: each of title/published/publisher/author is right when a system value equals the gold
  after folding; gold `null` is right only when the system has no value. A published value is
  compared by its date part (`YYYY-MM-DD`).
- A gold document the graph does not contain is scored against an empty system output.
- Optional gold items never count against recall; system items matching optional gold items count
  as correct for statements, commitments and roles (as the README says), and optional actors are
  left out of actor precision.
- Ratios with a zero denominator are `None` (printed "-"); F1 is 0 when P or R is 0.

Figures are micro-averaged: counts are summed over documents before dividing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.names import fold_name, fold_text
from kg.scoring.gold import META_FIELDS, Registry, is_optional, load_gold
from kg.scoring.measures import Counts, matched_positions, ratio, tokens
from kg.scoring.system import (
    SystemActor,
    SystemCommitment,
    SystemDocument,
    SystemPost,
    find_document,
    read_system,
)

THRESHOLD = 0.6
CATEGORIES = ("actors", "statements", "commitments", "roles")

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _actor_type(types: Iterable[str]) -> str:
    types = set(types)
    # kg:Group is a subclass of schema:Organization; a reasoned graph may carry both.
    for t in ("Group", "Country", "Person", "Organization"):
        if t in types:
            return t
    return ""


def score_actors(gold_doc: dict, system: SystemDocument, reg: Registry) -> dict:
    required = {reg.key(n) for n in gold_doc.get("actors") or ()}
    optional = {reg.key(n) for n in gold_doc.get("optional_actors") or ()} - required
    not_actors = {fold_name(n) for n in gold_doc.get("not_actors") or ()}

    nodes_of: dict[str, list[SystemActor]] = {}
    for actor in system.actors:
        name = actor.names[0] if actor.names else actor.iri
        keys = [reg.key(n) for n in actor.names] or [fold_name(name)]
        key = next((k for k in keys if k in reg.type_of), keys[0])
        nodes_of.setdefault(key, []).append(actor)

    counts = Counts(gold=len(required))
    errors: dict[str, list] = {
        "missed": [],
        "wrong": [],
        "not_actors": [],
        "wrong_type": [],
        "duplicates": [],
    }
    typed = typed_right = 0
    for key, nodes in sorted(nodes_of.items()):
        shown = [n.names[0] if n.names else n.iri for n in nodes]
        if len(nodes) > 1:
            errors["duplicates"].append({"actor": key, "nodes": sorted(n.iri for n in nodes)})
        if any(fold_name(s) in not_actors for n in nodes for s in n.names):
            errors["not_actors"].append(shown[0])
        if key in optional:
            continue
        counts.system += 1
        if key in required:
            counts.correct += 1
            counts.found += 1
            typed += 1
            system_types = {_actor_type(n.types) for n in nodes}
            if system_types == {reg.type_of.get(key, "")}:
                typed_right += 1
            else:
                errors["wrong_type"].append(
                    {"actor": key, "gold": reg.type_of.get(key), "system": sorted(system_types)}
                )
        else:
            errors["wrong"].append(shown[0])
    errors["missed"] = sorted(required - set(nodes_of))
    return {"counts": counts, "typed": typed, "typed_right": typed_right, "errors": errors}


def score_statements(gold_doc: dict, system: SystemDocument, reg: Registry) -> dict:
    golds = [
        (reg.keys(g.get("speaker") or ()), tokens(g.get("text") or ""), g)
        for g in gold_doc.get("statements") or ()
    ]
    systems = [(reg.keys(s.speakers), tokens(s.text), s) for s in system.statements]
    counts = Counts()
    quote_found = 0
    errors: dict[str, list] = {"missed": [], "wrong": [], "wrong_speaker": []}

    for speakers, gold_tokens, g in golds:
        if is_optional(g):
            continue
        counts.gold += 1
        best_any = best_speaker = 0.0
        for sys_speakers, sys_tokens, _ in systems:
            if not gold_tokens:
                continue
            coverage = len(matched_positions(gold_tokens, sys_tokens)[0]) / len(gold_tokens)
            best_any = max(best_any, coverage)
            if speakers & sys_speakers:
                best_speaker = max(best_speaker, coverage)
        quote_found += best_any >= THRESHOLD
        if best_speaker >= THRESHOLD:
            counts.found += 1
        else:
            item = {
                "speaker": g.get("speaker"),
                "text": g.get("text"),
                "coverage": round(best_speaker, 2),
            }
            errors["wrong_speaker" if best_any >= THRESHOLD else "missed"].append(item)

    for sys_speakers, sys_tokens, s in systems:
        counts.system += 1
        covered: set[int] = set()
        for speakers, gold_tokens, _ in golds:
            if speakers & sys_speakers:
                covered |= matched_positions(gold_tokens, sys_tokens)[1]
        coverage = len(covered) / len(sys_tokens) if sys_tokens else 0.0
        if coverage >= THRESHOLD:
            counts.correct += 1
        else:
            errors["wrong"].append(
                {"speaker": list(s.speakers), "text": s.text, "coverage": round(coverage, 2)}
            )
    return {"counts": counts, "quote_found": quote_found, "errors": errors}


def _commitment_matches(gold: dict, sys_cm: SystemCommitment, reg: Registry) -> bool:
    committers = reg.keys(gold.get("actor") or ())
    kinds = set(gold.get("kind") or ())
    return bool(committers & reg.keys(sys_cm.committers)) and bool(kinds & set(sys_cm.kinds))


def _recipient_right(gold: dict, sys_cm: SystemCommitment, reg: Registry) -> bool:
    recipient = gold.get("recipient")
    if recipient is None:
        return not sys_cm.recipients
    return reg.key(recipient) in reg.keys(sys_cm.recipients)


def _describe_commitment(cm: SystemCommitment) -> dict:
    return {
        "committers": list(cm.committers),
        "kind": list(cm.kinds),
        "status": list(cm.statuses),
        "recipient": list(cm.recipients),
        "item": cm.item,
    }


def score_commitments(gold_doc: dict, system: SystemDocument, reg: Registry) -> dict:
    golds = list(gold_doc.get("commitments") or ())
    counts = Counts()
    status_right = recipient_right = 0
    errors: dict[str, list] = {"missed": [], "wrong": [], "wrong_status": [], "wrong_recipient": []}
    for g in golds:
        if is_optional(g):
            continue
        counts.gold += 1
        matches = [c for c in system.commitments if _commitment_matches(g, c, reg)]
        if not matches:
            errors["missed"].append(
                {k: g.get(k) for k in ("actor", "kind", "status", "recipient", "item")}
            )
            continue
        counts.found += 1
        if any(set(g.get("status") or ()) & set(c.statuses) for c in matches):
            status_right += 1
        else:
            errors["wrong_status"].append(
                {
                    "gold": {k: g.get(k) for k in ("actor", "kind", "status", "item")},
                    "system": sorted({s for c in matches for s in c.statuses}),
                }
            )
        if any(_recipient_right(g, c, reg) for c in matches):
            recipient_right += 1
        else:
            errors["wrong_recipient"].append(
                {
                    "gold": {k: g.get(k) for k in ("actor", "kind", "recipient", "item")},
                    "system": sorted({r for c in matches for r in c.recipients}),
                }
            )
    for c in system.commitments:
        counts.system += 1
        if any(_commitment_matches(g, c, reg) for g in golds):
            counts.correct += 1
        else:
            errors["wrong"].append(_describe_commitment(c))
    return {
        "counts": counts,
        "status_right": status_right,
        "recipient_right": recipient_right,
        "errors": errors,
    }


def _post_matches(role: dict, post: SystemPost, reg: Registry) -> bool:
    if reg.key(role.get("person") or "") not in reg.keys(post.persons):
        return False
    orgs = role.get("org")
    if orgs is not None and not (reg.keys(orgs) & reg.keys(post.organizations)):
        return False
    keywords = [fold_text(k) for k in role.get("title_keywords") or ()]
    titles = [fold_text(t) for t in post.titles]
    return any(k in t for k in keywords for t in titles)


def score_roles(gold_doc: dict, system: SystemDocument, reg: Registry) -> dict:
    roles = list(gold_doc.get("roles") or ())
    listed = reg.keys(
        list(gold_doc.get("actors") or ()) + list(gold_doc.get("optional_actors") or ())
    )
    listed |= {reg.key(r.get("person") or "") for r in roles}
    counts = Counts()
    errors: dict[str, list] = {"missed": [], "wrong": []}
    for role in roles:
        if is_optional(role):
            continue
        counts.gold += 1
        if any(_post_matches(role, p, reg) for p in system.posts):
            counts.found += 1
        else:
            errors["missed"].append({k: role.get(k) for k in ("person", "title_keywords", "org")})
    for post in system.posts:
        if not (reg.keys(post.persons) & listed):
            continue
        counts.system += 1
        if any(_post_matches(r, post, reg) for r in roles):
            counts.correct += 1
        else:
            errors["wrong"].append(
                {
                    "person": list(post.persons),
                    "title": list(post.titles),
                    "org": list(post.organizations),
                }
            )
    return {"counts": counts, "errors": errors}


def _fold_meta(field_name: str, value: str) -> str:
    if field_name == "published" and (m := _DATE.match(value.strip())):
        return m.group(0)
    return fold_name(value)


def score_metadata(gold_doc: dict, system: SystemDocument) -> dict:
    meta = gold_doc.get("meta") or {}
    right: dict[str, bool] = {}
    errors = []
    for name in META_FIELDS:
        gold_value = meta.get(name)
        values = system.meta.get(name) or []
        if gold_value is None:
            ok = not values
        else:
            ok = _fold_meta(name, gold_value) in {_fold_meta(name, v) for v in values}
        right[name] = ok
        if not ok:
            errors.append({"field": name, "gold": gold_value, "system": values})
    return {"right": right, "errors": errors}


# --- the whole evaluation ------------------------------------------------------------------


def evaluate(gold_path: str | Path, out_dir: str | Path) -> dict:
    """Score DIR/graph.ttl against the gold file; every figure, totals and per document."""
    gold = load_gold(gold_path)
    reg = Registry.from_gold(gold.get("actors") or {})
    system_docs = read_system(out_dir)

    totals = {c: Counts() for c in CATEGORIES}
    typed = typed_right = quote_found = status_right = recipient_right = 0
    not_actor_hits: list[str] = []
    duplicates: list[dict] = []
    meta_right = {f: 0 for f in META_FIELDS}
    missing: list[str] = []
    per_document: dict[str, dict] = {}

    for gold_doc in gold.get("documents") or ():
        file = gold_doc["file"]
        system = find_document(system_docs, file)
        if system is None:
            missing.append(file)
            system = SystemDocument(file)
        actors = score_actors(gold_doc, system, reg)
        statements = score_statements(gold_doc, system, reg)
        commitments = score_commitments(gold_doc, system, reg)
        roles = score_roles(gold_doc, system, reg)
        metadata = score_metadata(gold_doc, system)
        scored = {
            "actors": actors,
            "statements": statements,
            "commitments": commitments,
            "roles": roles,
        }
        for c in CATEGORIES:
            totals[c].add(scored[c]["counts"])
        typed += actors["typed"]
        typed_right += actors["typed_right"]
        not_actor_hits += [f"{file}: {n}" for n in actors["errors"]["not_actors"]]
        duplicates += [{"document": file, **d} for d in actors["errors"]["duplicates"]]
        quote_found += statements["quote_found"]
        status_right += commitments["status_right"]
        recipient_right += commitments["recipient_right"]
        for f, ok in metadata["right"].items():
            meta_right[f] += ok
        per_document[file] = {
            **{c: scored[c]["counts"].figures() for c in CATEGORIES},
            "metadata": metadata["right"],
            "errors": {
                **{c: scored[c]["errors"] for c in CATEGORIES},
                "metadata": metadata["errors"],
            },
            "in_graph": file not in missing,
        }

    n_docs = len(per_document)
    figures: dict[str, Any] = {c: totals[c].figures() for c in CATEGORIES}
    figures["actors"].update(
        type_accuracy=ratio(typed_right, typed),
        typed=typed,
        typed_right=typed_right,
        not_actor_hits=len(not_actor_hits),
        not_actors=not_actor_hits,
        duplicate_nodes=len(duplicates),
        duplicates=duplicates,
    )
    figures["statements"].update(
        quote_recall=ratio(quote_found, totals["statements"].gold),
        quote_found=quote_found,
    )
    figures["commitments"].update(
        status_accuracy=ratio(status_right, totals["commitments"].found),
        status_right=status_right,
        recipient_accuracy=ratio(recipient_right, totals["commitments"].found),
        recipient_right=recipient_right,
    )
    total_fields = n_docs * len(META_FIELDS)
    figures["metadata"] = {
        "accuracy": ratio(sum(meta_right.values()), total_fields),
        "correct": sum(meta_right.values()),
        "total": total_fields,
        "fields": {f: ratio(meta_right[f], n_docs) for f in META_FIELDS},
    }
    return {
        "gold": str(gold_path),
        "out": str(out_dir),
        "documents": n_docs,
        "missing_documents": missing,
        "figures": figures,
        "per_document": per_document,
    }
