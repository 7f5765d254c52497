# SPDX-License-Identifier: AGPL-3.0-or-later
"""One call run in a forked child process, beside the parent's own work: the second core of a machine.

The child inherits the call and its arguments by fork (a million-event frame is never pickled);
only the result travels back, through a pipe.  Why it is written this way:

* Fork only where it is safe: on Linux, and only while this process runs no other Python thread (a
  Jupyter kernel, a Dask client, the preload thread, a pool's manager thread).  A thread holding a
  lock at the moment of the fork leaves that lock held forever in the child, which then deadlocks.
  macOS offers fork but its system libraries are not fork-safe.  Everywhere else the call simply runs
  in the caller when its result is asked for, so a caller never needs two code paths.
* Nothing can hang or leak: :meth:`ForkedCall.result` waits at most ``timeout`` seconds; the child is
  killed and reaped on every exit path (``with ForkedCall(...)`` or :meth:`close`); it dies with its
  parent (``PR_SET_PDEATHSIG``), and it never inherits the store's lock (see :mod:`..store.lock`).
* Nothing is silent: when the child fails or times out, the call runs again in the caller (which raises
  its own error with its own traceback, or succeeds), and a warning on stderr says so and why.
"""
from __future__ import annotations

import ctypes
import logging
import os
import pickle
import select
import signal
import sys
import threading
import time
from typing import Any, Callable

__all__ = ["fork_context", "can_fork", "forking_pays", "ForkedCall", "DEFAULT_TIMEOUT", "PARALLEL_MIN_EVENTS"]

log = logging.getLogger(__name__)

#: How long :meth:`ForkedCall.result` waits for the child by default (mining BPIC15_1: ~20 s).
DEFAULT_TIMEOUT = 1800.0
#: From this many events on, work forked to the second core (mining beside the scoring; detection,
#: workbook and report beside the rest) pays: below it, the fork's start-up and the pickled result cost
#: more than the second core saves.
PARALLEL_MIN_EVENTS = 200_000
_PR_SET_PDEATHSIG = 1


def can_fork() -> bool:
    """Whether forking now is safe: Linux, and no other Python thread alive in this process."""
    return sys.platform == "linux" and hasattr(os, "fork") and threading.active_count() == 1


def forking_pays(n_events: int) -> bool:
    """Whether a log of ``n_events`` events is worth a forked child: large enough, and a second core."""
    return n_events >= PARALLEL_MIN_EVENTS and (os.cpu_count() or 1) > 1


def fork_context():
    """The "fork" multiprocessing context where :func:`can_fork`, else None (the caller runs serially)."""
    import multiprocessing

    return multiprocessing.get_context("fork") if can_fork() else None


def _die_with_parent() -> None:
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # not glibc: the parent's cleanup still kills the child
        pass


def _child(write_fd: int, function: Callable[..., Any], args: tuple, kwargs: dict, parent: int) -> None:
    """The forked child's whole life: run, send the pickled outcome, exit without any cleanup handlers."""
    code = 0
    try:
        _die_with_parent()
        if os.getppid() != parent:  # the parent died before the death signal was armed
            os._exit(1)
        try:
            outcome = ("ok", function(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - reported to the parent, which runs the call itself
            outcome = ("error", f"{exc.__class__.__name__}: {' '.join(str(exc).split())[:200]}")
        try:
            data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # noqa: BLE001
            data = pickle.dumps(("error", f"result does not pickle ({exc.__class__.__name__})"))
        with os.fdopen(write_fd, "wb", closefd=True) as pipe:
            pipe.write(data)
    except BaseException:  # noqa: BLE001 - nothing may escape a forked child into the parent's code
        code = 1
    finally:
        os._exit(code)


class ForkedCall:
    """``function(*args, **kwargs)`` in a forked child; :meth:`result` waits for it.

    If the child fails in any way (an exception, a crash, a timeout, a result that does not pickle),
    the call is run again in the caller, where it raises its own error with its own traceback or
    succeeds: the forked path can only ever make a run faster, never change its outcome.  A warning
    on stderr says when that happens.

    >>> with ForkedCall(sum, [1, 2, 3]) as call:
    ...     call.result()
    6
    """

    def __init__(self, function: Callable[..., Any], *args: Any, timeout: float = DEFAULT_TIMEOUT,
                 **kwargs: Any) -> None:
        self._call = (function, args, kwargs)
        self._deadline = time.monotonic() + timeout
        self.timeout = timeout
        self.pid: int | None = None
        self._read_fd: int | None = None
        self.forked = False
        if not can_fork():
            return
        read_fd, write_fd = os.pipe()
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError as exc:
            os.close(read_fd)
            os.close(write_fd)
            log.warning("rpa-finder: could not fork a child for %s (%s); running it in this process",
                        getattr(function, "__name__", "a call"), exc.strerror)
            return
        if pid == 0:  # pragma: no cover - the child; coverage cannot follow it
            os.close(read_fd)
            _child(write_fd, function, args, kwargs, parent)
        os.close(write_fd)
        self.pid, self._read_fd, self.forked = pid, read_fd, True

    def __enter__(self) -> "ForkedCall":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def __del__(self) -> None:  # a last resort; callers use ``with`` or close()
        try:
            self.close()
        except Exception:  # noqa: BLE001
            pass

    def close(self) -> None:
        """Kill the child if it still runs, reap it, close the pipe.  Safe to call twice."""
        if self._read_fd is not None:
            os.close(self._read_fd)
            self._read_fd = None
        if self.pid is not None:
            pid, self.pid = self.pid, None
            try:
                if os.waitpid(pid, os.WNOHANG) == (0, 0):
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
            except ChildProcessError:
                pass

    def _receive(self) -> tuple[str, Any]:
        """The child's outcome, or ("error", why) when it sent none before the deadline."""
        chunks: list[bytes] = []
        while True:
            left = self._deadline - time.monotonic()
            if left <= 0:
                return "error", f"no result within {self.timeout:g} s"
            ready, _, _ = select.select([self._read_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._read_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        if not chunks:
            _, status = os.waitpid(self.pid, 0)
            self.pid = None
            return "error", f"the child process ended without a result (status {status})"
        try:
            return pickle.loads(b"".join(chunks))
        except Exception as exc:  # noqa: BLE001
            return "error", f"its result could not be read ({exc.__class__.__name__})"

    def result(self) -> Any:
        """The call's result, from the child if it delivered one, else computed here (said on stderr)."""
        function, args, kwargs = self._call
        if self.forked and (self.pid is not None or self._read_fd is not None):
            try:
                status, value = self._receive()
            finally:
                self.close()
            if status == "ok":
                return value
            log.warning("rpa-finder: the forked child running %s failed (%s); running it again in this "
                        "process", getattr(function, "__name__", "a call"), value)
        return function(*args, **kwargs)
