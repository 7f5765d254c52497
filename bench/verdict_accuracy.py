# SPDX-License-Identifier: AGPL-3.0-or-later
"""How often the verdicts are right, on generated logs whose truth is known.

For every process of the generator, several seeds and variants (one item at a time or several at
once, status events inside open work items, a batch without a resource, blank resources, faster or
slower offices, more or less judgement), completion-only and with lifecycle events, it prints:

- feasible precision: of the activities judged feasible (robot candidate or feasible but not paying),
  the share the generator labels automatable; feasible recall: the reverse;
- judgement leaks: judgement steps that became robot candidates (must be 0);
- automated and inside-work recall: machine steps judged already automated, status events judged
  inside other work (with no hours);
- precision@k of the robot candidates by rank (k = the number of them), where there are any.

    python bench/verdict_accuracy.py                  # the default grid (a few minutes)
    python bench/verdict_accuracy.py --seeds 21 22 --cases-scale 0.5
    python bench/verdict_accuracy.py --cheap-robots      # more steps pay: the robot list's precision

The tests (tests/test_verdicts_truth.py) run a small part of this grid on other seeds.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rpa_finder.analysis import analyze_log  # noqa: E402
from rpa_finder.config import AnalysisConfig  # noqa: E402
from rpa_finder.ingest import read_log  # noqa: E402
from rpa_finder.samples import Variant, generate_log, write_finnish_csv  # noqa: E402
from rpa_finder.scoring.candidates import CandidateSettings  # noqa: E402
from rpa_finder.scoring.savings import SavingsSettings  # noqa: E402
from rpa_finder.read_options import ReadOptions  # noqa: E402

#: A municipality's year of each process: big enough that every automatable step clears the knock-outs.
CASES = {"ostolaskut": 4000, "varhaiskasvatus": 5000, "rakennuslupa": 2000}
VARIANTS = {
    "default": Variant(),
    "one_at_a_time": Variant(one_at_a_time=True),
    "status_events": Variant(one_at_a_time=True, status_events=True),
    "batch_no_resource": Variant(batch_without_resource=True),
    "blank_resources": Variant(missing_resource_share=0.3),
    "fast_office": Variant(handling_scale=0.5, judgement_sigma=0.8),
    "less_judgement": Variant(judgement_share=0.5),
}
FEASIBLE = ("robot_candidate", "feasible_not_paying")
#: Robots as cheap as a shared open-source stack (--cheap-robots): most feasible steps then pay, so the
#: robot list is long enough for its precision to say something.
CHEAP = AnalysisConfig(candidates=CandidateSettings(savings=SavingsSettings(
    robot_running_eur_per_year=(100.0, 300.0, 600.0), robot_development_eur=(500.0, 1000.0, 2000.0))))


@dataclass(frozen=True)
class Outcome:
    process: str
    seed: int
    variant: str
    lifecycle: bool
    feasible_precision: float
    feasible_recall: float
    judgement_leaks: int
    automated_recall: float
    inside_recall: float
    inside_hours: float
    robot_candidates: int
    robot_precision: float
    precision_at_k: float
    headline_net_mid: float
    headline_equals_sum: bool


def analyse(process: str, seed: int, variant: Variant, lifecycle: bool, directory: Path, *, cases: int | None = None,
            config: AnalysisConfig = AnalysisConfig()) -> tuple[pd.DataFrame, pd.Series]:
    """The candidate table of one generated log and its truth labels by activity."""
    events, truth = generate_log(process, cases=cases or CASES[process], seed=seed, lifecycle=lifecycle,
                                 variant=variant)
    path = write_finnish_csv(events, directory / f"{process}-{seed}-{int(lifecycle)}.csv")
    result = analyze_log(read_log(path, ReadOptions()), config, discover=False)
    return result.scored.candidates, truth.drop_duplicates("activity").set_index("activity")["label"]


def _share(hits: pd.Series) -> float:
    return float(hits.mean()) if len(hits) else float("nan")


def precision_at_k(table: pd.DataFrame, labels: pd.Series) -> float:
    """Of the first k activities of the list a developer reads (robot candidates by rank, then the
    feasible ones by net value: the table's order), the share that is truly automatable; k = the
    process's automatable activities, a missing place a miss.  The measure the earlier single-score
    ranking was held to (its tests: the first k ranked activities)."""
    k = int((labels == "automatable").sum())
    steps = table[(table["kind"] == "activity") & table["verdict"].isin(FEASIBLE)].head(k)
    return float((steps["activity"].map(labels) == "automatable").sum() / k) if k else float("nan")


def judge(table: pd.DataFrame, labels: pd.Series, process: str, seed: int, variant: str, lifecycle: bool) -> Outcome:
    """The verdicts of one log against its truth."""
    steps = table[table["kind"] == "activity"].set_index("activity")
    truth = steps.index.map(labels)
    steps = steps.assign(truth=truth)
    feasible = steps["verdict"].isin(FEASIBLE)
    considered = ~steps["verdict"].isin(("negligible",))
    automatable = (steps["truth"] == "automatable") & considered
    robots = table[table["verdict"] == "robot_candidate"]
    robot_truth = [all(labels.get(s) == "automatable" for s in str(a).split(" -> ")) for a in robots["activity"]]
    inside = steps[steps["truth"] == "inside_work"]
    chosen = table[table["in_headline"]]
    return Outcome(
        process=process, seed=seed, variant=variant, lifecycle=lifecycle,
        feasible_precision=_share(steps.loc[feasible, "truth"] == "automatable"),
        feasible_recall=_share(feasible[automatable.to_numpy()]),
        judgement_leaks=int(((steps["truth"] == "judgment") & (steps["verdict"] == "robot_candidate")).sum()),
        automated_recall=_share(steps.loc[steps["truth"] == "already_automated", "verdict"] == "already_automated"),
        inside_recall=_share(inside["verdict"] == "inside_other_work"),
        inside_hours=float(inside.loc[inside["verdict"] != "inside_other_work", "hours_per_year"].fillna(0).sum()),
        robot_candidates=len(robots), robot_precision=_share(pd.Series(robot_truth, dtype=bool)),
        precision_at_k=precision_at_k(table, labels),
        headline_net_mid=float(chosen["net_savings_eur_mid"].sum()),
        headline_equals_sum=bool(len(chosen) == len(set(chosen["activity"]))),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[11, 12, 13])
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=list(VARIANTS))
    parser.add_argument("--processes", nargs="+", default=list(CASES), choices=list(CASES))
    parser.add_argument("--cases-scale", type=float, default=1.0, help="multiply each process's cases")
    parser.add_argument("--cases", nargs="*", default=[], metavar="PROCESS=N",
                        help="cases of a process, e.g. ostolaskut=2000 (the earlier truth tests' sizes)")
    parser.add_argument("--cheap-robots", action="store_true", help="robot costs of a shared open-source stack")
    args = parser.parse_args(argv)
    sizes = {**CASES, **{name: int(n) for name, n in (item.split("=") for item in args.cases)}}
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for process in args.processes:
            for name in args.variants:
                for lifecycle in (False, True):
                    for seed in args.seeds:
                        table, labels = analyse(process, seed, VARIANTS[name], lifecycle, Path(folder),
                                                cases=int(sizes[process] * args.cases_scale),
                                                config=CHEAP if args.cheap_robots else AnalysisConfig())
                        outcome = judge(table, labels, process, seed, name, lifecycle)
                        rows.append(outcome.__dict__)
                        print(f"{process:16s} {name:18s} {'lifecycle' if lifecycle else 'complete ':9s} seed {seed}: "
                              f"feasible P {outcome.feasible_precision:.2f} R {outcome.feasible_recall:.2f}, "
                              f"leaks {outcome.judgement_leaks}, automated {outcome.automated_recall:.2f}, "
                              f"inside {outcome.inside_recall:.2f}, robots {outcome.robot_candidates} "
                              f"(P {outcome.robot_precision:.2f})", flush=True)
    frame = pd.DataFrame(rows)
    print()
    summary = frame.groupby(["lifecycle"])[["feasible_precision", "feasible_recall", "automated_recall",
                                            "inside_recall", "robot_precision", "precision_at_k"]].mean().round(3)
    print(summary.to_string())
    print(f"judgement steps that became robot candidates: {int(frame['judgement_leaks'].sum())} "
          f"in {len(frame)} logs; robot candidates in all: {int(frame['robot_candidates'].sum())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
