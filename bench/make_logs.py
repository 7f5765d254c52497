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

__all__ = ["log_path", "make_logs", "SIZES"]


def log_path(size: str, fmt: str) -> Path:
    """Where the benchmark log of ``size`` ("1m", "10m") in ``fmt`` ("xes", "csv", "parquet") lives."""
    return OUT / f"{PROCESS}_{size}.{fmt}"


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
    args = parser.parse_args(argv)
    for path in make_logs(args.sizes, tuple(args.formats)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
