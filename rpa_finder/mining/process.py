# SPDX-License-Identifier: AGPL-3.0-or-later
"""Mining as one call: EventLog -> MinedProcess, the typed object the scoring and the reports read.

Statistics come first (cheap, exact, vectorised): the one list of them
(:data:`~rpa_finder.mining.aggregates.AGGREGATES`), with the whole log as one partition, so an engine
that merges many partitions gives the same :class:`~rpa_finder.mining.aggregates.MergedAggregates`.
What needs the whole log at once follows: bottlenecks and centrality (from the merged graph), batches
(a resource's run of work across cases), model discovery and conformance, which go through the pm4py
adapter and are the only steps that import pm4py.  ``progress`` receives a short message before each
step that can take more than a moment, for the CLI to print on stderr.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from ..eventlog import EventLog
from .activity_stats import ActivityStatistics
from .aggregates import MergedAggregates, merge_aggregates, partial_aggregates
from .batches import BatchReport, detect_batches
from .conformance import Conformance, check_conformance
from .discovery import DiscoveredModels, discover_models, discovery_refusal
from .graph import compute_centrality, rank_bottlenecks
from .handover import GROUP_COLUMNS, HandoverNetwork
from .instances import ActivityInstances, extract_instances
from .model import DirectlyFollowsGraph, MiningSettings, Variants

__all__ = ["MinedProcess", "mine_process", "GROUP_COLUMNS"]


@dataclass(frozen=True)
class MinedProcess:
    """Everything mining found in one log: the merged statistics and what needs the whole log."""

    log: EventLog
    instances: ActivityInstances
    #: The statistics every engine merges from partitions (dfg, variants, activities, cases, rework,
    #: cycles, handovers); read them through the properties below.
    statistics: MergedAggregates
    bottlenecks: pd.DataFrame
    centrality: pd.DataFrame
    batches: BatchReport
    models: DiscoveredModels | None
    conformance: Conformance | None
    settings: MiningSettings

    @property
    def dfg(self) -> DirectlyFollowsGraph:
        return self.statistics.dfg

    @property
    def variants(self) -> Variants:
        return self.statistics.variants

    @property
    def activities(self) -> ActivityStatistics:
        return self.statistics.activities

    @property
    def cases(self) -> pd.DataFrame:
        return self.statistics.cases

    @property
    def rework(self) -> pd.DataFrame:
        return self.statistics.rework

    @property
    def cycles(self) -> pd.DataFrame:
        """Rework loops that cases actually ran (cycle, length, traversals, cases)."""
        return self.statistics.cycles

    @property
    def handovers(self) -> HandoverNetwork:
        return self.statistics.handovers

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
    # the whole log as one partition; the instances, found once, are shared by the statistics
    statistics = merge_aggregates([partial_aggregates(log.events, log.timezone, settings, instances=instances)])
    dfg, variants = statistics.dfg, statistics.variants
    say("graph analytics (rework, bottlenecks, centrality, handovers, batches)")
    bottlenecks = rank_bottlenecks(dfg)
    centrality = compute_centrality(dfg)
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
    return MinedProcess(log=log, instances=instances, statistics=statistics, bottlenecks=bottlenecks,
                        centrality=centrality, batches=batches, models=models, conformance=conformance,
                        settings=settings)
