# SPDX-License-Identifier: AGPL-3.0-or-later
"""The common ingest step: one format reader's RawTable -> a validated, privacy-safe EventLog.

Order matters for privacy: identity codes are masked in every text column *first*, so nothing after
this point (timestamps, rejects, validation examples, the event log) ever holds a raw code.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timezone as dt_timezone

import numpy as np
import pandas as pd

from ..accounts import is_system_account
from ..eventlog import STANDARD_COLUMNS, AttributeInfo, EventLog, SourceInfo
from ..privacy import mask_frame, pseudonymise, resolve_key
from ..settings import ReadOptions
from .checks import find_problems
from .raw import REJECT_COLUMNS, RawTable
from .report import ValidationReport
from .timestamps import parse_timestamps

__all__ = ["IngestResult", "normalize_raw"]

#: Lifecycle words seen in exports, mapped to the XES standard transitions.
LIFECYCLE_WORDS = {
    "start": "start", "started": "start", "begin": "start", "aloitettu": "start", "aloitus": "start",
    "alkanut": "start", "käynnistetty": "start", "påbörjad": "start", "startad": "start", "inledd": "start",
    "complete": "complete", "completed": "complete", "end": "complete", "done": "complete",
    "valmis": "complete", "päättynyt": "complete", "valmistunut": "complete", "suoritettu": "complete",
    "klar": "complete", "avslutad": "complete", "slutförd": "complete",
}
CASE_PREFIX = "case:"


@dataclass(frozen=True)
class IngestResult:
    """What ingest hands forward: the log, its validation report and the rows it had to drop."""

    log: EventLog
    report: ValidationReport
    #: One row per dropped input row: source_file, source_row, reason, then the row's masked fields.
    rejects: pd.DataFrame


def _text(values: pd.Series) -> pd.Series:
    """Stripped text with empty strings as missing (pandas' "str" dtype keeps NA as NA)."""
    return values.astype("str").str.strip().replace("", np.nan)


def _timestamps(values: pd.Series, *, column: str, file: str, options: ReadOptions):
    """(UTC values, invalid mask, format description, written-midnight share or None)."""
    parsed = parse_timestamps(values, column=column, file=file, date_format=options.date_format,
                              timezone=options.timezone)
    return parsed.values, parsed.invalid, parsed.format, parsed.date_only_share


def _lifecycle(values: pd.Series) -> pd.Series:
    text = _text(values).str.lower()
    return text.replace(LIFECYCLE_WORDS)


def _find_lifecycle_column(frame: pd.DataFrame, roles: dict[str, str]) -> str | None:
    """A column whose values are all lifecycle words (aloitettu/valmis, start/complete): the lifecycle.

    Finnish exports often call it "Tila", which elsewhere means a case's status, so the header alone
    cannot decide; the values can.
    """
    used = set(roles.values())
    for column in frame.columns:
        if column in used or pd.api.types.is_numeric_dtype(frame[column].dtype):
            continue
        # distinct values first: a 1M-row column has a handful of them, and text conversion is the cost
        values = pd.Series(frame[column].dropna().unique()).astype("str").str.strip().str.lower().unique()
        if len(values) > 12 or not len(values):
            continue
        mapped = {LIFECYCLE_WORDS.get(v) for v in values}
        if None not in mapped and {"start", "complete"} <= mapped:
            return column
    return None


def _pseudonymise_people(resource: pd.Series, key: bytes) -> pd.Series:
    """Pseudonyms for people; system, batch and robot accounts keep their names (they are not persons)."""
    resource = resource.astype("category")
    names = pd.Series(resource.cat.categories.astype(str))
    system = is_system_account(names).to_numpy()
    renamed = names.copy()
    if (~system).any():
        renamed[~system] = pseudonymise(names[~system], key, prefix="user").to_numpy()
    return resource.cat.rename_categories(renamed.tolist())


def _attribute_type(values: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(values.dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(values.dtype):
        return "int"
    if pd.api.types.is_float_dtype(values.dtype):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return "date"
    return "string"


def _split_case_attributes(frame: pd.DataFrame, case_id: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Flat exports mark case attributes with a ``case:`` prefix (pm4py style): one value per case."""
    case_columns = [c for c in frame.columns if c.startswith(CASE_PREFIX)]
    if not case_columns:
        return frame, pd.DataFrame(index=pd.Index(case_id.dropna().unique(), name="case_id"))
    cases = frame[case_columns].groupby(case_id.to_numpy(), sort=False, dropna=True).first()
    cases.columns = [c[len(CASE_PREFIX):] for c in case_columns]
    cases.index.name = "case_id"
    return frame.drop(columns=case_columns), cases


def _reject_frame(raw_events: pd.DataFrame, source_rows: np.ndarray, reasons: pd.Series, file: str) -> pd.DataFrame:
    dropped = reasons.to_numpy() != ""
    # no dropped row (the common case): skip masking every column of a million-row frame
    fields = (raw_events.loc[dropped] if dropped.any() else raw_events.iloc[:0]).astype("str").reset_index(drop=True)
    head = pd.DataFrame({
        "source_file": file,
        "source_row": source_rows[dropped].astype("int64"),
        "reason": reasons[dropped].reset_index(drop=True),
    })
    fields = fields.drop(columns=[c for c in REJECT_COLUMNS if c in fields.columns])
    return pd.concat([head, fields], axis=1)


def normalize_raw(raw: RawTable, source: SourceInfo, options: ReadOptions, *, now: datetime | None = None) -> IngestResult:
    """Map roles, parse times, mask identity codes, pseudonymise people, validate, build the EventLog."""
    file = source.path
    key, key_is_stable = resolve_key(options.key, options.key_env)
    raw_events, masked = mask_frame(raw.events.reset_index(drop=True), key)
    raw_cases, masked_cases = (None, {}) if raw.cases is None else mask_frame(raw.cases, key)
    id_columns = sorted({c for c, n in masked.items() if n} | {c for c, n in masked_cases.items() if n})
    roles = dict(raw.roles)
    if "lifecycle" not in roles:
        found = _find_lifecycle_column(raw_events, roles)
        if found:
            roles["lifecycle"] = found
            raw.details["lifecycle_column"] = f"{found} (recognised from its values)"
    source_rows = np.asarray(raw.source_rows, dtype="int64")

    case_id = _text(raw_events[roles["case"]])
    activity = _text(raw_events[roles["activity"]])
    ts_column = roles["timestamp"]
    timestamp, invalid_ts, ts_format, written_share = _timestamps(raw_events[ts_column], column=ts_column,
                                                                   file=file, options=options)
    if raw.date_only_share is not None:
        written_share = raw.date_only_share
    reasons = pd.Series("", index=raw_events.index, dtype="str")
    raw_ts = raw_events[ts_column]
    raw_ts_missing = raw_ts.isna()
    if not pd.api.types.is_datetime64_any_dtype(raw_ts.dtype):  # typed datetimes are never blank text
        raw_ts_missing |= raw_ts.astype("str").str.strip() == ""
    reasons = reasons.mask(raw_ts_missing & (reasons == ""), "missing timestamp")
    reasons = reasons.mask(invalid_ts.to_numpy() & (reasons == ""),
                           f"timestamp does not match the column's format ({ts_format})")
    reasons = reasons.mask(timestamp.isna().to_numpy() & (reasons == ""), "missing timestamp")
    reasons = reasons.mask(activity.isna().to_numpy(), "missing activity")
    reasons = reasons.mask(case_id.isna().to_numpy(), "missing case id")
    keep = (reasons == "").to_numpy()

    rejects = _reject_frame(raw_events, source_rows, reasons, file)
    if len(raw.rejects):
        reader_rejects = raw.rejects.copy()
        reader_rejects["source_file"] = file
        rejects = pd.concat([reader_rejects, rejects], ignore_index=True)

    role_columns = {c for c in roles.values()}
    events = pd.DataFrame({
        # Series, not .to_numpy(): Arrow-backed text stays columnar instead of a million str objects
        "case_id": case_id[keep].reset_index(drop=True),
        "activity": activity[keep].reset_index(drop=True),
        # a Series, not .to_numpy(): tz-aware values would become one Timestamp object per event
        "timestamp": timestamp[keep].reset_index(drop=True),
    })
    events["timestamp"] = pd.to_datetime(events["timestamp"], utc=True)
    details = dict(raw.details)
    details["timestamp_format"] = ts_format
    details["timezone"] = options.timezone
    if "resource" in roles:
        resource = _text(raw_events.loc[keep, roles["resource"]]).reset_index(drop=True)
        if options.pseudonymise_resources and resource.notna().any():
            resource = _pseudonymise_people(resource, key)
        events["resource"] = resource
    if "lifecycle" in roles:
        events["lifecycle"] = _lifecycle(raw_events.loc[keep, roles["lifecycle"]]).reset_index(drop=True)
    if "start_timestamp" in roles:
        column = roles["start_timestamp"]
        start, _, start_format, _ = _timestamps(raw_events.loc[keep, column].reset_index(drop=True),
                                                column=column, file=file, options=options)
        events["start_timestamp"] = start
        details["start_timestamp_format"] = start_format
    events["source_row"] = source_rows[keep]
    attribute_frame = raw_events.loc[keep, [c for c in raw_events.columns if c not in role_columns]]
    attribute_frame = attribute_frame.reset_index(drop=True)
    if raw_cases is None:
        attribute_frame, cases = _split_case_attributes(attribute_frame, events["case_id"])
    else:
        cases = raw_cases
    attributes = dict(raw.attributes)
    # An attribute that happens to share a standard column's name keeps its value under another name.
    attribute_frame.columns = [f"{c}_attribute" if c in STANDARD_COLUMNS else c for c in attribute_frame.columns]
    for column in attribute_frame.columns:
        attributes.setdefault(column, AttributeInfo(column, "event", _attribute_type(attribute_frame[column])))
    events = pd.concat([events, attribute_frame], axis=1)
    for column in cases.columns:
        attributes.setdefault(f"case:{column}", AttributeInfo(column, "case", _attribute_type(cases[column])))

    source = replace(source, details=details)
    log = EventLog.from_frame(events, cases=cases, attributes=attributes, sources=(source,),
                              timezone=options.timezone, written_date_only_share=written_share)
    problems = find_problems(
        log, rejects=rejects, reasons=reasons, source_rows=source_rows, raw=raw,
        identity_columns=id_columns, now=now or datetime.now(dt_timezone.utc),
    )
    report = ValidationReport(
        file=file, format=source.format, sha256=source.sha256,
        rows_read=len(raw_events) + len(raw.rejects), events=log.n_events, cases=log.n_cases,
        activities=len(log.activities), resources=len(log.resources), rejected_rows=len(rejects),
        timestamp_precision=log.timestamp_precision, read_details=details, problems=tuple(problems),
        identity_code_columns=tuple(id_columns),
        resources_pseudonymised=bool(options.pseudonymise_resources and "resource" in roles),
        key_is_stable=key_is_stable,
    )
    return IngestResult(log=log, report=report, rejects=rejects)
