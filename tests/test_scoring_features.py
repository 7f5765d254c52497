# SPDX-License-Identifier: AGPL-3.0-or-later
"""The feature table's measures on generated logs whose rules are known."""
from __future__ import annotations

import pandas as pd
import pytest

from rpa_finder.analysis import analyze_log
from rpa_finder.config import AnalysisConfig
from rpa_finder.ingest import read_log
from rpa_finder.samples import generate_log, write_finnish_csv
from rpa_finder.eventlog import EventLog
from rpa_finder.mining.instances import extract_instances
from rpa_finder.scoring.pipeline import score_candidates
from rpa_finder.scoring.rules import case_attributes
from rpa_finder.read_options import ReadOptions


def _features(process: str, tmp_path_factory, *, lifecycle: bool = True, cases: int = 1000) -> pd.DataFrame:
    events, _ = generate_log(process, cases=cases, seed=5, lifecycle=lifecycle)
    path = write_finnish_csv(events, tmp_path_factory.mktemp(process) / f"{process}.csv")
    return analyze_log(read_log(path, ReadOptions()), AnalysisConfig(), discover=False).scored.features


@pytest.fixture(scope="module")
def invoices(tmp_path_factory):
    return _features("ostolaskut", tmp_path_factory)


@pytest.fixture(scope="module")
def early_education(tmp_path_factory):
    return _features("varhaiskasvatus", tmp_path_factory)


@pytest.fixture(scope="module")
def permits(tmp_path_factory):
    return _features("rakennuslupa", tmp_path_factory)


def test_occurrence_rules_from_attributes_repeated_on_every_row(invoices, early_education):
    # A flat CSV repeats the case attributes on each row; they still decide whether a step happens.
    assert invoices.loc["Tiliöi lasku", "rule_occurrence"] >= 0.9  # exactly when Ostotilaus = Ei
    assert invoices.loc["Skannaa lasku", "rule_occurrence"] >= 0.9  # exactly when Kanava = Paperilasku
    assert early_education.loc["Pyydä täydennystä", "rule_occurrence"] >= 0.9  # Hakemus täydellinen = Ei
    # A hidden assessment decides these: no rule in the data.
    assert early_education.loc["Arvioi tuen tarve", "rule_occurrence"] <= 0.2
    assert invoices.loc["Pyydä lisätietoja", "rule_occurrence"] <= 0.2


def test_case_attributes_promote_only_columns_constant_within_cases():
    instances = pd.DataFrame({"case_id": ["a", "a", "b", "b"], "amount": [1.0, 1.0, 2.0, 2.0],
                              "note": ["x", "y", "x", "x"]})
    cases = case_attributes(pd.DataFrame(index=pd.Index([], name="case_id")), instances, ["amount", "note"])
    assert list(cases.columns) == ["amount"] and cases.loc["b", "amount"] == 2.0


def test_timer_rules_are_found_with_their_delay(invoices, permits, early_education):
    reminder = invoices.loc["Lähetä muistutus hyväksyjälle"]
    assert reminder["timer_rule"] and abs(reminder["timer_days"] - 7) <= 0.5
    closing = permits.loc["Sulje naapurikuuleminen"]
    assert closing["timer_rule"] and closing["timer_after"] == "Kuuluta naapureille"
    assert 13.5 <= closing["timer_days"] <= 15.5
    # A timer is a rule the attributes cannot show: it counts as rule evidence.
    assert early_education.loc["Lähetä muistutus", "rule_basedness"] >= 0.8
    # Queues of hours are not timers, and judgment steps have none.
    assert not permits.loc["Pyydä täydennystä", "timer_rule"]
    assert not permits.loc["Tee lupapäätös", "timer_rule"]


def test_measured_handling_time_matches_the_generator(invoices, permits):
    assert invoices["handling_measured"].all()
    assert 3.5 <= invoices.loc["Kirjaa lasku", "handling_minutes"] <= 5.5  # uniform 3-6 min
    assert 20 <= permits.loc["Tee lupapäätös", "handling_minutes"] <= 120
    # Judgment work varies more than routine work.
    assert invoices.loc["Hyväksy lasku", "handling_variability"] > 1.5 * invoices.loc["Kirjaa lasku", "handling_variability"]


def test_labels_and_decisions(permits):
    assert permits.loc["Tee lupapäätös", "decides_matter"] and not permits.loc["Lähetä päätös", "decides_matter"]
    assert permits.loc["Tee lupapäätös", "label_semantics"] == 0
    assert permits.loc["Laskuta lupamaksu", "label_semantics"] == 1


def test_routines_without_any_linked_pair_are_empty_not_an_error():
    log = EventLog.from_frame(pd.DataFrame({
        "case_id": ["a", "a", "b", "b"], "activity": ["x", "y", "x", "y"],
        "resource": pd.Series(["p", "q", "p", "q"], dtype="str"),
        "timestamp": pd.to_datetime(["2025-01-01 10:00", "2025-01-01 10:05", "2025-01-02 10:00",
                                     "2025-01-02 10:05"], utc=True)}))
    routines = score_candidates(log, extract_instances(log.events).table).routines
    assert routines.empty and list(routines.columns) == ["steps", "length", "support", "link_share", "span_minutes"]
