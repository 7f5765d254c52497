# SPDX-License-Identifier: AGPL-3.0-or-later
"""The verdict rules on hand-made rows: each verdict, its precedence, the headline and what would pay."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from rpa_finder.scoring.reasons import write_reason
from rpa_finder.scoring.savings import SavingsSettings
from rpa_finder.scoring.verdicts import (VerdictSettings, decide_verdicts, measure_feasibility, rank_by_net_value,
                                         select_headline, status_of, what_would_pay)

WEIGHTS = {"rule_basedness": 1.5, "standardisation": 1.0, "low_exceptions": 1.0, "regular_handling": 1.0,
           "stability": 0.5, "label_semantics": 1.5, "volume": 1.0, "workload": 1.0}


def rows(**columns) -> pd.DataFrame:
    base = {"kind": "activity", "automation_rate": 0.0, "inside_work_share": 0.0, "label_semantics": 1.0,
            "rule_basedness": 1.0, "net_savings_eur_mid": 5000.0, "payback_months": 12.0, "savings_eur_mid": 8600.0,
            "decides_matter": False}
    n = max(len(v) for v in columns.values())
    data = {k: columns.get(k, [v] * n) for k, v in base.items()}
    data.update(columns)
    return pd.DataFrame(data, index=[f"a{i}" for i in range(n)])


def verdicts(table: pd.DataFrame, feasibility: float | list = 0.9, negligible=None) -> list[str]:
    feasible = pd.Series(feasibility, index=table.index, dtype=float)
    small = pd.Series(False, index=table.index) if negligible is None else pd.Series(negligible, index=table.index)
    return decide_verdicts(table, feasible, negligible=small).tolist()


def test_each_verdict_from_its_own_evidence():
    table = rows(automation_rate=[0.0, 0.9, 0.0, 0.0, 0.0, 0.0, 0.0],
                 inside_work_share=[0.0, 0.0, 0.95, 0.0, 0.0, 0.0, 0.0],
                 label_semantics=[1.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0],
                 rule_basedness=[1.0, 1.0, 1.0, 1.0, 0.1, 1.0, 1.0],
                 net_savings_eur_mid=[5000.0, 5000, 5000, 5000, 5000, -800, 5000])
    assert verdicts(table, negligible=[False] * 6 + [True]) == [
        "robot_candidate", "already_automated", "inside_other_work", "needs_judgement", "needs_judgement",
        "feasible_not_paying", "negligible"]


def test_low_feasibility_needs_judgement_and_a_long_payback_does_not_pay():
    table = rows(payback_months=[12.0, 80.0, 12.0])
    assert verdicts(table, [0.9, 0.9, 0.4]) == ["robot_candidate", "feasible_not_paying", "needs_judgement"]


def test_machines_win_over_every_other_verdict():
    table = rows(automation_rate=[0.85], inside_work_share=[0.9], label_semantics=[0.0])
    assert verdicts(table, negligible=[True]) == ["already_automated"]


def test_feasibility_ignores_volume_and_workload_and_lowers_decisions():
    sub = pd.DataFrame({"rule_basedness": [0.8, 0.8, 0.8], "standardisation": [0.6, 0.6, 0.6],
                        "low_exceptions": [1.0, 1.0, 1.0], "regular_handling": [np.nan] * 3, "stability": [0.5] * 3,
                        "label_semantics": [1.0, 1.0, 1.0], "volume": [0.0, 1.0, 1.0], "workload": [0.0, 1.0, 1.0]})
    decides = pd.Series([False, False, True])
    feasibility = measure_feasibility(sub, decides, WEIGHTS)
    expected = (0.8 * 1.5 + 0.6 + 1.0 + 0.5 * 0.5 + 1.5) / (1.5 + 1 + 1 + 0.5 + 1.5)
    assert feasibility[0] == pytest.approx(expected, abs=1e-4) and feasibility[1] == feasibility[0]
    assert feasibility[2] == pytest.approx(expected * VerdictSettings().decides_matter_factor, abs=1e-4)


def test_rank_by_net_value_with_feasibility_breaking_ties():
    table = rows(net_savings_eur_mid=[1000.0, 9000.0, 1000.0, 50000.0], ).assign(feasibility=[0.7, 0.8, 0.9, 0.9])
    robot = pd.Series([True, True, True, False], index=table.index)
    assert rank_by_net_value(table, robot).tolist() == [3, 1, 2, pd.NA]


def test_headline_never_counts_a_step_twice():
    table = pd.DataFrame({"activity": ["A -> B", "A", "C", "B", "D"], "rank": pd.array([1, 2, 3, 4, pd.NA], "Int64")})
    assert select_headline(table).tolist() == [True, False, True, False, False]


def test_what_would_make_a_feasible_step_pay():
    savings = SavingsSettings()
    table = pd.DataFrame({"activity": ["A", "B", "A -> B", "C", "D"], "kind": ["activity", "activity", "routine",
                          "activity", "activity"], "savings_eur_mid": [2000.0, 2500.0, 9000.0, 3000.0, 10.0]})
    verdict = pd.Series(["feasible_not_paying", "feasible_not_paying", "robot_candidate", "feasible_not_paying",
                         "feasible_not_paying"])
    pays_with, shared_by = what_would_pay(table, verdict, savings)
    assert pays_with[0].split(";")[0] == "routine" and "routine" in pays_with[1]
    assert "shared" in pays_with[3] and shared_by[3] >= 2
    # with n municipalities the shared robot's net pays back within the horizon, with n - 1 it does not
    n, gross = int(shared_by[3]), 3000.0
    run, dev = savings.robot_running_eur_per_year[1], savings.robot_development_eur[1]
    assert gross - run / n > 0 and 12 * dev / n / (gross - run / n) <= 36
    assert not (gross - run / (n - 1) > 0 and 12 * dev / (n - 1) / (gross - run / (n - 1)) <= 36)
    assert "cheaper_robot" in pays_with[3] and pays_with[4] == "" and pd.isna(shared_by[4])


def test_status_keeps_the_coarse_stage_for_stores():
    verdict = pd.Series(["robot_candidate", "needs_judgement", "already_automated", "inside_other_work", "negligible"])
    assert status_of(verdict).tolist() == ["candidate", "candidate", "already_automated", "negligible", "negligible"]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_each_verdict_has_a_sentence_in_each_language(lang):
    base = {"kind": "activity", "automation_rate": 0.0, "events_per_year": 500.0, "workload_hours_per_year": 40.0,
            "hours_per_year": 20.0, "savings_eur_mid": 800.0, "net_savings_eur_low": 100.0,
            "net_savings_eur_mid": 2000.0, "net_savings_eur_high": 5000.0, "payback_months": 14.0,
            "label_semantics": 1.0, "rule_basedness": 1.0, "feasibility": 0.5, "contribution_rule_basedness": 0.4,
            "contribution_label_semantics": 0.3, "flags": "", "pays_with": "shared;cheaper_robot", "shared_by": 3}
    texts = set()
    for verdict in ("robot_candidate", "feasible_not_paying", "needs_judgement", "already_automated",
                    "inside_other_work", "negligible"):
        text = write_reason(pd.Series({**base, "verdict": verdict}), lang)
        assert text and "{" not in text
        texts.add(text)
    assert len(texts) == 6
    not_paying = write_reason(pd.Series({**base, "verdict": "feasible_not_paying"}), lang)
    assert "3" in not_paying  # the number of municipalities a shared robot needs
