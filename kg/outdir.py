"""The output folder of `kg build`: whose it is, and replacing it without ever leaving none.

A build replaces its output folder whole, so kg must only ever replace a folder it wrote itself.
Every output folder holds a marker file (kg.filenames.BUILD_MARKER) naming the files the build
wrote; `prepare` refuses, before any article is read, an `--out` that overlaps an input, is the
folder the user is in, or holds anything kg did not write (the last unless `force`).

The new output is written into a staging folder beside `--out` and swapped in at the end. On Linux
the swap is one atomic renameat2(RENAME_EXCHANGE); elsewhere it is two renames, and a build
stopped between them leaves the previous output in `.NAME.old-*`, which the next build puts back.
Staging and retired folders carry their owner (host, pid, process start time) in their name, so
the next build removes those of dead builds and never those of a build still running.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import hashlib
import os
import re
import secrets
import shutil
import socket
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kg.errors import OutputNotWritable, OutputRefused
from kg.filenames import BUILD_FILES, BUILD_MARKER, GRAPH_NT, REPORT_JSON

# The first line, then one name a line: the files the build wrote beside the marker.
MARKER_TEXT = (
    "This folder was written by `kg build`, which replaces it whole when it builds into "
    "it again; its files:\n"
)
# An output written before the marker existed: kg's own files and nothing else.
UNMARKED_OUTPUT_NEEDS = frozenset({GRAPH_NT, REPORT_JSON})
# Leftovers named without an owner (by kg before owners were recorded) count as dead once this old.
UNOWNED_GRACE_SECONDS = 3600
STAGING, RETIRED = "building", "old"


# ------------------------------------------------------------------ owners of temporary folders


@dataclass(frozen=True, slots=True)
class Owner:
    """The process that made a staging or retired folder, as written into the folder's name."""

    host: str  # first 8 hex digits of sha1(hostname): a pid means nothing on another machine
    pid: int
    # Start time in clock ticks since boot (Linux), so a reused pid is not taken for the owner;
    # 0 if unknown.
    started: int

    @classmethod
    def this_process(cls) -> Owner:
        stat = _process_stat(os.getpid())
        return cls(_host_tag(), os.getpid(), stat[1] if stat else 0)

    def tag(self) -> str:
        return f"{self.host}-{self.pid}-{self.started}"

    def alive(self) -> bool:
        if self.host != _host_tag():
            return True  # cannot tell: leave it to a build on its own machine
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass  # exists, under another user
        stat = _process_stat(self.pid)
        if stat is None:
            return True
        state, started = stat
        return state not in "ZX" and (self.started == 0 or started == self.started)


@functools.cache
def _host_tag() -> str:
    return hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def _process_stat(pid: int) -> tuple[str, int] | None:
    """(state, start time) of a process from /proc (Linux), None where there is no /proc."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            stat = handle.read().decode("ascii", "replace")
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: fields are counted after the last
    # ")".
    fields = stat.rsplit(")", 1)[-1].split()
    try:
        return fields[0], int(fields[19])  # fields 3 (state) and 22 (starttime) of proc(5)
    except (IndexError, ValueError):
        return None


@dataclass(frozen=True, slots=True)
class Leftover:
    path: Path
    kind: str  # STAGING or RETIRED
    owner: Owner | None  # None: named before owners were recorded

    def dead(self) -> bool:
        if self.owner is not None:
            return not self.owner.alive()
        try:
            return time.time() - self.path.lstat().st_mtime > UNOWNED_GRACE_SECONDS
        except OSError:
            return False


def _leftover_pattern(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"\.{re.escape(name)}\.(?P<kind>{STAGING}|{RETIRED})-"
        r"(?:(?P<host>[0-9a-f]{8})-(?P<pid>\d+)-(?P<started>\d+)-)?[a-z0-9_]+"
    )


def leftovers(target: Path) -> Iterator[Leftover]:
    """Staging and retired folders of `target` beside it, live or dead."""
    pattern = _leftover_pattern(target.name)
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in sorted(entries, key=lambda e: e.name):
        match = pattern.fullmatch(entry.name)
        if match is None:
            continue
        owner = None
        if match["pid"]:
            owner = Owner(match["host"], int(match["pid"]), int(match["started"]))
        yield Leftover(Path(entry.path), match["kind"], owner)


def clean_leftovers(target: Path) -> list[str]:
    """Remove what dead builds left beside `target`; if a build died between the two renames of a
    swap, first put the previous output back. Returns a note for each output put back."""
    notes = []
    dead = [item for item in leftovers(target) if item.dead()]
    # Newest retired output first: it is the one a stopped swap took away.
    dead.sort(key=lambda item: (item.kind != RETIRED, -_mtime(item.path)))
    for item in dead:
        if item.kind == RETIRED and not os.path.lexists(target):
            # kg before owners were recorded kept the retired output one level down.
            nested = item.path / target.name
            unmarked = nested.is_dir() and not (item.path / BUILD_MARKER).exists()
            previous = nested if unmarked else item.path
            try:
                os.rename(previous, target)
                notes.append(
                    f"put back the previous output {target} from {item.path.name}, left by a build "
                    "that was stopped"
                )
            except OSError:
                pass
        remove(item.path)
    return notes


def _mtime(path: Path) -> float:
    try:
        return path.lstat().st_mtime
    except OSError:
        return 0.0


def remove(path: Path) -> None:
    """Remove a file or a folder tree, whichever `path` is; gone already is fine."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            path.unlink()
        except FileNotFoundError:
            pass


# ------------------------------------------------------------------ up-front checks


def write_marker(folder: Path) -> None:
    """Mark `folder` as a build's output, naming every file in it (call it last)."""
    names = sorted(name for name in os.listdir(folder) if name != BUILD_MARKER)
    text = MARKER_TEXT + "".join(f"{name}\n" for name in names)
    (folder / BUILD_MARKER).write_text(text, encoding="utf-8")


def written_by_kg(folder: Path) -> set[str] | None:
    """The names a build wrote into `folder` as its marker lists them; None if it has no marker."""
    try:
        lines = (folder / BUILD_MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return {BUILD_MARKER, *lines[1:]}


def foreign_files(folder: Path) -> list[str]:
    """The entries of `folder` that kg did not write (all of them if it is no output of kg's)."""
    names = sorted(os.listdir(folder))
    written = written_by_kg(folder)
    if written is None:
        written = BUILD_FILES if UNMARKED_OUTPUT_NEEDS <= set(names) else set()
    return [name for name in names if name not in written]


def refuse_overlap(out: str, target: Path, inputs: Iterable[str]) -> None:
    """Refuse, whatever --force says, an output folder whose replacement would delete an input,
    the folder the user is in, or the whole file system."""
    if target.parent == target:
        raise OutputRefused(
            out, "is the root of the file system; give kg a folder of its own, e.g. --out output"
        )
    here = Path.cwd().resolve()
    if target == here or target in here.parents:
        raise OutputRefused(
            out,
            "is the folder you are in (or one above it), and kg build replaces its output folder "
            "whole; "
            "give it a folder of its own, e.g. --out output",
        )
    for given in inputs:
        source = Path(given).resolve()
        if target == source:
            relation = "is the input"
        elif target in source.parents:
            relation = "contains the input"
        elif source in target.parents:
            relation = "lies inside the input"
        else:
            continue
        raise OutputRefused(
            out,
            f"{relation} {given}; kg build replaces its output folder whole and would delete what "
            "it reads "
            "(even with --force). Choose a folder outside the inputs",
        )


def refuse_foreign(out: str, target: Path, *, force: bool) -> None:
    """Refuse an existing `target` that kg did not write, unless `force`; an empty folder is fine.
    A device, FIFO or socket is refused even with `force`: replacing /dev/null is never meant."""
    if not os.path.lexists(target):
        return
    if not target.is_dir() and not target.is_file():
        raise OutputRefused(
            out,
            "is not a folder or a regular file (a device, FIFO or socket); give kg a folder of its "
            "own",
        )
    if force:
        return
    if not target.is_dir():
        raise OutputRefused(
            out,
            "is a file, not a folder kg wrote; choose another --out, or pass --force to replace "
            "the file with the output folder",
        )
    try:
        foreign = foreign_files(target)
    except OSError as exc:
        raise OutputNotWritable(out, exc.strerror or str(exc)) from None
    if not foreign:
        return
    shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
    raise OutputRefused(
        out,
        f"the folder holds files kg did not write ({shown}), and kg build replaces its output "
        "folder whole; "
        "choose a new or empty folder, or pass --force to replace this one and everything in it",
    )


def prepare(
    out: str | Path, inputs: Iterable[str], *, force: bool = False
) -> tuple[Path, list[str]]:
    """Check `--out` before any work is spent and clean up after dead builds; returns the real
    output folder (symbolic links followed) and a note for each previous output put back."""
    target = Path(out).resolve()
    refuse_overlap(str(out), target, inputs)
    notes = clean_leftovers(target)
    refuse_foreign(str(out), target, force=force)
    # The staging folder (and any missing parent) is made only when the output is written, so a
    # build that fails or is killed while it reads leaves nothing behind; whether it can be is known
    # now.
    existing = next(folder for folder in target.parents if os.path.lexists(folder))
    if not existing.is_dir():
        raise OutputNotWritable(str(target.parent), f"{existing} is a file, not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputNotWritable(str(target.parent), f"no permission to write in {existing}")
    return target, notes


def stage(target: Path) -> Path:
    """A new staging folder beside `target`, named after this process."""
    prefix = f".{target.name}.{STAGING}-{Owner.this_process().tag()}-"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))
    except OSError as exc:
        raise OutputNotWritable(str(target.parent), exc.strerror or str(exc)) from None
    return staging


@contextmanager
def staged(target: Path) -> Iterator[Path]:
    """A staging folder beside `target` (as `prepare` returned it) to write the output into,
    swapped into place when the body ends; if the body fails, it goes and `target` is untouched."""
    staging = stage(target)
    try:
        yield staging
        write_marker(staging)
        swap_into_place(staging, target)
    except BaseException:
        remove(staging)
        raise


# ------------------------------------------------------------------ the swap


RENAME_EXCHANGE = 2  # linux/fs.h
AT_FDCWD = -100


@functools.cache
def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2  # glibc 2.28+, musl 1.2.3+
    except (OSError, AttributeError):
        return None
    function.argtypes = [
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_int,
        ctypes.c_char_p,
        ctypes.c_uint,
    ]
    function.restype = ctypes.c_int
    return function


def exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths in one atomic step; False where the system or file system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def swap_into_place(staging: Path, target: Path) -> None:
    """Put `staging` at `target`; at every moment `target` holds either the old or the new
    output."""
    os.chmod(staging, 0o755)
    if not os.path.lexists(target):
        os.rename(staging, target)
    elif exchange(staging, target):
        remove(staging)  # the previous output, now at the staging path
    else:
        # Two renames: a build stopped between them leaves the old output retired, and the next
        # build puts it back (clean_leftovers).
        retired = (
            target.parent
            / f".{target.name}.{RETIRED}-{Owner.this_process().tag()}-{secrets.token_hex(4)}"
        )
        os.rename(target, retired)
        os.rename(staging, target)
        remove(retired)
