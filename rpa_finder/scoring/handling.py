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

from .coded import PER_SECOND, CodedInstances, seconds_between, stable_order

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


def _previous_row_in_group(codes: np.ndarray, order: np.ndarray | None = None) -> np.ndarray:
    """The previous row of the same group (``order`` gives the row order), or -1."""
    if order is None:
        order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    previous = np.full(len(codes), -1, dtype=np.int64)
    if len(codes) > 1:
        same = (sorted_codes[1:] == sorted_codes[:-1]) & (sorted_codes[1:] >= 0)
        previous[order[1:]] = np.where(same, order[:-1], -1)
    return previous


def _unique_days(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(days, return_inverse=True)`` by counting: a log spans a few thousand days, not millions."""
    low = days.min()
    span = int(days.max() - low) + 1
    if span > 4 * len(days) + 4096:
        return np.unique(days, return_inverse=True)
    present = np.bincount(days - low, minlength=span) > 0
    return np.flatnonzero(present) + low, (np.cumsum(present) - 1)[days - low]


def _local_days(ns: np.ndarray, timezone: str) -> np.ndarray:
    """Local calendar day numbers of UTC nanoseconds (NaT stays min int64): offsets per distinct UTC day."""
    nat = np.iinfo(np.int64).min
    valid = ns != nat
    days = np.full(len(ns), nat, dtype=np.int64)
    if not valid.any():
        return days
    utc_day = ns[valid] // _DAY_NS
    unique_days, inverse = _unique_days(utc_day)

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


def _by_resource_and_time(resource: np.ndarray, ts_ns: np.ndarray, index: pd.Index) -> np.ndarray:
    """Row order by resource, completion time and index label."""
    if not index.is_monotonic_increasing:
        return np.lexsort((index.to_numpy(), ts_ns, resource))
    by_time = np.argsort(ts_ns, kind="stable")  # two stable passes: cheaper than lexsort's three keys
    return by_time[stable_order(resource[by_time])]


def _estimated_seconds(table: pd.DataFrame, timezone: str, settings: HandlingSettings,
                       coded: CodedInstances | None = None) -> pd.Series:
    ts = table["timestamp"].dt.as_unit("ns")
    nat = np.iinfo(np.int64).min
    ts_ns = ts.array.asi8
    if coded is None:
        resource_codes = _codes(table["resource"])
        in_case = _previous_row_in_group(_codes(table["case_id"]))
    else:
        resource_codes, in_case = coded.resource, coded.previous
    by_resource = _previous_row_in_group(resource_codes, _by_resource_and_time(resource_codes, ts_ns, table.index))
    prev_in_case = np.where(in_case >= 0, ts_ns[in_case], nat)
    prev_by_resource = np.where(by_resource >= 0, ts_ns[by_resource], nat)
    # start: the later of the two (NaT is min int64: the other one wins); its row gives its local day
    start_row = np.where(prev_in_case >= prev_by_resource, in_case, by_resource)
    start = np.maximum(prev_in_case, prev_by_resource)
    has_start = start != nat
    gap = np.where(has_start, (ts_ns - start) / 1e9, np.nan)
    days = _local_days(ts_ns, timezone)
    same_day = has_start & (days == days[start_row])
    usable = (resource_codes >= 0) & (prev_by_resource != nat) & same_day & (gap > 0) & (gap <= settings.max_gap_minutes * 60)
    return pd.Series(np.where(usable, gap, np.nan), index=table.index)


def _seconds_between(later: pd.Series, earlier: pd.Series) -> pd.Series:
    """``(later - earlier).dt.total_seconds()``; on integers when both have one unit (no timedelta objects)."""
    if later.dtype != earlier.dtype:
        return (later - earlier).dt.total_seconds()
    seconds = seconds_between(later.array.asi8, earlier.array.asi8, PER_SECOND[later.dtype.unit])
    return pd.Series(seconds, index=later.index)


def handling_seconds(instances: pd.DataFrame, *, timezone: str = "Europe/Helsinki",
                     settings: HandlingSettings = HandlingSettings(),
                     coded: CodedInstances | None = None) -> pd.DataFrame:
    """Per activity instance: ``measured`` and ``estimated`` handling seconds (NaN where unknown).

    The distribution behind :func:`estimate_handling`, for histograms in the report.
    """
    measured = _seconds_between(instances["timestamp"], instances["start_timestamp"])
    return pd.DataFrame({"activity": instances["activity"], "measured": measured.where(measured >= 0),
                         "estimated": _estimated_seconds(instances, timezone, settings, coded)}, index=instances.index)


def estimate_handling(instances: pd.DataFrame, *, timezone: str = "Europe/Helsinki",
                      settings: HandlingSettings = HandlingSettings(),
                      coded: CodedInstances | None = None) -> pd.DataFrame:
    """Per activity: median handling minutes, whether measured, sample count, variability, p90.

    ``instances``: activity instances (case_id, activity, resource, timestamp, start_timestamp), in
    case order.  Measured durations win over estimates for an activity that has any.
    """
    frame = handling_seconds(instances, timezone=timezone, settings=settings, coded=coded)
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
