"""Ingest: body detection, metadata, formats. Rules only: no model needed."""

from __future__ import annotations

import json

import pytest

from kg.errors import InputError
from kg.ingest import decode, is_chrome, is_heading, make_document, normalise_date, read_path
from kg.records import Document


@pytest.mark.parametrize(
    "line, expected",
    [
        ("twitter", True),
        ("Follow us on Youtube", True),
        ("Published: undefined", True),
        ("Skip to main content", True),
        ("Caliber.az © 2026. .", True),
        ("Join our official telegram channel (@nationalherald) and stay updated", True),
        ("Sign up to our newsletter for daily updates", True),
        ("Views: 58", True),
        ("Photo: Reuters", True),
        ("Sign up to the daily Business Today email or follow Guardian Business on Twitter", True),
        ("Agence France-Presse and the Associated Press contributed to this report", True),
        ("Reuters contributed to this report.", True),
        ("Germany has pledged more air defence to Ukraine.", False),
        ("Twitter said it would suspend the account of the Russian embassy.", False),
        ("Analysts said the sanctions contributed to this report's bleak forecast.", False),
    ],
)
def test_chrome(line, expected):
    assert is_chrome(line) is expected


@pytest.mark.parametrize(
    "line, expected",
    [
        ("European Troops in Ukraine: The Need for Deployment and a NATO Framework", True),
        ("Building the Defense Industry: From Artillery Shells to Missiles and Drones", True),
        ("Ukraine has undergone a fundamental rethinking of what security guarantees mean.", False),
        ("But Ukraine remains wary", False),
    ],
)
def test_heading(line, expected):
    assert is_heading(line) is expected


@pytest.mark.parametrize(
    "value, expected",
    [
        ("04 February 2026 12:11", "2026-02-04"),
        ("February 4, 2026", "2026-02-04"),
        ("2022-08-01", "2022-08-01"),
        ("Published: 7 Sept 2025", "2025-09-07"),
        ("Wednesday, 4 February 2026 at 12:11 CET", "2026-02-04"),
        ("On September 7, an even more massive strike followed", None),
        ("", None),
    ],
)
def test_dates(value, expected):
    assert normalise_date(value) == expected


def test_body_metadata_and_offsets():
    text = (
        "twitter\nfacebook\n\nKyiv asks for air defence\n\n04 February 2026 12:11\n\n"
        "Ukraine asked its allies for more Patriot systems on Monday.\n\n"
        "Ukraine asked its allies for more Patriot systems on Monday.\n\n"
        "By Jane Doe\n\nFollow us on Youtube\n"
    )
    doc = make_document("a.txt", text)
    assert doc.text == text  # never changed
    assert doc.meta.title == "Kyiv asks for air defence"
    assert doc.meta.published == "2026-02-04"
    assert doc.meta.author == "Jane Doe"
    assert [text[s:e] for s, e in doc.body] == [
        "Ukraine asked its allies for more Patriot systems on Monday."
    ]
    body = doc.body_text()
    assert len(body) == len(text)
    s, e = doc.body[0]
    assert body[s:e] == text[s:e] and "twitter" not in body


def test_near_verbatim_repeat_is_dropped():
    para = (
        "Germany and Norway have acquired additional Patriot systems, while Denmark and the "
        "Netherlands have ordered nearly a thousand air-to-ground guided missiles for Kyiv."
    )
    text = para + "\n" + para.replace("acquired", "bought") + "\n"
    assert len(make_document("a.txt", text).body) == 1


def test_markdown_front_matter(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: Pledges\ndate: 2025-09-07\nauthor: Jane Doe\npublisher: Reuters\nurl: "
        "https://example.org/a\n---\nGermany pledged tanks to Ukraine.\n",
        encoding="utf-8",
    )
    (doc,) = read_path(path, "a.md")
    assert (
        doc.meta.title,
        doc.meta.published,
        doc.meta.author,
        doc.meta.publisher,
        doc.meta.url,
    ) == ("Pledges", "2025-09-07", "Jane Doe", "Reuters", "https://example.org/a")
    assert doc.text[doc.body[0][0] : doc.body[0][1]] == "Germany pledged tanks to Ukraine."


def test_jsonl(tmp_path):
    path = tmp_path / "c.jsonl"
    rows = [
        {
            "id": "x1",
            "title": "T",
            "published": "2022-08-01",
            "publisher": "The Guardian",
            "text": "Germany pledged tanks.",
        },
        {"text": "France sent troops."},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    docs = list(read_path(path, "c.jsonl"))
    assert [d.id for d in docs] == ["c.jsonl#x1", "c.jsonl#2"]
    assert docs[0].meta.published == "2022-08-01" and docs[0].meta.publisher == "The Guardian"


@pytest.mark.parametrize(
    "raw, problem",
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x00\x01\x02binary\x00", "NUL"),
    ],
)
def test_bad_bytes(raw, problem):
    with pytest.raises(InputError, match=problem):
        decode(raw, "bad.txt")


@pytest.mark.parametrize(
    "raw, text, encoding",
    [
        ("Zelenskyy’s “plan”".encode(), "Zelenskyy’s “plan”", "utf-8"),
        ("Zelenskyy’s plan".encode("utf-8-sig"), "Zelenskyy’s plan", "utf-8-sig"),
        ("Zelenskyy’s plan".encode("utf-16"), "Zelenskyy’s plan", "utf-16"),
    ],
)
def test_decoding(raw, text, encoding):
    assert decode(raw, "x.txt") == (text, encoding)


@pytest.mark.parametrize(
    "text",
    [
        "Meanwhile, US envoy Keith Kellogg has noted, “We are working on this exchange.”\n",
        "Germany pledged tanks to Ukraine\n",
    ],
)
def test_a_one_line_text_is_its_own_body(text):
    doc = make_document("a.txt", text)
    assert [text[s:e] for s, e in doc.body] == [text.strip()] and doc.meta.title is None


def test_a_jsonl_corpus_larger_than_the_document_limit_is_read_line_by_line(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text(
        "".join(json.dumps({"id": n, "text": "word " * 30}) + "\n" for n in range(20)),
        encoding="utf-8",
    )
    docs = list(read_path(path, "big.jsonl", max_chars=200))  # the file is ~3,600 characters
    assert len(docs) == 20 and all(isinstance(d, Document) for d in docs)
    too_long = list(read_path(path, "big.jsonl", max_chars=100))  # each text is 150 characters
    assert all(isinstance(d, InputError) and "too large" in str(d) for d in too_long)


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"", "empty file"),
        (b"\n  \n", "empty file"),
        (b"\x00\x01\x02binary\n", "binary"),
        (b"\xff\xfe\xfa\n", "not UTF-8"),
    ],
)
def test_jsonl_files_that_are_not_json_lines(tmp_path, raw, problem):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(raw)
    with pytest.raises(InputError, match=problem):
        list(read_path(path, "bad.jsonl"))


def test_jsonl_with_a_bom_and_a_latin1_line(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(
        b"\xef\xbb\xbf"
        + json.dumps({"id": "a", "text": "Kyiv"}).encode()
        + b"\n"
        + b'{"text": "caf\xe9"}\n'
    )
    items = list(read_path(path, "c.jsonl"))
    assert (
        isinstance(items[0], Document)
        and items[0].text == "Kyiv"
        and items[0].encoding == "utf-8-sig"
    )
    assert isinstance(items[1], InputError) and "not UTF-8" in str(items[1])
