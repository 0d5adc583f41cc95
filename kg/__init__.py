"""kg: who said what, and who pledged what to whom: a knowledge graph of news articles.

    import kg
    g = kg.load("output")      # the folder `kg build` wrote
    g.graph                    # networkx MultiDiGraph
    g.rdf                      # rdflib Graph
    g.statements()             # rows; g.to_pandas() gives one DataFrame per table
    kg.show("output")          # the interactive view, inline in a notebook

Nothing heavy is imported here, so `import kg` and the `kg` command start fast.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["load", "show", "__version__"]


def load(out_dir: str | Path):
    """The build in `out_dir` as a `kg.api.KnowledgeGraph`."""
    from kg.api import load as _load

    return _load(out_dir)


def show(out_dir: str | Path):
    """The interactive view of the build in `out_dir`, inline in Jupyter."""
    from kg.api import show as _show

    return _show(out_dir)


def __getattr__(name: str):
    # The installed version, read from the package metadata only when asked for.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        from kg.paths import DISTRIBUTION

        try:
            return version(DISTRIBUTION)
        except PackageNotFoundError:
            return "0+unknown"
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
