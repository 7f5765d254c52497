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
from .automation import AutomationSettings, classify_accounts
from .coded import CodedInstances, code_instances, labels_with, text_codes
from .handling import HandlingSettings, estimate_handling
from .rows import count_pairs, row_slices
from .rules import RuleSettings, measure_rule_basedness
from .semantics import decides_matter, score_labels
from .timing import TimingSettings, measure_timing

__all__ = ["FeatureSettings", "build_features", "label_column"]

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


def _labels(coded: CodedInstances, instances: pd.DataFrame, column: str | None) -> pd.Series:
    """The most common readable label per activity (the activity name itself when none)."""
    names = pd.Series(coded.names, index=coded.names)
    if column is None:
        return names
    label, labels = text_codes(instances[column], sort=True)
    keep = label >= 0
    counts = np.bincount(coded.activity[keep] * len(labels) + label[keep], minlength=len(names) * len(labels))
    pair = np.flatnonzero(counts)  # (activity, label) pairs in sorted order, as a sorted groupby gives
    index = pd.MultiIndex.from_arrays([pd.Index(coded.names[pair // len(labels)], name="a"),
                                       pd.Index(labels[pair % len(labels)], name="l")])
    mode = pd.Series(counts[pair], index=index)
    best = mode.sort_values(ascending=False).reset_index().drop_duplicates("a").set_index("a")["l"]
    return best.reindex(coded.names).fillna(names)


def _count_frame(counts: np.ndarray, row_labels: np.ndarray, column_labels: np.ndarray) -> pd.DataFrame:
    """A (row, column) count matrix as a frame of its used rows and columns."""
    used_rows, used_columns = counts.any(axis=1), counts.any(axis=0)
    return pd.DataFrame(counts[used_rows][:, used_columns].astype(np.int64),
                        index=pd.Index(row_labels)[used_rows], columns=pd.Index(column_labels)[used_columns])


def _standardisation(coded: CodedInstances) -> pd.Series:
    """1 - normalised entropy of each activity's predecessors and successors, averaged."""
    norm = np.log2(len(coded.names) + 2)

    def entropy(pairs: np.ndarray, outside: str) -> pd.Series:
        labels, position, edge = labels_with(coded.names, outside)
        columns = np.zeros(len(labels), dtype=np.int64)  # pairs' column of each label: 0 is ``outside``
        columns[position] = np.arange(1, len(coded.names) + 1)
        columns[edge] = 0
        counts = _count_frame(pairs[:, columns], coded.names, labels)
        p = counts.div(counts.sum(axis=1), axis=0)
        return -(p * np.log2(p.where(p > 0, 1))).sum(axis=1)

    both = entropy(coded.previous_counts, "(start)") + entropy(coded.following_counts, "(end)")
    return (1 - both / (2 * norm)).clip(0, 1)


def _utc_months(days: np.ndarray) -> np.ndarray:
    """Month number (months since 1970-01) of each UTC day number in ``days``."""
    return days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def _monthly_variability(coded: CodedInstances) -> pd.Series:
    """Coefficient of variation of each activity's monthly volume (full months only when there are enough).

    Counted per (activity, UTC day), then summed into months on that small table: converting 10M
    timestamps to months row by row costs a second.
    """
    k = len(coded.names)
    activity = coded.activity if coded.all_timed else coded.activity[coded.timed]
    times = coded.timestamp if coded.all_timed else coded.timestamp[coded.timed]
    if not len(times):
        return pd.Series(np.nan, index=pd.Index(coded.names))
    per_day = 86400 * coded.per_second
    first_day, last_day = int(times.min()) // per_day, int(times.max()) // per_day
    n_days = last_day - first_day + 1
    if k * n_days > 2**22:  # a few far-off dates: count by month directly
        month = _utc_months(times // per_day)
        first, span = int(month.min()), int(month.max() - month.min()) + 1
        per_month = count_pairs(activity, month, (k, span), shift=-first)
    else:
        days = count_pairs(activity, times, (k, n_days), divide=per_day, shift=-first_day)
        month = _utc_months(np.arange(first_day, last_day + 1))
        first, span = int(month[0]), int(month[-1] - month[0]) + 1
        per_month = np.add.reduceat(days, np.flatnonzero(np.r_[True, month[1:] != month[:-1]]), axis=1)
    counts = _count_frame(per_month, coded.names, np.arange(span))
    if counts.shape[1] < 3:
        return pd.Series(np.nan, index=counts.index)
    counts = counts.iloc[:, 1:-1] if counts.shape[1] > 4 else counts  # first/last month are partial
    return (counts.std(axis=1) / counts.mean(axis=1)).where(counts.mean(axis=1) > 0)


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


def build_features(log: EventLog, instances: pd.DataFrame, settings: FeatureSettings = FeatureSettings(),
                   *, coded: CodedInstances | None = None) -> pd.DataFrame:
    """Per activity (index ``activity``): volume, handling, workload, criteria measures, flags.

    ``coded``: the codes of ``instances`` when the caller has them (:func:`code_instances`).
    """
    coded = coded or code_instances(instances, log.timezone)
    date_only = log.timestamp_precision == "date"
    # Clock-time signals need real times of day on (nearly) every event.
    no_clock = log.timestamp_precision != "time"
    span = (instances["timestamp"].max() - instances["timestamp"].min()).total_seconds()
    years = max(span / SECONDS_PER_YEAR, 1 / 12)
    out = pd.DataFrame(index=pd.Index(coded.names, name="activity"))
    out["events"] = coded.activity_counts
    out["cases"] = _distinct_per_activity(coded, coded.case, len(coded.case_labels))
    out["case_coverage"] = (out["cases"] / max(log.n_cases, 1)).round(4)
    out["events_per_year"] = (out["events"] / years).round(1)
    out["distinct_resources"] = _distinct_per_activity(coded, coded.resource, len(coded.resources))

    handling = estimate_handling(instances, timezone=log.timezone, settings=settings.handling, coded=coded)
    if date_only:  # gaps between dates say nothing about minutes of work
        handling.loc[~handling["handling_measured"], ["handling_minutes", "handling_variability", "handling_p90_minutes"]] = np.nan
    out = out.join(handling)
    for name, minutes in settings.handling_minutes.items():
        if name in out.index:
            out.loc[name, ["handling_minutes", "handling_measured"]] = [float(minutes), True]
    out["workload_hours_per_year"] = (out["events_per_year"] * out["handling_minutes"] / 60).round(1)

    out["standardisation"] = _standardisation(coded).round(3)
    attributes = [c for c in instances.columns if c not in ("case_id", "activity", "resource", "timestamp",
                                                            "start_timestamp", "source_row", "lifecycle")]
    rules = measure_rule_basedness(instances, log.cases, instances[attributes] if attributes else None,
                                   settings=settings.rules, coded=coded)
    out = out.join(rules)
    out = out.join(measure_timing(instances, timezone=log.timezone, date_only=no_clock, settings=settings.timing,
                                  coded=coded))
    # A timer rule ("a reminder exactly 14 days after the request, when no answer came") is a rule the
    # attributes cannot show, since its trigger is an absent event: its regularity counts as rule evidence.
    timer_evidence = out["timer_share"].where(out["timer_rule"])
    out["rule_basedness"] = pd.concat([out["rule_basedness"], timer_evidence], axis=1).max(axis=1, skipna=True).round(3)

    # repeats: instances after the first of their activity in their case (cumcount > 0)
    events = out["events"].to_numpy()
    repeats = _per_activity(coded, coded.case >= 0) - out["cases"].to_numpy()
    out["exception_share"] = np.round(repeats / events, 3)
    out["volume_variability"] = _monthly_variability(coded).round(3)
    out["variability"] = out[["handling_variability", "volume_variability"]].mean(axis=1, skipna=True).round(3)

    accounts = classify_accounts(instances, timezone=log.timezone, date_only=no_clock, settings=settings.automation,
                                 coded=coded)
    automated = accounts["automated"].reindex(coded.resources, fill_value=False).to_numpy(dtype=bool)
    is_auto = np.r_[automated, False][coded.resource]  # code -1 (no resource) takes the last slot
    with_resource = coded.resource >= 0
    named = _per_activity(coded, with_resource)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["automation_rate"] = np.round(_per_activity(coded, is_auto) / named, 3)
    out["resource_share"] = np.round(named / events, 3)

    label_attr = label_column(log, settings)
    out["label"] = _labels(coded, instances, label_attr)
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
