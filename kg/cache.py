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
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from kg.paths import ONTOLOGY_DIR, PACKAGE_DIR
from kg.ingest import RawDocument
from kg.records import DocRecords

FORMAT = 2  # 2: keyed by the document as read (RawDocument), not as ingested
# What shapes a document's records: ingest, the pipeline, the extractors, their data. Export,
# resolution and the commands are not here: changing them must not throw the records away.
EXTRACTION_SOURCES = (
    "ingest.py", "nlp.py", "gazetteer.py", "records.py", "names.py", "namespaces.py", "paths.py",
    "cache.py", "extract/*.py", "data/*.toml", "data/*.jsonl",
)


@lru_cache(maxsize=4)
def pipeline_version(model: str) -> str:
    digest = hashlib.sha256(f"kg-cache/{FORMAT}|{model}|spacy {_version('spacy')}|{_version(model)}".encode())
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
    given = None if meta is None else [meta.title, meta.published, meta.author, meta.publisher, meta.url]
    ident = json.dumps([document.id, given, document.start, document.encoding])
    digest = hashlib.sha256(version.encode())
    digest.update(ident.encode())
    digest.update(document.text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class RecordCache:
    """A folder of pickled DocRecords, one file per document key; writes are atomic renames."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder else None

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> DocRecords | None:
        if self.folder is None:
            return None
        try:
            with open(self._path(key), "rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
            return None  # missing or stale: extract again

    def put(self, key: str, records: DocRecords) -> None:
        if self.folder is None:
            return
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(records, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
