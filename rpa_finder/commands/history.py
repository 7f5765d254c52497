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
              help="Also write history.csv, history.json and history.svg into this folder.")
def history(store: Path, process: str | None, as_json: bool, output: Path | None):
    """Show each candidate's score, rank, savings and status, and each maturity level, per run (one column a run).

    \b
    Exit codes: 0 ok; 73 output not writable, or the store stays busy; 78 not a store.
    """
    import pandas as pd

    from ..output.files import write_csv, write_json, write_text
    from ..output.results import frame_records
    from ..store import history_chart, load_history, load_runs, open_store

    with open_store(store, read_only=True) as con:
        runs = load_runs(con, process)
        table = load_history(con, process)
    data = {"store": store.name, "process": process, "runs": frame_records(runs.drop(columns=["output"])),
            "rows": frame_records(table)}
    if output is not None:
        write_csv(table, output / "history.csv")
        write_json(data, output / "history.json")
        write_text(output / "history.svg", history_chart(table))
        progress(f"wrote history.csv, history.json and history.svg to {output}")
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, default=str))
    elif table.empty:
        click.echo(f"{store.name}: no finished runs" + (f" of {process}" if process else ""))
    else:
        with pd.option_context("display.width", 200, "display.max_rows", 500, "display.max_columns", 50):
            click.echo(table.to_string(index=False))
    return EXIT_CODES["ok"]
