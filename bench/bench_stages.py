# SPDX-License-Identifier: AGPL-3.0-or-later
"""Where one analysis spends its time: read_log, mine_process, score_candidates, realise, in a warm process.

``python bench/bench_stages.py LOG [--repeats 3] [--trees /tmp/before,.]``; each repeat runs in a
fresh process after the heavy imports (pm4py, scikit-learn), so the stages are measured without
them.  With ``--trees`` every repeat runs each source tree (a folder holding ``rpa_finder/``, put
first on ``PYTHONPATH``) in turn, so a before/after pair shares the machine's load.  Prints medians,
ranges and the peak RSS of each process (its largest of itself and the replay child it forks).
"""
from __future__ import annotations

import argparse
import json
import os
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
process = mine_process(ingest.log, instances=instances)
mined = time.perf_counter()
candidates = score_candidates(ingest.log, instances.table)
scored = time.perf_counter()
try:  # the realised-benefit stage (issue 16): deployments found and measured; absent in older trees
    from rpa_finder.analysis import AnalysisResult
    from rpa_finder.api import realise_result
    from rpa_finder.config import AnalysisConfig
except ImportError:
    realise_result = None
if realise_result is not None:
    realise_result(AnalysisResult(ingest, process, candidates, AnalysisConfig()))
realised = time.perf_counter()
import resource
peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
print(json.dumps({"read": read - began, "mine": mined - read, "score": scored - mined, "realise": realised - scored,
                  "peak_mib": peak / 1024}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("log")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--trees", default=None, help="comma-separated source trees to run in turn [the current path]")
    args = parser.parse_args(argv)
    trees = args.trees.split(",") if args.trees else [None]
    runs: dict[str | None, list[dict]] = {tree: [] for tree in trees}
    for _ in range(args.repeats):
        for tree in trees:
            env = dict(os.environ, PYTHONPATH=os.path.abspath(tree)) if tree else None
            # ``python -c`` puts its working folder first on sys.path: run in the tree, or it shadows PYTHONPATH
            done = subprocess.run([sys.executable, "-c", CHILD, os.path.abspath(args.log)], capture_output=True,
                                  text=True, check=True, env=env, cwd=os.path.abspath(tree) if tree else None)
            runs[tree].append(json.loads(done.stdout.strip().splitlines()[-1]))
    for tree in trees:
        where = f", tree {tree}" if tree else ""
        print(f"stages of {args.log} ({args.repeats} fresh processes, imports excluded){where}")
        for stage in ("read", "mine", "score", "realise", "peak_mib"):
            values = [run[stage] for run in runs[tree]]
            unit = "MiB" if stage == "peak_mib" else "s"
            print(f"  {stage:8} median {statistics.median(values):7.2f} {unit}  ({min(values):.2f}-{max(values):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
