# SPDX-License-Identifier: AGPL-3.0-or-later
"""The directly-follows graph with frequencies and exact mean/median/p90 seconds per edge.

Edges join consecutive activity instances of a case, ordered by completion time; the duration of
an edge is the target's completion minus the source's completion, as pm4py's performance DFG measures
it on a log without a start_timestamp column.  Partials keep each edge's durations so that merged
medians and percentiles are exact.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from ..eventlog import EventLog
from .instances import ActivityInstances, codes_of, extract_instances, to_nanoseconds
from .model import DFG_COLUMNS, DirectlyFollowsGraph
from .partitions import GroupedValues, group_values, map_partitions, merge_counts, merge_grouped, summarise_grouped

__all__ = ["DfgPartial", "partial_dfg", "merge_dfg", "compute_dfg"]


@dataclass(frozen=True)
class DfgPartial:
    """DFG figures of whole cases: every edge's durations, and activity/start/end counts.

    Durations are differences of integer nanoseconds, never NaN, so an edge's number of durations
    is its frequency.
    """

    edge_seconds: GroupedValues  # labels (source, target): the durations, for exact merged quantiles
    activity_counts: pd.Series
    start_counts: pd.Series
    end_counts: pd.Series


def _code_counts(codes: np.ndarray, names: pd.Index) -> pd.Series:
    """Counts of the activities present, from category codes (-1: missing): no text per event."""
    tally = np.bincount(codes[codes >= 0], minlength=len(names))
    present = np.flatnonzero(tally)
    return pd.Series(tally[present].astype("int64"), index=pd.Index(names[present], dtype="str", name="activity"),
                     name="count")


def partial_dfg(events: pd.DataFrame, *, instances: ActivityInstances | None = None) -> DfgPartial:
    """DFG partial of an event frame in EventLog order holding whole cases (``instances``: if known).

    Edges are counted and grouped on one int key per (source, target) code pair; names are attached
    to the few distinct edges only.
    """
    table = (instances if instances is not None else extract_instances(events)).table
    cases = codes_of(table["case_id"])
    codes = codes_of(table["activity"])
    names = pd.Index(table["activity"].cat.categories.astype("str"), dtype="str")
    n = max(len(names), 1)
    nanos = to_nanoseconds(table["timestamp"])[0]
    same = cases[1:] == cases[:-1]
    source, target = codes[:-1][same], codes[1:][same]
    keys = source.astype(np.int64) * n + target
    if (codes < 0).any():  # a missing activity makes no edge
        keys[(source < 0) | (target < 0)] = -1
    seconds = (nanos[1:] - nanos[:-1])[same] / 1e9

    def label(edge: np.ndarray) -> pd.MultiIndex:
        return pd.MultiIndex.from_arrays([names[edge // n], names[edge % n]], names=["source", "target"])

    is_first = np.r_[True, ~same] if len(table) else np.zeros(0, dtype=bool)
    is_last = np.r_[~same, True] if len(table) else np.zeros(0, dtype=bool)
    return DfgPartial(
        edge_seconds=group_values(keys, seconds, n * n, label),
        activity_counts=_code_counts(codes, names),
        start_counts=_code_counts(codes[is_first], names),
        end_counts=_code_counts(codes[is_last], names),
    )


def _as_dict(counts: pd.Series) -> dict[str, int]:
    return {str(k): int(v) for k, v in counts.sort_values(ascending=False, kind="stable").items()}


def merge_dfg(partials: Sequence[DfgPartial]) -> DirectlyFollowsGraph:
    """Merge DFG partials exactly: counts add up, edge durations are pooled before summarising."""
    seconds = merge_grouped([p.edge_seconds for p in partials])
    if len(seconds.counts):
        edges = summarise_grouped(seconds, "x")
        edges.insert(0, "frequency", seconds.counts)
        edges = edges.reset_index()
        edges.columns = list(DFG_COLUMNS)
        edges["source"] = edges["source"].astype("str")
        edges["target"] = edges["target"].astype("str")
        edges = edges.sort_values(["frequency", "source", "target"], ascending=[False, True, True], ignore_index=True)
    else:
        edges = pd.DataFrame({c: pd.Series(dtype="str" if c in ("source", "target") else "float64") for c in DFG_COLUMNS})
        edges["frequency"] = edges["frequency"].astype("int64")
    return DirectlyFollowsGraph(
        edges=edges,
        activity_frequency=_as_dict(merge_counts([p.activity_counts for p in partials])),
        start_activities=_as_dict(merge_counts([p.start_counts for p in partials])),
        end_activities=_as_dict(merge_counts([p.end_counts for p in partials])),
    )


def compute_dfg(log: EventLog, *, partitions: int = 1, instances: ActivityInstances | None = None) -> DirectlyFollowsGraph:
    """The directly-follows graph of a log (activity instances, completion to completion).

    >>> from rpa_finder.eventlog import EventLog
    >>> t = pd.to_datetime(["2026-01-05 08:00", "2026-01-05 08:01", "2026-01-05 09:00"], utc=True)
    >>> log = EventLog.from_frame(pd.DataFrame({"case_id": "c", "activity": ["a", "b", "a"], "timestamp": t}))
    >>> compute_dfg(log).frequency_dict()
    {('a', 'b'): 1, ('b', 'a'): 1}
    """
    if instances is not None and partitions == 1:
        return merge_dfg([partial_dfg(log.events, instances=instances)])
    return merge_dfg(map_partitions(partial_dfg, log.events, partitions))
