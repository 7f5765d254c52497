# SPDX-License-Identifier: AGPL-3.0-or-later
"""The feature table's counts, per partition of whole cases: volumes, neighbours, months, labels, accounts.

Everything here is a count, so partitions merge exactly by adding them up, keyed by activity and
resource names (a partition's integer codes mean nothing to another); the whole log in one process
is one partition.  A merged :class:`BaseCounts` is a :class:`BaseCounts` over the union of names, so
merging is associative.  The criteria that need individual rows (handling, timing, rules, routines)
run their own rounds in their modules.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from ..eventlog import precision_of_share
from .automation import (AutomationSettings, classify_tables, classify_unattributed, hour_counts, median_per_day,
                         no_accounts, resource_day_counts, unattributed_tables)
from ..mining.partitions import merge_counts
from .features import (FeatureInputs, FeatureSettings, _distinct_per_activity, _per_activity, label_column,
                       label_counts, month_counts, most_common_labels)
from .partition import ScoringPartition
from .sampling import merge_named_counts

__all__ = ["BaseCounts", "partial_base", "merge_base", "base_inputs", "merged_precision", "merged_accounts"]


@dataclass(frozen=True, eq=False)
class BaseCounts:
    """The counts of one partition (or of several merged), per sorted activity ``names``."""

    names: np.ndarray
    events: np.ndarray
    cases: np.ndarray
    with_case: np.ndarray
    named: np.ndarray
    #: Rows per (activity, previous / next activity in the case), column 0: none.
    previous_counts: np.ndarray
    following_counts: np.ndarray
    #: Rows per (activity, UTC month), ``first_month`` in column 0.
    per_month: np.ndarray
    first_month: int
    #: Rows per (activity ``a``, resource name ``r``) and per (activity ``a``, readable label ``l``), in
    #: sorted pair order (None: no such pair, or no label column).
    activity_resource: pd.Series | None
    labels: pd.Series | None
    #: Per sorted resource name: rows per local hour (column 24: no time); rows per (resource ``r``,
    #: local day ``d``) (None: no resources).
    resources: np.ndarray
    by_hour: np.ndarray
    resource_days: pd.Series | None
    #: Per activity (``names``): its rows without a resource per local hour, and per (activity ``a``,
    #: local day ``d``) (None: every row has a resource) - :func:`unattributed_tables`.
    unattributed_by_hour: np.ndarray
    unattributed_days: pd.Series | None
    n_cases: int
    n_events: int
    #: Share of the events written without a time of day, and the first and last completion.
    date_only_share: float
    first: pd.Timestamp | None
    last: pd.Timestamp | None


def _names(values) -> pd.Index:
    return pd.Index(np.asarray(values, dtype=object), dtype="str")


def _pairs(first: np.ndarray, first_names: np.ndarray, second: np.ndarray, second_names, keys: tuple[str, str]) -> pd.Series:
    """Rows per (first name, second name) pair present, in sorted pair order; negative codes left out."""
    size = max(len(second_names), 1)
    keep = (first >= 0) & (second >= 0)
    pair, counts = np.unique(first[keep] * np.int64(size) + second[keep], return_counts=True)
    index = pd.MultiIndex.from_arrays([_names(first_names)[pair // size].rename(keys[0]),
                                       _names(second_names)[pair % size].rename(keys[1])])
    return pd.Series(counts.astype(np.int64), index=index)


def _merge_pairs(series: Sequence[pd.Series]) -> pd.Series | None:
    """Pair counts summed by pair, in sorted pair order; None when there are none."""
    merged = merge_counts(series)
    return merged if len(merged) else None


def partial_base(part: ScoringPartition, settings: FeatureSettings = FeatureSettings()) -> BaseCounts:
    """The counts of one partition of whole cases."""
    coded, log = part.coded, part.log
    per_month, first_month = month_counts(coded)
    resource, day, day_counts = resource_day_counts(coded)
    days = pd.Series(day_counts.astype(np.int64), index=pd.MultiIndex.from_arrays(
        [_names(coded.resources)[resource].rename("r"), pd.Index(day, name="d")]))
    stamps = part.instances["timestamp"]
    unattributed_by_hour, unattributed_days = unattributed_tables(coded)
    return BaseCounts(
        names=coded.names, events=coded.activity_counts,
        cases=_distinct_per_activity(coded, coded.case, len(coded.case_labels)),
        with_case=_per_activity(coded, coded.case >= 0), named=_per_activity(coded, coded.resource >= 0),
        previous_counts=coded.previous_counts, following_counts=coded.following_counts,
        per_month=per_month, first_month=first_month,
        activity_resource=_pairs(coded.activity, coded.names, coded.resource, coded.resources, ("a", "r")),
        labels=label_counts(coded, part.enriched, label_column(log, settings)),
        resources=coded.resources, by_hour=hour_counts(coded, whole_hours=True), resource_days=days,
        unattributed_by_hour=unattributed_by_hour, unattributed_days=unattributed_days, n_cases=log.n_cases, n_events=log.n_events, date_only_share=log.date_only_share,
        first=stamps.min() if len(stamps) else None, last=stamps.max() if len(stamps) else None)


def _neighbours(parts: Sequence[BaseCounts], names: np.ndarray, field: str) -> np.ndarray:
    """Sum of the (activity, neighbour) tables, aligned on ``names`` (column 0: no neighbour)."""
    total = np.zeros((len(names), len(names) + 1), dtype=np.int64)
    for part in parts:
        at = np.searchsorted(names, part.names)
        total[np.ix_(at, np.r_[0, at + 1])] += getattr(part, field)
    return total


def _months(parts: Sequence[BaseCounts], names: np.ndarray) -> tuple[np.ndarray, int]:
    dated = [p for p in parts if p.per_month.shape[1]]
    if not dated:
        return np.zeros((len(names), 0), dtype=np.int64), 0
    first = min(p.first_month for p in dated)
    last = max(p.first_month + p.per_month.shape[1] for p in dated)
    total = np.zeros((len(names), last - first), dtype=np.int64)
    for part in dated:
        at = np.searchsorted(names, part.names)
        start = part.first_month - first
        total[at, start:start + part.per_month.shape[1]] += part.per_month
    return total, first


def _share(parts: Sequence[BaseCounts]) -> float:
    """The whole log's date-only share: the partitions' shares weighted by their events."""
    shares = {p.date_only_share for p in parts}
    if len(shares) == 1:  # partitions of one log in memory carry the log's own share
        return shares.pop()
    n = sum(p.n_events for p in parts)
    return sum(p.date_only_share * p.n_events for p in parts) / n if n else 0.0


def merge_base(parts: Sequence[BaseCounts]) -> BaseCounts:
    """The counts of all partitions together, over the union of their names."""
    parts = list(parts)
    names, per_name = merge_named_counts([p.names for p in parts],
                                         [np.stack([p.events, p.cases, p.with_case, p.named], axis=1) for p in parts])
    _, unattributed_by_hour = merge_named_counts([p.names for p in parts], [p.unattributed_by_hour for p in parts])
    resources, by_hour = merge_named_counts([p.resources for p in parts], [p.by_hour for p in parts])
    per_month, first_month = _months(parts, names)
    labelled = [p.labels for p in parts if p.labels is not None]
    firsts = [p.first for p in parts if p.first is not None and pd.notna(p.first)]
    lasts = [p.last for p in parts if p.last is not None and pd.notna(p.last)]
    return BaseCounts(
        names=names, events=per_name[:, 0], cases=per_name[:, 1], with_case=per_name[:, 2],
        named=per_name[:, 3], previous_counts=_neighbours(parts, names, "previous_counts"),
        following_counts=_neighbours(parts, names, "following_counts"), per_month=per_month, first_month=first_month,
        activity_resource=_merge_pairs([p.activity_resource for p in parts if p.activity_resource is not None]),
        labels=_merge_pairs(labelled), resources=resources, by_hour=by_hour,
        resource_days=_merge_pairs([p.resource_days for p in parts if p.resource_days is not None]),
        unattributed_by_hour=unattributed_by_hour,
        unattributed_days=_merge_pairs([p.unattributed_days for p in parts if p.unattributed_days is not None]),
        n_cases=sum(p.n_cases for p in parts), n_events=sum(p.n_events for p in parts), date_only_share=_share(parts),
        first=min(firsts) if firsts else None, last=max(lasts) if lasts else None)


def _accounts(merged: BaseCounts, date_only: bool, settings: AutomationSettings) -> pd.DataFrame:
    """:func:`classify_accounts` of the whole log, from the merged resource tables."""
    if not len(merged.resources) or merged.resource_days is None:
        return no_accounts()
    days = merged.resource_days
    resource = np.searchsorted(merged.resources, days.index.get_level_values("r").to_numpy(dtype=object))
    medians = median_per_day(resource, days.to_numpy(), len(merged.resources))
    return classify_tables(merged.resources, merged.by_hour, medians, date_only=date_only, settings=settings)


def merged_accounts(merged: BaseCounts, settings: FeatureSettings = FeatureSettings()) -> pd.DataFrame:
    """:func:`classify_accounts` of the whole log from the merged counts (what :func:`base_inputs` uses)."""
    return _accounts(merged, merged_precision(merged) != "time", settings.automation)


def merged_precision(merged: BaseCounts) -> str:
    """The whole log's timestamp precision ("date", "mixed", "time", "none")."""
    return precision_of_share(merged.date_only_share, merged.n_events)


def base_inputs(merged: BaseCounts, *, handling: tuple[pd.DataFrame, dict], rules: pd.DataFrame,
                timing: pd.DataFrame, settings: FeatureSettings = FeatureSettings()) -> FeatureInputs:
    """The feature table's inputs from the merged counts and the criteria's merged results.

    ``handling``: the frame and histograms of :func:`~.handling.finish_handling_summary`.
    """
    precision = merged_precision(merged)
    accounts = _accounts(merged, precision != "time", settings.automation)
    k = len(merged.names)
    pairs = merged.activity_resource
    if pairs is None:
        pairs = pd.Series(np.zeros(0, dtype=np.int64), index=pd.MultiIndex.from_arrays(
            [_names([]).rename("a"), _names([]).rename("r")]))
    activity = np.searchsorted(merged.names, pairs.index.get_level_values("a").to_numpy(dtype=object))
    automated = accounts["automated"].reindex(pairs.index.get_level_values("r"), fill_value=False).to_numpy(dtype=bool)
    # an empty log spans no time, as a log of one instant does: 0 s (the yearly rates floor it at a month)
    span = (merged.last - merged.first).total_seconds() if merged.first is not None else 0.0
    return FeatureInputs(
        names=merged.names, events=merged.events, cases=merged.cases, with_case=merged.with_case, named=merged.named,
        automated=np.bincount(activity[automated], weights=pairs.to_numpy()[automated], minlength=k).astype(np.int64),
        distinct_resources=np.bincount(activity, minlength=k),
        previous_counts=merged.previous_counts, following_counts=merged.following_counts,
        per_month=merged.per_month, first_month=merged.first_month,
        labels=most_common_labels(merged.names, merged.labels),
        handling=handling[0], handling_histograms=handling[1], rules=rules, timing=timing, n_cases=merged.n_cases,
        span_seconds=float(span), precision=precision, accounts=accounts,
        unattributed=classify_unattributed(merged.names, merged.unattributed_by_hour, merged.unattributed_days,
                                           date_only=precision != "time", settings=settings.automation))
