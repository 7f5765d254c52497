# SPDX-License-Identifier: AGPL-3.0-or-later
"""Which events are already done by machines: by account name, and by how an account behaves.

Names catch the obvious accounts (JÄRJESTELMÄ, ERÄAJO, ROBOTTI_01, batch, system).  Behaviour catches
the rest: an account that works mostly at night, or records hundreds of events on each day it is
active, is not a person at a desk.  Night work needs real times of day, so on date-only logs only the
names and the per-day volume count.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..accounts import compile_account_pattern, is_system_account, DEFAULT_SYSTEM_ACCOUNT_PATTERNS
from .coded import CodedInstances, code_instances
from .rows import count_pairs
from .sorting import group_medians

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


def _median_per_day(coded: CodedInstances, named: np.ndarray) -> np.ndarray:
    """Per resource code: the median number of its events over the local days it was active.

    Events per (resource, day) are counted into one small table (a log spans a few thousand days),
    else found by one sort of the pairs.
    """
    size = len(coded.resources)
    timed = named if coded.all_timed else named & coded.timed
    if not timed.any():
        return np.full(size, np.nan)
    low = int(coded.local_day.min() if coded.all_timed else coded.local_day[coded.timed].min())
    day = coded.local_day if coded.all_timed else np.where(coded.timed, coded.local_day, low - 1)
    span = int(day.max()) - low + 1
    if size * span <= 2**22:
        tally = count_pairs(coded.resource, day, (size, span), shift=-low).ravel()  # no time: day -1, left out
        pairs = np.flatnonzero(tally)  # (resource, day) pairs seen, in sorted order
        return group_medians(pairs // span, tally[pairs].astype(np.float64), size)
    key = np.sort(coded.resource[timed] * np.int64(span) + (day[timed] - low))
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    per_day = np.diff(np.r_[starts, len(key)])  # events on each active (resource, day)
    return group_medians(key[starts] // span, per_day.astype(np.float64), size)


def classify_accounts(instances: pd.DataFrame, *, timezone: str, date_only: bool,
                      settings: AutomationSettings = AutomationSettings(),
                      coded: CodedInstances | None = None) -> pd.DataFrame:
    """One row per resource: events, by_name, night_share, events_per_day, automated, why.

    ``coded``: the codes of ``instances`` when the caller has them (:func:`code_instances`).
    """
    coded = coded or code_instances(instances, timezone)
    named = coded.resource >= 0
    if not named.any():
        return pd.DataFrame(columns=["events", "by_name", "night_share", "events_per_day", "automated", "why"])
    size = len(coded.resources)
    # events per (resource, local hour), hour 24 for no time: both counts come from this small table
    hours = coded.local_hour if coded.all_timed else np.where(coded.timed, coded.local_hour, 24)
    by_hour = count_pairs(coded.resource, hours, (size, 25))  # no resource (-1) left out
    clock = np.arange(24)
    night_hours = (clock >= settings.night_start_hour) | (clock < settings.night_end_hour)
    events = by_hour.sum(axis=1)
    out = pd.DataFrame({"events": events, "night_share": by_hour[:, :24][:, night_hours].sum(axis=1) / events},
                       index=pd.Index(coded.resources, name="resource"))
    out["events_per_day"] = _median_per_day(coded, named)
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
