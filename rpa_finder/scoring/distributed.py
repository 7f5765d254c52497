# SPDX-License-Identifier: AGPL-3.0-or-later
"""Scoring from partials over case partitions, in two rounds, for logs beyond one machine.

Round 1 (:func:`count_partition`, on each worker) counts what every criterion needs to decide what
to look at: volumes, neighbours, months, labels, accounts, and each row-level criterion's own counts.
The client merges the counts (:func:`plan_scoring`) and decides, per criterion, which rows matter:
each activity's main predecessor, the routines' chains, the studied activities and the encoding of
the case attributes, the resources whose work gives the handling estimate.  Round 2
(:func:`sample_partition`) sends exactly those rows, bounded by each criterion's budget and chosen
by a stable hash, so any engine and any partitioning picks the same ones.  :func:`finish_scoring`
turns the merged counts and samples into the same :class:`ScoredCandidates` that
:func:`~rpa_finder.scoring.pipeline.score_candidates` gives in one process: equal, not close, while
the log is under the budgets (tests check it on real logs); above them, a documented sample.

The engines only move these objects around: :func:`score_partitions` here, in one process;
:mod:`rpa_finder.engine.dask_engine` on a cluster, where each partition stays on its worker between
the rounds.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Iterable, Sequence

import numpy as np

from ..eventlog import EventLog
from .base_partial import BaseCounts, base_inputs, merge_base, merged_accounts, merged_precision, partial_base
from .features import assemble_features
from .handling import automated_resources
from .handling_partial import finish_handling_summary, partial_handling, plan_handling, sample_handling
from .partition import ScoringPartition, scoring_partition
from .pipeline import ScoredCandidates, ScoringSettings, rank_scored
from .routines_partial import finish_routines, partial_routines, plan_routines, sample_routines
from .rules_partial import finish_rules, partial_rules, plan_rules, sample_rules
from .scorer import AutomationScorer
from .timing_partial import finish_timing, partial_timing, plan_timing, sample_timing

__all__ = ["PartitionCounts", "ScoringPlan", "PartitionSamples", "count_partition", "plan_scoring",
           "sample_partition", "finish_scoring", "score_partitions", "sampled_figures"]


@dataclass(frozen=True, eq=False)
class PartitionCounts:
    """Round 1 of one partition: the feature counts and each row-level criterion's counts."""

    base: BaseCounts
    handling: Any
    timing: Any
    routines: Any
    rules: Any


@dataclass(frozen=True, eq=False)
class ScoringPlan:
    """What round 2 must send, per criterion; small, and sent to every worker."""

    handling: Any
    timing: Any
    routines: Any
    rules: Any


@dataclass(frozen=True, eq=False)
class PartitionSamples:
    """Round 2 of one partition: each criterion's rows, within its budget."""

    handling: Any
    timing: Any
    routines: Any
    rules: Any


def count_partition(part: ScoringPartition, settings: ScoringSettings = ScoringSettings()) -> PartitionCounts:
    """Round 1 on one partition of whole cases."""
    features = settings.features
    return PartitionCounts(base=partial_base(part, features), handling=partial_handling(part, features.handling),
                           timing=partial_timing(part, features.timing), routines=partial_routines(part, settings.routines),
                           rules=partial_rules(part, features.rules))


def plan_scoring(counts: Sequence[PartitionCounts],
                 settings: ScoringSettings = ScoringSettings()) -> tuple[BaseCounts, ScoringPlan]:
    """The merged counts of all partitions, and what round 2 must send."""
    features = settings.features
    return merge_base([c.base for c in counts]), ScoringPlan(
        handling=plan_handling([c.handling for c in counts], features.handling),
        timing=plan_timing([c.timing for c in counts], features.timing),
        routines=plan_routines([c.routines for c in counts], settings.routines),
        rules=plan_rules([c.rules for c in counts], features.rules))


def sample_partition(part: ScoringPartition, plan: ScoringPlan,
                     settings: ScoringSettings = ScoringSettings()) -> PartitionSamples:
    """Round 2 on one partition: the rows the plan asks for."""
    features = settings.features
    return PartitionSamples(handling=sample_handling(part, plan.handling, features.handling),
                            timing=sample_timing(part, plan.timing, features.timing),
                            routines=sample_routines(part, plan.routines, settings.routines),
                            rules=sample_rules(part, plan.rules, features.rules))


def sampled_figures(merged: BaseCounts, plan: ScoringPlan, samples: Sequence[PartitionSamples],
                    settings: ScoringSettings = ScoringSettings()) -> dict:
    """Which figures rest on a sample because the log is over a budget (empty: all are exact).

    ``handling_resources``: the estimate replays the work of ``sampled`` of ``of`` resources;
    ``timer_delays``: activities whose timer figures come from ``max_sampled_delays`` delays;
    ``routine_spans``: routines whose median span comes from ``max_sampled_spans`` runs.
    """
    features, out = settings.features, {}
    if not plan.handling.all_resources:
        out["handling_resources"] = {"sampled": int(len(plan.handling.resources)), "of": int(len(merged.resources)),
                                     "budget_rows": int(features.handling.max_sampled_rows)}
    over = plan.timing.n_main > features.timing.max_sampled_delays
    if over.any():
        out["timer_delays"] = {"activities": [str(a) for a in plan.timing.activities[over]],
                               "budget_per_activity": int(features.timing.max_sampled_delays)}
    if plan.routines.chains:
        supports = np.sum([s.routines.supports for s in samples], axis=0)
        long = [" -> ".join(chain) for chain, n in zip(plan.routines.chains, supports)
                if n > settings.routines.max_sampled_spans]
        if long:
            out["routine_spans"] = {"routines": long, "budget_per_routine": int(settings.routines.max_sampled_spans)}
    return out


def finish_scoring(merged: BaseCounts, plan: ScoringPlan, samples: Sequence[PartitionSamples],
                   settings: ScoringSettings = ScoringSettings(), *,
                   scorer: AutomationScorer | None = None) -> ScoredCandidates:
    """The ranked candidates of the whole log, from the merged counts and the samples."""
    features = settings.features
    machines = automated_resources(plan.handling.resources, merged_accounts(merged, features))
    inputs = base_inputs(
        merged, settings=features,
        handling=finish_handling_summary(plan.handling, [s.handling for s in samples], features.handling,
                                         automated=machines),
        timing=finish_timing(plan.timing, [s.timing for s in samples], features.timing),
        rules=finish_rules(plan.rules, [s.rules for s in samples], features.rules))
    routines = finish_routines(plan.routines, [s.routines for s in samples], settings.routines)
    scored = rank_scored(assemble_features(inputs, features), routines, span_seconds=inputs.span_seconds,
                         precision=merged_precision(merged), accounts=inputs.accounts,
                         handling_histograms=inputs.handling_histograms, scorer=scorer,
                         settings=settings.candidates)
    return replace(scored, sampling=sampled_figures(merged, plan, samples, settings))


def score_partitions(logs: Iterable[EventLog], settings: ScoringSettings = ScoringSettings(), *,
                     scorer: AutomationScorer | None = None) -> ScoredCandidates:
    """Both rounds over partitions of whole cases, one after another in this process.

    What a cluster does, without one: the reference the engines are tested against, and a way to
    score a log partition by partition.
    """
    parts = [scoring_partition(log) for log in logs]
    merged, plan = plan_scoring([count_partition(p, settings) for p in parts], settings)
    return finish_scoring(merged, plan, [sample_partition(p, plan, settings) for p in parts], settings, scorer=scorer)
