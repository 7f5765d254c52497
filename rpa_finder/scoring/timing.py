# SPDX-License-Identifier: AGPL-3.0-or-later
"""Timing regularity: timer rules ("always 60 days after X") and runs at a fixed clock time.

A timer rule shows as a delay from the preceding step that hardly varies: we take each activity's
most common direct predecessor and the share of delays within a tolerance of their median
(``max(tolerance_floor, tolerance_share x median)``).  Fixed-time runs show as most executions at the
same local hour; that needs real times of day, so it is not measured on date-only logs.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .instance_codes import CodedInstances, code_instances
from .rows import count_pairs, row_slices

__all__ = ["TimingSettings", "measure_timing"]


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
    #: From case partitions (:mod:`.timing_partial`): at most this many delays per activity (by case-id
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


def measure_timing(instances: pd.DataFrame, *, timezone: str, date_only: bool,
                   settings: TimingSettings = TimingSettings(), coded: CodedInstances | None = None) -> pd.DataFrame:
    """Per activity: timer_after, timer_days, timer_share, timer_rule, clock_share, timing_regularity.

    ``coded``: the codes of ``instances`` when the caller has them (:func:`code_instances`).
    """
    coded = coded or code_instances(instances, timezone)
    top, n_main = main_predecessors(predecessor_counts(coded))
    median_all, n_on_time = delays_around_median(delays_before(coded, main_rows(coded, top)), n_main, settings)
    return timing_frame(coded.names, top, n_main, median_all, n_on_time, n_main,
                        None if date_only else hour_counts(coded), settings)
