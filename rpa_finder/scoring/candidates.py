# SPDX-License-Identifier: AGPL-3.0-or-later
"""From features to the ranked candidate table: routines, knock-outs, scores, savings, flags, reasons.

Knock-outs are listed with their status rather than ranked: a step that machines already do, or one
with too little work to pay for a robot, is not a new candidate, but a process developer still wants
to see that it was considered.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .criteria import CRITERIA
from .reasons import write_reason
from .savings import SavingsSettings, estimate_savings
from .scorer import AutomationScorer

__all__ = ["CandidateSettings", "routine_features", "rank_candidates", "CANDIDATE_COLUMNS"]

CANDIDATE_COLUMNS = (
    "rank", "kind", "activity", "label", "status", "score", *[f"score_{c.name}" for c in CRITERIA],
    *[f"contribution_{c.name}" for c in CRITERIA], "coverage", "steps",
    "events_per_year", "cases", "handling_minutes", "handling_measured", "workload_hours_per_year",
    "automation_rate", "hours_per_year_low", "hours_per_year", "hours_per_year_high", "fte",
    "savings_eur_low", "savings_eur_mid", "savings_eur_high", "net_savings_eur_mid",
    "payback_months", "payback_months_low", "payback_months_high", "rank_best", "rank_worst",
    "flags", "unmeasurable", "reason",
)
AVERAGED = ("standardisation", "rule_basedness", "timing_regularity", "exception_share", "variability",
            "handling_variability", "volume_variability",
            "label_semantics", "automation_rate")


@dataclass(frozen=True)
class CandidateSettings:
    #: At or above this share of events by system/batch/robot accounts: already automated.
    automated_share: float = 0.8
    #: Partly automated (flagged) from this share.
    partly_automated_share: float = 0.2
    #: Below these (handling hours a year, executions a year) the step is negligible for a robot.
    min_workload_hours: float = 10.0
    min_events_per_year: float = 50.0
    savings: SavingsSettings = field(default_factory=SavingsSettings)
    weights: dict[str, float] = field(default_factory=dict)
    language: str = "fi"


def routine_features(routines: pd.DataFrame, features: pd.DataFrame, years: float) -> pd.DataFrame:
    """Feature rows for routine candidates: volume from the chain's support, averages of its steps."""
    rows = []
    for steps, support in zip(routines["steps"], routines["support"]):
        part = features.loc[list(steps)]
        row = {column: part[column].mean() for column in AVERAGED}
        row["events_per_year"] = round(support / years, 1)
        row["cases"] = int(support)
        row["handling_minutes"] = part["handling_minutes"].sum(min_count=len(part))
        row["handling_measured"] = bool(part["handling_measured"].all())
        row["workload_hours_per_year"] = round(row["events_per_year"] * row["handling_minutes"] / 60, 1)
        row["label"] = " -> ".join(part["label"].astype(str))
        row["decides_matter"] = bool(part["decides_matter"].any())
        row["timer_rule"] = False
        row["unmeasurable"] = ";".join(sorted({u for text in part["unmeasurable"] for u in str(text).split(";") if u}))
        row["steps"] = len(steps)
        row["activity"] = " -> ".join(steps)
        rows.append(row)
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame["kind"] = "routine"
    return frame.set_index("activity")


def _flags(table: pd.DataFrame, settings: CandidateSettings, date_only: bool) -> pd.Series:
    flags = pd.Series([[] for _ in table.index], index=table.index)
    rules = {
        "decides_matter": table["decides_matter"].astype(bool),
        "partly_automated": (table["automation_rate"] >= settings.partly_automated_share)
        & (table["automation_rate"] < settings.automated_share),
        "handling_estimated": table["handling_minutes"].notna() & ~table["handling_measured"].astype(bool),
        "handling_unknown": table["handling_minutes"].isna(),
        "timer_rule": table["timer_rule"].fillna(False).astype(bool),
    }
    for name, mask in rules.items():
        for index in table.index[mask.to_numpy()]:
            flags[index].append(name)
    if date_only:
        flags = flags.map(lambda f: f + ["date_only_timestamps"])
    return flags.map(lambda f: ";".join(f))


def rank_candidates(features: pd.DataFrame, routines: pd.DataFrame, *, years: float, date_only: bool,
                    scorer: AutomationScorer | None = None,
                    settings: CandidateSettings = CandidateSettings()) -> tuple[pd.DataFrame, AutomationScorer]:
    """The candidate table (CANDIDATE_COLUMNS) and the scorer used (fitted here when not given)."""
    activities = features.assign(kind="activity", steps=1)
    table = pd.concat([activities, routine_features(routines, features, years)]) if len(routines) else activities
    table.index.name = "activity"
    scorer = scorer or AutomationScorer(weights=settings.weights or None).fit(activities)
    scored = scorer.rank_candidates(table)
    table = table.join(scored.drop(columns=["rank"]))
    savings_input = table.assign(exception_share=table["exception_share"].fillna(0))
    table = table.join(estimate_savings(savings_input, settings.savings))

    status = pd.Series("candidate", index=table.index)
    little = (table["events_per_year"] < settings.min_events_per_year) | (
        table["workload_hours_per_year"].notna() & (table["workload_hours_per_year"] < settings.min_workload_hours))
    status[little.to_numpy()] = "negligible"
    status[(table["automation_rate"] >= settings.automated_share).to_numpy()] = "already_automated"
    table["status"] = status
    eligible = table["status"] == "candidate"
    table["rank"] = table["score"].where(eligible).rank(ascending=False, method="first").astype("Int64")
    table = table.join(scorer.rank_stability(table, eligible=eligible))
    table.loc[~eligible, ["rank_best", "rank_worst"]] = pd.NA
    table["flags"] = _flags(table, settings, date_only)
    table = table.reset_index()
    table["reason"] = [write_reason(row, settings.language) for _, row in table.iterrows()]
    order = table.sort_values(["rank", "score"], ascending=[True, False], na_position="last").index
    table = table.loc[order].reset_index(drop=True)
    return table[[c for c in CANDIDATE_COLUMNS if c in table.columns]], scorer
