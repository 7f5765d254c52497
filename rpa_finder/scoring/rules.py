# SPDX-License-Identifier: AGPL-3.0-or-later
"""Rule-basedness: can the data a case carries predict what happens at an activity?

Decision mining (de Leoni and van der Aalst) with scikit-learn trees.  For each activity we ask two
questions and keep the better answer:

* branch: which activity follows it, predicted from the case attributes and the activity's own event
  attributes (what is known at that point);
* occurrence: whether a case contains it at all, predicted from the case attributes.

The measure is the cross-validated accuracy gain over always guessing the majority class,
``(accuracy - baseline) / (1 - baseline)`` clipped to [0, 1].  A question whose answer never varies
(one successor in 98 % of cases) says nothing about rules and is skipped; with both skipped the
activity's rule-basedness is NaN (not measurable), never a made-up number.  Rows are sampled by a
hash of the case id, so every engine picks the same sample.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["RuleSettings", "measure_rule_basedness"]


@dataclass(frozen=True)
class RuleSettings:
    max_depth: int = 4
    min_samples_leaf: int = 5
    folds: int = 3
    #: At most this many rows per question (sampled by case-id hash).
    max_rows: int = 3000
    #: Fewer rows than this, or a majority class above ``max_majority``: the question is skipped.
    min_rows: int = 30
    max_majority: float = 0.97
    #: Attribute columns with more distinct values than this are identifiers, not rules.
    max_categories: int = 30


def _encode(frame: pd.DataFrame, settings: RuleSettings) -> pd.DataFrame:
    """Numeric columns as they are; text columns as ordinal codes; identifier-like columns dropped."""
    out = {}
    n = len(frame)
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_bool_dtype(values.dtype):
            out[column] = values.astype(float)
        elif pd.api.types.is_numeric_dtype(values.dtype):
            out[column] = values.astype(float)
        elif pd.api.types.is_datetime64_any_dtype(values.dtype):
            continue  # absolute dates do not generalise into rules
        else:
            distinct = values.nunique(dropna=True)
            if distinct < 2 or distinct > settings.max_categories or distinct > 0.5 * n:
                continue
            codes, _ = pd.factorize(values.astype("str"), sort=True)
            out[column] = np.where(codes < 0, np.nan, codes).astype(float)
    return pd.DataFrame(out, index=frame.index)


def _gain(features: pd.DataFrame, target: pd.Series, settings: RuleSettings) -> float:
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.tree import DecisionTreeClassifier

    target = target.astype(str)
    counts = target.value_counts()
    if len(target) < settings.min_rows or features.shape[1] == 0:
        return np.nan
    baseline = counts.iloc[0] / len(target)
    if baseline >= settings.max_majority or len(counts) < 2:
        return np.nan
    # rare classes cannot be stratified; fold them into "other"
    folds = settings.folds
    keep = counts[counts >= folds].index
    target = target.where(target.isin(keep), "__other__")
    if target.value_counts().min() < folds:
        target = target.where(target != "__other__", keep[0])
    tree = DecisionTreeClassifier(max_depth=settings.max_depth, min_samples_leaf=settings.min_samples_leaf, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        accuracy = cross_val_score(tree, features.to_numpy(), target.to_numpy(),
                                   cv=StratifiedKFold(folds, shuffle=True, random_state=0)).mean()
    return float(np.clip((accuracy - baseline) / (1 - baseline), 0.0, 1.0))


def _sample(frame: pd.DataFrame, case_ids: pd.Series, limit: int) -> pd.DataFrame:
    if len(frame) <= limit:
        return frame
    hashed = pd.util.hash_pandas_object(case_ids.astype(str), index=False).to_numpy()
    order = np.argsort(hashed, kind="stable")[:limit]
    return frame.iloc[np.sort(order)]


def measure_rule_basedness(instances: pd.DataFrame, cases: pd.DataFrame, event_attributes: pd.DataFrame | None = None,
                           *, settings: RuleSettings = RuleSettings()) -> pd.DataFrame:
    """Per activity: ``rule_branch``, ``rule_occurrence`` and ``rule_basedness`` (the larger), NaN if unknown.

    ``instances``: activity instances in case order (case_id, activity, ...); ``cases``: case attributes
    indexed by case id; ``event_attributes``: optional attribute columns aligned with ``instances``.
    """
    case_features = _encode(cases, settings)
    case_ids = instances["case_id"].astype(str)
    successor = instances["activity"].astype(str).groupby(case_ids.to_numpy(), sort=False).shift(-1).fillna("(end)")
    event_features = _encode(event_attributes, settings) if event_attributes is not None else pd.DataFrame(index=instances.index)
    joined = case_features.reindex(case_ids.to_numpy()).set_axis(instances.index)
    joined = pd.concat([joined, event_features.add_prefix("event:")], axis=1)
    present = pd.crosstab(case_ids, instances["activity"].astype(str)) > 0
    all_cases = case_features.reindex(present.index)
    results = {}
    for activity, rows in instances.groupby(instances["activity"].astype(str), sort=True).groups.items():
        rows_frame = _sample(joined.loc[rows], case_ids.loc[rows], settings.max_rows)
        branch = _gain(rows_frame, successor.loc[rows_frame.index], settings)
        occurrence_frame = _sample(all_cases, pd.Series(all_cases.index, index=all_cases.index), settings.max_rows)
        occurrence = _gain(occurrence_frame, present.loc[occurrence_frame.index, activity], settings)
        results[activity] = (branch, occurrence)
    out = pd.DataFrame.from_dict(results, orient="index", columns=["rule_branch", "rule_occurrence"])
    out["rule_basedness"] = out[["rule_branch", "rule_occurrence"]].max(axis=1, skipna=True)
    out.index.name = "activity"
    return out.round(3)
