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

from .coded import CodedInstances, code_instances
from .rows import NAT, PER_SECOND, row_slices, seconds_between
from .sorting import group_time_order, stable_order

__all__ = ["HandlingSettings", "estimate_handling", "handling_seconds", "HANDLING_COLUMNS",
           "handling_summary", "handling_histograms"]

HANDLING_COLUMNS = ("handling_minutes", "handling_measured", "handling_samples", "handling_variability",
                    "handling_p90_minutes")


@dataclass(frozen=True)
class HandlingSettings:
    #: A gap longer than this is a break or other work, not handling of this step.
    max_gap_minutes: float = 120.0
    #: Fewer usable samples than this: handling time unknown.
    min_samples: int = 5
    #: From case partitions (:mod:`.handling_partial`): at most this many rows of whole resources are
    #: replayed for the estimate, and this many measured durations per activity are kept; exact below.
    max_sampled_rows: int = 5_000_000
    max_sampled_durations: int = 1_000_000


def previous_row_in_group(codes: np.ndarray, order: np.ndarray) -> np.ndarray:
    """The previous row of the same group (``order`` gives the row order), or -1."""
    sorted_codes = codes[order]
    previous = np.full(len(codes), -1, dtype=np.int64)
    if len(codes) > 1:
        same = (sorted_codes[1:] == sorted_codes[:-1]) & (sorted_codes[1:] >= 0)
        previous[order[1:]] = np.where(same, order[:-1], -1)
    return previous


def _previous_by_resource(coded: CodedInstances, index: pd.Index) -> np.ndarray:
    """Each row's previous row of the same resource by completion time, then index label (-1: none)."""
    resource, timestamp = coded.resource, coded.timestamp
    if not index.is_monotonic_increasing:
        return previous_row_in_group(resource, np.lexsort((index.to_numpy(), timestamp, resource)))
    order = group_time_order(resource, timestamp, coded.unit)  # missing resource (-1) first
    if order is None:  # too wide for one key: two stable passes, cheaper than lexsort's three keys
        by_time = np.argsort(timestamp, kind="stable")
        return previous_row_in_group(resource, by_time[stable_order(resource[by_time])])
    # the rows of one resource are one run of the order: a row's predecessor is the row before it
    size = len(coded.resources) + 1
    counts = sum(np.bincount(resource[part] + 1, minlength=size) for part in row_slices(len(resource)))
    previous = np.full(len(resource), -1, dtype=np.int64)
    previous[order[1:]] = order[:-1]
    previous[order[np.cumsum(counts)[:-1]]] = -1  # each resource's first row
    previous[order[:counts[0]]] = -1  # rows without a resource
    return previous


def gap_seconds(end: np.ndarray, in_case: np.ndarray, by_resource: np.ndarray, day: np.ndarray,
                start_day: np.ndarray, limit: float) -> np.ndarray:
    """Estimated handling seconds (NaN: no usable gap) of steps completed at ``end`` (integer ns, local
    ``day``), from the completions before them in their case (``in_case``) and by their resource
    (``by_resource``; NaT: none).  ``start_day``: the local day of the later of the two (the case's on a
    tie), where the step started.

    The one gap rule of the in-process estimate and of the partials, which gather the times differently.
    """
    # start: the later of the two (NaT is min int64: the other one wins)
    gap = (end - np.maximum(in_case, by_resource)) / 1e9
    # a usable gap has a previous step by the same resource (so a start), on the same local day
    usable = (by_resource != NAT) & (start_day == day)
    usable &= (gap > 0) & (gap <= limit)
    gap[~usable] = np.nan
    return gap


def _gaps(ts_ns: np.ndarray, rows: slice, in_case: np.ndarray, by_resource: np.ndarray, days: np.ndarray,
          limit: float) -> np.ndarray:
    """:func:`gap_seconds` of ``rows`` from their previous rows in the case (``in_case``) and by the same
    resource (``by_resource``; -1: none)."""
    prev_in_case = np.where(in_case >= 0, ts_ns[in_case], NAT)
    prev_by_resource = np.where(by_resource >= 0, ts_ns[by_resource], NAT)
    start_row = np.where(prev_in_case >= prev_by_resource, in_case, by_resource)
    return gap_seconds(ts_ns[rows], prev_in_case, prev_by_resource, days[rows], days[start_row], limit)


def nanoseconds(table: pd.DataFrame, coded: CodedInstances) -> np.ndarray:
    """Completion times as integer nanoseconds (NaT: min int64), the unit the gap rule reads."""
    return coded.timestamp if coded.unit == "ns" else table["timestamp"].dt.as_unit("ns").array.asi8


def _estimated_seconds(table: pd.DataFrame, settings: HandlingSettings, coded: CodedInstances) -> np.ndarray:
    """Estimated handling seconds per row (NaN: no usable gap), a slice of rows at a time (no 10M-row temporaries)."""
    ts_ns = nanoseconds(table, coded)
    by_resource = _previous_by_resource(coded, table.index) if len(coded) else np.zeros(0, dtype=np.int64)
    days, limit = coded.local_day, settings.max_gap_minutes * 60
    gap = np.empty(len(coded))
    for rows in row_slices(len(coded)):
        gap[rows] = _gaps(ts_ns, rows, coded.previous_of(rows), by_resource[rows], days, limit)
    return gap


def _seconds_between(later: pd.Series, earlier: pd.Series) -> pd.Series:
    """``(later - earlier).dt.total_seconds()``; on integers when both have one unit (no timedelta objects)."""
    if later.dtype != earlier.dtype:
        return (later - earlier).dt.total_seconds()
    seconds = seconds_between(later.array.asi8, earlier.array.asi8, PER_SECOND[later.dtype.unit])
    return pd.Series(seconds, index=later.index)


def measured_seconds(instances: pd.DataFrame) -> np.ndarray | None:
    """Start to completion seconds per row (NaN: negative or unknown); None when the log has no start times."""
    if "start_timestamp" not in instances.columns or instances["start_timestamp"].isna().all():
        return None
    measured = _seconds_between(instances["timestamp"], instances["start_timestamp"]).to_numpy(copy=True)
    measured[measured < 0] = np.nan
    return measured


def handling_seconds(instances: pd.DataFrame, *, timezone: str = "Europe/Helsinki",
                     settings: HandlingSettings = HandlingSettings(),
                     coded: CodedInstances | None = None) -> pd.DataFrame:
    """Per activity instance: ``measured`` and ``estimated`` handling seconds (NaN where unknown).

    The distribution behind :func:`estimate_handling`, for histograms in the report.
    """
    measured = measured_seconds(instances)
    estimated = _estimated_seconds(instances, settings, coded or code_instances(instances, timezone))
    return pd.DataFrame({"activity": instances["activity"],
                         "measured": np.full(len(instances), np.nan) if measured is None else measured,
                         "estimated": estimated}, index=instances.index)


def _statistics(values: np.ndarray) -> tuple[float, float, float, int, float]:
    """Median, mean, std (n - 1), count and 0.9 quantile of ``values`` (sorted in place; NaN dropped).

    What pandas' groupby ``agg`` and ``quantile(0.9)`` (linear: truncate, then interpolate) give.
    """
    values = values[~np.isnan(values)]
    n = len(values)
    if not n:
        return np.nan, np.nan, np.nan, 0, np.nan
    values.sort()
    median = (values[(n - 1) // 2] + values[n // 2]) / 2
    position = 0.9 * (n - 1)
    below, frac = int(position), position % 1
    p90 = values[below] if frac == 0 else values[below] + (values[below + 1] - values[below]) * frac
    return median, values.mean(), values.std(ddof=1) if n > 1 else np.nan, n, p90


def activity_statistics(ordered: np.ndarray, counts: np.ndarray) -> pd.DataFrame:
    """:func:`_statistics` per activity of handling seconds grouped by activity (``counts`` per code, in
    code order; each run is sorted in place)."""
    return pd.DataFrame([_statistics(ordered[end - count:end]) for end, count in zip(np.cumsum(counts), counts)],
                        columns=["median", "mean", "std", "count", "p90"])


def handling_frame(names: np.ndarray, use_measured: np.ndarray, stats: pd.DataFrame,
                   settings: HandlingSettings) -> pd.DataFrame:
    """The per-activity handling columns from :func:`activity_statistics` (an activity with too few
    samples has no figures)."""
    enough = stats["count"] >= settings.min_samples
    out = pd.DataFrame(index=pd.Index(names, name="activity", dtype="str"))
    out["handling_minutes"] = (stats["median"] / 60).where(enough).round(2).to_numpy()
    out["handling_measured"] = use_measured
    out["handling_samples"] = stats["count"].astype(int).to_numpy()
    out["handling_variability"] = (stats["std"] / stats["mean"]).where(enough & (stats["mean"] > 0)).round(3).to_numpy()
    out["handling_p90_minutes"] = (stats["p90"] / 60).where(enough).round(2).to_numpy()
    return out


def handling_histograms(names: np.ndarray, ordered: np.ndarray, counts: np.ndarray,
                        min_samples: int = 5) -> dict[str, dict[str, list]]:
    """Per activity with ``min_samples`` or more handling seconds (grouped by activity code, ``counts``
    per code; NaN: none): a histogram in minutes, ``bins_minutes`` (edges) and ``counts``."""
    out = {}
    for name, end, count in zip(names, np.cumsum(counts), counts):
        values = ordered[end - count:end]
        values = values[~np.isnan(values)]
        if len(values) < min_samples:
            continue
        tally, edges = np.histogram(values / 60.0, bins=int(min(12, max(3, np.sqrt(len(values))))))
        out[str(name)] = {"bins_minutes": [round(float(e), 2) for e in edges], "counts": [int(c) for c in tally]}
    return out


def handling_summary(instances: pd.DataFrame, *, timezone: str = "Europe/Helsinki",
                     settings: HandlingSettings = HandlingSettings(),
                     coded: CodedInstances | None = None) -> tuple[pd.DataFrame, dict[str, dict[str, list]]]:
    """:func:`estimate_handling` and the histograms of the same seconds (:func:`handling_histograms`)."""
    coded = coded or code_instances(instances, timezone)
    measured = measured_seconds(instances)
    seconds = _estimated_seconds(instances, settings, coded)
    k = len(coded.names)
    use_measured = np.zeros(k, dtype=bool)
    if measured is not None:
        use_measured = np.bincount(coded.activity[~np.isnan(measured)], minlength=k) >= settings.min_samples
        seconds = np.where(use_measured[coded.activity], measured, seconds)
    ordered = seconds[coded.by_activity]
    histograms = handling_histograms(coded.names, ordered, coded.activity_counts, settings.min_samples)
    return handling_frame(coded.names, use_measured, activity_statistics(ordered, coded.activity_counts),
                          settings), histograms


def estimate_handling(instances: pd.DataFrame, *, timezone: str = "Europe/Helsinki",
                      settings: HandlingSettings = HandlingSettings(),
                      coded: CodedInstances | None = None) -> pd.DataFrame:
    """Per activity: median handling minutes, whether measured, sample count, variability, p90.

    ``instances``: activity instances (case_id, activity, resource, timestamp, start_timestamp), in
    case order.  Measured durations win over estimates for an activity that has any.
    """
    return handling_summary(instances, timezone=timezone, settings=settings, coded=coded)[0]
