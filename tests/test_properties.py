"""Property-based: for arbitrary Unicode, ingest and every extractor never raise, and every record's
offsets are in bounds with `text[start:end]` equal to the record's own text."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.extract.quantities import parse_money, parse_quantity
from kg.ingest import make_document

# Words that steer the extractors into their rules, mixed with arbitrary text.
PIECES = [
    '"',
    "“",
    "”",
    "‘",
    "’",
    "'",
    "«",
    "»",
    ",",
    ".",
    ":",
    "—",
    "\n",
    "\n\n",
    " ",
    "said",
    "says",
    "told",
    "according to",
    "he",
    "she",
    "they",
    "Putin",
    "Zelenskyy",
    "Mark Rutte",
    "NATO",
    "Ukraine",
    "Germany and Norway",
    "pledged",
    "will send",
    "should",
    "ruled out",
    "$1.5bn",
    "nearly a thousand",
    "missiles",
    "troops",
    "to Kyiv",
    "Secretary-General",
    "President",
    "head of",
    "of the",
    "Sir",
    "Published: undefined",
    "By Jane Doe",
    "<script>",
    "\x00",
    "\ufeff",
]
SETTINGS = settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60).map(" ".join),
)


def _spans(records):
    """(start, end, text) of every span a document's records point into its text."""
    for m in records.mentions:
        yield m.start_char, m.end_char, m.text
    for p in records.posts:
        yield p.start_char, p.end_char, p.text
        yield p.person.start_char, p.person.end_char, p.person.text
    for s in records.statements:
        if s.parts:  # a split quote: its text is its parts joined by one space
            assert (s.start_char, s.end_char) == (s.parts[0][0], s.parts[-1][1])
            assert s.text == " ".join(records.document.text[a:b] for a, b in s.parts)
            yield from ((a, b, records.document.text[a:b]) for a, b in s.parts)
        else:
            yield s.start_char, s.end_char, s.text
        if s.speaker is not None:
            yield s.speaker.start_char, s.speaker.end_char, s.speaker.text
    for c in records.commitments:
        yield c.start_char, c.end_char, c.text
        for m in (*c.committers, c.recipient, c.asserted_by):
            if m is not None:
                yield m.start_char, m.end_char, m.text


@SETTINGS
@given(texts)
def test_ingest_keeps_text_and_bounds(text):
    doc = make_document("x.txt", text)
    assert doc.text == text
    previous = 0
    for start, end in doc.body:
        assert previous <= start < end <= len(text)
        previous = end
    assert len(doc.body_text()) == len(text)


@SETTINGS
@given(texts)
@example("0 0 lA0K\r0")  # a mention once ran into a blanked line after a lone carriage return
def test_every_extractor_gives_exact_evidence(extract, text):
    records = extract(text)
    for start, end, exact in _spans(records):
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == exact


@SETTINGS
@given(texts)
def test_quantities_give_exact_spans(text):
    for found in (*parse_money(text), *parse_quantity(text)):
        assert 0 <= found.start_char <= found.end_char <= len(text)
