# SPDX-License-Identifier: AGPL-3.0-or-later
"""``rpa-finder mine``: the process as it really runs: map, models, DFG, variants, statistics."""
from __future__ import annotations

from pathlib import Path

import click

from ..errors import EXIT_CODES
from .options import language_option, mapping_options, number, progress, read_options_from, say
from .progress import set_language

__all__ = ["mine"]


@click.command()
@click.argument("log", type=click.Path(path_type=Path))
@mapping_options
@click.option("-o", "--output", "output", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Results folder [default: reports/<log name>-mining].")
@click.option("--full-map", is_flag=True, help="Draw every activity and path, not only the frequent core.")
@click.option("--force", is_flag=True, help="Replace the results of an earlier run in the output folder.")
@language_option("the terminal output")
def mine(log: Path, output: Path | None, full_map: bool, force: bool, language: str | None, **kwargs):
    """Mine LOG: process map (SVG), BPMN and PNML models, dfg.csv, variants.csv, activities.csv, mining.json.

    \b
    The folder appears whole or not at all; a folder holding files rpa_finder did not write is never
    replaced.  Exit 65 when validation fails (errors, or warnings with --strict).
    """
    set_language(language or "fi")  # mine reads no settings file: --lang, else Finnish
    lang = language or "fi"
    from ..api import mine as mine_log
    from ..config import AnalysisConfig
    from ..errors import ValidationFailedError
    from ..output.results import log_stem

    options = read_options_from(kwargs)
    output = output or Path("reports") / f"{log_stem(log)}-mining"
    try:
        mining = mine_log(log, AnalysisConfig(read=options), full_map=full_map, progress=progress)
    except ValidationFailedError as exc:
        for line in exc.report.summary_lines(lang) + exc.report.failure_lines(strict=options.strict, lang=lang):
            click.echo(line, err=True)
        return EXIT_CODES["bad_data"]
    progress(f"writing {output}")
    mining.write(output, force=force)
    summary = mining.summary
    say("mine_summary", lang, name=log.name, events=number(summary["events"], lang), cases=number(summary["cases"], lang),
        activities=number(summary["activities"], lang), variants=number(summary["variants"], lang))
    say("results_folder", lang, folder=output)
    return EXIT_CODES["ok"]
