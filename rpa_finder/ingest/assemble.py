# SPDX-License-Identifier: AGPL-3.0-or-later
"""The kept rows -> the event frame in EventLog order; the dropped rows -> the rejects frame.

Events are put in the log's order (case, timestamp, source row) here, while the text columns are
still codes: every column is then taken once, straight into its final place, and
:meth:`EventLog.from_frame` finds the frame sorted already.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..system_accounts import is_system_account
from ..eventlog import STANDARD_COLUMNS
from ..privacy import pseudonymise
from ..read_options import ReadOptions
from .coded_text import Coded, sorted_categorical
from .masking import Column, as_coded, materialise, take_rows
from .parallel import map_columns
from .raw import REJECT_COLUMNS
from .timestamps import parse_text_codes, parse_timestamps

__all__ = ["BuiltEvents", "build_events", "reject_frame", "attribute_type", "parse_column", "text_role",
           "CASE_PREFIX", "LIFECYCLE_WORDS"]

CASE_PREFIX = "case:"
#: Lifecycle words seen in exports, mapped to the XES standard transitions.
LIFECYCLE_WORDS = {
    "start": "start", "started": "start", "begin": "start", "aloitettu": "start", "aloitus": "start",
    "alkanut": "start", "käynnistetty": "start", "påbörjad": "start", "startad": "start", "inledd": "start",
    "complete": "complete", "completed": "complete", "end": "complete", "done": "complete",
    "valmis": "complete", "päättynyt": "complete", "valmistunut": "complete", "suoritettu": "complete",
    "klar": "complete", "avslutad": "complete", "slutförd": "complete",
}


@dataclass(frozen=True)
class BuiltEvents:
    """The sorted event frame plus what was learnt building it."""

    events: pd.DataFrame
    cases: pd.DataFrame
    attribute_types: dict[str, str] = field(default_factory=dict)
    details: dict[str, str] = field(default_factory=dict)


def attribute_type(values: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(values.dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(values.dtype):
        return "int"
    if pd.api.types.is_float_dtype(values.dtype):
        return "float"
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return "date"
    return "string"


def parse_column(column: Column, *, name: str, file: str, options: ReadOptions):
    """Parsed timestamps of a column (coded text is parsed once per distinct text)."""
    if isinstance(column, Coded):
        coded = column.canonical()
        return parse_text_codes(coded.codes, coded.labels, column=name, file=file, date_format=options.date_format,
                                timezone=options.timezone)
    return parse_timestamps(column.reset_index(drop=True), column=name, file=file, date_format=options.date_format,
                            timezone=options.timezone)


def text_role(column: Column) -> Coded:
    """Stripped text with empty strings as missing, once per distinct text."""
    return as_coded(column).map(lambda texts: texts.str.strip().replace("", np.nan))


def _pseudonymise_people(resource: pd.Series, key: bytes) -> pd.Series:
    """Pseudonyms for people; system, batch and robot accounts keep their names (they are not persons)."""
    names = pd.Series(resource.cat.categories.astype(str))
    system = is_system_account(names).to_numpy()
    renamed = names.copy()
    if (~system).any():
        renamed[~system] = pseudonymise(names[~system], key, prefix="user").to_numpy()
    return resource.cat.rename_categories(renamed.tolist())


def _lifecycle(column: Column) -> pd.Series:
    coded = text_role(column).map(lambda texts: texts.str.lower().replace(LIFECYCLE_WORDS))
    return sorted_categorical(coded)


def _sort_order(codes: np.ndarray, nanos: np.ndarray, rows: np.ndarray) -> np.ndarray | None:
    """Positions in (case, timestamp, source row) order, as EventLog sorts stably; None when in order.

    Exports usually write each case's events together and in time order: then only the runs of rows
    per case are sorted (by case), not the rows, with the same result as the full ``lexsort``.
    """
    if len(codes) < 2:
        return None
    a, b = slice(None, -1), slice(1, None)
    same_case = codes[a] == codes[b]
    in_case = (nanos[a] < nanos[b]) | ((nanos[a] == nanos[b]) & (rows[a] <= rows[b]))
    if ((codes[a] < codes[b]) | (same_case & in_case)).all():
        return None
    starts = np.concatenate([[0], np.flatnonzero(~same_case) + 1])
    run_codes = codes[starts]
    if not (in_case | ~same_case).all() or np.bincount(run_codes).max() > 1:
        return np.lexsort((rows, nanos, codes))
    by_case = np.argsort(run_codes)
    lengths = np.diff(np.append(starts, len(codes)))[by_case]
    placed = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    return np.arange(len(codes)) + np.repeat(starts[by_case] - placed, lengths)


def _cases(columns: dict[str, pd.Series], case_codes: np.ndarray, categories: pd.Index) -> pd.DataFrame:
    """One row per case in order of first appearance; ``case:`` columns give its first non-missing value."""
    if not columns:
        firsts = pd.unique(case_codes)
        return pd.DataFrame(index=pd.Index(categories.take(firsts), name="case_id"))
    frame = pd.DataFrame(columns, copy=False)
    cases = frame.groupby(case_codes, sort=False).first()
    cases.index = pd.Index(categories.take(cases.index.to_numpy()), name="case_id")
    cases.columns = [c[len(CASE_PREFIX):] for c in columns]
    return cases


def build_events(columns: dict[str, Column], roles: dict[str, str], *, case: Coded, activity: Coded,
                 timestamps: pd.Series, kept: np.ndarray | None, source_rows: np.ndarray, key: bytes,
                 options: ReadOptions, file: str, has_cases: bool) -> BuiltEvents:
    """The kept rows (``kept``: positions, None = all) as the event frame, sorted, plus flat-file cases."""
    rows = source_rows if kept is None else source_rows[kept]
    case_id = sorted_categorical(case if kept is None else case.take(kept))
    activity_values = sorted_categorical(activity if kept is None else activity.take(kept))
    nanos = timestamps.to_numpy(dtype="datetime64[ns]").view("int64")
    nanos = nanos if kept is None else nanos[kept]
    codes = case_id.array.codes
    order = _sort_order(codes, nanos, rows)
    positions = kept if order is None else (order if kept is None else kept[order])

    def place(values: pd.Series) -> pd.Series:  # kept rows in file order -> log order
        return values if order is None else values.take(order).reset_index(drop=True)

    utc = pd.Series((nanos if order is None else nanos[order]).view("datetime64[ns]"), copy=False).dt.tz_localize("UTC")
    standard = {"case_id": place(case_id), "activity": place(activity_values), "timestamp": utc}
    details = {}
    if "resource" in roles:
        resource = sorted_categorical(text_role(take_rows(columns[roles["resource"]], kept)))
        if options.pseudonymise_resources and (resource.array.codes >= 0).any():
            resource = _pseudonymise_people(resource, key)
        standard["resource"] = place(resource)
    if "lifecycle" in roles:
        standard["lifecycle"] = place(_lifecycle(take_rows(columns[roles["lifecycle"]], kept)))
    if "start_timestamp" in roles:
        name = roles["start_timestamp"]
        start = parse_column(take_rows(columns[name], kept), name=name, file=file, options=options)
        standard["start_timestamp"] = place(start.values)
        details["start_timestamp_format"] = start.format
    standard["source_row"] = pd.Series(rows if order is None else rows[order], copy=False)

    role_columns = set(roles.values())
    attributes = [name for name in columns if name not in role_columns]
    case_columns = [] if has_cases else [name for name in attributes if name.startswith(CASE_PREFIX)]
    cases = _cases({name: materialise(take_rows(columns[name], kept)) for name in case_columns},
                   codes, case_id.cat.categories)
    events = dict(standard)
    types = {}
    names = [name for name in attributes if name not in case_columns]
    placed = map_columns(lambda name: materialise(take_rows(columns[name], positions)), names)
    for name, values in zip(names, placed):
        name = f"{name}_attribute" if name in STANDARD_COLUMNS else name
        events[name] = values
        types[name] = attribute_type(values)
    return BuiltEvents(pd.DataFrame(events, copy=False), cases, types, details)  # no copy of the columns


def reject_frame(columns: dict[str, Column], names: pd.Index, dropped: np.ndarray, source_rows: np.ndarray,
                 reasons: pd.Series, file: str) -> pd.DataFrame:
    """source_file, source_row, reason, then the dropped rows' masked fields as text."""
    fields = pd.DataFrame({name: materialise(take_rows(column, dropped)).astype("str")
                           for name, column in columns.items()})
    fields.columns = names
    head = pd.DataFrame({
        "source_file": file,
        "source_row": source_rows[dropped].astype("int64"),
        "reason": reasons.reset_index(drop=True),
    })
    fields = fields.drop(columns=[c for c in REJECT_COLUMNS if c in fields.columns])
    return pd.concat([head, fields], axis=1)
