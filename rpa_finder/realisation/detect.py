# SPDX-License-Identifier: AGPL-3.0-or-later
"""Deployments from the log: robot-like accounts that start doing a step people did, and since when.

With no decision recorded, every robot-like account (:func:`~.robots.robot_pairs`) whose share of a
step rises from near nothing to a real share (:func:`~.changepoint.find_share_change`), on a step
people did before, is a *suggested* deployment to confirm.  A recorded decision names the account
pattern and the go-live: its accounts are judged even if they look human, and the decision's go-live
is kept beside the one the log shows.  Accounts that did a step from the first week on (the system's
own jobs) did not take it over, and are not deployments.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable

import numpy as np
import pandas as pd

from .changepoint import find_share_change
from .steps import StepRows
from .robots import robot_pairs
from .settings import RealisationSettings

__all__ = ["RecordedDeployment", "detect_deployments", "DEPLOYMENT_FRAME_COLUMNS"]

#: Columns of :func:`detect_deployments`' frame, in order.
DEPLOYMENT_FRAME_COLUMNS = ("activity", "account", "go_live", "go_live_detected", "source", "status", "why",
                            "robot_executions", "robot_share_before", "robot_share_after", "human_executions_before")


@dataclass(frozen=True)
class RecordedDeployment:
    """A decision that a robot went live: the step, a regular expression matching its account names
    (case-insensitive, anywhere in the name), and the go-live date when known."""

    activity: str
    account_pattern: str
    go_live: date | None = None


def _weeks(local: pd.Series) -> np.ndarray:
    """Week numbers from the Monday on or before the first day (local wall-clock weeks)."""
    day = local.to_numpy("datetime64[D]")
    first = day.min()
    monday = first - ((first.astype("datetime64[D]").astype(np.int64) + 3) % 7)  # 1970-01-01 was a Thursday
    return ((day - monday).astype(np.int64) // 7).astype(np.int64)


def _go_live(times: np.ndarray, weeks: np.ndarray, week: int, settings: RealisationSettings) -> pd.Timestamp:
    """The local day of the robot's first execution after its last pause longer than ``go_live_gap_days``
    before the change ``week`` (``times``/``weeks``: the robot's executions, sorted)."""
    at = int(np.searchsorted(weeks, week))
    if at >= len(times):
        return pd.NaT
    pauses = np.flatnonzero(np.diff(times[:at + 1]) > np.timedelta64(settings.go_live_gap_days, "D"))
    return pd.Timestamp(times[pauses[-1] + 1 if len(pauses) else 0]).normalize()


def _judge(robot: np.ndarray, total: np.ndarray, settings: RealisationSettings) -> tuple[dict, int | None]:
    """The share change of one (step, account) from its weekly counts (the robot's and the step's, one
    per week from the log's first up to the step's last week): its figures, whether it is a take-over,
    and the week the change starts (None: no change)."""
    change = find_share_change(robot, total, settings.min_weeks_each_side)
    out = {"robot_executions": int(robot.sum()), "robot_share_before": np.nan, "robot_share_after": np.nan,
           "human_executions_before": 0, "go_live_detected": pd.NaT, "taken_over": False}
    if change is None:
        return out, None
    human_before = int((total[:change.week] - robot[:change.week]).sum())
    out.update(robot_share_before=change.share_before, robot_share_after=change.share_after,
               human_executions_before=human_before)
    out["taken_over"] = (change.share_before <= settings.max_share_before
                         and change.share_after >= settings.min_share_after
                         and change.p_value <= settings.change_alpha
                         and change.share_after * change.executions_after >= settings.min_robot_executions
                         and human_before >= settings.min_human_before)
    return out, change.week


def _weekly(weeks: np.ndarray, keys: np.ndarray, n_keys: int, size: int) -> np.ndarray:
    """Rows per (key, week) as an ``n_keys`` x ``size`` table; keys below 0 are left out."""
    kept = keys >= 0
    flat = np.bincount(keys[kept] * size + weeks[kept], minlength=n_keys * size)
    return flat.reshape(n_keys, size)


def _pair_of_rows(steps: StepRows, activity: np.ndarray, resource: np.ndarray) -> np.ndarray:
    """Per row, the position of its (step, account) among the pairs (``activity``, ``resource`` codes);
    -1 for any other row.  A sorted join on one integer key: memory by rows, not steps x accounts."""
    if not len(activity):
        return np.full(len(steps.activity), -1, dtype=np.int64)
    accounts = len(steps.resources) + 1  # account codes shifted by one: -1 (no account) becomes 0
    keys = activity * accounts + (resource + 1)
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    row_keys = np.where(steps.activity >= 0, steps.activity * accounts + (steps.resource + 1), -1)
    at = np.minimum(np.searchsorted(ordered, row_keys), len(ordered) - 1)
    return np.where((row_keys >= 0) & (ordered[at] == row_keys), order[at], -1)


def _pair_weeks(steps: StepRows, weeks: np.ndarray, activity: np.ndarray, resource: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Weekly counts of every (step code, account code) pair and of every step, in one pass over the
    rows, and each step's number of weeks (up to its last execution).  Per pair, a loop over its
    step's rows cost a third of a second on a generated log whose robots work on 387 pairs."""
    size = int(weeks.max()) + 1 if len(weeks) else 1
    n_steps = len(steps.activities)
    totals = _weekly(weeks, steps.activity, n_steps, size)
    pair = _pair_of_rows(steps, activity, resource)
    robots = _weekly(weeks, pair, len(activity), size)
    seen = totals > 0
    weeks_of_step = np.where(seen.any(axis=1), size - np.argmax(seen[:, ::-1], axis=1), 0)  # up to its last week
    return robots, totals, weeks_of_step


def _go_live_of(steps: StepRows, weeks: np.ndarray, activity: str, account: int, week: int,
                settings: RealisationSettings) -> pd.Timestamp:
    on_step = steps.rows(activity)
    robot = steps.resource[on_step] == account
    return _go_live(np.sort(steps.local[on_step][robot]), np.sort(weeks[on_step][robot]), week, settings)


def detect_deployments(instances: pd.DataFrame, *, timezone: str = "Europe/Helsinki", date_only: bool = False,
                       decisions: Iterable[RecordedDeployment] = (),
                       settings: RealisationSettings = RealisationSettings(),
                       accounts: pd.DataFrame | None = None, steps: StepRows | None = None) -> pd.DataFrame:
    """Per (step, robot account): the :data:`DEPLOYMENT_FRAME_COLUMNS`.

    ``status``: ``confirmed`` (a decision, and the log shows the take-over), ``recorded`` (a decision;
    its account works on the step but no take-over shows yet), ``not_seen`` (a decision whose account
    never did the step in this log), ``suggested`` (no decision; the log shows a take-over).
    ``go_live``: the decision's date, else the detected one (local midnight, naive).
    ``instances``: activity instances (:func:`~rpa_finder.mining.instances.extract_instances`);
    ``steps``: their :class:`~.steps.StepRows` when the caller has them.

    >>> detect_deployments(pd.DataFrame(columns=["case_id", "activity", "resource", "timestamp"])).empty
    True
    """
    decisions = tuple(decisions)
    empty = pd.DataFrame(columns=list(DEPLOYMENT_FRAME_COLUMNS))
    if not len(instances):
        return empty
    steps = steps or StepRows.of(instances, timezone)
    pairs = robot_pairs(instances, timezone=timezone, date_only=date_only, settings=settings,
                        extra_patterns=tuple(d.account_pattern for d in decisions), accounts=accounts, steps=steps)
    weeks = _weeks(pd.Series(steps.local))
    seen = []  # per decision, the accounts its pattern matches on its step (none: not seen)
    for decision in decisions:
        on_step = steps.rows(decision.activity)
        pattern = re.compile(decision.account_pattern, re.IGNORECASE)
        codes = np.unique(steps.resource[on_step])
        seen.append(sorted(str(r) for r in steps.resources[codes[codes >= 0]] if pattern.search(str(r))))
    decided = [(decision.activity, name) for decision, names in zip(decisions, seen) for name in names]
    robot_like = pairs.loc[pairs["robot_like"].to_numpy(dtype=bool)]  # (no pair at all: an empty frame, same columns)
    taken = set(decided)
    robot_like = robot_like.loc[np.array([(a, r) not in taken for a, r in zip(robot_like["activity"],
                                                                              robot_like["resource"])], dtype=bool)]
    # the weekly counts of every pair judged, decided or detected (two decisions may name the same
    # pair: counted once), in one pass over the rows
    distinct = list(dict.fromkeys(decided + list(zip(robot_like["activity"], robot_like["resource"]))))
    at = {pair: i for i, pair in enumerate(distinct)}
    step_code = {name: code for code, name in enumerate(steps.activities)}
    account_code = {name: code for code, name in enumerate(steps.resources)}
    activity = np.array([step_code[a] for a, _ in distinct], dtype=np.int64)
    resource = np.array([account_code[r] for _, r in distinct], dtype=np.int64)
    robots, totals, sizes = _pair_weeks(steps, weeks, activity, resource)

    def judge(pair: tuple[str, str]) -> tuple[dict, int | None]:
        i = at[pair]
        size = sizes[activity[i]]
        return _judge(robots[i, :size], totals[activity[i], :size], settings)

    def go_live(pair: tuple[str, str], week: int) -> pd.Timestamp:  # from the robot's rows: only where needed
        return _go_live_of(steps, weeks, pair[0], int(resource[at[pair]]), week, settings)

    rows = []
    for decision, names in zip(decisions, seen):
        if not names:
            rows.append({"activity": decision.activity, "account": decision.account_pattern, "source": "decision",
                         "status": "not_seen", "why": "decision", "robot_executions": 0,
                         "go_live": pd.Timestamp(decision.go_live) if decision.go_live else pd.NaT})
        for name in names:
            judged, week = judge((decision.activity, name))
            if week is not None:
                judged["go_live_detected"] = go_live((decision.activity, name), week)
            rows.append({"activity": decision.activity, "account": name, "source": "decision",
                         "status": "confirmed" if judged.pop("taken_over") else "recorded", "why": "decision",
                         "go_live": pd.Timestamp(decision.go_live) if decision.go_live else judged["go_live_detected"],
                         **judged})
    for pair in robot_like.itertuples(index=False):
        judged, week = judge((pair.activity, pair.resource))
        if judged.pop("taken_over"):
            judged["go_live_detected"] = go_live((pair.activity, pair.resource), week)
            rows.append({"activity": pair.activity, "account": pair.resource, "source": "detected",
                         "status": "suggested", "why": pair.why, "go_live": judged["go_live_detected"], **judged})
    if not rows:
        return empty
    out = pd.DataFrame(rows).reindex(columns=list(DEPLOYMENT_FRAME_COLUMNS))
    for column in ("go_live", "go_live_detected"):
        out[column] = pd.to_datetime(out[column]).astype("datetime64[ns]")
    out["robot_executions"] = out["robot_executions"].fillna(0).astype("int64")
    out["human_executions_before"] = out["human_executions_before"].fillna(0).astype("int64")
    for column in ("activity", "account", "source", "status", "why"):
        out[column] = out[column].astype("str")
    return out.sort_values(["activity", "account"], kind="stable").reset_index(drop=True)
