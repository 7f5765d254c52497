# SPDX-License-Identifier: AGPL-3.0-or-later
"""One row of figures per activity: volume, spread, rework, handling and waiting time.

These feed the robot-candidate criteria (volume, handling time, rework, spread).  Handling (service)
time exists only where a start is known; otherwise it is NaN and ``service_time_known`` is False,
so a report can say "not measured" instead of showing zero.  Waiting time runs from the previous
step's completion in the same case to this step's start (its completion where no start is known),
never below zero, as pm4py's performance DFG does with start times.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from ..eventlog import EventLog
from .instances import ActivityInstances, extract_instances, to_nanoseconds
from .partitions import concat_frames, map_partitions, summarise_values

__all__ = [
    "ActivityStatistics",
    "ActivityStatsPartial",
    "ACTIVITY_STAT_COLUMNS",
    "partial_activity_stats",
    "merge_activity_stats",
    "compute_activity_stats",
]

#: Columns of ``ActivityStatistics.table``, in order.
ACTIVITY_STAT_COLUMNS = (
    "activity", "events", "cases", "case_share", "repeats_per_case", "rework_case_share",
    "distinct_resources", "service_time_known", "service_mean_seconds", "service_median_seconds",
    "service_p90_seconds", "waiting_mean_seconds", "waiting_median_seconds", "waiting_p90_seconds",
    "first_seen", "last_seen",
)


@dataclass(frozen=True)
class ActivityStatistics:
    """``table``: one row per activity (``ACTIVITY_STAT_COLUMNS``), by events descending then name.

    ``events``: activity instances; ``cases``: cases containing the activity; ``case_share``: of all
    cases; ``repeats_per_case``: extra executions per case containing it; ``rework_case_share``: share
    of those cases where it runs more than once; ``first_seen``/``last_seen``: completion times.
    """

    table: pd.DataFrame
    n_cases: int

    @property
    def service_time_measured(self) -> bool:
        return bool(self.table["service_time_known"].any())


@dataclass(frozen=True)
class ActivityStatsPartial:
    """Per-activity sums of whole cases, resource pairs, and per-instance durations for exact quantiles."""

    counts: pd.DataFrame  # index activity: events, cases, rework_cases, extra, first_seen, last_seen
    resources: pd.DataFrame  # distinct (activity, resource)
    durations: pd.DataFrame  # activity, service_seconds, waiting_seconds
    n_cases: int


def partial_activity_stats(events: pd.DataFrame, *, instances: ActivityInstances | None = None) -> ActivityStatsPartial:
    """Activity-statistics partial of an event frame in EventLog order holding whole cases.

    ``instances``: the frame's activity instances when the caller already has them.
    """
    table = (instances if instances is not None else extract_instances(events)).table
    # group on category codes: no per-row strings; names are attached to the few distinct activities
    names = table["activity"].cat.categories.astype("str")
    codes = table["activity"].cat.codes.to_numpy().astype(np.int64)
    n_act = len(names)
    valid = codes >= 0
    case_codes = table["case_id"].cat.codes.to_numpy().astype(np.int64)
    pair, per_case = np.unique(case_codes[valid] * max(n_act, 1) + codes[valid], return_counts=True)
    pair_activity = pair % max(n_act, 1)
    events_n = np.bincount(codes[valid], minlength=n_act)
    present = np.flatnonzero(events_n)
    label = pd.Index(names[present], dtype="str", name="activity")
    times = table["timestamp"][valid].groupby(codes[valid], sort=True)
    counts = pd.DataFrame(
        {
            "events": events_n[present].astype("int64"),
            "cases": np.bincount(pair_activity, minlength=n_act)[present].astype("int64"),
            "rework_cases": np.bincount(pair_activity, weights=per_case > 1, minlength=n_act)[present].astype("int64"),
            "extra": np.bincount(pair_activity, weights=per_case - 1, minlength=n_act)[present].astype("int64"),
        },
        index=label,
    )
    counts["first_seen"] = times.min().to_numpy()
    counts["last_seen"] = times.max().to_numpy()
    activity = pd.Series(pd.Categorical.from_codes(codes, categories=names), index=table.index)
    resource = table["resource"]
    if isinstance(resource.dtype, pd.CategoricalDtype):
        r_codes = resource.cat.codes.to_numpy().astype(np.int64)
        keep = (r_codes >= 0) & valid
        n_res = len(resource.cat.categories)
        combo = pd.unique(codes[keep] * max(n_res, 1) + r_codes[keep])  # first-seen order, as drop_duplicates
        r_names = resource.cat.categories.astype("str")
        resources = pd.DataFrame({"activity": pd.Series(names[combo // max(n_res, 1)], dtype="str"),
                                  "resource": pd.Series(r_names[combo % max(n_res, 1)], dtype="str")})
    else:
        resources = pd.DataFrame({"activity": activity.astype("str"), "resource": resource.astype("str")})
        resources = resources[resource.notna().to_numpy()].drop_duplicates(ignore_index=True)

    cases = case_codes
    same = np.r_[False, cases[1:] == cases[:-1]] if len(table) else np.zeros(0, dtype=bool)
    done, _ = to_nanoseconds(table["timestamp"])
    start, no_start = to_nanoseconds(table["start_timestamp"])
    service = np.where(no_start, np.nan, (done - start) / 1e9)
    previous = np.r_[np.int64(0), done[:-1]] if len(table) else done
    begin = np.where(no_start, done, start)
    waiting = np.where(same, np.maximum(begin - previous, 0) / 1e9, np.nan)
    durations = pd.DataFrame({"activity": activity, "service_seconds": service, "waiting_seconds": waiting})
    return ActivityStatsPartial(counts=counts, resources=resources, durations=durations,
                                n_cases=int(events["case_id"].nunique()))


def _str_index(frame: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    if isinstance(frame.index, pd.CategoricalIndex):
        frame = frame.copy()
        frame.index = pd.Index(frame.index.astype("str"), dtype="str", name=frame.index.name)
    return frame


def merge_activity_stats(partials: Sequence[ActivityStatsPartial]) -> ActivityStatistics:
    """Merge partials exactly: counts add, resource pairs union, durations pool before summarising."""
    frames = [p.counts for p in partials if len(p.counts)]
    n_cases = sum(p.n_cases for p in partials)
    if not frames:
        return ActivityStatistics(table=pd.DataFrame(columns=list(ACTIVITY_STAT_COLUMNS)), n_cases=n_cases)
    counts = pd.concat(frames)
    grouped = counts.groupby(level="activity", sort=False)
    sums = grouped[["events", "cases", "rework_cases", "extra"]].sum().astype("int64")
    resources = concat_frames([p.resources for p in partials]).drop_duplicates()
    durations = concat_frames([p.durations for p in partials])
    service = _str_index(summarise_values(durations, ["activity"], "service_seconds", "service"))
    waiting = _str_index(summarise_values(durations, ["activity"], "waiting_seconds", "waiting"))
    table = pd.DataFrame(
        {
            "events": sums["events"],
            "cases": sums["cases"],
            "case_share": sums["cases"] / n_cases if n_cases else np.nan,
            "repeats_per_case": sums["extra"] / sums["cases"],
            "rework_case_share": sums["rework_cases"] / sums["cases"],
            "distinct_resources": resources.groupby("activity", sort=False).size().reindex(sums.index).fillna(0).astype("int64"),
        }
    )
    table["service_time_known"] = _str_index(durations.groupby("activity", sort=False, observed=True)["service_seconds"].count()).reindex(sums.index) > 0
    table = table.join(service).join(waiting)
    table["first_seen"] = grouped["first_seen"].min()
    table["last_seen"] = grouped["last_seen"].max()
    table = table.rename_axis("activity").reset_index()
    table = table.sort_values(["events", "activity"], ascending=[False, True], ignore_index=True)
    return ActivityStatistics(table=table[list(ACTIVITY_STAT_COLUMNS)], n_cases=n_cases)


def compute_activity_stats(log: EventLog, *, partitions: int = 1,
                           instances: ActivityInstances | None = None) -> ActivityStatistics:
    """Per-activity statistics of a log.

    >>> from rpa_finder.eventlog import EventLog
    >>> t = pd.to_datetime(["2026-01-05 08:00", "2026-01-05 08:10", "2026-01-05 09:00"], utc=True)
    >>> log = EventLog.from_frame(pd.DataFrame({"case_id": "c", "activity": ["a", "b", "a"], "timestamp": t}))
    >>> compute_activity_stats(log).table[["activity", "events", "repeats_per_case"]].values.tolist()
    [['a', 2, 1.0], ['b', 1, 0.0]]
    """
    if instances is not None and partitions == 1:
        return merge_activity_stats([partial_activity_stats(log.events, instances=instances)])
    return merge_activity_stats(map_partitions(partial_activity_stats, log.events, partitions))
