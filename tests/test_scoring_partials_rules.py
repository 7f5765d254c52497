# SPDX-License-Identifier: AGPL-3.0-or-later
"""Rule-basedness over partitions of whole cases equals the whole log scored as one partition (in one process)."""
from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest

from conftest import dataset
from rpa_finder.eventlog import EventLog
from rpa_finder.ingest import read_log
from rpa_finder.samples import generate_log, write_finnish_csv
from rpa_finder.scoring.partition import partition_log, scoring_partition
from rpa_finder.scoring.sampling import name_hashes
from rpa_finder.scoring.rules import RuleSettings, finish_rules, partial_rules, plan_rules, sample_rules
from rpa_finder.read_options import ReadOptions

RECEIPT, BPIC15 = "receipt_wabo/receipt_WABO_CoSeLoG.xes.gz", "bpic2015/BPIC15_1.xes.gz"
LOGS = [RECEIPT, BPIC15, "invoices", "edge columns"]
PARTITIONS = (2, 3, 5)
DEFAULT = RuleSettings()
#: Small enough that every sample is cut: the merge of the partitions' smallest hashes is what is tested.
TINY = RuleSettings(max_rows=60, min_rows=20, max_activities=6, max_categories=4)


def _edge_columns(log: EventLog) -> EventLog:
    """The invoice log with columns whose fate only the whole log decides (in two partitions).

    Partition 0 and 1 (by case hash, as :func:`partition_log` splits in two) each see a constant
    ``Puoli``/``Merkki``, 20 values of ``Luokka`` (40 in all: an identifier), a ``Vaihtuu`` that
    changes within one case of partition 1 only (an event attribute everywhere), and one pseudonym
    among the ``Henkilö`` values.
    """
    events = log.events.copy()
    ids = events["case_id"].astype(str).to_numpy(dtype=object)
    labels, case = np.unique(ids, return_inverse=True)
    bucket = (name_hashes(labels) % np.uint64(2)).astype(np.int64)[case]
    first_of_one = case == case[np.flatnonzero(bucket == 1)[0]]
    within = events.groupby(case).cumcount().to_numpy()
    events["Puoli"] = bucket.astype(float)
    events["Merkki"] = pd.Series(np.where(bucket == 0, "x", "y"), dtype="str")
    events["Luokka"] = pd.Series([f"{'AB'[b]}{c % 20}" for b, c in zip(bucket, case)], dtype="str")
    events["Vaihtuu"] = pd.Series(np.where(first_of_one & (within >= 2), "c", np.where(bucket == 0, "a", "b")),
                                  dtype="str")
    events["Henkilö"] = pd.Series(np.where(case == 7, "user-0123abcd", np.where(case % 2 == 0, "Tiimi 1", "Tiimi 2")),
                                  dtype="str")
    return EventLog.from_frame(events, cases=log.cases, timezone=log.timezone)


@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    events, _ = generate_log("ostolaskut", cases=1000, seed=5, lifecycle=True)  # start events too
    path = write_finnish_csv(events, tmp_path_factory.mktemp("invoices") / "ostolaskut.csv")
    invoices = read_log(path, ReadOptions()).log  # a flat export: case attributes repeated on every row
    return {RECEIPT: read_log(dataset(RECEIPT)).log, BPIC15: read_log(dataset(BPIC15)).log, "invoices": invoices,
            "edge columns": _edge_columns(invoices)}


def in_process(log: EventLog, settings: RuleSettings) -> pd.DataFrame:
    """The measure as :func:`~rpa_finder.scoring.pipeline.score_candidates` takes it: the whole log, one partition."""
    whole = scoring_partition(log)
    plan = plan_rules([partial_rules(whole, settings)], settings)
    return finish_rules(plan, [sample_rules(whole, plan, settings)], settings)


def from_partitions(log: EventLog, n: int, settings: RuleSettings):
    """Both rounds over ``n`` partitions, each partial through pickle as it would travel to Dask and back."""
    def travel(value):
        return pickle.loads(pickle.dumps(value))

    parts = [scoring_partition(p) for p in partition_log(log, n)]
    assert len(parts) == n
    counts = [travel(partial_rules(p, settings)) for p in parts]
    plan = travel(plan_rules(counts, settings))
    samples = [travel(sample_rules(p, plan, settings)) for p in parts]
    return finish_rules(plan, samples, settings), counts, plan, samples


@pytest.fixture(scope="module")
def references(logs):
    return {(name, settings): in_process(log, settings) for name, log in logs.items() for settings in (DEFAULT, TINY)}


def assert_same(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-12, atol=0.0)


@pytest.mark.parametrize("n", PARTITIONS)
@pytest.mark.parametrize("name", LOGS)
def test_partitions_equal_the_whole_log(logs, references, name, n):
    got, _, plan, _ = from_partitions(logs[name], n, DEFAULT)
    expected = references[name, DEFAULT]
    assert_same(got, expected)
    assert expected["rule_basedness"].notna().sum() >= 5  # real questions were asked, not only NaNs
    assert len(plan.case_columns) >= 3


@pytest.mark.parametrize("name", LOGS)
def test_a_tiny_budget_is_respected_and_still_exact(logs, references, name):
    for n in (2, 5):
        got, counts, plan, samples = from_partitions(logs[name], n, TINY)
        assert_same(got, references[name, TINY])
        assert all(len(c.sample_cases) <= TINY.max_rows and c.presence.shape[0] == len(c.sample_cases) for c in counts)
        assert all(len(column.distinct) <= TINY.max_categories + 1 for c in counts
                   for column in (*c.case_counts, *c.row_counts))
        assert len(plan.sample_cases) == min(TINY.max_rows, logs[name].n_cases)
        assert plan.branch.sum() <= TINY.max_activities
        for sample in samples:
            per_activity = np.bincount(sample.activity, minlength=len(plan.names))
            assert per_activity.max(initial=0) <= TINY.max_rows
            assert set(np.flatnonzero(per_activity)) <= set(np.flatnonzero(plan.branch))
            assert len(sample.cases) <= TINY.max_rows * (1 + TINY.max_activities)
        figures = got.to_numpy()
        assert (np.isnan(figures) | ((figures >= 0) & (figures <= 1))).all()  # a gain in [0, 1], or not measured
        assert np.isfinite(figures).any()


def test_the_whole_log_decides_promotion_identifiers_and_variation(logs, references):
    _, counts, plan, _ = from_partitions(logs["edge columns"], 2, DEFAULT)
    (zero, one), columns = counts, list(counts[0].attribute_columns)
    assert zero.constant[columns.index("Vaihtuu")] and not one.constant[columns.index("Vaihtuu")]
    for part in counts:  # what each partition alone would decide: constant columns, a category of 20
        seen = {c.name: c for c in part.case_counts}
        assert seen["Puoli"].low == seen["Puoli"].high and len(seen["Merkki"].distinct) == 1
        assert len(seen["Luokka"].distinct) == 20
    assert "Vaihtuu" in plan.event_columns and "Vaihtuu" not in plan.case_columns
    assert {"Puoli", "Merkki"} <= set(plan.case_columns)  # constant in each partition, not over the log
    assert not {"Luokka", "Henkilö"} & {*plan.case_columns, *plan.event_columns}  # 40 values; a pseudonym
    vocabulary = plan.case_vocabularies[plan.case_columns.index("Merkki")]
    assert list(vocabulary) == ["x", "y"]


@pytest.mark.parametrize("dtype", ["str", "category", "object"])
def test_first_distinct_values_from_the_head_equal_those_of_the_whole_column(dtype):
    # an identifier column is told from a category by its first max_categories + 1 distinct values;
    # reading them off the head must give exactly what hashing every row gives, in the same order
    from rpa_finder.scoring.rules import _first_distinct

    rng = np.random.default_rng(5)
    for rows, distinct in ((10_000, 20_000), (10_000, 25), (9_000, 5_000), (100, 3), (0, 1)):
        values = pd.Series([f"E{n}" for n in rng.integers(0, distinct, rows)], dtype=dtype)
        values[rng.random(rows) < 0.1] = None
        for limit in (5, 31):
            _, whole = pd.factorize(values)
            assert list(_first_distinct(values, limit, head=64)) == list(whole[:limit])
