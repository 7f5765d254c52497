# SPDX-License-Identifier: AGPL-3.0-or-later
"""Handling time from case partitions: :func:`~.handling.estimate_handling` in two rounds.

The estimate starts a step at the later of the previous completion in its case and the previous
completion by its resource in *any* case, and case partitions split a resource's work.  So round 1
counts each resource's rows; the plan picks whole resources, in the order of a hash of their name, each
that still fits ``max_sampled_rows`` (all of them below it); round 2 sends every row of a picked resource
with what the gap rule reads, and the client replays each resource's rows in whole-log order.  Measured
durations need no replay: per activity, those of the cases with the smallest case-id hashes
(``max_sampled_durations``); so do the case gaps of rows without a resource.  Which rows are inside an
open work item of their case is decided within the partition (cases are whole); such rows are not
sent and count per activity in round 1.  Machine accounts' gaps are dropped at the end.  All are exact
below their budgets; above them ``handling_samples`` counts the sampled values the figures come from.

What the partials send is built with :mod:`rpa_finder.scoring.sampling`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .handling import (HandlingSettings, activity_statistics, case_gap_seconds, choose_evidence, estimate_floors,
                       estimate_quantiles, gap_seconds, handling_frame, handling_histograms, measured_seconds,
                       nanoseconds, open_work_rows, previous_outside, previous_row_in_group, start_nanoseconds)
from .rows import NAT
from .sampling import HashSample, hash_sample, merge_hash_samples, merge_named_counts, name_hashes, plan_codes
from .sorting import group_sorted, group_time_order, stable_order

if TYPE_CHECKING:
    from .partition import ScoringPartition

__all__ = ["HandlingCounts", "HandlingPlan", "HandlingSample", "partial_handling", "plan_handling",
           "sample_handling", "finish_handling", "finish_handling_summary"]


# --- handling ------------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class HandlingCounts:
    """Round 1 of one partition: rows per resource, measured durations per activity."""

    activities: np.ndarray
    #: Per activity: how many of its rows have a measured duration (start to completion).
    measured: np.ndarray
    #: Does the partition have start times at all (measured durations can win)?
    has_start_times: bool
    resources: np.ndarray
    resource_rows: np.ndarray
    #: Per activity: its rows, those with a resource, those inside an open work item of their case.
    rows: np.ndarray
    named: np.ndarray
    inside: np.ndarray


@dataclass(frozen=True, eq=False)
class HandlingPlan:
    """What round 2 sends: the rows of ``resources`` and, for ``use_measured`` activities, their durations."""

    #: Every activity of the log (sorted): the frame's rows and the codes round 2 uses.
    activities: np.ndarray
    #: Per activity: measured durations win over the estimate (enough of them).
    use_measured: np.ndarray
    #: The sampled resources (sorted names); ``all_resources``: every one, so the estimate is exact.
    resources: np.ndarray
    all_resources: bool
    #: Per activity: rows with a resource; share of rows inside open work items.
    named: np.ndarray
    inside_share: np.ndarray


@dataclass(frozen=True, eq=False)
class HandlingSample:
    """Round 2 of one partition: each row of a sampled resource as the gap rule reads it, and durations."""

    #: Completion (integer ns) and its local day; the previous completion in the case (NaT: none) and its day.
    end: np.ndarray
    day: np.ndarray
    in_case: np.ndarray
    in_case_day: np.ndarray
    #: Plan codes of the row's activity and resource.
    activity: np.ndarray
    resource: np.ndarray
    #: The row's case id is ``case_ids[case]``; within a case the rows come in the log's order.
    case: np.ndarray
    case_ids: np.ndarray
    #: Measured seconds of the ``use_measured`` activities, grouped by plan activity code.
    measured: HashSample
    #: Usable case gaps (:func:`~.handling.case_gap_seconds`) of rows without a resource, by plan activity code.
    case_gaps: HashSample

    def __len__(self) -> int:
        return len(self.end)


def partial_handling(part: ScoringPartition, settings: HandlingSettings = HandlingSettings()) -> HandlingCounts:
    """Round 1: per resource its rows, per activity its measured durations."""
    coded = part.coded
    k = len(coded.names)
    measured = measured_seconds(part.enriched)
    with_duration = (np.zeros(k, dtype=np.int64) if measured is None
                     else np.bincount(coded.activity[~np.isnan(measured)], minlength=k))
    rows = np.bincount(coded.resource + 1, minlength=len(coded.resources) + 1)[1:]  # code -1 (none) in slot 0
    inside = open_work_rows(coded.case, nanoseconds(part.enriched, coded), start_nanoseconds(part.enriched))
    return HandlingCounts(activities=coded.names, measured=with_duration, has_start_times=measured is not None,
                          resources=coded.resources, resource_rows=rows, rows=coded.activity_counts,
                          named=np.bincount(coded.activity[coded.resource >= 0], minlength=k),
                          inside=np.bincount(coded.activity[inside], minlength=k))


def _fitting(rows: np.ndarray, hashes: np.ndarray, budget: int) -> np.ndarray:
    """Which resources to sample: in hash order, each whose rows still fit in ``budget``."""
    if rows.sum() <= budget:
        return np.ones(len(rows), dtype=bool)
    taken, room = np.zeros(len(rows), dtype=bool), budget
    for resource in np.argsort(hashes, kind="stable"):  # a loop over resources, not rows
        if rows[resource] <= room:
            taken[resource], room = True, room - rows[resource]
    return taken


def plan_handling(counts: Sequence[HandlingCounts], settings: HandlingSettings = HandlingSettings()) -> HandlingPlan:
    """Merge round 1: which activities use measured durations, whose work to replay."""
    activities, per_activity = merge_named_counts(
        [c.activities for c in counts], [np.stack([c.measured, c.rows, c.named, c.inside], axis=1) for c in counts])
    measured = per_activity[:, 0]
    if any(c.has_start_times for c in counts):  # as estimate_handling: measured wins with enough durations
        use_measured = measured >= settings.min_samples
    else:
        use_measured = np.zeros(len(activities), dtype=bool)
    resources, rows = merge_named_counts([c.resources for c in counts], [c.resource_rows for c in counts])
    taken = _fitting(rows, name_hashes(resources), settings.max_sampled_rows)
    return HandlingPlan(activities=activities, use_measured=use_measured, resources=resources[taken],
                        all_resources=bool(taken.all()), named=per_activity[:, 2],
                        inside_share=per_activity[:, 3] / np.maximum(per_activity[:, 1], 1))


def _used_cases(cases: np.ndarray, n_cases: int) -> tuple[np.ndarray, np.ndarray]:
    """The case codes in ``cases`` (sorted) and each entry's position among them."""
    seen = np.zeros(n_cases, dtype=bool)
    seen[cases] = True
    used = np.flatnonzero(seen)
    renumber = np.zeros(n_cases, dtype=np.int32)
    renumber[used] = np.arange(len(used))
    return used, renumber[cases]


def sample_handling(part: ScoringPartition, plan: HandlingPlan,
                    settings: HandlingSettings = HandlingSettings()) -> HandlingSample:
    """Round 2: the sampled resources' rows, and the measured durations (by case hash)."""
    coded = part.coded
    activity_code = plan_codes(coded.names, plan.activities)
    resource = np.r_[plan_codes(coded.resources, plan.resources), -1][coded.resource]  # no resource: -1
    ts, days = nanoseconds(part.enriched, coded), coded.local_day
    inside = open_work_rows(coded.case, ts, start_nanoseconds(part.enriched))
    previous = previous_outside(coded, inside)
    rows = np.flatnonzero((resource >= 0) & ~inside)  # inside rows neither get nor start a gap
    before = previous[rows]
    has_before = before >= 0
    used, case = _used_cases(coded.case[rows], len(coded.case_labels))
    measured = measured_seconds(part.enriched)
    taken = (np.zeros(0, dtype=np.int64) if measured is None
             else np.flatnonzero(plan.use_measured[activity_code][coded.activity] & ~np.isnan(measured)))
    durations = hash_sample(activity_code[coded.activity[taken]], np.zeros(0) if measured is None else measured[taken],
                            part.row_hashes[taken], part.position_in_case[taken], settings.max_sampled_durations,
                            len(plan.activities))
    lone = np.flatnonzero((coded.resource < 0) & ~inside)
    lone_before = previous[lone]
    has = lone_before >= 0
    gaps = case_gap_seconds(ts[lone], np.where(has, ts[lone_before], NAT), days[lone],
                            np.where(has, days[lone_before], NAT), settings.max_gap_minutes * 60)
    usable = ~np.isnan(gaps)
    lone, gaps = lone[usable], gaps[usable]
    case_gaps = hash_sample(activity_code[coded.activity[lone]], gaps, part.row_hashes[lone], part.position_in_case[lone],
                            settings.max_sampled_durations, len(plan.activities))
    return HandlingSample(end=ts[rows], day=days[rows], in_case=np.where(has_before, ts[before], NAT),
                          in_case_day=np.where(has_before, days[before], NAT),
                          activity=activity_code[coded.activity[rows]].astype(np.int32),
                          resource=resource[rows].astype(np.int32), case=case,
                          case_ids=np.asarray(coded.case_labels[used], dtype=object), measured=durations,
                          case_gaps=case_gaps)


def _replayed_gaps(samples: Sequence[HandlingSample], limit: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Activity code, estimated seconds and resource code of every sampled row, each resource's rows
    replayed in the order of :func:`~.handling.estimate_handling`: completion time, then whole-log row order."""
    def joined(name: str, dtype) -> np.ndarray:
        return np.concatenate([getattr(s, name) for s in samples]) if samples else np.zeros(0, dtype)

    end, day, resource = joined("end", np.int64), joined("day", np.int64), joined("resource", np.int32)
    case_ids = joined("case_ids", object)
    rank = np.empty(len(case_ids), dtype=np.int64)
    rank[np.argsort(case_ids)] = np.arange(len(case_ids))  # cases are whole: the ids are distinct
    offsets = np.cumsum([0] + [len(s.case_ids) for s in samples])
    case = rank[joined("case", np.int32) + np.repeat(offsets[:-1], [len(s) for s in samples])]
    # whole-log order: by case id text, and within a case as each sample has its rows (sorted runs: a merge)
    in_log = np.argsort(case, kind="stable")
    order = group_time_order(resource[in_log], end[in_log], "ns")
    if order is None:  # too wide for one key: two stable passes
        by_time = np.argsort(end[in_log], kind="stable")
        order = by_time[stable_order(resource[in_log][by_time])]
    before = previous_row_in_group(resource, in_log[order])
    has_before = before >= 0
    in_case, by_resource = joined("in_case", np.int64), np.where(has_before, end[before], NAT)
    start_day = np.where(in_case >= by_resource, joined("in_case_day", np.int64), day[before])
    return joined("activity", np.int32), gap_seconds(end, in_case, by_resource, day, start_day, limit), resource


def finish_handling(plan: HandlingPlan, samples: Sequence[HandlingSample],
                    settings: HandlingSettings = HandlingSettings(), *,
                    automated: np.ndarray | None = None) -> pd.DataFrame:
    """The frame of :func:`~.handling.estimate_handling` from the partitions' samples."""
    return finish_handling_summary(plan, samples, settings, automated=automated)[0]


def finish_handling_summary(plan: HandlingPlan, samples: Sequence[HandlingSample],
                            settings: HandlingSettings = HandlingSettings(), *,
                            automated: np.ndarray | None = None
                            ) -> tuple[pd.DataFrame, dict[str, dict[str, list]]]:
    """:func:`~.handling.handling_summary` (the frame and the histograms) from the partitions' samples.

    ``automated``: per resource of ``plan.resources``, is it a machine account (no gap minutes).
    """
    k = len(plan.activities)
    activity, gaps, resource = _replayed_gaps(samples, settings.max_gap_minutes * 60)
    if automated is not None and automated.any():
        gaps[automated[resource]] = np.nan
    measured, with_duration = merge_hash_samples([s.measured for s in samples], settings.max_sampled_durations, k)
    lone, lone_counts = merge_hash_samples([s.case_gaps for s in samples], settings.max_sampled_durations, k)
    source = choose_evidence(plan.use_measured, np.bincount(activity[~np.isnan(gaps)], minlength=k), lone_counts,
                             plan.named, settings)
    estimated = source[activity] == 1
    lone_group = np.repeat(np.arange(k), lone_counts)
    by_case = source[lone_group] == 2
    groups = np.r_[activity[estimated], np.repeat(np.arange(k), with_duration), lone_group[by_case]]
    ordered, counts = group_sorted(groups, np.r_[gaps[estimated], measured, lone[by_case]], k)
    histograms = handling_histograms(plan.activities, ordered, counts, settings.min_samples)
    stats = activity_statistics(ordered, counts, estimate_quantiles(source, settings), estimate_floors(source, settings))
    return handling_frame(plan.activities, plan.use_measured, stats, settings, source, plan.inside_share), histograms
