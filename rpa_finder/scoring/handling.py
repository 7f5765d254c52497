# SPDX-License-Identifier: AGPL-3.0-or-later
"""Handling time per activity: measured where the log has start times, otherwise estimated, with a range.

Estimation follows Chapela-Campa and Dumas: a step cannot start before its resource finished the
previous step (in any case) nor before the previous step of its own case finished, so
``start ~ max(previous completion by the same resource, previous completion in the case)``.  Gaps
longer than a break (``max_gap_minutes``), gaps that cross midnight (nights, weekends and holidays:
the resource's working calendar as the log shows it), and zero gaps (bulk or batch registration) are
not handling time and are left out.  What we add, measured against the generator's truth
(``bench/handling_accuracy.py``, docs/scoring.md "Handling time and its error"):

* such a gap is an upper bound of the work (idle time between sparse tasks is in it), so the point
  estimate is a low quantile of an activity's gaps (``estimate_quantile``), not their median;
* an event without a start of its own recorded while a started work item of the same case is open
  (a status change the case system writes during that work) gets no handling and starts no gap: its
  minutes are the work item's, and summed hours must not count them twice;
* accounts classified as machines (:func:`~.automation.classify_accounts`) get no gap minutes;
* rows without a resource get the gap to their case's previous completion only where an activity
  has too few resource gaps ("estimated_without_resources"), a much rougher figure;
* every figure carries a range: the median's order-statistic interval where measured, otherwise the
  error factors measured for its kind of evidence (``range_with_resources``/``range_without_resources``).

An activity with too few usable gaps has no handling time (NaN): unmeasurable, not invented.

It runs in two rounds over partitions of whole cases (the whole log in one process is one partition).
A step's start depends on the previous completion by its resource in *any* case, and case partitions
split a resource's work.  So round 1 (:func:`partial_handling`) counts each resource's rows; the plan
(:func:`plan_handling`) picks whole resources, in the order of a hash of their name, each that still
fits ``max_sampled_rows`` (all of them below it); round 2 (:func:`sample_handling`) sends every row of
a picked resource with what the gap rule reads, and the client replays each resource's rows in
whole-log order.  Measured durations need no replay: per activity, those of the cases with the
smallest case-id hashes (``max_sampled_durations``); so do the case gaps of rows without a resource.
Which rows are inside an open work item of their case is decided within the partition (cases are
whole); such rows are not sent and count per activity in round 1.  Machine accounts' gaps are dropped
at the end.  All are exact below their budgets; above them ``handling_samples`` counts the sampled
values the figures come from.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..mining.partitions import stable_order
from .instance_codes import CodedInstances, code_instances
from .partition import ScoringPartition
from .rows import NAT, PER_SECOND, seconds_between
from .sampling import NO_BUDGET, HashSample, hash_sample, merge_hash_samples, merge_named_counts, name_hashes, plan_codes
from .sorting import group_sorted, group_time_order

__all__ = ["HandlingSettings", "handling_seconds", "HANDLING_COLUMNS", "EVIDENCE", "handling_summary",
           "handling_histograms", "open_work_rows", "previous_outside", "previous_in_time", "calibrate_handling",
           "automated_resources", "HandlingCounts", "HandlingPlan", "HandlingSample", "partial_handling",
           "plan_handling", "sample_handling", "finish_handling_summary"]

HANDLING_COLUMNS = ("handling_minutes", "handling_measured", "handling_samples", "handling_variability",
                    "handling_p90_minutes", "handling_minutes_low", "handling_minutes_high", "handling_evidence",
                    "inside_work_share")
#: Kinds of evidence behind ``handling_minutes``; ``given`` and ``calibrated`` come from the user's
#: timed steps (:func:`~.features.assemble_features`).
EVIDENCE = ("measured", "estimated_with_resources", "estimated_without_resources", "given", "calibrated")


@dataclass(frozen=True)
class HandlingSettings:
    #: A gap longer than this is a break or other work, not handling of this step.
    max_gap_minutes: float = 120.0
    #: Fewer usable samples than this: handling time unknown.
    min_samples: int = 5
    #: From case partitions: at most this many rows of whole resources are
    #: replayed for the estimate, and this many measured durations per activity are kept; exact below.
    max_sampled_rows: int = 5_000_000
    max_sampled_durations: int = 1_000_000
    #: The estimate is this quantile of an activity's gaps: a gap holds the work plus any idle time
    #: before it, so its lower part is the work (chosen on seeds 1-3 of bench/handling_accuracy.py).
    estimate_quantile: float = 0.1
    #: The same for case gaps of rows without a resource, which also hold the wait in the queue.
    estimate_quantile_without_resources: float = 0.05
    #: (below, above): the estimate divided / multiplied by these contains the true median for >= 90 %
    #: of the generator's human activities with an estimate (people doing one thing at a time or
    #: several at once; seeds 1-3: 97 % of log errors lie within them).  Resource gaps: wide above,
    #: since where people keep several items open, gaps between completions are far shorter than
    #: the work.  Case gaps: wide below, since they still hold some of the queue's wait.
    range_with_resources: tuple[float, float] = (2.0, 18.0)
    range_without_resources: tuple[float, float] = (8.0, 2.0)
    #: An activity with at least this share of its instances inside open work items has no handling
    #: of its own: ``handling_minutes`` 0 (its time is the work item's).
    inside_work_threshold: float = 0.9
    #: Range factor (both ways) of an estimate scaled by the user's timed steps (evidence "calibrated"),
    #: widened to exp(``calibration_spread`` x the largest distance of a timed step's log ratio from
    #: their median): timed steps that disagree show that this log's error differs from step to step.
    calibrated_range: float = 3.0
    calibration_spread: float = 3.0
    #: A gap under ``burst_seconds`` is a burst of recording (steps entered after the fact, several at
    #: once, as in BPIC15), not work: it is left out of the estimate, like a zero gap.  An activity with
    #: more than ``burst_share`` of its gaps in bursts has no estimate: its gaps say nothing about the
    #: work, so its handling is unknown rather than a few seconds.
    burst_seconds: float = 30.0
    burst_share: float = 0.5


def previous_row_in_group(codes: np.ndarray, order: np.ndarray) -> np.ndarray:
    """The previous row of the same group (``order`` gives the row order), or -1."""
    sorted_codes = codes[order]
    previous = np.full(len(codes), -1, dtype=np.int64)
    if len(codes) > 1:
        same = (sorted_codes[1:] == sorted_codes[:-1]) & (sorted_codes[1:] >= 0)
        previous[order[1:]] = np.where(same, order[:-1], -1)
    return previous


def previous_in_time(group: np.ndarray, time: np.ndarray, unit: str) -> np.ndarray:
    """Each row's previous row of its group by ``time``, ties by row order (-1: none; group -1 rows
    neither have nor are one): a resource's previous completion, in any case."""
    order = group_time_order(group, time, unit)
    if order is None:  # too wide for one key: two stable passes, cheaper than lexsort's three keys
        by_time = np.argsort(time, kind="stable")
        order = by_time[stable_order(group[by_time])]
    return previous_row_in_group(group, order)


def gap_seconds(end: np.ndarray, in_case: np.ndarray, by_resource: np.ndarray, day: np.ndarray,
                start_day: np.ndarray, limit: float) -> np.ndarray:
    """Estimated handling seconds (NaN: no usable gap) of steps completed at ``end`` (integer ns, local
    ``day``), from the completions before them in their case (``in_case``) and by their resource
    (``by_resource``; NaT: none).  ``start_day``: the local day of the later of the two (the case's on a
    tie), where the step started.

    """
    # start: the later of the two (NaT is min int64: the other one wins)
    gap = (end - np.maximum(in_case, by_resource)) / 1e9
    # a usable gap has a previous step by the same resource (so a start), on the same local day
    usable = (by_resource != NAT) & (start_day == day)
    usable &= (gap > 0) & (gap <= limit)
    gap[~usable] = np.nan
    return gap


def case_gap_seconds(end: np.ndarray, in_case: np.ndarray, day: np.ndarray, in_case_day: np.ndarray,
                     limit: float) -> np.ndarray:
    """Seconds from the case's previous completion (NaT: none) to ``end`` on the same local day, within
    ``limit`` (NaN otherwise): the only gap a row without a resource has."""
    gap = (end - in_case) / 1e9
    gap[~((in_case != NAT) & (in_case_day == day) & (gap > 0) & (gap <= limit))] = np.nan
    return gap


def nanoseconds(table: pd.DataFrame, coded: CodedInstances) -> np.ndarray:
    """Completion times as integer nanoseconds (NaT: min int64), the unit the gap rule reads."""
    return coded.timestamp if coded.unit == "ns" else table["timestamp"].dt.as_unit("ns").array.asi8


def start_nanoseconds(table: pd.DataFrame) -> np.ndarray | None:
    """Start times as integer nanoseconds (NaT: min int64); None when the table has none."""
    if "start_timestamp" not in table.columns or table["start_timestamp"].isna().all():
        return None
    return table["start_timestamp"].dt.as_unit("ns").array.asi8


def open_work_rows(case: np.ndarray, end: np.ndarray, start: np.ndarray | None) -> np.ndarray:
    """Rows without a start of their own completed while a started work item of the same case is open
    (after its start, at or before its completion): status changes recorded during that work.

    One sweep: each work item adds one at its start and takes it back at its completion; a row is inside
    when the running count of its case is positive at its time.  Every case's items balance, so sorting
    by case resets the count at each case.
    """
    inside = np.zeros(len(case), dtype=bool)
    if start is None:
        return inside
    has_start = start != NAT
    item = np.flatnonzero(has_start & (end != NAT) & (case >= 0) & (start <= end))
    query = np.flatnonzero(~has_start & (end != NAT) & (case >= 0))
    if not len(item) or not len(query):
        return inside
    cases = np.r_[case[item], case[query], case[item]]
    times = np.r_[start[item], end[query], end[item]]
    kind = np.r_[np.ones(len(item), np.int8), np.zeros(len(query), np.int8), np.full(len(item), 2, np.int8)]
    order = np.lexsort((kind, times, cases))  # at one time: the row first, then starts, then completions
    depth = np.cumsum(np.r_[np.ones(len(item), np.int32), np.zeros(len(query), np.int32),
                            np.full(len(item), -1, np.int32)][order])
    at = np.flatnonzero(kind[order] == 0)
    inside[query[order[at] - len(item)]] = depth[at] > 0
    return inside


def previous_outside(coded: CodedInstances, inside: np.ndarray) -> np.ndarray:
    """Each row's previous row in its case that is not ``inside`` an open work item (-1: none)."""
    if not inside.any():
        return coded.previous
    order = coded.by_case
    position = np.arange(len(order))
    last = np.maximum.accumulate(np.where(inside[order], -1, position))  # last outside row at or before
    before = np.r_[-1, last[:-1]]
    first = np.maximum.accumulate(np.where(coded.continues, 0, position))  # the case's first position
    previous = np.full(len(order), -1, dtype=np.int64)
    previous[order] = np.where(before >= first, order[np.maximum(before, 0)], -1)
    return previous


def _seconds_between(later: pd.Series, earlier: pd.Series) -> pd.Series:
    """``(later - earlier).dt.total_seconds()``; on integers when both have one unit (no timedelta objects)."""
    if later.dtype != earlier.dtype:
        return (later - earlier).dt.total_seconds()
    seconds = seconds_between(later.array.asi8, earlier.array.asi8, PER_SECOND[later.dtype.unit])
    return pd.Series(seconds, index=later.index)


def measured_seconds(instances: pd.DataFrame) -> np.ndarray | None:
    """Start to completion seconds per row (NaN: negative or unknown); None when the log has no start times."""
    if "start_timestamp" not in instances.columns or instances["start_timestamp"].isna().all():
        return None
    measured = _seconds_between(instances["timestamp"], instances["start_timestamp"]).to_numpy(copy=True)
    measured[measured < 0] = np.nan
    return measured


def _statistics(values: np.ndarray) -> tuple[float, float, float, int, float]:
    """Median, mean, std (n - 1), count and 0.9 quantile of ``values`` (sorted in place; NaN dropped).

    What pandas' groupby ``agg`` and ``quantile(0.9)`` (linear: truncate, then interpolate) give.
    """
    values = values[~np.isnan(values)]
    n = len(values)
    if not n:
        return np.nan, np.nan, np.nan, 0, np.nan
    values.sort()
    median = (values[(n - 1) // 2] + values[n // 2]) / 2
    position = 0.9 * (n - 1)
    below, frac = int(position), position % 1
    p90 = values[below] if frac == 0 else values[below] + (values[below + 1] - values[below]) * frac
    return median, values.mean(), values.std(ddof=1) if n > 1 else np.nan, n, p90


def _quantile(values: np.ndarray, q: float) -> float:
    """Linear-interpolation quantile of sorted ``values`` (what ``Series.quantile`` gives)."""
    position = q * (len(values) - 1)
    below, frac = int(position), position % 1
    return values[below] if frac == 0 else values[below] + (values[below + 1] - values[below]) * frac


def _range_statistics(values: np.ndarray, q: float) -> tuple[float, float, float]:
    """The ``q`` quantile of sorted ``values`` (NaN last) and the median's 95 % order-statistic interval
    (ranks n/2 -+ 1.96 sqrt(n)/2)."""
    n = int(np.count_nonzero(~np.isnan(values)))
    if not n:
        return np.nan, np.nan, np.nan
    values = values[:n]
    spread = 1.96 * np.sqrt(n) / 2
    low, high = max(int(np.floor(n / 2 - spread)), 0), min(int(np.ceil(n / 2 + spread)), n - 1)
    return _quantile(values, q), values[low], values[high]


def activity_statistics(ordered: np.ndarray, counts: np.ndarray, quantile: float | np.ndarray = 0.25,
                        floor: float | np.ndarray = 0.0) -> pd.DataFrame:
    """:func:`_statistics` per activity of handling seconds grouped by activity (``counts`` per code, in
    code order), plus the ``quantile`` (one, or one per activity) and the median's interval, over the
    seconds at or above ``floor`` (one, or one per activity); ``short_share``: the share of the
    seconds below it."""
    rows = []
    quantiles = np.broadcast_to(np.asarray(quantile, dtype=float), (len(counts),))
    floors = np.broadcast_to(np.asarray(floor, dtype=float), (len(counts),))
    for end, count, q, low in zip(np.cumsum(counts), counts, quantiles, floors):
        values = ordered[end - count:end]
        known = values[~np.isnan(values)]
        short = np.count_nonzero(known < low) / len(known) if len(known) else np.nan
        if low > 0:
            values = known[known >= low]
        head = _statistics(values)
        values.sort()  # NaN last
        rows.append(head + _range_statistics(values, q) + (short,))
    return pd.DataFrame(rows, columns=["median", "mean", "std", "count", "p90", "quantile", "median_low",
                                       "median_high", "short_share"])


def estimate_floors(source: np.ndarray, settings: HandlingSettings) -> np.ndarray:
    """Per activity, the shortest gap that can be work (:func:`choose_evidence` ``source``): measured
    durations keep every value; a gap under ``burst_seconds`` is a burst of recording, not work."""
    return np.where(source == 0, 0.0, settings.burst_seconds)


def estimate_quantiles(source: np.ndarray, settings: HandlingSettings) -> np.ndarray:
    """Per activity, the quantile of its seconds that is the estimate (:func:`choose_evidence` ``source``)."""
    return np.where(source == 2, settings.estimate_quantile_without_resources, settings.estimate_quantile)


def choose_evidence(use_measured: np.ndarray, resource_gaps: np.ndarray, case_gaps: np.ndarray,
                    named: np.ndarray, settings: HandlingSettings) -> np.ndarray:
    """Per activity, which seconds the figures come from: 0 measured, 1 resource gaps, 2 case gaps.

    Resource gaps win when there are ``min_samples`` of them; case gaps (rows without a resource) only
    then; an activity with neither is left to its resources' gaps (too few: NaN) if it has any named row.
    """
    enough_resource = resource_gaps >= settings.min_samples
    by_case = ~enough_resource & ((case_gaps >= settings.min_samples) | (named == 0))
    return np.where(use_measured, 0, np.where(by_case, 2, 1))


def handling_frame(names: np.ndarray, use_measured: np.ndarray, stats: pd.DataFrame,
                   settings: HandlingSettings, source: np.ndarray | None = None,
                   inside_share: np.ndarray | None = None) -> pd.DataFrame:
    """The per-activity handling columns from :func:`activity_statistics` (an activity with too few
    samples has no figures).

    ``source``: :func:`choose_evidence` per activity (default: measured or resource gaps);
    ``inside_share``: share of each activity's rows inside open work items (default none).
    """
    k = len(names)
    source = np.where(use_measured, 0, 1) if source is None else source
    inside_share = np.zeros(k) if inside_share is None else inside_share
    measured = source == 0
    bursts = ~measured & (stats["short_share"].to_numpy() > settings.burst_share)
    enough = (stats["count"] >= settings.min_samples).to_numpy() & ~bursts
    point = np.where(measured, stats["median"], stats["quantile"])
    below = np.where(source == 2, settings.range_without_resources[0], settings.range_with_resources[0])
    above = np.where(source == 2, settings.range_without_resources[1], settings.range_with_resources[1])
    low = np.where(measured, stats["median_low"], point / below)
    high = np.where(measured, stats["median_high"], point * above)
    inside_only = inside_share >= settings.inside_work_threshold
    out = pd.DataFrame(index=pd.Index(names, name="activity", dtype="str"))

    def minutes(seconds) -> np.ndarray:
        values = np.where(enough, np.asarray(seconds, dtype=float) / 60, np.nan)
        return np.round(np.where(inside_only, 0.0, values), 2)

    out["handling_minutes"] = minutes(point)
    out["handling_measured"] = use_measured
    out["handling_samples"] = stats["count"].astype(int).to_numpy()
    out["handling_variability"] = (stats["std"] / stats["mean"]).where(enough & (stats["mean"] > 0)).round(3).to_numpy()
    out["handling_p90_minutes"] = minutes(stats["p90"])
    out["handling_minutes_low"] = minutes(low)
    out["handling_minutes_high"] = minutes(high)
    evidence = np.asarray(EVIDENCE[:3], dtype=object)[source]
    evidence[inside_only] = "measured"  # the log's start/complete pairs say its time is the work item's
    out["handling_evidence"] = pd.Series(evidence, index=out.index, dtype="str")
    out["inside_work_share"] = np.round(inside_share, 4)
    return out


def handling_histograms(names: np.ndarray, ordered: np.ndarray, counts: np.ndarray,
                        min_samples: int = 5) -> dict[str, dict[str, list]]:
    """Per activity with ``min_samples`` or more handling seconds (grouped by activity code, ``counts``
    per code; NaN: none): a histogram in minutes, ``bins_minutes`` (edges) and ``counts``."""
    out = {}
    for name, end, count in zip(names, np.cumsum(counts), counts):
        values = ordered[end - count:end]
        values = values[~np.isnan(values)]
        if len(values) < min_samples:
            continue
        tally, edges = np.histogram(values / 60.0, bins=int(min(12, max(3, np.sqrt(len(values))))))
        out[str(name)] = {"bins_minutes": [round(float(e), 2) for e in edges], "counts": [int(c) for c in tally]}
    return out


def calibrate_handling(frame: pd.DataFrame, given: dict[str, float],
                       settings: HandlingSettings = HandlingSettings()) -> pd.DataFrame:
    """The handling columns with the user's timed steps (``given``: activity -> minutes) applied.

    A timed activity takes its minutes as they are (evidence ``given``, a range of that one value).
    The other *estimated* activities are scaled by the median ratio given / estimated over the timed
    activities that had an estimate (evidence ``calibrated``): the timed steps show how far this log's
    gaps are from the work, an error shared by the log's people and calendar.  Their range narrows to
    ``calibrated_range``, widened when the timed ratios disagree (``calibration_spread``).
    Measured activities stay as they are.
    """
    out = frame.copy()
    given = {name: float(minutes) for name, minutes in given.items() if name in out.index}
    if not given:
        return out
    names = list(given)
    estimated = out["handling_evidence"].str.startswith("estimated").to_numpy()
    timed = out.index.isin(names)
    reference = out.loc[names, "handling_minutes"]
    usable = (out.loc[names, "handling_evidence"].str.startswith("estimated") & (reference > 0)).to_numpy()
    ratios = np.log(np.array([given[name] for name in names])[usable] / reference.to_numpy()[usable])
    out.loc[names, ["handling_minutes", "handling_minutes_low", "handling_minutes_high"]] = np.repeat(
        np.array([given[name] for name in names])[:, None], 3, axis=1)
    out.loc[names, "handling_measured"] = True
    out.loc[names, "handling_evidence"] = "given"
    if not len(ratios):
        return out
    scale = float(np.median(ratios))
    half = max(np.log(settings.calibrated_range), float(np.abs(ratios - scale).max()) * settings.calibration_spread)
    others = estimated & ~timed & out["handling_minutes"].notna().to_numpy()
    minutes = out.loc[others, "handling_minutes"] * np.exp(scale)
    out.loc[others, "handling_minutes"] = minutes.round(2)
    out.loc[others, "handling_p90_minutes"] = (out.loc[others, "handling_p90_minutes"] * np.exp(scale)).round(2)
    out.loc[others, "handling_minutes_low"] = (minutes / np.exp(half)).round(2)
    out.loc[others, "handling_minutes_high"] = (minutes * np.exp(half)).round(2)
    out.loc[others, "handling_evidence"] = "calibrated"
    return out


def automated_resources(resources: np.ndarray, accounts: pd.DataFrame) -> np.ndarray:
    """Per name in ``resources``: does :func:`~.automation.classify_accounts` call it a machine account?"""
    if not len(accounts):
        return np.zeros(len(resources), dtype=bool)
    return accounts["automated"].reindex(pd.Index(resources, dtype="str"), fill_value=False).to_numpy(dtype=bool)



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
    if any(c.has_start_times for c in counts):  # measured wins with enough durations
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
    return _sample_rows(part, plan, settings)[0]


def _sample_rows(part: ScoringPartition, plan: HandlingPlan,
                 settings: HandlingSettings) -> tuple[HandlingSample, np.ndarray, np.ndarray]:
    """:func:`sample_handling`, the partition's rows its ``end`` entries are, and those its ``case_gaps`` are."""
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
    sample = HandlingSample(end=ts[rows], day=days[rows], in_case=np.where(has_before, ts[before], NAT),
                            in_case_day=np.where(has_before, days[before], NAT),
                            activity=activity_code[coded.activity[rows]].astype(np.int32),
                            resource=resource[rows].astype(np.int32), case=case,
                              case_ids=np.asarray(coded.case_labels[used], dtype=object), measured=durations,
                              case_gaps=case_gaps)
    return sample, rows, lone


def _replayed_gaps(samples: Sequence[HandlingSample], limit: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Activity code, estimated seconds and resource code of every sampled row, each resource's rows
    replayed in completion time, then whole-log row order."""
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
    in_order = previous_in_time(resource[in_log], end[in_log], "ns")
    before = np.full(len(end), -1, dtype=np.int64)
    before[in_log] = np.where(in_order >= 0, in_log[np.maximum(in_order, 0)], -1)
    has_before = before >= 0
    in_case, by_resource = joined("in_case", np.int64), np.where(has_before, end[before], NAT)
    start_day = np.where(in_case >= by_resource, joined("in_case_day", np.int64), day[before])
    return joined("activity", np.int32), gap_seconds(end, in_case, by_resource, day, start_day, limit), resource


def finish_handling_summary(plan: HandlingPlan, samples: Sequence[HandlingSample],
                            settings: HandlingSettings = HandlingSettings(), *,
                            automated: np.ndarray | None = None
                            ) -> tuple[pd.DataFrame, dict[str, dict[str, list]]]:
    """Per activity the :data:`HANDLING_COLUMNS`, and the histograms of the same seconds, from the samples.

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


def _whole(instances: pd.DataFrame, timezone: str, settings: HandlingSettings,
           coded: CodedInstances | None) -> tuple[ScoringPartition, HandlingPlan, HandlingSettings]:
    """``instances`` as one partition (no log: the handling rounds read none), its plan, no budget."""
    whole = ScoringPartition(log=None, instances=instances, enriched=instances,
                             coded=coded or code_instances(instances, timezone))
    settings = replace(settings, max_sampled_rows=NO_BUDGET, max_sampled_durations=NO_BUDGET)
    return whole, plan_handling([partial_handling(whole, settings)], settings), settings


def _by_plan(automated: np.ndarray | None, resources: np.ndarray, plan: HandlingPlan) -> np.ndarray | None:
    """``automated`` per code of ``resources`` -> per resource of ``plan``."""
    return None if automated is None else automated[pd.Index(resources).get_indexer(plan.resources)]


def handling_summary(instances: pd.DataFrame, *, timezone: str = "Europe/Helsinki",
                     settings: HandlingSettings = HandlingSettings(),
                     coded: CodedInstances | None = None,
                     automated: np.ndarray | None = None) -> tuple[pd.DataFrame, dict[str, dict[str, list]]]:
    """Per activity of ``instances`` (in case order) the :data:`HANDLING_COLUMNS`, and the histograms.

    The rounds with every row as one partition.  ``automated``: per resource code of ``coded``, is it a
    machine account (its rows get no gap minutes).
    """
    whole, plan, settings = _whole(instances, timezone, settings, coded)
    return finish_handling_summary(plan, [sample_handling(whole, plan, settings)], settings,
                                   automated=_by_plan(automated, whole.coded.resources, plan))


def handling_seconds(instances: pd.DataFrame, *, timezone: str = "Europe/Helsinki",
                     settings: HandlingSettings = HandlingSettings(),
                     coded: CodedInstances | None = None, accounts: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per activity instance: ``measured`` and ``estimated`` handling seconds (NaN where unknown).

    The distribution behind :func:`handling_summary`, for histograms in the report; ``accounts``
    (:func:`~.automation.classify_accounts`) as scoring had them, so machine accounts get no estimate.
    ``estimated`` is the resource gap, or the case gap where the activity's figures come from those.
    """
    whole, plan, settings = _whole(instances, timezone, settings, coded)
    sample, rows, lone = _sample_rows(whole, plan, settings)
    activity, gaps, resource = _replayed_gaps([sample], settings.max_gap_minutes * 60)
    if accounts is not None:
        gaps[automated_resources(plan.resources, accounts)[resource]] = np.nan
    k = len(plan.activities)
    source = choose_evidence(plan.use_measured, np.bincount(activity[~np.isnan(gaps)], minlength=k),
                             np.bincount(sample.case_gaps.groups, minlength=k), plan.named, settings)
    by_case = (source[plan_codes(whole.coded.names, plan.activities)] == 2)[whole.coded.activity]
    estimated = np.full(len(instances), np.nan)
    estimated[rows] = np.where(by_case[rows], np.nan, gaps)
    estimated[lone] = np.where(by_case[lone], sample.case_gaps.values, np.nan)
    measured = measured_seconds(instances)
    return pd.DataFrame({"activity": instances["activity"],
                         "measured": np.full(len(instances), np.nan) if measured is None else measured,
                         "estimated": estimated}, index=instances.index)
