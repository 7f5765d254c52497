# SPDX-License-Identifier: AGPL-3.0-or-later
"""Scoring from partials over case partitions equals scoring the whole log in one process.

The candidates a process developer reads (ranks, scores, savings, flags, reasons) must not depend on
whether the log was scored in one process, partition by partition, or on a Dask cluster.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import shared_log
from rpa_finder.ingest import read_log
from rpa_finder.ingest.chunked import load_partition, spill_partitions
from rpa_finder.mining.instances import extract_instances
from rpa_finder.eventlog import EventLog
from rpa_finder.samples import generate_log, write_finnish_csv
from rpa_finder.scoring.feature_counts import base_inputs, merge_base, partial_base
from rpa_finder.scoring.partition import partition_log, scoring_partition
from rpa_finder.scoring.pipeline import (ScoredCandidates, ScoringSettings, count_partition, plan_scoring,
                                         sample_partition, score_candidates, score_partitions)

REAL_LOGS = ["receipt_wabo/receipt_WABO_CoSeLoG.xes.gz", "bpic2015/BPIC15_1.xes.gz",
             "other_domains/Sepsis_Cases.xes.gz"]


@pytest.fixture(autouse=True)
def stable_key(monkeypatch):
    """One pseudonymisation key, so every read names people alike."""
    monkeypatch.setenv("RPA_FINDER_KEY", "test-distributed-key")


def _sample_csv(tmp_path_factory, process: str, *, lifecycle: bool = False, drop: tuple[str, ...] = ()):
    events, _ = generate_log(process, cases=700, seed=5, lifecycle=lifecycle)
    return write_finnish_csv(events.drop(columns=list(drop)), tmp_path_factory.mktemp("csv") / f"{process}.csv")


@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    found = {name: shared_log(name) for name in REAL_LOGS}  # read once per session (conftest)
    found["invoices"] = read_log(_sample_csv(tmp_path_factory, "ostolaskut")).log
    found["daycare_lifecycle"] = read_log(_sample_csv(tmp_path_factory, "varhaiskasvatus", lifecycle=True)).log
    found["no_resources"] = read_log(_sample_csv(tmp_path_factory, "ostolaskut", drop=("Käsittelijä",))).log
    return found


@pytest.fixture(scope="module")
def in_process(logs):
    return {name: score_candidates(log, extract_instances(log.events).table) for name, log in logs.items()}


def assert_same_scoring(got: ScoredCandidates, expected: ScoredCandidates) -> None:
    """Everything a report shows: features, routines, the candidate table, the fitted scale."""
    close = dict(check_exact=False, rtol=1e-12, atol=0.0)
    pd.testing.assert_frame_equal(got.features, expected.features, **close)
    pd.testing.assert_frame_equal(got.routines.reset_index(drop=True), expected.routines.reset_index(drop=True), **close)
    pd.testing.assert_frame_equal(got.candidates, expected.candidates, **close)
    assert got.handling_histograms == expected.handling_histograms
    assert got.sampling == expected.sampling
    pd.testing.assert_frame_equal(got.accounts, expected.accounts)
    assert got.scorer.ranges_.keys() == expected.scorer.ranges_.keys()
    for name, bounds in expected.scorer.ranges_.items():
        assert got.scorer.ranges_[name] == pytest.approx(bounds, rel=1e-12), name
    assert got.top5_stability == expected.top5_stability or (np.isnan(got.top5_stability) and np.isnan(expected.top5_stability))


@pytest.mark.parametrize("partitions", [1, 3])
@pytest.mark.parametrize("name", [*REAL_LOGS, "invoices", "daycare_lifecycle", "no_resources"])
def test_partitioned_scoring_equals_one_process(logs, in_process, name, partitions):
    log = logs[name]
    parts = partition_log(log, partitions)
    assert len(parts) == partitions and sum(p.n_events for p in parts) == log.n_events
    got = score_partitions(parts)
    assert_same_scoring(got, in_process[name])
    assert len(got.candidates) > 5  # real candidate tables, not empty ones


def test_real_logs_give_real_candidates(in_process):
    """The comparison above is not between two empty tables: the logs exercise every criterion."""
    assert in_process["daycare_lifecycle"].features["handling_measured"].any()  # start/complete pairs
    receipt = in_process["receipt_wabo/receipt_WABO_CoSeLoG.xes.gz"].features
    assert receipt["handling_minutes"].notna().any() and not receipt["handling_measured"].any()  # estimated
    invoices = in_process["invoices"]
    assert invoices.features["rule_basedness"].notna().any() and invoices.features["automation_rate"].gt(0).any()
    bpic = in_process["bpic2015/BPIC15_1.xes.gz"]
    assert bpic.features.index.size == 398 and len(bpic.routines) >= 10
    assert len(in_process["receipt_wabo/receipt_WABO_CoSeLoG.xes.gz"].routines) >= 2


@pytest.mark.parametrize("name", ["receipt_wabo/receipt_WABO_CoSeLoG.xes.gz", "daycare_lifecycle"])
def test_handling_histograms_are_the_report_s(logs, in_process, name):
    """The histograms scoring keeps are those the report drew from the instances (measured or estimated)."""
    from dataclasses import replace
    from types import SimpleNamespace

    from rpa_finder.config import AnalysisConfig
    from rpa_finder.output.results import _histograms

    log, scored = logs[name], in_process[name]
    instances = SimpleNamespace(table=extract_instances(log.events).table)
    config = AnalysisConfig()
    config = replace(config, read=replace(config.read, timezone=log.timezone))
    redrawn = _histograms(SimpleNamespace(scored=replace(scored, handling_histograms=None),
                                          mined=SimpleNamespace(instances=instances), config=config))
    assert scored.handling_histograms == redrawn and len(redrawn) >= 5


def test_the_plan_travels_small(logs):
    """Round 1 and the plan do not grow with the events: they are what a client receives and broadcasts."""
    import pickle

    log = logs["bpic2015/BPIC15_1.xes.gz"]
    parts = [scoring_partition(p) for p in partition_log(log, 4)]
    counts = [count_partition(p) for p in parts]
    merged, plan = plan_scoring(counts)
    events_bytes = int(log.events.memory_usage(deep=True).sum())
    assert len(pickle.dumps(plan)) < events_bytes / 4
    samples = [sample_partition(p, plan) for p in parts]
    assert merged.n_events == log.n_events and len(samples) == 4


# --- on a local Dask cluster ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["receipt_wabo/receipt_WABO_CoSeLoG.xes.gz", "bpic2015/BPIC15_1.xes.gz", "invoices"])
def test_dask_scoring_equals_in_process(logs, in_process, dask_client, name):
    from rpa_finder.engine.dask_engine import score_log_dask

    assert_same_scoring(score_log_dask(logs[name], dask_client, partitions=4), in_process[name])


def test_dask_workers_score_spilled_partitions(tmp_path, tmp_path_factory, dask_client):
    from rpa_finder.engine.dask_engine import score_spilled_dask

    path = _sample_csv(tmp_path_factory, "ostolaskut")
    spilled = spill_partitions(path, n_partitions=3, block_bytes=1 << 15, workdir=tmp_path)
    try:
        got = score_spilled_dask(spilled, dask_client)
        expected = score_partitions([load_partition(spilled, i).log for i in range(3)])
    finally:
        spilled.cleanup()
    assert_same_scoring(got, expected)
    # the counts equal read_log's; the rules may not, since spilled CSV attribute columns stay text
    whole = read_log(path).log
    reference = score_candidates(whole, extract_instances(whole.events).table).features
    pd.testing.assert_frame_equal(got.features[["events", "cases", "handling_minutes", "standardisation"]],
                                  reference[["events", "cases", "handling_minutes", "standardisation"]])


def test_over_budget_the_sample_does_not_depend_on_the_partitioning(logs):
    """Above the budgets a criterion reads a sample; the same sample on any partitioning, so the same ranking."""
    from dataclasses import replace

    from rpa_finder.scoring.features import FeatureSettings
    from rpa_finder.scoring.handling import HandlingSettings
    from rpa_finder.scoring.routines import RoutineSettings
    from rpa_finder.scoring.rules import RuleSettings
    from rpa_finder.scoring.timing import TimingSettings

    tight = ScoringSettings(
        features=replace(FeatureSettings(), handling=HandlingSettings(max_sampled_rows=3000, max_sampled_durations=40),
                         timing=TimingSettings(max_sampled_delays=30), rules=RuleSettings(max_rows=80)),
        routines=RoutineSettings(max_sampled_spans=15))
    log = logs["bpic2015/BPIC15_1.xes.gz"]
    one, three = (score_partitions(partition_log(log, n), tight) for n in (1, 3))
    assert_same_scoring(three, one)
    exact = score_partitions(partition_log(log, 3))
    # counts stay exact; handling comes from fewer gaps than the whole log has
    pd.testing.assert_series_equal(one.features["events"], exact.features["events"])
    assert (one.features["handling_samples"] <= exact.features["handling_samples"]).all()
    assert one.features["handling_samples"].sum() < exact.features["handling_samples"].sum()
    assert one.candidates["score"].between(0, 1).all() and one.candidates["verdict"].notna().all()
    # and the result says which figures rest on a sample
    assert exact.sampling == {}
    assert 0 < one.sampling["handling_resources"]["sampled"] < one.sampling["handling_resources"]["of"]
    assert one.sampling["timer_delays"]["activities"] and one.sampling["routine_spans"]["routines"]


def test_empty_partitions_score_like_the_whole_file(tmp_path):
    """More partitions than cases: the empty ones add nothing and break nothing."""
    frame = pd.DataFrame({"Asianumero": ["A1", "A1", "B2"], "Toimenpide": ["Tarkista", "Hyväksy", "Tarkista"],
                          "Aikaleima": ["01.02.2025 10:00", "01.02.2025 11:00", "02.02.2025 09:00"]})
    path = tmp_path / "tiny.csv"
    frame.to_csv(path, sep=";", index=False)
    spilled = spill_partitions(path, n_partitions=6, workdir=tmp_path)
    try:
        logs = [load_partition(spilled, i).log for i in range(6)]
    finally:
        spilled.cleanup()
    assert sum(log.n_events == 0 for log in logs) >= 3
    whole = read_log(path).log
    assert_same_scoring(score_partitions(logs), score_candidates(whole, extract_instances(whole.events).table))


def test_an_empty_log_spans_no_time():
    """The time span behind the yearly rates: 0 s for an empty log, as for a log of one instant (the
    rates then take their one-month floor), never NaN; an empty partition leaves the whole log's alone."""
    def span(*frames: pd.DataFrame) -> float:
        merged = merge_base([partial_base(scoring_partition(EventLog.from_frame(f))) for f in frames])
        return base_inputs(merged, handling=(pd.DataFrame(), {}), rules=pd.DataFrame(),
                           timing=pd.DataFrame()).span_seconds

    times = pd.to_datetime(["2025-02-03 10:00", "2025-02-03 11:00"], utc=True)
    two = pd.DataFrame({"case_id": ["a", "a"], "activity": ["x", "y"], "timestamp": times, "resource": ["p", "p"]})
    empty = two.iloc[:0]
    assert span(empty) == 0.0
    assert span(two.iloc[:1]) == 0.0
    assert span(two) == 3600.0 and span(empty, two) == 3600.0
