"""Quote spans: where a text puts words between quotation marks.

Marks are paired inside one paragraph only, never by blind counting across the document:
- a mark opens or closes by what flanks it (a straight `"` after a space opens, before a space
  closes), so curly, straight and mismatched pairs (`“…"`) all pair up;
- a straight mark inside a curly quote (or the reverse) is a nested quote and does not close it;
- single quotes (‘…’) count only in a paragraph without double quotes, since `’` is also the
  apostrophe;
- a paragraph that opens a quote and does not close it continues in the next paragraph when that
  one opens with a quotation mark (the news convention for multi-paragraph quotes); any other
  unclosed mark is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.spans import strip_span

OPENERS = {"“": "double", "„": "double", "«": "double", "‘": "single"}
CLOSERS = {"”": "double", "»": "double", "’": "single"}
STRAIGHT = {'"': "double"}
MARKS = set(OPENERS) | set(CLOSERS) | set(STRAIGHT)
# Blank characters inside a line: news text often puts a no-break space (or a thin one) between a
# sentence and the quote after it ("Rubio said.\u00a0“He …”").
INLINE_BLANK = " \t\u00a0\u2009\u202f"
# Characters after which a straight mark opens a quote.
_OPEN_BEFORE = set(INLINE_BLANK + "\n([{—–-/")
# Characters after a closing mark.
_CLOSE_AFTER = set(INLINE_BLANK + "\n.,;:!?)]}—–-…'’\"”")


@dataclass(slots=True)
class Quote:
    start_char: int  # the content, without the marks
    end_char: int
    open_char: int  # offset of the opening mark
    close_char: (
        int | None
    )  # offset of the closing mark; None when the quote runs on to the next paragraph
    paragraph: int  # index of the paragraph (line) it sits in
    continues: bool = False  # this span goes on in the next paragraph
    continued: bool = False  # this span carries on a quote opened in the previous paragraph

    def text(self, text: str) -> str:
        return text[self.start_char : self.end_char]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line, trimmed of surrounding white space."""
    out = []
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            out.append((start + lead, start + lead + len(stripped)))
        start = end + 1
    return out


def _role(text: str, i: int, start: int, end: int) -> str | None:
    """'open', 'close' or None for the mark at i, judged by its neighbours."""
    ch = text[i]
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    left_open = before in _OPEN_BEFORE or before in OPENERS or before in STRAIGHT
    right_close = after in _CLOSE_AFTER or after in CLOSERS
    if ch in OPENERS:
        if ch == "‘" and not after.strip():
            return None
        # A mistyped opener at the end of a word closes ("word“ ").
        return "close" if (not left_open and right_close and before.strip()) else "open"
    if ch in CLOSERS:
        if ch == "’":
            # An apostrophe inside a word ("Ukraine’s", "don’t") is not a mark.
            if before.isalnum() and after.isalnum():
                return None
            if left_open and not after.isspace() and after not in _CLOSE_AFTER:
                return "open"
            return "close" if before.strip() else None
        if left_open and after.strip() and after not in _CLOSE_AFTER:
            return "open"
        return "close"
    # Straight mark: by flanking only.
    if left_open and after.strip():
        return "open"
    if before.strip() and right_close:
        return "close"
    return "open" if left_open else ("close" if before.strip() else None)


def _pair(text: str, start: int, end: int, family: str) -> tuple[list[tuple[int, int]], int | None]:
    """Pairs (open, close) of marks of one family in text[start:end], and an unclosed opener."""
    pairs: list[tuple[int, int]] = []
    opened: int | None = None
    nested = 0
    for i in range(start, end):
        ch = text[i]
        if ch not in MARKS:
            continue
        ch_family = OPENERS.get(ch) or CLOSERS.get(ch) or STRAIGHT.get(ch)
        if ch_family != family:
            continue
        role = _role(text, i, start, end)
        if role is None:
            continue
        if opened is None:
            if role == "open":
                opened = i
            continue
        straight_inside_curly = (ch in STRAIGHT) != (text[opened] in STRAIGHT)
        if role == "open":
            if straight_inside_curly:
                nested += 1
            else:  # the earlier opener was never closed: start again here
                opened, nested = i, 0
            continue
        if nested and straight_inside_curly:
            nested -= 1
            continue
        pairs.append((opened, i))
        opened, nested = None, 0
    return pairs, opened


def _doubled_apostrophes(text: str) -> str:
    """`''` used as a double mark (newspaper archives): one straight mark on the side of the quoted
    word, one space on the other, so the length and every offset stay the same."""
    out = list(text)
    i = text.find("''")
    while i != -1:
        before = text[i - 1] if i else " "
        after = text[i + 2] if i + 2 < len(text) else " "
        if before.isspace() or before in "([":
            out[i], out[i + 1] = " ", '"'
        elif after.isspace() or after in ".,;:!?)]":
            out[i], out[i + 1] = '"', " "
        i = text.find("''", i + 2)
    return "".join(out)


def find_quotes(text: str) -> list[Quote]:
    """Every quoted span of the text, in order."""
    text = _doubled_apostrophes(text) if "''" in text else text
    paras = paragraphs(text)
    quotes: list[Quote] = []
    carried = False  # the previous paragraph left a quote open
    for index, (start, end) in enumerate(paras):
        chunk = text[start:end]
        family = "double" if any(c in chunk for c in ('"', "“", "”", "„", "«", "»")) else "single"
        pairs, unclosed = _pair(text, start, end, family)
        for open_i, close_i in pairs:
            s, e = strip_span(text, open_i + 1, close_i)
            if e > s:
                continued = carried and open_i == start
                quotes.append(Quote(s, e, open_i, close_i, index, continued=continued))
        next_opens = False
        if index + 1 < len(paras):
            nstart, nend = paras[index + 1]
            next_opens = text[nstart] in MARKS and _role(text, nstart, nstart, nend) == "open"
        if unclosed is not None and (next_opens or (carried and unclosed == start)):
            s, e = strip_span(text, unclosed + 1, end)
            if e > s:
                quotes.append(
                    Quote(
                        s,
                        e,
                        unclosed,
                        None,
                        index,
                        continues=next_opens,
                        continued=carried and unclosed == start,
                    )
                )
            carried = next_opens
        else:
            carried = False
    return quotes


def quote_chains(quotes: list[Quote]) -> list[list[Quote]]:
    """Quotes grouped so that a multi-paragraph quote is one chain of spans."""
    chains: list[list[Quote]] = []
    for q in quotes:
        if (
            q.continued
            and chains
            and chains[-1][-1].continues
            and chains[-1][-1].paragraph == q.paragraph - 1
        ):
            chains[-1].append(q)
        else:
            chains.append([q])
    return chains
