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
from .instances import (NAT, ActivityInstances, codes_of, count_cases, extract_instances, rows_by_activity,
                        to_nanoseconds)
from .partitions import (GroupedValues, concat_frames, count_codes, group_presorted, map_partitions, merge_grouped,
                         summarise_grouped)

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
    service: GroupedValues  # handling seconds by activity
    waiting: GroupedValues  # waiting seconds by activity
    n_cases: int


def _sorted_counts(sorted_codes: np.ndarray, n_act: int) -> np.ndarray:
    """Rows per code of ascending codes: n_act + 1 binary searches instead of a pass over the rows."""
    return np.diff(np.searchsorted(sorted_codes, np.arange(n_act + 1, dtype=sorted_codes.dtype)))


def _per_case_counts(sorted_codes: np.ndarray, sorted_cases: np.ndarray, n_act: int) -> tuple[np.ndarray, np.ndarray]:
    """Per activity: the cases holding it, and the cases holding it more than once, from rows
    grouped by activity with each activity's case codes ascending (a run per (activity, case))."""
    new_pair = np.ones(len(sorted_codes), dtype=bool)
    new_pair[1:] = (sorted_codes[1:] != sorted_codes[:-1]) | (sorted_cases[1:] != sorted_cases[:-1])
    second = np.zeros(len(sorted_codes), dtype=bool)  # the second row of a run
    second[1:] = new_pair[:-1] & ~new_pair[1:]
    return _sorted_counts(sorted_codes[new_pair], n_act), _sorted_counts(sorted_codes[second], n_act)


def _seen(nanos: np.ndarray, codes: np.ndarray, n_act: int) -> tuple[np.ndarray, np.ndarray]:
    """First and last completion per activity code (NaT skipped, NaT where none)."""
    known = (codes >= 0) & (nanos != NAT)
    if not known.all():
        codes, nanos = codes[known], nanos[known]
    first = np.full(n_act, np.iinfo(np.int64).max)
    last = np.full(n_act, NAT)
    np.minimum.at(first, codes, nanos)
    np.maximum.at(last, codes, nanos)
    first[first == np.iinfo(np.int64).max] = NAT
    return first, last


def _resource_pairs(codes: np.ndarray, resource: pd.Series, names: pd.Index) -> pd.DataFrame:
    """The distinct (activity, resource) pairs of the rows, as text (order does not matter).

    Both codes shifted by one, so a missing activity or resource (-1) lands in row or column 0 of
    the pair table and is dropped there: no masking of the rows.
    """
    if not isinstance(resource.dtype, pd.CategoricalDtype):
        frame = pd.DataFrame({"activity": pd.Series(names.to_numpy()[np.maximum(codes, 0)], dtype="str"),
                              "resource": resource.astype("str").to_numpy()})
        return frame[(resource.notna().to_numpy()) & (codes >= 0)].drop_duplicates(ignore_index=True)
    r_codes = codes_of(resource)
    width = len(resource.cat.categories) + 1
    size = (len(names) + 1) * width
    keys = (codes.astype(np.int32 if size < 2**31 else np.int64) + 1) * width + (r_codes + 1)
    pairs = count_codes(keys, size)[0]
    pairs = pairs[(pairs >= width) & (pairs % width > 0)]
    r_names = resource.cat.categories.astype("str")
    return pd.DataFrame({"activity": pd.Series(names[pairs // width - 1], dtype="str"),
                         "resource": pd.Series(r_names[pairs % width - 1], dtype="str")})


def partial_activity_stats(events: pd.DataFrame, *, instances: ActivityInstances | None = None) -> ActivityStatsPartial:
    """Activity-statistics partial of an event frame in EventLog order holding whole cases.

    ``instances``: the frame's activity instances when the caller already has them.  All grouping
    runs on category codes; names are attached to the few distinct activities only.
    """
    table = (instances if instances is not None else extract_instances(events)).table
    names = pd.Index(table["activity"].cat.categories.astype("str"), dtype="str")
    codes = codes_of(table["activity"])
    n_act = max(len(names), 1)
    case_codes = codes_of(table["case_id"])
    order = rows_by_activity(codes, case_codes)
    sorted_codes = codes[order]
    events_n = _sorted_counts(sorted_codes, n_act)
    cases_n, rework_n = _per_case_counts(sorted_codes, case_codes[order], n_act)
    done, _ = to_nanoseconds(table["timestamp"])
    first, last = _seen(done, codes, n_act)
    present = np.flatnonzero(events_n)
    counts = pd.DataFrame(
        {
            "events": events_n[present].astype("int64"),
            "cases": cases_n[present].astype("int64"),
            "rework_cases": rework_n[present].astype("int64"),
            "extra": (events_n - cases_n)[present].astype("int64"),
            "first_seen": pd.to_datetime(first[present], utc=True).astype("datetime64[ns, UTC]"),
            "last_seen": pd.to_datetime(last[present], utc=True).astype("datetime64[ns, UTC]"),
        },
        index=pd.Index(names[present], dtype="str", name="activity"),
    )
    service, waiting = _durations(table, order, done, case_codes)

    def label(present_codes: np.ndarray) -> pd.Index:
        return pd.Index(names[present_codes], dtype="str", name="activity")

    return ActivityStatsPartial(counts=counts, resources=_resource_pairs(codes, table["resource"], names),
                                service=group_presorted(codes[service[0]], service[1], label),
                                waiting=group_presorted(codes[waiting[0]], waiting[1], label),
                                n_cases=count_cases(events))


def _durations(table: pd.DataFrame, order: np.ndarray, done: np.ndarray,
               case_codes: np.ndarray) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """(rows, seconds) of handling time (instances with a start) and of waiting time since the
    case's previous step (never below zero), rows in ``order``: grouped by activity, row order within.

    Waits are computed in row order (one pass) and then picked for the rows that have one.
    """
    start, no_start = to_nanoseconds(table["start_timestamp"])
    follows = np.zeros(len(table), dtype=bool)
    np.equal(case_codes[1:], case_codes[:-1], out=follows[1:])
    rows = order[follows[order]]
    if no_start.all():  # the common export: completions only
        begin = done
        timed = rows[:0]
    else:
        begin = np.where(no_start, done, start)
        timed = order[~no_start[order]]
    waited = np.zeros(len(table))
    gap = begin[1:] - done[:-1]
    np.maximum(gap, 0, out=gap)
    np.divide(gap, 1e9, out=waited[1:])
    return (timed, (done[timed] - start[timed]) / 1e9), (rows, waited[rows])


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
    service = merge_grouped([p.service for p in partials])
    waiting = merge_grouped([p.waiting for p in partials])
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
    table["service_time_known"] = sums.index.isin(service.labels)
    table = table.join(summarise_grouped(service, "service")).join(summarise_grouped(waiting, "waiting"))
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
