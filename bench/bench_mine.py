# SPDX-License-Identifier: AGPL-3.0-or-later
"""Issue 3: ``mine`` on the 1M-event log (read_log + mine_process) against the plain pm4py pipeline.

``python bench/bench_mine.py [--size 1m] [--format csv] [--repeats 3] [--pm4py-repeats 1]``.
The pm4py pipeline (read, discover_dfg, discover_performance_dfg, get_variants,
discover_petri_net_inductive on the full log, token-based replay fitness) runs in the same bench run
on the same file, capped at 15 minutes ("did not finish" beyond).  Target: >= 10x faster, peak <= 3 GiB.
Output files (SVG, CSV) are not written: this measures the library call the CLI makes.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

__all__ = ["mine_rpa", "mine_pm4py"]

CAP_SECONDS = 15 * 60


def mine_rpa(path: str) -> str:
    from rpa_finder.analysis import read_log_preloading
    from rpa_finder.mining.process import mine_process

    mined = mine_process(read_log_preloading(path, modules=("holidays", "pm4py")).log, discover=True)
    summary = mined.summary()
    fitness = summary.get("conformance", {}).get("fitness")
    return f"events={summary['events']} edges={summary['edges']} variants={summary['variants']} fitness={fitness}"


def mine_pm4py(path: str) -> str:
    from pm4py_pipeline import run_pm4py_pipeline

    return run_pm4py_pipeline(path)


def main(argv: list[str] | None = None) -> int:
    from harness import measure, print_table, write_results
    from make_logs import log_path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1m")
    parser.add_argument("--format", default="csv", choices=("csv", "xes", "parquet"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--pm4py-repeats", type=int, default=1)
    args = parser.parse_args(argv)
    path = str(log_path(args.size, args.format))
    base = measure("pm4py pipeline (read..token replay)", "bench_mine", "mine_pm4py", path,
                   repeats=args.pm4py_repeats, timeout=CAP_SECONDS)
    ours = measure("rpa_finder read_log + mine_process", "bench_mine", "mine_rpa", path, repeats=args.repeats)
    print_table(f"mine, {args.size} events ({args.format})", [base, ours], base)
    print(f"  results: pm4py {base.result}\n           rpa_finder {ours.result}")
    print(f"\nwrote {write_results(f'mine_{args.size}_{args.format}', {'mine': [base, ours]})}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
