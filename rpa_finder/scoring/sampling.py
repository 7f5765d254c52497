# SPDX-License-Identifier: AGPL-3.0-or-later
"""What every criterion's partials send, and how the client merges them: counts keyed by names,
and values sampled by case hash within a budget.

A partition's integer codes mean nothing to another partition, so counts travel with their names
(:func:`merge_named_counts`, :class:`NamedPairs`); the plan then fixes one code per name for round 2
(:func:`plan_codes`).  Sampled values are those of the cases with the smallest case-id hashes
(:class:`HashSample`): the whole log's first ``budget`` are among each partition's first ``budget``,
so the merged sample is the same on every engine and partitioning, and exact below the budget.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .sorting import group_sorted

__all__ = ["HashSample", "hash_sample", "merge_hash_samples", "merge_named_counts", "NamedPairs", "name_hashes",
           "plan_codes", "NO_BUDGET"]

#: A budget no log reaches: in one process every row is at hand, so nothing is sampled.
NO_BUDGET = np.iinfo(np.int64).max


def name_hashes(names) -> np.ndarray:
    """The stable 64-bit hash of each name's text: the same in every process and partitioning."""
    return pd.util.hash_array(np.asarray(names, dtype=object), categorize=False)


def plan_codes(names: np.ndarray, plan_names: np.ndarray) -> np.ndarray:
    """The position of each of one partition's ``names`` in the plan's sorted ``plan_names`` (-1: absent)."""
    return pd.Index(plan_names).get_indexer(names) if len(names) else np.zeros(0, dtype=np.int64)


def merge_named_counts(names: Sequence[np.ndarray], counts: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Sorted union of the partitions' ``names`` and the sum of their ``counts`` (first axis: per name)."""
    merged = np.unique(np.concatenate([np.asarray(n, dtype=object) for n in names])) if names else np.zeros(0, object)
    shape = (len(merged),) + (counts[0].shape[1:] if counts else ())
    total = np.zeros(shape, dtype=np.int64)
    for part_names, part_counts in zip(names, counts):
        total[np.searchsorted(merged, part_names)] += part_counts  # a partition's names are distinct
    return merged, total


@dataclass(frozen=True, eq=False)
class NamedPairs:
    """Counts per (first, second) pair of names, the pairs with any count only: a (k, k) table without
    its empty cells.  ``counts`` has one column per table."""

    names: np.ndarray
    first: np.ndarray
    second: np.ndarray
    counts: np.ndarray

    @classmethod
    def of(cls, names: np.ndarray, tables: Sequence[np.ndarray]) -> "NamedPairs":
        """The non-zero cells of ``tables`` ((k, k) each, rows and columns in the order of ``names``)."""
        k = len(names)
        flat = np.stack([np.asarray(t).reshape(k * k) for t in tables], axis=1)
        cells = np.flatnonzero(flat.any(axis=1))
        return cls(names=names, first=cells // k, second=cells % k, counts=flat[cells])

    def dense(self, names: np.ndarray) -> np.ndarray:
        """The tables over ``names`` (a sorted superset of this partition's): shape (tables, k, k)."""
        k, code = len(names), np.searchsorted(names, self.names)
        out = np.zeros((self.counts.shape[1], k * k), dtype=np.int64)
        out[:, code[self.first] * k + code[self.second]] = self.counts.T  # distinct cells
        return out.reshape(-1, k, k)


@dataclass(frozen=True, eq=False)
class HashSample:
    """Values per group (a code of the plan): per group at most a budget, those of the cases with the
    smallest case-id hashes (ties: earlier in the case, then the smaller value), so every partitioning and
    every engine keeps the same ones."""

    groups: np.ndarray
    values: np.ndarray
    hashes: np.ndarray
    positions: np.ndarray

    def __len__(self) -> int:
        return len(self.groups)


def _within_budget(sample: HashSample, budget: int, size: int) -> np.ndarray | slice:
    """Which entries of ``sample`` to keep: all of each group within ``budget``, else its first ``budget``."""
    over = np.bincount(sample.groups, minlength=size) > budget
    if not over.any():
        return slice(None)
    crowded = over[sample.groups]
    rows = np.flatnonzero(crowded)
    rows = rows[np.lexsort((sample.values[rows], sample.positions[rows], sample.hashes[rows], sample.groups[rows]))]
    ranked = sample.groups[rows]
    starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
    rank = np.arange(len(rows)) - np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
    return np.sort(np.r_[np.flatnonzero(~crowded), rows[rank < budget]])


def hash_sample(groups: np.ndarray, values: np.ndarray, hashes: np.ndarray, positions: np.ndarray, budget: int,
                size: int) -> HashSample:
    """One partition's sample of ``values`` per group code (< ``size``), at most ``budget`` per group."""
    sample = HashSample(groups=np.asarray(groups, dtype=np.int64), values=np.asarray(values, dtype=np.float64),
                        hashes=np.asarray(hashes, dtype=np.uint64), positions=np.asarray(positions, dtype=np.int64))
    keep = _within_budget(sample, budget, size)
    if isinstance(keep, slice):
        return sample
    return HashSample(groups=sample.groups[keep], values=sample.values[keep], hashes=sample.hashes[keep],
                      positions=sample.positions[keep])


def merge_hash_samples(samples: Sequence[HashSample], budget: int, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The partitions' samples as one: values ordered by group code, ascending within each, and each
    group's count.  Each partition kept its own first ``budget``, so the first ``budget`` of their union
    are the whole log's."""
    merged = HashSample(*(np.concatenate([getattr(s, name) for s in samples]) if samples else np.zeros(0, dtype)
                          for name, dtype in (("groups", np.int64), ("values", np.float64), ("hashes", np.uint64),
                                              ("positions", np.int64))))
    keep = _within_budget(merged, budget, size)
    return group_sorted(merged.groups[keep], merged.values[keep], size)
