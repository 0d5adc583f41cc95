"""Scale mechanics: the extraction cache, incremental rebuilds, --jobs, and the engine seam."""

from __future__ import annotations

import shutil

import pytest

from kg.api import build
from kg.pipeline import serial_mapper
from tests.conftest import OUTPUTS, SEEDS


class CountingMapper:
    """An engine seam stand-in: counts the documents it is asked to extract."""

    def __init__(self):
        self.documents = 0

    def __call__(self, fn, tasks):
        for model, batch in tasks:
            self.documents += len(batch)
            yield fn(model, batch)


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    return folder


def test_rebuild_from_cache_parses_nothing(corpus, tmp_path):
    cache = tmp_path / "cache"
    first, second = CountingMapper(), CountingMapper()
    build([str(corpus)], tmp_path / "a", cache_dir=cache, mapper=first)
    build([str(corpus)], tmp_path / "b", cache_dir=cache, mapper=second)
    assert (first.documents, second.documents) == (3, 0)
    for name in OUTPUTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_adding_one_article_parses_only_that_article(corpus, tmp_path):
    cache = tmp_path / "cache"
    build([str(corpus)], tmp_path / "a", cache_dir=cache)
    (corpus / "new.txt").write_text(
        "Germany pledged more air defence systems to Ukraine, Chancellor Friedrich Merz said.\n",
        encoding="utf-8",
    )
    counting = CountingMapper()
    result = build([str(corpus)], tmp_path / "b", cache_dir=cache, mapper=counting)
    assert counting.documents == 1 and result.documents == 4


def test_changed_article_is_extracted_again(corpus, tmp_path):
    cache = tmp_path / "cache"
    build([str(corpus)], tmp_path / "a", cache_dir=cache)
    path = corpus / "essay-europe-guarantee-force.txt"
    path.write_text(
        path.read_text(encoding="utf-8") + "\nSpain pledged two frigates.\n", encoding="utf-8"
    )
    counting = CountingMapper()
    build([str(corpus)], tmp_path / "b", cache_dir=cache, mapper=counting)
    assert counting.documents == 1


def test_two_jobs_give_byte_identical_output(tmp_path):
    build([str(SEEDS)], tmp_path / "one", jobs=1)
    build([str(SEEDS)], tmp_path / "two", jobs=2)
    for name in OUTPUTS:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), (
            name
        )


def test_engine_seam_takes_any_ordered_map(tmp_path):
    """Any engine whose map keeps order (Dask bag, Ray) plugs in as `mapper`, e.g. builtin map."""
    build([str(SEEDS)], tmp_path / "a", mapper=lambda fn, tasks: map(lambda t: fn(*t), tasks))
    build([str(SEEDS)], tmp_path / "b", mapper=serial_mapper)
    assert (tmp_path / "a" / "graph.nt").read_bytes() == (tmp_path / "b" / "graph.nt").read_bytes()


def test_cache_version_follows_extraction_not_export():
    from kg.cache import EXTRACTION_SOURCES
    from kg.paths import PACKAGE_DIR

    covered = {
        p.relative_to(PACKAGE_DIR).as_posix()
        for pattern in EXTRACTION_SOURCES
        for p in PACKAGE_DIR.glob(pattern)
    }
    assert {
        "extract/statements/__init__.py",
        "extract/statements/clauses.py",
        "extract/mentions/resolver.py",
        "extract/mentions/pronouns.py",
        "extract/commitments/status.py",
        "data/reporting.toml",
        "gazetteer.py",
        "places.py",
        "ingest.py",
    } <= covered
    assert not any(
        path.startswith(("export/", "graph", "resolve", "query", "pipeline")) for path in covered
    )


def test_a_build_served_from_the_cache_imports_neither_spacy_nor_rdflib(corpus, tmp_path):
    # Each costs a rebuild 0.2 s (rdflib) to 1.2 s (spaCy) of imports it has no use for.
    import subprocess
    import sys

    cache = tmp_path / "cache"
    build([str(corpus)], tmp_path / "a", cache_dir=cache)
    script = (
        "import sys\nfrom kg.api import build\n"
        f"build([{str(corpus)!r}], {str(tmp_path / 'b')!r}, cache_dir={str(cache)!r})\n"
        "print('spacy' in sys.modules, 'rdflib' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False False"
    assert (tmp_path / "a" / "graph.nt").read_bytes() == (tmp_path / "b" / "graph.nt").read_bytes()


def test_a_rebuild_reads_but_does_not_ingest_cached_articles(corpus, tmp_path, monkeypatch):
    from kg import ingest

    cache = tmp_path / "cache"
    build([str(corpus)], tmp_path / "a", cache_dir=cache)
    made = []
    real = ingest.make_document
    monkeypatch.setattr(ingest, "make_document", lambda *a, **k: made.append(a[0]) or real(*a, **k))
    (corpus / "new.txt").write_text(
        "Poland pledged more tanks to Ukraine, its defence minister said.\n", encoding="utf-8"
    )
    build([str(corpus)], tmp_path / "b", cache_dir=cache)
    assert made == ["new.txt"]


def test_changed_front_matter_is_extracted_again(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    article = (
        "---\ntitle: {title}\ndate: 2025-01-0{day}\n---\nGermany pledged more air defence "
        "systems to Ukraine, Chancellor Friedrich Merz said.\n"
    )
    (folder / "a.md").write_text(article.format(title="First", day=1), encoding="utf-8")
    cache = tmp_path / "cache"
    build([str(folder)], tmp_path / "a", cache_dir=cache)
    for title, day in (("Second", 1), ("Second", 2)):
        (folder / "a.md").write_text(article.format(title=title, day=day), encoding="utf-8")
        counting = CountingMapper()
        build([str(folder)], tmp_path / "b", cache_dir=cache, mapper=counting)
        assert counting.documents == 1
