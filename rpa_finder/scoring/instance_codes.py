# SPDX-License-Identifier: AGPL-3.0-or-later
"""The activity-instance table as integer codes, built once and shared by every criterion.

Turning a 1M-row category column into strings costs ~0.3 s, and each criterion used to do it again;
counting on codes is one ``bincount``.  Activity and resource codes follow their sorted names (the
order pandas' sorted groupby gives), so per-activity arrays come out in the feature table's order.
``previous``/``following`` give each row's neighbour within its case, as a groupby shift would, in
any row order.  Arrays derived from the codes (neighbours, local days, pair counts) are computed on
first use and kept, since several criteria read them.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from ..mining.partitions import stable_order
from .local_calendar import local_calendar
from .rows import NAT, PER_SECOND, count_pairs, seconds_between

__all__ = ["CodedInstances", "code_instances", "text_codes", "labels_with"]


def text_codes(values: pd.Series, *, sort: bool, as_index: bool = False) -> tuple[np.ndarray, np.ndarray | pd.Index]:
    """Codes (-1: missing) of ``values.astype(str)`` and the label of each code, sorted if ``sort``.

    Only labels that occur get a code; equal strings of different raw values share one.  A categorical
    of distinct strings whose categories all occur (the usual case id column) keeps its codes: no
    remapping pass over the rows.  ``as_index``: the labels as a string Index (a million case ids cost
    ~0.2 s to turn into Python strings and as much to turn back).
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        raw = values.cat.codes.to_numpy()
        labels = values.cat.categories
    else:
        raw, labels = pd.factorize(values)
    seen = np.zeros(len(labels) + 1, dtype=bool)
    seen[raw] = True  # code -1 marks the last slot
    used = np.flatnonzero(seen[:-1])
    text = pd.Index(labels if len(used) == len(labels) else labels[used])
    if isinstance(text.dtype, pd.StringDtype):  # distinct strings already: no merging needed
        merged = np.arange(len(text))
        if sort and not text.is_monotonic_increasing:
            order = text.argsort()
            merged[order] = np.arange(len(text))
            text = text[order]
        elif len(used) == len(labels):  # every label used, in order: the codes are the raw codes
            return raw.astype(np.int64), text if as_index else np.asarray(text, dtype=object)
        names = text
    else:
        merged, names = pd.factorize(text.astype(str), sort=sort)
    mapping = np.full(len(labels) + 1, -1, dtype=np.int64)  # the last slot maps missing (-1) to -1
    mapping[used] = merged
    return mapping[raw], pd.Index(names, dtype="str") if as_index else np.asarray(names, dtype=object)


def labels_with(names: np.ndarray, extra: str) -> tuple[np.ndarray, np.ndarray, int]:
    """Sorted ``names`` plus ``extra`` (a "(start)" or "(end)" marker): labels, each name's position, extra's."""
    labels = np.array(sorted(set(names) | {extra}), dtype=object)
    return labels, np.searchsorted(labels, names), int(np.searchsorted(labels, extra))


def _case_order(case: np.ndarray) -> np.ndarray | None:
    """Rows stably sorted by case code; None when they already are (logs come sorted by case)."""
    if len(case) < 2 or bool((case[1:] >= case[:-1]).all()):
        return None
    return np.argsort(case, kind="stable")


@dataclass(frozen=True, eq=False)
class CodedInstances:
    """Integer views of an activity-instance table (same rows, same order)."""

    #: Sorted activity names and each row's code into them.
    names: np.ndarray
    activity: np.ndarray
    #: Each row's case code (-1: missing) and the case id (string) of each code.
    case: np.ndarray
    case_labels: pd.Index
    #: Sorted resource names and each row's code into them (-1: no resource).
    resources: np.ndarray
    resource: np.ndarray
    #: Completion times as integers in ``unit`` ("s", "ms", "us" or "ns"; NaT: min int64).
    timestamp: np.ndarray
    unit: str
    timezone: str
    #: Rows stably sorted by case code; None when the rows already are.
    case_order: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.activity)

    @property
    def per_second(self) -> int:
        return PER_SECOND[self.unit]

    def seconds_between(self, later: np.ndarray, earlier: np.ndarray) -> np.ndarray:
        """``(later - earlier).dt.total_seconds()`` on the integer times: NaN where either is NaT."""
        return seconds_between(later, earlier, self.per_second)

    @property
    def in_case_order(self) -> bool:
        """The rows come sorted by case: each row's neighbours in its case are the adjacent rows."""
        return self.case_order is None

    @cached_property
    def by_case(self) -> np.ndarray:
        """Rows stably sorted by case code."""
        return np.arange(len(self.case)) if self.case_order is None else self.case_order

    @cached_property
    def continues(self) -> np.ndarray:
        """Per position of :attr:`by_case`: does it continue the case of the position before?"""
        ordered = self.case if self.case_order is None else self.case[self.case_order]
        same = np.zeros(len(ordered), dtype=bool)
        if len(ordered) > 1:
            np.equal(ordered[1:], ordered[:-1], out=same[1:])
            same[1:] &= ordered[1:] >= 0
        return same

    @cached_property
    def previous(self) -> np.ndarray:
        """Each row's previous row in its case (-1: none)."""
        same = self.continues
        if self.case_order is None:
            rows = np.arange(-1, len(same) - 1)
            rows[~same] = -1
            return rows
        order, rows = self.case_order, np.full(len(same), -1, dtype=np.int64)
        rows[order[1:][same[1:]]] = order[:-1][same[1:]]
        return rows

    def previous_of(self, rows: slice) -> np.ndarray:
        """:attr:`previous` of a slice of rows; in case order without building it for every row."""
        if self.case_order is not None:
            return self.previous[rows]
        start, stop, _ = rows.indices(len(self.case))
        previous = np.arange(start - 1, stop - 1)
        previous[~self.continues[start:stop]] = -1
        return previous

    @cached_property
    def following(self) -> np.ndarray:
        """Each row's next row in its case (-1: none)."""
        same = self.continues
        if self.case_order is None:
            rows = np.arange(1, len(same) + 1)
            rows[:-1][~same[1:]] = -1
            rows[-1:] = -1
            return rows
        order, rows = self.case_order, np.full(len(same), -1, dtype=np.int64)
        rows[order[:-1][same[1:]]] = order[1:][same[1:]]
        return rows

    @cached_property
    def _neighbour_dtype(self) -> type:
        """The smallest signed integer type that holds every activity code and -1."""
        return np.int8 if len(self.names) < 2**7 else np.int16 if len(self.names) < 2**15 else np.int64

    @cached_property
    def previous_activity(self) -> np.ndarray:
        """Activity code of each row's previous instance in its case (-1: the case starts here), as a small int."""
        if self.case_order is not None:
            return np.where(self.previous >= 0, self.activity[self.previous], -1).astype(self._neighbour_dtype)
        codes = np.empty(len(self.activity), dtype=self._neighbour_dtype)  # the row before: a shifted copy
        codes[1:] = self.activity[:-1]
        codes[~self.continues] = -1
        return codes

    @cached_property
    def following_activity(self) -> np.ndarray:
        """Activity code of each row's next instance in its case (-1: the case ends here), as a small int."""
        if self.case_order is not None:
            return np.where(self.following >= 0, self.activity[self.following], -1).astype(self._neighbour_dtype)
        codes = np.empty(len(self.activity), dtype=self._neighbour_dtype)
        codes[:-1] = self.activity[1:]
        codes[-1:] = -1
        codes[:-1][~self.continues[1:]] = -1
        return codes

    @cached_property
    def previous_counts(self) -> np.ndarray:
        """Rows per (activity, previous activity): shape (k, k + 1), column 0 for "no previous", code c at c + 1."""
        k = len(self.names)
        return count_pairs(self.activity, self.previous_activity, (k, k + 1), shift=1)

    @cached_property
    def following_counts(self) -> np.ndarray:
        """Rows per (activity, next activity), laid out as :attr:`previous_counts`."""
        k = len(self.names)
        return count_pairs(self.activity, self.following_activity, (k, k + 1), shift=1)

    @cached_property
    def activity_counts(self) -> np.ndarray:
        """Rows per activity code."""
        return np.bincount(self.activity, minlength=len(self.names))

    @cached_property
    def by_activity(self) -> np.ndarray:
        """Rows stably sorted by activity code."""
        return stable_order(self.activity)

    @cached_property
    def timed(self) -> np.ndarray:
        """Rows with a completion time (not NaT)."""
        return self.timestamp != NAT

    @cached_property
    def all_timed(self) -> bool:
        return bool(self.timed.all())

    @cached_property
    def _local_calendar(self) -> tuple[np.ndarray, np.ndarray]:
        return local_calendar(self.timestamp, self.unit, self.timezone)

    @property
    def local_day(self) -> np.ndarray:
        """Local calendar day number per row in ``timezone`` (NaT: min int64)."""
        return self._local_calendar[0]

    @property
    def local_hour(self) -> np.ndarray:
        """Local hour of day per row in ``timezone`` (-1: NaT), as int8."""
        return self._local_calendar[1]


def _read_only(values: np.ndarray) -> np.ndarray:
    """A read-only view: the codes share the table's memory instead of copying 10M timestamps."""
    view = values.view()
    view.flags.writeable = False
    return view


def code_instances(instances: pd.DataFrame, timezone: str = "Europe/Helsinki") -> CodedInstances:
    """Codes of ``instances`` (case_id, activity, resource, timestamp); one pass over each column."""
    activity, names = text_codes(instances["activity"], sort=True)
    case, case_labels = text_codes(instances["case_id"], sort=False, as_index=True)
    if "resource" in instances.columns:
        resource, resources = text_codes(instances["resource"], sort=True)
    else:
        resource, resources = np.full(len(instances), -1, dtype=np.int64), np.array([], dtype=object)
    stamps = instances["timestamp"]
    if not isinstance(stamps.dtype, pd.DatetimeTZDtype):
        raise TypeError(f"timestamp must be timezone-aware datetimes, got {stamps.dtype}")
    return CodedInstances(names=names, activity=activity, case=case, case_labels=case_labels, resources=resources,
                          resource=resource, timestamp=_read_only(stamps.array.asi8), unit=stamps.dtype.unit,
                          timezone=timezone, case_order=_case_order(case))
