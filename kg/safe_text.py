"""Text from articles, file names and query results made safe for where kg writes it: XML files and
the terminal. Both mappings are fixed, so the same input always gives the same bytes.

XML 1.0 cannot hold most control characters, not even as character references, and a parser stops
at the first one. `for_xml` replaces them: a C0 control by its visible symbol from Unicode's Control
Pictures block (ESC becomes "␛", U+241B), a lone surrogate or U+FFFE/U+FFFF by U+FFFD. Tab, line
feed and carriage return are allowed and kept.

A terminal acts on escape sequences (colours, cursor moves, a changed window title) and bidi
controls reorder what is shown, so a file name or an actor name read from an article could rewrite
the lines around it. `for_terminal` writes every control character, bidi control, line or paragraph
separator and lone surrogate as a Python-style escape ("\\x1b", "\\u202e", "\\udcff"), which
also keeps a warning on one line (unless told to keep line feeds) and lets a name that is not valid
UTF-8 be printed at all.
"""

from __future__ import annotations

import re

_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CONTROL_PICTURES = 0x2400  # U+2400 SYMBOL FOR NULL ... U+241F SYMBOL FOR UNIT SEPARATOR

# C0 and C1 controls and DEL, bidi embeddings, overrides, isolates and marks, line and paragraph
# separators, lone surrogates.
_TERMINAL_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)


def _xml_replacement(match: re.Match) -> str:
    code = ord(match.group())
    return chr(_CONTROL_PICTURES + code) if code < 0x20 else "\ufffd"


def for_xml(text: str) -> str:
    """`text` with every character XML 1.0 forbids replaced (see the module docstring)."""
    return _XML_FORBIDDEN.sub(_xml_replacement, text)


def _terminal_escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with every character that could act on a terminal written as an escape; with
    `keep_newlines`, line feeds stay (a message of several lines)."""
    if keep_newlines:
        return "\n".join(_TERMINAL_UNSAFE.sub(_terminal_escape, line) for line in text.split("\n"))
    return _TERMINAL_UNSAFE.sub(_terminal_escape, text)
