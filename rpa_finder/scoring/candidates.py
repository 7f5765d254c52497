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
from .verdicts import (VERDICTS, VerdictSettings, decide_verdicts, measure_feasibility, rank_by_net_value, select_headline,
                       status_of, verdict_rank_stability, what_would_pay, judgement_mask, decided_before)

__all__ = ["CandidateSettings", "routine_features", "rank_candidates", "CANDIDATE_COLUMNS"]

CANDIDATE_COLUMNS = (
    "rank", "kind", "activity", "label", "verdict", "feasibility", "feasible", "pays_with", "shared_by", "in_headline",
    "status", "score", *[f"score_{c.name}" for c in CRITERIA],
    *[f"contribution_{c.name}" for c in CRITERIA], "coverage", "steps",
    "events_per_year", "cases", "handling_minutes", "handling_minutes_low", "handling_minutes_high",
    "handling_measured", "handling_evidence", "inside_work_share", "workload_hours_per_year",
    "automation_rate", "hours_per_year_low", "hours_per_year", "hours_per_year_high", "fte",
    "savings_eur_low", "savings_eur_mid", "savings_eur_high",
    "net_savings_eur_low", "net_savings_eur_mid", "net_savings_eur_high",
    "payback_months", "payback_months_low", "payback_months_high", "rank_best", "rank_worst",
    "flags", "unmeasurable", "reason",
)
AVERAGED = ("standardisation", "rule_basedness", "timing_regularity", "exception_share", "variability",
            "handling_variability", "volume_variability",
            "label_semantics", "automation_rate", "inside_work_share")
#: How uncertain a kind of handling evidence is, most certain first: a routine takes its least certain step's.
EVIDENCE_ORDER = ("given", "measured", "calibrated", "estimated_with_resources", "estimated_without_resources")


@dataclass(frozen=True)
class CandidateSettings(VerdictSettings):
    """Everything ``[candidates]`` sets: the verdicts' thresholds (inherited) and the knock-outs, savings,
    weights and language of the candidate table."""

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
        for bound in ("handling_minutes_low", "handling_minutes_high"):
            if bound in part:
                row[bound] = part[bound].sum(min_count=len(part))
        if "handling_evidence" in part:
            kinds = set(part["handling_evidence"].dropna())
            row["handling_evidence"] = next((k for k in reversed(EVIDENCE_ORDER) if k in kinds), None)
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


def _without_statuses(routines: pd.DataFrame, features: pd.DataFrame, settings: VerdictSettings) -> pd.DataFrame:
    """Routines none of whose steps is a status recorded inside other work: a status is no step of a
    robot's chain, and the chain without it is a shorter routine or a single step already listed."""
    if not len(routines) or "inside_work_share" not in features:
        return routines
    inside = set(features.index[features["inside_work_share"].fillna(0).to_numpy() >= settings.inside_work_share])
    if not inside:
        return routines
    keep = [not (set(steps) & inside) for steps in routines["steps"]]
    return routines[keep].reset_index(drop=True)


def _negligible(table: pd.DataFrame, settings: CandidateSettings) -> pd.Series:
    """Too little work for a robot: few executions, or few handling hours a year."""
    return (table["events_per_year"] < settings.min_events_per_year) | (
        table["workload_hours_per_year"].notna() & (table["workload_hours_per_year"] < settings.min_workload_hours))


def _routine_judgement(table: pd.DataFrame, step_judgement: pd.Series) -> pd.Series:
    """Per row: a routine with a step that needs judgement (activities: False)."""
    judged = set(step_judgement.index[step_judgement.to_numpy()])
    return pd.Series([kind == "routine" and bool(set(str(a).split(" -> ")) & judged)
                      for kind, a in zip(table["kind"], table.index)], index=table.index)


def rank_candidates(features: pd.DataFrame, routines: pd.DataFrame, *, years: float, date_only: bool,
                    scorer: AutomationScorer | None = None,
                    settings: CandidateSettings = CandidateSettings()) -> tuple[pd.DataFrame, AutomationScorer]:
    """The candidate table (CANDIDATE_COLUMNS) and the scorer used (fitted here when not given).

    Every row gets a feasibility and a verdict (:mod:`.verdicts`); robot candidates are ranked by net
    value, and the others listed with the verdict that says why not.
    """
    activities = features.assign(kind="activity", steps=1)
    routines = _without_statuses(routines, features, settings)
    table = pd.concat([activities, routine_features(routines, features, years)]) if len(routines) else activities
    table.index.name = "activity"
    scorer = scorer or AutomationScorer(weights=settings.weights or None).fit(activities)
    scored = scorer.rank_candidates(table)
    table = table.join(scored.drop(columns=["rank"]))
    savings_input = table.assign(exception_share=table["exception_share"].fillna(0))
    table = table.join(estimate_savings(savings_input, settings.savings))

    sub = scorer.transform(table)
    table["feasibility"] = measure_feasibility(sub, table["decides_matter"], scorer.weights_, settings)
    table["decides_next"] = decided_before(table, settings)
    is_activity = (table["kind"] == "activity").to_numpy()
    steps = judgement_mask(table[is_activity], table.loc[is_activity, "feasibility"], settings)
    table["steps_judgement"] = _routine_judgement(table, steps)
    negligible = _negligible(table, settings)
    # a robot could do it (whatever its volume): what a comparison pools across municipalities
    table["feasible"] = ~judgement_mask(table, table["feasibility"], settings)
    verdict = decide_verdicts(table, table["feasibility"], negligible=negligible, settings=settings)
    table["verdict"] = verdict
    table["status"] = status_of(verdict)
    table["rank"] = rank_by_net_value(table, verdict == "robot_candidate")
    table = table.join(verdict_rank_stability(table, sub, scorer.weights_, negligible=negligible,
                                              settings=settings))
    pays_with, shared_by = what_would_pay(table.reset_index(), verdict.reset_index(drop=True), settings.savings,
                                          settings)
    table["pays_with"] = pays_with.to_numpy()
    table["shared_by"] = pd.array(shared_by.to_numpy(), dtype="Int64")
    table["flags"] = _flags(table, settings, date_only)
    table = table.reset_index()
    table["in_headline"] = select_headline(table)
    table["reason"] = [write_reason(row, settings.language, settings) for _, row in table.iterrows()]
    table = table.loc[_display_order(table)].reset_index(drop=True)
    return table[[c for c in CANDIDATE_COLUMNS if c in table.columns]], scorer


def _display_order(table: pd.DataFrame) -> pd.Index:
    """Robot candidates by rank, then the other verdicts in VERDICTS order, each by net value then score."""
    order = table.assign(_verdict=table["verdict"].map({v: i for i, v in enumerate(VERDICTS)}),
                         _rank=table["rank"].astype("Float64"))
    return order.sort_values(["_verdict", "_rank", "net_savings_eur_mid", "score"],
                             ascending=[True, True, False, False], na_position="last", kind="stable").index
