# SPDX-License-Identifier: AGPL-3.0-or-later
"""The only module that touches pm4py, and it imports it lazily.

``import pm4py`` costs 3-5 s and over a thousand modules; ``rpa-finder --help`` and everything that
does not discover or replay a model must not pay that.  The rest of rpa_finder speaks its own
snake_case columns; this module translates to pm4py's XES keys and back.
"""
from __future__ import annotations

import importlib
import warnings
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from .eventlog import EventLog

__all__ = ["pm4py", "to_pm4py_frame", "from_pm4py_frame", "PM4PY_KEYS"]

#: Our column -> pm4py / XES key.
PM4PY_KEYS = {
    "case_id": "case:concept:name",
    "activity": "concept:name",
    "timestamp": "time:timestamp",
    "resource": "org:resource",
    "lifecycle": "lifecycle:transition",
    "start_timestamp": "start_timestamp",
}

_module: Any = None


def pm4py() -> Any:
    """The pm4py module, imported on first use (quietly: its import prints a banner and warnings)."""
    global _module
    if _module is None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            _module = importlib.import_module("pm4py")
    return _module


def to_pm4py_frame(log: "EventLog", *, complete_only: bool = False) -> pd.DataFrame:
    """A pm4py-formatted DataFrame of the log's events (plain strings, XES keys, stable order).

    With ``complete_only`` only events whose lifecycle is "complete" are kept, which is what pm4py's
    frequency DFG and variants count on logs with start/complete pairs.
    """
    events = log.events
    if complete_only:
        events = events[events["lifecycle"] == "complete"]
    frame = pd.DataFrame(
        {
            PM4PY_KEYS[column]: (events[column].astype("object") if column in ("case_id", "activity", "resource", "lifecycle") else events[column])
            for column in PM4PY_KEYS
            if column in events.columns
        }
    )
    frame = frame.reset_index(drop=True)
    return frame


def from_pm4py_frame(frame: pd.DataFrame, **kwargs: Any) -> "EventLog":
    """An EventLog from a pm4py DataFrame (``pm4py.read_xes`` output, say): the reverse mapping."""
    from .eventlog import EventLog

    inverse = {key: column for column, key in PM4PY_KEYS.items()}
    renamed = frame.rename(columns={k: v for k, v in inverse.items() if k in frame.columns})
    renamed = renamed.drop(columns=[c for c in ("@@index", "@@case_index") if c in renamed.columns])
    renamed = renamed.loc[:, ~renamed.columns.duplicated()]
    renamed["timestamp"] = pd.to_datetime(renamed["timestamp"], utc=True)
    return EventLog.from_frame(renamed, **kwargs)
