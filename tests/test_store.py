# SPDX-License-Identifier: AGPL-3.0-or-later
"""The run store: deduplication across overlapping exports, round trips, the key, the lock, history."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from lxml import etree

from rpa_finder.errors import ConfigError, OutputNotWritableError
from rpa_finder.eventlog import EventLog
from rpa_finder.ingest import read_log
from rpa_finder.samples import generate_log, write_finnish_csv
from rpa_finder.output.schema import check_document, load_schema
from rpa_finder.store import (PendingRun, count_events, finish_run, history_chart, history_document, import_events,
                              in_transaction, load_history, load_log, lock_store, open_store, start_run)
from rpa_finder.store.database import MIGRATIONS, SCHEMA_VERSION

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def stable_key(monkeypatch):
    monkeypatch.setenv("RPA_FINDER_KEY", "test-store-key")


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> dict[str, Path]:
    """Months 1-3 and 2-4 of one generated log, and their union (months 1-4), as Finnish CSV exports."""
    folder = tmp_path_factory.mktemp("exports")
    events, _ = generate_log("ostolaskut", cases=160, seed=11)
    month = events["Aikaleima"].dt.month
    return {"q1": write_finnish_csv(events[month.between(1, 3)], folder / "jan-mar.csv"),
            "q2": write_finnish_csv(events[month.between(2, 4)], folder / "feb-apr.csv"),
            "union": write_finnish_csv(events[month.between(1, 4)], folder / "jan-apr.csv")}


def _import(store: Path, *paths: Path, process: str = "ostolaskut") -> list:
    counts = []
    with open_store(store) as con:
        for n, path in enumerate(paths):
            with in_transaction(con):
                counts.append(import_events(con, process, read_log(path).log, f"run{n}"))
    return counts


def _keys(store: Path) -> set[str]:
    with open_store(store, read_only=True) as con:
        return {row[0] for row in con.execute("SELECT event_key FROM events").fetchall()}


def test_overlapping_exports_imported_twice_count_like_the_union_once(exports, tmp_path):
    overlapping = tmp_path / "overlap.duckdb"
    counts = _import(overlapping, exports["q1"], exports["q2"], exports["q1"], exports["q2"])
    union = tmp_path / "union.duckdb"
    _import(union, exports["union"])
    union_rows = read_log(exports["union"]).log.n_events
    with open_store(overlapping, read_only=True) as con:
        assert count_events(con, "ostolaskut")[0] == union_rows
    with open_store(union, read_only=True) as con:
        assert count_events(con, "ostolaskut")[0] == union_rows
    assert _keys(overlapping) == _keys(union)
    assert counts[1].duplicate > 0 and counts[1].new > 0  # the overlap (February, March) was recognised
    assert [c.new for c in counts[2:]] == [0, 0]  # importing both again adds nothing
    assert counts[2].duplicate == counts[2].events


def test_repeated_identical_rows_are_kept_as_often_as_one_export_holds_them(tmp_path):
    frame = pd.DataFrame({"case_id": ["a", "a", "a"], "activity": ["x", "x", "y"],
                          "timestamp": pd.to_datetime(["2026-01-01 10:00"] * 2 + ["2026-01-02 09:00"], utc=True)})
    log = EventLog.from_frame(frame)
    store = tmp_path / "s.duckdb"
    with open_store(store) as con:
        with in_transaction(con):
            first = import_events(con, "p", log, "r1")
        with in_transaction(con):
            again = import_events(con, "p", log, "r2")
        assert (first.new, again.new, again.duplicate) == (3, 0, 3)
        assert count_events(con, "p") == (3, 1)


def test_a_new_pseudonym_key_means_new_events(exports, tmp_path, monkeypatch):
    """Why a job refuses to run without a stable key: the same person gets another pseudonym."""
    store = tmp_path / "s.duckdb"
    _import(store, exports["q1"])
    monkeypatch.setenv("RPA_FINDER_KEY", "another-key")
    (counts,) = _import(store, exports["q1"])
    assert counts.new > 0.5 * counts.events


@pytest.mark.parametrize("sample", ["ostolaskut.csv", "rakennuslupa.xes", "varhaiskasvatus.csv"])
def test_stored_log_reads_back_as_ingest_gave_it(sample, tmp_path):
    original = read_log(REPO / "sample_logs" / sample).log
    store = tmp_path / "s.duckdb"
    with open_store(store) as con:
        with in_transaction(con):
            import_events(con, "p", original, "r1")
        back = load_log(con, "p", timezone=original.timezone)
    assert (back.n_events, back.n_cases, back.activities, back.resources) == (
        original.n_events, original.n_cases, original.activities, original.resources)
    assert back.has_start_timestamps == original.has_start_timestamps
    assert back.timestamp_precision == original.timestamp_precision
    key = ["case_id", "timestamp", "activity", "lifecycle"]
    a = original.events.sort_values(key, kind="stable").reset_index(drop=True)
    b = back.events.sort_values(key, kind="stable").reset_index(drop=True)
    for column in [c for c in a.columns if c != "source_row"]:
        left, right = a[column], b[column]
        if pd.api.types.is_float_dtype(left.dtype):
            np.testing.assert_allclose(left.to_numpy(), right.to_numpy(dtype="float64"), equal_nan=True)
        else:
            assert left.astype("object").where(left.notna(), None).tolist() == \
                right.astype("object").where(right.notna(), None).tolist(), column
    if len(original.cases.columns):
        assert sorted(back.cases.columns) == sorted(original.cases.columns)
        assert back.cases.sort_index().equals(original.cases.sort_index()[sorted(original.cases.columns)]) or \
            back.cases.sort_index()[sorted(back.cases.columns)].astype(str).equals(
                original.cases.sort_index()[sorted(original.cases.columns)].astype(str))


def test_event_key_is_the_md5_of_the_documented_text(tmp_path):
    frame = pd.DataFrame({"case_id": ["c1"], "activity": ["Kirjaa"], "timestamp": pd.to_datetime(["2026-03-01 08:00:00"], utc=True),
                          "Summa": [12.5], "Määrä": [3.0], "Kunta": ["Oulu"], "Kiire": [True],
                          "Eräpäivä": pd.to_datetime(["2026-03-15"], utc=True)})
    store = tmp_path / "s.duckdb"
    with open_store(store) as con:
        with in_transaction(con):
            import_events(con, "laskut", EventLog.from_frame(frame), "r1")
        (key,) = con.execute("SELECT event_key FROM events").fetchone()
    ns = 1772352000 * 10**9
    fields = ["laskut", "c1", "Kirjaa", str(ns), "complete", "\x00", "\x00"]  # attributes are not in the key
    assert key == hashlib.md5(("\x1f".join(fields) + "#0").encode("utf-8")).hexdigest()


def test_second_lock_waits_then_fails_with_exit_73_and_is_free_afterwards(tmp_path):
    store = tmp_path / "s.duckdb"
    messages = []
    with lock_store(store, 1):
        with pytest.raises(OutputNotWritableError, match=f"locked by process {os.getpid()}") as caught:
            with lock_store(store, 0.3, waiting=messages.append):
                pass
        assert caught.value.exit_code == 73
        assert messages and "waiting up to 0.3 s" in messages[0]
    with lock_store(store, 0):
        pass


def test_missing_store_folder_and_newer_schema_are_configuration_errors(tmp_path):
    with pytest.raises(ConfigError, match="folder does not exist"):
        open_store(tmp_path / "nowhere" / "s.duckdb").__enter__()
    store = tmp_path / "s.duckdb"
    with open_store(store) as con:
        assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)
        con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(ConfigError, match="newer than this rpa_finder"):
        open_store(store).__enter__()


def _candidates(scores: dict[str, float], status: dict[str, str] | None = None) -> pd.DataFrame:
    status = status or {}
    rows = [{"activity": a, "kind": "activity", "status": status.get(a, "candidate"), "score": s, "rank": n + 1,
             "hours_per_year": 10 * s, "savings_eur_low": 100 * s, "savings_eur_mid": 400 * s,
             "savings_eur_high": 1000 * s} for n, (a, s) in enumerate(scores.items())]
    return pd.DataFrame(rows)


RUNS = [("20260101T000000Z", {"Kirjaa": 0.9, "Arkistoi": 0.5, "Hyväksy": 0.4}, {}, 2),
        ("20260201T000000Z", {"Kirjaa": 0.7, "Arkistoi": 0.8, "Hyväksy": 0.4}, {"Hyväksy": "negligible"}, 3)]


def _record(con, run_id: str, scores, status, level) -> None:
    with in_transaction(con):
        start_run(con, run_id, job="j", process="laskut", started_at=run_id, inputs=[])
        finish_run(con, run_id, finished_at=run_id, output="/srv/results/" + run_id, events_total=1, cases_total=1,
                   candidates=_candidates(scores, status), process="laskut",
                   maturity={"laskut": level, "(organisation)": level})


def test_history_is_one_column_per_run_and_the_chart_draws_the_top_candidates(tmp_path):
    store = tmp_path / "s.duckdb"
    with open_store(store) as con:
        for run in RUNS:
            _record(con, *run)
        with in_transaction(con):  # a run that never finished is not history
            start_run(con, "20260301T000000Z", job="j", process="laskut", started_at="x", inputs=[])
        table = load_history(con, "laskut")
    assert list(table.columns) == ["process", "kind", "activity", "measure", "20260101T000000Z", "20260201T000000Z"]
    cell = table.drop(columns="kind").set_index(["process", "activity", "measure"])
    assert cell.loc[("laskut", "Arkistoi", "score")].tolist() == [0.5, 0.8]
    assert cell.loc[("laskut", "Hyväksy", "status")].tolist() == ["candidate", "negligible"]
    assert cell.loc[("laskut", "Kirjaa", "savings_eur_mid")].tolist() == [360.0, 280.0]
    assert cell.loc[("laskut", "Kirjaa", "savings_eur_low")].tolist() == [90.0, 70.0]
    assert cell.loc[("laskut", "Kirjaa", "savings_eur_high")].tolist() == [900.0, 700.0]
    assert cell.loc[("laskut", "", "maturity_level")].tolist() == [2, 3]
    assert cell.loc[("(organisation)", "", "maturity_level")].tolist() == [2, 3]
    svg = history_chart(table, top=2)
    root = etree.fromstring(svg.encode("utf-8"))
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.get("role") == "img" and root.find("s:title", ns).text == "Score over runs"
    assert "2 candidates over 2 runs" in root.find("s:desc", ns).text
    assert len(root.findall(".//s:polyline", ns)) == 2
    labels = [t.text for t in root.findall(".//s:text", ns)]
    assert "1. Kirjaa: 0.70" in labels and "2. Arkistoi: 0.80" in labels  # top 2 of the last run, last score
    assert not any("Hyväksy" in label for label in labels)
    assert "<script" not in svg and "href" not in svg


def test_a_run_sees_its_own_history_before_it_is_recorded(tmp_path):
    """history.json of a run's report == what ``history`` shows once the run is recorded."""
    store = tmp_path / "s.duckdb"
    run_id, scores, status, level = RUNS[1]
    with open_store(store) as con:
        _record(con, *RUNS[0])
        with in_transaction(con):
            start_run(con, run_id, job="j", process="laskut", started_at="2026-02-01T00:00:00+00:00",
                      inputs=[{"file": "feb.csv", "sha256": "0" * 64, "events": 9, "new": 4, "duplicate": 5}])
        pending = PendingRun(run_id=run_id, process="laskut", candidates=_candidates(scores, status),
                             maturity={"laskut": level, "(organisation)": level}, events_total=7, cases_total=3)
        before = history_document(con, "laskut", pending=pending)
        with in_transaction(con):
            finish_run(con, run_id, finished_at="2026-02-01T00:05:00+00:00", output="/srv/x", events_total=7,
                       cases_total=3, candidates=_candidates(scores, status), process="laskut",
                       maturity={"laskut": level, "(organisation)": level})
        after = history_document(con, "laskut")
    assert check_document(before, "history") == [] and check_document(after, "history") == []
    assert before["rows"] == after["rows"]
    assert [r["run_id"] for r in before["runs"]] == [RUNS[0][0], run_id]
    assert before["runs"][1] | {"finished_at": None} == after["runs"][1] | {"finished_at": None}
    assert (before["runs"][1]["events_total"], before["runs"][1]["events_new"]) == (7, 4)
    assert "/srv" not in str(after)  # no output path leaves the store


def test_history_schema_is_valid_draft_2020_12():
    schema = load_schema("history")
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(schema)


def test_a_version_1_store_is_migrated_and_keeps_its_history(tmp_path):
    import duckdb

    store = tmp_path / "old.duckdb"
    con = duckdb.connect(str(store))
    for statement in MIGRATIONS[1]:
        con.execute(statement)
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.execute("INSERT INTO runs (run_id, process, started_at, status, events_total, cases_total) "
                "VALUES ('20250101T000000Z', 'laskut', 'x', 'ok', 5, 2)")
    con.execute("INSERT INTO run_candidates VALUES ('20250101T000000Z', 'laskut', 'Kirjaa', 'activity', "
                "'candidate', 0.9, 1, 10.0, 360.0)")
    con.close()
    with open_store(store) as con:
        _record(con, *RUNS[1])
        table = load_history(con, "laskut")
    cell = table.drop(columns="kind").set_index(["process", "activity", "measure"])
    assert cell.loc[("laskut", "Kirjaa", "savings_eur_mid")].tolist() == [360.0, 280.0]
    low = cell.loc[("laskut", "Kirjaa", "savings_eur_low")].tolist()
    assert pd.isna(low[0]) and low[1] == 70.0  # recorded before the store kept the range


def test_an_attribute_read_as_integers_then_as_decimals_still_deduplicates(tmp_path):
    """A month with a missing value turns an integer column into floats; 3 and 3.0 are the same event."""
    base = {"case_id": ["a", "b"], "activity": ["x", "x"],
            "timestamp": pd.to_datetime(["2026-01-01 10:00", "2026-01-02 10:00"], utc=True)}
    as_int = EventLog.from_frame(pd.DataFrame({**base, "Ikä": [3, 4]}))
    as_float = EventLog.from_frame(pd.DataFrame({**base, "Ikä": [3.0, np.nan]}))
    store = tmp_path / "s.duckdb"
    with open_store(store) as con:
        for log in (as_float, as_int, as_float):
            with in_transaction(con):
                counts = import_events(con, "p", log, "r")
        assert (counts.new, counts.duplicate) == (0, 2)
        assert count_events(con, "p") == (2, 2)  # b with its age filled in a later month is the same event
        back = load_log(con, "p")
    assert back.events["Ikä"].dtype == "float64"


def _monthly(extra: bool) -> EventLog:
    frame = pd.DataFrame({"case_id": ["a", "a", "b", "b"], "activity": ["Kirjaa", "Hyväksy", "Kirjaa", "Kirjaa"],
                          "timestamp": pd.to_datetime(["2026-01-01 10:00", "2026-01-02 10:00", "2026-01-03 10:00",
                                                       "2026-01-03 10:00"], utc=True),
                          "resource": ["u1", "u2", "u1", "u1"], "Summa": [10.0, 10.0, 7.5, 7.5]})
    if extra:
        frame["Kustannuspaikka"] = ["K1", "K1", "K2", None]
    return EventLog.from_frame(frame)


def test_an_export_that_gains_or_loses_a_column_is_stored_once(tmp_path):
    """The same events exported without, then with, then again without an extra column: stored once,
    with the genuinely repeated event of case b kept twice."""
    store = tmp_path / "s.duckdb"
    with open_store(store) as con:
        seen = []
        for log in (_monthly(False), _monthly(True), _monthly(False)):
            with in_transaction(con):
                counts = import_events(con, "p", log, "r")
            seen.append((counts.new, counts.duplicate))
        assert seen == [(4, 0), (0, 4), (0, 4)]
        assert count_events(con, "p") == (4, 2)


def test_a_store_keyed_by_an_older_version_is_rekeyed(tmp_path):
    """Migration 4 recomputes the keys of stored events: the next import of the same export adds nothing."""
    store = tmp_path / "s.duckdb"
    with open_store(store) as con:
        with in_transaction(con):
            import_events(con, "p", _monthly(True), "r")
        con.execute("UPDATE events SET event_key = md5(event_key || 'old')")  # keys as an older version made
        con.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    with open_store(store) as con:
        with in_transaction(con):
            counts = import_events(con, "p", _monthly(False), "r2")
        assert (counts.new, counts.duplicate) == (0, 4)
