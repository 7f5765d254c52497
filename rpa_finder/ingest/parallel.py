# SPDX-License-Identifier: AGPL-3.0-or-later
"""Independent per-column work spread over a few threads.

Masking, typing and materialising one column never touches another, and the heavy part of each is
an Arrow or numpy kernel that releases the GIL: on a two-core machine two columns go at once.
Results come back in input order, so the outcome is the same as a plain loop's.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Iterable, TypeVar

__all__ = ["map_columns", "WORKERS"]

#: Threads for per-column work (one: a plain loop).
WORKERS = max(1, min(4, os.cpu_count() or 1))

T = TypeVar("T")
R = TypeVar("R")


def map_columns(fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """``[fn(item) for item in items]``, on up to :data:`WORKERS` threads; an error is raised as is."""
    items = list(items)
    if WORKERS < 2 or len(items) < 2:
        return [fn(item) for item in items]
    with ThreadPoolExecutor(max_workers=min(WORKERS, len(items)), thread_name_prefix="rpa-finder-column") as pool:
        return list(pool.map(fn, items))
