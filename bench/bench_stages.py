# SPDX-License-Identifier: AGPL-3.0-or-later
"""Where one analysis spends its time: read_log, mine_process, score_candidates, in a warm process.

``python bench/bench_stages.py LOG [--repeats 3]``; each repeat runs in a fresh process after the
heavy imports (pm4py, scikit-learn), so the stages are measured without them.  To compare two
checkouts, run it with ``PYTHONPATH=/path/to/other/checkout`` as well.  Prints medians and ranges.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

CHILD = """
import json, sys, time, warnings
warnings.simplefilter("ignore")
from rpa_finder.ingest import read_log
from rpa_finder.mining.instances import extract_instances
from rpa_finder.mining.process import mine_process
from rpa_finder.scoring.pipeline import score_candidates
from rpa_finder.pm4py_adapter import pm4py
import sklearn.tree
pm4py()
began = time.perf_counter()
ingest = read_log(sys.argv[1])
read = time.perf_counter()
instances = extract_instances(ingest.log.events)
mine_process(ingest.log, instances=instances)
mined = time.perf_counter()
score_candidates(ingest.log, instances.table)
scored = time.perf_counter()
print(json.dumps({"read": read - began, "mine": mined - read, "score": scored - mined}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    runs = []
    for _ in range(args.repeats):
        done = subprocess.run([sys.executable, "-c", CHILD, args.log], capture_output=True, text=True, check=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"stages of {args.log} ({args.repeats} fresh processes, imports excluded)")
    for stage in ("read", "mine", "score"):
        values = [run[stage] for run in runs]
        print(f"  {stage:6} median {statistics.median(values):6.2f} s  ({min(values):.2f}-{max(values):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
