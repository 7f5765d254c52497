# SPDX-License-Identifier: AGPL-3.0-or-later
"""Write generated logs the way municipal systems export them: Excel-style Finnish CSV and XES 1.0.

Both writers are byte-deterministic, so committed samples can be checked against a regeneration.
The XES text is built with vectorised string operations (escaped by hand, checked with lxml in the
tests) because a per-event element tree would be the slow part of a 1M-event benchmark file.
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import Message, OutputNotWritableError

__all__ = ["write_finnish_csv", "write_truth", "write_xes", "XES_ROLES", "FINNISH_DATE_FORMAT"]

FINNISH_DATE_FORMAT = "%d.%m.%Y %H:%M:%S"
#: Role -> column of a generated log; ``write_xes`` maps these onto the XES standard keys.
XES_ROLES = {
    "case": "Asianumero",
    "activity": "Toimenpide",
    "timestamp": "Aikaleima",
    "resource": "Käsittelijä",
    "lifecycle": "Tila",
}
_STANDARD_KEYS = {"activity": "concept:name", "timestamp": "time:timestamp", "resource": "org:resource",
                  "lifecycle": "lifecycle:transition"}
_LIFECYCLE = {"aloitettu": "start", "valmis": "complete"}
_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1.0" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">
\t<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
\t<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
\t<extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
\t<extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
\t<global scope="trace">
\t\t<string key="concept:name" value="__INVALID__"/>
\t</global>
\t<global scope="event">
\t\t<string key="concept:name" value="__INVALID__"/>
\t\t<date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/>
\t\t<string key="lifecycle:transition" value="complete"/>
\t</global>
\t<classifier name="Activity" keys="concept:name"/>
\t<classifier name="Activity and transition" keys="concept:name lifecycle:transition"/>
"""


def to_event_log(events: pd.DataFrame, *, starts: bool = False, timezone: str = "Europe/Helsinki"):
    """A generated log (``lifecycle_style="column"``) as an :class:`~rpa_finder.eventlog.EventLog` in
    memory, with its start times (``starts``) or as a completion-only export: what measurements against
    the generator's truth read, without a file round trip.  Wall-clock times become ``timezone`` times
    (the repeated autumn hour as its first occurrence, as the readers take it)."""
    from ..eventlog import EventLog

    def local(values: pd.Series) -> pd.Series:
        return values.dt.tz_localize(timezone, ambiguous=True, nonexistent="shift_forward")

    frame = pd.DataFrame({"case_id": events[XES_ROLES["case"]], "activity": events[XES_ROLES["activity"]],
                          "timestamp": local(events[XES_ROLES["timestamp"]]),
                          "resource": events[XES_ROLES["resource"]]})
    if starts:
        frame["start_timestamp"] = local(events["Aloitusaika"])
    return EventLog.from_frame(frame)


def _open_for_writing(path: Path, **kwargs):
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return open(path, "w", **kwargs)
    except OSError as exc:
        raise OutputNotWritableError(Message("cannot write ({reason})", reason=exc.strerror), file=path,
                                     fix="choose a writable folder with -o") from None


def write_finnish_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Excel-style Finnish CSV: semicolons, decimal comma, dd.mm.yyyy hh:mm:ss, UTF-8 with BOM, CRLF."""
    path = Path(path)
    with _open_for_writing(path, encoding="utf-8-sig", newline="") as handle:
        frame.to_csv(handle, sep=";", decimal=",", float_format="%.2f", date_format=FINNISH_DATE_FORMAT,
                     index=False, lineterminator="\r\n")
    return path


def write_truth(truth: pd.DataFrame, path: str | Path) -> Path:
    """The ground-truth labels as plain UTF-8 CSV (process, activity, label, why).

    Only the labels: ``true_minutes_median`` stays in memory, so committed truth files keep their bytes.
    """
    path = Path(path)
    with _open_for_writing(path, encoding="utf-8", newline="") as handle:
        truth[["process", "activity", "label", "why"]].to_csv(handle, index=False, lineterminator="\n")
    return path


def _escape(values: pd.Series) -> pd.Series:
    text = values.astype("str").str.replace(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", regex=True)
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;")):
        text = text.str.replace(char, entity, regex=False)
    return text


def _xes_dates(values: pd.Series, timezone: str) -> pd.Series:
    """Naive local times -> ISO 8601 with the offset in force then (+02:00 or +03:00 in Helsinki)."""
    # The same DST rule as rpa_finder.ingest.wall_clock (not imported: the ingest package is heavy).
    local = pd.to_datetime(values).dt.tz_localize(
        timezone, ambiguous=np.ones(len(values), dtype=bool), nonexistent=pd.Timedelta(hours=1))
    text = local.dt.strftime("%Y-%m-%dT%H:%M:%S.000%z")
    return text.str[:-2] + ":" + text.str[-2:]


def _attribute(values: pd.Series, key: str, timezone: str) -> pd.Series:
    """One typed XES attribute element per row; empty where the value is missing."""
    kind = values.dtype.kind
    if kind == "M":
        tag, text = "date", _xes_dates(values, timezone)
    elif kind == "b":
        tag, text = "boolean", values.map({True: "true", False: "false"})
    elif kind in "iu":
        tag, text = "int", values.astype("str")
    elif kind == "f":
        tag, text = "float", values.astype("str")
    else:
        tag, text = "string", _escape(values)
    key = _escape(pd.Series([key])).iloc[0]
    element = f'<{tag} key="{key}" value="' + text.astype("str") + '"/>'
    return element.where(values.notna().to_numpy(), "").astype("str")


def write_xes(
    frame: pd.DataFrame,
    path: str | Path,
    roles: Mapping[str, str] = XES_ROLES,
    *,
    case_attributes: Sequence[str] | None = None,
    timezone: str = "Europe/Helsinki",
) -> Path:
    """Write XES 1.0: standard keys for the roles, typed attributes, trace attributes, escaped text.

    ``case_attributes`` default: every other column whose value never changes within a case.
    Naive timestamps are read as ``timezone`` wall-clock times and written with their UTC offset.
    """
    path = Path(path)
    case_column = roles["case"]
    codes, _ = pd.factorize(frame[case_column], sort=False)
    order = np.argsort(codes, kind="stable")
    frame = frame.iloc[order].reset_index(drop=True)
    codes = codes[order]
    role_columns = {role: column for role, column in roles.items() if column in frame.columns}
    others = [c for c in frame.columns if c not in role_columns.values()]
    if case_attributes is None:
        changing = frame.groupby(codes, sort=False)[others].nunique(dropna=False).max() > 1 if others else pd.Series()
        case_attributes = [c for c in others if not bool(changing.get(c, False))]
    event_attributes = [c for c in others if c not in case_attributes]

    events = pd.Series("\t\t<event>", index=frame.index, dtype="str")
    for role in ("activity", "timestamp", "resource"):
        if role in role_columns:
            events = events + _attribute(frame[role_columns[role]], _STANDARD_KEYS[role], timezone)
    if "lifecycle" in role_columns:
        lifecycle = frame[role_columns["lifecycle"]].astype("str").str.lower()
        events = events + _attribute(lifecycle.replace(_LIFECYCLE), _STANDARD_KEYS["lifecycle"], timezone)
    else:
        events = events + '<string key="lifecycle:transition" value="complete"/>'
    for column in event_attributes:
        events = events + _attribute(frame[column], column, timezone)
    events = events + "</event>\n"

    first = np.r_[True, codes[1:] != codes[:-1]]
    heads = frame.loc[first]
    trace = pd.Series("\t<trace>", index=heads.index, dtype="str") + _attribute(heads[case_column], "concept:name", timezone)
    for column in case_attributes:
        trace = trace + _attribute(heads[column], column, timezone)
    trace = trace + "\n"
    trace.iloc[1:] = "\t</trace>\n" + trace.iloc[1:]

    pieces = np.empty(len(frame) + len(heads), dtype=object)
    head_positions = np.flatnonzero(first) + np.arange(len(heads))
    is_head = np.zeros(pieces.size, dtype=bool)
    is_head[head_positions] = True
    pieces[is_head] = trace.to_numpy(dtype=object)
    pieces[~is_head] = events.to_numpy(dtype=object)
    tail = "\t</trace>\n</log>\n" if len(heads) else "</log>\n"
    with _open_for_writing(path, encoding="utf-8", newline="\n") as handle:
        handle.write(_HEAD)
        handle.write("".join(pieces))
        handle.write(tail)
    return path
