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


_DAY_NS = 86_400 * 1_000_000_000


def _codes(values: pd.Series) -> np.ndarray:
    """Integer group codes, -1 for missing."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy()
    return pd.factorize(values)[0]


def _previous_in_group(codes: np.ndarray, values: np.ndarray, order: np.ndarray | None = None) -> np.ndarray:
    """``values`` of the previous row of the same group (``order`` gives the row order), or NaT (min int64)."""
    nat = np.iinfo(np.int64).min
    if order is None:
        order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    sorted_values = values[order]
    previous = np.full(len(values), nat, dtype=np.int64)
    if len(values) > 1:
        same = (sorted_codes[1:] == sorted_codes[:-1]) & (sorted_codes[1:] >= 0)
        shifted = np.where(same, sorted_values[:-1], nat)
        previous[order[1:]] = shifted
    return previous


def _local_days(ns: np.ndarray, timezone: str) -> np.ndarray:
    """Local calendar day numbers of UTC nanoseconds (NaT stays min int64): offsets per distinct UTC day."""
    nat = np.iinfo(np.int64).min
    valid = ns != nat
    days = np.full(len(ns), nat, dtype=np.int64)
    if not valid.any():
        return days
    utc_day = ns[valid] // _DAY_NS
    unique_days, inverse = np.unique(utc_day, return_inverse=True)

    def offsets(points: np.ndarray) -> np.ndarray:
        utc = pd.DatetimeIndex(points.astype("datetime64[ns]")).tz_localize("UTC")
        return utc.tz_convert(timezone).tz_localize(None).asi8 - utc.asi8

    first = offsets(unique_days * _DAY_NS)
    last = offsets(unique_days * _DAY_NS + (_DAY_NS - 1))
    local = ns[valid] + first[inverse]
    changing = (first != last)[inverse]  # a UTC day with an offset change: convert those events exactly
    if changing.any():
        local[changing] = ns[valid][changing] + offsets(ns[valid][changing])
    days[valid] = local // _DAY_NS
    return days


def _estimated_seconds(table: pd.DataFrame, timezone: str, settings: HandlingSettings) -> pd.Series:
    ts = table["timestamp"].dt.as_unit("ns")
    nat = np.iinfo(np.int64).min
    ts_ns = ts.array.asi8
    resource_codes = _codes(table["resource"])
    prev_in_case = _previous_in_group(_codes(table["case_id"]), ts_ns)
    order = np.lexsort((table.index.to_numpy(), ts_ns, resource_codes))
    prev_by_resource = _previous_in_group(resource_codes, ts_ns, order)
    start = np.maximum(prev_in_case, prev_by_resource)  # NaT is min int64: the other one wins
    has_start = start != nat
    gap = np.where(has_start, (ts_ns - start) / 1e9, np.nan)
    same_day = has_start & (_local_days(ts_ns, timezone) == _local_days(start, timezone))
    usable = (resource_codes >= 0) & (prev_by_resource != nat) & same_day & (gap > 0) & (gap <= settings.max_gap_minutes * 60)
    return pd.Series(np.where(usable, gap, np.nan), index=table.index)


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
