"""Ingest: files and folders in, `Document`s out.

The text is kept exactly as decoded (every offset of every later stage indexes it). What this stage
adds is knowledge *about* the text: which paragraphs are the article body (site chrome, headings and
repeated paragraphs are left out) and the metadata the text or its front matter gives.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
import tomllib
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from pathlib import Path

from kg.errors import (
    EncodingGuessed,
    FrontMatterAliases,
    FrontMatterTooLarge,
    InputError,
    LoneSurrogates,
    NotAnArticle,
)
from kg.filenames import BUILD_FILES, STORE_DIR
from kg.paths import DATA_DIR, ONTOLOGY_DIR, jsonl_rows
from kg.records import Document, DocumentMeta

SUFFIXES = (".txt", ".md", ".jsonl")
DEFAULT_MAX_CHARS = 5_000_000
# Encodings a file states (a BOM) or that fit it strictly (UTF-8): any other was guessed.
KNOWN_ENCODINGS = frozenset({"utf-8", "utf-8-sig", "utf-16"})
_SURROGATE = re.compile("[\ud800-\udfff]")

MONTHS = (
    "january february march april may june july august september october november december"
).split()
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE_LINE = re.compile(
    r"(?:(?:published|updated|posted|date)\s*:?\s*)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?"
    r"(?:"
    rf"(?P<d1>\d{{1,2}})\s+{_MONTH}\s+(?P<y1>\d{{4}})"
    rf"|{_MONTH.replace('month', 'month2')}\s+(?P<d2>\d{{1,2}}),?\s+(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2})"
    r")"
    r"(?:[,\s]+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?\s*",
    re.IGNORECASE,
)
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|da|van|von|der|la|le|bin|al))*"
_BYLINE = re.compile(
    rf"(?:by|written by|author:)\s+(?P<name>{_NAME})(?:\s*[,|\-–—]\s*.*)?\s*", re.IGNORECASE
)
_URL = re.compile(r"https?://[^\s<>\"')]+")
# How a short line ends when it is prose rather than a menu item or a heading: a sentence, a
# closing quote or bracket, or a colon introducing a quote ("He said:"). Broader on purpose than
# _ends_sentence, which decides whether a line can still be a headline.
_PROSE_ENDINGS = (".", "!", "?", "…", '"', "”", "’", ")", ":")


@dataclass(frozen=True, slots=True)
class Publisher:
    name: str
    aliases: tuple[str, ...]
    handles: tuple[str, ...]
    domains: tuple[str, ...]


@lru_cache(maxsize=1)
def _chrome() -> tuple[re.Pattern[str], frozenset[str]]:
    data = tomllib.loads((DATA_DIR / "chrome.toml").read_text(encoding="utf-8"))
    pattern = re.compile("|".join(f"(?:{p})" for p in data["line_patterns"]), re.IGNORECASE)
    return pattern, frozenset(data["menu_words"])


@dataclass(frozen=True, slots=True)
class IngestLimits:
    western_encodings: tuple[str, ...]
    repeat_candidates: int
    max_front_matter_chars: int


@lru_cache(maxsize=1)
def limits() -> IngestLimits:
    data = tomllib.loads((DATA_DIR / "ingest.toml").read_text(encoding="utf-8"))
    return IngestLimits(
        tuple(data["western_encodings"]),
        int(data["repeat_candidates"]),
        int(data["max_front_matter_chars"]),
    )


@lru_cache(maxsize=1)
def publishers() -> tuple[Publisher, ...]:
    return tuple(
        Publisher(
            row["name"],
            tuple(row.get("aliases", ())),
            tuple(row.get("handles", ())),
            tuple(row.get("domains", ())),
        )
        for row in jsonl_rows(ONTOLOGY_DIR / "publishers.jsonl")
    )


# ---------------------------------------------------------------------------------------------
# Finding and reading files


def discover(inputs: list[str]) -> Iterator[tuple[Path, str] | NotAnArticle]:
    """Yield (path, id) for every article file; id is the path relative to the input folder. Another
    file in a folder is yielded as a NotAnArticle notice, so a user learns it was not read, except
    hidden files, files in hidden folders (.git, kg's cache) and the files of a kg output folder."""
    for given in inputs:
        root = Path(given)
        if root.is_dir():
            # followlinks=False: a symlink loop in the input folder cannot recurse forever.
            for folder, dirs, files in os.walk(root, followlinks=False):
                dirs.sort()
                relative = Path(folder).relative_to(root)
                # A build's store (its RocksDB files) is no article and not worth a warning each.
                quiet = any(part.startswith(".") or part == STORE_DIR for part in relative.parts)
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    path = Path(folder) / name
                    if name.endswith(SUFFIXES):
                        yield path, _readable_id(path.relative_to(root).as_posix())
                    elif not quiet and name not in BUILD_FILES:  # a kg output folder's
                        yield NotAnArticle(str(path), SUFFIXES)
        else:
            yield root, _readable_id(root.name)


def _readable_id(name: str) -> str:
    """A file name as valid Unicode. Bytes that are not UTF-8 reach Python as lone surrogates, which
    no JSON, RDF literal or IRI can hold (the build crashed on them): the byte 0xff becomes the
    four characters "\\xff"."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def decode(raw: bytes, path: str) -> tuple[str, str]:
    """Bytes to text: UTF-8 (with or without BOM) first, then a detected encoding."""
    if not raw.strip():
        raise InputError(path, "empty file")
    try:
        if raw.startswith(b"\xef\xbb\xbf"):
            return raw[3:].decode("utf-8"), "utf-8-sig"
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            return raw.decode("utf-16"), "utf-16"
    except (
        UnicodeDecodeError
    ) as exc:  # a BOM states the encoding: bytes that break it are not guessed at
        raise InputError(
            path,
            f"not valid {exc.encoding.upper()} although it starts with its byte-order mark "
            f"({exc.reason})",
        ) from None
    try:
        text = raw.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        text, encoding = _guess_encoding(raw, path)
    if "\x00" in text:
        raise InputError(path, "contains NUL bytes: binary, not text")
    controls = sum(
        1 for c in text[:100_000] if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f\v"
    )
    if controls > 0.02 * min(len(text), 100_000):
        raise InputError(path, "binary content (too many control characters to be text)")
    return text, encoding


def _guess_encoding(raw: bytes, path: str) -> tuple[str, str]:
    """charset-normalizer's best reading, except that among readings as good as its best (the same
    mess and language scores, or the same text) the common Western encodings win: on short French
    or German text it picked cp1250 as often as not."""
    from charset_normalizer import from_bytes

    matches = from_bytes(raw)
    best = matches.best()
    if best is None:
        raise InputError(path, "binary or undecodable content (no text encoding fits)")
    tied = [best.encoding, *best.could_be_from_charset]
    for match in matches:
        if (match.chaos, match.coherence) == (best.chaos, best.coherence):
            tied += [match.encoding, *match.could_be_from_charset]
    for encoding in limits().western_encodings:
        if encoding in tied:
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError:
                continue
    return str(best), best.encoding


@contextmanager
def _read_errors(shown: str) -> Iterator[None]:
    """An OS error reading the file becomes the InputError a user can act on."""
    try:
        yield
    except PermissionError:
        raise InputError(shown, "permission denied") from None
    except OSError as exc:
        raise InputError(shown, f"cannot read: {exc.strerror or exc}") from None


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A document as read and decoded, before its body and metadata are worked out: all that the
    Document is made from, so it keys the extraction cache, and a rebuild skips `make_document`
    for every article it has seen (about 0.45 s of an 8 s rebuild of 179 articles)."""

    id: str
    text: str
    encoding: str = "utf-8"
    source: str = ""
    given: DocumentMeta | None = None  # metadata the file states (front matter, JSONL fields)
    start: int = 0  # where the body may begin (after front matter)

    def document(self) -> Document:
        return make_document(
            self.id,
            self.text,
            encoding=self.encoding,
            source=self.source,
            given=self.given,
            start=self.start,
        )


def read_path(
    path: Path, doc_id: str, *, max_chars: int = DEFAULT_MAX_CHARS
) -> Iterator[Document | InputError]:
    """The documents of one file. A bad file raises InputError; a bad line of a JSONL file is
    yielded as an InputError in its place, so the file's good lines still count."""
    for item in read_raw(path, doc_id, max_chars=max_chars):
        yield item if isinstance(item, InputError) else item.document()


def read_raw(
    path: Path, doc_id: str, *, max_chars: int = DEFAULT_MAX_CHARS
) -> Iterator[RawDocument | InputError]:
    """`read_path`, stopping short of `make_document`."""
    shown = str(path)
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(shown, f"cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(shown, "not a regular file (a folder, FIFO or device); skipped")
    if (
        path.suffix == ".jsonl"
    ):  # a corpus, not a document: each line is checked on its own, as it is read
        yield from _read_jsonl(path, shown, doc_id, max_chars=max_chars)
        return
    if info.st_size > max_chars * 4:  # no encoding needs more than 4 bytes a character
        raise InputError(
            shown, f"too large ({info.st_size:,} bytes; the limit is {max_chars:,} characters)"
        )
    with _read_errors(shown):
        raw = path.read_bytes()
    text, encoding = decode(raw, shown)
    if len(text) > max_chars:
        raise InputError(shown, f"too large ({len(text):,} characters; the limit is {max_chars:,})")
    if (
        path.suffix == ".md"
    ):  # its front matter read before the encoding notice: a bad file gets one warning
        items = list(_from_markdown(text, doc_id, encoding, shown))
    else:
        items = [RawDocument(doc_id, text, encoding=encoding, source=shown)]
    if encoding not in KNOWN_ENCODINGS:
        yield EncodingGuessed(shown, encoding)
    yield from items


def _jsonl_lines(path: Path, shown: str) -> Iterator[tuple[int, str | None, str]]:
    """(line number, text or None when the line is not UTF-8, encoding) of each non-blank line, read
    one at a time: a JSONL file is a corpus, and holding it whole grew the build with it. JSON Lines
    are UTF-8 (with or without BOM); a first line that is not, or has NUL bytes, makes the file
    binary."""
    encoding = "utf-8"
    seen = False
    with _read_errors(shown), open(path, "rb") as fh:
        for n, raw in enumerate(fh, start=1):
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw, encoding = raw[3:], "utf-8-sig"
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                line = None
            if not seen and (line is None or "\x00" in line):
                raise InputError(shown, "binary or not UTF-8 (JSON Lines must be UTF-8)")
            seen = True
            yield n, line, encoding
    if not seen:
        raise InputError(shown, "empty file")


def _read_jsonl(
    path: Path, shown: str, doc_id: str, *, max_chars: int
) -> Iterator[RawDocument | InputError]:
    for n, line, encoding in _jsonl_lines(path, shown):
        where = f"{shown}:{n}"
        if line is None:
            yield InputError(where, "not UTF-8 (JSON Lines must be UTF-8); line skipped")
            continue
        if len(line) > max_chars * 8:  # JSON escapes take at most 6 characters for one
            yield InputError(
                where,
                f"too large ({len(line):,} characters; the limit is {max_chars:,}); line skipped",
            )
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(where, f"malformed JSON line ({exc.msg}); line skipped")
            continue
        if (
            not isinstance(row, dict)
            or not isinstance(row.get("text"), str)
            or not row["text"].strip()
        ):
            yield InputError(
                where, "JSON line without a non-empty string field 'text'; line skipped"
            )
            continue
        if "\x00" in row["text"]:
            yield InputError(where, "text contains NUL bytes; line skipped")
            continue
        if len(row["text"]) > max_chars:
            yield InputError(
                where,
                f"too large ({len(row['text']):,} characters; the limit is {max_chars:,}); "
                "line skipped",
            )
            continue
        row, replaced = _without_surrogates(row)
        if replaced:
            yield LoneSurrogates(where, replaced)
        ident = str(row.get("id") or n)
        meta = DocumentMeta(
            title=_str(row.get("title")),
            published=normalise_date(_str(row.get("published") or row.get("date"))),
            author=_str(row.get("author")),
            publisher=_str(row.get("publisher")),
            url=_str(row.get("url")),
        )
        yield RawDocument(
            f"{doc_id}#{ident}", row["text"], encoding=encoding, source=where, given=meta
        )


def _without_surrogates(row: dict) -> tuple[dict, int]:
    """The row with each lone surrogate in its string fields replaced by U+FFFD, and how many there
    were. JSON lets "\\ud800" through; UTF-8 cannot encode it, so it failed where the text was
    written. One code point for one: every offset into the text is the same as in the text as
    read."""
    count = 0
    clean = {}
    for key, value in row.items():
        if isinstance(value, str):
            value, n = _SURROGATE.subn("\ufffd", value)
            count += n
        clean[key] = value
    return (clean, count) if count else (row, 0)


def _str(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


class _AliasFound(Exception):
    def __init__(self, line: int):
        self.line = line


@lru_cache(maxsize=1)
def _front_matter_loader() -> type:
    """yaml.SafeLoader refusing aliases: with them a few hundred bytes of front matter compose a
    structure that expands to gigabytes ("billion laughs"); without them what is composed is no
    larger than the text. Front matter of an article has no use for them."""
    import yaml

    class FrontMatterLoader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                raise _AliasFound(self.peek_event().start_mark.line)
            return super().compose_node(parent, index)

    return FrontMatterLoader


def _from_markdown(
    text: str, doc_id: str, encoding: str, shown: str
) -> Iterator[RawDocument | InputError]:
    given = DocumentMeta()
    body_start = 0
    match = re.match(r"---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|$)", text, re.DOTALL)
    if match:
        import yaml

        if len(match.group(1)) > limits().max_front_matter_chars:
            raise FrontMatterTooLarge(shown, len(match.group(1)), limits().max_front_matter_chars)
        try:
            front = yaml.load(match.group(1), Loader=_front_matter_loader())
        except _AliasFound as found:
            raise FrontMatterAliases(
                shown, found.line + 2
            ) from None  # + the opening "---", 1-based
        except yaml.YAMLError as exc:
            raise InputError(
                shown, f"front matter is not valid YAML ({str(exc).splitlines()[0]})"
            ) from None
        if front is not None and not isinstance(front, dict):
            raise InputError(shown, "front matter is not a YAML mapping")
        front, replaced = _without_surrogates(front or {})
        if replaced:
            yield LoneSurrogates(f"{shown} (front matter)", replaced)
        given = DocumentMeta(
            title=_str(front.get("title")),
            published=normalise_date(_str(front.get("date") or front.get("published"))),
            author=_str(front.get("author")),
            publisher=_str(front.get("publisher")),
            url=_str(front.get("url") or front.get("source")),
        )
        body_start = match.end()
    yield RawDocument(doc_id, text, encoding=encoding, source=shown, given=given, start=body_start)


# ---------------------------------------------------------------------------------------------
# Body and metadata


def lines(text: str, start: int = 0) -> Iterator[tuple[int, int]]:
    """(start, end) of every non-blank line from `start`, without its line break or outer spaces."""
    for match in re.finditer(r"[^\r\n]+", text[start:]):
        s, e = match.start() + start, match.end() + start
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            yield s, e


_MENU_WORD = re.compile(r"[\w+-]+")


def is_chrome(line: str) -> bool:
    pattern, menu_words = _chrome()
    if pattern.fullmatch(line.strip()):
        return True
    # At most five words are looked at: a paragraph is not chrome, and reading all its words was
    # most of ingest's time.
    words = [m.group(0) for m in islice(_MENU_WORD.finditer(line.lower()), 5)]
    if not words:
        return True  # punctuation only
    return len(words) <= 4 and all(w in menu_words for w in words)


def _ends_sentence(line: str) -> bool:
    """Ends like a sentence, closing quotes and brackets aside: 'exchange.”' does."""
    return line.rstrip("\"'”’»)]").endswith((".", "!", "?", "…"))


def is_heading(line: str) -> bool:
    """A section heading: a short Title Case line with no closing punctuation."""
    stripped = line.strip()
    if _ends_sentence(stripped) or stripped.endswith((",", ";", '"', "”")):
        return False
    words = re.findall(r"[A-Za-z][\w'’-]*", stripped)
    if not 2 <= len(words) <= 16:
        return False
    content = [w for w in words if len(w) > 3]
    if not content:
        return False
    capitalised = sum(w[0].isupper() for w in content)
    return capitalised / len(content) >= 0.75


def _shingles(text: str) -> frozenset[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return frozenset(tuple(words[i : i + 3]) for i in range(max(0, len(words) - 2)))


class _Paragraphs:
    """The body paragraphs of one document so far, to tell a repeat: one said before verbatim or,
    when long enough to tell, with mostly the same word triples (at least `threshold` of its own).

    Comparing each paragraph with every earlier one took 34 s for a file of 32,000 short lines. Here
    a verbatim repeat is one set lookup, and a near repeat is looked for only among the earlier
    paragraphs sharing one of its rarest triples: any paragraph with enough triples in common must
    have one of those. At most `candidates` earlier paragraphs are compared, met through the rarest
    triple first: a bound real articles never reach (the Guardian corpus gives the same bodies)."""

    def __init__(self, *, threshold: float, candidates: int):
        self.threshold = threshold
        self.candidates = candidates
        self._verbatim: set[frozenset[tuple[str, ...]]] = set()
        self._shingles: list[frozenset[tuple[str, ...]]] = []
        self._postings: dict[tuple[str, ...], list[int]] = {}

    def repeats(self, mine: frozenset[tuple[str, ...]]) -> bool:
        if not mine:
            return False
        if len(mine) < 12:
            return mine in self._verbatim
        size = len(mine)
        least = self._least_shared(size)
        if least > size:
            return False
        if least <= 0:
            return bool(self._shingles)
        # A paragraph missing all of the `size - least + 1` rarest shingles shares fewer than
        # `least`; shingles never seen are the rarest, and lead to no paragraph.
        postings = self._postings
        known = [s for s in mine if s in postings]
        wanted = len(known) - least + 1
        if wanted <= 0:
            return False
        # Sorted by the shingle too: set order changes with the hash seed, the output must not.
        rarest = sorted(known, key=lambda s: (len(postings[s]), s))[:wanted]
        compared: set[int] = set()
        for shingle in rarest:
            for index in postings[shingle]:
                if index in compared:
                    continue
                if len(mine & self._shingles[index]) / size >= self.threshold:
                    return True
                compared.add(index)
                if len(compared) >= self.candidates:
                    return False
        return False

    def _least_shared(self, size: int) -> int:
        """The fewest shingles in common that make a repeat: the least k with k / size >=
        threshold."""
        least = max(0, math.ceil(self.threshold * size))
        while least > 0 and (least - 1) / size >= self.threshold:
            least -= 1
        while least <= size and least / size < self.threshold:
            least += 1
        return least

    def add(self, mine: frozenset[tuple[str, ...]]) -> None:
        index = len(self._shingles)
        self._shingles.append(mine)
        self._verbatim.add(mine)
        for shingle in mine:
            self._postings.setdefault(shingle, []).append(index)


def normalise_date(value: str | None) -> str | None:
    if not value:
        return None
    match = _DATE_LINE.fullmatch(value.strip())
    if not match:
        return None
    g = match.groupdict()
    if g.get("y3"):
        year, month, day = int(g["y3"]), int(g["m3"]), int(g["d3"])
    else:
        month_name = (g.get("month") or g.get("month2") or "").lower()[:3]
        month = [m[:3] for m in MONTHS].index(month_name) + 1
        year = int(g.get("y1") or g.get("y2"))
        day = int(g.get("d1") or g.get("d2"))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _publisher_of(text: str, chrome_lines: list[str]) -> str | None:
    known = publishers()
    for line in chrome_lines:  # a footer line that is just the publisher's name
        folded = line.strip().casefold()
        for pub in known:
            if folded in {a.casefold() for a in (pub.name, *pub.aliases)}:
                return pub.name
    lowered = text.casefold()
    for pub in known:
        if any(f"@{h.casefold()}" in lowered for h in pub.handles) or any(
            d.casefold() in lowered for d in pub.domains
        ):
            return pub.name
    for line in chrome_lines:
        match = re.fullmatch(
            r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?([A-Z][\w .&'-]{1,60}?)[\s.,]*"
            r"(?:all rights reserved\.?)?",
            line.strip(),
            re.I,
        )
        if match:
            return match.group(1).strip()
    return None


def make_document(
    doc_id: str,
    text: str,
    *,
    encoding: str = "utf-8",
    source: str = "",
    given: DocumentMeta | None = None,
    start: int = 0,
    repeat_threshold: float = 0.6,
) -> Document:
    """Split the text into lines, keep the body, read the metadata. The text is never changed."""
    meta = given or DocumentMeta()
    body: list[tuple[int, int]] = []
    chrome: list[str] = []
    seen = _Paragraphs(threshold=repeat_threshold, candidates=limits().repeat_candidates)
    title = author = published = url = None
    title_span: tuple[int, int] | None = None
    for s, e in lines(text, start):
        line = text[s:e]
        if url is None and (m := _URL.search(line)) and len(line.split()) <= 3:
            url = m.group(0)
            continue
        if published is None and (date := normalise_date(line)):
            published = date
            continue
        if author is None and (m := _BYLINE.fullmatch(line)) and len(line.split()) <= 8:
            author = m.group("name").strip()
            continue
        if is_chrome(line):
            chrome.append(line)
            continue
        if is_heading(line) or len(line.split()) < 3 and not line.endswith(_PROSE_ENDINGS):
            if not body and title is None and len(line.split()) >= 3:
                title = line
            chrome.append(line)
            continue
        if not body and title is None and len(line.split()) <= 30 and not _ends_sentence(line):
            title = line  # a headline before the first paragraph
            title_span = (s, e)
            continue
        shingles = _shingles(line)
        if seen.repeats(shingles):
            continue
        seen.add(shingles)
        body.append((s, e))
    if not body and title_span is not None:  # a one-line text: its only line is the body
        body, title = [title_span], None
    meta = DocumentMeta(
        title=meta.title or title,
        published=meta.published or published,
        author=meta.author or author,
        publisher=meta.publisher or _publisher_of(text, chrome),
        url=meta.url or url,
    )
    return Document(id=doc_id, text=text, meta=meta, body=body, encoding=encoding, source=source)
