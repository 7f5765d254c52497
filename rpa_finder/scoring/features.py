# SPDX-License-Identifier: AGPL-3.0-or-later
"""The feature table: one row per activity, every raw measure the criteria and the savings need.

Each column is a measure, not a score; :class:`~rpa_finder.scoring.scorer.AutomationScorer` turns
the criteria's columns into scores.  ``unmeasurable`` lists, per activity, the criteria the data could
not support (date-only times, no resources, bulk registration), so the score leaves them out and the
report can say so.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..eventlog import EventLog
from .automation import AutomationSettings, no_unattributed
from .instance_codes import CodedInstances, labels_with, text_codes
from .handling import HandlingSettings, calibrate_handling
from .rows import count_pairs, row_slices
from .rules import RuleSettings
from .semantics import decides_matter, score_labels
from .timing import TimingSettings

__all__ = ["FeatureSettings", "FeatureInputs", "assemble_features", "label_column",
           "standardisation", "month_counts", "monthly_variability"]

SECONDS_PER_YEAR = 365.25 * 86400
#: Event attributes that carry a readable label where concept:name is a code (BPIC15).
LABEL_ATTRIBUTES = ("activityNameEN", "activity_label", "label", "activityNameNL")


@dataclass(frozen=True)
class FeatureSettings:
    handling: HandlingSettings = field(default_factory=HandlingSettings)
    rules: RuleSettings = field(default_factory=RuleSettings)
    timing: TimingSettings = field(default_factory=TimingSettings)
    automation: AutomationSettings = field(default_factory=AutomationSettings)
    #: Per-activity handling minutes given by the user; they win over measured and estimated ones.
    handling_minutes: dict[str, float] = field(default_factory=dict)
    #: Event attribute holding a readable label, if concept:name is a code; None: look for a known one.
    label_attribute: str | None = None


def label_column(log: EventLog, settings: FeatureSettings) -> str | None:
    if settings.label_attribute:
        return settings.label_attribute
    return next((c for c in LABEL_ATTRIBUTES if c in log.events.columns), None)


def label_counts(coded: CodedInstances, instances: pd.DataFrame, column: str | None) -> pd.Series | None:
    """Instances per (activity ``a``, readable label ``l``), in sorted pair order; None without a label column."""
    if column is None:
        return None
    label, labels = text_codes(instances[column], sort=True)
    keep = label >= 0
    counts = np.bincount(coded.activity[keep] * len(labels) + label[keep], minlength=len(coded.names) * len(labels))
    pair = np.flatnonzero(counts)  # (activity, label) pairs in sorted order, as a sorted groupby gives
    index = pd.MultiIndex.from_arrays([pd.Index(coded.names[pair // len(labels)], name="a"),
                                       pd.Index(labels[pair % len(labels)], name="l")])
    return pd.Series(counts[pair], index=index)


def most_common_labels(names: np.ndarray, counts: pd.Series | None) -> pd.Series:
    """The most common readable label per activity (the activity name itself when none).

    ``counts``: instances per (activity, label) in sorted pair order (:func:`label_counts`).
    """
    names = pd.Series(names, index=names)
    if counts is None:
        return names
    best = counts.sort_values(ascending=False).reset_index().drop_duplicates("a").set_index("a")["l"]
    return best.reindex(names.index).fillna(names)


def _count_frame(counts: np.ndarray, row_labels: np.ndarray, column_labels: np.ndarray) -> pd.DataFrame:
    """A (row, column) count matrix as a frame of its used rows and columns."""
    used_rows, used_columns = counts.any(axis=1), counts.any(axis=0)
    return pd.DataFrame(counts[used_rows][:, used_columns].astype(np.int64),
                        index=pd.Index(row_labels)[used_rows], columns=pd.Index(column_labels)[used_columns])


def standardisation(names: np.ndarray, previous_counts: np.ndarray, following_counts: np.ndarray) -> pd.Series:
    """1 - normalised entropy of each activity's predecessors and successors, averaged.

    ``previous_counts``/``following_counts``: rows per (activity, neighbour), as
    :attr:`CodedInstances.previous_counts` lays them out (column 0: no neighbour).
    """
    norm = np.log2(len(names) + 2)

    def entropy(pairs: np.ndarray, outside: str) -> pd.Series:
        labels, position, edge = labels_with(names, outside)
        columns = np.zeros(len(labels), dtype=np.int64)  # pairs' column of each label: 0 is ``outside``
        columns[position] = np.arange(1, len(names) + 1)
        columns[edge] = 0
        counts = _count_frame(pairs[:, columns], names, labels)
        p = counts.div(counts.sum(axis=1), axis=0)
        return -(p * np.log2(p.where(p > 0, 1))).sum(axis=1)

    both = entropy(previous_counts, "(start)") + entropy(following_counts, "(end)")
    return (1 - both / (2 * norm)).clip(0, 1)


def _utc_months(days: np.ndarray) -> np.ndarray:
    """Month number (months since 1970-01) of each UTC day number in ``days``."""
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def month_counts(coded: CodedInstances) -> tuple[np.ndarray, int]:
    """Rows per (activity, UTC month) with a time, and the number of the first column's month.

    Counted per (activity, UTC day), then summed into months on that small table: converting 10M
    timestamps to months row by row costs a second.
    """
    k = len(coded.names)
    activity = coded.activity if coded.all_timed else coded.activity[coded.timed]
    times = coded.timestamp if coded.all_timed else coded.timestamp[coded.timed]
    if not len(times):
        return np.zeros((k, 0), dtype=np.int64), 0
    per_day = 86400 * coded.per_second
    first_day, last_day = int(times.min()) // per_day, int(times.max()) // per_day
    n_days = last_day - first_day + 1
    if k * n_days > 2**22:  # a few far-off dates: count by month directly
        month = _utc_months(times // per_day)
        first, span = int(month.min()), int(month.max() - month.min()) + 1
        return count_pairs(activity, month, (k, span), shift=-first), first
    days = count_pairs(activity, times, (k, n_days), divide=per_day, shift=-first_day)
    month = _utc_months(np.arange(first_day, last_day + 1))
    return np.add.reduceat(days, np.flatnonzero(np.r_[True, month[1:] != month[:-1]]), axis=1), int(month[0])


def monthly_variability(names: np.ndarray, per_month: np.ndarray, first_month: int) -> pd.Series:
    """Coefficient of variation of each activity's monthly volume (full months only when there are enough).

    ``per_month``: rows per (activity, month), month ``first_month`` in column 0 (:func:`month_counts`).
    """
    if not per_month.shape[1]:
        return pd.Series(np.nan, index=pd.Index(names))
    counts = _count_frame(per_month, names, np.arange(first_month, first_month + per_month.shape[1]))
    if counts.shape[1] < 3:
        return pd.Series(np.nan, index=counts.index)
    counts = counts.iloc[:, 1:-1] if counts.shape[1] > 4 else counts  # first/last month are partial
    return (counts.std(axis=1) / counts.mean(axis=1)).where(counts.mean(axis=1) > 0)


def _monthly_variability(coded: CodedInstances) -> pd.Series:
    """:func:`monthly_variability` of the coded rows."""
    return monthly_variability(coded.names, *month_counts(coded))


def _per_activity(coded: CodedInstances, flags: np.ndarray) -> np.ndarray:
    """Count of true ``flags`` per activity."""
    if flags.all():  # every row (every row has a case, a resource): no 10M-row selection
        return coded.activity_counts
    return count_pairs(coded.activity, flags, (len(coded.names), 2))[:, 1]


def _distinct_per_activity(coded: CodedInstances, codes: np.ndarray, size: int) -> np.ndarray:
    """Number of distinct non-missing ``codes`` (< ``size``) per activity: groupby nunique."""
    k, size = len(coded.names), max(size, 1)
    if k * size > 8 * len(codes) + 2**20:  # too many pairs for a table of them: the distinct keys
        keep = codes >= 0
        return np.bincount(pd.unique(coded.activity[keep] * np.int64(size) + codes[keep]) // size, minlength=k)
    seen = np.zeros(k * size, dtype=bool)  # mark the (activity, code) pairs present, a slice of rows at a time
    for part in row_slices(len(codes)):
        keep = codes[part] >= 0
        key = coded.activity[part] * np.int64(size)
        key += codes[part]
        seen[key if keep.all() else key[keep]] = True
    return np.count_nonzero(seen.reshape(k, size), axis=1)


@dataclass(frozen=True, eq=False)
class FeatureInputs:
    """What the feature table is made of, per activity (``names``, sorted): counts and criterion frames.

    Filled from the counts merged over case partitions (:func:`~.feature_counts.base_inputs`; the whole
    log in one process is one partition), and made into the table by :func:`assemble_features`.
    """

    names: np.ndarray
    #: Per activity: instances, distinct cases, instances with a case, instances with a resource,
    #: instances by accounts classified as automated, distinct resources.
    events: np.ndarray
    cases: np.ndarray
    with_case: np.ndarray
    named: np.ndarray
    automated: np.ndarray
    distinct_resources: np.ndarray
    #: Rows per (activity, neighbour in the case), column 0 for none (:attr:`CodedInstances.previous_counts`).
    previous_counts: np.ndarray
    following_counts: np.ndarray
    #: Rows per (activity, UTC month), ``first_month`` in column 0.
    per_month: np.ndarray
    first_month: int
    #: The most common readable label per activity.
    labels: pd.Series
    #: the handling, rule-basedness and timing frames (:func:`~.handling.finish_handling_summary`,
    #: :func:`~.rules.finish_rules`, :func:`~.timing.finish_timing`).
    handling: pd.DataFrame
    rules: pd.DataFrame
    timing: pd.DataFrame
    #: Cases in the log, seconds from the first to the last completion, the log's timestamp precision.
    n_cases: int
    span_seconds: float
    precision: str
    #: :func:`classify_accounts`: one row per resource, whether it is a machine and why.
    accounts: pd.DataFrame
    #: Per activity, a histogram of the handling minutes behind ``handling`` (:func:`handling_histograms`).
    handling_histograms: dict
    #: :func:`classify_unattributed`: per activity with rows that have no resource, whether those rows
    #: behave like a machine (batch dates, night runs) and why.
    unattributed: pd.DataFrame = field(default_factory=no_unattributed)


def assemble_features(inputs: FeatureInputs, settings: FeatureSettings = FeatureSettings()) -> pd.DataFrame:
    """The feature table from its inputs: one implementation for every engine."""
    date_only = inputs.precision == "date"
    years = max(inputs.span_seconds / SECONDS_PER_YEAR, 1 / 12)
    out = pd.DataFrame(index=pd.Index(inputs.names, name="activity"))
    out["events"] = inputs.events
    out["cases"] = inputs.cases
    out["case_coverage"] = (out["cases"] / max(inputs.n_cases, 1)).round(4)
    out["events_per_year"] = (out["events"] / years).round(1)
    out["distinct_resources"] = inputs.distinct_resources

    handling = inputs.handling.copy()
    if date_only:  # gaps between dates say nothing about minutes of work
        handling.loc[~handling["handling_measured"], ["handling_minutes", "handling_variability", "handling_p90_minutes",
                                                      "handling_minutes_low", "handling_minutes_high"]] = np.nan
    # the user's timed steps win, and scale the other estimates of this log (evidence given / calibrated)
    out = out.join(calibrate_handling(handling, settings.handling_minutes, settings.handling))
    # instances recorded inside another open work item have no minutes of their own: not counted twice
    out["workload_hours_per_year"] = (out["events_per_year"] * (1 - out["inside_work_share"])
                                      * out["handling_minutes"] / 60).round(1)

    out["standardisation"] = standardisation(inputs.names, inputs.previous_counts, inputs.following_counts).round(3)
    out = out.join(inputs.rules)
    out = out.join(inputs.timing)
    # A timer rule ("a reminder exactly 14 days after the request, when no answer came") is a rule the
    # attributes cannot show, since its trigger is an absent event: its regularity counts as rule evidence.
    timer_evidence = out["timer_share"].where(out["timer_rule"])
    out["rule_basedness"] = pd.concat([out["rule_basedness"], timer_evidence], axis=1).max(axis=1, skipna=True).round(3)

    # repeats: instances after the first of their activity in their case (cumcount > 0)
    events = out["events"].to_numpy()
    repeats = inputs.with_case - out["cases"].to_numpy()
    out["exception_share"] = np.round(repeats / events, 3)
    out["volume_variability"] = monthly_variability(inputs.names, inputs.per_month, inputs.first_month).round(3)
    out["variability"] = out[["handling_variability", "volume_variability"]].mean(axis=1, skipna=True).round(3)

    # rows without a resource that behave like a machine count as automated work (and as attributed)
    machine = inputs.unattributed.loc[inputs.unattributed["automated"], "events"] if len(inputs.unattributed) else None
    unattributed = (np.zeros(len(out), dtype=np.int64) if machine is None
                    else machine.reindex(out.index, fill_value=0).to_numpy(dtype=np.int64))
    with np.errstate(invalid="ignore", divide="ignore"):
        out["automation_rate"] = np.round((inputs.automated + unattributed) / (inputs.named + unattributed), 3)
    out["automated_by_behaviour"] = unattributed > 0
    out["resource_share"] = np.round(inputs.named / events, 3)

    out["label"] = inputs.labels
    out["label_semantics"] = score_labels(out["label"]).to_numpy()
    out["decides_matter"] = decides_matter(out["label"]).to_numpy()

    unmeasurable = pd.Series([[] for _ in out.index], index=out.index)
    checks = {
        "workload": out["workload_hours_per_year"].isna(),
        "rule_basedness": out["rule_basedness"].isna(),
        "timing_regularity": out["timing_regularity"].isna(),
        "regular_handling": out["handling_variability"].isna(),
        "stability": out["volume_variability"].isna(),
        "label_semantics": out["label_semantics"].isna(),
    }
    for name, missing in checks.items():
        for act in out.index[missing.to_numpy()]:
            unmeasurable[act].append(name)
    out["unmeasurable"] = unmeasurable.map(lambda items: ";".join(items))
    out["automation_rate"] = out["automation_rate"].fillna(0.0)
    return out
