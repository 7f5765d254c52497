# SPDX-License-Identifier: AGPL-3.0-or-later
"""From candidate to robot to measured benefit: deployments found in the log, and what they delivered.

``detect_deployments`` finds robot-like accounts taking over a step people did (with or without a
recorded decision); ``measure_realised_benefit`` measures each one's share, the human hours a year
it removed (the scoring's handling estimator and error range, per need and season-matched), its
hand-backs and the throughput change, beside the estimate made when the decision was taken;
``realise_analysis`` does both for an :class:`~rpa_finder.analysis.AnalysisResult`.
"""
from .detect import DEPLOYMENT_FRAME_COLUMNS, RecordedDeployment, detect_deployments
from .from_analysis import realise_analysis
from .measure import estimate_spans, measure_realised_benefit
from .result import RealisedBenefit, RobotBenefit, Span
from .settings import RealisationSettings

__all__ = ["RecordedDeployment", "detect_deployments", "DEPLOYMENT_FRAME_COLUMNS", "measure_realised_benefit",
           "estimate_spans", "realise_analysis", "RealisedBenefit", "RobotBenefit", "Span", "RealisationSettings"]
