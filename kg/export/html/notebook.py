"""The explorer inline in Jupyter, VS Code and Colab."""

from __future__ import annotations

import html
from pathlib import Path

import networkx as nx

from kg.filenames import GRAPH_HTML


class HtmlView:
    """The page shown inline in a notebook: an iframe whose `srcdoc` holds the whole page,
    HTML-escaped (no file server, no IFrame to a path the notebook front end cannot reach)."""

    def __init__(self, page: str, *, height: int = 640):
        self.page = page
        self.height = height

    @classmethod
    def from_file(cls, path: str | Path, *, height: int = 640) -> HtmlView:
        return cls(Path(path).read_text(encoding="utf-8"), height=height)

    @classmethod
    def from_graph(
        cls, graph: nx.MultiDiGraph, *, view: str = "auto", height: int = 640
    ) -> HtmlView:
        from kg.export.html.page import render_html

        return cls(render_html(graph, view=view), height=height)

    def _repr_html_(self) -> str:
        return (
            f'<iframe srcdoc="{html.escape(self.page, quote=True)}" '
            f'style="width:100%;height:{int(self.height)}px;border:1px solid #ddd" '
            'sandbox="allow-scripts" title="kg explorer"></iframe>'
        )


def show(out_dir: str | Path, *, name: str = GRAPH_HTML, height: int = 640) -> HtmlView:
    """The view of a build directory, inline in a notebook: `kg.show("output")`."""
    page = Path(out_dir) / name
    if not page.exists():
        raise FileNotFoundError(
            f"no {name} in {out_dir}: run `kg build INPUT... --out {out_dir}` first"
        )
    return HtmlView.from_file(page, height=height)
