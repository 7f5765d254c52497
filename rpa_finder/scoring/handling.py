# SPDX-License-Identifier: AGPL-3.0-or-later
"""Handling time per activity: measured where the log has start times, otherwise estimated.

Estimation follows Chapela-Campa and Dumas: a step cannot start before its resource finished the
previous step (in any case) nor before the previous step of its own case finished, so
``start ~ max(previous completion by the same resource, previous completion in the case)``.  Gaps
longer than a break (``max_gap_minutes``), gaps that cross midnight, and zero gaps (bulk or batch
registration, where the time is the batch's, not the step's) are not handling time and are left out.
An activity with too few usable gaps has no handling time (NaN): unmeasurable, not invented.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["HandlingSettings", "estimate_handling", "handling_seconds", "HANDLING_COLUMNS"]

HANDLING_COLUMNS = ("handling_minutes", "handling_measured", "handling_samples", "handling_variability",
                    "handling_p90_minutes")


@dataclass(frozen=True)
class HandlingSettings:
    #: A gap longer than this is a break or other work, not handling of this step.
    max_gap_minutes: float = 120.0
    #: Fewer usable samples than this: handling time unknown.
    min_samples: int = 5


def _estimated_seconds(table: pd.DataFrame, timezone: str, settings: HandlingSettings) -> pd.Series:
    ts = table["timestamp"]
    resource = table["resource"]
    prev_in_case = ts.groupby(table["case_id"], observed=True, sort=False).shift(1)
    order = np.lexsort((table.index.to_numpy(), ts.to_numpy(), resource.cat.codes.to_numpy()
                        if isinstance(resource.dtype, pd.CategoricalDtype) else pd.factorize(resource)[0]))
    by_resource = table.iloc[order]
    prev_by_resource = by_resource["timestamp"].groupby(by_resource["resource"], observed=True, sort=False).shift(1)
    prev_by_resource = prev_by_resource.reindex(table.index)
    start = pd.concat([prev_in_case, prev_by_resource], axis=1).max(axis=1)
    gap = (ts - start).dt.total_seconds()
    local_ts = ts.dt.tz_convert(timezone)
    local_start = start.dt.tz_convert(timezone)
    same_day = local_ts.dt.normalize() == local_start.dt.normalize()
    usable = resource.notna() & prev_by_resource.notna() & same_day & (gap > 0) & (gap <= settings.max_gap_minutes * 60)
    return gap.where(usable)


def handling_seconds(instances: pd.DataFrame, *, timezone: str = "Europe/Helsinki",
                     settings: HandlingSettings = HandlingSettings()) -> pd.DataFrame:
    """Per activity instance: ``measured`` and ``estimated`` handling seconds (NaN where unknown).

    The distribution behind :func:`estimate_handling`, for histograms in the report.
    """
    measured = (instances["timestamp"] - instances["start_timestamp"]).dt.total_seconds()
    return pd.DataFrame({"activity": instances["activity"], "measured": measured.where(measured >= 0),
                         "estimated": _estimated_seconds(instances, timezone, settings)}, index=instances.index)


def estimate_handling(instances: pd.DataFrame, *, timezone: str = "Europe/Helsinki",
                      settings: HandlingSettings = HandlingSettings()) -> pd.DataFrame:
    """Per activity: median handling minutes, whether measured, sample count, variability, p90.

    ``instances``: activity instances (case_id, activity, resource, timestamp, start_timestamp), in
    case order.  Measured durations win over estimates for an activity that has any.
    """
    frame = handling_seconds(instances, timezone=timezone, settings=settings)
    grouped = frame.groupby("activity", observed=True)
    n_measured = grouped["measured"].count()
    use_measured = n_measured >= settings.min_samples
    seconds = frame["measured"].where(use_measured.reindex(frame["activity"]).to_numpy(), frame["estimated"])
    stats = seconds.groupby(frame["activity"], observed=True).agg(["median", "mean", "std", "count"])
    p90 = seconds.groupby(frame["activity"], observed=True).quantile(0.9)
    enough = stats["count"] >= settings.min_samples
    out = pd.DataFrame(index=stats.index)
    out["handling_minutes"] = (stats["median"] / 60).where(enough).round(2)
    out["handling_measured"] = use_measured.reindex(out.index).fillna(False).astype(bool)
    out["handling_samples"] = stats["count"].astype(int)
    out["handling_variability"] = (stats["std"] / stats["mean"]).where(enough & (stats["mean"] > 0)).round(3)
    out["handling_p90_minutes"] = (p90 / 60).where(enough).round(2)
    out.index = out.index.astype(str)
    out.index.name = "activity"
    return out
