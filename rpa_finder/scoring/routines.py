# SPDX-License-Identifier: AGPL-3.0-or-later
"""Routine candidates: chains of steps that usually run back to back, by the same person, within minutes.

Such a chain is one robot, not several (Leno, Dumas et al.).  Two consecutive steps of a case are
*linked* when the same resource did both and the second completed within ``max_gap_minutes`` of the
first.  An edge a -> b is *strong* when, where b directly follows a in a case, it is usually linked
(``min_linked_share``), and the linked pair is a common path of both steps (``min_follow_share`` of a's
executions go on to b linked, and of b's come from a linked).  Routines are the
maximal paths of strong edges; their support is the number of times the whole chain ran linked.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .instance_codes import CodedInstances, code_instances
from .rows import count_pairs, row_slices

__all__ = ["RoutineSettings", "find_routines", "ROUTINE_COLUMNS"]

ROUTINE_COLUMNS = ["steps", "length", "support", "link_share", "span_minutes"]


@dataclass(frozen=True)
class RoutineSettings:
    max_gap_minutes: float = 15.0
    min_linked_share: float = 0.6
    min_follow_share: float = 0.3
    min_support: int = 10
    max_length: int = 12
    #: From case partitions (:mod:`.routines_partial`): at most this many runs per chain (by case-id
    #: hash) give the median span; the support is always exact.
    max_sampled_spans: int = 1_000_000


def linked_rows(coded: CodedInstances, settings: RoutineSettings) -> np.ndarray:
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


def strong_chains(strong: pd.DataFrame, max_length: int) -> list[tuple[str, ...]]:
    """The maximal paths of strong edges, each from a step no strong edge leads into (by name)."""
    out_edge = dict(zip(strong["source"], strong["target"]))
    targets = set(strong["target"])
    chains = []
    for start in sorted(set(strong["source"]) - targets):
        chain = [start]
        while chain[-1] in out_edge and out_edge[chain[-1]] not in chain and len(chain) < max_length:
            chain.append(out_edge[chain[-1]])
        chains.append(tuple(chain))
    return chains


def chain_spans(codes: np.ndarray, linked: np.ndarray, ts: np.ndarray,
                chain: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Where the whole chain ran linked: the row of each run's first step, and the minutes from its first
    to its last step (a run lies within one case, since links do)."""
    n = len(chain) - 1
    size = len(codes) - n
    if size <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    ok = np.ones(size, dtype=bool)
    for offset, (a, b) in enumerate(zip(chain, chain[1:])):
        window, after = slice(offset, offset + size), slice(offset + 1, offset + 1 + size)
        ok &= (codes[window] == a) & (codes[after] == b) & linked[window]
    hits = np.flatnonzero(ok)
    return hits, (ts[hits + n] - ts[hits]) / np.timedelta64(1, "m")


def pair_counts(coded: CodedInstances, flags: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per (source, target) activity code, flattened (k * k): linked pairs, and how often target directly
    follows source in a case."""
    k, source = len(coded.names), coded.activity
    follows = coded.following_counts[:, 1:].ravel()  # within cases: a case's last step leads to no other case
    linked_pairs = count_pairs(source[:-1][flags[:-1]], source[1:][flags[:-1]], (k, k)).ravel()
    return linked_pairs, follows


def strong_edges(names: np.ndarray, linked_pairs: np.ndarray, follows: np.ndarray, executions: np.ndarray,
                 settings: RoutineSettings) -> pd.DataFrame | None:
    """The strong edges (source, target, n, follows, linked_share, out_share, in_share), at most one out of
    and one into each step; None when no two different steps are ever linked."""
    k = len(names)
    pair = np.flatnonzero(linked_pairs)  # (source, target) in name order, as a sorted groupby gives
    first, then = pair // k, pair % k
    linked = pd.DataFrame({"source": pd.Series(names[first], dtype="str"),
                           "target": pd.Series(names[then], dtype="str"),
                           "n": linked_pairs[pair], "follows": follows[pair]})
    other = first != then
    linked, first, then = linked[other], first[other], then[other]
    if linked.empty:
        return None
    linked["linked_share"] = linked["n"] / linked["follows"]
    linked["out_share"] = linked["n"] / executions[first]
    linked["in_share"] = linked["n"] / executions[then]
    strong = linked[(linked["linked_share"] >= settings.min_linked_share)
                    & (linked["out_share"] >= settings.min_follow_share)
                    & (linked["in_share"] >= settings.min_follow_share)]
    return strong.sort_values("n", ascending=False).drop_duplicates("source").drop_duplicates("target")


def utc_times(instances: pd.DataFrame, coded: CodedInstances) -> np.ndarray:
    """Completion times as naive UTC datetime64[ns]."""
    if coded.unit == "ns":  # the UTC times as they are, no conversion of 10M timestamps
        return coded.timestamp.view("datetime64[ns]")
    return instances["timestamp"].dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")


def routine_table(strong: pd.DataFrame | None, chains: list[tuple[str, ...]], supports: list[int],
                  spans: list[float], settings: RoutineSettings) -> pd.DataFrame:
    """One row per chain with enough support, most supported first; ``strong`` None: no routines."""
    if strong is None:
        return pd.DataFrame(columns=ROUTINE_COLUMNS)
    rows = []
    for chain, support, span in zip(chains, supports, spans):
        if support < settings.min_support:
            continue
        edges = strong.set_index(["source", "target"]).loc[list(zip(chain, chain[1:]))]
        rows.append((chain, len(chain), support, float(edges["linked_share"].min()), span))
    table = pd.DataFrame(rows, columns=ROUTINE_COLUMNS)
    return table.sort_values(["support", "length"], ascending=False, ignore_index=True)


def has_resources(instances: pd.DataFrame) -> bool:
    """Can a step be linked at all: are there rows, and any with a resource?"""
    return not (instances.empty or instances["resource"].isna().all())


def find_routines(instances: pd.DataFrame, settings: RoutineSettings = RoutineSettings(),
                  *, coded: CodedInstances | None = None) -> pd.DataFrame:
    """One row per routine: steps (tuple), length, support, link_share (weakest linked share), span_minutes.

    ``coded``: the codes of ``instances`` when the caller has them (:func:`code_instances`).
    """
    if not has_resources(instances):
        return routine_table(None, [], [], [], settings)
    coded = coded or code_instances(instances)
    flags = linked_rows(coded, settings)
    linked_pairs, follows = pair_counts(coded, flags)
    strong = strong_edges(coded.names, linked_pairs, follows, coded.activity_counts.astype("float64"), settings)
    if strong is None:
        return routine_table(None, [], [], [], settings)
    code_of = {name: code for code, name in enumerate(coded.names)}
    ts = utc_times(instances, coded)
    chains = strong_chains(strong, settings.max_length)
    supports, spans = [], []
    for chain in chains:
        _, minutes = chain_spans(coded.activity, flags, ts, tuple(code_of[step] for step in chain))
        supports.append(len(minutes))
        spans.append(float(np.median(minutes)) if len(minutes) else float("nan"))
    return routine_table(strong, chains, supports, spans, settings)
