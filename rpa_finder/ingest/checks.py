# SPDX-License-Identifier: AGPL-3.0-or-later
"""Data-quality checks run on every ingested log; each returns a Problem or nothing.

Checks are vectorised and report counts plus a few original row numbers, never values.
"""
from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

from ..eventlog import EventLog
from .raw import RawTable
from .report import EXAMPLES, Problem

__all__ = ["find_problems"]

EPOCH = pd.Timestamp("1970-01-01", tz="UTC")


def _rows(source_rows: np.ndarray | pd.Series) -> tuple[int, ...]:
    return tuple(int(r) for r in np.asarray(source_rows)[:EXAMPLES])


def _reject_problems(reasons: pd.Series, source_rows: np.ndarray, raw: RawTable) -> list[Problem]:
    """``reasons``/``source_rows``: the dropped rows only, in file order."""
    problems = []
    codes = {
        "missing case id": "missing_case",
        "missing activity": "missing_activity",
        "missing timestamp": "missing_timestamp",
    }
    for reason, count in reasons.value_counts(sort=False).items():
        code = codes.get(reason, "invalid_timestamp")
        rows = source_rows[(reasons == reason).to_numpy()]
        problems.append(Problem(code, "warning", int(count), f"rows dropped: {reason}", _rows(rows)))
    if len(raw.rejects):
        for reason, group in raw.rejects.groupby("reason", sort=False):
            problems.append(Problem("unreadable_row", "warning", len(group), f"rows dropped: {reason}",
                                    _rows(group["source_row"].to_numpy())))
    return problems


_DUPLICATE_KEY = ["case_id", "activity", "timestamp", "resource", "lifecycle"]


def _same_case_and_time(events: pd.DataFrame) -> np.ndarray:
    """Rows whose case and timestamp equal a neighbour's: in log order, duplicates can only be these."""
    codes = events["case_id"].array.codes
    nanos = events["timestamp"].to_numpy(dtype="datetime64[ns]").view("int64")
    same = (codes[1:] == codes[:-1]) & (nanos[1:] == nanos[:-1])
    out = np.zeros(len(events), dtype=bool)
    out[1:] |= same
    out[:-1] |= same
    return out


def _duplicates(events: pd.DataFrame) -> Problem | None:
    columns = [c for c in events.columns if c != "source_row"]
    # Rows identical in every field are identical in the standard ones: compare all fields only among
    # those few candidates (same rows found, far less hashing on a wide 1M-row log).  The log is sorted
    # by case and time, so equal standard fields sit next to each other: a neighbour test finds them.
    near = _same_case_and_time(events)
    if not near.any():
        return None
    subset = events.loc[near]
    candidates = np.zeros(len(events), dtype=bool)
    candidates[near] = subset.duplicated(subset=_DUPLICATE_KEY, keep=False).to_numpy()
    if not candidates.any():
        return None
    duplicated = pd.Series(False, index=events.index)
    try:
        duplicated[candidates] = events.loc[candidates].duplicated(subset=columns, keep="first").to_numpy()
    except TypeError:  # unhashable attribute values: compare the standard columns only
        duplicated = events.duplicated(subset=_DUPLICATE_KEY)
    if not duplicated.any():
        return None
    return Problem("exact_duplicates", "warning", int(duplicated.sum()),
                   "events identical to an earlier event in every field (kept; check the export)",
                   _rows(events.loc[duplicated, "source_row"]))


def _time_range(events: pd.DataFrame, now: datetime) -> list[Problem]:
    problems = []
    nanos = events["timestamp"].to_numpy(dtype="datetime64[ns]").view("int64")  # UTC instants
    rows = events["source_row"].to_numpy()
    future = nanos > pd.Timestamp(now).as_unit("ns").value
    if future.any():
        problems.append(Problem("future_timestamp", "warning", int(future.sum()),
                                "timestamps in the future (clock or format error?)",
                                _rows(rows[np.flatnonzero(future)[:EXAMPLES]])))
    early = nanos < EPOCH.value
    if early.any():
        problems.append(Problem("timestamp_before_1970", "warning", int(early.sum()),
                                "timestamps before 1970 (placeholder dates or a wrong format?)",
                                _rows(rows[np.flatnonzero(early)[:EXAMPLES]])))
    return problems


def _lifecycle(events: pd.DataFrame) -> Problem | None:
    lifecycle = events["lifecycle"]
    if not (lifecycle == "start").any():
        return None
    key = [events["case_id"], events["activity"]]
    starts = (lifecycle == "start").groupby(key, observed=True).sum()
    completes = (lifecycle == "complete").groupby(key, observed=True).sum()
    open_starts = (starts - completes).clip(lower=0)
    count = int(open_starts.sum())
    if not count:
        return None
    return Problem("start_without_complete", "warning", count,
                   "start events with no matching complete event (handling time unknown for them)")


def find_problems(
    log: EventLog,
    *,
    dropped_reasons: pd.Series,
    dropped_rows: np.ndarray,
    raw: RawTable,
    identity_columns: list[str],
    now: datetime,
) -> list[Problem]:
    """Every data-quality finding of one ingested file, most serious first.

    ``dropped_reasons`` and ``dropped_rows``: why each dropped row was dropped, and its source row.
    """
    events = log.events
    problems: list[Problem] = []
    if events.empty:
        problems.append(Problem("no_events", "error", 0, "no usable events in the file"))
    problems += _reject_problems(dropped_reasons, dropped_rows, raw)
    if not events.empty:
        for problem in (_duplicates(events), _lifecycle(events)):
            if problem:
                problems.append(problem)
        problems += _time_range(events, now)
        if log.timestamp_precision in ("date", "mixed"):
            share = log.date_only_share
            problems.append(Problem(
                "date_only_timestamps", "warning", int(round(share * log.n_events)),
                f"{share:.0%} of timestamps carry a date only: durations and handling times are in whole "
                "days and are left out where they would mislead"))
        codes = events["case_id"].array.codes
        sizes = np.bincount(codes if codes.min() >= 0 else codes[codes >= 0])
        single = int((sizes == 1).sum())
        if single:
            problems.append(Problem("single_event_cases", "info", single,
                                    "cases with a single event (no flow to mine in them)"))
    if identity_columns:
        problems.append(Problem("identity_codes_masked", "info", len(identity_columns),
                                "Finnish identity codes found and replaced by keyed tokens",
                                columns=tuple(identity_columns)))
    level = raw.notes.get("xes_certification_level")
    if level:
        problems.append(Problem("xes_certification", "info", 0, f"XES certification level {level}"))
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(problems, key=lambda p: order[p.severity])
