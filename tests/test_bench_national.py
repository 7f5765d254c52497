# SPDX-License-Identifier: AGPL-3.0-or-later
"""The national comparison's generator (bench/make_national.py) and its Dask twin, on five small municipalities.

The full run (308 logs, ~34M events) is bench/bench_national.py; here a few thousand events show that
the generator is deterministic, sizes follow populations, activity codes are shared with local
variation, and that ``compare_logs_dask`` gives the comparison ``compare_logs`` gives, file for file.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _bench_module(name: str):
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def national():
    return _bench_module("make_national")


@pytest.fixture(scope="module")
def small_plan(national):
    return national.plan_municipalities(5, seed=11, scale=0.01)


def test_plan_sizes_follow_population_and_reach_the_national_total(national):
    plan = national.plan_municipalities()
    assert len(plan) == 308
    assert plan["events"].min() == 7_000 and plan["events"].max() == 900_000
    assert abs(plan["events"].sum() - 34_000_000) < 100_000
    # the most populous municipality has the largest log, sizes fall with population
    assert plan["events"].is_monotonic_decreasing and plan["population"].is_monotonic_decreasing


def test_generator_is_deterministic_and_draws_local_variation(national, small_plan):
    first = [national.make_municipality(row) for row in small_plan.itertuples(index=False)]
    again = [national.make_municipality(row) for row in small_plan.itertuples(index=False)]
    for a, b in zip(first, again):
        pd.testing.assert_frame_equal(a, b)
    assert national.plan_municipalities(5, seed=11, scale=0.01).equals(small_plan)
    activities = [set(frame["Toimenpide"]) for frame in first]
    shared = set.intersection(*activities)
    assert {"Vastaanota lasku", "Kirjaa lasku", "Hyväksy lasku"} <= shared  # the process's codes, everywhere
    assert len(set.union(*activities)) > len(shared)                       # and side steps that differ
    # new cases, not copies: every case id once per log, sizes near the plan
    for frame, row in zip(first, small_plan.itertuples(index=False)):
        assert frame.groupby("Asianumero", sort=False).ngroups == frame["Asianumero"].drop_duplicates().size
        assert 0.8 * row.events <= len(frame) <= row.events


def test_dask_comparison_equals_the_local_one(national, small_plan, tmp_path, dask_client):
    from rpa_finder.comparison import compare_logs
    from rpa_finder.engine.dask_engine import compare_logs_dask

    bench = _bench_module("bench_national")
    folder = tmp_path / "kunnat"
    paths = national.make_national(folder, small_plan)
    config = bench.bench_config()  # one privacy key for both, as two runs of a scheduled job would have
    local = compare_logs(paths, config, jobs=1)
    distributed = compare_logs_dask(paths, dask_client, config)
    assert local.to_dict()["organisations"] and len(local.organisations) == 5
    local.write(bench.result_dir(folder, "local"))
    distributed.write(bench.result_dir(folder, "dask"))
    assert bench.diff_outputs(bench.result_dir(folder, "local"), bench.result_dir(folder, "dask")) == []
    assert local.to_dict() == distributed.to_dict()
