# SPDX-License-Identifier: AGPL-3.0-or-later
"""Does ``rpa-finder mine`` write the same results from two checkouts?  Mine every log with each, compare.

Each checkout (the folder holding ``rpa_finder/``) goes first on ``PYTHONPATH`` of a fresh
``python -m``-style subprocess with a fixed pseudonym key and hash seed, so the two share no code.
Every bundled sample (``sample_logs/``) and shared dataset (``../shared/datasets``) is mined by both,
before and after alternately, and every file of the two result folders is compared:

- ``*.json`` and ``*.csv`` field by field: text exactly, numbers to a relative ``--rtol`` (1e-12);
  the run's own facts (``manifest.json``, ``created``) are ignored;
- ``model.pnml``: places, transitions (label, or name when silent), arcs, markings - exactly, but
  without pm4py's generated ids (fresh UUIDs and object addresses on every run) or element order;
- ``model.bpmn``: nodes (kind, name, direction, shape bounds) and flows, with pm4py's generated ids
  replaced by a canonical name refined from the neighbourhood (Weisfeiler-Lehman, 12 rounds);
- anything else (the process map SVG) byte for byte, listed apart: rendering is not mining.

    python bench/compare_mining.py --before /tmp/mine_before [--after .] [--only BPIC15_1,Sepsis] [--skip-slow]

``--before`` without touching the working tree: ``git worktree add --detach /tmp/mine_before HEAD``
(or ``git archive HEAD | tar -x -C /tmp/mine_before``).  Exit 0 when all equal, 1 on a difference,
2 when a run failed on one side only.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any, Iterator
from xml.etree import ElementTree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from compare_outputs import _close, diff_csv, find_logs, run  # noqa: E402  (one runner and comparer for both)

REPO = Path(__file__).resolve().parents[1]
IGNORED_FILES = {"manifest.json"}
IGNORED_KEYS = {"created"}


def diff_json(a: Any, b: Any, where: str, rtol: float) -> Iterator[str]:
    """Differences between two JSON values (key order included), with the path to each."""
    if isinstance(a, dict) and isinstance(b, dict):
        keys_a, keys_b = [k for k in a if k not in IGNORED_KEYS], [k for k in b if k not in IGNORED_KEYS]
        if keys_a != keys_b:
            yield f"{where}: keys {keys_a[:8]} -> {keys_b[:8]}"
        for key in keys_a:
            if key in b:
                yield from diff_json(a[key], b[key], f"{where}.{key}", rtol)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            yield f"{where}: {len(a)} items before, {len(b)} after"
        for index, (x, y) in enumerate(zip(a, b)):
            yield from diff_json(x, y, f"{where}[{index}]", rtol)
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) and type(a) is type(b) and not isinstance(a, bool):
        if not _close(float(a), float(b), rtol):
            yield f"{where}: {a!r} -> {b!r}"
    elif a != b or type(a) is not type(b):
        yield f"{where}: {str(a)[:80]!r} -> {str(b)[:80]!r}"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def pnml_structure(data: bytes) -> tuple:
    """The net without generated ids: places by name, transitions by label (silent: by name), arcs, markings."""
    root = ElementTree.fromstring(data)
    names: dict[str, str] = {}
    places, transitions = [], []
    for element in root.iter():
        kind = _local(element.tag)
        if kind not in ("place", "transition") or "id" not in element.attrib:
            continue
        text = next((t.text or "" for t in element.iter() if _local(t.tag) == "text"), "")
        silent = any(_local(t.tag) == "toolspecific" and t.get("activity") == "$invisible$" for t in element)
        if kind == "place":
            marking = next((t.text for t in element.iter() if _local(t.tag) == "initialMarking"
                            for t in t.iter() if _local(t.tag) == "text"), None)
            names[element.get("id")] = f"place:{text}"
            places.append((text, marking))
        else:
            names[element.get("id")] = f"{'silent' if silent else 'task'}:{text}"
            transitions.append((text, silent))
    arcs = [(names.get(e.get("source")), names.get(e.get("target"))) for e in root.iter() if _local(e.tag) == "arc"]
    final = [(names.get(e.get("idref")), "".join(e.itertext())) for e in root.iter()
             if _local(e.tag) == "place" and e.get("idref")]
    return sorted(places, key=repr), sorted(transitions), sorted(arcs, key=repr), sorted(final, key=repr)


def bpmn_structure(data: bytes, rounds: int = 12) -> tuple:
    """The BPMN graph without generated ids: a multiset of node labels refined from their neighbours, and flows."""
    root = ElementTree.fromstring(data)
    label: dict[str, str] = {}
    flows: list[tuple[str, str]] = []
    bounds: dict[str, tuple] = {}
    for element in root.iter():
        kind = _local(element.tag)
        if kind == "sequenceFlow":
            flows.append((element.get("sourceRef"), element.get("targetRef")))
        elif kind == "BPMNShape":
            box = next((b for b in element if _local(b.tag) == "Bounds"), None)
            bounds[element.get("bpmnElement")] = tuple(sorted(box.attrib.items())) if box is not None else ()
        elif element.get("id") and kind not in ("process", "definitions", "BPMNDiagram", "BPMNPlane", "BPMNEdge"):
            label[element.get("id")] = f"{kind}|{element.get('name', '')}|{element.get('gatewayDirection', '')}"
    for node, box in bounds.items():
        if node in label:
            label[node] += f"|{box}"
    for _ in range(rounds):
        incoming: dict[str, list[str]] = {n: [] for n in label}
        outgoing: dict[str, list[str]] = {n: [] for n in label}
        for source, target in flows:
            outgoing.setdefault(source, []).append(label.get(target, "?"))
            incoming.setdefault(target, []).append(label.get(source, "?"))
        label = {n: hashlib.sha256(repr((text, sorted(incoming[n]), sorted(outgoing[n]))).encode()).hexdigest()[:16]
                 for n, text in label.items()}
    edges = Counter((label.get(source), label.get(target)) for source, target in flows)
    return sorted(Counter(label.values()).items()), sorted(edges.items())


def compare_folders(before: Path, after: Path, rtol: float) -> tuple[list[str], list[str]]:
    """(differences in mining results, differences in rendered files) between two result folders."""
    files_a = {p.name for p in before.iterdir()} - IGNORED_FILES
    files_b = {p.name for p in after.iterdir()} - IGNORED_FILES
    problems = [f"only before: {n}" for n in sorted(files_a - files_b)]
    problems += [f"only after: {n}" for n in sorted(files_b - files_a)]
    if "mining.json" not in files_a & files_b:
        problems.append("no mining.json on both sides: nothing to compare")
    rendered: list[str] = []
    for name in sorted(files_a & files_b):
        a, b = (before / name).read_bytes(), (after / name).read_bytes()
        if a == b:
            continue
        if name.endswith(".json"):
            problems += list(diff_json(json.loads(a), json.loads(b), name, rtol))[:20]
        elif name.endswith(".csv"):
            problems += list(diff_csv(a.decode("utf-8-sig"), b.decode("utf-8-sig"), name, rtol))[:20]
        elif name.endswith(".pnml"):
            if pnml_structure(a) != pnml_structure(b):
                problems.append(f"{name}: a different net")
        elif name.endswith(".bpmn"):
            if bpmn_structure(a) != bpmn_structure(b):
                problems.append(f"{name}: a different BPMN graph")
        else:
            rendered.append(f"{name}: bytes differ")
    return problems, rendered


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="source tree of the first checkout")
    parser.add_argument("--after", type=Path, default=REPO, help="source tree of the second [default: this one]")
    parser.add_argument("--only", default=None, help="comma-separated parts of log names to run")
    parser.add_argument("--skip-slow", action="store_true", help="leave out the BPIC15 logs")
    parser.add_argument("--rtol", type=float, default=1e-12, help="relative tolerance of numbers [1e-12]")
    parser.add_argument("--keep", type=Path, default=None, help="keep the result folders under this folder")
    args = parser.parse_args(argv)
    for tree in (args.before, args.after):
        if not (tree / "rpa_finder" / "__init__.py").is_file():
            parser.error(f"{tree} holds no rpa_finder/ source tree")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="compare_mining_", dir=args.keep))
    status = 0
    for number, log in enumerate(find_logs(args.only.split(",") if args.only else None, args.skip_slow)):
        sides = (("before", args.before), ("after", args.after))
        runs = {}
        for side, tree in (sides if number % 2 == 0 else sides[::-1]):  # alternate which side runs first
            folder = work / side
            folder.mkdir(exist_ok=True)
            output = folder / log.name.replace(".", "_")
            runs[side] = run(tree, ["mine", str(log), "-o", str(output), "--force"], output.parent)
        (code_a, last_a, sec_a), (code_b, last_b, sec_b) = runs["before"], runs["after"]
        timing = f"{sec_a:5.1f} s -> {sec_b:5.1f} s"
        if code_a != code_b:
            print(f"FAILED  {log.name}: exit {code_a} before ({last_a}), {code_b} after ({last_b})")
            status = 2
            continue
        if code_a != 0:
            print(f"same    {log.name}: both exit {code_a} ({last_b})  [{timing}]")
            continue
        name = log.name.replace(".", "_")
        problems, rendered = compare_folders(work / "before" / name, work / "after" / name, args.rtol)
        note = f"; rendering differs: {', '.join(rendered)}" if rendered else ""
        print(f"{'DIFFERS' if problems else 'equal  '} {log.name}  [{timing}]{note}")
        for problem in problems:
            print(f"    {problem}")
        status = max(status, 1 if problems else 0)
    print(f"results under {work}" if args.keep else "")
    if not args.keep:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
