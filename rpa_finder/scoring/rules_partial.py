# SPDX-License-Identifier: AGPL-3.0-or-later
"""Rule-basedness (:func:`~rpa_finder.scoring.rules.measure_rule_basedness`) from case partitions.

The trees must see exactly the rows, columns and row order the in-process function gives them, so
the two rounds only gather what decides those:

1. :func:`partial_rules`: per activity name its row counts; per attribute column whether it stays
   constant within each case, its value range (numbers) and up to ``max_categories + 1`` distinct
   values (text: enough to tell an identifier from a category); and the ``max_rows`` cases with the
   smallest case-id hashes with the activities each contains.  The whole log's ``max_rows`` smallest
   are among each partition's ``max_rows`` smallest, so :func:`plan_rules` merges the occurrence
   sample exactly and decides, as the in-process function does, which columns are features, how
   text is ranked, and which activities are studied.
2. :func:`sample_rules`: the encoded case features of the sampled cases, and for each studied
   activity its ``max_rows`` rows with the smallest case hashes, each with its successor and event
   features.  :func:`finish_rules` keeps the whole log's ``max_rows`` smallest per activity (ties:
   earlier rows) and puts them in whole-log order, (case id text, position in case), since the folds
   depend on it.

Exact at any ``max_rows`` (the budget): the sample is the same one the in-process function draws.
Partitions hold whole cases; rows without a case id (which ingest drops) are outside this protocol.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from .instance_codes import labels_with
from .features import rule_attributes
from .partition import ScoringPartition
from .rules import (RuleSettings, _asks_branch, _asks_occurrence, _encode_with, _gain, _is_date, _is_number,
                    _presence, _row_cases, _rule_frame, _sample, _split_attributes, _studied, _text_vocabulary)

__all__ = ["ColumnCounts", "RuleCounts", "RulePlan", "RuleSample", "partial_rules", "plan_rules", "sample_rules",
           "finish_rules"]

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
    #: Case features in the in-process column order, each with its text vocabulary (None: a number).
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
    """The event attribute columns, as :func:`~rpa_finder.scoring.features.build_features` passes them."""
    columns = rule_attributes(part.enriched)
    return part.enriched[columns] if columns else None


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
    _, uniques = pd.factorize(values)
    return ColumnCounts(values.name, TEXT, np.nan, np.nan, pd.Series(uniques[:settings.max_categories + 1]))


def partial_rules(part: ScoringPartition, settings: RuleSettings = RuleSettings()) -> RuleCounts:
    """Round 1 on a worker: counts, column summaries and the partition's occurrence sample."""
    coded = part.coded
    attributes = _attributes(part)
    table, appearance, varying = _split_attributes(part.enriched, part.log.cases, attributes, coded)
    case_columns = tuple(part.log.cases.columns)
    candidates = tuple(c for c in (attributes.columns if attributes is not None else []) if c not in case_columns)
    row_case = _row_cases(appearance, coded)
    hashes = part.case_hashes[appearance]
    sampled = _sample(np.arange(len(appearance)), hashes, settings.max_rows)
    return RuleCounts(
        names=coded.names, rows=coded.activity_counts,
        rows_with_case=np.bincount(coded.activity[coded.case >= 0], minlength=len(coded.names)),
        n_cases=len(appearance), n_rows=len(coded), case_columns=case_columns, attribute_columns=candidates,
        constant=np.array([c not in varying for c in candidates], dtype=bool),
        case_counts=tuple(_column_counts(table[c], settings) for c in table.columns),
        row_counts=tuple(_column_counts(attributes[c], settings) for c in candidates),
        sample_cases=table.index[sampled], sample_hashes=hashes[sampled],
        presence=_presence(sampled, row_case, len(appearance), coded))


def _vocabulary(counts: Sequence[ColumnCounts], n: int, settings: RuleSettings) -> tuple[bool, pd.Index | None]:
    """Is the column a feature of the whole log, and its text vocabulary (None: a number)?

    The in-process ``_encode_column`` and ``_varies`` on the whole column, from the partitions' summaries.
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
    attributes = _attributes(part)
    table, appearance, _ = _split_attributes(part.enriched, part.log.cases, attributes, coded)
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
    """Merge round 2 on the client: the trees on the whole log's samples, the in-process table."""
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
