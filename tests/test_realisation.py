# SPDX-License-Identifier: AGPL-3.0-or-later
"""Issue 16: a robot going live in the generator, and its realised benefit measured from the log alone.

The truth is the generator's (``Variant(robot_go_live=RobotDeployment(...))``): the mid of
``realised_hours_per_year`` is compared with ``true_hours_saved_per_year`` (the true human hours a
year the robot removed from the step, per need times the step's needs a year), hand-backs with the
truth's count, the go-live with the configured date and with the robot's first day in the log.
Tolerances: +-15 % on the hours where the step's handling is measured (start times) or timed by the
user; on completion-only logs without a timed step the hours carry the handling estimator's own error
(bench/realised_accuracy.py: x0.15-1.13), so there the truth must lie in the range and the removed
share of human work within 0.05 of the truth.
"""
from __future__ import annotations

import math
from datetime import date

import pandas as pd
import pytest

from rpa_finder.eventlog import EventLog
from rpa_finder.mining.instances import extract_instances
from rpa_finder.realisation import (RecordedDeployment, detect_deployments,
                                    measure_realised_benefit)
from rpa_finder.samples import DEPLOYMENT_COLUMNS, RobotDeployment, Variant, generate_log, to_event_log
from rpa_finder.scoring.pipeline import score_candidates

CASES = 1500
TZ = "Europe/Helsinki"


def generated(process: str, step: str | None, seed: int, *, one: bool = False, go_live=date(2025, 6, 2), **robot):
    variant = Variant(one_at_a_time=one,
                      robot_go_live=RobotDeployment(step, go_live, **robot) if step else None)
    return generate_log(process, cases=CASES, seed=seed, lifecycle=True, lifecycle_style="column", variant=variant)


def instances_of(events: pd.DataFrame, *, starts: bool) -> pd.DataFrame:
    return extract_instances(event_log(events, starts=starts).events).table


def event_log(events: pd.DataFrame, *, starts: bool) -> EventLog:
    return to_event_log(events, starts=starts)


def deployed(truth: pd.DataFrame):
    return next(truth[truth["robot_account"].notna()].itertuples(index=False))


def measure(events: pd.DataFrame, *, starts: bool, decisions=(), **kwargs):
    instances = instances_of(events, starts=starts)
    found = detect_deployments(instances, timezone=TZ, decisions=decisions)
    return found, measure_realised_benefit(instances, found, timezone=TZ, **kwargs)


# --- the generator's truth -------------------------------------------------------------------------

def test_robot_takes_over_from_go_live_and_hands_some_back():
    events, truth = generated("ostolaskut", "Kirjaa lasku", seed=2)
    row = deployed(truth)
    assert truth["robot_account"].notna().sum() == 1 and set(DEPLOYMENT_COLUMNS) <= set(truth.columns)
    robot = events[events["Käsittelijä"] == "ROBOTTI_02"]
    assert set(robot["Toimenpide"]) == {"Kirjaa lasku"} and len(robot) == row.robot_executions
    assert robot["Aikaleima"].min() >= pd.Timestamp("2025-06-02")
    seconds = (robot["Aikaleima"] - robot["Aloitusaika"]).dt.total_seconds()
    assert seconds.between(20, 80).all() and robot["Aikaleima"].dt.hour.nunique() > 12  # any hour, in seconds
    step = events[events["Toimenpide"] == "Kirjaa lasku"].sort_values(["Asianumero", "Aikaleima"])
    after_robot = step["Käsittelijä"].shift().eq("ROBOTTI_02") & step["Asianumero"].eq(step["Asianumero"].shift())
    assert int(after_robot.sum()) == row.hand_backs > 0  # each hand-back: a person right after the robot
    settled = step[step["Aikaleima"] >= pd.Timestamp("2025-07-01")]
    share = (settled["Käsittelijä"] == "ROBOTTI_02").mean()
    assert 0.7 < share < 0.85  # 0.85 of the needs, hand-backs being extra executions
    # saved = needs a year x (minutes per need before - after): 0.85 x (1 - 0.1) of the work, about
    assert row.true_hours_saved_per_year == pytest.approx(
        row.needs_per_year * (row.human_minutes_per_need_before - row.human_minutes_per_need_after) / 60)
    assert row.human_minutes_per_need_after / row.human_minutes_per_need_before == pytest.approx(
        1 - 0.85 * 0.9, abs=0.05)


def test_robot_on_a_step_outside_the_process_is_refused():
    from rpa_finder.errors import UsageError

    with pytest.raises(UsageError, match="does not occur"):
        generated("ostolaskut", "Kirjaa hakemus", seed=1)
    with pytest.raises(UsageError, match="not a person's step"):
        generated("ostolaskut", "Maksa lasku", seed=1)


# --- realised benefit against the truth -------------------------------------------------------------

LOGS = [("ostolaskut", "Kirjaa lasku", 1, False, {}),
        ("ostolaskut", "Tiliöi lasku", 2, True, {"take_over_share": 0.6, "hand_back_share": 0.2}),
        ("varhaiskasvatus", "Laske asiakasmaksu", 3, False, {"go_live": date(2025, 4, 14)}),
        ("rakennuslupa", "Kirjaa hakemus", 1, True, {"go_live": date(2025, 8, 20), "hand_back_share": 0.2}),
        ("rakennuslupa", "Laskuta lupamaksu", 2, False, {"take_over_share": 0.6})]


@pytest.mark.parametrize("process,step,seed,one,robot", LOGS, ids=[f"{p}-{s}-{n}" for p, s, n, *_ in LOGS])
def test_realised_hours_match_the_truth_without_a_decision(process, step, seed, one, robot):
    events, truth = generated(process, step, seed, one=one, **robot)
    row = deployed(truth)
    true_removed = 1 - row.human_minutes_per_need_after / row.human_minutes_per_need_before
    for starts in (True, False):
        found, benefit = measure(events, starts=starts)
        assert found[["activity", "account", "status", "source"]].values.tolist() == [
            [step, "ROBOTTI_02", "suggested", "detected"]]
        result = benefit.robots[0]
        assert pd.Timestamp(result.go_live) == row.first_robot_day  # the robot's first day in the log
        assert abs((pd.Timestamp(result.go_live) - row.go_live).days) <= (30 if one else 1)
        assert result.hand_backs == row.hand_backs
        realised = result.realised_hours_per_year
        assert realised.low <= row.true_hours_saved_per_year <= realised.high
        assert result.removed_share == pytest.approx(true_removed, abs=0.05)
        if starts:  # handling measured: the hours themselves within +-15 %
            assert realised.mid == pytest.approx(row.true_hours_saved_per_year, rel=0.15)
    # completion only, the step timed by the user (its true minutes): the hours within +-15 %
    _, timed = measure(events, starts=False, handling_minutes={step: row.human_minutes_per_need_before})
    assert timed.robots[0].realised_hours_per_year.mid == pytest.approx(row.true_hours_saved_per_year, rel=0.15)


def test_a_robot_with_a_plain_account_name_is_found_by_its_behaviour():
    events, truth = generated("varhaiskasvatus", "Laske asiakasmaksu", seed=4, account="T0042")
    for starts, why in ((True, "machine_speed"), (False, "off_hours")):
        found, benefit = measure(events, starts=starts)
        assert found[["account", "why"]].values.tolist() == [["T0042", why]]
        assert benefit.robots[0].hand_backs == deployed(truth).hand_backs


@pytest.mark.parametrize("process", ["ostolaskut", "varhaiskasvatus", "rakennuslupa"])
def test_no_deployment_is_found_on_logs_without_one(process):
    for one in (False, True):
        events, _ = generated(process, None, seed=5, one=one)
        for starts in (True, False):
            assert detect_deployments(instances_of(events, starts=starts), timezone=TZ).empty
    # the system's own robot (ROBOTTI_01, there from the first week) took nothing over either
    events, _ = generate_log(process, cases=CASES, seed=6, variant=Variant(batch_without_resource=True))
    assert detect_deployments(instances_of(events, starts=False), timezone=TZ).empty


def summer_thinned(events: pd.DataFrame) -> pd.DataFrame:
    """The log without 80 % of the cases that arrive in June-August: a seasonal dip in volume."""
    first = events.groupby("Asianumero")["Aikaleima"].transform("min")
    summer = events.loc[first.dt.month.isin([6, 7, 8]).to_numpy(), "Asianumero"].drop_duplicates()
    return events[~events["Asianumero"].isin(summer.sample(frac=0.8, random_state=0)).to_numpy()]


def test_a_seasonal_dip_in_volume_changes_neither_the_go_live_nor_the_hours_per_need():
    events, truth = generated("ostolaskut", "Kirjaa lasku", seed=3, go_live=date(2025, 4, 14))
    row = deployed(truth)
    found, benefit = measure(summer_thinned(events), starts=True)
    result = benefit.robots[0]
    assert pd.Timestamp(result.go_live) == row.first_robot_day
    per_need = result.realised_hours_per_year.mid / result.needs_per_year * 60
    assert per_need == pytest.approx(row.human_minutes_per_need_before - row.human_minutes_per_need_after, rel=0.15)
    quiet = summer_thinned(generated("ostolaskut", None, seed=3)[0])
    assert detect_deployments(instances_of(quiet, starts=False), timezone=TZ).empty


# --- decisions ------------------------------------------------------------------------------------------

def test_a_recorded_decision_is_confirmed_and_keeps_its_go_live():
    events, truth = generated("ostolaskut", "Kirjaa lasku", seed=1)
    decision = RecordedDeployment("Kirjaa lasku", r"robotti_0[2-9]", date(2025, 6, 1))
    found, benefit = measure(events, starts=True, decisions=[decision],
                             estimates={"Kirjaa lasku": (40.0, 80.0, 160.0)})
    assert found[["account", "source", "status"]].values.tolist() == [["ROBOTTI_02", "decision", "confirmed"]]
    result = benefit.robots[0]
    assert result.go_live == date(2025, 6, 1) and result.go_live_detected == date(2025, 6, 2)
    assert result.realised_hours_per_year.mid == pytest.approx(deployed(truth).true_hours_saved_per_year, rel=0.15)
    payload = benefit.to_dict()["deployed_robots"][0]
    assert payload["estimated_hours_per_year"] == {"low": 40.0, "mid": 80.0, "high": 160.0}
    assert {"activity", "account", "go_live", "estimated_hours_per_year", "realised_hours_per_year", "robot_share",
            "hand_backs", "throughput_days_before", "throughput_days_after"} <= set(payload)
    assert payload["go_live"] == "2025-06-01" and 0.7 < payload["robot_share"] < 0.85
    frame = benefit.to_frame()
    assert frame.loc[0, "realised_hours_per_year_mid"] == payload["realised_hours_per_year"]["mid"]


def test_a_decision_whose_robot_never_worked_is_not_seen_and_measures_nothing():
    events, _ = generated("ostolaskut", None, seed=1)
    decision = RecordedDeployment("Kirjaa lasku", "ROBOTTI_02", date(2025, 6, 1))
    found, benefit = measure(events, starts=False, decisions=[decision], estimates={"Kirjaa lasku": (1, 2, 3)})
    assert found[["account", "status"]].values.tolist() == [["ROBOTTI_02", "not_seen"]]
    result = benefit.robots[0]
    assert math.isnan(result.realised_hours_per_year.mid) and result.estimated_hours_per_year.mid == 2
    assert result.to_dict()["realised_hours_per_year"] == {"low": None, "mid": None, "high": None}


# --- three monthly exports: the history a scheduled run builds ---------------------------------------

def test_three_monthly_exports_show_estimate_then_realised():
    """Exports at the end of May (before the 2 June go-live), mid-July (during) and the whole log (after):
    the estimate comes from the first export's candidates, as the store would keep it."""
    events, truth = generated("ostolaskut", "Kirjaa lasku", seed=2)
    row = deployed(truth)
    decision = RecordedDeployment("Kirjaa lasku", "ROBOTTI_02", date(2025, 6, 2))
    history, estimate = [], None
    for name, end in (("2025-05", "2025-06-01"), ("2025-07", "2025-07-16"), ("final", "2027-01-01")):
        export = events[events["Aikaleima"] < pd.Timestamp(end)]
        log = event_log(export, starts=False)
        instances = extract_instances(log.events).table
        if estimate is None:
            candidates = score_candidates(log, instances).candidates
            estimate = candidates[(candidates["activity"] == "Kirjaa lasku") & (candidates["kind"] == "activity")]
        found = detect_deployments(instances, timezone=TZ, decisions=[decision])
        result = measure_realised_benefit(instances, found, timezone=TZ, estimates=estimate).robots[0]
        history.append({"export": name, "status": result.status,
                        "estimated": result.estimated_hours_per_year.mid,
                        "realised": result.realised_hours_per_year.mid,
                        "removed_share": result.removed_share, "months_after": result.months_after,
                        "throughput_before": result.throughput_days_before.mid,
                        "throughput_after": result.throughput_days_after.mid})
    history = pd.DataFrame(history).set_index("export")
    assert history["status"].tolist() == ["not_seen", "confirmed", "confirmed"]
    assert history["estimated"].nunique() == 1 and history["estimated"].iloc[0] > 0  # one estimate, kept
    assert math.isnan(history.loc["2025-05", "realised"])
    true_removed = 1 - row.human_minutes_per_need_after / row.human_minutes_per_need_before
    for name in ("2025-07", "final"):  # a month after the go-live already shows the share of work removed
        assert history.loc[name, "removed_share"] == pytest.approx(true_removed, abs=0.08)
        assert history.loc[name, "realised"] > 0
    assert history.loc["2025-07", "months_after"] < 1.5 < history.loc["final", "months_after"]
    # invoices wait for their due date, robot or not: an export that cuts young cases short must not
    # make the robot's cases look faster
    for name in ("2025-07", "final"):
        assert history.loc[name, "throughput_after"] == pytest.approx(history.loc[name, "throughput_before"], abs=2)


def test_an_analysed_export_gets_its_deployments_and_benefit_in_one_call(tmp_path):
    from rpa_finder.analysis import analyze_path
    from rpa_finder.realisation import realise_analysis
    from rpa_finder.samples import write_finnish_csv

    events, truth = generate_log("ostolaskut", cases=CASES, seed=2,
                                 variant=Variant(robot_go_live=RobotDeployment("Kirjaa lasku", date(2025, 6, 2))))
    result = analyze_path(write_finnish_csv(events, tmp_path / "ostolaskut.csv"), discover=False)
    deployments, benefit = realise_analysis(result, [RecordedDeployment("Kirjaa lasku", "robotti_02")])
    assert deployments[["account", "status"]].values.tolist() == [["ROBOTTI_02", "confirmed"]]
    robot = benefit.to_dict()["deployed_robots"][0]
    assert robot["hand_backs"] == deployed(truth).hand_backs and robot["go_live"] == "2025-06-02"
    assert robot["estimated_hours_per_year"]["mid"] > 0  # this run's candidate row, for want of a stored one
    realised = robot["realised_hours_per_year"]
    assert realised["low"] <= deployed(truth).true_hours_saved_per_year <= realised["high"]


def test_a_rise_in_the_thin_last_weeks_is_not_a_go_live():
    """The best of ~50 splits always shows some rise: a person doing 7 % of a step all year and 3 of
    the 12 executions of the log's last three weeks is chance, a robot taking 80 % is not."""
    import numpy as np

    from rpa_finder.realisation.changepoint import find_share_change

    total = np.r_[np.full(49, 20), [4, 4, 4]]
    person = np.r_[np.tile([1, 2, 1, 2, 1, 1, 2], 7), [1, 1, 1]]
    chance = find_share_change(person, total)
    assert chance is not None and chance.share_after > 0.2 and chance.p_value > 0.001
    robot = np.r_[np.zeros(26, int), np.full(23, 16), [3, 3, 3]]
    change = find_share_change(robot, total)
    assert change.week == 26 and change.p_value < 1e-12


FORKED_VS_SERIAL = """
import json, sys
from openpyxl import load_workbook
import rpa_finder.api as api
import rpa_finder.engine.forked as forked_module
import rpa_finder.output.results as results
forked = []
class Recorded(api.ForkedCall):
    def result(self):
        forked.append(self.forked)
        return super().result()
api.ForkedCall = results.ForkedCall = Recorded
runs = {}
for name, threshold in (("forked", 0), ("serial", 10 ** 12)):
    forked_module.PARALLEL_MIN_EVENTS = threshold
    analysis = api.analyze(sys.argv[1], language="en", key="fixed-test-key")
    folder = analysis.write(sys.argv[2] + "/" + name)
    book = load_workbook(folder / "report.xlsx")
    # every other file byte for byte; not the manifest (the time), the workbook (a zip with times: its
    # cells above) and pm4py's model exports, whose element ids are uuids and memory addresses in every run
    skip = ("manifest.json", "report.xlsx", "model.bpmn", "model.pnml")
    data = {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name not in skip}
    runs[name] = [analysis.deployed_robots, {k: v.decode("utf-8", "replace") for k, v in data.items()},
                  {sheet.title: [[str(cell.value) for cell in row] for row in sheet.iter_rows()] for sheet in book}]
    # what write() leaves in .files is what it wrote
    same = analysis.files["report.xlsx"] == (folder / "report.xlsx").read_bytes()
    runs[name].append(same and len(data) >= 10)
print(json.dumps({"forked": forked, "equal": runs["forked"] == runs["serial"], "kept": runs["forked"][-1],
                  "accounts": [r["account"] for r in runs["forked"][0]]}))
"""


def test_detection_workbook_and_report_in_forked_children_equal_the_serial_run(tmp_path):
    """On a large log the robots are detected, the workbook built and the report rendered in forked
    children: the same deployments, benefit, report.html and workbook as in one process, and the
    children really ran (in a fresh process: a fork is refused beside another test's leftover thread)."""
    import json
    import subprocess
    import sys

    from rpa_finder.samples import write_finnish_csv

    events, _ = generate_log("ostolaskut", cases=CASES, seed=2,
                             variant=Variant(robot_go_live=RobotDeployment("Kirjaa lasku", date(2025, 6, 2))))
    path = write_finnish_csv(events, tmp_path / "ostolaskut.csv")
    done = subprocess.run([sys.executable, "-c", FORKED_VS_SERIAL, str(path), str(tmp_path)], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["forked"] == [True, True, True]  # detection, workbook and rendering, each in a child
    assert outcome["equal"] and outcome["kept"]
    assert outcome["accounts"] == ["ROBOTTI_02"]


def test_weekly_counts_of_every_pair_equal_counting_each_pairs_own_rows():
    # detection counts every robot-like (step, account) per week in one pass over the rows; each pair
    # must get what counting its step's rows one pair at a time gives, on a log with a robot going live
    import numpy as np

    from rpa_finder.realisation.detect import _pair_weeks, _weeks
    from rpa_finder.realisation.robots import robot_pairs
    from rpa_finder.realisation.steps import StepRows

    events, _ = generated("ostolaskut", "Kirjaa lasku", seed=2)
    instances = instances_of(events, starts=False)
    steps = StepRows.of(instances, TZ)
    weeks = _weeks(pd.Series(steps.local))
    pairs = robot_pairs(instances, timezone=TZ, steps=steps)
    assert pairs["robot_like"].sum() >= 1 and len(pairs) >= 10
    activity = np.array([list(steps.activities).index(a) for a in pairs["activity"]])
    resource = np.array([steps.account(r) for r in pairs["resource"]])
    robots, totals, sizes = _pair_weeks(steps, weeks, activity, resource)
    for p, (name, account) in enumerate(zip(pairs["activity"], resource)):
        on_step = steps.rows(name)
        size = int(weeks[on_step].max()) + 1
        robot = steps.resource[on_step] == account
        assert sizes[activity[p]] == size
        assert robots[p, :size].tolist() == np.bincount(weeks[on_step][robot], minlength=size).tolist()
        assert totals[activity[p], :size].tolist() == np.bincount(weeks[on_step], minlength=size).tolist()
        assert not robots[p, size:].any() and not totals[activity[p], size:].any()


def test_a_log_whose_steps_no_account_did_has_no_deployments():
    # Sepsis_Cases in the shared datasets names no resource on most events; with no (step, account)
    # pair at all, detection must answer "none", not fail
    events, _ = generated("ostolaskut", None, seed=3)
    instances = instances_of(events, starts=False).assign(resource=pd.NA)
    assert detect_deployments(instances, timezone=TZ).empty


def test_two_decisions_naming_the_same_robot_judge_it_alike():
    # detection counts each (step, account) once; a pair two decisions name gets the same figures twice
    events, _ = generated("ostolaskut", "Kirjaa lasku", seed=2)
    instances = instances_of(events, starts=False)
    decisions = [RecordedDeployment("Kirjaa lasku", "ROBOTTI_02", date(2025, 6, 2)),
                 RecordedDeployment("Kirjaa lasku", "robotti", None)]
    found = detect_deployments(instances, timezone=TZ, decisions=decisions)
    robot = found[found["account"] == "ROBOTTI_02"]
    assert len(robot) == 2 and set(robot["status"]) == {"confirmed"}
    figures = ["robot_executions", "robot_share_before", "robot_share_after", "human_executions_before",
               "go_live_detected"]
    assert robot[figures].iloc[0].tolist() == robot[figures].iloc[1].tolist()
    assert robot["robot_executions"].iloc[0] > 100
    assert robot["go_live"].tolist() == [pd.Timestamp(2025, 6, 2), robot["go_live_detected"].iloc[0]]
