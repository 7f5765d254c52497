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

__all__ = ["AutomationSettings", "classify_accounts", "classify_tables", "hour_counts", "no_accounts",
           "resource_day_counts", "median_per_day"]


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


def resource_day_counts(coded: CodedInstances) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Events per active (resource code, local day): resource codes, day numbers and counts, sorted.

    Counted into one small table where a log spans a few thousand days, else by one sort of the pairs.
    """
    size = len(coded.resources)
    timed = coded.resource >= 0
    if not coded.all_timed:
        timed &= coded.timed
    if not timed.any():
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    low = int(coded.local_day.min() if coded.all_timed else coded.local_day[coded.timed].min())
    day = coded.local_day if coded.all_timed else np.where(coded.timed, coded.local_day, low - 1)
    span = int(day.max()) - low + 1
    if size * span <= 2**22:
        tally = count_pairs(coded.resource, day, (size, span), shift=-low).ravel()  # no time: day -1, left out
        pairs = np.flatnonzero(tally)  # (resource, day) pairs seen, in sorted order
        return pairs // span, pairs % span + low, tally[pairs]
    key = np.sort(coded.resource[timed] * np.int64(span) + (day[timed] - low))
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    return key[starts] // span, key[starts] % span + low, np.diff(np.r_[starts, len(key)])


def median_per_day(resource: np.ndarray, counts: np.ndarray, size: int) -> np.ndarray:
    """Per resource code below ``size``: the median of its events over the days it was active (NaN: none)."""
    return group_medians(resource, counts.astype(np.float64), size)


def hour_counts(coded: CodedInstances) -> np.ndarray:
    """Instances per (resource code, local hour), hour 24 for no time: shape (resources, 25)."""
    hours = coded.local_hour if coded.all_timed else np.where(coded.timed, coded.local_hour, 24)
    return count_pairs(coded.resource, hours, (len(coded.resources), 25))  # no resource (-1) left out


def classify_tables(resources: np.ndarray, by_hour: np.ndarray, events_per_day: np.ndarray, *, date_only: bool,
                    settings: AutomationSettings = AutomationSettings()) -> pd.DataFrame:
    """:func:`classify_accounts` from its two tables: per resource (sorted names) the hour counts
    (:func:`hour_counts`) and the median events per active local day."""
    clock = np.arange(24)
    night_hours = (clock >= settings.night_start_hour) | (clock < settings.night_end_hour)
    events = by_hour.sum(axis=1)
    out = pd.DataFrame({"events": events, "night_share": by_hour[:, :24][:, night_hours].sum(axis=1) / events},
                       index=pd.Index(resources, name="resource"))
    out["events_per_day"] = events_per_day
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


def no_accounts() -> pd.DataFrame:
    """The account table of a log without resources."""
    return pd.DataFrame(columns=["events", "by_name", "night_share", "events_per_day", "automated", "why"])


def classify_accounts(instances: pd.DataFrame, *, timezone: str, date_only: bool,
                      settings: AutomationSettings = AutomationSettings(),
                      coded: CodedInstances | None = None) -> pd.DataFrame:
    """One row per resource: events, by_name, night_share, events_per_day, automated, why.

    ``coded``: the codes of ``instances`` when the caller has them (:func:`code_instances`).
    """
    coded = coded or code_instances(instances, timezone)
    named = coded.resource >= 0
    if not named.any():
        return no_accounts()
    resource, _, counts = resource_day_counts(coded)
    medians = median_per_day(resource, counts, len(coded.resources))
    return classify_tables(coded.resources, hour_counts(coded), medians, date_only=date_only, settings=settings)
