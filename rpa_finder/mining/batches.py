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
from .instances import complete_events
from .model import MiningSettings

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


def detect_batches(log: EventLog, *, settings: MiningSettings | None = None,
                   window_seconds: float | None = None, min_size: int | None = None) -> BatchReport:
    """Find batch runs; window and size default to ``settings`` (MiningSettings defaults: 60 s, 10).

    >>> report = detect_batches(log)                          # doctest: +SKIP
    >>> report.activities[["activity", "batch_runs", "typical_hour"]]   # doctest: +SKIP
    """
    settings = settings or MiningSettings()
    window = float(settings.batch_window_seconds if window_seconds is None else window_seconds)
    size_min = int(settings.batch_min_size if min_size is None else min_size)
    events = complete_events(log.events, ["activity", "resource", "timestamp", "source_row"])
    # with dates only, every event sits at midnight and each day would look like one batch
    timed = events.iloc[:0] if log.timestamp_precision == "date" else events
    activity = timed["activity"].cat.codes.to_numpy().astype("int64")
    resource = timed["resource"].cat.codes.to_numpy().astype("int64")
    stamp = timed["timestamp"].dt.tz_localize(None).to_numpy(dtype="datetime64[ns]").view("int64")
    order = np.lexsort((timed["source_row"].to_numpy(), stamp, resource, activity))
    activity, resource, stamp = activity[order], resource[order], stamp[order]

    n = len(order)
    new_run = np.ones(n, dtype=bool)
    if n:
        new_run[1:] = ((activity[1:] != activity[:-1]) | (resource[1:] != resource[:-1])
                       | ((stamp[1:] - stamp[:-1]) > int(window * 1e9)))
    first = np.flatnonzero(new_run)
    last = np.r_[first[1:], n] - 1 if n else first
    sizes = last - first + 1
    batch = sizes >= size_min
    first, last, sizes = first[batch], last[batch], sizes[batch]

    activity_names = events["activity"].cat.categories.astype("str")
    resource_names = events["resource"].cat.categories.astype("str")
    start = pd.to_datetime(stamp[first], utc=True).astype("datetime64[ns, UTC]")
    local = start.tz_convert(log.timezone)
    run_resource = pd.Series(np.asarray(resource_names)[np.maximum(resource[first], 0)], dtype="str")
    runs = pd.DataFrame({
        "activity": pd.Series(np.asarray(activity_names)[activity[first]], dtype="str"),
        "resource": run_resource.where(resource[first] >= 0),
        "start": start,
        "end": pd.to_datetime(stamp[last], utc=True).astype("datetime64[ns, UTC]"),
        "size": sizes.astype("int64"),
        "local_hour": np.asarray(local.hour, dtype="int64"),
        "local_date": np.asarray(local.date),
    }).sort_values(["start", "activity"], kind="stable", ignore_index=True)

    counts = events["activity"].value_counts(sort=False)
    counts = counts[counts > 0]
    counts.index = counts.index.astype("str")
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
