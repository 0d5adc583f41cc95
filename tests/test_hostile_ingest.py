"""Hostile input files in ingest: each costs one warning naming the file, in bounded time and
memory, and the rest builds. The slow forms of these cases are measured by
bench/hostile_ingest.py."""

from __future__ import annotations

import json
import random
import re
import subprocess
import time
from pathlib import Path

import pytest

from kg.errors import (
    EncodingGuessed,
    FrontMatterAliases,
    FrontMatterTooLarge,
    InputError,
    InputNotice,
    LoneSurrogates,
    NotAnArticle,
    StrictModeFailure,
)
from kg.ingest import _Paragraphs, _shingles, decode, discover, make_document, read_raw
from kg.pipeline import read_documents
from tests.conftest import ROOT
from tests.hostile_kit import GOOD, KG, billion_laughs, build_args


def items(path: Path, doc_id: str | None = None) -> list:
    return list(read_raw(path, doc_id or path.name))


# ---------------------------------------------------------------------------------------------
# YAML aliases in front matter


def test_a_billion_laughs_front_matter_is_refused_at_once(tmp_path):
    path = tmp_path / "bomb.md"
    path.write_text(billion_laughs(), encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(FrontMatterAliases, match=r"bomb\.md: .*YAML alias .*line 3"):
        items(path)
    assert time.perf_counter() - started < 2  # 35 s and 2.2 GB before, composing 9**9 strings


@pytest.mark.parametrize(
    "front",
    [
        "author: &who Jane Doe\neditor: *who",
        "base: &base {publisher: The Guardian}\nsource:\n  <<: *base",
    ],
)
def test_any_alias_is_refused(tmp_path, front):
    path = tmp_path / "a.md"
    path.write_text(f"---\n{front}\n---\nFrance sent troops.\n", encoding="utf-8")
    with pytest.raises(FrontMatterAliases):
        items(path)


def test_ordinary_front_matter_still_reads(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: Aid &amp; arms\ndate: 2022-03-01\nauthor: &first Jane Doe\n"
        "tags: [war, aid]\n---\nFrance sent troops to Ukraine, Macron said.\n",
        encoding="utf-8",
    )
    (raw,) = items(path)
    assert (
        raw.given.title == "Aid &amp; arms"
        and raw.given.published == "2022-03-01"
        and raw.given.author == "Jane Doe"
    )


def test_a_front_matter_of_megabytes_is_refused_unparsed(tmp_path):
    path = tmp_path / "big.md"
    path.write_text(
        "---\ntitle: [" + "1, " * 1_000_000 + "2]\n---\nFrance sent troops.\n", encoding="utf-8"
    )
    started = time.perf_counter()
    with pytest.raises(FrontMatterTooLarge, match=r"big\.md: front matter of 3,000,010 characters"):
        items(path)
    assert time.perf_counter() - started < 2  # about 30 s and a gigabyte to parse


# ---------------------------------------------------------------------------------------------
# Lone surrogates


def test_a_lone_surrogate_in_jsonl_is_replaced_with_one_warning(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(
        json.dumps({"id": "ok", "text": "Norway sent aid."})
        + "\n"
        + '{"id": "s", "title": "T\\udc00", "text": "Poland sent \\ud800 tanks."}\n',
        encoding="utf-8",
    )
    ok, warning, raw = items(path)
    assert (
        isinstance(warning, LoneSurrogates)
        and warning.path == f"{path}:2"
        and "2 lone surrogate" in str(warning)
    )
    # One code point for one: offsets into the text are those of the JSON string as read.
    assert raw.text == "Poland sent \ufffd tanks." and raw.given.title == "T\ufffd"
    raw.document().text.encode("utf-8")


def test_a_surrogate_pair_in_jsonl_is_one_character_and_no_warning(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"text": "Kyiv \\ud83c\\uddfa\\ud83c\\udde6 said."}\n', encoding="utf-8")
    (raw,) = items(path)
    assert raw.text == "Kyiv 🇺🇦 said."


def test_a_lone_surrogate_in_front_matter_is_replaced_with_one_warning(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(
        '---\ntitle: "Aid \\ud800"\n---\nFrance sent troops to Ukraine.\n', encoding="utf-8"
    )
    warning, raw = items(path)
    assert isinstance(warning, LoneSurrogates) and "a.md" in str(warning)
    assert raw.given.title == "Aid \ufffd"


# ---------------------------------------------------------------------------------------------
# Repeated paragraphs: the index gives what comparing with every earlier paragraph gave


def repeats_by_comparing_all(paragraphs: list[str], threshold: float) -> list[bool]:
    """main's algorithm before the index, kept as the reference."""
    earlier: list[frozenset] = []
    out = []
    for paragraph in paragraphs:
        mine = _shingles(paragraph)
        if not mine:
            said = False
        elif len(mine) < 12:
            said = any(mine == seen for seen in earlier)
        else:
            said = any(len(mine & seen) / len(mine) >= threshold for seen in earlier)
        out.append(said)
        if not said:
            earlier.append(mine)
    return out


def repeats_by_index(paragraphs: list[str], threshold: float) -> list[bool]:
    seen = _Paragraphs(threshold=threshold, candidates=10_000)
    out = []
    for paragraph in paragraphs:
        mine = _shingles(paragraph)
        out.append(seen.repeats(mine))
        if not out[-1]:
            seen.add(mine)
    return out


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("threshold", [0.0, 0.35, 0.6, 0.9, 1.0])
def test_the_index_finds_the_repeats_comparing_all_finds(seed, threshold):
    rng = random.Random(seed)
    vocabulary = "war aid kyiv tanks the of said minister".split()[: rng.randint(3, 8)]
    paragraphs = [
        " ".join(rng.choice(vocabulary) for _ in range(rng.randint(2, 40))) for _ in range(150)
    ]
    paragraphs += [rng.choice(paragraphs) for _ in range(20)]
    assert repeats_by_index(paragraphs, threshold) == repeats_by_comparing_all(
        paragraphs, threshold
    )


def test_thirty_two_thousand_short_lines_take_linear_time():
    text = "".join(f"Item number {n} here\n" for n in range(32_000))
    started = time.perf_counter()
    document = make_document("lines.txt", text)
    assert len(document.body) == 31_999  # every line but the title
    assert time.perf_counter() - started < 8  # 34 s before


def test_near_repeats_are_still_left_out():
    paragraph = (
        "Germany pledged more air defence systems to Ukraine on Monday, as the chancellor "
        "told parliament in Berlin."
    )
    text = (
        f"Headline of the day\n{paragraph}\nSomething else entirely was said about France and "
        f"its troops.\n{paragraph.replace('Monday', 'Tuesday')}\n"
    )
    assert len(make_document("a.txt", text).body) == 2


# ---------------------------------------------------------------------------------------------
# Encodings


@pytest.mark.parametrize(
    "text, codec, encoding",
    [
        (
            "Les prêts de la France à l'Ukraine sont prêts, a déclaré le ministre à Paris.",
            "latin-1",
            "cp1252",
        ),
        (
            "Grüße aus München, sagte der Außenminister über die Lage in der Ukraine.",
            "cp1252",
            "cp1252",
        ),
        ("Zelenskyy’s “plan” — the prêts.", "cp1252", "cp1252"),
        # A Central European text still reads as such: the Western encodings win ties only.
        (
            "Prezydent Polski powiedział, że żołnierze pojadą na Ukrainę, zaś minister dodał: "
            "ćwiczenia.",
            "cp1250",
            "cp1250",
        ),
        ("Президент України заявив, що переговори тривають.", "cp1251", "cp1251"),
    ],
)
def test_single_byte_encodings_read_right(text, codec, encoding):
    assert decode(text.encode(codec), "x.txt") == (text, encoding)


def test_a_guessed_encoding_is_named_in_a_notice(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Les prêts de la France sont prêts, a déclaré le ministre.".encode("latin-1"))
    notice, raw = items(path)
    assert isinstance(notice, EncodingGuessed) and isinstance(notice, InputNotice)
    assert str(notice).startswith(str(path)) and "cp1252" in str(notice)
    assert "prêts" in raw.text and raw.encoding == "cp1252"


@pytest.mark.parametrize(
    "raw",
    [b"Kyiv said.", "Kyiv said.".encode("utf-8-sig"), "Kyiv said.".encode("utf-16")],
)
def test_a_known_encoding_gives_no_notice(tmp_path, raw):
    path = tmp_path / "a.txt"
    path.write_bytes(raw)
    (item,) = items(path)
    assert not isinstance(item, InputError)


@pytest.mark.parametrize(
    "raw, problem",
    [
        (
            b"\xef\xbb\xbfKyiv \xff said.",
            "not valid UTF-8 although it starts with its byte-order mark",
        ),
        (b"\xff\xfeK\x00y\x00i\x00v\x00 \x00\x00\xd8", "not valid UTF-16"),
    ],
)
def test_bytes_that_break_their_bom_are_an_input_error(raw, problem):
    with pytest.raises(InputError, match=problem):
        decode(raw, "x.txt")


# ---------------------------------------------------------------------------------------------
# Files that are not articles


def test_files_skipped_for_their_extension_are_named(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    for name in (
        "page.html",
        "data.json",
        "notes",
        ".DS_Store",
        ".hidden.html",
        ".git/config",
        ".kg-cache/x.pickle",
        "out/report.json",
        "out/graph.html",
        "out/graph.ttl",
    ):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = list(discover([str(tmp_path)]))
    assert [f for f in found if isinstance(f, tuple)] == [(tmp_path / "a.txt", "a.txt")]
    notices = [f for f in found if not isinstance(f, tuple)]
    assert all(isinstance(n, NotAnArticle) for n in notices)
    assert sorted(Path(n.path).name for n in notices) == ["data.json", "notes", "page.html"]


def test_a_file_named_on_the_command_line_is_read_whatever_its_extension(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(GOOD, encoding="utf-8")
    assert list(discover([str(path)])) == [(path, "page.html")]


def test_a_file_name_that_is_not_utf8_gets_a_valid_unicode_id(tmp_path):
    name = b"bad\xff.txt"
    with open(bytes(tmp_path) + b"/" + name, "w", encoding="utf-8") as fh:
        fh.write(GOOD)
    [(path, doc_id)] = list(discover([str(tmp_path)]))
    assert path.read_text(encoding="utf-8") == GOOD  # the real file, opened by its real name
    assert doc_id == "bad\\xff.txt"
    doc_id.encode("utf-8")  # no lone surrogate left: JSON, literals and IRIs can hold it


def test_notices_do_not_stop_strict_but_a_bad_file_does(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes(
        "Les prêts de la France sont prêts, a déclaré le ministre.".encode("latin-1")
    )
    (tmp_path / "page.html").write_text("<p>x</p>", encoding="utf-8")
    warnings: list[str] = []
    documents = list(
        read_documents([str(tmp_path)], max_chars=1_000_000, warnings=warnings, strict=True)
    )
    assert [d.id for d in documents] == ["a.txt", "latin1.txt"] and len(warnings) == 2
    (tmp_path / "bomb.md").write_text(billion_laughs(), encoding="utf-8")
    with pytest.raises(StrictModeFailure, match="bomb.md"):
        list(read_documents([str(tmp_path)], max_chars=1_000_000, warnings=[], strict=True))


# ---------------------------------------------------------------------------------------------
# One build with every case and a good file


def test_a_folder_of_every_case_builds_with_one_warning_each(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "bomb.md").write_text(billion_laughs(), encoding="utf-8")
    (folder / "surrogate.jsonl").write_text(
        '{"id": "s", "text": "Poland sent \\ud800 tanks to Ukraine, the minister said."}\n',
        encoding="utf-8",
    )
    (folder / "lines.txt").write_text(
        "".join(f"Item number {n} here\n" for n in range(2_000)), encoding="utf-8"
    )
    (folder / "latin1.txt").write_bytes(
        "Les prêts de la France à l'Ukraine sont prêts, a déclaré le ministre à Paris.".encode(
            "latin-1"
        )
    )
    (folder / "page.html").write_text("<p>Kyiv</p>", encoding="utf-8")
    (folder / "data.json").write_text("{}", encoding="utf-8")
    expected = {
        "bomb.md": "YAML alias",
        "surrogate.jsonl:1": "lone surrogate",
        "latin1.txt": "guessed as cp1252",
        "page.html": "not an article file",
        "data.json": "not an article file",
    }
    started = time.perf_counter()
    result = subprocess.run(
        [*KG, *build_args(folder, tmp_path / "out", more=("--quiet",))],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert time.perf_counter() - started < 120
    warnings = [line for line in result.stderr.splitlines() if "warning:" in line]
    for name, problem in expected.items():
        lines = [line for line in warnings if re.search(rf"/{re.escape(name)}\b", line)]
        assert len(lines) == 1 and problem in lines[0], (name, warnings)
    assert len(warnings) == len(expected)
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["documents"] == 4 and report["encodings"] == {"cp1252": 1, "utf-8": 3}
    nt = (tmp_path / "out" / "graph.nt").read_text(encoding="utf-8")
    for ident in ("good.txt", "surrogate.jsonl#s", "lines.txt", "latin1.txt"):
        assert f'"{ident}"' in nt, ident


class CountingList(list):
    """The paragraphs' shingle sets, counting how many are looked at."""

    looked_at = 0

    def __getitem__(self, index):
        CountingList.looked_at += 1
        return super().__getitem__(index)


def test_long_lines_sharing_word_triples_are_compared_with_a_bounded_number_of_earlier_ones():
    rng = random.Random(1)
    vocabulary = [f"w{n}" for n in range(12)]
    lines = [" ".join(rng.choice(vocabulary) for _ in range(40)) + "." for _ in range(2_000)]
    seen = _Paragraphs(threshold=0.6, candidates=128)
    seen._shingles = CountingList()
    started = time.perf_counter()
    for line in lines:
        CountingList.looked_at = 0
        mine = _shingles(line)
        assert not seen.repeats(mine)  # no two lines share 60% of their triples: all 2,000 are body
        assert (
            CountingList.looked_at <= 128
        )  # all earlier ones before: 2,000 lines took 4.4 s, 5,000 took 34 s
        seen.add(mine)
    assert time.perf_counter() - started < 8


def test_a_latin1_file_with_bad_front_matter_gets_one_warning(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(
        "---\ntitle: [prêts\n---\nLes prêts de la France sont prêts.\n".encode("latin-1")
    )
    warnings: list[str] = []
    assert list(read_documents([str(path)], max_chars=1_000_000, warnings=warnings)) == []
    assert len(warnings) == 1 and "not valid YAML" in warnings[0]
