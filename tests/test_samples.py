# SPDX-License-Identifier: AGPL-3.0-or-later
"""The sample-log generator: deterministic, valid identity codes, labels that match the behaviour."""
from __future__ import annotations

import re
from datetime import date

import holidays
import numpy as np
import pandas as pd
import pytest
from lxml import etree

from rpa_finder.errors import UsageError
from rpa_finder.samples import PROCESSES, SYSTEM_USERS, generate_log, scale_log, write_finnish_csv, write_xes
from rpa_finder.samples.__main__ import main

from conftest import SAMPLE_LOGS

CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
HETU = re.compile(r"(\d{6})([-+A-FU-Y])(\d{3})([0-9A-Y])")
#: The committed samples and the arguments that made them (sample_logs/README.md lists the same).
COMMITTED = {
    "ostolaskut.csv": ["--process", "ostolaskut", "--cases", "400", "--seed", "1", "--format", "csv"],
    "varhaiskasvatus.csv": ["--process", "varhaiskasvatus", "--cases", "300", "--seed", "2", "--lifecycle", "rows",
                            "--format", "csv"],
    "rakennuslupa.xes": ["--process", "rakennuslupa", "--cases", "300", "--seed", "3", "--format", "xes"],
}


def valid_hetu(code: str) -> bool:
    match = HETU.fullmatch(code)
    if not match:
        return False
    ddmmyy, _, nnn, check = match.groups()
    return CHECK[int(ddmmyy + nnn) % 31] == check and 900 <= int(nnn) <= 999


@pytest.fixture(scope="module")
def logs():
    return {name: generate_log(name, cases=600, seed=11, lifecycle=True, lifecycle_style="column")
            for name in PROCESSES}


def cases_with(events: pd.DataFrame, activity: str) -> set[str]:
    return set(events.loc[events["Toimenpide"] == activity, "Asianumero"])


def cases_where(events: pd.DataFrame, mask) -> set[str]:
    return set(events.loc[mask, "Asianumero"])


def test_same_seed_same_log_other_seed_other_log():
    first, truth = generate_log("ostolaskut", cases=200, seed=5)
    again, truth_again = generate_log("ostolaskut", cases=200, seed=5)
    other, _ = generate_log("ostolaskut", cases=200, seed=6)
    pd.testing.assert_frame_equal(first, again)
    pd.testing.assert_frame_equal(truth, truth_again)
    assert not first["Aikaleima"].equals(other["Aikaleima"])


def test_unknown_process_is_a_usage_error():
    with pytest.raises(UsageError, match="unknown process 'lomat'.*ostolaskut"):
        generate_log("lomat", cases=10, seed=1)


def test_applicant_column_and_comments_hold_valid_test_identity_codes(logs):
    for name, (events, _) in logs.items():
        codes = events["Hakija"].dropna().unique()
        assert len(codes) > 50, name
        bad = [c for c in codes if not valid_hetu(c)]
        assert bad == [], name
        comments = events["Kommentti"].dropna()
        found = comments.str.extract(f"({HETU.pattern})")[0].dropna()
        assert len(found) > 0 and all(valid_hetu(c) for c in found), name


def test_truth_covers_exactly_the_logged_activities(logs):
    for name, (events, truth) in logs.items():
        assert set(truth["activity"]) == set(events["Toimenpide"]), name
        assert set(truth["label"]) == {"automatable", "judgment", "already_automated"}, name
        assert truth["activity"].is_unique and (truth["process"] == name).all()


def test_already_automated_steps_are_done_by_software_users_only(logs):
    for name, (events, truth) in logs.items():
        labels = events["Toimenpide"].map(truth.set_index("activity")["label"])
        software = events["Käsittelijä"].isin(SYSTEM_USERS)
        assert software[labels == "already_automated"].all(), name
        assert not software[labels != "already_automated"].any(), name


def test_handling_times_follow_the_labels(logs):
    for name, (events, truth) in logs.items():
        minutes = (events["Aikaleima"] - events["Aloitusaika"]).dt.total_seconds() / 60
        labels = events["Toimenpide"].map(truth.set_index("activity")["label"])
        assert minutes[labels == "automatable"].between(2, 8).all(), name
        assert minutes[labels == "judgment"].between(20, 120).all(), name
        assert (minutes[labels == "already_automated"] < 3).all(), name
        assert minutes[labels == "judgment"].std() > 3 * minutes[labels == "automatable"].std(), name


def test_people_work_office_hours_on_finnish_working_days(logs):
    fi_holidays = holidays.country_holidays("FI", years=range(2024, 2029))
    for name, (events, _) in logs.items():
        people = events[~events["Käsittelijä"].isin(SYSTEM_USERS)]
        start, end = people["Aloitusaika"], people["Aikaleima"]
        assert (start.dt.hour >= 8).all() and (end <= end.dt.normalize() + pd.Timedelta(hours=16)).all(), name
        assert (start.dt.day_of_week < 5).all(), name
        assert not start.dt.date.isin(set(fi_holidays)).any(), name


def test_invoice_routing_follows_the_logged_attributes(logs):
    events, _ = logs["ostolaskut"]
    assert cases_with(events, "Hyväksy lasku (2. hyväksyjä)") == cases_where(events, events["Summa"] > 10_000)
    assert len(cases_where(events, events["Summa"] > 10_000)) > 10
    assert cases_with(events, "Täsmäytä ostotilaukseen") == cases_where(events, events["Ostotilaus"] == "Kyllä")
    assert cases_with(events, "Tiliöi lasku") == cases_where(events, events["Ostotilaus"] == "Ei")
    assert cases_with(events, "Skannaa lasku") == cases_where(events, events["Kanava"] == "Paperilasku")
    payments = events[events["Toimenpide"] == "Maksa lasku"]
    assert (payments["Aikaleima"] >= payments["Eräpäivä"]).all()
    assert (payments["Aikaleima"].dt.time.astype("str").str[:5] == "02:00").all()


def test_ecec_completeness_and_the_14_day_reminder_timer(logs):
    events, _ = logs["varhaiskasvatus"]
    incomplete = cases_where(events, events["Hakemus täydellinen"] == "Ei")
    assert cases_with(events, "Pyydä täydennystä") == incomplete and incomplete
    request = events[events["Toimenpide"] == "Pyydä täydennystä"].set_index("Asianumero")["Aikaleima"]
    reminder = events[events["Toimenpide"] == "Lähetä muistutus"].set_index("Asianumero")["Aloitusaika"]
    assert len(reminder) > 10
    delay = reminder - request.loc[reminder.index]
    # exactly 14 days unless the day falls outside office hours, then the next working morning
    assert (delay >= pd.Timedelta(days=14)).all()
    assert (delay == pd.Timedelta(days=14)).mean() > 0.5


def test_building_permit_hearing_only_without_neighbour_consent(logs):
    events, _ = logs["rakennuslupa"]
    no_consent = cases_where(events, events["Naapurit kuultu"] == "Ei")
    assert cases_with(events, "Kuuluta naapureille") == no_consent
    assert cases_with(events, "Sulje naapurikuuleminen") == no_consent


@pytest.mark.parametrize("filename", sorted(COMMITTED))
def test_committed_samples_equal_a_fresh_regeneration(filename, tmp_path):
    assert main([*COMMITTED[filename], "-o", str(tmp_path)]) == 0
    stem = filename.split(".")[0]
    for name in (filename, f"{stem}.truth.csv"):
        assert (tmp_path / name).read_bytes() == (SAMPLE_LOGS / name).read_bytes(), name
    assert (SAMPLE_LOGS / filename).stat().st_size < 1_000_000


@pytest.mark.parametrize("lang, line", [("en", "error: --cases: cases must be at least 1, got 0"),
                                        ("fi", "virhe: --cases: tapausten määrän on oltava vähintään 1, nyt 0"),
                                        ("sv", "fel: --cases: antalet ärenden måste vara minst 1, nu 0")])
def test_generator_refuses_a_bad_parameter_in_the_language_asked_for(tmp_path, capsys, lang, line):
    assert main(["--process", "ostolaskut", "--cases", "0", "--lang", lang, "-o", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip() == line
    assert not list(tmp_path.iterdir())


def test_finnish_csv_is_semicolon_decimal_comma_bom(tmp_path):
    events, _ = generate_log("ostolaskut", cases=50, seed=2)
    path = write_finnish_csv(events, tmp_path / "ostolaskut.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").split("\r\n")
    assert lines[0].startswith("Asianumero;Toimenpide;Aikaleima;")
    assert re.search(r";\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2};", lines[1])
    assert re.search(r";\d+,\d{2};", lines[1])
    back = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig")
    assert len(back) == len(events)
    np.testing.assert_allclose(back["Summa"], events["Summa"])
    parsed = pd.to_datetime(back["Aikaleima"], format="%d.%m.%Y %H:%M:%S")
    assert (parsed.to_numpy() == events["Aikaleima"].to_numpy()).all()


def test_xes_parses_with_lxml_and_pm4py_with_the_same_counts(tmp_path):
    from rpa_finder.pm4py_adapter import pm4py

    events, _ = generate_log("ostolaskut", cases=120, seed=4, lifecycle=True, start=date(2025, 5, 1))
    path = write_xes(events, tmp_path / "ostolaskut.xes")
    root = etree.parse(str(path)).getroot()
    ns = {"x": "http://www.xes-standard.org/"}
    assert len(root.findall("x:trace", ns)) == events["Asianumero"].nunique()
    assert len(root.findall("x:trace/x:event", ns)) == len(events)
    suppliers = {e.get("value") for e in root.findall("x:trace/x:string[@key='Toimittaja']", ns)}
    assert suppliers == set(events["Toimittaja"])  # includes "Lassila & Tikanoja Oyj", escaped and back
    stamps = [e.get("value") for e in root.findall("x:trace/x:event/x:date[@key='time:timestamp']", ns)]
    assert {s[-6:] for s in stamps} == {"+02:00", "+03:00"}
    transitions = {e.get("value") for e in root.findall("x:trace/x:event/x:string[@key='lifecycle:transition']", ns)}
    assert transitions == {"start", "complete"}
    log = pm4py().read_xes(str(path))
    assert len(log) == len(events)
    assert log["case:concept:name"].nunique() == events["Asianumero"].nunique()


def test_scale_log_gives_unique_cases_and_the_requested_size():
    events, _ = generate_log("rakennuslupa", cases=100, seed=9)
    target = 5 * len(events) + 17
    big = scale_log(events, target, seed=1)
    assert len(big) == target
    cases_per_copy = events["Asianumero"].nunique()
    assert big["Asianumero"].nunique() == 5 * cases_per_copy + events["Asianumero"].iloc[:17].nunique()
    # every case id stays in one contiguous block: no id is reused by another copy
    runs = (big["Asianumero"].astype("str") != big["Asianumero"].astype("str").shift()).sum()
    assert runs == big["Asianumero"].nunique()
    second = big.iloc[len(events):2 * len(events)]
    assert second["Aikaleima"].min() > events["Aikaleima"].max()
    assert (second["Aikaleima"].dt.day_of_week.to_numpy() == events["Aikaleima"].dt.day_of_week.to_numpy()).all()
