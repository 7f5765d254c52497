# SPDX-License-Identifier: AGPL-3.0-or-later
"""The results structure, the atomic folder with its manifest, the workbook and the schemas."""
from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from rpa_finder.errors import OutputNotWritableError
from rpa_finder.eventlog import SourceInfo
from rpa_finder.output import folder as folder_module
from rpa_finder.output.folder import check_target, read_manifest, verify_manifest, write_results_folder
from rpa_finder.output.results import build_results, describe_settings, log_stem
from rpa_finder.output.schema import SCHEMA_NAMES, check_document, load_schema
from rpa_finder.output.workbook import build_workbook

from conftest import SAMPLE_LOGS


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


FILES = {"a.json": {"x": 1}, "b.csv": pd.DataFrame({"activity": ["=1+2", "ok"], "n": [1, 2]}), "sub/c.txt": "hello"}


# --- the folder ------------------------------------------------------------------------------------
def test_folder_appears_with_a_manifest_whose_checksums_match(tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("a;b\n")
    target = write_results_folder(tmp_path / "out", FILES, command="test", inputs=[source])
    assert verify_manifest(target) == []
    manifest = read_manifest(target)
    assert sorted(manifest["files"]) == ["a.json", "b.csv", "sub/c.txt"]
    assert manifest["inputs"][0]["file"] == "in.csv"  # basename only
    assert check_document(manifest, "manifest") == []
    assert (target / "b.csv").read_text().splitlines()[1].startswith("'=1+2")  # inert CSV cell
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp folder left


def test_input_digests_taken_at_read_time_are_not_taken_again(tmp_path):
    # ingest hashed the bytes it analysed; a file changed since must not lend the manifest its new digest
    read, other = tmp_path / "read.csv", tmp_path / "other.csv"
    read.write_text("changed after the read\n")
    other.write_text("a;b\n")
    sources = [SourceInfo(str(read), "ab" * 32, "csv"), SourceInfo("store-process", "cd" * 32, "store")]
    digests = folder_module.InputDigests([read, other], folder_module.read_digests(sources))
    assert digests.entries() == [{"file": "read.csv", "sha256": "ab" * 32},
                                 {"file": "other.csv", "sha256": hashlib.sha256(b"a;b\n").hexdigest()}]


def test_verify_manifest_notices_a_changed_file(tmp_path):
    target = write_results_folder(tmp_path / "out", FILES, command="test", inputs=[])
    (target / "sub" / "c.txt").write_text("changed")
    assert verify_manifest(target) == ["sub/c.txt: changed since the run"]


def test_earlier_results_are_replaced_only_with_force(tmp_path):
    target = write_results_folder(tmp_path / "out", FILES, command="test", inputs=[])
    with pytest.raises(OutputNotWritableError, match=r"out: folder holds the results of an earlier run; pass --force"):
        write_results_folder(target, {"a.json": {"x": 2}}, command="test", inputs=[])
    write_results_folder(target, {"a.json": {"x": 2}}, command="test", inputs=[], force=True)
    assert json.loads((target / "a.json").read_text()) == {"x": 2}
    assert not (target / "b.csv").exists()  # the old results went, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_foreign_folder_is_never_replaced_even_with_force(tmp_path):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "budget.xlsx").write_bytes(b"precious")
    with pytest.raises(OutputNotWritableError, match="not written by rpa_finder.*--force never deletes"):
        write_results_folder(foreign, FILES, command="test", inputs=[], force=True)
    assert _snapshot(foreign) == {"budget.xlsx": b"precious"}


def test_a_file_added_to_our_folder_blocks_force(tmp_path):
    target = write_results_folder(tmp_path / "out", FILES, command="test", inputs=[])
    (target / "notes.txt").write_text("mine")
    with pytest.raises(OutputNotWritableError, match="'notes.txt'"):
        check_target(target, force=True)


def test_an_empty_folder_is_used(tmp_path):
    (tmp_path / "empty").mkdir()
    write_results_folder(tmp_path / "empty", FILES, command="test", inputs=[])
    assert verify_manifest(tmp_path / "empty") == []


def test_a_failure_mid_way_leaves_the_previous_folder_byte_identical(tmp_path, monkeypatch):
    target = write_results_folder(tmp_path / "out", FILES, command="test", inputs=[])
    before = _snapshot(target)
    real = folder_module._write_payload
    calls = []

    def failing(path, payload):
        calls.append(path)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        real(path, payload)

    monkeypatch.setattr(folder_module, "_write_payload", failing)
    with pytest.raises(RuntimeError, match="disk on fire"):
        write_results_folder(target, {"a.json": {"x": 9}, "b.json": {}, "c.json": {}}, command="t", inputs=[], force=True)
    assert _snapshot(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_stale_temp_folder_from_a_killed_run_is_cleaned_and_ignored(tmp_path):
    target = write_results_folder(tmp_path / "out", FILES, command="test", inputs=[])
    stale = tmp_path / ".out.tmp-killed"
    stale.mkdir()
    (stale / "a.json").write_text("{half")
    os.utime(stale, (0, 0))  # killed long ago
    moved_aside = tmp_path / ".other.old-killed"  # a --force run killed between its two renames
    write_results_folder(moved_aside, {"a.json": {"previous": True}}, command="test", inputs=[])
    write_results_folder(target, {"a.json": {"x": 3}}, command="test", inputs=[], force=True)
    assert not stale.exists()
    assert verify_manifest(target) == []
    write_results_folder(tmp_path / "other", {"a.json": {"new": True}}, command="test", inputs=[], force=True)
    assert json.loads((tmp_path / "other" / "a.json").read_text()) == {"new": True}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other", "out"]


# --- workbook ---------------------------------------------------------------------------------------
def test_workbook_cells_are_inert_typed_and_never_formulas():
    from openpyxl import load_workbook

    frame = pd.DataFrame({"activity": ['=HYPERLINK("http://x")', "+SUM(1)", "@cmd", "-2+3", "\tx", "Arkistoi"],
                          "score": [0.5, 1.0, float("nan"), 2.0, 3.0, 4.0]})
    data = build_workbook({"candidates": frame})
    book = load_workbook(io.BytesIO(data))
    sheet = book["candidates"]
    assert sheet.freeze_panes == "A2"
    values = [sheet.cell(row=r, column=1) for r in range(2, 8)]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert [c.value for c in values[:4]] == ["'=HYPERLINK(\"http://x\")", "'+SUM(1)", "'@cmd", "'-2+3"]
    assert values[5].value == "Arkistoi"
    assert sheet.cell(row=2, column=2).value == 0.5 and sheet.cell(row=4, column=2).value is None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert not any("<f>" in archive.read(n).decode("utf-8", "replace") for n in archive.namelist())


# --- schemas ----------------------------------------------------------------------------------------
def test_schemas_are_valid_draft_2020_12_and_the_checker_rejects_broken_documents():
    for name in SCHEMA_NAMES.values():
        schema = load_schema(name)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema = pytest.importorskip("jsonschema")
    for name in SCHEMA_NAMES.values():
        jsonschema.Draft202012Validator.check_schema(load_schema(name))
    assert check_document({"processes": [], "totals": {}, "language": "de"}, "summary")
    bad_row = [{"process": "p", "rank": "1", "kind": "activity", "activity": "a", "status": "candidate",
                "score": 0.5, "reason": "", "monthly_volume": {"2025-1": 3}, "handling_histogram": {}}]
    problems = check_document(bad_row, "candidates")
    assert any("rank" in p for p in problems) and any("2025-1" in p for p in problems)
    assert any("bins_minutes" in p for p in problems)


# --- the results structure on a sample with measured handling times --------------------------------
@pytest.fixture(scope="module")
def analysed():
    from dataclasses import replace

    from rpa_finder.analysis import analyze_path
    from rpa_finder.config import AnalysisConfig

    config = AnalysisConfig()
    config = replace(config, read=replace(config.read, key="very-secret-key-123"))
    result = analyze_path(SAMPLE_LOGS / "varhaiskasvatus.csv", config)
    return result, build_results([result])


def test_single_log_structure_has_every_file(analysed):
    _, files = analysed
    expected = {"summary.json", "candidates.csv", "candidates.json", "process_map.svg", "model.bpmn", "model.pnml",
                "dfg.csv", "variants.csv", "activities.csv", "mining.json", "validation.json", "settings.json",
                "scorer.json", "routines.csv", "features.csv", "report.xlsx"}
    assert expected <= set(files)
    for file_name, schema in SCHEMA_NAMES.items():
        if file_name in files:
            assert check_document(files[file_name], schema) == [], file_name


def test_candidate_rows_carry_monthly_volume_and_measured_histogram(analysed):
    result, files = analysed
    rows = files["candidates.json"]
    instances = result.mined.instances.table
    counts = instances["activity"].astype(str).value_counts()
    activities = [r for r in rows if r["kind"] == "activity"]
    assert len(activities) == len(counts)
    for row in activities:
        assert sum(row["monthly_volume"].values()) == counts[row["activity"]]
        histogram = row["handling_histogram"]
        if row["handling_measured"]:  # start/complete rows: durations measured, one per instance
            measured = instances[instances["activity"] == row["activity"]]
            measured = (measured["timestamp"] - measured["start_timestamp"]).dt.total_seconds().dropna()
            assert sum(histogram["counts"]) == len(measured)
            assert len(histogram["bins_minutes"]) == len(histogram["counts"]) + 1
            assert histogram["bins_minutes"][0] <= measured.min() / 60 + 0.01
    assert any(r["handling_measured"] for r in activities)


def test_summary_figures_add_up_from_the_candidate_table(analysed):
    result, files = analysed
    summary = files["summary.json"]
    (process,) = summary["processes"]
    table = result.scored.candidates
    chosen = table[table["in_headline"]]
    assert process["name"] == "varhaiskasvatus"
    # the headline is net, over the paying candidates it lists; the gross beside it over the same rows
    assert set(chosen["verdict"]) <= {"robot_candidate"} and process["paying_candidates"] == len(chosen)
    for bound, column in (("low", "net_savings_eur_low"), ("mid", "net_savings_eur_mid"), ("high", "net_savings_eur_high")):
        assert process["net_savings_eur"][bound] == pytest.approx(chosen[column].sum(), abs=0.1)
    assert process["hours_per_year"]["mid"] == pytest.approx(chosen["hours_per_year"].sum(), abs=0.1)
    assert process["savings_eur"]["high"] == pytest.approx(chosen["savings_eur_high"].sum(), abs=0.1)
    assert process["gross_savings_eur"] == process["savings_eur"]
    assert summary["totals"]["net_savings_eur"] == process["net_savings_eur"]
    assert [r["rank"] for r in process["top_candidates"]] == list(range(1, len(process["top_candidates"]) + 1))
    assert summary["totals"]["savings_eur"] == process["savings_eur"]
    assert process["events"] == result.ingest.log.n_events


def test_settings_document_every_savings_setting_and_never_hold_the_key(analysed):
    result, files = analysed
    settings = files["settings.json"]
    assert "very-secret-key-123" not in json.dumps(settings)
    assert all(entry["doc"] for entry in settings["savings"].values())
    assert settings["savings"]["hourly_cost_eur"]["value"] == list(result.config.candidates.savings.hourly_cost_eur)
    assert settings["weights"] == result.scored.scorer.weights_
    assert settings == describe_settings(result.config, result.scored.scorer)


def test_dfg_csv_is_the_directly_follows_graph(analysed):
    result, files = analysed
    dfg = files["dfg.csv"]
    assert list(dfg.columns) == ["source", "target", "frequency", "mean_seconds", "median_seconds", "p90_seconds"]
    assert dict(zip(zip(dfg["source"], dfg["target"]), dfg["frequency"])) == result.mined.dfg.frequency_dict()


def test_log_stem_strips_compression_and_format():
    assert log_stem("/x/receipt_WABO_CoSeLoG.xes.gz") == "receipt_WABO_CoSeLoG"
    assert log_stem("ostolaskut.csv") == "ostolaskut"
