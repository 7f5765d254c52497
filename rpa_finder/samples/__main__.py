# SPDX-License-Identifier: AGPL-3.0-or-later
"""``python -m rpa_finder.samples``: regenerate a sample log and its ground truth, byte for byte.

Example: ``python -m rpa_finder.samples --process ostolaskut --cases 400 --seed 1 --format csv -o sample_logs/``
writes ``sample_logs/ostolaskut.csv`` and ``sample_logs/ostolaskut.truth.csv``.
"""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from ..errors import RpaFinderError
from .processes import PROCESSES
from .simulate import generate_log
from .writers import write_finnish_csv, write_truth, write_xes

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m rpa_finder.samples", description=__doc__.splitlines()[0])
    parser.add_argument("--process", required=True, choices=sorted(PROCESSES), help="which process to simulate")
    parser.add_argument("--cases", type=int, default=400, help="number of cases (default 400)")
    parser.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same bytes")
    parser.add_argument("--format", choices=("csv", "xes"), default="csv", help="Finnish CSV or XES 1.0")
    parser.add_argument("--lifecycle", choices=("none", "rows", "column"), default="none",
                        help="none: complete events only; rows: start and complete rows (Tila); "
                             "column: one row with an Aloitusaika start column")
    parser.add_argument("--start", type=date.fromisoformat, default=date(2025, 1, 1),
                        help="first arrival day, YYYY-MM-DD (default 2025-01-01)")
    parser.add_argument("-o", "--output", type=Path, default=Path("."), help="output folder")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse, generate, write the log and <process>.truth.csv; print the written paths on stdout."""
    args = _parser().parse_args(argv)
    try:
        events, truth = generate_log(
            args.process, cases=args.cases, seed=args.seed, lifecycle=args.lifecycle != "none",
            lifecycle_style="rows" if args.lifecycle == "none" else args.lifecycle, start=args.start,
        )
        log_path = args.output / f"{args.process}.{args.format}"
        if args.format == "csv":
            write_finnish_csv(events, log_path)
        else:
            write_xes(events, log_path)
        truth_path = write_truth(truth, args.output / f"{args.process}.truth.csv")
    except RpaFinderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    print(log_path)
    print(truth_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
