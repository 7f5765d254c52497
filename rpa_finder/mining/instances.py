# SPDX-License-Identifier: AGPL-3.0-or-later
"""Activity instances: one row per executed step, built from the log's lifecycle events.

A step is a "complete" event.  Where "start" events exist, each complete is paired with the oldest
open start of the same case and activity (FIFO), which gives its start time and so its handling
time; a ``start_timestamp`` column, where filled, wins over paired starts.  Other transitions
(schedule, suspend, ...) are not steps.  Starts that never complete are returned for validation.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

__all__ = ["ActivityInstances", "extract_instances", "complete_events", "to_nanoseconds", "codes_of", "in_case_order",
           "case_starts", "count_cases", "rows_by_activity",
           "INSTANCE_COLUMNS"]

#: Columns of ``ActivityInstances.table``, in order.
INSTANCE_COLUMNS = ("case_id", "activity", "resource", "timestamp", "start_timestamp", "source_row")
#: NaT as int64 nanoseconds.
NAT = np.iinfo(np.int64).min


def to_nanoseconds(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """UTC nanoseconds since the epoch (int64, NaT as its minimum) and a NaT mask: exact durations
    without row objects.  Aware nanosecond times hold exactly these integers: read, not converted."""
    dtype = values.dtype
    if isinstance(dtype, pd.DatetimeTZDtype) and dtype.unit == "ns":
        nanos = values.array.asi8
        return nanos, nanos == NAT
    raw = values.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
    return raw.astype("int64"), np.isnat(raw)


def codes_of(values: pd.Series) -> np.ndarray:
    """A categorical's codes as a read-only view (``.cat.codes.to_numpy()`` copies them)."""
    return np.asarray(values.array.codes)


def in_case_order(codes: np.ndarray) -> bool:
    """Whether case codes are in EventLog order: ascending, so each case's rows are contiguous, none missing."""
    return not len(codes) or (codes[0] >= 0 and not (codes[1:] < codes[:-1]).any())


def case_starts(codes: np.ndarray) -> np.ndarray | None:
    """The first row of each case from case codes in EventLog order, or None when not in that order."""
    if not in_case_order(codes):
        return None
    return np.r_[0, np.flatnonzero(codes[1:] != codes[:-1]) + 1] if len(codes) else np.zeros(0, dtype=np.int64)


def rows_by_activity(codes: np.ndarray, case_codes: np.ndarray) -> np.ndarray:
    """Rows with an activity (code >= 0), grouped by activity code and, within one, by case and then
    in row order: so each (activity, case) pair is one run of rows, oldest first.

    In EventLog order that is a radix sort of the small activity codes alone; other orders also sort by case.
    """
    unsigned = codes.view(np.dtype(f"u{codes.dtype.itemsize}"))  # missing (-1) becomes the largest: last
    order = np.argsort(unsigned, kind="stable")[:np.count_nonzero(codes >= 0)]
    if not in_case_order(case_codes):
        order = order[np.lexsort((case_codes[order], codes[order]))]
    return order


def count_cases(events: pd.DataFrame) -> int:
    """Distinct case ids of a frame: from code boundaries in EventLog order, else by hashing."""
    cases = events["case_id"]
    if isinstance(cases.dtype, pd.CategoricalDtype):
        codes = codes_of(cases)
        if in_case_order(codes):
            return int(np.count_nonzero(codes[1:] != codes[:-1])) + 1 if len(codes) else 0
    return int(cases.nunique())


def complete_events(events: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The "complete" events with only ``columns``, in log order, index 0..n-1.

    A boolean filter copies every column it keeps; at 10M events the attribute columns alone are
    gigabytes, so statistics that need three columns take three, and a log of completions only (the
    common export) is not filtered at all.
    """
    is_complete = (events["lifecycle"] == "complete").to_numpy()
    picked = events[list(columns)]
    if is_complete.all():
        return picked.reset_index(drop=True)
    return picked[is_complete].reset_index(drop=True)


@dataclass(frozen=True)
class ActivityInstances:
    """Steps of a (partition of a) log, sorted by case, completion time and source row.

    ``table``: columns of ``INSTANCE_COLUMNS``; ``start_timestamp`` is NaT where no start is known.
    ``unmatched_starts``: the "start" events (same columns as the log) that no complete closed.
    """

    table: pd.DataFrame
    unmatched_starts: pd.DataFrame

    @property
    def has_start_times(self) -> bool:
        return bool(self.table["start_timestamp"].notna().any())


def _pair_starts(events: pd.DataFrame, completes: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """FIFO-match complete events to open start events of the same case and activity.

    A reflected running sum (+1 per start, -1 per complete, never below zero) gives the open starts
    before each complete; a complete with an open start is matched, and because FIFO consumes starts
    oldest first, the j-th matched complete of a (case, activity) takes its j-th start.
    """
    flow = events[events["lifecycle"].isin(["start", "complete"])]
    keys = [codes_of(flow["case_id"]), codes_of(flow["activity"])]
    group = pd.Series(pd.factorize(pd.MultiIndex.from_arrays(keys))[0], index=flow.index)
    is_start = (flow["lifecycle"] == "start").to_numpy()
    step = pd.Series(np.where(is_start, 1, -1), index=flow.index)
    walk = step.groupby(group, sort=False).cumsum()
    floor = walk.groupby(group, sort=False).cummin().clip(upper=0)
    open_after = walk - floor
    open_before = open_after.groupby(group, sort=False).shift(1, fill_value=0)
    matched = (~is_start) & (open_before.to_numpy() > 0)

    starts = flow[is_start]
    start_group = group[is_start]
    start_rank = start_group.groupby(start_group, sort=False).cumcount()
    done = flow[matched]
    done_group = group[matched]
    done_rank = done_group.groupby(done_group, sort=False).cumcount()

    start_key = pd.MultiIndex.from_arrays([start_group.to_numpy(), start_rank.to_numpy()])
    done_key = pd.MultiIndex.from_arrays([done_group.to_numpy(), done_rank.to_numpy()])
    position = start_key.get_indexer(done_key)
    paired = pd.Series(starts["timestamp"].array.take(position), index=done.index).reindex(completes.index)

    used = np.zeros(len(starts), dtype=bool)
    used[position] = True
    return paired, starts[~used]


def extract_instances(events: pd.DataFrame) -> ActivityInstances:
    """The activity instances of an event frame (any subset of whole cases; pure and vectorised).

    ``events`` must be in EventLog order (case, timestamp, source_row), as any row subset of
    ``EventLog.events`` is.

    >>> t = pd.to_datetime(["2026-01-05 08:00", "2026-01-05 08:30"], utc=True)
    >>> frame = pd.DataFrame({"case_id": pd.Categorical(["a", "a"]), "activity": pd.Categorical(["x", "x"]),
    ...     "lifecycle": pd.Categorical(["start", "complete"]), "timestamp": t, "source_row": [1, 2]})
    >>> extract_instances(frame).table["start_timestamp"].iloc[0] == t[0]
    True
    """
    lifecycle = events["lifecycle"]
    is_complete = (lifecycle == "complete").to_numpy()
    completes = events[is_complete]
    columns = {c: completes[c] for c in ("case_id", "activity", "timestamp", "source_row")}
    columns["resource"] = completes["resource"] if "resource" in completes else pd.Series(pd.NA, index=completes.index, dtype="str")
    has_starts = bool((lifecycle == "start").any())
    if has_starts:
        paired, unmatched = _pair_starts(events, completes)
    else:
        paired = pd.Series(pd.NaT, index=completes.index, dtype=events["timestamp"].dtype)
        unmatched = events.iloc[0:0]
    if "start_timestamp" in completes.columns:
        paired = completes["start_timestamp"].where(completes["start_timestamp"].notna(), paired)
    columns["start_timestamp"] = paired
    table = pd.DataFrame(columns)[list(INSTANCE_COLUMNS)].reset_index(drop=True)
    return ActivityInstances(table=table, unmatched_starts=unmatched.reset_index(drop=True))
