# SPDX-License-Identifier: AGPL-3.0-or-later
"""The thresholds of deployment detection and realised-benefit measurement, in one frozen object.

Each value says what it guards against; the defaults were checked on generated logs with a robot
deployed at a known date (``bench/realised_accuracy.py``, docs/realised-benefit.md).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..system_accounts import DEFAULT_SYSTEM_ACCOUNT_PATTERNS

__all__ = ["RealisationSettings"]


@dataclass(frozen=True)
class RealisationSettings:
    #: Account names that stand for software (the scoring's patterns); a decision's pattern adds to them.
    account_patterns: tuple[str, ...] = DEFAULT_SYSTEM_ACCOUNT_PATTERNS
    #: An account needs this many executions of a step before its share there is judged at all, and
    #: as many after a change before the change is a take-over.
    min_robot_executions: int = 20
    #: Behaviour of a robot without a robot's name: this share of its executions outside office hours
    #: (before ``office_start_hour``, from ``office_end_hour`` on, or on a weekend)...
    off_hours_share: float = 0.25
    office_start_hour: int = 7
    office_end_hour: int = 18
    #: ... or a median measured handling (start to completion) of at most this many seconds.
    machine_seconds: float = 90.0
    #: Night and off-hours work only count where the times are times: when at least this share of a
    #: (step, account)'s executions sit on a whole hour (hh:00:00), the export recorded dates (BPIC15's
    #: midnight stamps, read in another timezone, are 01:00:00), and a person looks like a night robot.
    max_whole_hour_share: float = 0.5
    #: The step was people's work: at most this share done by the account before the change, and at
    #: least ``min_human_before`` executions by others before it.
    max_share_before: float = 0.1
    min_human_before: int = 20
    #: The account took over: at least this share of the step's executions after the change...
    min_share_after: float = 0.2
    #: ... and a rise this unlikely by chance, after the search over every week as the split
    #: (:func:`~.changepoint.find_share_change`'s Bonferroni p-value).
    change_alpha: float = 0.001
    #: Whole weeks needed on each side of a change point (a robot there from the first week has no
    #: "before": it did not take over a step, it always did it).
    min_weeks_each_side: int = 3
    #: The go-live is the first robot execution after the last pause of more than this many days before
    #: the change point: a step whose queue drains slowly rises over weeks, and a pilot weeks earlier
    #: is not the go-live.
    go_live_gap_days: int = 14
    #: Days after the go-live left out of the "after" figures: work that was ready before the robot
    #: went live is still finished by people in these days.
    transition_days: int = 14
    #: Calendar months both periods must cover before only those months are compared (season); a
    #: month covers a period with at least ``month_coverage`` of the period's median month's needs.
    min_shared_months: int = 3
    month_coverage: float = 0.5
