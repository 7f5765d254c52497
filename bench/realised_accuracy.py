# SPDX-License-Identifier: AGPL-3.0-or-later
"""Issue 16: realised benefit of a deployed robot against the generator's truth, per log.

Every log comes from ``rpa_finder.samples.generate_log`` with ``Variant(robot_go_live=...)``: a robot
account takes over a person's step from a known date, some cases handed back.  Per log (process,
step, seed, people one at a time or several at once) and mode (lifecycle: start times kept;
completion_only: dropped; completion_timed: dropped, the step's true minutes given as a timed step):

* go-live found without a decision, and its distance in days from the truth's go-live and from the
  robot's first day in the log (later where people's queues delay the cases that reach the step);
* hand-backs counted vs true;
* realised hours saved a year (mid, low-high) vs ``true_hours_saved_per_year``, their ratio, and
  whether the range covers the truth;
* the removed share of the step's human work per need vs the truth's;

then totals per mode, and the deployments "found" on the same logs generated without a robot.

    python bench/realised_accuracy.py                 # seeds 4 5 6, 2000 cases: the figures to report
    python bench/realised_accuracy.py --seeds 1 2 3   # the seeds the tests use a subset of
"""
from __future__ import annotations

import argparse
from datetime import date

import pandas as pd

from handling_accuracy import event_log

STEPS = (("ostolaskut", "Kirjaa lasku"), ("ostolaskut", "Tiliöi lasku"), ("varhaiskasvatus", "Laske asiakasmaksu"),
         ("varhaiskasvatus", "Lähetä päätös"), ("rakennuslupa", "Kirjaa hakemus"), ("rakennuslupa", "Laskuta lupamaksu"))
GO_LIVES = (date(2025, 4, 14), date(2025, 6, 4), date(2025, 8, 20))
MODES = ("lifecycle", "completion_only", "completion_timed")


def deployment(step: str, seed: int):
    from rpa_finder.samples import RobotDeployment

    return RobotDeployment(step, GO_LIVES[seed % 3], take_over_share=(0.85, 0.6)[seed % 2],
                           hand_back_share=(0.1, 0.2)[seed % 2])


def measure_one(events: pd.DataFrame, truth_row, mode: str) -> dict:
    from rpa_finder.mining.instances import extract_instances
    from rpa_finder.realisation import detect_deployments, measure_realised_benefit

    log = event_log(events, mode == "lifecycle")
    instances = extract_instances(log.events).table
    found = detect_deployments(instances, timezone=log.timezone)
    found = found[(found["activity"] == truth_row.activity) & (found["account"] == truth_row.robot_account)]
    timed = {truth_row.activity: float(truth_row.human_minutes_per_need_before)} if mode == "completion_timed" else None
    out = {"found": len(found) == 1}
    if not len(found):
        return out
    robot = measure_realised_benefit(instances, found, timezone=log.timezone, handling_minutes=timed).robots[0]
    realised, truth = robot.realised_hours_per_year, float(truth_row.true_hours_saved_per_year)
    true_removed = 1 - truth_row.human_minutes_per_need_after / truth_row.human_minutes_per_need_before
    out.update(go_live_days=abs((pd.Timestamp(robot.go_live) - truth_row.go_live).days),
               first_robot_days=abs((pd.Timestamp(robot.go_live) - truth_row.first_robot_day).days),
               hand_backs=robot.hand_backs, true_hand_backs=int(truth_row.hand_backs), truth=round(truth, 1),
               mid=round(realised.mid, 1), low=round(realised.low, 1), high=round(realised.high, 1),
               ratio=round(realised.mid / truth, 3), covered=realised.low <= truth <= realised.high,
               removed=round(robot.removed_share, 3), true_removed=round(float(true_removed), 3),
               robot_share=round(robot.robot_share, 3), evidence=robot.handling_evidence)
    return out


def run(seeds: list[int], cases: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    from rpa_finder.mining.instances import extract_instances
    from rpa_finder.realisation import detect_deployments
    from rpa_finder.samples import Variant, generate_log

    rows, false = [], []
    for process, step in STEPS:
        for seed in seeds:
            for one in (True, False):
                variant = Variant(one_at_a_time=one, robot_go_live=deployment(step, seed))
                events, truth = generate_log(process, cases=cases, seed=seed, lifecycle=True,
                                             lifecycle_style="column", variant=variant)
                row = next(truth[truth["robot_account"].notna()].itertuples(index=False))
                people = "one_at_a_time" if one else "several_at_once"
                for mode in MODES:
                    rows.append(dict(process=process, step=step, seed=seed, people=people, mode=mode,
                                     **measure_one(events, row, mode)))
    for process in sorted({p for p, _ in STEPS}):
        for seed in seeds:
            for one in (True, False):
                events, _ = generate_log(process, cases=cases, seed=seed, lifecycle=True, lifecycle_style="column",
                                         variant=Variant(one_at_a_time=one))
                for mode in ("lifecycle", "completion_only"):
                    log = event_log(events, mode == "lifecycle")
                    found = detect_deployments(extract_instances(log.events).table, timezone=log.timezone)
                    false.append(dict(process=process, seed=seed, one_at_a_time=one, mode=mode, found=len(found)))
    return pd.DataFrame(rows), pd.DataFrame(false)


def totals(rows: pd.DataFrame) -> pd.DataFrame:
    """Per mode: logs, found, go-live error, hand-backs exact, realised within +-15 %, coverage, ratio spread."""
    groups = []
    for mode, part in rows.groupby("mode", sort=False):
        error = (part["ratio"] - 1).abs()
        groups.append({"mode": mode, "logs": len(part), "found": int(part["found"].sum()),
                       "go_live_days_max": int(part["go_live_days"].max()),
                       "go_live_days_max_several": int(part.loc[part["people"] == "several_at_once",
                                                                "go_live_days"].max()),
                       "first_robot_days_max": int(part["first_robot_days"].max()),
                       "hand_backs_exact": int((part["hand_backs"] == part["true_hand_backs"]).sum()),
                       "within_15pct": int((error <= 0.15).sum()), "median_abs_error": round(float(error.median()), 3),
                       "ratio_range": f"{part['ratio'].min():.2f}-{part['ratio'].max():.2f}",
                       "covered": int(part["covered"].sum()),
                       "removed_share_abs_error_max": round(float((part["removed"] - part["true_removed"]).abs().max()),
                                                            3)})
    return pd.DataFrame(groups)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[4, 5, 6])
    parser.add_argument("--cases", type=int, default=2000, help="cases per log (default 2000)")
    args = parser.parse_args(argv)
    pd.set_option("display.width", 250)
    pd.set_option("display.max_rows", 1000)
    rows, false = run(args.seeds, args.cases)
    print(rows.to_string(index=False))
    print()
    print(totals(rows).to_string(index=False))
    print()
    print(f"logs without a robot: {len(false)}, deployments found on them: {int(false['found'].sum())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
