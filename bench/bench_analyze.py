# SPDX-License-Identifier: AGPL-3.0-or-later
"""Issues 4, 7 and 17: the whole analysis (``rpa-finder analyze``) against the plain pm4py pipeline.

``python bench/bench_analyze.py [--logs bpic15_1 ... hv_ostolaskut ...] [--repeats 3] [--pm4py-cap 600]``.
Logs: ``bpic15_1``..``bpic15_5`` (the shared BPIC15 exports), ``hv_<process>`` (the generator's
high-variety 1M-event logs, ``make_logs.py --high-variety``), ``new_10m`` (10M events of new cases)
and the retired ``1m``/``10m`` copies.  Each log is set next to the plain pm4py pipeline (see
``pm4py_pipeline.py``) in the same run; a pipeline that passes ``--pm4py-cap`` is reported as "> cap"
and its ratio is a lower bound.  Issue 17's target: >= 20x faster than pm4py on every high-variety log;
10M <= 45 s and <= 6 GiB peak; ``rpa-finder --help`` <= 0.5 s in a fresh process.
"""
from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

__all__ = ["analyze_rpa", "analyze_cli", "analyze_pm4py", "resolve_log"]

CAP_SECONDS = 15 * 60
BPIC15_DIR = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "bpic2015"
BPIC15 = BPIC15_DIR / "BPIC15_1.xes.gz"
#: What the bench runs without --logs: issue 17's high-variety logs.
DEFAULT_LOGS = ["bpic15_1", "bpic15_2", "bpic15_3", "bpic15_4", "bpic15_5",
                "hv_ostolaskut", "hv_varhaiskasvatus", "hv_rakennuslupa"]


def resolve_log(name: str, fmt: str) -> Path:
    """The file behind a bench log name (see the module docstring)."""
    from make_logs import high_variety_path, log_path, new_cases_path

    if name == "bpic15":
        return BPIC15
    if name.startswith("bpic15_"):
        return BPIC15_DIR / f"BPIC15_{name.split('_', 1)[1]}.xes.gz"
    if name.startswith("hv_"):
        return high_variety_path(name[3:], fmt)
    if name.startswith("new_"):
        return new_cases_path(name[4:], fmt)
    path = log_path(name, fmt)
    return path if path.exists() else log_path(name, "parquet")


def analyze_rpa(path: str) -> str:
    from rpa_finder.analysis import analyze_path

    result = analyze_path(path)
    top = result.scored.candidates.iloc[0]["activity"] if len(result.scored.candidates) else None
    return f"events={result.ingest.log.n_events} candidates={len(result.scored.candidates)} top={top!r}"


def analyze_cli(path: str) -> str:
    """``rpa-finder analyze LOG -o OUT`` (a fresh temporary folder): read, mine, score, realise, every file written."""
    import tempfile

    from rpa_finder.cli import cli

    with tempfile.TemporaryDirectory(prefix="bench_analyze_") as tmp:
        out = Path(tmp) / "results"
        cli.main(["analyze", path, "-o", str(out)], standalone_mode=False)
        written = sorted(p.name for p in out.iterdir())
    return f"files={len(written)} {','.join(written)[:120]}"


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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", nargs="+", default=DEFAULT_LOGS)
    parser.add_argument("--format", default="csv", choices=("csv", "xes", "parquet"),
                        help="format of the generated logs (10M falls back to parquet if missing)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--pm4py-repeats", type=int, default=1)
    parser.add_argument("--skip-pm4py", nargs="*", default=["10m", "new_10m"], help="logs to run without the pm4py baseline")
    parser.add_argument("--rpa-cap", type=float, default=CAP_SECONDS * 2,
                        help="seconds after which an rpa_finder run counts as 'did not finish' [1800]")
    parser.add_argument("--library", action="store_true", help="also time analyze_path alone (nothing written)")
    parser.add_argument("--no-help", action="store_true", help="skip the rpa-finder --help start-up row")
    parser.add_argument("--name", default="analyze", help="bench/out/<name>.json [analyze]")
    parser.add_argument("--pm4py-cap", type=float, default=CAP_SECONDS,
                        help="seconds after which the pm4py pipeline counts as 'did not finish' (a lower bound)")
    args = parser.parse_args(argv)
    sections = {}
    for name in args.logs:
        path = resolve_log(name, args.format)
        if not path.exists():
            print(f"skipping {name}: {path} not found", file=sys.stderr)
            continue
        rows, base = [], None
        if name not in args.skip_pm4py:
            base = measure("pm4py pipeline (read..token replay)", "bench_analyze", "analyze_pm4py", str(path),
                           repeats=args.pm4py_repeats, timeout=args.pm4py_cap)
            rows.append(base)
        if args.library:
            rows.append(measure("rpa_finder analyze_path (nothing written)", "bench_analyze", "analyze_rpa", str(path),
                                repeats=args.repeats, timeout=args.rpa_cap))
        rows.append(measure("rpa-finder analyze -o (everything written)", "bench_analyze", "analyze_cli", str(path),
                            repeats=args.repeats, timeout=args.rpa_cap))
        print_table(f"analyze, {name} ({path.name})", rows, base)
        sections[name] = rows
        write_results(args.name, sections)  # after every log, so a stopped run keeps what it measured
    if not args.no_help:
        help_run = measure_command("rpa-finder --help (fresh process)", _help_command())
        print_table("CLI start-up", [help_run])
        sections["help"] = [help_run]
    print(f"\nwrote {write_results(args.name, sections)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
