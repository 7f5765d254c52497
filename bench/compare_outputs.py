# SPDX-License-Identifier: AGPL-3.0-or-later
"""Do two checkouts write the same results?  Run ``analyze`` and ``mine`` with each and compare the files.

Each checkout is a source tree (the folder holding ``rpa_finder/``) put first on ``PYTHONPATH`` of a
fresh ``python -m rpa_finder.cli`` subprocess, so the two never share imported code.  Every bundled
sample (``sample_logs/``) and every shared dataset (``../shared/datasets``) is analysed and mined
by both; then candidates.csv, mining.json and summary.json (and, unless ``--only-core``, every other
CSV and JSON file both folders hold) are compared field by field: text exactly, numbers to a relative
1e-9 (``--rtol``).  Run timestamps and durations (the manifest, ``created``, ``*_seconds`` of the
run itself) are ignored.  report.html is compared as text and listed apart: it embeds the figures
above, so a difference there without one in the data is a rendering change.

    python bench/compare_outputs.py --before /tmp/before --after . [--only receipt,ostolaskut] [--skip-slow]

``--before`` can be made without touching the working tree: ``git archive HEAD | tar -x -C /tmp/before``.
Exit 0 when every compared file is equal, 1 when something differs, 2 on a failed run.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator

REPO = Path(__file__).resolve().parents[1]
DATASETS = REPO.parent / "shared" / "datasets"
SAMPLES = REPO / "sample_logs"
LOG_ENDINGS = (".csv", ".xes", ".xes.gz", ".csv.gz", ".parquet", ".xlsx")
CORE = ("candidates.csv", "mining.json", "summary.json")
#: Keys whose values describe the run, not the results.
IGNORED_KEYS = {"created", "started_at", "finished_at", "duration_seconds", "elapsed_seconds", "seconds_taken",
                "timings", "run_seconds"}
IGNORED_FILES = {"manifest.json", "report.xlsx"}  # the workbook is a zip whose entries carry write times
#: The larger logs (pm4py's discovery on them takes a minute or more per run).
SLOW = ("BPIC15_",)


def find_logs(only: list[str] | None, skip_slow: bool) -> list[Path]:
    """Every bundled sample and shared dataset that is an event log (not a *.truth.csv answer key)."""
    found = [p for p in sorted(SAMPLES.iterdir()) if p.name.endswith(LOG_ENDINGS) and ".truth." not in p.name]
    if DATASETS.is_dir():
        found += [p for p in sorted(DATASETS.rglob("*")) if p.is_file() and p.name.endswith(LOG_ENDINGS)]
    if only:
        found = [p for p in found if any(word in p.name for word in only)]
    if skip_slow:
        found = [p for p in found if not p.name.startswith(SLOW)]
    return found


def run(tree: Path, args: list[str], cwd: Path) -> tuple[int, str, float]:
    """One CLI run with ``tree`` first on the path; a fixed key so that pseudonyms agree between runs."""
    env = dict(os.environ, PYTHONPATH=str(tree.resolve()), RPA_FINDER_KEY="compare-outputs-fixed-key",
               PYTHONHASHSEED="0")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", "from rpa_finder.cli import main; main()", *args], cwd=cwd, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    last = (done.stderr.strip().splitlines() or [""])[-1]
    return done.returncode, last, time.perf_counter() - start


def _close(a: float, b: float, rtol: float) -> bool:
    if math.isnan(a) and math.isnan(b):
        return True
    return a == b or abs(a - b) <= rtol * max(abs(a), abs(b))


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def diff_values(a: Any, b: Any, where: str, rtol: float) -> Iterator[str]:
    """Differences between two JSON values, with the path to each."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key in IGNORED_KEYS:
                continue
            if key not in a or key not in b:
                yield f"{where}.{key}: only in {'after' if key in b else 'before'}"
            else:
                yield from diff_values(a[key], b[key], f"{where}.{key}", rtol)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            yield f"{where}: {len(a)} items before, {len(b)} after"
        for index, (x, y) in enumerate(zip(a, b)):
            yield from diff_values(x, y, f"{where}[{index}]", rtol)
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        if not _close(float(a), float(b), rtol):
            yield f"{where}: {a!r} -> {b!r}"
    elif a != b:
        yield f"{where}: {str(a)[:80]!r} -> {str(b)[:80]!r}"


def _key_order(value: Any) -> Any:
    """The keys of every object in document order (values compared apart, with a tolerance)."""
    if isinstance(value, dict):
        return [(k, _key_order(v)) for k, v in value.items() if k not in IGNORED_KEYS]
    if isinstance(value, list):
        return [_key_order(v) for v in value]
    return None


def diff_csv(a: str, b: str, name: str, rtol: float) -> Iterator[str]:
    rows_a, rows_b = list(csv.reader(io.StringIO(a))), list(csv.reader(io.StringIO(b)))
    if rows_a[:1] != rows_b[:1]:
        yield f"{name}: columns {rows_a[:1]} -> {rows_b[:1]}"
        return
    header = rows_a[0] if rows_a else []
    if len(rows_a) != len(rows_b):
        yield f"{name}: {len(rows_a) - 1} rows before, {len(rows_b) - 1} after"
    for line, (x, y) in enumerate(zip(rows_a[1:], rows_b[1:]), start=2):
        for column, u, v in zip(header, x, y):
            if u == v:
                continue
            nu, nv = _number(u), _number(v)
            if nu is None or nv is None or not _close(nu, nv, rtol):
                yield f"{name} line {line} {column}: {u[:60]!r} -> {v[:60]!r}"


def model_signature(text: str) -> tuple:
    """A BPMN or PNML model without its generated ids: element counts and the sorted activity labels.

    pm4py names nodes with fresh UUIDs and object addresses on every run, so two runs of the same
    discovery differ as text; the counts and labels do not.
    """
    from collections import Counter
    from xml.etree import ElementTree

    root = ElementTree.fromstring(text.encode("utf-8"))
    tags = Counter(element.tag.rsplit("}", 1)[-1] for element in root.iter())
    labels = sorted(element.get("name", "") for element in root.iter() if element.tag.endswith("task"))
    labels += sorted(t.findtext("name/text", "") for t in root.iter("transition") if t.find("toolspecific") is None)
    return tuple(sorted(tags.items())), tuple(labels)


def compare_folders(before: Path, after: Path, rtol: float, only_core: bool) -> list[str]:
    names_a = {p.relative_to(before).as_posix() for p in before.rglob("*") if p.is_file()}
    names_b = {p.relative_to(after).as_posix() for p in after.rglob("*") if p.is_file()}
    problems = [f"{n}: only {'after' if n in names_b else 'before'}" for n in sorted(names_a ^ names_b)
                if Path(n).name not in IGNORED_FILES]
    for name in sorted(names_a & names_b):
        base = Path(name).name
        if base in IGNORED_FILES or (only_core and base not in CORE):
            continue
        text_a = (before / name).read_text(encoding="utf-8", errors="replace")
        text_b = (after / name).read_text(encoding="utf-8", errors="replace")
        if text_a == text_b:
            continue
        if base.endswith((".bpmn", ".pnml")):
            if model_signature(text_a) != model_signature(text_b):
                problems.append(f"{name}: the model differs (not only in its generated ids)")
        elif base.endswith(".json"):
            found = list(diff_values(json.loads(text_a), json.loads(text_b), name, rtol))
            if not found and _key_order(json.loads(text_a)) != _key_order(json.loads(text_b)):
                found = [f"{name}: the same values, keys in another order"]
            problems += found
        elif base.endswith(".csv"):
            problems += list(diff_csv(text_a, text_b, name, rtol))
        else:
            problems.append(f"{name}: text differs ({len(text_a):,} -> {len(text_b):,} characters)")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="source tree of the first checkout")
    parser.add_argument("--after", type=Path, default=REPO, help="source tree of the second [default: this one]")
    parser.add_argument("--only", default=None, help="comma-separated parts of log names to run")
    parser.add_argument("--skip-slow", action="store_true", help="leave out the BPIC15 logs")
    parser.add_argument("--commands", default="analyze,mine", help="which commands to compare [analyze,mine]")
    parser.add_argument("--rtol", type=float, default=1e-9, help="relative tolerance of numbers [1e-9]")
    parser.add_argument("--only-core", action="store_true", help="compare only " + ", ".join(CORE))
    parser.add_argument("--keep", type=Path, default=None, help="keep the results under this folder")
    args = parser.parse_args(argv)
    for tree in (args.before, args.after):
        if not (tree / "rpa_finder" / "__init__.py").is_file():
            parser.error(f"{tree} holds no rpa_finder/ package")
    logs = find_logs(args.only.split(",") if args.only else None, args.skip_slow)
    work = Path(tempfile.mkdtemp(prefix="compare_outputs_", dir=args.keep)) if args.keep else \
        Path(tempfile.mkdtemp(prefix="compare_outputs_"))
    failed = differing = 0
    for log in logs:
        for command in args.commands.split(","):
            folders = {}
            line = f"{command} {log.name}:"
            for side, tree in (("before", args.before), ("after", args.after)):
                out = work / side / command / log.name
                code, last, seconds = run(tree, [command, str(log.resolve()), "-o", str(out)], work)
                line += f" {side} {seconds:.1f} s"
                if code != 0:
                    line += f" (exit {code}: {last})"
                folders[side] = out if code == 0 else None
            if None in folders.values():
                failed += 1
                print(line + "  FAILED", flush=True)
                continue
            problems = compare_folders(folders["before"], folders["after"], args.rtol, args.only_core)
            print(line + ("  equal" if not problems else f"  {len(problems)} difference(s)"), flush=True)
            for problem in problems[:40]:
                print("    " + problem)
            if len(problems) > 40:
                print(f"    ... and {len(problems) - 40} more")
            differing += bool(problems)
    print(f"{len(logs)} logs; {differing} runs differ; {failed} failed; results in {work}")
    if not args.keep:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return 2 if failed else (1 if differing else 0)


if __name__ == "__main__":
    sys.exit(main())
