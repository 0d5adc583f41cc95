"""The seams between kg's modules (issue 15, item 4): no import circle, library code that never
prints, one place minting IRIs, output file names defined once, a build configured by one
dataclass."""

from __future__ import annotations

import ast
import dataclasses
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from kg.cli import main
from kg.namespaces import DEFAULT_BASE, Iris
from kg.pipeline import BuildConfig, read_documents

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "kg"
LIBRARY = sorted(p for p in PACKAGE.rglob("*.py") if "cli" not in p.relative_to(PACKAGE).parts)
FILE_NAMES = {
    "graph.nt",
    "graph.ttl",
    "graph.jsonld",
    "graph.json",
    "graph.html",
    "report.json",
    ".kg-build",
    ".kg-cache",
    ".kg-export",
}


def _calls(path: Path) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
    ]


def _called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


@pytest.mark.parametrize(
    "module", ["kg.export.tables", "kg.rows", "kg.export.rdf", "kg.scoring.kg_gold"]
)
def test_importing_a_library_module_does_not_import_the_api(module):
    code = f"import sys, {module}; print('kg.api' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: str(p.relative_to(ROOT)))
def test_library_code_never_prints(path):
    # Only kg/cli prints; the rest returns results and logs warnings.
    assert [c.lineno for c in _calls(path) if _called_name(c) == "print"] == []


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: str(p.relative_to(ROOT)))
def test_output_file_names_are_spelled_only_in_kg_filenames(path):
    if path == PACKAGE / "filenames.py":
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    spelled = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value in FILE_NAMES
    ]
    assert spelled == []


@pytest.mark.parametrize(
    "path",
    [
        PACKAGE / "export" / "rdf.py",
        PACKAGE / "namespaces.py",
        PACKAGE / "graph.py",
        PACKAGE / "rows.py",
        *sorted((PACKAGE / "scoring").glob("*.py")),
    ],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_no_iri_is_cut_apart(path):
    # Splitting at "/" or "#", or stripping a suffix or prefix, is how an IRI was taken apart.
    def cuts(call: ast.Call) -> bool:
        name = _called_name(call)
        if name in ("removesuffix", "removeprefix"):
            return True
        separators = [
            a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
        ]
        return name in ("split", "rsplit", "partition", "rpartition") and any(
            "/" in s or "#" in s for s in separators
        )

    assert [c.lineno for c in _calls(path) if cuts(c)] == []


@pytest.mark.parametrize("base", [DEFAULT_BASE, "https://example.com/data#", "urn:x:"])
def test_cooccurrence_iris_are_minted_from_the_actors_ids(base):
    iris = Iris(base)
    a, b = iris.actor("nato"), iris.actor("ukraine-country")
    assert iris.cooccurrence(a, b) == f"{iris.base}cooccurrence/nato/ukraine-country"


def test_an_actor_another_iris_minted_is_refused():
    with pytest.raises(ValueError, match="not minted by this Iris"):
        Iris().cooccurrence(Iris().actor("nato"), Iris().actor("ukraine"))


def test_build_config_is_frozen_and_keyword_only():
    assert BuildConfig().jobs == 1 and BuildConfig().cache_dir is None
    with pytest.raises(TypeError):
        BuildConfig("en_core_web_sm")  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        BuildConfig().jobs = 2  # type: ignore[misc]


def test_a_bad_input_is_logged_not_printed(tmp_path, capsys, caplog):
    (tmp_path / "notes.bin").write_bytes(b"\x00")
    warnings: list[str] = []
    with caplog.at_level(logging.WARNING, logger="kg"):
        assert list(read_documents([str(tmp_path)], max_chars=1000, warnings=warnings)) == []
    assert [r.name for r in caplog.records] == ["kg.pipeline"] and "not an article" in warnings[0]
    assert capsys.readouterr() == ("", "")


def test_the_command_shows_logged_warnings(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.bin").write_bytes(b"\x00")
    assert main(["build", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--no-cache"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(
        f"kg build: warning: {tmp_path / 'in' / 'notes.bin'}: not an article file"
    )
    assert err[1].startswith("kg build: error: no readable articles")
    assert not logging.getLogger("kg").handlers  # the command's handler is gone with it
