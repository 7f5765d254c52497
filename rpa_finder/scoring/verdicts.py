# SPDX-License-Identifier: AGPL-3.0-or-later
"""Two questions, two axes, one verdict per activity and routine.

*Can a robot do it?* is the feasibility: a weighted mean of the criteria that say how rule-bound and
routine a step is (rules, standard flow, few exceptions, regular handling, steady volume, a routine
name), lowered for a step that decides a matter.  Volume and workload do not enter it: a large
workload of judgement work is still no robot's work.  *Is it worth it?* is the net saving in euros a
year and the payback (:mod:`.savings`).  The verdict puts the two together:

=====================  =====================================================================
robot_candidate        feasible, and its net saving pays the robot back within the horizon
feasible_not_paying    feasible, but does not pay alone (``pays_with`` says what would: a
                       routine with its neighbours, a robot shared by several municipalities,
                       a cheaper robot)
needs_judgement        its name says someone decides or approves, the data do not predict when
                       or how it happens, or too many other signs of case-by-case work
already_automated      machines do it: by account name, or by behaviour (batch dates, night
                       runs, superhuman daily volume), also where the log has no resource
inside_other_work      a status the system records while someone's work item is open: its
                       minutes are that work item's, counted there
negligible             too little work for a robot
=====================  =====================================================================

Robot candidates are ranked by net value (mid), feasibility breaking ties.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd

from .handling import HandlingSettings

__all__ = ["VERDICTS", "FEASIBILITY_CRITERIA", "VerdictSettings", "measure_feasibility", "decide_verdicts",
           "rank_by_net_value", "verdict_rank_stability", "select_headline", "status_of", "judgement_mask",
           "what_would_pay"]

VERDICTS = ("robot_candidate", "feasible_not_paying", "needs_judgement", "already_automated", "inside_other_work",
            "negligible")
#: The criteria that say whether a robot *can* do a step (volume, workload and timing do not).
FEASIBILITY_CRITERIA = ("rule_basedness", "standardisation", "low_exceptions", "regular_handling", "stability",
                        "label_semantics")


@dataclass(frozen=True)
class VerdictSettings:
    """Thresholds of the verdicts; each is a setting of ``[candidates]`` in the config."""

    #: At or above this share of events by system/batch/robot accounts: already automated.
    automated_share: float = 0.8
    #: Below this feasibility a step needs human judgement.
    min_feasibility: float = 0.6
    #: A label score at or below this (only judgement words: decide, approve, assess) needs judgement.
    judgement_label_max: float = 0.25
    #: A measured rule-basedness below this needs judgement: a robot must reproduce the step's decisions,
    #: and where the case data explain less than 70 % of them (the gain over always guessing the
    #: commonest outcome), someone's judgement decides the rest.
    judgement_rule_max: float = 0.7
    #: A step that decides a matter keeps this share of its feasibility (Administrative Procedure Act 8 a).
    decides_matter_factor: float = 0.8
    #: At or above this share of its instances recorded inside someone's open work item: inside other work
    #: (the handling estimate's threshold, at which such an activity gets no minutes of its own).
    inside_work_share: float = HandlingSettings.inside_work_threshold
    #: A robot pays back when its net saving is positive and repays development within this many months.
    max_payback_months: float = 36.0
    #: A shared robot is suggested when at most this many municipalities of similar volume make it pay.
    max_shared_by: int = 20


def measure_feasibility(sub_scores: pd.DataFrame, decides_matter: pd.Series, weights: Mapping[str, float],
                        settings: VerdictSettings = VerdictSettings()) -> pd.Series:
    """Feasibility in [0, 1] per row: the weighted mean of the measured feasibility criteria (NaN: none).

    ``sub_scores``: the scorer's sub-scores, one column per criterion name; ``weights``: the scorer's.
    """
    columns = [c for c in FEASIBILITY_CRITERIA if c in sub_scores.columns]
    values = sub_scores[columns].to_numpy(dtype="float64")
    w = np.array([float(weights.get(c, 0.0)) for c in columns])
    measured = ~np.isnan(values)
    weight_sum = (measured * w).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(weight_sum > 0, np.where(measured, values, 0.0) @ w / weight_sum, np.nan)
    factor = np.where(decides_matter.fillna(False).astype(bool).to_numpy(), settings.decides_matter_factor, 1.0)
    return pd.Series(mean * factor, index=sub_scores.index).round(4)


def unexplained_rules(table: pd.DataFrame, settings: VerdictSettings = VerdictSettings()) -> pd.Series:
    """Rows whose occurrence or branch the case data do not explain (measured rule-basedness below the gate)."""
    return table["rule_basedness"].astype(float) < settings.judgement_rule_max


def decided_before(table: pd.DataFrame, settings: VerdictSettings = VerdictSettings()) -> pd.Series:
    """Rows that are the main predecessor of a step done by people whose occurrence the data do not explain.

    Decision mining looks for the decision at the split before the step: when nothing in the data
    says whether a request for more information follows a check, the person doing the check decides
    it, and that check is judgement work even if its own branches look partly predictable.
    """
    human = table["automation_rate"].astype(float) < settings.automated_share
    if "rule_occurrence" not in table:
        return pd.Series(False, index=table.index)
    # whether the step happens at all is unexplained (its own branch is decided at the step itself)
    unexplained = (table["rule_occurrence"].astype(float) < settings.judgement_rule_max) & human
    before = set(table.loc[unexplained.to_numpy(), "timer_after"].dropna().astype(str)) if "timer_after" in table else set()
    return pd.Series(table.index.astype(str).isin(before), index=table.index) & human


def judgement_mask(table: pd.DataFrame, feasibility: pd.Series, settings: VerdictSettings = VerdictSettings()) -> pd.Series:
    """Rows that need human judgement: a judgement name, an unexplained occurrence or branch (here or in
    the step it decides), low feasibility, or (routines) a step that needs it.  ``decides_next`` and
    ``steps_judgement`` columns, where the table has them, save working them out again."""
    label = table["label_semantics"].astype(float)
    before = table["decides_next"].astype(bool) if "decides_next" in table else decided_before(table, settings)
    judged = ((label <= settings.judgement_label_max) | unexplained_rules(table, settings) | before
              | ~(feasibility >= settings.min_feasibility))
    if "steps_judgement" in table:  # a routine with a step that needs judgement
        judged |= table["steps_judgement"].fillna(False).astype(bool)
    return judged


def _pays_back(table: pd.DataFrame, settings: VerdictSettings) -> pd.Series:
    net = table["net_savings_eur_mid"].astype(float)
    payback = table["payback_months"].astype(float)
    return (net > 0) & (payback <= settings.max_payback_months)


def decide_verdicts(table: pd.DataFrame, feasibility: pd.Series, *, negligible: pd.Series,
                    settings: VerdictSettings = VerdictSettings()) -> pd.Series:
    """One verdict per row (``VERDICTS``), checked in that table's order of precedence from the bottom up.

    ``table`` needs automation_rate, inside_work_share (optional), label_semantics, rule_basedness,
    net_savings_eur_mid and payback_months; ``negligible``: too little work (the candidate settings').
    A routine that contains a step needing judgement needs judgement too (``steps_judgement``).
    """
    verdict = pd.Series("feasible_not_paying", index=table.index, dtype=object)
    verdict[_pays_back(table, settings).to_numpy()] = "robot_candidate"
    verdict[judgement_mask(table, feasibility, settings).to_numpy()] = "needs_judgement"
    verdict[negligible.to_numpy()] = "negligible"
    inside = table["inside_work_share"].astype(float) if "inside_work_share" in table else pd.Series(0.0, index=table.index)
    verdict[(inside >= settings.inside_work_share).to_numpy()] = "inside_other_work"
    verdict[(table["automation_rate"].astype(float) >= settings.automated_share).to_numpy()] = "already_automated"
    return verdict


def rank_by_net_value(table: pd.DataFrame, robot: pd.Series) -> pd.Series:
    """Rank 1..n of the ``robot`` rows by net saving (mid), feasibility breaking ties; <NA> elsewhere."""
    rows = table.loc[robot.to_numpy(), ["net_savings_eur_mid", "feasibility"]]
    order = rows.sort_values(["net_savings_eur_mid", "feasibility"], ascending=[False, False], kind="stable").index
    rank = pd.Series(pd.NA, index=table.index, dtype="Int64")
    rank.loc[order] = np.arange(1, len(order) + 1)
    return rank


def verdict_rank_stability(table: pd.DataFrame, sub_scores: pd.DataFrame, weights: Mapping[str, float], *,
                           negligible: pd.Series, settings: VerdictSettings = VerdictSettings(),
                           change: float = 0.5) -> pd.DataFrame:
    """Best and worst rank of each robot candidate when any one feasibility weight moves by -/+ ``change``.

    A weight change can move a step across the feasibility threshold, off or onto the list; a
    candidate that falls off counts as ranked just below the last one under that weighting.
    """
    ranks = []
    for name in FEASIBILITY_CRITERIA:
        for factor in (1 - change, 1 + change):
            changed = dict(weights)
            changed[name] = changed.get(name, 0.0) * factor
            feasibility = measure_feasibility(sub_scores, table["decides_matter"], changed, settings)
            verdict = decide_verdicts(table, feasibility, negligible=negligible, settings=settings)
            robot = verdict == "robot_candidate"
            rank = rank_by_net_value(table.assign(feasibility=feasibility), robot).astype("Float64")
            ranks.append(rank.fillna(float(robot.sum() + 1)))
    both = pd.concat(ranks, axis=1) if ranks else pd.DataFrame(index=table.index)
    base = table["rank"].notna()
    best = both.min(axis=1).round().astype("Int64").where(base)
    worst = both.max(axis=1).round().astype("Int64").where(base)
    return pd.DataFrame({"rank_best": best, "rank_worst": worst})


def select_headline(table: pd.DataFrame) -> pd.Series:
    """The robot candidates the headline adds up: by rank, skipping any that shares a step with one taken.

    A routine and its own steps are alternatives (one robot for the chain, or one per step), never
    both: adding them up would count the same minutes twice.
    """
    chosen = pd.Series(False, index=table.index)
    taken: set[str] = set()
    ranked = table[table["rank"].notna()].sort_values("rank")
    for index, activity in zip(ranked.index, ranked["activity"]):
        steps = set(str(activity).split(" -> "))
        if steps & taken:
            continue
        taken |= steps
        chosen[index] = True
    return chosen


def _shared_by(gross: float, settings, savings) -> int | None:
    """Fewest municipalities of similar volume that would make one shared robot pay (None: more than the cap)."""
    if not (gross > 0):
        return None
    running, development = savings.robot_running_eur_per_year[1], savings.robot_development_eur[1]
    for n in range(2, settings.max_shared_by + 1):
        net = gross - running / n
        if net > 0 and 12.0 * development / n / net <= settings.max_payback_months:
            return n
    return None


def what_would_pay(table: pd.DataFrame, verdict: pd.Series, savings, settings: VerdictSettings = VerdictSettings()
                   ) -> tuple[pd.Series, pd.Series]:
    """For feasible steps that do not pay alone: ``pays_with`` (';'-joined routine, shared,
    cheaper_robot) and ``shared_by`` (how many municipalities of similar volume a shared robot needs)."""
    pays_with = pd.Series("", index=table.index, dtype=object)
    shared_by = pd.Series(pd.NA, index=table.index, dtype="Int64")
    in_paying_routine: set[str] = set()
    routines = table[(table["kind"] == "routine") & (verdict == "robot_candidate")]
    for activity in routines["activity"]:
        in_paying_routine |= set(str(activity).split(" -> "))
    run_opt, dev_opt = savings.robot_running_eur_per_year[0], savings.robot_development_eur[0]
    for index in table.index[(verdict == "feasible_not_paying").to_numpy()]:
        row = table.loc[index]
        ways = []
        if row["kind"] == "activity" and str(row["activity"]) in in_paying_routine:
            ways.append("routine")
        gross = float(row["savings_eur_mid"]) if pd.notna(row["savings_eur_mid"]) else math.nan
        n = _shared_by(gross, settings, savings)
        if n is not None:
            ways.append("shared")
            shared_by[index] = n
        cheap_net = gross - run_opt
        if cheap_net > 0 and 12.0 * dev_opt / cheap_net <= settings.max_payback_months:
            ways.append("cheaper_robot")
        pays_with[index] = ";".join(ways)
    return pays_with, shared_by


def status_of(verdict: pd.Series) -> pd.Series:
    """The coarse status kept for stores and histories across versions: candidate, already_automated, negligible."""
    return verdict.map({"already_automated": "already_automated", "negligible": "negligible",
                        "inside_other_work": "negligible"}).fillna("candidate")
