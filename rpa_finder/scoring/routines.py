# SPDX-License-Identifier: AGPL-3.0-or-later
"""Routine candidates: chains of steps that usually run back to back, by the same person, within minutes.

Such a chain is one robot, not several (Leno, Dumas et al.).  Two consecutive steps of a case are
*linked* when the same resource did both and the second completed within ``max_gap_minutes`` of the
first.  An edge a -> b is *strong* when, where b directly follows a in a case, it is usually linked
(``min_linked_share``), and the linked pair is a common path of both steps (``min_follow_share`` of a's
executions go on to b linked, and of b's come from a linked).  Routines are the
maximal paths of strong edges; their support is the number of times the whole chain ran linked.

They are found in two rounds over partitions of whole cases (the whole log in one process is one
partition): a link joins two consecutive steps of one case, so a partition of whole cases has all of
its links.  Round 1 (:func:`partial_routines`) counts linked pairs and directly-follows pairs per
(source, target) and executions per activity; the plan (:func:`plan_routines`) finds the strong edges
and their chains from the merged counts; round 2 (:func:`sample_routines`) counts each chain's linked
runs and sends their spans, per chain those of the cases with the smallest case-id hashes
(``max_sampled_spans``).  Edges, chains and supports are always exact; the median span is exact below
the budget and comes from the sample above it.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .instance_codes import CodedInstances
from .rows import count_pairs, row_slices
from .sampling import HashSample, NamedPairs, hash_sample, merge_hash_samples, merge_named_counts

if TYPE_CHECKING:
    from .partition import ScoringPartition

__all__ = ["RoutineSettings", "ROUTINE_COLUMNS", "RoutineCounts", "RoutinePlan", "RoutineSample", "partial_routines",
           "plan_routines", "sample_routines", "finish_routines"]

ROUTINE_COLUMNS = ["steps", "length", "support", "link_share", "span_minutes"]


@dataclass(frozen=True)
class RoutineSettings:
    max_gap_minutes: float = 15.0
    min_linked_share: float = 0.6
    min_follow_share: float = 0.3
    min_support: int = 10
    max_length: int = 12
    #: From case partitions: at most this many runs per chain (by case-id
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



@dataclass(frozen=True, eq=False)
class RoutineCounts:
    """Round 1 of one partition: pair counts (linked, directly follows) and executions per activity."""

    activities: np.ndarray
    executions: np.ndarray
    #: Per (source, target): linked pairs and directly-follows pairs (columns 0 and 1).
    pairs: NamedPairs
    #: Any row with a resource (without one, nothing is ever linked).
    has_resources: bool


@dataclass(frozen=True, eq=False)
class RoutinePlan:
    """The strong edges (None: no two different steps are ever linked) and the chains through them."""

    strong: pd.DataFrame | None
    chains: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, eq=False)
class RoutineSample:
    """Round 2 of one partition: per chain (plan order) its linked runs, and their spans in minutes."""

    supports: np.ndarray
    spans: HashSample


def partial_routines(part: ScoringPartition, settings: RoutineSettings = RoutineSettings()) -> RoutineCounts:
    """Round 1: linked and directly-follows pair counts, executions per activity."""
    coded = part.coded
    k = len(coded.names)
    linked, follows = pair_counts(coded, linked_rows(coded, settings))
    return RoutineCounts(activities=coded.names, executions=coded.activity_counts,
                         pairs=NamedPairs.of(coded.names, [linked.reshape(k, k), follows.reshape(k, k)]),
                         has_resources=has_resources(part.instances))


def plan_routines(counts: Sequence[RoutineCounts], settings: RoutineSettings = RoutineSettings()) -> RoutinePlan:
    """Merge round 1: the strong edges and their chains, over the whole log."""
    if not any(c.has_resources for c in counts):
        return RoutinePlan(strong=None, chains=())
    names, executions = merge_named_counts([c.activities for c in counts], [c.executions for c in counts])
    k = len(names)
    pairs = np.zeros((2, k, k), dtype=np.int64)
    for c in counts:
        pairs += c.pairs.dense(names)
    strong = strong_edges(names, pairs[0].ravel(), pairs[1].ravel(), executions.astype("float64"), settings)
    chains = () if strong is None else tuple(strong_chains(strong, settings.max_length))
    return RoutinePlan(strong=strong, chains=chains)


def sample_routines(part: ScoringPartition, plan: RoutinePlan,
                    settings: RoutineSettings = RoutineSettings()) -> RoutineSample:
    """Round 2: each chain's linked runs in this partition, at most ``max_sampled_spans`` spans per chain."""
    coded = part.coded
    supports = np.zeros(len(plan.chains), dtype=np.int64)
    code_of = {name: code for code, name in enumerate(coded.names)}
    runs, spans = [np.zeros(0, dtype=np.int64)], [np.zeros(0)]
    chain_of = [np.zeros(0, dtype=np.int64)]
    if plan.chains:
        flags, ts = linked_rows(coded, settings), utc_times(part.instances, coded)
        for number, chain in enumerate(plan.chains):  # a loop over chains
            if not all(step in code_of for step in chain):
                continue
            hits, minutes = chain_spans(coded.activity, flags, ts, tuple(code_of[step] for step in chain))
            supports[number] = len(hits)
            runs.append(hits)
            spans.append(minutes)
            chain_of.append(np.full(len(hits), number, dtype=np.int64))
    hits = np.concatenate(runs)
    return RoutineSample(supports=supports,
                         spans=hash_sample(np.concatenate(chain_of), np.concatenate(spans), part.row_hashes[hits],
                                           part.position_in_case[hits], settings.max_sampled_spans, len(plan.chains)))


def finish_routines(plan: RoutinePlan, samples: Sequence[RoutineSample],
                    settings: RoutineSettings = RoutineSettings()) -> pd.DataFrame:
    """One row per routine (:data:`ROUTINE_COLUMNS`) from the partitions' samples, most supported first."""
    n = len(plan.chains)
    supports = np.sum([s.supports for s in samples], axis=0, dtype=np.int64) if samples else np.zeros(n, np.int64)
    ordered, counts = merge_hash_samples([s.spans for s in samples], settings.max_sampled_spans, n)
    ends = np.cumsum(counts)
    spans = [float(np.median(ordered[end - count:end])) if count else float("nan") for end, count in zip(ends, counts)]
    return routine_table(plan.strong, list(plan.chains), [int(s) for s in supports], spans, settings)
