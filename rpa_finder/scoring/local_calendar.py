# SPDX-License-Identifier: AGPL-3.0-or-later
"""Local calendar day and hour of integer UTC times, without converting every timestamp.

Converting 10M timestamps to a time zone with pandas costs ~1 s.  The local day and hour are the same
for every time within a UTC hour whose offset stays one whole number of hours, so they are looked up
per UTC hour; only rows in another hour (a clock change inside it, an offset such as +05:30 or a
local mean time) are converted one by one.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .rows import NAT, PER_SECOND, row_slices

__all__ = ["local_calendar"]


def _utc_offsets(points: np.ndarray, unit: str, timezone: str) -> np.ndarray:
    """UTC offset in ``timezone`` (in ``unit``) at each integer UTC time."""
    utc = pd.DatetimeIndex(points.view(f"datetime64[{unit}]")).tz_localize("UTC")
    return utc.tz_convert(timezone).tz_localize(None).asi8 - utc.asi8


def _calendar(local: np.ndarray, per_hour: int) -> tuple[np.ndarray, np.ndarray]:
    """Day number and hour of day (int8) of integer wall-clock times."""
    return local // (24 * per_hour), ((local // per_hour) % 24).astype(np.int8)


def _converted(times: np.ndarray, unit: str, timezone: str) -> tuple[np.ndarray, np.ndarray]:
    return _calendar(times + _utc_offsets(times, unit, timezone), 3600 * PER_SECOND[unit])


def local_calendar(times: np.ndarray, unit: str, timezone: str) -> tuple[np.ndarray, np.ndarray]:
    """Local calendar day number (NaT: min int64) and local hour (int8; NaT: -1) of integer UTC times."""
    per_hour = 3600 * PER_SECOND[unit]
    valid = times != NAT
    all_valid = bool(valid.all())
    day, hour = np.full(len(times), NAT, dtype=np.int64), np.full(len(times), -1, dtype=np.int8)
    timed = times if all_valid else times[valid]
    if not len(timed):
        return day, hour
    low, high = int(timed.min()) // per_hour, int(timed.max()) // per_hour
    if high - low > len(times) + 2**20:  # a few stray far-off dates: no table, convert every row
        day[valid], hour[valid] = _converted(timed, unit, timezone)
        return day, hour
    starts = np.arange(low, high + 1, dtype=np.int64) * per_hour
    first = _utc_offsets(starts, unit, timezone)
    exact = (first == _utc_offsets(starts + (per_hour - 1), unit, timezone)) & (first % per_hour == 0)
    day_of, hour_of = _calendar(starts + first, per_hour)
    for part in row_slices(len(times)):
        hours = times[part] // per_hour
        hours -= low
        keep = valid[part]
        if not all_valid:
            hours[~keep] = 0
        day[part], hour[part] = day_of[hours], hour_of[hours]
        inexact = keep & ~exact[hours]
        if inexact.any():
            rows = np.flatnonzero(inexact) + part.start
            day[rows], hour[rows] = _converted(times[rows], unit, timezone)
    if not all_valid:
        day[~valid], hour[~valid] = NAT, -1
    return day, hour
