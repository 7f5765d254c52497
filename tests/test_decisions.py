# SPDX-License-Identifier: AGPL-3.0-or-later
"""Decisions on candidates: set and list them, and the round trip through report.xlsx's Decisions sheet."""
from __future__ import annotations

import inspect
import json
import shutil
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook

from rpa_finder.api import Analysis
from rpa_finder.cli import main
from rpa_finder.errors import BadDataError, ConfigError, InputMissingError, UsageError
from rpa_finder.jobs import load_job, run_job
from rpa_finder.output.decisions_sheet import MARKER_PREFIX, STATE_TEXTS, decisions_sheet_name, read_marker
from rpa_finder.realisation import RecordedDeployment
from rpa_finder.store import (Decision, decision_estimates, decision_history, import_decisions, load_decisions,
                              open_store, read_store_id, recorded_deployments, set_decision)

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample_logs" / "ostolaskut.csv"
KEY = "test-decisions-key"
NOW = datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc)


def _write_job(root: Path, language: str = "fi") -> Path:
    (root / "exports").mkdir(parents=True, exist_ok=True)
    (root / "store").mkdir(exist_ok=True)
    shutil.copy(SAMPLE, root / "exports" / SAMPLE.name)
    path = root / "job.toml"
    path.write_text(f'[job]\nname = "ostolaskut"\nstore = "store/runs.duckdb"\ninputs = ["exports"]\n'
                    f'output = "results"\nlanguage = "{language}"\n', encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    """One scheduled run of the bundled sample (Finnish report): the job folder, its store and its outcome."""
    root = tmp_path_factory.mktemp("decisions-job")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RPA_FINDER_KEY", KEY)
        outcome = run_job(load_job(_write_job(root)))
    return root, outcome


@pytest.fixture
def job(ran, tmp_path, monkeypatch):
    """A private copy of the ran job (folder, store, results) for a test that changes it."""
    monkeypatch.setenv("RPA_FINDER_KEY", KEY)
    root, outcome = ran
    copy = tmp_path / "job"
    shutil.copytree(root, copy)
    report = copy / "results" / outcome.run_id / "report.xlsx"
    return copy, copy / "store" / "runs.duckdb", report


def _candidates(report: Path) -> list[tuple]:
    book = load_workbook(report)
    return list(book[decisions_sheet_name("fi")].iter_rows(values_only=True))


def _fill(report: Path, out: Path, activity: str, values: dict[str, object], *, store_id: str | None = None) -> Path:
    """Fill the Decisions sheet row of ``activity`` as a person would (headers in Finnish) and save as ``out``."""
    book = load_workbook(report)
    sheet = book[decisions_sheet_name("fi")]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[header.index("Koodi tai nimi lokissa")].value == activity)
    for column, value in values.items():
        row[header.index(column)].value = value
    if store_id is not None:
        next(p for p in book.custom_doc_props.props if p.name == MARKER_PREFIX + "store_id").value = store_id
    book.save(out)
    return out


def _cli(args: list[str], capsys) -> tuple[int, str, str]:
    """The command in English (``set`` and ``import`` speak Finnish by default): these tests match its texts."""
    if args[:2] in (["decisions", "set"], ["decisions", "import"]):
        args = [*args, "--lang", "en"]
    with pytest.raises(SystemExit) as done:
        main(args)
    out, err = capsys.readouterr()
    return done.value.code, out, err


# --- set, list, validation ---------------------------------------------------------------------------
def test_set_and_list_keep_the_current_decision_and_its_history(job):
    _, store, _ = job
    first = set_decision(store, Decision("ostolaskut", "Kirjaa lasku", state="accepted", note="kokeillaan"),
                         who="Virtanen Aino", now=NOW)
    assert first.set_by.startswith("user-") and "Virtanen" not in first.set_by
    assert first.set_at == "2026-12-07T12:00:00+00:00"
    low, mid, high = first.estimated_hours_per_year
    assert 0 < low <= mid <= high  # the latest run's hours range for that step
    deployed = set_decision(store, Decision("ostolaskut", "Kirjaa lasku", state="deployed", account_pattern="robo_.*",
                                            go_live=date(2026, 3, 1)), who="Virtanen Aino", now=NOW)
    assert [d.state for d in load_decisions(store, "ostolaskut")] == ["deployed"]
    assert [d.state for d in decision_history(store, "ostolaskut")] == ["accepted", "deployed"]
    again = set_decision(store, Decision("ostolaskut", "Kirjaa lasku", state="deployed", account_pattern="robo_.*",
                                         go_live=date(2026, 3, 1)), who="someone else")
    assert again == deployed and len(decision_history(store)) == 2  # the same decision: nothing recorded
    assert recorded_deployments(load_decisions(store)) == [RecordedDeployment("Kirjaa lasku", "robo_.*", date(2026, 3, 1))]
    assert decision_estimates(load_decisions(store)) == {"Kirjaa lasku": (low, mid, high)}


@pytest.mark.parametrize("decision, message", [
    (Decision("ostolaskut", "Kirjaa lasku", state="rejected"), "rejected candidate needs a reason"),
    (Decision("ostolaskut", "Kirjaa lasku", state="deployed"), "needs its account name or pattern"),
    (Decision("ostolaskut", "Kirjaa lasku", state="deployed", account_pattern="robo_(["), "no regular expression"),
    (Decision("ostolaskut", "Kirjaa lasku", state="done"), "unknown decision 'done'"),
    (Decision("ostolaskut", "Keitä kahvit", state="accepted"), "'Keitä kahvit' is not a candidate of 'ostolaskut'"),
])
def test_set_refuses_bad_decisions_with_one_line(job, decision, message):
    _, store, _ = job
    with pytest.raises(BadDataError, match=message) as refused:
        set_decision(store, decision)
    assert "\n" not in str(refused.value) and refused.value.exit_code == 65
    assert load_decisions(store) == []


def test_set_refuses_a_process_without_runs(job):
    _, store, _ = job
    with pytest.raises(ConfigError, match="'rakennusluvat' has no finished run"):
        set_decision(store, Decision("rakennusluvat", "Kirjaa lasku"))


def test_cli_set_and_list(job, capsys):
    from rpa_finder.commands.decisions import _STATES
    from rpa_finder.store import DECISION_STATES

    assert _STATES == DECISION_STATES  # the command's choices (kept apart so that --help needs no pandas)
    _, store, _ = job
    code, out, _ = _cli(["decisions", "set", "--store", str(store), "--process", "ostolaskut", "--activity",
                         "Tiliöi lasku", "--state", "deployed", "--account", "robot_.*", "--go-live", "2026-03-01",
                         "--note", "pilotti"], capsys)
    assert code == 0 and "'Tiliöi lasku' is deployed" in out
    code, out, _ = _cli(["decisions", "list", "--store", str(store), "--json"], capsys)
    listed = json.loads(out)
    assert code == 0 and [(d["activity"], d["state"], d["account_pattern"], d["go_live"], d["note"]) for d in listed] == [
        ("Tiliöi lasku", "deployed", "robot_.*", "2026-03-01", "pilotti")]
    assert set(listed[0]["estimated_hours_per_year"]) == {"low", "mid", "high"}
    code, _, err = _cli(["decisions", "set", "--store", str(store), "--process", "ostolaskut", "--activity",
                         "Tiliöi lasku", "--state", "rejected"], capsys)
    assert code == 65 and "needs a reason" in err and len(err.strip().splitlines()) == 1


# --- the Excel round trip ----------------------------------------------------------------------------
def test_report_has_a_localised_decisions_sheet_with_a_dropdown(job):
    _, _, report = job
    book = load_workbook(report)
    assert book.sheetnames[:2] == ["Ehdokkaat", "Päätökset"]
    sheet = book["Päätökset"]
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["Prosessi", "Laji", "Koodi tai nimi lokissa", "Arvio", "Nettosäästö €", "Päätös"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert {r[2] for r in rows} == {"Kirjaa lasku", "Tiliöi lasku", "Arkistoi lasku"}  # the feasible steps
    assert all(r[3] == "mahdollinen, ei kannata yksin" and r[5] is None for r in rows)
    dropdown, = sheet.data_validations.dataValidation
    assert dropdown.formula1 == '"' + ",".join(t["fi"] for t in STATE_TEXTS.values()) + '"'
    assert read_marker(book)["process"] == "ostolaskut" and read_marker(book)["language"] == "fi"


def test_excel_round_trip_import_is_idempotent(job, tmp_path, capsys):
    _, store, report = job
    filled = _fill(report, tmp_path / "filled.xlsx", "Tiliöi lasku",
                   {"Päätös": "käytössä", "Robotin käyttäjätunnus tai kaava": "ROBOTTI_0[12]",
                    "Käyttöönotto (vvvv-kk-pp)": "2026-03-01", "Huomautus": "=HYPERLINK(\"x\")"})
    args = ["decisions", "import", str(filled), "--store", str(store), "--process", "ostolaskut"]
    code, out, _ = _cli(args, capsys)
    assert code == 0 and out.startswith("1 changed, 0 unchanged")
    decision, = load_decisions(store, "ostolaskut")
    assert (decision.activity, decision.state, decision.account_pattern, decision.go_live, decision.note) == (
        "Tiliöi lasku", "deployed", "ROBOTTI_0[12]", date(2026, 3, 1), '=HYPERLINK("x")')  # a formula is text
    code, out, _ = _cli(args, capsys)
    assert code == 0 and out.startswith("0 changed, 1 unchanged")
    assert len(decision_history(store)) == 1


#: Whether scheduled runs hand the store's decisions to the workbook (api.Analysis / jobs.run_job).
WIRED = "decision_context" in inspect.signature(Analysis.from_results).parameters


@pytest.mark.skipif(not WIRED, reason="run_job does not pass the store's DecisionContext to the workbook yet "
                    "(Analysis.from_results(..., decision_context=...))")
def test_next_run_shows_the_imported_decision_and_its_store(job, tmp_path, capsys):
    root, store, report = job
    marker = read_marker(load_workbook(report))
    with open_store(store, read_only=True) as con:
        assert marker["store_id"] == read_store_id(con) and len(marker["store_id"]) == 32
    filled = _fill(report, tmp_path / "filled.xlsx", "Tiliöi lasku",
                   {"Päätös": "käytössä", "Robotin käyttäjätunnus tai kaava": "ROBOTTI_0[12]",
                    "Käyttöönotto (vvvv-kk-pp)": "2026-03-01", "Huomautus": "=HYPERLINK(\"x\")"})
    code, out, _ = _cli(["decisions", "import", str(filled), "--store", str(store)], capsys)
    assert code == 0 and out.startswith("1 changed, 0 unchanged")

    second = run_job(load_job(root / "job.toml"))
    rows = _candidates(second.output / "report.xlsx")
    header, body = rows[0], rows[1:]
    row = next(r for r in body if r[2] == "Tiliöi lasku")
    assert row[header.index("Päätös")] == "käytössä"
    assert row[header.index("Robotin käyttäjätunnus tai kaava")] == "ROBOTTI_0[12]"
    assert row[header.index("Käyttöönotto (vvvv-kk-pp)")] == "2026-03-01"
    assert row[header.index("Huomautus")] == "'=HYPERLINK(\"x\")"  # inert in the workbook
    book = load_workbook(second.output / "report.xlsx")
    assert not [c.coordinate for s in book.worksheets for r in s.iter_rows() for c in r if c.data_type == "f"]
    code, out, _ = _cli(["decisions", "import", str(second.output / "report.xlsx"), "--store", str(store)], capsys)
    assert code == 0 and out.startswith("0 changed, 1 unchanged")  # the prefilled sheet hands back the same


def test_import_refuses_a_sheet_from_another_store(job, tmp_path, capsys):
    _, store, report = job
    foreign = _fill(report, tmp_path / "foreign.xlsx", "Kirjaa lasku", {"Päätös": "hyväksytty"},
                    store_id="0123456789abcdef0123456789abcdef")
    code, _, err = _cli(["decisions", "import", str(foreign), "--store", str(store)], capsys)
    assert code == 65 and "another store (store id 01234567..., this store" in err
    assert len(err.strip().splitlines()) == 1 and load_decisions(store) == []


def test_import_refuses_unknown_candidates_and_words(job, tmp_path):
    _, store, report = job
    unknown = _fill(report, tmp_path / "unknown.xlsx", "Kirjaa lasku",
                    {"Päätös": "hyväksytty", "Koodi tai nimi lokissa": "Keitä kahvit"})
    with pytest.raises(BadDataError, match="'Keitä kahvit' is not a candidate of 'ostolaskut'"):
        import_decisions(unknown, store, process="ostolaskut")
    word = _fill(report, tmp_path / "word.xlsx", "Kirjaa lasku", {"Päätös": "ehkä"})
    with pytest.raises(BadDataError, match="row 2: unknown decision 'ehkä'; choose one of hyväksytty"):
        import_decisions(word, store, process="ostolaskut")
    detail = _fill(report, tmp_path / "detail.xlsx", "Kirjaa lasku", {"Huomautus": "mietitään"})
    with pytest.raises(BadDataError, match="details filled in but no decision"):
        import_decisions(detail, store, process="ostolaskut")
    assert load_decisions(store) == []


def test_import_accepts_any_language_and_a_storeless_sheet_needs_process(job, tmp_path, capsys):
    _, store, report = job
    plain = _fill(report, tmp_path / "plain.xlsx", "Arkistoi lasku",
                  {"Päätös": "avvisad", "Perustelu (jos hylätty)": "arkisto uusitaan"}, store_id="")
    with pytest.raises(UsageError, match="pass --process"):
        import_decisions(plain, store)
    code, out, _ = _cli(["decisions", "import", str(plain), "--store", str(store), "--process", "ostolaskut"], capsys)
    assert code == 0 and out.startswith("1 changed")
    assert [(d.activity, d.state, d.reason) for d in load_decisions(store)] == [
        ("Arkistoi lasku", "rejected", "arkisto uusitaan")]


def test_import_of_an_unreadable_file_exits_66(job, tmp_path, capsys):
    _, store, _ = job
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")
    with pytest.raises(InputMissingError):
        import_decisions(broken, store)
    code, _, err = _cli(["decisions", "import", str(tmp_path / "missing.xlsx"), "--store", str(store)], capsys)
    assert code == 66 and "file not found" in err


# --- the sheet without a store, hostile names, the store's identity --------------------------------------
def test_a_storeless_report_names_its_process_and_reads_back_formula_like_names_as_text(tmp_path):
    """A plain analyze: English sheet, empty store id; an activity named like a formula stays inert in the
    workbook and comes back as the log's name, a decision typed as a formula is text."""
    import pandas as pd

    from rpa_finder.output.decisions_sheet import DecisionsSheetInput, read_decisions_sheet
    from rpa_finder.output.workbook import build_workbook

    candidates = pd.DataFrame({"process": ["laskut"] * 3, "kind": ["activity", "activity", "routine"],
                               "activity": ["=SUM(A1:A9)", "Hyväksy", "=SUM(A1:A9) -> Hyväksy"],
                               "verdict": ["robot_candidate", "needs_judgement", "feasible_not_paying"],
                               "net_savings_eur_mid": [1200.0, 50.0, -10.0]})
    path = tmp_path / "report.xlsx"
    path.write_bytes(build_workbook({"Candidates": candidates}, decisions=DecisionsSheetInput(candidates, None, "en")))
    book = load_workbook(path)
    sheet = book["Decisions"]
    assert [c.value for c in sheet[1]][:6] == ["Process", "Kind", "Code or name in the log", "Verdict", "Net saving €",
                                               "Decision"]
    assert [r[2] for r in sheet.iter_rows(min_row=2, values_only=True)] == ["'=SUM(A1:A9)", "'=SUM(A1:A9) -> Hyväksy"]
    assert book.sheetnames == ["Candidates", "Decisions"]
    assert read_marker(book) == {"store_id": "", "process": "laskut", "sheet": "Decisions", "language": "en"}
    sheet["F2"] = "deployed"
    sheet["G3"] = "=1+1"  # a formula typed into the reason
    sheet["F3"] = "rejected"
    sheet["H2"] = "robot.*"
    book.save(path)
    read = read_decisions_sheet(path)
    assert (read.store_id, read.process) == ("", "laskut")
    assert [(r.kind, r.activity, r.state, r.reason, r.account_pattern) for r in read.rows] == [
        ("activity", "=SUM(A1:A9)", "deployed", "", "robot.*"),
        ("routine", "=SUM(A1:A9) -> Hyväksy", "rejected", "=1+1", "")]


def test_every_store_gets_its_own_identity_also_when_migrated(tmp_path):
    import duckdb

    from rpa_finder.store.database import MIGRATIONS

    old = tmp_path / "old.duckdb"
    con = duckdb.connect(str(old))
    for version in (1, 2, 3, 4):
        for statement in MIGRATIONS[version]:
            con.execute(statement)
    con.execute("INSERT INTO meta VALUES ('schema_version', '4')")
    con.close()
    ids = []
    for store in (old, tmp_path / "new.duckdb", tmp_path / "other.duckdb"):
        with open_store(store) as con:
            ids.append(read_store_id(con))
        with open_store(store) as con:
            assert read_store_id(con) == ids[-1]  # kept, not remade on each open
        assert load_decisions(store) == []
    assert len(set(ids)) == 3 and all(len(i) == 32 for i in ids)
