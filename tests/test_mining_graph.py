# SPDX-License-Identifier: AGPL-3.0-or-later
"""Graph analytics on real logs: rework, cycles, bottlenecks, centrality, handovers and batches."""
from __future__ import annotations

import math
from collections import Counter, defaultdict

import numpy as np
import pandas as pd
import pytest

from rpa_finder.errors import UsageError
from rpa_finder.eventlog import EventLog
from rpa_finder.mining.batches import detect_batches
from rpa_finder.mining.graph import (CycleSearch, build_digraph, compute_centrality, find_cycles,
                                     rank_bottlenecks)
from rpa_finder.mining.handover import OTHER, build_handover_network
from rpa_finder.mining.model import DFG_COLUMNS, DirectlyFollowsGraph
from rpa_finder.mining.rework import count_cycle_cases, find_traversed_cycles, measure_rework
from rpa_finder.pm4py_adapter import from_pm4py_frame, pm4py

from conftest import pm4py_frame


# --- helpers ---------------------------------------------------------------------------------
def read_frame(relative: str) -> pd.DataFrame:
    return pm4py_frame(relative)  # parsed once per session (conftest)


def dfg_from_pm4py(frame: pd.DataFrame, *, performance: bool = True) -> DirectlyFollowsGraph:
    """A DirectlyFollowsGraph built from pm4py's own discovery (p90 is not in pm4py's result)."""
    frequency, starts, ends = pm4py().discover_dfg(frame)
    perf = pm4py().discover_performance_dfg(frame)[0] if performance else {}
    rows = [(s, t, int(f), perf.get((s, t), {}).get("mean", math.nan), perf.get((s, t), {}).get("median", math.nan),
             math.nan) for (s, t), f in frequency.items()]
    edges = pd.DataFrame(rows, columns=list(DFG_COLUMNS)).sort_values(
        ["frequency", "source", "target"], ascending=[False, True, True], ignore_index=True)
    activity_frequency = {str(a): int(n) for a, n in frame["concept:name"].value_counts().items()}
    return DirectlyFollowsGraph(edges=edges, activity_frequency=activity_frequency,
                                start_activities=dict(starts), end_activities=dict(ends))


def traces(frame: pd.DataFrame) -> dict[str, list[tuple[str, object]]]:
    """case -> [(activity, resource or None)] in pm4py's order (a plain loop: this is the reference)."""
    out: dict[str, list[tuple[str, object]]] = defaultdict(list)
    resources = frame["org:resource"] if "org:resource" in frame.columns else [None] * len(frame)
    for case, activity, resource in zip(frame["case:concept:name"], frame["concept:name"], resources):
        out[str(case)].append((str(activity), None if pd.isna(resource) else str(resource)))
    return out


@pytest.fixture(scope="module")
def running():
    frame = read_frame("synthetic/running-example.xes")
    return frame, from_pm4py_frame(frame)


@pytest.fixture(scope="module")
def receipt():
    frame = read_frame("receipt_wabo/receipt_WABO_CoSeLoG.xes.gz")
    return frame, from_pm4py_frame(frame)


def hand_log(rows: list[tuple]) -> EventLog:
    frame = pd.DataFrame(rows, columns=["case_id", "activity", "timestamp", "resource"])
    frame["timestamp"] = pd.to_datetime(frame["timestamp"]).dt.tz_localize("Europe/Helsinki")
    return EventLog.from_frame(frame)


# --- rework ------------------------------------------------------------------------------------
def manual_rework(case_traces) -> dict[str, Counter]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for trace in case_traces.values():
        seen: dict[str, object] = {}
        flagged: set[tuple[str, str]] = set()
        for i, (activity, resource) in enumerate(trace):
            kinds = []
            if i and trace[i - 1][0] == activity:
                kinds.append(("self_loop", trace[i - 1][1]))
            if activity in seen:
                kinds.append(("repeat", seen[activity]))
            for kind, before in kinds:
                who = "unknown_resource" if resource is None or before is None else (
                    "same_resource" if resource == before else "other_resource")
                for name in (kind, f"{kind}_{who}"):
                    counts[activity][f"{name}_events"] += 1
                    flagged.add((activity, name))
            seen[activity] = resource
        for activity, name in flagged:
            counts[activity][f"{name}_cases"] += 1
    return counts


def assert_rework_matches(table: pd.DataFrame, expected: dict[str, Counter]) -> None:
    columns = [c for c in table.columns if c.endswith(("_events", "_cases")) and c not in ("events", "cases")]
    for row in table.to_dict("records"):
        for column in columns:
            assert row[column] == expected[row["activity"]][column], (row["activity"], column)


def test_rework_matches_a_manual_count_on_the_running_example(running):
    frame, log = running
    table = measure_rework(log)
    expected = manual_rework(traces(frame))
    assert_rework_matches(table, expected)
    top = table.set_index("activity")
    # the "reinitiate request" loop makes decide and check ticket run again in cases 3 and 5
    assert top.loc["decide", "repeat_events"] == 3 and top.loc["decide", "repeat_cases"] == 2
    assert top.loc["decide", "repeat_same_resource_events"] == 3  # Sara decides again
    assert top.loc["check ticket", "repeat_other_resource_events"] == 3
    assert top.loc["decide", "repeat_case_share"] == pytest.approx(2 / 6)


def test_self_loops_are_split_by_who_did_them_again():
    rows = [("c1", "Tallenna", "2026-01-05 09:00:00", "k1"), ("c1", "Tallenna", "2026-01-05 09:05:00", "k1"),
            ("c1", "Tallenna", "2026-01-05 09:10:00", "k2"), ("c1", "Tarkista", "2026-01-05 09:20:00", "k2"),
            ("c1", "Tallenna", "2026-01-05 09:30:00", None), ("c2", "Tallenna", "2026-01-05 10:00:00", "k1"),
            ("c2", "Tallenna", "2026-01-05 10:01:00", None)]
    log = hand_log(rows)
    table = measure_rework(log).set_index("activity")
    row = table.loc["Tallenna"]
    assert (row["self_loop_events"], row["self_loop_cases"]) == (3, 2)
    assert row["self_loop_same_resource_events"] == 1
    assert row["self_loop_other_resource_events"] == 1
    assert row["self_loop_unknown_resource_events"] == 1
    assert row["repeat_events"] == 4  # the 09:30 one repeats too, though not directly
    assert row["repeat_unknown_resource_events"] == 2
    assert table.loc["Tarkista", "repeat_events"] == 0
    ref = manual_rework({c: [(a, r) for cc, a, _, r in rows if cc == c] for c in ("c1", "c2")})
    assert_rework_matches(measure_rework(log), ref)


# --- cycles ------------------------------------------------------------------------------------
def manual_cycle_cases(case_traces, cycle: tuple[str, ...]) -> int:
    rotations = {cycle[i:] + cycle[:i] for i in range(len(cycle))}
    hits = 0
    for trace in case_traces.values():
        names = [a for a, _ in trace]
        windows = {tuple(names[i:i + len(cycle) + 1]) for i in range(len(names) - len(cycle))}
        hits += any(r + (r[0],) in windows for r in rotations)
    return hits


def test_cycles_and_the_cases_that_run_them_on_the_running_example(running):
    frame, log = running
    dfg = dfg_from_pm4py(frame)
    search = find_cycles(dfg, max_length=6)
    assert not search.truncated
    counted = count_cycle_cases(log, search)
    # every elementary cycle of the DFG (networkx as the reference), each once, started at its least name
    import networkx as nx

    graph = nx.DiGraph([(s, t) for s, t in dfg.frequency_dict() if s != t])
    rotate = lambda c: tuple(c[c.index(min(c)):] + c[:c.index(min(c))])  # noqa: E731
    expected = {rotate(list(c)) for c in nx.simple_cycles(graph) if len(c) <= 6}
    assert len(expected) == 11 and set(counted["cycle"]) == expected and len(counted) == len(expected)
    assert (counted["length"] == counted["cycle"].map(len)).all()
    reference = traces(frame)
    for cycle, cases in zip(counted["cycle"], counted["cases"]):
        assert cases == manual_cycle_cases(reference, cycle), cycle
    loops = dict(zip(counted["cycle"], counted["cases"]))
    # case 5: decide, reinitiate request, check ticket, examine casually, decide
    assert loops[("check ticket", "examine casually", "decide", "reinitiate request")] == 1
    # case 3: decide, reinitiate request, examine thoroughly, check ticket, decide
    assert loops[("check ticket", "decide", "reinitiate request", "examine thoroughly")] == 1
    # both directions are DFG edges, yet no case goes check ticket -> examine casually -> check ticket
    assert loops[("check ticket", "examine casually")] == 0
    # the loops read straight from the cases are exactly those DFG cycles that some case ran
    ran = find_traversed_cycles(log, max_length=6)
    assert dict(zip(ran["cycle"], ran["cases"])) == {c: n for c, n in loops.items() if n > 0}


@pytest.mark.slow
def test_cycle_search_on_bpic15_stops_at_its_cap_and_says_so():
    frame = read_frame("bpic2015/BPIC15_1.xes.gz")
    dfg = dfg_from_pm4py(frame, performance=False)
    assert len(dfg.edges) == 4699
    search = find_cycles(dfg, max_length=4, max_cycles=2000, budget_seconds=20.0)
    assert search.truncated
    longer = search.table[search.table["length"] > 2]
    assert 0 < len(longer) <= 2000 and longer["length"].max() <= 4
    pairs = {(s, t) for s, t in dfg.frequency_dict() if s != t}
    two = {tuple(c) for c in search.table.loc[search.table["length"] == 2, "cycle"]}
    assert two == {(s, t) for s, t in pairs if (t, s) in pairs and s < t}  # 2-cycles are all there
    small = find_cycles(dfg, max_length=4, max_cycles=10, budget_seconds=20.0)
    assert small.truncated and (small.table["length"] > 2).sum() == 10
    # how many cases run each 2-cycle, vectorised, against a plain loop over the traces
    log = from_pm4py_frame(frame)
    sample = search.table[search.table["length"] == 2].head(25)
    counted = count_cycle_cases(log, CycleSearch(sample.reset_index(drop=True), False, 2, 0.0))
    reference = traces(frame)
    for cycle, cases in zip(counted["cycle"], counted["cases"]):
        assert cases == manual_cycle_cases(reference, cycle), cycle
    # every 2-cycle some case ran is among the DFG's (which are complete), with the same count
    ran = find_traversed_cycles(log, max_length=2)
    all_two = count_cycle_cases(log, CycleSearch(search.table[search.table["length"] == 2]
                                                 .reset_index(drop=True), False, 2, 0.0))
    assert dict(zip(ran["cycle"], ran["cases"])) == {c: n for c, n in zip(all_two["cycle"], all_two["cases"]) if n}
    assert len(ran) > 0


# --- bottlenecks and centrality --------------------------------------------------------------------
def hand_dfg() -> DirectlyFollowsGraph:
    edges = pd.DataFrame([
        ("a", "b", 100, 60.0, 50.0, 90.0),        # 6,000 s in total
        ("b", "c", 2, 10_000.0, 10_000.0, 10_000.0),  # 20,000 s: rare but the biggest cost
        ("c", "d", 10, 100.0, 100.0, 100.0),      # 1,000 s
        ("b", "d", 98, math.nan, math.nan, math.nan),  # no wait measured
        ("c", "b", 1, 5.0, 5.0, 5.0),
    ], columns=list(DFG_COLUMNS))
    return DirectlyFollowsGraph(edges=edges, activity_frequency={"a": 100, "b": 101, "c": 2, "d": 100},
                                start_activities={"a": 100}, end_activities={"d": 100})


def test_bottlenecks_rank_by_total_waiting_time():
    ranked = rank_bottlenecks(hand_dfg())
    assert list(zip(ranked["source"], ranked["target"])) == [("b", "c"), ("a", "b"), ("c", "d"), ("c", "b"), ("b", "d")]
    assert ranked["rank"].tolist() == [1, 2, 3, 4, 5]
    assert ranked["wait_share"].sum() == pytest.approx(1.0)
    assert ranked.loc[0, "wait_share"] == pytest.approx(20_000 / 27_005)
    assert len(rank_bottlenecks(hand_dfg(), top=2)) == 2


def test_centrality_finds_the_step_every_path_runs_through():
    table = compute_centrality(hand_dfg()).set_index("activity")
    assert table["betweenness"].idxmax() == "b"
    assert table.loc["a", "betweenness"] == 0 and table.loc["d", "betweenness"] == 0
    assert (table.loc["b", "in_degree"], table.loc["b", "out_degree"]) == (2, 2)
    assert table.loc["b", "in_frequency"] == 101
    assert table["pagerank"].sum() == pytest.approx(1.0)
    graph = build_digraph(hand_dfg())
    assert graph["a"]["b"]["frequency"] == 100 and graph.nodes["a"]["starts"] == 100


def test_centrality_on_a_big_graph_samples_with_a_fixed_seed(receipt):
    frame, _ = receipt
    dfg = dfg_from_pm4py(frame, performance=False)
    first = compute_centrality(dfg, exact_max_nodes=10, sample_size=8, seed=1)
    again = compute_centrality(dfg, exact_max_nodes=10, sample_size=8, seed=1)
    exact = compute_centrality(dfg)
    assert first.attrs["betweenness_sampled_sources"] == 8 and exact.attrs["betweenness_sampled_sources"] is None
    pd.testing.assert_frame_equal(first, again)
    assert set(first["activity"]) == set(frame["concept:name"].astype(str))


# --- handover ----------------------------------------------------------------------------------
def manual_handovers(case_traces) -> Counter:
    counts: Counter = Counter()
    for trace in case_traces.values():
        for (_, before), (_, after) in zip(trace, trace[1:]):
            if before is not None and after is not None and before != after:
                counts[(before, after)] += 1
    return counts


def test_handovers_equal_a_plain_count_on_the_receipt_log(receipt):
    frame, log = receipt
    net = build_handover_network(log, min_group_size=1)
    got = {(s, t): n for s, t, n in net.edges[["source", "target", "handovers"]].itertuples(index=False)}
    expected = manual_handovers(traces(frame))
    assert sum(expected.values()) > 1000
    assert got == dict(expected)
    assert net.graph.number_of_edges() == len(expected)


def test_small_groups_are_merged_so_no_node_stands_for_few_people(receipt):
    frame, log = receipt
    total = sum(manual_handovers(traces(frame)).values())
    raw = build_handover_network(log, group_column="org:group", min_group_size=1)
    assert (raw.nodes["members"] < 5).any()  # the receipt log does have small groups
    net = build_handover_network(log, group_column="org:group", min_group_size=5)
    assert OTHER in set(net.nodes["node"]) and net.merged
    assert (net.nodes["members"] >= 5).all()  # "other" is topped up too
    assert net.edges["handovers"].sum() == total
    assert set(net.graph.nodes) == set(net.nodes["node"])
    people = build_handover_network(log, min_group_size=5)
    own = people.nodes[people.nodes["node"] != OTHER]
    assert (own["handovers_out"] + own["handovers_in"] >= 5).all()
    assert people.nodes.set_index("node").loc[OTHER, "members"] >= 5
    assert people.edges["handovers"].sum() == total
    few = build_handover_network(log, min_group_size=1000)  # fewer people than k: one node
    assert set(few.nodes["node"]) == {OTHER}
    with pytest.raises(UsageError, match="group column 'yksikkö' not in the log.*org:group"):
        build_handover_network(log, group_column="yksikkö")


def test_a_lone_small_group_is_not_left_alone_in_other():
    people = {"Rakennusvalvonta": [f"r{i}" for i in range(6)], "Kirjaamo": [f"k{i}" for i in range(5)],
              "Johto": ["j0"]}
    rows, unit = [], []
    for n, (group, members) in enumerate(people.items()):
        for i, person in enumerate(members):
            for step, who in enumerate((person, "r0" if person != "r0" else "k0")):
                rows.append((f"{group}-{i}", f"vaihe {step}", f"2026-01-{n + 5:02d} 1{step}:00:00", who))
                unit.append(group if step == 0 else ("Rakennusvalvonta" if who == "r0" else "Kirjaamo"))
    log = hand_log(rows)
    log.events["yksikkö"] = pd.Series(unit, dtype="str").reindex(log.events["source_row"].to_numpy() - 1).to_numpy()
    net = build_handover_network(log, group_column="yksikkö", min_group_size=5)
    members = net.nodes.set_index("node")["members"]
    assert set(net.merged) == {"Johto", "Kirjaamo"}  # Johto alone (1 person) would expose j0
    assert members[OTHER] >= 5 and (members >= 5).all()
    assert net.edges["handovers"].sum() == len(rows) // 2


def test_a_log_without_resources_has_an_empty_handover_network_and_still_mines():
    from rpa_finder.mining.process import mine_process

    t = pd.to_datetime(["2026-01-05 08:00", "2026-01-05 09:00"] * 3, utc=True)
    log = EventLog.from_frame(pd.DataFrame({"case_id": ["p", "p", "q", "q", "r", "r"], "activity": ["a", "b"] * 3,
                                            "timestamp": t}))
    net = build_handover_network(log)
    assert net.edges.empty and net.nodes.empty
    mined = mine_process(log, discover=False)
    assert mined.dfg.frequency_dict() == {("a", "b"): 3}


# --- batches -----------------------------------------------------------------------------------
def test_a_nightly_job_is_found_as_one_batch_run():
    rows = [(f"c{i}", "Lähetä muistutus", f"2026-02-03 02:00:{i:02d}", "ERÄAJO") for i in range(20)]
    rows += [(f"c{i}", "Lähetä muistutus", f"2026-02-{3 + i:02d} {9 + i:02d}:15:00", f"k{i % 2}") for i in range(5)]
    rows += [(f"c{i}", "Tarkista hakemus", f"2026-02-{2 + i:02d} 10:{i:02d}:00", "k1") for i in range(20)]
    report = detect_batches(hand_log(rows))
    assert len(report.runs) == 1
    run = report.runs.iloc[0]
    assert (run["activity"], run["resource"], run["size"], run["local_hour"]) == ("Lähetä muistutus", "ERÄAJO", 20, 2)
    table = report.activities.set_index("activity")
    assert table.loc["Lähetä muistutus", "batch_share"] == pytest.approx(20 / 25)
    assert table.loc["Lähetä muistutus", "typical_hour"] == 2
    assert table.loc["Lähetä muistutus", "run_dates"] == 1
    assert table.loc["Tarkista hakemus", "batch_runs"] == 0
    assert pd.isna(table.loc["Tarkista hakemus", "typical_hour"])


def test_batches_without_a_resource_count_and_scattered_events_do_not():
    rows = [(f"c{i}", "Arkistoi", "2026-03-01 23:30:00", None) for i in range(12)]
    rows += [(f"d{i}", "Arkistoi", f"2026-03-02 08:{i * 2:02d}:00", "k1") for i in range(12)]  # 2 min apart
    report = detect_batches(hand_log(rows))
    assert report.runs["size"].tolist() == [12] and report.runs["resource"].isna().all()
    assert report.activities.loc[0, "runs_without_resource"] == 1
    assert report.runs["local_hour"].tolist() == [23]
    wider = detect_batches(hand_log(rows), window_seconds=150)
    assert sorted(wider.runs["size"].tolist()) == [12, 12]
    scattered = detect_batches(hand_log(rows[12:]))
    assert scattered.runs.empty and scattered.activities["batch_runs"].sum() == 0


def test_a_log_with_dates_only_has_no_batches():
    frame = pd.DataFrame({"case_id": [f"c{i}" for i in range(30)], "activity": "Kirjaa päätös",
                          "timestamp": pd.Timestamp("2026-04-01", tz="Europe/Helsinki"), "resource": "k1"})
    dated = EventLog.from_frame(frame, written_date_only_share=1.0)
    assert detect_batches(dated).runs.empty
    assert detect_batches(dated).activities["events"].tolist() == [30]
    assert len(detect_batches(EventLog.from_frame(frame, written_date_only_share=0.0)).runs) == 1


def test_batches_on_the_receipt_log_are_consistent(receipt):
    _, log = receipt
    report = detect_batches(log, window_seconds=60, min_size=3)
    table = report.activities
    assert table["events"].sum() == 8577
    assert (table["batched_events"] <= table["events"]).all()
    assert table["batched_events"].sum() == report.runs["size"].sum()
    assert (report.runs["size"] >= 3).all()


def test_batch_runs_equal_a_plain_sort_by_activity_resource_and_time():
    """Ties in time, events without a resource, out-of-order cases: the runs of a pandas sort."""
    rng = np.random.default_rng(11)
    n = 3000
    frame = pd.DataFrame({
        "case_id": [f"c{i:04d}" for i in rng.integers(0, 900, n)],
        "activity": [f"a{i}" for i in rng.integers(0, 4, n)],
        "timestamp": pd.Timestamp("2026-02-03 02:00", tz="Europe/Helsinki")
        + pd.to_timedelta(rng.integers(0, 300, n) * 15, unit="s"),
        "resource": pd.Series([f"r{i}" for i in rng.integers(0, 3, n)]).where(rng.random(n) > 0.2),
    })
    log = EventLog.from_frame(frame)
    report = detect_batches(log, window_seconds=30, min_size=4)
    plain = log.events[["activity", "resource", "timestamp"]].astype({"activity": "str", "resource": "str"})
    plain = plain.sort_values(["activity", "resource", "timestamp"], na_position="first", kind="stable")
    key = plain["activity"] + "|" + plain["resource"].fillna("")
    gap = plain["timestamp"].diff().dt.total_seconds()
    run = ((key != key.shift()) | (gap > 30)).cumsum()
    sizes = run.map(run.value_counts())
    runs = plain[sizes >= 4].groupby(run[sizes >= 4]).agg(
        activity=("activity", "first"), resource=("resource", "first"),
        start=("timestamp", "min"), end=("timestamp", "max"), size=("timestamp", "size"))
    runs = runs.sort_values(["start", "activity"], kind="stable", ignore_index=True)
    pd.testing.assert_frame_equal(report.runs[list(runs.columns)], runs.astype(report.runs[list(runs.columns)].dtypes))
    assert report.runs["size"].sum() == report.activities["batched_events"].sum() > 0
