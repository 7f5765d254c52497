# SPDX-License-Identifier: AGPL-3.0-or-later
"""Shared fixtures: where the public datasets are, their counts from MANIFEST.md, and each read once.

Reading BPIC15_1 costs seconds with our reader and 5-25 s with pm4py's; many modules need it, so
:func:`shared_read` and :func:`pm4py_frame` read each dataset once per test session.  Treat what they
return as read-only (pm4py_frame hands out a copy, since tests sort and add columns).

``-m "not slow"`` leaves out the tests on the larger datasets (the README's command runs them all).
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import warnings
from functools import lru_cache
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


@lru_cache(maxsize=None)
def _read_once(relative: str):
    from rpa_finder.ingest import read_log

    return read_log(dataset(relative))


def shared_read(relative: str):
    """The IngestResult of a shared dataset read with the default options, once per session."""
    return _read_once(relative)


def shared_log(relative: str):
    """The EventLog of a shared dataset read with the default options, once per session (do not mutate it)."""
    return _read_once(relative).log


@lru_cache(maxsize=None)
def _pm4py_once(relative: str):
    from rpa_finder.pm4py_adapter import pm4py

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pm4py().read_xes(str(dataset(relative)), show_progress_bar=False)


def pm4py_frame(relative: str):
    """pm4py's own reading of a shared XES log (the reference), parsed once per session; a copy each call."""
    return _pm4py_once(relative).copy()


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


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run a ``forks`` test in a fresh interpreter when this one has other threads.

    rpa_finder refuses to fork beside other threads (a child can inherit a lock a thread held), and
    earlier tests leave some behind for the rest of the session (the Dask cluster, pools).  The fresh
    interpreter runs the same test with only its own thread, so the test still fails where forking fails.
    """
    if pyfuncitem.get_closest_marker("forks") is None or threading.active_count() == 1 \
            or os.environ.get("RPA_FINDER_TEST_ISOLATED"):
        return None
    env = {**os.environ, "RPA_FINDER_TEST_ISOLATED": "1"}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", pyfuncitem.nodeid],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        pytest.fail(f"{pyfuncitem.nodeid} failed in a fresh interpreter:\n{done.stdout[-4000:]}\n{done.stderr[-2000:]}",
                    pytrace=False)
    return True
