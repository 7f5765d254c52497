# SPDX-License-Identifier: AGPL-3.0-or-later
"""Whole-column arithmetic at 10M rows: integer times, and counting a slice of rows at a time.

A fresh 80 MB array costs more to allocate (page faults, huge-page compaction) than the arithmetic
on it, so work that would build several whole-column temporaries runs over slices of rows instead.
"""
from __future__ import annotations

from collections.abc import Iterator

import numpy as np

__all__ = ["NAT", "PER_SECOND", "SLICE", "seconds_between", "row_slices", "count_pairs"]

NAT = np.iinfo(np.int64).min
PER_SECOND = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}
#: Rows per slice: small enough that a slice's temporaries are reused memory, not fresh pages.
SLICE = 1 << 18


def seconds_between(later: np.ndarray, earlier: np.ndarray, per_second: int) -> np.ndarray:
    """``(later - earlier).dt.total_seconds()`` on integer times (NaT: min int64): NaN where either is NaT."""
    valid = (later != NAT) & (earlier != NAT)
    return np.where(valid, (later - np.where(valid, earlier, 0)) / per_second, np.nan)


def row_slices(n: int) -> Iterator[slice]:
    """Consecutive slices of at most :data:`SLICE` rows covering ``range(n)``."""
    return (slice(start, min(start + SLICE, n)) for start in range(0, n, SLICE))


def count_pairs(first: np.ndarray, second: np.ndarray, shape: tuple[int, int], *, divide: int = 1,
                shift: int = 0) -> np.ndarray:
    """Rows per code pair (``first``, ``second // divide + shift``) as a ``shape`` matrix; a pair with a
    negative code is left out.

    What ``bincount(first * columns + second)`` gives without its 10M-row key; meant for small tables
    (a few million cells at most: each slice counts into one).
    """
    rows, columns = shape
    counts = np.zeros(rows * columns, dtype=np.int64)
    for part in row_slices(len(first)):
        column = second[part] // divide if divide != 1 else second[part].astype(np.int64)
        if shift:
            column += shift
        keep = (first[part] >= 0) & (column >= 0)
        key = first[part] * np.int64(columns)
        key += column
        counts += np.bincount(key if keep.all() else key[keep], minlength=rows * columns)
    return counts.reshape(rows, columns)
