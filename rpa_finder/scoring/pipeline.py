# SPDX-License-Identifier: AGPL-3.0-or-later
"""Scoring: activity instances -> features, routines -> ranked, explained candidates, in two rounds.

Every criterion is written once, as rounds over partitions of whole cases, so that a log beyond one
machine scores as one in memory does.  Round 1 (:func:`count_partition`, on each worker) counts what
every criterion needs to decide what to look at: volumes, neighbours, months, labels, accounts, and
each row-level criterion's own counts.  The client merges the counts (:func:`plan_scoring`) and
decides, per criterion, which rows matter: each activity's main predecessor, the routines' chains,
the studied activities and the encoding of the case attributes, the resources whose work gives the
handling estimate.  Round 2 (:func:`sample_partition`) sends exactly those rows, bounded by each
criterion's budget and chosen by a stable hash, so any engine and any partitioning picks the same
ones.  :func:`finish_scoring` turns the merged counts and samples into :class:`ScoredCandidates`:
the same whatever the partitioning while the log is under the budgets (tests check it on real
logs); above them, a documented sample (:func:`sampled_figures`).

:func:`score_candidates` is the one-partition case, in one process, where nothing is sent and so
no budget applies; :func:`score_partitions` runs the rounds over partitions one after another (the
reference the engines are tested against); :mod:`rpa_finder.engine.dask_engine` runs them on a
cluster, where each partition stays on its worker between the rounds.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from ..eventlog import EventLog
from .automation import AutomationSettings
from .feature_counts import BaseCounts, base_inputs, merge_base, merged_accounts, merged_precision, partial_base
from .candidates import CandidateSettings, rank_candidates
from .features import FeatureSettings, assemble_features
from .handling import automated_resources, finish_handling_summary, partial_handling, plan_handling, sample_handling
from .partition import ScoringPartition, scoring_partition
from .routines import RoutineSettings, finish_routines, partial_routines, plan_routines, sample_routines
from .rules import finish_rules, partial_rules, plan_rules, sample_rules
from .sampling import NO_BUDGET
from .scorer import AutomationScorer, measure_top_stability
from .timing import finish_timing, partial_timing, plan_timing, sample_timing

__all__ = ["ScoredCandidates", "ScoringSettings", "scoring_settings", "score_candidates", "rank_scored",
           "PartitionCounts", "ScoringPlan", "PartitionSamples", "count_partition", "plan_scoring",
           "sample_partition", "finish_scoring", "score_partitions", "score_in_rounds", "sampled_figures",
           "without_budgets", "build_features"]

SECONDS_PER_YEAR = 365.25 * 86400


@dataclass(frozen=True)
class ScoredCandidates:
    """Everything scoring produced: the feature table, the routines and the ranked candidates."""

    features: pd.DataFrame
    routines: pd.DataFrame
    candidates: pd.DataFrame
    scorer: AutomationScorer
    #: Share of the top 5 that stays in the top 5 under every single +-50 % weight change.
    top5_stability: float = float("nan")
    #: One row per resource: whether its account is a machine and why (``classify_accounts``).
    accounts: pd.DataFrame | None = None
    #: Per activity, a histogram of its handling minutes (``handling_histograms``).
    handling_histograms: dict | None = None
    #: What came from a sample rather than every row, when scored from partials over budget
    #: (:func:`sampled_figures`); empty: every figure is exact.
    sampling: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ScoringSettings:
    """Every setting scoring reads, in one picklable object (engines send it to their workers)."""

    features: FeatureSettings = field(default_factory=FeatureSettings)
    routines: RoutineSettings = field(default_factory=RoutineSettings)
    candidates: CandidateSettings = field(default_factory=CandidateSettings)


def scoring_settings(candidate_settings: CandidateSettings = CandidateSettings(), *,
                     handling_minutes: dict[str, float] | None = None, account_patterns: tuple[str, ...] | None = None,
                     routine_settings: RoutineSettings = RoutineSettings()) -> ScoringSettings:
    """The settings of a run: the analysis configuration's candidate settings, handling minutes and accounts."""
    automation = AutomationSettings(account_patterns=account_patterns) if account_patterns else AutomationSettings()
    features = FeatureSettings(automation=automation, handling_minutes=dict(handling_minutes or {}))
    return ScoringSettings(features=features, routines=routine_settings, candidates=candidate_settings)


def rank_scored(features: pd.DataFrame, routines: pd.DataFrame, *, span_seconds: float, precision: str,
                accounts: pd.DataFrame | None = None, handling_histograms: dict | None = None,
                scorer: AutomationScorer | None = None,
                settings: CandidateSettings = CandidateSettings()) -> ScoredCandidates:
    """Features and routines -> ranked candidates; ``span_seconds`` from the first to the last completion."""
    years = max(span_seconds / SECONDS_PER_YEAR, 1 / 12)
    candidates, fitted = rank_candidates(features, routines, years=years, date_only=precision == "date",
                                         scorer=scorer, settings=settings)
    return ScoredCandidates(features=features, routines=routines, candidates=candidates, scorer=fitted,
                            top5_stability=measure_top_stability(candidates["rank"], candidates["rank_worst"], top=5),
                            accounts=accounts, handling_histograms=handling_histograms)


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


def score_in_rounds(parts: Sequence[ScoringPartition], settings: ScoringSettings = ScoringSettings(), *,
                    scorer: AutomationScorer | None = None) -> ScoredCandidates:
    """Both rounds over ``parts``, one after another in this process."""
    merged, plan = plan_scoring([count_partition(p, settings) for p in parts], settings)
    return finish_scoring(merged, plan, [sample_partition(p, plan, settings) for p in parts], settings, scorer=scorer)


def score_partitions(logs: Iterable[EventLog], settings: ScoringSettings = ScoringSettings(), *,
                     scorer: AutomationScorer | None = None) -> ScoredCandidates:
    """Both rounds over partitions of whole cases, one after another in this process.

    What a cluster does, without one: the reference the engines are tested against, and a way to
    score a log partition by partition.
    """
    return score_in_rounds([scoring_partition(log) for log in logs], settings, scorer=scorer)


def without_budgets(settings: ScoringSettings) -> ScoringSettings:
    """``settings`` with no sampling budget: the budgets bound what workers send, and one process sends nothing."""
    features = settings.features
    return replace(settings, routines=replace(settings.routines, max_sampled_spans=NO_BUDGET), features=replace(
        features, timing=replace(features.timing, max_sampled_delays=NO_BUDGET),
        handling=replace(features.handling, max_sampled_rows=NO_BUDGET, max_sampled_durations=NO_BUDGET)))


def score_candidates(log: EventLog, instances: pd.DataFrame, *, candidate_settings: CandidateSettings = CandidateSettings(),
                     handling_minutes: dict[str, float] | None = None, account_patterns: tuple[str, ...] | None = None,
                     scorer: AutomationScorer | None = None,
                     routine_settings: RoutineSettings = RoutineSettings()) -> ScoredCandidates:
    """Rank the log's activities and routines; pass a fitted ``scorer`` to score on a baseline's scale.

    The one-partition case of the rounds: the whole log is one partition, every figure exact.
    """
    settings = scoring_settings(candidate_settings, handling_minutes=handling_minutes,
                                account_patterns=account_patterns, routine_settings=routine_settings)
    return score_in_rounds([scoring_partition(log, instances)], without_budgets(settings), scorer=scorer)


def build_features(log: EventLog, instances: pd.DataFrame, settings: FeatureSettings = FeatureSettings()) -> pd.DataFrame:
    """Per activity (index ``activity``): volume, handling, workload, criteria measures, flags.

    The feature table of :func:`score_candidates`, for callers that want the measures without the ranking.
    """
    return score_in_rounds([scoring_partition(log, instances)], without_budgets(ScoringSettings(features=settings))).features
