"""The explorer: `graph.html`, one offline page to browse a build at corpus scale.

- `explorer_data`: the graph as compact tables (actors, documents, statements, commitments, posts);
- `page`: the self-contained page (kg/data/html_template.html, html_view.js, html_view.css and
  vis-network inlined);
- `notebook`: the page inline in Jupyter (`kg.show`).
"""

from kg.export.html.explorer_data import SINGLE_FILE_FACTS, explorer_payload
from kg.export.html.notebook import HtmlView, show
from kg.export.html.page import (
    VIEWS,
    chosen_view,
    render_html,
    script_json,
    served_page,
    write_html,
)

__all__ = [
    "SINGLE_FILE_FACTS",
    "VIEWS",
    "HtmlView",
    "chosen_view",
    "explorer_payload",
    "render_html",
    "script_json",
    "served_page",
    "show",
    "write_html",
]
