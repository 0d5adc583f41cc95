"""Worker processes die with the process that started them.

A forked worker waiting on its task queue outlives a parent killed by SIGKILL forever. On Linux the
kernel kills the worker when its parent dies (prctl PR_SET_PDEATHSIG, as StackStorm and other
supervisors do it); elsewhere a thread in the worker watches its parent id. A parent that died
before the worker got this far is caught by comparing getppid() with the parent's pid.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCH_SECONDS = 0.5


def die_with_parent(parent_pid: int) -> None:
    """Call first thing in a forked worker; `parent_pid` is os.getpid() of the parent before the
    fork."""
    # The parent unwinds a build on SIGTERM and Ctrl-C and then stops its workers; a worker that
    # inherited those handlers would instead report the signal as a failed task and carry on.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not _kernel_kills_orphans():
        threading.Thread(
            target=_watch_parent, args=(parent_pid,), daemon=True, name="kg-watch-parent"
        ).start()
    if os.getppid() != parent_pid:
        os._exit(1)


def _kernel_kills_orphans() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return False
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    return prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(WATCH_SECONDS)
    os._exit(1)
