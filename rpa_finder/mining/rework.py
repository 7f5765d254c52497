# SPDX-License-Identifier: AGPL-3.0-or-later
"""Rework per activity: self-loops, repeats within a case, and how many cases run the DFG's cycles.

Rework is where a robot saves least (the exception path) or most (a clerk re-keying the same
thing), so every figure is split by who did it again: the *same* resource ("repeat"), *another*
resource ("redo"), or ``unknown`` when either event has no resource.  Self-loops (A directly
followed by A) are a subset of repeats (any A after the first A of the case); both are counted in
events (the later occurrences) and in cases.  Only activity instances (lifecycle "complete") count.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..eventlog import EventLog
from .graph import CycleSearch
from .instances import complete_events

__all__ = ["measure_rework", "count_cycle_cases", "find_traversed_cycles", "REWORK_KINDS", "REWORK_WHO"]

REWORK_KINDS = ("self_loop", "repeat")
REWORK_WHO = ("same_resource", "other_resource", "unknown_resource")


def _instances(log: EventLog) -> pd.DataFrame:
    return complete_events(log.events, ["case_id", "activity", "resource"])


def _who(resource: np.ndarray, earlier: np.ndarray) -> np.ndarray:
    """0 same, 1 other, 2 unknown, from resource codes (-1 = missing)."""
    unknown = (resource < 0) | (earlier < 0)
    return np.where(unknown, 2, np.where(resource == earlier, 0, 1))


def measure_rework(log: EventLog) -> pd.DataFrame:
    """One row per activity: events, cases, then ``{kind}_events``/``{kind}_cases`` and the split
    ``{kind}_{who}_events``/``_cases`` for kind in REWORK_KINDS and who in REWORK_WHO, and
    ``repeat_case_share`` (share of the activity's cases in which it occurs more than once).

    A self-loop's resource is compared with the directly preceding A's, a repeat's with the
    previous A of the same case.  Sorted by repeat_events descending, then activity.
    """
    events = _instances(log)
    case = events["case_id"].cat.codes.to_numpy().astype("int64")
    activity = events["activity"].cat.codes.to_numpy().astype("int64")
    resource = events["resource"].cat.codes.to_numpy().astype("int64")
    n_activities = len(events["activity"].cat.categories)
    same_case = np.r_[False, case[1:] == case[:-1]] if len(case) else np.zeros(0, bool)
    previous_activity = np.r_[-2, activity[:-1]] if len(case) else activity
    previous_resource = np.r_[-1, resource[:-1]] if len(case) else resource
    self_loop = same_case & (activity == previous_activity)
    # one int64 key per (case, activity) pair; a stable sort puts each pair's occurrences side by
    # side in log order, so "an earlier A in this case" and its resource are one comparison away
    keys = case * (n_activities + 1) + (activity + 1)
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    again = np.r_[False, sorted_keys[1:] == sorted_keys[:-1]] if len(keys) else np.zeros(0, bool)
    repeat = np.zeros(len(keys), dtype=bool)
    repeat[order] = again
    earlier = np.full(len(keys), -1, dtype="int64")
    earlier[order[again]] = resource[order[np.flatnonzero(again) - 1]]
    who = {"self_loop": _who(resource, previous_resource), "repeat": _who(resource, earlier)}
    flags = {"self_loop": self_loop, "repeat": repeat}
    known = activity >= 0

    def count(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(events, distinct cases) per activity code among the rows in ``mask``."""
        mask = mask & known
        picked = sorted_keys[mask[order]]
        first = np.r_[True, picked[1:] != picked[:-1]] if len(picked) else np.zeros(0, bool)
        return (np.bincount(activity[mask], minlength=n_activities),
                np.bincount(picked[first] % (n_activities + 1) - 1, minlength=n_activities))

    events_n, cases_n = count(np.ones(len(keys), dtype=bool))
    columns = {"events": events_n, "cases": cases_n}
    for kind in REWORK_KINDS:
        columns[f"{kind}_events"], columns[f"{kind}_cases"] = count(flags[kind])
        for code, label in enumerate(REWORK_WHO):
            columns[f"{kind}_{label}_events"], columns[f"{kind}_{label}_cases"] = count(flags[kind] & (who[kind] == code))
    present = np.flatnonzero(events_n)
    names = events["activity"].cat.categories.astype("str")
    table = pd.DataFrame({name: values[present].astype("int64") for name, values in columns.items()},
                         index=pd.Index(names[present], dtype="str"))
    table["repeat_case_share"] = table["repeat_cases"] / table["cases"]
    table = table.rename_axis("activity").reset_index()
    return table.sort_values(["repeat_events", "activity"], ascending=[False, True], kind="stable",
                             ignore_index=True)


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
    case = events["case_id"].cat.codes.to_numpy().astype("int64")
    activity = events["activity"].cat.codes.to_numpy().astype("int64")
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
    length distinct activities, rotated to start at the smallest code; columns 0..length-1, case."""
    span = len(activity) - length
    if span <= 0:
        return pd.DataFrame(columns=[*range(length), "case"])
    window = np.stack([activity[i:i + span] for i in range(length + 1)], axis=1)
    keep = (case[:span] == case[length:length + span]) & (window[:, 0] == window[:, length])
    for i in range(length):  # distinct activities: a simple cycle, not A B A B A
        for j in range(i + 1, length):
            keep &= window[:, i] != window[:, j]
    body = window[keep, :length]
    shift = body.argmin(axis=1)
    rotated = np.take_along_axis(body, (np.arange(length)[None, :] + shift[:, None]) % length, axis=1)
    return pd.DataFrame(rotated).assign(case=case[:span][keep])


def find_traversed_cycles(log: EventLog, *, max_length: int = 4) -> pd.DataFrame:
    """Every cycle of 2..max_length activities that some case actually ran, read from the cases.

    Unlike :func:`~rpa_finder.mining.graph.find_cycles` this needs no cap: it lists only loops that
    happened (same rule as :func:`count_cycle_cases`), which on dense graphs is a tiny share of the
    DFG's cycles.  Columns: cycle, length, traversals, cases; sorted by cases, traversals, descending.
    """
    events = _instances(log)
    names = np.asarray(events["activity"].cat.categories.astype("str"))
    case = events["case_id"].cat.codes.to_numpy().astype("int64")
    activity = events["activity"].cat.codes.to_numpy().astype("int64")
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
    table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        {"cycle": [], "length": [], "traversals": [], "cases": []})
    table = table.astype({"length": "int64", "traversals": "int64", "cases": "int64"})
    return table.sort_values(["cases", "traversals", "cycle"], ascending=[False, False, True], kind="stable",
                             ignore_index=True)


def _by_name(cycle: tuple[str, ...]) -> tuple[str, ...]:
    start = cycle.index(min(cycle))
    return tuple(cycle[start:] + cycle[:start])
