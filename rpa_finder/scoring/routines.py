# SPDX-License-Identifier: AGPL-3.0-or-later
"""Routine candidates: chains of steps that usually run back to back, by the same person, within minutes.

Such a chain is one robot, not several (Leno, Dumas et al.).  Two consecutive steps of a case are
*linked* when the same resource did both and the second completed within ``max_gap_minutes`` of the
first.  An edge a -> b is *strong* when, where b directly follows a, it is usually linked
(``min_linked_share``), and the linked pair is a common path of both steps (``min_follow_share`` of a's
executions go on to b linked, and of b's come from a linked).  Routines are the
maximal paths of strong edges; their support is the number of times the whole chain ran linked.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .coded import CodedInstances, code_instances
from .rows import count_pairs, row_slices

__all__ = ["RoutineSettings", "find_routines"]


@dataclass(frozen=True)
class RoutineSettings:
    max_gap_minutes: float = 15.0
    min_linked_share: float = 0.6
    min_follow_share: float = 0.3
    min_support: int = 10
    max_length: int = 12


def _links(coded: CodedInstances, settings: RoutineSettings) -> np.ndarray:
    """Per row: is the next row linked to it (same case, same resource, completed within the gap)?"""
    case, resource, ts = coded.case, coded.resource, coded.timestamp
    linked = np.zeros(len(coded), dtype=bool)
    for part in row_slices(len(coded) - 1):  # row i and row i + 1, a slice of rows at a time
        after = slice(part.start + 1, part.stop + 1)
        if coded.in_case_order:  # rows in case order: "the next row is in the same case" is already known
            same = coded.continues[after] & (resource[after] == resource[part])
        else:
            same = (case[after] == case[part]) & (case[after] >= 0) & (resource[after] == resource[part])
        same &= resource[after] >= 0
        gap = coded.seconds_between(ts[after], ts[part])
        same &= (gap >= 0) & (gap <= settings.max_gap_minutes * 60)
        linked[part] = same
    return linked


def _chains(strong: pd.DataFrame, max_length: int) -> list[tuple[str, ...]]:
    out_edge = dict(zip(strong["source"], strong["target"]))
    targets = set(strong["target"])
    chains = []
    for start in sorted(set(strong["source"]) - targets):
        chain = [start]
        while chain[-1] in out_edge and out_edge[chain[-1]] not in chain and len(chain) < max_length:
            chain.append(out_edge[chain[-1]])
        chains.append(tuple(chain))
    return chains


def _support(codes: np.ndarray, linked: np.ndarray, ts: np.ndarray, chain: tuple[int, ...]) -> tuple[int, float]:
    """Times the whole chain ran linked, and the median minutes from its first to its last step."""
    n = len(chain) - 1
    size = len(codes) - n
    if size <= 0:
        return 0, float("nan")
    ok = np.ones(size, dtype=bool)
    for offset, (a, b) in enumerate(zip(chain, chain[1:])):
        window, after = slice(offset, offset + size), slice(offset + 1, offset + 1 + size)
        ok &= (codes[window] == a) & (codes[after] == b) & linked[window]
    hits = np.flatnonzero(ok)
    if not len(hits):
        return 0, float("nan")
    span = (ts[hits + n] - ts[hits]) / np.timedelta64(1, "m")
    return int(len(hits)), float(np.median(span))


def find_routines(instances: pd.DataFrame, settings: RoutineSettings = RoutineSettings(),
                  *, coded: CodedInstances | None = None) -> pd.DataFrame:
    """One row per routine: steps (tuple), length, support, link_share (weakest linked share), span_minutes.

    ``coded``: the codes of ``instances`` when the caller has them (:func:`code_instances`).
    """
    columns = ["steps", "length", "support", "link_share", "span_minutes"]
    if instances.empty or instances["resource"].isna().all():
        return pd.DataFrame(columns=columns)
    coded = coded or code_instances(instances)
    names, k = coded.names, len(coded.names)
    source = coded.activity
    flags = _links(coded, settings)
    executions = coded.activity_counts.astype("float64")
    follows = count_pairs(source[:-1], source[1:], (k, k)).ravel()  # next row, in any case
    linked_pairs = count_pairs(source[:-1][flags[:-1]], source[1:][flags[:-1]], (k, k)).ravel()
    pair = np.flatnonzero(linked_pairs)  # (source, target) in name order, as a sorted groupby gives
    first, then = pair // k, pair % k
    linked = pd.DataFrame({"source": pd.Series(names[first], dtype="str"),
                           "target": pd.Series(names[then], dtype="str"),
                           "n": linked_pairs[pair], "follows": follows[pair]})
    other = first != then
    linked, first, then = linked[other], first[other], then[other]
    if linked.empty:
        return pd.DataFrame(columns=columns)
    linked["linked_share"] = linked["n"] / linked["follows"]
    linked["out_share"] = linked["n"] / executions[first]
    linked["in_share"] = linked["n"] / executions[then]
    strong = linked[(linked["linked_share"] >= settings.min_linked_share)
                    & (linked["out_share"] >= settings.min_follow_share)
                    & (linked["in_share"] >= settings.min_follow_share)]
    strong = strong.sort_values("n", ascending=False).drop_duplicates("source").drop_duplicates("target")
    code_of = {name: code for code, name in enumerate(names)}
    if coded.unit == "ns":  # the UTC times as they are, no conversion of 10M timestamps
        ts = coded.timestamp.view("datetime64[ns]")
    else:
        ts = instances["timestamp"].dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
    rows = []
    for chain in _chains(strong, settings.max_length):
        support, span = _support(source, flags, ts, tuple(code_of[step] for step in chain))
        if support < settings.min_support:
            continue
        edges = strong.set_index(["source", "target"]).loc[list(zip(chain, chain[1:]))]
        rows.append((chain, len(chain), support, float(edges["linked_share"].min()), span))
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["support", "length"], ascending=False, ignore_index=True)
