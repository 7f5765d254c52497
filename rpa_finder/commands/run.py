# SPDX-License-Identifier: AGPL-3.0-or-later
"""``rpa-finder run``: one unattended, scheduled run of a job file (docs/scheduled-runs.md)."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import EXIT_CODES
from .options import progress
from .progress import set_language

__all__ = ["run"]


@click.command()
@click.option("--config", "config_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Job file (TOML): [job] name, store, inputs, output, plus the analysis settings.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout: run id, inputs, counts, output.")
def run(config_path: Path, as_json: bool):
    """Import new exports into the job's store and analyse everything stored; never prompts.

    \b
    Each run writes <output>/<run id>/ whole or not at all and records its results in the store.
    Exit codes: 0 ok; 65 an input failed validation (nothing stored); 66 an input is missing;
    73 the store is locked by another run past lock_timeout_seconds, or output not writable;
    78 the job file is wrong, or no stable privacy key (RPA_FINDER_KEY) is set.

    Its stderr stays English whatever the job's [report] language: cron mail and log monitors match
    those lines (``rpa-finder: error:``), so they keep one fixed wording (README "Commands").
    """
    set_language("en")  # on purpose, see above
    from ..jobs import load_job, run_job

    job = load_job(config_path)
    outcome = run_job(job, progress=progress)
    if as_json:
        click.echo(json.dumps(outcome.to_dict(), ensure_ascii=False, default=str))
    else:
        click.echo(f"run {outcome.run_id}: {outcome.events_new:,} new events, {outcome.events_duplicate:,} already "
                   f"stored; {outcome.events_total:,} events in {outcome.cases_total:,} cases analysed")
        for name, level in outcome.maturity.items():
            click.echo(f"  maturity level of {name}: {level}")
        click.echo(f"results in {outcome.output}")
    return EXIT_CODES["ok"]
