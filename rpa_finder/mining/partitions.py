# SPDX-License-Identifier: AGPL-3.0-or-later
"""Case-preserving partitions of an event frame, and the helpers that merge partial aggregates.

Every statistic in :mod:`rpa_finder.mining` is a pure ``partial_X(events)`` over whole cases plus an
exact ``merge_X(partials)``.  A case must never straddle two partitions, so rows are assigned by a
hash of the case id: the same case lands in the same partition on any engine or worker.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Sequence, TypeVar

import numpy as np
import pandas as pd

__all__ = [
    "partition_cases",
    "map_partitions",
    "merge_counts",
    "concat_frames",
    "summarise_values",
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


def summarise_values(values: pd.DataFrame, keys: list[str], column: str, prefix: str) -> pd.DataFrame:
    """Exact mean, median and p90 of ``column`` per key group (NaN values ignored).

    Partials keep the raw values so that the merged medians and percentiles are exact, not sketched.
    """
    names = [f"{prefix}_mean_seconds", f"{prefix}_median_seconds", f"{prefix}_p90_seconds"]
    data = values.dropna(subset=[column]) if len(values) else values
    if not len(data):
        return pd.DataFrame(columns=names, dtype="float64")
    grouped = data.groupby(keys, sort=False, observed=True)[column]
    out = pd.DataFrame({names[0]: grouped.mean(), names[1]: grouped.median(), names[2]: grouped.quantile(0.9)})
    return out.astype("float64")
