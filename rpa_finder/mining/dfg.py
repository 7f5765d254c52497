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
from .instances import ActivityInstances, extract_instances, to_nanoseconds
from .model import DFG_COLUMNS, DirectlyFollowsGraph
from .partitions import concat_frames, map_partitions, merge_counts, summarise_values

__all__ = ["DfgPartial", "partial_dfg", "merge_dfg", "compute_dfg"]


@dataclass(frozen=True)
class DfgPartial:
    """DFG figures of whole cases: one row per edge occurrence, and activity/start/end counts."""

    edge_durations: pd.DataFrame  # source, target (categorical), seconds (float64)
    activity_counts: pd.Series
    start_counts: pd.Series
    end_counts: pd.Series


def _value_counts(values: pd.Series) -> pd.Series:
    """Counts of the activities present (categorical codes: no text hashing per event)."""
    if not isinstance(values.dtype, pd.CategoricalDtype):
        counts = values.astype("str").value_counts(sort=False).astype("int64")
        counts.index.name = "activity"
        return counts
    codes = values.cat.codes.to_numpy()
    tally = np.bincount(codes[codes >= 0], minlength=len(values.cat.categories))
    present = np.flatnonzero(tally)
    labels = pd.Index(values.cat.categories.astype("str")[present], dtype="str", name="activity")
    return pd.Series(tally[present].astype("int64"), index=labels, name="count")


def partial_dfg(events: pd.DataFrame, *, instances: ActivityInstances | None = None) -> DfgPartial:
    """DFG partial of an event frame in EventLog order holding whole cases (``instances``: if known)."""
    table = (instances if instances is not None else extract_instances(events)).table
    cases = table["case_id"].cat.codes.to_numpy()
    activity = table["activity"]
    codes = activity.cat.codes.to_numpy()
    seconds_all = to_nanoseconds(table["timestamp"])[0]
    same = cases[1:] == cases[:-1]
    categories = activity.cat.categories
    edges = pd.DataFrame(
        {
            "source": pd.Categorical.from_codes(codes[:-1][same], categories=categories),
            "target": pd.Categorical.from_codes(codes[1:][same], categories=categories),
            "seconds": (seconds_all[1:] - seconds_all[:-1])[same] / 1e9,
        }
    )
    is_first = np.r_[True, ~same] if len(table) else np.zeros(0, dtype=bool)
    is_last = np.r_[~same, True] if len(table) else np.zeros(0, dtype=bool)
    return DfgPartial(
        edge_durations=edges,
        activity_counts=_value_counts(activity),
        start_counts=_value_counts(activity[is_first]),
        end_counts=_value_counts(activity[is_last]),
    )


def _as_dict(counts: pd.Series) -> dict[str, int]:
    return {str(k): int(v) for k, v in counts.sort_values(ascending=False, kind="stable").items()}


def merge_dfg(partials: Sequence[DfgPartial]) -> DirectlyFollowsGraph:
    """Merge DFG partials exactly: counts add up, edge durations are pooled before summarising."""
    durations = concat_frames([p.edge_durations for p in partials])
    if len(durations):
        keys = ["source", "target"]
        frequency = durations.groupby(keys, sort=False, observed=True).size().rename("frequency")
        stats = summarise_values(durations, keys, "seconds", "x")
        edges = pd.concat([frequency.astype("int64"), stats], axis=1).reset_index()
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
