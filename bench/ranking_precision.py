# SPDX-License-Identifier: AGPL-3.0-or-later
"""precision@k of the ranked list against the generator's truth, on this checkout or an older one.

k = a process's truly automatable activities; the list is what a developer reads first: the robot
candidates by rank, then the steps a robot could do by net value (before verdicts existed: the
candidates by score).  A place the list leaves empty counts as a miss.  The script imports only what
every version since the generator has, so the same command measures before and after:

    python bench/ranking_precision.py --seeds 11 12 13
    PYTHONPATH=/tmp/old python bench/ranking_precision.py --seeds 11 12 13   # a worktree of an older commit

Generator variants exist only in newer checkouts: write their logs once with this one, then measure
them with each checkout (``--logs DIR`` reads every ``*.csv`` with its ``*.truth.csv``):

    python bench/ranking_precision.py --write /tmp/variant_logs --seeds 11 12 13
    PYTHONPATH=/tmp/old python bench/ranking_precision.py --logs /tmp/variant_logs
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

if "PYTHONPATH" not in os.environ:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402

from rpa_finder.analysis import analyze_log  # noqa: E402
from rpa_finder.config import AnalysisConfig  # noqa: E402
from rpa_finder.ingest import read_log  # noqa: E402
from rpa_finder.samples import generate_log, write_finnish_csv  # noqa: E402

try:
    from rpa_finder.read_options import ReadOptions  # noqa: E402
except ImportError:  # before the rename
    from rpa_finder.settings import ReadOptions  # noqa: E402

#: The sizes of the truth tests before verdicts (a municipality's year).
CASES = {"ostolaskut": 2000, "varhaiskasvatus": 5000, "rakennuslupa": 2000}


def ranked_list(table: pd.DataFrame) -> pd.Series:
    """The activities in the order the developer reads them."""
    steps = table[table["kind"] == "activity"]
    if "verdict" in steps:
        return steps.loc[steps["verdict"].isin(["robot_candidate", "feasible_not_paying"]), "activity"]
    return steps[steps["rank"].notna()].sort_values("rank")["activity"]


def precision(table: pd.DataFrame, labels: pd.Series) -> tuple[int, float, int]:
    """k, precision@k and the judgement steps among the first k."""
    k = int((labels == "automatable").sum())
    top = ranked_list(table).head(k)
    return k, float((top.map(labels) == "automatable").sum() / k), int((top.map(labels) == "judgment").sum())


def analysed(path: Path) -> pd.DataFrame:
    return analyze_log(read_log(path, ReadOptions()), AnalysisConfig(), discover=False).scored.candidates


def write_variant_logs(folder: Path, seeds: list[int]) -> None:
    """The verdict bench's variants (this checkout's generator) as CSV files with their truth."""
    from verdict_accuracy import VARIANTS

    folder.mkdir(parents=True, exist_ok=True)
    for process, cases in CASES.items():
        for name, variant in VARIANTS.items():
            for lifecycle in (False, True):
                for seed in seeds:
                    events, truth = generate_log(process, cases=cases, seed=seed, lifecycle=lifecycle, variant=variant)
                    stem = f"{process}-{name}-{'lifecycle' if lifecycle else 'complete'}-{seed}"
                    write_finnish_csv(events, folder / f"{stem}.csv")
                    truth[["activity", "label"]].to_csv(folder / f"{stem}.truth.csv", index=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[11, 12, 13])
    parser.add_argument("--write", type=Path, help="write the variant logs to this folder and stop")
    parser.add_argument("--logs", type=Path, help="measure the logs written by --write")
    args = parser.parse_args(argv)
    if args.write:
        write_variant_logs(args.write, args.seeds)
        return 0
    rows = []
    if args.logs:
        for path in sorted(args.logs.glob("*.csv")):
            if path.name.endswith(".truth.csv"):
                continue
            labels = pd.read_csv(path.with_suffix(".truth.csv")).drop_duplicates("activity").set_index("activity")["label"]
            process, variant, mode, seed = path.stem.split("-")
            k, share, judged = precision(analysed(path), labels)
            rows.append({"process": process, "variant": variant, "lifecycle": mode == "lifecycle", "seed": int(seed),
                         "k": k, "precision_at_k": share, "judgement_in_top_k": judged})
    else:
        with tempfile.TemporaryDirectory() as folder:
            for process, cases in CASES.items():
                for lifecycle in (False, True):
                    for seed in args.seeds:
                        events, truth = generate_log(process, cases=cases, seed=seed, lifecycle=lifecycle)
                        path = write_finnish_csv(events, Path(folder) / f"{process}-{seed}-{int(lifecycle)}.csv")
                        labels = truth.drop_duplicates("activity").set_index("activity")["label"]
                        k, share, judged = precision(analysed(path), labels)
                        rows.append({"process": process, "lifecycle": lifecycle, "seed": seed, "k": k,
                                     "precision_at_k": share, "judgement_in_top_k": judged})
    frame = pd.DataFrame(rows)
    print(frame.to_string(index=False))
    print(frame.groupby("lifecycle")[["precision_at_k", "judgement_in_top_k"]].mean().round(3).to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
