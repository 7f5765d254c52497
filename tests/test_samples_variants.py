# SPDX-License-Identifier: AGPL-3.0-or-later
"""Generator variants: each field of ``Variant`` changes the log the way its docstring says, and only then."""
from __future__ import annotations

import pandas as pd
import pytest

from rpa_finder.errors import UsageError
from rpa_finder.samples import SYSTEM_USERS, Variant, generate_log

CASES = 300


def log(process: str = "ostolaskut", seed: int = 21, **fields) -> tuple[pd.DataFrame, pd.DataFrame]:
    return generate_log(process, cases=CASES, seed=seed, lifecycle=True, lifecycle_style="column",
                        variant=Variant(**fields) if fields else None)


def people(events: pd.DataFrame) -> pd.Series:
    return events["Käsittelijä"].notna() & ~events["Käsittelijä"].isin(SYSTEM_USERS)


def overlaps(events: pd.DataFrame) -> int:
    """Work items of a person that start before the person's previous one ended."""
    work = events[people(events) & events["Aloitusaika"].notna()].sort_values(["Käsittelijä", "Aloitusaika"])
    return int((work["Aloitusaika"] < work.groupby("Käsittelijä")["Aikaleima"].shift()).sum())


def test_default_variant_is_todays_generator():
    today, truth = log()
    again, truth_again = log(one_at_a_time=False)  # Variant() spelled out
    pd.testing.assert_frame_equal(today, again)
    pd.testing.assert_frame_equal(truth, truth_again)
    assert list(truth.columns) == ["process", "activity", "label", "why", "true_minutes_median"]


def test_true_minutes_are_the_simulated_medians():
    events, truth = log("varhaiskasvatus")
    minutes = (events["Aikaleima"] - events["Aloitusaika"]).dt.total_seconds() / 60
    expected = minutes.groupby(events["Toimenpide"]).median()
    got = truth.set_index("activity")["true_minutes_median"]
    pd.testing.assert_series_equal(got.reindex(expected.index), expected, check_names=False, atol=0.02)


@pytest.mark.parametrize("process", ["ostolaskut", "rakennuslupa"])
def test_one_at_a_time_gives_each_person_one_open_item(process):
    several, _ = log(process)
    alone, truth = log(process, one_at_a_time=True)
    assert overlaps(several) > 50  # today people start items in parallel
    assert overlaps(alone) == 0
    work = alone[people(alone)]
    assert work["Aloitusaika"].dt.hour.between(8, 15).all()  # still office hours, on weekdays
    assert work["Aloitusaika"].dt.day_of_week.max() <= 4
    # each case still runs in step order: no person's step starts before the case's previous one ended
    ordered = work.sort_values(["Asianumero", "Aloitusaika"])
    assert (ordered["Aloitusaika"] >= ordered.groupby("Asianumero")["Aikaleima"].shift().fillna(pd.Timestamp(0))).all()
    assert truth["true_minutes_median"].notna().all()


def test_status_events_are_complete_only_inside_the_person_s_open_work_item():
    events, truth = log(status_events=True)
    labels = truth.set_index("activity")["label"]
    status = labels.index[labels == "inside_work"]
    assert set(status) == {"Lasku tarkastettavana", "Lasku kirjattu", "Hyväksyntä kirjattu"}
    rows = events[events["Toimenpide"].isin(status)]
    assert len(rows) > CASES and rows["Aloitusaika"].isna().all()
    work = events[events["Aloitusaika"].notna()]
    pairs = rows.reset_index().merge(work, on=["Asianumero", "Käsittelijä"], suffixes=("", "_work"))
    inside = (pairs["Aloitusaika_work"] < pairs["Aikaleima"]) & (pairs["Aikaleima"] < pairs["Aikaleima_work"])
    assert inside.groupby(pairs["index"]).any().all()  # every status row lies inside one of them
    assert (truth.set_index("activity").loc[status, "true_minutes_median"] == 0).all()
    rows_style, _ = generate_log("ostolaskut", cases=50, seed=3, lifecycle=True, variant=Variant(status_events=True))
    assert (rows_style.loc[rows_style["Toimenpide"].isin(status), "Tila"] == "valmis").all()


def test_batch_without_resource_runs_on_a_few_nights():
    events, truth = log("rakennuslupa", batch_without_resource=True)
    batch = events[events["Toimenpide"] == "Siirrä rakennusrekisteriin"]
    assert len(batch) == CASES and batch["Käsittelijä"].isna().all()
    per_date = batch["Aikaleima"].dt.date.value_counts()
    assert len(per_date) <= 8 and per_date.max() >= CASES / 8
    assert (batch["Aikaleima"].dt.hour == 3).all()
    assert truth.set_index("activity").loc["Siirrä rakennusrekisteriin", "label"] == "already_automated"


def test_missing_resource_share_blanks_people_only():
    events, _ = log(missing_resource_share=0.3)
    human = ~events["Toimenpide"].isin(["Vastaanota lasku", "Täsmäytä ostotilaukseen", "Maksa lasku",
                                        "Lähetä muistutus hyväksyjälle"])
    assert events.loc[human, "Käsittelijä"].isna().mean() == pytest.approx(0.3, abs=0.03)
    assert events.loc[~human, "Käsittelijä"].notna().all()


def test_handling_scale_and_judgement_spread():
    base = log()[1].set_index("activity")
    slow = log(handling_scale=2.0)[1].set_index("activity")
    human = base["label"].isin(["automatable", "judgment"])
    ratio = slow.loc[human, "true_minutes_median"] / base.loc[human, "true_minutes_median"]
    assert ratio.between(1.8, 2.2).all()
    assert slow.loc[~human, "true_minutes_median"].equals(base.loc[~human, "true_minutes_median"])

    def spread(events):
        minutes = (events["Aikaleima"] - events["Aloitusaika"]).dt.total_seconds()
        judged = minutes[events["Toimenpide"] == "Tarkista laskun tiedot"]
        return judged.quantile(0.75) / judged.quantile(0.25)

    assert spread(log(judgement_sigma=0.9)[0]) > 1.3 * spread(log()[0])


def test_judgement_share_thins_optional_judgement_only():
    def counts(events):
        return events["Toimenpide"].value_counts()

    full, half = counts(log("rakennuslupa")[0]), counts(log("rakennuslupa", judgement_share=0.5)[0])
    for optional in ("Katselmoi", "Pyydä täydennystä"):
        assert half[optional] == pytest.approx(full[optional] / 2, rel=0.3)
    assert half["Tee lupapäätös"] == full["Tee lupapäätös"] == CASES  # every case still gets its decision


@pytest.mark.parametrize("fields", [{"missing_resource_share": 1.5}, {"judgement_share": -0.1},
                                    {"handling_scale": 0.0}])
def test_values_outside_their_meaning_are_usage_errors(fields):
    with pytest.raises(UsageError, match="must be"):
        log(**fields)
