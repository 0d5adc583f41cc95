"""kg as a user installs it: a wheel in a fresh virtualenv, run from a folder outside the checkout.

An editable install (the Makefile's) and the test suite read kg/data and the ontology from the
checkout, so they cannot see a file the wheel forgot. This builds the wheel, installs it with the
pinned requirements.lock into a new virtualenv and builds the seeds with that venv's `kg`.
Installing the lock takes about a minute (less with a warm pip cache).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
# What setuptools reads to build the wheel; copied so that its build/ and *.egg-info never land
# in the checkout, and a stale build/lib of an earlier run cannot leak into the wheel.
BUILD_INPUTS = ("pyproject.toml", "README.md", "kg", "ontology")
GRAPH_FILES = ("graph.nt", "graph.ttl", "graph.jsonld", "graph.json", "graph.html")
INSTALL_TIMEOUT = 1800  # seconds: the lock holds spaCy, pandas, pyarrow and playwright


def _run(command: list, *, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess:
    # PYTHONPATH would put a checkout's kg ahead of the installed one.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True,
                            text=True, timeout=timeout)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            # symlinks=True keeps kg/ontology a link to ontology/, as in a clone.
            shutil.copytree(ROOT / name, source / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(ROOT / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
          "-w", dist, source], cwd=source)
    (built,) = dist.glob("*.whl")
    return built


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory) -> Path:
    """The working directory of every installed command: not the checkout."""
    return tmp_path_factory.mktemp("elsewhere")


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel, elsewhere) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", "--without-pip", folder], cwd=elsewhere)
    # This interpreter's pip installs into the new venv (--python), which needs no pip of its own.
    pip = [sys.executable, "-m", "pip", "--python", folder / "bin" / "python", "install", "--quiet"]
    _run([*pip, "--require-hashes", "--no-deps", "-r", ROOT / "requirements.lock"], cwd=elsewhere,
         timeout=INSTALL_TIMEOUT)
    _run([*pip, "--no-deps", wheel], cwd=elsewhere)
    yield folder
    shutil.rmtree(folder)  # about 1 GB; pytest keeps the tmp folders of its last three runs


@pytest.fixture(scope="module")
def installed_build(venv, elsewhere) -> Path:
    out = elsewhere / "output"
    _run([venv / "bin" / "kg", "build", ROOT / "seeds", "--out", out, "--no-cache", "--quiet"],
         cwd=elsewhere)
    return out


def test_the_wheel_carries_every_ontology_file(wheel):
    with zipfile.ZipFile(wheel) as archive:
        for path in sorted((ROOT / "ontology").iterdir()):
            assert archive.read(f"kg/ontology/{path.name}") == path.read_bytes(), path.name


def test_the_venv_imports_the_installed_kg_not_the_checkout(venv, elsewhere):
    printed = _run([venv / "bin" / "python", "-c", "import kg; print(kg.__file__)"], cwd=elsewhere)
    imported = Path(printed.stdout.strip()).resolve()
    assert imported.is_relative_to(venv.resolve()) and "site-packages" in imported.parts
    assert not imported.is_relative_to(ROOT)


def test_the_version_is_read_from_the_distribution(venv, elsewhere):
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    printed = _run([venv / "bin" / "python", "-c", "import kg; print(kg.__version__)"],
                   cwd=elsewhere)
    assert printed.stdout.strip() == declared["version"]


def test_the_installed_kg_builds_a_graph_that_validates(venv, elsewhere, installed_build):
    assert (installed_build / "graph.nt").stat().st_size > 0
    checked = _run([venv / "bin" / "kg", "validate", installed_build], cwd=elsewhere)
    assert "graph.nt: conforms" in checked.stdout  # exit status 1 on a violation


@pytest.mark.parametrize("name", GRAPH_FILES)
def test_the_installed_build_is_the_checkout_build(installed_build, seeds_build, name):
    # Same gazetteer, context and rules: a data file missing from the wheel changes the graph.
    assert (installed_build / name).read_bytes() == (seeds_build / name).read_bytes()
