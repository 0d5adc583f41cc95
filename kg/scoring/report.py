"""`kg eval`'s output as text: the table of figures and the list of errors per document."""

from __future__ import annotations

import json
from typing import Any

from kg.scoring.kg_gold import CATEGORIES


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def format_table(result: dict) -> str:
    f = result["figures"]
    lines = [
        f"kg eval: {result['documents']} gold document(s), {result['out']}",
        (
            f"{'category':<12} {'P':>6} {'R':>6} {'F1':>6} "
            f"{'gold':>5} {'found':>5} {'sys':>5} {'right':>5}  extra"
        ),
    ]
    actors = f["actors"]
    extras = {
        "actors": f"types {_fmt(actors['type_accuracy'])}, "
        f"not_actors {actors['not_actor_hits']}, "
        f"duplicate nodes {actors['duplicate_nodes']}",
        "statements": f"quote recall (any speaker) {_fmt(f['statements']['quote_recall'])}",
        "commitments": f"status {_fmt(f['commitments']['status_accuracy'])}, "
        f"recipient {_fmt(f['commitments']['recipient_accuracy'])}",
        "roles": "",
    }
    for c in CATEGORIES:
        x = f[c]
        lines.append(
            f"{c:<12} {_fmt(x['precision']):>6} {_fmt(x['recall']):>6} {_fmt(x['f1']):>6} "
            f"{x['gold']:>5} {x['found']:>5} {x['system']:>5} {x['correct']:>5}  "
            f"{extras[c]}".rstrip()
        )
    m = f["metadata"]
    per_field = ", ".join(f"{k} {_fmt(v)}" for k, v in m["fields"].items())
    lines.append(
        f"{'metadata':<12} accuracy {_fmt(m['accuracy'])} ({m['correct']}/{m['total']}): "
        f"{per_field}"
    )
    if f["actors"]["not_actors"]:
        lines.append("not_actors hits: " + "; ".join(f["actors"]["not_actors"]))
    if result["missing_documents"]:
        lines.append("gold documents not in the graph: " + ", ".join(result["missing_documents"]))
    return "\n".join(lines)


def _show(item: Any) -> str:
    """One error item on one line: `speaker=Timothy Ash; text="..."; coverage=0.4`."""
    if isinstance(item, dict):
        return "; ".join(f"{k}={_show(v)}" for k, v in item.items())
    if isinstance(item, (list, tuple)):
        return "|".join(_show(v) for v in item) if item else "-"
    if item is None:
        return "-"
    if isinstance(item, str) and " " in item:
        return json.dumps(item, ensure_ascii=False)
    return str(item)


def format_errors(result: dict) -> str:
    lines: list[str] = []
    for file, doc in result["per_document"].items():
        lines.append(f"\n== {file}" + ("" if doc["in_graph"] else "  (not in the graph)"))
        for category, kinds in doc["errors"].items():
            if category == "metadata":
                for e in kinds:
                    lines.append(
                        f"  metadata {e['field']}: gold {e['gold']!r}, system {e['system']!r}"
                    )
                continue
            for kind, items in kinds.items():
                for item in items:
                    shown = item if isinstance(item, str) else _show(item)
                    lines.append(f"  {category} {kind}: {shown}")
    return "\n".join(lines)
