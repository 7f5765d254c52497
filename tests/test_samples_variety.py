# SPDX-License-Identifier: AGPL-3.0-or-later
"""The generator's high-variety setting (rpa_finder.samples.variety): variety and attributes like a real export."""
from __future__ import annotations

import pandas as pd

from rpa_finder.samples import generate_log
from rpa_finder.samples.variety import HIGH_VARIETY, Variety, add_variety, generate_cases, measure_variety


def test_high_variety_has_real_export_variety_and_attribute_counts():
    events, _ = generate_log("ostolaskut", cases=2_000, seed=3)
    plain, varied = measure_variety(events), measure_variety(add_variety(events, HIGH_VARIETY, seed=3))
    assert plain["variants_per_1000_cases"] < 30                       # the simulated paths alone: few variants
    assert 100 <= varied["variants_per_1000_cases"] <= 400              # hundreds per 1,000 cases, not one per case
    assert 100 <= varied["activities"] <= 140 and 10 <= varied["columns"] <= 30
    assert varied["cases"] == plain["cases"] and varied["events"] > plain["events"]


def test_add_variety_is_seeded_and_keeps_cases_in_time_order():
    events, _ = generate_log("rakennuslupa", cases=300, seed=5, lifecycle=True)
    first = add_variety(events, Variety(deviating_share=0.5), seed=9)
    pd.testing.assert_frame_equal(first, add_variety(events, Variety(deviating_share=0.5), seed=9))
    assert not first.equals(add_variety(events, Variety(deviating_share=0.5), seed=10))
    within = first.groupby("Asianumero", sort=False)["Aikaleima"].apply(lambda t: t.is_monotonic_increasing)
    assert within.all()
    side = ~first["Toimenpide"].isin(set(events["Toimenpide"]))
    assert (first.loc[side, "Tila"] == "valmis").all()                 # side steps are complete-only rows


def test_generate_cases_draws_new_cases_up_to_the_target():
    frame = generate_cases("varhaiskasvatus", 5_000, seed=2, variety=HIGH_VARIETY, chunk_cases=200)
    assert 4_800 <= len(frame) <= 5_000
    ids = frame["Asianumero"]
    assert (ids != ids.shift()).sum() == ids.nunique()                  # each case's rows together, never repeated
    assert ids.str.contains(r"-[0-9]+-[0-9]{6}$").all() and ids.str.extract(r"-(\d+)-\d{6}$")[0].nunique() > 1
