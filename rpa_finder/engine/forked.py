# SPDX-License-Identifier: AGPL-3.0-or-later
"""One call run in a forked child process, beside the parent's own work: the second core of a machine.

The child inherits the call and its arguments by fork (a million-event frame is never pickled);
only the result travels back.  Where fork is unavailable the call simply runs in the caller when its
result is asked for, so a caller never needs two code paths.
"""
from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Callable

__all__ = ["fork_context", "ForkedCall"]

#: The call a forked child runs, set just before the fork (children see it, nothing is pickled).
_PENDING: dict[int, tuple[Callable[..., Any], tuple, dict]] = {}


def fork_context():
    """The "fork" multiprocessing context, or None where the platform has none (Windows, macOS spawn)."""
    return multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None


def _run_pending(key: int) -> Any:
    function, args, kwargs = _PENDING[key]
    return function(*args, **kwargs)


class ForkedCall:
    """``function(*args, **kwargs)`` in a forked child; :meth:`result` waits for it.

    If the child fails in any way (an exception, a crash, a result that does not pickle), the call is
    run again in the caller, where it raises its own error with its own traceback or succeeds: the
    forked path can only ever make a run faster, never change its outcome.

    >>> call = ForkedCall(sum, [1, 2, 3])
    >>> call.result()
    6
    """

    def __init__(self, function: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        self._call = (function, args, kwargs)
        self._future: Future | None = None
        self._pool: ProcessPoolExecutor | None = None
        context = fork_context()
        if context is None:
            return
        key = id(self)
        _PENDING[key] = self._call
        try:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
            self._future = self._pool.submit(_run_pending, key)
        except Exception:  # noqa: BLE001 - no child to be had: run in the caller instead
            self._shutdown()
        finally:
            _PENDING.pop(key, None)

    def _shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def result(self) -> Any:
        """The call's result, from the child if it delivered one, else computed here."""
        function, args, kwargs = self._call
        try:
            if self._future is not None:
                return self._future.result()
        except Exception:  # noqa: BLE001 - see the class docstring: the caller's run decides
            pass
        finally:
            self._shutdown()
        return function(*args, **kwargs)
