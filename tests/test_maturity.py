# SPDX-License-Identifier: AGPL-3.0-or-later
"""Maturity levels as data: the default table, indicators measured on logs, levels and their reasons."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from rpa_finder.analysis import analyze_log
from rpa_finder.config import AnalysisConfig
from rpa_finder.errors import ConfigError, UsageError
from rpa_finder.ingest import read_log
from rpa_finder.maturity import (DEFAULT_MODEL_PATH, IndicatorValue, assess_indicators, assess_maturity,
                                 compute_indicators, load_maturity_model)
from rpa_finder.maturity.indicators import pool_indicators

from conftest import SAMPLE_LOGS, dataset

CUSTOM_MODEL = Path(__file__).with_name("maturity_three_levels.toml")
SYSTEM_ACCOUNTS = ("JÄRJESTELMÄ", "ERÄAJO", "ROBOTTI_01")
#: Meets every threshold of the default level 4 except the automation rate (0.30): level 3.
LEVEL_3 = {"automation_rate": 0.2, "digital_intake": 0.8, "standardisation": 0.7, "rework_share": 0.1,
           "data_quality": 0.95, "strong_candidates_automated": 0.5, "reuse": 0.5}


def analyse(path) -> object:
    return analyze_log(read_log(path), AnalysisConfig(), discover=False)


@pytest.fixture(scope="module")
def invoices():
    return analyse(SAMPLE_LOGS / "ostolaskut.csv")


@pytest.fixture(scope="module")
def daycare():
    return analyse(SAMPLE_LOGS / "varhaiskasvatus.csv")


@pytest.fixture(scope="module")
def permits():
    return analyse(SAMPLE_LOGS / "rakennuslupa.xes")


@pytest.fixture(scope="module")
def model():
    return load_maturity_model()


def automated_truth_share(name: str) -> float:
    """Share of completed steps that the generator gave to system, batch or robot accounts."""
    truth = pd.read_csv(SAMPLE_LOGS / f"{name}.truth.csv")
    rows = pd.read_csv(SAMPLE_LOGS / f"{name}.csv", sep=";", encoding="utf-8-sig")
    if "Tila" in rows:
        rows = rows[rows["Tila"] == "valmis"]
    return float(rows["Toimenpide"].isin(truth.loc[truth["label"] == "already_automated", "activity"]).mean())


# --- the default table ---------------------------------------------------------------------------

def test_default_model_has_the_five_public_administration_levels_in_three_languages(model):
    assert [level.name["fi"] for level in model.levels] == ["Alustava", "Osittainen", "Määritelty", "Johdettu",
                                                            "Strateginen"]
    assert [level.name["en"] for level in model.levels] == ["Initial", "Partial", "Defined", "Managed", "Strategic"]
    assert [level.name["sv"] for level in model.levels] == ["Inledande", "Partiell", "Definierad", "Styrd",
                                                            "Strategisk"]
    assert "not the official KUNIT table" in model.disclaimer["en"]
    assert "KUNIT" in model.disclaimer["fi"] and "KUNIT" in model.disclaimer["sv"]
    for level in model.levels:
        for language in ("fi", "sv", "en"):
            assert level.characteristics[language] and level.next_steps[language]
        assert level.number == 1 or level.thresholds
    assert set(model.requirements(5)) == set(model.indicators)


# --- indicators on logs --------------------------------------------------------------------------

def test_sample_indicators_are_shares_between_zero_and_one(invoices, daycare, permits):
    for result in (invoices, daycare, permits):
        for item in compute_indicators(result, [invoices]).values():
            if item.measurable:
                assert 0.0 <= item.value <= 1.0, (result.name, item)
                assert item.weight > 0


@pytest.mark.parametrize("name", ["ostolaskut", "varhaiskasvatus"])
def test_automation_rate_is_the_share_of_steps_the_generator_gave_to_machines(name, invoices, daycare):
    result = {"ostolaskut": invoices, "varhaiskasvatus": daycare}[name]
    value = compute_indicators(result)["automation_rate"].value
    assert value == pytest.approx(automated_truth_share(name), abs=0.005)


def test_renaming_the_robot_accounts_to_people_lowers_the_automation_rate(invoices, tmp_path):
    text = (SAMPLE_LOGS / "ostolaskut.csv").read_text(encoding="utf-8-sig")
    for account, person in zip(SYSTEM_ACCOUNTS, ("Korhonen Matti", "Nieminen Liisa", "Mäkinen Juha")):
        text = text.replace(account, person)
    manual = tmp_path / "ostolaskut_manual.csv"
    manual.write_text(text, encoding="utf-8-sig")
    before = compute_indicators(invoices)
    after = compute_indicators(analyse(manual))
    assert before["automation_rate"].value > 0.3
    assert after["automation_rate"].value < before["automation_rate"].value - 0.25
    levels = [assess_indicators(values).level for values in (before, after)]
    assert levels[0] > levels[1]


def test_digital_intake_reads_the_invoice_channel_column(invoices):
    rows = pd.read_csv(SAMPLE_LOGS / "ostolaskut.csv", sep=";", encoding="utf-8-sig").drop_duplicates("Asianumero")
    item = compute_indicators(invoices)["digital_intake"]
    assert item.detail["channel_column"] == "Kanava"
    assert item.value == pytest.approx((rows["Kanava"] == "Verkkolasku").mean())
    assert item.value < 0.9  # the system account that receives paper invoices does not make them digital


def test_digital_intake_falls_back_to_the_first_steps_account(daycare):
    item = compute_indicators(daycare)["digital_intake"]
    assert item.detail["channel_column"] is None and item.detail["cases_by_account"] == 300
    assert item.value == 1.0  # every application arrives through the e-service (JÄRJESTELMÄ)


def test_real_receipt_log_counts_internet_intake_and_not_email():
    result = analyse(dataset("receipt_wabo/receipt_WABO_CoSeLoG.xes.gz"))
    channels = result.ingest.log.cases["channel"]
    item = compute_indicators(result)["digital_intake"]
    assert item.detail["channel_level"] == "case"
    assert item.value == pytest.approx((channels == "Internet").sum() / channels.notna().sum())
    assert item.value == pytest.approx(1250 / 1434)


def test_real_log_without_accounts_reports_not_measurable_and_still_gets_a_level():
    result = analyse(dataset("other_domains/Sepsis_Cases.xes.gz"))
    process = assess_maturity([result]).to_dict()["processes"][0]
    rows = {row["name"]: row for row in process["indicators"]}
    for name in ("automation_rate", "digital_intake", "reuse"):
        assert rows[name]["measurable"] is False and rows[name]["value"] is None
        assert rows[name]["not_measurable_because"]["en"]
    assert rows["data_quality"]["detail"]["missing_account_share"] == 1.0
    assert rows["rework_share"]["measurable"] and 0 < rows["rework_share"]["value"] < 1
    assert any("automation rate: not measurable" in line for line in process["reasons"]["en"])
    assert 1 <= process["level"] <= 5


def test_reuse_needs_several_logs_and_names_the_shared_candidates(daycare, permits):
    alone = compute_indicators(daycare)["reuse"]
    assert not alone.measurable and alone.why == "single_log"
    together = compute_indicators(daycare, [permits])["reuse"]
    assert together.measurable and together.value > 0
    shared = together.detail["shared"]
    permit_rows = permits.scored.candidates
    known = set(permit_rows.loc[permit_rows["status"].isin(["candidate", "already_automated"]), "activity"])
    open_daycare = set(daycare.scored.candidates.query("status == 'candidate'")["activity"])
    assert shared and set(shared) <= known & open_daycare
    assert together.value == pytest.approx(len(shared) / len(open_daycare))


# --- levels --------------------------------------------------------------------------------------

def test_hand_built_indicators_hit_level_3_and_name_what_lifts_them(model):
    result = assess_indicators(LEVEL_3, model)
    assert result.level == 3
    assert result.next_steps["en"][0] == "raise the automation rate from 20 % to 30 %"
    assert result.next_steps["fi"][0] == "nosta automaatioaste 20 % → 30 %"
    assert "Level 4 (Managed) not reached: automation rate 20 % < 30 %." in result.reasons["en"]
    assert any(line.startswith("Nivå 4 (Styrd) uppfylls inte") for line in result.reasons["sv"])
    # the level's own recommended steps follow the indicator's
    assert result.next_steps["en"][1:] == model.level(3).next_steps["en"]
    row = next(r for r in result.indicator_rows() if r["name"] == "automation_rate")
    assert row["threshold_met"] == 0.15 and row["threshold_next"] == 0.3 and row["meets_next"] is False
    assert assess_indicators({**LEVEL_3, "automation_rate": 0.35}, model).level == 4
    assert assess_indicators({**LEVEL_3, "rework_share": 0.5}, model).level == 2  # fails level 3 (<= 30 %)


def test_a_next_step_the_log_already_meets_is_not_recommended(model):
    # level 1 (no digital intake yet) with a complete, time-stamped log: no advice to record the handler
    # and time of every step, while the steps the log does not meet stay
    complete_log = {**LEVEL_3, "digital_intake": 0.0, "data_quality": 0.99}
    result = assess_indicators(complete_log, model)
    assert result.level == 1
    record = model.level(1).next_steps["en"][0]
    assert record.startswith("Record the account and time") and record not in result.next_steps["en"]
    assert model.level(1).next_steps["en"][1] in result.next_steps["en"]  # e-services: intake is 0 %
    poor_log = assess_indicators({**complete_log, "data_quality": 0.3}, model)
    assert record in poor_log.next_steps["en"]
    unknown = assess_indicators({**complete_log, "data_quality": float("nan")}, model)
    assert record in unknown.next_steps["en"]  # not measured: the advice stands


def test_not_measurable_indicators_neither_block_nor_lift(model):
    blocked = assess_indicators({**LEVEL_3, "digital_intake": float("nan")}, model)
    assert blocked.level == 3
    row = next(r for r in blocked.indicator_rows() if r["name"] == "digital_intake")
    assert row["measurable"] is False and row["value"] is None and row["threshold_met"] is None
    assert any("cases with digital intake: not measurable" in line for line in blocked.reasons["en"])
    assert assess_indicators({name: float("nan") for name in LEVEL_3}, model).level == 1
    # level 2 of the custom table asks only about rework: without it, nothing is lifted
    custom = load_maturity_model(CUSTOM_MODEL)
    assert assess_indicators({"rework_share": float("nan"), "reuse": 0.9}, custom).level == 1
    assert assess_indicators({"rework_share": 0.2, "reuse": float("nan")}, custom).level == 2


def test_organisation_is_the_volume_weighted_pool_of_its_processes(invoices, daycare):
    assessment = assess_maturity([invoices, daycare])
    data = assessment.to_dict()
    assert data["organisation"]["processes"] == 2
    for name in ("automation_rate", "rework_share", "data_quality"):
        parts = [p.indicators[name] for p in assessment.processes]
        expected = sum(p.value * p.weight for p in parts) / sum(p.weight for p in parts)
        assert assessment.organisation.indicators[name].value == pytest.approx(expected)
    a = IndicatorValue("automation_rate", 0.1, weight=900)
    b = IndicatorValue("automation_rate", 0.5, weight=100)
    nan = IndicatorValue("automation_rate", float("nan"), weight=0, why="no_accounts")
    assert pool_indicators([{"automation_rate": a}, {"automation_rate": b}, {"automation_rate": nan}])[
        "automation_rate"].value == pytest.approx(0.14)
    assert not pool_indicators([{"automation_rate": nan}])["automation_rate"].measurable


def test_assessment_json_carries_the_disclaimer_and_every_field(invoices, daycare):
    data = assess_maturity([invoices, daycare]).to_dict()
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)  # NaN never reaches the JSON
    assert "not the official KUNIT table" in text
    assert set(data["model"]) == {"name", "source", "disclaimer"}
    for process in [data["organisation"], *data["processes"]]:
        assert set(process["level_name"]) == {"fi", "sv", "en"}
        assert set(process["reasons"]) == set(process["next_steps"]) == {"fi", "sv", "en"}
        assert all(process["next_steps"][lang] for lang in ("fi", "sv", "en"))
        for row in process["indicators"]:
            assert {"name", "label", "value", "unit", "measurable", "threshold_next"} <= set(row)
    assert [p["name"] for p in data["processes"]] == ["ostolaskut.csv", "varhaiskasvatus.csv"]


def test_no_logs_is_a_usage_error():
    with pytest.raises(UsageError, match="no analysed logs"):
        assess_maturity([])


# --- loading other tables ------------------------------------------------------------------------

def test_custom_table_with_other_levels_and_indicators_drives_the_assessment(daycare, permits):
    custom = load_maturity_model(CUSTOM_MODEL)
    assert [level.name["en"] for level in custom.levels] == ["Bronze", "Silver", "Gold"]
    data = assess_maturity([daycare, permits], custom).to_dict()
    assert data["model"]["name"] == "Test table: three levels"
    for process in data["processes"]:
        assert [row["name"] for row in process["indicators"]] == ["rework_share", "reuse"]
        assert process["level"] == 3 and process["level_name"]["sv"] == "Guld"  # rework < 50 %, reuse > 10 %
    alone = assess_maturity([daycare], custom).to_dict()["processes"][0]
    assert alone["level"] == 2
    assert "Level 3 (Gold) could not be assessed" in alone["reasons"]["en"][1]


def rewrite(tmp_path, old: str, new: str) -> Path:
    text = DEFAULT_MODEL_PATH.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "model.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize("old, new, message", [
    ('[model]\n', '[model]\ncolour = "blue"\n', r"\[model\]: unknown key 'colour'"),
    ("number = 2\n", "number = 2\nweight = 3\n", r"unknown key 'weight'"),
    ('next_step_indicators = ["data_quality", "digital_intake", "standardisation"]',
     'next_step_indicators = ["data_quality", "happiness", "standardisation"]', r"next_step_indicators must list"),
    ('next_step_indicators = ["data_quality", "digital_intake", "standardisation"]',
     'next_step_indicators = ["data_quality"]', r"next_step_indicators must list"),
    ("thresholds = { data_quality = 0.8, automation_rate = 0.15, digital_intake = 0.5, standardisation = 0.5, "
     "rework_share = 0.3 }", "thresholds = {}", r"level 3 has no thresholds"),
    ("[indicators.reuse]", "[indicators.happiness]", r"unknown indicator 'happiness'"),
    ("thresholds = { data_quality = 0.6,", "thresholds = { speed = 0.6,", r"unknown key 'speed'"),
    ("automation_rate = 0.5,", "automation_rate = 0.1,", r"level 5 asks less of automation_rate"),
    ('unit = "score"', 'unit = "euro"', r"unit must be one of"),
])
def test_loader_refuses_a_wrong_table_in_one_line_naming_the_file(tmp_path, old, new, message):
    path = rewrite(tmp_path, old, new)
    with pytest.raises(ConfigError, match=message) as error:
        load_maturity_model(path)
    assert str(path) in str(error.value) and "\n" not in str(error.value)
    assert error.value.exit_code == 78


def test_loader_refuses_a_level_without_a_thresholds_key(tmp_path):
    path = tmp_path / "three.toml"
    path.write_text(CUSTOM_MODEL.read_text(encoding="utf-8").replace("thresholds = { reuse = 0.1 }\n", ""),
                    encoding="utf-8")
    with pytest.raises(ConfigError, match=r"three.toml: \[\[levels\]\] #3: level 3 has no thresholds"):
        load_maturity_model(path)


def test_loader_reports_missing_file_and_bad_toml(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_maturity_model(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("[model\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="bad.toml: not valid TOML"):
        load_maturity_model(bad)
