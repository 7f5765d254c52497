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
                   settings: TimingSettings = TimingSettings()) -> pd.DataFrame:
    """Per activity: timer_after, timer_days, timer_share, timer_rule, clock_share, timing_regularity."""
    case = instances["case_id"]
    activity = instances["activity"].astype(str)
    previous = activity.groupby(case.to_numpy(), sort=False).shift(1)
    delay = (instances["timestamp"] - instances["timestamp"].groupby(case.to_numpy(), sort=False).shift(1)).dt.total_seconds()
    pairs = pd.DataFrame({"activity": activity, "previous": previous, "delay": delay}).dropna()
    counts = pairs.groupby(["activity", "previous"]).size().rename("n").reset_index()
    top = counts.sort_values(["activity", "n", "previous"], ascending=[True, False, True]).drop_duplicates("activity")
    main = pairs.merge(top[["activity", "previous"]], on=["activity", "previous"])
    median = main.groupby("activity")["delay"].median()
    tolerance = np.maximum(settings.tolerance_floor_seconds, settings.tolerance_share * median)
    main["on_time"] = (main["delay"] - main["activity"].map(median)).abs() <= main["activity"].map(tolerance)
    share = main.groupby("activity")["on_time"].mean()
    n = main.groupby("activity").size()

    out = pd.DataFrame(index=pd.Index(sorted(activity.unique()), name="activity"))
    out["timer_after"] = top.set_index("activity")["previous"]
    out["timer_days"] = (median / 86400).round(2)
    out["timer_share"] = share.round(3)
    out["timer_rule"] = ((share >= settings.min_timer_share) & (median >= settings.min_timer_seconds)
                         & (n >= settings.min_observations)).reindex(out.index).fillna(False).astype(bool)
    timer_signal = share.where((median >= settings.min_timer_seconds) & (n >= settings.min_observations))
    if date_only:
        clock = pd.Series(np.nan, index=out.index)
    else:
        hour = instances["timestamp"].dt.tz_convert(timezone).dt.hour
        by_hour = hour.groupby([activity.to_numpy(), hour.to_numpy()]).size().unstack(fill_value=0)
        clock = (by_hour.max(axis=1) / by_hour.sum(axis=1)).where(by_hour.sum(axis=1) >= settings.min_observations)
    out["clock_share"] = clock.reindex(out.index).round(3)
    # Only a concentrated signal counts as regular: map [0.5, 1] -> [0, 1] for both signals.
    signals = pd.concat([timer_signal.reindex(out.index), out["clock_share"]], axis=1)
    out["timing_regularity"] = ((signals.max(axis=1) - 0.5) / 0.5).clip(0, 1).round(3)
    return out
