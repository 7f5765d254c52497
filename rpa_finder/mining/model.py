# SPDX-License-Identifier: AGPL-3.0-or-later
"""Typed results of mining, shared by the statistics, discovery, graph analytics and rendering.

Every figure here is computed from *activity instances*: the log's "complete" events (with their
start time where a start event or a start_timestamp column gives one).  Other lifecycle transitions
(schedule, suspend, ...) do not count as steps, so a start/complete log does not show A -> A loops.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import pandas as pd

__all__ = ["DirectlyFollowsGraph", "Variants", "MiningSettings", "DFG_COLUMNS", "VARIANT_COLUMNS"]

#: Columns of ``DirectlyFollowsGraph.edges`` (and of dfg.csv), in order.
DFG_COLUMNS = ("source", "target", "frequency", "mean_seconds", "median_seconds", "p90_seconds")
#: Columns of ``Variants.table`` (and of variants.csv), in order.
VARIANT_COLUMNS = ("variant_id", "activities", "cases", "share", "cumulative_share", "length",
                   "mean_throughput_seconds", "median_throughput_seconds")


@dataclass(frozen=True)
class DirectlyFollowsGraph:
    """Directly-follows relation with frequencies and waiting-time statistics per edge.

    ``edges``: one row per (source, target) with ``frequency`` (int64) and ``mean_seconds``,
    ``median_seconds``, ``p90_seconds`` (float64: time from the source's completion to the target's
    completion, as pm4py's performance DFG measures it), sorted by frequency descending, then names.
    ``activity_frequency``: activity -> number of activity instances.
    ``start_activities`` / ``end_activities``: activity -> number of cases starting / ending with it.
    """

    edges: pd.DataFrame
    activity_frequency: Mapping[str, int]
    start_activities: Mapping[str, int]
    end_activities: Mapping[str, int]

    def frequency_dict(self) -> dict[tuple[str, str], int]:
        """The edges as pm4py's ``discover_dfg`` returns them: {(a, b): count}."""
        return {(s, t): int(f) for s, t, f in self.edges[["source", "target", "frequency"]].itertuples(index=False)}


@dataclass(frozen=True)
class Variants:
    """Distinct activity sequences with their case counts.

    ``table``: one row per variant with the columns of ``VARIANT_COLUMNS``; ``activities`` holds a
    tuple of activity names; sorted by ``cases`` descending then by the sequence, ``variant_id`` 1..n
    in that order.  ``case_variant``: case_id -> variant_id.
    """

    table: pd.DataFrame
    case_variant: pd.Series

    @property
    def count(self) -> int:
        return len(self.table)

    def as_dict(self) -> dict[tuple[str, ...], int]:
        return dict(zip(self.table["activities"], self.table["cases"].astype(int)))


@dataclass(frozen=True)
class MiningSettings:
    """Knobs of mining, with defaults a process developer can live with."""

    #: Share of behaviour (events and paths) the default process map shows, like Disco's sliders.
    map_activity_coverage: float = 0.8
    map_path_coverage: float = 0.8
    #: Inductive-miner noise threshold (applied by filtering the DFG before IMd).
    noise_threshold: float = 0.2
    #: Alignments are computed only below this many variants, within this many seconds.
    alignment_max_variants: int = 50
    alignment_budget_seconds: float = 10.0
    #: Token replay covers at most this many of the most frequent variants (its cost follows variants).
    conformance_max_variants: int = 300
    #: ... and stops after this many seconds, saying how much of the log it covered.
    conformance_budget_seconds: float = 10.0
    #: Office hours for working time (local time), and the holiday calendar country.
    office_start_hour: int = 8
    office_end_hour: int = 16
    holiday_country: str = "FI"
    #: Handover groups with fewer members than this are merged into "other" in any output.
    min_group_size: int = 5
    #: Batch: at least this many executions of one activity within the window by one resource (or none).
    batch_min_size: int = 10
    batch_window_seconds: float = 60.0
    extra: Mapping[str, Any] = field(default_factory=dict)
