# SPDX-License-Identifier: AGPL-3.0-or-later
"""Mining as one call: EventLog -> MinedProcess, the typed object the scoring and the reports read.

Statistics come first (cheap, exact, vectorised); model discovery and conformance go through the
pm4py adapter and are the only steps that import pm4py.  ``progress`` receives a short message before
each step that can take more than a moment, for the CLI to print on stderr.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from ..eventlog import EventLog
from .activity_stats import ActivityStatistics, compute_activity_stats
from .batches import BatchReport, detect_batches
from .case_stats import compute_case_stats
from .conformance import Conformance, check_conformance
from .dfg import compute_dfg
from .discovery import DiscoveredModels, discover_models, discovery_refusal
from .graph import compute_centrality, rank_bottlenecks
from .handover import HandoverNetwork, build_handover_network
from .instances import ActivityInstances, extract_instances
from .model import DirectlyFollowsGraph, MiningSettings, Variants
from .rework import find_traversed_cycles, measure_rework
from .variants import compute_variants

__all__ = ["MinedProcess", "mine_process"]

#: Event attributes that name an organisational unit, in order of preference.
GROUP_COLUMNS = ("org:group", "org_unit", "Yksikkö", "yksikko", "enhet", "department")


@dataclass(frozen=True)
class MinedProcess:
    """Everything mining found in one log."""

    log: EventLog
    instances: ActivityInstances
    dfg: DirectlyFollowsGraph
    variants: Variants
    activities: ActivityStatistics
    cases: pd.DataFrame
    rework: pd.DataFrame
    bottlenecks: pd.DataFrame
    centrality: pd.DataFrame
    #: Rework loops that cases actually ran (cycle, length, traversals, cases).
    cycles: pd.DataFrame
    handovers: HandoverNetwork
    batches: BatchReport
    models: DiscoveredModels | None
    conformance: Conformance | None
    settings: MiningSettings

    def summary(self) -> dict:
        """Headline figures for mining.json and the report."""
        throughput = self.cases["throughput_seconds"] if "throughput_seconds" in self.cases else pd.Series(dtype=float)
        data = {
            "events": self.log.n_events,
            "cases": self.log.n_cases,
            "activities": len(self.dfg.activity_frequency),
            "edges": len(self.dfg.edges),
            "variants": self.variants.count,
            "top_variant_share": float(self.variants.table["share"].iloc[0]) if self.variants.count else 0.0,
            "start_activities": dict(self.dfg.start_activities),
            "end_activities": dict(self.dfg.end_activities),
            "median_throughput_seconds": float(throughput.median()) if len(throughput) else None,
            "median_working_seconds": float(self.cases["working_seconds"].median()) if "working_seconds" in self.cases and len(self.cases) else None,
            "timestamp_precision": self.log.timestamp_precision,
            "handling_time_measured": self.instances.has_start_times,
        }
        if self.models is not None:
            data["discovery"] = {"method": self.models.method, "noise_threshold": self.models.noise_threshold,
                                 "activities": len(self.models.activities), "kept_edges": self.models.kept_edges,
                                 "dropped_edges": self.models.dropped_edges}
        if self.conformance is not None:
            data["conformance"] = {"fitness": self.conformance.fitness, "precision": self.conformance.precision,
                                   "fitting_case_share": self.conformance.fitting_case_share}
        return data


def _group_column(log: EventLog) -> str | None:
    return next((c for c in GROUP_COLUMNS if c in log.events.columns and log.events[c].notna().any()), None)


def mine_process(log: EventLog, settings: MiningSettings = MiningSettings(), *, discover: bool = True,
                 progress: Callable[[str], None] | None = None,
                 instances: ActivityInstances | None = None) -> MinedProcess:
    """Compute every mining result for ``log``; ``discover=False`` skips pm4py (models, conformance).

    ``instances`` are the log's activity instances when the caller has them already.
    """
    say = progress or (lambda message: None)
    say("mining statistics (directly-follows graph, variants, activities, cases)")
    if instances is None:
        instances = extract_instances(log.events)
    dfg = compute_dfg(log, instances=instances)  # instances computed once, shared by the statistics
    variants = compute_variants(log, instances=instances)
    activities = compute_activity_stats(log, instances=instances)
    cases = compute_case_stats(log, settings)
    say("graph analytics (rework, bottlenecks, centrality, handovers, batches)")
    rework = measure_rework(log)
    bottlenecks = rank_bottlenecks(dfg)
    centrality = compute_centrality(dfg)
    cycles = find_traversed_cycles(log)
    handovers = build_handover_network(log, group_column=_group_column(log), min_group_size=settings.min_group_size)
    batches = detect_batches(log, settings=settings)
    models = conformance = None
    refusal = discovery_refusal(dfg, variants) if discover else None
    if refusal:
        say(f"model discovery skipped: {refusal} (pm4py would run for many minutes)")
    if discover and len(dfg.activity_frequency) and not refusal:
        say("discovering the process model (inductive miner via pm4py)")
        models = discover_models(dfg, variants, settings)
        say("checking conformance (token replay per variant)")
        conformance = check_conformance(models, variants, settings=settings)
    return MinedProcess(log=log, instances=instances, dfg=dfg, variants=variants, activities=activities, cases=cases,
                        rework=rework, bottlenecks=bottlenecks, centrality=centrality, cycles=cycles,
                        handovers=handovers, batches=batches, models=models, conformance=conformance,
                        settings=settings)
