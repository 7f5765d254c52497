# SPDX-License-Identifier: AGPL-3.0-or-later
"""Engines and chunked ingest: partitioned, chunked and Dask results equal the single-frame ones."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import dataset, shared_log
from rpa_finder.engine import aggregate_file, aggregate_log
from rpa_finder.mining.aggregates import MergedAggregates
from rpa_finder.errors import BadDataError, UsageError
from rpa_finder.ingest import read_log
from rpa_finder.ingest.chunked import read_partitions, spill_partitions
from rpa_finder.mining.activity_stats import compute_activity_stats
from rpa_finder.mining.case_stats import compute_case_stats
from rpa_finder.mining.dfg import compute_dfg
from rpa_finder.mining.variants import compute_variants
from rpa_finder.samples import generate_log, write_finnish_csv

REAL_LOGS = ["receipt_wabo/receipt_WABO_CoSeLoG.xes.gz", "bpic2015/BPIC15_1.xes.gz"]
STANDARD = ["case_id", "activity", "timestamp", "resource", "lifecycle", "source_row"]


@pytest.fixture(autouse=True)
def stable_key(monkeypatch):
    """One pseudonymisation key, so read_log and the chunked reader name people alike."""
    monkeypatch.setenv("RPA_FINDER_KEY", "test-engine-key")


@pytest.fixture(scope="module")
def real_logs():
    return {name: shared_log(name) for name in REAL_LOGS}  # read once per session (conftest)


@pytest.fixture(scope="module")
def single_frame(real_logs):
    """The mining module's own results on the whole log: the reference every engine must equal."""
    return {name: (compute_dfg(log), compute_variants(log), compute_activity_stats(log), compute_case_stats(log))
            for name, log in real_logs.items()}


def assert_same_aggregates(merged: MergedAggregates, reference) -> None:
    """Counts exactly equal; floats (means, medians, p90s) equal to 1e-9 relative."""
    dfg, variants, activities, cases = reference
    close = dict(check_exact=False, rtol=1e-9, atol=0.0)
    pd.testing.assert_frame_equal(merged.dfg.edges, dfg.edges, **close)
    assert dict(merged.dfg.activity_frequency) == dict(dfg.activity_frequency)
    assert dict(merged.dfg.start_activities) == dict(dfg.start_activities)
    assert dict(merged.dfg.end_activities) == dict(dfg.end_activities)
    pd.testing.assert_frame_equal(merged.variants.table, variants.table, **close)
    pd.testing.assert_series_equal(merged.variants.case_variant, variants.case_variant)
    pd.testing.assert_frame_equal(merged.activities.table, activities.table, **close)
    assert merged.activities.n_cases == activities.n_cases
    pd.testing.assert_frame_equal(merged.cases, cases, **close)


@pytest.mark.parametrize("name", REAL_LOGS)
@pytest.mark.parametrize("partitions", [2, 5])
def test_local_partitions_equal_single_frame(real_logs, single_frame, name, partitions):
    log = real_logs[name]
    merged = aggregate_log(log, partitions=partitions, workers=2)
    assert merged.n_partitions == partitions and merged.n_events == log.n_events
    assert_same_aggregates(merged, single_frame[name])
    assert len(merged.dfg.edges) > 10 and merged.variants.count > 10  # real logs, not trivial ones


def test_bpic15_figures_match_manifest(real_logs, single_frame):
    merged = aggregate_log(real_logs["bpic2015/BPIC15_1.xes.gz"], partitions=3, workers=1)
    assert len(merged.dfg.activity_frequency) == 398
    assert len(merged.cases) == 1199
    assert int(merged.variants.table["cases"].sum()) == 1199


# --- the distributed engine on a local Dask cluster ------------------------------------------------

@pytest.mark.parametrize("name", REAL_LOGS)
def test_dask_cluster_equals_in_process(real_logs, single_frame, dask_client, name):
    from rpa_finder.engine.dask_engine import aggregate_log_dask

    log = real_logs[name]
    merged = aggregate_log_dask(log, dask_client, partitions=4)
    assert merged.n_partitions == 4 and merged.n_events == log.n_events
    assert_same_aggregates(merged, single_frame[name])
    in_process = aggregate_log(log, partitions=4, workers=1)
    pd.testing.assert_frame_equal(merged.dfg.edges, in_process.dfg.edges, check_exact=False, rtol=1e-9, atol=0.0)
    pd.testing.assert_frame_equal(merged.activities.table, in_process.activities.table, check_exact=False, rtol=1e-9,
                                  atol=0.0)


def test_dask_workers_read_spilled_partitions(sample_csv, dask_client, tmp_path):
    from rpa_finder.engine.dask_engine import aggregate_spilled_dask

    whole = read_log(sample_csv).log
    spilled = spill_partitions(sample_csv, n_partitions=3, block_bytes=1 << 15, workdir=tmp_path)
    try:
        merged = aggregate_spilled_dask(spilled, dask_client)
    finally:
        spilled.cleanup()
    assert_same_aggregates(merged, (compute_dfg(whole), compute_variants(whole), compute_activity_stats(whole),
                                    compute_case_stats(whole)))


# --- chunked reading ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_frame():
    events, _ = generate_log("varhaiskasvatus", cases=150, seed=11, lifecycle=True)
    return events


@pytest.fixture(scope="module")
def sample_csv(sample_frame, tmp_path_factory):
    return write_finnish_csv(sample_frame, tmp_path_factory.mktemp("csv") / "varhaiskasvatus.csv")


@pytest.fixture(scope="module")
def sample_parquet(sample_frame, tmp_path_factory):
    path = tmp_path_factory.mktemp("parquet") / "varhaiskasvatus.parquet"
    pq.write_table(pa.Table.from_pandas(sample_frame, preserve_index=False), path, row_group_size=500)
    return path


def _standard(events: pd.DataFrame) -> pd.DataFrame:
    frame = events[STANDARD].copy()
    for column in ("case_id", "activity", "resource", "lifecycle"):
        frame[column] = frame[column].astype("str")
    return frame.sort_values(["case_id", "timestamp", "source_row"], ignore_index=True)


@pytest.mark.parametrize("fixture", ["sample_csv", "sample_parquet"])
def test_chunked_read_equals_read_log(request, fixture, tmp_path):
    path = request.getfixturevalue(fixture)
    whole = read_log(path).log
    parts = list(read_partitions(path, n_partitions=4, block_bytes=1 << 15, batch_rows=700, workdir=tmp_path))
    assert len(parts) == 4
    assert int(parts[0].report.read_details["chunks"]) >= 4  # really read in several chunks
    chunked = pd.concat([p.log.events for p in parts], ignore_index=True)
    pd.testing.assert_frame_equal(_standard(chunked), _standard(whole.events))
    assert "start_timestamp" not in whole.events or whole.events["start_timestamp"].isna().all()
    assert (whole.events["lifecycle"] == "start").any()  # start/complete rows survived both paths
    # every case whole in exactly one partition
    case_sets = [set(p.log.events["case_id"].astype("str")) for p in parts]
    assert sum(len(s) for s in case_sets) == len(set().union(*case_sets)) == whole.n_cases
    assert all(len(s) for s in case_sets)
    # each partition sorted as an EventLog is
    for part in parts:
        keys = part.log.events[["case_id", "timestamp", "source_row"]].astype({"case_id": "str"})
        assert keys.equals(keys.sort_values(["case_id", "timestamp", "source_row"]))
    # the DFG of the chunked parts equals the DFG of the whole file
    merged_dfg = compute_dfg(whole)
    from rpa_finder.mining.aggregates import merge_aggregates, partial_aggregates

    merged = merge_aggregates([partial_aggregates(p.log.events, p.log.timezone) for p in parts])
    pd.testing.assert_frame_equal(merged.dfg.edges, merged_dfg.edges, check_exact=False, rtol=1e-9, atol=0.0)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("rpa_finder_parts_")]  # spill files removed


def test_partition_of_a_case_does_not_depend_on_chunking(sample_csv, tmp_path):
    small = spill_partitions(sample_csv, n_partitions=3, block_bytes=1 << 14, workdir=tmp_path)
    large = spill_partitions(sample_csv, n_partitions=3, block_bytes=1 << 24, workdir=tmp_path)
    try:
        assert int(small.details["chunks"]) > int(large.details["chunks"]) == 1
        for a, b in zip(small.paths, large.paths):
            cases_a = set(pq.read_table(a, columns=[small.roles["case"]]).column(0).to_pylist())
            cases_b = set(pq.read_table(b, columns=[large.roles["case"]]).column(0).to_pylist())
            assert cases_a == cases_b and cases_a
    finally:
        small.cleanup()
        large.cleanup()


def test_aggregate_file_equals_mining_on_read_log(sample_csv, tmp_path):
    whole = read_log(sample_csv).log
    merged = aggregate_file(sample_csv, partitions=3, workers=2, block_bytes=1 << 15, workdir=tmp_path)
    assert merged.n_events == whole.n_events
    assert_same_aggregates(merged, (compute_dfg(whole), compute_variants(whole), compute_activity_stats(whole),
                                    compute_case_stats(whole)))
    assert merged.activities.service_time_measured  # start rows paired within each partition


def test_real_csv_export_chunked(tmp_path):
    path = dataset("receipt_wabo/receipt_WABO_CoSeLoG.csv.gz")
    whole = read_log(path).log
    merged = aggregate_file(path, partitions=5, workers=1, block_bytes=1 << 16, workdir=tmp_path)
    assert len(merged.cases) == 1434 and merged.n_events == 8577
    assert_same_aggregates(merged, (compute_dfg(whole), compute_variants(whole), compute_activity_stats(whole),
                                    compute_case_stats(whole)))


def test_chunked_reader_refuses_xes_with_a_fix(tmp_path):
    with pytest.raises(UsageError, match="CSV/TSV and Parquet.*read_log"):
        spill_partitions(dataset("synthetic/running-example.xes"), workdir=tmp_path)


def test_malformed_row_stops_the_chunked_read(tmp_path):
    path = tmp_path / "bad.csv"
    rows = ["Asianumero;Toimenpide;Aikaleima"] + [f"A{i};Tarkista;0{1 + i % 9}.01.2025 10:00" for i in range(50)]
    rows.insert(20, "A99;Tarkista;01.01.2025 10:00;ylimääräinen")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(BadDataError, match=r"bad\.csv.*4 fields where the header has 3.*validate"):
        list(read_partitions(path, n_partitions=2, workdir=tmp_path))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("rpa_finder_parts_")]


def test_empty_partitions_are_fine(tmp_path):
    frame = pd.DataFrame({"Asianumero": ["A1", "A1", "B2"], "Toimenpide": ["x", "y", "x"],
                          "Aikaleima": ["01.02.2025 10:00", "01.02.2025 11:00", "02.02.2025 09:00"]})
    path = tmp_path / "tiny.csv"
    frame.to_csv(path, sep=";", index=False)
    parts = list(read_partitions(path, n_partitions=6, workdir=tmp_path))
    assert len(parts) == 6 and sum(p.log.n_events for p in parts) == 3
    assert sum(p.log.n_events == 0 for p in parts) >= 4
    merged = aggregate_file(path, partitions=6, workers=2, workdir=tmp_path)
    assert merged.dfg.frequency_dict() == {("x", "y"): 1}
    assert np.isclose(merged.dfg.edges["mean_seconds"].iloc[0], 3600.0)
