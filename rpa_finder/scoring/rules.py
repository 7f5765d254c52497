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

It runs in two rounds over partitions of whole cases (the whole log in one process is one partition);
the trees must see the rows, columns and row order of the whole log, so the rounds gather what decides those:

1. :func:`partial_rules`: per activity name its row counts; per attribute column whether it stays
   constant within each case, its value range (numbers) and up to ``max_categories + 1`` distinct
   values (text: enough to tell an identifier from a category); and the ``max_rows`` cases with the
   smallest case-id hashes with the activities each contains.  The whole log's ``max_rows`` smallest
   are among each partition's ``max_rows`` smallest, so :func:`plan_rules` merges the occurrence
   sample exactly and decides which columns are features, how
   text is ranked, and which activities are studied.
2. :func:`sample_rules`: the encoded case features of the sampled cases, and for each studied
   activity its ``max_rows`` rows with the smallest case hashes, each with its successor and event
   features.  :func:`finish_rules` keeps the whole log's ``max_rows`` smallest per activity (ties:
   earlier rows) and puts them in whole-log order, (case id text, position in case), since the folds
   depend on it.

Exact at any ``max_rows``: any partitioning draws the same sample.
Partitions hold whole cases; rows without a case id (which ingest drops) are outside this protocol.
"""
from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from .instance_codes import CodedInstances, labels_with, text_codes
from .partition import ScoringPartition

__all__ = ["RuleSettings", "case_attributes", "rule_attributes", "ColumnCounts", "RuleCounts", "RulePlan", "RuleSample",
           "partial_rules", "plan_rules", "sample_rules", "finish_rules"]


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


def _encode_with(values: pd.Series, vocabulary: pd.Index | None) -> np.ndarray:
    """A column encoded as decided elsewhere: numbers as floats, text by its rank in ``vocabulary``."""
    if vocabulary is None:
        return values.astype("float64").to_numpy()
    codes, uniques = pd.factorize(values)
    return _text_ranks(codes, uniques, vocabulary)


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


def rule_attributes(instances: pd.DataFrame) -> list[str]:
    """The instance columns decision mining may read: everything but the standard ones."""
    return [c for c in instances.columns if c not in ("case_id", "activity", "resource", "timestamp",
                                                      "start_timestamp", "source_row", "lifecycle")]


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


NUMBER, DATE, TEXT = "number", "date", "text"


@dataclass(frozen=True)
class ColumnCounts:
    """What one partition knows of an attribute column: enough to decide its encoding for the whole log."""

    name: str
    kind: str  # NUMBER, DATE or TEXT
    #: Numbers: the smallest and largest present value (NaN: none present).
    low: float
    high: float
    #: Text: up to ``max_categories + 1`` distinct non-missing values (more than ``max_categories``: too many).
    distinct: pd.Series


@dataclass(frozen=True)
class RuleCounts:
    """Round 1 of one partition; keyed by activity names and case ids, small whatever the log's size."""

    #: The partition's activity names (sorted), its rows per name and those rows with a case.
    names: np.ndarray
    rows: np.ndarray
    rows_with_case: np.ndarray
    n_cases: int
    n_rows: int
    #: The log's case attribute columns, and the event attribute columns not named like one.
    case_columns: tuple[str, ...]
    attribute_columns: tuple[str, ...]
    #: Per attribute column: constant within each of this partition's cases (a case attribute here).
    constant: np.ndarray
    #: Per column of the partition's case table (case columns, then constant attributes), over its cases.
    case_counts: tuple[ColumnCounts, ...]
    #: Per attribute column, over its rows.
    row_counts: tuple[ColumnCounts, ...]
    #: The partition's ``max_rows`` cases with the smallest case-id hashes, in log order; per case and
    #: name (``names``): does the case contain the activity?
    sample_cases: pd.Index
    sample_hashes: np.ndarray
    presence: np.ndarray


@dataclass(frozen=True)
class RulePlan:
    """The whole log's decisions: features and their encodings, the occurrence sample, the questions asked."""

    #: Every activity name, sorted: the output's rows; codes below index it.
    names: np.ndarray
    #: Case features in column order (case columns, then promoted attributes), each with its text vocabulary (None: a number).
    case_columns: tuple[str, ...]
    case_vocabularies: tuple[pd.Index | None, ...]
    #: Event attributes that vary within some case, likewise.
    event_columns: tuple[str, ...]
    event_vocabularies: tuple[pd.Index | None, ...]
    #: The occurrence sample in whole-log order, and per sampled case and name: does the case contain it?
    sample_cases: pd.Index
    presence: np.ndarray
    #: Per name: is the branch question asked, is the occurrence question asked?
    branch: np.ndarray
    occurrence: np.ndarray


@dataclass(frozen=True)
class RuleSample:
    """Round 2 of one partition: at most ``max_rows`` rows per branch question, and the cases they need."""

    #: Case ids and their encoded case features (``plan.case_columns``).
    cases: pd.Index
    case_features: np.ndarray
    #: Per sampled row: activity code (into ``plan.names``), case (position in ``cases``), case hash,
    #: position in its case, the next activity's code (-1: the case ends) and encoded event features.
    activity: np.ndarray
    case: np.ndarray
    hash: np.ndarray
    position: np.ndarray
    successor: np.ndarray
    event_features: np.ndarray


def _attributes(part: ScoringPartition) -> pd.DataFrame | None:
    """The event attribute columns, as decision mining reads them (:func:`rule_attributes`)."""
    columns = rule_attributes(part.enriched)
    return part.enriched[columns] if columns else None


#: Per partition, its attributes and :func:`_split_attributes`: both rounds read them, and a worker
#: keeps its partition between the rounds (weak: they go with the partition).
_SPLITS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _split(part: ScoringPartition) -> tuple[pd.DataFrame | None, pd.DataFrame, np.ndarray, list[str]]:
    """The partition's attribute columns, its case table, the case codes of its rows and the varying columns."""
    if part not in _SPLITS:
        attributes = _attributes(part)
        _SPLITS[part] = (attributes, *_split_attributes(part.enriched, part.log.cases, attributes, part.coded))
    return _SPLITS[part]


def _column_counts(values: pd.Series, settings: RuleSettings) -> ColumnCounts:
    """A column's summary: a range for numbers, a capped set of distinct values for text."""
    if _is_number(values):
        floats = values.astype("float64").to_numpy()
        present = floats[~np.isnan(floats)]
        low, high = (present.min(), present.max()) if len(present) else (np.nan, np.nan)
        return ColumnCounts(values.name, NUMBER, float(low), float(high), pd.Series([], dtype=object))
    empty = pd.Series([], dtype=object)
    if _is_date(values):
        return ColumnCounts(values.name, DATE, np.nan, np.nan, empty)
    return ColumnCounts(values.name, TEXT, np.nan, np.nan, _first_distinct(values, settings.max_categories + 1))


def _first_distinct(values: pd.Series, limit: int, head: int = 4096) -> pd.Series:
    """The first ``limit`` distinct non-missing values in order of first appearance.

    An identifier column (a million event ids) shows more than ``limit`` of them in its first rows,
    and those are the column's first ones too: the head answers without hashing every row.
    """
    _, uniques = pd.factorize(values.iloc[:head])
    if len(uniques) < limit and len(values) > head:
        _, uniques = pd.factorize(values)
    return pd.Series(uniques[:limit])


def partial_rules(part: ScoringPartition, settings: RuleSettings = RuleSettings()) -> RuleCounts:
    """Round 1 on a worker: counts, column summaries and the partition's occurrence sample."""
    coded = part.coded
    attributes, table, appearance, varying = _split(part)
    case_columns = tuple(part.log.cases.columns)
    candidates = tuple(c for c in (attributes.columns if attributes is not None else []) if c not in case_columns)
    row_case = _row_cases(appearance, coded)
    hashes = part.case_hashes[appearance]
    sampled = _sample(np.arange(len(appearance)), hashes, settings.max_rows)
    case_counts = {c: _column_counts(table[c], settings) for c in table.columns}
    # a column constant within every case holds the same values over its rows as over its cases
    whole_cases = coded.case.min(initial=0) >= 0
    row_counts = [case_counts[c] if whole_cases and c in case_counts and table[c].dtype == attributes[c].dtype
                  else _column_counts(attributes[c], settings) for c in candidates]
    return RuleCounts(
        names=coded.names, rows=coded.activity_counts,
        rows_with_case=np.bincount(coded.activity[coded.case >= 0], minlength=len(coded.names)),
        n_cases=len(appearance), n_rows=len(coded), case_columns=case_columns, attribute_columns=candidates,
        constant=np.array([c not in varying for c in candidates], dtype=bool),
        case_counts=tuple(case_counts.values()), row_counts=tuple(row_counts),
        sample_cases=table.index[sampled], sample_hashes=hashes[sampled],
        presence=_presence(sampled, row_case, len(appearance), coded))


def _vocabulary(counts: Sequence[ColumnCounts], n: int, settings: RuleSettings) -> tuple[bool, pd.Index | None]:
    """Is the column a feature of the whole log, and its text vocabulary (None: a number)?

    Numbers are a feature when they vary; text when it has a vocabulary (:func:`_text_vocabulary`) of two or more.
    """
    kinds = {c.kind for c in counts}
    if kinds == {NUMBER}:
        low, high = np.array([c.low for c in counts]), np.array([c.high for c in counts])
        present = ~np.isnan(low)
        return bool(present.any()) and bool(low[present].min() < high[present].max()), None
    if kinds != {TEXT} or any(len(c.distinct) > settings.max_categories for c in counts):
        return False, None  # dates; more distinct values than categories; (never seen) dtypes that disagree
    _, uniques = pd.factorize(pd.concat([c.distinct for c in counts], ignore_index=True))
    vocabulary = _text_vocabulary(uniques, n, settings)
    return vocabulary is not None and len(vocabulary) > 1, vocabulary


def _features(columns: Sequence[str], counts: Sequence[dict[str, ColumnCounts]], n: int,
              settings: RuleSettings) -> tuple[tuple[str, ...], tuple[pd.Index | None, ...]]:
    """The ``columns`` (in order) that are features of the whole log, and their vocabularies."""
    kept, vocabularies = [], []
    for column in columns:
        keep, vocabulary = _vocabulary([part[column] for part in counts], n, settings)
        if keep:
            kept.append(column)
            vocabularies.append(vocabulary)
    return tuple(kept), tuple(vocabularies)


def _sorted_ranks(texts: np.ndarray) -> np.ndarray:
    """Each text's rank in sorted order (the whole log's case order)."""
    rank = np.empty(len(texts), dtype=np.int64)
    rank[np.argsort(np.asarray(texts, dtype=object), kind="stable")] = np.arange(len(texts))
    return rank


def _global_codes(names: np.ndarray, local: np.ndarray) -> np.ndarray:
    """Codes of a partition's activity names in the whole log's sorted ``names``."""
    return np.searchsorted(names, local).astype(np.int64)


def plan_rules(counts: Sequence[RuleCounts], settings: RuleSettings = RuleSettings()) -> RulePlan:
    """Merge round 1 on the client: the whole log's features, occurrence sample and questions."""
    names = np.unique(np.concatenate([np.asarray(c.names, dtype=object) for c in counts]))
    codes = [_global_codes(names, c.names) for c in counts]
    rows, with_case = np.zeros(len(names), dtype=np.int64), np.zeros(len(names), dtype=np.int64)
    for c, code in zip(counts, codes):
        np.add.at(rows, code, c.rows)
        np.add.at(with_case, code, c.rows_with_case)
    first = counts[0]
    constant = np.logical_and.reduce([c.constant for c in counts])  # changing in one partition: an event attribute
    promoted = [c for c, keep in zip(first.attribute_columns, constant) if keep]
    case_counts = [{c.name: c for c in part.case_counts} for part in counts]
    row_counts = [{c.name: c for c in part.row_counts} for part in counts]
    case_columns, case_vocabularies = _features([*first.case_columns, *promoted], case_counts,
                                                sum(c.n_cases for c in counts), settings)
    event_columns, event_vocabularies = _features([c for c, keep in zip(first.attribute_columns, constant) if not keep],
                                                  row_counts, sum(c.n_rows for c in counts), settings)
    # the occurrence sample: the max_rows smallest (hash, case id) over all partitions, in case id order
    ids = np.concatenate([np.asarray(c.sample_cases, dtype=object) for c in counts])
    hashes = np.concatenate([c.sample_hashes for c in counts])
    text_rank = _sorted_ranks(ids)
    chosen = np.lexsort((text_rank, hashes))[:settings.max_rows]
    chosen = chosen[np.argsort(text_rank[chosen], kind="stable")]
    presence = np.zeros((len(ids), len(names)), dtype=bool)
    offset = 0
    for c, code in zip(counts, codes):
        presence[offset:offset + len(c.sample_cases), code] = c.presence
        offset += len(c.sample_cases)
    presence = presence[chosen]
    cases_per_activity = presence.sum(axis=0)
    studied = _studied(with_case, cases_per_activity, settings)
    occurrence = np.array([_asks_occurrence(positive, len(chosen), settings) for positive in cases_per_activity],
                          dtype=bool)
    return RulePlan(names=names, case_columns=case_columns, case_vocabularies=case_vocabularies,
                    event_columns=event_columns, event_vocabularies=event_vocabularies,
                    sample_cases=pd.Index(ids[chosen], dtype="str", name="case_id"), presence=presence,
                    branch=studied & _asks_branch(rows, settings), occurrence=studied & occurrence)


def _encoded(frame: pd.DataFrame, columns: Sequence[str], vocabularies: Sequence[pd.Index | None]) -> np.ndarray:
    """``frame``'s columns encoded as the plan says, as one float matrix."""
    out = np.empty((len(frame), len(columns)), dtype=np.float64)
    for k, (column, vocabulary) in enumerate(zip(columns, vocabularies)):
        out[:, k] = _encode_with(frame[column], vocabulary)
    return out


def sample_rules(part: ScoringPartition, plan: RulePlan, settings: RuleSettings = RuleSettings()) -> RuleSample:
    """Round 2 on a worker: the sampled cases' features and each studied activity's smallest-hash rows."""
    coded = part.coded
    attributes, table, appearance, _ = _split(part)
    _SPLITS.pop(part, None)  # round 2 is the last to read it
    row_case = _row_cases(appearance, coded)
    local = pd.Index(coded.names).get_indexer(plan.names[plan.branch])
    bounds = np.r_[0, np.cumsum(coded.activity_counts)]
    by_activity, hashes = coded.by_activity, part.row_hashes
    chosen = [_sample(by_activity[bounds[code]:bounds[code + 1]], hashes[by_activity[bounds[code]:bounds[code + 1]]],
                      settings.max_rows) for code in local[local >= 0]]
    chosen = np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.int64)
    to_plan = np.r_[_global_codes(plan.names, coded.names), -1]  # the next activity's code; -1: the case ends
    occurrence_cases = np.flatnonzero(table.index.isin(plan.sample_cases))
    needed = np.union1d(occurrence_cases, row_case[chosen])
    events = attributes.iloc[chosen] if attributes is not None else pd.DataFrame(index=pd.RangeIndex(len(chosen)))
    return RuleSample(
        cases=table.index[needed], case_features=_encoded(table.iloc[needed], plan.case_columns, plan.case_vocabularies),
        activity=to_plan[coded.activity[chosen]], case=np.searchsorted(needed, row_case[chosen]),
        hash=hashes[chosen], position=part.position_in_case[chosen],
        successor=to_plan[coded.following_activity[chosen]],
        event_features=_encoded(events, plan.event_columns, plan.event_vocabularies))


def finish_rules(plan: RulePlan, samples: Sequence[RuleSample], settings: RuleSettings = RuleSettings()) -> pd.DataFrame:
    """Merge round 2 on the client: the trees on the whole log's samples, per activity
    ``rule_branch``, ``rule_occurrence`` and ``rule_basedness`` (the larger), NaN if unknown."""
    cases = np.concatenate([np.asarray(s.cases, dtype=object) for s in samples])
    case_features = np.vstack([s.case_features for s in samples])
    offsets = np.cumsum([0, *(len(s.cases) for s in samples)])[:-1]
    row_case = np.concatenate([s.case + offset for s, offset in zip(samples, offsets)])
    activity = np.concatenate([s.activity for s in samples])
    hashes = np.concatenate([s.hash for s in samples])
    position = np.concatenate([s.position for s in samples])
    successor = np.concatenate([s.successor for s in samples])
    event_features = np.vstack([s.event_features for s in samples])
    text_rank = _sorted_ranks(cases)[row_case]
    # per activity: the smallest (hash, case id, position) first, i.e. a stable argsort of hashes in log order
    order = np.lexsort((position, text_rank, hashes, activity))
    bounds = np.searchsorted(activity[order], np.arange(len(plan.names) + 1))
    occurrence_at = pd.Index(cases).get_indexer(plan.sample_cases)
    occurrence_features = case_features[occurrence_at]
    _, where, end = labels_with(plan.names, "(end)")
    successor_of = np.r_[where, end]  # -1 (the case ends) takes the last slot
    results = []
    for code in range(len(plan.names)):
        branch = occurrence = np.nan
        if plan.branch[code]:
            chosen = order[bounds[code]:bounds[code + 1]][:settings.max_rows]
            chosen = chosen[np.lexsort((position[chosen], text_rank[chosen]))]  # whole-log order: the folds see it
            features = np.hstack([case_features[row_case[chosen]], event_features[chosen]])
            branch = _gain(features, successor_of[successor[chosen]], settings)
        if plan.occurrence[code]:
            occurrence = _gain(occurrence_features, plan.presence[:, code], settings)
        results.append((branch, occurrence))
    return _rule_frame(plan.names, results)
