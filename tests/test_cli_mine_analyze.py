# SPDX-License-Identifier: AGPL-3.0-or-later
"""``rpa-finder mine`` and ``analyze`` as a user runs them: the results folder and its promises."""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from rpa_finder.cli import main
from rpa_finder.output.folder import verify_manifest
from rpa_finder.output.schema import SCHEMA_NAMES, check_document

from conftest import MANIFEST_COUNTS, SAMPLE_LOGS, dataset

ANALYZE_FILES = {"summary.json", "candidates.csv", "candidates.json", "process_map.svg", "model.bpmn", "model.pnml",
                 "dfg.csv", "variants.csv", "activities.csv", "mining.json", "validation.json", "settings.json",
                 "scorer.json", "routines.csv", "features.csv", "report.xlsx", "manifest.json"}
FORMULAS = ['=HYPERLINK("http://x")', "+SUM(1)", "@cmd"]


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), pytest.raises(SystemExit) as exc:
        main([str(a) for a in args])
    return exc.value.code, out.getvalue(), err.getvalue()


def texts(folder: Path):
    """(relative name, text) of every output file; an .xlsx is unzipped and its XML parts searched."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(folder).as_posix()
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                for part in archive.namelist():
                    yield f"{name}:{part}", archive.read(part).decode("utf-8", "replace")
        else:
            yield name, path.read_bytes().decode("utf-8", "replace")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_tiny_log(path: Path, activities: list[str], cases: int = 60) -> Path:
    """A small semicolon CSV: each case runs the activities in order, minutes apart, on working days."""
    rows = []
    start = pd.Timestamp("2025-01-06 09:00")
    for case in range(cases):
        day = start + pd.offsets.BDay(case % 200)
        for step, activity in enumerate(activities):
            when = day + pd.Timedelta(minutes=7 * step + case % 5)
            rows.append({"Asianumero": f"T-{case:04d}", "Toimenpide": activity,
                         "Aikaleima": when.strftime("%d.%m.%Y %H:%M:%S"), "Käsittelijä": f"Käsittelijä {case % 3}"})
    pd.DataFrame(rows).to_csv(path, sep=";", index=False, encoding="utf-8")
    return path


def installed(module: str) -> bool:
    try:
        __import__(module)
    except ImportError:
        return False
    return True


# --- analyze on the purchase-invoice sample ---------------------------------------------------------
@pytest.fixture(scope="module")
def invoices(tmp_path_factory):
    base = tmp_path_factory.mktemp("invoices")
    log = base / "input-folder" / "ostolaskut.csv"
    log.parent.mkdir()
    shutil.copy(SAMPLE_LOGS / "ostolaskut.csv", log)
    code, out, err = run("analyze", log, "-o", base / "out")
    return {"log": log, "out": base / "out", "code": code, "stdout": out, "stderr": err}


def test_analyze_writes_every_file_and_prints_the_net_headline(invoices):
    assert invoices["code"] == 0, invoices["stderr"]
    names = {p.name for p in invoices["out"].iterdir()}
    expected = ANALYZE_FILES | ({"report.html"} if installed("rpa_finder.report") else set())
    assert expected <= names
    summary = json.loads((invoices["out"] / "summary.json").read_text())
    process = summary["processes"][0]
    # 400 invoices a year pay no robot of their own: the headline says so, net, and stdout lists the
    # steps a robot could do, closest to paying first; progress went to stderr
    assert process["paying_candidates"] == 0 and process["net_savings_eur"]["mid"] == 0
    assert process["top_candidates"] == [] and len(process["feasible_not_paying"]) >= 2
    assert "0 / " in invoices["stdout"]
    for row in process["feasible_not_paying"]:
        assert row["activity"] in invoices["stdout"] and row["net_savings_eur_mid"] < 0
    # stages on stderr, in the report's language (Finnish by default)
    assert "luetaan ostolaskut.csv" in invoices["stderr"] and "luetaan" not in invoices["stdout"]


def test_manifest_checksums_match_every_file(invoices):
    out = invoices["out"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert verify_manifest(out) == []
    on_disk = {p.name for p in out.iterdir()} - {"manifest.json"}
    assert set(manifest["files"]) == on_disk
    for name, entry in manifest["files"].items():
        data = (out / name).read_bytes()
        assert entry == {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    assert manifest["inputs"] == [{"file": "ostolaskut.csv",
                                   "sha256": hashlib.sha256(invoices["log"].read_bytes()).hexdigest()}]
    assert manifest["command"] == "analyze"


def test_dfg_csv_has_exact_columns_and_the_graphs_frequencies(invoices):
    from rpa_finder.ingest import read_log
    from rpa_finder.mining.dfg import compute_dfg

    dfg = pd.read_csv(invoices["out"] / "dfg.csv")
    assert list(dfg.columns) == ["source", "target", "frequency", "mean_seconds", "median_seconds", "p90_seconds"]
    graph = compute_dfg(read_log(invoices["log"]).log)
    assert dict(zip(zip(dfg["source"], dfg["target"]), dfg["frequency"].astype(int))) == graph.frequency_dict()


def test_no_identity_code_from_the_sample_reaches_any_output(invoices):
    from rpa_finder.privacy import IDENTITY_CODE_PATTERN, find_identity_codes

    frame = pd.read_csv(invoices["log"], sep=";", dtype=str, encoding="utf-8-sig")
    codes = set()
    for column in ("Hakija", "Kommentti"):
        for text in frame[column][find_identity_codes(frame[column])]:
            codes.update(m.group(0) for m in IDENTITY_CODE_PATTERN.finditer(text))
    assert len(codes) > 5  # the generator planted them
    for name, text in texts(invoices["out"]):
        leaked = [code for code in codes if code in text or code.upper() in text.upper()]
        assert not leaked, f"{name} holds identity codes {leaked[:3]}"


def test_no_absolute_path_of_the_input_appears_in_any_output(invoices):
    folder = str(invoices["log"].parent.resolve())
    for name, text in texts(invoices["out"]):
        assert folder not in text and "input-folder" not in text, name


def test_json_files_follow_their_schemas(invoices):
    jsonschema = __import__("jsonschema") if installed("jsonschema") else None  # our checker runs regardless
    for file_name, schema in SCHEMA_NAMES.items():
        data = json.loads((invoices["out"] / file_name).read_text())
        assert check_document(data, schema) == [], file_name
        if jsonschema:
            from rpa_finder.output.schema import load_schema

            jsonschema.validate(data, load_schema(schema))


def test_process_map_highlights_the_top_candidates(invoices):
    mining = json.loads((invoices["out"] / "mining.json").read_text())
    summary = json.loads((invoices["out"] / "summary.json").read_text())
    top = {row["activity"] for row in summary["processes"][0]["top_candidates"]}
    assert set(mining["process_map"]["highlighted"]) == top
    assert mining["events"] == 3157 and len(mining["top_variants"]) <= 20


def test_a_second_run_is_refused_without_force(invoices):
    before = snapshot(invoices["out"])
    code, _, err = run("analyze", invoices["log"], "-o", invoices["out"])
    assert code == 73
    assert str(invoices["out"]) in err and "--force" in err and len(err.strip().splitlines()) == 1
    assert snapshot(invoices["out"]) == before


# --- a real log -------------------------------------------------------------------------------------
def test_analyze_on_the_receipt_log(tmp_path):
    log = dataset("receipt_wabo/receipt_WABO_CoSeLoG.xes.gz")
    code, out, err = run("analyze", log, "-o", tmp_path / "wabo", "--lang", "en")
    assert code == 0, err
    folder = tmp_path / "wabo"
    assert ANALYZE_FILES <= {p.name for p in folder.iterdir()}
    assert verify_manifest(folder) == []
    cases, events, activities, _ = MANIFEST_COUNTS["receipt_wabo/receipt_WABO_CoSeLoG.xes.gz"]
    summary = json.loads((folder / "summary.json").read_text())
    (process,) = summary["processes"]
    assert (process["name"], process["cases"], process["events"]) == ("receipt_WABO_CoSeLoG", cases, events)
    assert summary["language"] == "en"
    rows = json.loads((folder / "candidates.json").read_text())
    assert check_document(rows, "candidates") == []
    assert {r["activity"] for r in rows if r["kind"] == "activity"} == set(
        pd.read_csv(folder / "activities.csv")["activity"])
    dfg = pd.read_csv(folder / "dfg.csv")
    mining = json.loads((folder / "mining.json").read_text())
    assert len(dfg) == mining["edges"] and mining["activities"] == activities
    assert str(log.parent) not in (folder / "validation.json").read_text()


# --- hostile names, replacing folders, failures -----------------------------------------------------
def test_formula_like_activity_names_are_inert_in_csv_and_xlsx(tmp_path):
    from openpyxl import load_workbook

    log = write_tiny_log(tmp_path / "kaavat.csv", [*FORMULAS, "Arkistoi"])
    lines = log.read_text(encoding="utf-8").splitlines()
    log.write_text("\n".join([*lines, "T-0001;Arkistoi;not a time;Käsittelijä 1"]) + "\n", encoding="utf-8")
    code, _, err = run("analyze", log.resolve(), "-o", tmp_path / "out")
    assert code == 0, err
    rejects = pd.read_csv(tmp_path / "out" / "rejects.csv")  # the dropped row, named by basename only
    assert rejects["source_file"].tolist() == ["kaavat.csv"] and rejects["Aikaleima"].tolist() == ["not a time"]
    assert all(str(tmp_path) not in text for _, text in texts(tmp_path / "out"))
    code, _, err = run("analyze", log, "-o", tmp_path / "strict", "--strict", "--lang", "en")  # a warning fails a scheduled job
    assert code == 65 and "validation failed" in err and not (tmp_path / "strict").exists()
    # the failure says which problem failed it and what to do about it
    failing = [line for line in err.splitlines() if " -> " in line]
    assert failing and all("warning:" in line for line in failing)
    assert any("invalid" in line or "time" in line for line in failing), err
    csv_text = (tmp_path / "out" / "candidates.csv").read_text()
    for formula in FORMULAS:
        assert "\n" + formula not in csv_text and ("'" + formula.replace('"', '""')) in csv_text
    book = load_workbook(tmp_path / "out" / "report.xlsx")
    seen = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.lstrip("'") in FORMULAS:
                    assert cell.value.startswith("'")
                    seen.add(cell.value[1:])
    assert seen == set(FORMULAS)


def test_force_replaces_and_a_failed_run_leaves_the_previous_folder(tmp_path, monkeypatch, invoices):
    from rpa_finder.output import folder as folder_module

    log = write_tiny_log(tmp_path / "pieni.csv", ["Vastaanota", "Tarkista", "Arkistoi"])
    out = tmp_path / "out"
    folder_module.write_results_folder(out, {"summary.json": {"earlier": True}, "dfg.csv": pd.DataFrame({"a": [1]})},
                                       command="analyze", inputs=[log])
    before = snapshot(out)
    real = folder_module._write_payload
    written = []

    def failing(path, payload):
        written.append(path.name)
        if len(written) == 6:
            raise RuntimeError("simulated crash")
        real(path, payload)

    monkeypatch.setattr(folder_module, "_write_payload", failing)
    code, _, err = run("analyze", log, "-o", out, "--force")
    assert code == 1 and "simulated crash" in err
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "pieni.csv"]  # no temp folder left
    monkeypatch.undo()
    baseline = invoices["out"] / "scorer.json"  # another run's fitted scorer: scores on its scale
    code, _, err = run("analyze", log, "-o", out, "--force", "--baseline", baseline)
    assert code == 0, err
    assert verify_manifest(out) == [] and "dfg.csv" in json.loads((out / "manifest.json").read_text())["files"]
    assert json.loads((out / "summary.json").read_text())["processes"][0]["name"] == "pieni"
    assert json.loads((out / "scorer.json").read_text()) == json.loads(baseline.read_text())


def test_a_folder_of_other_files_is_never_replaced(tmp_path):
    log = write_tiny_log(tmp_path / "pieni.csv", ["Vastaanota", "Arkistoi"])
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "budget.xlsx").write_bytes(b"not ours")
    for flags in ((), ("--force",)):
        code, _, err = run("analyze", log, "-o", foreign, *flags)
        assert code == 73 and "documents" in err
        assert snapshot(foreign) == {"budget.xlsx": b"not ours"}
    (tmp_path / "bad.json").write_text('{"kind": "something else"}')
    code, _, err = run("analyze", log, "-o", tmp_path / "x", "--baseline", tmp_path / "bad.json")
    assert code == 78 and "bad.json" in err and "scorer.json" in err
    assert run("analyze", log, "-o", tmp_path / "x", "--baseline", tmp_path / "missing.json")[0] == 66


def test_several_logs_get_one_folder_each_and_a_common_top(tmp_path):
    first = write_tiny_log(tmp_path / "alpha.csv", ["Vastaanota", "Tarkista", "Arkistoi"])
    second = write_tiny_log(tmp_path / "beta.csv", ["Kirjaa", "Hyväksy"], cases=40)
    out = tmp_path / "both"
    code, stdout, err = run("analyze", first, second, "-o", out)
    assert code == 0, err
    for stem in ("alpha", "beta"):
        names = {p.name for p in (out / stem).iterdir()}
        assert ANALYZE_FILES - {"summary.json", "candidates.csv", "candidates.json", "report.xlsx", "manifest.json"} <= names
    assert {"summary.json", "candidates.csv", "candidates.json", "report.xlsx", "manifest.json"} <= {
        p.name for p in out.iterdir()}
    summary = json.loads((out / "summary.json").read_text())
    assert [p["name"] for p in summary["processes"]] == ["alpha", "beta"]
    assert summary["totals"]["fte"] == pytest.approx(sum(p["fte"] for p in summary["processes"]), abs=0.002)
    candidates = pd.read_csv(out / "candidates.csv")
    assert set(candidates["process"]) == {"alpha", "beta"}
    beta = candidates[(candidates["process"] == "beta") & (candidates["kind"] == "activity")]
    assert set(beta["activity"]) == {"Kirjaa", "Hyväksy"}
    manifest = json.loads((out / "manifest.json").read_text())
    assert "alpha/dfg.csv" in manifest["files"] and "beta/mining.json" in manifest["files"]
    assert [i["file"] for i in manifest["inputs"]] == ["alpha.csv", "beta.csv"]
    assert verify_manifest(out) == []


# --- mine --------------------------------------------------------------------------------------------
def test_mine_full_map_writes_the_mining_outputs(tmp_path, invoices):
    default_map = json.loads((invoices["out"] / "mining.json").read_text())["process_map"]
    assert default_map["shown_activities"] < default_map["total_activities"] == 12  # the frequent core only
    out = tmp_path / "map"
    code, stdout, err = run("mine", SAMPLE_LOGS / "ostolaskut.csv", "-o", out, "--full-map")
    assert code == 0, err
    names = {p.name for p in out.iterdir()}
    assert names == {"process_map.svg", "model.bpmn", "model.pnml", "dfg.csv", "variants.csv", "activities.csv",
                     "mining.json", "validation.json", "manifest.json"}
    mining = json.loads((out / "mining.json").read_text())
    assert mining["process_map"]["full"] is True
    assert mining["process_map"]["shown_activities"] == mining["process_map"]["total_activities"] == 12
    assert mining["process_map"]["shown_edges"] == mining["edges"]
    svg = (out / "process_map.svg").read_text()
    for activity in pd.read_csv(out / "activities.csv")["activity"]:
        assert activity in svg
    variants = pd.read_csv(out / "variants.csv")
    assert variants["cases"].sum() == 400 and variants["activities"].str.contains(" -> ").all()
    assert json.loads((out / "manifest.json").read_text())["command"] == "mine"
    assert "3\u00a0157 tapahtumaa" in stdout and "Tulokset kansiossa" in stdout  # Finnish by default, as analyze


# --- the terminal's language: --lang, else the config's [report] language, else Finnish ---------------
def _error_line(err: str) -> str:
    lines = [line for line in err.strip().splitlines() if ": " in line]
    return lines[-1] if lines else ""


def test_the_error_line_speaks_lang_else_the_config_else_finnish(tmp_path):
    missing = tmp_path / "puuttuu.csv"
    swedish = tmp_path / "svenska.toml"
    swedish.write_text('[report]\nlanguage = "sv"\n', encoding="utf-8")
    broken = tmp_path / "rikki.toml"
    broken.write_text('[report]\nlanguage = "de"\n', encoding="utf-8")
    cases = [
        (["analyze", missing, "-o", tmp_path / "a"], 66, f"rpa-finder: virhe: {missing}: "),
        (["analyze", missing, "-o", tmp_path / "a", "--config", swedish], 66, f"rpa-finder: fel: {missing}: "),
        (["analyze", missing, "-o", tmp_path / "a", "--config", swedish, "--lang", "fi"], 66, f"rpa-finder: virhe: {missing}: "),
        # an error in the settings file itself already speaks --lang
        (["analyze", missing, "-o", tmp_path / "a", "--config", broken, "--lang", "sv"], 78, f"rpa-finder: fel: {broken}: "),
        (["analyze", missing, "-o", tmp_path / "a", "--config", broken], 78, f"rpa-finder: virhe: {broken}: "),
        (["compare", SAMPLE_LOGS / "ostolaskut.csv", "-o", tmp_path / "c", "--config", swedish], 2, "rpa-finder: fel: "),
        (["validate", missing], 66, f"rpa-finder: virhe: {missing}: "),
        (["mine", missing, "--lang", "sv"], 66, f"rpa-finder: fel: {missing}: "),
        # scheduled jobs keep one English wording for cron mail and monitors, whatever the job's language
        (["run", "--config", swedish], 78, f"rpa-finder: error: {swedish}: "),
    ]
    for args, code, prefix in cases:
        got, out, err = run(*args)
        assert got == code, (args, err)
        assert _error_line(err).startswith(prefix), (args, err)
        assert "Traceback" not in err and not (tmp_path / "a").exists()


def test_baseline_errors_speak_the_language(tmp_path, invoices):
    log = write_tiny_log(tmp_path / "pieni.csv", ["Vastaanota", "Arkistoi"])
    code, _, err = run("analyze", log, "-o", tmp_path / "x", "--baseline", tmp_path / "puuttuu.json", "--lang", "sv")
    assert code == 66 and _error_line(err).startswith(f"rpa-finder: fel: {tmp_path / 'puuttuu.json'}: ")
    assert "jämförelsebasen kan inte läsas" in err and "scorer.json" in err
    weights = tmp_path / "painot.toml"
    weights.write_text("[weights]\nvolume = 9.0\n", encoding="utf-8")
    code, _, err = run("analyze", log, "-o", tmp_path / "x", "--config", weights, "--baseline", invoices["out"] / "scorer.json")
    assert code == 2, err
    line = _error_line(err)
    assert line.startswith(f"rpa-finder: virhe: {weights}: [weights]: --baseline ") and "jätä --baseline pois" in line
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("lang, words", [("sv", ("3\u00a0157 händelser", "Resultat i mappen")),
                                         ("en", ("3,157 events", "results in"))])
def test_mine_prints_its_summary_in_the_language(tmp_path, lang, words):
    code, stdout, err = run("mine", SAMPLE_LOGS / "ostolaskut.csv", "-o", tmp_path / "m", "--lang", lang)
    assert code == 0, err
    assert all(word in stdout for word in words)
    assert ("läser ostolaskut.csv" if lang == "sv" else "reading ostolaskut.csv") in err
