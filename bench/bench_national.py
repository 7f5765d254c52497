# SPDX-License-Identifier: AGPL-3.0-or-later
"""Issue 17: the national comparison (308 municipalities) by ``compare``, in one machine and on a local Dask cluster.

``python bench/bench_national.py [--scale 1.0] [--repeats 1] [--skip-dask]``; the logs come from
``make_national.py`` (written first when missing).  Two tasks, each in a fresh process (harness.py):

* ``compare_local``: what ``rpa-finder compare FOLDER -o OUT`` does (``rpa_finder.api.compare`` with
  2 jobs, then ``Comparison.write``);
* ``compare_dask``: a ``LocalCluster`` of 2 single-threaded workers is started (start included), each
  log is analysed as one task (``compare_logs_dask``), the same folder is written.

Then the two output folders are compared file by file (:func:`diff_outputs`): comparison.json,
comparison.csv, shared_candidates.csv and activity_map.csv must be equal.  Target: <= 300 s and
<= 6 GiB peak (the whole process tree, workers included) at scale 1 (about 34M events).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))

__all__ = ["compare_local", "compare_dask", "diff_outputs", "result_dir", "bench_config", "COMPARED_FILES", "BENCH_KEY"]

#: The result files that must be equal between the engines (the manifest holds run times and is left out).
COMPARED_FILES = ("comparison.json", "comparison.csv", "shared_candidates.csv", "activity_map.csv")
CAP_SECONDS = 30 * 60


def result_dir(folder: str | Path, engine: str) -> Path:
    """Where ``engine``'s comparison of the logs in ``folder`` is written (next to the folder)."""
    folder = Path(folder)
    return folder.parent / f"{folder.name}_result_{engine}"


def _summary(comparison) -> str:
    return (f"organisations={len(comparison.organisations)} shared={len(comparison.shared)} "
            f"robots={comparison.joint['robots']} skipped={len(comparison.skipped)}")


#: A fixed pseudonymisation key for both engines: without one every run draws its own random key, so
#: the two runs' pseudonyms (and what is sorted by them) would differ though the analysis is the same.
BENCH_KEY = "bench-national-fixed-key"


def bench_config():
    """The default analysis settings with :data:`BENCH_KEY` as the privacy key."""
    from dataclasses import replace

    from rpa_finder.config import AnalysisConfig

    config = AnalysisConfig()
    return replace(config, read=replace(config.read, key=BENCH_KEY))


def compare_local(folder: str) -> str:
    """``rpa-finder compare FOLDER -o OUT --force`` (with :data:`BENCH_KEY`), as a library call (2 jobs)."""
    from rpa_finder.api import compare

    comparison = compare(folder, bench_config(), jobs=2)
    comparison.write(result_dir(folder, "local"), force=True)
    return _summary(comparison)


def compare_dask(folder: str) -> str:
    """The same comparison with one Dask task per log on a fresh LocalCluster (2 workers x 1 thread)."""
    from dataclasses import replace

    from rpa_finder.api import configure
    from rpa_finder.comparison import LOG_SUFFIXES, CompareSettings
    from rpa_finder.engine.dask_engine import compare_logs_dask, connect_client

    config = configure(bench_config())
    settings = CompareSettings()
    settings = replace(settings, sharing=replace(settings.sharing, savings=config.candidates.savings))
    paths = sorted(p for p in Path(folder).iterdir() if p.name.lower().endswith(LOG_SUFFIXES))
    with connect_client() as client:
        comparison = compare_logs_dask(paths, client, config, settings=settings)
    comparison = replace(comparison, language=config.language)
    comparison.write(result_dir(folder, "dask"), force=True)
    return _summary(comparison)


def diff_outputs(first: Path, second: Path) -> list[str]:
    """The compared files that differ between two result folders (empty: equal)."""
    differing = []
    for name in COMPARED_FILES:
        a, b = first / name, second / name
        if not a.exists() or not b.exists():
            differing.append(f"{name} (missing)")
        elif name.endswith(".json"):
            if json.loads(a.read_text(encoding="utf-8")) != json.loads(b.read_text(encoding="utf-8")):
                differing.append(name)
        elif a.read_bytes() != b.read_bytes():
            differing.append(name)
    return differing


def main(argv: list[str] | None = None) -> int:
    from harness import measure, print_table, write_results
    from make_national import make_national, national_dir, plan_municipalities

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="size of every log [1.0: ~34M events in all]")
    parser.add_argument("--municipalities", type=int, default=308)
    parser.add_argument("--folder", type=Path, default=None, help="logs to compare [make_national's folder]")
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--cap", type=float, default=CAP_SECONDS, help="seconds after which a run counts as unfinished")
    args = parser.parse_args(argv)
    folder = args.folder
    if folder is None:
        folder = national_dir(args.scale, args.municipalities)
        plan = plan_municipalities(args.municipalities, scale=args.scale)
        make_national(folder, plan)
    n_logs = sum(1 for _ in folder.glob("kunta_*"))
    rows = [measure("compare, local (2 jobs)", "bench_national", "compare_local", str(folder),
                    repeats=args.repeats, timeout=args.cap)]
    if not args.skip_dask:
        rows.append(measure("compare, Dask LocalCluster 2x1 (start included)", "bench_national", "compare_dask",
                            str(folder), repeats=args.repeats, timeout=args.cap))
    print_table(f"national comparison, {n_logs} logs in {folder.name}", rows)
    extra = {"folder": str(folder)}
    if not args.skip_dask and all(r.finished for r in rows):
        differing = diff_outputs(result_dir(folder, "local"), result_dir(folder, "dask"))
        extra["differing_files"] = differing
        print("local and Dask outputs: " + ("EQUAL (" + ", ".join(COMPARED_FILES) + ")" if not differing
                                            else "DIFFER in " + ", ".join(differing)))
    print(f"\nwrote {write_results(f'national_{folder.name}', {'national': rows}, extra)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
