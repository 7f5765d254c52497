# SPDX-License-Identifier: AGPL-3.0-or-later
"""The activity-instance table as integer codes, built once and shared by every criterion.

Turning a 1M-row category column into strings costs ~0.3 s, and each criterion used to do it again;
counting on codes is one ``bincount``.  Activity and resource codes follow their sorted names (the
order pandas' sorted groupby gives), so per-activity arrays come out in the feature table's order.
``previous``/``following`` give each row's neighbour within its case, as a groupby shift would, in
any row order.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

__all__ = ["CodedInstances", "code_instances", "text_codes", "labels_with", "group_medians", "stable_order",
           "seconds_between", "NAT", "PER_SECOND"]

NAT = np.iinfo(np.int64).min
PER_SECOND = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}


def seconds_between(later: np.ndarray, earlier: np.ndarray, per_second: int) -> np.ndarray:
    """``(later - earlier).dt.total_seconds()`` on integer times (NaT: min int64): NaN where either is NaT."""
    valid = (later != NAT) & (earlier != NAT)
    return np.where(valid, (later - np.where(valid, earlier, 0)) / per_second, np.nan)


def text_codes(values: pd.Series, *, sort: bool) -> tuple[np.ndarray, np.ndarray]:
    """Codes (-1: missing) of ``values.astype(str)`` and the label of each code, sorted if ``sort``.

    Only labels that occur get a code; equal strings of different raw values share one.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        raw = values.cat.codes.to_numpy().astype(np.int64)
        labels = values.cat.categories
    else:
        raw, labels = pd.factorize(values)
        raw = raw.astype(np.int64)
    used = np.flatnonzero(np.bincount(raw[raw >= 0], minlength=len(labels)) > 0)
    text = pd.Index(labels[used])
    if isinstance(text.dtype, pd.StringDtype):  # distinct strings already: no merging needed
        merged = np.arange(len(text))
        if sort and not text.is_monotonic_increasing:
            order = text.argsort()
            merged[order] = np.arange(len(text))
            text = text[order]
        names = text
    else:
        merged, names = pd.factorize(text.astype(str), sort=sort)
    mapping = np.full(len(labels) + 1, -1, dtype=np.int64)  # the last slot maps missing (-1) to -1
    mapping[used] = merged
    return mapping[raw], np.asarray(names, dtype=object)


def labels_with(names: np.ndarray, extra: str) -> tuple[np.ndarray, np.ndarray, int]:
    """Sorted ``names`` plus ``extra`` (a "(start)" or "(end)" marker): labels, each name's position, extra's."""
    labels = np.array(sorted(set(names) | {extra}), dtype=object)
    return labels, np.searchsorted(labels, names), int(np.searchsorted(labels, extra))


def stable_order(codes: np.ndarray) -> np.ndarray:
    """``argsort(codes, kind="stable")``; small codes as int16, where numpy sorts by radix."""
    small = len(codes) and codes.min() >= np.iinfo(np.int16).min and codes.max() <= np.iinfo(np.int16).max
    return np.argsort(codes.astype(np.int16) if small else codes, kind="stable")


def group_medians(groups: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Median of ``values`` per group code (NaN: empty group), as pandas' groupby median computes it."""
    counts = np.bincount(groups, minlength=size)
    if not len(values):
        return np.full(size, np.nan)
    by_value = np.argsort(values)
    ordered = values[by_value[stable_order(groups[by_value])]]  # by group, then by value
    starts, last = np.r_[0, np.cumsum(counts)[:-1]], len(values) - 1
    low, high = ordered[np.minimum(starts + (counts - 1) // 2, last)], ordered[np.minimum(starts + counts // 2, last)]
    return np.where(counts > 0, (high + low) / 2, np.nan)


def _neighbours(case: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows stably sorted by case; the row of the previous and of the next instance of the same case (-1: none)."""
    n = len(case)
    in_order = n < 2 or bool((case[1:] >= case[:-1]).all())  # logs come sorted by case: no sort needed
    order = np.arange(n) if in_order else np.argsort(case, kind="stable")
    ordered = case if in_order else case[order]
    same = (ordered[1:] == ordered[:-1]) & (ordered[1:] >= 0)
    previous, following = np.full(n, -1, dtype=np.int64), np.full(n, -1, dtype=np.int64)
    previous[order[1:][same]] = order[:-1][same]
    following[order[:-1][same]] = order[1:][same]
    return order, previous, following


@dataclass(frozen=True, eq=False)
class CodedInstances:
    """Integer views of an activity-instance table (same rows, same order)."""

    #: Sorted activity names and each row's code into them.
    names: np.ndarray
    activity: np.ndarray
    #: Each row's case code (-1: missing) and the case id (string) of each code.
    case: np.ndarray
    case_labels: np.ndarray
    #: Sorted resource names and each row's code into them (-1: no resource).
    resources: np.ndarray
    resource: np.ndarray
    #: Rows stably sorted by case code; each row's previous and next row in its case (-1: none).
    by_case: np.ndarray
    previous: np.ndarray
    following: np.ndarray
    #: Completion times as integers in ``unit`` ("s", "ms", "us" or "ns"; NaT: min int64).
    timestamp: np.ndarray
    unit: str
    timezone: str

    def __len__(self) -> int:
        return len(self.activity)

    @property
    def per_second(self) -> int:
        return PER_SECOND[self.unit]

    def seconds_between(self, later: np.ndarray, earlier: np.ndarray) -> np.ndarray:
        """``(later - earlier).dt.total_seconds()`` on the integer times: NaN where either is NaT."""
        return seconds_between(later, earlier, self.per_second)

    @cached_property
    def local_time(self) -> np.ndarray:
        """Wall-clock times in ``timezone``, as integers in the same unit (NaT stays min int64)."""
        times = pd.DatetimeIndex(self.timestamp.view(f"datetime64[{self.unit}]")).tz_localize("UTC")
        return times.tz_convert(self.timezone).tz_localize(None).asi8

    @cached_property
    def local_hour(self) -> np.ndarray:
        """Local hour of day per row (-1: NaT)."""
        hour = (self.local_time // (3600 * self.per_second)) % 24
        return np.where(self.timestamp != NAT, hour, -1)

    @cached_property
    def local_day(self) -> np.ndarray:
        """Local calendar day number per row (NaT: min int64)."""
        return np.where(self.timestamp != NAT, self.local_time // (86400 * self.per_second), NAT)


def code_instances(instances: pd.DataFrame, timezone: str = "Europe/Helsinki") -> CodedInstances:
    """Codes of ``instances`` (case_id, activity, resource, timestamp); one pass over each column."""
    activity, names = text_codes(instances["activity"], sort=True)
    case, case_labels = text_codes(instances["case_id"], sort=False)
    if "resource" in instances.columns:
        resource, resources = text_codes(instances["resource"], sort=True)
    else:
        resource, resources = np.full(len(instances), -1, dtype=np.int64), np.array([], dtype=object)
    stamps = instances["timestamp"]
    if not isinstance(stamps.dtype, pd.DatetimeTZDtype):
        raise TypeError(f"timestamp must be timezone-aware datetimes, got {stamps.dtype}")
    by_case, previous, following = _neighbours(case)
    return CodedInstances(names=names, activity=activity, case=case, case_labels=case_labels, resources=resources,
                          resource=resource, by_case=by_case, previous=previous, following=following,
                          timestamp=stamps.array.asi8.copy(), unit=stamps.dtype.unit, timezone=timezone)
