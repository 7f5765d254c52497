# SPDX-License-Identifier: AGPL-3.0-or-later
"""Case-preserving partitions of an event frame, and the helpers that merge partial aggregates.

Every statistic in :mod:`rpa_finder.mining` is a pure ``partial_X(events)`` over whole cases plus an
exact ``merge_X(partials)``.  A case must never straddle two partitions, so rows are assigned by a
hash of the case id: the same case lands in the same partition on any engine or worker.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, Sequence, TypeVar

import numpy as np
import pandas as pd

__all__ = [
    "partition_cases",
    "map_partitions",
    "merge_counts",
    "concat_frames",
    "stable_order",
    "count_codes",
    "group_presorted",
    "sort_within",
    "GroupedValues",
    "group_values",
    "merge_grouped",
    "summarise_grouped",
]

P = TypeVar("P")


def _case_hashes(case_ids: pd.Series) -> np.ndarray:
    """A stable 64-bit hash per row of the case id's text (hashed once per distinct case)."""
    if isinstance(case_ids.dtype, pd.CategoricalDtype):
        categories = case_ids.cat.categories.to_numpy(dtype=object)
        per_category = pd.util.hash_array(categories.astype(str).astype(object), categorize=False)
        codes = case_ids.cat.codes.to_numpy()
        return per_category[codes]
    return pd.util.hash_array(case_ids.astype(str).to_numpy(dtype=object))


def partition_cases(events: pd.DataFrame, n: int) -> list[pd.DataFrame]:
    """Split ``events`` into ``n`` frames that each hold whole cases, in the original row order.

    >>> frame = pd.DataFrame({"case_id": ["a", "a", "b", "c"], "x": [1, 2, 3, 4]})
    >>> sum(len(p) for p in partition_cases(frame, 2))
    4
    """
    if n < 1:
        raise ValueError(f"partition count must be at least 1, got {n}")
    if n == 1:
        return [events]
    bucket = (_case_hashes(events["case_id"]) % np.uint64(n)).astype(np.int64)
    return [events[bucket == i] for i in range(n)]


def map_partitions(
    partial: Callable[[pd.DataFrame], P],
    events: pd.DataFrame,
    n: int = 1,
    *,
    workers: int = 1,
) -> list[P]:
    """Apply a pure partial function to each case partition (in threads when ``workers`` > 1)."""
    parts = partition_cases(events, n)
    if workers <= 1 or len(parts) == 1:
        return [partial(part) for part in parts]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(partial, parts))


def merge_counts(series: Sequence[pd.Series]) -> pd.Series:
    """Sum count Series by label (labels missing in a partition count as zero); int64 result."""
    nonempty = [s for s in series if len(s)]
    if not nonempty:
        return pd.Series(dtype="int64")
    frame = pd.concat([s.rename("n").reset_index() for s in nonempty], ignore_index=True)
    keys = [c for c in frame.columns if c != "n"]
    for key in keys:
        if isinstance(frame[key].dtype, pd.CategoricalDtype):
            frame[key] = frame[key].astype("str")
    merged = frame.groupby(keys, sort=True)["n"].sum().astype("int64")
    if len(keys) == 1:
        merged.index.name = nonempty[0].index.name
    return merged


def concat_frames(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate partial frames; categorical columns with differing categories become str."""
    frames = [f for f in frames if f is not None]
    if not frames:
        return pd.DataFrame()
    if len(frames) == 1:
        return frames[0].reset_index(drop=True)
    out = pd.concat(frames, ignore_index=True)
    for column in out.columns:
        kinds = {isinstance(f[column].dtype, pd.CategoricalDtype) for f in frames if column in f}
        if True in kinds and not isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].astype("str").astype("category")
    return out


def stable_order(keys: np.ndarray, size: int | None = None) -> np.ndarray:
    """``argsort(keys, kind="stable")`` of integer codes, by radix sort.

    numpy radix-sorts 8- and 16-bit keys (at 10M rows a tenth of the merge sort it runs on int64), so
    narrow codes go as uint8/uint16 and wider ones in two 16-bit passes (least significant first).
    ``size``: the codes are non-negative and below it; None: their range is measured, and codes below
    zero (-1: none) are shifted up.
    """
    if size is None:
        if not len(keys):
            return np.zeros(0, dtype=np.intp)
        low = int(keys.min())
        size = int(keys.max()) - low + 1
        if low:
            keys = keys.astype(np.int64) - low
    if size <= 1 << 16:
        return np.argsort(keys.astype(np.uint16 if size > 1 << 8 else np.uint8), kind="stable")
    if size > 1 << 32:
        return np.argsort(keys, kind="stable")
    order = np.argsort((keys & 0xFFFF).astype(np.uint16), kind="stable")
    return order[np.argsort((keys[order] >> 16).astype(np.uint16), kind="stable")]


@dataclass(frozen=True)
class GroupedValues:
    """Raw values by label (NaN dropped), each group in row order: what exact merged summaries need.

    ``labels`` are unique, one per group (activity names, or (source, target) pairs); ``counts``
    how many values each holds; ``values`` the groups one after another.
    """

    labels: pd.Index
    counts: np.ndarray
    values: np.ndarray


def _sparse(size: int, n: int) -> bool:
    """Whether a key space is too large for one count per key (numpy.unique sorts instead)."""
    return size > max(4 * n, 1 << 20)


def count_codes(keys: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The present keys among int ``keys`` in ``range(size)`` and each one's count: one bincount
    where the key space is small (numpy.unique is slow in numpy 2)."""
    if _sparse(size, len(keys)):
        present, counts = np.unique(keys, return_counts=True)
        return present, counts.astype(np.int64)
    counts = np.bincount(keys, minlength=size)
    present = np.flatnonzero(counts)
    return present, counts[present].astype(np.int64)


def group_presorted(keys: np.ndarray, values: np.ndarray, label: Callable[[np.ndarray], pd.Index]) -> GroupedValues:
    """``GroupedValues`` of values already grouped by ascending int ``keys`` (>= 0); NaN dropped.

    (Not :func:`rpa_finder.scoring.sorting.group_sorted`, which groups values and sorts each group.)
    """
    keep = ~np.isnan(values)
    if not keep.all():
        keys, values = keys[keep], values[keep]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.zeros(0, np.int64)
    counts = np.diff(np.r_[starts, len(keys)]).astype(np.int64)
    return GroupedValues(labels=label(keys[starts]), counts=counts, values=values)


def group_values(keys: np.ndarray, values: np.ndarray, size: int,
                 label: Callable[[np.ndarray], pd.Index]) -> GroupedValues:
    """Group ``values`` by int ``keys`` in ``range(size)`` (-1: no key; NaN values dropped);
    ``label(keys)`` names the present keys.  A stable radix sort keeps row order within groups."""
    keep = (keys >= 0) & ~np.isnan(values)
    if not keep.all():
        keys, values = keys[keep], values[keep]
    named = None
    if _sparse(size, len(keys)):  # renumber the present keys 0..m-1 first
        named, keys = np.unique(keys, return_inverse=True)
        keys, size = keys.reshape(-1), len(named)
    counts = np.bincount(keys, minlength=size)
    present = np.flatnonzero(counts)
    if len(keys) > 1 and not bool((keys[1:] >= keys[:-1]).all()):
        values = values[stable_order(keys, size)]
    return GroupedValues(labels=label(present if named is None else named[present]),
                         counts=counts[present].astype(np.int64), values=values)


def merge_grouped(parts: Sequence[GroupedValues]) -> GroupedValues:
    """Pool the groups of several partials by label; within a label, partials keep their order."""
    parts = [p for p in parts if len(p.labels)]
    if len(parts) == 1:
        return parts[0]
    if not parts:
        return GroupedValues(labels=pd.Index([], dtype="str"), counts=np.zeros(0, np.int64), values=np.zeros(0))
    ids, labels = parts[0].labels.append([p.labels for p in parts[1:]]).factorize()
    keys = np.repeat(ids, np.concatenate([p.counts for p in parts]))
    values = np.concatenate([p.values for p in parts])
    order = stable_order(keys, len(labels))
    return GroupedValues(labels=labels, counts=np.bincount(keys, minlength=len(labels)).astype(np.int64),
                         values=values[order])


def sort_within(values: np.ndarray, counts: np.ndarray, *, overwrite: bool = False) -> np.ndarray:
    """``values`` (groups one after another, ``counts`` long) sorted ascending inside each group;
    ``overwrite``: sort ``values`` itself where possible instead of a copy.

    numpy's value sort is vectorised and fast where its argsort is not: one sort per group, or, with
    many groups (a Python loop per group would then cost more), one argsort of all values.
    """
    if np.count_nonzero(counts > 1) > 512:
        keys = np.repeat(np.arange(len(counts)), counts)
        by_value = np.argsort(values)
        return values[by_value[stable_order(keys[by_value], len(counts))]]
    ordered = values if overwrite else values.copy()
    ends = np.cumsum(counts)
    for group in np.flatnonzero(counts > 1):
        ordered[ends[group] - counts[group]:ends[group]].sort()
    return ordered


def _kahan_means(grouped: GroupedValues) -> np.ndarray:
    """Each group's mean as pandas' groupby ``mean`` takes it on rows in log order (Kahan-compensated).

    pandas 3 sums groups that are already sorted with a plain ``reduceat`` instead, which differs in
    the last bits; one leading sentinel row of an extra group keeps the ids unsorted, on the Kahan kernel.
    """
    k = len(grouped.counts)
    small = np.int8 if k < 127 else np.int16 if k < 32767 else np.int32 if k < 2**31 - 1 else np.int64
    codes = np.r_[np.array([k], dtype=small), np.repeat(np.arange(k, dtype=small), grouped.counts)]
    keys = pd.Categorical.from_codes(codes, categories=pd.RangeIndex(k + 1))
    means = pd.Series(np.r_[0.0, grouped.values]).groupby(keys, observed=False).mean()
    return means.to_numpy(dtype="float64")[:k]


def summarise_grouped(grouped: GroupedValues, prefix: str) -> pd.DataFrame:
    """Exact mean, median and p90 per label, equal to pandas' groupby ``mean``/``median``/``quantile(0.9)``.

    The mean is pandas' own (Kahan-compensated, in row order: a plain sum differs in the last bits);
    median and linear p90 are read off the sorted groups, as pandas interpolates them.
    """
    names = [f"{prefix}_mean_seconds", f"{prefix}_median_seconds", f"{prefix}_p90_seconds"]
    counts = grouped.counts
    if not len(counts):
        return pd.DataFrame(columns=names, dtype="float64")
    mean = _kahan_means(grouped)
    ordered = sort_within(grouped.values, counts)
    first = np.cumsum(counts) - counts
    median = (ordered[first + (counts - 1) // 2] + ordered[first + counts // 2]) / 2
    position = 0.9 * (counts - 1)
    low = position.astype(np.int64)
    fraction = position % 1
    below = ordered[first + low]
    above = ordered[first + np.minimum(low + 1, counts - 1)]
    p90 = np.where(fraction == 0, below, below + (above - below) * fraction)
    return pd.DataFrame({names[0]: mean, names[1]: median, names[2]: p90}, index=grouped.labels)
