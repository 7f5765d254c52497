# SPDX-License-Identifier: AGPL-3.0-or-later
"""Shared fixtures: where the public datasets are, and their counts from MANIFEST.md."""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DATASETS = (REPO.parent / "shared" / "datasets").resolve()
SAMPLE_LOGS = REPO / "sample_logs"

#: file -> (cases, events, activities, resources), as MANIFEST.md states them.
MANIFEST_COUNTS = {
    "bpic2015/BPIC15_1.xes.gz": (1199, 52217, 398, 23),
    "bpic2015/BPIC15_2.xes.gz": (832, 44354, 410, 11),
    "bpic2015/BPIC15_3.xes.gz": (1409, 59681, 383, 14),
    "bpic2015/BPIC15_4.xes.gz": (1053, 47293, 356, 10),
    "bpic2015/BPIC15_5.xes.gz": (1156, 59083, 389, 22),
    "receipt_wabo/receipt_WABO_CoSeLoG.xes.gz": (1434, 8577, 27, 48),
    "receipt_wabo/receipt_WABO_CoSeLoG.csv.gz": (1434, 8577, 27, 48),
    "road_traffic_fines/roadtraffic100traces.xes": (100, 390, 10, 54),
    "road_traffic_fines/roadtraffic50traces.xes": (51, 201, 8, 4),
    "other_domains/Sepsis_Cases.xes.gz": (1050, 15214, 16, 0),
    "synthetic/running-example.xes": (6, 42, 8, 6),
}
SMALL_XES = [
    "road_traffic_fines/roadtraffic100traces.xes",
    "road_traffic_fines/roadtraffic50traces.xes",
    "synthetic/running-example.xes",
    "receipt_wabo/receipt_WABO_CoSeLoG.xes.gz",
]


def dataset(relative: str) -> Path:
    """Path of a shared dataset; the test is skipped (loudly) if shared/ is not laid beside the repo."""
    path = DATASETS / relative
    if not path.exists():
        pytest.skip(f"shared dataset missing: {path}")
    return path


@pytest.fixture(scope="session")
def datasets_dir() -> Path:
    if not DATASETS.exists():
        pytest.skip(f"shared datasets not found at {DATASETS}")
    return DATASETS


@pytest.fixture(scope="session")
def dask_client():
    """A local Dask cluster of two single-threaded worker processes, as CI runs the distributed engine."""
    distributed = pytest.importorskip("distributed", reason="Dask is not installed: pip install 'rpa_finder[distributed]'")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()
