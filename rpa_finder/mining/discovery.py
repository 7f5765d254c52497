# SPDX-License-Identifier: AGPL-3.0-or-later
"""Process models (Petri net, process tree, BPMN, heuristics net) from the DFG and the variants.

Discovery never reads the event log: pm4py's full inductive miner on BPIC15_1 (398 activities,
1,170 variants) took over 120 s on this machine.  Small variant sets go to IMf with multiplicities
(exactly what pm4py would do on the log); larger ones to IMd on a noise-filtered DFG, whose cost
follows the number of activities and edges only.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .. import pm4py_adapter as adapter
from ..errors import Message, OutputNotWritableError
from .model import DirectlyFollowsGraph, MiningSettings, Variants

__all__ = ["DiscoveredModels", "discover_models", "discovery_refusal", "DISCOVERY_LIMIT", "filter_dfg", "write_bpmn", "write_pnml", "VARIANT_DISCOVERY_LIMIT"]

#: IMf on variants is used up to this many variants (and activities); IMd on the DFG above.
VARIANT_DISCOVERY_LIMIT = {"variants": 500, "activities": 60}
#: Beyond these, pm4py's inductive miner runs for many minutes (measured: 20,000 activities, or one
#: case of 150,000 events: still running after 3 min), so the model is not discovered and the run says so.
DISCOVERY_LIMIT = {"activities": 2000, "events_per_case": 20_000}


def discovery_refusal(dfg: DirectlyFollowsGraph, variants: Variants) -> str | None:
    """Why model discovery is skipped for this log (None: it is not)."""
    if len(dfg.activity_frequency) > DISCOVERY_LIMIT["activities"]:
        return f"{len(dfg.activity_frequency)} activities, more than {DISCOVERY_LIMIT['activities']}"
    longest = int(variants.table["length"].max()) if variants.count else 0
    if longest > DISCOVERY_LIMIT["events_per_case"]:
        return f"a case of {longest} events, more than {DISCOVERY_LIMIT['events_per_case']}"
    return None


@dataclass(frozen=True)
class DiscoveredModels:
    """The models of one log, and how they were found (for the report's method section).

    ``net``, ``initial_marking``, ``final_marking``, ``process_tree``, ``bpmn`` and
    ``heuristics_net`` are pm4py objects; only :mod:`rpa_finder.pm4py_adapter` looks inside them.
    """

    net: Any
    initial_marking: Any
    final_marking: Any
    process_tree: Any
    bpmn: Any
    heuristics_net: Any
    method: Literal["IMf on variants", "IMd on filtered DFG"]
    noise_threshold: float
    #: Activities that are visible transitions of the net, sorted.
    activities: tuple[str, ...]
    #: DFG edges given to IMd (all edges for IMf) and those dropped as noise.
    kept_edges: int
    dropped_edges: int
    seconds: float

    def describe(self) -> str:
        """One sentence for the report."""
        return (
            f"{self.method} (noise threshold {self.noise_threshold:g}): {len(self.activities)} activities, "
            f"{self.kept_edges} of {self.kept_edges + self.dropped_edges} directly-follows edges kept, "
            f"{self.seconds:.1f} s"
        )


def discover_models(dfg: DirectlyFollowsGraph, variants: Variants, settings: MiningSettings) -> DiscoveredModels:
    """Discover a sound workflow net (inductive miner) and a heuristics net without the event log.

    >>> models = discover_models(dfg, variants, MiningSettings())  # doctest: +SKIP
    >>> models.describe()  # doctest: +SKIP
    'IMd on filtered DFG (noise threshold 0.2): 398 activities, 1032 of 4699 ... edges kept, 2.1 s'
    """
    began = time.perf_counter()
    noise = float(settings.noise_threshold)
    n_edges = len(dfg.edges)
    few = variants.count <= VARIANT_DISCOVERY_LIMIT["variants"]
    small = len(dfg.activity_frequency) <= VARIANT_DISCOVERY_LIMIT["activities"]
    if few and small:
        tree = adapter.discover_tree_from_variants(variants.as_dict(), noise)
        method, kept = "IMf on variants", n_edges
    else:
        edges, start, end = filter_dfg(dfg, noise)
        tree = adapter.discover_tree_from_dfg(edges, start, end)
        method, kept = "IMd on filtered DFG", len(edges)
    net, initial, final, bpmn = adapter.convert_tree(tree)
    heuristics = adapter.discover_heuristics_from_dfg(
        dfg.frequency_dict(), dfg.activity_frequency, dfg.start_activities, dfg.end_activities,
        window_two=_count_window_two(variants),
    )
    labels = tuple(sorted({t.label for t in net.transitions if t.label is not None}))
    return DiscoveredModels(
        net=net, initial_marking=initial, final_marking=final, process_tree=tree, bpmn=bpmn,
        heuristics_net=heuristics, method=method, noise_threshold=noise, activities=labels,
        kept_edges=kept, dropped_edges=n_edges - kept, seconds=time.perf_counter() - began,
    )


def filter_dfg(dfg: DirectlyFollowsGraph, noise_threshold: float) -> tuple[dict, dict, dict]:
    """Drop weak edges, starts and ends, then add back the strongest ones that keep everything connected.

    An edge survives when its frequency is at least ``noise_threshold`` times the strongest outgoing
    edge of its source (starts and ends likewise against the strongest start or end).  Then every
    activity must be reachable from a kept start and must reach a kept end: the strongest dropped
    edge crossing the frontier is restored until that holds, so IMd sees no orphans.
    Returns (edges {(a, b): n}, start {a: n}, end {a: n}).
    """
    edges = dfg.edges
    strongest = edges.groupby("source")["frequency"].transform("max")
    keep = edges["frequency"] >= noise_threshold * strongest
    kept = {(s, t): int(f) for s, t, f in edges.loc[keep, ["source", "target", "frequency"]].itertuples(index=False)}
    start = _keep_strong(dfg.start_activities, noise_threshold)
    end = _keep_strong(dfg.end_activities, noise_threshold)
    everything = dfg.frequency_dict()
    activities = set(dfg.activity_frequency)
    _connect(kept, everything, start, dict(dfg.start_activities), activities, forward=True)
    _connect(kept, everything, end, dict(dfg.end_activities), activities, forward=False)
    return kept, start, end


def _keep_strong(counts: Any, noise_threshold: float) -> dict[str, int]:
    if not counts:
        return {}
    top = max(counts.values())
    return {a: int(n) for a, n in counts.items() if n >= noise_threshold * top}


def _reach(edges: dict, seeds: set[str], forward: bool) -> set[str]:
    adjacency: dict[str, list[str]] = {}
    for s, t in edges:
        a, b = (s, t) if forward else (t, s)
        adjacency.setdefault(a, []).append(b)
    seen, stack = set(seeds), list(seeds)
    while stack:
        for nxt in adjacency.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def _connect(kept: dict, everything: dict, anchors: dict, all_anchors: dict, activities: set[str], *, forward: bool) -> None:
    """Restore the strongest crossing edges (or anchors) until every activity is connected; one pass per repair."""
    ranked = sorted(everything.items(), key=lambda kv: (-kv[1], kv[0]))
    while True:
        connected = _reach(kept, set(anchors), forward)
        if activities <= connected:
            return
        for (s, t), n in ranked:
            inside, outside = (s, t) if forward else (t, s)
            if inside in connected and outside not in connected:
                kept[(s, t)] = n
                break
        else:  # nothing crosses: the missing activity itself must start (end) some case
            lost = sorted(activities - connected, key=lambda a: (-all_anchors.get(a, 0), a))
            anchors[lost[0]] = int(all_anchors.get(lost[0], 1))


def _count_window_two(variants: Variants) -> dict[tuple[str, str], int]:
    """Cases-weighted counts of a _ a patterns two steps apart: heuristics miner's short-loop evidence."""
    table = variants.table[["activities", "cases"]]
    steps = table.explode("activities").rename(columns={"activities": "activity"})
    steps["position"] = steps.groupby(level=0).cumcount()
    steps["later"] = steps.groupby(level=0)["activity"].shift(-2)
    pairs = steps.dropna(subset=["later"])
    if pairs.empty:
        return {}
    counts = pairs.groupby(["activity", "later"], sort=False)["cases"].sum()
    return {(str(a), str(b)): int(n) for (a, b), n in counts.items()}


def write_bpmn(models: DiscoveredModels, path: str | Path) -> Path:
    """Write the model as BPMN 2.0 XML (opens in Camunda Modeler, Signavio, bpmn.io).

    >>> write_bpmn(models, "model.bpmn")  # doctest: +SKIP
    """
    return _write(Path(path), adapter.bpmn_to_xml(models.bpmn), "BPMN model")


def write_pnml(models: DiscoveredModels, path: str | Path) -> Path:
    """Write the Petri net with its markings as PNML (opens in ProM, WoPeD, pm4py).

    >>> write_pnml(models, "model.pnml")  # doctest: +SKIP
    """
    return _write(Path(path), adapter.petri_net_to_pnml(models.net, models.initial_marking, models.final_marking),
                  "Petri net")


def _write(path: Path, data: bytes, what: str) -> Path:
    try:
        path.write_bytes(data)
    except OSError as exc:
        reason = exc.strerror
        raise OutputNotWritableError(Message("cannot write the BPMN model ({reason})", reason=reason) if what == "BPMN model"
                                     else Message("cannot write the Petri net ({reason})", reason=reason), file=path,
                                     fix="choose a writable folder with --output") from exc
    return path
