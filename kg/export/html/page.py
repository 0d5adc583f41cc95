"""The explorer page: one self-contained, offline HTML file holding the data and the code.

Why it is built the way it is:
- Offline: vis-network (the copy pyvis ships) and our own script and style are inlined; nothing is
  linked from a CDN, no font is fetched.
- Safe: article text travels only as JSON data in a non-executed <script type="application/json">
  (every `<`, `>`, `&` escaped, so no `</script>`), and the page turns it into DOM text nodes
  (textContent); nothing from an article reaches innerHTML.
- Deterministic: the payload is sorted (kg.export.html.explorer_data) and dumped with sorted keys;
  no clock or random value, so the same graph gives byte-identical pages.
- Fast at corpus scale: the browser draws a network of a few dozen actors (the most active, or one
  actor's neighbourhood), never the thousands of nodes of the whole graph.
"""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx

from kg.export.html.explorer_data import SINGLE_FILE_FACTS, explorer_payload
from kg.paths import DATA_DIR

# `kg build --view` values, kept so that scripts passing them still work: every view is now the
# explorer (the network pane shows actors; facts are listed beside it).
VIEWS = ("auto", "full", "actors", "explorer")
ASSETS = {"css": "html_view.css", "js": "html_view.js", "template": "html_template.html"}


def chosen_view(graph: nx.MultiDiGraph, view: str) -> str:
    """The view written for `view` (report.json's `html_view`): always the explorer."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}: choose one of {', '.join(VIEWS)}")
    return "explorer"


def script_json(data: object) -> str:
    """JSON that is safe inside a <script> element: no `<`, `>` or `&` survives, so article text can
    neither close the element (`</script>`) nor open a comment; JSON.parse restores them."""
    text = json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def _asset(path: Path, *, element: str) -> str:
    text = path.read_text(encoding="utf-8")
    # Inlined code must not end its own element early.
    if f"</{element}" in text.lower() or "<!--" in text:
        raise ValueError(f"{path.name} cannot be inlined in <{element}>")
    return text


def _vis_asset(name: str, *, element: str) -> str:
    import pyvis

    return _asset(
        Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2" / name,
        element=element,
    )


def render_html(
    graph: nx.MultiDiGraph,
    *,
    view: str = "auto",
    max_facts: int | None = SINGLE_FILE_FACTS,
    served: bool = False,
) -> str:
    """The page as a string (see write_html). `served`: the page is served by `kg serve`, which
    says so instead of pointing to it when facts were left out."""
    chosen_view(graph, view)  # refuses an unknown view
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup

    counts = {
        kind: sum(1 for _, k in graph.nodes(data="kind") if k == kind)
        for kind in ("document", "actor", "statement", "commitment")
    }
    title = (
        f"kg explorer — {counts['document']:,} articles, {counts['actor']:,} actors, "
        f"{counts['statement']:,} statements, {counts['commitment']:,} commitments"
    )
    data = explorer_payload(graph, max_facts=max_facts, title=title)
    data["served"] = served
    env = Environment(
        loader=FileSystemLoader(str(DATA_DIR)),
        autoescape=select_autoescape(default=True),
        keep_trailing_newline=True,
    )
    return env.get_template(ASSETS["template"]).render(
        title=title,
        vis_js=Markup(_vis_asset("vis-network.min.js", element="script")),
        view_css=Markup(_asset(DATA_DIR / ASSETS["css"], element="style")),
        view_js=Markup(_asset(DATA_DIR / ASSETS["js"], element="script")),
        data_json=Markup(script_json(data)),
    )


def write_html(graph: nx.MultiDiGraph, path: str | Path, *, view: str = "auto") -> None:
    """Write the offline, self-contained explorer of `graph` to `path` as UTF-8. The same graph
    always gives the same bytes."""
    page = render_html(graph, view=view)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(page.encode("utf-8"))  # bytes: no platform newline translation


def served_page(out_dir: str | Path) -> str | None:
    """The explorer `kg serve` answers: every fact of the build in `out_dir`, however many; None
    when the folder has no graph.json."""
    from kg.export.nodelink import read_node_link
    from kg.filenames import GRAPH_JSON

    path = Path(out_dir) / GRAPH_JSON
    if not path.is_file():
        return None
    return render_html(read_node_link(path), max_facts=None, served=True)
