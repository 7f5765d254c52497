# SPDX-License-Identifier: AGPL-3.0-or-later
"""Batch runs: many executions of one activity at one instant or within a short window.

Twenty "send reminder" events at 02:00 by one account are not twenty clerks' minutes: they are a
scheduled job, i.e. work that is already automated.  A run is a chain of one activity's instances
(lifecycle "complete") by one resource, or by no resource, in which each event follows the previous
one by at most ``window_seconds``; a longer gap starts a new run.  Runs of at least ``min_size``
events are batch runs.  Clock times are read in the log's local time zone.  A log whose times are
dates only (``EventLog.timestamp_precision == "date"``) has no batch runs: a day's events all sit
at midnight there, which says nothing about how they were done.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..eventlog import EventLog
from .instances import codes_of, complete_events, to_nanoseconds
from .model import MiningSettings
from .partitions import sort_within, stable_order

__all__ = ["detect_batches", "BatchReport"]


@dataclass(frozen=True)
class BatchReport:
    """Batch runs and their summary per activity.

    ``runs``: activity, resource (missing when the events had none), start, end (UTC), size,
    local_hour, local_date; sorted by start.  ``activities``: one row per activity with events,
    batch_runs, batched_events, batch_share (of the activity's events), runs_without_resource,
    typical_hour (most common local start hour of its runs, the earliest on a tie; missing without
    runs) and run_dates (distinct local dates with a run); sorted by batch_share descending.
    """

    runs: pd.DataFrame
    activities: pd.DataFrame
    window_seconds: float
    min_size: int


def _chains(activity: np.ndarray, resource: np.ndarray, stamp: np.ndarray, timed: np.ndarray, width: int,
            size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One (activity, resource) key per timed row (resource -1 -> 0) and its times, sorted by key
    and then time, and where each key's rows begin (after the first): a radix sort of the small
    keys, then numpy's fast value sort of the times within each key.

    Order among equal times of one key cannot change a run, so no argsort of the times is needed.
    """
    if not timed.all():
        activity, resource, stamp = activity[timed], resource[timed], stamp[timed]
    wide = np.int32 if size < 2**31 else np.int64
    key = activity.astype(wide) * width
    key += resource
    key += 1
    order = stable_order(key, size)
    key = key[order]
    change = np.flatnonzero(key[1:] != key[:-1]) + 1
    counts = np.diff(np.r_[0, change, len(key)]) if len(key) else np.zeros(0, np.int64)
    return key, sort_within(stamp[order], counts, overwrite=True), change


def _runs(key: np.ndarray, stamp: np.ndarray, change: np.ndarray, window: float,
          size_min: int) -> tuple[np.ndarray, np.ndarray]:
    """First and last row of every run of at least ``size_min`` rows (each row within ``window``
    seconds of the previous one, same key), read off the rows that continue a run: few, as most
    rows stand alone."""
    n = len(key)
    if n == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    continues = np.zeros(n, dtype=bool)
    np.less_equal(stamp[1:] - stamp[:-1], int(window * 1e9), out=continues[1:])
    continues[change] = False
    if size_min <= 1:  # every row, alone or not, is a run
        first = np.flatnonzero(~continues)
        last = np.r_[first[1:], n] - 1
    else:
        rows = np.flatnonzero(continues)
        opens = np.flatnonzero(np.r_[True, np.diff(rows) != 1]) if len(rows) else rows
        first, last = rows[opens] - 1, rows[np.r_[opens[1:], len(rows)] - 1] if len(rows) else rows
    big = last - first + 1 >= size_min
    return first[big], last[big]


def detect_batches(log: EventLog, *, settings: MiningSettings | None = None,
                   window_seconds: float | None = None, min_size: int | None = None) -> BatchReport:
    """Find batch runs; window and size default to ``settings`` (MiningSettings defaults: 60 s, 10).

    >>> report = detect_batches(log)                          # doctest: +SKIP
    >>> report.activities[["activity", "batch_runs", "typical_hour"]]   # doctest: +SKIP
    """
    settings = settings or MiningSettings()
    window = float(settings.batch_window_seconds if window_seconds is None else window_seconds)
    size_min = int(settings.batch_min_size if min_size is None else min_size)
    events = complete_events(log.events, ["activity", "resource", "timestamp"])
    codes = codes_of(events["activity"])
    # with dates only, every event sits at midnight and each day would look like one batch
    timed = np.zeros(len(events), dtype=bool) if log.timestamp_precision == "date" else codes >= 0
    width = len(events["resource"].cat.categories) + 1
    size = max(len(events["activity"].cat.categories), 1) * width
    key, stamp, change = _chains(codes, codes_of(events["resource"]),
                                 to_nanoseconds(events["timestamp"])[0], timed, width, size)
    first, last = _runs(key, stamp, change, window, size_min)
    sizes = last - first + 1
    activity, resource = key[first] // width, key[first] % width - 1

    activity_names = events["activity"].cat.categories.astype("str")
    resource_names = events["resource"].cat.categories.astype("str")
    start = pd.to_datetime(stamp[first], utc=True).astype("datetime64[ns, UTC]")
    local = start.tz_convert(log.timezone)
    run_resource = pd.Series(np.asarray(resource_names)[np.maximum(resource, 0)], dtype="str")
    runs = pd.DataFrame({
        "activity": pd.Series(np.asarray(activity_names)[activity], dtype="str"),
        "resource": run_resource.where(resource >= 0),
        "start": start,
        "end": pd.to_datetime(stamp[last], utc=True).astype("datetime64[ns, UTC]"),
        "size": sizes.astype("int64"),
        "local_hour": np.asarray(local.hour, dtype="int64"),
        "local_date": np.asarray(local.date),
    }).sort_values(["start", "activity"], kind="stable", ignore_index=True)

    tally = np.bincount(codes[codes >= 0], minlength=len(activity_names))
    present = np.flatnonzero(tally)
    counts = pd.Series(tally[present], index=pd.Index(np.asarray(activity_names)[present], dtype="str"))
    by_activity = runs.groupby("activity")
    hours = runs.groupby(["activity", "local_hour"]).size().reset_index(name="n")
    hours = hours.sort_values(["activity", "n", "local_hour"], ascending=[True, False, True]).drop_duplicates("activity")
    table = pd.DataFrame({
        "events": counts.astype("int64"),
        "batch_runs": by_activity.size(),
        "batched_events": by_activity["size"].sum(),
        "runs_without_resource": runs["resource"].isna().groupby(runs["activity"]).sum(),
        "run_dates": by_activity["local_date"].nunique(),
    })
    table = table.fillna(0).astype("int64")
    table["batch_share"] = table["batched_events"] / table["events"]
    table["typical_hour"] = hours.set_index("activity")["local_hour"].reindex(table.index).astype("Int64")
    table = table.rename_axis("activity").reset_index()
    table = table[["activity", "events", "batch_runs", "batched_events", "batch_share",
                   "runs_without_resource", "typical_hour", "run_dates"]]
    table = table.sort_values(["batch_share", "activity"], ascending=[False, True], kind="stable", ignore_index=True)
    return BatchReport(runs=runs, activities=table, window_seconds=window, min_size=size_min)
