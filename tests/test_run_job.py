# SPDX-License-Identifier: AGPL-3.0-or-later
"""``rpa-finder run`` and ``history`` as a scheduler runs them: real subprocesses where it matters."""
from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rpa_finder.cli import main
from rpa_finder.ingest import read_log
from rpa_finder.output.folder import verify_manifest
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
