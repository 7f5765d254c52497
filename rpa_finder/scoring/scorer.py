# SPDX-License-Identifier: AGPL-3.0-or-later
"""The automation scorer, with scikit-learn's estimator contract.

``fit`` learns how to scale each criterion from a *baseline* feature table, so later runs (next
month's export) are scored on the same scale and their scores can be compared; the fitted state is
plain JSON.  A criterion that could not be measured for an activity (NaN) is left out of that
activity's score and the weights of the others renormalised: never invented.
"""
from __future__ import annotations

import json
from typing import Mapping

import numpy as np
import pandas as pd

from .criteria import CRITERIA, DEFAULT_WEIGHTS, Criterion

__all__ = ["AutomationScorer", "NotFittedError", "measure_top_stability"]


class NotFittedError(RuntimeError):
    """The scorer was used before ``fit`` (or loading a fitted state)."""


def _transform(criterion: Criterion, values: pd.Series) -> pd.Series:
    values = values.astype(float)
    return np.log1p(values.clip(lower=0)) if criterion.scale == "log" else values


class AutomationScorer:
    """Weighted, explainable automation score in [0, 1] per activity or routine.

    >>> features = pd.DataFrame({"events_per_year": [10, 1000], "workload_hours_per_year": [1, 90],
    ...     "standardisation": [.2, .9], "rule_basedness": [.1, .8], "timing_regularity": [0, 0],
    ...     "exception_share": [.3, 0], "variability": [1, .2], "label_semantics": [.2, .8]})
    >>> AutomationScorer().fit(features).rank_candidates(features)["rank"].tolist()
    [2, 1]
    """

    def __init__(self, weights: Mapping[str, float] | None = None):
        self.weights = weights

    # --- estimator contract ---------------------------------------------------------------------
    def get_params(self, deep: bool = True) -> dict:
        return {"weights": self.weights}

    def set_params(self, **params) -> "AutomationScorer":
        for key, value in params.items():
            if key not in self.get_params():
                raise ValueError(f"invalid parameter {key!r} for AutomationScorer; parameters are weights")
            setattr(self, key, value)
        return self

    def _weights(self) -> dict[str, float]:
        weights = dict(DEFAULT_WEIGHTS)
        for name, value in (self.weights or {}).items():
            if name not in weights:
                raise ValueError(f"unknown criterion {name!r}; criteria are {', '.join(weights)}")
            if value < 0:
                raise ValueError(f"weight of {name} must be >= 0, got {value}")
            weights[name] = float(value)
        return weights

    def fit(self, features: pd.DataFrame, y=None) -> "AutomationScorer":
        """Learn each scaled criterion's 5th-95th percentile range on the baseline features."""
        self.weights_ = self._weights()
        self.ranges_: dict[str, tuple[float, float]] = {}
        for criterion in CRITERIA:
            if criterion.scale == "unit":
                self.ranges_[criterion.name] = (0.0, 1.0)
                continue
            values = _transform(criterion, features.get(criterion.feature, pd.Series(dtype=float))).dropna()
            if values.empty:
                self.ranges_[criterion.name] = (0.0, 1.0)
                continue
            low, high = np.percentile(values, [5, 95])
            if high <= low:
                high = low + 1.0
            self.ranges_[criterion.name] = (float(low), float(high))
        self.n_baseline_rows_ = int(len(features))
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "ranges_"):
            raise NotFittedError("AutomationScorer is not fitted: call fit(baseline_features) or from_json()")

    def transform(self, features: pd.DataFrame) -> pd.DataFrame:
        """Sub-scores in [0, 1], one column per criterion; NaN where a criterion was not measurable."""
        self._check_fitted()
        out = pd.DataFrame(index=features.index)
        for criterion in CRITERIA:
            raw = features[criterion.feature] if criterion.feature in features else pd.Series(np.nan, index=features.index)
            low, high = self.ranges_[criterion.name]
            scaled = ((_transform(criterion, raw) - low) / (high - low)).clip(0, 1)
            out[criterion.name] = 1.0 - scaled if criterion.invert else scaled
        return out

    def _combine(self, sub: pd.DataFrame, weights: Mapping[str, float]) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
        """Contributions, score and coverage from sub-scores: unmeasured criteria drop out, weights renormalise."""
        w = pd.Series(dict(weights), dtype=float).reindex(sub.columns).fillna(0.0).to_numpy()
        values = sub.to_numpy(dtype="float64")
        measured = ~np.isnan(values)
        weight_sum = (measured * w).sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            contributions = np.where(measured, values, 0.0) * w / np.where(weight_sum > 0, weight_sum, np.nan)[:, None]
        score = pd.Series(np.where(weight_sum > 0, contributions.sum(axis=1), np.nan), index=sub.index)
        coverage = pd.Series(weight_sum / w.sum() if w.sum() > 0 else np.zeros(len(sub)), index=sub.index)
        return pd.DataFrame(contributions, index=sub.index, columns=sub.columns), score, coverage

    def rank_candidates(self, features: pd.DataFrame, *, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
        """``score_<criterion>`` sub-scores, ``contribution_<criterion>``, ``score``, ``coverage``, ``rank``."""
        sub = self.transform(features)
        contributions, score, coverage = self._combine(sub, weights or self.weights_)
        out = sub.add_prefix("score_").round(4)
        for name in sub.columns:
            out[f"contribution_{name}"] = contributions[name].round(4)
        out["score"] = score.round(4)
        out["coverage"] = coverage.round(3)
        out["rank"] = out["score"].rank(ascending=False, method="first").astype("Int64")
        return out

    def rank_stability(self, features: pd.DataFrame, *, change: float = 0.5, eligible: pd.Series | None = None) -> pd.DataFrame:
        """Best and worst rank of each row when any one weight moves by -change or +change.

        Only ``eligible`` rows are ranked (knock-outs get no rank); the others get <NA>.
        """
        self._check_fitted()
        eligible = pd.Series(True, index=features.index) if eligible is None else eligible.reindex(features.index)
        sub = self.transform(features)
        ranks = []
        for name in self.weights_:
            for factor in (1 - change, 1 + change):
                weights = dict(self.weights_)
                weights[name] *= factor
                score = self._combine(sub, weights)[1].where(eligible.to_numpy())
                ranks.append(score.rank(ascending=False, method="first"))
        table = pd.concat(ranks, axis=1)
        return pd.DataFrame({"rank_best": table.min(axis=1).astype("Int64"),
                             "rank_worst": table.max(axis=1).astype("Int64")})

    # --- persistence ----------------------------------------------------------------------------
    def to_json(self) -> str:
        self._check_fitted()
        return json.dumps({"kind": "rpa_finder.AutomationScorer", "version": 1, "weights": self.weights_,
                           "ranges": self.ranges_, "n_baseline_rows": self.n_baseline_rows_}, indent=2)

    @classmethod
    def from_json(cls, text: str) -> "AutomationScorer":
        data = json.loads(text)
        if data.get("kind") != "rpa_finder.AutomationScorer":
            raise ValueError("not a fitted rpa_finder scorer state")
        scorer = cls(weights=data["weights"])
        scorer.weights_ = scorer._weights()
        scorer.ranges_ = {k: tuple(v) for k, v in data["ranges"].items()}
        scorer.n_baseline_rows_ = int(data["n_baseline_rows"])
        return scorer


def measure_top_stability(rank: pd.Series, rank_worst: pd.Series, top: int = 5) -> float:
    """Share of today's top ``top`` that stays in the top ``top`` under every single +-50 % weight change.

    1.0: the shortlist does not depend on the weights; a low value says the weights decide it, so the
    process developer should look at the sub-scores rather than the order.
    """
    rank = pd.to_numeric(rank, errors="coerce")
    leaders = rank <= top
    if not leaders.any():
        return float("nan")
    return round(float((pd.to_numeric(rank_worst, errors="coerce")[leaders] <= top).mean()), 3)
