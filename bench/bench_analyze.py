# SPDX-License-Identifier: AGPL-3.0-or-later
"""Issues 4 and 7: the whole analysis (``analyze_path``) at 1M and 10M events and on BPIC15_1.

``python bench/bench_analyze.py [--logs 1m 10m bpic15] [--repeats 3] [--pm4py-repeats 1]``.
Each log is set next to the plain pm4py pipeline (see ``pm4py_pipeline.py``) where that finishes in
15 minutes.  Targets: >= 20x faster than pm4py on BPIC15_1, >= 5x on the 1M log; 1M events <= 15 s;
10M <= 60 s and <= 8 GiB peak; ``rpa-finder --help`` <= 0.5 s in a fresh process.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

__all__ = ["analyze_rpa", "analyze_pm4py"]

CAP_SECONDS = 15 * 60
BPIC15 = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "bpic2015" / "BPIC15_1.xes.gz"


def analyze_rpa(path: str) -> str:
    from rpa_finder.analysis import analyze_path

    result = analyze_path(path)
    top = result.scored.candidates.iloc[0]["activity"] if len(result.scored.candidates) else None
    return f"events={result.ingest.log.n_events} candidates={len(result.scored.candidates)} top={top!r}"


def analyze_pm4py(path: str) -> str:
    from pm4py_pipeline import run_pm4py_pipeline

    return run_pm4py_pipeline(path)


def _help_command() -> list[str]:
    """The console script next to this interpreter (not a pyenv shim, whose own start-up is not ours)."""
    local = Path(sys.executable).parent / "rpa-finder"
    exe = str(local) if local.exists() else shutil.which("rpa-finder")
    return [exe, "--help"]


def main(argv: list[str] | None = None) -> int:
    from harness import measure, measure_command, print_table, write_results
    from make_logs import log_path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", nargs="+", default=["1m", "10m", "bpic15"])
    parser.add_argument("--format", default="csv", choices=("csv", "xes", "parquet"),
                        help="format of the generated logs (10M falls back to parquet if missing)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--pm4py-repeats", type=int, default=1)
    parser.add_argument("--skip-pm4py", nargs="*", default=["10m"], help="logs to run without the pm4py baseline")
    parser.add_argument("--pm4py-cap", type=float, default=CAP_SECONDS,
                        help="seconds after which the pm4py pipeline counts as 'did not finish' (a lower bound)")
    args = parser.parse_args(argv)
    sections = {}
    for name in args.logs:
        if name == "bpic15":
            path = BPIC15
        else:
            path = log_path(name, args.format)
            if not path.exists():
                path = log_path(name, "parquet")
        if not path.exists():
            print(f"skipping {name}: {path} not found", file=sys.stderr)
            continue
        rows, base = [], None
        if name not in args.skip_pm4py:
            base = measure("pm4py pipeline (read..token replay)", "bench_analyze", "analyze_pm4py", str(path),
                           repeats=args.pm4py_repeats, timeout=args.pm4py_cap)
            rows.append(base)
        rows.append(measure("rpa_finder analyze_path", "bench_analyze", "analyze_rpa", str(path), repeats=args.repeats))
        print_table(f"analyze, {name} ({path.name})", rows, base)
        sections[name] = rows
    help_run = measure_command("rpa-finder --help (fresh process)", _help_command())
    print_table("CLI start-up", [help_run])
    sections["help"] = [help_run]
    print(f"\nwrote {write_results('analyze', sections)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
