# SPDX-License-Identifier: AGPL-3.0-or-later
"""Issue 7: scoring one process, partition by partition, and on a local Dask cluster.

``python bench/bench_scoring.py [--size 1m] [--format parquet] [--repeats 3] [--partitions 4] [--skip-pm4py]``.
Every task reads the log with ``read_log`` and scores it: ``score_candidates`` in one process,
``score_partitions`` over case partitions (the two rounds of ``rpa_finder.scoring.pipeline`` one
after another), and ``score_log_dask`` on a ``LocalCluster`` of two single-threaded workers (cluster
start included: that is what a scheduled job pays).  The result column gives a digest of the
candidate table, so the run shows that all three produce the same one.  The plain pm4py pipeline
(read .. token replay) runs in the same bench as the common baseline.

``--digests`` times nothing: it prints the digest of every bundled sample and shared dataset, scored
in one process and over the partitions, so two checkouts' lines can be compared (``diff``).  Set
``RPA_FINDER_KEY`` to one value for both runs: the pseudonyms are in the table.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

__all__ = ["score_one_process", "score_in_partitions", "score_on_dask"]

CAP_SECONDS = 15 * 60
PARTITIONS = 4


def _digest(scored) -> str:
    table = scored.candidates.round(9).to_csv(index=False).encode()
    top = scored.candidates.iloc[0]["activity"] if len(scored.candidates) else None
    return f"candidates={len(scored.candidates)} top={top!r} digest={hashlib.sha256(table).hexdigest()[:12]}"


def _read(path: str):
    from rpa_finder.ingest import read_log

    return read_log(path).log


def score_one_process(path: str) -> str:
    from rpa_finder.mining.instances import extract_instances
    from rpa_finder.scoring.pipeline import score_candidates

    log = _read(path)
    return _digest(score_candidates(log, extract_instances(log.events).table))


def score_in_partitions(path: str) -> str:
    from rpa_finder.scoring.pipeline import score_partitions
    from rpa_finder.scoring.partition import partition_log

    return _digest(score_partitions(partition_log(_read(path), PARTITIONS)))


def score_on_dask(path: str) -> str:
    from rpa_finder.engine.dask_engine import connect_client, score_log_dask

    log = _read(path)
    with connect_client() as client:
        scored = score_log_dask(log, client, partitions=PARTITIONS)
        client.cluster.close()
    return _digest(scored)


def run_pm4py(path: str) -> str:
    from pm4py_pipeline import run_pm4py_pipeline

    return run_pm4py_pipeline(path)


def print_digests() -> None:
    """One line per log: the digest in one process and over the partitions."""
    from compare_outputs import find_logs

    for path in find_logs(None, skip_slow=False):
        print(f"{path.name}: one {score_one_process(str(path))} | {PARTITIONS} partitions "
              f"{score_in_partitions(str(path))}", flush=True)


def main(argv: list[str] | None = None) -> int:
    from harness import measure, print_table, write_results
    from make_logs import log_path

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="1m")
    parser.add_argument("--format", default="parquet", choices=("csv", "xes", "parquet"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-pm4py", action="store_true")
    parser.add_argument("--digests", action="store_true", help="only the digests of every sample and shared dataset")
    args = parser.parse_args(argv)
    if args.digests:
        print_digests()
        return 0
    path = str(log_path(args.size, args.format))
    rows = []
    base = None
    if not args.skip_pm4py:
        base = measure("pm4py pipeline (read..token replay)", "bench_scoring", "run_pm4py", path, repeats=1,
                       timeout=CAP_SECONDS)
        rows.append(base)
    one = measure("read_log + score_candidates (one process)", "bench_scoring", "score_one_process", path,
                  repeats=args.repeats)
    parts = measure(f"read_log + score_partitions ({PARTITIONS} partitions)", "bench_scoring", "score_in_partitions",
                    path, repeats=args.repeats)
    dask = measure(f"read_log + score_log_dask (LocalCluster 2x1, {PARTITIONS} parts)", "bench_scoring",
                   "score_on_dask", path, repeats=args.repeats)
    rows += [one, parts, dask]
    print_table(f"scoring engines, {args.size} events ({args.format})", rows, base or one)
    for row in rows:
        print(f"  {row.label}: {row.result}")
    print(f"\nwrote {write_results(f'scoring_{args.size}_{args.format}', {'scoring': rows})}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
