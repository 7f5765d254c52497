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

from .coded import CodedInstances, code_instances, group_medians

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


def measure_timing(instances: pd.DataFrame, *, timezone: str, date_only: bool,
                   settings: TimingSettings = TimingSettings(), coded: CodedInstances | None = None) -> pd.DataFrame:
    """Per activity: timer_after, timer_days, timer_share, timer_rule, clock_share, timing_regularity.

    ``coded``: the codes of ``instances`` when the caller has them (:func:`code_instances`).
    """
    coded = coded or code_instances(instances, timezone)
    names, k = coded.names, len(coded.names)
    previous = coded.previous
    has_previous = previous >= 0
    delay = coded.seconds_between(coded.timestamp, coded.timestamp[np.where(has_previous, previous, 0)])
    pair = has_previous & ~np.isnan(delay)
    act, before, delay = coded.activity[pair], coded.activity[previous[pair]], delay[pair]
    counts = np.bincount(act * k + before, minlength=k * k).reshape(k, k)
    # the most common predecessor; ties go to the first name, as a sort by (count desc, name) does
    has_top = counts.any(axis=1)
    top = np.where(has_top, counts.argmax(axis=1), -1)
    main = before == top[act]
    main_act, main_delay = act[main], delay[main]
    n_main = np.bincount(main_act, minlength=k)
    median_all = group_medians(main_act, main_delay, k)
    tolerance_all = np.maximum(settings.tolerance_floor_seconds, settings.tolerance_share * median_all)
    on_time = np.abs(main_delay - median_all[main_act]) <= tolerance_all[main_act]
    seen = n_main > 0
    index = pd.Index(names[seen], name="activity")
    median = pd.Series(median_all[seen], index=index)
    share = pd.Series(np.bincount(main_act[on_time], minlength=k)[seen] / n_main[seen], index=index)
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
        hour = coded.local_hour
        timed = hour >= 0
        by_hour = np.bincount(coded.activity[timed] * 24 + hour[timed], minlength=k * 24).reshape(k, 24)
        total = by_hour.sum(axis=1)
        with np.errstate(invalid="ignore"):  # an activity without times: 0 / 0
            clock = pd.Series(by_hour.max(axis=1) / total, index=out.index).where(total >= settings.min_observations)
    out["clock_share"] = clock.reindex(out.index).round(3)
    # Only a concentrated signal counts as regular: map [0.5, 1] -> [0, 1] for both signals.
    signals = pd.concat([timer_signal.reindex(out.index), out["clock_share"]], axis=1)
    out["timing_regularity"] = ((signals.max(axis=1) - 0.5) / 0.5).clip(0, 1).round(3)
    return out
