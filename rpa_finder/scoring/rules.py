# SPDX-License-Identifier: AGPL-3.0-or-later
"""Rule-basedness: can the data a case carries predict what happens at an activity?

Decision mining (de Leoni and van der Aalst) with scikit-learn trees.  For each activity we ask two
questions and keep the better answer:

* branch: which activity follows it, predicted from the case attributes and the activity's own event
  attributes (what is known at that point);
* occurrence: whether a case contains it at all, predicted from the case attributes.

The measure is the cross-validated accuracy gain over always guessing the majority class,
``(accuracy - baseline) / (1 - baseline)`` clipped to [0, 1] (Cohen's-kappa-like, so a skewed class
balance earns nothing by itself).  A question whose answer never varies (one successor in 97 % of
cases) says nothing about rules and is skipped; with both skipped the activity's rule-basedness is NaN
(not measurable), never a made-up number.

Flat exports (CSV, Excel) repeat the case attributes on every row, so event attributes that never vary
within a case are promoted to case attributes.  Rows are sampled by a hash of the case id (the same
sample on every engine) and activities seen in fewer than ``min_rows`` cases are skipped, which keeps
the cost at a few seconds even for BPIC15's 398 activities.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["RuleSettings", "measure_rule_basedness", "case_attributes"]


@dataclass(frozen=True)
class RuleSettings:
    max_depth: int = 4
    min_samples_leaf: int = 5
    folds: int = 3
    #: At most this many rows per question (sampled by case-id hash).
    max_rows: int = 1500
    #: Fewer rows than this, or a majority class above ``max_majority``: the question is skipped.
    min_rows: int = 40
    max_majority: float = 0.97
    #: Attribute columns with more distinct values than this are identifiers, not rules.
    max_categories: int = 30
    #: Trees are grown for the activities in the most cases only (BPIC15 has ~400 activities, most of them
    #: rare); the others get NaN: too few cases to learn a rule from.
    max_activities: int = 120


#: An activity in fewer sampled cases than this has no occurrence rule worth a tree.
MIN_POSITIVE_CASES = 10


#: Tokens the privacy layer writes (identity codes, pseudonyms): keyed, so they change with the key.
PERSONAL_TOKEN = r"\bHETU-[0-9a-f]{6,}|\buser-[0-9a-f]{6,}"


def _encode(frame: pd.DataFrame, settings: RuleSettings) -> pd.DataFrame:
    """Numeric columns as they are; text columns as ordinal codes; identifier-like columns dropped."""
    out = {}
    n = len(frame)
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_bool_dtype(values.dtype) or pd.api.types.is_numeric_dtype(values.dtype):
            out[column] = values.astype("float64")
        elif pd.api.types.is_datetime64_any_dtype(values.dtype) or pd.api.types.is_timedelta64_dtype(values.dtype):
            continue  # absolute dates do not generalise into rules
        else:
            distinct = values.nunique(dropna=True)
            if distinct < 2 or distinct > settings.max_categories or distinct > 0.5 * n:
                continue
            text = values.astype("str")
            if text.str.contains(PERSONAL_TOKEN, regex=True, na=False).any():
                continue  # masked identity codes and pseudonyms are people, never a rule
            codes, _ = pd.factorize(text, sort=True)
            out[column] = np.where(codes < 0, np.nan, codes).astype(float)
    frame_out = pd.DataFrame(out, index=frame.index)
    return frame_out.loc[:, frame_out.nunique(dropna=True) > 1] if len(frame_out.columns) else frame_out


def case_attributes(cases: pd.DataFrame, instances: pd.DataFrame, attribute_columns: list[str]) -> pd.DataFrame:
    """The log's case attributes plus event attributes that are constant within every case.

    A flat export writes the applicant's income on every row of the case: that is a case attribute,
    known from the start, and it is what decides whether a later step happens at all.
    """
    case_ids = instances["case_id"].astype(str).to_numpy()
    index = pd.Index(pd.unique(case_ids), name="case_id")
    out = cases.reindex(index) if len(cases.columns) else pd.DataFrame(index=index)
    if attribute_columns:
        attrs = instances[attribute_columns]
        per_case = attrs.groupby(case_ids, sort=False).nunique(dropna=True)
        constant = [c for c in attribute_columns if (per_case[c] <= 1).all() and c not in out.columns]
        if constant:
            first = attrs[constant].groupby(case_ids, sort=False).first()
            out = out.join(first.reindex(index))
    return out


def _stratified_folds(codes: np.ndarray, folds: int) -> np.ndarray:
    """Fold number per row: every class spread evenly over the folds, in a seeded shuffled order."""
    order = np.random.default_rng(0).permutation(len(codes))
    shuffled = codes[order]
    by_class = np.argsort(shuffled, kind="stable")
    starts = np.r_[0, np.flatnonzero(np.diff(shuffled[by_class])) + 1]
    rank = np.arange(len(codes)) - np.repeat(starts, np.diff(np.r_[starts, len(codes)]))
    fold = np.empty(len(codes), dtype=np.int64)
    fold[order[by_class]] = rank % folds
    return fold


def _gain(features: pd.DataFrame, target: pd.Series, settings: RuleSettings) -> float:
    from sklearn.tree import DecisionTreeClassifier

    if len(target) < settings.min_rows or features.shape[1] == 0:
        return np.nan
    codes, _ = pd.factorize(target.astype(str))
    counts = np.bincount(codes)
    baseline = counts.max() / len(codes)
    if baseline >= settings.max_majority or len(counts) < 2:
        return np.nan
    # rare classes cannot be spread over the folds; fold them into the majority class
    folds = settings.folds
    codes = np.where(counts[codes] >= folds, codes, int(counts.argmax()))
    if len(np.unique(codes)) < 2:
        return np.nan
    x = np.ascontiguousarray(features.to_numpy(dtype="float32"))
    fold = _stratified_folds(codes, folds)
    hits = 0
    for k in range(folds):  # plain k-fold: cross_val_score's checks cost more than the trees here
        test = fold == k
        tree = DecisionTreeClassifier(max_depth=settings.max_depth, min_samples_leaf=settings.min_samples_leaf,
                                      random_state=0).fit(x[~test], codes[~test], check_input=False)
        hits += int((tree.predict(x[test], check_input=False) == codes[test]).sum())
    accuracy = hits / len(codes)
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
    activity = instances["activity"].astype(str)
    case_ids = instances["case_id"].astype(str)
    attribute_columns = list(event_attributes.columns) if event_attributes is not None else []
    table = pd.concat([instances[["case_id"]], event_attributes], axis=1) if attribute_columns else instances
    all_case_attrs = case_attributes(cases, table, attribute_columns)
    case_features = _encode(all_case_attrs, settings)
    varying = [c for c in attribute_columns if c not in all_case_attrs.columns]
    event_features = _encode(event_attributes[varying], settings) if varying else pd.DataFrame(index=instances.index)
    successor = activity.groupby(case_ids.to_numpy(), sort=False).shift(-1).fillna("(end)")
    joined = case_features.reindex(case_ids.to_numpy()).set_axis(instances.index)
    joined = pd.concat([joined, event_features.add_prefix("event:")], axis=1)
    # Occurrence: one sample of cases for every activity; presence from one crosstab.
    occurrence_frame = _sample(case_features, pd.Series(case_features.index, index=case_features.index), settings.max_rows)
    present = activity.groupby([case_ids.to_numpy(), activity.to_numpy()]).size().unstack(fill_value=0)
    present = present.reindex(occurrence_frame.index).fillna(0) > 0
    cases_per_activity = present.sum()
    results = {}
    studied = set(cases_per_activity.sort_values(ascending=False, kind="stable").index[:settings.max_activities])
    for name, rows in activity.groupby(activity, sort=True).groups.items():
        branch = occurrence = np.nan
        if name not in studied:
            results[name] = (branch, occurrence)
            continue
        if len(rows) >= settings.min_rows:
            rows_frame = _sample(joined.loc[rows], case_ids.loc[rows], settings.max_rows)
            branch = _gain(rows_frame, successor.loc[rows_frame.index], settings)
        share = cases_per_activity.get(name, 0) / max(len(present), 1)
        if cases_per_activity.get(name, 0) >= MIN_POSITIVE_CASES and (1 - settings.max_majority) < share < settings.max_majority:
            occurrence = _gain(occurrence_frame, present[name], settings)
        results[name] = (branch, occurrence)
    out = pd.DataFrame.from_dict(results, orient="index", columns=["rule_branch", "rule_occurrence"])
    out["rule_basedness"] = out[["rule_branch", "rule_occurrence"]].max(axis=1, skipna=True)
    out.index.name = "activity"
    return out.round(3)
