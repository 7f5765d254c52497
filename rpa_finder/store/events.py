# SPDX-License-Identifier: AGPL-3.0-or-later
"""Deduplicated event storage: overlapping monthly exports never count an event twice.

An event's key is stable across exports, so it must not use the row number (a new month shifts every
row).  It is the MD5 (hex) of this canonical text, fields joined by U+001F::

    process, case_id, activity, timestamp (ns since 1970 UTC, decimal), lifecycle, resource,
    start timestamp (ns, decimal)

with a missing resource, lifecycle or start time written as U+0000, followed by ``#`` and the
occurrence number (0, 1, ...) among identical events of the same export, so genuinely repeated rows
are kept as often as one export holds them.  Other attributes are left out on purpose: a monthly
export that gains or loses a column (or fills one it left empty) must give the same keys, or the
overlapping events would be stored twice; events the standard fields cannot tell apart are told apart
by their occurrence number.  (Stores keyed with attributes, schema 3 and older, are re-keyed by
migration 4 of :mod:`.database` with :data:`EVENT_CONTENT_SQL`.)  MD5 serves as a fingerprint here, not as security: the
values are already masked and pseudonymised at ingest (the store sees nothing else), and pseudonyms
only stay the same between months under a stable key, which :mod:`rpa_finder.jobs` insists on.

Every attribute gets a column ``a:<name>`` (case attributes ``c:<name>`` in ``cases``) whose storage
kind is kept in ``attributes``, so :func:`load_log` gives back the dtypes ingest produced.  An
attribute read with different kinds by two exports (a number once, text once) is widened to text.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..eventlog import AttributeInfo, EventLog, SourceInfo

__all__ = ["ImportCounts", "import_events", "load_log", "count_events", "storage_frame", "event_key_sql", "EVENT_CONTENT_SQL",
           "list_processes"]

_STANDARD = ("case_id", "activity", "timestamp", "resource", "lifecycle", "start_timestamp", "source_row")
_SQL_TYPES = {"text": "VARCHAR", "int": "BIGINT", "float": "DOUBLE", "bool": "BOOLEAN", "ts_utc": "BIGINT",
              "ts_naive": "BIGINT"}
_XES_TYPES = {"text": "string", "int": "int", "float": "float", "bool": "boolean", "ts_utc": "date",
              "ts_naive": "date"}


@dataclass(frozen=True)
class ImportCounts:
    """What one export added: its events, those new to the store, and those already there."""

    events: int
    new: int
    duplicate: int


def _ns(values: pd.Series) -> pd.Series:
    """Datetimes -> nullable int64 nanoseconds (UTC for zone-aware values)."""
    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    raw = values.astype("datetime64[ns]").to_numpy().view("int64")
    return pd.Series(pd.array(raw, dtype="Int64"), index=values.index).mask(values.isna().to_numpy())


def _storage_kind(values: pd.Series) -> str:
    dtype = values.dtype
    if isinstance(dtype, pd.DatetimeTZDtype):
        return "ts_utc"
    if pd.api.types.is_datetime64_dtype(dtype):
        return "ts_naive"
    if pd.api.types.is_bool_dtype(dtype):
        return "bool"
    if pd.api.types.is_integer_dtype(dtype):
        return "int"
    if pd.api.types.is_float_dtype(dtype):
        return "float"
    return "text"


def _stored(values: pd.Series, kind: str) -> pd.Series:
    if kind in ("ts_utc", "ts_naive"):
        return _ns(values)
    if kind == "text":
        return values.astype("str")
    return values


def storage_frame(events: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str]]:
    """An EventLog's events as the store keeps them (``__pos``: the row's position, for the key)."""
    out = pd.DataFrame({
        "__pos": np.arange(len(events), dtype="int64"),
        "case_id": events["case_id"].astype("str").to_numpy(),
        "activity": events["activity"].astype("str").to_numpy(),
        "timestamp_ns": _ns(events["timestamp"]).to_numpy(),
        "lifecycle": events["lifecycle"].astype("str").to_numpy(),
        "resource": events["resource"].astype("str").to_numpy(),
    })
    out["start_timestamp_ns"] = (_ns(events["start_timestamp"]).to_numpy() if "start_timestamp" in events.columns
                                 else pd.array([pd.NA] * len(events), dtype="Int64"))
    kinds: dict[str, str] = {}
    for name in events.columns:
        if name in _STANDARD:
            continue
        values = events[name].reset_index(drop=True)
        if isinstance(values.dtype, pd.CategoricalDtype):
            values = values.astype(values.cat.categories.dtype)
        kind = kinds[name] = _storage_kind(values)
        out[f"a:{name}"] = _stored(values, kind)
    return out, kinds


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


#: The key's canonical text of a row with the standard columns (``process`` a column or a literal).
EVENT_CONTENT_SQL = ("concat_ws(chr(31), {process}, case_id, activity, timestamp_ns::VARCHAR, coalesce(lifecycle, chr(0)), "
                     "coalesce(resource, chr(0)), coalesce(start_timestamp_ns::VARCHAR, chr(0)))")


def event_key_sql(process: str, kinds: dict[str, str] | None = None, table: str = "incoming") -> str:
    """SELECT giving ``__pos, event_key`` for every row of a registered storage frame.

    ``kinds`` (the attributes) is accepted and not used: attributes are not part of the key.
    """
    content = EVENT_CONTENT_SQL.format(process=_literal(process))
    return (f"SELECT __pos, md5(content || '#' || (row_number() OVER (PARTITION BY content ORDER BY __pos) - 1)"
            f"::VARCHAR) AS event_key FROM (SELECT __pos, {content} AS content FROM {table})")


def _registered(con, process: str, level: str) -> dict[str, str]:
    rows = con.execute("SELECT name, storage FROM attributes WHERE process = ? AND level = ?", [process, level])
    return dict(rows.fetchall())


def _table_columns(con, table: str) -> dict[str, str]:
    rows = con.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?", [table])
    return dict(rows.fetchall())


def _ensure_columns(con, process: str, level: str, table: str, prefix: str, kinds: dict[str, str]) -> dict[str, str]:
    """Add missing attribute columns; widen to text where kinds disagree.  Returns the kinds to store."""
    registered = _registered(con, process, level)
    columns = _table_columns(con, table)
    final = {}
    for name, kind in kinds.items():
        column = f"{prefix}{name}"
        old = registered.get(name, kind)
        if old != kind and {old, kind} != {"int", "float"}:
            kind = "text"
        elif old != kind:
            kind = "float"
        wanted = _SQL_TYPES[kind]
        if column not in columns:
            con.execute(f"ALTER TABLE {table} ADD COLUMN {_quote(column)} {wanted}")
        elif columns[column] != wanted and columns[column] != "VARCHAR":
            if wanted == "VARCHAR" or (columns[column], wanted) == ("BIGINT", "DOUBLE"):
                con.execute(f"ALTER TABLE {table} ALTER {_quote(column)} SET DATA TYPE {wanted}")
        if registered.get(name) != kind:
            con.execute("INSERT OR REPLACE INTO attributes VALUES (?, ?, ?, ?, ?)",
                        [process, level, name, kind, _XES_TYPES[kind]])
        final[name] = kind
    return final


def _import_cases(con, process: str, cases: pd.DataFrame) -> None:
    if cases is None or cases.empty or not len(cases.columns):
        return
    frame = pd.DataFrame({"case_id": cases.index.astype("str")})
    kinds = {str(name): _storage_kind(cases[name]) for name in cases.columns}
    kinds = _ensure_columns(con, process, "case", "cases", "c:", kinds)
    for name in cases.columns:
        frame[f"c:{name}"] = _stored(cases[name].reset_index(drop=True), kinds[str(name)]).to_numpy()
    con.register("incoming_cases", frame)
    try:
        names = ", ".join(_quote(c) for c in frame.columns)
        con.execute(f"INSERT OR REPLACE INTO cases (process, {names}) SELECT ?, {names} FROM incoming_cases", [process])
    finally:
        con.unregister("incoming_cases")


def import_events(con, process: str, log: EventLog, run_id: str) -> ImportCounts:
    """Add the log's events that the store lacks; call inside the run's import transaction."""
    frame, kinds = storage_frame(log.events)
    kinds = _ensure_columns(con, process, "event", "events", "a:", kinds)
    for name, kind in kinds.items():  # widened by an earlier export: store the wider kind
        if kind == "text" and frame[f"a:{name}"].dtype != "str":
            frame[f"a:{name}"] = frame[f"a:{name}"].astype("str")
        elif kind == "float" and frame[f"a:{name}"].dtype != "float64":
            frame[f"a:{name}"] = frame[f"a:{name}"].astype("float64")
    con.register("incoming", frame)
    try:
        con.execute(f"CREATE OR REPLACE TEMP TABLE keyed AS SELECT i.*, k.event_key FROM incoming i "
                    f"JOIN ({event_key_sql(process, kinds)}) k USING (__pos)")
        first = con.execute("SELECT coalesce(max(seq), 0) FROM events WHERE process = ?", [process]).fetchone()[0]
        stored = ["case_id", "activity", "timestamp_ns", "lifecycle", "resource", "start_timestamp_ns",
                  *[f"a:{name}" for name in kinds]]
        names = ", ".join(_quote(c) for c in stored)
        inserted = con.execute(
            f"INSERT INTO events (process, event_key, seq, run_id, {names}) "
            f"SELECT ?, k.event_key, ? + row_number() OVER (ORDER BY k.__pos), ?, "
            f"{', '.join('k.' + _quote(c) for c in stored)} FROM keyed k "
            "WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.process = ? AND e.event_key = k.event_key)",
            [process, int(first), run_id, process]).fetchone()[0]
        con.execute("DROP TABLE keyed")
    finally:
        con.unregister("incoming")
    _import_cases(con, process, log.cases)
    return ImportCounts(events=len(frame), new=int(inserted), duplicate=len(frame) - int(inserted))


def count_events(con, process: str) -> tuple[int, int]:
    """(events, cases) the store holds for ``process``."""
    row = con.execute("SELECT count(*), count(DISTINCT case_id) FROM events WHERE process = ?", [process]).fetchone()
    return int(row[0]), int(row[1])


def list_processes(con) -> list[str]:
    return [row[0] for row in con.execute("SELECT DISTINCT process FROM events ORDER BY 1").fetchall()]


def _restore(values: pd.Series, kind: str) -> pd.Series:
    if kind == "ts_utc":
        return pd.to_datetime(values.astype("Int64"), unit="ns", utc=True)
    if kind == "ts_naive":
        return pd.to_datetime(values.astype("Int64"), unit="ns")
    if kind == "text":
        return values.astype("str")
    if kind == "float":
        return pd.to_numeric(values, errors="coerce").astype("float64")
    if kind == "int":
        return values.astype("Int64") if values.isna().any() else values.astype("int64")
    return values.astype("boolean") if values.isna().any() else values.astype("bool")


def load_log(con, process: str, *, timezone: str = "Europe/Helsinki") -> EventLog:
    """Every stored event of ``process`` as an EventLog, in first-seen order (``source_row`` = that order)."""
    event_kinds = _registered(con, process, "event")
    columns = ["seq", "case_id", "activity", "timestamp_ns", "lifecycle", "resource", "start_timestamp_ns",
               *[f"a:{name}" for name in sorted(event_kinds)]]
    frame = con.execute(f"SELECT {', '.join(_quote(c) for c in columns)} FROM events WHERE process = ? ORDER BY seq",
                        [process]).df()
    events = pd.DataFrame({
        "case_id": frame["case_id"].astype("str"), "activity": frame["activity"].astype("str"),
        "timestamp": pd.to_datetime(frame["timestamp_ns"].astype("int64"), unit="ns", utc=True),
        "resource": frame["resource"].astype("str"), "lifecycle": frame["lifecycle"].astype("str"),
    })
    if frame["start_timestamp_ns"].notna().any():
        events["start_timestamp"] = pd.to_datetime(frame["start_timestamp_ns"].astype("Int64"), unit="ns", utc=True)
    events["source_row"] = frame["seq"].astype("int64")
    for name in sorted(event_kinds):
        events[name] = _restore(frame[f"a:{name}"], event_kinds[name])
    attributes = {name: AttributeInfo(name, "event", _XES_TYPES[kind]) for name, kind in event_kinds.items()}
    case_kinds = _registered(con, process, "case")
    cases = None
    if case_kinds:
        names = ", ".join(_quote(f"c:{n}") for n in sorted(case_kinds))
        raw = con.execute(f"SELECT case_id, {names} FROM cases WHERE process = ?", [process]).df()
        cases = pd.DataFrame({name: _restore(raw[f"c:{name}"], case_kinds[name]) for name in sorted(case_kinds)})
        cases.index = pd.Index(raw["case_id"].astype("str"), name="case_id")
        attributes.update({f"case:{n}": AttributeInfo(n, "case", _XES_TYPES[k]) for n, k in case_kinds.items()})
    digest = hashlib.sha256(f"{process}:{len(events)}:{int(frame['seq'].max()) if len(frame) else 0}".encode())
    source = SourceInfo(path=process, sha256=digest.hexdigest(), format="store",
                        details={"store_process": process})
    return EventLog.from_frame(events, cases=cases, attributes=attributes, sources=(source,), timezone=timezone)
