"""Hostile input: a bad file costs a warning, never the build, the output or a script injection."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEEDS
from tests.hostile_kit import GOOD, KG, build_args, run_kg


def write_hostile_folder(folder: Path) -> dict[str, str]:
    """Every kind of bad or strange file, plus one good one; returns bad file -> expected
    problem."""
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    bad = {
        "empty.txt": "empty file",
        "blank.txt": "empty file",
        "binary.txt": "binary",
        "nul.txt": "NUL",
        "huge.txt": "too large",
        "front.md": "not valid YAML",
        "loop.txt": "cannot read",
        "dangling.txt": "cannot read",
        "fifo.txt": "not a regular file",
        "lines.jsonl:2": "malformed JSON",
        "lines.jsonl:3": "'text'",
        # a notice, not a bad file: it is built all the same
        "latin1.txt": "encoding guessed as cp1252",
    }
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text("  \n\t\n   ", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "nul.txt").write_bytes(b"Germany pledged\x00tanks\x00 to Ukraine.")
    with open(folder / "huge.txt", "wb") as fh:  # 50 MB: past the 5 MB default, skipped unread
        fh.truncate(50 * 1024 * 1024)
    (folder / "front.md").write_text(
        "---\ntitle: [unclosed\n---\nFrance sent troops.\n", encoding="utf-8"
    )
    os.symlink("loop.txt", folder / "loop.txt")
    os.symlink("missing.txt", folder / "dangling.txt")
    os.mkfifo(folder / "fifo.txt")
    (folder / "sub").mkdir()
    os.symlink("..", folder / "sub" / "back")  # a folder loop: never followed
    lines = [
        {"id": "ok", "text": "Norway acquired Patriot systems for Ukraine."},
        "{not json",
        {"title": "no text"},
    ]
    (folder / "lines.jsonl").write_text(
        "\n".join(row if isinstance(row, str) else json.dumps(row) for row in lines) + "\n",
        encoding="utf-8",
    )
    # Strange but valid text: these must build.
    (folder / "latin1.txt").write_bytes(
        "Le président Macron a déclaré que la France enverrait des troupes en Ukraine, à Kyiv, "
        "après le cessez-le-feu négocié.".encode("latin-1")
    )
    (folder / "utf16.txt").write_bytes(
        "Poland’s prime minister said Warsaw would send aid.".encode("utf-16")
    )
    (folder / "bom.txt").write_bytes("Denmark ordered missiles for Ukraine.".encode("utf-8-sig"))
    (folder / "quotes.txt").write_text('"""""“”“”‘’\'\'\'"\n“““\n”””\n', encoding="utf-8")
    (folder / "unbalanced.txt").write_text(
        '“He said “yes” and “no, Putin said.\n"Nested \'quotes "inside" here\' end," said Rutte.\n',
        encoding="utf-8",
    )
    (folder / "long.txt").write_text(
        " ".join(["Ukraine and its allies"] * 1250) + ".\n", encoding="utf-8"
    )
    (folder / "markup.txt").write_text(
        '<p>Zelenskyy said: "<script>alert(1)</script> <img src=x onerror=alert(1)>"</p>\n',
        encoding="utf-8",
    )
    return bad


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    bad = write_hostile_folder(base / "in")
    result = run_kg(
        "build", str(base / "in"), "--out", str(base / "out"), "--no-cache", "--jobs", "1"
    )
    return base, bad, result


def test_hostile_folder_builds_with_one_warning_per_bad_file(hostile_build):
    base, bad, result = hostile_build
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning:" in line]
    for name, problem in bad.items():
        lines = [line for line in warnings if f"{name}" in line]
        assert len(lines) == 1 and problem in lines[0], (name, warnings)
    assert len(warnings) == len(bad)
    report = json.loads((base / "out" / "report.json").read_text())
    assert len(report["warnings"]) == len(bad)


def test_good_and_strange_files_are_in_the_graph(hostile_build):
    base, _, _ = hostile_build
    nt = (base / "out" / "graph.nt").read_text(encoding="utf-8")
    for ident in (
        "good.txt",
        "lines.jsonl#ok",
        "latin1.txt",
        "utf16.txt",
        "bom.txt",
        "quotes.txt",
        "unbalanced.txt",
        "long.txt",
        "markup.txt",
    ):
        assert f'"{ident}"' in nt, ident
    report = json.loads((base / "out" / "report.json").read_text())
    assert report["documents"] == 9
    assert (
        set(report["encodings"]) >= {"utf-8", "utf-16", "utf-8-sig"}
        and len(report["encodings"]) == 4
    )


def test_evidence_offsets_index_the_decoded_text(hostile_build):
    from rdflib import Graph

    from kg.namespaces import OA

    base, _, _ = hostile_build
    g = Graph().parse(base / "out" / "graph.nt")
    assert all(str(o).isdigit() for p in (OA.start, OA.end) for o in g.objects(None, p))


def test_strict_fails_with_exit_code_2(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    result = run_kg("build", str(folder), "--out", str(tmp_path / "out"), "--strict", "--no-cache")
    assert result.returncode == 2
    assert "empty.txt" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["build", "{tmp}/nothing-here", "--out", "{tmp}/out", "--no-cache"],
            "no readable articles",
        ),
        (
            [
                "build",
                str(SEEDS),
                "--out",
                "{tmp}/out",
                "--model",
                "xx_no_such_model",
                "--no-cache",
            ],
            "pip install",
        ),
    ],
)
def test_fatal_errors_exit_1_with_one_line(tmp_path, args, message):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = run_kg(*args)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "error:" in line]
    assert len(errors) == 1 and message in result.stderr and "Traceback" not in result.stderr
    debug = run_kg("--debug", *args)
    assert debug.returncode == 1 and "Traceback" in debug.stderr


def test_ten_thousand_tiny_files(tmp_path):
    from kg.api import build

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(10_000):
        (folder / f"{n:05d}.txt").write_text(f"Item {n}.\n", encoding="utf-8")
    result = build([str(folder)], tmp_path / "out", jobs=2, batch_size=64)
    assert result.documents == 10_000 and result.warnings == []


def test_killed_build_leaves_previous_output_intact(seeds_build, tmp_path):
    import shutil

    out = tmp_path / "out"
    shutil.copytree(seeds_build, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(10):
        shutil.copy(SEEDS / "essay-europe-guarantee-force.txt", folder / f"essay-{n:02d}.txt")
    cache = tmp_path / "cache"
    proc = subprocess.Popen(
        [*KG, *build_args(folder, out, cache=cache, more=("--batch-size", "1"))],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not any(cache.rglob("*.json")) and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "the build finished before it could be killed"
    proc.send_signal(signal.SIGKILL)  # after the first document was extracted
    proc.wait(timeout=30)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


CLOSED_READER = """
import sys
from kg import cli

class Closed:  # the reader of the pipe has gone (`kg query ... | head -1`)
    def write(self, text):
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self):
        pass

    def fileno(self):
        return 1

    @property
    def buffer(self):  # kg query writes bytes
        return self

sys.stdout = Closed()
sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.parametrize(
    "args",
    [
        ["query", "{build}", "--name", "statements"],
        ["validate", "{build}"],
    ],
)
def test_a_closed_pipe_stops_quietly(seeds_build, args):
    argv = [a.replace("{build}", str(seeds_build)) for a in args]
    result = subprocess.run(
        [sys.executable, "-c", CLOSED_READER, *argv], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 141
    assert result.stderr == ""
