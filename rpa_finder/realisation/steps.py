# SPDX-License-Identifier: AGPL-3.0-or-later
"""A log's activity instances as the realisation reads them: steps and accounts as codes, rows grouped
by step, completion times on the local wall clock, computed once per log.

Detection judges each robot-like (step, account) and measuring labels each deployed step; with these
codes each costs its own step's rows, not a pass (and a text copy) over the whole log.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["StepRows", "column_codes", "local_times"]


def local_times(instances: pd.DataFrame, timezone: str) -> pd.Series:
    """Completion times as naive local wall-clock times (weeks, office hours and go-live dates are local)."""
    times = instances["timestamp"]
    if isinstance(times.dtype, pd.DatetimeTZDtype):
        times = times.dt.tz_convert(timezone).dt.tz_localize(None)
    return times


def column_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes (-1: missing) and the names they stand for, without a text copy of the column."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(np.int64), np.asarray(values.cat.categories.astype("str"), dtype=object)
    codes, names = pd.factorize(values)
    return codes.astype(np.int64), np.asarray(pd.Index(names).astype("str"), dtype=object)


@dataclass(frozen=True, eq=False)
class StepRows:
    """The instances' steps and accounts as codes, their rows grouped by step, and their local times.

    Built once per log, so each (step, account) the detection judges or the measuring labels costs
    its own rows, not a pass (and a text copy) over the whole log.
    """

    activity: np.ndarray
    activities: np.ndarray
    resource: np.ndarray
    resources: np.ndarray
    #: Local wall-clock completion times, naive datetime64[ns].
    local: np.ndarray
    _order: np.ndarray
    _bounds: np.ndarray

    @classmethod
    def of(cls, instances: pd.DataFrame, timezone: str) -> "StepRows":
        activity, activities = column_codes(instances["activity"])
        resource, resources = column_codes(instances["resource"])
        order = np.argsort(activity, kind="stable")
        bounds = np.searchsorted(activity[order], np.arange(-1, len(activities) + 1))
        return cls(activity=activity, activities=activities, resource=resource, resources=resources,
                   local=local_times(instances, timezone).to_numpy("datetime64[ns]"), _order=order, _bounds=bounds)

    def rows(self, activity: str) -> np.ndarray:
        """Row positions of ``activity``'s executions, in log order."""
        found = np.flatnonzero(self.activities == activity)
        if not len(found):
            return np.zeros(0, dtype=np.int64)
        code = int(found[0])
        return self._order[self._bounds[code + 1]:self._bounds[code + 2]]

    def account(self, name: str) -> int:
        """The code of account ``name`` (-2: not in the log, so it matches no row)."""
        found = np.flatnonzero(self.resources == name)
        return int(found[0]) if len(found) else -2
