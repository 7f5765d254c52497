# SPDX-License-Identifier: AGPL-3.0-or-later
"""The common ingest step: counts on real logs, rejects with reasons, validation problems, privacy."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from conftest import MANIFEST_COUNTS, SAMPLE_LOGS, dataset, shared_read

from rpa_finder.errors import BadDataError, InputMissingError, UsageError
from rpa_finder.ingest import read_log
from rpa_finder.privacy import find_identity_codes
from rpa_finder.read_options import ReadOptions

FAST = [name for name in MANIFEST_COUNTS if not name.startswith("bpic2015/")] + ["bpic2015/BPIC15_1.xes.gz"]


@pytest.mark.parametrize("name", FAST)
def test_every_dataset_reads_with_manifest_counts(name):
    cases, events, activities, resources = MANIFEST_COUNTS[name]
    result = shared_read(name)  # read_log with the defaults, once per session (conftest)
    log = result.log
    assert (log.n_cases, log.n_events, len(log.activities), len(log.resources)) == (cases, events, activities, resources)
    assert result.report.rejected_rows == 0
    assert result.report.passes()


def test_receipt_csv_and_xes_give_the_same_event_log():
    options = ReadOptions(key="same key for both reads")
    xes = read_log(dataset("receipt_wabo/receipt_WABO_CoSeLoG.xes.gz"), options).log.events
    csv = read_log(dataset("receipt_wabo/receipt_WABO_CoSeLoG.csv.gz"), options).log.events
    columns = ["case_id", "activity", "timestamp", "resource", "lifecycle"]
    left = xes[columns].astype({"case_id": str, "activity": str, "resource": str, "lifecycle": str})
    right = csv[columns].astype({"case_id": str, "activity": str, "resource": str, "lifecycle": str})
    pd.testing.assert_frame_equal(left.reset_index(drop=True), right.reset_index(drop=True))


def _write(tmp_path, text, name="loki.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def test_bad_rows_go_to_rejects_with_row_numbers_and_reasons(tmp_path):
    path = _write(tmp_path, "Asianumero;Toimenpide;Aikaleima;Käsittelijä\n"
                            "A1;Kirjaa lasku;28.11.2026 14:05;Virtanen\n"
                            ";Kirjaa lasku;28.11.2026 14:06;Virtanen\n"
                            "A2;;28.11.2026 14:07;Virtanen\n"
                            "A3;Kirjaa lasku;31.02.2026 14:08;Virtanen\n"
                            "A4;Hyväksy lasku;;Virtanen\n"
                            "A1;Hyväksy lasku;29.11.2026 09:00;Laine\n")
    result = read_log(path, ReadOptions(key="k"))
    assert result.log.n_events == 2
    rejects = result.rejects.set_index("source_row")["reason"].to_dict()
    assert rejects == {3: "missing case id", 4: "missing activity",
                       5: rejects[5], 6: "missing timestamp"}
    assert "does not match" in rejects[5]
    codes = {p.code for p in result.report.problems}
    assert {"missing_case", "missing_activity", "missing_timestamp", "invalid_timestamp"} <= codes
    assert not result.report.passes(strict=True)


def test_identity_codes_never_reach_the_log_or_the_rejects(tmp_path):
    code = "131052-308T"
    path = _write(tmp_path, "Asianumero;Toimenpide;Aikaleima;Hakija;Kommentti\n"
                            f"A1;Vastaanota hakemus;28.11.2026 14:05;{code};soitti {code}\n"
                            f"A1;Kirjaa hakemus;28.11.2026 14:15;{code};\n"
                            + "".join(f"B{i};Kirjaa hakemus;28.11.2026 14:{i:02d};;\n" for i in range(10))
                            + f"A2;Kirjaa hakemus;bad date;{code};\n")
    result = read_log(path, ReadOptions(key="k"))
    everything = result.log.events.astype(str).to_string() + result.log.cases.astype(str).to_string()
    everything += result.rejects.astype(str).to_string() + str(result.report.to_dict())
    assert code not in everything
    assert not find_identity_codes(pd.Series(everything.split())).any()
    assert set(result.report.identity_code_columns) == {"Hakija", "Kommentti"}


def test_resources_are_pseudonymised_but_system_accounts_keep_their_names(tmp_path):
    path = _write(tmp_path, "Asianumero;Toimenpide;Aikaleima;Käsittelijä\n"
                            "A1;Kirjaa lasku;28.11.2026 14:05;Virtanen Aino\n"
                            "A1;Maksa lasku;29.11.2026 02:00;ERÄAJO\n")
    resources = set(read_log(path, ReadOptions(key="k")).log.resources)
    assert "ERÄAJO" in resources
    assert "Virtanen Aino" not in resources
    assert any(re.fullmatch(r"user-[0-9a-f]{8,}", r) for r in resources)
    kept = set(read_log(path, ReadOptions(key="k", pseudonymise_resources=False)).log.resources)
    assert kept == {"Virtanen Aino", "ERÄAJO"}


def test_lifecycle_column_is_recognised_from_its_values():
    result = read_log(SAMPLE_LOGS / "varhaiskasvatus.csv", ReadOptions(key="k"))
    assert set(result.log.events["lifecycle"].unique()) == {"start", "complete"}
    assert result.log.has_start_timestamps


def test_date_only_logs_are_flagged():
    result = read_log(dataset("road_traffic_fines/roadtraffic50traces.xes"))
    assert result.log.timestamp_precision == "date"
    assert "date_only_timestamps" in {p.code for p in result.report.problems}
    assert not result.report.passes(strict=True)


def test_equal_timestamps_keep_file_order(tmp_path):
    path = _write(tmp_path, "case;activity;timestamp\n"
                            "c;B;2026-01-01T10:00:00+02:00\nc;A;2026-01-01T10:00:00+02:00\nc;C;2026-01-01T09:00:00+02:00\n")
    assert read_log(path).log.events["activity"].tolist() == ["C", "B", "A"]


def test_a_folder_or_a_missing_file_is_input_missing(tmp_path):
    with pytest.raises(InputMissingError, match="is a folder"):
        read_log(tmp_path)
    with pytest.raises(InputMissingError, match="file not found"):
        read_log(tmp_path / "nope.csv")


def test_unknown_time_zone_is_a_usage_error(tmp_path):
    path = _write(tmp_path, "case;activity;timestamp\nc;A;2026-01-01 10:00\n")
    with pytest.raises(UsageError, match="time zone"):
        read_log(path, ReadOptions(timezone="Mars/Olympus"))


def test_a_file_with_no_usable_events_fails_validation(tmp_path):
    path = _write(tmp_path, "case;activity;timestamp\nc;A;not a date\nd;B;also not\n")
    with pytest.raises(BadDataError):
        read_log(path)
