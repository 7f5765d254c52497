# SPDX-License-Identifier: AGPL-3.0-or-later
"""Deployments and their realised benefit for an analysed log, in one call."""
from __future__ import annotations

from typing import Iterable, Mapping

import pandas as pd

from .detect import RecordedDeployment, detect_deployments
from .measure import measure_realised_benefit
from .result import RealisedBenefit
from .settings import RealisationSettings

__all__ = ["realise_analysis"]


def realise_analysis(result, decisions: Iterable[RecordedDeployment] = (), *,
                     estimates: pd.DataFrame | Mapping[str, tuple[float, float, float]] | None = None,
                     settings: RealisationSettings = RealisationSettings()) -> tuple[pd.DataFrame, RealisedBenefit]:
    """The deployments (:func:`detect_deployments`) and realised benefit of an
    :class:`~rpa_finder.analysis.AnalysisResult`, with its accounts, timezone and timed steps.

    ``estimates``: the hours a year estimated when each decision was taken (a stored run's candidates);
    None takes this run's candidates, which after a go-live already see the robot's share.
    """
    log = result.ingest.log
    instances = result.mined.instances.table
    date_only = log.timestamp_precision != "time"
    deployments = detect_deployments(instances, timezone=log.timezone, date_only=date_only, decisions=decisions,
                                     settings=settings, accounts=result.scored.accounts)
    benefit = measure_realised_benefit(instances, deployments, timezone=log.timezone, date_only=date_only,
                                       estimates=result.scored.candidates if estimates is None else estimates,
                                       handling_minutes=dict(result.config.handling_minutes), settings=settings)
    return deployments, benefit
