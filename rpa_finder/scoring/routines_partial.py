# SPDX-License-Identifier: AGPL-3.0-or-later
"""Routine candidates from case partitions: :func:`~.routines.find_routines` in two rounds.

A link joins two consecutive steps of one case, so a partition of whole cases has all of its links.
Round 1 counts linked pairs and directly-follows pairs per (source, target) and executions per
activity; the plan finds the strong edges and their chains from the merged counts; round 2 counts
each chain's linked runs and sends their spans, per chain those of the cases with the smallest case-id
hashes (``max_sampled_spans``).  Edges, chains and supports are always exact; the median span is exact
below the budget and comes from the sample above it.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .sampling import HashSample, NamedPairs, hash_sample, merge_hash_samples, merge_named_counts
from .routines import (RoutineSettings, chain_spans, has_resources, linked_rows, pair_counts, routine_table,
                       strong_chains, strong_edges, utc_times)

if TYPE_CHECKING:
    from .partition import ScoringPartition

__all__ = ["RoutineCounts", "RoutinePlan", "RoutineSample", "partial_routines", "plan_routines", "sample_routines",
           "finish_routines"]


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
    """Merge round 1: the strong edges and their chains, as find_routines finds them on the whole log."""
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
    """The frame of :func:`~.routines.find_routines` from the partitions' samples."""
    n = len(plan.chains)
    supports = np.sum([s.supports for s in samples], axis=0, dtype=np.int64) if samples else np.zeros(n, np.int64)
    ordered, counts = merge_hash_samples([s.spans for s in samples], settings.max_sampled_spans, n)
    ends = np.cumsum(counts)
    spans = [float(np.median(ordered[end - count:end])) if count else float("nan") for end, count in zip(ends, counts)]
    return routine_table(plan.strong, list(plan.chains), [int(s) for s in supports], spans, settings)
