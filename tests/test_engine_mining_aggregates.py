# SPDX-License-Identifier: AGPL-3.0-or-later
"""Rework, traversed cycles and handovers as engine aggregates: merged partials equal the whole-log functions."""
from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from conftest import shared_log
from rpa_finder.engine import aggregate_log
from rpa_finder.mining.aggregates import MergedAggregates
from rpa_finder.eventlog import EventLog
from rpa_finder.mining.handover import (GROUP_COLUMNS, OTHER, HandoverNetwork, build_handover_network,
                                        merge_handovers, partial_handovers)
from rpa_finder.mining.model import MiningSettings
from rpa_finder.mining.partitions import partition_cases
from rpa_finder.mining.process import mine_process
from rpa_finder.mining.rework import find_traversed_cycles, measure_rework, merge_cycles, merge_rework, \
    partial_cycles, partial_rework

RECEIPT = "receipt_wabo/receipt_WABO_CoSeLoG.xes.gz"
BPIC15 = "bpic2015/BPIC15_1.xes.gz"
REAL_LOGS = [RECEIPT, BPIC15]
PARTITIONS = [1, 2, 3, 5]


@pytest.fixture(scope="module")
def real_logs():
    return {name: shared_log(name) for name in REAL_LOGS}  # read once per session (conftest)


def _group_column(log: EventLog) -> str | None:
    """The first group column with a value anywhere in the log: the level handovers are counted at."""
    return next((c for c in GROUP_COLUMNS if c in log.events.columns and log.events[c].notna().any()), None)


def whole_log(log: EventLog, settings: MiningSettings = MiningSettings()):
    """The three statistics by the whole-log functions, at the level the whole log decides."""
    return (measure_rework(log), find_traversed_cycles(log),
            build_handover_network(log, group_column=_group_column(log), min_group_size=settings.min_group_size))


def assert_same_network(got: HandoverNetwork, expected: HandoverNetwork) -> None:
    pd.testing.assert_frame_equal(got.edges, expected.edges, check_exact=True)
    pd.testing.assert_frame_equal(got.nodes, expected.nodes, check_exact=True)
    assert list(got.graph.nodes(data=True)) == list(expected.graph.nodes(data=True))
    assert list(got.graph.edges(data=True)) == list(expected.graph.edges(data=True))
    assert (got.level, got.min_group_size, got.merged) == (expected.level, expected.min_group_size, expected.merged)


def assert_same_mining(merged: MergedAggregates, reference) -> None:
    """Counts and shares are computed from equal integers, so everything is exactly equal."""
    rework, cycles, handovers = reference
    pd.testing.assert_frame_equal(merged.rework, rework, check_exact=True)
    pd.testing.assert_frame_equal(merged.cycles, cycles, check_exact=True)
    assert_same_network(merged.handovers, handovers)


@pytest.fixture(scope="module")
def references(real_logs):
    return {name: whole_log(log) for name, log in real_logs.items()}


@pytest.mark.parametrize("name", REAL_LOGS)
@pytest.mark.parametrize("partitions", PARTITIONS)
def test_partitions_equal_the_whole_log(real_logs, references, name, partitions):
    merged = aggregate_log(real_logs[name], partitions=partitions, workers=1)
    assert merged.n_partitions == partitions
    assert_same_mining(merged, references[name])
    rework, cycles, handovers = references[name]
    assert len(rework) > 20 and len(cycles) > 10 and len(handovers.edges) > 10  # real logs, not trivial ones


def test_receipt_groups_are_coarsened_and_other_pools_several(real_logs, references):
    """Cases into "other" are not a sum over its groups: the partials must keep them exact."""
    handovers = references[RECEIPT][2]
    assert handovers.level == "org:group" and len(handovers.merged) >= 2
    assert OTHER in handovers.graph


@pytest.mark.parametrize("partitions", [2, 3, 5])
def test_cases_into_other_are_distinct_cases_not_a_sum(real_logs, partitions):
    """At k=10 some case hands over along two group pairs that both land on one edge to or from
    "other": it counts once there, so summing the groups' case counts would be wrong."""
    log = real_logs[RECEIPT]
    settings = MiningSettings(min_group_size=10)
    reference = whole_log(log, settings)
    raw = build_handover_network(log, group_column="org:group", min_group_size=1).edges
    node = {label: (label if label in reference[2].graph else OTHER)
            for label in set(raw["source"]) | set(raw["target"])}
    as_nodes = raw.assign(source=raw["source"].map(node), target=raw["target"].map(node))
    summed = as_nodes.groupby(["source", "target"])["cases"].sum()
    got = reference[2].edges.set_index(["source", "target"])["cases"]
    assert (got <= summed.reindex(got.index)).all() and (got < summed.reindex(got.index)).any()
    assert_same_mining(aggregate_log(log, settings, partitions=partitions, workers=1), reference)


def test_forked_workers_equal_the_whole_log(real_logs, references):
    merged = aggregate_log(real_logs[RECEIPT], partitions=3, workers=2)
    assert_same_mining(merged, references[RECEIPT])


def _without(log: EventLog, column: str) -> EventLog:
    return dataclasses.replace(log, events=log.events.drop(columns=[column]))


@pytest.mark.parametrize("name, k", [(RECEIPT, 5), (RECEIPT, 1), (BPIC15, 1)])  # BPIC15_1 at k=5: above
def test_resource_level_equals_the_whole_log(real_logs, name, k):
    log = real_logs[name]
    log = _without(log, "org:group") if "org:group" in log.events.columns else log
    assert _group_column(log) is None
    settings = MiningSettings(min_group_size=k)
    reference = whole_log(log, settings)
    assert reference[2].level == "resource" and len(reference[2].edges)
    for partitions in PARTITIONS:
        assert_same_mining(aggregate_log(log, settings, partitions=partitions, workers=1), reference)


def test_group_column_empty_in_some_partitions(real_logs):
    """mine_process picks a group column with a value anywhere: a partition without one must follow."""
    events = real_logs[RECEIPT].events.copy()
    first_cases = events["case_id"].cat.categories[:40]
    events["org:group"] = events["org:group"].where(events["case_id"].isin(first_cases))
    log = dataclasses.replace(real_logs[RECEIPT], events=events)
    reference = whole_log(log)
    assert reference[2].level == "org:group"
    assert "unknown" in reference[2].graph or "unknown" in reference[2].merged
    for partitions in [2, 5, 20]:
        if partitions == 20:  # some partitions hold none of the 40 cases with a group
            assert any(part["org:group"].isna().all() for part in partition_cases(log.events, partitions))
        assert_same_mining(aggregate_log(log, partitions=partitions, workers=1), reference)
    events["org:group"] = None  # no value anywhere: resources, as mine_process falls back
    log = dataclasses.replace(log, events=events)
    reference = whole_log(log)
    assert reference[2].level == "resource"
    assert_same_mining(aggregate_log(log, partitions=3, workers=1), reference)


def test_a_log_without_resources(real_logs):
    log = EventLog.from_frame(real_logs[RECEIPT].events.drop(columns=["resource", "org:group"]))
    reference = whole_log(log)
    assert reference[2].edges.empty and reference[2].nodes.empty
    for partitions in PARTITIONS:
        assert_same_mining(aggregate_log(log, partitions=partitions, workers=1), reference)


def test_more_partitions_than_cases_and_no_partials():
    t = pd.to_datetime(["2026-01-05 08:00", "2026-01-05 09:00", "2026-01-05 10:00", "2026-01-05 11:00"] * 3, utc=True)
    frame = pd.DataFrame({"case_id": ["p"] * 4 + ["q"] * 4 + ["r"] * 4, "activity": list("abab") * 2 + list("aaba"),
                          "resource": list("xyxy") + list("xxyz") + list("zzzy"), "timestamp": t})
    log = EventLog.from_frame(frame)
    for k in (1, 2):
        settings = MiningSettings(min_group_size=k)
        reference = whole_log(log, settings)
        assert reference[1][["traversals", "cases"]].values.tolist() == [[5, 3]]  # a b a, b a b in p and q; a b a in r
        assert_same_mining(aggregate_log(log, settings, partitions=7, workers=1), reference)
        parts = partition_cases(log.events, 7)
        assert sum(len(p) == 0 for p in parts) >= 4
        network = merge_handovers([partial_handovers(p, group_columns=GROUP_COLUMNS, min_group_size=k) for p in parts])
        assert_same_network(network, reference[2])
    empty = EventLog.from_frame(frame.iloc[:0])
    rework, cycles, handovers = whole_log(empty)
    pd.testing.assert_frame_equal(merge_rework([partial_rework(empty.events)]), rework)
    pd.testing.assert_frame_equal(merge_cycles([partial_cycles(empty.events)]), cycles)
    assert merge_rework([]).columns.tolist() == rework.columns.tolist() and merge_rework([]).empty
    assert merge_cycles([]).empty and merge_handovers([]).edges.empty


def test_partials_are_small(real_logs):
    """Names and per-label figures only: no array grows with the events (BPIC15_1 has 52,217)."""
    log = real_logs[BPIC15]
    rework, cycles = partial_rework(log.events), partial_cycles(log.events)
    assert len(rework) == 398 and len(cycles) == len(find_traversed_cycles(log))
    counts = partial_handovers(log.events, group_columns=GROUP_COLUMNS).counts[None]
    handovers = int(counts.pairs["handovers"].sum())
    assert len(counts.signature_pairs) < handovers / 2 and len(counts.signature_cases) <= log.n_cases
    assert len(counts.pairs) < 23 * 23 and len(counts.members) == 23


# --- the distributed engine on a local Dask cluster ------------------------------------------------

@pytest.mark.parametrize("name", REAL_LOGS)
def test_dask_cluster_equals_the_whole_log(real_logs, references, dask_client, name):
    from rpa_finder.engine.dask_engine import aggregate_log_dask

    merged = aggregate_log_dask(real_logs[name], dask_client, partitions=4)
    assert merged.n_partitions == 4
    assert_same_mining(merged, references[name])


@pytest.mark.parametrize("name", REAL_LOGS)
def test_mine_process_holds_the_statistics_any_partitioning_merges_to(real_logs, name):
    """One result type: mine_process's statistics are the aggregate list's, over the whole log as one
    partition, and equal what the engines merge from three partitions."""
    log = real_logs[name]
    mined = mine_process(log, discover=False)
    merged = aggregate_log(log, partitions=3, workers=1)
    assert mined.dfg is mined.statistics.dfg and mined.handovers is mined.statistics.handovers
    assert_same_mining(merged, (mined.rework, mined.cycles, mined.handovers))
    close = dict(check_exact=False, rtol=1e-12, atol=0.0)
    pd.testing.assert_frame_equal(merged.dfg.edges, mined.dfg.edges, **close)
    pd.testing.assert_frame_equal(merged.variants.table, mined.variants.table, **close)
    pd.testing.assert_frame_equal(merged.activities.table, mined.activities.table, **close)
    pd.testing.assert_frame_equal(merged.cases, mined.cases, **close)
    assert len(mined.dfg.edges) > 10 and mined.statistics.n_events == log.n_events
