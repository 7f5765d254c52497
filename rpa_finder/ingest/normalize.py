# SPDX-License-Identifier: AGPL-3.0-or-later
"""The common ingest step: one format reader's RawTable -> a validated, privacy-safe EventLog.

Order matters for privacy: identity codes are masked in every text column *first*, so nothing after
this point (timestamps, rejects, validation examples, the event log) ever holds a raw code.  Text
work runs once per distinct value (:mod:`.coded`): a million rows with twelve activities are
stripped twelve times, not a million.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone as dt_timezone

import numpy as np
import pandas as pd

from ..eventlog import AttributeInfo, EventLog, SourceInfo
from ..privacy import mask_frame, resolve_key
from ..read_options import ReadOptions
from .assemble import LIFECYCLE_WORDS, attribute_type, build_events, parse_column, reject_frame, text_role
from .checks import find_problems
from .coded_text import Coded
from .masking import Column, mask_columns
from .raw import RawTable
from .report import ValidationReport

__all__ = ["IngestResult", "normalize_raw", "LIFECYCLE_WORDS"]

_LIFECYCLE_MAX = 12
#: Why a row is dropped, by code (0 = kept); a later check overrides an earlier one.
_MISSING_TS, _INVALID_TS, _MISSING_ACTIVITY, _MISSING_CASE = 1, 2, 3, 4


@dataclass(frozen=True)
class IngestResult:
    """What ingest hands forward: the log, its validation report and the rows it had to drop."""

    log: EventLog
    report: ValidationReport
    #: One row per dropped input row: source_file, source_row, reason, then the row's masked fields.
    rejects: pd.DataFrame


def _lifecycle_words(values: pd.Series) -> np.ndarray:
    return values.astype("str").str.strip().str.lower().unique()


def _distinct_values(column: Column) -> np.ndarray | None:
    """A column's distinct non-missing values as lifecycle candidates; None when it cannot be one."""
    if isinstance(column, Coded):
        head = column.codes[:1000]
        if not all(v in LIFECYCLE_WORDS for v in _lifecycle_words(column.labels.take(head[head >= 0]))):
            return None  # exact shortcut: these rows' values are among the column's values
        return _lifecycle_words(column.labels[column.used()])
    if pd.api.types.is_numeric_dtype(column.dtype) or pd.api.types.is_datetime64_any_dtype(column.dtype):
        return None  # a number or a date never reads as a lifecycle word
    head = _lifecycle_words(column.iloc[:1000].dropna())
    if len(head) > _LIFECYCLE_MAX or not all(v in LIFECYCLE_WORDS for v in head):
        return None  # exact shortcut: these values are among the column's values
    return _lifecycle_words(pd.Series(column.dropna().unique()))


def _find_lifecycle_column(columns: dict[str, Column], roles: dict[str, str]) -> str | None:
    """A column whose values are all lifecycle words (aloitettu/valmis, start/complete): the lifecycle.

    Finnish exports often call it "Tila", which elsewhere means a case's status, so the header alone
    cannot decide; the values can.
    """
    used = set(roles.values())
    for name, column in columns.items():
        if name in used:
            continue
        values = _distinct_values(column)
        if values is None or len(values) > _LIFECYCLE_MAX or not len(values):
            continue
        mapped = {LIFECYCLE_WORDS.get(v) for v in values}
        if None not in mapped and {"start", "complete"} <= mapped:
            return name
    return None


def _blank(column: Column, unread: np.ndarray) -> np.ndarray:
    """Rows with no timestamp written at all (missing or only spaces).  Such rows never parse, so only
    the ``unread`` ones (no time read) are looked at."""
    if isinstance(column, Coded):
        blank = (column.labels.str.strip() == "").to_numpy(dtype=bool)
        return column.missing | np.append(blank, False)[column.codes]
    rows = np.flatnonzero(unread)
    values = column.iloc[rows]
    missing = values.isna().to_numpy(dtype=bool)
    if not pd.api.types.is_datetime64_any_dtype(column.dtype):  # typed datetimes are never blank text
        missing = missing | (values.astype("str").str.strip() == "").to_numpy(dtype=bool)
    out = np.zeros(len(column), dtype=bool)
    out[rows[missing]] = True
    return out


def _reasons(case: Coded, activity: Coded, ts_column: Column, parsed) -> np.ndarray:
    """Reason code per row (0 = kept); case beats activity beats the timestamp checks."""
    reason = np.zeros(len(case), dtype=np.int8)
    unread = parsed.values.isna().to_numpy()
    blank_ts = _blank(ts_column, unread)
    reason[unread] = _MISSING_TS
    reason[parsed.invalid.to_numpy(dtype=bool)] = _INVALID_TS
    reason[blank_ts] = _MISSING_TS
    reason[activity.missing] = _MISSING_ACTIVITY
    reason[case.missing] = _MISSING_CASE
    return reason


def normalize_raw(raw: RawTable, source: SourceInfo, options: ReadOptions, *,
                  now: datetime | None = None) -> IngestResult:
    """Map roles, parse times, mask identity codes, pseudonymise people, validate, build the EventLog."""
    file = source.path
    key, key_is_stable = resolve_key(options.key, options.key_env)
    frame = raw.events.reset_index(drop=True)
    roles = dict(raw.roles)
    texts = {c for r, c in roles.items() if r not in ("timestamp", "start_timestamp")}  # times: coded if they repeat
    ts_column = roles["timestamp"]
    parse = {ts_column: lambda column: parse_column(column, name=ts_column, file=file, options=options)}
    columns, held, done = mask_columns(frame, key, text_columns=raw.text_columns, roles=texts, then=parse)
    raw_cases, masked_cases = (None, {}) if raw.cases is None else mask_frame(raw.cases, key)
    id_columns = sorted(set(held) | {c for c, n in masked_cases.items() if n})
    if "lifecycle" not in roles:
        found = _find_lifecycle_column(columns, roles)
        if found:
            roles["lifecycle"] = found
            raw.details["lifecycle_column"] = f"{found} (recognised from its values)"
    source_rows = np.asarray(raw.source_rows, dtype="int64")

    case, activity = text_role(columns[roles["case"]]), text_role(columns[roles["activity"]])
    parsed = done[ts_column]
    written_share = parsed.date_only_share if raw.date_only_share is None else raw.date_only_share
    reason = _reasons(case, activity, columns[ts_column], parsed)
    labels = np.array(["", "missing timestamp", f"timestamp does not match the column's format ({parsed.format})",
                       "missing activity", "missing case id"], dtype=object)
    dropped = np.flatnonzero(reason)
    dropped_reasons = pd.Series(labels[reason[dropped]], dtype="str")
    rejects = reject_frame(columns, frame.columns, dropped, source_rows, dropped_reasons, file)
    if len(raw.rejects):
        reader_rejects = raw.rejects.copy()
        reader_rejects["source_file"] = file
        rejects = pd.concat([reader_rejects, rejects], ignore_index=True)

    details = dict(raw.details)
    details["timestamp_format"] = parsed.format
    details["timezone"] = options.timezone
    kept = None if not len(dropped) else np.flatnonzero(reason == 0)
    built = build_events(
        columns, roles, case=case, activity=activity, timestamps=parsed.values, kept=kept, source_rows=source_rows,
        key=key, options=options, file=file, has_cases=raw_cases is not None,
    )
    details.update(built.details)  # the start timestamps' format, when there is such a column
    attributes = dict(raw.attributes)
    for column, kind in built.attribute_types.items():
        attributes.setdefault(column, AttributeInfo(column, "event", kind))
    cases = raw_cases if raw_cases is not None else built.cases
    for column in cases.columns:
        attributes.setdefault(f"case:{column}", AttributeInfo(column, "case", attribute_type(cases[column])))

    source = replace(source, details=details)
    log = EventLog.from_frame(built.events, cases=raw_cases, attributes=attributes, sources=(source,),
                              timezone=options.timezone, written_date_only_share=written_share)
    if raw_cases is None:  # built from the log's own case codes: every case once, none to filter out
        log = replace(log, cases=cases)
    problems = find_problems(
        log, dropped_reasons=dropped_reasons, dropped_rows=source_rows[dropped], raw=raw,
        identity_columns=id_columns, now=now or datetime.now(dt_timezone.utc),
    )
    report = ValidationReport(
        file=file, format=source.format, sha256=source.sha256,
        rows_read=len(frame) + len(raw.rejects), events=log.n_events, cases=log.n_cases,
        activities=len(log.activities), resources=len(log.resources), rejected_rows=len(rejects),
        timestamp_precision=log.timestamp_precision, read_details=details, problems=tuple(problems),
        identity_code_columns=tuple(id_columns),
        resources_pseudonymised=bool(options.pseudonymise_resources and "resource" in roles),
        key_is_stable=key_is_stable,
    )
    return IngestResult(log=log, report=report, rejects=rejects)

