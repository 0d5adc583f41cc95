"""Run one piece of work in a forked child process, so that a time limit can really stop it.

A query inside pyoxigraph holds the interpreter: neither a timer thread nor Ctrl-C can interrupt it
in the process that runs it, and a query that overflows the engine's stack kills that process.
Run in a child, the parent stays in Python: it waits at most `timeout_s`, kills the child when time
is up (or on Ctrl-C), and reports a crash as an error instead of dying with it. Fork, not spawn: the
child starts in ~ms with the modules already imported; the caller must not have started threads
that hold locks the work needs (kg query has none).
"""

from __future__ import annotations

import multiprocessing
import signal
import traceback
from collections.abc import Callable

from kg.errors import KgError, QueryCrashed, QueryTimedOut


def _child(work: Callable[[], bytes], send) -> None:
    try:
        message = ("ok", work())
    except KgError as exc:
        message = ("error", type(exc), str(exc), exc.exit_code)
    except BaseException as exc:  # a bug: the parent reports it like any other internal error
        message = ("bug", f"{type(exc).__name__}: {exc}", traceback.format_exc())
    send.send(message)
    send.close()


def how_it_died(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        hint = {
            "SIGSEGV": "a crash, most often a query too deep for its stack",
            "SIGKILL": "killed, most often for lack of memory",
        }
        return f"{name}: {hint[name]}" if name in hint else name
    return f"exit code {exitcode}"


def run_isolated(
    work: Callable[[], bytes], *, timeout_s: float | None, flag: str = "--timeout"
) -> bytes:
    """`work()` run in a forked child; its bytes, or its KgError raised here again.

    Raises QueryTimedOut after `timeout_s` seconds (None or 0: no limit), QueryCrashed if the child
    dies."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(work, send), daemon=True)
    child.start()
    send.close()  # so that a dead child reads as end of file here
    try:
        if not receive.poll(timeout_s or None):
            raise QueryTimedOut(timeout_s, flag)
        try:
            message = receive.recv()
        except EOFError:
            child.join(5)
            raise QueryCrashed(how_it_died(child.exitcode)) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        child.close()
        receive.close()
    if message[0] == "ok":
        return message[1]
    if message[0] == "error":
        _, cls, text, exit_code = message
        # Rebuilt without calling the class's own __init__, whose arguments differ from class to
        # class.
        error = cls.__new__(cls)
        Exception.__init__(error, text)
        error.exit_code = exit_code
        raise error
    bug = RuntimeError(f"{message[1]} (in the query process)")
    bug.add_note(message[2])  # the child's traceback, shown with --debug
    raise bug
