# SPDX-License-Identifier: AGPL-3.0-or-later
"""``rpa-finder validate``: read a log, check it, report what is in it and what is wrong."""
from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import EXIT_CODES
from .options import language_option, mapping_options, read_options_from, say
from .progress import set_language

__all__ = ["validate"]


@click.command()
@click.argument("log", type=click.Path(path_type=Path))
@mapping_options
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout instead of the summary.")
@click.option("--rejects", "rejects_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where dropped rows go [default: reports/<log name>.rejects.csv when there are any].")
@language_option("the summary, the failures and the error line (--json is the same in every language)")
def validate(log: Path, as_json: bool, rejects_path: Path | None, language: str | None, **kwargs):
    """Read LOG, check it, and report what is in it and what is wrong with it.

    The summary, the failures and the error line are in --lang (Finnish by default); --json is the same
    in every language.
    """
    set_language(language or "fi")  # validate reads no settings file: --lang, else Finnish
    lang = language or "fi"
    from ..ingest import read_log
    from ..output.files import write_csv

    options = read_options_from(kwargs)
    result = read_log(log, options)
    report = result.report
    written = None
    if len(result.rejects):
        written = rejects_path or Path("reports") / f"{log.name}.rejects.csv"
        write_csv(result.rejects, written)
    if as_json:
        data = report.to_dict()
        data["rejects_file"] = str(written) if written else None
        data["passed"] = report.passes(strict=options.strict)
        click.echo(json.dumps(data, ensure_ascii=False, default=str))
    else:
        for line in report.summary_lines(lang):
            click.echo(line)
        if written:
            say("rejects_written", lang, file=written)
    if not report.passes(strict=options.strict):
        if not as_json:
            for line in report.failure_lines(strict=options.strict, lang=lang):
                click.echo(line, err=True)
        return EXIT_CODES["bad_data"]
    return EXIT_CODES["ok"]
