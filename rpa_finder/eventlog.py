# SPDX-License-Identifier: AGPL-3.0-or-later
"""The one event-log type that every reader produces and every analysis consumes.

Events live in a single pandas DataFrame with snake_case standard columns; case attributes live in
a second frame with one row per case, so they are stored once rather than repeated on every event.
Events are sorted by case, then timestamp, then source position: equal timestamps keep file order,
which is the only order on which pm4py, pandas, DuckDB and Dask agree.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, Mapping

import numpy as np
import pandas as pd

__all__ = [
    "precision_of_share",
    "EventLog",
    "SourceInfo",
    "AttributeInfo",
    "STANDARD_COLUMNS",
    "TIMESTAMP_DTYPE",
]

#: Standard event columns in their canonical order; ``start_timestamp`` is optional.
STANDARD_COLUMNS = ("case_id", "activity", "timestamp", "resource", "lifecycle", "start_timestamp", "source_row")
CATEGORICAL_COLUMNS = ("case_id", "activity", "resource", "lifecycle")
TIMESTAMP_DTYPE = "datetime64[ns, UTC]"
SORT_KEY = ["case_id", "timestamp", "source_row"]

AttributeType = Literal["string", "date", "int", "float", "boolean", "id", "list"]
Precision = Literal["time", "mixed", "date", "none"]


@dataclass(frozen=True)
class SourceInfo:
    """Where a log came from: enough to tell two exports apart and to find a row again."""

    path: str
    sha256: str
    format: str
    #: How the file was read (delimiter, encoding, decimal, date format, ...), for the report.
    details: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AttributeInfo:
    """An attribute beyond the standard columns: where it lives and which XES type it had."""

    name: str
    level: Literal["case", "event"]
    type: AttributeType


def _used(values: pd.Series) -> np.ndarray:
    """Which categories some row holds (a count per code; no sort, unlike ``remove_unused_categories``)."""
    codes = values.array.codes
    codes = codes if not len(codes) or codes.min() >= 0 else codes[codes >= 0]  # no copy without gaps
    return np.bincount(codes, minlength=len(values.cat.categories)) > 0


def _as_category(values: pd.Series) -> pd.Series:
    if isinstance(values.dtype, pd.CategoricalDtype):
        cats = values.cat.categories
        if cats.dtype != object and str(cats.dtype) not in ("str", "string"):
            values = values.cat.rename_categories(cats.astype(str))
        return values if _used(values).all() else values.cat.remove_unused_categories()
    mask = values.isna()
    text = values.astype("str") if not mask.any() else values.where(mask, values.astype("str"))
    return text.astype("category")


def _constant_category(value: str | None, index: pd.Index) -> pd.Series:
    """A categorical of one text (or all missing: None), as ``astype("category")`` would build it."""
    categories = pd.Index([] if value is None else [value], dtype="str")
    codes = np.full(len(index), -1 if value is None else 0, dtype=np.int8)
    return pd.Series(pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories)), index=index, copy=False)


def _lifecycle(values: pd.Series) -> pd.Series:
    """Missing -> "complete", stripped, lower case; a categorical is changed once per category."""
    if not isinstance(values.dtype, pd.CategoricalDtype):
        return values.fillna("complete").astype("str").str.strip().str.lower()
    labels = pd.Series(values.cat.categories).astype("str").str.strip().str.lower().tolist() + ["complete"]
    codes = values.array.codes
    codes = np.where(codes < 0, len(labels) - 1, codes)
    used = np.flatnonzero(np.bincount(codes, minlength=len(labels)))
    order = pd.Series(np.asarray(labels, dtype=object)[used], dtype="str").astype("category")
    lookup = np.zeros(len(labels), dtype=np.int64)
    lookup[used] = order.array.codes
    return pd.Series(pd.Categorical.from_codes(lookup[codes], dtype=order.dtype), index=values.index, copy=False)


def _as_utc(values: pd.Series, column: str) -> pd.Series:
    if not isinstance(values.dtype, pd.DatetimeTZDtype):
        raise TypeError(f"EventLog column {column!r} must be timezone-aware datetimes, got {values.dtype}")
    return values.dt.tz_convert("UTC").astype(TIMESTAMP_DTYPE)


def _sort_events(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` sorted stably by SORT_KEY; no reordering when it is sorted already (readers' order).

    On integer keys (case codes, UTC nanoseconds, source row) a stable ``numpy.lexsort`` equals
    pandas' stable multi-column sort; missing case ids or times fall back to ``sort_values``.
    """
    codes = frame["case_id"].array.codes
    times = frame["timestamp"].to_numpy(dtype="datetime64[ns]")
    if len(frame) == 0 or (codes < 0).any() or np.isnat(times).any():
        return frame.sort_values(SORT_KEY, kind="stable", ignore_index=True)
    nanos = times.view("int64")
    rows = frame["source_row"].to_numpy(dtype="int64")
    a, b = slice(None, -1), slice(1, None)
    same_case, same_time = codes[a] == codes[b], nanos[a] == nanos[b]
    ordered = (codes[a] < codes[b]) | (same_case & ((nanos[a] < nanos[b]) | (same_time & (rows[a] <= rows[b]))))
    if ordered.all():
        return frame.reset_index(drop=True)
    return frame.take(np.lexsort((rows, nanos, codes))).reset_index(drop=True)


def precision_of_share(date_only_share: float, n_events: int) -> Precision:
    """'date' when (nearly) every event sits at local midnight, 'mixed' from half of them; 'none' without events."""
    if not n_events:
        return "none"
    if date_only_share >= 0.999:
        return "date"
    if date_only_share >= 0.5:
        return "mixed"
    return "time"


@dataclass(frozen=True, eq=False)
class EventLog:
    """A validated, privacy-safe event log.

    Build one with :meth:`from_frame`; readers in :mod:`rpa_finder.ingest` do that for files.

    >>> frame = pd.DataFrame({"case_id": ["b", "a", "a"], "activity": ["x", "y", "x"],
    ...     "timestamp": pd.to_datetime(["2026-01-02", "2026-01-02", "2026-01-01"], utc=True)})
    >>> EventLog.from_frame(frame).events["activity"].tolist()
    ['x', 'y', 'x']
    """

    events: pd.DataFrame
    cases: pd.DataFrame
    attributes: Mapping[str, AttributeInfo] = field(default_factory=dict)
    sources: tuple[SourceInfo, ...] = ()
    timezone: str = "Europe/Helsinki"
    #: Share of events whose time of day, as written in the file, was exactly midnight.  Readers
    #: set it because the written offset is lost once times are UTC; None means judge in ``timezone``.
    written_date_only_share: float | None = None

    @classmethod
    def from_frame(
        cls,
        events: pd.DataFrame,
        *,
        cases: pd.DataFrame | None = None,
        attributes: Mapping[str, AttributeInfo] | None = None,
        sources: tuple[SourceInfo, ...] = (),
        timezone: str = "Europe/Helsinki",
        written_date_only_share: float | None = None,
    ) -> "EventLog":
        """Normalise dtypes, fill defaults and sort; the frame is not modified.

        Required: ``case_id``, ``activity``, ``timestamp`` (tz-aware). Optional: ``resource``,
        ``lifecycle`` (default "complete", lower-cased), ``start_timestamp``, ``source_row``
        (default: the frame's order) and any attribute columns.
        """
        missing = [c for c in ("case_id", "activity", "timestamp") if c not in events.columns]
        if missing:
            raise KeyError(f"EventLog needs columns {missing}; it has {list(events.columns)}")
        frame = events.copy(deep=False)
        n = len(frame)
        if "source_row" not in frame.columns:
            frame["source_row"] = np.arange(1, n + 1, dtype="int64")
        frame["source_row"] = frame["source_row"].astype("int64")
        if "resource" not in frame.columns:
            frame["resource"] = _constant_category(None, frame.index)
        if "lifecycle" not in frame.columns:
            frame["lifecycle"] = _constant_category("complete", frame.index)
        else:
            frame["lifecycle"] = _lifecycle(frame["lifecycle"])
        for column in CATEGORICAL_COLUMNS:
            frame[column] = _as_category(frame[column])
        frame["timestamp"] = _as_utc(frame["timestamp"], "timestamp")
        if "start_timestamp" in frame.columns:
            frame["start_timestamp"] = _as_utc(frame["start_timestamp"], "start_timestamp")
        frame = _sort_events(frame)
        standard = [c for c in STANDARD_COLUMNS if c in frame.columns]
        frame = frame[standard + [c for c in frame.columns if c not in standard]]

        case_ids = frame["case_id"].cat.categories
        if cases is None:
            cases = pd.DataFrame(index=pd.Index(case_ids, name="case_id", dtype="str"))
        else:
            cases = cases.copy(deep=False)
            cases.index = cases.index.astype("str")
            cases.index.name = "case_id"
            # get_indexer hashes once; Index.isin on 100k+ strings is 50x slower in pandas 3
            cases = cases[pd.Index(case_ids).get_indexer(cases.index) >= 0]
        return cls(
            events=frame,
            cases=cases,
            attributes=dict(attributes or {}),
            sources=tuple(sources),
            timezone=timezone,
            written_date_only_share=written_date_only_share,
        )

    # --- sizes -------------------------------------------------------------------------------
    @property
    def n_events(self) -> int:
        return len(self.events)

    @cached_property
    def n_cases(self) -> int:
        values = self.events["case_id"]
        if isinstance(values.dtype, pd.CategoricalDtype):
            return int(_used(values).sum())
        return int(values.nunique())

    def _distinct(self, column: str) -> list[str]:
        values = self.events[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            return sorted(values.cat.categories[_used(values)].tolist())
        return sorted(values.dropna().unique().tolist())

    @cached_property
    def activities(self) -> list[str]:
        return self._distinct("activity")

    @cached_property
    def resources(self) -> list[str]:
        return self._distinct("resource")

    @property
    def has_start_timestamps(self) -> bool:
        """True when handling time can be measured: a start column or lifecycle start events."""
        if "start_timestamp" in self.events.columns and self.events["start_timestamp"].notna().any():
            return True
        return bool((self.events["lifecycle"] == "start").any())

    # --- timestamp precision ------------------------------------------------------------------
    @cached_property
    def date_only_share(self) -> float:
        """Share of events whose local time of day is exactly midnight."""
        if self.written_date_only_share is not None:
            return self.written_date_only_share
        ts = self.events["timestamp"]
        if ts.empty:
            return 0.0
        local = ts.dt.tz_convert(self.timezone)
        midnight = (local.dt.hour == 0) & (local.dt.minute == 0) & (local.dt.second == 0)
        midnight &= local.dt.microsecond == 0
        return float(midnight.mean())

    @property
    def timestamp_precision(self) -> Precision:
        """'date' when every event sits at local midnight: durations are then in whole days only."""
        return precision_of_share(self.date_only_share, self.n_events)

    def __repr__(self) -> str:  # a DataFrame repr would flood a notebook
        source = self.sources[0].path if self.sources else "in memory"
        return (
            f"EventLog({self.n_events} events, {self.n_cases} cases, {len(self.activities)} activities, "
            f"source={source!r})"
        )
