# SPDX-License-Identifier: AGPL-3.0-or-later
"""The library API (rpa_finder.analyze / mine / compare): the same results as the commands, in memory."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pandas as pd
import pytest

import rpa_finder
from rpa_finder.errors import UsageError, ValidationFailedError
from rpa_finder.output.folder import verify_manifest
from rpa_finder.report import render_html

from conftest import SAMPLE_LOGS


@pytest.fixture(scope="module")
def invoices(tmp_path_factory):
    """The purchase-invoice sample analysed once through the library and written to a folder."""
    folder = tmp_path_factory.mktemp("api") / "ostolaskut"
    analysis = rpa_finder.analyze(SAMPLE_LOGS / "ostolaskut.csv")
    analysis.write(folder)
    return analysis, folder


def test_import_is_cheap_and_lists_the_api():
    code = ("import sys, rpa_finder; heavy = [m for m in ('pandas', 'pm4py', 'numpy') if m in sys.modules]; "
            "print(heavy, sorted(rpa_finder.__all__))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    heavy, names = done.stdout.split("] ", 1)
    assert heavy == "[", f"import rpa_finder imported {heavy}]"
    for name in ("analyze", "mine", "compare", "Analysis", "Comparison"):
        assert f"'{name}'" in names


def test_analysis_holds_every_stage(invoices):
    analysis, _ = invoices
    (log,) = analysis.logs
    assert analysis.names == ["ostolaskut"]
    assert log.ingest.log.n_events == len(log.ingest.log.events) > 0
    assert log.mined.dfg.edges["frequency"].sum() > 0
    frame = analysis.candidates
    assert isinstance(frame, pd.DataFrame) and frame.columns[0] == "process"
    assert set(frame["process"]) == {"ostolaskut"} and len(frame) == len(log.scored.candidates)
    assert analysis.maturity.organisation.level >= 1
    assert [p.name for p in analysis.maturity.processes] == [log.name]
    assert set(analysis.totals) >= {"hours_per_year", "savings_eur", "fte", "candidates"}


def test_write_is_the_commands_folder_and_the_summary_serialises_the_stages(invoices):
    analysis, folder = invoices
    assert verify_manifest(folder) == []
    names = {p.name for p in folder.iterdir()}
    assert {"summary.json", "candidates.csv", "candidates.json", "report.html", "report.xlsx", "process_map.svg",
            "mining.json", "validation.json", "settings.json", "manifest.json"} <= names
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    assert summary["maturity"]["organisation"]["level"] == analysis.maturity.organisation.level
    assert summary["totals"] == analysis.totals
    written = pd.read_csv(folder / "candidates.csv")
    assert written["activity"].tolist() == analysis.candidates["activity"].tolist()


def test_report_in_memory_equals_the_report_rendered_from_the_folder(invoices):
    analysis, folder = invoices
    assert (folder / "report.html").read_text(encoding="utf-8") == analysis.to_html()
    for lang in ("sv", "en"):
        html = analysis.to_html(lang)
        assert html == render_html(folder, lang) and f'lang="{lang}"' in html


def test_several_logs_are_one_process_each(tmp_path):
    analysis = rpa_finder.analyze([SAMPLE_LOGS / "ostolaskut.csv", SAMPLE_LOGS / "rakennuslupa.xes"], language="en")
    assert analysis.names == ["ostolaskut", "rakennuslupa"]
    assert list(dict.fromkeys(analysis.candidates["process"])) == ["ostolaskut", "rakennuslupa"]
    assert len(analysis.maturity.processes) == 2
    folder = analysis.write(tmp_path / "both")
    assert (folder / "ostolaskut" / "mining.json").is_file() and (folder / "rakennuslupa" / "mining.json").is_file()
    assert json.loads((folder / "summary.json").read_text(encoding="utf-8"))["language"] == "en"


def test_two_logs_with_one_name_are_refused_before_reading(tmp_path):
    with pytest.raises(UsageError, match="two logs share the name 'ostolaskut'"):
        rpa_finder.analyze([tmp_path / "a" / "ostolaskut.csv", tmp_path / "b" / "ostolaskut.csv"])


def test_validation_gate_raises_a_typed_error_with_the_report(tmp_path):
    log = tmp_path / "ostolaskut.csv"
    shutil.copy(SAMPLE_LOGS / "ostolaskut.csv", log)
    with log.open("a", encoding="utf-8") as handle:  # one unreadable time: a warning, an error under strict
        handle.write(log.read_text(encoding="utf-8").splitlines()[1].split(";")[0] + ";Arkistoi;not a time;X\n")
    assert rpa_finder.analyze(log).logs[0].ingest.report.warnings
    with pytest.raises(ValidationFailedError, match=r"ostolaskut\.csv: validation failed with warnings \(strict\)") as caught:
        rpa_finder.analyze(log, strict=True)
    assert caught.value.exit_code == 65 and caught.value.report.warnings


def test_unknown_mapping_keyword_is_refused():
    with pytest.raises(TypeError, match="unknown read options"):
        rpa_finder.analyze(SAMPLE_LOGS / "ostolaskut.csv", colour="red")


def test_mine_writes_what_the_mine_command_writes(tmp_path):
    mining = rpa_finder.mine(SAMPLE_LOGS / "rakennuslupa.xes")
    assert mining.summary["events"] == mining.ingest.log.n_events
    folder = mining.write(tmp_path / "mined")
    assert {"process_map.svg", "model.bpmn", "dfg.csv", "variants.csv", "mining.json"} <= {p.name for p in folder.iterdir()}
    assert verify_manifest(folder) == []


def test_compare_renders_and_writes(tmp_path):
    comparison = rpa_finder.compare([SAMPLE_LOGS / "ostolaskut.csv", SAMPLE_LOGS / "ostolaskut.csv"],
                                    names=["Espoo", "Vantaa"], language="en")
    assert isinstance(comparison, rpa_finder.Comparison) and comparison.names == ["Espoo", "Vantaa"]
    html = comparison.to_html()
    assert 'lang="en"' in html and "Espoo" in html
    folder = comparison.write(tmp_path / "compared")
    assert (folder / "comparison.html").read_text(encoding="utf-8") == html
    assert json.loads((folder / "comparison.json").read_text(encoding="utf-8"))["organisations"][0]["name"] == "Espoo"


@pytest.mark.parametrize("module", ["rpa_finder.api", "rpa_finder.language"])
def test_docstring_examples_run(module):
    import doctest
    import importlib

    failed, tried = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failed == 0


def test_config_language_is_the_reasons_language():
    from rpa_finder.config import AnalysisConfig

    analysis = rpa_finder.analyze(SAMPLE_LOGS / "ostolaskut.csv", AnalysisConfig(language="en"))
    reasons = analysis.candidates["reason"].dropna()
    assert len(reasons) and not reasons.str.contains("vuodessa|Robottiehdokas").any()
    assert analysis.summary["language"] == "en"
