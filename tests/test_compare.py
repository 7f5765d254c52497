# SPDX-License-Identifier: AGPL-3.0-or-later
"""rpa-finder compare: alignment across organisations, shared candidates, joint savings, the CLI."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import dataset, shared_log
from rpa_finder.analysis import analyze_path
from rpa_finder.cli import main
from rpa_finder.comparison import compare_logs, compare_organisations, shared_in_all
from rpa_finder.comparison.align import align_activities, label_similarity, read_activity_map
from rpa_finder.comparison.shared import SharingSettings, find_reuse_opportunities, rank_shared_candidates
from rpa_finder.config import AnalysisConfig
from rpa_finder.errors import ConfigError
from rpa_finder.samples import generate_log, write_finnish_csv
from rpa_finder.scoring.savings import SavingsSettings

#: The purchase-invoice process in Swedish, as a bilingual municipality's system would name its steps.
SWEDISH = {
    "Vastaanota lasku": "Ta emot faktura", "Skannaa lasku": "Skanna faktura",
    "Tarkista laskun tiedot": "Kontrollera fakturans uppgifter", "Pyydä lisätietoja": "Begär tilläggsuppgifter",
    "Täsmäytä ostotilaukseen": "Matcha mot inköpsorder", "Kirjaa lasku": "Registrera faktura",
    "Tiliöi lasku": "Kontera faktura", "Lähetä muistutus hyväksyjälle": "Skicka påminnelse till godkännaren",
    "Hyväksy lasku": "Godkänn faktura", "Hyväksy lasku (2. hyväksyjä)": "Godkänn faktura (2. godkännare)",
    "Maksa lasku": "Betala faktura", "Arkistoi lasku": "Arkivera fakturan",
}


def _run(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    return exit_info.value.code


@pytest.fixture(scope="module")
def two_logs(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("orgs")
    finnish, _ = generate_log("ostolaskut", cases=90, seed=1)
    swedish, _ = generate_log("ostolaskut", cases=80, seed=7)
    swedish["Toimenpide"] = swedish["Toimenpide"].map(SWEDISH)
    assert swedish["Toimenpide"].notna().all()  # every step translated
    return write_finnish_csv(finnish, folder / "espoo.csv"), write_finnish_csv(swedish, folder / "grankulla.csv")


@pytest.fixture(scope="module")
def small_comparison(two_logs):
    return compare_logs(list(two_logs), names=["Espoo", "Grankulla"], jobs=1)


# --- alignment ---------------------------------------------------------------------------------

@pytest.mark.parametrize("finnish, other", [
    ("Lähetä päätös", "Skicka beslut"),
    ("Kirjaa lasku", "Registrera faktura"),
    ("Arkistoi lasku", "Arkivera fakturan"),
    ("Tee sijoituspäätös", "Fatta placeringsbeslut"),
    ("Arkistoi lasku", "ARKISTOI LASKUT"),
    ("Hyväksy lasku", "Approve invoice"),
])
def test_true_pairs_score_above_the_threshold(finnish, other):
    assert label_similarity(finnish, other) >= 0.8


@pytest.mark.parametrize("finnish, other", [
    ("Kirjaa lasku", "Arkivera fakturan"),   # same object, different verb
    ("Lähetä päätös", "Arkivera beslut"),
    ("Tarkista liitteet", "Skicka beslut"),
    ("subcase art. 34 completed", "subcase art. 35 completed"),  # numbers differ: never certain
])
def test_different_steps_stay_below_the_threshold(finnish, other):
    assert label_similarity(finnish, other) < 0.7


def test_suggested_mapping_finds_the_true_fi_sv_pairs(small_comparison):
    mapping = small_comparison.activity_map
    shared = mapping.set_index(["organisation", "activity"])["shared_activity"]
    for finnish, swedish in SWEDISH.items():
        assert shared[("Espoo", finnish)] == shared[("Grankulla", swedish)], (finnish, swedish)
    assert set(mapping["method"]) == {"suggested"}
    assert mapping["confidence"].between(0.7, 1).all()
    # one to one: every aligned activity has exactly one step of each organisation
    assert (mapping.groupby("shared_activity")["organisation"].nunique() == 2).all()
    assert mapping.groupby("shared_activity").size().max() == 2


def test_exact_names_win_and_unmatched_stay_alone():
    mapping = align_activities({
        "A": pd.Series({"01_HOOFD_010": "register submission", "Kirjaa lasku": "Kirjaa lasku", "Katselmoi": "Katselmoi"}),
        "B": pd.Series({"01_HOOFD_010": "record submission", "Registrera faktura": "Registrera faktura"}),
    })
    rows = mapping.set_index(["organisation", "activity"])
    assert rows.loc[("B", "01_HOOFD_010"), "method"] == "exact"
    assert rows.loc[("B", "Registrera faktura"), "shared_activity"] == "Kirjaa lasku"
    assert rows.loc[("A", "Katselmoi"), "method"] == "unmatched"
    assert np.isnan(rows.loc[("A", "Katselmoi"), "confidence"])


def test_activity_map_overrides_a_suggestion(small_comparison, tmp_path):
    path = tmp_path / "map.csv"
    # the user says Espoo's "Kirjaa lasku" is Grankulla's "Kontera faktura", not "Registrera faktura"
    path.write_text("organisation;activity;shared_activity\nEspoo;Kirjaa lasku;Bokföring\n"
                    "Grankulla;Kontera faktura;Bokföring\nEspoo;Kirjaa laskuu;Bokföring\n", encoding="utf-8")
    user = read_activity_map(path, ["Espoo", "Grankulla"])
    again = compare_organisations(small_comparison.organisations, activity_map=user)
    rows = again.activity_map.set_index(["organisation", "activity"])
    assert rows.loc[("Espoo", "Kirjaa lasku"), ["shared_activity", "method"]].tolist() == ["Bokföring", "user"]
    assert rows.loc[("Grankulla", "Kontera faktura"), "shared_activity"] == "Bokföring"
    assert rows.loc[("Grankulla", "Registrera faktura"), "shared_activity"] != "Bokföring"
    assert rows.loc[("Grankulla", "Registrera faktura"), "method"] != "user"
    # the figures follow the mapping: Bokföring holds the two local steps the user named
    local = again.comparison[again.comparison["activity"] == "Bokföring"]["local_activity"]
    assert sorted(local) == ["Kirjaa lasku", "Kontera faktura"]
    assert again.unused_map_rows == ("Espoo: Kirjaa laskuu",)  # a typo is reported, not silently dropped


def test_activity_map_with_an_unknown_organisation_is_a_config_error(tmp_path):
    path = tmp_path / "map.csv"
    path.write_text("organisation,activity,shared_activity\nVantaa,Kirjaa lasku,X\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown organisation 'Vantaa'.*--names"):
        read_activity_map(path, ["Espoo", "Grankulla"])


# --- figures -------------------------------------------------------------------------------------

def test_per_organisation_figures_equal_analyze_alone(small_comparison, two_logs):
    alone = analyze_path(two_logs[1], AnalysisConfig())
    org = small_comparison.organisations[1]
    pd.testing.assert_frame_equal(org.candidates, alone.scored.candidates)
    side = small_comparison.comparison.query("organisation == 'Grankulla'").set_index("local_activity")
    mine = alone.scored.candidates.query("kind == 'activity'").set_index("activity")
    for column in ("score", "status", "events_per_year", "handling_minutes", "automation_rate"):
        pd.testing.assert_series_equal(side[column].reindex(mine.index), mine[column], check_names=False)
    assert (side["events"].reindex(mine.index) == alone.scored.features["events"].reindex(mine.index)).all()


def _table(rows):
    columns = ["activity", "organisation", "label", "status", "events_per_year", "hours_per_year_low",
               "hours_per_year", "hours_per_year_high", "savings_eur_low", "savings_eur_mid", "savings_eur_high",
               "net_savings_eur_mid"]
    return pd.DataFrame(rows, columns=columns)


def test_joint_savings_build_one_robot_and_run_it_n_times():
    savings = SavingsSettings(robot_running_eur_per_year=(1000.0, 2000.0, 3000.0),
                              robot_development_eur=(5000.0, 10000.0, 20000.0))
    settings = SharingSettings(robot_life_years=5.0, savings=savings)
    table = _table([
        ("send", "A", "Lähetä", "candidate", 500, 50, 100, 200, 1500, 4000, 9000, 2000),
        ("send", "B", "Skicka", "candidate", 300, 30, 60, 120, 900, 2400, 5400, 400),
        ("send", "C", "Send", "negligible", 10, 1, 2, 4, 30, 80, 180, -1920),
        ("only", "A", "Only", "candidate", 900, 90, 180, 360, 2700, 7200, 16200, 5200),
    ])
    shared = rank_shared_candidates(table, ["A", "B", "C"], settings)
    assert shared["activity"].tolist() == ["send"]  # a candidate in one organisation is not shared
    row = shared.iloc[0]
    assert row["organisations"] == 2 and row["organisation_names"] == "A;B" and row["organisations_present"] == 3
    assert row["joint_hours_per_year_mid"] == 160
    assert row["joint_savings_eur_mid"] == 6400 - 2 * 2000 - 10000 / 5
    assert row["joint_savings_eur_low"] == 2400 - 2 * 3000 - 20000 / 5
    assert row["joint_savings_eur_high"] == 14400 - 2 * 1000 - 5000 / 5
    assert row["separate_savings_eur_mid"] == 6400 - 2 * 2000 - 2 * 10000 / 5
    assert row["payback_months_joint"] == pytest.approx(12 * 10000 / 2400, abs=0.05)
    assert row["payback_months_separate"] == pytest.approx(12 * 20000 / 2400, abs=0.05)
    assert row["organisations_paying_back_alone"] == 2


def test_reuse_opportunities_pair_automated_with_manual():
    table = _table([
        ("archive", "A", "Arkistoi", "already_automated", 500, 0, 0, 0, 0, 0, 0, -2000),
        ("archive", "B", "Arkivera", "candidate", 300, 30, 60, 120, 900, 2400, 5400, 400),
        ("send", "B", "Skicka", "candidate", 300, 30, 60, 120, 900, 2400, 5400, 400),
    ])
    reuse = find_reuse_opportunities(table, ["A", "B"])
    assert reuse[["activity", "automated_in", "manual_in", "manual_hours_per_year"]].values.tolist() == [
        ["archive", "A", "B", 60.0]]


def test_processes_are_profiled_side_by_side(small_comparison):
    processes = small_comparison.processes.set_index("organisation")
    assert processes.loc["Espoo", "cases"] == 90 and processes.loc["Grankulla", "cases"] == 80
    assert (processes["variants"] >= 1).all()
    assert processes["top_variant_share"].between(0, 1).all()
    assert processes["median_throughput_days"].gt(0).all()


# --- the command ---------------------------------------------------------------------------------

def test_cli_needs_two_logs(two_logs, tmp_path):
    assert _run(["compare", str(two_logs[0]), "-o", str(tmp_path / "out")]) == 2
    assert _run(["compare", *map(str, two_logs), "--names", "Espoo", "-o", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()


def test_cli_writes_every_file_and_a_safe_report(two_logs, tmp_path, capsys):
    activity_map = tmp_path / "map.csv"
    activity_map.write_text("organisation,activity,shared_activity\nEspoo,Kirjaa lasku,<script>alert(1)</script>\n"
                            "Grankulla,Registrera faktura,<script>alert(1)</script>\n", encoding="utf-8")
    out = tmp_path / "out"
    code = _run(["compare", *map(str, two_logs), "--names", "Espoo,Grankulla", "--activity-map", str(activity_map),
                 "--lang", "sv", "--jobs", "1", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    for name in ("comparison.csv", "shared_candidates.csv", "activity_map.csv", "comparison.json", "comparison.html"):
        assert (out / name).is_file(), name
    long = pd.read_csv(out / "comparison.csv")
    assert {"activity", "organisation", "events", "score", "status", "rank"} <= set(long.columns)
    assert set(long["organisation"]) == {"Espoo", "Grankulla"}
    shared = pd.read_csv(out / "shared_candidates.csv")
    assert {"activity", "organisations", "joint_hours_per_year_mid", "joint_savings_eur_mid"} <= set(shared.columns)
    mapping = pd.read_csv(out / "activity_map.csv")
    assert set(mapping["method"]) == {"user", "suggested"}
    data = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    assert [o["name"] for o in data["organisations"]] == ["Espoo", "Grankulla"]
    html = (out / "comparison.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "http://" not in html and "https://" not in html
    assert html.count("<caption>") >= 4 and 'scope="col"' in html and 'scope="row"' in html
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))  # the digests taken at read time
    assert manifest["inputs"] == [{"file": log.name, "sha256": hashlib.sha256(log.read_bytes()).hexdigest()}
                                  for log in two_logs]
    # the same folder again: refused without --force, replaced with it
    assert _run(["compare", *map(str, two_logs), "-o", str(out)]) == 73


@pytest.mark.parametrize("lang, expected", [
    ("fi", ("rpa-finder: virhe: ", ": sarake organisation: tuntematon organisaatio 'Vantaa'; tämän ajon organisaatiot "
                                   "ovat espoo, grankulla (nimeä ne valitsimella --names)")),
    ("sv", ("rpa-finder: fel: ", ": kolumn organisation: okänd organisation 'Vantaa'; organisationerna i den här "
                                 "körningen är espoo, grankulla (namnge dem med --names)")),
])
def test_cli_activity_map_errors_speak_the_language(two_logs, tmp_path, capsys, lang, expected):
    """A map naming an organisation not in the run, refused before any log is analysed, in the language
    asked for (issue 15): the names and the option verbatim, the prose translated."""
    activity_map = tmp_path / "kartta.csv"
    activity_map.write_text("organisation,activity,shared_activity\nVantaa,Tarkasta lasku,Tarkastus\n", encoding="utf-8")
    code = _run(["compare", *map(str, two_logs), "--activity-map", str(activity_map), "-o", str(tmp_path / "out"),
                 "--lang", lang])
    line = capsys.readouterr().err.strip().splitlines()[-1]
    assert code == 78 and line == f"{expected[0]}{activity_map}{expected[1]}"
    assert not (tmp_path / "out").exists()


def test_cli_reads_a_folder_of_logs(two_logs, tmp_path):
    out = tmp_path / "out"
    (two_logs[0].parent / "notes.truth.csv").write_text("activity,label\nx,y\n", encoding="utf-8")
    (two_logs[0].parent / "broken.csv").write_text("just,some\nwords,here\n", encoding="utf-8")
    assert _run(["compare", str(two_logs[0].parent), "--jobs", "2", "-o", str(out)]) == 0
    data = json.loads((out / "comparison.json").read_text(encoding="utf-8"))
    assert [o["name"] for o in data["organisations"]] == ["espoo", "grankulla"]
    assert len(data["skipped"]) == 1 and "broken.csv" in data["skipped"][0]
    # why, in the comparison's language (Finnish without --lang): the option verbatim, not the English line
    assert "--case" in data["skipped"][0] and "no case column" not in data["skipped"][0]


# --- the five municipalities of BPIC 2015 --------------------------------------------------------

BPIC = [f"bpic2015/BPIC15_{i}.xes.gz" for i in range(1, 6)]


@pytest.fixture(scope="module")
def bpic_comparison():
    paths = [dataset(name) for name in BPIC]
    return compare_logs(paths, names=[f"M{i}" for i in range(1, 6)], jobs=2)


@pytest.mark.slow
def test_bpic15_codes_in_all_five_are_aligned_exactly(bpic_comparison):
    sets = [set(shared_log(name).events["activity"].astype(str)) for name in BPIC]
    common = set.intersection(*sets)
    assert len(common) == 275
    mapping = bpic_comparison.activity_map
    exact = mapping[mapping["method"] == "exact"]
    in_all = exact.groupby("shared_activity")["organisation"].nunique()
    assert set(in_all.index[in_all == 5]) == common
    assert shared_in_all(mapping, bpic_comparison.names, methods=("exact",)) == 275


@pytest.mark.slow
def test_bpic15_shared_candidates_carry_their_organisation_counts(bpic_comparison):
    shared = bpic_comparison.shared
    assert len(shared) > 0
    assert shared["organisations"].between(2, 5).all()
    assert (shared["organisation_names"].str.split(";").map(len) == shared["organisations"]).all()
    for row in shared.head(5).itertuples():
        where = [org.name for org in bpic_comparison.organisations
                 if ((org.candidates["activity"] == row.activity)
                     & (org.candidates["verdict"].isin(["robot_candidate", "feasible_not_paying"])
                        | ((org.candidates["verdict"] == "negligible") & org.candidates["feasible"]))).any()]
        assert row.organisations == len(where) and row.organisation_names == ";".join(where)


@pytest.mark.slow
def test_bpic15_figures_per_organisation_equal_analyze_alone(bpic_comparison):
    alone = analyze_path(dataset(BPIC[1]), AnalysisConfig(), discover=False)
    pd.testing.assert_frame_equal(bpic_comparison.organisations[1].candidates, alone.scored.candidates)
