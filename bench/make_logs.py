# SPDX-License-Identifier: AGPL-3.0-or-later
"""Benchmark logs: the invoice process (ostolaskut) scaled to 1M and 10M events, as XES, CSV and Parquet.

Run ``python bench/make_logs.py [--sizes 1m 10m]``.  Files go to ``bench/out/`` (git-ignored) as
``ostolaskut_1m.xes`` and so on; a file that already exists is skipped, so re-running is cheap.
Case ids are unique across copies (``scale_log`` appends ``-K<k>``).  The Parquet file keeps the CSV's
naive Helsinki wall-clock times (timestamp[ns] without a zone), so all three formats go through the
same local-time rule on reading; the XES file writes the same instants with their UTC offsets.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

OUT = Path(__file__).parent / "out"
SIZES = {"1m": 1_000_000, "10m": 10_000_000}
PROCESS = "ostolaskut"
BASE_CASES = 20_000
SEED = 7

__all__ = ["log_path", "make_logs", "SIZES", "high_variety_path", "new_cases_path", "make_high_variety",
           "make_new_cases", "HIGH_VARIETY_PROCESSES"]

#: Issue 17's high-variety logs: process -> lifecycle start/complete rows?  1M events each, new cases.
HIGH_VARIETY_PROCESSES = {"ostolaskut": False, "varhaiskasvatus": True, "rakennuslupa": True}


def log_path(size: str, fmt: str) -> Path:
    """Where the benchmark log of ``size`` ("1m", "10m") in ``fmt`` ("xes", "csv", "parquet") lives."""
    return OUT / f"{PROCESS}_{size}.{fmt}"


def high_variety_path(process: str, fmt: str) -> Path:
    """Where the high-variety 1M-event log of ``process`` lives (``make_high_variety``)."""
    return OUT / f"hv_{process}_1m.{fmt}"


def new_cases_path(size: str, fmt: str) -> Path:
    """Where ``size`` events of new (not copied) invoice cases live, e.g. ``new_10m`` (``make_new_cases``)."""
    return OUT / f"{PROCESS}_new_{size}.{fmt}"


def _write(frame, path: Path, fmt: str) -> None:
    from rpa_finder.samples import write_finnish_csv, write_xes

    started = time.perf_counter()
    tmp = path.with_name(path.name + ".part")
    if fmt == "parquet":
        _write_parquet(frame, path)
    else:
        (write_finnish_csv if fmt == "csv" else write_xes)(frame, tmp)
        tmp.replace(path)
    print(f"wrote {path} ({path.stat().st_size / 2**20:.0f} MiB, {time.perf_counter() - started:.0f} s)",
          file=sys.stderr)


def make_high_variety(formats: tuple[str, ...] = ("csv",), processes=tuple(HIGH_VARIETY_PROCESSES)) -> list[Path]:
    """1M events of new cases per process, with ``HIGH_VARIETY`` side steps and attributes (seed 7)."""
    from rpa_finder.samples.variety import HIGH_VARIETY, generate_cases, measure_variety

    paths = []
    for process in processes:
        wanted = [high_variety_path(process, f) for f in formats]
        if not all(p.exists() for p in wanted):
            frame = generate_cases(process, SIZES["1m"], seed=SEED, variety=HIGH_VARIETY,
                                   lifecycle=HIGH_VARIETY_PROCESSES[process])
            print(f"{process}: {measure_variety(frame)}", file=sys.stderr)
            for fmt, path in zip(formats, wanted):
                if not path.exists():
                    _write(frame, path, fmt)
            del frame
        paths.extend(wanted)
    return paths


def make_new_cases(size: str = "10m", formats: tuple[str, ...] = ("csv",)) -> list[Path]:
    """``size`` events of new invoice cases (drawn in chunks, not copied), the plain process's columns."""
    from rpa_finder.samples.variety import generate_cases

    wanted = [new_cases_path(size, f) for f in formats]
    if not all(p.exists() for p in wanted):
        frame = generate_cases(PROCESS, SIZES[size], seed=SEED)
        for fmt, path in zip(formats, wanted):
            if not path.exists():
                _write(frame, path, fmt)
        del frame
    return wanted


def _write_parquet(frame, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    tmp = path.with_suffix(".tmp")
    pq.write_table(table, tmp, row_group_size=1 << 20)
    tmp.replace(path)


def make_logs(sizes: list[str], formats: tuple[str, ...] = ("csv", "parquet", "xes")) -> list[Path]:
    """Write every missing benchmark file and return all their paths."""
    from rpa_finder.samples import generate_log, scale_log, write_finnish_csv, write_xes

    wanted = [(s, f) for s in sizes for f in formats]
    missing = [(s, f) for s, f in wanted if not log_path(s, f).exists()]
    if missing:
        base, _ = generate_log(PROCESS, cases=BASE_CASES, seed=SEED)
        for size in sorted({s for s, _ in missing}, key=SIZES.get):
            started = time.perf_counter()
            frame = scale_log(base, SIZES[size], seed=SEED)
            for fmt in (f for s, f in missing if s == size):
                path = log_path(size, fmt)
                tmp = path.with_name(path.name + ".part")
                if fmt == "csv":
                    write_finnish_csv(frame, tmp)
                    tmp.replace(path)
                elif fmt == "xes":
                    write_xes(frame, tmp)
                    tmp.replace(path)
                else:
                    _write_parquet(frame, path)
                print(f"wrote {path} ({path.stat().st_size / 2**20:.0f} MiB, "
                      f"{time.perf_counter() - started:.0f} s)", file=sys.stderr)
            del frame
    return [log_path(s, f) for s, f in wanted]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", choices=sorted(SIZES), default=["1m", "10m"])
    parser.add_argument("--formats", nargs="+", choices=("csv", "parquet", "xes"), default=["csv", "parquet", "xes"])
    parser.add_argument("--high-variety", action="store_true",
                        help="issue 17: hv_<process>_1m (new cases, side steps, 25-30 columns) instead of the copies")
    parser.add_argument("--new-cases", choices=sorted(SIZES), default=None,
                        help="issue 17: ostolaskut_new_<size> (new cases, not copies) instead of the copies")
    args = parser.parse_args(argv)
    if args.high_variety or args.new_cases:
        paths = make_high_variety(tuple(args.formats)) if args.high_variety else []
        paths += make_new_cases(args.new_cases, tuple(args.formats)) if args.new_cases else []
        print("\n".join(map(str, paths)))
        return 0
    for path in make_logs(args.sizes, tuple(args.formats)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
