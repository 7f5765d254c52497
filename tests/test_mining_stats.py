# SPDX-License-Identifier: AGPL-3.0-or-later
"""Mining statistics agree with pm4py on the real logs, merge exactly, and ignore input row order."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd
import pytest

from conftest import MANIFEST_COUNTS, dataset, pm4py_frame
from rpa_finder.eventlog import EventLog
from rpa_finder.mining.activity_stats import compute_activity_stats
from rpa_finder.mining.case_stats import compute_case_stats, count_working_seconds
from rpa_finder.mining.dfg import compute_dfg
from rpa_finder.mining.instances import extract_instances
from rpa_finder.mining.model import MiningSettings
from rpa_finder.mining.partitions import group_values, merge_grouped, partition_cases, stable_order, summarise_grouped
from rpa_finder.mining.variants import compute_variants
from rpa_finder.pm4py_adapter import from_pm4py_frame, pm4py, to_pm4py_frame

#: pm4py's XES parser needs 10-25 s per BPIC15 log on this machine: all but BPIC15_1 are "slow".
ALL_LOGS = [
    pytest.param(name, marks=pytest.mark.slow) if name.startswith("bpic2015/") and not name.endswith("_1.xes.gz") else name
    for name in sorted(MANIFEST_COUNTS)
]


@lru_cache(maxsize=None)
def load_log(relative: str) -> EventLog:
    """The log as pm4py reads it, turned into an EventLog (read once per session)."""
    path = dataset(relative)
    if relative.endswith(".csv.gz"):
        frame = pm4py().format_dataframe(pd.read_csv(path), case_id="case:concept:name",
                                         activity_key="concept:name", timestamp_key="time:timestamp")
    else:
        frame = pm4py_frame(relative)  # parsed once per session (conftest)
    return from_pm4py_frame(frame)


@lru_cache(maxsize=None)
def reference(relative: str) -> pd.DataFrame:
    return to_pm4py_frame(load_log(relative))


@pytest.mark.parametrize("relative", ALL_LOGS)
def test_dfg_and_variants_equal_pm4py(relative: str) -> None:
    log = load_log(relative)
    cases, events, _, _ = MANIFEST_COUNTS[relative]
    assert (log.n_cases, log.n_events) == (cases, events)
    frame = reference(relative)
    dfg_ref, start_ref, end_ref = pm4py().discover_dfg(frame.copy())
    dfg = compute_dfg(log)
    assert dfg.frequency_dict() == {k: int(v) for k, v in dfg_ref.items()}
    assert dfg.start_activities == pm4py().get_start_activities(frame.copy())
    assert dfg.end_activities == pm4py().get_end_activities(frame.copy())
    assert dfg.start_activities == start_ref and dfg.end_activities == end_ref
    assert sum(dfg.activity_frequency.values()) == events
    variants = compute_variants(log)
    ref = pm4py().get_variants(frame.copy())
    assert variants.count == len(ref)
    assert variants.as_dict() == {tuple(k): int(v) for k, v in ref.items()}
    assert variants.table["cases"].is_monotonic_decreasing
    assert variants.table["cases"].sum() == cases
    assert variants.case_variant.size == cases


@pytest.mark.parametrize("relative", [
    "receipt_wabo/receipt_WABO_CoSeLoG.xes.gz",
    "bpic2015/BPIC15_1.xes.gz",
    "other_domains/Sepsis_Cases.xes.gz",
    "road_traffic_fines/roadtraffic100traces.xes",
])
def test_performance_dfg_equals_pm4py(relative: str) -> None:
    log = load_log(relative)
    perf = pm4py().discover_performance_dfg(reference(relative).copy())[0]
    edges = compute_dfg(log).edges.set_index(["source", "target"])
    assert set(edges.index) == set(perf)
    for key in ("mean", "median"):
        expected = np.array([perf[edge][key] for edge in edges.index], dtype=float)
        column = edges[f"{key}_seconds"].to_numpy()
        np.testing.assert_allclose(column, expected, rtol=1e-6, atol=1e-9)
    # p90 is ours alone: it must lie between the median and the maximum pm4py reports.
    maxima = np.array([perf[edge]["max"] for edge in edges.index], dtype=float)
    assert (edges["p90_seconds"].to_numpy() >= edges["median_seconds"].to_numpy() - 1e-9).all()
    assert (edges["p90_seconds"].to_numpy() <= maxima + 1e-9).all()


def test_waiting_time_matches_pm4py_edges() -> None:
    """Without start times, waiting before b is the frequency-weighted mean of the edges into b."""
    relative = "receipt_wabo/receipt_WABO_CoSeLoG.xes.gz"
    log = load_log(relative)
    freq = pm4py().discover_dfg(reference(relative).copy())[0]
    perf = pm4py().discover_performance_dfg(reference(relative).copy())[0]
    stats = compute_activity_stats(log).table.set_index("activity")
    for target in stats.index:
        into = [(freq[e], perf[e]["mean"]) for e in freq if e[1] == target]
        if not into:
            assert np.isnan(stats.loc[target, "waiting_mean_seconds"])
            continue
        weighted = sum(f * m for f, m in into) / sum(f for f, _ in into)
        assert stats.loc[target, "waiting_mean_seconds"] == pytest.approx(weighted, rel=1e-9)
    assert not stats["service_time_known"].any()
    assert stats["service_mean_seconds"].isna().all()


def test_activity_stats_counts_on_real_log() -> None:
    log = load_log("bpic2015/BPIC15_1.xes.gz")
    stats = compute_activity_stats(log).table.set_index("activity")
    events = log.events.assign(activity=log.events["activity"].astype("str"))
    per_case = events.groupby(["activity", "case_id"], observed=True).size()
    assert stats["events"].to_dict() == events["activity"].value_counts().to_dict()
    assert stats["cases"].to_dict() == per_case.groupby(level="activity").size().to_dict()
    rework = (per_case > 1).groupby(level="activity").mean()
    pd.testing.assert_series_equal(stats["rework_case_share"].sort_index(), rework.sort_index(), check_names=False)
    resources = events.groupby("activity")["resource"].nunique()
    assert stats["distinct_resources"].to_dict() == resources.to_dict()
    assert stats["events"].is_monotonic_decreasing
    assert len(stats) == MANIFEST_COUNTS["bpic2015/BPIC15_1.xes.gz"][2]


def _shuffled(log: EventLog, seed: int) -> EventLog:
    """The same events in another row order (source_row kept, as a reader would record it)."""
    frame = log.events.sample(frac=1.0, random_state=seed)
    for column in ("case_id", "activity", "resource", "lifecycle"):
        frame[column] = frame[column].astype("object")
    return EventLog.from_frame(frame)


def _all_stats(log: EventLog, partitions: int = 1) -> dict[str, pd.DataFrame]:
    variants = compute_variants(log, partitions=partitions)
    dfg = compute_dfg(log, partitions=partitions)
    return {
        "edges": dfg.edges,
        "counts": pd.DataFrame([dfg.activity_frequency, dfg.start_activities, dfg.end_activities]),
        "variants": variants.table,
        "case_variant": variants.case_variant.to_frame(),
        "activities": compute_activity_stats(log, partitions=partitions).table,
        "cases": compute_case_stats(log, partitions=partitions),
    }


def _assert_same(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name], check_exact=False, rtol=1e-12, obj=name)


def test_row_order_does_not_matter() -> None:
    log = load_log("receipt_wabo/receipt_WABO_CoSeLoG.xes.gz")
    _assert_same(_all_stats(log), _all_stats(_shuffled(log, seed=7)))


@pytest.mark.parametrize("partitions", [2, 7])
def test_partitions_merge_to_the_whole(partitions: int) -> None:
    log = load_log("bpic2015/BPIC15_1.xes.gz")
    parts = partition_cases(log.events, partitions)
    assert sum(len(p) for p in parts) == log.n_events
    case_sets = [set(p["case_id"].astype(str).unique()) for p in parts]
    assert sum(len(s) for s in case_sets) == log.n_cases  # no case split across partitions
    assert sum(1 for s in case_sets if s) >= 2
    _assert_same(_all_stats(log, 1), _all_stats(log, partitions))


def _frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["case_id", "activity", "lifecycle", "timestamp"])
    frame["timestamp"] = pd.to_datetime(frame["timestamp"]).dt.tz_localize("Europe/Helsinki")
    return frame


def test_working_time_skips_weekend_and_independence_day() -> None:
    log = EventLog.from_frame(_frame([
        # Thu 5.12.2024 14:00 -> Mon 9.12. 10:00: Thu 2 h, Fri 6.12. holiday, weekend, Mon 2 h.
        ("a", "x", "complete", "2024-12-05 14:00"), ("a", "y", "complete", "2024-12-09 10:00"),
        # Fri 29.11. 15:00 -> Tue 3.12. 09:30: Fri 1 h, Mon 8 h, Tue 1.5 h.
        ("b", "x", "complete", "2024-11-29 15:00"), ("b", "y", "complete", "2024-12-03 09:30"),
        # Saturday to Sunday: no working time at all.
        ("c", "x", "complete", "2024-12-07 09:00"), ("c", "y", "complete", "2024-12-08 12:00"),
    ]))
    stats = compute_case_stats(log)
    assert stats["working_seconds"].to_dict() == {"a": 4 * 3600.0, "b": 10.5 * 3600, "c": 0.0}
    assert stats.loc["a", "throughput_seconds"] == (3 * 24 + 20) * 3600.0
    mornings = compute_case_stats(log, MiningSettings(office_start_hour=8, office_end_hour=12))
    assert mornings.loc["a", "working_seconds"] == 2 * 3600.0  # Thu 14:00 is after closing; Mon 8-10


def test_working_time_across_dst_and_years() -> None:
    start = pd.Series(pd.to_datetime(["2023-12-29 12:00", "2025-03-28 15:00"]).tz_localize("Europe/Helsinki"))
    end = pd.Series(pd.to_datetime(["2024-01-02 09:00", "2025-03-31 09:00"]).tz_localize("Europe/Helsinki"))
    # Fri 29.12. 4 h + Tue 2.1. 1 h (1.1. holiday); Fri 28.3. 1 h + Mon 31.3. 1 h (DST switch on Sunday).
    assert count_working_seconds(start, end).tolist() == [5 * 3600.0, 2 * 3600.0]


def test_start_complete_pairs_become_instances() -> None:
    frame = _frame([
        ("a", "x", "start", "2026-01-05 08:00"), ("a", "x", "complete", "2026-01-05 08:20"),
        ("a", "y", "complete", "2026-01-05 08:30"),  # no start: instance without service time
        ("a", "x", "start", "2026-01-05 09:00"), ("a", "x", "start", "2026-01-05 09:05"),
        ("a", "x", "complete", "2026-01-05 09:30"),  # FIFO: takes the 09:00 start
        ("a", "x", "schedule", "2026-01-05 09:40"),  # ignored
        ("b", "y", "start", "2026-01-05 10:00"), ("b", "y", "complete", "2026-01-05 10:10"),
    ])
    log = EventLog.from_frame(frame)
    instances = extract_instances(log.events)
    table = instances.table
    assert table["activity"].astype(str).tolist() == ["x", "y", "x", "y"]
    starts = table["start_timestamp"].dt.tz_convert("Europe/Helsinki").dt.strftime("%H:%M").tolist()
    assert starts[0] == "08:00" and pd.isna(table["start_timestamp"][1]) and starts[2] == "09:00"
    assert instances.unmatched_starts["timestamp"].dt.tz_convert("Europe/Helsinki").dt.strftime("%H:%M").tolist() == ["09:05"]
    dfg = compute_dfg(log)
    assert dfg.frequency_dict() == {("x", "y"): 1, ("y", "x"): 1}  # no x -> x loops from start events
    assert dfg.frequency_dict() == pm4py().discover_dfg(to_pm4py_frame(log, complete_only=True))[0]
    stats = compute_activity_stats(log).table.set_index("activity")
    assert stats.loc["x", "service_mean_seconds"] == 25 * 60.0  # (20 min + 30 min) / 2
    assert stats.loc["y", "service_mean_seconds"] == 10 * 60.0  # only b's y has a start
    assert stats.loc["x", "waiting_mean_seconds"] == 30 * 60.0  # y done 08:30, x started 09:00
    assert bool(stats.loc["x", "service_time_known"])


def test_start_timestamp_column_wins() -> None:
    frame = _frame([("a", "x", "start", "2026-01-05 08:00"), ("a", "x", "complete", "2026-01-05 08:20")])
    frame["start_timestamp"] = pd.to_datetime(["NaT", "2026-01-05 08:15"]).tz_localize("Europe/Helsinki")
    table = extract_instances(EventLog.from_frame(frame).events).table
    assert table["start_timestamp"].iloc[0] == pd.Timestamp("2026-01-05 08:15", tz="Europe/Helsinki")


def test_empty_log_gives_empty_results() -> None:
    frame = pd.DataFrame({"case_id": pd.Series([], dtype="str"), "activity": pd.Series([], dtype="str"),
                          "timestamp": pd.to_datetime(pd.Series([], dtype="str"), utc=True)})
    log = EventLog.from_frame(frame)
    assert compute_dfg(log).edges.empty and compute_dfg(log).start_activities == {}
    assert compute_variants(log).count == 0
    assert compute_activity_stats(log).table.empty
    assert compute_case_stats(log).empty


def test_grouped_summaries_equal_pandas_groupby_bit_for_bit() -> None:
    """Mean (Kahan, row order), median and linear p90 per group, also pooled from partials."""
    rng = np.random.default_rng(3)
    keys = rng.integers(-1, 40, 20_000)
    values = np.round(rng.random(20_000) * 10.0 ** rng.integers(0, 7, 20_000), 3)
    values[rng.random(20_000) < 0.1] = np.nan
    keys[keys == 38] = 37  # a group with no values
    keys[:3], values[:3] = 39, [1.0, 2.0, 4.0]
    keys[keys == 39] = 36
    keys[:3] = 39  # a group of three

    def label(codes: np.ndarray) -> pd.Index:
        return pd.Index([f"g{c:02d}" for c in codes], dtype="str")

    frame = pd.DataFrame({"key": keys, "value": values})
    frame = frame[(frame["key"] >= 0) & frame["value"].notna()]
    by_key = frame.groupby(frame["key"].map(lambda c: f"g{c:02d}"))["value"]
    expected = pd.DataFrame({"x_mean_seconds": by_key.mean(), "x_median_seconds": by_key.median(),
                             "x_p90_seconds": by_key.quantile(0.9)})
    whole = summarise_grouped(group_values(keys, values, 40, label), "x").sort_index()
    pd.testing.assert_frame_equal(whole, expected, check_exact=True, check_names=False)

    parts = [group_values(keys[i::3], values[i::3], 40, label) for i in range(3)]
    merged = summarise_grouped(merge_grouped(parts), "x").sort_index()
    pooled = pd.concat([frame[frame.index % 3 == i] for i in range(3)])  # the partials' rows, in turn
    assert merged["x_mean_seconds"].tolist() == pooled.groupby("key")["value"].mean().tolist()
    quantiles = ["x_median_seconds", "x_p90_seconds"]
    pd.testing.assert_frame_equal(merged[quantiles], expected[quantiles], check_exact=True, check_names=False)


def test_long_and_short_cases_group_into_variants_exactly() -> None:
    """Short sequences are compared as one integer each, long ones (here 40 steps) row by row."""
    rng = np.random.default_rng(5)
    traces = {f"c{i:03d}": [f"a{x:02d}" for x in rng.integers(0, 12, 40 if i % 3 else 6)] for i in range(60)}
    traces.update({f"d{i}": traces["c001"] for i in range(4)} | {f"e{i}": traces["c000"] for i in range(3)})
    rows = [(case, activity) for case, trace in traces.items() for activity in trace]
    t = pd.Timestamp("2026-01-05", tz="UTC") + pd.to_timedelta(np.arange(len(rows)), unit="min")
    log = EventLog.from_frame(pd.DataFrame({"case_id": [c for c, _ in rows], "activity": [a for _, a in rows],
                                            "timestamp": t}))
    expected: dict[tuple[str, ...], int] = {}
    for trace in traces.values():
        expected[tuple(trace)] = expected.get(tuple(trace), 0) + 1
    variants = compute_variants(log)
    assert variants.as_dict() == expected
    assert variants.table["length"].tolist() == [len(k) for k in variants.as_dict()]
    assert compute_variants(log, partitions=3).as_dict() == expected


@pytest.mark.parametrize("low, high", [(0, 200), (-1, 300), (0, 70_000), (-1, 200_000), (-3, 2**33)])
def test_stable_order_is_a_stable_argsort_at_every_width(low, high) -> None:
    """The one stable_order, for scoring's codes (-1: none, range measured) and mining's (< size):
    radix passes where numpy has them, the same order as numpy's stable argsort."""
    keys = np.random.default_rng(high).integers(low, high, 50_000)
    expected = np.argsort(keys, kind="stable")
    np.testing.assert_array_equal(stable_order(keys), expected)
    if low == 0:
        np.testing.assert_array_equal(stable_order(keys, high), expected)
    assert stable_order(keys[:0]).tolist() == []
