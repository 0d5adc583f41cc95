"""Quote spans: pairing marks inside one paragraph, whatever their style."""

from __future__ import annotations

import pytest

from kg.extract.quotes import find_quotes, quote_chains


def spans(text: str) -> list[str]:
    return [q.text(text) for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Curly,” he said.", ["Curly,"]),
        ('"Straight," he said.', ["Straight,"]),
        # Mismatched marks pair up by position, not by shape.
        ('“He seeks. But he cannot succeed," Moore said. "Bluntly, Putin has.”', ["He seeks. But he cannot succeed,", "Bluntly, Putin has."]),
        # A straight pair nested in a curly quote stays inside it.
        ('He called it “a "silly" idea,” she said.', ['a "silly" idea,']),
        ('He said "yes" and "no".', ["yes", "no"]),
        # Single quotes count in a paragraph without double quotes; apostrophes do not.
        ("Ukraine’s allies see the ‘rest of the West’ moving.", ["rest of the West"]),
        ("It’s the allies’ view, not Kyiv’s.", []),
        # An unbalanced mark is dropped, never paired across paragraphs.
        ("An unbalanced “ mark here.\nAnd “there” is fine.", ["there"]),
        ("Opens “here and never closes.\nNext paragraph says “hello” once.", ["hello"]),
        ("", []),
        ('"', []),
        ("”Typed backwards,” she said.", ["Typed backwards,"]),
    ],
)
def test_quote_spans(text, expected):
    assert spans(text) == expected


def test_multi_paragraph_quote_is_one_chain():
    text = "“First paragraph of the quote.\n“Second paragraph,” he said.\nUnrelated."
    quotes = find_quotes(text)
    assert [q.text(text) for q in quotes] == ["First paragraph of the quote.", "Second paragraph,"]
    assert quotes[0].continues and quotes[1].continued
    assert len(quote_chains(quotes)) == 1


def test_offsets_index_the_text():
    text = "Intro.\n\n  “Padded quote,” she said.  \n"
    for q in find_quotes(text):
        assert text[q.start_char : q.end_char] == "Padded quote,"
        assert text[q.open_char] == "“" and text[q.close_char] == "”"


@pytest.mark.parametrize(
    "text",
    [
        '“He seeks. But he cannot succeed," Moore said. "Bluntly, Putin has.”',
        'He called it “a "silly" idea,” she said.',
        "Opens “here and never closes.\n“Next paragraph” says “hello” once.",
        "“One paragraph\n“goes on” here\n“and ends.”",
        "No quotes at all.",
        "",
    ],
)
def test_quote_around_is_the_first_quote_enclosing_each_character(nlp, text):
    from kg.extract.statements import Context

    ctx = Context(nlp(text), [], [])

    def first_enclosing(char):
        for q in ctx.quotes:
            end = q.close_char if q.close_char is not None else q.end_char
            if q.open_char <= char <= end:
                return q
        return None

    assert [ctx.quote_around(c) for c in range(-1, len(text) + 2)] == [first_enclosing(c) for c in range(-1, len(text) + 2)]
