# SPDX-License-Identifier: AGPL-3.0-or-later
"""Import the heavy analysis libraries on the second core while the first one reads the log.

``import pm4py`` and scikit-learn (through SciPy) cost 2-3 s of a fresh process, a fixed price that
dominates a run on a small or medium log.  Reading a log spends most of its time in pyarrow or
lxml, which release the GIL, so the imports can run beside it in a thread.  :func:`preloading` joins
the thread before the caller goes on: afterwards the main thread is the only importer again, so the
two never import the same modules at once outside the read.
"""
from __future__ import annotations

import importlib
import threading
from contextlib import contextmanager
from typing import Iterator, Sequence

__all__ = ["preloading", "ANALYSIS_MODULES", "SCORING_MODULES"]

#: What scoring needs beyond pandas: the decision trees, the holidays.
SCORING_MODULES = ("holidays", "sklearn.tree")
#: What a full analysis with model discovery needs.
ANALYSIS_MODULES = SCORING_MODULES + ("pm4py",)


def _import_all(names: Sequence[str]) -> None:
    # no warnings.catch_warnings() here: it swaps the process-wide filters and is not thread-safe
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the caller's own import raises it again where it matters
            return


@contextmanager
def preloading(names: Sequence[str] = ANALYSIS_MODULES, *, enabled: bool = True) -> Iterator[None]:
    """Run the body while ``names`` are imported in a background thread; wait for them at the end.

    >>> with preloading(("json",)):
    ...     pass
    >>> import sys; "json" in sys.modules
    True
    """
    if not enabled or not names:
        yield
        return
    thread = threading.Thread(target=_import_all, args=(tuple(names),), name="rpa-finder-preload", daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()
