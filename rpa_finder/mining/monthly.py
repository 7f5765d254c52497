# SPDX-License-Identifier: AGPL-3.0-or-later
"""How many times each activity ran in each local calendar month: the volume the report charts per candidate.

A figure of the mined process, computed here once; the output layer only writes it into
candidates.json (``monthly_volume``).  Counted on the activity codes with one ``bincount`` over
(activity, month); text is made only per activity and month present.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["count_monthly_volume"]


def count_monthly_volume(instances: pd.DataFrame, timezone: str) -> dict[str, dict[str, int]]:
    """activity -> {"YYYY-MM": instances} from an activity-instance table (``activity`` categorical,
    ``timestamp`` tz-aware); months are those of ``timezone``, activities sorted by name."""
    if instances.empty:
        return {}
    local = instances["timestamp"].dt.tz_convert(timezone)
    month = (local.dt.year.to_numpy(dtype="int64") * 12 + local.dt.month.to_numpy(dtype="int64") - 1)
    first = int(month.min())
    span = int(month.max()) - first + 1
    activity = instances["activity"].cat.codes.to_numpy().astype("int64")
    known = activity >= 0
    tally = np.bincount(activity[known] * span + (month[known] - first),
                        minlength=len(instances["activity"].cat.categories) * span)
    names = instances["activity"].cat.categories.astype("str")
    out: dict[str, dict[str, int]] = {}
    for key in np.flatnonzero(tally).tolist():  # one step per (activity, month) present
        code, offset = divmod(key, span)
        year, index = divmod(first + offset, 12)
        out.setdefault(names[code], {})[f"{year:04d}-{index + 1:02d}"] = int(tally[key])
    return dict(sorted(out.items()))
