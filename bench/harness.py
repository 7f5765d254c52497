# SPDX-License-Identifier: AGPL-3.0-or-later
"""Timing harness: each measurement runs in a fresh Python process, so its peak memory is its own.

A task is a function ``name(path: str) -> object`` in a bench module; :func:`measure` runs it
``repeats`` times (a new process each time) and returns the median wall time and the largest peak RSS.
Import time of the task's own libraries is counted, as a user pays it.
"""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Measurement", "measure", "print_table"]

CHILD = r"""
import json, resource, sys, time, importlib
sys.path.insert(0, {bench_dir!r})
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

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def measure(label: str, module: str, task: str, arg: str, *, repeats: int = 3, timeout: float = 1800) -> Measurement:
    """Run ``module.task(arg)`` ``repeats`` times, each in a fresh process."""
    code = CHILD.format(bench_dir=str(Path(__file__).parent), module=module, task=task, arg=arg)
    seconds, peak, result = [], 0, ""
    for _ in range(repeats):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"{label} failed: {done.stderr.strip().splitlines()[-1:]}")
        data = json.loads(done.stdout.strip().splitlines()[-1])
        seconds.append(data["seconds"])
        peak = max(peak, data["peak_bytes"])
        result = data["result"]
    return Measurement(label, seconds, peak, result)


def print_table(title: str, rows: list[Measurement], baseline: Measurement | None = None) -> None:
    """Medians, ratios against the baseline (>1 means faster than it) and peak memory."""
    print(f"\n{title}")
    print(f"{'what':52} {'median s':>9} {'runs':>5} {'vs base':>8} {'peak MiB':>9}")
    for row in rows:
        ratio = f"{baseline.median / row.median:7.2f}x" if baseline else ""
        print(f"{row.label:52} {row.median:9.2f} {len(row.seconds):5d} {ratio:>8} {row.peak_bytes / 2**20:9.0f}")
