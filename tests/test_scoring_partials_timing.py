# SPDX-License-Identifier: AGPL-3.0-or-later
"""Handling, timing and routines over partitions of whole cases equal the whole log as one partition.

Each criterion runs as partial -> plan -> sample -> finish over 2, 3 and 5 partitions of whole cases
and must give the frame the whole log gives as one partition (what ``score_candidates`` computes in one
process).  Below the sample budgets that is exact; with tiny budgets the samples stay within them,
every partitioning picks the same sample, and the figures stay sane.
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from conftest import SAMPLE_LOGS, dataset
from rpa_finder.eventlog import EventLog
from rpa_finder.ingest import read_log
from rpa_finder.samples import generate_log, write_finnish_csv
from rpa_finder.scoring import handling, routines, timing
from rpa_finder.scoring.handling import HandlingSettings
from rpa_finder.scoring.partition import partition_log, scoring_partition
from rpa_finder.scoring.sampling import NO_BUDGET
from rpa_finder.scoring.routines import RoutineSettings
from rpa_finder.scoring.timing import TimingSettings

PARTITIONS = (2, 3, 5)
LOGS = ("receipt", "bpic15_1", "invoices", "invoices_with_starts", "mixed")


def _mixed_log() -> EventLog:
    """What the real logs lack, on 150 cases: start times for some activities only (measured and estimated
    handling side by side), times on whole minutes and a batch step (one resource, one time, many cases),
    missing times and resources, a back-to-back chain, a timer, and case ids whose text order is not
    their creation order."""
    rng = np.random.default_rng(11)
    n = 150
    ids = np.array([f"k{v}" for v in rng.choice(10**5, n, replace=False)], dtype=object)
    day = pd.Timestamp("2025-03-03 08:00", tz="Europe/Helsinki") + pd.to_timedelta(rng.integers(0, 20, n), unit="D")
    begin = day + pd.to_timedelta(rng.integers(0, 8 * 60, n), unit="min")
    clerk = rng.choice(["anna", "bo", "cai"], n)
    minutes = lambda low, high: pd.to_timedelta(rng.integers(low, high, n), unit="min")  # noqa: E731
    steps = {  # activity -> (completion, resource)
        "Receive": (begin, clerk),
        "Check": (begin + minutes(1, 4), clerk),
        "Record": (begin + minutes(4, 8), clerk),
        "Decide": (begin + minutes(30, 400), rng.choice(["anna", "bo", "cai", "dee", None], n)),
        "Remind": (begin + pd.Timedelta(days=7) + minutes(0, 30), np.full(n, "robot", dtype=object)),
        "Archive": (day.normalize() + pd.Timedelta(days=9, hours=16) + minutes(0, 2) * 30,  # 16:00 or 16:30
                    np.full(n, "batch", dtype=object)),
    }
    frames = [pd.DataFrame({"case_id": ids, "activity": name, "timestamp": times, "resource": who})
              for name, (times, who) in steps.items()]
    events = pd.concat(frames, ignore_index=True)
    # the batch closes some cases instead: which step of a tie gets the gap from 16:00 to 16:30 is row order's call
    events.loc[(events["activity"] == "Archive") & (rng.random(len(events)) < 0.5), "activity"] = "Close"
    events.loc[rng.random(len(events)) < 0.03, "timestamp"] = pd.NaT
    start = pd.Series(pd.NaT, index=events.index, dtype=events["timestamp"].dtype)
    receive = events["activity"] == "Receive"
    took = pd.to_timedelta(rng.integers(60, 300, int(receive.sum())), unit="s")
    start[receive] = events.loc[receive, "timestamp"] - took
    few = np.flatnonzero(events["activity"] == "Decide")[:3]  # durations, but too few to win over the estimate
    start.iloc[few] = events["timestamp"].iloc[few] - pd.Timedelta(minutes=5)
    events["start_timestamp"] = start
    return EventLog.from_frame(events)


@pytest.fixture(scope="module")
def logs(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RPA_FINDER_KEY", "test-partials-key")
        events, _ = generate_log("ostolaskut", cases=300, seed=5, lifecycle=True)
        with_starts = write_finnish_csv(events, tmp_path_factory.mktemp("starts") / "ostolaskut_starts.csv")
        return {"receipt": read_log(dataset("receipt_wabo/receipt_WABO_CoSeLoG.xes.gz")).log,
                "bpic15_1": read_log(dataset("bpic2015/BPIC15_1.xes.gz")).log,
                "invoices": read_log(SAMPLE_LOGS / "ostolaskut.csv").log,
                "invoices_with_starts": read_log(with_starts).log,
                "mixed": _mixed_log()}


@pytest.fixture(scope="module")
def partitions(logs):
    """Per log: the whole log's scoring view, and each partitioning's."""
    return {name: (scoring_partition(log), {n: [scoring_partition(part) for part in partition_log(log, n)]
                                            for n in PARTITIONS})
            for name, log in logs.items()}


def _in_process(whole, criterion: str, settings):
    """The criterion on the whole log as one partition and without budgets, as score_candidates computes it."""
    unbounded = {f.name: NO_BUDGET for f in dataclasses.fields(settings) if f.name.startswith("max_sampled")}
    return _rounds(criterion, [whole], dataclasses.replace(settings, **unbounded))[2]


MODULES = {"handling": handling, "timing": timing, "routines": routines}
SETTINGS = {"handling": HandlingSettings(), "timing": TimingSettings(), "routines": RoutineSettings()}


def _rounds(criterion: str, parts, settings):
    """Both rounds over ``parts``: the plan, the samples and the finished frame."""
    module = MODULES[criterion]
    partial, plan_of, sample = (getattr(module, f"{step}_{criterion}") for step in ("partial", "plan", "sample"))
    plan = plan_of([partial(part, settings) for part in parts], settings)
    samples = [sample(part, plan, settings) for part in parts]
    if criterion == "handling":  # the frame and its histograms
        return plan, samples, handling.finish_handling_summary(plan, samples, settings)[0]
    return plan, samples, getattr(module, f"finish_{criterion}")(plan, samples, settings)


def assert_same_frame(got: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Floats to 1e-12 relative; counts, strings, bools and the index exactly."""
    pd.testing.assert_frame_equal(got, expected, check_exact=False, rtol=1e-12, atol=0.0)
    exact = [c for c in expected.columns if expected[c].dtype.kind not in "fc"]
    pd.testing.assert_frame_equal(got[exact], expected[exact], check_exact=True)


@pytest.mark.parametrize("criterion", list(MODULES))
@pytest.mark.parametrize("name", LOGS)
def test_partials_equal_the_in_process_function(partitions, name, criterion):
    whole, by_count = partitions[name]
    expected = _in_process(whole, criterion, SETTINGS[criterion])
    for n in PARTITIONS:
        _, _, got = _rounds(criterion, by_count[n], SETTINGS[criterion])
        assert_same_frame(got, expected)


def test_the_logs_exercise_what_they_are_here_for(partitions):
    receipt = _in_process(partitions["receipt"][0], "routines", SETTINGS["routines"])
    assert len(receipt) >= 3 and receipt["support"].min() >= 10  # routines with spans to sample
    bpic = _in_process(partitions["bpic15_1"][0], "handling", SETTINGS["handling"])
    # BPIC15 is recorded in bursts: most activities' gaps are seconds and get no estimate (unknown)
    assert len(bpic) == 398 and bpic["handling_minutes"].notna().sum() > 20
    assert (bpic["handling_minutes"].isna() & (bpic["handling_samples"] >= 5)).sum() > 50
    starts = _in_process(partitions["invoices_with_starts"][0], "handling", SETTINGS["handling"])
    assert starts["handling_measured"].all()
    mixed = _in_process(partitions["mixed"][0], "handling", SETTINGS["handling"])
    assert mixed["handling_measured"].tolist() == [name == "Receive" for name in mixed.index]
    assert mixed.loc[["Check", "Record"], "handling_minutes"].notna().all()  # estimated, beside a measured step
    timing = _in_process(partitions["mixed"][0], "timing", SETTINGS["timing"])
    assert bool(timing.loc["Remind", "timer_rule"]) and timing.loc["Remind", "timer_after"] == "Decide"
    assert not partitions["mixed"][0].coded.all_timed
    routines = _in_process(partitions["mixed"][0], "routines", SETTINGS["routines"])
    assert routines["steps"].tolist() == [("Receive", "Check", "Record")]


def _same_across_partitionings(criterion: str, partitioned, settings) -> list:
    """Both rounds for every partitioning; the finished frames must not depend on it."""
    runs = [_rounds(criterion, partitioned[n], settings) for n in PARTITIONS]
    for _, _, got in runs[1:]:
        assert_same_frame(got, runs[0][2])
    return runs


def test_tiny_budgets_bound_the_handling_samples(partitions):
    settings = HandlingSettings(max_sampled_rows=6_000, max_sampled_durations=40)
    whole, by_count = partitions["bpic15_1"]
    for plan, samples, got in _same_across_partitionings("handling", by_count, settings):
        assert 0 < sum(len(s) for s in samples) <= settings.max_sampled_rows and not plan.all_resources
        assert all(len(s) <= settings.max_sampled_rows for s in samples)
        sampled = pd.Index(whole.coded.resources).get_indexer(plan.resources)
        assert np.isin(whole.coded.resource, sampled).sum() == sum(len(s) for s in samples)  # whole resources
        known, variability = got["handling_minutes"].dropna(), got["handling_variability"].dropna()
        assert len(known) > 5 and (known >= 0.5).all() and (known <= settings.max_gap_minutes).all()
        assert (got["handling_p90_minutes"].dropna() >= known - 0.01).all()
        assert np.isfinite(variability).all() and (variability >= 0).all()
    whole, by_count = partitions["invoices_with_starts"]
    expected = _in_process(whole, "handling", settings)  # every resource fits: only the durations are sampled
    for plan, samples, got in _same_across_partitionings("handling", by_count, settings):
        assert plan.all_resources and plan.use_measured.all()
        budget = settings.max_sampled_durations
        assert all(np.bincount(s.measured.groups, minlength=len(plan.activities)).max() <= budget for s in samples)
        assert (got["handling_samples"] == np.minimum(expected["handling_samples"], budget)).all()
        off = (got["handling_minutes"] - expected["handling_minutes"]).abs()
        assert (off <= 0.25 * expected["handling_minutes"] + 0.05).all()  # a sample's median, near the whole log's


def test_tiny_budget_bounds_the_timing_delays(partitions):
    settings = TimingSettings(max_sampled_delays=7)
    whole, by_count = partitions["bpic15_1"]
    expected = _in_process(whole, "timing", settings)
    for plan, samples, got in _same_across_partitionings("timing", by_count, settings):
        for sample in samples:
            per_activity = np.bincount(sample.delays.groups, minlength=len(plan.activities))
            assert per_activity.max() <= settings.max_sampled_delays
        # the predecessor and the clock share come from exact counts; the median and share from the sample
        pd.testing.assert_series_equal(got["timer_after"], expected["timer_after"])
        pd.testing.assert_series_equal(got["clock_share"], expected["clock_share"])
        seen = got["timer_after"].notna()
        assert got.loc[seen, "timer_days"].between(0, 10_000).all()
        assert got.loc[seen, "timer_share"].between(0, 1).all()
        assert got["timing_regularity"].dropna().between(0, 1).all()


def test_tiny_budget_bounds_the_routine_spans(partitions):
    settings = RoutineSettings(max_sampled_spans=5)
    whole, by_count = partitions["receipt"]
    expected = _in_process(whole, "routines", settings)
    for plan, samples, got in _same_across_partitionings("routines", by_count, settings):
        for sample in samples:
            assert np.bincount(sample.spans.groups, minlength=len(plan.chains)).max() <= settings.max_sampled_spans
        exact = ["steps", "length", "support", "link_share"]  # edges, chains and supports are counts
        pd.testing.assert_frame_equal(got[exact], expected[exact])
        spans = got["span_minutes"]
        assert np.isfinite(spans).all() and (spans >= 0).all()
        assert (spans <= settings.max_gap_minutes * (got["length"] - 1)).all()  # every step linked within the gap


def test_directly_follows_is_counted_within_cases():
    """A -> B runs linked in 12 cases; 12 more cases end with A just before a case that starts with B.
    Those boundaries are no "B follows A": counting them made the edge look linked half the time only."""
    rows = []
    for j in range(12):
        day = pd.Timestamp("2025-05-05 09:00", tz="UTC") + pd.Timedelta(days=j)
        hour = pd.Timedelta(hours=1)
        rows += [(f"a{j:02d}", "A", day, "r"), (f"a{j:02d}", "B", day + pd.Timedelta(minutes=2), "r"),
                 (f"d{j:02d}a", "C", day, "s"), (f"d{j:02d}a", "A", day + hour, "s"),  # ends with A ...
                 (f"d{j:02d}b", "B", day + 2 * hour, "t"), (f"d{j:02d}b", "D", day + 3 * hour, "t")]  # ... B starts
    log = EventLog.from_frame(pd.DataFrame(rows, columns=["case_id", "activity", "timestamp", "resource"]))
    whole = scoring_partition(log)
    routines = _in_process(whole, "routines", RoutineSettings())
    assert routines["steps"].tolist() == [("A", "B")] and routines["support"].tolist() == [12]
    assert routines["link_share"].tolist() == [1.0]
    for n in PARTITIONS:
        parts = [scoring_partition(part) for part in partition_log(log, n)]
        assert_same_frame(_rounds("routines", parts, RoutineSettings())[2], routines)
