# SPDX-License-Identifier: AGPL-3.0-or-later
"""``rpa-finder history``: how candidates, savings, status and maturity moved across a store's runs."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import EXIT_CODES
from .options import progress

__all__ = ["history"]


@click.command()
@click.option("--store", "store", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The store (DuckDB file) of a scheduled job.")
@click.option("--process", default=None, help="Only this process [default: every process in the store].")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout (runs and rows).")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write history.csv, history.json and history.svg (and, with deployed robots, "
                   "realised.csv and realised.svg) into this folder.")
def history(store: Path, process: str | None, as_json: bool, output: Path | None):
    """Show each candidate's score, rank, savings and status, and each maturity level, per run (one column a run),
    and each deployed robot's estimated beside its realised hours a year, per run.

    The figures are those of each run's report (its History section reads the same rows from the
    run's history.json); --json and -o history.json follow rpa_finder/data/schema/history.schema.json.

    \b
    Exit codes: 0 ok; 73 output not writable, or the store stays busy; 78 not a store.
    """
    import pandas as pd

    from ..output.files import write_csv, write_json, write_text
    from ..store import history_chart, history_document, load_history, open_store
    from ..store.runs import load_realised, realised_chart

    with open_store(store, read_only=True) as con:
        document = history_document(con, process)
        table = load_history(con, process)
        realised = load_realised(con, process)
    data = {"store": store.name, **document}
    if output is not None:
        write_csv(table, output / "history.csv")
        write_json(data, output / "history.json")
        write_text(output / "history.svg", history_chart(table))
        if len(realised):
            write_csv(realised, output / "realised.csv")
            write_text(output / "realised.svg", realised_chart(realised))
        progress(f"wrote history.csv, history.json and history.svg{' (and realised.*)' if len(realised) else ''} "
                 f"to {output}")
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, default=str))
    elif table.empty:
        click.echo(f"{store.name}: no finished runs" + (f" of {process}" if process else ""))
    else:
        with pd.option_context("display.width", 200, "display.max_rows", 500, "display.max_columns", 50):
            click.echo(_rounded(table).to_string(index=False))
            if len(realised):
                click.echo("\nDeployed robots: estimated vs realised hours a year (low / mid / high)")
                click.echo(_realised_table(realised).to_string(index=False))
    return EXIT_CODES["ok"]


def _realised_table(realised):
    """One line per run and robot: the estimate and the realised hours as low / mid / high, share, hand-backs."""
    def span(row, kind):
        ends = [row[f"{kind}_{end}"] for end in ("low", "mid", "high")]
        return " / ".join("" if v is None or v != v else f"{float(v):.1f}" for v in ends)

    shown = realised[["run_id", "activity", "account", "go_live", "status"]].copy()
    shown["estimated_hours"] = [span(row, "estimated") for _, row in realised.iterrows()]  # a few robots x runs
    shown["realised_hours"] = [span(row, "realised") for _, row in realised.iterrows()]
    shown["robot_share"] = realised["robot_share"].map(lambda v: "" if v != v else f"{v:.0%}")
    shown["hand_backs"] = realised["hand_backs"]
    return shown


#: Decimals shown per measure: the report's (score 0.82, euros whole, hours to a tenth).
_DECIMALS = {"score": 2, "rank": 0, "savings_eur_low": 0, "savings_eur_mid": 0, "savings_eur_high": 0,
             "net_savings_eur_low": 0, "net_savings_eur_mid": 0, "net_savings_eur_high": 0,
             "hours_per_year": 1, "maturity_level": 0}


def _rounded(table):
    """The table as printed: each figure with the decimals the report shows, a blank where a run lacks it."""
    runs = [c for c in table.columns if c not in ("process", "kind", "activity", "measure")]
    shown = table.astype(object).copy()
    for index, row in table.iterrows():  # a loop per history row (candidates x measures), not per event
        decimals = _DECIMALS.get(row["measure"])
        for run in runs:
            value = row[run]
            if value is None or (isinstance(value, float) and value != value):
                shown.at[index, run] = ""
            elif decimals is not None:
                shown.at[index, run] = f"{float(value):.{decimals}f}"
    return shown
