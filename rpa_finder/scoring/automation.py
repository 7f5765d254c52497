# SPDX-License-Identifier: AGPL-3.0-or-later
"""Which events are already done by machines: by account name, and by how an account behaves.

Names catch the obvious accounts (JÄRJESTELMÄ, ERÄAJO, ROBOTTI_01, batch, system).  Behaviour catches
the rest: an account that works mostly at night, or records hundreds of events on each day it is
active, is not a person at a desk.  Night work needs real times of day, so on date-only logs only the
names and the per-day volume count.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..accounts import compile_account_pattern, is_system_account, DEFAULT_SYSTEM_ACCOUNT_PATTERNS

__all__ = ["AutomationSettings", "classify_accounts"]


@dataclass(frozen=True)
class AutomationSettings:
    account_patterns: tuple[str, ...] = DEFAULT_SYSTEM_ACCOUNT_PATTERNS
    min_events: int = 50
    #: Local hours counted as night (start inclusive, end exclusive, wrapping midnight).
    night_start_hour: int = 22
    night_end_hour: int = 6
    night_share: float = 0.6
    #: Median events per active day above which an account is a machine.
    events_per_active_day: float = 150.0


def classify_accounts(instances: pd.DataFrame, *, timezone: str, date_only: bool,
                      settings: AutomationSettings = AutomationSettings()) -> pd.DataFrame:
    """One row per resource: events, by_name, night_share, events_per_day, automated, why."""
    named = instances.dropna(subset=["resource"])
    if named.empty:
        return pd.DataFrame(columns=["events", "by_name", "night_share", "events_per_day", "automated", "why"])
    resource = named["resource"].astype(str)
    local = named["timestamp"].dt.tz_convert(timezone)
    hour = local.dt.hour
    night = (hour >= settings.night_start_hour) | (hour < settings.night_end_hour)
    frame = pd.DataFrame({"resource": resource, "night": night, "day": local.dt.normalize()})
    out = frame.groupby("resource").agg(events=("night", "size"), night_share=("night", "mean"))
    per_day = frame.groupby(["resource", "day"]).size().groupby(level=0).median()
    out["events_per_day"] = per_day
    names = pd.Series(out.index, index=out.index)
    out["by_name"] = is_system_account(names, compile_account_pattern(settings.account_patterns)).to_numpy()
    if date_only:
        out["night_share"] = float("nan")
    busy = out["events"] >= settings.min_events
    by_night = busy & (out["night_share"] >= settings.night_share)
    by_volume = busy & (out["events_per_day"] >= settings.events_per_active_day)
    out["automated"] = out["by_name"] | by_night | by_volume
    out["why"] = ""
    out.loc[by_volume, "why"] = "volume"
    out.loc[by_night, "why"] = "night"
    out.loc[out["by_name"], "why"] = "name"
    return out
