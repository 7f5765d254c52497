# SPDX-License-Identifier: AGPL-3.0-or-later
"""Row orders and per-group sorted values, avoiding numpy's slow sorts.

At 10M rows a stable argsort of int64 is a timsort (~2 s) and an argsort of floats ~1 s, while a
radix sort of small codes and an unstable sort of int64 or float64 values take a tenth of that.
"""
from __future__ import annotations

import numpy as np

from ..mining.partitions import sort_within, stable_order
from .rows import NAT, PER_SECOND, row_slices

__all__ = ["group_time_order", "group_sorted", "group_medians"]


def _divides(step: int, offsets: np.ndarray, low: int) -> bool:
    """Is every ``offsets - low`` a multiple of ``step``?"""
    if ((offsets[:1000] - low) % step).any():  # most misses show at once
        return False
    return not any(((offsets[part] - low) % step).any() for part in row_slices(len(offsets)))


def _time_step(times: np.ndarray, valid: np.ndarray | None, low: int, unit: str) -> int:
    """The coarsest whole step (minute, second, millisecond ...) between every time and the earliest.

    ``valid``: the rows that are not NaT, None for all of them.
    """
    per_second = PER_SECOND[unit]
    timed = times if valid is None else np.where(valid, times, low)
    steps = [step for step in (60 * per_second, per_second, per_second // 10**3, per_second // 10**6) if step > 1]
    return next((step for step in steps if _divides(step, timed, low)), 1)


def group_time_order(groups: np.ndarray, times: np.ndarray, unit: str) -> np.ndarray | None:
    """Rows ordered by group code, then integer time (NaT first, as min int64 sorts), then row: a stable
    lexsort; None when the key below does not fit 63 bits.

    Group, time (counted in its coarsest whole step) and row are packed into one distinct int64 per
    row, so numpy's unstable sort of int64 gives the stable order.
    """
    n = len(groups)
    valid = times != NAT
    all_valid = bool(valid.all())
    timed = times if all_valid else times[valid]
    if not len(timed):
        return stable_order(groups)
    low, high = int(timed.min()), int(timed.max())
    step = _time_step(times, None if all_valid else valid, low, unit)
    group_low = int(groups.min())
    group_span, time_span = int(groups.max()) - group_low + 1, (high - low) // step + 2  # time 0: NaT
    if group_span * time_span * n >= 2**63:
        return None
    packed = np.empty(n, dtype=np.int64)
    for part in row_slices(n):
        time = times[part] - np.int64(low)
        time //= step
        time += 1
        if not all_valid:
            time[~valid[part]] = 0
        key = groups[part] - np.int64(group_low)
        key *= time_span
        key += time
        key *= n
        key += np.arange(part.start, part.stop)
        packed[part] = key
    packed.sort()
    return np.remainder(packed, n, out=packed)


def group_sorted(groups: np.ndarray, values: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """``values`` ordered by group code and ascending within each group (NaN last), and each group's count.

    A radix sort of the codes (``groups`` below ``size``) groups them, then :func:`sort_within` sorts each.
    """
    counts = np.bincount(groups, minlength=size)
    return sort_within(values[stable_order(groups, size)], counts, overwrite=True), counts


def group_medians(groups: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Median of ``values`` per group code (NaN: empty group), as pandas' groupby median computes it."""
    if not len(values):
        return np.full(size, np.nan)
    ordered, counts = group_sorted(groups, values, size)
    starts, last = np.r_[0, np.cumsum(counts)[:-1]], len(values) - 1
    low, high = ordered[np.minimum(starts + (counts - 1) // 2, last)], ordered[np.minimum(starts + counts // 2, last)]
    return np.where(counts > 0, (high + low) / 2, np.nan)
