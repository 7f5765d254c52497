# SPDX-License-Identifier: AGPL-3.0-or-later
"""The executions of a deployed step, each labelled: robot or person, hand-back, before or after go-live.

A *hand-back* is a person's execution of the step straight after the robot's execution of it in the
same case: the robot met an exception and returned the item.  The days right after the go-live are a
*transition*: people still finish what was ready before the robot started, so neither period counts
them.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .robots import local_times

__all__ = ["label_executions", "PERIODS", "StepRows", "column_codes"]

#: Period codes of :func:`label_executions`.
PERIODS = ("before", "transition", "after")


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


def label_executions(instances: pd.DataFrame, activity: str, account: str, go_live: pd.Timestamp, *,
                     timezone: str, transition_days: int, steps: StepRows | None = None) -> pd.DataFrame:
    """Per execution of ``activity`` (index: its row position in ``instances``): ``robot``, ``hand_back``,
    ``period`` (0 before, 1 transition, 2 after; :data:`PERIODS`), ``local`` (wall-clock completion time)
    and ``case`` (a case code).  ``go_live``: local midnight of the go-live day, naive.  ``steps``: the
    log's :class:`StepRows` when the caller has them."""
    steps = steps or StepRows.of(instances, timezone)
    rows = steps.rows(activity)
    local = steps.local[rows]
    case = pd.factorize(instances["case_id"].to_numpy()[rows])[0]
    robot = steps.resource[rows] == steps.account(account)
    order = np.lexsort((local, case))
    hand_back = np.zeros(len(rows), dtype=bool)
    if len(rows) > 1:
        follows = (case[order][1:] == case[order][:-1]) & robot[order][:-1] & ~robot[order][1:]
        hand_back[order[1:]] = follows
    start = np.datetime64(go_live.to_datetime64(), "ns")
    settled = start + np.timedelta64(int(transition_days), "D")
    period = np.where(local < start, 0, np.where(local < settled, 1, 2)).astype(np.int8)
    return pd.DataFrame({"robot": robot, "hand_back": hand_back, "period": period, "local": local, "case": case},
                        index=pd.Index(rows, name="row"))
