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

:mod:`~rpa_finder.scoring.rules_partial` computes the same table from case partitions; it shares the
decisions below (which columns are features and how, which questions are asked, the gain, the table).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .instance_codes import CodedInstances, code_instances, labels_with, text_codes
from .sampling import name_hashes

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


def _is_number(values: pd.Series) -> bool:
    """Numbers and booleans: used as they are."""
    return pd.api.types.is_bool_dtype(values.dtype) or pd.api.types.is_numeric_dtype(values.dtype)


def _is_date(values: pd.Series) -> bool:
    """Dates and durations: absolute dates do not generalise into rules."""
    return pd.api.types.is_datetime64_any_dtype(values.dtype) or pd.api.types.is_timedelta64_dtype(values.dtype)


def _text_vocabulary(uniques, n: int, settings: RuleSettings) -> pd.Index | None:
    """The sorted strings of a text column's distinct values, or None when the column cannot carry a rule.

    ``uniques``: the distinct non-missing values (of the whole log); ``n``: the rows they are spread over.
    """
    if len(uniques) < 2 or len(uniques) > settings.max_categories or len(uniques) > 0.5 * n:
        return None
    text = pd.Series(uniques).astype("str")  # the checks run on the distinct values, not on every row
    if text.str.contains(PERSONAL_TOKEN, regex=True, na=False).any():
        return None  # masked identity codes and pseudonyms are people, never a rule
    return pd.Index(pd.factorize(text, sort=True)[1])


def _text_ranks(codes: np.ndarray, uniques, vocabulary: pd.Index) -> np.ndarray:
    """Each row's string as its rank in ``vocabulary`` (NaN: missing); ``codes``/``uniques`` from a factorize."""
    ranks = np.r_[vocabulary.get_indexer(pd.Series(uniques).astype("str")), -1]  # code -1 takes the last slot
    return np.where(codes < 0, np.nan, ranks[codes]).astype(float)


def _encode_column(values: pd.Series, n: int, settings: RuleSettings) -> np.ndarray | None:
    """A column as floats (text as the rank of its string), or None when it cannot carry a rule."""
    if _is_number(values):
        return values.astype("float64").to_numpy()
    if _is_date(values):
        return None
    codes, uniques = pd.factorize(values)
    vocabulary = _text_vocabulary(uniques, n, settings)
    return None if vocabulary is None else _text_ranks(codes, uniques, vocabulary)


def _encode_with(values: pd.Series, vocabulary: pd.Index | None) -> np.ndarray:
    """A column encoded as decided elsewhere: numbers as floats, text by its rank in ``vocabulary``."""
    if vocabulary is None:
        return values.astype("float64").to_numpy()
    codes, uniques = pd.factorize(values)
    return _text_ranks(codes, uniques, vocabulary)


def _varies(values: np.ndarray) -> bool:
    """More than one distinct non-missing value (``nunique() > 1``)."""
    present = values[~np.isnan(values)]
    return bool(len(present)) and bool((present != present[0]).any())


def _encode(frame: pd.DataFrame, settings: RuleSettings) -> pd.DataFrame:
    """Numeric columns as they are; text columns as ordinal codes; identifier-like and constant columns dropped."""
    out = {}
    for column in frame.columns:
        values = _encode_column(frame[column], len(frame), settings)
        if values is not None and _varies(values):
            out[column] = values
    return pd.DataFrame(out, index=frame.index)


def _comparable(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Values (or codes) that compare equal exactly where groupby nunique sees one value, and a not-missing mask.

    Strings compare as they are (a vectorised comparison is cheaper than hashing them into codes).
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.array.codes  # a view: ``.cat.codes`` copies
        return codes, codes >= 0
    if isinstance(values.dtype, pd.StringDtype):
        return values.array, values.notna().to_numpy()
    if isinstance(values.dtype, np.dtype) and values.dtype.kind in "biufmM":
        raw = values.to_numpy()
        if raw.dtype.kind in "mM":
            return raw.view(np.int64), ~np.isnat(raw)
        return raw, ~np.isnan(raw) if raw.dtype.kind == "f" else np.ones(len(raw), dtype=bool)
    codes = pd.factorize(values)[0]
    return codes, codes >= 0


def _changes(values) -> np.ndarray:
    """Per pair of consecutive values: do they differ?"""
    return np.asarray(values[1:] != values[:-1], dtype=bool)


def _take(values: pd.Series, rows: np.ndarray, index: pd.Index) -> pd.Series:
    """``values`` at positions ``rows`` (-1: missing), keeping the dtype where nothing is missing."""
    return pd.Series(values.array.take(rows, allow_fill=bool((rows < 0).any())), index=index, name=values.name)


def _case_table(cases: pd.DataFrame, instances: pd.DataFrame, attribute_columns: list[str], case: np.ndarray,
                labels: pd.Index, by_case: np.ndarray | None) -> tuple[pd.DataFrame, np.ndarray]:
    """:func:`case_attributes`, and the case code of each of its rows.

    ``case``: case code per row; ``labels``: case id per code; ``by_case``: rows stably sorted by code,
    None when the rows already are (as they come from an EventLog: no reordering, no gathers).
    """
    in_order = by_case is None
    if in_order and len(case) and case[0] < 0:  # rows without a case id (code -1) come first: drop them
        by_case = np.arange(len(case))
    if by_case is not None:
        by_case = by_case[case[by_case] >= 0]  # a row without a case id belongs to no case
        in_order = len(by_case) == len(case) and bool((by_case == np.arange(len(case))).all())
    ordered = case if in_order else case[by_case]
    same_case = ordered[1:] == ordered[:-1]
    starts = np.flatnonzero(np.r_[True, ~same_case]) if len(ordered) else np.zeros(0, dtype=np.int64)
    heads = starts if in_order else by_case[starts]  # each case's first row
    appearance = case[heads if in_order else np.sort(heads)]  # case codes in order of first appearance
    identity = len(appearance) == len(labels) and bool((appearance == np.arange(len(labels))).all())
    index = pd.Index(labels if identity else labels[appearance], name="case_id")
    out = cases.reindex(index) if len(cases.columns) else None
    position = _positions(appearance, len(labels))
    if identity:
        first_rows = heads
    else:
        first_rows = np.full(len(index), -1, dtype=np.int64)
        first_rows[position[case[heads]]] = heads
    first = {}
    for column in attribute_columns:
        if out is not None and column in out.columns:
            continue
        values, valid = _comparable(instances[column])
        if not in_order:
            values, valid = values[by_case], valid[by_case]
        if valid.all():  # the usual flat export: compare each row with the one before in its case
            if (_changes(values) & same_case).any():
                continue  # it changes within a case: an event attribute
            first[column] = _take(instances[column], first_rows, index)
            continue
        owner, values = ordered[valid], values[valid]
        rows = np.flatnonzero(valid) if in_order else by_case[valid]
        same = owner[1:] == owner[:-1]
        if (_changes(values) & same).any():
            continue
        head = np.r_[True, ~same] if len(owner) else np.zeros(0, dtype=bool)
        taken = np.full(len(index), -1, dtype=np.int64)
        taken[position[owner[head]]] = rows[head]  # the first non-missing value, as groupby first()
        first[column] = _take(instances[column], taken, index)
    table = pd.DataFrame(first, index=index)
    if out is not None:
        table = pd.concat([out, table], axis=1) if first else out
    return table, appearance


def _positions(appearance: np.ndarray, size: int) -> np.ndarray:
    """Position of each case code in ``appearance``; -1 for codes not in it, and at index -1 (no case)."""
    position = np.full(size + 1, -1, dtype=np.int64)
    position[appearance] = np.arange(len(appearance))
    return position


def case_attributes(cases: pd.DataFrame, instances: pd.DataFrame, attribute_columns: list[str],
                    *, coded: CodedInstances | None = None) -> pd.DataFrame:
    """The log's case attributes plus event attributes that are constant within every case.

    A flat export writes the applicant's income on every row of the case: that is a case attribute,
    known from the start, and it is what decides whether a later step happens at all.  Rows are
    indexed by case id in order of first appearance.
    """
    if coded is None:
        case, labels = text_codes(instances["case_id"], sort=False, as_index=True)
        by_case = np.argsort(case, kind="stable")
    else:
        case, labels, by_case = coded.case, coded.case_labels, coded.case_order
    return _case_table(cases, instances, attribute_columns, case, labels, by_case)[0]


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


def _gain(features: np.ndarray, target: np.ndarray, settings: RuleSettings) -> float:
    from sklearn.tree import DecisionTreeClassifier

    if len(target) < settings.min_rows or features.shape[1] == 0:
        return np.nan
    codes, _ = pd.factorize(target)  # classes numbered in order of appearance
    counts = np.bincount(codes)
    baseline = counts.max() / len(codes)
    if baseline >= settings.max_majority or len(counts) < 2:
        return np.nan
    # rare classes cannot be spread over the folds; fold them into the majority class
    folds = settings.folds
    codes = np.where(counts[codes] >= folds, codes, int(counts.argmax()))
    if len(np.unique(codes)) < 2:
        return np.nan
    x = np.ascontiguousarray(features, dtype=np.float32)
    fold = _stratified_folds(codes, folds)
    hits = 0
    for k in range(folds):  # plain k-fold: cross_val_score's checks cost more than the trees here
        test = fold == k
        tree = DecisionTreeClassifier(max_depth=settings.max_depth, min_samples_leaf=settings.min_samples_leaf,
                                      random_state=0).fit(x[~test], codes[~test], check_input=False)
        hits += int((tree.predict(x[test], check_input=False) == codes[test]).sum())
    accuracy = hits / len(codes)
    return float(np.clip((accuracy - baseline) / (1 - baseline), 0.0, 1.0))


def _sample(rows: np.ndarray, hashes: np.ndarray, limit: int) -> np.ndarray:
    """The ``limit`` rows with the smallest case-id hashes (ties: earlier rows), in their original order.

    The first ``limit`` of a stable argsort, found with a partition instead of a full sort.
    """
    if len(rows) <= limit:
        return rows
    cut = np.partition(hashes, limit - 1)[limit - 1]
    below = np.flatnonzero(hashes < cut)
    tied = np.flatnonzero(hashes == cut)[:limit - len(below)]
    return rows[np.sort(np.r_[below, tied])]


def _split_attributes(instances: pd.DataFrame, cases: pd.DataFrame, event_attributes: pd.DataFrame | None,
                      coded: CodedInstances) -> tuple[pd.DataFrame, np.ndarray, list[str]]:
    """The case table (:func:`case_attributes`), its case codes, and the event attributes that vary within a case."""
    attribute_columns = list(event_attributes.columns) if event_attributes is not None else []
    table, appearance = _case_table(cases, event_attributes if attribute_columns else instances, attribute_columns,
                                    coded.case, coded.case_labels, coded.case_order)
    return table, appearance, [c for c in attribute_columns if c not in table.columns]


def _row_cases(appearance: np.ndarray, coded: CodedInstances) -> np.ndarray:
    """Each row's case as its position in ``appearance`` (-1: no case)."""
    identity = len(appearance) == len(coded.case_labels) and bool((appearance == np.arange(len(appearance))).all())
    # cases numbered in order of first appearance: in a log sorted by case, the case codes themselves
    return coded.case if identity else _positions(appearance, len(coded.case_labels))[coded.case]


def _presence(sampled: np.ndarray, row_case: np.ndarray, n_cases: int, coded: CodedInstances) -> np.ndarray:
    """Per sampled case (positions into the case table) and activity code: does the case contain it?"""
    chosen_case = np.zeros(n_cases + 1, dtype=bool)  # the last slot: rows without a case
    chosen_case[sampled] = True
    in_sample = np.flatnonzero(chosen_case[row_case])
    rank = _positions(sampled, n_cases)[row_case[in_sample]]
    present = np.zeros((len(sampled), len(coded.names)), dtype=bool)
    present[rank, coded.activity[in_sample]] = True
    return present


def measure_rule_basedness(instances: pd.DataFrame, cases: pd.DataFrame, event_attributes: pd.DataFrame | None = None,
                           *, settings: RuleSettings = RuleSettings(),
                           coded: CodedInstances | None = None) -> pd.DataFrame:
    """Per activity: ``rule_branch``, ``rule_occurrence`` and ``rule_basedness`` (the larger), NaN if unknown.

    ``instances``: activity instances in case order (case_id, activity, ...); ``cases``: case attributes
    indexed by case id; ``event_attributes``: optional attribute columns aligned with ``instances``;
    ``coded``: the codes of ``instances`` when the caller has them (:func:`code_instances`).
    """
    coded = coded or code_instances(instances)
    names = coded.names
    all_case_attrs, appearance, varying = _split_attributes(instances, cases, event_attributes, coded)
    case_features = _encode(all_case_attrs, settings)
    event_features = _encode(event_attributes[varying], settings) if varying else pd.DataFrame(index=instances.index)
    # a row without a case takes the appended all-missing row, as a reindex by a missing id would
    per_case = np.vstack([case_features.to_numpy(dtype=np.float64), np.full((1, case_features.shape[1]), np.nan)])
    per_row = event_features.to_numpy(dtype=np.float64)
    row_case = _row_cases(appearance, coded)
    # hash_pandas_object(case ids as str) per case, not per row; the ids are distinct, so no categorize pass
    hashes = name_hashes(coded.case_labels)
    _, where, end = labels_with(names, "(end)")
    successor_of = np.r_[where, end]  # by the next activity's code; -1 (the case ends) takes the last slot
    # Occurrence: one sample of cases for every activity; presence of each activity in each sampled case.
    sampled = _sample(np.arange(len(appearance)), hashes[appearance], settings.max_rows)
    present = _presence(sampled, row_case, len(appearance), coded)
    cases_per_activity = present.sum(axis=0)
    every_row_has_a_case = coded.case.min(initial=0) >= 0
    with_case = coded.activity_counts if every_row_has_a_case else np.bincount(coded.activity[coded.case >= 0],
                                                                               minlength=len(names))
    studied = _studied(with_case, cases_per_activity, settings)
    occurrence_features = per_case[sampled]
    by_activity = coded.by_activity
    bounds = np.r_[0, np.cumsum(coded.activity_counts)]
    results = []
    for code in range(len(names)):
        branch = occurrence = np.nan
        if not studied[code]:
            results.append((branch, occurrence))
            continue
        rows = by_activity[bounds[code]:bounds[code + 1]]
        if _asks_branch(len(rows), settings):
            chosen = _sample(rows, hashes[coded.case[rows]], settings.max_rows)
            features = np.hstack([per_case[row_case[chosen]], per_row[chosen]])
            branch = _gain(features, successor_of[coded.following_activity[chosen]], settings)
        if _asks_occurrence(cases_per_activity[code], len(sampled), settings):
            occurrence = _gain(occurrence_features, present[:, code], settings)
        results.append((branch, occurrence))
    return _rule_frame(names, results)


def _studied(with_case: np.ndarray, cases_per_activity: np.ndarray, settings: RuleSettings) -> np.ndarray:
    """Per activity code: is it among the ``max_activities`` in most sampled cases (ties: code order)?

    ``with_case``: rows with a case per activity; ``cases_per_activity``: sampled cases that contain it.
    """
    listed = np.flatnonzero(with_case > 0)
    studied = np.zeros(len(with_case), dtype=bool)
    studied[listed[np.argsort(-cases_per_activity[listed], kind="stable")][:settings.max_activities]] = True
    return studied


def _asks_branch(rows: int | np.ndarray, settings: RuleSettings) -> bool | np.ndarray:
    """Enough rows of the activity (or of each activity) to learn which activity follows it."""
    return rows >= settings.min_rows


def _asks_occurrence(positive: int, sampled: int, settings: RuleSettings) -> bool:
    """Enough sampled cases with and without the activity to learn whether a case contains it."""
    share = positive / max(sampled, 1)
    return positive >= MIN_POSITIVE_CASES and (1 - settings.max_majority) < share < settings.max_majority


def _rule_frame(names: np.ndarray, results: list[tuple[float, float]]) -> pd.DataFrame:
    """The per-activity table from each activity's (branch, occurrence) gains, in ``names`` order."""
    out = pd.DataFrame.from_dict(dict(zip(names, results)), orient="index", columns=["rule_branch", "rule_occurrence"])
    out["rule_basedness"] = out[["rule_branch", "rule_occurrence"]].max(axis=1, skipna=True)
    out.index.name = "activity"
    return out.round(3)
