"""Hostile inputs and peers shared by the hostile-input tests and their bench scripts."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# One sentence every pipeline extracts something from: the good file beside the hostile ones.
GOOD = (
    "Germany pledged more air defence systems to Ukraine, Chancellor Friedrich Merz said on "
    "Monday.\n"
)
KG = [sys.executable, "-m", "kg"]


def run_kg(*args: str, cwd: Path = ROOT, timeout: int = 240) -> subprocess.CompletedProcess:
    return subprocess.run([*KG, *args], capture_output=True, text=True, cwd=cwd, timeout=timeout)


def build_args(
    folder: Path, out: Path, *, cache: Path | None = None, jobs: int = 1, more: tuple = ()
) -> list[str]:
    """`kg build` arguments (after `kg`): one worker unless told, no cache unless given one."""
    caching = ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    return ["build", str(folder), "--out", str(out), *caching, "--jobs", str(jobs), *more]


def billion_laughs(levels: int = 9) -> str:
    """Front matter of a few hundred bytes whose title expands to 9**levels strings."""
    rows = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghijklmnop"
    for level in range(1, levels):
        aliases = ", ".join([f"*{names[level - 1]}"] * 9)
        rows.append(f"{names[level]}: &{names[level]} [{aliases}]")
    rows.append(f"title: *{names[levels - 1]}")
    body = "France sent troops to Ukraine, President Macron said on Monday.\n"
    return "---\n" + "\n".join(rows) + "\n---\n" + body


class Listener:
    """A loopback port that counts the connections made to it: where a SERVICE would send its
    request."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.settimeout(2)
            try:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.0 500 Nope\r\nContent-Length: 0\r\n\r\n")
            except OSError:
                pass
            conn.close()

    def close(self):
        self.sock.close()
