# SPDX-License-Identifier: AGPL-3.0-or-later
"""Timing regularity from case partitions: :func:`~.timing.measure_timing` in two rounds.

Every delay runs from a step to the previous step of its case, so a partition of whole cases has all of
them.  Round 1 counts (activity, previous activity) pairs with a delay and (activity, local hour) rows;
the plan takes each activity's main predecessor from the merged pairs; round 2 sends the delays from it,
per activity those of the cases with the smallest case-id hashes (``max_sampled_delays``).  The
predecessor, the observation count and the clock share are always exact; the median delay and the
on-time share are exact below the budget and come from the sample above it.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .sampling import HashSample, NamedPairs, hash_sample, merge_hash_samples, merge_named_counts, plan_codes
from .timing import (TimingSettings, delays_around_median, delays_before, hour_counts, main_predecessors, main_rows,
                     predecessor_counts, timing_frame)

if TYPE_CHECKING:
    from .partition import ScoringPartition

__all__ = ["TimingCounts", "TimingPlan", "TimingSample", "partial_timing", "plan_timing", "sample_timing",
           "finish_timing"]


@dataclass(frozen=True, eq=False)
class TimingCounts:
    """Round 1 of one partition: predecessor pairs and local hours per activity."""

    activities: np.ndarray
    #: Rows per (activity, previous activity in the case) with a delay between them.
    predecessors: NamedPairs
    #: Rows per (activity, local hour): (activities, 24).
    by_hour: np.ndarray
    #: The log has no real times of day (its judgement, which every partition keeps).
    date_only: bool


@dataclass(frozen=True, eq=False)
class TimingPlan:
    """Each activity's main predecessor, and the merged counts the frame reads."""

    activities: np.ndarray
    #: Plan code of each activity's main predecessor (-1: none) and how many rows follow it.
    top: np.ndarray
    n_main: np.ndarray
    #: Rows per (activity, local hour); None on a date-only log.
    by_hour: np.ndarray | None


@dataclass(frozen=True, eq=False)
class TimingSample:
    """Round 2 of one partition: seconds from the main predecessor, grouped by plan activity code."""

    delays: HashSample


def partial_timing(part: ScoringPartition, settings: TimingSettings = TimingSettings()) -> TimingCounts:
    """Round 1: the (activity, predecessor) pairs with a delay and the (activity, hour) counts."""
    coded = part.coded
    return TimingCounts(activities=coded.names, predecessors=NamedPairs.of(coded.names, [predecessor_counts(coded)]),
                        by_hour=hour_counts(coded), date_only=part.log.timestamp_precision != "time")


def plan_timing(counts: Sequence[TimingCounts], settings: TimingSettings = TimingSettings()) -> TimingPlan:
    """Merge round 1: the main predecessor of each activity, ties to the first name as in-process."""
    activities, by_hour = merge_named_counts([c.activities for c in counts], [c.by_hour for c in counts])
    k = len(activities)
    pairs = np.zeros((k, k), dtype=np.int64)
    for c in counts:
        pairs += c.predecessors.dense(activities)[0]
    top, n_main = main_predecessors(pairs)
    return TimingPlan(activities=activities, top=top, n_main=n_main,
                      by_hour=None if any(c.date_only for c in counts) else by_hour)


def sample_timing(part: ScoringPartition, plan: TimingPlan,
                  settings: TimingSettings = TimingSettings()) -> TimingSample:
    """Round 2: the delays from each activity's main predecessor, at most ``max_sampled_delays`` per activity."""
    coded = part.coded
    code = plan_codes(coded.names, plan.activities)
    local = np.full(len(plan.activities) + 1, -1, dtype=np.int64)  # plan code -> this partition's (-1: absent)
    local[code] = np.arange(len(code))
    rows = main_rows(coded, local[plan.top[code]])  # plan top -1 takes the last slot: -1
    delays = hash_sample(code[coded.activity[rows]], delays_before(coded, rows), part.row_hashes[rows],
                         part.position_in_case[rows], settings.max_sampled_delays, len(plan.activities))
    return TimingSample(delays=delays)


def finish_timing(plan: TimingPlan, samples: Sequence[TimingSample],
                  settings: TimingSettings = TimingSettings()) -> pd.DataFrame:
    """The frame of :func:`~.timing.measure_timing` from the partitions' samples."""
    k = len(plan.activities)
    ordered, observed = merge_hash_samples([s.delays for s in samples], settings.max_sampled_delays, k)
    median_all, on_time = delays_around_median(ordered, observed, settings)
    return timing_frame(plan.activities, plan.top, plan.n_main, median_all, on_time, observed, plan.by_hour,
                        settings)
