# SPDX-License-Identifier: AGPL-3.0-or-later
"""The integer-code shortcuts of scoring give what the pandas operations they replace give."""
from __future__ import annotations

import numpy as np
import pandas as pd

from rpa_finder.scoring.coded import code_instances, group_medians, text_codes
from rpa_finder.scoring.rules import _sample, case_attributes


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
