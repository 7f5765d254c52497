# SPDX-License-Identifier: AGPL-3.0-or-later
"""Which accounts behave like software on which step: by name, or by behaviour.

A robot given a neutral account name still works like one: at any hour, in seconds, in volumes no
desk worker reaches.  The scoring's account classification (:func:`~rpa_finder.scoring.automation.
classify_accounts`: names, night work, superhuman daily volume) says so per account; here it is
joined with two signs per (step, account) that the scoring does not need: the share of the account's
executions of the step outside office hours, and its median measured handling seconds.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..scoring.automation import classify_accounts
from ..system_accounts import compile_account_pattern, is_system_account
from .settings import RealisationSettings
from .steps import StepRows

__all__ = ["robot_pairs"]


_DAY_US = 86_400_000_000
_HOUR_US = 3_600_000_000


def _clock(local: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(hour, weekday with Monday 0, on a whole hour) of naive local times, by integer arithmetic on
    microseconds: what the ``.dt`` accessors give, five passes over a million rows fewer.  NaT: hour and
    weekday -1, not on a whole hour (the accessors' NaN compares false the same way)."""
    valid = ~np.isnat(local)
    us = local.astype("datetime64[us]").astype(np.int64)
    day = us // _DAY_US  # floor: right before 1970 too
    in_day = us - day * _DAY_US
    hour = np.where(valid, in_day // _HOUR_US, -1)
    weekday = np.where(valid, (day + 3) % 7, -1)  # 1970-01-01 was a Thursday
    return hour, weekday, valid & (in_day % _HOUR_US == 0)


def robot_pairs(instances: pd.DataFrame, *, timezone: str, date_only: bool = False,
                settings: RealisationSettings = RealisationSettings(), extra_patterns: tuple[str, ...] = (),
                accounts: pd.DataFrame | None = None, steps: StepRows | None = None) -> pd.DataFrame:
    """One row per (activity, resource) the resource did ``min_robot_executions`` times or more and that
    looks like software: ``executions``, ``off_hours_share``, ``median_seconds`` (NaN: no start times),
    ``robot_like`` and ``why`` (name, night, volume, off_hours or machine_speed).  Night and off-hours
    signs need real times: a pair stamped mostly on whole hours (``max_whole_hour_share``) has dates, and
    ``off_hours_share`` counts only executions off a whole hour; an account the scoring calls automated
    for its night work counts on a step only where its work there is off hours too.

    ``accounts``: the scoring's :func:`classify_accounts` table when the caller has it; ``steps``: the
    log's :class:`~.steps.StepRows` (codes and local times) when the caller has them.
    """
    steps = steps or StepRows.of(instances, timezone)
    named = (steps.resource >= 0) & (steps.activity >= 0)
    if not named.any():
        return pd.DataFrame(columns=["activity", "resource", "executions", "off_hours_share", "median_seconds",
                                     "robot_like", "why"])
    hour, weekday, whole_hour = _clock(steps.local[named])
    off = (hour >= 0) & ((hour < settings.office_start_hour) | (hour >= settings.office_end_hour) | (weekday >= 5))
    if date_only:
        off = weekday >= 5
    frame = pd.DataFrame({"activity": steps.activity[named], "resource": steps.resource[named],
                          "off": np.where(whole_hour, np.nan, off), "whole_hour": whole_hour})
    if "start_timestamp" in instances.columns:
        seconds = (instances["timestamp"] - instances["start_timestamp"]).dt.total_seconds().to_numpy()[named]
        frame["seconds"] = np.where(seconds >= 0, seconds, np.nan)
    else:
        frame["seconds"] = np.nan
    pairs = frame.groupby(["activity", "resource"], sort=True).agg(
        executions=("whole_hour", "size"), off_hours_share=("off", "mean"), median_seconds=("seconds", "median"),
        whole_hour_share=("whole_hour", "mean"))
    pairs = pairs[pairs["executions"] >= settings.min_robot_executions].reset_index()
    pairs["activity"] = pd.Series(steps.activities[pairs["activity"].to_numpy()], dtype="str")
    pairs["resource"] = pd.Series(steps.resources[pairs["resource"].to_numpy()], dtype="str")
    pairs = pairs.sort_values(["activity", "resource"], kind="stable").reset_index(drop=True)
    if accounts is None:
        accounts = classify_accounts(instances, timezone=timezone, date_only=date_only)
    pattern = compile_account_pattern(settings.account_patterns + tuple(extra_patterns))
    by_name = is_system_account(pairs["resource"], pattern).to_numpy()
    why = accounts["why"].reindex(pd.Index(pairs["resource"], dtype="str")).fillna("").to_numpy(dtype=object)
    automated = accounts["automated"].reindex(pd.Index(pairs["resource"], dtype="str")).fillna(False).to_numpy(bool)
    dated = pairs["whole_hour_share"].to_numpy() >= settings.max_whole_hour_share
    off_hours = (pairs["off_hours_share"].to_numpy() >= settings.off_hours_share) & ~dated  # NaN: False
    automated = automated & ~((dated | ~off_hours) & (why == "night"))  # the night must show on this step
    fast = pairs["median_seconds"].to_numpy() <= settings.machine_seconds  # NaN: False
    pairs["why"] = np.select([by_name, automated, fast, off_hours], ["name", why, "machine_speed", "off_hours"], "")
    pairs["robot_like"] = pairs["why"] != ""
    return pairs
