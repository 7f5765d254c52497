# SPDX-License-Identifier: AGPL-3.0-or-later
"""Timing harness: each measurement runs in a fresh Python process, so its peak memory is its own.

A task is a function ``name(path: str) -> object`` in a bench module; :func:`measure` runs it
``repeats`` times (a new process each time) and returns the median wall time and the largest peak RSS.
Import time of the task's own libraries is counted, as a user pays it.  A run that passes ``timeout``
is killed and the measurement is marked "did not finish" (its time is the cap, a lower bound).
Peak memory is the larger of the task's own max RSS and the largest PSS of its whole process tree
(the task and the children it forks: the forked mining, the engine's workers), sampled every 0.1 s.
PSS splits the pages a parent shares with a forked child between them, so the tree's sum is what the
machine really holds; a plain sum of RSS would count the shared log twice.
``BENCH_ROOT`` (environment) points the children at another copy of the package, for before/after runs.
That copy's modules are compiled to bytecode first, as ``pip install`` does: with
``PYTHONDONTWRITEBYTECODE`` set (this machine sets it) a source checkout would otherwise compile
rpa_finder's 150 modules again in every timed run, a cost no installed copy pays and pm4py's
baseline (installed, compiled) does not pay either.
"""
from __future__ import annotations

import compileall
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

__all__ = ["Measurement", "measure", "measure_command", "print_table", "write_results", "OUT"]

OUT = Path(__file__).parent / "out"

CHILD = r"""
import json, resource, sys, time, importlib, warnings
warnings.simplefilter("ignore")
sys.path.insert(0, {root_dir!r})
sys.path.insert(1, {bench_dir!r})
module = importlib.import_module({module!r})
start = time.perf_counter()
result = getattr(module, {task!r})({arg!r})
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({{"seconds": seconds, "peak_bytes": peak, "result": str(result)[:200]}}))
"""


@dataclass(frozen=True)
class Measurement:
    label: str
    seconds: list[float]
    peak_bytes: int
    result: str
    finished: bool = True
    notes: dict = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def _descendants(root: int) -> list[int]:
    """``root`` and every process below it, from the parent ids in /proc/<pid>/stat."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    ppid = int(handle.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(parents.get(pid, []))
    return tree


def _tree_pss(root: int) -> int:
    """Proportional set size of a process tree in bytes (0 where /proc has no smaps_rollup)."""
    total = 0
    for pid in _descendants(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
                for line in handle:
                    if line.startswith(b"Pss:"):
                        total += int(line.split()[1]) * 1024
                        break
        except OSError:
            continue
    return total


def _run_sampled(argv: list[str], timeout: float) -> tuple[subprocess.CompletedProcess, int]:
    """Run ``argv``, sampling its process tree's PSS every 0.1 s; (result, peak PSS in bytes)."""
    began = time.monotonic()
    peak = 0
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        while process.poll() is None:
            if time.monotonic() - began > timeout:
                process.kill()
                process.communicate()
                expired = subprocess.TimeoutExpired(argv, timeout)
                expired.peak = peak  # what the unfinished run held until it was stopped
                raise expired
            peak = max(peak, _tree_pss(process.pid))
            time.sleep(0.1)
        stdout, stderr = process.communicate()
    return subprocess.CompletedProcess(argv, process.returncode, stdout, stderr), peak


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f}/{five:.2f}"


def package_root() -> str:
    """The checkout whose rpa_finder the children import (``BENCH_ROOT`` or this one), compiled to bytecode."""
    root = os.environ.get("BENCH_ROOT", str(Path(__file__).resolve().parents[1]))
    compileall.compile_dir(str(Path(root) / "rpa_finder"), quiet=1)  # what pip install does; a no-op when done
    return root


def measure(label: str, module: str, task: str, arg: str, *, repeats: int = 3, timeout: float = 1800) -> Measurement:
    """Run ``module.task(arg)`` ``repeats`` times, each in a fresh process; stop at the first timeout."""
    code = CHILD.format(bench_dir=str(Path(__file__).parent), root_dir=package_root(),
                        module=module, task=task, arg=arg)
    seconds, peak, result, loads = [], 0, "", []
    for _ in range(repeats):
        loads.append(_load())
        try:
            done, tree_peak = _run_sampled([sys.executable, "-c", code], timeout)
        except subprocess.TimeoutExpired as expired:
            print(f"  {label}: did not finish within {timeout:.0f} s", file=sys.stderr)
            return Measurement(label, [float(timeout)], max(peak, getattr(expired, "peak", 0)), "did not finish",
                               finished=False, notes={"load": loads})
        if done.returncode != 0:
            raise RuntimeError(f"{label} failed: {done.stderr.strip().splitlines()[-1:]}")
        data = json.loads(done.stdout.strip().splitlines()[-1])
        seconds.append(data["seconds"])
        data["peak_bytes"] = max(data["peak_bytes"], tree_peak)
        peak = max(peak, data["peak_bytes"])
        result = data["result"]
        print(f"  {label}: {data['seconds']:.2f} s, {data['peak_bytes'] / 2**20:.0f} MiB", file=sys.stderr)
    return Measurement(label, seconds, peak, result, notes={"load": loads})


def measure_command(label: str, argv: list[str], *, repeats: int = 5) -> Measurement:
    """Wall time of a whole command (fresh process each run), e.g. ``rpa-finder --help``."""
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=True)
        seconds.append(time.perf_counter() - start)
    return Measurement(label, seconds, 0, "", notes={"load": [_load()]})


def print_table(title: str, rows: list[Measurement], baseline: Measurement | None = None) -> None:
    """Medians, ratios against the baseline (>1 means faster than it) and peak memory."""
    print(f"\n{title}")
    print(f"{'what':52} {'median s':>9} {'runs':>5} {'vs base':>8} {'peak MiB':>9}  load 1/5 min")
    for row in rows:
        ratio = ""
        if baseline:
            ratio = f"{baseline.median / row.median:7.2f}x" + (">" if not baseline.finished else "")
        median = f"{row.median:9.2f}" if row.finished else f"{'>' + format(row.median, '.0f'):>9}"
        loads = row.notes.get("load", [])
        load = f"{loads[0]}..{loads[-1]}" if len(loads) > 1 else "".join(loads)
        print(f"{row.label:52} {median} {len(row.seconds):5d} {ratio:>8} {row.peak_bytes / 2**20:9.0f}  {load}")


def write_results(name: str, sections: dict[str, list[Measurement]], extra: dict | None = None) -> Path:
    """Write bench/out/<name>.json: every measurement plus the machine and load it ran on."""
    OUT.mkdir(parents=True, exist_ok=True)
    data = {
        "bench": name,
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "load_at_end": _load()},
        "sections": {title: [dict(asdict(m), median=m.median) for m in rows] for title, rows in sections.items()},
        **(extra or {}),
    }
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path
