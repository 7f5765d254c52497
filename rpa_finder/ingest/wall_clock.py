# SPDX-License-Identifier: AGPL-3.0-or-later
"""The one rule for turning naive local wall-clock times into UTC.

Exports from Finnish systems usually write local time without an offset.  Twice a year that is
ambiguous, and every reader must resolve it the same way:

* spring-forward gap (Helsinki: 03:00-03:59 on the last Sunday of March does not exist): the time is
  read as if the clock had not been put forward yet, i.e. shifted one hour later (03:30 -> 04:30 EEST,
  the same instant as 03:30 EET);
* the repeated autumn hour (03:00-03:59 on the last Sunday of October happens twice): the first
  occurrence, still summer time (EEST), is taken.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["localize_naive", "DST_RULE"]

DST_RULE = (
    "naive times are local time in the configured zone; a time in the spring-forward gap is read one "
    "hour later (as winter time), a time in the repeated autumn hour as its first (summer-time) occurrence"
)


def localize_naive(values: pd.Series, timezone: str) -> pd.Series:
    """Naive datetimes (wall clock in ``timezone``) -> datetime64[ns, UTC] by the documented DST rule."""
    values = pd.to_datetime(values)
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        return values.dt.tz_convert("UTC").astype("datetime64[ns, UTC]")
    localized = values.dt.tz_localize(
        timezone,
        ambiguous=np.ones(len(values), dtype=bool),
        nonexistent=pd.Timedelta(hours=1),
    )
    return localized.dt.tz_convert("UTC").astype("datetime64[ns, UTC]")
