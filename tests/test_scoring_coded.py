# SPDX-License-Identifier: AGPL-3.0-or-later
"""The integer-code shortcuts of scoring give what the pandas operations they replace give."""
from __future__ import annotations

import numpy as np
import pandas as pd

from rpa_finder.scoring.instance_codes import code_instances, text_codes
from rpa_finder.scoring.features import _distinct_per_activity, _monthly_variability
from rpa_finder.scoring.handling import _statistics, previous_in_time
from rpa_finder.scoring.local_calendar import local_calendar
from rpa_finder.scoring.rows import NAT, count_pairs
from rpa_finder.scoring.rules import _sample, case_attributes
from rpa_finder.scoring.sorting import group_medians, group_time_order


def _instances(n: int = 400, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    activity = pd.Categorical(rng.choice(["b", "a", "c"], n), categories=["c", "b", "a", "unused"])
    return pd.DataFrame({
        "case_id": pd.Categorical(rng.choice([f"k{i}" for i in range(40)], n)),
        "activity": activity,
        "resource": pd.Series(rng.choice(["p", "q", None], n), dtype="str"),
        "timestamp": pd.Timestamp("2025-01-01", tz="UTC") + pd.to_timedelta(rng.integers(0, 10**6, n), unit="s"),
    })


def test_text_codes_are_sorted_strings_of_the_values_seen():
    values = pd.Series(pd.Categorical(["b", None, "a", "b"], categories=["z", "b", "a"]))
    codes, names = text_codes(values, sort=True)
    assert list(names) == ["a", "b"] and codes.tolist() == [1, -1, 0, 1]
    codes, names = text_codes(pd.Series([1, "1", 2], dtype=object), sort=True)  # one string, one code
    assert list(names) == ["1", "2"] and codes.tolist() == [0, 0, 1]


def test_neighbours_match_a_groupby_shift_in_any_row_order():
    instances = _instances()
    coded = code_instances(instances)
    activity = instances["activity"].astype(str)
    by_case = activity.groupby(instances["case_id"].to_numpy(), sort=False)
    for rows, shift in ((coded.previous, 1), (coded.following, -1)):
        neighbour = np.where(rows >= 0, coded.names[coded.activity[rows]], "-")
        assert (neighbour == by_case.shift(shift).fillna("-").to_numpy()).all()


def test_group_medians_match_pandas():
    rng = np.random.default_rng(0)
    groups, values = rng.integers(0, 6, 500), rng.random(500).round(2)
    expected = pd.Series(values).groupby(groups).median().reindex(range(7)).to_numpy()
    np.testing.assert_array_equal(group_medians(groups, values, 7), expected)


def test_hash_sample_is_the_head_of_a_stable_argsort():
    rng = np.random.default_rng(1)
    hashes = rng.integers(0, 50, 300).astype(np.uint64)  # many ties, as rows of one case share a hash
    rows = np.arange(1000, 1300)
    expected = rows[np.sort(np.argsort(hashes, kind="stable")[:70])]
    np.testing.assert_array_equal(_sample(rows, hashes, 70), expected)


def test_case_attributes_take_the_first_value_present_as_groupby_first():
    instances = pd.DataFrame({"case_id": ["b", "b", "a", "a", "b"], "amount": [np.nan, 2.0, 1.0, np.nan, 2.0],
                              "note": pd.Series([None, "x", "y", "y", None], dtype="str")})
    cases = case_attributes(pd.DataFrame(index=pd.Index([], name="case_id")), instances, ["amount", "note"])
    expected = instances.groupby("case_id", sort=False)[["amount", "note"]].first()
    pd.testing.assert_frame_equal(cases, expected)


def test_neighbour_activities_in_case_order_and_shuffled():
    instances = _instances().sort_values("case_id", kind="stable", ignore_index=True)
    for table in (instances, instances.sample(frac=1, random_state=0)):
        coded = code_instances(table)
        assert coded.in_case_order == (table is instances)
        by_case = pd.Series(coded.activity).groupby(coded.case, sort=False)
        np.testing.assert_array_equal(coded.previous_activity, by_case.shift(1).fillna(-1).to_numpy())
        np.testing.assert_array_equal(coded.following_activity, by_case.shift(-1).fillna(-1).to_numpy())
        np.testing.assert_array_equal(coded.previous_counts.sum(axis=1), np.bincount(coded.activity))


def test_text_codes_keep_category_codes_when_every_category_occurs():
    values = pd.Series(pd.Categorical(["k2", "k1", "k2", None], categories=["k2", "k1"]))
    codes, labels = text_codes(values, sort=False, as_index=True)
    assert codes.tolist() == [0, 1, 0, -1] and isinstance(labels, pd.Index) and list(labels) == ["k2", "k1"]


def test_group_time_order_is_a_stable_lexsort():
    rng = np.random.default_rng(2)
    groups = rng.integers(-1, 4, 5000)  # -1: no resource
    times = (1_700_000_000 + rng.integers(0, 50, 5000)) * 10**9  # many ties: the row decides
    times[::9] = NAT
    expected = np.lexsort((np.arange(5000), times, groups))
    np.testing.assert_array_equal(group_time_order(groups, times, "ns"), expected)
    times[1] += 1  # one time off the whole second: counted in nanoseconds, still in one key
    np.testing.assert_array_equal(group_time_order(groups, times, "ns"), np.lexsort((np.arange(5000), times, groups)))
    assert group_time_order(groups * 2**40, times, "ns") is None  # too wide for one int64


def test_count_pairs_match_bincount():
    rng = np.random.default_rng(3)
    first, second = rng.integers(-1, 5, 700_000), rng.integers(-1, 7, 700_000)  # slices of 2**18 rows
    keep = (first >= 0) & (second >= 0)
    expected = np.bincount(first[keep] * 7 + second[keep], minlength=35).reshape(5, 7)
    np.testing.assert_array_equal(count_pairs(first, second, (5, 7)), expected)
    np.testing.assert_array_equal(count_pairs(first, second * 10, (5, 7), divide=10), expected)


def test_local_calendar_matches_pandas_across_clock_changes():
    rng = np.random.default_rng(4)
    for unit, per_second in (("s", 1), ("ms", 10**3), ("ns", 10**9)):
        for zone, start in (("Europe/Helsinki", "2025-03-29"), ("Asia/Kolkata", "2025-03-29"),  # +05:30
                            ("Europe/Helsinki", "1921-04-25")):  # local mean time +01:39:49 until 1921-05-01
            first = pd.Timestamp(start, tz="UTC").value // 10**9
            times = (first + rng.integers(0, 220 * 86400, 5000)) * per_second
            times[::11] = NAT
            local = pd.DatetimeIndex(times.view(f"datetime64[{unit}]")).tz_localize("UTC").tz_convert(zone)
            day, hour = local_calendar(times, unit, zone)
            wall = local.tz_localize(None).asi8
            np.testing.assert_array_equal(day, np.where(local.isna(), NAT, wall // (86400 * per_second)))
            np.testing.assert_array_equal(hour, np.where(local.isna(), -1, local.hour))


def test_resource_predecessors_match_a_lexsort():
    instances = _instances(600)
    instances.loc[::5, "timestamp"] = instances["timestamp"].iloc[0]  # ties in time: the row decides
    coded = code_instances(instances)
    order = np.lexsort((np.arange(len(instances)), coded.timestamp, coded.resource))
    expected = np.full(len(instances), -1)
    same = (coded.resource[order][1:] == coded.resource[order][:-1]) & (coded.resource[order][1:] >= 0)
    expected[order[1:][same]] = order[:-1][same]
    np.testing.assert_array_equal(previous_in_time(coded.resource, coded.timestamp, coded.unit), expected)


def test_handling_statistics_match_pandas():
    rng = np.random.default_rng(5)
    values = np.where(rng.random(301) < 0.2, np.nan, rng.random(301) * 100)
    series = pd.Series(values)
    expected = (series.median(), series.mean(), series.std(), series.count(), series.quantile(0.9))
    np.testing.assert_allclose(_statistics(values.copy()), expected, rtol=1e-12)


def test_per_activity_counts_match_pandas():
    instances = _instances()
    instances["timestamp"] = pd.Timestamp("2025-01-01", tz="UTC") + pd.to_timedelta(
        np.random.default_rng(6).integers(0, 150 * 86400, len(instances)), unit="s")  # five months
    coded = code_instances(instances)
    activity = instances["activity"].astype(str)
    expected = instances.groupby(activity)["case_id"].nunique().to_numpy()
    np.testing.assert_array_equal(_distinct_per_activity(coded, coded.case, len(coded.case_labels)), expected)
    month = instances["timestamp"].dt.tz_localize(None).dt.to_period("M")
    counts = instances.groupby([activity, month]).size().unstack(fill_value=0).iloc[:, 1:-1]  # partial ends
    expected = counts.std(axis=1) / counts.mean(axis=1)
    pd.testing.assert_series_equal(_monthly_variability(coded), expected, check_names=False, check_index_type=False)


def test_previous_of_a_slice_is_previous():
    instances = _instances().sort_values("case_id", kind="stable", ignore_index=True)
    coded = code_instances(instances)
    np.testing.assert_array_equal(coded.previous_of(slice(37, 211)), coded.previous[37:211])
