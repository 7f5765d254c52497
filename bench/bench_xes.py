# SPDX-License-Identifier: AGPL-3.0-or-later
"""XES reading speed (issue 17): the lxml floor, the reader before, the reader now, per log.

Each run is a fresh Python process that imports first and then times only the read, so the figures
are reading alone; the process's VmHWM is its peak memory (imports included).  Wall seconds are
the figures; CPU seconds of the reading process are kept too (the JSON, and new/floor CPU), since
they move less when other work shares the two cores.  The three readers
take turns within each repeat, so a busy machine slows all of them alike.

* ``floor``: decompress and ``lxml.etree.iterparse`` every element, touching its ``attrib``
  (clearing finished events and traces), with no typing and no table: what any lxml reader pays.
* ``before``: ``rpa_finder.ingest.xes.read_xes`` of another checkout (``--before``, e.g. a
  ``git worktree add --detach /tmp/xes_before <commit>``).
* ``new``: ``read_xes`` of this checkout: typed columns, cases, certification level, the same
  RawTable as before (``tests/test_xes_equivalence.py``).
* ``rustxes`` (optional, ``--rustxes-python``): ``rustxes.import_xes`` in an interpreter that has it;
  for reference only (it drops offsets and is not a dependency).

    python bench/bench_xes.py --before /tmp/xes_before
    python bench/bench_xes.py --before /tmp/xes_before --logs bpic2015/BPIC15_1.xes.gz --repeats 5
    python bench/bench_xes.py --before /tmp/xes_before --lifecycle-events 262200   # + a generated lifecycle log

Results go to stdout as a table and to ``bench/out/bench_xes.json`` with every run and the load average.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATASETS = (ROOT.parent / "shared" / "datasets").resolve()
OUT = HERE / "out"
SHARED = [
    "bpic2015/BPIC15_1.xes.gz", "bpic2015/BPIC15_2.xes.gz", "bpic2015/BPIC15_3.xes.gz",
    "bpic2015/BPIC15_4.xes.gz", "bpic2015/BPIC15_5.xes.gz", "receipt_wabo/receipt_WABO_CoSeLoG.xes.gz",
    "road_traffic_fines/roadtraffic100traces.xes", "road_traffic_fines/roadtraffic50traces.xes",
    "other_domains/Sepsis_Cases.xes.gz", "synthetic/running-example.xes",
]

_FLOOR = r"""
import gzip, io, json, resource, sys, time
PEAK
from lxml import etree
path = sys.argv[1]
start, cpu = time.perf_counter(), time.process_time()
with open(path, "rb") as handle:
    gz = handle.read(2) == b"\x1f\x8b"
stream = gzip.open(path, "rb") if gz else open(path, "rb")
events = 0
for _, element in etree.iterparse(stream, events=("end",), resolve_entities=False, no_network=True, huge_tree=False):
    element.attrib
    name = element.tag[element.tag.rfind("}") + 1:]
    if name == "event":
        events += 1
        element.clear()
    elif name == "trace":
        element.clear()
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
print(json.dumps({"seconds": seconds, "cpu": cpu, "events": events,
                  "peak_bytes": peak()}))
"""

_READER = r"""
import json, resource, sys, time, warnings
PEAK
warnings.simplefilter("ignore")
sys.path.insert(0, sys.argv[2])
from rpa_finder.ingest.xes import read_xes
import pandas, numpy, lxml.etree
start, cpu = time.perf_counter(), time.process_time()
raw = read_xes(sys.argv[1])
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
assert sys.modules["rpa_finder"].__file__.startswith(sys.argv[2])
print(json.dumps({"seconds": seconds, "cpu": cpu, "events": len(raw.events),
                  "peak_bytes": peak()}))
"""

_RUSTXES = r"""
import json, resource, sys, time
PEAK
import rustxes
start, cpu = time.perf_counter(), time.process_time()
result = rustxes.import_xes(sys.argv[1])
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
frame = result[0] if isinstance(result, tuple) else result
print(json.dumps({"seconds": seconds, "cpu": cpu, "events": frame.shape[0],
                  "peak_bytes": peak()}))
"""

#: VmHWM (this process's own high-water mark; ru_maxrss would carry the parent's across exec).
_PEAK = "def peak():\n    return int(next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]) * 1024\n"
_FLOOR, _READER, _RUSTXES = (code.replace("PEAK\n", _PEAK) for code in (_FLOOR, _READER, _RUSTXES))


def _run(python: str, code: str, *args: str, timeout: float = 900) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([python, "-c", code, *args], capture_output=True, text=True, timeout=timeout,
                          env=env, cwd="/tmp")
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["?"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _lifecycle_log(n_events: int) -> Path:
    """A generated start/complete log (the invoice process, new cases, no copies) in bench/out/."""
    path = OUT / f"xes_lifecycle_{n_events}.xes"
    if path.exists():
        return path
    sys.path.insert(0, str(ROOT))
    from rpa_finder.samples import generate_log, write_xes

    cases = max(n_events // 10, 10)
    while True:
        frame, _ = generate_log("ostolaskut", cases=cases, seed=17, lifecycle=True)
        if len(frame) >= n_events:
            break
        cases = int(cases * n_events / max(len(frame), 1) * 1.05) + 1
    sizes = frame.groupby("Asianumero", sort=False).size()
    frame = frame[frame["Asianumero"].isin(sizes.index[sizes.cumsum().to_numpy() <= n_events])]
    OUT.mkdir(exist_ok=True)
    return write_xes(frame, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", type=Path, help="checkout whose read_xes is 'before' (e.g. /tmp/xes_before)")
    parser.add_argument("--logs", nargs="+", default=SHARED, help="paths, or names under shared/datasets")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--lifecycle-events", type=int, default=0, help="also a generated start/complete log of N events")
    parser.add_argument("--rustxes-python", help="an interpreter with rustxes installed (reference only)")
    args = parser.parse_args(argv)

    logs = [Path(name).resolve() if Path(name).exists() else DATASETS / name for name in args.logs]
    if args.lifecycle_events:
        logs.append(_lifecycle_log(args.lifecycle_events))
    readers = {"floor": (sys.executable, _FLOOR, ())}
    if args.before:
        readers["before"] = (sys.executable, _READER, (str(args.before.resolve()),))
    readers["new"] = (sys.executable, _READER, (str(ROOT),))
    if args.rustxes_python:
        readers["rustxes"] = (args.rustxes_python, _RUSTXES, ())

    results = {}
    print(f"load average at start: {os.getloadavg()[0]:.1f} (2 cores, shared machine)", flush=True)
    header = ["log", "events"] + [f"{r} s" for r in readers] + [f"{r} ev/s" for r in readers] + ["new/floor", "new/floor CPU", "peak MiB " + "/".join(readers)]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for log in logs:
        runs = {name: [] for name in readers}
        for _ in range(args.repeats):
            for name, (python, code, extra) in readers.items():
                runs[name].append(_run(python, code, str(log), *extra))
        row = {"events": None, "median_s": {}, "events_per_s": {}, "peak_mib": {}, "runs": runs,
               "load": os.getloadavg()[0]}
        for name, measured in runs.items():
            good = [m for m in measured if "error" not in m]
            if not good:
                row["median_s"][name] = None
                row["error"] = measured[0]["error"]
                continue
            median = statistics.median(m["seconds"] for m in good)
            row["events"] = row["events"] or good[0]["events"]
            row["median_s"][name] = median
            row["events_per_s"][name] = good[0]["events"] / median if median else None
            row["peak_mib"][name] = max(m["peak_bytes"] for m in good) / 2**20
            row.setdefault("cpu_s", {})[name] = statistics.median(m["cpu"] for m in good)
        results[str(log)] = row
        med, eps, peak = row["median_s"], row["events_per_s"], row["peak_mib"]
        ratio = med["new"] / med["floor"] if med.get("new") and med.get("floor") else None
        cpu = row.get("cpu_s", {})
        cpu_ratio = cpu["new"] / cpu["floor"] if cpu.get("new") and cpu.get("floor") else None
        cells = [log.name, f"{row['events']:,}" if row["events"] else "?"]
        cells += [f"{med[r]:.3f}" if med.get(r) is not None else "failed" for r in readers]
        cells += [f"{eps[r]:,.0f}" if eps.get(r) else "-" for r in readers]
        cells += [f"{ratio:.2f}x" if ratio else "-", f"{cpu_ratio:.2f}x" if cpu_ratio else "-", " / ".join(f"{peak[r]:.0f}" if r in peak else "-" for r in readers)]
        print("| " + " | ".join(cells) + " |", flush=True)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    OUT.mkdir(exist_ok=True)
    (OUT / "bench_xes.json").write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
