# SPDX-License-Identifier: AGPL-3.0-or-later
"""Scoring as one call: activity instances -> features, routines -> ranked, explained candidates."""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..eventlog import EventLog
from .automation import AutomationSettings
from .candidates import CandidateSettings, rank_candidates
from .instance_codes import code_instances
from .features import FeatureSettings, assemble_features, feature_inputs
from .routines import RoutineSettings, find_routines
from .scorer import AutomationScorer, measure_top_stability

__all__ = ["ScoredCandidates", "ScoringSettings", "scoring_settings", "score_candidates", "rank_scored",
           "instances_with_attributes"]

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
    #: (:func:`rpa_finder.scoring.distributed.sampled_figures`); empty: every figure is exact.
    sampling: dict = field(default_factory=dict)


def instances_with_attributes(log: EventLog, instances: pd.DataFrame) -> pd.DataFrame:
    """Activity instances with the event attributes of their completion events, for decision mining."""
    events = log.events
    completes = events[events["lifecycle"] == "complete"]
    standard = {"case_id", "activity", "resource", "timestamp", "lifecycle", "source_row", "start_timestamp"}
    extra = [c for c in completes.columns if c not in standard]
    if not extra:
        return instances
    rows, wanted = completes["source_row"].to_numpy(), instances["source_row"].to_numpy()
    clash = bool(set(extra) & set(instances.columns))
    if not clash and len(rows) == len(wanted) and bool((rows == wanted).all()):
        taken = completes[extra]  # one instance per complete event, in order: the columns as they are
    else:
        index = pd.Index(rows)
        position = index.get_indexer_for(wanted) if index.is_unique else None
        if clash or position is None or (position < 0).any():
            # duplicate or missing rows, clashing names: merge's rules decide, as they always did
            attributes = completes[["source_row", *extra]].drop_duplicates("source_row")
            return instances.merge(attributes, on="source_row", how="left", sort=False)
        taken = completes[extra].iloc[position]  # a positional take, not a hash join over 1M keys
    return pd.concat([instances.reset_index(drop=True), taken.set_axis(pd.RangeIndex(len(instances)))], axis=1)


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


def score_candidates(log: EventLog, instances: pd.DataFrame, *, candidate_settings: CandidateSettings = CandidateSettings(),
                     handling_minutes: dict[str, float] | None = None, account_patterns: tuple[str, ...] | None = None,
                     scorer: AutomationScorer | None = None,
                     routine_settings: RoutineSettings = RoutineSettings()) -> ScoredCandidates:
    """Rank the log's activities and routines; pass a fitted ``scorer`` to score on a baseline's scale."""
    settings = scoring_settings(candidate_settings, handling_minutes=handling_minutes,
                                account_patterns=account_patterns, routine_settings=routine_settings)
    enriched = instances_with_attributes(log, instances)
    coded = code_instances(instances, log.timezone)  # shared by every criterion and the routines
    inputs = feature_inputs(log, enriched, settings.features, coded=coded)
    features = assemble_features(inputs, settings.features)
    routines = find_routines(instances, settings.routines, coded=coded)
    span = (instances["timestamp"].max() - instances["timestamp"].min()).total_seconds() if len(instances) else 0
    return rank_scored(features, routines, span_seconds=span, precision=log.timestamp_precision,
                       accounts=inputs.accounts, handling_histograms=inputs.handling_histograms, scorer=scorer,
                       settings=candidate_settings)
