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
from .handling import HandlingSettings, estimate_handling
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


def _labels(log: EventLog, completes: pd.DataFrame, column: str | None) -> pd.Series:
    """The most common readable label per activity (the activity name itself when none)."""
    names = completes["activity"].astype(str)
    if column is None:
        return pd.Series(sorted(names.unique()), index=sorted(names.unique()))
    labels = completes[column].astype("str")
    mode = pd.DataFrame({"a": names, "l": labels}).dropna().groupby(["a", "l"]).size()
    best = mode.sort_values(ascending=False).reset_index().drop_duplicates("a").set_index("a")["l"]
    return best.reindex(sorted(names.unique())).fillna(pd.Series(sorted(names.unique()), index=sorted(names.unique())))


def _count_table(rows: pd.Series, columns: pd.Series) -> pd.DataFrame:
    """Counts of (row, column) pairs; pd.crosstab falls back to a Python loop per group on pandas 3."""
    row_codes, row_labels = pd.factorize(rows, sort=True)
    column_codes, column_labels = pd.factorize(columns, sort=True)
    keep = (row_codes >= 0) & (column_codes >= 0)
    flat = row_codes[keep].astype(np.int64) * len(column_labels) + column_codes[keep]
    counts = np.bincount(flat, minlength=len(row_labels) * len(column_labels)).reshape(len(row_labels), len(column_labels))
    used_rows, used_columns = counts.any(axis=1), counts.any(axis=0)
    return pd.DataFrame(counts[used_rows][:, used_columns].astype(np.int64),
                        index=pd.Index(row_labels)[used_rows], columns=pd.Index(column_labels)[used_columns])


def _standardisation(instances: pd.DataFrame) -> pd.Series:
    """1 - normalised entropy of each activity's predecessors and successors, averaged."""
    activity = instances["activity"].astype(str)
    by_case = activity.groupby(instances["case_id"].to_numpy(), sort=False)
    previous = by_case.shift(1).fillna("(start)")
    following = by_case.shift(-1).fillna("(end)")
    norm = np.log2(activity.nunique() + 2)

    def entropy(neighbours: pd.Series) -> pd.Series:
        counts = _count_table(activity, neighbours)
        p = counts.div(counts.sum(axis=1), axis=0)
        return -(p * np.log2(p.where(p > 0, 1))).sum(axis=1)

    return (1 - (entropy(previous) + entropy(following)) / (2 * norm)).clip(0, 1)


def _monthly_variability(instances: pd.DataFrame) -> pd.Series:
    month = instances["timestamp"].dt.tz_convert(None).dt.to_period("M")
    counts = _count_table(instances["activity"].astype(str), month)
    if counts.shape[1] < 3:
        return pd.Series(np.nan, index=counts.index)
    counts = counts.iloc[:, 1:-1] if counts.shape[1] > 4 else counts  # first/last month are partial
    return (counts.std(axis=1) / counts.mean(axis=1)).where(counts.mean(axis=1) > 0)


def build_features(log: EventLog, instances: pd.DataFrame, settings: FeatureSettings = FeatureSettings()) -> pd.DataFrame:
    """Per activity (index ``activity``): volume, handling, workload, criteria measures, flags."""
    date_only = log.timestamp_precision == "date"
    # Clock-time signals need real times of day on (nearly) every event.
    no_clock = log.timestamp_precision != "time"
    activity = instances["activity"].astype(str)
    span = (instances["timestamp"].max() - instances["timestamp"].min()).total_seconds()
    years = max(span / SECONDS_PER_YEAR, 1 / 12)
    out = pd.DataFrame(index=pd.Index(sorted(activity.unique()), name="activity"))
    out["events"] = activity.value_counts()
    out["cases"] = instances.groupby(activity, observed=True)["case_id"].nunique()
    out["case_coverage"] = (out["cases"] / max(log.n_cases, 1)).round(4)
    out["events_per_year"] = (out["events"] / years).round(1)
    out["distinct_resources"] = instances.groupby(activity)["resource"].nunique()

    handling = estimate_handling(instances, timezone=log.timezone, settings=settings.handling)
    if date_only:  # gaps between dates say nothing about minutes of work
        handling.loc[~handling["handling_measured"], ["handling_minutes", "handling_variability", "handling_p90_minutes"]] = np.nan
    out = out.join(handling)
    for name, minutes in settings.handling_minutes.items():
        if name in out.index:
            out.loc[name, ["handling_minutes", "handling_measured"]] = [float(minutes), True]
    out["workload_hours_per_year"] = (out["events_per_year"] * out["handling_minutes"] / 60).round(1)

    out["standardisation"] = _standardisation(instances).round(3)
    attributes = [c for c in instances.columns if c not in ("case_id", "activity", "resource", "timestamp",
                                                            "start_timestamp", "source_row", "lifecycle")]
    rules = measure_rule_basedness(instances, log.cases, instances[attributes] if attributes else None,
                                   settings=settings.rules)
    out = out.join(rules)
    out = out.join(measure_timing(instances, timezone=log.timezone, date_only=no_clock, settings=settings.timing))
    # A timer rule ("a reminder exactly 14 days after the request, when no answer came") is a rule the
    # attributes cannot show, since its trigger is an absent event: its regularity counts as rule evidence.
    timer_evidence = out["timer_share"].where(out["timer_rule"])
    out["rule_basedness"] = pd.concat([out["rule_basedness"], timer_evidence], axis=1).max(axis=1, skipna=True).round(3)

    repeat = instances.groupby([instances["case_id"].to_numpy(), activity.to_numpy()]).cumcount() > 0
    out["exception_share"] = repeat.groupby(activity.to_numpy()).mean().round(3)
    out["volume_variability"] = _monthly_variability(instances).round(3)
    out["variability"] = out[["handling_variability", "volume_variability"]].mean(axis=1, skipna=True).round(3)

    accounts = classify_accounts(instances, timezone=log.timezone, date_only=no_clock, settings=settings.automation)
    automated_names = set(accounts.index[accounts["automated"]]) if len(accounts) else set()
    with_resource = instances["resource"].notna()
    is_auto = instances["resource"].astype(str).isin(automated_names) & with_resource
    out["automation_rate"] = is_auto.groupby(activity).sum().div(with_resource.groupby(activity).sum()).round(3)
    out["resource_share"] = with_resource.groupby(activity).mean().round(3)

    label_attr = label_column(log, settings)
    out["label"] = _labels(log, instances.assign(**({label_attr: instances[label_attr]} if label_attr else {})), label_attr)
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
