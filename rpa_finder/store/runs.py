# SPDX-License-Identifier: AGPL-3.0-or-later
"""Runs and their results in the store, and the history across runs (table and SVG chart).

A run is recorded twice, each time inside a transaction: when its events are imported (status
``imported``, with its inputs) and when its results folder is written (status ``ok``, with the
candidate rows and maturity levels).  A run that dies in between keeps its events - the next run
analyses them - but never shows in the history, which lists ``ok`` runs only.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Mapping, Sequence

import pandas as pd

__all__ = ["new_run_id", "start_run", "finish_run", "load_runs", "load_history", "history_document", "history_chart",
           "PendingRun", "HISTORY_MEASURES", "ORGANISATION", "REALISED_COLUMNS", "load_realised", "stored_estimates",
           "realised_chart"]

#: Candidate figures kept per run, in the order the history lists them.
HISTORY_MEASURES = ("score", "rank", "net_savings_eur_low", "net_savings_eur_mid", "net_savings_eur_high",
                    "savings_eur_low", "savings_eur_mid", "savings_eur_high", "hours_per_year", "verdict", "status")
#: The ``process`` of the organisation-wide maturity level.
ORGANISATION = "(organisation)"
_CANDIDATE_COLUMNS = ("activity", "kind", "status", "score", "rank", "hours_per_year", "savings_eur_low",
                      "savings_eur_mid", "savings_eur_high", "verdict", "net_savings_eur_low", "net_savings_eur_mid",
                      "net_savings_eur_high", "hours_per_year_low", "hours_per_year_high")
_NUMBERS = ("score", "hours_per_year", "savings_eur_low", "savings_eur_mid", "savings_eur_high", "net_savings_eur_low",
            "net_savings_eur_mid", "net_savings_eur_high", "hours_per_year_low", "hours_per_year_high")
#: Per run and deployed robot (``run_realised``): the estimate when the decision was taken beside what
#: the run measured (summary.json's ``deployed_robots``, flattened).
REALISED_COLUMNS = ("activity", "account", "go_live", "status", "estimated_low", "estimated_mid", "estimated_high",
                    "realised_low", "realised_mid", "realised_high", "hand_backs", "robot_share")
_INDEX = ["process", "kind", "activity", "measure"]


@dataclass(frozen=True)
class PendingRun:
    """A run's results before :func:`finish_run` records them, so that the run's own report shows its history.

    ``candidates`` and ``maturity`` are what ``finish_run`` will be given; the history built with a
    pending run holds exactly what ``rpa-finder history`` shows once the run is recorded.
    """

    run_id: str
    process: str
    candidates: pd.DataFrame
    maturity: Mapping[str, int]
    events_total: int
    cases_total: int
    #: summary.json's ``deployed_robots`` of the run (what ``finish_run`` records in ``run_realised``).
    realised: Sequence[Mapping[str, Any]] = ()


def new_run_id(con, now: datetime) -> str:
    """``20261128T041500Z``: sortable, readable, and unique in the store (``-2``, ``-3`` on a clash)."""
    base = now.strftime("%Y%m%dT%H%M%SZ")
    taken = {row[0] for row in con.execute("SELECT run_id FROM runs WHERE run_id LIKE ?", [base + "%"]).fetchall()}
    run_id, n = base, 1
    while run_id in taken:
        n += 1
        run_id = f"{base}-{n}"
    return run_id


def start_run(con, run_id: str, *, job: str, process: str, started_at: str, inputs: Sequence[Mapping[str, Any]]) -> None:
    """Record the run and its inputs (file name, sha256, events, new, duplicate); inside the import transaction."""
    con.execute("INSERT INTO runs (run_id, job, process, started_at, status, events_new, events_duplicate) "
                "VALUES (?, ?, ?, ?, 'imported', ?, ?)",
                [run_id, job, process, started_at, sum(int(i["new"]) for i in inputs),
                 sum(int(i["duplicate"]) for i in inputs)])
    for position, item in enumerate(inputs):
        con.execute("INSERT INTO run_inputs VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [run_id, position, item["file"], item["sha256"], int(item["events"]), int(item["new"]),
                     int(item["duplicate"])])


def _candidate_rows(run_id: str, process: str, candidates: pd.DataFrame) -> pd.DataFrame:
    """The candidate table as ``run_candidates`` holds it: one typed row per candidate."""
    rows = candidates.reindex(columns=list(_CANDIDATE_COLUMNS)).copy()
    rows.insert(0, "process", process)
    rows.insert(0, "run_id", run_id)
    rows["rank"] = pd.to_numeric(rows["rank"], errors="coerce").astype("Int64")
    for column in _NUMBERS:
        rows[column] = pd.to_numeric(rows[column], errors="coerce").astype("float64")
    for column in ("activity", "kind", "status", "verdict"):
        rows[column] = rows[column].astype("str")
    return rows.reset_index(drop=True)


def _realised_rows(run_id: str, process: str, robots: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """summary.json's ``deployed_robots`` as ``run_realised`` holds them: one typed row per robot."""
    def end(robot: Mapping[str, Any], key: str, which: str) -> float:
        span = robot.get(key) or {}
        value = span.get(which)
        return float("nan") if value is None else float(value)

    rows = pd.DataFrame([{"activity": str(r.get("activity")), "account": str(r.get("account")),
                          "go_live": r.get("go_live"), "status": str(r.get("status")),
                          **{f"{kind}_{which}": end(r, f"{kind}_hours_per_year", which)
                             for kind in ("estimated", "realised") for which in ("low", "mid", "high")},
                          "hand_backs": int(r.get("hand_backs") or 0),
                          "robot_share": float("nan") if r.get("robot_share") is None else float(r["robot_share"])}
                         for r in robots], columns=list(REALISED_COLUMNS))
    rows["go_live"] = pd.to_datetime(rows["go_live"]).dt.date
    rows.insert(0, "process", process)
    rows.insert(0, "run_id", run_id)
    return rows.astype({"hand_backs": "int64"})


def finish_run(con, run_id: str, *, finished_at: str, output: str, events_total: int, cases_total: int,
               candidates: pd.DataFrame, process: str, maturity: Mapping[str, int],
               realised: Sequence[Mapping[str, Any]] = ()) -> None:
    """Record the results of a run; call inside one transaction so that it lands whole or not at all.

    ``realised``: summary.json's ``deployed_robots`` (estimate and realised hours per deployed robot).
    """
    if realised:
        found = _realised_rows(run_id, process, realised)
        con.register("finished_realised", found)
        try:
            con.execute(f"INSERT INTO run_realised SELECT run_id, process, {', '.join(REALISED_COLUMNS)} "
                        "FROM finished_realised")
        finally:
            con.unregister("finished_realised")
    rows = _candidate_rows(run_id, process, candidates)
    columns = ", ".join(["run_id", "process", *_CANDIDATE_COLUMNS])
    con.register("finished_candidates", rows)
    try:
        con.execute(f"INSERT INTO run_candidates ({columns}) SELECT {columns} FROM finished_candidates")
    finally:
        con.unregister("finished_candidates")
    for name, level in maturity.items():
        con.execute("INSERT INTO run_maturity VALUES (?, ?, ?)", [run_id, name, int(level)])
    con.execute("UPDATE runs SET status = 'ok', finished_at = ?, output = ?, events_total = ?, cases_total = ? "
                "WHERE run_id = ?", [finished_at, output, int(events_total), int(cases_total), run_id])


_RUN_COLUMNS = ("run_id, job, process, started_at, finished_at, events_total, cases_total, events_new, "
                "events_duplicate, output")


def load_runs(con, process: str | None = None, *, pending: PendingRun | None = None) -> pd.DataFrame:
    """Finished runs, oldest first (run_id, job, process, started_at, finished_at, counts, output).

    ``pending``: also the run being written (its row as imported, with the totals it analysed).
    """
    where, params = ("AND process = ?", [process]) if process else ("", [])
    runs = con.execute(f"SELECT {_RUN_COLUMNS} FROM runs WHERE status = 'ok' {where} ORDER BY run_id", params).df()
    if pending is None:
        return runs
    runs = runs[runs["run_id"] != pending.run_id]
    row = con.execute(f"SELECT {_RUN_COLUMNS} FROM runs WHERE run_id = ?", [pending.run_id]).df()
    if row.empty:
        row = pd.DataFrame([{"run_id": pending.run_id, "process": pending.process}], columns=runs.columns)
    row = row.assign(events_total=pending.events_total, cases_total=pending.cases_total)
    frames = [frame for frame in (runs, row) if len(frame)]
    runs = pd.concat(frames, ignore_index=True).sort_values("run_id", ignore_index=True)
    counts = ["events_total", "cases_total", "events_new", "events_duplicate"]
    return runs.astype({c: "Int64" for c in counts})


def _long_history(con, ids: Sequence[str], process: str | None, pending: PendingRun | None) -> pd.DataFrame:
    """(run_id, process, kind, activity, measure, value): every recorded figure of the runs ``ids``."""
    stored = [i for i in ids if pending is None or i != pending.run_id]
    marks = ", ".join("?" * len(stored)) or "NULL"
    candidates = con.execute(f"SELECT run_id, process, {', '.join(_CANDIDATE_COLUMNS)} FROM run_candidates "
                             f"WHERE run_id IN ({marks})", stored).df()
    maturity = con.execute(f"SELECT run_id, process, level FROM run_maturity WHERE run_id IN ({marks})", stored).df()
    if pending is not None:
        candidates = pd.concat([candidates, _candidate_rows(pending.run_id, pending.process, pending.candidates)],
                               ignore_index=True)
        extra = pd.DataFrame({"run_id": pending.run_id, "process": list(pending.maturity),
                              "level": [int(v) for v in pending.maturity.values()]})
        maturity = pd.concat([maturity, extra], ignore_index=True)
    if process:
        candidates = candidates[candidates["process"] == process]
        maturity = maturity[maturity["process"].isin([process, ORGANISATION])]
    long = candidates.melt(id_vars=["run_id", "process", "kind", "activity"], value_vars=list(HISTORY_MEASURES),
                           var_name="measure").astype({"value": "object"})
    maturity = maturity.rename(columns={"level": "value"}).assign(kind="process", activity="",
                                                                   measure="maturity_level")
    long = pd.concat([long, maturity[long.columns].astype({"value": "object"})], ignore_index=True)
    long["value"] = long["value"].where(long["value"].notna(), None)
    return long.drop_duplicates(subset=[*_INDEX, "run_id"])


def load_history(con, process: str | None = None, *, pending: PendingRun | None = None) -> pd.DataFrame:
    """Wide history: one row per (process, kind, activity, measure), one column per finished run.

    Measures are :data:`HISTORY_MEASURES` for candidates, and ``maturity_level`` for each process
    (kind ``process``) and for the organisation (process :data:`ORGANISATION`).  A blank cell: the
    candidate was not in that run's table (or, for ``savings_eur_low``/``high``, the run was recorded
    before the store kept the range).  ``pending`` adds the run being written as the last column.
    """
    ids = load_runs(con, process, pending=pending)["run_id"].tolist()
    if not ids:
        return pd.DataFrame(columns=_INDEX)
    long = _long_history(con, ids, process, pending)
    if long.empty:
        return pd.DataFrame(columns=_INDEX)
    wide = long.set_index([*_INDEX, "run_id"])["value"].unstack("run_id")
    wide = wide.reindex(columns=[i for i in ids if i in wide.columns]).reset_index()
    wide.columns.name = None
    order = {m: n for n, m in enumerate((*HISTORY_MEASURES, "maturity_level"))}
    wide["_measure"] = wide["measure"].map(order)
    wide = wide.sort_values(["process", "kind", "activity", "_measure"], kind="stable", ignore_index=True)
    return wide.drop(columns="_measure")


def history_document(con, process: str | None = None, *, pending: PendingRun | None = None) -> dict[str, Any]:
    """``{"process", "runs", "rows"}``: :func:`load_runs` and :func:`load_history` as JSON data.

    The one shape of the history everywhere: ``rpa-finder history --json`` prints it (plus the store's
    name) and every run writes it as ``history.json`` into its results folder for the report
    (schema ``rpa_finder/data/schema/history.schema.json``).  Runs carry no output path.
    """
    from ..output.results import frame_records

    runs = load_runs(con, process, pending=pending).drop(columns=["output"])
    realised = load_realised(con, process, pending=pending)
    realised["go_live"] = realised["go_live"].map(lambda d: None if pd.isna(d) else pd.Timestamp(d).date().isoformat())
    return {"process": process, "runs": frame_records(runs),
            "rows": frame_records(load_history(con, process, pending=pending)),
            "realised": frame_records(realised)}


def load_realised(con, process: str | None = None, *, pending: PendingRun | None = None) -> pd.DataFrame:
    """Per finished run and deployed robot, oldest run first: ``run_id``, ``process`` and
    :data:`REALISED_COLUMNS` (the estimate at decision time beside the realised hours a year).
    ``pending`` adds the run being written."""
    where, params = ("AND r.process = ?", [process]) if process else ("", [])
    rows = con.execute(f"SELECT q.run_id, q.process, {', '.join('q.' + c for c in REALISED_COLUMNS)} "
                       "FROM run_realised q JOIN runs r ON r.run_id = q.run_id "
                       f"WHERE r.status = 'ok' {where} ORDER BY q.run_id, q.activity, q.account", params).df()
    if pending is not None and pending.realised:
        extra = _realised_rows(pending.run_id, pending.process, pending.realised)
        rows = pd.concat([frame for frame in (rows[rows["run_id"] != pending.run_id], extra) if len(frame)],
                         ignore_index=True)
        if rows.empty:
            return extra
    return rows.reset_index(drop=True)


def stored_estimates(con, process: str, go_lives: Mapping[str, Any]) -> dict[str, tuple[float, float, float]]:
    """The hours a year the store's runs estimated for each activity before its robot went live:
    ``go_lives`` maps activity -> go-live date (None: unknown).

    The last finished run started before the go-live; when there is none (the store began after it,
    or the go-live is unknown), the first finished run that scored the activity, the estimate nearest
    the decision that the store holds.  Runs recorded before the store kept the hours range get it from
    the savings range (savings are hours times a rate).
    """
    if not go_lives:
        return {}
    marks = ", ".join("?" * len(go_lives))
    table = con.execute(
        "SELECT c.activity, r.run_id, r.started_at, c.hours_per_year_low, c.hours_per_year, c.hours_per_year_high, "
        "c.savings_eur_low, c.savings_eur_mid, c.savings_eur_high FROM run_candidates c JOIN runs r "
        f"ON r.run_id = c.run_id WHERE r.status = 'ok' AND c.process = ? AND c.kind = 'activity' AND c.activity IN ({marks}) "
        "AND c.hours_per_year IS NOT NULL ORDER BY r.run_id", [process, *go_lives]).df()
    out = {}
    for activity, rows in table.groupby("activity", sort=False):  # a few deployed activities
        go_live = go_lives.get(activity)
        before = rows[pd.to_datetime(rows["started_at"], utc=True).dt.date < go_live] if go_live else rows.iloc[:0]
        row = (before if len(before) else rows.head(1)).iloc[-1]
        mid = float(row["hours_per_year"])
        ratio = (lambda end: float(row[f"savings_eur_{end}"]) / float(row["savings_eur_mid"])
                 if row["savings_eur_mid"] and pd.notna(row[f"savings_eur_{end}"]) else 1.0)
        low = row["hours_per_year_low"] if pd.notna(row["hours_per_year_low"]) else mid * ratio("low")
        high = row["hours_per_year_high"] if pd.notna(row["hours_per_year_high"]) else mid * ratio("high")
        out[str(activity)] = (float(low), mid, float(high))
    return out


def history_chart(frame: pd.DataFrame, *, top: int = 5, width: int = 720, height: int = 300,
                  title: str = "Score over runs", lang: str = "en") -> str:
    """A self-contained SVG line chart of the score over runs for the ``top`` candidates of the last run.

    ``frame`` is :func:`load_history`'s table.  The drawing is the report's own
    (:func:`rpa_finder.report.charts.draw_score_history`): no scripts, no links, a title and a
    description, each line with its own marker and a label at its end.
    """
    from ..report.history import standalone_chart

    runs = [c for c in frame.columns if c not in _INDEX]
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records") if len(frame) else []
    return standalone_chart(rows, runs, top=top, width=width, height=height, title=title, lang=lang)


def realised_chart(frame: pd.DataFrame, *, lang: str = "en") -> str:
    """A self-contained SVG of :func:`load_realised`'s rows: per run and robot, the estimate beside the
    realised hours a year, each with its range (the report's :func:`~rpa_finder.report.charts.draw_realised_hours`)."""
    from ..report.charts import draw_realised_hours

    bars = [(f"{row.activity} · {row.run_id}", (row.estimated_low, row.estimated_mid, row.estimated_high),
             (row.realised_low, row.realised_mid, row.realised_high)) for row in frame.itertuples(index=False)]
    return str(draw_realised_hours("realised-history", bars, lang).svg)
