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

from ..errors import Message, RpaFinderError
from .processes import PROCESSES
from .simulate import generate_log
from .variants import Variant
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
    parser.add_argument("--lang", choices=("fi", "sv", "en"), default="en",
                        help="language of an error message (default en, as rpa-finder's commands)")
    variant = parser.add_argument_group("variant (rpa_finder.samples.Variant; default: the committed samples)")
    variant.add_argument("--one-at-a-time", action="store_true", help="each person works one item at a time")
    variant.add_argument("--status-events", action="store_true",
                         help="status changes recorded inside open work items (truth label inside_work)")
    variant.add_argument("--batch-without-resource", action="store_true",
                         help="a nightly batch step with an empty resource on a few dates")
    variant.add_argument("--missing-resource-share", type=float, default=0.0,
                         help="share of people's events whose resource is blanked (0-1)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse, generate, write the log and <process>.truth.csv; print the written paths on stdout."""
    args = _parser().parse_args(argv)
    try:
        events, truth = generate_log(
            args.process, cases=args.cases, seed=args.seed, lifecycle=args.lifecycle != "none",
            lifecycle_style="rows" if args.lifecycle == "none" else args.lifecycle, start=args.start,
            variant=Variant(one_at_a_time=args.one_at_a_time, status_events=args.status_events,
                            batch_without_resource=args.batch_without_resource,
                            missing_resource_share=args.missing_resource_share),
        )
        log_path = args.output / f"{args.process}.{args.format}"
        if args.format == "csv":
            write_finnish_csv(events, log_path)
        else:
            write_xes(events, log_path)
        truth_path = write_truth(truth, args.output / f"{args.process}.truth.csv")
    except RpaFinderError as exc:
        print(Message("error: {message}", message=exc.localised(args.lang)).render(args.lang), file=sys.stderr)
        return exc.exit_code
    print(log_path)
    print(truth_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
