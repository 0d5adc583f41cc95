"""Hostile input to the cache and the parse: a cache file is data, never code, and an unreadable one
is a miss; no document (long, over spaCy's limit, a wall of brackets) can abort or stall a build.
Times are measured in bench/hostile_parse.py, not here."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from tests.conftest import SEEDS
from tests.hostile_kit import GOOD, build_args, run_kg

# --- the cache --------------------------------------------------------------------------------


class _Planted:
    """Unpickling this touches a file: what a planted pickle would do with a shell command."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    (folder / "b.txt").write_text('"We will stand with Ukraine," Rutte said.\n', encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def warm_cache(small_corpus, tmp_path_factory) -> tuple[Path, bytes]:
    """A cache of the small corpus, and the graph.nt built with it."""
    from kg.api import build

    base = tmp_path_factory.mktemp("warm")
    build([str(small_corpus)], base / "out", cache_dir=base / "cache")
    return base / "cache", (base / "out" / "graph.nt").read_bytes()


def _cache_files(cache: Path) -> list[Path]:
    return sorted(p for p in cache.rglob("*") if p.is_file())


def test_a_pickle_planted_in_the_cache_is_never_loaded(small_corpus, tmp_path):
    from kg.api import build

    cache = tmp_path / "cache"
    first = build([str(small_corpus)], tmp_path / "a", cache_dir=cache)
    marker = tmp_path / "pwned"
    files = _cache_files(cache)
    assert files and all(p.suffix == ".json" for p in files)
    for (
        path
    ) in files:  # the attacker's pickle where the records were, and where the old format kept them
        payload = pickle.dumps(_Planted(marker))
        path.write_bytes(payload)
        path.with_suffix(".pickle").write_bytes(payload)
    again = build([str(small_corpus)], tmp_path / "b", cache_dir=cache)
    assert not marker.exists()
    assert again.warnings == [] and again.counts == first.counts
    assert (tmp_path / "a" / "graph.nt").read_bytes() == (tmp_path / "b" / "graph.nt").read_bytes()
    # The planted files were misses: the records were extracted again and written back as JSON.
    assert all(json.loads(p.read_bytes())[0] for p in files)


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _replace_with(data: bytes):
    def plant(path: Path) -> None:
        path.write_bytes(data)

    return plant


def _folder_instead(path: Path) -> None:
    path.unlink()
    (path / "inside").mkdir(parents=True)


def _other_schema(path: Path) -> None:
    schema, body = json.loads(path.read_bytes())
    path.write_text(json.dumps(["0000000000000000", body]), encoding="utf-8")


def _field_of_wrong_type(path: Path) -> None:
    schema, body = json.loads(path.read_bytes())
    body[1] = "not a list of mentions"
    path.write_text(json.dumps([schema, body]), encoding="utf-8")


def _record_with_missing_field(path: Path) -> None:
    schema, body = json.loads(path.read_bytes())
    body[0] = body[0][:-1]
    path.write_text(json.dumps([schema, body]), encoding="utf-8")


@pytest.mark.parametrize(
    "spoil",
    [
        _truncate,
        _replace_with(b""),
        _replace_with(b"\x80\x04\x95 not json at all \xff"),
        _replace_with(b"42"),
        _replace_with(b'{"schema": 1, "records": 2}'),
        _replace_with(b"[" * 100_000),
        _folder_instead,
        _other_schema,
        _field_of_wrong_type,
        _record_with_missing_field,
    ],
    ids=lambda f: f.__name__,
)
def test_an_unreadable_cache_file_is_a_miss(spoil, small_corpus, warm_cache, tmp_path):
    import shutil

    from kg.api import build

    clean, expected = warm_cache
    cache = tmp_path / "cache"
    shutil.copytree(clean, cache)
    for path in _cache_files(cache):
        spoil(path)
    result = build([str(small_corpus)], tmp_path / "b", cache_dir=cache)
    assert result.documents == 2 and result.warnings == []
    assert (tmp_path / "b" / "graph.nt").read_bytes() == expected


def test_a_cache_that_cannot_be_written_costs_nothing_but_the_cache(small_corpus, tmp_path):
    from kg.api import build

    cache = tmp_path / "cache"
    cache.write_text("a file where the cache folder should be", encoding="utf-8")
    result = build([str(small_corpus)], tmp_path / "out", cache_dir=cache)
    assert result.documents == 2 and result.warnings == []


def test_seed_records_round_trip_through_the_cache_exactly():
    from kg.paths import DEFAULT_MODEL
    from kg.pipeline import extract_batch, read_documents
    from kg.record_codec import decode, encode

    documents = [
        raw.document() for raw in read_documents([str(SEEDS)], max_chars=5_000_000, warnings=[])
    ]
    records = extract_batch(DEFAULT_MODEL, documents)
    assert len(records) == len(documents) >= 3
    for record in records:
        assert decode(encode(record)) == record


def test_a_warm_build_writes_the_same_graph_as_a_cold_one(tmp_path):
    from kg.api import build

    cache = tmp_path / "cache"
    build([str(SEEDS)], tmp_path / "cold", cache_dir=cache)

    def nothing_to_extract(fn, tasks):
        assert next(tasks, None) is None, "a seed was extracted again, not read from the cache"
        return iter(())

    build([str(SEEDS)], tmp_path / "warm", cache_dir=cache, mapper=nothing_to_extract)
    for name in ("graph.nt", "graph.json"):
        assert (tmp_path / "cold" / name).read_bytes() == (tmp_path / "warm" / name).read_bytes(), (
            name
        )


# --- the parse --------------------------------------------------------------------------------


def test_long_runs_reach_spacys_tokenizer_in_pieces(nlp):
    """spaCy's tokenizer is quadratic in the length of a run without spaces; it is never given one
    longer than the bound, and the doc still holds every character where it was."""
    from kg.nlp import RunBoundedTokenizer

    seen: list[int] = []
    inner = nlp.tokenizer.tokenizer

    def spy(text):
        seen.append(max((len(run) for run in text.split()), default=0))
        return inner(text)

    bounded = RunBoundedTokenizer(spy, max_run=256)
    text = "Ukraine said " + "(" * 3000 + "Russia" + ")" * 3000 + " today.\n"
    doc = bounded(text)
    assert doc.text == text
    assert max(seen) <= 256
    assert all(text[t.idx : t.idx + len(t)] == t.text for t in doc)


@pytest.mark.parametrize(
    "text",
    [
        GOOD,
        "See https://www.theguardian.com/world/2022/jun/10/ukraine-russia-war-live-news "
        "(archived).\n",
        "“Nested (brackets [and] quotes)” – said he.\n\nSecond paragraph.",
    ],
)
def test_ordinary_text_is_tokenized_exactly_as_spacy_does(nlp, text):
    tokens = nlp.tokenizer(text)
    plain = nlp.tokenizer.tokenizer(text)
    assert [(t.text, t.whitespace_) for t in tokens] == [(t.text, t.whitespace_) for t in plain]


def test_nested_brackets_build_with_their_text_intact(extract):
    text = "Zelenskyy said " + "(" * 3000 + "Ukraine" + ")" * 3000 + " would win.\n" + GOOD
    records = extract(text, "brackets.txt")
    assert any(m.text == "Ukraine" for m in records.mentions)
    assert any(c.text == GOOD.strip().rstrip(".") for c in records.commitments)


@pytest.mark.parametrize(
    "text, max_chars",
    [
        ("short", 10),
        ("one\n\ntwo\n\nthree\n\nfour\n\nfive\n\n", 10),
        ("First sentence here. Second one here. Third one here.", 24),
        ("no paragraph breaks but spaces " * 10, 40),
        ("x" * 95, 10),
    ],
)
def test_chunks_cover_the_text_and_keep_to_the_bound(text, max_chars):
    from kg.nlp import chunk_bounds

    bounds = chunk_bounds(text, max_chars=max_chars)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a < b and b - a <= max_chars for a, b in bounds)
    assert all(b == c for (_, b), (c, _) in zip(bounds, bounds[1:]))
    # A cut falls after a paragraph break where the chunk has one, else after a space.
    if "\n" in text:
        assert all(text[b - 1] == "\n" for _, b in bounds[:-1])
    elif " " in text:
        assert all(text[b - 1] == " " for _, b in bounds[:-1])


def test_a_long_document_is_parsed_in_chunks_with_exact_offsets(nlp, gazetteer, monkeypatch):
    from kg import nlp as kg_nlp
    from kg.extract import extract_document
    from kg.ingest import make_document

    seed = (SEEDS / "national-herald-moore-mi6.txt").read_text(encoding="utf-8")
    monkeypatch.setattr(kg_nlp, "PARSE_CHUNK_CHARS", len(seed) // 3)
    document = make_document("long.txt", seed)
    body = document.body_text()
    assert len(kg_nlp.chunk_bounds(body, max_chars=len(seed) // 3)) >= 3
    ((document, doc),) = kg_nlp.parse(nlp, [document])
    assert doc.text == body
    assert all(body[t.idx : t.idx + len(t)] == t.text for t in doc)
    records = extract_document(document, doc, gazetteer=gazetteer)
    last_third = 2 * len(seed) // 3
    assert any(m.start_char > last_third for m in records.mentions)
    assert any(s.start_char > last_third for s in records.statements)


def test_a_document_past_spacys_own_limit_is_parsed_in_pieces(nlp, extract):
    limit = nlp.max_length
    nlp.max_length = 2_000
    try:
        # Paragraphs that differ: ingest leaves verbatim repeats out of the body.
        records = extract(
            "".join(f"On day {n}, Germany pledged tanks to Ukraine.\n\n" for n in range(100)),
            "over-limit.txt",
        )
    finally:
        nlp.max_length = limit
    assert sum(m.text == "Germany" for m in records.mentions) == 100


def test_a_file_longer_than_spacys_limit_builds_with_a_raised_max_chars(tmp_path):
    """5.2 million characters, most of them blank: past spaCy's max_length (kg raises it to the
    default --max-chars, 5,000,000) but cheap to parse. It aborted the build before."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "long.txt").write_text(GOOD + " " * 5_200_000 + "\n" + GOOD, encoding="utf-8")
    more = ("--max-chars", "6000000", "--quiet")
    result = run_kg(*build_args(folder, tmp_path / "out", more=more))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["documents"] == 2 and report["warnings"] == []


def test_a_document_the_extraction_fails_on_costs_one_warning(small_corpus, tmp_path, monkeypatch):
    import kg.extract
    from kg.api import build

    real = kg.extract.extract_document

    def fails_on_rutte(document, doc, **kwargs):
        if "Rutte" in document.text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(document, doc, **kwargs)

    monkeypatch.setattr(kg.extract, "extract_document", fails_on_rutte)
    cache = tmp_path / "cache"
    result = build([str(small_corpus)], tmp_path / "out", cache_dir=cache)
    assert result.documents == 1
    assert (
        len(result.warnings) == 1
        and "b.txt" in result.warnings[0]
        and "RecursionError" in result.warnings[0]
    )
    assert len(_cache_files(cache)) == 1  # the failure is not cached: the next build tries again


def test_pronouns_in_one_long_paragraph_find_their_antecedent(extract):
    """One paragraph, hundreds of pronouns: each looks back through every mention before it (the
    paragraph is the window), which was a scan per pronoun; the answers stay those of the rule."""
    text = " ".join(f"Rutte spoke on day {n}. He said it was true." for n in range(300)) + "\n"
    records = extract(text, "pronouns.txt")
    said = [s for s in records.statements if s.cue == "say"]
    assert len(said) == 300
    assert all(s.speaker is not None and s.speaker.text == "Rutte" for s in said)
