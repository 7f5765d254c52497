# SPDX-License-Identifier: AGPL-3.0-or-later
"""The ``rpa-finder`` command: a thin click shell over the library.

Each command parses its options, loads settings, calls one library function, writes, and exits with a
documented code (README "Exit codes").  Progress and logs go to stderr; stdout carries only what a
script reads.  Heavy imports (pandas, pm4py) happen inside the commands so that ``--help`` is instant.
"""
from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path

import click

from . import __version__
from .errors import EXIT_CODES, RpaFinderError

__all__ = ["cli", "main"]

MAPPING_OPTIONS = (
    ("--case", "case", "Column holding the case id (e.g. Asianumero)."),
    ("--activity", "activity", "Column holding the activity name (e.g. Toimenpide)."),
    ("--timestamp", "timestamp", "Column holding the event's (completion) time (e.g. Aikaleima)."),
    ("--resource", "resource", "Column holding who did it (e.g. Käsittelijä)."),
    ("--lifecycle", "lifecycle", "Column holding the lifecycle transition (start/complete)."),
    ("--start-timestamp", "start_timestamp", "Column holding the step's start time, if any."),
    ("--date-format", "date_format", "strptime format of the timestamps (e.g. %d.%m.%Y %H:%M), or iso, or excel."),
    ("--timezone", "timezone", "Time zone of times written without an offset [default: Europe/Helsinki]."),
    ("--delimiter", "delimiter", "CSV delimiter (sniffed when not given)."),
    ("--encoding", "encoding", "CSV encoding: utf-8, utf-8-sig or cp1252 (sniffed when not given)."),
    ("--decimal", "decimal", "Decimal separator of numbers in a CSV: , or . (sniffed when not given)."),
    ("--sheet", "sheet", "Excel sheet to read [default: the first]."),
)


def mapping_options(command):
    """The options every command that reads a log shares, plus --profile and --strict."""
    for flag, name, help_text in reversed(MAPPING_OPTIONS):
        command = click.option(flag, name, default=None, metavar="TEXT", help=help_text)(command)
    command = click.option("--profile", type=click.Path(dir_okay=False, path_type=Path), default=None,
                           help="Mapping profile (TOML) for an export that recurs; flags override it.")(command)
    command = click.option("--strict", is_flag=True, default=None,
                           help="Fail (exit 65) on data-quality warnings too, for scheduled jobs.")(command)
    command = click.option("--keep-resource-names", is_flag=True, default=False,
                           help="Do not pseudonymise resources (only where the law and your staff agree).")(command)
    return command


def read_options_from(kwargs: dict):
    """Defaults < profile < flags: pop the mapping options out of a command's kwargs."""
    from .settings import ReadOptions, load_profile

    profile = kwargs.pop("profile", None)
    options = load_profile(profile) if profile else ReadOptions()
    overrides = {name: kwargs.pop(name, None) for _, name, _ in MAPPING_OPTIONS}
    overrides["strict"] = kwargs.pop("strict", None)
    if kwargs.pop("keep_resource_names", False):
        overrides["pseudonymise_resources"] = False
    return options.with_overrides(**overrides)


def progress(message: str) -> None:
    click.echo(f"rpa-finder: {message}", err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="rpa-finder")
def cli():
    """Find where software robots pay off, from case-management event logs.

    \b
    Exit codes: 0 ok, 1 a bug, 2 usage, 65 bad data, 66 input missing or unreadable,
    73 output not writable, 78 bad configuration.
    """


@cli.command()
@click.argument("log", type=click.Path(path_type=Path))
@mapping_options
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout instead of the summary.")
@click.option("--rejects", "rejects_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where dropped rows go [default: reports/<log name>.rejects.csv when there are any].")
def validate(log: Path, as_json: bool, rejects_path: Path | None, **kwargs):
    """Read LOG, check it, and report what is in it and what is wrong with it."""
    from .ingest import read_log
    from .output.files import write_csv

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
        for line in report.summary_lines():
            click.echo(line)
        if written:
            click.echo(f"  dropped rows written to {written}")
    if not report.passes(strict=options.strict):
        if not as_json:
            reason = "errors" if report.errors else "warnings with --strict"
            progress(f"validation failed ({reason})")
        return EXIT_CODES["bad_data"]
    return EXIT_CODES["ok"]


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the command and turn every failure into one line and a documented exit code."""
    debug = bool(os.environ.get("RPA_FINDER_DEBUG"))
    try:
        code = cli.main(args=argv, prog_name="rpa-finder", standalone_mode=False)
    except click.exceptions.Exit as exc:  # --help, --version
        code = exc.exit_code
    except click.ClickException as exc:  # usage errors: click's own one-line message
        exc.show()
        code = exc.exit_code
    except click.exceptions.Abort:
        click.echo("rpa-finder: aborted", err=True)
        code = 130
    except RpaFinderError as exc:
        if debug:
            raise
        click.echo(f"rpa-finder: error: {exc}", err=True)
        code = exc.exit_code
    except KeyboardInterrupt:
        click.echo("rpa-finder: interrupted", err=True)
        code = 130
    except BaseException as exc:  # noqa: BLE001 - a bug: one line, exit 1, traceback on request
        if debug or isinstance(exc, SystemExit):
            raise
        message = " ".join(str(exc).split())[:300]
        click.echo(f"rpa-finder: internal error (a bug; please report it): {exc.__class__.__name__}: {message}; "
                   "rerun with RPA_FINDER_DEBUG=1 for a traceback", err=True)
        code = EXIT_CODES["bug"]
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
