# SPDX-License-Identifier: AGPL-3.0-or-later
"""Timing regularity: timer rules ("always 60 days after X") and runs at a fixed clock time.

A timer rule shows as a delay from the preceding step that hardly varies: we take each activity's
most common direct predecessor and the share of delays within a tolerance of their median
(``max(tolerance_floor, tolerance_share x median)``).  Fixed-time runs show as most executions at the
same local hour; that needs real times of day, so it is not measured on date-only logs.

It runs in two rounds over partitions of whole cases (the whole log in one process is one partition):
every delay runs from a step to the previous step of its case, so a partition of whole cases has all of
them.  Round 1 (:func:`partial_timing`) counts (activity, previous activity) pairs with a delay and
(activity, local hour) rows; the plan (:func:`plan_timing`) takes each activity's main predecessor from
the merged pairs; round 2 (:func:`sample_timing`) sends the delays from it, per activity those of the
cases with the smallest case-id hashes (``max_sampled_delays``).  The predecessor, the observation
count and the clock share are always exact; the median delay and the on-time share are exact below
the budget and come from the sample above it.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .instance_codes import CodedInstances
from .rows import count_pairs, row_slices
from .sampling import HashSample, NamedPairs, hash_sample, merge_hash_samples, merge_named_counts, plan_codes

if TYPE_CHECKING:
    from .partition import ScoringPartition

__all__ = ["TimingSettings", "TimingCounts", "TimingPlan", "TimingSample", "partial_timing", "plan_timing",
           "sample_timing", "finish_timing"]


@dataclass(frozen=True)
class TimingSettings:
    #: A delay shorter than this is a hand-off or a queue, not a timer: with a tolerance of a whole day
    #: (date-only logs) a shorter median would make any same-week follow-up look "on time".
    min_timer_seconds: float = 3 * 86400.0
    #: Delays within max(floor, share x median) of the median count as "on time".
    tolerance_floor_seconds: float = 86400.0
    tolerance_share: float = 0.05
    #: A timer rule needs at least this share of on-time delays and this many observations.
    min_timer_share: float = 0.8
    min_observations: int = 5
    #: From case partitions: at most this many delays per activity (by case-id
    #: hash) give the median and the on-time share; exact below.
    max_sampled_delays: int = 1_000_000


def delays_around_median(ordered: np.ndarray, counts: np.ndarray,
                         settings: TimingSettings) -> tuple[np.ndarray, np.ndarray]:
    """Per group: median delay and number of delays within the tolerance of it.

    ``ordered``: the delays grouped by group code (``counts`` per group); each group is sorted in place.
    """
    median, on_time = np.full(len(counts), np.nan), np.zeros(len(counts), dtype=np.int64)
    ends = np.cumsum(counts)
    for group in np.flatnonzero(counts):
        part = ordered[ends[group] - counts[group]:ends[group]]
        part.sort()
        median[group] = (part[(len(part) - 1) // 2] + part[len(part) // 2]) / 2
        tolerance = max(settings.tolerance_floor_seconds, settings.tolerance_share * median[group])
        on_time[group] = np.count_nonzero(np.abs(part - median[group]) <= tolerance)
    return median, on_time


def predecessor_counts(coded: CodedInstances) -> np.ndarray:
    """Rows per (activity, previous activity in the case) with a delay between them (both timed): (k, k)."""
    if coded.all_timed:  # every pair of consecutive steps has a delay: the shared pair counts hold
        return coded.previous_counts[:, 1:]
    k = len(coded.names)
    before, has_delay = coded.previous_activity, coded.timed & coded.timed[coded.previous]
    has_delay &= before >= 0
    return np.bincount(coded.activity[has_delay] * k + before[has_delay], minlength=k * k).reshape(k, k)


def main_predecessors(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per activity: the code of its most common predecessor (-1: none) and how many rows follow it.

    Ties go to the first name, as a sort by (count desc, name) does.
    """
    k = len(counts)
    has_top = counts.any(axis=1)
    top = np.where(has_top, counts.argmax(axis=1), -1)
    return top, np.where(has_top, counts[np.arange(k), np.maximum(top, 0)], 0)


def main_rows(coded: CodedInstances, top: np.ndarray) -> np.ndarray:
    """Rows right after their activity's main predecessor ``top`` (a code per activity, -1: none) with a
    delay from it, grouped by activity (in row order within each)."""
    k = len(coded.names)
    small_top = top.astype(np.int16 if k < 2**15 else np.int64)  # int16: a cheap gather over the rows
    main = coded.previous_activity == small_top[coded.activity]  # after the main predecessor
    main &= coded.previous_activity >= 0  # an activity without one has top -1, as a case start has
    if not coded.all_timed:
        main &= coded.timed & coded.timed[coded.previous]
    return coded.by_activity[main[coded.by_activity]]


def delays_before(coded: CodedInstances, rows: np.ndarray) -> np.ndarray:
    """Seconds from the previous step of the case to each of ``rows`` (every one has a previous step)."""
    delays = np.empty(len(rows))
    for part in row_slices(len(rows)):  # no 10M-row temporaries
        chosen = rows[part]
        earlier = chosen - 1 if coded.in_case_order else coded.previous[chosen]
        delays[part] = (coded.timestamp[chosen] - coded.timestamp[earlier]) / coded.per_second
    return delays


def hour_counts(coded: CodedInstances) -> np.ndarray:
    """Rows per (activity, local hour of day): (k, 24); rows without a time left out."""
    return count_pairs(coded.activity, coded.local_hour, (len(coded.names), 24))


def timing_frame(names: np.ndarray, top: np.ndarray, n_main: np.ndarray, median_all: np.ndarray,
                 on_time: np.ndarray, observed: np.ndarray, by_hour: np.ndarray | None,
                 settings: TimingSettings) -> pd.DataFrame:
    """The per-activity timing columns.

    ``top``/``n_main``: :func:`main_predecessors`; ``median_all``/``on_time``: :func:`delays_around_median`
    of ``observed`` delays per activity (all ``n_main`` of them, or a sample); ``by_hour``:
    :func:`hour_counts`, None on date-only logs.
    """
    has_top = top >= 0
    seen = n_main > 0
    index = pd.Index(names[seen], name="activity")
    median = pd.Series(median_all[seen], index=index)
    share = pd.Series(on_time[seen] / observed[seen], index=index)
    n = pd.Series(n_main[seen], index=index)

    out = pd.DataFrame(index=pd.Index(names, name="activity"))
    out["timer_after"] = pd.Series(names[top[has_top]], index=names[has_top], dtype="str")
    out["timer_days"] = (median / 86400).round(2)
    out["timer_share"] = share.round(3)
    out["timer_rule"] = ((share >= settings.min_timer_share) & (median >= settings.min_timer_seconds)
                         & (n >= settings.min_observations)).reindex(out.index).fillna(False).astype(bool)
    timer_signal = share.where((median >= settings.min_timer_seconds) & (n >= settings.min_observations))
    if by_hour is None:
        clock = pd.Series(np.nan, index=out.index)
    else:
        total = by_hour.sum(axis=1)
        with np.errstate(invalid="ignore"):  # an activity without times: 0 / 0
            clock = pd.Series(by_hour.max(axis=1) / total, index=out.index).where(total >= settings.min_observations)
    out["clock_share"] = clock.reindex(out.index).round(3)
    # Only a concentrated signal counts as regular: map [0.5, 1] -> [0, 1] for both signals.
    signals = pd.concat([timer_signal.reindex(out.index), out["clock_share"]], axis=1)
    out["timing_regularity"] = ((signals.max(axis=1) - 0.5) / 0.5).clip(0, 1).round(3)
    return out



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
    """Merge round 1: the main predecessor of each activity, ties to the first name as a sort by (count desc, name) does."""
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
    """The frame of the timing columns from the partitions' samples."""
    k = len(plan.activities)
    ordered, observed = merge_hash_samples([s.delays for s in samples], settings.max_sampled_delays, k)
    median_all, on_time = delays_around_median(ordered, observed, settings)
    return timing_frame(plan.activities, plan.top, plan.n_main, median_all, on_time, observed, plan.by_hour,
                        settings)
