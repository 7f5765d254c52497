# SPDX-License-Identifier: AGPL-3.0-or-later
"""The executions of a deployed step, each labelled: robot or person, hand-back, before or after go-live.

A *hand-back* is a person's execution of the step straight after the robot's execution of it in the
same case: the robot met an exception and returned the item.  The days right after the go-live are a
*transition*: people still finish what was ready before the robot started, so neither period counts
them.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .steps import StepRows

__all__ = ["label_executions", "PERIODS"]

#: Period codes of :func:`label_executions`.
PERIODS = ("before", "transition", "after")


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
