# SPDX-License-Identifier: AGPL-3.0-or-later
"""The scorer's contract, configurable weights, rank stability, knock-outs, the legal flag, reasons, savings."""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from rpa_finder.analysis import analyze_log
from rpa_finder.config import AnalysisConfig, load_config
from rpa_finder.ingest import read_log
from rpa_finder.samples import generate_log, write_finnish_csv
from rpa_finder.scoring.candidates import CANDIDATE_COLUMNS, CandidateSettings
from rpa_finder.scoring.criteria import CRITERIA, DEFAULT_WEIGHTS
from rpa_finder.scoring.reasons import write_reason
from rpa_finder.scoring.savings import SavingsSettings, estimate_savings
from rpa_finder.scoring.scorer import AutomationScorer, NotFittedError, measure_top_stability
from rpa_finder.scoring.semantics import decides_matter, score_labels
from rpa_finder.read_options import ReadOptions


@pytest.fixture(scope="module")
def invoices(tmp_path_factory):
    """Two runs of the invoice process: a baseline year and a later, smaller export."""
    out = {}
    for name, seed, cases in (("baseline", 11, 1200), ("later", 12, 300)):
        events, truth = generate_log("ostolaskut", cases=cases, seed=seed, lifecycle=True)
        path = write_finnish_csv(events, tmp_path_factory.mktemp(name) / f"{name}.csv")
        ingest = read_log(path, ReadOptions())
        out[name] = analyze_log(ingest, AnalysisConfig(), discover=False)
    out["truth"] = truth.set_index("activity")["label"]
    return out


def _activities(result) -> pd.DataFrame:
    table = result.scored.candidates
    return table[table["kind"] == "activity"].set_index("activity")


def test_estimator_contract_get_set_params_and_fit_returns_self(invoices):
    features = invoices["baseline"].scored.features
    scorer = AutomationScorer(weights={"volume": 2.0})
    assert scorer.get_params() == {"weights": {"volume": 2.0}}
    assert scorer.set_params(weights={"workload": 0.5}) is scorer
    assert scorer.get_params()["weights"] == {"workload": 0.5}
    with pytest.raises(ValueError, match="invalid parameter"):
        scorer.set_params(colour="red")
    assert scorer.fit(features) is scorer
    assert scorer.weights_["workload"] == 0.5 and scorer.weights_["volume"] == DEFAULT_WEIGHTS["volume"]


def test_not_fitted_error_before_fit(invoices):
    features = invoices["baseline"].scored.features
    with pytest.raises(NotFittedError, match="not fitted"):
        AutomationScorer().rank_candidates(features)
    with pytest.raises(NotFittedError):
        AutomationScorer().to_json()


def test_unknown_or_negative_weight_is_refused(invoices):
    features = invoices["baseline"].scored.features
    with pytest.raises(ValueError, match="unknown criterion 'speed'"):
        AutomationScorer(weights={"speed": 1.0}).fit(features)
    with pytest.raises(ValueError, match=">= 0"):
        AutomationScorer(weights={"volume": -1.0}).fit(features)


def test_json_round_trip_gives_identical_scores(invoices):
    features = invoices["baseline"].scored.features
    scorer = AutomationScorer(weights={"rule_basedness": 2.0}).fit(features)
    restored = AutomationScorer.from_json(scorer.to_json())
    pd.testing.assert_frame_equal(scorer.rank_candidates(features), restored.rank_candidates(features))
    with pytest.raises(ValueError, match="not a fitted"):
        AutomationScorer.from_json('{"kind": "something else"}')


def test_later_log_is_scored_on_the_baseline_scale(invoices):
    baseline = invoices["baseline"].scored.scorer
    later_features = invoices["later"].scored.features
    own = AutomationScorer().fit(later_features)
    assert own.ranges_["volume"] != baseline.ranges_["volume"]  # the smaller log has its own range
    on_baseline = baseline.rank_candidates(later_features)
    # Volume sub-score computed by hand from the baseline's fitted range, not the later log's.
    low, high = baseline.ranges_["volume"]
    expected = ((np.log1p(later_features["events_per_year"]) - low) / (high - low)).clip(0, 1)
    np.testing.assert_allclose(on_baseline["score_volume"], expected.round(4), atol=1e-4)
    # The pipeline does the same when handed the fitted scorer.
    again = analyze_log(invoices["later"].ingest, AnalysisConfig(), scorer=baseline, discover=False)
    assert again.scored.scorer is baseline
    scored = again.scored.candidates.set_index("activity")
    np.testing.assert_allclose(scored.loc[later_features.index, "score_volume"], expected.round(4), atol=1e-4)


def test_toml_weights_change_the_ranking_as_expected(invoices, tmp_path):
    features = invoices["baseline"].scored.features
    config_path = tmp_path / "weights.toml"
    config_path.write_text("[weights]\nvolume = 10.0\nlabel_semantics = 0.0\n", encoding="utf-8")
    config = load_config(config_path)
    assert config.candidates.weights == {"volume": 10.0, "label_semantics": 0.0}
    default = AutomationScorer().fit(features).rank_candidates(features)
    heavy = AutomationScorer(weights=config.candidates.weights).fit(features).rank_candidates(features)
    # With volume dominating, the busiest step ranks at least as high as before and the rare second
    # approval falls; the approval, whose name says judgment, is no longer held back by its label.
    busiest = features["events_per_year"].idxmax()
    assert heavy.loc[busiest, "rank"] <= default.loc[busiest, "rank"]
    rare = features["events_per_year"].idxmin()
    assert heavy.loc[rare, "rank"] >= default.loc[rare, "rank"]
    assert heavy.loc["Hyväksy lasku", "rank"] < default.loc["Hyväksy lasku", "rank"]
    # The full pipeline takes the weights from the config.
    result = analyze_log(invoices["baseline"].ingest, config, discover=False)
    assert result.scored.scorer.weights_["volume"] == 10.0


def test_rank_stability_is_reported_per_candidate_and_summarised(invoices):
    # robots as cheap as an open-source municipal stack, so that this year's invoices have paying candidates
    cheap = SavingsSettings(robot_running_eur_per_year=(100.0, 300.0, 600.0), robot_development_eur=(500.0, 1000.0, 2000.0))
    config = AnalysisConfig(candidates=CandidateSettings(savings=cheap))
    result = analyze_log(invoices["baseline"].ingest, config, discover=False)
    table = result.scored.candidates
    ranked = table[table["rank"].notna()]
    assert len(ranked) >= 2 and (ranked["verdict"] == "robot_candidate").all()
    assert (ranked["rank_best"] <= ranked["rank"]).all() and (ranked["rank"] <= ranked["rank_worst"]).all()
    assert table.loc[table["rank"].isna(), ["rank_best", "rank_worst"]].isna().all().all()
    assert 0.0 <= result.scored.top5_stability <= 1.0
    expected = measure_top_stability(table["rank"], table["rank_worst"], top=5)
    assert result.scored.top5_stability == expected
    assert measure_top_stability(pd.Series([1, 2, 3]), pd.Series([1, 6, 3]), top=3) == pytest.approx(2 / 3, abs=1e-3)
    # robot candidates are ranked by net value, the biggest first
    assert ranked.sort_values("rank")["net_savings_eur_mid"].is_monotonic_decreasing


def test_knock_outs_are_listed_with_their_verdict_not_ranked(invoices):
    table = _activities(invoices["baseline"])
    truth = invoices["truth"]
    automated = truth[truth == "already_automated"].index
    assert (table.loc[automated, "verdict"] == "already_automated").all()
    assert (table.loc[automated, "status"] == "already_automated").all()
    assert table.loc[automated, "rank"].isna().all()
    assert table.loc[table["verdict"] != "robot_candidate", "rank"].isna().all()
    assert table.loc[table["verdict"] == "robot_candidate", "rank"].notna().all()
    assert list(CANDIDATE_COLUMNS[:6]) == ["rank", "kind", "activity", "label", "verdict", "feasibility"]
    assert set(CANDIDATE_COLUMNS) <= set(invoices["baseline"].scored.candidates.columns)


def test_legal_flag_on_decisions_not_on_sending_them():
    labels = pd.Series(["Tee sijoituspäätös", "Tee lupapäätös", "Hyväksy lasku", "Besluta om bygglov",
                        "Lähetä päätös", "Kirjaa lasku", "enter senddate decision", "Skicka beslut"])
    assert decides_matter(labels).tolist() == [True, True, True, True, False, False, False, False]
    semantics = score_labels(labels)
    assert (semantics[:4] == 0).all() and (semantics[[4, 5, 7]] > 0.5).all()  # sending a decision leans routine
    assert np.isnan(score_labels(pd.Series(["Katso"])).iloc[0])  # says nothing -> unmeasurable


def test_legal_flag_reaches_the_candidate_table(invoices):
    table = _activities(invoices["baseline"])
    assert "decides_matter" in table.loc["Hyväksy lasku", "flags"]
    assert "decides_matter" not in table.loc["Kirjaa lasku", "flags"]
    assert "8 a" in table.loc["Hyväksy lasku", "reason"]


SENTENCE_END = re.compile(r"[.!?]\s+[A-ZÅÄÖ]")
LANGUAGE_WORDS = {"fi": ("Robottiehdokas", "Robotti voisi", "Vaatii ihmisen", "Jo automatisoitu", "Tila, jonka",
                         "Liian vähän", "Rutiiniketju"),
                  "sv": ("Robotkandidat", "En robot kunde", "Kräver mänsklig", "Redan automatiserad", "En status",
                         "För lite", "Rutinkedja"),
                  "en": ("Robot candidate", "A robot could", "Needs human", "Already automated", "A status",
                         "Too little", "Routine of")}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_reason_is_one_sentence_in_the_right_language(invoices, lang):
    table = invoices["baseline"].scored.candidates
    others = [w for other, words in LANGUAGE_WORDS.items() if other != lang for w in words]
    for _, row in table.iterrows():
        text = write_reason(row, lang)
        assert text.endswith(".") and not SENTENCE_END.search(text), text
        assert text.startswith(LANGUAGE_WORDS[lang]), text
        assert not any(text.startswith(w) for w in others)
    with pytest.raises(ValueError, match="language"):
        write_reason(table.iloc[0], "de")


def test_savings_arithmetic_on_a_hand_made_row():
    row = pd.DataFrame({"events_per_year": [1000.0], "handling_minutes": [6.0], "automation_rate": [0.25],
                        "exception_share": [0.2], "handling_measured": [True]})
    settings = SavingsSettings()
    out = estimate_savings(row, settings).iloc[0]
    base = 1000 * 6 / 60 * (1 - 0.25) * (1 - 0.2)  # 60 hours of headroom a year
    assert out["hours_per_year_low"] == pytest.approx(base * 0.8 * 0.3, abs=0.05)  # measured: -20 %, share 30 %
    assert out["hours_per_year"] == pytest.approx(base * 0.5, abs=0.05)
    assert out["hours_per_year_high"] == pytest.approx(base * 1.2 * 0.7, abs=0.05)
    assert out["fte"] == pytest.approx(30 / 1644, abs=1e-3)
    assert out["savings_eur_low"] == round(14.4 * 32) and out["savings_eur_mid"] == 30 * 40
    assert out["savings_eur_high"] == round(50.4 * 48)
    assert out["net_savings_eur_mid"] == 1200 - 3600  # a robot does not pay for 30 hours a year
    assert np.isnan(out["payback_months"])
    big = estimate_savings(row.assign(events_per_year=20000.0), settings).iloc[0]
    assert big["payback_months"] == pytest.approx(12 * 10000 / (600 * 40 - 3600), abs=0.05)


def test_savings_ranges_rise_on_every_row(invoices):
    table = invoices["baseline"].scored.candidates
    known = table[table["hours_per_year"].notna()]
    assert len(known) >= 5
    for low, mid, high in (("hours_per_year_low", "hours_per_year", "hours_per_year_high"),
                           ("savings_eur_low", "savings_eur_mid", "savings_eur_high")):
        assert (known[low] <= known[mid]).all() and (known[mid] <= known[high]).all()
    paid = known[known["payback_months_high"].notna()]
    assert (paid["payback_months_low"] <= paid["payback_months"]).all()
    assert (paid["payback_months"] <= paid["payback_months_high"]).all()
    assert (known["fte"] == (known["hours_per_year"] / 1644).round(3)).all()


def test_criteria_table_drives_the_scores(invoices):
    table = invoices["baseline"].scored.candidates
    for criterion in CRITERIA:
        assert f"score_{criterion.name}" in table and f"contribution_{criterion.name}" in table
    contributions = table[[f"contribution_{c.name}" for c in CRITERIA]].sum(axis=1)
    np.testing.assert_allclose(contributions, table["score"], atol=1e-3)
