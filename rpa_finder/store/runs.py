# SPDX-License-Identifier: AGPL-3.0-or-later
"""Runs and their results in the store, and the history across runs (table and SVG chart).

A run is recorded twice, each time inside a transaction: when its events are imported (status
``imported``, with its inputs) and when its results folder is written (status ``ok``, with the
candidate rows and maturity levels).  A run that dies in between keeps its events - the next run
analyses them - but never shows in the history, which lists ``ok`` runs only.
"""
from __future__ import annotations

import html
from datetime import datetime
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = ["new_run_id", "start_run", "finish_run", "load_runs", "load_history", "history_chart",
           "HISTORY_MEASURES", "ORGANISATION"]

#: Candidate figures kept per run, in the order the history lists them.
HISTORY_MEASURES = ("score", "rank", "savings_eur_mid", "hours_per_year", "status")
#: The ``process`` of the organisation-wide maturity level.
ORGANISATION = "(organisation)"
_CANDIDATE_COLUMNS = ("activity", "kind", "status", "score", "rank", "hours_per_year", "savings_eur_mid")


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


def finish_run(con, run_id: str, *, finished_at: str, output: str, events_total: int, cases_total: int,
               candidates: pd.DataFrame, process: str, maturity: Mapping[str, int]) -> None:
    """Record the results of a run; call inside one transaction so that it lands whole or not at all."""
    rows = candidates.reindex(columns=list(_CANDIDATE_COLUMNS)).copy()
    rows.insert(0, "process", process)
    rows.insert(0, "run_id", run_id)
    rows["rank"] = pd.to_numeric(rows["rank"], errors="coerce").astype("Int64")
    for column in ("score", "hours_per_year", "savings_eur_mid"):
        rows[column] = pd.to_numeric(rows[column], errors="coerce").astype("float64")
    for column in ("activity", "kind", "status"):
        rows[column] = rows[column].astype("str")
    con.register("finished_candidates", rows)
    try:
        con.execute("INSERT INTO run_candidates SELECT run_id, process, activity, kind, status, score, rank, "
                    "hours_per_year, savings_eur_mid FROM finished_candidates")
    finally:
        con.unregister("finished_candidates")
    for name, level in maturity.items():
        con.execute("INSERT INTO run_maturity VALUES (?, ?, ?)", [run_id, name, int(level)])
    con.execute("UPDATE runs SET status = 'ok', finished_at = ?, output = ?, events_total = ?, cases_total = ? "
                "WHERE run_id = ?", [finished_at, output, int(events_total), int(cases_total), run_id])


def load_runs(con, process: str | None = None) -> pd.DataFrame:
    """Finished runs, oldest first (run_id, job, process, started_at, finished_at, counts, output)."""
    where, params = ("AND process = ?", [process]) if process else ("", [])
    return con.execute(f"SELECT run_id, job, process, started_at, finished_at, events_total, cases_total, events_new, "
                       f"events_duplicate, output FROM runs WHERE status = 'ok' {where} ORDER BY run_id",
                       params).df()


def load_history(con, process: str | None = None) -> pd.DataFrame:
    """Wide history: one row per (process, kind, activity, measure), one column per finished run.

    Measures are :data:`HISTORY_MEASURES` for candidates, and ``maturity_level`` for each process
    (kind ``process``) and for the organisation (process :data:`ORGANISATION`).  A blank cell: the
    candidate was not in that run's table.
    """
    runs = load_runs(con, process)
    ids = runs["run_id"].tolist()
    index = ["process", "kind", "activity", "measure"]
    if not ids:
        return pd.DataFrame(columns=index)
    marks = ", ".join("?" * len(ids))
    candidates = con.execute(f"SELECT * FROM run_candidates WHERE run_id IN ({marks})", ids).df()
    if process:
        candidates = candidates[candidates["process"] == process]
    long = candidates.melt(id_vars=["run_id", "process", "kind", "activity"], value_vars=list(HISTORY_MEASURES),
                           var_name="measure").astype({"value": "object"})
    maturity = con.execute(f"SELECT run_id, process, level AS value FROM run_maturity WHERE run_id IN ({marks})",
                           ids).df()
    if process:
        maturity = maturity[maturity["process"].isin([process, ORGANISATION])]
    maturity = maturity.assign(kind="process", activity="", measure="maturity_level").astype({"value": "object"})
    long = pd.concat([long, maturity[long.columns]], ignore_index=True)
    long = long.drop_duplicates(subset=[*index, "run_id"])
    wide = long.set_index([*index, "run_id"])["value"].unstack("run_id")
    wide = wide.reindex(columns=[i for i in ids if i in wide.columns]).reset_index()
    wide.columns.name = None
    order = {m: n for n, m in enumerate((*HISTORY_MEASURES, "maturity_level"))}
    wide["_measure"] = wide["measure"].map(order)
    wide = wide.sort_values(["process", "kind", "activity", "_measure"], kind="stable", ignore_index=True)
    return wide.drop(columns="_measure")


_PALETTE = ("#1b6ca8", "#d1495b", "#edae49", "#00798c", "#6a4c93", "#3d3b8e", "#8f2d56", "#2e933c")


def history_chart(frame: pd.DataFrame, *, top: int = 5, width: int = 640, height: int = 320,
                  title: str = "Score over runs") -> str:
    """A self-contained SVG line chart of the score over runs for the ``top`` candidates of the last run.

    ``frame`` is :func:`load_history`'s table; the report embeds the text as it is (no scripts, no links).
    """
    runs = [c for c in frame.columns if c not in ("process", "kind", "activity", "measure")]
    scores = frame[frame["measure"] == "score"] if len(frame) else frame
    if not runs or scores.empty:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="40" role="img">'
                f'<text x="8" y="24" font-family="sans-serif" font-size="13">{html.escape(title)}: no runs yet</text></svg>')
    values = scores[runs].apply(pd.to_numeric, errors="coerce")
    last = values.ffill(axis=1).iloc[:, -1]
    chosen = last.sort_values(ascending=False, na_position="last").index[:top]
    left, right, upper, lower = 48, 190, 28, 40
    plot_w, plot_h = width - left - right, height - upper - lower
    high = float(np.nanmax(values.loc[chosen].to_numpy())) if values.loc[chosen].notna().any().any() else 1.0
    high = high if high > 0 else 1.0
    step = plot_w / max(len(runs) - 1, 1)

    def x(i: int) -> float:
        return left + (i * step if len(runs) > 1 else plot_w / 2)

    def y(v: float) -> float:
        return upper + plot_h * (1 - v / high)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" font-size="11">',
             f"<title>{html.escape(title)}</title>",
             f'<text x="{left}" y="16" font-size="13" font-weight="bold">{html.escape(title)}</text>',
             f'<line x1="{left}" y1="{upper + plot_h}" x2="{left + plot_w}" y2="{upper + plot_h}" stroke="#888"/>',
             f'<line x1="{left}" y1="{upper}" x2="{left}" y2="{upper + plot_h}" stroke="#888"/>']
    for fraction in (0.0, 0.5, 1.0):
        parts.append(f'<text x="{left - 6}" y="{y(high * fraction) + 4:.1f}" text-anchor="end">{high * fraction:.2f}</text>')
    for i, run in enumerate(runs):
        parts.append(f'<text x="{x(i):.1f}" y="{upper + plot_h + 16}" text-anchor="middle">{html.escape(str(run)[:15])}</text>')
    for n, row in enumerate(chosen):
        colour = _PALETTE[n % len(_PALETTE)]
        series = values.loc[row]
        points = [(x(i), y(float(v))) for i, v in enumerate(series) if pd.notna(v)]
        label = f"{scores.loc[row, 'activity']}"
        if len(points) > 1:
            parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="'
                         + " ".join(f"{px:.1f},{py:.1f}" for px, py in points) + '"/>')
        parts += [f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3" fill="{colour}"/>' for px, py in points]
        ly = upper + 14 * n + 6
        parts.append(f'<rect x="{width - right + 10}" y="{ly - 8}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{width - right + 24}" y="{ly + 1}">{html.escape(label[:28])}</text>')
    parts.append("</svg>")
    return "\n".join(parts)
