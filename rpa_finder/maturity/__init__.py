# SPDX-License-Identifier: AGPL-3.0-or-later
"""Digitalisation maturity of processes and of the organisation, assessed from the analysed logs.

The levels come from a data file (docs/maturity-model.md): rpa_finder ships its own data-driven
operationalisation of the KUNIT idea on the five-level public-administration scale, and a user can
load the official KUNIT table, or any other, with :func:`load_maturity_model`.
"""
from __future__ import annotations

from .assess import MaturityAssessment, ProcessAssessment, assess_configured, assess_indicators, assess_maturity
from .indicators import IndicatorValue, compute_indicators
from .model import DEFAULT_MODEL_PATH, MaturityModel, load_maturity_model

__all__ = ["assess_maturity", "assess_configured", "load_maturity_model", "MaturityModel", "MaturityAssessment", "ProcessAssessment",
           "assess_indicators", "compute_indicators", "IndicatorValue", "DEFAULT_MODEL_PATH"]
