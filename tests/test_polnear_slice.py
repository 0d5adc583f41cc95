"""A fast regression guard on a few PolNeAR dev articles (the full benchmark is bench/polnear.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "polnear-dev"

pytestmark = pytest.mark.skipif(not (DATA / "text").is_dir(), reason="PolNeAR dev split not present")


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_polnear", ROOT / "bench" / "polnear.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


def test_slice_figures_hold(bench, extract, gazetteer):
    from kg.resolve import resolve

    articles = bench.load_articles(DATA, limit=6)
    records = [extract(a.text, a.name + ".txt") for a in articles]
    corpus = resolve(records, gazetteer=gazetteer)
    figures = bench.score(articles, records, corpus).figures()
    assert figures["precision"] >= 0.9
    assert figures["recall_quoted_covered"] >= 0.5
    assert figures["recall_all_covered"] >= 0.4
