"""Shared fixtures: the real spaCy pipeline, loaded once per session, and one build of the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.filenames import BYTE_STABLE_FILES

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
GOLD = SHARED / "gold" / "seeds.json"

# The files of a build compared byte for byte.
OUTPUTS = BYTE_STABLE_FILES


@pytest.fixture(scope="session")
def nlp():
    from kg.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def gazetteer():
    from kg import gazetteer

    return gazetteer.load()


@pytest.fixture(scope="session")
def extract(nlp, gazetteer):
    """extract(text) -> DocRecords: the real pipeline on one short text, as `kg build` runs it."""
    from kg.extract import extract_document
    from kg.ingest import make_document
    from kg.nlp import parse

    def run(text: str, doc_id: str = "test.txt"):
        document = make_document(doc_id, text)
        ((document, doc),) = parse(nlp, [document])
        return extract_document(document, doc, gazetteer=gazetteer)

    return run


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory):
    """One build of seeds/ for every integration test that reads the output."""
    from kg.api import build

    out = tmp_path_factory.mktemp("seeds") / "output"
    build([str(SEEDS)], out)
    return out


@pytest.fixture(scope="session")
def synthetic_build(tmp_path_factory) -> Path:
    """A small hand-made graph with every kind of node, written as a build (tests/test_api.py)."""
    from tests.test_api import synthetic_graph, write_build

    return write_build(synthetic_graph(), tmp_path_factory.mktemp("synthetic") / "output")


@pytest.fixture(params=["seeds_build", "synthetic_build"])
def any_build(request) -> Path:
    return request.getfixturevalue(request.param)
