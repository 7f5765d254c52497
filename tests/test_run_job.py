# SPDX-License-Identifier: AGPL-3.0-or-later
"""``rpa-finder run`` and ``history`` as a scheduler runs them: real subprocesses where it matters."""
from __future__ import annotations

import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lxml import html as lxml_html

from rpa_finder.cli import main
from rpa_finder.ingest import read_log
from rpa_finder.jobs import PAUSE_ENV, load_job, run_job
from rpa_finder.output.folder import verify_manifest
from rpa_finder.output.schema import check_document
from rpa_finder.report.i18n import TEXTS, format_number
from rpa_finder.samples import generate_log, write_finnish_csv
from rpa_finder.store import count_events, lock_store, open_store

REPO = Path(__file__).resolve().parents[1]
KEY = "test-run-job-key"


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, Path]:
    """Two monthly exports of one generated log that overlap (months 1-3 and 2-4), and their union."""
    folder = tmp_path_factory.mktemp("monthly")
    events, _ = generate_log("ostolaskut", cases=120, seed=5)
    month = events["Aikaleima"].dt.month
    return {"q1": write_finnish_csv(events[month.between(1, 3)], folder / "2025-03.csv"),
            "q2": write_finnish_csv(events[month.between(2, 4)], folder / "2025-04.csv"),
            "union": write_finnish_csv(events[month.between(1, 4)], folder / "union.csv")}


def _job(root: Path, *, timeout: float = 30, extra: str = "", job_extra: str = "", name: str = "job.toml") -> Path:
    (root / "exports").mkdir(exist_ok=True)
    (root / "store").mkdir(exist_ok=True)
    path = root / name
    path.write_text(f"""[job]
name = "ostolaskut"
store = "store/runs.duckdb"
inputs = ["exports"]
output = "results"
language = "en"
lock_timeout_seconds = {timeout}
{job_extra}
{extra}""", encoding="utf-8")
    return path


def _add(root: Path, export: Path) -> None:
    (root / "exports" / export.name).write_bytes(export.read_bytes())


def _cli(args: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(args)
    out, err = capsys.readouterr()
    return done.value.code, out, err


def _spawn(job: Path, pause_at: str, seconds: float) -> subprocess.Popen:
    env = {**os.environ, "RPA_FINDER_KEY": KEY, "RPA_FINDER_TEST_PAUSE_AT": pause_at,
           "RPA_FINDER_TEST_PAUSE_SECONDS": str(seconds), "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "rpa_finder.cli", "run", "--config", str(job), "--json"],
                            cwd=job.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for(process: subprocess.Popen, text: str, limit: float = 90) -> str:
    """Read the child's stderr until ``text`` appears (the child is then paused there)."""
    seen = ""
    selector = selectors.DefaultSelector()
    selector.register(process.stderr, selectors.EVENT_READ)
    deadline = time.monotonic() + limit
    while text not in seen:
        assert time.monotonic() < deadline, f"child never reached {text!r}: {seen}"
        assert process.poll() is None, f"child ended early: {seen}"
        if selector.select(timeout=1):
            seen += process.stderr.readline()
    return seen


@pytest.fixture(autouse=True)
def stable_key(monkeypatch):
    monkeypatch.setenv("RPA_FINDER_KEY", KEY)
    monkeypatch.delenv("RPA_FINDER_TEST_PAUSE_AT", raising=False)


def test_monthly_runs_deduplicate_and_history_shows_what_changed(exports, tmp_path, capsys):
    job = _job(tmp_path)
    _add(tmp_path, exports["q1"])
    code, out, err = _cli(["run", "--config", str(job), "--json"], capsys)
    assert code == 0, err
    first = json.loads(out)
    q1_events = read_log(exports["q1"]).log.n_events
    assert first["status"] == "ok" and first["totals"]["events_new"] == q1_events
    assert first["totals"]["events_duplicate"] == 0
    assert first["inputs"][0]["file"] == "2025-03.csv" and len(first["inputs"][0]["sha256"]) == 64
    assert "ostolaskut" in first["maturity_levels"]
    assert Path(first["output"]) == tmp_path / "results" / first["run_id"]
    assert verify_manifest(Path(first["output"])) == []
    assert "events" in err and out.count("\n") == 1  # progress on stderr, one JSON line on stdout

    _add(tmp_path, exports["q2"])  # next month: the old export stays in the folder, a new one arrives
    code, out, err = _cli(["run", "--config", str(job), "--json"], capsys)
    assert code == 0, err
    second = json.loads(out)
    union_events = read_log(exports["union"]).log.n_events
    assert second["totals"]["events_in_store"] == union_events  # the overlap was not counted twice
    assert [i["new"] for i in second["inputs"]][0] == 0
    assert second["totals"]["events_new"] == union_events - q1_events
    assert second["run_id"] != first["run_id"]
    assert verify_manifest(Path(first["output"])) == []  # last month's results are untouched

    code, out, err = _cli(["history", "--store", str(tmp_path / "store" / "runs.duckdb"), "--json",
                           "-o", str(tmp_path / "history")], capsys)
    assert code == 0, err
    history = json.loads(out)
    assert [r["run_id"] for r in history["runs"]] == [first["run_id"], second["run_id"]]
    scores = [r for r in history["rows"] if r["measure"] == "score" and r["process"] == "ostolaskut"]
    assert scores and any(r[first["run_id"]] != r[second["run_id"]] for r in scores)
    levels = [r for r in history["rows"] if r["measure"] == "maturity_level"]
    assert {r["process"] for r in levels} >= {"ostolaskut"}
    for name in ("history.csv", "history.json", "history.svg"):
        assert (tmp_path / "history" / name).stat().st_size > 100
    assert "<polyline" in (tmp_path / "history" / "history.svg").read_text(encoding="utf-8")


def test_sigkill_during_import_leaves_store_and_last_results_intact(exports, tmp_path, capsys):
    job = _job(tmp_path)
    _add(tmp_path, exports["q1"])
    code, out, err = _cli(["run", "--config", str(job), "--json"], capsys)
    assert code == 0, err
    good = json.loads(out)
    store = tmp_path / "store" / "runs.duckdb"
    with open_store(store, read_only=True) as con:
        before = count_events(con, "ostolaskut")
        runs_before = con.execute("SELECT run_id, status FROM runs ORDER BY 1").fetchall()

    _add(tmp_path, exports["q2"])
    child = _spawn(job, "import", 120)
    try:
        _wait_for(child, "test pause at import")  # new events inserted, transaction not committed
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    with lock_store(store, 0):  # the kernel dropped the dead run's lock
        with open_store(store, read_only=True) as con:
            assert count_events(con, "ostolaskut") == before
            assert con.execute("SELECT run_id, status FROM runs ORDER BY 1").fetchall() == runs_before
            total, keys = con.execute("SELECT count(*), count(DISTINCT event_key) FROM events").fetchone()
            assert total == keys == before[0]
    assert verify_manifest(Path(good["output"])) == []
    assert sorted(p.name for p in (tmp_path / "results").iterdir() if not p.name.startswith(".")) == [good["run_id"]]


def test_concurrent_runs_wait_for_the_lock_or_fail_with_73(exports, tmp_path, capsys):
    job = _job(tmp_path)
    _add(tmp_path, exports["q1"])
    impatient = _job(tmp_path, timeout=0.5, name="impatient.toml")  # same store, gives up after 0.5 s
    holder = _spawn(job, "analysis", 4)  # holds the store's lock while it sleeps
    try:
        _wait_for(holder, "test pause at analysis")
        code, out, err = _cli(["run", "--config", str(impatient)], capsys)
        assert code == 73
        errors = [line for line in err.splitlines() if line.startswith("rpa-finder: error:")]
        assert len(errors) == 1 and "locked by process" in errors[0] and "lock_timeout_seconds" in errors[0]
        assert out == ""

        code, out, err = _cli(["run", "--config", str(job), "--json"], capsys)  # waits up to 30 s, then runs
        assert code == 0, err
        assert "waiting up to 30 s" in err
        waited = json.loads(out)
        first, _ = holder.communicate(timeout=60)
    finally:
        if holder.poll() is None:
            holder.kill()
    assert holder.returncode == 0
    first = json.loads(first)
    assert first["totals"]["events_new"] > 0 and waited["totals"]["events_new"] == 0  # serialised, not interleaved
    assert waited["totals"]["events_in_store"] == first["totals"]["events_in_store"]
    with open_store(tmp_path / "store" / "runs.duckdb", read_only=True) as con:
        assert con.execute("SELECT count(*) FROM runs WHERE status = 'ok'").fetchone()[0] == 2


@pytest.mark.parametrize("case, expected", [
    ("unknown_key", "[job]: unknown key 'schedule'"),
    ("missing_store_folder", "store's folder does not exist"),
    ("no_stable_key", "no stable privacy key"),
    ("unknown_criterion", "unknown criterion 'speed'"),
])
def test_job_file_errors_exit_78_with_one_line(case, expected, tmp_path, capsys, monkeypatch):
    job = _job(tmp_path, job_extra={"unknown_key": 'schedule = "monthly"'}.get(case, ""),
               extra={"unknown_criterion": "[weights]\nspeed = 1.0"}.get(case, ""))
    if case == "missing_store_folder":
        job.write_text(job.read_text(encoding="utf-8").replace("store/runs.duckdb", "missing/runs.duckdb"),
                       encoding="utf-8")
    if case == "no_stable_key":
        monkeypatch.delenv("RPA_FINDER_KEY")
    code, out, err = _cli(["run", "--config", str(job)], capsys)
    assert code == 78
    assert expected in err and str(job.name) in err
    assert len(err.strip().splitlines()) == 1 and out == ""
    assert not (tmp_path / "store" / "runs.duckdb").exists()


def test_an_input_folder_without_logs_exits_66_before_touching_the_store(tmp_path, capsys):
    job = _job(tmp_path)
    (tmp_path / "exports" / "notes.md").write_text("not a log", encoding="utf-8")
    code, out, err = _cli(["run", "--config", str(job)], capsys)
    assert code == 66
    assert "no log files in the folder" in err and out == ""
    assert not (tmp_path / "store" / "runs.duckdb").exists()


# --- the History section of each run's report ---------------------------------------------------------------

@pytest.fixture(scope="module")
def two_runs(exports, tmp_path_factory) -> dict:
    """One job run twice, on months 1-3 and then also on months 2-4 (the old export stays in the folder)."""
    root = tmp_path_factory.mktemp("two_runs")
    job = _job(root)
    outcomes = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("RPA_FINDER_KEY", KEY)
        patch.delenv(PAUSE_ENV, raising=False)
        for export in (exports["q1"], exports["q2"]):
            _add(root, export)
            outcomes.append(run_job(load_job(job)))
    return {"store": root / "store" / "runs.duckdb", "first": outcomes[0], "second": outcomes[1]}


def _page(folder: Path):
    return lxml_html.fromstring((folder / "report.html").read_text(encoding="utf-8"))


def _groups(tree) -> dict[str, dict[str, list[str]]]:
    """The History table as read: candidate -> measure -> [one cell per run..., change]."""
    out = {}
    for body in tree.xpath("//table[@id='history-candidates']/tbody"):
        name = body.xpath("tr[1]/th[@scope='rowgroup']")[0].text_content()
        out[name] = {r.xpath("th[@scope='row']")[0].text_content(): [td.text_content() for td in r.xpath("td")]
                     for r in body.xpath("tr")}
    return out


def test_the_first_run_report_says_there_is_no_history_yet(two_runs):
    folder = two_runs["first"].output
    history = json.loads((folder / "history.json").read_text(encoding="utf-8"))
    assert check_document(history, "history") == []
    assert [r["run_id"] for r in history["runs"]] == [two_runs["first"].run_id]
    section = _page(folder).xpath("//section[@id='history']")[0]
    assert section.xpath("h2")[0].text_content() == "History"
    assert section.xpath("p[@class='history-none']")[0].text_content().startswith("No history yet: this is the job's first")
    assert not section.xpath(".//svg | .//table")


def test_the_second_run_report_shows_both_runs_as_in_history(two_runs, capsys):
    first, second = two_runs["first"].run_id, two_runs["second"].run_id
    folder = two_runs["second"].output
    assert verify_manifest(folder) == []  # history.json is one of the run's checked files
    document = json.loads((folder / "history.json").read_text(encoding="utf-8"))
    assert check_document(document, "history") == []
    assert [r["run_id"] for r in document["runs"]] == [first, second]
    assert all("output" not in r for r in document["runs"])

    tree = _page(folder)
    heads = " ".join(th.text_content() for th in tree.xpath("//table[@id='history-candidates']/thead/tr/th"))
    assert first in heads and f"{second}(this report)" in heads
    svg = tree.xpath("//section[@id='history']//figure//svg")[0]
    assert svg.get("role") == "img" and svg.get("aria-describedby") == "history-candidates"
    assert svg.xpath("*[local-name()='title']")[0].text_content() == TEXTS["history_chart"]["en"]
    assert svg.xpath(".//*[local-name()='polyline']")  # a score drawn across both runs

    # the report's figures are the store's, as `rpa-finder history` prints them after the run
    code, out, err = _cli(["history", "--store", str(two_runs["store"]), "--json"], capsys)
    assert code == 0, err
    stored = json.loads(out)
    assert stored["rows"] == document["rows"] and [r["run_id"] for r in stored["runs"]] == [first, second]
    rows = {(r["activity"], r["measure"]): r for r in stored["rows"] if r["process"] == "ostolaskut"}
    groups = _groups(tree)
    assert groups
    for name, measures in groups.items():
        assert measures["Score"][:2] == [format_number(rows[(name, "score")][run], "en", 2) for run in (first, second)]
        assert measures["Rank"][:2] == [format_number(rows[(name, "rank")][run], "en") for run in (first, second)]
        # a robot candidate ranked in the top five, or else (a month's export rarely pays a robot) a step
        # a robot could do, by net saving, or the highest scores
        ranked = any(rows[(name, "rank")][run] is not None and rows[(name, "rank")][run] <= 5 for run in (first, second))
        assert ranked or rows[(name, "verdict")][second] != "already_automated"
    levels = {r.xpath("th")[0].text_content(): [td.text_content() for td in r.xpath("td")][:2]
              for r in tree.xpath("//table[@id='history-maturity']/tbody/tr")}
    assert levels["ostolaskut"] == [str(rows[("", "maturity_level")][run]) for run in (first, second)]
    assert levels["ostolaskut"][1] == str(two_runs["second"].maturity["ostolaskut"])

    code, out, err = _cli(["history", "--store", str(two_runs["store"])], capsys)  # the table a person reads
    assert code == 0, err
    name = next(iter(groups))
    line = next(line for line in out.splitlines() if name in line and " score " in f" {line} ")
    assert line.split()[-1] == f"{rows[(name, 'score')][second]:.2f}"


def test_the_report_rerendered_in_swedish_keeps_the_history(two_runs, tmp_path, capsys):
    folder = tmp_path / "results"
    shutil.copytree(two_runs["second"].output, folder)
    code, out, err = _cli(["report", str(folder), "--lang", "sv"], capsys)
    assert code == 0, err
    tree = _page(folder)
    section = tree.xpath("//section[@id='history']")[0]
    assert tree.get("lang") == "sv" and section.xpath("h2")[0].text_content() == "Historik"
    assert section.xpath(".//table[@id='history-candidates']/caption")[0].text_content() == \
        TEXTS["history_candidates_caption"]["sv"].format(top=5)
    heads = " ".join(th.text_content() for th in section.xpath(".//table[@id='history-candidates']/thead/tr/th"))
    assert two_runs["first"].run_id in heads and f"{two_runs['second'].run_id}(denna rapport)" in heads
    assert "Ändring sedan förra körningen" in heads
    assert section.xpath(".//svg/*[local-name()='title']")[0].text_content() == TEXTS["history_chart"]["sv"]
    assert [r.xpath("th")[0].text_content() for r in section.xpath(".//table[@id='history-maturity']/tbody/tr")][-1] \
        == "Hela organisationen"
