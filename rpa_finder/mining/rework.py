# SPDX-License-Identifier: AGPL-3.0-or-later
"""Rework per activity: self-loops, repeats within a case, and how many cases run the DFG's cycles.

Rework is where a robot saves least (the exception path) or most (a clerk re-keying the same
thing), so every figure is split by who did it again: the *same* resource ("repeat"), *another*
resource ("redo"), or ``unknown`` when either event has no resource.  Self-loops (A directly
followed by A) are a subset of repeats (any A after the first A of the case); both are counted in
events (the later occurrences) and in cases.  Only activity instances (lifecycle "complete") count.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ..eventlog import EventLog
from .graph import CycleSearch
from .instances import codes_of, complete_events, rows_by_activity

__all__ = ["measure_rework", "partial_rework", "merge_rework", "count_cycle_cases", "find_traversed_cycles",
           "partial_cycles", "merge_cycles", "REWORK_KINDS", "REWORK_WHO"]

REWORK_KINDS = ("self_loop", "repeat")
REWORK_WHO = ("same_resource", "other_resource", "unknown_resource")


def _instances(log: EventLog) -> pd.DataFrame:
    return complete_events(log.events, ["case_id", "activity", "resource"])


def _bit_table(n_bits: int) -> np.ndarray:
    """bits[v, b]: whether value v has bit b, for decoding histograms of bit masks."""
    values = np.arange(1 << n_bits)
    return (values[:, None] >> np.arange(n_bits)[None, :]) & 1


def measure_rework(log: EventLog) -> pd.DataFrame:
    """One row per activity: events, cases, then ``{kind}_events``/``{kind}_cases`` and the split
    ``{kind}_{who}_events``/``_cases`` for kind in REWORK_KINDS and who in REWORK_WHO, and
    ``repeat_case_share`` (share of the activity's cases in which it occurs more than once).

    A self-loop's resource is compared with the directly preceding A's, a repeat's with the
    previous A of the same case.  Sorted by repeat_events descending, then activity.
    """
    return _rework_table(_rework_counts(_instances(log)))


def partial_rework(events: pd.DataFrame) -> pd.DataFrame:
    """Rework partial of an event frame holding whole cases: the integer columns of
    :func:`measure_rework`, indexed by activity name (every count adds up over case partitions)."""
    return _rework_counts(complete_events(events, ["case_id", "activity", "resource"]))


def merge_rework(partials: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Merge rework partials exactly: the counts add up by activity, the share is taken from the sums."""
    parts = [p for p in partials if len(p)]
    if not parts:
        return _rework_table(pd.DataFrame({c: pd.Series(dtype="int64") for c in _count_columns()},
                                          index=pd.Index([], dtype="str")))
    merged = parts[0] if len(parts) == 1 else pd.concat(parts).groupby(level=0, sort=True).sum()
    return _rework_table(merged.astype("int64"))


def _count_columns() -> list[str]:
    """The integer columns of the rework table, in order."""
    columns = ["events", "cases"]
    for kind in REWORK_KINDS:
        columns += [f"{kind}_events", f"{kind}_cases"]
        for label in REWORK_WHO:
            columns += [f"{kind}_{label}_events", f"{kind}_{label}_cases"]
    return columns


def _rework_table(counts: pd.DataFrame) -> pd.DataFrame:
    """The rework table from the counts by activity: the case share, then the sort."""
    table = counts.copy()
    table["repeat_case_share"] = table["repeat_cases"] / table["cases"]
    table = table.rename_axis("activity").reset_index()
    return table.sort_values(["repeat_events", "activity"], ascending=[False, True], kind="stable",
                             ignore_index=True)


def _rework_counts(events: pd.DataFrame) -> pd.DataFrame:
    """The integer columns of the rework table, one row per activity present, indexed by its name.

    Rows are grouped by (activity, case), oldest first (a radix sort of the activity codes): a repeat
    is any row after its pair's first, compared with the row before it; it is also a self-loop when
    that row is the directly preceding event.  Only repeated rows (few) get a 6-bit mask, kind x who;
    events count the masks per activity, cases OR them per (activity, case) pair: one histogram each.
    """
    case = codes_of(events["case_id"])
    codes = codes_of(events["activity"])
    n_activities = max(len(events["activity"].cat.categories), 1)
    order = rows_by_activity(codes, case)
    activity, pair_case = codes[order], case[order]
    repeat = np.zeros(len(order), dtype=bool)
    np.logical_and(activity[1:] == activity[:-1], pair_case[1:] == pair_case[:-1], out=repeat[1:])
    # only the (few) repeated rows are looked at further
    rows = np.flatnonzero(repeat)
    resource = codes_of(events["resource"])
    now, before = resource[order[rows]], resource[order[rows - 1]]
    who = np.where((now < 0) | (before < 0), 2, np.where(now == before, 0, 1))
    self_loop = order[rows] - order[rows - 1] == 1
    bits = (8 << who) | np.where(self_loop, 1 << who, 0)  # bits 0-2: self-loop by who, 3-5: repeat by who
    rows_activity = activity[rows].astype(np.int64)
    pair_first = np.flatnonzero(np.r_[True, np.diff(rows) != 1]) if len(rows) else rows
    pair_bits = np.bitwise_or.reduceat(bits, pair_first) if len(rows) else bits
    has_bit = _bit_table(6)
    size = n_activities * 64
    by_row = np.bincount(rows_activity * 64 + bits, minlength=size).reshape(n_activities, 64)
    by_pair = np.bincount(rows_activity[pair_first] * 64 + pair_bits, minlength=size).reshape(n_activities, 64)
    event_bits, case_bits = by_row @ has_bit, by_pair @ has_bit
    events_n = np.bincount(activity, minlength=n_activities)
    columns = {"events": events_n, "cases": events_n - by_row.sum(axis=1)}  # a case's first A is no repeat
    for offset, kind in zip((0, 3), REWORK_KINDS):
        columns[f"{kind}_events"] = event_bits[:, offset:offset + 3].sum(axis=1)
        columns[f"{kind}_cases"] = by_pair[:, (np.arange(64) >> offset) & 0b111 > 0].sum(axis=1)
        for code, label in enumerate(REWORK_WHO):
            columns[f"{kind}_{label}_events"] = event_bits[:, offset + code]
            columns[f"{kind}_{label}_cases"] = case_bits[:, offset + code]
    present = np.flatnonzero(columns["events"])
    names = events["activity"].cat.categories.astype("str")
    return pd.DataFrame({name: values[present].astype("int64") for name, values in columns.items()},
                        index=pd.Index(names[present], dtype="str"))


def count_cycle_cases(log: EventLog, search: CycleSearch) -> pd.DataFrame:
    """The cycle table with ``traversals`` and ``cases``: how often cases actually ran each loop.

    A case runs a cycle of length L when its activity sequence holds L + 1 consecutive steps that go
    round the cycle once and return to where they began, entered at any of its activities: for the
    cycle (A, B, C) that is A B C A, B C A B or C A B C.  Longer detours (A B X C A) do not count,
    so these are lower bounds of "this loop happened".  Vectorised: one pass per cycle length.
    """
    table = search.table.copy()
    table["traversals"] = np.zeros(len(table), dtype="int64")
    table["cases"] = np.zeros(len(table), dtype="int64")
    if table.empty:
        return table
    events = _instances(log)
    code_of = {name: i for i, name in enumerate(events["activity"].cat.categories.astype("str"))}
    case = codes_of(events["case_id"])
    activity = codes_of(events["activity"])
    for length in sorted(table["length"].unique()):
        wanted = {}
        for row in table.index[table["length"] == length]:  # one entry per cycle, not per event
            codes = [code_of.get(name, -1) for name in table.at[row, "cycle"]]
            if min(codes) >= 0:
                start = codes.index(min(codes))
                wanted[tuple(codes[start:] + codes[:start])] = row
        found = _closed_walks(case, activity, int(length))
        if not wanted or found.empty:
            continue
        key = pd.DataFrame(list(wanted), columns=range(length)).assign(row=list(wanted.values()))
        matched = found.merge(key, on=list(range(length)), how="inner")
        table["traversals"] = table["traversals"].add(matched.groupby("row").size(), fill_value=0).astype("int64")
        table["cases"] = table["cases"].add(matched.groupby("row")["case"].nunique(), fill_value=0).astype("int64")
    return table


def _closed_walks(case: np.ndarray, activity: np.ndarray, length: int) -> pd.DataFrame:
    """Every run of length + 1 steps in one case that returns to its first activity through
    length distinct activities, rotated to start at the smallest code; columns 0..length-1, case.

    The tests run on shifted views of the codes; only the few windows that pass are copied out.
    """
    span = len(activity) - length
    if span <= 0:
        return pd.DataFrame(columns=[*range(length), "case"])
    step = [activity[i:i + span] for i in range(length + 1)]
    keep = (case[:span] == case[length:length + span]) & (step[0] == step[length])
    keep = np.flatnonzero(keep)
    body = np.stack([column[keep] for column in step[:length]], axis=1).astype(np.int64)
    distinct = np.ones(len(keep), dtype=bool)
    for i in range(length):  # distinct activities: a simple cycle, not A B A B A
        for j in range(i + 1, length):
            distinct &= body[:, i] != body[:, j]
    body, keep = body[distinct], keep[distinct]
    shift = body.argmin(axis=1)
    rotated = np.take_along_axis(body, (np.arange(length)[None, :] + shift[:, None]) % length, axis=1)
    return pd.DataFrame(rotated).assign(case=case[keep].astype(np.int64))


def find_traversed_cycles(log: EventLog, *, max_length: int = 4) -> pd.DataFrame:
    """Every cycle of 2..max_length activities that some case actually ran, read from the cases.

    Unlike :func:`~rpa_finder.mining.graph.find_cycles` this needs no cap: it lists only loops that
    happened (same rule as :func:`count_cycle_cases`), which on dense graphs is a tiny share of the
    DFG's cycles.  Columns: cycle, length, traversals, cases; sorted by cases, traversals, descending.
    """
    return _cycle_table(_count_cycles(_instances(log), max_length))


def partial_cycles(events: pd.DataFrame, *, max_length: int = 4) -> pd.DataFrame:
    """Cycles partial of an event frame holding whole cases: the traversed cycles (by activity name)
    with their traversals and cases, unsorted; both add up over case partitions."""
    parts = _count_cycles(complete_events(events, ["case_id", "activity"]), max_length)
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0] if parts else _cycle_table([])


def merge_cycles(partials: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Merge cycles partials exactly: traversals and cases add up by cycle (a case is in one partition)."""
    parts = [p for p in partials if len(p)]
    if len(parts) > 1:
        pooled = pd.concat(parts, ignore_index=True)
        parts = [pooled.groupby("cycle", sort=False).agg(length=("length", "first"), traversals=("traversals", "sum"),
                                                         cases=("cases", "sum")).reset_index()]
    return _cycle_table(parts)


def _count_cycles(events: pd.DataFrame, max_length: int) -> list[pd.DataFrame]:
    """The traversed cycles of complete events, one frame per cycle length found (cycles named)."""
    names = np.asarray(events["activity"].cat.categories.astype("str"))
    case = codes_of(events["case_id"])
    activity = codes_of(events["activity"])
    parts = []
    for length in range(2, max_length + 1):
        found = _closed_walks(case, activity, length)
        if found.empty:
            continue
        columns = list(range(length))
        counted = found.groupby(columns).agg(traversals=("case", "size"), cases=("case", "nunique")).reset_index()
        cycles = [tuple(names[c]) for c in counted[columns].to_numpy()]  # one per distinct cycle
        parts.append(pd.DataFrame({"cycle": [_by_name(c) for c in cycles], "length": length,
                                   "traversals": counted["traversals"], "cases": counted["cases"]}))
    return parts


def _cycle_table(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """The cycle table from frames of distinct cycles: integer columns, sorted by cases, traversals, cycle."""
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        {"cycle": [], "length": [], "traversals": [], "cases": []})
    table = table.astype({"length": "int64", "traversals": "int64", "cases": "int64"})
    return table.sort_values(["cases", "traversals", "cycle"], ascending=[False, False, True], kind="stable",
                             ignore_index=True)


def _by_name(cycle: tuple[str, ...]) -> tuple[str, ...]:
    start = cycle.index(min(cycle))
    return tuple(cycle[start:] + cycle[:start])
