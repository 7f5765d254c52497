# SPDX-License-Identifier: AGPL-3.0-or-later
"""The week a robot's share of a step rises: one change point in a share series.

The share (the robot's executions / all executions of the step, per week) is a ratio, so the volume's
season cancels out of it: a busy December does not look like a go-live.  The change point is the
split that best separates two constant shares, weighting each week by its executions (a week of three
executions says less than a week of three hundred): it maximises ``R1^2/T1 + R2^2/T2`` (robot
executions ``R`` and all executions ``T`` on each side), which minimises the weighted squared error
of a two-level share, in one pass of cumulative sums.

The best of many splits always shows *some* rise, so a change counts only when it is significant
after that search: a one-sided two-proportion z-test at the split, its p-value multiplied by the
number of splits tried (Bonferroni).  A person who did a step now and then and did it a little more
in the log's thin last weeks is not a robot going live; a robot that takes a step from 0 % to 80 %
over hundreds of executions passes by orders of magnitude.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

__all__ = ["ShareChange", "find_share_change"]


@dataclass(frozen=True)
class ShareChange:
    """The split at week ``week`` (the first week of the new level) and the shares on both sides."""

    week: int
    share_before: float
    share_after: float
    executions_before: int
    executions_after: int
    #: Chance of a rise this large without a change, for the best of ``splits`` splits (Bonferroni).
    p_value: float = 1.0
    splits: int = 1


def find_share_change(robot: np.ndarray, total: np.ndarray, min_weeks: int = 3) -> ShareChange | None:
    """The best split of weekly ``robot`` / ``total`` counts into two levels, at least ``min_weeks``
    weeks with executions on each side (None: the series is too short).

    >>> find_share_change(np.array([0, 0, 0, 0, 8, 9, 8, 9]), np.array([10] * 8)).week
    4
    """
    robot, total = np.asarray(robot, dtype=float), np.asarray(total, dtype=float)
    active = np.cumsum(total > 0)
    r1, t1 = np.cumsum(robot)[:-1], np.cumsum(total)[:-1]  # split after week i: weeks 0..i before
    r2, t2 = robot.sum() - r1, total.sum() - t1
    weeks_before, weeks_after = active[:-1], active[-1] - active[:-1]
    usable = (weeks_before >= min_weeks) & (weeks_after >= min_weeks) & (t1 > 0) & (t2 > 0)
    if not usable.any():
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        fit = np.where(usable, r1 ** 2 / t1 + r2 ** 2 / t2, -np.inf)
    i = int(np.argmax(fit))
    before, after = float(r1[i] / t1[i]), float(r2[i] / t2[i])
    pooled = float((r1[i] + r2[i]) / (t1[i] + t2[i]))
    spread = math.sqrt(pooled * (1 - pooled) * (1 / t1[i] + 1 / t2[i]))
    z = (after - before) / spread if spread > 0 else (math.inf if after > before else 0.0)
    splits = int(usable.sum())
    p_value = min(1.0, splits * (1 - NormalDist().cdf(z))) if math.isfinite(z) else 0.0
    return ShareChange(week=i + 1, share_before=before, share_after=after, executions_before=int(t1[i]),
                       executions_after=int(t2[i]), p_value=p_value, splits=splits)
