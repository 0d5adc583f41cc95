"""The NLP stage's own pieces: paragraph breaks, array-based token selection, the lemma index."""

from __future__ import annotations

import pytest
import spacy

from kg.nlp import paragraph_breaks, tokens_where

TEXTS = [
    "Kyiv asked for help\nGermany said yes",
    "The ministers were pledging more missiles, and Scholz promised billions to Ukraine.",
    "According to the Pentagon, the United States will send Patriot systems.\r\n\r\nThey said so.",
    "Macron's statement that Europe must act surprised nobody. Officials noted it.",
    "",
]


def _starts_by_token_walk(doc) -> list[bool]:
    # The rule spelled out token by token: after a token whose text or trailing space holds a
    # line break, a sentence starts.
    return [i > 0 and any(b in doc[i - 1].text_with_ws for b in "\n\r") for i in range(len(doc))]


@pytest.mark.parametrize(
    "text",
    [
        "a\nb",
        "\n\nx y\r\nz",
        "end\n",
        "a \n b",
        "one\r two",
        "\n",
        "no break at all",
        "x\n\n\ny\nz",
    ],
)
def test_paragraph_breaks_start_the_token_after_each_line_break(text):
    nlp = spacy.blank("en")
    doc = paragraph_breaks(nlp.make_doc(text))
    expected = _starts_by_token_walk(doc)
    assert [bool(t.is_sent_start) and t.i > 0 for t in doc] == expected


@pytest.mark.parametrize(
    ("filters", "test"),
    [
        ({"pos": ("VERB", "AUX")}, lambda t: t.pos_ in ("VERB", "AUX")),
        (
            {"pos": ("VERB",), "lemmas": {"pledge", "promise", "say"}},
            lambda t: t.pos_ == "VERB" and t.lemma_.lower() in {"pledge", "promise", "say"},
        ),
        (
            {"pos": ("NOUN",), "lemmas": {"statement"}},
            lambda t: t.pos_ == "NOUN" and t.lemma_.lower() == "statement",
        ),
        ({"lower": {"according", "they"}}, lambda t: t.lower_ in {"according", "they"}),
        ({"lemmas": {"be"}}, lambda t: t.lemma_.lower() == "be"),
    ],
)
@pytest.mark.parametrize("text", TEXTS)
def test_tokens_where_is_the_token_by_token_filter(nlp, filters, test, text):
    doc = nlp(text)
    assert [t.i for t in tokens_where(doc, **filters)] == [t.i for t in doc if test(t)]


def test_lemma_index_is_sets_and_lemmas_match_the_stock_model(nlp):
    from kg.paths import DEFAULT_MODEL

    index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(index[key], frozenset) for key in index)
    stock = spacy.load(DEFAULT_MODEL, exclude=["ner", "parser"])
    stock_index = stock.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert all(isinstance(stock_index[key], list) for key in stock_index)  # what the fix is for
    for text in TEXTS:
        ours = [t.lemma_ for t in nlp(text)]
        theirs = [t.lemma_ for t in stock(text)]
        assert ours == theirs
