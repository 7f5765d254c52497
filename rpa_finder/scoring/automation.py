# SPDX-License-Identifier: AGPL-3.0-or-later
"""Which events are already done by machines: by account name, and by how an account behaves.

Names catch the obvious accounts (JÄRJESTELMÄ, ERÄAJO, ROBOTTI_01, batch, system).  Behaviour catches
the rest: an account that works mostly at night, or records hundreds of events on each day it is
active, is not a person at a desk.  Night work needs real times of day, so on date-only logs only the
names and the per-day volume count; and an account whose stamps sit mostly on a whole half hour (UTC)
has dates written as midnight (BPIC15 writes ``00:00:00+02:00``, 01:00 in Helsinki), so its night
share counts only its other stamps.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..system_accounts import compile_account_pattern, is_system_account, DEFAULT_SYSTEM_ACCOUNT_PATTERNS
from .instance_codes import CodedInstances, code_instances
from .rows import PER_SECOND, count_pairs
from .sorting import group_medians

__all__ = ["AutomationSettings", "classify_accounts", "classify_tables", "hour_counts", "no_accounts",
           "resource_day_counts", "median_per_day", "unattributed_view", "classify_unattributed",
           "unattributed_tables", "no_unattributed"]


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
    #: An account with at least this share of its timed stamps on a whole half hour (UTC, where
    #: midnight written without a time lands in any zone) has dates, not times, there: its night share
    #: leaves those stamps out.  By chance the share is 1/1800 for stamps to the second, 1/30 to the minute.
    max_whole_hour_share: float = 0.5

#: Columns of :func:`hour_counts`: 24 local hours, no time, then the 24 hours again for the stamps on a
#: whole half hour only.
HOUR_COLUMNS = 49


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


def hour_counts(coded: CodedInstances, *, whole_hours: bool = False) -> np.ndarray:
    """Instances per (resource code, local hour), hour 24 for no time: shape (resources, 25).

    ``whole_hours``: shape (resources, :data:`HOUR_COLUMNS`), with columns 25-48 counting per hour
    only the stamps on a whole half hour (UTC), for :func:`classify_tables`' dated accounts.
    """
    hours = coded.local_hour if coded.all_timed else np.where(coded.timed, coded.local_hour, 24)
    if not whole_hours:
        return count_pairs(coded.resource, hours, (len(coded.resources), 25))  # no resource (-1) left out
    half_hour = 1800 * PER_SECOND[coded.unit]
    whole = (coded.timestamp % half_hour == 0) & (hours < 24)
    size = (len(coded.resources), 25)
    return np.hstack([count_pairs(coded.resource, hours, size),
                      count_pairs(np.where(whole, coded.resource, -1), hours, size)[:, :24]])


def classify_tables(resources: np.ndarray, by_hour: np.ndarray, events_per_day: np.ndarray, *, date_only: bool,
                    settings: AutomationSettings = AutomationSettings(), by_name: bool = True) -> pd.DataFrame:
    """:func:`classify_accounts` from its two tables: per resource (sorted names) the hour counts
    (:func:`hour_counts`) and the median events per active local day.  ``by_name=False``: the names
    are not account names (activities, for :func:`classify_unattributed`), so only behaviour counts."""
    clock = np.arange(24)
    night_hours = (clock >= settings.night_start_hour) | (clock < settings.night_end_hour)
    whole = by_hour[:, 25:49] if by_hour.shape[1] >= HOUR_COLUMNS else np.zeros((len(by_hour), 24), np.int64)
    events = by_hour[:, :25].sum(axis=1)
    timed, whole_timed = by_hour[:, :24].sum(axis=1), whole.sum(axis=1)
    dated = (whole_timed > 0) & (whole_timed >= settings.max_whole_hour_share * timed)
    with np.errstate(invalid="ignore", divide="ignore"):  # an activity without unattributed rows: NaN
        night = np.where(dated, (by_hour[:, :24] - whole)[:, night_hours].sum(axis=1) / (timed - whole_timed),
                         by_hour[:, :24][:, night_hours].sum(axis=1) / events)
    out = pd.DataFrame({"events": events, "night_share": night},
                       index=pd.Index(resources, name="resource"))
    out["events_per_day"] = events_per_day
    names = pd.Series(out.index, index=out.index)
    out["by_name"] = (is_system_account(names, compile_account_pattern(settings.account_patterns)).to_numpy()
                      if by_name else np.zeros(len(out), dtype=bool))
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
    return classify_tables(coded.resources, hour_counts(coded, whole_hours=True), medians, date_only=date_only,
                           settings=settings)


@dataclass(frozen=True, eq=False)
class _UnattributedRows:
    """The coded rows seen as accounts: each activity's rows *without* a resource form one pseudo-account.

    It has the attributes :func:`resource_day_counts` and :func:`hour_counts` read, so the same counts
    that classify real accounts classify the work nobody's name is on.
    """

    resource: np.ndarray
    resources: np.ndarray
    local_day: np.ndarray
    local_hour: np.ndarray
    timed: np.ndarray
    all_timed: bool
    timestamp: np.ndarray
    unit: str


def unattributed_view(coded: CodedInstances) -> _UnattributedRows | None:
    """The rows without a resource as one pseudo-account per activity (None: every row has a resource)."""
    missing = coded.resource < 0
    if not missing.any():
        return None
    return _UnattributedRows(resource=np.where(missing, coded.activity, -1), resources=coded.names,
                             local_day=coded.local_day, local_hour=coded.local_hour, timed=coded.timed,
                             all_timed=coded.all_timed, timestamp=coded.timestamp, unit=coded.unit)


def no_unattributed() -> pd.DataFrame:
    """The table of :func:`classify_unattributed` when every row has a resource."""
    out = no_accounts()
    out.index.name = "activity"
    return out


def unattributed_tables(coded: CodedInstances) -> tuple[np.ndarray, pd.Series | None]:
    """Per activity (sorted names): rows without a resource per local hour (column 24: no time), and
    those rows per (activity ``a``, local day ``d``) present (None: every row has a resource)."""
    view = unattributed_view(coded)
    if view is None:
        return np.zeros((len(coded.names), HOUR_COLUMNS), dtype=np.int64), None
    activity, day, counts = resource_day_counts(view)
    days = pd.Series(counts.astype(np.int64), index=pd.MultiIndex.from_arrays(
        [pd.Index(np.asarray(coded.names, dtype=object)[activity], dtype="str", name="a"), pd.Index(day, name="d")]))
    return hour_counts(view, whole_hours=True), days


def classify_unattributed(names: np.ndarray, by_hour: np.ndarray, days: pd.Series | None, *, date_only: bool,
                          settings: AutomationSettings = AutomationSettings()) -> pd.DataFrame:
    """Per activity, whether its rows *without* a resource behave like a machine, and why.

    A batch job that writes thousands of events on a few dates, or a step recorded mostly at night,
    with no handler on it, is no person's work even though no account name says so.  The rules and
    thresholds are :func:`classify_tables`' (night share, median events per active day); names do not
    count.  ``by_hour``/``days``: :func:`unattributed_tables` (merged over partitions, they add up).
    """
    if days is None or not len(days):
        return no_unattributed()
    activity = np.searchsorted(names, days.index.get_level_values("a").to_numpy(dtype=object))
    medians = median_per_day(activity, days.to_numpy(), len(names))
    out = classify_tables(names, by_hour, medians, date_only=date_only, settings=settings, by_name=False)
    out.index.name = "activity"
    return out[out["events"] > 0]
