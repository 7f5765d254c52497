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

from .coded import CodedInstances, code_instances
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


def _delays_around_median(ordered: np.ndarray, counts: np.ndarray,
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


def _main_delays(coded: CodedInstances, main: np.ndarray) -> np.ndarray:
    """Seconds from the previous step to each ``main`` row, grouped by activity (rows in order within each)."""
    rows = coded.by_activity[main[coded.by_activity]]
    delays = np.empty(len(rows))
    for part in row_slices(len(rows)):  # no 10M-row temporaries
        chosen = rows[part]
        earlier = chosen - 1 if coded.in_case_order else coded.previous[chosen]  # every main row has one
        delays[part] = (coded.timestamp[chosen] - coded.timestamp[earlier]) / coded.per_second
    return delays


def measure_timing(instances: pd.DataFrame, *, timezone: str, date_only: bool,
                   settings: TimingSettings = TimingSettings(), coded: CodedInstances | None = None) -> pd.DataFrame:
    """Per activity: timer_after, timer_days, timer_share, timer_rule, clock_share, timing_regularity.

    ``coded``: the codes of ``instances`` when the caller has them (:func:`code_instances`).
    """
    coded = coded or code_instances(instances, timezone)
    names, k = coded.names, len(coded.names)
    if coded.all_timed:  # every pair of consecutive steps has a delay: the shared pair counts hold
        counts = coded.previous_counts[:, 1:]
    else:
        before, has_delay = coded.previous_activity, coded.timed & coded.timed[coded.previous]
        has_delay &= before >= 0
        counts = np.bincount(coded.activity[has_delay] * k + before[has_delay], minlength=k * k).reshape(k, k)
    # the most common predecessor; ties go to the first name, as a sort by (count desc, name) does
    has_top = counts.any(axis=1)
    top = np.where(has_top, counts.argmax(axis=1), -1)
    n_main = np.where(has_top, counts[np.arange(k), np.maximum(top, 0)], 0)
    small_top = top.astype(np.int16 if k < 2**15 else np.int64)  # int16: a cheap gather over the rows
    main = coded.previous_activity == small_top[coded.activity]  # after the main predecessor
    main &= coded.previous_activity >= 0  # an activity without one has top -1, as a case start has
    if not coded.all_timed:
        main &= coded.timed & coded.timed[coded.previous]
    median_all, n_on_time = _delays_around_median(_main_delays(coded, main), n_main, settings)
    seen = n_main > 0
    index = pd.Index(names[seen], name="activity")
    median = pd.Series(median_all[seen], index=index)
    share = pd.Series(n_on_time[seen] / n_main[seen], index=index)
    n = pd.Series(n_main[seen], index=index)

    out = pd.DataFrame(index=pd.Index(names, name="activity"))
    out["timer_after"] = pd.Series(names[top[has_top]], index=names[has_top], dtype="str")
    out["timer_days"] = (median / 86400).round(2)
    out["timer_share"] = share.round(3)
    out["timer_rule"] = ((share >= settings.min_timer_share) & (median >= settings.min_timer_seconds)
                         & (n >= settings.min_observations)).reindex(out.index).fillna(False).astype(bool)
    timer_signal = share.where((median >= settings.min_timer_seconds) & (n >= settings.min_observations))
    if date_only:
        clock = pd.Series(np.nan, index=out.index)
    else:
        by_hour = count_pairs(coded.activity, coded.local_hour, (k, 24))  # hour -1 (no time) left out
        total = by_hour.sum(axis=1)
        with np.errstate(invalid="ignore"):  # an activity without times: 0 / 0
            clock = pd.Series(by_hour.max(axis=1) / total, index=out.index).where(total >= settings.min_observations)
    out["clock_share"] = clock.reindex(out.index).round(3)
    # Only a concentrated signal counts as regular: map [0.5, 1] -> [0, 1] for both signals.
    signals = pd.concat([timer_signal.reindex(out.index), out["clock_share"]], axis=1)
    out["timing_regularity"] = ((signals.max(axis=1) - 0.5) / 0.5).clip(0, 1).round(3)
    return out
