# SPDX-License-Identifier: AGPL-3.0-or-later
"""``rpa-finder mine``: the process as it really runs: map, models, DFG, variants, statistics."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import EXIT_CODES
from .options import mapping_options, progress, read_options_from

__all__ = ["mine"]


@click.command()
@click.argument("log", type=click.Path(path_type=Path))
@mapping_options
@click.option("-o", "--output", "output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Results folder [default: reports/<log name>-mining].")
@click.option("--full-map", is_flag=True, help="Draw every activity and path, not only the frequent core.")
@click.option("--force", is_flag=True, help="Replace the results of an earlier run in the output folder.")
def mine(log: Path, output: Path | None, full_map: bool, force: bool, **kwargs):
    """Mine LOG: process map (SVG), BPMN and PNML models, dfg.csv, variants.csv, activities.csv, mining.json.

    \b
    The folder appears whole or not at all; a folder holding files rpa_finder did not write is never
    replaced.  Exit 65 when validation fails (errors, or warnings with --strict).
    """
    from ..analysis import read_log_preloading
    from ..mining.process import mine_process
    from ..output.folder import write_results_folder
    from ..output.results import build_ingest_files, build_mining_files, log_stem

    options = read_options_from(kwargs)
    output = output or Path("reports") / f"{log_stem(log)}-mining"
    progress(f"reading {log.name}")
    ingest = read_log_preloading(log, options, modules=("holidays", "pm4py"))
    if not ingest.report.passes(strict=options.strict):
        for line in ingest.report.summary_lines():
            click.echo(line, err=True)
        progress("validation failed; nothing written (run rpa-finder validate for details)")
        return EXIT_CODES["bad_data"]
    mined = mine_process(ingest.log, discover=True, progress=progress)
    files = build_ingest_files(ingest)
    files.update(build_mining_files(mined, full_map=full_map))
    progress(f"writing {output}")
    write_results_folder(output, files, command="mine", inputs=[log], force=force)
    summary = mined.summary()
    click.echo(f"{log.name}: {summary['events']:,} events, {summary['cases']:,} cases, "
               f"{summary['activities']:,} activities, {summary['variants']:,} variants")
    click.echo(f"results in {output}")
    return EXIT_CODES["ok"]
