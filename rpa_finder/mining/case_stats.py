# SPDX-License-Identifier: AGPL-3.0-or-later
"""Per-case figures: events, first and last time, throughput in calendar and in working time.

Working time counts only office hours (``MiningSettings.office_start_hour`` to ``office_end_hour``,
wall-clock time in the log's timezone) on working days: Monday to Friday minus the public holidays
the ``holidays`` package lists for ``MiningSettings.holiday_country``.  A case that waits over a
weekend or Itsenäisyyspäivä is not charged for it, which is what a process owner means by lead time.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import numpy as np
import pandas as pd

from ..eventlog import EventLog
from .instances import codes_of, in_case_order
from .model import MiningSettings
from .partitions import concat_frames, map_partitions

__all__ = [
    "CASE_STAT_COLUMNS",
    "measure_case_bounds",
    "sorted_case_bounds",
    "sort_by_case",
    "count_working_seconds",
    "partial_case_stats",
    "merge_case_stats",
    "compute_case_stats",
]

#: Columns of the case statistics frame (indexed by case_id), in order.
CASE_STAT_COLUMNS = ("events", "first_timestamp", "last_timestamp", "throughput_seconds", "working_seconds")


def measure_case_bounds(events: pd.DataFrame) -> pd.DataFrame:
    """First and last moment of every case (any lifecycle; a start_timestamp can open a case).

    Index: case_id (str); columns ``events``, ``first_timestamp``, ``last_timestamp``.
    """
    bounds = _bounds_of_sorted_cases(events)
    if bounds is not None:
        return bounds
    cases = events["case_id"]
    if not isinstance(cases.dtype, pd.CategoricalDtype):
        cases = cases.astype("str")
    # grouping on the categorical's codes (observed only) avoids hashing a million case-id strings
    grouped = events["timestamp"].groupby(cases, sort=False, observed=True)
    first = grouped.min()
    if "start_timestamp" in events.columns and events["start_timestamp"].notna().any():
        opened = events["start_timestamp"].groupby(cases, sort=False, observed=True).min().reindex(first.index)
        first = first.where(~(opened < first), opened)
    out = pd.DataFrame({"events": grouped.size().astype("int64"), "first_timestamp": first, "last_timestamp": grouped.max()})
    out.index = pd.Index(out.index.astype("str"), dtype="str", name="case_id")
    return out


def sorted_case_bounds(events: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Per case, in code order: its case code and its first and last row, or None if the frame is
    not in EventLog order (case codes ascending, no missing case or time) or has start timestamps.

    In EventLog order a case's rows are contiguous and ascending in time, so its first and last
    moments sit at its ends: no groupby, no hashing, one pass over the codes.
    """
    cases = events["case_id"]
    if not isinstance(cases.dtype, pd.CategoricalDtype) or "start_timestamp" in events.columns:
        return None
    codes = codes_of(cases)
    if not len(codes) or not in_case_order(codes) or events["timestamp"].isna().any():
        return None
    first = np.r_[0, np.flatnonzero(codes[1:] != codes[:-1]) + 1]
    last = np.r_[first[1:], len(codes)] - 1
    return codes[first], first, last


def _bounds_of_sorted_cases(events: pd.DataFrame) -> pd.DataFrame | None:
    """Case bounds read off the first and last row of each case (see :func:`sorted_case_bounds`)."""
    bounds = sorted_case_bounds(events)
    if bounds is None:
        return None
    codes, first, last = bounds
    stamps = events["timestamp"]
    index = pd.Index(events["case_id"].cat.categories.take(codes).astype("str"), dtype="str", name="case_id")
    return pd.DataFrame({"events": (last - first + 1).astype("int64"),
                         "first_timestamp": stamps.array.take(first),
                         "last_timestamp": stamps.array.take(last)}, index=index)


@lru_cache(maxsize=32)
def _holiday_days(country: str, first_year: int, last_year: int) -> np.ndarray:
    import holidays

    days = holidays.country_holidays(country, years=range(first_year, last_year + 1))
    return np.array(sorted(days.keys()), dtype="datetime64[D]")


def count_working_seconds(
    start: pd.Series,
    end: pd.Series,
    *,
    timezone: str = "Europe/Helsinki",
    settings: MiningSettings = MiningSettings(),
) -> np.ndarray:
    """Office-hour seconds between ``start`` and ``end`` (tz-aware Series of equal length), vectorised.

    Whole working days strictly between the two dates come from ``numpy.busday_count`` with the
    holiday array; the first and last day add their partial office hours.

    >>> s = pd.Series(pd.to_datetime(["2024-12-05 14:00"]).tz_localize("Europe/Helsinki"))
    >>> e = pd.Series(pd.to_datetime(["2024-12-09 10:00"]).tz_localize("Europe/Helsinki"))
    >>> float(count_working_seconds(s, e)[0]) / 3600  # Thu 2 h, Fri 6.12. holiday, weekend, Mon 2 h
    4.0
    """
    if len(start) == 0:
        return np.zeros(0, dtype="float64")
    local_start = start.dt.tz_convert(timezone).dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
    local_end = end.dt.tz_convert(timezone).dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
    day_start = local_start.astype("datetime64[D]")
    day_end = local_end.astype("datetime64[D]")
    tod_start = (local_start - day_start.astype("datetime64[ns]")).astype("int64") / 1e9
    tod_end = (local_end - day_end.astype("datetime64[ns]")).astype("int64") / 1e9
    days = np.concatenate([day_start, day_end])
    days = days[~np.isnat(days)]
    years = days[[days.argmin(), days.argmax()]].astype("datetime64[Y]").astype(np.int64) + 1970
    holidays = _holiday_days(settings.holiday_country, int(years[0]), int(years[1]))
    open_s, close_s = settings.office_start_hour * 3600.0, settings.office_end_hour * 3600.0

    same_day = day_start == day_end
    work_start = np.is_busday(day_start, holidays=holidays)
    work_end = np.is_busday(day_end, holidays=holidays)
    first_close = np.where(same_day, np.minimum(tod_end, close_s), close_s)
    first_part = np.clip(first_close - np.maximum(tod_start, open_s), 0, None) * work_start
    last_part = np.where(same_day, 0.0, np.clip(np.minimum(tod_end, close_s) - open_s, 0, None) * work_end)
    between_from = np.where(same_day, day_end, day_start + np.timedelta64(1, "D"))
    between = np.busday_count(between_from, np.maximum(day_end, between_from), holidays=holidays)
    return first_part + last_part + between * (close_s - open_s)


def partial_case_stats(
    events: pd.DataFrame,
    *,
    timezone: str = "Europe/Helsinki",
    settings: MiningSettings = MiningSettings(),
) -> pd.DataFrame:
    """Case statistics of a frame of whole cases; since each case is whole, merging is concatenation."""
    bounds = measure_case_bounds(events)
    span = bounds["last_timestamp"] - bounds["first_timestamp"]
    bounds["throughput_seconds"] = span.to_numpy().astype("timedelta64[ns]").astype("int64") / 1e9
    bounds["working_seconds"] = count_working_seconds(
        bounds["first_timestamp"], bounds["last_timestamp"], timezone=timezone, settings=settings
    )
    return bounds[list(CASE_STAT_COLUMNS)]


def merge_case_stats(partials: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate per-partition case statistics, sorted by case id."""
    frames = [p.reset_index() for p in partials if len(p)]
    if not frames:
        return pd.DataFrame(columns=list(CASE_STAT_COLUMNS), index=pd.Index([], name="case_id", dtype="str"))
    out = concat_frames(frames).set_index("case_id")
    return sort_by_case(out)[list(CASE_STAT_COLUMNS)]


def sort_by_case(frame: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """``frame`` in case-id order (ids are unique): one argsort of the ids and a take, which is what
    ``sort_index`` does with extra copies."""
    return frame.take(frame.index.argsort())


def compute_case_stats(log: EventLog, settings: MiningSettings = MiningSettings(), *, partitions: int = 1) -> pd.DataFrame:
    """Throughput per case in calendar and working seconds.

    >>> from rpa_finder.eventlog import EventLog
    >>> t = pd.to_datetime(["2024-12-04 08:00", "2024-12-04 10:30"]).tz_localize("Europe/Helsinki")
    >>> log = EventLog.from_frame(pd.DataFrame({"case_id": ["a", "a"], "activity": ["x", "y"], "timestamp": t}))
    >>> compute_case_stats(log)["working_seconds"].tolist()
    [9000.0]
    """
    def partial(part: pd.DataFrame) -> pd.DataFrame:
        return partial_case_stats(part, timezone=log.timezone, settings=settings)

    return merge_case_stats(map_partitions(partial, log.events, partitions))
