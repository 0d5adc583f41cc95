"""A fast regression guard on a few PolNeAR dev articles (the full benchmark is
bench/polnear.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.scoring.polnear import load_articles, score

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "polnear-dev"

pytestmark = pytest.mark.skipif(
    not (DATA / "text").is_dir(), reason="PolNeAR dev split not present"
)


def test_slice_figures_hold(extract, gazetteer):
    from kg.resolve import resolve

    articles = load_articles(DATA, limit=6)
    records = [extract(a.text, a.name + ".txt") for a in articles]
    corpus = resolve(records, gazetteer=gazetteer)
    figures = score(articles, records, corpus).figures()
    assert figures["precision"] >= 0.9
    assert figures["recall_quoted_covered"] >= 0.5
    assert figures["recall_all_covered"] >= 0.4
