# SPDX-License-Identifier: AGPL-3.0-or-later
"""Shared candidates: one robot built once and run in N organisations, and what that saves.

For an aligned activity that a robot could do (verdict ``robot_candidate`` or ``feasible_not_paying``,
or ``negligible`` but ``feasible``: too small for one organisation, perhaps not for several; a step
that needs judgement is no shared robot's work either) in the organisations i = 1..N,
with each organisation's gross savings G_i (low, mid, high; ``rpa_finder.scoring.savings``), the
running cost R of one robot a year, its development cost D and its life L years
(``robot_life_years``)::

    joint saving a year     = sum(G_i) - N x R - D / L        (built once, run N times)
    separate savings a year = sum(G_i) - N x R - N x D / L    (N projects each building its own)
    payback months (joint)    = 12 x D     / (sum(G_i) - N x R)
    payback months (separate) = 12 x N x D / (sum(G_i) - N x R)

The low estimate takes the pessimistic running and development costs with the low gross savings, the
high one the optimistic costs with the high savings, as the single-organisation savings do.  Only
organisations whose handling time is known (so G_i exists) are counted in N; ``organisations`` counts
every organisation where the step is a candidate.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ..scoring.savings import SavingsSettings

#: The verdicts of a step a robot could do, alone or shared (:mod:`rpa_finder.scoring.verdicts`).
FEASIBLE = ("robot_candidate", "feasible_not_paying")

__all__ = ["SharingSettings", "build_comparison_table", "rank_shared_candidates", "find_reuse_opportunities",
           "estimate_joint_project", "COMPARISON_COLUMNS", "SHARED_COLUMNS"]

COMPARISON_COLUMNS = ("activity", "organisation", "local_activity", "label", "alignment", "confidence", "events",
                      "events_per_year", "handling_minutes", "rule_basedness", "automation_rate", "score", "status",
                      "verdict", "feasibility", "feasible", "rank", "hours_per_year_low", "hours_per_year", "hours_per_year_high", "savings_eur_low",
                      "savings_eur_mid", "savings_eur_high", "net_savings_eur_mid", "payback_months")
SHARED_COLUMNS = ("rank", "activity", "label", "organisations", "organisation_names", "organisations_present",
                  "organisations_estimated", "organisations_paying_back_alone", "joint_events_per_year",
                  "joint_hours_per_year_low", "joint_hours_per_year_mid", "joint_hours_per_year_high",
                  "joint_gross_eur_low", "joint_gross_eur_mid", "joint_gross_eur_high",
                  "joint_savings_eur_low", "joint_savings_eur_mid", "joint_savings_eur_high",
                  "separate_savings_eur_mid", "payback_months_joint", "payback_months_separate")


@dataclass(frozen=True)
class SharingSettings:
    #: Years over which one robot's development cost is spread (5 is a common depreciation time for software).
    robot_life_years: float = 5.0
    #: A shared candidate is a candidate in at least this many organisations.
    min_organisations: int = 2
    savings: SavingsSettings = field(default_factory=SavingsSettings)

    def __post_init__(self) -> None:
        if self.robot_life_years <= 0 or self.min_organisations < 1:
            raise ValueError("robot_life_years must be > 0 and min_organisations >= 1")


def build_comparison_table(candidates: Mapping[str, pd.DataFrame], features: Mapping[str, pd.DataFrame],
                           activity_map: pd.DataFrame) -> pd.DataFrame:
    """Long form: one row per (aligned activity, organisation, local activity), figures as analyze gave them.

    ``candidates`` / ``features``: organisation -> that log's candidate table and feature table.
    """
    parts = []
    keyed = activity_map.set_index(["organisation", "activity"])
    for org, table in candidates.items():
        own = table[table["kind"] == "activity"].copy()
        extra = features[org][["events", "rule_basedness"]]
        own = own.join(extra, on="activity")
        own["organisation"] = org
        align = keyed.loc[org].reindex(own["activity"].astype(str))
        own["local_activity"] = own["activity"]
        own["activity"] = align["shared_activity"].fillna(pd.Series(own["activity"].to_numpy(), index=align.index)).to_numpy()
        own["alignment"] = align["method"].fillna("unmatched").to_numpy()
        own["confidence"] = align["confidence"].to_numpy()
        parts.append(own)
    if not parts:
        return pd.DataFrame(columns=list(COMPARISON_COLUMNS))
    out = pd.concat(parts, ignore_index=True)
    order = {org: i for i, org in enumerate(candidates)}
    out = out.assign(_o=out["organisation"].map(order)).sort_values(["activity", "_o", "local_activity"])
    return out.reindex(columns=list(COMPARISON_COLUMNS)).reset_index(drop=True)


def _feasible(comparison: pd.DataFrame) -> pd.Series:
    """Rows of steps a robot could do, including those too small to pay in one organisation (pooled,
    they may); tables from before verdicts existed use the old status."""
    if "verdict" in comparison and comparison["verdict"].notna().any():
        small = (comparison["verdict"] == "negligible") & comparison["feasible"].fillna(False).astype(bool)
        return comparison["verdict"].isin(FEASIBLE) | small
    return comparison["status"] == "candidate"


def _names(values: pd.Series, order: Mapping[str, int]) -> str:
    return ";".join(sorted(set(values), key=order.get))


def rank_shared_candidates(comparison: pd.DataFrame, organisations: Sequence[str],
                           settings: SharingSettings = SharingSettings()) -> pd.DataFrame:
    """Aligned activities that are candidates in several organisations, by joint saving (module docstring)."""
    order = {org: i for i, org in enumerate(organisations)}
    present = comparison.groupby("activity")["organisation"].nunique()
    # one row per (activity, organisation): two local steps mapped onto one shared step add up
    cand = comparison[_feasible(comparison)]
    if cand.empty:
        return pd.DataFrame(columns=list(SHARED_COLUMNS))
    sums = ["events_per_year", "hours_per_year_low", "hours_per_year", "hours_per_year_high",
            "savings_eur_low", "savings_eur_mid", "savings_eur_high", "net_savings_eur_mid"]
    per_org = cand.groupby(["activity", "organisation"], sort=False)[sums].sum(min_count=1).reset_index()
    grouped = per_org.groupby("activity", sort=False)
    out = pd.DataFrame({
        "label": cand.groupby("activity", sort=False)["label"].first(),
        "organisations": grouped["organisation"].nunique(),
        "organisation_names": grouped["organisation"].agg(lambda s: _names(s, order)),
        "organisations_estimated": grouped["savings_eur_mid"].count(),
        "organisations_paying_back_alone": grouped["net_savings_eur_mid"].agg(lambda s: int((s > 0).sum())),
        "joint_events_per_year": grouped["events_per_year"].sum().round(1),
        "joint_hours_per_year_low": grouped["hours_per_year_low"].sum(min_count=1),
        "joint_hours_per_year_mid": grouped["hours_per_year"].sum(min_count=1),
        "joint_hours_per_year_high": grouped["hours_per_year_high"].sum(min_count=1),
        "joint_gross_eur_low": grouped["savings_eur_low"].sum(min_count=1),
        "joint_gross_eur_mid": grouped["savings_eur_mid"].sum(min_count=1),
        "joint_gross_eur_high": grouped["savings_eur_high"].sum(min_count=1),
    })
    out = out[out["organisations"] >= settings.min_organisations].copy()
    out["organisations_present"] = present.reindex(out.index).astype(int)
    n = out["organisations_estimated"].astype(float)
    life = settings.robot_life_years
    run_opt, run_mid, run_pes = settings.savings.robot_running_eur_per_year
    dev_opt, dev_mid, dev_pes = settings.savings.robot_development_eur
    out["joint_savings_eur_low"] = (out["joint_gross_eur_low"] - n * run_pes - dev_pes / life).round(0)
    out["joint_savings_eur_mid"] = (out["joint_gross_eur_mid"] - n * run_mid - dev_mid / life).round(0)
    out["joint_savings_eur_high"] = (out["joint_gross_eur_high"] - n * run_opt - dev_opt / life).round(0)
    out["separate_savings_eur_mid"] = (out["joint_gross_eur_mid"] - n * run_mid - n * dev_mid / life).round(0)
    net = out["joint_gross_eur_mid"] - n * run_mid
    out["payback_months_joint"] = (12 * dev_mid / net.where(net > 0)).round(1)
    out["payback_months_separate"] = (12 * n * dev_mid / net.where(net > 0)).round(1)
    for column in ("joint_hours_per_year_low", "joint_hours_per_year_mid", "joint_hours_per_year_high"):
        out[column] = out[column].round(1)
    out = out.reset_index().sort_values(["joint_savings_eur_mid", "organisations", "activity"],
                                        ascending=[False, False, True], na_position="last")
    out["rank"] = np.arange(1, len(out) + 1)
    return out[list(SHARED_COLUMNS)].reset_index(drop=True)


def find_reuse_opportunities(comparison: pd.DataFrame, organisations: Sequence[str]) -> pd.DataFrame:
    """Steps that one organisation already automates while another does them by hand as a candidate.

    The automating organisation has a working solution to copy: the cheapest robot there is.
    """
    columns = ["activity", "label", "automated_in", "manual_in", "manual_hours_per_year", "manual_savings_eur_mid"]
    order = {org: i for i, org in enumerate(organisations)}
    automated = comparison[comparison["status"] == "already_automated"].groupby("activity")["organisation"]
    manual = comparison[_feasible(comparison)].groupby("activity")
    both = sorted(set(automated.groups) & set(manual.groups))
    if not both:
        return pd.DataFrame(columns=columns)
    out = pd.DataFrame({
        "label": manual["label"].first().reindex(both),
        "automated_in": automated.agg(lambda s: _names(s, order)).reindex(both),
        "manual_in": manual["organisation"].agg(lambda s: _names(s, order)).reindex(both),
        "manual_hours_per_year": manual["hours_per_year"].sum(min_count=1).reindex(both).round(1),
        "manual_savings_eur_mid": manual["savings_eur_mid"].sum(min_count=1).reindex(both).round(0),
    })
    out.index.name = "activity"
    out = out.reset_index().sort_values(["manual_hours_per_year", "activity"], ascending=[False, True],
                                        na_position="last")
    return out[columns].reset_index(drop=True)


def estimate_joint_project(shared: pd.DataFrame, settings: SharingSettings = SharingSettings()) -> dict:
    """What a joint project of the organisations saves a year: the shared robots that pay (mid) summed.

    Robots are chosen by the mid estimate; their low and high savings are summed as they are, so the
    range keeps the uncertainty of every robot.
    """
    paying = shared[shared["joint_savings_eur_mid"] > 0]
    names = sorted({name for text in paying["organisation_names"] for name in str(text).split(";") if name})

    def total(column: str) -> float:
        return float(paying[column].sum()) if len(paying) else 0.0

    dev = settings.savings.robot_development_eur
    return {
        "robots": int(len(paying)),
        "organisations": names,
        "activities": paying["activity"].astype(str).tolist(),
        "hours_per_year": {"low": total("joint_hours_per_year_low"), "mid": total("joint_hours_per_year_mid"),
                           "high": total("joint_hours_per_year_high")},
        "savings_eur_per_year": {"low": total("joint_savings_eur_low"), "mid": total("joint_savings_eur_mid"),
                                 "high": total("joint_savings_eur_high")},
        "separate_savings_eur_per_year_mid": total("separate_savings_eur_mid"),
        "development_eur_joint": {"low": dev[0] * len(paying), "mid": dev[1] * len(paying),
                                  "high": dev[2] * len(paying)},
        "development_eur_separate_mid": float(dev[1] * paying["organisations_estimated"].sum()) if len(paying) else 0.0,
        "robot_life_years": settings.robot_life_years,
    }
